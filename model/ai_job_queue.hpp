// ai_job_queue, profile `deployed` (ink! 6, H160): paid AI jobs and their lifecycle.
#pragma once

#include <optional>
#include <string>

#include "model/contract.hpp"
#include "model/pmap.hpp"

namespace meshcheck::model::deployed::ai_job_queue {

enum class JobStatus : u8 { Registered = 0, Assigned = 1, InProgress = 2, Completed = 3, Cancelled = 4 };
const char* status_name(JobStatus s);

struct Job {
  u128 id;
  Address owner;
  std::string model_ref;
  std::string data_ref;
  u128 budget;
  JobStatus status = JobStatus::Registered;
  std::optional<Address> assigned_provider;
  u32 deadline = 0;
  bool privacy_required = false;
  friend bool operator==(const Job&, const Job&) = default;
};

struct State : StateBase<State> {
  PMap<u128, Job> jobs;
  u128 job_counter;
  u128 min_budget;
  Address owner;
  friend bool operator==(const State& a, const State& b) {
    return a.jobs == b.jobs && a.job_counter == b.job_counter && a.min_budget == b.min_budget && a.owner == b.owner;
  }
};

State construct(const CallEnv& env, const u128& min_budget);

// The branches of the mutating messages (model/branch.hpp): their guard outcomes, which
// the Z3 encoding (smt/ai_job_queue.cpp) names too. A "... saturated" branch is marked
// where a saturating_add saturates, alongside the message's outcome.
enum class SubmitJobBranch : unsigned {
  kValueAboveU128,
  kBelowMinBudget,
  kDeadlineNotAfterBlock,
  kCounterSaturated,
  kOk,
  kCount,
};
constexpr BranchNames<SubmitJobBranch> branch_names(SubmitJobBranch) {
  using enum SubmitJobBranch;
  return {{{kValueAboveU128, "value above u128::MAX"},
           {kBelowMinBudget, "payment below min_budget"},
           {kDeadlineNotAfterBlock, "deadline not after the block"},
           {kCounterSaturated, "job_counter saturated"},
           {kOk, "ok"}}};
}

enum class AssignProviderBranch : unsigned { kNoJob, kNotOwner, kNotRegistered, kOk, kCount };
constexpr BranchNames<AssignProviderBranch> branch_names(AssignProviderBranch) {
  using enum AssignProviderBranch;
  return {{{kNoJob, "no such job"},
           {kNotOwner, "caller is not the owner"},
           {kNotRegistered, "job is not Registered"},
           {kOk, "ok"}}};
}

enum class MarkInProgressBranch : unsigned { kNoJob, kNotProvider, kNotAssigned, kOk, kCount };
constexpr BranchNames<MarkInProgressBranch> branch_names(MarkInProgressBranch) {
  using enum MarkInProgressBranch;
  return {{{kNoJob, "no such job"},
           {kNotProvider, "caller is not the assigned provider"},
           {kNotAssigned, "job is not Assigned"},
           {kOk, "ok"}}};
}

enum class MarkCompletedBranch : unsigned { kNoJob, kNotProvider, kNotInProgress, kOk, kCount };
constexpr BranchNames<MarkCompletedBranch> branch_names(MarkCompletedBranch) {
  using enum MarkCompletedBranch;
  return {{{kNoJob, "no such job"},
           {kNotProvider, "caller is not the assigned provider"},
           {kNotInProgress, "job is not InProgress"},
           {kOk, "ok"}}};
}

enum class CancelJobBranch : unsigned { kNoJob, kNotOwner, kCompleted, kAgain, kOk, kCount };
constexpr BranchNames<CancelJobBranch> branch_names(CancelJobBranch) {
  using enum CancelJobBranch;
  return {{{kNoJob, "no such job"},
           {kNotOwner, "caller is not the owner"},
           {kCompleted, "job is Completed"},
           {kAgain, "job already Cancelled"},
           {kOk, "ok"}}};
}

enum class SetMinBudgetBranch : unsigned { kNotOwner, kOk, kCount };
constexpr BranchNames<SetMinBudgetBranch> branch_names(SetMinBudgetBranch) {
  using enum SetMinBudgetBranch;
  return {{{kNotOwner, "caller is not the owner"}, {kOk, "ok"}}};
}

u128 submit_job(State& self, Ctx& ctx, const std::string& model_ref, const std::string& data_ref, u32 deadline,
                bool privacy_required);
bool assign_provider(State& self, Ctx& ctx, const u128& job_id, const Address& provider);
bool mark_in_progress(State& self, Ctx& ctx, const u128& job_id);
bool mark_completed(State& self, Ctx& ctx, const u128& job_id, const std::string& result_hash);
bool cancel_job(State& self, Ctx& ctx, const u128& job_id);
bool set_min_budget(State& self, Ctx& ctx, const u128& new_min_budget);

Value to_value(const Job& j);

const ContractSpec& spec();

}  // namespace meshcheck::model::deployed::ai_job_queue
