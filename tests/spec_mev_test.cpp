// mev_protection in the composed spec prover (smt/spec/houdini.hpp): the facts of its
// sorting network that create_batch's encoding is handed (model/spec/mev_protection.hpp),
// proved for every strict total order; M-ORDER and its pairwise lemma inductive over the
// batch steps from them, and refuted when the sort is dropped; the pairwise lemma on
// states; X-MEV's pending_count part (a candidate over the ghost count of the Pending
// intents, smt/spec/ghosts.cpp) on states, kept at every site that writes the intents or
// the count, and refuted under a broken count. `Measure` runs Houdini over chosen sites
// with every candidate that reads mev's state (the figures in the README).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "invariants/spec/spec.hpp"
#include "model/profile.hpp"
#include "model/spec/mev_protection.hpp"
#include "mutation/spec/catalog.hpp"
#include "smt/prover.hpp"
#include "smt/query.hpp"
#include "smt/spec/ghosts.hpp"
#include "smt/spec/houdini.hpp"
#include "smt/spec/keys.hpp"
#include "smt/spec/network_facts.hpp"
#include "smt/spec/step.hpp"
#include "smt/spec/workspace.hpp"
#include "tests/support/spec_lemma_checks.hpp"
#include "tests/support/spec_step_sites.hpp"

namespace {

using namespace meshcheck;
using namespace meshcheck::smt::spec;
using meshcheck::testing::sites_named;
using namespace meshcheck::testing::spec_lemmas;
namespace sp = invariants::spec;

// The candidates that read mev's state (or the capital its steps write), and the deployment.
const std::vector<std::string> kMevIds = {"M-ORDER", "M-OUTPUT", "M-EXCLUSIVE", "M-FIFO", "X-MEV", kDeploymentLemma};
const std::vector<std::string> kMevParts = {"intents", "batches", "lemma: no capital's payer is a contract",
                                            "lemma: the executor is no contract"};
const char* const kPairwise = "lemma: a batch's ids ascend pair by pair";

std::vector<StateCandidate> mev_candidates() { return candidates_of(kMevParts, kMevIds); }
// Houdini over `sites` with the mev candidates, with the spec mutant (message, key, op) of
// mev_protection active while the sites are explored, if given.
HoudiniOutcome mev_houdini(const std::vector<StepSite>& sites, const std::vector<StateCandidate>& cands,
                           const char* message = nullptr, const char* key = nullptr,
                           mutation::Op op = mutation::Op::kCount) {
  if (!message) return induct(sites, cands);
  const Mutant m{"mev_protection", message, key, op};
  return induct(sites, cands, &m);
}

// Every mev candidate kept (the default limits: 15M units a query), and none dropped.
void expect_all_kept(const std::vector<StateCandidate>& cands, const HoudiniOutcome& h) {
  for (std::size_t c = 0; c < cands.size(); ++c)
    EXPECT_TRUE(h.inductive[c]) << cands[c].name() << ": " << (h.unknown[c] ? "UNKNOWN " : "") << h.why[c];
}

// With MEV_SITES=site,site,... in the environment: Houdini over those sites with the mev
// candidates, each one's outcome printed (with MESHCHECK_SPEC_TRACE, each query's units):
// how the figures of the README were measured.
TEST(SpecMev, Measure) {
  const char* env = std::getenv("MEV_SITES");
  if (!env) GTEST_SKIP() << "MEV_SITES not set";
  std::vector<StepSite> sites;
  std::stringstream ss(env);
  std::string name;
  while (std::getline(ss, name, ','))
    for (auto& s : step_sites(false))
      if (s.name() == name) sites.push_back(s);
  auto cands = mev_candidates();
  if (const char* out = std::getenv("MEV_LEAVE_OUT"))  // a candidate's part, left out of the set
    std::erase_if(cands, [&](const StateCandidate& c) { return c.part == out; });
  HoudiniOutcome h = mev_houdini(sites, cands);
  for (std::size_t c = 0; c < cands.size(); ++c)
    std::fprintf(stderr, "RESULT %s: %s %s\n", cands[c].name().c_str(),
                 h.inductive[c] ? "inductive" : h.unknown[c] ? "UNKNOWN" : "DROPPED", h.why[c].c_str());
}

// M-ORDER and its pairwise lemma over create_batch (with the deployment): inductive, each
// query within the default limits (measured: 2 units each, from the network's facts; before
// them M-ORDER's query at six ids was undecided at 15M units), and over execute_batch, which
// keeps every list.
TEST(SpecMev, OrderIsInductiveOverTheBatchSteps) {
  std::vector<StateCandidate> cands;
  for (auto& c : mev_candidates())
    if (c.id == "M-ORDER" || c.id == kDeploymentLemma) cands.push_back(c);
  ASSERT_EQ(cands.size(), 3u);
  expect_all_kept(cands, mev_houdini(sites_named({"mev_protection.create_batch", "mev_protection.execute_batch"}), cands));
}

// With the sort dropped (the ids as given: no network, and no fact handed on), a batch may
// list its ids in any order: M-ORDER and its lemma fail at create_batch with a
// counterexample to induction (not unknown).
TEST(SpecMev, OrderFailsWhenTheSortIsDropped) {
  std::vector<StateCandidate> cands;
  for (auto& c : mev_candidates())
    if (c.id == "M-ORDER" || c.id == kDeploymentLemma) cands.push_back(c);
  HoudiniOutcome h =
      mev_houdini(sites_named({"mev_protection.create_batch"}), cands, "create_batch", "sort#1", mutation::Op::kDropSort);
  for (std::size_t c : {index_of(cands, "", "M-ORDER"), index_of(cands, kPairwise, "M-ORDER")}) {
    EXPECT_FALSE(h.inductive[c]) << cands[c].name();
    EXPECT_FALSE(h.unknown[c]) << cands[c].name() << ": " << h.why[c];
    EXPECT_NE(h.why[c].find("counterexample to induction: step mev_protection.create_batch"), std::string::npos)
        << h.why[c];
  }
}

// --- M-EXCLUSIVE over create_batch ------------------------------------------------------------

// M-EXCLUSIVE's seven candidates (the intent part and the batch part's six positions), G-COUNTER's
// intents and batches (the new batch's id is above every stored one) and the deployment.
std::vector<StateCandidate> exclusive_candidates() {
  return candidates_of({"intents", "batches"}, {"M-EXCLUSIVE", kDeploymentLemma});
}
std::string position_part(unsigned k) { return "batch b's intents name it (position " + std::to_string(k) + ")"; }

// Every M-EXCLUSIVE candidate is inductive over create_batch. The hard goal was a batch
// position's at a batch other than the new one on the six-id path: the intent it lists is
// one of the six create_batch wrote, or none (the step wrote that intent only if it was
// Pending, and a listed intent names its batch, so is not Pending). As one query Z3 had to
// weigh the listed id against six network outputs bit by bit: position 6 was undecided at
// 15M units (9.97M to 13.5M units when decided). Houdini now splits the goal at the id it
// follows (houdini.cpp's split_at_written_keys, keys.hpp's read_past_writes): one case with
// nothing to ask (the listed intent is none the step wrote: the candidate before the step)
// and one per written intent. Measured with these ten candidates (MESHCHECK_SPEC_TRACE=1
// spec_mev_test --gtest_filter=SpecMev.ExclusiveIsInductiveOverCreateBatch): every
// position's query (all the cases of one path) within 3 992 units (asserted: 20K), the intent
// part's cases within 812K (its stored batch_id against the new batch's id). With the whole
// mev set (24 candidates: MEV_SITES=mev_protection.create_batch MESHCHECK_SPEC_TRACE=1
// spec_mev_test --gtest_filter=SpecMev.Measure) every one is inductive over create_batch,
// each position's case within 846 units under the set, the largest query 3.9M.
TEST(SpecMev, ExclusiveIsInductiveOverCreateBatch) {
  const auto cands = exclusive_candidates();
  ASSERT_EQ(cands.size(), 10u);
  HoudiniOutcome h = mev_houdini(sites_named({"mev_protection.create_batch"}), cands);
  expect_all_kept(cands, h);
  for (unsigned k = 1; k <= 6; ++k) {
    const std::size_t c = index_of(cands, position_part(k));
    std::uint64_t most = 0;
    for (auto& o : h.step_proofs[c]) most = std::max(most, o.rlimit);
    EXPECT_LE(most, 20'000u) << cands[c].name();
    std::printf("%s: %zu queries, the largest %llu units\n", cands[c].name().c_str(), h.step_proofs[c].size(),
                (unsigned long long)most);
  }
}

// With create_batch's NotPending guard dropped, an intent another batch already lists may
// be taken into the new batch, which overwrites its batch_id: the older batch lists an
// intent that no longer names it. Every position fails at create_batch with a
// counterexample to induction (the case the split above made small is the one that is sat).
TEST(SpecMev, ExclusiveFailsWhenCreateBatchTakesABatchedIntent) {
  const auto cands = exclusive_candidates();
  HoudiniOutcome h = mev_houdini(sites_named({"mev_protection.create_batch"}), cands, "create_batch", "NotPending#1",
                                 mutation::Op::kDropGuard);
  for (unsigned k = 1; k <= 6; ++k) expect_cti_at(h, index_of(cands, position_part(k)), "mev_protection.create_batch");
}

// With create_batch's write of its intents dropped, the new batch lists intents that are
// still Pending and name no batch: no position stays in the set, the first ones by a
// counterexample at the new batch. (Position 6's counterexample needs a six-id model of the
// network: once positions 1 to 5 have left the set it was undecided at 15M units, so it
// leaves as UNKNOWN: not asserted either way.)
TEST(SpecMev, ExclusiveFailsWhenCreateBatchDoesNotMarkItsIntents) {
  const auto cands = exclusive_candidates();
  HoudiniOutcome h = mev_houdini(sites_named({"mev_protection.create_batch"}), cands, "create_batch", "write#1",
                                 mutation::Op::kDropWrite);
  for (unsigned k = 1; k <= 6; ++k) EXPECT_FALSE(h.inductive[index_of(cands, position_part(k))]) << k;
  for (unsigned k = 1; k <= 3; ++k) expect_cti_at(h, index_of(cands, position_part(k)), "mev_protection.create_batch");
}

// --- the pairwise lemma on states -------------------------------------------------------------

// It holds at every batch of the flows (both domains), and is false, in both, once two
// ids of the mev flow's first batch are swapped.
TEST(SpecMev, PairwiseOrderOnStates) {
  for (const char* flow : {"public", "mev"}) {
    const sp::Sys s = system_after(flow);
    for (unsigned k = 0; k <= 4; ++k) {
      auto v = judge(form_by_part(kPairwise), s, u128(k));
      EXPECT_TRUE(v.concrete && v.symbolic) << flow << " at " << k;
    }
  }
  sp::Sys s = system_after("mev");
  auto& batches = s.slot<model::spec::MevProtection>().state.batches;
  auto b = *batches.entries.find(u128(1));
  ASSERT_GE(b.intent_ids.len, 2u);
  std::swap(b.intent_ids.items[0], b.intent_ids.items[b.intent_ids.len - 1]);
  batches.set(u128(1), b);
  auto v = judge(form_by_part(kPairwise), s, u128(1));
  EXPECT_FALSE(v.concrete);
  EXPECT_FALSE(v.symbolic);
}

}  // namespace

namespace {
namespace ms = meshcheck::model::spec;

// The limits of the network's queries here: the default per-query limit of `prove`.
smt::QueryLimits network_limits() { return smt::query_limits(smt::ProveOptions{}); }

// The facts create_batch's encoding is handed (known()): the network's outputs never
// descend, and strictly ascend where no neighbours are equal, for every length 0..6, over
// every strict total order; each query well within the default 15M units. The ids' `<` is
// one (below), so the facts hold of the ids. The same queries `prove --profile spec` asks
// (smt/spec/network_facts.hpp).
TEST(SpecMev, NetworkFactsHoldForEveryTotalOrder) {
  for (unsigned n = 0; n <= ms::kMaxBatchSize; ++n) {
    smt::Answer r = network_facts_answer(n, n, network_limits());
    EXPECT_EQ(r.result, z3::unsat) << "length " << n << ": " << r.text();
    EXPECT_LT(r.rlimit, 15'000'000u) << "length " << n;
    std::printf("network of %u: %s in %llu units\n", n, r.text().c_str(), (unsigned long long)r.rlimit);
  }
}
// The same query finds a network that does not sort: the first n-1 items sorted, the last
// left where it was.
TEST(SpecMev, NetworkCheckFindsAnUnsortedOutput) {
  for (unsigned n = 2; n <= ms::kMaxBatchSize; ++n)
    EXPECT_EQ(network_facts_answer(n, n - 1, network_limits()).result, z3::sat) << n;
}
// The ids' `<` (U128's, bvult) is a strict total order: irreflexive, transitive, total;
// `<=` is not (it is reflexive), and the query says so.
TEST(SpecMev, IdsOrderIsAStrictTotalOrder) {
  EXPECT_EQ(strict_total_order_answer(ids_less(), network_limits()).result, z3::unsat);
  auto at_most = [](const ms::SUint<128>& a, const ms::SUint<128>& b) { return a <= b; };
  EXPECT_EQ(strict_total_order_answer(at_most, network_limits()).result, z3::sat);
}
// What `prove --profile spec` lists among every verdict's obligations: the network's facts
// at each length 0..6, then each adjacent swap of each length 2..6 (1 + 2 + ... + 5 = 15:
// M-PERMUTE's fact), then the ids' order, every one unsat, with its units.
TEST(SpecMev, NetworkObligationsOfARun) {
  smt::ProveOptions options;
  options.jobs = 2;
  const std::vector<smt::Obligation> obs = network_obligations(options);
  const std::size_t swaps = ms::kMaxBatchSize * (ms::kMaxBatchSize - 1) / 2;
  ASSERT_EQ(obs.size(), ms::kMaxBatchSize + 1u + swaps + 1u);
  for (auto& o : obs) {
    EXPECT_EQ(o.contract, "mev_protection");
    EXPECT_EQ(o.result, "unsat") << o.what;
  }
  EXPECT_NE(obs[ms::kMaxBatchSize].what.find("at 6 ids"), std::string::npos) << obs[ms::kMaxBatchSize].what;
  EXPECT_GT(obs[ms::kMaxBatchSize].rlimit, 0u);
  EXPECT_NE(obs.back().what.find("strict total order"), std::string::npos) << obs.back().what;
}
}  // namespace

namespace {
namespace ms = meshcheck::model::spec;

// --- X-MEV's pending_count part: the ghost count of the Pending intents ----------------------

const char* const kPendingCount = "pending_count = the number of Pending intents";

// The Pending intents of `s`, counted (the part's statement, concretely).
std::size_t pending_intents(const sp::Sys& s) {
  std::size_t n = 0;
  s.slot<ms::MevProtection>().state.intents.entries.for_each(
      [&](const u128&, const sp::Intent& i) { n += i.status == ms::IntentStatus::Pending; });
  return n;
}

// `s` lifted, with the ghost mev.pending_intents at `ghost` (the other ghosts 0: the part
// reads no other).
ComposedState composed_with_count(const sp::Sys& s, std::size_t ghost) {
  ComposedState c = standard_state();
  c.sys = ms::lift_system(s);
  c.ghosts.at(ghost_index("mev.pending_intents")) = ms::current_context().int_val(unsigned(ghost));
  return c;
}
// The symbolic candidate's verdict on `s` with the ghost at `ghost`.
bool count_holds(const StateCandidate& c, const sp::Sys& s, std::size_t ghost) {
  z3::context ctx;
  ms::SymbolicScope scope(ctx);
  z3::solver solver(ctx);
  solver.add(!c.at(composed_with_count(s, ghost), ctx.bv_val(0, 128)));
  return solver.check() == z3::unsat;
}
// The ghost's own sum over the lifted map of `s` (its hook's contribution at every key the
// map holds), as a number: what the prover's ghost is at a lifted state.
std::size_t ghost_sum_of(const sp::Sys& s) {
  z3::context ctx;
  ms::SymbolicScope scope(ctx);
  const GhostSum& g = ghost_sums()[ghost_index("mev.pending_intents")];
  const ComposedState empty = standard_state();
  const SSys lifted = ms::lift_system(s);
  z3::expr sum = ctx.int_val(0);
  for (auto& k : written_keys(g.present(lifted), g.present(empty.sys))) sum = sum + int_of(g.contribution(lifted, k));
  sum = sum.simplify();
  EXPECT_TRUE(sum.is_numeral()) << sum;
  return sum.is_numeral() ? std::size_t(sum.get_numeral_uint64()) : 0;
}

// On every state of the mev flow (intents submitted, cancelled, batched, executed): the
// ghost's sum over the lifted intents is the number of Pending intents; pending_count is
// that number (the concrete statement); the candidate holds with the ghost at it, and fails
// with the ghost one off, or with pending_count one off (a step that forgot it).
TEST(SpecMev, PendingCountOnStates) {
  const std::vector<StateCandidate> all = state_candidates();
  const StateCandidate* c = nullptr;
  for (auto& x : all)
    if (x.id == "X-MEV" && x.part == kPendingCount) c = &x;
  ASSERT_NE(c, nullptr) << "no candidate X-MEV (" << kPendingCount << ")";
  for (const sp::SpecModule* m : sp::modules())  // stated now: no longer declared unstated
    for (auto& u : m->unstated) EXPECT_FALSE(u.id == "X-MEV") << u.part;
  std::size_t most = 0;
  for (std::size_t lines = 7; lines <= 27; ++lines) {
    const sp::Sys s = system_after("mev", lines);
    const std::size_t pending = pending_intents(s);
    most = std::max(most, pending);
    EXPECT_EQ(ghost_sum_of(s), pending) << "after line " << lines;
    EXPECT_EQ(BigInt(s.slot<ms::MevProtection>().state.pending_count), BigInt(pending)) << "after line " << lines;
    EXPECT_TRUE(count_holds(*c, s, pending)) << "after line " << lines;
    EXPECT_FALSE(count_holds(*c, s, pending + 1)) << "after line " << lines;
    if (pending > 0) EXPECT_FALSE(count_holds(*c, s, pending - 1)) << "after line " << lines;
    sp::Sys off = s;
    auto& count = off.slot<ms::MevProtection>().state.pending_count;
    count = count + u128(1);
    EXPECT_FALSE(count_holds(*c, off, pending)) << "after line " << lines;
  }
  EXPECT_EQ(most, 3u) << "the mev flow has three intents Pending at once (lines 12 and 13)";
}

// Candidate `c`'s step query after each ok path of `site` that changes it, as Houdini asks
// it: first from `c` alone at its keys with a small limit (houdini.cpp's first tier, 2M
// units), and if that does not prove it, from its cone of every other candidate of `cands`
// assumed at its keys (the set once final) with the default limit. `c` reads no key, so
// each path is one case. Prints each query's answer and units.
struct SiteAnswers {
  std::size_t alone = 0, set = 0, sat = 0, unknown = 0;  // proved alone, proved from the set, neither
  std::uint64_t units = 0, largest = 0;
};
SiteAnswers ask_as_houdini(const std::string& site, const std::vector<StateCandidate>& cands, std::size_t c) {
  const auto sites = sites_named({site});
  Workspace work(sites, cands, 1);
  const smt::QueryLimits limits = smt::query_limits(smt::ProveOptions{});
  smt::QueryLimits small = limits;
  small.rlimit = 2'000'000;
  SiteAnswers out;
  work.for_each([&](std::size_t, SiteWork& w) {
    const std::vector<char> all(cands.size(), 1);
    std::vector<char> alone(cands.size(), 0);
    alone[c] = 1;
    for (std::size_t n = 0; n < w.mp->paths.size(); ++n) {
      if (!w.mp->paths[n].ok) continue;
      const z3::expr& after = w.after[n][c];
      if (z3::eq(after, w.before[c]) || z3::eq(after.simplify(), w.before[c].simplify())) continue;
      const z3::expr premise = w.env->assumptions && w.mp->paths[n].guard.e && w.facts[n];
      auto ask = [&](const std::vector<char>& use, const smt::QueryLimits& l, const char* tier) {
        z3::solver s = smt::make_solver(*w.ctx, l);
        s.add(abstract_lengths(premise && assumed(cands, use, w, n)));
        s.add(abstract_lengths(!after));
        const smt::Answer a = smt::check(s, l);
        std::printf("%s (%s) [%s, %s, %zu of %zu]: %s %llu units\n", site.c_str(),
                    std::string(w.mp->paths[n].branch()).c_str(), cands[c].name().c_str(), tier,
                    (std::size_t)std::count(use.begin(), use.end(), 1), cands.size(), a.text().c_str(),
                    (unsigned long long)a.rlimit);
        out.units += a.rlimit;
        out.largest = std::max(out.largest, a.rlimit);
        return a.result;
      };
      if (ask(alone, small, "alone") == z3::unsat) {
        ++out.alone;
        continue;
      }
      const z3::check_result r = ask(cone(w, n, symbols_of(after), all, c), limits, "cone of the set");
      (r == z3::unsat ? out.set : r == z3::sat ? out.sat : out.unknown)++;
    }
  });
  return out;
}

// Every mev_protection site that writes the intents or pending_count keeps the part, each
// query within the default 15M units: cancel_intent and create_batch from the part alone
// (the guards say which intents were Pending), submit_intent from X-MEV's capital part at
// the new id (absent: above intent_counter), execute_batch from its batch part at the batch
// (the listed intents are Batched, not Pending). Measured: the units printed per path.
TEST(SpecMev, PendingCountKeptAtEveryIntentSite) {
  const std::vector<StateCandidate> cands = state_candidates();
  const std::size_t c = index_of(cands, kPendingCount, "X-MEV");
  for (const char* site : {"mev_protection.submit_intent", "mev_protection.cancel_intent",
                           "mev_protection.create_batch", "mev_protection.execute_batch"}) {
    const SiteAnswers a = ask_as_houdini(site, cands, c);
    EXPECT_GT(a.alone + a.set, 0u) << site << ": no ok path changes the part";
    EXPECT_EQ(a.sat + a.unknown, 0u) << site;
    std::printf("%s: %zu paths proved alone, %zu from the set, %llu units (largest query %llu)\n", site, a.alone, a.set,
                (unsigned long long)a.units, (unsigned long long)a.largest);
  }
}

// Houdini itself over the steps that change the count without reading a batch, with the
// part, X-MEV's capital part (submit_intent's new id is absent: above intent_counter) and
// the deployment: all kept. Under a broken count the part leaves on a counterexample to
// induction at the broken step (not as undecided): cancel_intent adding 1 to pending_count
// where it subtracts it, create_batch adding the batch's n. (From the cone of every
// candidate those broken queries were undecided at 15M: Z3 found no model of the whole set
// within it; the search finds these counterexamples from the small set.)
TEST(SpecMev, PendingCountInductiveWithoutBatchesAndBrokenByACount) {
  const auto cands = candidates_of({kPendingCount, "intent i and its capital"}, {kDeploymentLemma});
  ASSERT_EQ(cands.size(), 3u);
  const std::size_t c = index_of(cands, kPendingCount);
  expect_all_kept(cands, induct(sites_named({"mev_protection.submit_intent", "mev_protection.cancel_intent",
                                             "mev_protection.create_batch"}),
                                cands));
  for (const char* message : {"cancel_intent", "create_batch"}) {
    const Mutant broken{"mev_protection", message, "sub#1", mutation::Op::kSwapPlusMinus};
    const std::string site = "mev_protection." + std::string(message);
    expect_cti_at(induct(sites_named({site}), cands, &broken), c, site);
  }
}

}  // namespace
