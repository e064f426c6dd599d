// ai_job_queue's table (spec §3.1): each message once, with its argument labels; its
// events with their fields; the names of its records and enums.
#include "model/spec/bridge/table.hpp"

namespace meshcheck::model::spec::bridge {

template <> struct RecordInfo<Job<Concrete>> {
  static constexpr std::string_view kName = "Job";
  static constexpr std::array<std::string_view, 16> kFields{
      "id",       "owner",  "model_ref",         "data_ref", "data_nft",        "compute_type",
      "budget",   "price",  "penalty",           "status",   "assigned_provider", "deadline",
      "submitted_block", "privacy_required", "confidential_id", "result_hash"};
};
template <> struct EnumInfo<JobStatus> {
  static constexpr std::string_view kName = "JobStatus";
  static constexpr std::array<std::string_view, 8> kVariants{"Registered", "Assigned",  "InProgress", "Completed",
                                                             "Disputed",   "Cancelled", "Expired",    "Failed"};
};

namespace {
using A = Address;
constexpr EnumTable<QueueEvent, EventDecl> kEvents{{
    {QueueEvent::kJobSubmitted,
     event<u128, A, u128, bool>({{"job_id", kTopic}, {"owner", kTopic}, {"budget"}, {"privacy_required"}})},
    {QueueEvent::kJobAssigned, event<u128, A, u128>({{"job_id", kTopic}, {"provider", kTopic}, {"price"}})},
    {QueueEvent::kJobStatusChanged, event<u128, JobStatus>({{"job_id", kTopic}, {"new_status"}})},
    {QueueEvent::kJobCompleted, event<u128, A, Hash32>({{"job_id", kTopic}, {"provider", kTopic}, {"result_hash"}})},
    {QueueEvent::kJobCancelled, event<u128>({{"job_id", kTopic}})},
    {QueueEvent::kJobExpired, event<u128>({{"job_id", kTopic}})},
    {QueueEvent::kJobDisputed, event<u128>({{"job_id", kTopic}})},
    {QueueEvent::kDisputeResolved, event<u128, bool>({{"job_id", kTopic}, {"provider_wins"}})},
}};

std::shared_ptr<ContractState> construct(const CallEnv& env, Args args) {
  return std::make_shared<SpecState<AiJobQueue>>(ai_job_queue::construct<Concrete>(
      env.caller, from_value<Wiring<Concrete>>(args[0]), from_value<u128>(args[1])));
}
}  // namespace

const SpecTable& ai_job_queue_table() {
  static const SpecTable& t = []() -> const SpecTable& {
    using namespace ai_job_queue;
    using E = QueueError;
    SpecTable& t = *new_table<AiJobQueue>({wiring_arg(), {"min_budget", types::u128()}}, &construct, kEvents);
    add<SubmitJob>(t, kMutates, {"model_ref", "data_ref", "data_nft", "compute_type", "deadline", "privacy_required",
                                 "encrypted_payload", "public_key"});
    add<AssignProvider>(t, kMutates, {"job_id", "provider"});
    add<MarkInProgress>(t, kMutates, {"job_id"});
    add<MarkCompleted>(t, kMutates, {"job_id", "result_hash"});
    add<CompleteAttested>(t, kMutates, {"job_id", "confidential_id", "result_hash"});
    add<CancelJob>(t, kMutates, {"job_id"});
    add<ExpireJob>(t, kMutates, {"job_id"});
    add<DisputeJob>(t, kMutates, {"job_id"});
    add<ResolveDispute>(t, kMutates, {"job_id", "provider_wins"});
    add<SetMinBudget>(t, kMutates, {"new"});  // spec §9 C7
    add<GetJob>(t, kReads, {"job_id"});
    add<GetJobCounter>(t, kReads);
    add<GetMinBudget>(t, kReads);
    add<GetAdmin>(t, kReads);
    // Branches: the errors each message can return, in guard order, then its ok paths.
    branches<SubmitJob>(
        t,
        {E::kValueTooLarge, E::kBudgetTooLow, E::kInvalidDeadline, E::kPrivateNeedsTee, E::kUnexpectedPayload,
         E::kCalleeFailed, E::kNoDataAccess, E::kConfidentialDataNeedsPrivacy, E::kIdsExhausted},
        {{"ok (public)",
          [](const FrameShape& s) { return !s.calls("route_confidential_job") && !s.calls("verify_data_access"); }},
         {"ok (public, data NFT)", [](const FrameShape& s) { return !s.calls("route_confidential_job"); }},
         {"ok (private)", [](const FrameShape& s) { return !s.calls("verify_data_access"); }},
         {"ok (private, data NFT)"}});
    branches<AssignProvider>(t, {E::kNoSuchJob, E::kNotOwner, E::kWrongStatus, E::kDeadlinePassed, E::kCalleeFailed,
                                 E::kNoSuchBid, E::kNotAProvider, E::kProviderNotEligible, E::kMissingCapability,
                                 E::kBidAboveBudget, E::kSlaExceedsDeadline});
    branches<MarkInProgress>(t, {E::kNoSuchJob, E::kNotAssignedProvider, E::kWrongStatus, E::kDeadlinePassed});
    branches<MarkCompleted>(t, {E::kNoSuchJob, E::kNotAssignedProvider, E::kWrongStatus, E::kAttestationRequired,
                                E::kDeadlinePassed, E::kInvalidResultHash});
    branches<CompleteAttested>(t, {E::kNotProcessor, E::kNoSuchJob, E::kNotPrivate, E::kNotLinked, E::kWrongStatus,
                                   E::kDeadlinePassed, E::kInvalidResultHash});
    branches<CancelJob>(t, {E::kNoSuchJob, E::kNotOwner, E::kWrongStatus, E::kCalleeFailed});
    branches<ExpireJob>(t, {E::kNoSuchJob, E::kWrongStatus, E::kDeadlineNotReached, E::kCalleeFailed});
    branches<DisputeJob>(
        t, {E::kNoSuchJob, E::kNotOwner, E::kWrongStatus, E::kCalleeFailed, E::kAlreadyPaid},
        {{"ok (in progress)", [](const FrameShape& s) { return !s.calls("get_escrow"); }}, {"ok (completed, unpaid)"}});
    branches<ResolveDispute>(t, {E::kNotAdmin, E::kNoSuchJob, E::kWrongStatus, E::kCalleeFailed},
                             {{"ok (provider paid)", [](const FrameShape& s) { return s.calls("release_payment"); }},
                              {"ok (refunded)", [](const FrameShape& s) { return s.calls("refund_payment"); }},
                              {"ok (dismissed, back in progress)"}});
    branches<SetMinBudget>(t, {E::kNotAdmin});
    return t;
  }();
  return t;
}

}  // namespace meshcheck::model::spec::bridge
