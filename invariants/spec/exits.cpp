// The spec profile's enabledness invariants: X-DEADLINE, X-EXIT and G-FUNDS-EXIT's spec
// form. The prover judges them from every state satisfying the invariants; on a run,
// the Monitor checks them concretely after each step, for the entities the step touched
// (a check costs what the step changed): it runs the exit call(s) on a copy of the world
// (O(1): persistent maps) and requires them to succeed and pay as stated.
#include "invariants/spec/spec.hpp"
#include "model/world.hpp"

namespace meshcheck::invariants::spec {

TryResult try_call(const model::World& world, const Address& contract, std::string_view label, const Address& caller,
                   std::vector<Value> args, u32 block, u64 now, const U256& value) {
  TryResult out;
  const model::Instance* inst = world.instance(contract);
  if (!inst) return out;
  const model::MessageSpec* msg = nullptr;
  for (auto& m : inst->spec->messages)
    if (m.label == label) msg = &m;
  if (!msg) return out;
  model::World copy = world;
  out.call = model::Call{contract, caller, value, msg, std::move(args), std::max(block, world.block()),
                         std::max(now, world.timestamp())};
  try {
    out.result = copy.call(out.call);
  } catch (const std::exception& e) {
    out.result.outcome = model::Outcome::revert(std::string("not a call: ") + e.what());
  }
  out.ran = true;
  out.after.emplace(std::move(copy));
  return out;
}

namespace {
namespace q = ms::ai_job_queue;
namespace pe = ms::payment_escrow;
namespace cpr = ms::compute_provider_registry;
namespace mp = ms::mev_protection;
using ms::IntentStatus;
using ms::JobStatus;

// Any account outside the system: expire_job is anyone's.
const Address kAnyone = Address::filled(AddressKind::H160, 0x99);

bool ok(const TryResult& r) { return r.ran && !r.result.outcome.reverted; }
std::string why(const TryResult& r) { return r.ran ? r.result.outcome.reason : std::string("no such message"); }
bool pays(const TryResult& r, const Address& payer, const Address& to, const U256& amount) {
  const auto& ts = r.result.transfers;
  for (std::size_t i = 0; i < ts.size(); ++i)
    if (ts[i].to == to && ts[i].amount == amount && i < r.result.payers.size() && r.result.payers[i] == payer) return true;
  return false;
}
bool open(JobStatus s) { return s == JobStatus::Registered || s == JobStatus::Assigned || s == JobStatus::InProgress; }

// The name of the system contract at `a`, or "" for an account. A contract signs no
// top-level call: it calls only through its own code, and no contract's code calls
// withdraw_rewards or execute_batch. So an exit whose caller must be a contract (a
// claimable balance credited to one, a token transferred to one; an executor set to one)
// is never enabled: try_call would sign it as the contract, which no run can do. The
// design as first written let both happen; the amended design refuses both (transfer and
// set_executor: NotAnAccount), and these checks still report the lock on any state that
// has it (docs/spec-profile-design.md §7, the finding and the amendment).
std::string system_contract(const SpecStep& v, const Address& a) {
  const std::pair<const Address*, const char*> all[] = {
      {&v.at_queue, "ai_job_queue"},    {&v.at_escrow, "payment_escrow"},        {&v.at_registry, "compute_provider_registry"},
      {&v.at_nft, "data_nft_registry"}, {&v.at_phala, "phala_job_processor"}, {&v.at_mev, "mev_protection"}};
  for (auto& c : all)
    if (*c.first == a) return c.second;
  return "";
}

// --- X-DEADLINE -----------------------------------------------------------------------------------
const Invariant kDeadline{
    "X-DEADLINE", Kind::Messages,
    "In every reachable state, for every job in Registered, Assigned or InProgress and every call environment with "
    "block ≥ deadline, expire_job(j) by any caller succeeds and pays exactly budget to the owner.",
    "A deadline is the owner's guarantee that a job nobody finishes gives the money back; if expiry can fail, the "
    "budget is stranded with a provider who never delivered.",
    "", {"spec"}};

// Concrete: for each open job the step touched, at block max(now, deadline), by an
// account outside the system.
void check_deadline(const SpecStep& v, Findings& findings) {
  for (auto& c : v.jobs) {
    if (!c.cur || !open(c.cur->status)) continue;
    TryResult r = try_call(v.step.after, v.at_queue, q::ExpireJob::kLabel, kAnyone, {Value(c.key)}, c.cur->deadline);
    if (!ok(r) || !pays(r, v.at_escrow, c.cur->owner, U256(c.cur->budget)))
      findings.violation("X-DEADLINE", [&] {
        return "expire_job(" + c.key.str() + ") at block " + std::to_string(std::max(c.cur->deadline, v.block)) +
               (ok(r) ? std::string(" did not pay the budget ") + c.cur->budget.str() + " to the owner" : " failed: " + why(r));
      });
  }
}

// --- X-EXIT ---------------------------------------------------------------------------------------
const Invariant kExit{
    "X-EXIT", Kind::Messages,
    "Every locked unit has an enabled exit: Disputed → resolve_dispute(j, false) by the queue admin succeeds; "
    "Completed-unpaid → dispute_job by the owner succeeds; Pending intent → cancel_intent by its user succeeds; batch "
    "next_batch (if ≤ batch_counter) → execute_batch by the executor succeeds; claimable[a] > 0 → withdraw_rewards by "
    "a succeeds; inactive provider past unbonding with stake > 0 → withdraw_stake(stake) succeeds.",
    "Value that no call can move out is lost to its owner; every lock the design creates must keep a way out that "
    "no other party can block.",
    "", {"spec"}};

void check_exit(const SpecStep& v, Findings& findings) {
  const model::World& w = v.step.after;
  auto fail = [&](const std::string& what, const TryResult& r) {
    findings.violation("X-EXIT", [&] { return what + " failed: " + why(r); });
  };
  for (auto& c : v.jobs) {
    if (!c.cur) continue;
    if (c.cur->status == JobStatus::Disputed) {
      TryResult r = try_call(w, v.at_queue, q::ResolveDispute::kLabel, queue(v.post).admin, {Value(c.key), Value(false)});
      if (!ok(r)) fail("resolve_dispute(" + c.key.str() + ", false) by the admin", r);
    }
    const Escrow* e = escrow(v.post).jobs.entries.find(c.key);
    if (c.cur->status == JobStatus::Completed && e && e->status == ms::EscrowStatus::Locked) {
      TryResult r = try_call(w, v.at_queue, q::DisputeJob::kLabel, c.cur->owner, {Value(c.key)});
      if (!ok(r)) fail("dispute_job(" + c.key.str() + ") by the owner of a Completed, unpaid job", r);
    }
  }
  for (auto& c : v.intents) {
    if (!c.cur || c.cur->status != IntentStatus::Pending) continue;
    TryResult r = try_call(w, v.at_mev, mp::CancelIntent::kLabel, c.cur->user, {Value(c.key)});
    if (!ok(r)) fail("cancel_intent(" + c.key.str() + ") by its user", r);
  }
  const auto& m = mev(v.post);
  bool batches_touched = !v.batches.empty() || !v.intents.empty() || m.next_batch != mev(v.pre).next_batch ||
                         m.executor != mev(v.pre).executor;
  if (batches_touched && m.next_batch <= m.batch_counter && m.batches.contains(m.next_batch)) {
    if (std::string held = system_contract(v, m.executor); !held.empty()) {
      findings.violation("X-EXIT", [&] {
        return "execute_batch(" + m.next_batch.str() + ") is never enabled: the executor is " + held +
               ", which signs no call (locked for good)";
      });
    } else {
      TryResult r = try_call(w, v.at_mev, mp::ExecuteBatch::kLabel, m.executor,
                             {Value(m.next_batch), Value(u128(0)), Value(std::string())});
      if (!ok(r)) fail("execute_batch(" + m.next_batch.str() + ") by the executor", r);
    }
  }
  for (auto& c : v.claimable) {
    if (!c.cur || *c.cur == 0) continue;
    if (std::string held = system_contract(v, c.key); !held.empty()) {
      findings.violation("X-EXIT", [&] {
        return "claimable[" + held + "] = " + c.cur->str() +
               " is never withdrawable: no contract calls withdraw_rewards (locked for good)";
      });
      continue;
    }
    TryResult r = try_call(w, v.at_escrow, pe::WithdrawRewards::kLabel, c.key, {});
    if (!ok(r) || !pays(r, v.at_escrow, c.key, U256(*c.cur))) fail("withdraw_rewards by " + c.key.hex(), r);
  }
  for (auto& c : v.providers) {
    if (!c.cur || c.cur->is_active || c.cur->stake == 0) continue;
    u32 free_at = u32(std::min<u64>(u64(c.cur->deactivated_at) + ms::kUnbondingBlocks, 0xffffffffu));
    TryResult r = try_call(w, v.at_registry, cpr::WithdrawStake::kLabel, c.key, {Value(c.cur->stake)}, free_at);
    if (!ok(r) || !pays(r, v.at_registry, c.key, U256(c.cur->stake)))
      fail("withdraw_stake(" + c.cur->stake.str() + ") by inactive provider " + c.key.hex() + " after unbonding", r);
  }
}

// --- G-FUNDS-EXIT (unchanged; decided per value-accepting contract) ---------------------------------
// Concrete: the forwarders keep nothing a call gave them (X-FORWARD's balance part), and every
// value the escrow or the registry holds for an entity the step touched leaves by a short
// sequence of calls its owner (or anyone, for expiry) can make on a copy of the world.
void check_funds_exit(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  auto stuck = [&](const std::string& what) { findings.violation("G-FUNDS-EXIT", [&] { return what; }); };
  if (v.step.kind == StepKind::Call)
    for (const Address& a : {v.at_queue, v.at_nft, v.at_mev, v.at_phala})
      if (v.balance_after(a) > v.balance_before(a)) stuck("forwarder " + a.hex() + " kept value a call gave it");
  const model::World& w = v.step.after;
  const Address& admin = queue(v.post).admin;
  for (auto& c : v.escrows) {
    if (!c.cur || c.cur->status != ms::EscrowStatus::Locked) continue;
    const Job* job = queue(v.post).jobs.entries.find(c.key);
    if (!job) { stuck("the locked escrow of " + job_text(c.key) + " has no job"); continue; }
    TryResult r;
    if (open(job->status)) {
      r = try_call(w, v.at_queue, q::ExpireJob::kLabel, kAnyone, {Value(c.key)}, job->deadline);
    } else if (job->status == JobStatus::Disputed) {
      r = try_call(w, v.at_queue, q::ResolveDispute::kLabel, admin, {Value(c.key), Value(false)});
    } else if (job->status == JobStatus::Completed) {
      r = try_call(w, v.at_queue, q::DisputeJob::kLabel, job->owner, {Value(c.key)});
      if (ok(r)) r = try_call(*r.after, v.at_queue, q::ResolveDispute::kLabel, admin, {Value(c.key), Value(false)});
    }
    if (!ok(r) || !pays(r, v.at_escrow, c.cur->payer, U256(c.cur->amount)))
      stuck("the locked escrow of " + job_text(c.key) + " (" + c.cur->amount.str() + ") has no way out: " + why(r));
  }
  {
    // A batch waiting for an executor that is a contract: its intents' capital (Locked,
    // no longer cancellable) can never leave. Judged when the batches or the executor change.
    const auto& m = mev(v.post);
    const bool touched = !v.batches.empty() || !v.intents.empty() || m.next_batch != mev(v.pre).next_batch ||
                         m.executor != mev(v.pre).executor;
    const std::string held = system_contract(v, m.executor);
    if (touched && !held.empty() && m.next_batch <= m.batch_counter && m.batches.contains(m.next_batch))
      stuck("batch " + m.next_batch.str() + " and its intents' capital have no way out: the executor is " + held +
            ", which signs no call (locked for good)");
  }
  for (auto& c : v.capital) {
    if (!c.cur || c.cur->status != ms::EscrowStatus::Locked) continue;
    const Intent* in = mev(v.post).intents.entries.find(c.key);
    if (!in) { stuck("the locked capital of intent " + c.key.str() + " has no intent"); continue; }
    TryResult r;
    if (in->status == IntentStatus::Pending) {
      r = try_call(w, v.at_mev, mp::CancelIntent::kLabel, in->user, {Value(c.key)});
    } else if (in->batch_id.some && !system_contract(v, mev(v.post).executor).empty()) {
      stuck("the locked capital of intent " + c.key.str() + " has no way out: its batch needs the executor, " +
            system_contract(v, mev(v.post).executor) + ", which signs no call (locked for good)");
      continue;
    } else if (in->batch_id.some) {
      // Execute (failing) the batches in order up to its own: each refunds its intents.
      const auto& m = mev(v.post);
      const model::World* at = &w;
      for (u128 b = m.next_batch; b <= in->batch_id.value && b <= m.batch_counter; b = b + 1) {
        r = try_call(*at, v.at_mev, mp::ExecuteBatch::kLabel, m.executor, {Value(b), Value(u128(0)), Value(std::string())});
        if (!ok(r)) break;
        at = &*r.after;
        if (b - m.next_batch > u128(ms::kMaxBatchSize * 8)) break;  // bounded work
      }
    }
    if (!ok(r) || !pays(r, v.at_escrow, in->user, U256(c.cur->amount)))
      stuck("the locked capital of intent " + c.key.str() + " has no way out: " + why(r));
  }
  for (auto& c : v.claimable) {
    if (!c.cur || *c.cur == 0) continue;
    if (std::string held = system_contract(v, c.key); !held.empty()) {
      stuck("the claimable of " + held + " (" + c.cur->str() +
            ") cannot be withdrawn: no contract calls withdraw_rewards (locked for good)");
      continue;
    }
    TryResult r = try_call(w, v.at_escrow, pe::WithdrawRewards::kLabel, c.key, {});
    if (!ok(r)) stuck("the claimable of " + c.key.hex() + " cannot be withdrawn: " + why(r));
  }
  for (auto& c : v.providers) {
    if (!c.cur || c.cur->stake == 0) continue;
    TryResult r;
    const model::World* at = &w;
    u32 from = v.block;
    if (c.cur->is_active) {
      r = try_call(w, v.at_registry, cpr::SetActive::kLabel, c.key, {Value(false)});
      if (!ok(r)) { stuck("provider " + c.key.hex() + " cannot deactivate: " + why(r)); continue; }
      at = &*r.after;
    } else {
      from = c.cur->deactivated_at;
    }
    u32 free_at = u32(std::min<u64>(u64(std::max(from, at->block())) + ms::kUnbondingBlocks, 0xffffffffu));
    TryResult w2 = try_call(*at, v.at_registry, cpr::WithdrawStake::kLabel, c.key, {Value(c.cur->stake)}, free_at);
    if (!ok(w2) || !pays(w2, v.at_registry, c.key, U256(c.cur->stake)))
      stuck("the stake of provider " + c.key.hex() + " cannot be withdrawn: " + why(w2));
  }
}

// --- the exit forms (spec.hpp ExitForm) ---------------------------------------------------------
// Each: `when ⇒ an ok path of the exit call, explored on pre, is taken` (the disjunction
// of the ok paths' guards, each with what the exit must pay on it). The exit call is made
// in the prover's environment `env` (its block and time), by the caller the statement
// names, with no value. Forms keyed by an account take `key` as the account when it is a
// bv160, else judge a quantified account of their own.
template <class Msg, class Also, class... A>
z3::expr ok_guard(const SSys& pre, const SEnv& env, const ms::SAddr& caller, Also also, const A&... args) {
  SEnv call{caller, ms::Balance<ms::Symbolic>(0), env.block, env.now};
  z3::expr out = ms::current_context().bool_val(false);
  for (const SpecPath& p : ms::SymbolicExec<SSys>::template explore<Msg>(pre, call, args...))
    if (p.ok) out = out || (p.guard.e && also(p));
  return out;
}
z3::expr always(const SpecPath&) { return ms::current_context().bool_val(true); }
ms::SAddr account_key(const z3::expr& key, const char* name) {
  if (key.is_bv() && key.get_sort().bv_size() == 160) return ms::SAddr(key);
  return quantified<ms::SAddr>(name);
}
ms::SBool is_open(const ms::SEnum<JobStatus>& s) {
  return s == JobStatus::Registered || s == JobStatus::Assigned || s == JobStatus::InProgress;
}

// X-DEADLINE: an open job, at block ≥ deadline: expire_job by any caller pays its budget to its owner.
z3::expr deadline_exit(const SSys& pre, const SEnv& env, const z3::expr& key) {
  SKey j(key);
  auto job = queue(pre).jobs.get(j);
  ms::SBool when = job.some && is_open(job.value.status) && env.block >= job.value.deadline;
  auto refunds = [&](const SpecPath& p) { return path_pays(p, ms::PaymentEscrow::kName, job.value.owner.e, job.value.budget.e); };
  return z3::implies(when.e, ok_guard<q::ExpireJob>(pre, env, env.caller, refunds, j));
}

// X-EXIT, one form per exit.
z3::expr disputed_exit(const SSys& pre, const SEnv& env, const z3::expr& key) {
  SKey j(key);
  auto job = queue(pre).jobs.get(j);
  return z3::implies((job.some && job.value.status == JobStatus::Disputed).e,
                     ok_guard<q::ResolveDispute>(pre, env, queue(pre).admin, always, j, ms::SBool(false)));
}
z3::expr unpaid_exit(const SSys& pre, const SEnv& env, const z3::expr& key) {
  SKey j(key);
  auto job = queue(pre).jobs.get(j);
  auto e = escrow(pre).jobs.get(j);
  ms::SBool when = job.some && job.value.status == JobStatus::Completed && e.some && e.value.status == ms::EscrowStatus::Locked;
  return z3::implies(when.e, ok_guard<q::DisputeJob>(pre, env, job.value.owner, always, j));
}
z3::expr intent_exit(const SSys& pre, const SEnv& env, const z3::expr& key) {
  SKey i(key);
  auto in = mev(pre).intents.get(i);
  return z3::implies((in.some && in.value.status == IntentStatus::Pending).e,
                     ok_guard<mp::CancelIntent>(pre, env, in.value.user, always, i));
}
z3::expr batch_exit(const SSys& pre, const SEnv& env, const z3::expr&) {
  const auto& m = mev(pre);
  ms::SBool when = m.next_batch <= m.batch_counter && m.batches.contains(m.next_batch);
  return z3::implies(when.e, ok_guard<mp::ExecuteBatch>(pre, env, m.executor, always, m.next_batch, SKey(0), ms::SStr()));
}
// execute_batch(next_batch) forks one ok path per length of the batch's list and per
// outcome (paid when actual_output 0 covers total_volume, i.e. total_volume is 0; else
// refunded). Its query is asked per length, the longest list (MAX_BATCH_SIZE ids) per
// outcome too, the rest being a longer list (excluded by the lemma "a batch lists at most
// MAX_BATCH_SIZE ids"). Measured in rlimit units (spec_exit_forms_test Survey): the whole
// query unsat in 11.95M (80% of the prover's 15M: no margin); by length alone, the batch of
// MAX_BATCH_SIZE undecided at 15M; with the outcome split, the costliest part 5.3M.
std::vector<ExitCase> batch_cases(const SSys& pre, const SEnv&, const z3::expr&) {
  const auto& m = mev(pre);
  const auto& batch = m.batches.get(m.next_batch).value;
  const auto& len = batch.intent_ids.len;
  auto of = [&](u32 n) { return (len == std::decay_t<decltype(len)>(n)).e; };
  std::vector<ExitCase> out;
  for (u32 n = 0; n < ms::kMaxBatchSize; ++n) out.push_back({"batch of " + std::to_string(n), of(n)});
  const std::string full = "batch of " + std::to_string(ms::kMaxBatchSize);
  const z3::expr paid = (batch.total_volume == SKey(0)).e;
  out.push_back({full + ", paid", of(ms::kMaxBatchSize) && paid});
  out.push_back({full + ", refunded", of(ms::kMaxBatchSize) && !paid});
  return out;
}
z3::expr claimable_exit(const SSys& pre, const SEnv& env, const z3::expr& key) {
  ms::SAddr a = account_key(key, "X-EXIT.account");
  auto owed = escrow(pre).claimable.get_or_default(a);
  auto pays_all = [&](const SpecPath& p) { return path_pays(p, ms::PaymentEscrow::kName, a.e, owed.e); };
  return z3::implies((owed > SKey(0)).e, ok_guard<pe::WithdrawRewards>(pre, env, a, pays_all));
}
z3::expr stake_exit(const SSys& pre, const SEnv& env, const z3::expr& key) {
  ms::SAddr a = account_key(key, "X-EXIT.provider");
  auto prov = registry(pre).providers.get(a);
  const auto& P = prov.value;
  ms::SBool when = prov.some && !P.is_active && P.stake > SKey(0) &&
                   ms::resize<ms::SUint<64>>(env.block) >=
                       ms::unchecked_add(ms::resize<ms::SUint<64>>(P.deactivated_at), ms::SUint<64>(ms::kUnbondingBlocks));
  auto pays_stake = [&](const SpecPath& p) { return path_pays(p, ms::ComputeProviderRegistry::kName, a.e, P.stake.e); };
  return z3::implies(when.e, ok_guard<cpr::WithdrawStake>(pre, env, a, pays_stake, P.stake));
}

// G-FUNDS-EXIT (spec): every value the escrow or the registry holds has a first call out
// that is enabled, and each such call leaves the value either paid out or at a state
// whose own exit is one of these forms (Completed → Disputed → refunded; a Batched
// intent's batch is reached by executing next_batch, one batch at a time; an active
// provider deactivates, then withdraws after unbonding). The forwarders' balances are
// X-FORWARD's step form.
z3::expr locked_job_exit(const SSys& pre, const SEnv& env, const z3::expr& key) {
  SKey j(key);
  auto e = escrow(pre).jobs.get(j);
  auto job = queue(pre).jobs.get(j);
  const auto& J = job.value;
  ms::SBool locked = e.some && e.value.status == ms::EscrowStatus::Locked;
  auto refunds = [&](const SpecPath& p) { return path_pays(p, ms::PaymentEscrow::kName, e.value.payer.e, e.value.amount.e); };
  z3::expr exits =
      job.some.e &&
      z3::ite(is_open(J.status).e,
              z3::implies((env.block >= J.deadline).e, ok_guard<q::ExpireJob>(pre, env, env.caller, refunds, j)),
              z3::ite((J.status == JobStatus::Disputed).e,
                      ok_guard<q::ResolveDispute>(pre, env, queue(pre).admin, refunds, j, ms::SBool(false)),
                      z3::ite((J.status == JobStatus::Completed).e, ok_guard<q::DisputeJob>(pre, env, J.owner, always, j),
                              ms::current_context().bool_val(false))));
  return z3::implies(locked.e, exits);
}
// A locked capital's first exit, in three forms (their conjunction the whole): a Pending
// intent's user cancels it, which refunds the capital; any other intent waits in a batch
// at or after next_batch, and next_batch waits (stored, at most batch_counter); and the
// executor can execute next_batch (every batch up to the intent's then follows, one at a
// time, each the next_batch of its turn). The last is X-EXIT's next_batch form, one query
// for both (smt/spec/obligations.cpp asks a form the two share once). Asked apart, each
// query holds one exit call's paths: together the query held cancel_intent's and
// execute_batch's at once (undecided at 15M units), and the batched half with
// execute_batch's (undecided at 15M: the intent's batch reached through M-EXCLUSIVE,
// X-MEV and M-FIFO on top of next_batch's own query).
z3::expr pending_capital_exit(const SSys& pre, const SEnv& env, const z3::expr& key) {
  SKey i(key);
  auto c = escrow(pre).capital.get(i);
  auto in = mev(pre).intents.get(i);
  ms::SBool when =
      c.some && c.value.status == ms::EscrowStatus::Locked && in.some && in.value.status == IntentStatus::Pending;
  auto refunds = [&](const SpecPath& p) {
    return path_pays(p, ms::PaymentEscrow::kName, in.value.user.e, c.value.amount.e);
  };
  return z3::implies(when.e, ok_guard<mp::CancelIntent>(pre, env, in.value.user, refunds, i));
}
z3::expr batched_capital_waits(const SSys& pre, const SEnv&, const z3::expr& key) {
  SKey i(key);
  auto c = escrow(pre).capital.get(i);
  auto in = mev(pre).intents.get(i);
  const auto& m = mev(pre);
  ms::SBool locked = c.some && c.value.status == ms::EscrowStatus::Locked;
  // Its batch stored (read at the intent's batch id, so that the batch candidates are
  // asked there: M-FIFO's lemma puts a Pending batch at or after next_batch), at or after
  // next_batch, and the batch at next_batch stored at most batch_counter.
  const auto& b = in.value.batch_id.value;
  ms::SBool waits = in.value.batch_id.some && m.batches.contains(b) && m.next_batch <= b &&
                    m.next_batch <= m.batch_counter && m.batches.contains(m.next_batch);
  return z3::implies(locked.e, (in.some && (in.value.status == IntentStatus::Pending || waits)).e);
}
z3::expr active_stake_exit(const SSys& pre, const SEnv& env, const z3::expr& key) {
  ms::SAddr a = account_key(key, "G-FUNDS-EXIT.provider");
  auto prov = registry(pre).providers.get(a);
  return z3::implies((prov.some && prov.value.is_active && prov.value.stake > SKey(0)).e,
                     ok_guard<cpr::SetActive>(pre, env, a, always, ms::SBool(false)));
}
}  // namespace

const SpecModule& exits_module() {
  static const SpecModule m{
      {kDeadline, kExit},
      {"G-FUNDS-EXIT"},
      {{"X-DEADLINE", check_deadline}, {"X-EXIT", check_exit}, {"G-FUNDS-EXIT", check_funds_exit}},
      {},
      {},
      {{"X-DEADLINE", "expire_job by anyone at block ≥ deadline refunds the budget", deadline_exit},
       {"X-EXIT", "Disputed: resolve_dispute(j, false) by the admin", disputed_exit},
       {"X-EXIT", "Completed, unpaid: dispute_job by the owner", unpaid_exit},
       {"X-EXIT", "Pending intent: cancel_intent by its user", intent_exit},
       {"X-EXIT", "next_batch: execute_batch by the executor", batch_exit, batch_cases},
       {"X-EXIT", "claimable (account key): withdraw_rewards pays it", claimable_exit},
       {"X-EXIT", "inactive provider past unbonding (account key): withdraw_stake(stake) pays it", stake_exit},
       {"G-FUNDS-EXIT", "a locked job escrow's first exit", locked_job_exit},
       {"G-FUNDS-EXIT", "a locked capital's first exit (Pending intent): cancel_intent refunds it",
        pending_capital_exit},
       {"G-FUNDS-EXIT", "a locked capital's first exit (other intent): its batch waits at or after next_batch",
        batched_capital_waits},
       {"G-FUNDS-EXIT", "a locked capital's first exit (other intent): execute_batch(next_batch) by the executor",
        batch_exit, batch_cases},
       {"G-FUNDS-EXIT", "an active provider's stake: set_active(false) (account key)", active_stake_exit}}};
  return m;
}

}  // namespace meshcheck::invariants::spec
