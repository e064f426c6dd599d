// ai_job_queue's invariants, and its part of G-COUNTER: each one's statement, its
// concrete check and its Z3 predicate, side by side.
//
// No ghost, in the Monitor or in the encoding: every check looks at the jobs this step
// changed (one PMap::diff, in view_of below) and the events it emitted.
#include "invariants/invariant.hpp"
#include "model/ai_job_queue.hpp"
#include "smt/ai_job_queue.hpp"

namespace meshcheck::invariants {

namespace {
namespace aq = model::deployed::ai_job_queue;
using aq::JobStatus;
using namespace smt::ai_job_queue;  // the encoding's field names and status values

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

// One step as ai_job_queue's checks see it.
struct QueueStep {
  const RunStep& step;
  const model::Instance& after;
  const aq::State* was;  // null when the step deployed it (a fresh deployment holds no jobs)
  const aq::State& now;
  bool called;             // the step is a call to this instance
  const Address* caller;   // its caller, when called
  struct Changed {
    u128 id;
    const aq::Job *old, *cur;  // null: no such job (they point into the states before and after)
  };
  boost::container::small_vector<Changed, 2> changed;  // the jobs the step changed

  std::string at() const { return " (ai_job_queue at " + after.address.hex() + ")"; }
  std::string job(const u128& id) const { return "job " + id.str() + at(); }
  std::string by() const { return caller ? caller->hex() : std::string("no call"); }
};

QueueStep view_of(const RunStep& step, const model::Instance* before, const model::Instance& after, std::any&) {
  bool called = step.kind == StepKind::Call && step.call->contract == after.address;
  const auto* was = before ? &static_cast<const aq::State&>(*before->state) : nullptr;
  const auto& now = static_cast<const aq::State&>(*after.state);
  QueueStep v{step, after, was, now, called, called ? &step.call->caller : nullptr, {}};
  if (was)
    PMap<u128, aq::Job>::diff(was->jobs, now.jobs, [&](const u128& id, const aq::Job* old, const aq::Job* cur) {
      v.changed.push_back({id, old, cur});
    });
  return v;
}

// The predicates read the concrete checks literally: they look at the jobs a step
// changed (PMap::diff: added, removed, or any field different); `changed` is that test.
z3::expr is_final(const z3::expr& status) {
  z3::context& c = status.ctx();
  return status == status_val(c, kCompleted) || status == status_val(c, kCancelled);
}

// allowed_move of the concrete check: staying put is allowed for a non-final status only.
z3::expr allowed_move(const z3::expr& from, const z3::expr& to) {
  z3::context& c = from.ctx();
  auto is = [&](const z3::expr& e, unsigned s) { return e == status_val(c, s); };
  return (from == to && !is_final(from)) || (is(from, kRegistered) && (is(to, kAssigned) || is(to, kCancelled))) ||
         (is(from, kAssigned) && (is(to, kInProgress) || is(to, kCancelled))) ||
         (is(from, kInProgress) && (is(to, kCompleted) || is(to, kCancelled)));
}

// The job at `k` differs between a and b (Job's operator==, and presence).
z3::expr changed(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  z3::expr differs = at(a, kId, k) != at(b, kId, k) || at(a, kOwner, k) != at(b, kOwner, k) ||
                     at(a, kModelRef, k) != at(b, kModelRef, k) || at(a, kDataRef, k) != at(b, kDataRef, k) ||
                     at(a, kBudget, k) != at(b, kBudget, k) || at(a, kStatus, k) != at(b, kStatus, k) ||
                     at(a, kHasProvider, k) != at(b, kHasProvider, k) ||
                     (at(a, kHasProvider, k) && at(a, kProvider, k) != at(b, kProvider, k)) ||
                     at(a, kDeadline, k) != at(b, kDeadline, k) || at(a, kPrivacy, k) != at(b, kPrivacy, k);
  return at(a, kExists, k) != at(b, kExists, k) || (at(a, kExists, k) && differs);
}

// A quantified job id for the predicates.
z3::expr job_key(z3::context& c) { return c.constant("job_id", c.bv_sort(128)); }

// --- Q-LIFECYCLE --------------------------------------------------------------------
const Invariant kQLifecycle{
    "Q-LIFECYCLE", Kind::Transition,
    "Status moves only Registered→Assigned→InProgress→Completed, or from Registered, Assigned or InProgress to "
    "Cancelled; Completed and Cancelled are final: no call changes such a job or emits an event for it.",
    "Schedulers, providers and payment flows trust a job's status; a finished or cancelled job "
    "that still changes (or emits events) can be paid for twice or processed after cancellation.",
    "ai_job_queue", {"deployed"}};

void check_lifecycle(const QueueStep& v, Findings& findings) {
  for (const auto& job : v.changed) {
    if (!job.cur) {
      findings.violation("Q-LIFECYCLE", [&] { return v.job(job.id) + " was removed"; });
    } else if (!job.old) {  // submitted now
      if (job.cur->status != JobStatus::Registered)
        findings.violation("Q-LIFECYCLE", [&] {
          return v.job(job.id) + " starts as " + aq::status_name(job.cur->status) + ", not Registered";
        });
    } else if (is_final(job.old->status)) {
      findings.violation("Q-LIFECYCLE",
                         [&] { return v.job(job.id) + " changed after it was " + aq::status_name(job.old->status); });
    } else if (!allowed_move(job.old->status, job.cur->status)) {
      findings.violation("Q-LIFECYCLE", [&] {
        return v.job(job.id) + " moved " + aq::status_name(job.old->status) + " -> " + aq::status_name(job.cur->status);
      });
    }
  }
  // Completed and Cancelled are final: no event may name such a job.
  if (v.called && v.was) {
    for (auto& e : v.step.result->events) {
      const u128 id(e.fields.at(0).as_int());  // every ai_job_queue event starts with job_id
      if (const aq::Job* job = v.was->jobs.find(id); job && is_final(job->status))
        findings.violation("Q-LIFECYCLE", [&] {
          return e.spec->name + " emitted for job " + id.str() + ", which was already " +
                 aq::status_name(job->status) + v.at();
        });
    }
  }
}

// No job is ever removed, and a new job starts Registered.
z3::expr lifecycle_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::context& c = pre.ctx();
  z3::expr k = job_key(c);
  z3::expr was = at(pre, kExists, k), is = at(post, kExists, k);
  z3::expr from = at(pre, kStatus, k), to = at(post, kStatus, k);
  z3::expr jobs =
      z3::forall(k, z3::implies(was, is) && z3::implies(!was && is, to == status_val(c, kRegistered)) &&
                        z3::implies(was && is && changed(pre, post, k), !is_final(from) && allowed_move(from, to)));
  // Every ai_job_queue event starts with the job id.
  z3::expr events = c.bool_val(true);
  for (auto& e : s.branch.events) {
    const z3::expr& id = e.fields[0].expr();
    events = events && !(at(pre, kExists, id) && is_final(at(pre, kStatus, id)));
  }
  return jobs && events;
}

// --- Q-ASSIGNED ---------------------------------------------------------------------
const Invariant kQAssigned{
    "Q-ASSIGNED", Kind::State,
    "A job in Assigned, InProgress or Completed has an assigned provider; a Registered job has none.",
    "A job marked assigned without a provider (or registered with one) breaks who may start and "
    "complete it, so work can be stranded or claimed by the wrong party.",
    "ai_job_queue", {"deployed"}};

// On every job this step wrote.
void check_assigned(const QueueStep& v, Findings& findings) {
  for (const auto& job : v.changed) {
    if (!job.cur) continue;
    bool needs_provider = job.cur->status == JobStatus::Assigned || job.cur->status == JobStatus::InProgress ||
                          job.cur->status == JobStatus::Completed;
    if (needs_provider && !job.cur->assigned_provider)
      findings.violation("Q-ASSIGNED", [&] {
        return v.job(job.id) + " is " + aq::status_name(job.cur->status) + " with no assigned provider";
      });
    if (job.cur->status == JobStatus::Registered && job.cur->assigned_provider)
      findings.violation("Q-ASSIGNED", [&] { return v.job(job.id) + " is Registered but has an assigned provider"; });
  }
}

z3::expr assigned_holds(const smt::SymState& s) {
  z3::context& c = s.ctx();
  z3::expr k = job_key(c);
  z3::expr st = at(s, kStatus, k);
  z3::expr needs =
      st == status_val(c, kAssigned) || st == status_val(c, kInProgress) || st == status_val(c, kCompleted);
  return z3::forall(k, z3::implies(at(s, kExists, k),
                                   z3::implies(needs, at(s, kHasProvider, k)) &&
                                       z3::implies(st == status_val(c, kRegistered), !at(s, kHasProvider, k))));
}

// --- Q-AUTH -------------------------------------------------------------------------
const Invariant kQAuth{
    "Q-AUTH", Kind::Transition,
    "Only the job's owner assigns or cancels it; only its assigned provider starts or completes it.",
    "Without these checks anyone could assign, cancel, start or complete someone else's job and "
    "redirect the work or its payment.",
    "ai_job_queue", {"deployed"}};

// A job is submitted by its owner: a new job's owner is the caller.
void check_auth(const QueueStep& v, Findings& findings) {
  for (const auto& job : v.changed) {
    if (!job.cur) continue;
    if (!job.old) {
      if (!v.caller || job.cur->owner != *v.caller)
        findings.violation("Q-AUTH", [&] {
          return v.job(job.id) + " is owned by " + job.cur->owner.hex() + " but was submitted by " + v.by();
        });
      continue;
    }
    if (job.cur->status == job.old->status) continue;
    bool owner_move = job.cur->status == JobStatus::Assigned || job.cur->status == JobStatus::Cancelled;
    if (owner_move && (!v.caller || *v.caller != job.old->owner))
      findings.violation("Q-AUTH", [&] {
        return v.job(job.id) + " became " + aq::status_name(job.cur->status) + " by " + v.by() + ", not its owner " +
               job.old->owner.hex();
      });
    bool provider_move = job.cur->status == JobStatus::InProgress || job.cur->status == JobStatus::Completed;
    if (provider_move && (!v.caller || job.old->assigned_provider != *v.caller))
      findings.violation("Q-AUTH", [&] {
        return v.job(job.id) + " became " + aq::status_name(job.cur->status) + " by " + v.by() +
               ", not its assigned provider";
      });
  }
}

z3::expr auth_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::context& c = pre.ctx();
  const z3::expr& caller = s.env.caller;
  z3::expr k = job_key(c);
  z3::expr was = at(pre, kExists, k), is = at(post, kExists, k);
  z3::expr to = at(post, kStatus, k);
  z3::expr owner_move = to == status_val(c, kAssigned) || to == status_val(c, kCancelled);
  z3::expr provider_move = to == status_val(c, kInProgress) || to == status_val(c, kCompleted);
  z3::expr moved = was && is && at(pre, kStatus, k) != to;
  return z3::forall(k, z3::implies(!was && is, at(post, kOwner, k) == caller) &&
                           z3::implies(moved && owner_move, caller == at(pre, kOwner, k)) &&
                           z3::implies(moved && provider_move, is_assigned_provider(pre, k, caller)));
}

// --- Q-BUDGET -----------------------------------------------------------------------
const Invariant kQBudget{
    "Q-BUDGET", Kind::State,
    "A job's budget equals the value paid with it and was at least the min_budget in force when it was "
    "submitted.",
    "Providers accept jobs by their budget; a budget that differs from what was paid, or is below "
    "the minimum, means promised payment that does not exist.",
    "ai_job_queue", {"deployed"}};

// Judged on the step that submits a job (its budget is the call's value, at least the
// min_budget before the call), and on every later write (the budget is unchanged).
void check_budget(const QueueStep& v, Findings& findings) {
  for (const auto& job : v.changed) {
    if (!job.cur) continue;
    if (!job.old) {
      if (!v.called || U256(job.cur->budget) != v.step.call->value)
        findings.violation("Q-BUDGET", [&] {
          return v.job(job.id) + " has budget " + job.cur->budget.str() + " but " +
                 (v.called ? v.step.call->value.str() : std::string("nothing")) + " was paid";
        });
      if (job.cur->budget < v.was->min_budget)
        findings.violation("Q-BUDGET", [&] {
          return v.job(job.id) + " has budget " + job.cur->budget.str() + " below the min_budget " +
                 v.was->min_budget.str() + " in force";
        });
    } else if (job.cur->budget != job.old->budget) {
      findings.violation("Q-BUDGET", [&] {
        return v.job(job.id) + " budget changed from " + job.old->budget.str() + " to " + job.cur->budget.str();
      });
    }
  }
}

z3::expr budget_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::expr k = job_key(pre.ctx());
  z3::expr was = at(pre, kExists, k), is = at(post, kExists, k);
  z3::expr budget = at(post, kBudget, k);
  unsigned value_width = s.env.value.get_sort().bv_size();
  return z3::forall(
      k, z3::implies(!was && is, smt::widen(budget, value_width) == s.env.value && z3::uge(budget, pre[kMinBudget])) &&
             z3::implies(was && is, budget == at(pre, kBudget, k)));
}

// --- Q-DEADLINE ---------------------------------------------------------------------
const Invariant kQDeadline{
    "Q-DEADLINE", Kind::State, "A job's deadline is after the block it was submitted in.",
    "A job whose deadline has already passed when it is submitted can never be completed in time, "
    "yet its budget is taken.",
    "ai_job_queue", {"deployed"}};

// Judged on the step that submits the job.
void check_deadline(const QueueStep& v, Findings& findings) {
  for (const auto& job : v.changed) {
    if (job.cur && !job.old && (!v.called || job.cur->deadline <= v.step.call->block))
      findings.violation("Q-DEADLINE", [&] {
        return v.job(job.id) + " has deadline " + std::to_string(job.cur->deadline) +
               " not after its submission block " + (v.called ? std::to_string(v.step.call->block) : std::string("?"));
      });
  }
}

z3::expr deadline_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::expr k = job_key(pre.ctx());
  return z3::forall(k, z3::implies(!at(pre, kExists, k) && at(post, kExists, k),
                                   z3::ugt(at(post, kDeadline, k), s.env.block)));
}

// --- G-COUNTER, ai_job_queue's part (the statement is in global.cpp) -----------------
// job_counter never decreases, and every job a step writes has its id in 1..job_counter.
void check_counter(const QueueStep& v, Findings& findings) {
  if (v.was && v.now.job_counter < v.was->job_counter)
    findings.violation("G-COUNTER", [&] {
      return "job_counter fell from " + v.was->job_counter.str() + " to " + v.now.job_counter.str() + v.at();
    });
  for (const auto& job : v.changed) {
    if (job.cur && (job.id == 0 || job.id > v.now.job_counter))
      findings.violation("G-COUNTER", [&] {
        return v.job(job.id) + " lies outside 1..job_counter (" + v.now.job_counter.str() + ")";
      });
  }
}

z3::expr counter_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::context& c = pre.ctx();
  z3::expr k = job_key(c);
  z3::expr in_range = k != c.bv_val(0, 128) && z3::ule(k, post[kCounter]);
  return z3::uge(post[kCounter], pre[kCounter]) &&
         z3::forall(k, z3::implies(at(post, kExists, k) && changed(pre, post, k), in_range));
}

// --- lemmas the proofs may lean on once proved ------------------------------------------
// Without it, a state with a stored job at job_counter + 1 is a counterexample to
// induction for every invariant that a submission overwriting that job would break.
z3::expr ids_in_range(const smt::SymState& s) {
  z3::context& c = s.ctx();
  z3::expr k = job_key(c);
  return z3::forall(k, z3::implies(at(s, kExists, k), k != c.bv_val(0, 128) && z3::ule(k, s[kCounter])));
}

// --- A-COUNTERS, ai_job_queue's part (the statement is in assumptions.cpp) -----------
// job_counter is below u128::MAX: a submission then stores its job under a fresh id.
bool counters_below_max(const model::ContractState& state) {
  return static_cast<const aq::State&>(state).job_counter != kU128Max;
}
z3::expr counters_below_max(const smt::SymState& s) { return s[kCounter] != smt::bv_val(s.ctx(), U256(kU128Max), 128); }
}  // namespace

const ContractInvariants& ai_job_queue_invariants() {
  static const Checks<QueueStep> checks{
      no_ghost,
      view_of,
      {
          {"Q-LIFECYCLE", check_lifecycle, nullptr, lifecycle_holds},
          {"Q-ASSIGNED", check_assigned, assigned_holds, nullptr},
          {"Q-AUTH", check_auth, nullptr, auth_holds},
          {"Q-BUDGET", check_budget, nullptr, budget_holds},
          {"Q-DEADLINE", check_deadline, nullptr, deadline_holds},
          {"G-COUNTER", check_counter, nullptr, counter_holds},
      },
      {
          {"ai_job_queue/ids-in-range", "every stored job id lies in 1..job_counter", ids_in_range},
      },
      {
          {"A-COUNTERS", counters_below_max, counters_below_max},
      },
  };
  static const ContractInvariants ci =
      contract_invariants("ai_job_queue", {kQLifecycle, kQAssigned, kQAuth, kQBudget, kQDeadline}, checks);
  return ci;
}

}  // namespace meshcheck::invariants
