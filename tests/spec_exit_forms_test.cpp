// The spec profile's enabledness (exit) forms, X-DEADLINE, X-EXIT and G-FUNDS-EXIT
// (invariants/spec/exits.cpp), asked as the prover asks them (smt/spec/exit_query.hpp):
// - the ghosts' definition the queries state (smt/spec/step.hpp ghost_facts_at) holds at
//   the true sums of the flows' states, and fails below them;
// - each form is proved (unsat within the prover's default 15M units) from the candidates
//   its proof needs, named here;
// - each form's query is sat under a spec mutant of its exit call, so that no exit proof
//   holds only because its query cannot fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <vector>

#include "smt/spec/exit_query.hpp"
#include "smt/spec/ghosts.hpp"
#include "smt/spec/obligations.hpp"
#include "smt/spec/step.hpp"
#include "tests/support/spec_lemma_checks.hpp"
#include "tests/support/spec_step_sites.hpp"

namespace {

using namespace meshcheck;
namespace ms = model::spec;
namespace sp = invariants::spec;
using namespace meshcheck::smt::spec;
using namespace meshcheck::testing::spec_lemmas;
using sp::SKey;
using sp::SpecPath;

// `s` lifted, each integer ghost at its true sum: its contributions added over every key
// its summed map holds (read off the lifted map's store chain). `keys[g]` gets those keys.
ComposedState with_true_sums(const sp::Sys& s, std::vector<std::vector<z3::expr>>& keys) {
  ComposedState c = standard_state();
  const ComposedState empty = standard_state();
  c.sys = ms::lift_system(s);
  const auto& ghosts = ghost_sums();
  keys.assign(ghosts.size(), {});
  for (std::size_t g = 0; g < ghosts.size(); ++g) {
    if (ghosts[g].modulo_bits) continue;  // a count modulo 2^bits: no bounds (ghosts.hpp)
    keys[g] = written_keys(ghosts[g].present(c.sys), ghosts[g].present(empty.sys));
    z3::expr sum = ms::current_context().int_val(0);
    for (auto& k : keys[g]) sum = sum + int_of(ghosts[g].contribution(c.sys, k));
    c.ghosts.at(g) = sum.simplify();
  }
  return c;
}

// Each ghost's definition, as the exit queries state it, holds of every flow's end state
// with the true sums: at two free keys of each ghost's map (an exit reads one; a batch's
// several), and at every key the map holds at once. The state is a free one (as the
// prover's: ghost_facts_at finds the keys in its free maps) whose contributions at those
// keys are the flow's. With one ghost one below its true sum the facts fail at those keys
// (where the sum is positive), so the check can fail.
TEST(SpecExitForms, GhostFactsHoldAtTheTrueSums) {
  for (const char* flow : {"public", "private", "failure", "data", "mev"}) {
    const sp::Sys s = system_after(flow);
    z3::context ctx;
    ms::SymbolicScope scope(ctx);
    std::vector<std::vector<z3::expr>> keys;
    const ComposedState lifted = with_true_sums(s, keys);
    ComposedState c = free_state();
    c.ghosts = lifted.ghosts;
    const auto& ghosts = ghost_sums();
    std::vector<z3::expr> free_roots, all_roots, every_key;
    for (std::size_t g = 0; g < ghosts.size(); ++g) {
      if (ghosts[g].modulo_bits) continue;
      const z3::sort dom = ghosts[g].present(c.sys).get_sort().array_domain();
      std::vector<z3::expr> at = keys[g];
      for (const char* name : {"k1.", "k2."}) at.push_back(ctx.constant((name + std::to_string(g)).c_str(), dom));
      for (std::size_t i = 0; i < at.size(); ++i) {
        (i < keys[g].size() ? all_roots : free_roots).push_back(ghosts[g].contribution(c.sys, at[i]));
        every_key.push_back(at[i]);
      }
    }
    // The free state's contributions are the flow's at every key the roots read (two ghosts
    // may sum one map: each reads the other's keys too).
    z3::expr same = ctx.bool_val(true);
    for (std::size_t g = 0; g < ghosts.size(); ++g)
      for (auto& k : every_key)
        if (!ghosts[g].modulo_bits && z3::eq(k.get_sort(), ghosts[g].present(c.sys).get_sort().array_domain()))
          same = same && ghosts[g].contribution(c.sys, k) == ghosts[g].contribution(lifted.sys, k);
    for (const auto* roots : {&free_roots, &all_roots}) {
      z3::solver solver(ctx);
      solver.add(!within_ranges(!(same && !ghost_facts_at(c, *roots))));  // ranges ∧ same ∧ ¬facts
      EXPECT_EQ(solver.check(), z3::unsat) << flow;
    }
    bool broken_one = false;
    for (std::size_t g = 0; g < ghosts.size(); ++g) {
      if (ghosts[g].modulo_bits || z3::eq(c.ghosts[g], ctx.int_val(0))) continue;
      ComposedState low = c;
      low.ghosts[g] = (c.ghosts[g] - 1).simplify();
      z3::solver solver(ctx);
      solver.add(!within_ranges(!(same && ghost_facts_at(low, all_roots))));  // ranges ∧ same ∧ facts
      EXPECT_EQ(solver.check(), z3::unsat) << flow << ": " << ghosts[g].name << " below its sum";
      broken_one = true;
    }
    if (std::string(flow) == "public") {
      EXPECT_TRUE(broken_one) << "the public flow leaves every ghost sum 0";
    }
  }
}

// The exit forms proved from the candidates (all assumed, as the prover assumes Houdini's
// set; the query asks only their cone), each part unsat within half the prover's default
// 15M units (a margin: rlimit units are deterministic, but any change to the model or the
// candidates moves them). Measured at the commit that added the cases (rlimit units, the
// whole query's sum; MESHCHECK_SURVEY_EXITS='*' build/tests/spec_exit_forms_test
// --gtest_filter=SpecExitForms.Survey): in `kProved`. The G-FUNDS-EXIT form "execute_batch
// (next_batch) by the executor" is X-EXIT's next_batch query (one query, asked once by the
// prover: ProveExitFormsAsksASharedQueryOnce), so it is not asked twice here.
struct Proved {
  const char* part;
  std::uint64_t measured;  // units, the parts' sum
};
const Proved kProved[] = {
    {"expire_job by anyone at block ≥ deadline refunds the budget", 27951},
    {"Disputed: resolve_dispute(j, false) by the admin", 25236},
    {"Completed, unpaid: dispute_job by the owner", 2180},
    // cancel_intent's pending_count - 1 needs pending_count >= 1: X-MEV's pending_count
    // part with the ghost's bound at the Pending intent (PendingIntentExitNeedsTheCount).
    {"Pending intent: cancel_intent by its user", 44237},
    {"claimable (account key): withdraw_rewards pays it", 14135},
    {"inactive provider past unbonding (account key): withdraw_stake(stake) pays it", 70574},
    {"a locked job escrow's first exit", 28579},
    {"a locked capital's first exit (Pending intent): cancel_intent refunds it", 44255},
    // M-EXCLUSIVE's intent part, X-MEV's mirrors, M-FIFO's lemma as the design states it
    // (before next_batch: Executed or Failed), G-COUNTER's batches and "every id
    // 1..batch_counter has a batch" (BatchedCapitalNeedsFifo).
    {"a locked capital's first exit (other intent): its batch waits at or after next_batch", 2167360},
    {"an active provider's stake: set_active(false) (account key)", 470},
    // Nine parts (batch_cases, invariants/spec/exits.cpp), the costliest "batch of 4" at
    // 5.11M (34% of the limit); asked whole, the query was 11.95M (80%; 14.59M at 292c6e5),
    // and by length alone the batch of 6 was undecided at 15M.
    {"next_batch: execute_batch by the executor", 15367147},
};

TEST(SpecExitForms, ProvedFromTheCandidates) {
  const std::vector<StateCandidate> cands = state_candidates();
  for (const Proved& p : kProved) {
    const ExitAnswer a = exit_answer(exit_form(p.part), cands);
    EXPECT_EQ(a.answer.result, z3::unsat) << p.part << ": " << a.answer.text();
    for (const ExitPart& part : a.parts)
      EXPECT_LE(part.answer.rlimit, smt::kDefaultRlimit / 2)
          << p.part << " [" << part.label << "]: " << part.answer.rlimit << " units, less than half the limit's margin";
    std::fprintf(stderr, "%s: %s in %llu units (measured %llu), %zu part(s)\n", p.part, a.answer.text().c_str(),
                 (unsigned long long)a.answer.rlimit, (unsigned long long)p.measured, a.parts.size());
  }
}

// G-FUNDS-EXIT's batched capital stands on X-EXIT's next_batch form: its own form of it is
// the same query (the same symbolic form and cases).
TEST(SpecExitForms, BatchedCapitalSharesTheNextBatchQuery) {
  const sp::ExitForm& mine =
      exit_form("a locked capital's first exit (other intent): execute_batch(next_batch) by the executor");
  const sp::ExitForm& x_exit = exit_form("next_batch: execute_batch by the executor");
  EXPECT_EQ(mine.id, "G-FUNDS-EXIT");
  EXPECT_EQ(mine.symbolic, x_exit.symbolic);
  EXPECT_EQ(mine.cases, x_exit.cases);
  EXPECT_NE(mine.cases, nullptr);
}

// prove_exit_forms asks two forms with one query once: both outcomes list the first's
// obligation, marked shared (so that totals count it once), one query in the trace. The
// cheapest form (an active stake's), under a second id.
TEST(SpecExitForms, ProveExitFormsAsksASharedQueryOnce) {
  const sp::ExitForm& stake = exit_form("an active provider's stake: set_active(false) (account key)");
  const sp::ExitForm copy{"X-EXIT", "the same query", stake.symbolic, stake.cases};
  const std::vector<StateCandidate> cands = state_candidates();
  smt::ProveOptions options;
  options.jobs = 1;
  const auto outs = prove_exit_forms({&stake, &copy}, cands, std::vector<char>(cands.size(), 1), options);
  ASSERT_EQ(outs.size(), 2u);
  for (const auto& o : outs) {
    EXPECT_TRUE(o.proved);
    ASSERT_EQ(o.obligations.size(), 1u);
    EXPECT_TRUE(o.obligations[0].shared);
    EXPECT_NE(o.obligations[0].what.find(std::string(stake.part)), std::string::npos) << o.obligations[0].what;
  }
  // A form of its own is not shared.
  const auto alone = prove_exit_forms({&stake}, cands, std::vector<char>(cands.size(), 1), options);
  ASSERT_EQ(alone.size(), 1u);
  ASSERT_EQ(alone[0].obligations.size(), 1u);
  EXPECT_FALSE(alone[0].obligations[0].shared);
}

// The Pending intent's exit is proved by X-MEV's pending_count part (with the ghost's bound
// at the intent): from every other candidate it is sat, a Pending intent with
// pending_count 0 (cancel_intent's pending_count - 1 refused).
TEST(SpecExitForms, PendingIntentExitNeedsTheCount) {
  std::vector<StateCandidate> cands = state_candidates();
  const std::size_t before = cands.size();
  std::erase_if(cands, [](const StateCandidate& c) {
    return c.id == "X-MEV" && c.part == "pending_count = the number of Pending intents";
  });
  ASSERT_EQ(cands.size() + 1, before);
  const ExitAnswer a = exit_answer(exit_form("Pending intent: cancel_intent by its user"), cands);
  EXPECT_EQ(a.answer.result, z3::sat) << a.answer.text();
}

// Per exit form, a spec mutant of the exit call it asks about: a guard that now refuses
// where the design lets the call through, or a payment sent elsewhere. A form with no exit
// call (the batched capital's wait) names instead a lemma its proof needs, left out.
struct Broken {
  const char* part;
  Mutant mutant;
  const char* dropped = nullptr;  // the part of a candidate left out, instead of the mutant
};
const Broken kBroken[] = {
    {"expire_job by anyone at block ≥ deadline refunds the budget",
     {"ai_job_queue", "expire_job", "DeadlineNotReached#1", mutation::Op::kNegateGuard}},
    {"Disputed: resolve_dispute(j, false) by the admin",
     {"ai_job_queue", "resolve_dispute", "NotAdmin#1", mutation::Op::kNegateGuard}},
    {"Completed, unpaid: dispute_job by the owner",
     {"ai_job_queue", "dispute_job", "AlreadyPaid#1", mutation::Op::kNegateGuard}},
    {"Pending intent: cancel_intent by its user",
     {"mev_protection", "cancel_intent", "NotIntentOwner#1", mutation::Op::kNegateGuard}},
    {"next_batch: execute_batch by the executor",
     {"mev_protection", "execute_batch", "OutOfOrder#1", mutation::Op::kNegateGuard}},
    {"claimable (account key): withdraw_rewards pays it",
     {"payment_escrow", "withdraw_rewards", "transfer#1", mutation::Op::kRedirectTransfer}},
    {"inactive provider past unbonding (account key): withdraw_stake(stake) pays it",
     {"compute_provider_registry", "withdraw_stake", "Unbonding#1", mutation::Op::kNegateGuard}},
    {"a locked job escrow's first exit",
     {"payment_escrow", "refund_payment", "transfer#1", mutation::Op::kRedirectTransfer}},
    {"a locked capital's first exit (Pending intent): cancel_intent refunds it",
     {"payment_escrow", "refund_capital", "transfer#1", mutation::Op::kRedirectTransfer}},
    // Without M-FIFO's lemma a Pending batch may lie before next_batch.
    {"a locked capital's first exit (other intent): its batch waits at or after next_batch",
     {},
     "lemma: Pending exactly from next_batch on"},
    {"a locked capital's first exit (other intent): execute_batch(next_batch) by the executor",
     {"mev_protection", "execute_batch", "OutOfOrder#1", mutation::Op::kNegateGuard}},
    {"an active provider's stake: set_active(false) (account key)",
     {"compute_provider_registry", "set_active", "StakeBelowMinimum#1", mutation::Op::kNegateGuard}},
};

// A form asked in cases is asked in the rest too (the query where no case holds): with one
// case that never holds, the active stake's form under its mutant is sat in the rest, and
// the counterexample names that part. Were the rest not asked, it would be unsat.
std::vector<sp::ExitCase> never(const SSys&, const SEnv&, const z3::expr&) {
  return {{"never", ms::current_context().bool_val(false)}};
}
TEST(SpecExitForms, CasesAskTheRest) {
  const sp::ExitForm& stake = exit_form("an active provider's stake: set_active(false) (account key)");
  const sp::ExitForm in_cases{stake.id, stake.part, stake.symbolic, never};
  const Mutant mutant{"compute_provider_registry", "set_active", "StakeBelowMinimum#1", mutation::Op::kNegateGuard};
  const ExitAnswer a = exit_answer(in_cases, state_candidates(), &mutant);
  EXPECT_EQ(a.answer.result, z3::sat) << a.answer.text();
  ASSERT_EQ(a.parts.size(), 2u);
  EXPECT_EQ(a.parts[0].label, "never");
  EXPECT_EQ(a.parts[0].answer.result, z3::unsat);
  EXPECT_EQ(a.parts[1].label, "the rest");
  EXPECT_EQ(a.parts[1].answer.result, z3::sat);
  EXPECT_EQ(a.counterexample.rfind("in case the rest, ", 0), 0u) << a.counterexample;
  EXPECT_EQ(a.answer.rlimit, a.parts[0].answer.rlimit + a.parts[1].answer.rlimit);
}

// Under its mutant (or without its lemma) each form's query is satisfiable from every
// (other) candidate: a state where all of them hold and the (broken) exit is not enabled,
// or the batched capital does not wait. Every exit form has one. A form that shares
// another's query (BatchedCapitalSharesTheNextBatchQuery) is not asked again.
TEST(SpecExitForms, EachFormFailsUnderABrokenExit) {
  const std::vector<StateCandidate> cands = state_candidates();
  std::size_t forms = 0;
  std::vector<const sp::ExitForm*> asked;
  for (auto* m : sp::modules())
    for (auto& f : m->exit_forms) {
      ++forms;
      const Broken* b = nullptr;
      for (auto& x : kBroken)
        if (f.part == x.part) b = &x;
      ASSERT_NE(b, nullptr) << "no broken exit for " << f.part;
      if (std::any_of(asked.begin(), asked.end(),
                      [&](const sp::ExitForm* g) { return g->symbolic == f.symbolic && g->cases == f.cases; }))
        continue;
      asked.push_back(&f);
      if (b->dropped) {
        std::vector<StateCandidate> fewer = cands;
        std::erase_if(fewer, [&](const StateCandidate& c) { return c.part == b->dropped; });
        ASSERT_EQ(fewer.size() + 1, cands.size()) << b->dropped;
        const ExitAnswer a = exit_answer(f, fewer);
        EXPECT_EQ(a.answer.result, z3::sat) << f.part << " without " << b->dropped << ": " << a.answer.text();
        continue;
      }
      const ExitAnswer a = exit_answer(f, cands, &b->mutant);
      EXPECT_EQ(a.answer.result, z3::sat)
          << f.part << " under " << b->mutant.message << ":" << b->mutant.key << ": " << a.answer.text();
    }
  EXPECT_EQ(forms, std::size(kBroken));
}

// A sat model's mev_protection and the exit calls the batch and capital forms make, for
// the survey: the counters, the executor, the batch at next_batch, the intent and capital
// at the key, and which path (branch) of each exit call the model takes.
template <class Msg, class... A>
std::string path_taken(const z3::model& m, const SSys& pre, const SEnv& env, const ms::SAddr& caller,
                       const A&... args) {
  SEnv call{caller, ms::Balance<ms::Symbolic>(0), env.block, env.now};
  std::string out;
  for (const SpecPath& p : ms::SymbolicExec<SSys>::template explore<Msg>(pre, call, args...))
    if (m.eval(p.guard.e, true).is_true()) out += std::string(p.ok ? "ok" : p.reason()) + " ";
  return out.empty() ? "(no path)" : out;
}
std::string mev_probe(const z3::model& m, const ComposedState& pre, const StepEnv& env, const z3::expr& key) {
  namespace mp = ms::mev_protection;
  auto v = [&](const z3::expr& e) { return m.eval(e, true).to_string(); };
  const auto& s = sp::mev(pre.sys);
  auto batch = s.batches.get(s.next_batch);
  std::string out = "\n  mev: executor " + v(s.executor.e) + " batch_counter " + v(s.batch_counter.e) + " next_batch " +
                    v(s.next_batch.e) + " intent_counter " + v(s.intent_counter.e) + " pending_count " +
                    v(s.pending_count.e) + "\n  batch[next_batch]: some " + v(batch.some.e) + " status " +
                    v(batch.value.status.e) + " len " + v(batch.value.intent_ids.len.e) + " ids";
  for (auto& id : batch.value.intent_ids.items) out += " " + v(id.e);
  out += "\n  execute_batch(next_batch) by the executor: " +
         path_taken<mp::ExecuteBatch>(m, pre.sys, env.env, s.executor, s.next_batch, SKey(0), ms::SStr());
  SKey i(key);
  auto in = s.intents.get(i);
  auto c = sp::escrow(pre.sys).capital.get(i);
  out += "\n  intent[key]: some " + v(in.some.e) + " status " + v(in.value.status.e) + " batch_id " +
         v(in.value.batch_id.some.e) + "/" + v(in.value.batch_id.value.e) + " user " + v(in.value.user.e) +
         "\n  capital[key]: some " + v(c.some.e) + " status " + v(c.value.status.e) + " amount " + v(c.value.amount.e) +
         "\n  cancel_intent(key) by its user: " + path_taken<mp::CancelIntent>(m, pre.sys, env.env, in.value.user, i);
  return out;
}

// Every exit form's query from every candidate (as if all were proved: what the prover
// asks when Houdini keeps them), printed with its answer, units and cone: the measuring
// tool (skipped unless MESHCHECK_SURVEY_EXITS is set; a form's part there asks it alone).
// With MESHCHECK_SURVEY_MODEL set, a sat answer prints mev_protection's side of its model;
// MESHCHECK_SURVEY_CANDS narrows the candidates.
TEST(SpecExitForms, Survey) {
  const char* which = std::getenv("MESHCHECK_SURVEY_EXITS");
  if (!which) GTEST_SKIP() << "set MESHCHECK_SURVEY_EXITS (a form's part, or *)";
  std::vector<StateCandidate> cands = state_candidates();
  // MESHCHECK_SURVEY_CANDS=id,part,...: only those candidates (by id or part), to measure a
  // narrower set than the cone of all.
  if (const auto only = meshcheck::testing::env_list("MESHCHECK_SURVEY_CANDS"); !only.empty())
    std::erase_if(cands, [&](const StateCandidate& c) {
      return std::find(only.begin(), only.end(), c.id) == only.end() &&
             std::find(only.begin(), only.end(), c.part) == only.end();
    });
  for (auto* m : sp::modules())
    for (auto& f : m->exit_forms) {
      if (std::string(which) != "*" && f.part != which) continue;
      const ExitAnswer a =
          exit_answer(f, cands, nullptr, std::getenv("MESHCHECK_SURVEY_MODEL") ? mev_probe : ExitModelProbe());
      std::string cone;
      for (std::size_t c : a.assumed) cone += "\n    " + cands[c].name();
      std::fprintf(stderr, "survey: %s (%s): %s %llu units; cone of %zu:%s\n", std::string(f.id).c_str(),
                   std::string(f.part).c_str(), a.answer.text().c_str(), (unsigned long long)a.answer.rlimit,
                   a.assumed.size(), cone.c_str());
      if (a.answer.result == z3::sat) std::fprintf(stderr, "survey:   %s\n", a.counterexample.c_str());
    }
}

}  // namespace
