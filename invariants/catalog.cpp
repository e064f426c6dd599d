#include <algorithm>

#include <stdexcept>

#include "invariants/invariant.hpp"
#include "invariants/spec/spec.hpp"
#include "model/contract_kind.hpp"

namespace meshcheck::invariants {

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::State: return "state";
    case Kind::Transition: return "transition";
    case Kind::Messages: return "messages";
    case Kind::TwoRun: return "two-run";
  }
  return "?";
}

bool Findings::wants(std::string_view id) const {
  return only_.empty() || std::find(only_.begin(), only_.end(), id) != only_.end();
}

U256 balance_in(const model::World& world, const Address& address) {
  return world.balance(address).value_or(U256(0));
}

const std::vector<const ContractInvariants*>& contract_invariants() {
  using enum model::ContractKind;
  static constexpr model::PerContract<const ContractInvariants& (*)()> kInvariantsOf{{
      {kAiJobQueue, &ai_job_queue_invariants},
      {kPaymentEscrow, &payment_escrow_invariants},
      {kComputeProviderRegistry, &compute_provider_registry_invariants},
      {kDataNftRegistry, &data_nft_registry_invariants},
      {kPhalaJobProcessor, &phala_job_processor_invariants},
      {kMevProtection, &mev_protection_invariants},
  }};
  static const std::vector<const ContractInvariants*> all = model::gather(kInvariantsOf);
  return all;
}

const ContractInvariants* invariants_of(std::string_view contract_name) {
  for (auto* ci : contract_invariants())
    if (ci->contract == contract_name) return ci;
  return nullptr;
}

bool Invariant::in_profile(std::string_view profile) const {
  return std::find(profiles.begin(), profiles.end(), profile) != profiles.end();
}

const std::string& Invariant::statement_in(std::string_view profile) const {
  for (auto& r : restated)
    if (r.profile == profile) return r.statement;
  return statement;
}

const std::string& Invariant::why_in(std::string_view profile) const {
  for (auto& r : restated)
    if (r.profile == profile) return r.why_it_matters;
  return why_it_matters;
}

// The deployed catalog, then the spec profile's modules merged in by ID: an ID the spec
// keeps unchanged gains the profile; one it restates gains the profile and its own
// statement (same kind, else the catalog is inconsistent); a new ID is appended.
const std::vector<Invariant>& catalog() {
  static const std::vector<Invariant> all = [] {
    std::vector<Invariant> out = global_invariants();
    for (auto* ci : contract_invariants()) out.insert(out.end(), ci->invariants.begin(), ci->invariants.end());
    auto find = [&](const std::string& id) -> Invariant* {
      for (auto& i : out)
        if (i.id == id) return &i;
      return nullptr;
    };
    for (const spec::SpecModule* m : spec::modules()) {
      for (auto& id : m->unchanged) {
        Invariant* i = find(id);
        if (!i || i->in_profile("spec"))
          throw std::logic_error("catalog: spec keeps " + id + " unchanged, but it is " +
                                 (i ? "already in the spec profile" : "not in the catalog"));
        i->profiles.push_back("spec");
      }
      for (auto& s : m->stated) {
        if (s.profiles != std::vector<std::string>{"spec"})
          throw std::logic_error("catalog: the spec module's " + s.id + " must have profiles {\"spec\"}");
        if (Invariant* i = find(s.id)) {
          if (i->in_profile("spec") || i->kind != s.kind)
            throw std::logic_error("catalog: spec restates " + s.id + " twice or with another kind");
          i->profiles.push_back("spec");
          i->restated.push_back({"spec", s.statement, s.why_it_matters});
        } else {
          out.push_back(s);
        }
      }
    }
    return out;
  }();
  return all;
}

std::vector<const Invariant*> catalog_of(std::string_view profile) {
  std::vector<const Invariant*> out;
  for (auto& i : catalog())
    if (i.in_profile(profile)) out.push_back(&i);
  return out;
}

std::vector<smt::SymInvariant> predicates_of(std::string_view contract_name, z3::context& c) {
  std::vector<smt::SymInvariant> all;
  if (const ContractInvariants* ci = invariants_of(contract_name)) all = ci->predicates(c);
  for (auto& p : world_predicates()) all.push_back(std::move(p));
  return all;
}

const Invariant* find_invariant(std::string_view id) {
  for (auto& i : catalog())
    if (i.id == id) return &i;
  return nullptr;
}

}  // namespace meshcheck::invariants
