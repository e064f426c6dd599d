// ai_job_queue's invariants, and its part of G-COUNTER. No ghost: every check looks
// at the jobs this step changed and the events it emitted.
#include "invariants/invariant.hpp"
#include "model/ai_job_queue.hpp"

namespace meshcheck::invariants {

namespace {
namespace aq = model::deployed::ai_job_queue;
using aq::JobStatus;

bool is_final(JobStatus s) { return s == JobStatus::Completed || s == JobStatus::Cancelled; }

bool allowed_move(JobStatus from, JobStatus to) {
  if (from == to) return !is_final(from);
  switch (from) {
    case JobStatus::Registered: return to == JobStatus::Assigned || to == JobStatus::Cancelled;
    case JobStatus::Assigned: return to == JobStatus::InProgress || to == JobStatus::Cancelled;
    case JobStatus::InProgress: return to == JobStatus::Completed || to == JobStatus::Cancelled;
    default: return false;
  }
}

std::any no_ghost(const model::ContractState&) { return {}; }

void check(const RunStep& step, const model::Instance* before, const model::Instance& after, std::any&,
           Findings& report) {
  if (!before) return;  // a fresh deployment holds no jobs
  const auto& was = static_cast<const aq::State&>(*before->state);
  const auto& now = static_cast<const aq::State&>(*after.state);
  // Texts are built only for a violation.
  auto at = [&] { return std::string(" (ai_job_queue at " + after.address.hex() + ")"); };
  bool called = step.kind == StepKind::Call && step.call->contract == after.address;
  const Address* caller = called ? &step.call->caller : nullptr;
  auto by = [&] { return caller ? caller->hex() : std::string("no call"); };

  if (now.job_counter < was.job_counter)
    report.violation("G-COUNTER", [&] {
      return std::string("job_counter fell from " + was.job_counter.str() + " to " + now.job_counter.str() + at());
    });

  PMap<u128, aq::Job>::diff(was.jobs, now.jobs, [&](const u128& id, const aq::Job* old, const aq::Job* cur) {
    auto job = [&] { return "job " + id.str() + at(); };
    if (cur && (id == 0 || id > now.job_counter))
      report.violation("G-COUNTER", [&] {
        return std::string(job() + " lies outside 1..job_counter (" + now.job_counter.str() + ")");
      });
    if (!cur) {
      report.violation("Q-LIFECYCLE", [&] { return std::string(job() + " was removed"); });
      return;
    }
    // Q-ASSIGNED, on every job this step wrote.
    bool needs_provider = cur->status == JobStatus::Assigned || cur->status == JobStatus::InProgress ||
                          cur->status == JobStatus::Completed;
    if (needs_provider && !cur->assigned_provider)
      report.violation("Q-ASSIGNED", [&] {
        return std::string(job() + " is " + aq::status_name(cur->status) + " with no assigned provider");
      });
    if (cur->status == JobStatus::Registered && cur->assigned_provider)
      report.violation("Q-ASSIGNED",
                       [&] { return std::string(job() + " is Registered but has an assigned provider"); });

    if (!old) {  // submitted now
      if (cur->status != JobStatus::Registered)
        report.violation("Q-LIFECYCLE", [&] {
          return std::string(job() + " starts as " + aq::status_name(cur->status) + ", not Registered");
        });
      if (!caller || cur->owner != *caller)
        report.violation("Q-AUTH", [&] {
          return std::string(job() + " is owned by " + cur->owner.hex() + " but was submitted by " + by());
        });
      if (!called || U256(cur->budget) != step.call->value)
        report.violation("Q-BUDGET", [&] {
          return std::string(job() + " has budget " + cur->budget.str() + " but " +
                             (called ? step.call->value.str() : std::string("nothing")) + " was paid");
        });
      if (cur->budget < was.min_budget)
        report.violation("Q-BUDGET", [&] {
          return std::string(job() + " has budget " + cur->budget.str() + " below the min_budget " +
                             was.min_budget.str() + " in force");
        });
      if (!called || cur->deadline <= step.call->block)
        report.violation("Q-DEADLINE", [&] {
          return std::string(job() + " has deadline " + std::to_string(cur->deadline) +
                             " not after its submission block " +
                             (called ? std::to_string(step.call->block) : std::string("?")));
        });
      return;
    }
    if (is_final(old->status)) {
      report.violation("Q-LIFECYCLE",
                       [&] { return std::string(job() + " changed after it was " + aq::status_name(old->status)); });
    } else if (!allowed_move(old->status, cur->status)) {
      report.violation("Q-LIFECYCLE", [&] {
        return std::string(job() + " moved " + std::string(aq::status_name(old->status)) + " -> " +
                           aq::status_name(cur->status));
      });
    }
    if (cur->budget != old->budget)
      report.violation("Q-BUDGET", [&] {
        return std::string(job() + " budget changed from " + old->budget.str() + " to " + cur->budget.str());
      });
    if (cur->status != old->status) {
      bool owner_move = cur->status == JobStatus::Assigned || cur->status == JobStatus::Cancelled;
      if (owner_move && (!caller || *caller != old->owner))
        report.violation("Q-AUTH", [&] {
          return std::string(job() + " became " + aq::status_name(cur->status) + " by " + by() + ", not its owner " +
                             old->owner.hex());
        });
      bool provider_move = cur->status == JobStatus::InProgress || cur->status == JobStatus::Completed;
      if (provider_move && (!caller || old->assigned_provider != *caller))
        report.violation("Q-AUTH", [&] {
          return std::string(job() + " became " + aq::status_name(cur->status) + " by " + by() +
                             ", not its assigned provider");
        });
    }
  });

  // Completed and Cancelled are final: no event may name such a job.
  if (called && report.wants("Q-LIFECYCLE")) {
    for (auto& e : step.result->events) {
      const u128 id(e.fields.at(0).as_int());  // every ai_job_queue event starts with job_id
      if (const aq::Job* job = was.jobs.find(id); job && is_final(job->status))
        report.violation("Q-LIFECYCLE", [&] {
          return std::string(e.spec->name + " emitted for job " + id.str() + ", which was already " +
                             aq::status_name(job->status) + at());
        });
    }
  }
}
}  // namespace

const ContractInvariants& ai_job_queue_invariants() {
  static const ContractInvariants ci = legacy_contract_invariants(
      "ai_job_queue",
      {
          {"Q-LIFECYCLE", Kind::Transition,
           "Status moves only Registered→Assigned→InProgress→Completed, or from Registered, Assigned or InProgress to "
           "Cancelled; Completed and Cancelled are final: no call changes such a job or emits an event for it.",
           "Schedulers, providers and payment flows trust a job's status; a finished or cancelled job "
                      "that still changes (or emits events) can be paid for twice or processed after cancellation.",
           "ai_job_queue", {"deployed"}},
          {"Q-ASSIGNED", Kind::State,
           "A job in Assigned, InProgress or Completed has an assigned provider; a Registered job has none.",
           "A job marked assigned without a provider (or registered with one) breaks who may start and "
                     "complete it, so work can be stranded or claimed by the wrong party.",
           "ai_job_queue", {"deployed"}},
          {"Q-AUTH", Kind::Transition,
           "Only the job's owner assigns or cancels it; only its assigned provider starts or completes it.",
           "Without these checks anyone could assign, cancel, start or complete someone else's job and "
                 "redirect the work or its payment.",
           "ai_job_queue", {"deployed"}},
          {"Q-BUDGET", Kind::State,
           "A job's budget equals the value paid with it and was at least the min_budget in force when it was "
           "submitted.",
           "Providers accept jobs by their budget; a budget that differs from what was paid, or is below "
                   "the minimum, means promised payment that does not exist.",
           "ai_job_queue", {"deployed"}},
          {"Q-DEADLINE", Kind::State, "A job's deadline is after the block it was submitted in.", "A job whose deadline has already passed when it is submitted can never be completed in time, "
                     "yet its budget is taken.",
           "ai_job_queue",
           {"deployed"}},
      },
      no_ghost,
      check, smt::ai_job_queue_encoding());
  return ci;
}

}  // namespace meshcheck::invariants
