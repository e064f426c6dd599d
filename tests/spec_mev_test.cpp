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
