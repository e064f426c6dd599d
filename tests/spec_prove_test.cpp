// The composed prover of the spec profile (smt/spec/): the base case, induction over the
// candidate set, a broken message caught by its step, the enabledness and vacuity checks,
// and `meshcheck prove --profile spec`'s interface. The full proof is a command
// (`meshcheck prove --profile spec`); CI runs it on a sample of the step sites.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <string_view>

#include "invariants/invariant.hpp"
#include "mutation/spec/catalog.hpp"
#include "smt/prover.hpp"
#include "smt/spec/houdini.hpp"
#include "smt/spec/keys.hpp"
#include "smt/spec/obligations.hpp"
#include "smt/spec/prover.hpp"
#include "smt/spec/witness.hpp"
#include "tests/support/spec_step_sites.hpp"

namespace {

using namespace meshcheck;
using namespace meshcheck::smt::spec;

using meshcheck::testing::sites_named;

std::size_t candidate(const std::vector<StateCandidate>& cands, const std::string& id, const std::string& part = "") {
  for (std::size_t c = 0; c < cands.size(); ++c)
    if (cands[c].id == id && (part.empty() || cands[c].part == part)) return c;
  ADD_FAILURE() << "no candidate " << id;
  return 0;
}

// Every candidate holds at the standard deployment, at every key.
TEST(SpecProve, BaseCaseHoldsForEveryCandidate) {
  z3::context ctx;
  model::spec::SymbolicScope scope(ctx);
  ComposedState standard = standard_state();
  z3::expr k = ctx.bv_const("k", 128);
  for (auto& c : state_candidates()) {
    z3::solver s(ctx);
    s.add(!c.at(standard, k));
    EXPECT_EQ(s.check(), z3::unsat) << c.name();
  }
}

// The deployment candidate is not trivially true: a free state with another admin breaks it.
TEST(SpecProve, DeploymentCandidateCanFail) {
  z3::context ctx;
  model::spec::SymbolicScope scope(ctx);
  ComposedState s = standard_state();
  s.sys.slot<model::spec::PaymentEscrow>().state.admin = fresh<model::spec::SAddr>("other");
  auto cands = state_candidates();
  z3::solver solver(ctx);
  solver.add(!cands[candidate(cands, kDeploymentLemma)].at(s, ctx.bv_const("k", 128)));
  EXPECT_EQ(solver.check(), z3::sat);
}

// A sample of the steps (cheap ones: CI time): every candidate of the set survives them.
TEST(SpecProve, CandidatesSurviveASampleOfSteps) {
  smt::ProveOptions options;
  options.jobs = 2;
  const auto sites = sites_named({"ai_job_queue.mark_in_progress", "payment_escrow.set_verifier",
                                  "plain transfer to payment_escrow"});
  const auto cands = state_candidates();
  Workspace work(sites, cands, options.jobs);
  HoudiniOutcome h = houdini(cands, work, options);
  for (std::size_t c = 0; c < cands.size(); ++c) EXPECT_TRUE(h.inductive[c]) << cands[c].name() << ": " << h.why[c];
  EXPECT_FALSE(h.steps.empty());
  for (auto& o : h.steps) EXPECT_EQ(o.result, "unsat") << o.what;
  // Every step of the sample succeeds from a state of the set: each is shown by its
  // witness (smt/spec/witness.hpp), a call the spec fuzzer made succeed there.
  for (auto& v : check_vacuity(cands, h.inductive, work, options, nullptr, fuzz_witnesses(sites)))
    EXPECT_TRUE(v.feasible) << v.obligation.what << ": " << v.obligation.result;
}

// With MESHCHECK_HOUDINI_SITES=site,site,... (or '*': every site) in the environment:
// Houdini over those sites with the whole candidate set, on MESHCHECK_HOUDINI_JOBS threads
// (default 2), its cost profile and wall time printed: how the speed figures of the
// README's proof section are measured site by site (each query with MESHCHECK_SPEC_TRACE).
TEST(SpecProve, MeasureHoudini) {
  const auto names = meshcheck::testing::env_list("MESHCHECK_HOUDINI_SITES");
  if (names.empty()) GTEST_SKIP() << "MESHCHECK_HOUDINI_SITES not set";
  std::vector<StepSite> sites;
  for (auto& s : step_sites(false))
    if (meshcheck::testing::listed(s.name(), names)) sites.push_back(s);
  ASSERT_FALSE(sites.empty());
  smt::ProveOptions options;
  options.jobs = 2;
  if (const char* j = std::getenv("MESHCHECK_HOUDINI_JOBS")) options.jobs = static_cast<unsigned>(std::atoi(j));
  const auto cands = state_candidates();
  const auto t0 = std::chrono::steady_clock::now();
  Workspace work(sites, cands, options.jobs);
  const double explored = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  HoudiniOutcome h = houdini(cands, work, options);
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<std::string> site_names;
  for (auto& w : work.sites()) site_names.push_back(w.site->name());
  std::fputs(cost_profile(h, cands, site_names).c_str(), stderr);
  std::size_t kept = 0;
  for (char c : h.inductive) kept += c;
  std::fprintf(stderr, "MEASURE %zu sites: %zu of %zu candidates kept; explored in %.1f s, %.1f s in all\n",
               sites.size(), kept, cands.size(), explored, total);
  for (std::size_t c = 0; c < cands.size(); ++c)
    if (!h.inductive[c]) std::fprintf(stderr, "  dropped %s: %s\n", cands[c].name().c_str(), h.why[c].c_str());
}

// The cone (workspace.hpp) loses no answer: over a sample of the steps, each candidate's
// step from its cone of the whole set and from the whole set are both unsat or both sat
// (the argument: what the cone leaves out reads nothing the query reads, and the
// standard deployment's values satisfy it). It is also a real cut: some cone leaves out
// some candidate, and every cone holds its own candidate.
TEST(SpecProve, ConeLosesNoAnswer) {
  const auto sites = sites_named({"ai_job_queue.mark_in_progress", "payment_escrow.set_verifier"});
  const auto cands = state_candidates();
  Workspace work(sites, cands, 1);
  const std::vector<char> all(cands.size(), 1);
  std::size_t asked = 0, cut = 0;
  work.for_each([&](std::size_t, SiteWork& w) {
    for (std::size_t n = 0; n < w.mp->paths.size(); ++n) {
      if (!w.mp->paths[n].ok) continue;
      const z3::expr premise = w.env->assumptions && w.mp->paths[n].guard.e && w.facts[n];
      for (std::size_t c = 0; c < cands.size(); ++c) {
        const std::vector<char> use = cone(w, n, smt::spec::symbols_of(w.after[n][c]), all, c);
        EXPECT_TRUE(use[c]) << cands[c].name();
        if (use == all) continue;
        ++cut;
        z3::check_result r[2];
        for (int whole = 0; whole < 2; ++whole) {
          z3::solver s(*w.ctx);
          z3::params p(*w.ctx);
          p.set("rlimit", 20'000'000u);
          s.set(p);
          s.add(abstract_lengths(premise && assumed(cands, whole ? all : use, w, n) && !w.after[n][c]));
          r[whole] = s.check();
        }
        ++asked;
        if (r[0] == z3::unknown || r[1] == z3::unknown) continue;
        EXPECT_EQ(r[0], r[1]) << w.site->name() << " path " << n << ": " << cands[c].name();
      }
    }
  });
  EXPECT_GT(cut, 0u);
  EXPECT_GT(asked, 0u);
}

// A broken message: create_batch with its sort dropped (the spec mutant, which changes the
// model and the encoding alike) lets a batch list its intents out of order, and M-ORDER
// fails its step there with a counterexample to induction.
TEST(SpecProve, DroppedSortBreaksOrderAtCreateBatch) {
  const mutation::spec::SpecSite* sort = nullptr;
  for (auto& s : mutation::spec::spec_sites())
    if (s.contract == "mev_protection" && s.message == "create_batch" && s.kind == mutation::SiteKind::kSort) sort = &s;
  ASSERT_NE(sort, nullptr);
  smt::ProveOptions options;
  const auto sites = sites_named({"mev_protection.create_batch"});
  // M-ORDER and the deployment only: the rest of the set is not what this test is about.
  std::vector<StateCandidate> cands;
  for (auto& c : state_candidates())
    if (c.id == "M-ORDER" || c.id == kDeploymentLemma) cands.push_back(c);
  const std::size_t order = candidate(cands, "M-ORDER");
  mutation::spec::activate(*sort, mutation::Op::kDropSort);
  Workspace broken(sites, cands, 1);
  mutation::spec::deactivate();
  HoudiniOutcome h = houdini(cands, broken, options);
  EXPECT_FALSE(h.inductive[order]);
  EXPECT_FALSE(h.unknown[order]);
  EXPECT_NE(h.why[order].find("counterexample to induction: step mev_protection.create_batch"), std::string::npos)
      << h.why[order];
}

// The unmutated create_batch keeps M-ORDER. Disabled: M-ORDER alone is not inductive over
// create_batch's 8 ok paths within the limits yet (it needs the batch lemmas of §6, or
// more units): the gap this first version leaves, kept here as the test that closes it.
TEST(SpecProve, DISABLED_CreateBatchKeepsOrder) {
  smt::ProveOptions options;
  const auto sites = sites_named({"mev_protection.create_batch"});
  std::vector<StateCandidate> cands;
  for (auto& c : state_candidates())
    if (c.id == "M-ORDER" || c.id == kDeploymentLemma) cands.push_back(c);
  Workspace work(sites, cands, 1);
  HoudiniOutcome h = houdini(cands, work, options);
  EXPECT_TRUE(h.inductive[candidate(cands, "M-ORDER")]) << h.why[candidate(cands, "M-ORDER")];
}

// The search's rule for undecided queries, driven with answers of the test's own (no Z3):
// A and B each need L, and each makes the other's step too hard to decide within the
// limit; C is undecided whatever is assumed. Houdini must not drop A and B for each
// other's sake: asked apart (the set less the other undecided candidates), each is
// proved; C, undecided apart too, leaves the set as UNKNOWN, and nothing as a proof.
class ScriptedQueries final : public StepQueries {
 public:
  // 0: A, 1: B, 2: C, 3: L.
  std::size_t sites() const override { return 1; }
  std::size_t paths(std::size_t) const override { return 2; }
  bool ok(std::size_t, std::size_t path) const override { return path == 1; }  // path 0 is refused
  std::string what(std::size_t, std::size_t) const override { return "step s (ok)"; }
  std::string contract(std::size_t) const override { return "c"; }
  bool unchanged(std::size_t, std::size_t, std::size_t) override { return false; }
  smt::Answer ask(std::size_t, std::size_t path, std::size_t c, const std::vector<char>& under, Tier tier,
                  std::string* cti) override {
    EXPECT_EQ(path, 1u);
    asked.push_back({c, tier});
    auto answer = [](z3::check_result r) { return smt::Answer{r, r == z3::unknown ? "resource limit" : "", 0, 1, false}; };
    if (c == 3) return answer(z3::unsat);             // L holds by itself
    if (c == 2) return answer(z3::unknown);           // C: never decided
    if (tier == Tier::kAlone) return answer(z3::sat);  // A and B need L
    const std::size_t other = c == 0 ? 1 : 0;
    if (under[other]) return answer(z3::unknown);
    if (!under[3]) {
      if (cti) *cti = "step s (ok) breaks it";
      return answer(z3::sat);
    }
    return answer(z3::unsat);
  }
  void for_each_site(const std::function<void(std::size_t)>& f, const std::vector<std::size_t>& order) override {
    for (std::size_t i : order) f(i);
  }
  std::vector<std::pair<std::size_t, Tier>> asked;
};

// One site of three ok paths where candidate 0 is broken alone everywhere and proved by its
// probe, candidate 1 proved alone everywhere: answers of the test's own, every query recorded.
class BrokenAloneQueries final : public StepQueries {
 public:
  std::size_t sites() const override { return 1; }
  std::size_t paths(std::size_t) const override { return 3; }
  bool ok(std::size_t, std::size_t) const override { return true; }
  std::string what(std::size_t, std::size_t path) const override {
    return "step s (path " + std::to_string(path) + ")";
  }
  std::string contract(std::size_t) const override { return "c"; }
  bool unchanged(std::size_t, std::size_t, std::size_t) override { return false; }
  smt::Answer ask(std::size_t, std::size_t path, std::size_t c, const std::vector<char>&, Tier tier,
                  std::string* cti) override {
    asked.push_back({path, c, tier});
    if (c == 0 && tier == Tier::kAlone) {
      if (cti) *cti = "step s breaks it alone";
      return smt::Answer{z3::sat, "", 0, 1, false};
    }
    return smt::Answer{z3::unsat, "", 0, 1, false};
  }
  void for_each_site(const std::function<void(std::size_t)>& f, const std::vector<std::size_t>& order) override {
    for (std::size_t i : order) f(i);
  }
  struct Asked {
    std::size_t path, candidate;
    Tier tier;
  };
  std::vector<Asked> asked;
};

std::vector<StateCandidate> named_candidates(std::initializer_list<const char*> ids) {
  std::vector<StateCandidate> out;
  for (const char* id : ids) out.push_back(StateCandidate{id, "", false, 128, nullptr});
  return out;
}

HoudiniOutcome all_in(std::size_t n) {
  HoudiniOutcome out;
  out.inductive.assign(n, 1);
  out.unknown.assign(n, 0);
  out.why.assign(n, "");
  out.base.resize(n);
  return out;
}

// A candidate the step alone breaks at one path of a site is not asked alone at the site's
// later paths (houdini.cpp's cheap_pass: broken_alone): its probe is asked there directly.
// The other candidate is still asked alone at every path; both stay in the set.
TEST(SpecProve, BrokenAloneOnceGoesStraightToItsProbes) {
  const auto cands = named_candidates({"A", "B"});
  BrokenAloneQueries q;
  HoudiniOutcome h = all_in(cands.size());
  search(cands, q, h);
  EXPECT_TRUE(h.inductive[0]) << h.why[0];
  EXPECT_TRUE(h.inductive[1]) << h.why[1];
  std::size_t a_alone = 0, a_probe = 0, b_alone = 0;
  for (auto& x : q.asked) {
    a_alone += x.candidate == 0 && x.tier == Tier::kAlone;
    a_probe += x.candidate == 0 && x.tier == Tier::kProbe;
    b_alone += x.candidate == 1 && x.tier == Tier::kAlone;
  }
  EXPECT_EQ(a_alone, 1u);  // at path 0 only
  EXPECT_EQ(a_probe, 3u);
  EXPECT_EQ(b_alone, 3u);
  ASSERT_EQ(h.step_proofs[0].size(), 3u);
  for (auto& o : h.step_proofs[0]) EXPECT_NE(o.what.find("under the set"), std::string::npos) << o.what;
}

TEST(SpecProve, UndecidedStepsAreAskedAgainApart) {
  const auto cands = named_candidates({"A", "B", "C", "L"});
  ScriptedQueries q;
  HoudiniOutcome h = all_in(cands.size());
  search(cands, q, h);
  EXPECT_TRUE(h.inductive[0]) << h.why[0];
  EXPECT_TRUE(h.inductive[1]) << h.why[1];
  EXPECT_TRUE(h.inductive[3]) << h.why[3];
  EXPECT_FALSE(h.inductive[2]);
  EXPECT_TRUE(h.unknown[2]);
  EXPECT_NE(h.why[2].find("resource limit"), std::string::npos) << h.why[2];
  // A's proof is its query apart, which left out B and C (not L).
  ASSERT_EQ(h.step_proofs[0].size(), 1u);
  EXPECT_EQ(h.step_proofs[0][0].what, "step s (ok) for A under the set without B, C");
  EXPECT_EQ(h.step_proofs[0][0].result, "unsat");
  EXPECT_TRUE(h.step_proofs[2].empty());
  // A was asked alone, under the set, then apart; each proof stood once made (L was never
  // asked again in the second round, after C left).
  EXPECT_EQ(std::count(q.asked.begin(), q.asked.end(), std::make_pair(std::size_t(0), Tier::kApart)), 1);
  EXPECT_EQ(std::count_if(q.asked.begin(), q.asked.end(), [](auto& a) { return a.first == 3; }), 1);
}

// A query apart that finds a counterexample drops its candidate with it (not as UNKNOWN),
// saying what the query left out: here A and B lack the L they need.
TEST(SpecProve, CounterexampleApartDropsWithItsReason) {
  const auto cands = named_candidates({"A", "B", "C"});  // no L: A and B fail apart
  class NoLemma final : public StepQueries {
   public:
    explicit NoLemma(ScriptedQueries& s) : s_(s) {}
    std::size_t sites() const override { return 1; }
    std::size_t paths(std::size_t) const override { return 2; }
    bool ok(std::size_t, std::size_t path) const override { return path == 1; }
    std::string what(std::size_t, std::size_t) const override { return "step s (ok)"; }
    std::string contract(std::size_t) const override { return "c"; }
    bool unchanged(std::size_t, std::size_t, std::size_t) override { return false; }
    smt::Answer ask(std::size_t site, std::size_t path, std::size_t c, const std::vector<char>& under, Tier tier,
                    std::string* cti) override {
      std::vector<char> with = under;
      with.push_back(0);  // L, absent
      return s_.ask(site, path, c, with, tier, cti);
    }
    void for_each_site(const std::function<void(std::size_t)>& f, const std::vector<std::size_t>& order) override {
      for (std::size_t i : order) f(i);
    }

   private:
    ScriptedQueries& s_;
  };
  ScriptedQueries s;
  NoLemma q(s);
  HoudiniOutcome h = all_in(cands.size());
  search(cands, q, h);
  for (std::size_t c = 0; c < 2; ++c) {
    EXPECT_FALSE(h.inductive[c]);
    EXPECT_FALSE(h.unknown[c]) << h.why[c];
    EXPECT_NE(h.why[c].find("counterexample to induction (from the set without"), std::string::npos) << h.why[c];
  }
  EXPECT_TRUE(h.unknown[2]);
}

// A scripted search of the test's own: `answer(site, path, candidate, under, tier)` gives
// each answer, `cone` (if set) each cone; every query is recorded.
class Script final : public StepQueries {
 public:
  struct Asked {
    std::size_t site, path, c;
    std::vector<char> under;
    Tier tier;
  };
  using Answerer = std::function<z3::check_result(std::size_t, std::size_t, std::size_t, const std::vector<char>&, Tier)>;
  Script(std::vector<std::size_t> ok_paths, Answerer answer) : ok_paths_(std::move(ok_paths)), answer_(std::move(answer)) {}
  std::function<std::vector<char>(std::size_t, std::size_t, std::size_t, const std::vector<char>&)> cone_of;
  std::size_t sites() const override { return ok_paths_.size(); }
  std::size_t paths(std::size_t site) const override { return ok_paths_[site]; }
  bool ok(std::size_t, std::size_t) const override { return true; }
  std::string what(std::size_t site, std::size_t path) const override {
    return "step s" + std::to_string(site) + " (path " + std::to_string(path) + ")";
  }
  std::string contract(std::size_t) const override { return "c"; }
  bool unchanged(std::size_t, std::size_t, std::size_t) override { return false; }
  std::vector<char> cone(std::size_t site, std::size_t path, std::size_t c, const std::vector<char>& alive) override {
    if (!cone_of) return alive;
    std::vector<char> out = cone_of(site, path, c, alive);
    for (std::size_t d = 0; d < out.size(); ++d) out[d] = out[d] && alive[d];
    return out;
  }
  smt::Answer ask(std::size_t site, std::size_t path, std::size_t c, const std::vector<char>& under, Tier tier,
                  std::string* cti) override {
    asked.push_back({site, path, c, under, tier});
    const z3::check_result r = answer_(site, path, c, under, tier);
    if (r == z3::sat && cti) *cti = what(site, path) + " breaks it";
    return smt::Answer{r, r == z3::unknown ? "resource limit" : "", 0, tier == Tier::kSet || tier == Tier::kApart ? 100u : 1u, false};
  }
  void for_each_site(const std::function<void(std::size_t)>& f, const std::vector<std::size_t>& order) override {
    orders.push_back(order);
    for (std::size_t i : order) f(i);
  }
  std::size_t count(std::size_t c, Tier tier) const {
    return std::count_if(asked.begin(), asked.end(), [&](const Asked& a) { return a.c == c && a.tier == tier; });
  }
  std::vector<Asked> asked;
  std::vector<std::vector<std::size_t>> orders;

 private:
  std::vector<std::size_t> ok_paths_;
  Answerer answer_;
};

// Counterexamples first: A's step is hard (only the run's limit proves it), D has a cheap
// counterexample. D's probe drops it before A's expensive query is asked, so that query
// is asked once, from a set without D (asked first, from a set with D, a proof would
// have been lost with D's drop and asked again).
TEST(SpecProve, CounterexamplesComeBeforeExpensiveProofs) {
  const auto cands = named_candidates({"A", "D"});
  Script q({1}, [](std::size_t, std::size_t, std::size_t c, const std::vector<char>&, Tier tier) {
    if (tier == Tier::kAlone) return z3::sat;
    if (c == 1) return z3::sat;  // D: a counterexample, found by its probe
    return tier == Tier::kProbe ? z3::unknown : z3::unsat;
  });
  HoudiniOutcome h = all_in(cands.size());
  search(cands, q, h);
  EXPECT_TRUE(h.inductive[0]) << h.why[0];
  EXPECT_FALSE(h.inductive[1]);
  EXPECT_FALSE(h.unknown[1]);
  EXPECT_NE(h.why[1].find("counterexample to induction: step s0 (path 0) breaks it"), std::string::npos) << h.why[1];
  EXPECT_EQ(q.count(0, Tier::kSet), 1u);
  EXPECT_EQ(q.count(1, Tier::kSet), 0u);
  for (auto& a : q.asked)
    if (a.tier == Tier::kSet) {
      EXPECT_FALSE(a.under[1]) << "an expensive query assumed D before D's probe was asked";
    }
  ASSERT_EQ(h.step_proofs[0].size(), 1u);
  EXPECT_EQ(h.step_proofs[0][0].what, "step s0 (path 0) for A under the set");
  EXPECT_EQ(h.cost.tiers[static_cast<std::size_t>(Tier::kSet)].queries, 1u);
  EXPECT_EQ(h.cost.tiers[static_cast<std::size_t>(Tier::kSet)].units, 100u);
}

// What runs beside an expensive pass (houdini.hpp's BesideExpensive) is given the set that
// pass assumes, once per pass: the final set when the pass drops nothing (A's expensive
// query proves it), not when it does (A's is a counterexample), which the caller sees by
// comparing it with the search's outcome. A search with no expensive pass calls it never.
TEST(SpecProve, BesideTheExpensivePassIsTheSetItAssumes) {
  const auto cands = named_candidates({"A", "B"});
  for (const z3::check_result expensive : {z3::unsat, z3::sat}) {
    Script q({1}, [&](std::size_t, std::size_t, std::size_t c, const std::vector<char>&, Tier tier) {
      if (c == 1) return z3::unsat;  // B holds by itself
      if (tier == Tier::kAlone) return z3::sat;
      return tier == Tier::kProbe ? z3::unknown : expensive;
    });
    std::vector<std::vector<char>> given;
    std::size_t asked_before = 0;
    HoudiniOutcome h = all_in(cands.size());
    search(cands, q, h, nullptr, [&](const std::vector<char>& set) {
      given.push_back(set);
      asked_before = q.count(0, Tier::kSet);  // the fake runs it after the pass's sites
    });
    ASSERT_EQ(given.size(), 1u);
    EXPECT_EQ(given[0], (std::vector<char>{1, 1}));
    EXPECT_EQ(asked_before, 1u);
    EXPECT_EQ(given[0] == h.inductive, expensive == z3::unsat);
    EXPECT_EQ(h.inductive[0], expensive == z3::unsat) << h.why[0];
  }
  Script cheap({1}, [](std::size_t, std::size_t, std::size_t, const std::vector<char>&, Tier) { return z3::unsat; });
  HoudiniOutcome h = all_in(cands.size());
  bool called = false;
  search(cands, cheap, h, nullptr, [&](const std::vector<char>&) { called = true; });
  EXPECT_FALSE(called);
}

// The cone: A needs L, E shares no state with either. E's drop (its counterexample at
// path 1) takes no premise from A's proofs, which assumed A and L only: they stand, and
// are not asked again.
TEST(SpecProve, ADropOutsideTheConeKeepsTheProofs) {
  const auto cands = named_candidates({"A", "E", "L"});
  Script q({2}, [](std::size_t, std::size_t path, std::size_t c, const std::vector<char>& under, Tier tier) {
    if (c == 2) return z3::unsat;  // L holds by itself
    if (c == 1) return tier == Tier::kAlone && path == 0 ? z3::unsat : z3::sat;
    if (tier == Tier::kAlone) return z3::sat;
    return under[2] ? z3::unsat : z3::sat;  // A needs L
  });
  q.cone_of = [](std::size_t, std::size_t, std::size_t c, const std::vector<char>&) {
    return c == 1 ? std::vector<char>{0, 1, 0} : c == 0 ? std::vector<char>{1, 0, 1} : std::vector<char>{0, 0, 1};
  };
  HoudiniOutcome h = all_in(cands.size());
  search(cands, q, h);
  EXPECT_TRUE(h.inductive[0]) << h.why[0];
  EXPECT_FALSE(h.inductive[1]);
  EXPECT_TRUE(h.inductive[2]);
  EXPECT_EQ(q.count(0, Tier::kProbe), 2u);  // once per path: the proofs stood after E's drop
  for (auto& a : q.asked) EXPECT_FALSE(a.c != 1 && a.under[1]) << "a query assumed E, outside its cone";
  EXPECT_EQ(h.step_proofs[0].size(), 2u);
  EXPECT_EQ(h.cost.invalidated, 0u);
  // Without the cone (every query from the whole set), E's drop takes A's proofs with it.
  Script whole({2}, [](std::size_t, std::size_t path, std::size_t c, const std::vector<char>& under, Tier tier) {
    if (c == 2) return z3::unsat;
    if (c == 1) return tier == Tier::kAlone && path == 0 ? z3::unsat : z3::sat;
    if (tier == Tier::kAlone) return z3::sat;
    return under[2] ? z3::unsat : z3::sat;
  });
  HoudiniOutcome w = all_in(cands.size());
  search(cands, whole, w);
  EXPECT_TRUE(w.inductive[0]);
  EXPECT_EQ(whole.count(0, Tier::kProbe), 4u);
  EXPECT_EQ(w.cost.invalidated, 2u);
}

// A query the run's limit left undecided is not asked again from the same cone (it would
// answer the same): after E's drop elsewhere, A's query goes to the round's end with its
// first answer, and A, undecided apart too (no other undecided candidate in its cone),
// leaves the set as UNKNOWN, never as proved.
TEST(SpecProve, UndecidedUnderTheSameConeIsNotAskedAgain) {
  const auto cands = named_candidates({"A", "E"});
  Script q({1}, [](std::size_t, std::size_t, std::size_t c, const std::vector<char>&, Tier tier) {
    if (c == 1 && tier == Tier::kAlone) return z3::sat;
    if (c == 1 && tier == Tier::kSet) return z3::sat;  // E: a counterexample only the run's limit finds
    return z3::unknown;
  });
  q.cone_of = [](std::size_t, std::size_t, std::size_t c, const std::vector<char>&) {
    return c == 0 ? std::vector<char>{1, 0} : std::vector<char>{1, 1};
  };
  HoudiniOutcome h = all_in(cands.size());
  search(cands, q, h);
  EXPECT_FALSE(h.inductive[0]);
  EXPECT_TRUE(h.unknown[0]);
  EXPECT_NE(h.why[0].find("resource limit"), std::string::npos) << h.why[0];
  EXPECT_TRUE(h.step_proofs[0].empty());
  EXPECT_FALSE(h.inductive[1]);
  EXPECT_FALSE(h.unknown[1]);
  EXPECT_EQ(q.count(0, Tier::kProbe), 0u);  // its cone is itself: its query alone was its probe
  EXPECT_EQ(q.count(0, Tier::kSet), 1u);
  EXPECT_EQ(q.count(0, Tier::kApart), 0u);
  EXPECT_GE(h.cost.reused, 2u);
}

// A candidate whose cone is itself: a counterexample alone is one under the set, and
// drops it with no probe; a candidate with more in its cone is probed before it drops.
TEST(SpecProve, AConeOfItselfDropsOnItsQueryAlone) {
  const auto cands = named_candidates({"A", "B", "L"});
  Script q({1}, [](std::size_t, std::size_t, std::size_t c, const std::vector<char>& under, Tier tier) {
    if (c == 2) return z3::unsat;
    if (c == 0) return z3::sat;
    return tier != Tier::kAlone && under[2] ? z3::unsat : z3::sat;  // B needs L
  });
  q.cone_of = [](std::size_t, std::size_t, std::size_t c, const std::vector<char>&) {
    return c == 0 ? std::vector<char>{1, 0, 0} : c == 1 ? std::vector<char>{0, 1, 1} : std::vector<char>{0, 0, 1};
  };
  HoudiniOutcome h = all_in(cands.size());
  search(cands, q, h);
  EXPECT_FALSE(h.inductive[0]);
  EXPECT_FALSE(h.unknown[0]);
  EXPECT_NE(h.why[0].find("counterexample to induction: step s0 (path 0) breaks it"), std::string::npos) << h.why[0];
  EXPECT_EQ(q.count(0, Tier::kProbe), 0u);
  EXPECT_EQ(q.count(0, Tier::kAlone), 1u);
  EXPECT_TRUE(h.inductive[1]) << h.why[1];
  EXPECT_EQ(q.count(1, Tier::kProbe), 1u);
}

// After a candidate's first undecided expensive query at a site, its others there wait:
// A is undecided everywhere and leaves as UNKNOWN with one expensive query asked (not
// three); B, undecided beside A at path 0 and proved apart, has its deferred paths asked
// in a later pass, and stays with a proof of each.
TEST(SpecProve, UndecidedCandidatesDeferTheirOtherExpensiveQueries) {
  const auto cands = named_candidates({"A", "B"});
  Script q({3}, [](std::size_t, std::size_t path, std::size_t c, const std::vector<char>& under, Tier tier) {
    if (tier == Tier::kAlone || tier == Tier::kProbe) return z3::unknown;
    if (c == 0) return z3::unknown;
    return path == 0 && under[0] ? z3::unknown : z3::unsat;
  });
  HoudiniOutcome h = all_in(cands.size());
  search(cands, q, h);
  EXPECT_FALSE(h.inductive[0]);
  EXPECT_TRUE(h.unknown[0]);
  EXPECT_EQ(q.count(0, Tier::kSet), 1u);
  EXPECT_TRUE(h.inductive[1]) << h.why[1];
  EXPECT_EQ(h.step_proofs[1].size(), 3u);
  for (auto& o : h.step_proofs[1]) EXPECT_EQ(o.result, "unsat");
  EXPECT_EQ(h.step_proofs[0].size(), 0u);
}

// The sites start the most expensive first: before any query, the one with more paths.
TEST(SpecProve, SitesStartLongestFirst) {
  const auto cands = named_candidates({"A"});
  Script q({1, 3, 2}, [](std::size_t, std::size_t, std::size_t, const std::vector<char>&, Tier) { return z3::unsat; });
  HoudiniOutcome h = all_in(cands.size());
  search(cands, q, h);
  EXPECT_TRUE(h.inductive[0]);
  ASSERT_FALSE(q.orders.empty());
  EXPECT_EQ(q.orders[0], (std::vector<std::size_t>{1, 2, 0}));
  EXPECT_EQ(h.cost.site_units, (std::vector<std::uint64_t>{1, 3, 2}));
}

// --- the verdicts from a run's outcome, scripted (spec_verdicts: no Z3) ----------------------

// A run in which everything holds, over three invariants of the spec catalog: a state one
// (its candidate in the set), a transition one (its step form proved) and a messages one
// (its exit form proved); two sites, both feasible; the strings check holding; the
// network's obligations unsat.
struct ScriptedRun {
  std::vector<const invariants::Invariant*> wanted;
  SpecRun run;
};
// The spec catalog's invariant `id`, or nullptr.
const invariants::Invariant* spec_invariant(std::string_view id) {
  for (auto& inv : invariants::catalog())
    if (inv.id == id && inv.in_profile("spec")) return &inv;
  return nullptr;
}
bool of_kind(std::string_view id, invariants::Kind kind) {
  const invariants::Invariant* inv = spec_invariant(id);
  return inv && inv->kind == kind;
}
smt::Obligation unsat_obligation(const std::string& what) { return smt::Obligation{"spec", what, "unsat", 0.5, 7}; }
ScriptedRun all_holding() {
  ScriptedRun s;
  SpecRun& r = s.run;
  r.candidates = state_candidates();
  const std::size_t n = r.candidates.size();
  r.houdini.inductive.assign(n, 1);
  r.houdini.unknown.assign(n, 0);
  r.houdini.why.assign(n, "");
  for (std::size_t c = 0; c < n; ++c) r.houdini.base.push_back(unsat_obligation("base " + r.candidates[c].name()));
  r.houdini.steps = {unsat_obligation("step a.f (ok)"), unsat_obligation("step b.g (ok)")};
  const invariants::Invariant* state = nullptr;
  for (auto& c : r.candidates)
    if (!c.lemma && of_kind(c.id, invariants::Kind::State)) {
      state = spec_invariant(c.id);
      break;
    }
  for (const invariants::spec::SpecModule* m : invariants::spec::modules()) {
    for (auto& f : m->step_forms)
      if (r.step_forms.empty() && of_kind(f.id, invariants::Kind::Transition)) r.step_forms.push_back(&f);
    for (auto& f : m->exit_forms)
      if (r.exit_forms.empty() && of_kind(f.id, invariants::Kind::Messages)) r.exit_forms.push_back(&f);
  }
  if (!state || r.step_forms.size() != 1 || r.exit_forms.size() != 1)
    throw std::logic_error("the spec catalog has no state, transition or messages invariant with a form");
  s.wanted = {state, spec_invariant(r.step_forms[0]->id), spec_invariant(r.exit_forms[0]->id)};
  r.steps = {FormOutcome{true, false, "", {unsat_obligation("transition a.f (ok)")}}};
  r.exits = {FormOutcome{true, false, "", {unsat_obligation("enabledness")}}};
  for (const char* site : {"a.f", "b.g"})
    r.vacuity.push_back(
        VacuityOutcome{site, true, false, smt::Obligation{"a", std::string("vacuity ") + site, "sat", 0.1, 3}});
  r.strings = StringsOutcome{true, smt::Obligation{"spec", "strings copied: ...", kStringsCopiedHold, 0.2, 0}};
  for (int i = 0; i < 8; ++i)
    r.network.push_back(
        smt::Obligation{"mev_protection", "sorting network facts " + std::to_string(i), "unsat", 0.1, 100});
  return s;
}
bool lists(const smt::ProofVerdict& v, const std::string& what, const std::string& result) {
  return std::any_of(v.obligations.begin(), v.obligations.end(),
                     [&](const smt::Obligation& o) { return o.what == what && o.result == result; });
}

// Everything holds: each verdict PROVED, listing the run's checks among its obligations
// (each site's vacuity, the strings check, the network's facts) and naming them.
TEST(SpecVerdicts, ProvedListsTheRunsChecks) {
  ScriptedRun s = all_holding();
  const auto verdicts = spec_verdicts(s.wanted, s.run);
  ASSERT_EQ(verdicts.size(), 3u);
  for (auto& v : verdicts) {
    EXPECT_EQ(v.kind, smt::ProofVerdict::Kind::Proved) << v.id << ": " << v.detail;
    EXPECT_TRUE(lists(v, "vacuity a.f", "sat") && lists(v, "vacuity b.g", "sat")) << v.id;
    EXPECT_TRUE(lists(v, "strings copied: ...", kStringsCopiedHold)) << v.id;
    for (int i = 0; i < 8; ++i) EXPECT_TRUE(lists(v, "sorting network facts " + std::to_string(i), "unsat")) << v.id;
    EXPECT_NE(v.detail.find("rests on the run's checks"), std::string::npos) << v.detail;
    EXPECT_NE(v.detail.find("strings copied"), std::string::npos) << v.detail;
    EXPECT_NE(v.detail.find("sorting network"), std::string::npos) << v.detail;
    EXPECT_FALSE(v.lemmas.empty()) << v.id;
  }
  // A site proved unable to succeed as a top-level call is said, not a failure.
  s.run.vacuity[1].feasible = false;
  s.run.vacuity[1].obligation.result = "unsat";
  for (auto& v : spec_verdicts(s.wanted, s.run)) {
    EXPECT_EQ(v.kind, smt::ProofVerdict::Kind::Proved) << v.id;
    EXPECT_NE(v.detail.find("no ok path of b.g is feasible"), std::string::npos) << v.detail;
  }
}

// The run's checks and the inductive set's steps are one query each, listed under every
// verdict that stands on them: `prove --slowest` (smt::obligations_by_cost) counts them
// once, and each verdict's own obligations once per verdict even when two share a name.
TEST(SpecVerdicts, SharedObligationsAreCountedOnce) {
  ScriptedRun s = all_holding();
  auto verdicts = spec_verdicts(s.wanted, s.run);
  std::size_t own = 0, listed = 0;
  for (auto& v : verdicts) {
    listed += v.obligations.size();
    for (auto& o : v.obligations) own += !o.shared;
  }
  // The shared ones: the set's 2 steps (under the state invariant only), 2 vacuity checks,
  // the strings check and 8 network facts (under all three verdicts).
  const std::size_t shared = 2 + 2 + 1 + 8;
  EXPECT_EQ(listed, own + 2 + 3 * (2 + 1 + 8));
  EXPECT_EQ(smt::obligations_by_cost(verdicts).size(), own + shared);
  // Two verdicts' own obligations of the same name are two queries.
  verdicts[1].obligations.push_back(smt::Obligation{"c", "step m", "unsat", 0.1, 7});
  verdicts[2].obligations.push_back(smt::Obligation{"c", "step m", "unsat", 0.1, 9});
  const auto rows = smt::obligations_by_cost(verdicts);
  EXPECT_EQ(rows.size(), own + shared + 2);
  EXPECT_EQ(rows.front().obligation->rlimit, 100u);  // a network fact, the most expensive
  EXPECT_EQ(rows.front().id, verdicts[0].id);        // under the first verdict that lists it
}

// A vacuity check left undecided (Z3's unknown) at one site: every verdict that would be
// PROVED is UNKNOWN, naming the site (every proof stands on the inductive set, proved by
// a query at every site), with the check among its obligations.
TEST(SpecVerdicts, UndecidedVacuityMakesEveryProofUnknown) {
  ScriptedRun s = all_holding();
  s.run.vacuity[1].feasible = false;
  s.run.vacuity[1].unknown = true;
  s.run.vacuity[1].obligation.result = "unknown: max. resource limit exceeded";
  for (auto& v : spec_verdicts(s.wanted, s.run)) {
    EXPECT_EQ(v.kind, smt::ProofVerdict::Kind::Unknown) << v.id;
    EXPECT_FALSE(v.unknown_step) << v.id;
    EXPECT_EQ(v.detail.rfind("UNKNOWN: ", 0), 0u) << v.detail;
    EXPECT_NE(v.detail.find("vacuity check of b.g (unknown: max. resource limit exceeded) is undecided"),
              std::string::npos)
        << v.detail;
    EXPECT_TRUE(lists(v, "vacuity b.g", "unknown: max. resource limit exceeded")) << v.id;
    EXPECT_TRUE(v.lemmas.empty()) << v.id;
  }
}

// The sorting network's facts not proved (undecided, a counterexample, or not asked):
// every verdict that would be PROVED is UNKNOWN, naming them.
TEST(SpecVerdicts, NetworkFactsNotProvedMakeEveryProofUnknown) {
  for (const char* result : {"unknown: max. resource limit exceeded", "sat", ""}) {
    ScriptedRun s = all_holding();
    if (*result)
      s.run.network[6].result = result;
    else
      s.run.network.clear();
    for (auto& v : spec_verdicts(s.wanted, s.run)) {
      EXPECT_EQ(v.kind, smt::ProofVerdict::Kind::Unknown) << v.id << " " << result;
      EXPECT_NE(v.detail.find("the sorting network's facts handed to create_batch's encoding"), std::string::npos)
          << v.detail;
      if (*result) {
        EXPECT_NE(v.detail.find("sorting network facts 6: " + std::string(result)), std::string::npos) << v.detail;
      }
    }
  }
}

// A stored string built rather than copied: abstract_lengths is not shown exact, and
// every verdict that would be PROVED is UNKNOWN, naming the strings check.
TEST(SpecVerdicts, AStringBuiltMakesEveryProofUnknown) {
  ScriptedRun s = all_holding();
  s.run.strings.holds = false;
  s.run.strings.obligation.result = "fails: a.f: path ok stores a string built otherwise: (str.++ x x)";
  for (auto& v : spec_verdicts(s.wanted, s.run)) {
    EXPECT_EQ(v.kind, smt::ProofVerdict::Kind::Unknown) << v.id;
    EXPECT_NE(v.detail.find("abstract_lengths is not shown exact: strings copied: ...: fails: a.f"), std::string::npos)
        << v.detail;
  }
}

// A form's own failure says first: a counterexample to induction stays one (the refuter
// searches it) whatever the run's checks say.
TEST(SpecVerdicts, AFormsCounterexampleComesBeforeTheRunsChecks) {
  ScriptedRun s = all_holding();
  s.run.vacuity[0].unknown = true;
  s.run.steps[0] = FormOutcome{false, false, "counterexample to the step: transition a.f (ok)", {}};
  const auto verdicts = spec_verdicts(s.wanted, s.run);
  EXPECT_EQ(verdicts[1].kind, smt::ProofVerdict::Kind::Unknown);
  EXPECT_EQ(verdicts[1].detail.rfind(kNotProvedCti, 0), 0u) << verdicts[1].detail;
  EXPECT_NE(verdicts[0].detail.find("vacuity check of a.f"), std::string::npos) << verdicts[0].detail;
}

// A part of a statement no form states keeps its invariant from PROVED even with every form
// proved, and says which part and why; the others stay PROVED (a scripted part: the
// mechanism, whatever the modules declare today).
TEST(SpecVerdicts, AnUnstatedPartKeepsItsInvariantFromProved) {
  ScriptedRun s = all_holding();
  const std::string id(s.wanted[1]->id);
  s.run.unstated.push_back(invariants::spec::UnstatedPart{s.wanted[1]->id, "a part with no form", "no ghost for it"});
  const auto verdicts = spec_verdicts(s.wanted, s.run);
  EXPECT_EQ(verdicts[0].kind, smt::ProofVerdict::Kind::Proved) << verdicts[0].detail;
  EXPECT_EQ(verdicts[1].kind, smt::ProofVerdict::Kind::Unknown);
  EXPECT_EQ(verdicts[1].detail,
            "UNKNOWN: every form of " + id + " is proved, but no form states a part with no form (no ghost for it)");
  EXPECT_EQ(verdicts[2].kind, smt::ProofVerdict::Kind::Proved) << verdicts[2].detail;
}

// The strings check over explored sites: it holds over the real steps, names how many it
// checked, costs no Z3 query; and a site whose path stores a concatenation fails it, named.
TEST(SpecVerdicts, StringsCheckOverExploredSites) {
  const auto sites = sites_named({"compute_provider_registry.register_provider", "plain transfer to payment_escrow"});
  std::vector<StateCandidate> cands;
  for (auto& c : state_candidates())
    if (c.id == kDeploymentLemma) cands.push_back(c);
  Workspace work(sites, cands, 1);
  StringsOutcome ok = check_strings_copied(work);
  EXPECT_TRUE(ok.holds) << ok.obligation.result;
  EXPECT_EQ(ok.obligation.result, kStringsCopiedHold);
  EXPECT_EQ(ok.obligation.rlimit, 0u);
  EXPECT_NE(ok.obligation.what.find("of the 2 explored steps"), std::string::npos) << ok.obligation.what;
  SiteWork& w = work.sites()[0];
  {
    model::spec::SymbolicScope scope(*w.ctx);
    bool edited = false;
    for (auto& p : w.mp->paths) {
      if (!p.ok) continue;
      for (auto& a : p.post.slot<model::spec::ComputeProviderRegistry>().state.providers.arrays)
        if (Z3_is_string_sort(*w.ctx, a.get_sort().array_range())) {
          a = z3::store(a, w.ctx->constant("some_key", a.get_sort().array_domain()),
                        z3::concat(w.mp->args.at(0), w.mp->args.at(0)));
          edited = true;
        }
    }
    ASSERT_TRUE(edited);
  }
  StringsOutcome bad = check_strings_copied(work);
  EXPECT_FALSE(bad.holds);
  EXPECT_EQ(bad.obligation.result.rfind("fails: compute_provider_registry.register_provider: path ", 0), 0u)
      << bad.obligation.result;
}

TEST(SpecProve, OptionsAcceptSpecAndItsInvariantsOnly) {
  smt::ProveOptions options;
  options.profile = "spec";
  EXPECT_EQ(smt::check_options(options), "");
  options.invariants = {"X-ESCROW"};
  EXPECT_EQ(smt::check_options(options), "");
  options.profile = "deployed";
  EXPECT_NE(smt::check_options(options), "");
}

}  // namespace
