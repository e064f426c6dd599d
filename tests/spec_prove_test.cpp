// The composed prover of the spec profile (smt/spec/): the base case, induction over the
// candidate set, a broken message caught by its step, the enabledness and vacuity checks,
// and `meshcheck prove --profile spec`'s interface. The full proof is a command
// (`meshcheck prove --profile spec`); CI runs it on a sample of the step sites.
#include <gtest/gtest.h>

#include <algorithm>

#include "mutation/spec/catalog.hpp"
#include "smt/prover.hpp"
#include "smt/spec/houdini.hpp"
#include "smt/spec/obligations.hpp"
#include "smt/spec/prover.hpp"

namespace {

using namespace meshcheck;
using namespace meshcheck::smt::spec;

std::vector<StepSite> sites_named(std::initializer_list<std::string> names) {
  std::vector<StepSite> out;
  for (auto& s : step_sites(false))
    if (std::find(names.begin(), names.end(), s.name()) != names.end()) out.push_back(s);
  EXPECT_EQ(out.size(), names.size());
  return out;
}

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

// A sample of the steps (the queue and escrow messages a job's life goes through, and mev's
// create_batch): every candidate of the set survives them.
TEST(SpecProve, CandidatesSurviveASampleOfSteps) {
  smt::ProveOptions options;
  options.jobs = 2;
  const auto sites = sites_named({"ai_job_queue.cancel_job", "payment_escrow.withdraw_rewards",
                                  "mev_protection.create_batch", "plain transfer to payment_escrow"});
  const auto cands = state_candidates();
  Workspace work(sites, cands, options.jobs);
  HoudiniOutcome h = houdini(cands, work, options);
  for (std::size_t c = 0; c < cands.size(); ++c) EXPECT_TRUE(h.inductive[c]) << cands[c].name() << ": " << h.why[c];
  EXPECT_FALSE(h.steps.empty());
  for (auto& o : h.steps) EXPECT_EQ(o.result, "unsat") << o.what;
  // Each of these messages can succeed from a state of the set.
  for (auto& v : check_vacuity(cands, h.inductive, work, options)) EXPECT_TRUE(v.feasible) << v.site;
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
  const auto cands = state_candidates();
  const std::size_t order = candidate(cands, "M-ORDER");
  {
    Workspace work(sites, cands, 1);
    EXPECT_TRUE(houdini(cands, work, options).inductive[order]);
  }
  mutation::spec::activate(*sort, mutation::Op::kDropSort);
  Workspace broken(sites, cands, 1);
  mutation::spec::deactivate();
  HoudiniOutcome h = houdini(cands, broken, options);
  EXPECT_FALSE(h.inductive[order]);
  EXPECT_FALSE(h.unknown[order]);
  EXPECT_NE(h.why[order].find("counterexample to induction: step mev_protection.create_batch"), std::string::npos)
      << h.why[order];
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
