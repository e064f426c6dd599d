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

const Profile& deployed_profile() {
  using enum ContractKind;
  static constexpr PerContract<const ContractSpec& (*)()> kSpecs{{
      {kAiJobQueue, &deployed::ai_job_queue::spec},
      {kPaymentEscrow, &deployed::payment_escrow::spec},
      {kComputeProviderRegistry, &deployed::compute_provider_registry::spec},
      {kDataNftRegistry, &deployed::data_nft_registry::spec},
      {kPhalaJobProcessor, &deployed::phala_job_processor::spec},
      {kMevProtection, &deployed::mev_protection::spec},
  }};
  static const Profile p{"deployed", gather(kSpecs)};
  return p;
}

const Profile* find_profile(std::string_view name) {
  if (name == "deployed") return &deployed_profile();
  return nullptr;
}

std::vector<std::string> profile_names() { return {"deployed"}; }

}  // namespace meshcheck::model
