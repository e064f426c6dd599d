// ai_job_queue's transition relation, branch for branch as model/ai_job_queue.cpp runs
// it. Its invariants' Z3 predicates are in invariants/ai_job_queue.cpp.
#include "smt/ai_job_queue.hpp"

#include "model/ai_job_queue.hpp"
#include "mutation/ai_job_queue.hpp"
#include "mutation/symbolic.hpp"

namespace meshcheck::smt {

namespace {
namespace aq = model::deployed::ai_job_queue;
using namespace ai_job_queue;
// The mutation sites, as model/ai_job_queue.cpp reads them (mutation/ai_job_queue.hpp).
namespace mut = mutation;
using Site = mutation::ai_job_queue::Site;

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
  z3::expr below = mut::less(Site::kSubmitBelowMin, payment, pre[kMinBudget], false);
  z3::expr late = mut::less(Site::kSubmitDeadline, deadline, env.block, true);
  z3::expr go = !above && !below && !late;
  // saturating_add: at u128::MAX the id MAX is issued again and overwrites that job.
  z3::expr saturated = pre[kCounter] == bv_val(c, U256(kU128Max), 128);
  z3::expr job_id = mut::add(Site::kSubmitCounter, pre[kCounter], c.bv_val(1, 128));
  SymState post = pre;
  post.set(kCounter, job_id);
  if (mut::writes(Site::kSubmitWrite))
    write_job(post, job_id, job_id, env.caller, model_ref, data_ref, payment, status_val(c, kRegistered),
              c.bool_val(false), zero_of(c.bv_sort(160)), deadline, privacy);
  using Branch = aq::SubmitJobBranch;
  auto ok = [&](Branch branch, const z3::expr& guard) {
    SymBranch b = returns(branch, guard, post, u128_value(job_id));
    if (mut::emits(Site::kSubmitEvent))
      b.events = {{event("JobSubmitted"),
                   {u128_value(job_id), h160_value(env.caller),
                    u128_value(mut::field(Site::kSubmitEvent, payment))}}};
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
  z3::expr not_owner = mut::guard(Site::kAssignNotOwner, env.caller != at(pre, kOwner, job_id));
  z3::expr not_registered =
      mut::guard(Site::kAssignNotRegistered, at(pre, kStatus, job_id) != status_val(c, kRegistered));
  SymState post = pre;
  if (mut::writes(Site::kAssignWrite)) {
    put(post, kHasProvider, job_id, c.bool_val(true));
    put(post, kProvider, job_id, provider);
    put(post, kStatus, job_id, status_val(c, kAssigned));
  }
  using Branch = aq::AssignProviderBranch;
  SymBranch ok =
      returns(Branch::kOk, exists && !not_owner && !not_registered, post, mut::returned(Site::kAssignReturn, true));
  if (mut::emits(Site::kAssignEvent))
    ok.events = {{event("JobAssigned"), {u128_value(job_id), h160_value(mut::field(Site::kAssignEvent, provider))}}};
  return {returns(Branch::kNoJob, !exists, pre, false), returns(Branch::kNotOwner, exists && not_owner, pre, false),
          returns(Branch::kNotRegistered, exists && !not_owner && not_registered, pre, false), ok};
}

std::vector<SymBranch> mark_in_progress(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& job_id = args[0].expr();
  z3::expr exists = at(pre, kExists, job_id);
  z3::expr not_provider = mut::guard(Site::kProgressNotProvider, !is_assigned_provider(pre, job_id, env.caller));
  z3::expr not_assigned =
      mut::guard(Site::kProgressNotAssigned, at(pre, kStatus, job_id) != status_val(c, kAssigned));
  SymState post = pre;
  if (mut::writes(Site::kProgressWrite)) put(post, kStatus, job_id, status_val(c, kInProgress));
  using Branch = aq::MarkInProgressBranch;
  SymBranch ok =
      returns(Branch::kOk, exists && !not_provider && !not_assigned, post, mut::returned(Site::kProgressReturn, true));
  ok.events = {{event("JobStatusChanged"), {u128_value(job_id), status_value(c, kInProgress)}}};
  return {returns(Branch::kNoJob, !exists, pre, false),
          returns(Branch::kNotProvider, exists && not_provider, pre, false),
          returns(Branch::kNotAssigned, exists && !not_provider && not_assigned, pre, false), ok};
}

std::vector<SymBranch> mark_completed(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& job_id = args[0].expr();
  const z3::expr& result_hash = args[1].expr();
  z3::expr exists = at(pre, kExists, job_id);
  z3::expr not_provider = mut::guard(Site::kCompleteNotProvider, !is_assigned_provider(pre, job_id, env.caller));
  z3::expr not_in_progress =
      mut::guard(Site::kCompleteNotInProgress, at(pre, kStatus, job_id) != status_val(c, kInProgress));
  SymState post = pre;
  if (mut::writes(Site::kCompleteWrite)) put(post, kStatus, job_id, status_val(c, kCompleted));
  using Branch = aq::MarkCompletedBranch;
  SymBranch ok = returns(Branch::kOk, exists && !not_provider && !not_in_progress, post,
                         mut::returned(Site::kCompleteReturn, true));
  if (mut::emits(Site::kCompleteEvent))
    ok.events = {{event("JobCompleted"),
                  {u128_value(job_id), h160_value(mut::field(Site::kCompleteEvent, env.caller)),
                   string_value(result_hash)}}};
  return {returns(Branch::kNoJob, !exists, pre, false),
          returns(Branch::kNotProvider, exists && not_provider, pre, false),
          returns(Branch::kNotInProgress, exists && !not_provider && not_in_progress, pre, false), ok};
}

std::vector<SymBranch> cancel_job(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& job_id = args[0].expr();
  z3::expr exists = at(pre, kExists, job_id);
  z3::expr not_owner = mut::guard(Site::kCancelNotOwner, env.caller != at(pre, kOwner, job_id));
  z3::expr completed = mut::guard(Site::kCancelCompleted, at(pre, kStatus, job_id) == status_val(c, kCompleted));
  z3::expr cancelled = at(pre, kStatus, job_id) == status_val(c, kCancelled);
  // Only Completed is refused: a Cancelled job is cancelled again (same state, one more
  // event). The budget is not refunded.
  SymState post = pre;
  if (mut::writes(Site::kCancelWrite)) put(post, kStatus, job_id, status_val(c, kCancelled));
  using Branch = aq::CancelJobBranch;
  std::vector<SymEvent> events;
  if (mut::emits(Site::kCancelEvent))
    events.push_back({event("JobCancelled"), {u128_value(mut::field(Site::kCancelEvent, job_id))}});
  const bool returned = mut::returned(Site::kCancelReturn, true);
  SymBranch again = returns(Branch::kAgain, exists && !not_owner && !completed && cancelled, post, returned);
  again.events = events;
  SymBranch ok = returns(Branch::kOk, exists && !not_owner && !completed && !cancelled, post, returned);
  ok.events = events;
  return {returns(Branch::kNoJob, !exists, pre, false), returns(Branch::kNotOwner, exists && not_owner, pre, false),
          returns(Branch::kCompleted, exists && !not_owner && completed, pre, false), again, ok};
}

std::vector<SymBranch> set_min_budget(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::expr not_owner = mut::guard(Site::kMinBudgetNotOwner, env.caller != pre[kAdmin]);
  SymState post = pre;
  if (mut::writes(Site::kMinBudgetWrite)) post.set(kMinBudget, args[0].expr());
  using Branch = aq::SetMinBudgetBranch;
  return {returns(Branch::kNotOwner, not_owner, pre, false),
          returns(Branch::kOk, !not_owner, post, mut::returned(Site::kMinBudgetReturn, true))};
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

}  // namespace

const ContractEncoding& ai_job_queue_encoding() {
  static const ContractEncoding e{&aq::spec(), schema, from_model, messages};
  return e;
}

}  // namespace meshcheck::smt
