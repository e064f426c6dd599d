#include <algorithm>

#include "invariants/invariant.hpp"
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

const std::vector<Invariant>& catalog() {
  static const std::vector<Invariant> all = [] {
    std::vector<Invariant> out = global_invariants();
    for (auto* ci : contract_invariants()) out.insert(out.end(), ci->invariants.begin(), ci->invariants.end());
    return out;
  }();
  return all;
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
