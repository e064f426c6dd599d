// ai_job_queue's invariants in the spec profile: Q-LIFECYCLE, Q-ASSIGNED and Q-AUTH
// restated for the design's statuses (dispute, expiry, failure, attested completion),
// Q-BUDGET and Q-DEADLINE unchanged.
#include "invariants/spec/spec.hpp"

namespace meshcheck::invariants::spec {

namespace {
namespace q = ms::ai_job_queue;
using ms::JobStatus;

std::string status_name(JobStatus s) {
  static const char* names[] = {"Registered", "Assigned", "InProgress", "Completed",
                                "Disputed",   "Cancelled", "Expired",   "Failed"};
  return names[unsigned(s)];
}

// --- Q-LIFECYCLE (restated) -----------------------------------------------------------------
const Invariant kLifecycle{
    "Q-LIFECYCLE", Kind::Transition,
    "A job is created Registered and moves only Registered→Assigned→InProgress→Completed; Registered/Assigned→"
    "Cancelled; Registered/Assigned/InProgress→Expired (block ≥ deadline); InProgress→Disputed; Completed→Disputed "
    "(escrow Locked); Disputed→Completed (result recorded, paid) / InProgress (no result) / Failed. Cancelled, "
    "Expired, Failed, and Completed once its escrow is Released are final: no call changes such a job or emits a "
    "queue event for it; jobs are never removed.",
    "Schedulers, providers and payment flows trust a job's status; a job that leaves a final status can be paid "
    "twice, refunded after payment, or worked on after its refund.",
    "ai_job_queue", {"spec"}};

// Job j is final in `s`: Cancelled, Expired, Failed, or Completed with its escrow Released.
template <class D> Bool<D> final_at(const ms::SpecSystem<D>& s, const U128<D>& j) {
  auto job = queue(s).jobs.get(j);
  auto a = job.value.status;
  auto e = escrow(s).jobs.get(j);
  return job.some && (a == JobStatus::Cancelled || a == JobStatus::Expired || a == JobStatus::Failed ||
                      (a == JobStatus::Completed && e.some && e.value.status == ms::EscrowStatus::Released));
}

// One move of job j from `pre` to `post` at `block` is allowed (generic: the composed
// prover quantifies j). A job absent before must be Registered; one present before stays.
template <class D>
Bool<D> lifecycle_ok(const ms::SpecSystem<D>& pre, const ms::SpecSystem<D>& post, const U128<D>& j, const U32<D>& block) {
  auto was = queue(pre).jobs.get(j);
  auto now = queue(post).jobs.get(j);
  auto a = was.value.status;
  auto b = now.value.status;
  auto locked_before = escrow(pre).jobs.get(j);
  auto paid_after = escrow(post).jobs.get(j);
  Bool<D> same_status = a == b;
  Bool<D> move =
      (a == JobStatus::Registered && b == JobStatus::Assigned) || (a == JobStatus::Assigned && b == JobStatus::InProgress) ||
      (a == JobStatus::InProgress && b == JobStatus::Completed) ||
      ((a == JobStatus::Registered || a == JobStatus::Assigned) && b == JobStatus::Cancelled) ||
      ((a == JobStatus::Registered || a == JobStatus::Assigned || a == JobStatus::InProgress) && b == JobStatus::Expired &&
       block >= now.value.deadline) ||
      (a == JobStatus::InProgress && b == JobStatus::Disputed) ||
      (a == JobStatus::Completed && b == JobStatus::Disputed && locked_before.some &&
       locked_before.value.status == ms::EscrowStatus::Locked) ||
      (a == JobStatus::Disputed && b == JobStatus::Completed && now.value.result_hash.some && paid_after.some &&
       paid_after.value.status == ms::EscrowStatus::Released) ||
      (a == JobStatus::Disputed && b == JobStatus::InProgress && now.value.result_hash.is_none()) ||
      (a == JobStatus::Disputed && b == JobStatus::Failed);
  return implies(was.some, now.some && (same_status || move)) &&
         implies(was.is_none() && now.some, b == JobStatus::Registered) &&
         implies(final_at<D>(pre, j), now.some && b == a);
}
// A final job's record does not change at all (lifecycle_ok covers its status).
template <class D> Bool<D> final_unchanged(const ms::SpecSystem<D>& pre, const ms::SpecSystem<D>& post, const U128<D>& j) {
  auto was = queue(pre).jobs.get(j);
  auto now = queue(post).jobs.get(j);
  return implies(final_at<D>(pre, j) && now.some, same<D>(was.value, now.value));
}

void check_lifecycle(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  for (auto& c : v.jobs) {
    if (!lifecycle_ok<Concrete>(v.pre, v.post, c.key, v.block))
      findings.violation("Q-LIFECYCLE", [&] {
        if (!c.cur) return job_text(c.key) + " was removed";
        if (!c.old) return job_text(c.key) + " was created " + status_name(c.cur->status) + ", not Registered";
        return job_text(c.key) + " moved " + status_name(c.old->status) + " → " + status_name(c.cur->status) +
               " at block " + std::to_string(v.block) + " in a call by " + v.caller_text();
      });
    if (!final_unchanged<Concrete>(v.pre, v.post, c.key))
      findings.violation("Q-LIFECYCLE", [&] { return job_text(c.key) + " changed after reaching a final status"; });
  }
  // No queue event for a job that was final before the step (every queue event's first
  // field is its job id).
  if (!v.called) return;
  const auto& events = v.step.result->events;
  const auto& emitters = v.step.result->emitters;
  for (std::size_t i = 0; i < events.size() && i < emitters.size(); ++i) {
    if (emitters[i] != v.at_queue || events[i].fields.empty()) continue;
    const Value& f0 = events[i].fields[0];
    if (!std::holds_alternative<U256>(f0.v)) continue;
    u128 j = u128(f0.as_int());
    if (final_at<Concrete>(v.pre, j))
      findings.violation("Q-LIFECYCLE", [&] {
        return "queue event " + events[i].spec->name + " for " + job_text(j) + ", final (" +
               status_name(queue(v.pre).jobs.entries.find(j)->status) + ")";
      });
  }
}

// The form: the same texts at a quantified job, and the path's queue events.
z3::expr lifecycle_form(const SSys& pre, const SEnv& env, const SpecPath& p) {
  auto j = quantified<SKey>("Q-LIFECYCLE.j");
  z3::expr ok = lifecycle_ok<ms::Symbolic>(pre, p.post, j, env.block).e && final_unchanged<ms::Symbolic>(pre, p.post, j).e;
  for (const auto& ev : p.events)
    if (ev.contract == ms::AiJobQueue::kName && !ev.fields.empty() && ev.fields[0].is_bv() &&
        ev.fields[0].get_sort().bv_size() == 128)
      ok = ok && !final_at<ms::Symbolic>(pre, SKey(ev.fields[0])).e;
  return ok;
}

// --- Q-ASSIGNED (restated) ------------------------------------------------------------------
const Invariant kAssigned{
    "Q-ASSIGNED", Kind::State,
    "A job in Assigned, InProgress, Completed, Disputed or Failed has an assigned provider; a Registered job has none.",
    "A job marked assigned without a provider (or registered with one) breaks who may start, complete and be paid "
    "for it, so work can be stranded or claimed by the wrong party.",
    "ai_job_queue", {"spec"}};

template <class D> Bool<D> assigned_ok(const ms::SpecSystem<D>& s, const U128<D>& j) {
  auto job = queue(s).jobs.get(j);
  auto st = job.value.status;
  Bool<D> needs = st == JobStatus::Assigned || st == JobStatus::InProgress || st == JobStatus::Completed ||
                  st == JobStatus::Disputed || st == JobStatus::Failed;
  return implies(job.some, implies(needs, job.value.assigned_provider.is_some()) &&
                               implies(st == JobStatus::Registered, job.value.assigned_provider.is_none()));
}

void check_assigned(const SpecStep& v, Findings& findings) {
  for (auto& c : v.jobs)
    if (c.cur && !assigned_ok<Concrete>(v.post, c.key))
      findings.violation("Q-ASSIGNED", [&] {
        return job_text(c.key) + " is " + status_name(c.cur->status) +
               (c.cur->assigned_provider.some ? " with a provider" : " without a provider");
      });
}

// --- Q-AUTH (restated) ----------------------------------------------------------------------
const Invariant kAuth{
    "Q-AUTH", Kind::Transition,
    "The owner assigns, cancels and disputes a job; the assigned provider starts it and completes a public one; only "
    "phala completes a private one (complete_attested, immediate caller phala); anyone expires it, only once block ≥ "
    "deadline; only the queue admin resolves a dispute.",
    "Without these checks anyone could assign, cancel, start, complete or settle someone else's job, and redirect "
    "the work or its payment.",
    "ai_job_queue", {"spec"}};

// Concrete: judged by the frame that ran the queue's message (its immediate caller).
void check_auth(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  for (auto& c : v.jobs) {
    if (!c.old || !c.cur || c.old->status == c.cur->status) continue;
    const Job& was = *c.old;
    const Job& now = *c.cur;
    auto by = [&](auto msg, std::string_view who, auto allowed) {
      using Msg = decltype(msg);
      auto fs = frames_running<Msg>(v);
      bool ok = !fs.empty() && std::all_of(fs.begin(), fs.end(), [&](const model::Frame* f) { return allowed(*f); });
      if (!ok)
        findings.violation("Q-AUTH", [&] {
          std::string callers;
          for (auto& f : v.frame_list())
            if (f.contract == v.at_queue && f.message->mutates)
              callers += " " + SpecStep::label(f) + " by " + f.caller.hex();
          return job_text(c.key) + " moved " + status_name(was.status) + " → " + status_name(now.status) + " not by " +
                 std::string(Msg::kLabel) + " of " + std::string(who) + " (queue frames:" + callers + ")";
        });
    };
    const Address& admin = queue(v.pre).admin;
    auto provider_is = [&](const model::Frame& f) { return was.assigned_provider.holds(f.caller); };
    auto owner_is = [&](const model::Frame& f) { return f.caller == was.owner; };
    auto admin_is = [&](const model::Frame& f) { return f.caller == admin; };
    switch (now.status) {
      case JobStatus::Assigned: by(q::AssignProvider{}, "the owner", owner_is); break;
      case JobStatus::InProgress:
        if (was.status == JobStatus::Disputed) by(q::ResolveDispute{}, "the admin", admin_is);
        else by(q::MarkInProgress{}, "the assigned provider", provider_is);
        break;
      case JobStatus::Completed:
        if (was.status == JobStatus::Disputed) by(q::ResolveDispute{}, "the admin", admin_is);
        else if (now.privacy_required)
          by(q::CompleteAttested{}, "phala", [&](const model::Frame& f) { return f.caller == v.at_phala; });
        else by(q::MarkCompleted{}, "the assigned provider", provider_is);
        break;
      case JobStatus::Cancelled: by(q::CancelJob{}, "the owner", owner_is); break;
      case JobStatus::Expired:
        by(q::ExpireJob{}, "anyone once block ≥ deadline", [&](const model::Frame&) { return v.block >= now.deadline; });
        break;
      case JobStatus::Disputed: by(q::DisputeJob{}, "the owner", owner_is); break;
      case JobStatus::Failed: by(q::ResolveDispute{}, "the admin", admin_is); break;
      case JobStatus::Registered:
        findings.violation("Q-AUTH", [&] { return job_text(c.key) + " went back to Registered"; });
        break;
    }
  }
}

// The form, beside the concrete check (which reads model::Frame): at a quantified job
// whose status the path changed, the frames of the message that may make that move all
// have the caller it names.
z3::expr auth_form(const SSys& pre, const SEnv& env, const SpecPath& p) {
  auto j = quantified<SKey>("Q-AUTH.j");
  auto was = queue(pre).jobs.get(j);
  auto now = queue(p.post).jobs.get(j);
  const auto& a = was.value.status;
  const auto& b = now.value.status;
  const ms::SAddr admin = queue(pre).admin;
  const ms::SAddr phala_at = pre.slot<ms::PhalaJobProcessor>().address;
  auto owner_is = [&](const SFrame& f) { return f.caller.e == was.value.owner.e; };
  auto provider_is = [&](const SFrame& f) { return was.value.assigned_provider.holds(f.caller).e; };
  auto admin_is = [&](const SFrame& f) { return f.caller.e == admin.e; };
  z3::expr moved = (was.some && now.some && a != b).e;
  auto when = [&](JobStatus to, const z3::expr& rule) { return z3::implies(moved && (b == to).e, rule); };
  return when(JobStatus::Assigned, every_frame<q::AssignProvider>(p, owner_is)) &&
         when(JobStatus::InProgress, z3::ite((a == JobStatus::Disputed).e, every_frame<q::ResolveDispute>(p, admin_is),
                                             every_frame<q::MarkInProgress>(p, provider_is))) &&
         when(JobStatus::Completed,
              z3::ite((a == JobStatus::Disputed).e, every_frame<q::ResolveDispute>(p, admin_is),
                      z3::ite(now.value.privacy_required.e,
                              every_frame<q::CompleteAttested>(p, [&](const SFrame& f) { return f.caller.e == phala_at.e; }),
                              every_frame<q::MarkCompleted>(p, provider_is)))) &&
         when(JobStatus::Cancelled, every_frame<q::CancelJob>(p, owner_is)) &&
         when(JobStatus::Expired,
              every_frame<q::ExpireJob>(p, [&](const SFrame&) { return (env.block >= now.value.deadline).e; })) &&
         when(JobStatus::Disputed, every_frame<q::DisputeJob>(p, owner_is)) &&
         when(JobStatus::Failed, every_frame<q::ResolveDispute>(p, admin_is)) &&
         !(moved && (b == JobStatus::Registered).e);
}

// --- Q-BUDGET (unchanged) -------------------------------------------------------------------
// Concrete: "the value paid with it" is the value of the submit_job frame that created it.
void check_budget(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  for (auto& c : v.jobs) {
    if (!c.cur) continue;
    if (c.old) {
      if (c.old->budget != c.cur->budget)
        findings.violation("Q-BUDGET", [&] {
          return job_text(c.key) + "'s budget changed from " + c.old->budget.str() + " to " + c.cur->budget.str();
        });
      continue;
    }
    auto fs = frames_running<q::SubmitJob>(v);
    bool paid = fs.size() == 1 && fs[0]->value == U256(c.cur->budget);
    if (!paid || c.cur->budget < queue(v.pre).min_budget)
      findings.violation("Q-BUDGET", [&] {
        return job_text(c.key) + " has budget " + c.cur->budget.str() + ", min_budget " +
               queue(v.pre).min_budget.str() + (fs.size() == 1 ? ", paid " + fs[0]->value.str() : ", no submit_job frame");
      });
  }
}

// The form, beside the concrete check (Q-BUDGET is judged per step: a job's budget is fixed
// by the step that creates it, and no later step changes it; with no job at the standard
// deployment, every job of every reachable state then meets it): at a quantified job j, a
// job the path creates has the budget its submit_job frame was paid, at least min_budget
// before the step; a stored job keeps its budget.
z3::expr budget_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  auto j = quantified<SKey>("Q-BUDGET.j");
  auto was = queue(pre).jobs.get(j);
  auto now = queue(p.post).jobs.get(j);
  z3::expr created = (was.is_none() && now.some).e;
  z3::expr paid = some_frame<q::SubmitJob>(p, [&](const SFrame& f) { return wide(f.value.e) == wide(now.value.budget.e); });
  return z3::implies((was.some && now.some).e, (was.value.budget == now.value.budget).e) &&
         z3::implies(created, paid && (now.value.budget >= queue(pre).min_budget).e);
}

// --- Q-DEADLINE (unchanged; state form) -------------------------------------------------------
template <class D> Bool<D> deadline_ok(const ms::SpecSystem<D>& s, const U128<D>& j) {
  auto job = queue(s).jobs.get(j);
  return implies(job.some, job.value.deadline > job.value.submitted_block);
}

void check_deadline(const SpecStep& v, Findings& findings) {
  for (auto& c : v.jobs)
    if (c.cur && !deadline_ok<Concrete>(v.post, c.key))
      findings.violation("Q-DEADLINE", [&] {
        return job_text(c.key) + "'s deadline " + std::to_string(c.cur->deadline) + " is not after its block " +
               std::to_string(c.cur->submitted_block);
      });
}
// Lemma for G-FUNDS-EXIT (and the X-EXIT exits of jobs): every stored job's status is one of
// JobStatus's eight variants (every write stores a literal variant or the status read back).
// Why it is needed: the symbolic status is a free byte, and a free state whose Locked job
// escrow belongs to a job of status 0x84 (no variant) has no exit the design names: a
// counterexample to "a locked job escrow's first exit" that no reachable state has.
template <class D> Bool<D> status_valid(const ms::SpecSystem<D>& s, const U128<D>& j) {
  auto job = queue(s).jobs.get(j);
  auto st = job.value.status;
  return implies(job.some, st == JobStatus::Registered || st == JobStatus::Assigned || st == JobStatus::InProgress ||
                               st == JobStatus::Completed || st == JobStatus::Disputed || st == JobStatus::Cancelled ||
                               st == JobStatus::Expired || st == JobStatus::Failed);
}
struct StatusValid {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return status_valid<D>(s, j); }
};
struct AssignedOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return assigned_ok<D>(s, j); }
};
struct DeadlineOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return deadline_ok<D>(s, j); }
};

}  // namespace

const SpecModule& queue_module() {
  static const SpecModule m{{kLifecycle, kAssigned, kAuth},
                            {"Q-BUDGET", "Q-DEADLINE"},
                            {{"Q-LIFECYCLE", check_lifecycle},
                             {"Q-ASSIGNED", check_assigned},
                             {"Q-AUTH", check_auth},
                             {"Q-BUDGET", check_budget},
                             {"Q-DEADLINE", check_deadline}},
                            {generic_form<AssignedOk>("Q-ASSIGNED", ""), generic_form<DeadlineOk>("Q-DEADLINE", "")},
                            {{"Q-LIFECYCLE", "moves, final records, no event for a final job", lifecycle_form},
                             {"Q-AUTH", "who makes each move", auth_form},
                             {"Q-BUDGET", "judged per step: set at creation, never changed", budget_form}},
                            {},
                            {generic_form<StatusValid>("G-FUNDS-EXIT", "lemma: a stored job's status is a JobStatus")}};
  return m;
}

}  // namespace meshcheck::invariants::spec
