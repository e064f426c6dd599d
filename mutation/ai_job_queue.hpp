// ai_job_queue's mutation sites (mutation/site.hpp), read by model/ai_job_queue.cpp and
// smt/ai_job_queue.cpp alike.
//
// Not sites: the "no such job" refusals (dropping one reads an absent job, which the
// contract would unwrap), the value above u128::MAX (a panic of as_u128(), not a guard
// of the contract's), and the JobStatusChanged event of mark_in_progress (its field is
// a status variant, which "zeroed" would only rename).
#pragma once

#include "model/ai_job_queue.hpp"
#include "mutation/site.hpp"

namespace meshcheck::mutation::ai_job_queue {

namespace aq = model::deployed::ai_job_queue;

enum class Site : unsigned {
  kSubmitBelowMin,
  kSubmitDeadline,
  kSubmitCounter,
  kSubmitWrite,
  kSubmitEvent,
  kAssignNotOwner,
  kAssignNotRegistered,
  kAssignWrite,
  kAssignEvent,
  kAssignReturn,
  kProgressNotProvider,
  kProgressNotAssigned,
  kProgressWrite,
  kProgressReturn,
  kCompleteNotProvider,
  kCompleteNotInProgress,
  kCompleteWrite,
  kCompleteEvent,
  kCompleteReturn,
  kCancelNotOwner,
  kCancelCompleted,
  kCancelWrite,
  kCancelEvent,
  kCancelReturn,
  kMinBudgetNotOwner,
  kMinBudgetWrite,
  kMinBudgetReturn,
  kCount,
};

constexpr model::ContractKind site_contract(Site) { return model::ContractKind::kAiJobQueue; }

constexpr SiteTable<Site> site_table(Site) {
  using enum Site;
  using K = SiteKind;
  using S = aq::SubmitJobBranch;
  using A = aq::AssignProviderBranch;
  using P = aq::MarkInProgressBranch;
  using C = aq::MarkCompletedBranch;
  using X = aq::CancelJobBranch;
  using M = aq::SetMinBudgetBranch;
  using model::branch_name;
  return {{
      {kSubmitBelowMin, {"kSubmitBelowMin", "submit.below_min", "submit_job", branch_name(S::kBelowMinBudget),
                         K::kOrderGuard, "reverts a payment below min_budget (`payment < min_budget`)"}},
      {kSubmitDeadline, {"kSubmitDeadline", "submit.deadline", "submit_job", branch_name(S::kDeadlineNotAfterBlock),
                         K::kOrderGuard, "reverts a deadline not after the block (`deadline <= block`)"}},
      {kSubmitCounter, {"kSubmitCounter", "submit.counter", "submit_job", branch_name(S::kOk), K::kArith,
                        "issues the next id (`job_counter.saturating_add(1)`)"}},
      {kSubmitWrite, {"kSubmitWrite", "submit.write", "submit_job", branch_name(S::kOk), K::kWrite,
                      "stores the new job"}},
      {kSubmitEvent, {"kSubmitEvent", "submit.event", "submit_job", branch_name(S::kOk), K::kEvent,
                      "emits JobSubmitted (the corruption zeroes its budget)"}},
      {kAssignNotOwner, {"kAssignNotOwner", "assign.not_owner", "assign_provider", branch_name(A::kNotOwner), K::kGuard,
                         "refuses a caller other than the job's owner"}},
      {kAssignNotRegistered, {"kAssignNotRegistered", "assign.not_registered", "assign_provider",
                              branch_name(A::kNotRegistered), K::kGuard, "refuses a job not Registered"}},
      {kAssignWrite, {"kAssignWrite", "assign.write", "assign_provider", branch_name(A::kOk), K::kWrite,
                      "stores the provider and the status Assigned"}},
      {kAssignEvent, {"kAssignEvent", "assign.event", "assign_provider", branch_name(A::kOk), K::kEvent,
                      "emits JobAssigned (the corruption zeroes its provider)"}},
      {kAssignReturn, {"kAssignReturn", "assign.return", "assign_provider", branch_name(A::kOk), K::kReturn,
                       "returns true"}},
      {kProgressNotProvider, {"kProgressNotProvider", "progress.not_provider", "mark_in_progress",
                              branch_name(P::kNotProvider), K::kGuard, "refuses a caller other than the provider"}},
      {kProgressNotAssigned, {"kProgressNotAssigned", "progress.not_assigned", "mark_in_progress",
                              branch_name(P::kNotAssigned), K::kGuard, "refuses a job not Assigned"}},
      {kProgressWrite, {"kProgressWrite", "progress.write", "mark_in_progress", branch_name(P::kOk), K::kWrite,
                        "stores the status InProgress"}},
      {kProgressReturn, {"kProgressReturn", "progress.return", "mark_in_progress", branch_name(P::kOk), K::kReturn,
                         "returns true"}},
      {kCompleteNotProvider, {"kCompleteNotProvider", "complete.not_provider", "mark_completed",
                              branch_name(C::kNotProvider), K::kGuard, "refuses a caller other than the provider"}},
      {kCompleteNotInProgress, {"kCompleteNotInProgress", "complete.not_in_progress", "mark_completed",
                                branch_name(C::kNotInProgress), K::kGuard, "refuses a job not InProgress"}},
      {kCompleteWrite, {"kCompleteWrite", "complete.write", "mark_completed", branch_name(C::kOk), K::kWrite,
                        "stores the status Completed"}},
      {kCompleteEvent, {"kCompleteEvent", "complete.event", "mark_completed", branch_name(C::kOk), K::kEvent,
                        "emits JobCompleted (the corruption zeroes its provider)"}},
      {kCompleteReturn, {"kCompleteReturn", "complete.return", "mark_completed", branch_name(C::kOk), K::kReturn,
                         "returns true"}},
      {kCancelNotOwner, {"kCancelNotOwner", "cancel.not_owner", "cancel_job", branch_name(X::kNotOwner), K::kGuard,
                         "refuses a caller other than the job's owner"}},
      {kCancelCompleted, {"kCancelCompleted", "cancel.completed", "cancel_job", branch_name(X::kCompleted), K::kGuard,
                          "refuses a Completed job"}},
      {kCancelWrite, {"kCancelWrite", "cancel.write", "cancel_job", branch_name(X::kOk), K::kWrite,
                      "stores the status Cancelled"}},
      {kCancelEvent, {"kCancelEvent", "cancel.event", "cancel_job", branch_name(X::kOk), K::kEvent,
                      "emits JobCancelled (the corruption zeroes its job id)"}},
      {kCancelReturn, {"kCancelReturn", "cancel.return", "cancel_job", branch_name(X::kOk), K::kReturn,
                       "returns true"}},
      {kMinBudgetNotOwner, {"kMinBudgetNotOwner", "min_budget.not_owner", "set_min_budget",
                            branch_name(M::kNotOwner), K::kGuard, "refuses a caller other than the owner"}},
      {kMinBudgetWrite, {"kMinBudgetWrite", "min_budget.write", "set_min_budget", branch_name(M::kOk), K::kWrite,
                         "stores the new min_budget"}},
      {kMinBudgetReturn, {"kMinBudgetReturn", "min_budget.return", "set_min_budget", branch_name(M::kOk), K::kReturn,
                          "returns true"}},
  }};
}

}  // namespace meshcheck::mutation::ai_job_queue
