// ai_job_queue's transition relation and invariants, branch for branch as
// model/ai_job_queue.cpp runs them.
#include "smt/ai_job_queue.hpp"

#include "model/ai_job_queue.hpp"

namespace meshcheck::smt {

namespace {
namespace aq = model::deployed::ai_job_queue;
using namespace ai_job_queue;

std::vector<FieldDecl> schema(z3::context& c) {
  z3::sort id = c.bv_sort(128), address = c.bv_sort(160), amount = c.bv_sort(128), flag = c.bool_sort();
  z3::sort text = sort_of(c, types::string());
  return {
      {kExists, c.array_sort(id, flag)},         {kId, c.array_sort(id, id)},
      {kOwner, c.array_sort(id, address)},       {kModelRef, c.array_sort(id, text)},
      {kDataRef, c.array_sort(id, text)},        {kBudget, c.array_sort(id, amount)},
      {kStatus, c.array_sort(id, c.bv_sort(8))}, {kHasProvider, c.array_sort(id, flag)},
      {kProvider, c.array_sort(id, address)},    {kDeadline, c.array_sort(id, c.bv_sort(32))},
      {kPrivacy, c.array_sort(id, flag)},        {kCounter, id},
      {kMinBudget, amount},                      {kAdmin, address},
  };
}

z3::expr status_val(z3::context& c, unsigned s) { return c.bv_val(s, 8); }

SymState from_model(z3::context& c, const model::ContractState& state, const U256& balance) {
  const auto& s = static_cast<const aq::State&>(state);
  SymState out = SymState::zeroed(c, schema(c), balance);
  for (auto& [job_id, j] : s.jobs.sorted()) {
    z3::expr key = bv_val(c, U256(job_id), 128);
    put(out, kExists, key, c.bool_val(true));
    put(out, kId, key, bv_val(c, U256(j.id), 128));
    put(out, kOwner, key, address_val(c, j.owner));
    put(out, kModelRef, key, string_val(c, j.model_ref));
    put(out, kDataRef, key, string_val(c, j.data_ref));
    put(out, kBudget, key, bv_val(c, U256(j.budget), 128));
    put(out, kStatus, key, status_val(c, static_cast<unsigned>(j.status)));
    put(out, kHasProvider, key, c.bool_val(j.assigned_provider.has_value()));
    if (j.assigned_provider) put(out, kProvider, key, address_val(c, *j.assigned_provider));
    put(out, kDeadline, key, c.bv_val(j.deadline, 32));
    put(out, kPrivacy, key, c.bool_val(j.privacy_required));
  }
  out.set(kCounter, bv_val(c, U256(s.job_counter), 128));
  out.set(kMinBudget, bv_val(c, U256(s.min_budget), 128));
  out.set(kAdmin, address_val(c, s.owner));
  return out;
}

// Writes a whole job at `key` (present from now on). An absent provider keeps the
// default address, as from_model leaves it, so that array equality is exact.
void write_job(SymState& s, const z3::expr& key, const z3::expr& id, const z3::expr& owner, const z3::expr& model_ref,
               const z3::expr& data_ref, const z3::expr& budget, const z3::expr& status, const z3::expr& has_provider,
               const z3::expr& provider, const z3::expr& deadline, const z3::expr& privacy) {
  put(s, kExists, key, s.ctx().bool_val(true));
  put(s, kId, key, id);
  put(s, kOwner, key, owner);
  put(s, kModelRef, key, model_ref);
  put(s, kDataRef, key, data_ref);
  put(s, kBudget, key, budget);
  put(s, kStatus, key, status);
  put(s, kHasProvider, key, has_provider);
  put(s, kProvider, key, z3::ite(has_provider, provider, zero_of(provider.get_sort())));
  put(s, kDeadline, key, deadline);
  put(s, kPrivacy, key, privacy);
}


const model::EventSpec* event(const char* name) { return aq::spec().event(name); }

// A JobStatus value (a unit-only enum: just its variant tag) as JobStatusChanged carries it.
SymValue status_value(z3::context& c, unsigned s) {
  return SymValue{event("JobStatusChanged")->fields[1].type, std::nullopt, c.bv_val(s, 32), {}};
}

std::vector<SymBranch> submit_job(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& model_ref = args[0].expr();
  const z3::expr& data_ref = args[1].expr();
  const z3::expr& deadline = args[2].expr();
  const z3::expr& privacy = args[3].expr();
  // transferred_value() is a U256 on ink! 6; as_u128() panics above u128::MAX.
  z3::expr above = z3::ugt(env.value, bv_val(c, kU128MaxAsU256, 256));
  z3::expr payment = env.value.extract(127, 0);
  z3::expr below = z3::ult(payment, pre[kMinBudget]);
  z3::expr late = !z3::ugt(deadline, env.block);
  z3::expr go = !above && !below && !late;
  // saturating_add: at u128::MAX the id MAX is issued again and overwrites that job.
  z3::expr saturated = pre[kCounter] == bv_val(c, U256(kU128Max), 128);
  z3::expr job_id = saturating_add(pre[kCounter], c.bv_val(1, 128));
  SymState post = pre;
  post.set(kCounter, job_id);
  write_job(post, job_id, job_id, env.caller, model_ref, data_ref, payment, status_val(c, kRegistered),
            c.bool_val(false), zero_of(c.bv_sort(160)), deadline, privacy);
  using Branch = aq::SubmitJobBranch;
  auto ok = [&](Branch branch, const z3::expr& guard) {
    SymBranch b = returns(branch, guard, post, u128_value(job_id));
    b.events = {{event("JobSubmitted"), {u128_value(job_id), h160_value(env.caller), u128_value(payment)}}};
    return b;
  };
  return {revert_branch(Branch::kValueAboveU128, above, pre),
          revert_branch(Branch::kBelowMinBudget, !above && below, pre),
          revert_branch(Branch::kDeadlineNotAfterBlock, !above && !below && late, pre),
          ok(Branch::kCounterSaturated, go && saturated), ok(Branch::kOk, go && !saturated)};
}

std::vector<SymBranch> assign_provider(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& job_id = args[0].expr();
  const z3::expr& provider = args[1].expr();
  z3::expr exists = at(pre, kExists, job_id);
  z3::expr owner = env.caller == at(pre, kOwner, job_id);
  z3::expr registered = at(pre, kStatus, job_id) == status_val(c, kRegistered);
  SymState post = pre;
  put(post, kHasProvider, job_id, c.bool_val(true));
  put(post, kProvider, job_id, provider);
  put(post, kStatus, job_id, status_val(c, kAssigned));
  using Branch = aq::AssignProviderBranch;
  SymBranch ok = returns(Branch::kOk, exists && owner && registered, post, true);
  ok.events = {{event("JobAssigned"), {u128_value(job_id), h160_value(provider)}}};
  return {returns(Branch::kNoJob, !exists, pre, false), returns(Branch::kNotOwner, exists && !owner, pre, false),
          returns(Branch::kNotRegistered, exists && owner && !registered, pre, false), ok};
}

// `job.assigned_provider != caller` on an Option<H160>: None differs from every caller.
z3::expr is_assigned_provider(const SymState& s, const z3::expr& job_id, const z3::expr& caller) {
  return at(s, kHasProvider, job_id) && at(s, kProvider, job_id) == caller;
}

std::vector<SymBranch> mark_in_progress(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& job_id = args[0].expr();
  z3::expr exists = at(pre, kExists, job_id);
  z3::expr provider = is_assigned_provider(pre, job_id, env.caller);
  z3::expr assigned = at(pre, kStatus, job_id) == status_val(c, kAssigned);
  SymState post = pre;
  put(post, kStatus, job_id, status_val(c, kInProgress));
  using Branch = aq::MarkInProgressBranch;
  SymBranch ok = returns(Branch::kOk, exists && provider && assigned, post, true);
  ok.events = {{event("JobStatusChanged"), {u128_value(job_id), status_value(c, kInProgress)}}};
  return {returns(Branch::kNoJob, !exists, pre, false), returns(Branch::kNotProvider, exists && !provider, pre, false),
          returns(Branch::kNotAssigned, exists && provider && !assigned, pre, false), ok};
}

std::vector<SymBranch> mark_completed(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& job_id = args[0].expr();
  const z3::expr& result_hash = args[1].expr();
  z3::expr exists = at(pre, kExists, job_id);
  z3::expr provider = is_assigned_provider(pre, job_id, env.caller);
  z3::expr in_progress = at(pre, kStatus, job_id) == status_val(c, kInProgress);
  SymState post = pre;
  put(post, kStatus, job_id, status_val(c, kCompleted));
  using Branch = aq::MarkCompletedBranch;
  SymBranch ok = returns(Branch::kOk, exists && provider && in_progress, post, true);
  ok.events = {
      {event("JobCompleted"), {u128_value(job_id), h160_value(env.caller), string_value(result_hash)}}};
  return {returns(Branch::kNoJob, !exists, pre, false), returns(Branch::kNotProvider, exists && !provider, pre, false),
          returns(Branch::kNotInProgress, exists && provider && !in_progress, pre, false), ok};
}

std::vector<SymBranch> cancel_job(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& job_id = args[0].expr();
  z3::expr exists = at(pre, kExists, job_id);
  z3::expr owner = env.caller == at(pre, kOwner, job_id);
  z3::expr completed = at(pre, kStatus, job_id) == status_val(c, kCompleted);
  z3::expr cancelled = at(pre, kStatus, job_id) == status_val(c, kCancelled);
  // Only Completed is refused: a Cancelled job is cancelled again (same state, one more
  // event). The budget is not refunded.
  SymState post = pre;
  put(post, kStatus, job_id, status_val(c, kCancelled));
  using Branch = aq::CancelJobBranch;
  std::vector<SymEvent> events{{event("JobCancelled"), {u128_value(job_id)}}};
  SymBranch again = returns(Branch::kAgain, exists && owner && cancelled, post, true);
  again.events = events;
  SymBranch ok = returns(Branch::kOk, exists && owner && !completed && !cancelled, post, true);
  ok.events = events;
  return {returns(Branch::kNoJob, !exists, pre, false), returns(Branch::kNotOwner, exists && !owner, pre, false),
          returns(Branch::kCompleted, exists && owner && completed, pre, false), again, ok};
}

std::vector<SymBranch> set_min_budget(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::expr owner = env.caller == pre[kAdmin];
  SymState post = pre;
  post.set(kMinBudget, args[0].expr());
  using Branch = aq::SetMinBudgetBranch;
  return {returns(Branch::kNotOwner, !owner, pre, false), returns(Branch::kOk, owner, post, true)};
}

std::vector<SymMessage> messages(z3::context&) {
  const auto& spec = aq::spec();
  return {
      {spec.message("submit_job"), submit_job},
      {spec.message("assign_provider"), assign_provider},
      {spec.message("mark_in_progress"), mark_in_progress},
      {spec.message("mark_completed"), mark_completed},
      {spec.message("cancel_job"), cancel_job},
      {spec.message("set_min_budget"), set_min_budget},
  };
}

// --- invariants ---------------------------------------------------------------------
// Each predicate reads the concrete check (invariants/ai_job_queue.cpp) literally. That
// check looks at the jobs a step changed (PMap::diff: added, removed, or any field
// different); `changed` below is that test.

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
z3::expr changed(const SymState& a, const SymState& b, const z3::expr& k) {
  z3::expr differs = at(a, kId, k) != at(b, kId, k) || at(a, kOwner, k) != at(b, kOwner, k) ||
                     at(a, kModelRef, k) != at(b, kModelRef, k) || at(a, kDataRef, k) != at(b, kDataRef, k) ||
                     at(a, kBudget, k) != at(b, kBudget, k) || at(a, kStatus, k) != at(b, kStatus, k) ||
                     at(a, kHasProvider, k) != at(b, kHasProvider, k) ||
                     (at(a, kHasProvider, k) && at(a, kProvider, k) != at(b, kProvider, k)) ||
                     at(a, kDeadline, k) != at(b, kDeadline, k) || at(a, kPrivacy, k) != at(b, kPrivacy, k);
  return at(a, kExists, k) != at(b, kExists, k) || (at(a, kExists, k) && differs);
}

z3::expr job_key(z3::context& c) { return c.constant("job_id", c.bv_sort(128)); }

z3::expr ids_in_range(const SymState& s) {
  z3::context& c = s.ctx();
  z3::expr k = job_key(c);
  return z3::forall(k, z3::implies(at(s, kExists, k), k != c.bv_val(0, 128) && z3::ule(k, s[kCounter])));
}

std::vector<SymInvariant> invariants(z3::context& c) {
  std::vector<SymInvariant> out;
  // Q-LIFECYCLE: status moves only Registered→Assigned→InProgress→Completed, or from
  // Registered, Assigned or InProgress to Cancelled; Completed and Cancelled are final:
  // no call changes such a job or emits an event for it. (No job is ever removed, and a
  // new job starts Registered.)
  out.push_back({"Q-LIFECYCLE", "", nullptr, [&c](const SymStep& s) {
                   const SymState& pre = s.pre;
                   const SymState& post = s.branch.post;
                   z3::expr k = job_key(c);
                   z3::expr was = at(pre, kExists, k), is = at(post, kExists, k);
                   z3::expr from = at(pre, kStatus, k), to = at(post, kStatus, k);
                   z3::expr jobs = z3::forall(
                       k, z3::implies(was, is) &&
                              z3::implies(!was && is, to == status_val(c, kRegistered)) &&
                              z3::implies(was && is && changed(pre, post, k), !is_final(from) && allowed_move(from, to)));
                   // Every ai_job_queue event starts with the job id.
                   z3::expr events = c.bool_val(true);
                   for (auto& e : s.branch.events) {
                     const z3::expr& id = e.fields[0].expr();
                     events = events && !(at(pre, kExists, id) && is_final(at(pre, kStatus, id)));
                   }
                   return jobs && events;
                 }});
  // Q-ASSIGNED: a job in Assigned, InProgress or Completed has an assigned provider; a
  // Registered job has none.
  out.push_back({"Q-ASSIGNED", "", [&c](const SymState& s) {
                   z3::expr k = job_key(c);
                   z3::expr st = at(s, kStatus, k);
                   z3::expr needs = st == status_val(c, kAssigned) || st == status_val(c, kInProgress) ||
                                    st == status_val(c, kCompleted);
                   return z3::forall(k, z3::implies(at(s, kExists, k),
                                                    z3::implies(needs, at(s, kHasProvider, k)) &&
                                                        z3::implies(st == status_val(c, kRegistered),
                                                                    !at(s, kHasProvider, k))));
                 },
                 nullptr});
  // Q-AUTH: only the job's owner assigns or cancels it; only its assigned provider starts
  // or completes it. (A job is submitted by its owner: a new job's owner is the caller.)
  out.push_back({"Q-AUTH", "", nullptr, [&c](const SymStep& s) {
                   const SymState& pre = s.pre;
                   const SymState& post = s.branch.post;
                   const z3::expr& caller = s.env.caller;
                   z3::expr k = job_key(c);
                   z3::expr was = at(pre, kExists, k), is = at(post, kExists, k);
                   z3::expr to = at(post, kStatus, k);
                   z3::expr owner_move = to == status_val(c, kAssigned) || to == status_val(c, kCancelled);
                   z3::expr provider_move = to == status_val(c, kInProgress) || to == status_val(c, kCompleted);
                   z3::expr moved = was && is && at(pre, kStatus, k) != to;
                   return z3::forall(
                       k, z3::implies(!was && is, at(post, kOwner, k) == caller) &&
                              z3::implies(moved && owner_move, caller == at(pre, kOwner, k)) &&
                              z3::implies(moved && provider_move, is_assigned_provider(pre, k, caller)));
                 }});
  // Q-BUDGET: a job's budget equals the value paid with it and was at least the
  // min_budget in force when it was submitted. Checked as the concrete check does: on
  // the step that submits a job (its budget is the call's value, at least the min_budget
  // before the call), and on every later write (the budget is unchanged).
  out.push_back({"Q-BUDGET", "", nullptr, [&c](const SymStep& s) {
                   const SymState& pre = s.pre;
                   const SymState& post = s.branch.post;
                   z3::expr k = job_key(c);
                   z3::expr was = at(pre, kExists, k), is = at(post, kExists, k);
                   z3::expr budget = at(post, kBudget, k);
                   unsigned value_width = s.env.value.get_sort().bv_size();
                   return z3::forall(
                       k, z3::implies(!was && is,
                                      widen(budget, value_width) == s.env.value && z3::uge(budget, pre[kMinBudget])) &&
                              z3::implies(was && is, budget == at(pre, kBudget, k)));
                 }});
  // Q-DEADLINE: a job's deadline is after the block it was submitted in. Checked on the
  // step that submits it, as the concrete check does.
  out.push_back({"Q-DEADLINE", "", nullptr, [&c](const SymStep& s) {
                   const SymState& pre = s.pre;
                   const SymState& post = s.branch.post;
                   z3::expr k = job_key(c);
                   return z3::forall(k, z3::implies(!at(pre, kExists, k) && at(post, kExists, k),
                                                    z3::ugt(at(post, kDeadline, k), s.env.block)));
                 }});
  // G-COUNTER (ai_job_queue's part): job_counter never decreases, and every job a step
  // writes has its id in 1..job_counter.
  out.push_back({"G-COUNTER", "", nullptr, [&c](const SymStep& s) {
                   const SymState& pre = s.pre;
                   const SymState& post = s.branch.post;
                   z3::expr k = job_key(c);
                   z3::expr in_range = k != c.bv_val(0, 128) && z3::ule(k, post[kCounter]);
                   return z3::uge(post[kCounter], pre[kCounter]) &&
                          z3::forall(k, z3::implies(at(post, kExists, k) && changed(pre, post, k), in_range));
                 }});
  // Lemmas the proofs may lean on once proved.
  // Without it, a state with a stored job at job_counter + 1 is a counterexample to
  // induction for every invariant that a submission overwriting that job would break.
  out.push_back({"ai_job_queue/ids-in-range", "every stored job id lies in 1..job_counter",
                 [](const SymState& s) { return ids_in_range(s); }, nullptr});
  return out;
}

}  // namespace

const ContractEncoding& ai_job_queue_encoding() {
  static const ContractEncoding e{&aq::spec(), schema, from_model, messages, invariants};
  return e;
}

}  // namespace meshcheck::smt
