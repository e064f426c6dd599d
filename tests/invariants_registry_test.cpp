// compute_provider_registry's invariants (R-STAKE, R-MINSTAKE, R-COUNT, R-AUTH) and its
// part of G-SOLVENT: each holds along an honest run, and each is shown to fire, on a run
// of the deployed code where that code violates it, otherwise on a hand-built step.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "invariants/monitor.hpp"
#include "model/compute_provider_registry.hpp"
#include "support/monitored.hpp"

namespace meshcheck::testing {
namespace {

using invariants::compute_provider_registry_invariants;
using invariants::RunStep;
using invariants::StepKind;
using invariants::Violation;
namespace cpr = model::deployed::compute_provider_registry;

const Address kAlice = h160(0x01);  // the deployer: admin
const Address kBob = h160(0x02);
const Address kCharlie = h160(0x03);
const Address kRegistry = h160(0xc0);

const std::vector<std::string> kRegistryIds{"R-STAKE", "R-MINSTAKE", "R-COUNT", "R-AUTH", "G-SOLVENT"};

// The contract under test, every deploy and call observed by a Monitor, step by step.
struct Observed : MonitoredContract {
  Observed() : MonitoredContract(kRegistry) {}
  void deploy(u128 min_stake = 1000, const Address& deployer = kAlice) {
    Monitored::deploy("compute_provider_registry", kRegistry, deployer, {Value(min_stake)});
  }

  CallResult register_provider(const Address& who, const U256& value, const std::string& endpoint = "http://p") {
    return call(who, "register_provider", {Value(endpoint), Value(u64{100}), Value(u128(50))}, value);
  }
};

// One hand-built step of the registry: the check run directly on two states.
struct HandStep : ContractStep<cpr::State> {
  HandStep(const Address& caller, std::string_view message)
      : ContractStep<cpr::State>(compute_provider_registry_invariants(), cpr::spec(), kRegistry, caller, message) {}
};

cpr::State state_with(std::vector<cpr::ProviderProfile> providers, u128 min_stake = 1000) {
  cpr::State s;
  s.admin = kAlice;
  s.min_stake = min_stake;
  for (auto& p : providers) s.providers.insert(p.provider, p);
  s.provider_count = providers.size();
  return s;
}

cpr::ProviderProfile provider(const Address& who, u128 stake, bool active = true) {
  return cpr::ProviderProfile{who, "http://p", 100, 50, 6000, active, stake, 100};
}

// ------------------------------------------------------------------ honest runs

TEST(RegistryInvariants, CatalogEntries) {
  const auto& ci = compute_provider_registry_invariants();
  EXPECT_EQ(ci.contract, "compute_provider_registry");
  ASSERT_EQ(ci.invariants.size(), 4u);
  EXPECT_EQ(ci.invariants[0].id, "R-STAKE");
  EXPECT_EQ(ci.invariants[0].statement, "No call changes (contract balance − sum of stakes): stake is conserved.");
  EXPECT_EQ(ci.invariants[1].id, "R-MINSTAKE");
  EXPECT_EQ(ci.invariants[1].statement,
            "Every active provider holds at least min_stake; only the admin's set_min_stake may break this.");
  EXPECT_EQ(ci.invariants[2].id, "R-COUNT");
  EXPECT_EQ(ci.invariants[2].statement, "provider_count equals the number of registered providers.");
  EXPECT_EQ(ci.invariants[3].id, "R-AUTH");
  EXPECT_EQ(ci.invariants[3].statement,
            "Only the admin sets reputation or min_stake; only a provider changes its own profile, activity and "
            "stake.");
  for (auto& inv : ci.invariants) {
    EXPECT_EQ(inv.contract, "compute_provider_registry");
    EXPECT_EQ(inv.profiles, std::vector<std::string>{"deployed"});
    EXPECT_TRUE(inv.checkable_on_runs());
  }
}

TEST(RegistryInvariants, HonestRunViolatesNothing) {
  Observed run;
  run.deploy(1000);
  expect_returned(run.register_provider(kBob, 1500), Value(true));
  expect_returned(run.register_provider(kCharlie, 1000), Value(true));
  expect_returned(run.call(kBob, "add_stake", {}, 500), Value(true));
  expect_returned(run.call(kBob, "update_provider", {Value("http://bob"), Value(u128(70))}), Value(true));
  expect_returned(run.call(kAlice, "set_reputation", {kBob, Value(u32{250})}), Value(true));
  expect_returned(run.call(kBob, "set_active", {Value(false)}), Value(true));
  expect_returned(run.call(kBob, "withdraw_stake", {Value(u128(1000))}), Value(true));
  expect_returned(run.call(kBob, "set_active", {Value(true)}), Value(true));  // 1000 >= min_stake
  // Refusals that keep no value: all fine.
  expect_returned(run.call(kCharlie, "set_reputation", {kBob, Value(u32{1})}), Value(false));
  expect_returned(run.call(kCharlie, "set_min_stake", {Value(u128(1))}), Value(false));
  expect_returned(run.call(kCharlie, "withdraw_stake", {Value(u128(1))}), Value(false));  // active, not admin
  expect_returned(run.call(kBob, "withdraw_stake", {Value(u128(1'000'000))}), Value(false));
  // A reverted call (value to a non-payable message) changes nothing.
  EXPECT_TRUE(run.call(kBob, "set_active", {Value(true)}, 5).outcome.reverted);
  expect_returned(run.call(kAlice, "set_min_stake", {Value(u128(500))}), Value(true));
  for (auto& id : kRegistryIds) EXPECT_EQ(count(run.out, id), 0u) << id << "\n" << dump(run.out);
}

// ---------------------------------------------------------------------- R-STAKE

TEST(RegistryInvariants, StakeHoldsForStakingAndWithdrawing) {
  Observed run;
  run.deploy(1000);
  run.register_provider(kBob, 1000);
  run.call(kBob, "add_stake", {}, 1);
  run.call(kBob, "set_active", {Value(false)});
  run.call(kBob, "withdraw_stake", {Value(u128(1001))});
  EXPECT_EQ(count(run.out, "R-STAKE"), 0u) << dump(run.out);
  EXPECT_EQ(run.balance(kRegistry), U256(0));
}

TEST(RegistryInvariants, StakeViolatedByRefusedRegistrationKeepingTheValue) {
  Observed run;
  run.deploy(1000);
  // Below min_stake: `return false` keeps the 500 sent, no stake records it.
  expect_returned(run.register_provider(kBob, 500), Value(false));
  EXPECT_EQ(count(run.last, "R-STAKE"), 1u) << dump(run.last);
  EXPECT_EQ(run.balance(kRegistry), U256(500));
}

TEST(RegistryInvariants, StakeViolatedBySecondRegistrationKeepingTheValue) {
  Observed run;
  run.deploy(1000);
  run.register_provider(kBob, 1000);
  EXPECT_EQ(count(run.last, "R-STAKE"), 0u);
  expect_returned(run.register_provider(kBob, 2000), Value(false));
  EXPECT_EQ(count(run.last, "R-STAKE"), 1u) << dump(run.last);
}

TEST(RegistryInvariants, StakeViolatedByAddStakeOfUnregisteredCaller) {
  Observed run;
  run.deploy(1000);
  expect_returned(run.call(kBob, "add_stake", {}, 300), Value(false));
  EXPECT_EQ(count(run.last, "R-STAKE"), 1u) << dump(run.last);
}

TEST(RegistryInvariants, StakeViolatedBySaturatingAddStake) {
  Observed run;
  run.deploy(1000);
  expect_returned(run.register_provider(kBob, U256(kU128Max)), Value(true));
  EXPECT_EQ(count(run.last, "R-STAKE"), 0u);
  // The stake saturates at u128::MAX: the 7 sent are kept but not staked.
  expect_returned(run.call(kBob, "add_stake", {}, 7), Value(true));
  EXPECT_EQ(count(run.last, "R-STAKE"), 1u) << dump(run.last);
  EXPECT_EQ(count(run.out, "G-SOLVENT"), 0u);  // the surplus is on the safe side
}

// ------------------------------------------------------------------- R-MINSTAKE

TEST(RegistryInvariants, MinStakeHoldsWhenTheAdminRaisesIt) {
  Observed run;
  run.deploy(1000);
  run.register_provider(kBob, 1000);
  run.register_provider(kCharlie, 5000);
  // The admin's set_min_stake may leave bob below: not reported, then or later.
  expect_returned(run.call(kAlice, "set_min_stake", {Value(u128(2000))}), Value(true));
  EXPECT_EQ(count(run.last, "R-MINSTAKE"), 0u) << dump(run.last);
  run.call(kBob, "update_provider", {Value("http://bob"), Value(u128(1))});
  run.call(kCharlie, "set_active", {Value(false)});
  run.call(kCharlie, "set_active", {Value(true)});  // 5000 >= 2000
  run.call(kBob, "add_stake", {}, 500);            // still below, but not lowered
  run.call(kBob, "set_active", {Value(false)});
  EXPECT_EQ(count(run.out, "R-MINSTAKE"), 0u) << dump(run.out);
}

TEST(RegistryInvariants, MinStakeViolatedByReactivationBelowMinStake) {
  Observed run;
  run.deploy(1000);
  run.register_provider(kBob, 1000);
  run.call(kBob, "set_active", {Value(false)});
  expect_returned(run.call(kBob, "withdraw_stake", {Value(u128(600))}), Value(true));
  EXPECT_EQ(count(run.out, "R-MINSTAKE"), 0u) << dump(run.out);  // inactive: fine
  // set_active does not look at the stake.
  expect_returned(run.call(kBob, "set_active", {Value(true)}), Value(true));
  EXPECT_EQ(count(run.last, "R-MINSTAKE"), 1u) << dump(run.last);
}

TEST(RegistryInvariants, MinStakeViolatedByReactivationAfterTheAdminRaisedIt) {
  Observed run;
  run.deploy(1000);
  run.register_provider(kBob, 1000);
  run.call(kAlice, "set_min_stake", {Value(u128(2000))});
  run.call(kBob, "set_active", {Value(false)});
  EXPECT_EQ(count(run.out, "R-MINSTAKE"), 0u) << dump(run.out);
  run.call(kBob, "set_active", {Value(true)});
  EXPECT_EQ(count(run.last, "R-MINSTAKE"), 1u) << dump(run.last);
}

TEST(RegistryInvariants, MinStakeViolatedByTheAdminWithdrawingWhileActive) {
  Observed run;
  run.deploy(1000);
  run.register_provider(kAlice, 1000);
  // withdraw_stake lets the admin withdraw while active, down below min_stake.
  expect_returned(run.call(kAlice, "withdraw_stake", {Value(u128(1))}), Value(true));
  EXPECT_EQ(count(run.last, "R-MINSTAKE"), 1u) << dump(run.last);
  EXPECT_EQ(count(run.last, "R-STAKE"), 0u);
  EXPECT_EQ(count(run.last, "R-AUTH"), 0u);
}

TEST(RegistryInvariants, MinStakeViolatedByMinStakeRaisedOutsideTheAdminsSetMinStake) {
  // Hand-built: min_stake rises in bob's update_provider; charlie (untouched) drops below.
  cpr::State was = state_with({provider(kBob, 5000), provider(kCharlie, 1000)});
  cpr::State now = was;
  now.min_stake = 2000;
  HandStep step(kBob, "update_provider");
  auto out = step.check(was, now);
  EXPECT_EQ(count(out, "R-MINSTAKE"), 1u) << dump(out);
  EXPECT_EQ(count(out, "R-AUTH"), 1u) << dump(out);
}

// ---------------------------------------------------------------------- R-COUNT

TEST(RegistryInvariants, CountHoldsAcrossRegistrations) {
  Observed run;
  run.deploy(10);
  for (u8 i = 2; i < 12; ++i) run.register_provider(h160(i), 10);
  run.register_provider(h160(2), 10);  // refused: already registered
  EXPECT_EQ(run.state<cpr::State>(kRegistry).provider_count, 10u);
  EXPECT_EQ(count(run.out, "R-COUNT"), 0u) << dump(run.out);
}

TEST(RegistryInvariants, CountFiresOnHandBuiltMiscount) {
  // Never by the deployed code (a u64 counter would have to saturate): a hand-built step
  // registering bob without counting him.
  cpr::State was = state_with({provider(kCharlie, 1000)});
  cpr::State now = was;
  now.providers.insert(kBob, provider(kBob, 1000));
  HandStep step(kBob, "register_provider");
  step.after.set_balance(kRegistry, 1000);
  auto out = step.check(was, now);
  EXPECT_EQ(count(out, "R-COUNT"), 1u) << dump(out);
  EXPECT_EQ(count(out, "R-STAKE"), 0u) << dump(out);
  EXPECT_EQ(count(out, "R-AUTH"), 0u) << dump(out);
}

// ----------------------------------------------------------------------- R-AUTH

TEST(RegistryInvariants, AuthHoldsForAdminAndProviders) {
  Observed run;
  run.deploy(1000);
  run.register_provider(kBob, 1000);
  run.call(kAlice, "set_reputation", {kBob, Value(u32{7})});
  run.call(kAlice, "set_min_stake", {Value(u128(1))});
  run.call(kBob, "update_provider", {Value("x"), Value(u128(2))});
  run.call(kCharlie, "set_reputation", {kBob, Value(u32{9})});              // refused
  run.call(kCharlie, "update_provider", {Value("y"), Value(u128(3))});      // refused: not registered
  EXPECT_EQ(count(run.out, "R-AUTH"), 0u) << dump(run.out);
}

TEST(RegistryInvariants, AuthFiresOnReputationSetByNonAdmin) {
  cpr::State was = state_with({provider(kBob, 1000)});
  cpr::State now = was;
  auto p = provider(kBob, 1000);
  p.reputation_score = 999;
  now.providers.insert(kBob, p);
  HandStep step(kBob, "update_provider");
  auto out = step.check(was, now);
  EXPECT_EQ(count(out, "R-AUTH"), 1u) << dump(out);
}

TEST(RegistryInvariants, AuthFiresOnProfileChangedByAnotherAccount) {
  cpr::State was = state_with({provider(kBob, 1000)});
  cpr::State now = was;
  auto p = provider(kBob, 1000);
  p.endpoint = "http://evil";
  p.is_active = false;
  now.providers.insert(kBob, p);
  HandStep step(kAlice, "update_provider");  // even the admin may not
  auto out = step.check(was, now);
  EXPECT_EQ(count(out, "R-AUTH"), 1u) << dump(out);
}

TEST(RegistryInvariants, AuthFiresOnProviderRegisteredForSomeoneElse) {
  cpr::State was = state_with({});
  cpr::State now = state_with({provider(kBob, 0)}, 0);
  now.min_stake = was.min_stake;
  HandStep step(kCharlie, "register_provider");
  auto out = step.check(was, now);
  EXPECT_EQ(count(out, "R-AUTH"), 1u) << dump(out);
}

TEST(RegistryInvariants, AuthFiresOnMinStakeSetByNonAdmin) {
  cpr::State was = state_with({});
  cpr::State now = was;
  now.min_stake = 1;
  HandStep step(kBob, "set_min_stake");
  auto out = step.check(was, now);
  EXPECT_EQ(count(out, "R-AUTH"), 1u) << dump(out);
}

// -------------------------------------------------------------------- G-SOLVENT

TEST(RegistryInvariants, SolventHoldsAlongStakingAndWithdrawing) {
  Observed run;
  run.deploy(1000);
  run.register_provider(kBob, 3000);
  run.call(kBob, "set_active", {Value(false)});
  run.call(kBob, "withdraw_stake", {Value(u128(3000))});
  EXPECT_EQ(count(run.out, "G-SOLVENT"), 0u) << dump(run.out);
}

TEST(RegistryInvariants, SolventFiresWhenTheBalanceFallsBelowTheStakes) {
  // The deployed code keeps it (withdrawals move exactly the stake withdrawn); a balances
  // line that sets the contract's balance below the stakes breaks it.
  Observed run;
  run.deploy(1000);
  run.register_provider(kBob, 3000);
  World before = run.world;
  run.world.set_balance(kRegistry, 2999);
  run.observe(RunStep{StepKind::Balances, before, run.world});
  EXPECT_EQ(count(run.last, "G-SOLVENT"), 1u) << dump(run.last);
  EXPECT_EQ(count(run.last, "R-STAKE"), 0u) << dump(run.last);  // not a call
}

}  // namespace
}  // namespace meshcheck::testing
