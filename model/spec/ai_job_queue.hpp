// ai_job_queue, profile `spec` (../shared/spec-profile.md §3.1): its state, Job record,
// errors, events and reads, which the contracts it calls read back (escrow, registry,
// phala). Its mutating messages, which call them, are in ai_job_queue_messages.hpp.
#pragma once

#include "model/spec/common.hpp"

namespace meshcheck::model::spec {

enum class JobStatus : u8 { Registered, Assigned, InProgress, Completed, Disputed, Cancelled, Expired, Failed };

enum class QueueError : unsigned {
  kValueTooLarge, kBudgetTooLow, kInvalidDeadline, kPrivateNeedsTee, kUnexpectedPayload, kNoDataAccess,
  kConfidentialDataNeedsPrivacy, kIdsExhausted, kNoSuchJob, kNotOwner, kNotAssignedProvider, kWrongStatus,
  kDeadlinePassed, kDeadlineNotReached, kNoSuchBid, kNotAProvider, kProviderNotEligible, kMissingCapability,
  kBidAboveBudget, kSlaExceedsDeadline, kAttestationRequired, kNotPrivate, kNotLinked, kInvalidResultHash,
  kNotProcessor, kNotAdmin, kAlreadyPaid, kOverflow, kCalleeFailed, kCount,
};
constexpr ErrorNames<QueueError> error_names(QueueError) {
  using enum QueueError;
  return {{
      {kValueTooLarge, "ValueTooLarge"}, {kBudgetTooLow, "BudgetTooLow"}, {kInvalidDeadline, "InvalidDeadline"},
      {kPrivateNeedsTee, "PrivateNeedsTee"}, {kUnexpectedPayload, "UnexpectedPayload"}, {kNoDataAccess, "NoDataAccess"},
      {kConfidentialDataNeedsPrivacy, "ConfidentialDataNeedsPrivacy"}, {kIdsExhausted, "IdsExhausted"},
      {kNoSuchJob, "NoSuchJob"}, {kNotOwner, "NotOwner"}, {kNotAssignedProvider, "NotAssignedProvider"},
      {kWrongStatus, "WrongStatus"}, {kDeadlinePassed, "DeadlinePassed"}, {kDeadlineNotReached, "DeadlineNotReached"},
      {kNoSuchBid, "NoSuchBid"}, {kNotAProvider, "NotAProvider"}, {kProviderNotEligible, "ProviderNotEligible"},
      {kMissingCapability, "MissingCapability"}, {kBidAboveBudget, "BidAboveBudget"},
      {kSlaExceedsDeadline, "SlaExceedsDeadline"}, {kAttestationRequired, "AttestationRequired"},
      {kNotPrivate, "NotPrivate"}, {kNotLinked, "NotLinked"}, {kInvalidResultHash, "InvalidResultHash"},
      {kNotProcessor, "NotProcessor"}, {kNotAdmin, "NotAdmin"}, {kAlreadyPaid, "AlreadyPaid"},
      {kOverflow, "Overflow"}, {kCalleeFailed, "CalleeFailed"},
  }};
}
constexpr std::string_view error_contract(QueueError) { return "ai_job_queue"; }

enum class QueueEvent : unsigned {
  kJobSubmitted, kJobAssigned, kJobStatusChanged, kJobCompleted, kJobCancelled, kJobExpired, kJobDisputed,
  kDisputeResolved, kCount,
};
constexpr EventNames<QueueEvent> event_names(QueueEvent) {
  using enum QueueEvent;
  return {{{kJobSubmitted, "JobSubmitted"}, {kJobAssigned, "JobAssigned"}, {kJobStatusChanged, "JobStatusChanged"},
           {kJobCompleted, "JobCompleted"}, {kJobCancelled, "JobCancelled"}, {kJobExpired, "JobExpired"},
           {kJobDisputed, "JobDisputed"}, {kDisputeResolved, "DisputeResolved"}}};
}

template <class D> struct Job {
  U128<D> id{};
  Addr<D> owner{};
  Str<D> model_ref{};
  Str<D> data_ref{};
  Option<D, U128<D>> data_nft{};
  Enum<D, ComputeType> compute_type{};
  U128<D> budget{};
  U128<D> price{};
  U128<D> penalty{};
  Enum<D, JobStatus> status{};
  Option<D, Addr<D>> assigned_provider{};
  U32<D> deadline{};
  U32<D> submitted_block{};
  Bool<D> privacy_required{};
  Option<D, U128<D>> confidential_id{};
  Option<D, Bytes<D, 32>> result_hash{};
  template <class S> static auto tie(S& s) {
    return std::tie(s.id, s.owner, s.model_ref, s.data_ref, s.data_nft, s.compute_type, s.budget, s.price, s.penalty,
                    s.status, s.assigned_provider, s.deadline, s.submitted_block, s.privacy_required,
                    s.confidential_id, s.result_hash);
  }
  friend bool operator==(const Job&, const Job&) = default;
};

template <class D> struct QueueState {
  Addr<D> admin{};
  Wiring<D> wiring{};
  U128<D> min_budget{};
  U128<D> job_counter{};
  Map<D, U128<D>, Job<D>> jobs{};
  template <class S> static auto tie(S& s) { return std::tie(s.admin, s.wiring, s.min_budget, s.job_counter, s.jobs); }
  friend bool operator==(const QueueState&, const QueueState&) = default;
};

struct AiJobQueue {
  static constexpr std::string_view kName = "ai_job_queue";
  template <class D> using State = QueueState<D>;
  using Error = QueueError;
};

namespace ai_job_queue {

// new(wiring, min_budget)
template <class D> QueueState<D> construct(const Addr<D>& deployer, const Wiring<D>& wiring, const U128<D>& min_budget) {
  QueueState<D> s;
  s.admin = deployer;
  s.wiring = wiring;
  s.min_budget = min_budget;
  return s;
}

// get_job(job_id) -> Option<Job>
struct GetJob {
  using Contract = AiJobQueue;
  static constexpr std::string_view kLabel = "get_job";
  static constexpr bool kPayable = false;
  template <class X, class D> static Option<D, Job<D>> run(X&, QueueState<D>& self, const U128<D>& job_id) {
    return self.jobs.get(job_id);
  }
};

struct GetJobCounter {
  using Contract = AiJobQueue;
  static constexpr std::string_view kLabel = "get_job_counter";
  static constexpr bool kPayable = false;
  template <class X, class D> static U128<D> run(X&, QueueState<D>& self) { return self.job_counter; }
};
struct GetMinBudget {
  using Contract = AiJobQueue;
  static constexpr std::string_view kLabel = "get_min_budget";
  static constexpr bool kPayable = false;
  template <class X, class D> static U128<D> run(X&, QueueState<D>& self) { return self.min_budget; }
};
struct GetAdmin {
  using Contract = AiJobQueue;
  static constexpr std::string_view kLabel = "get_admin";
  static constexpr bool kPayable = false;
  template <class X, class D> static Addr<D> run(X&, QueueState<D>& self) { return self.admin; }
};

}  // namespace ai_job_queue
}  // namespace meshcheck::model::spec
