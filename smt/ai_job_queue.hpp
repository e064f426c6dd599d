// ai_job_queue's Z3 encoding (profile `deployed`): see smt/encoding.hpp.
#pragma once

#include "smt/encoding.hpp"

namespace meshcheck::smt::ai_job_queue {

// The stored fields: jobs by id (one array per Job field, plus `exists`), the job
// counter, the minimum budget and the owner. No ghost: every invariant of this contract
// looks at the jobs a step changed, never at a sum.
inline constexpr StateField kExists{"jobs.exists"};
inline constexpr StateField kId{"jobs.id"};
inline constexpr StateField kOwner{"jobs.owner"};
inline constexpr StateField kModelRef{"jobs.model_ref"};
inline constexpr StateField kDataRef{"jobs.data_ref"};
inline constexpr StateField kBudget{"jobs.budget"};
inline constexpr StateField kStatus{"jobs.status"};  // bv8: JobStatus as its variant index
inline constexpr StateField kHasProvider{"jobs.assigned_provider.some"};
inline constexpr StateField kProvider{"jobs.assigned_provider"};
inline constexpr StateField kDeadline{"jobs.deadline"};
inline constexpr StateField kPrivacy{"jobs.privacy_required"};
inline constexpr StateField kCounter{"job_counter"};
inline constexpr StateField kMinBudget{"min_budget"};
inline constexpr StateField kAdmin{"owner"};

// JobStatus variant indices, as stored in kStatus.
inline constexpr unsigned kRegistered = 0;
inline constexpr unsigned kAssigned = 1;
inline constexpr unsigned kInProgress = 2;
inline constexpr unsigned kCompleted = 3;
inline constexpr unsigned kCancelled = 4;

// A status as kStatus stores it.
inline z3::expr status_val(z3::context& c, unsigned status) { return c.bv_val(status, 8); }

// Whether `caller` is the job's assigned provider: `job.assigned_provider == Some(caller)`
// (None differs from every caller). The encoding's guard of mark_in_progress and
// mark_completed, and Q-AUTH's predicate.
inline z3::expr is_assigned_provider(const SymState& s, const z3::expr& job_id, const z3::expr& caller) {
  return at(s, kHasProvider, job_id) && at(s, kProvider, job_id) == caller;
}

}  // namespace meshcheck::smt::ai_job_queue
