#include "model/profile.hpp"

#include "model/ai_job_queue.hpp"
#include "model/compute_provider_registry.hpp"
#include "model/contract_kind.hpp"
#include "model/data_nft_registry.hpp"
#include "model/mev_protection.hpp"
#include "model/payment_escrow.hpp"
#include "model/phala_job_processor.hpp"

namespace meshcheck::model {

const ContractSpec* Profile::contract(std::string_view contract_name) const {
  for (auto* c : contracts)
    if (c->name == contract_name) return c;
  return nullptr;
}

std::vector<const ContractSpec*> Profile::builds_of(std::string_view contract_name) const {
  std::vector<const ContractSpec*> out;
  for (auto* c : builds)
    if (c->name == contract_name) out.push_back(c);
  return out;
}

const ContractSpec* Profile::build_with_hash(std::string_view contract_name, std::string_view code_hash) const {
  for (auto* c : builds)
    if (c->name == contract_name && !c->code_hash.empty() && c->code_hash == code_hash) return c;
  return nullptr;
}

const ContractSpec* Profile::build_for(std::string_view contract_name, AddressKind kind) const {
  for (auto* c : builds)
    if (c->name == contract_name && c->address_kind() == kind) return c;
  return nullptr;
}

const Profile& deployed_profile() {
  using enum ContractKind;
  static constexpr PerContract<const ContractSpec& (*)()> kSpecs{{
      {kAiJobQueue, &deployed::ai_job_queue::spec},
      {kPaymentEscrow, []() -> const ContractSpec& { return deployed::payment_escrow::spec(); }},
      {kComputeProviderRegistry, &deployed::compute_provider_registry::spec},
      {kDataNftRegistry, &deployed::data_nft_registry::spec},
      {kPhalaJobProcessor, &deployed::phala_job_processor::spec},
      {kMevProtection, &deployed::mev_protection::spec},
  }};
  static const Profile p = [] {
    Profile out{"deployed", gather(kSpecs), {}};
    out.builds = out.contracts;
    // payment_escrow's other build (model/payment_escrow.hpp declares its builds).
    for (auto build : deployed::payment_escrow::kAllBuilds)
      if (build != deployed::payment_escrow::kDeployedBuild) out.builds.push_back(&deployed::payment_escrow::spec(build));
    return out;
  }();
  return p;
}

// find_profile and profile_names are in model/profiles.cpp, which knows both profiles.

}  // namespace meshcheck::model
