#include "reports/lifecycle.hpp"

#include "model/contract_kind.hpp"

namespace meshcheck::reports {

// Read off model/<contract>.cpp (the deployed profile), in the profile's order.
const std::vector<Lifecycle>& lifecycles() {
  using enum model::ContractKind;
  auto name = [](model::ContractKind kind) { return std::string(model::contract_name(kind)); };
  static const std::vector<Lifecycle> all{
      {name(kAiJobQueue),
       "job (JobStatus)",
       {{"Registered", 0, 0}, {"Assigned", 1, 0}, {"InProgress", 2, 0}, {"Completed", 3, 0}, {"Cancelled", 1, 1}},
       {{"", "Registered", "submit_job"},
        {"Registered", "Assigned", "assign_provider"},
        {"Assigned", "InProgress", "mark_in_progress"},
        {"InProgress", "Completed", "mark_completed"},
        {"Registered", "Cancelled", "cancel_job"},
        {"Assigned", "Cancelled", "cancel_job"},
        {"InProgress", "Cancelled", "cancel_job"},
        {"Cancelled", "Cancelled", "cancel_job (again)"}}},
      {name(kPaymentEscrow),
       "escrow",
       {{"Open", 0, 0}, {"Released", 1, 0}, {"Refunded", 1, 1}},
       {{"", "Open", "deposit_for_job"},
        {"Open", "Open", "set_provider"},
        {"Open", "Released", "release_to_provider"},
        {"Open", "Refunded", "refund_to_owner"},
        {"Released", "Open", "deposit_for_job (over it)"},
        {"Refunded", "Open", "deposit_for_job (over it)"}}},
      {name(kComputeProviderRegistry),
       "provider",
       {{"Active", 0, 0}, {"Inactive", 1, 0}},
       {{"", "Active", "register_provider"},
        {"Active", "Inactive", "set_active(false)"},
        {"Inactive", "Active", "set_active(true)"},
        {"Active", "Active", "add_stake, update_provider, withdraw_stake (admin)"},
        {"Inactive", "Inactive", "add_stake, update_provider, withdraw_stake"}}},
      {name(kDataNftRegistry),
       "token",
       {{"Live", 0, 0}, {"Burnt", 1, 0}},
       {{"", "Live", "mint"},
        {"Live", "Live", "transfer, approve, grant/revoke_access, update_*"},
        {"Live", "Burnt", "burn (owner or admin)"}}},
      {name(kPhalaJobProcessor),
       "confidential job",
       {{"Submitted", 0, 0}, {"Attested", 1, 0}, {"Processed", 2, 0}},
       {{"", "Submitted", "submit_confidential_job"},
        {"Submitted", "Attested", "record_attestation"},
        {"Attested", "Attested", "record_attestation (overwrites)"},
        {"Attested", "Processed", "mark_job_processed"},
        {"Processed", "Processed", "record_attestation, mark_job_processed"}}},
      {name(kMevProtection),
       "intent (IntentStatus)",
       {{"Pending", 0, 0}, {"Batched", 1, 0}, {"Executed", 2, 0}, {"Failed", 2, 1, true}, {"Cancelled", 0, 1, true}},
       {{"", "Pending", "submit_intent"},
        {"Pending", "Batched", "create_batch"},
        {"Batched", "Batched", "create_batch (re-batched)"},
        {"Batched", "Executed", "execute_batch"},
        {"Executed", "Executed", "execute_batch (again)"},
        {"Executed", "Batched", "create_batch (re-batched)"}}},
  };
  return all;
}

}  // namespace meshcheck::reports
