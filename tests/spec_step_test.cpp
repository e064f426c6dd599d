// The composed system's one step (smt/spec/step.hpp): every message of the six spec
// tables and the plain transfers are step sites; from a free state each mutating
// message has a feasible ok path and every path keeps the deployment; from the standard
// deployment the symbolic step agrees with the concrete model on a sample call.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <stdexcept>

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

// A plain transfer raises exactly the receiving contract's balance, or the world refuses it
// (the balance would pass U256::MAX).
TEST(SpecStep, PlainTransferRaisesOneBalance) {
  z3::context ctx;
  model::spec::SymbolicScope scope(ctx);
  ComposedState pre = free_state();
  StepEnv env = free_env(pre);
  for (auto& site : step_sites()) {
    if (site.kind != StepKind::kPlainTransfer || site.contract != "payment_escrow") continue;
    MessagePaths mp = explore_step(site, pre, env.env);
    ASSERT_EQ(mp.paths.size(), 2u);
    EXPECT_TRUE(mp.paths[1].world_refused());
    z3::solver cover(ctx);  // the two guards cover every case
    cover.add(!mp.paths[0].guard.e && !mp.paths[1].guard.e);
    EXPECT_EQ(cover.check(), z3::unsat);
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

const StepSite& site_named(const std::vector<StepSite>& sites, const std::string& name) {
  for (auto& s : sites)
    if (s.name() == name) return s;
  throw std::logic_error("no step site " + name);
}

// No step assumes the balances fit (free_env says nothing of them): a call that would push
// one past U256::MAX is a path the world refuses. From a pre-balance of U256::MAX - 1 and a
// value of 2, the only feasible path is that refusal, naming the contract, and no ok path
// wraps the balance: at the top-level value (deposit_escrow), a nested call's value
// (submit_job into the escrow) and a plain transfer.
TEST(SpecStep, AValueThatWouldOverflowABalanceIsTheWorldsRefusedPath) {
  z3::context ctx;
  model::spec::SymbolicScope scope(ctx);
  ComposedState pre = free_state();
  StepEnv env = free_env(pre);
  const auto sites = step_sites();
  const z3::expr max_less_1 = ctx.bv_val(-1, 256) - ctx.bv_val(1, 256);
  const auto& escrow = pre.sys.slot<model::spec::PaymentEscrow>().balance.e;
  const auto& queue = pre.sys.slot<model::spec::AiJobQueue>().balance.e;
  const z3::expr near_max = escrow == max_less_1 && queue == ctx.bv_val(0, 256) && env.env.value.e == ctx.bv_val(2, 256);
  for (const char* name : {"payment_escrow.deposit_escrow", "plain transfer to payment_escrow", "ai_job_queue.submit_job"}) {
    const bool nested = std::string(name) == "ai_job_queue.submit_job";
    MessagePaths mp = explore_step(site_named(sites, name), pre, env.env);
    int refusals = 0;
    for (auto& p : mp.paths) {
      z3::solver s(ctx);
      s.set("rlimit", 20'000'000u);
      s.add(abstract_lengths(env.assumptions && near_max && p.guard.e));
      const z3::check_result r = s.check();
      if (p.ok) {
        EXPECT_EQ(r, z3::unsat) << name << ": an ok path is feasible (a wrapped balance)";
      }
      if (!p.world_refused() || p.innermost->world != model::spec::WorldRefusal::kBalanceOverflow) {
        // At the top level the value is checked first: no other path. Nested, the queue's
        // own guards (a budget of 2), a callee or a too long String argument may refuse first.
        if (!nested) {
          EXPECT_EQ(r, z3::unsat) << name << ": path " << p.branch() << " is feasible";
        }
        continue;
      }
      if (r != z3::sat) continue;
      ++refusals;
      EXPECT_EQ(p.innermost->world, model::spec::WorldRefusal::kBalanceOverflow) << name;
      EXPECT_EQ(p.innermost->account, "payment_escrow") << name;
      EXPECT_FALSE(p.error.has_value()) << name;
      EXPECT_EQ(p.innermost->depth, nested ? 1u : 0u) << name;
    }
    if (nested) {
      EXPECT_GE(refusals, 1) << name << ": the world's refusal is not feasible";
    } else {
      EXPECT_EQ(refusals, 1) << name << ": the world's refusal is not the one feasible path";
    }
  }
}

// The world refuses a top-level call with a String argument of 2^32 bytes or more, first (no
// message code measures it before): in the encoding a path of its own, feasible exactly
// for such an argument. abstract_lengths makes its test, and byte_len, uninterpreted.
TEST(SpecStep, AStringArgumentOf2To32BytesIsTheWorldsRefusedPath) {
  z3::context ctx;
  model::spec::SymbolicScope scope(ctx);
  ComposedState pre = free_state();
  StepEnv env = free_env(pre);
  MessagePaths mp = explore_step(site_named(step_sites(), "phala_job_processor.submit_confidential_job"), pre, env.env);
  ASSERT_FALSE(mp.args.empty());
  z3::expr payload = mp.args.at(0);  // (z3::expr::length is not const)
  ASSERT_TRUE(Z3_is_string_sort(ctx, payload.get_sort()));
  const z3::expr quiet = env.env.value.e == ctx.bv_val(0, 256);
  const z3::expr long_payload = payload.length() > ctx.int_val(std::uint64_t(4294967295u));
  auto ask = [&](const z3::expr& f) {
    z3::solver s(ctx);
    s.set("rlimit", 20'000'000u);
    s.add(env.assumptions && quiet && f);
    return s.check();
  };
  // (The string solver cannot build a model string of 2^32 bytes, so each fact is asked as
  // an unsat query.) The refusal's guard is exactly "the payload is too long".
  const SymPath* refusal = nullptr;
  for (auto& p : mp.paths)
    if (p.world_refused() && p.innermost->world == model::spec::WorldRefusal::kStringTooLong &&
        ask(p.guard.e != long_payload) == z3::unsat)
      refusal = &p;
  ASSERT_NE(refusal, nullptr) << "no refused path for a payload of 2^32 bytes or more";
  EXPECT_FALSE(refusal->error.has_value());
  EXPECT_EQ(refusal->innermost->depth, 0u);
  // Past the test, byte_len is exact: no other path takes a payload of 2^32 + 5 bytes
  // (whose u32 byte length would wrap to 5, under the payload limit).
  for (auto& p : mp.paths) {
    if (&p == refusal) continue;
    EXPECT_EQ(ask(p.guard.e && payload.length() == ctx.int_val((std::uint64_t(1) << 32) + 5)), z3::unsat) << p.branch();
  }
  // Abstracted: no string length left, the test an uninterpreted too_long.
  const z3::expr abstracted = abstract_lengths(refusal->guard.e);
  std::vector<z3::expr> todo{abstracted};
  bool length_left = false, too_long = false;
  while (!todo.empty()) {
    z3::expr e = todo.back();
    todo.pop_back();
    if (!e.is_app()) continue;
    length_left = length_left || e.decl().decl_kind() == Z3_OP_SEQ_LENGTH;
    too_long = too_long || e.decl().name().str() == "too_long";
    for (unsigned i = 0; i < e.num_args(); ++i) todo.push_back(e.arg(i));
  }
  EXPECT_FALSE(length_left);
  EXPECT_TRUE(too_long);
}

// abstract_lengths' proof obligation: every stored string is shorter than 2^32 bytes. The
// standard deployment stores only "", and no path of any step builds a string: each it
// stores is one it was given (past the world's length test) or already held.
TEST(SpecStep, EveryStepStoresOnlyStringsItWasGivenOrHeld) {
  z3::context ctx;
  model::spec::SymbolicScope scope(ctx);
  ComposedState pre = free_state();
  StepEnv env = free_env(pre);
  std::size_t checked = 0;
  for (auto& site : step_sites()) {
    MessagePaths mp = explore_step(site, pre, env.env);
    EXPECT_EQ(strings_copied(pre, mp), "") << site.name();
    ++checked;
  }
  EXPECT_EQ(checked, step_sites().size());
  // The base: nothing but literals in the standard deployment.
  ComposedState standard = standard_state();
  MessagePaths none{{}, {SymPath{model::spec::SBool(true), true, std::nullopt, std::nullopt, standard.sys, {}, {}, {}, {}}}};
  EXPECT_EQ(strings_copied(ComposedState{}, none), "");
  // The check can fail: a stored string built by concatenation.
  MessagePaths built = explore_step(site_named(step_sites(), "compute_provider_registry.register_provider"), pre, env.env);
  bool edited = false;
  for (auto& p : built.paths) {
    if (!p.ok) continue;
    auto& providers = p.post.slot<model::spec::ComputeProviderRegistry>().state.providers;
    for (auto& a : providers.arrays)
      if (Z3_is_string_sort(ctx, a.get_sort().array_range())) {
        a = z3::store(a, ctx.constant("some_key", a.get_sort().array_domain()), z3::concat(built.args.at(0), built.args.at(0)));
        edited = true;
      }
  }
  ASSERT_TRUE(edited);
  EXPECT_NE(strings_copied(pre, built), "");
}

}  // namespace
