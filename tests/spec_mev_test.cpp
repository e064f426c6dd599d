// mev_protection in the composed spec prover (smt/spec/houdini.hpp): the facts of its
// sorting network that create_batch's encoding is handed (model/spec/mev_protection.hpp),
// proved for every strict total order; M-ORDER and its pairwise lemma inductive over the
// batch steps from them, and refuted when the sort is dropped; the pairwise lemma on
// states. `Measure` runs Houdini over chosen sites with every candidate that reads mev's
// state (the figures in the README).
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
#include "smt/spec/houdini.hpp"
#include "smt/spec/network_facts.hpp"
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
// at each length, then the ids' order, every one unsat, with its units.
TEST(SpecMev, NetworkObligationsOfARun) {
  smt::ProveOptions options;
  options.jobs = 2;
  const std::vector<smt::Obligation> obs = network_obligations(options);
  ASSERT_EQ(obs.size(), ms::kMaxBatchSize + 2u);
  for (auto& o : obs) {
    EXPECT_EQ(o.contract, "mev_protection");
    EXPECT_EQ(o.result, "unsat") << o.what;
  }
  EXPECT_NE(obs[ms::kMaxBatchSize].what.find("at 6 ids"), std::string::npos) << obs[ms::kMaxBatchSize].what;
  EXPECT_GT(obs[ms::kMaxBatchSize].rlimit, 0u);
  EXPECT_NE(obs.back().what.find("strict total order"), std::string::npos) << obs.back().what;
}
}  // namespace
