// ai_job_queue's messages, profile `spec` (../shared/spec-profile.md §3.1), each once over
// a domain. Apart from ai_job_queue.hpp because they call the escrow, the registry, the
// data NFT registry and phala, which read the queue back.
#pragma once

#include "model/spec/ai_job_queue.hpp"
#include "model/spec/compute_provider_registry.hpp"
#include "model/spec/data_nft_registry.hpp"
#include "model/spec/payment_escrow.hpp"
#include "model/spec/phala_job_processor.hpp"

namespace meshcheck::model::spec::ai_job_queue {
using E = QueueError;
using Ev = QueueEvent;

// The job, or NoSuchJob.
template <class X, class D> Job<D> existing_job(X& x, QueueState<D>& self, const U128<D>& job_id) {
  auto j = self.jobs.get(job_id);
  x.require(j.is_some(), E::kNoSuchJob);
  return j.value;
}

// bit(compute_type): Cpu 1, Gpu 2, PhalaTee 4.
template <class D> U8<D> capability_bit(const Enum<D, ComputeType>& t) {
  return select(t == ComputeType::Cpu, U8<D>(1), select(t == ComputeType::Gpu, U8<D>(2), U8<D>(4)));
}

// submit_job(model_ref, data_ref, data_nft, compute_type, deadline, privacy_required,
//            encrypted_payload, public_key) -> u128 · payable · anyone
struct SubmitJob {
  using Contract = AiJobQueue;
  static constexpr std::string_view kLabel = "submit_job";
  static constexpr bool kPayable = true;
  template <class X, class D>
  static U128<D> run(X& x, QueueState<D>& self, const Str<D>& model_ref, const Str<D>& data_ref,
                     const Option<D, U128<D>>& data_nft, const Enum<D, ComputeType>& compute_type,
                     const U32<D>& deadline, const Bool<D>& privacy_required, const Str<D>& encrypted_payload,
                     const Str<D>& public_key) {
    U128<D> budget = x.value_u128(E::kValueTooLarge);
    x.require(budget >= self.min_budget, E::kBudgetTooLow);
    x.require(deadline > x.block(), E::kInvalidDeadline);
    x.require(!privacy_required || compute_type == ComputeType::PhalaTee, E::kPrivateNeedsTee);
    x.require(privacy_required || (encrypted_payload == Str<D>("") && public_key == Str<D>("")),
              E::kUnexpectedPayload);
    if (x.decide(data_nft.is_some())) {
      const Addr<D>& nfts = self.wiring.data_nft_registry;
      Bool<D> access = x.template call<data_nft_registry::VerifyDataAccess>(nfts, Balance<D>(0), data_nft.value,
                                                                            x.caller());
      x.require(access, E::kNoDataAccess);
      auto nft = x.template call<data_nft_registry::GetNft>(nfts, Balance<D>(0), data_nft.value);
      x.require(!(nft.value.policy.privacy == PrivacyLevel::Confidential) || privacy_required,
                E::kConfidentialDataNeedsPrivacy);
    }
    U128<D> id = x.add(self.job_counter, U128<D>(1), E::kIdsExhausted);
    self.job_counter = id;
    Job<D> job{id,       x.caller(), model_ref, data_ref, data_nft, compute_type, budget,
               U128<D>(0), U128<D>(0), JobStatus::Registered, {}, deadline, x.block(), privacy_required,
               {},       {}};
    self.jobs.set(id, job);
    if (x.decide(privacy_required)) {
      U128<D> c = x.template call<phala_job_processor::RouteConfidentialJob>(
          self.wiring.phala_job_processor, Balance<D>(0), id, x.caller(), encrypted_payload, public_key);
      job.confidential_id = Option<D, U128<D>>::of(c);
      self.jobs.set(id, job);
    }
    x.template call<payment_escrow::DepositEscrow>(self.wiring.payment_escrow, x.value(), id, x.caller(), budget);
    x.emit(Ev::kJobSubmitted, id, x.caller(), budget, privacy_required);
    return id;
  }
};

// assign_provider(job_id, provider) · the job's owner
struct AssignProvider {
  using Contract = AiJobQueue;
  static constexpr std::string_view kLabel = "assign_provider";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, QueueState<D>& self, const U128<D>& job_id, const Addr<D>& provider) {
    Job<D> job = existing_job(x, self, job_id);
    x.require(x.caller() == job.owner, E::kNotOwner);
    x.require(job.status == JobStatus::Registered, E::kWrongStatus);
    x.require(x.block() < job.deadline, E::kDeadlinePassed);
    const Addr<D>& registry = self.wiring.provider_registry;
    auto bid = x.template call<compute_provider_registry::GetBid>(registry, Balance<D>(0), job_id, provider);
    x.require(bid.is_some(), E::kNoSuchBid);
    auto info = x.template call<compute_provider_registry::GetProviderInfo>(registry, Balance<D>(0), provider);
    x.require(info.is_some(), E::kNotAProvider);
    x.require(info.value.eligible, E::kProviderNotEligible);
    x.require(bit_and(info.value.p.capabilities, capability_bit<D>(job.compute_type)) != U8<D>(0),
              E::kMissingCapability);
    x.require(bid.value.price <= job.budget, E::kBidAboveBudget);
    // block + max_duration_blocks ≤ deadline, in u64 (R4)
    U64<D> done_by = unchecked_add(resize<U64<D>>(x.block()), resize<U64<D>>(bid.value.sla.max_duration_blocks));
    x.require(done_by <= resize<U64<D>>(job.deadline), E::kSlaExceedsDeadline);
    job.status = JobStatus::Assigned;
    job.assigned_provider = Option<D, Addr<D>>::of(provider);
    job.price = bid.value.price;
    job.penalty = bid.value.sla.penalty;
    self.jobs.set(job_id, job);
    x.template call<payment_escrow::AssignPayee>(self.wiring.payment_escrow, Balance<D>(0), job_id, provider,
                                                 bid.value.price);
    x.emit(Ev::kJobAssigned, job_id, provider, bid.value.price);
  }
};

// mark_in_progress(job_id) · the assigned provider
struct MarkInProgress {
  using Contract = AiJobQueue;
  static constexpr std::string_view kLabel = "mark_in_progress";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, QueueState<D>& self, const U128<D>& job_id) {
    Job<D> job = existing_job(x, self, job_id);
    x.require(job.assigned_provider.holds(x.caller()), E::kNotAssignedProvider);
    x.require(job.status == JobStatus::Assigned, E::kWrongStatus);
    x.require(x.block() < job.deadline, E::kDeadlinePassed);
    job.status = JobStatus::InProgress;
    self.jobs.set(job_id, job);
    x.emit(Ev::kJobStatusChanged, job_id, job.status);
  }
};

// mark_completed(job_id, result_hash) · the assigned provider; public jobs only
struct MarkCompleted {
  using Contract = AiJobQueue;
  static constexpr std::string_view kLabel = "mark_completed";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, QueueState<D>& self, const U128<D>& job_id, const Bytes<D, 32>& result_hash) {
    Job<D> job = existing_job(x, self, job_id);
    x.require(job.assigned_provider.holds(x.caller()), E::kNotAssignedProvider);
    x.require(job.status == JobStatus::InProgress, E::kWrongStatus);
    x.require(!job.privacy_required, E::kAttestationRequired);
    x.require(x.block() < job.deadline, E::kDeadlinePassed);
    x.require(!result_hash.is_zero(), E::kInvalidResultHash);
    job.status = JobStatus::Completed;
    job.result_hash = Option<D, Bytes<D, 32>>::of(result_hash);
    self.jobs.set(job_id, job);
    x.emit(Ev::kJobCompleted, job_id, x.caller(), result_hash);
  }
};

// complete_attested(job_id, confidential_id, result_hash) -> H160 · phala only
struct CompleteAttested {
  using Contract = AiJobQueue;
  static constexpr std::string_view kLabel = "complete_attested";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static Addr<D> run(X& x, QueueState<D>& self, const U128<D>& job_id, const U128<D>& confidential_id,
                     const Bytes<D, 32>& result_hash) {
    x.require(x.caller() == self.wiring.phala_job_processor, E::kNotProcessor);
    Job<D> job = existing_job(x, self, job_id);
    x.require(job.privacy_required, E::kNotPrivate);
    x.require(job.confidential_id.holds(confidential_id), E::kNotLinked);
    x.require(job.status == JobStatus::InProgress, E::kWrongStatus);
    x.require(x.block() < job.deadline, E::kDeadlinePassed);
    x.require(!result_hash.is_zero(), E::kInvalidResultHash);
    job.status = JobStatus::Completed;
    job.result_hash = Option<D, Bytes<D, 32>>::of(result_hash);
    self.jobs.set(job_id, job);
    x.emit(Ev::kJobCompleted, job_id, job.assigned_provider.value, result_hash);
    return job.assigned_provider.value;
  }
};

// cancel_job(job_id) · the job's owner
struct CancelJob {
  using Contract = AiJobQueue;
  static constexpr std::string_view kLabel = "cancel_job";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, QueueState<D>& self, const U128<D>& job_id) {
    Job<D> job = existing_job(x, self, job_id);
    x.require(x.caller() == job.owner, E::kNotOwner);
    x.require(job.status == JobStatus::Registered || job.status == JobStatus::Assigned, E::kWrongStatus);
    job.status = JobStatus::Cancelled;
    self.jobs.set(job_id, job);
    x.template call<payment_escrow::RefundPayment>(self.wiring.payment_escrow, Balance<D>(0), job_id,
                                                   Enum<D, RefundReason>(RefundReason::Cancelled));
    x.emit(Ev::kJobCancelled, job_id);
  }
};

// expire_job(job_id) · anyone, once the deadline is reached; the refund goes to the owner
struct ExpireJob {
  using Contract = AiJobQueue;
  static constexpr std::string_view kLabel = "expire_job";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, QueueState<D>& self, const U128<D>& job_id) {
    Job<D> job = existing_job(x, self, job_id);
    x.require(job.status == JobStatus::Registered || job.status == JobStatus::Assigned ||
                  job.status == JobStatus::InProgress,
              E::kWrongStatus);
    x.require(x.block() >= job.deadline, E::kDeadlineNotReached);
    job.status = JobStatus::Expired;
    self.jobs.set(job_id, job);
    x.template call<payment_escrow::RefundPayment>(self.wiring.payment_escrow, Balance<D>(0), job_id,
                                                   Enum<D, RefundReason>(RefundReason::DeadlineMissed));
    x.emit(Ev::kJobExpired, job_id);
  }
};

// dispute_job(job_id) · the job's owner, while InProgress or Completed and unpaid
struct DisputeJob {
  using Contract = AiJobQueue;
  static constexpr std::string_view kLabel = "dispute_job";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, QueueState<D>& self, const U128<D>& job_id) {
    Job<D> job = existing_job(x, self, job_id);
    x.require(x.caller() == job.owner, E::kNotOwner);
    x.require(job.status == JobStatus::InProgress || job.status == JobStatus::Completed, E::kWrongStatus);
    if (x.decide(job.status == JobStatus::Completed)) {
      auto e = x.template call<payment_escrow::GetEscrow>(self.wiring.payment_escrow, Balance<D>(0), job_id);
      x.require(e.is_some() && e.value.status == EscrowStatus::Locked, E::kAlreadyPaid);
    }
    job.status = JobStatus::Disputed;
    self.jobs.set(job_id, job);
    x.emit(Ev::kJobDisputed, job_id);
  }
};

// resolve_dispute(job_id, provider_wins) · the queue's admin (governance)
struct ResolveDispute {
  using Contract = AiJobQueue;
  static constexpr std::string_view kLabel = "resolve_dispute";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, QueueState<D>& self, const U128<D>& job_id, const Bool<D>& provider_wins) {
    x.require(x.caller() == self.admin, E::kNotAdmin);
    Job<D> job = existing_job(x, self, job_id);
    x.require(job.status == JobStatus::Disputed, E::kWrongStatus);
    const Addr<D>& escrow = self.wiring.payment_escrow;
    if (x.decide(provider_wins && job.result_hash.is_some())) {
      job.status = JobStatus::Completed;
      self.jobs.set(job_id, job);
      x.template call<payment_escrow::ReleasePayment>(escrow, Balance<D>(0), job_id, job.assigned_provider.value);
    } else if (x.decide(provider_wins)) {
      job.status = JobStatus::InProgress;  // disputed while InProgress: dismissed, no payment
      self.jobs.set(job_id, job);
    } else {
      job.status = JobStatus::Failed;
      self.jobs.set(job_id, job);
      x.template call<payment_escrow::RefundPayment>(escrow, Balance<D>(0), job_id,
                                                     Enum<D, RefundReason>(RefundReason::DisputeLost));
    }
    x.emit(Ev::kDisputeResolved, job_id, provider_wins);
  }
};

// set_min_budget(new) · admin; no event (§9 C3)
struct SetMinBudget {
  using Contract = AiJobQueue;
  static constexpr std::string_view kLabel = "set_min_budget";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, QueueState<D>& self, const U128<D>& new_min) {
    x.require(x.caller() == self.admin, E::kNotAdmin);
    self.min_budget = new_min;
  }
};

}  // namespace meshcheck::model::spec::ai_job_queue
