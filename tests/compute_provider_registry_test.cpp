// compute_provider_registry (profile `deployed`, ink! 6): every message's success path,
// every `return false` guard and every revert, the payable rules, value narrowing, the
// withdraw_stake transfer, and every field of every event and read-only answer.
#include <gtest/gtest.h>

#include <limits>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "model/compute_provider_registry.hpp"
#include "support/harness.hpp"

namespace meshcheck::testing {
namespace {

using model::CallEnv;
using model::Ctx;
namespace cpr = model::deployed::compute_provider_registry;

const Address kAlice = h160(0x01);  // the deployer: admin
const Address kBob = h160(0x02);
const Address kCharlie = h160(0x03);
const Address kRegistry = h160(0xc0);
const std::string kEndpoint = "http://provider.com";

Address deploy(Harness& h, u128 min_stake = 1000, const Address& deployer = kAlice) {
  return h.deploy("compute_provider_registry", kRegistry, deployer, {Value(min_stake)});
}

CallResult register_provider(Harness& h, const Address& who, const U256& value, const std::string& endpoint = kEndpoint,
                             u64 compute_units = 100, u128 hourly_rate = 50) {
  return h.call(kRegistry, who, "register_provider", {Value(endpoint), Value(compute_units), Value(hourly_rate)},
                value);
}

// The ProviderProfile struct as get_provider returns it (fields in declaration order).
Value profile(const Address& provider, const std::string& endpoint, u64 compute_units, u128 hourly_rate,
              u64 registered_at, bool is_active, u128 stake, u32 reputation_score) {
  return Value::seq({provider, endpoint, compute_units, hourly_rate, registered_at, is_active, stake,
                     reputation_score});
}

Value get_provider(Harness& h, const Address& who) { return h.read(kRegistry, "get_provider", {who}); }

u128 stake_of(Harness& h, const Address& who) {
  const cpr::ProviderProfile* p = h.state<cpr::State>(kRegistry).providers.find(who);
  EXPECT_NE(p, nullptr);
  return p ? p->stake : u128(0);
}

// ----------------------------------------------------------------- constructor

TEST(ComputeProviderRegistryNew, SetsDeployerAsAdminMinStakeAndZeroCount) {
  Harness h;
  deploy(h, 1000);
  EXPECT_EQ(h.read(kRegistry, "get_admin"), Value(kAlice));
  EXPECT_EQ(h.read(kRegistry, "get_min_stake"), Value(u128(1000)));
  EXPECT_EQ(h.read(kRegistry, "get_provider_count"), Value(u64{0}));
  EXPECT_EQ(get_provider(h, kAlice), Value::none());
  EXPECT_EQ(h.balance(kRegistry), U256(0));
}

TEST(ComputeProviderRegistryNew, AdminIsWhoeverDeploys) {
  Harness h;
  deploy(h, 7, kCharlie);
  EXPECT_EQ(h.read(kRegistry, "get_admin"), Value(kCharlie));
  EXPECT_EQ(h.read(kRegistry, "get_min_stake"), Value(u128(7)));
}

// ----------------------------------------------------------- register_provider

TEST(ComputeProviderRegistryRegisterProvider, StoresProfileCountsEmitsAndKeepsStake) {
  Harness h;
  deploy(h);
  h.world.set_balance(kBob, 5000);
  h.timestamp = 987654;
  CallResult r = register_provider(h, kBob, 1500, "http://bob.example", 64, 75);
  expect_returned(r, Value(true));
  ASSERT_EQ(r.events.size(), 1u);
  expect_event(r, 0, cpr::spec(), "ProviderRegistered", {kBob, u128(1500), u64{64}});
  EXPECT_TRUE(r.transfers.empty());
  // registered_at is the call's block timestamp; active, reputation 100, stake = value.
  EXPECT_EQ(get_provider(h, kBob), Value::some(profile(kBob, "http://bob.example", 64, 75, 987654, true, 1500, 100)));
  EXPECT_EQ(h.read(kRegistry, "get_provider_count"), Value(u64{1}));
  EXPECT_EQ(h.balance(kRegistry), U256(1500));
  EXPECT_EQ(h.balance(kBob), U256(3500));
}

TEST(ComputeProviderRegistryRegisterProvider, StakeEqualToMinStakeIsEnough) {
  Harness h;
  deploy(h, 1000);
  CallResult r = register_provider(h, kBob, 1000);
  expect_returned(r, Value(true));
  EXPECT_EQ(event_names(r), std::vector<std::string>{"ProviderRegistered"});
  EXPECT_EQ(get_provider(h, kBob), Value::some(profile(kBob, kEndpoint, 100, 50, h.timestamp, true, 1000, 100)));
}

TEST(ComputeProviderRegistryRegisterProvider, ZeroMinStakeAcceptsZeroValue) {
  Harness h;
  deploy(h, 0);
  CallResult r = register_provider(h, kBob, 0);
  expect_returned(r, Value(true));
  expect_event(r, 0, cpr::spec(), "ProviderRegistered", {kBob, u128(0), u64{100}});
  EXPECT_EQ(get_provider(h, kBob), Value::some(profile(kBob, kEndpoint, 100, 50, h.timestamp, true, 0, 100)));
}

TEST(ComputeProviderRegistryRegisterProvider, BelowMinStakeReturnsFalseAndKeepsTheValue) {
  Harness h;
  deploy(h, 1000);
  h.world.set_balance(kBob, 5000);
  const cpr::State before = h.state<cpr::State>(kRegistry);
  CallResult r = register_provider(h, kBob, 999);
  expect_refused(r);
  EXPECT_TRUE(h.state<cpr::State>(kRegistry) == before);
  EXPECT_EQ(get_provider(h, kBob), Value::none());
  EXPECT_EQ(h.read(kRegistry, "get_provider_count"), Value(u64{0}));
  // `return false` does not revert: the value moved into the contract.
  EXPECT_EQ(h.balance(kRegistry), U256(999));
  EXPECT_EQ(h.balance(kBob), U256(4001));
}

TEST(ComputeProviderRegistryRegisterProvider, AlreadyRegisteredReturnsFalseKeepsProfileAndValue) {
  Harness h;
  deploy(h, 1000);
  h.world.set_balance(kBob, 5000);
  ASSERT_FALSE(register_provider(h, kBob, 1000, "http://first.com", 100, 50).outcome.reverted);
  const Value first = get_provider(h, kBob);
  const cpr::State before = h.state<cpr::State>(kRegistry);
  h.timestamp += 1000;
  CallResult r = register_provider(h, kBob, 2000, "http://second.com", 200, 75);
  expect_refused(r);
  EXPECT_TRUE(h.state<cpr::State>(kRegistry) == before);
  EXPECT_EQ(get_provider(h, kBob), first);
  EXPECT_EQ(h.read(kRegistry, "get_provider_count"), Value(u64{1}));
  EXPECT_EQ(h.balance(kRegistry), U256(3000));
  EXPECT_EQ(h.balance(kBob), U256(2000));
}

TEST(ComputeProviderRegistryRegisterProvider, TwoProvidersAreCountedSeparately) {
  Harness h;
  deploy(h, 1000);
  ASSERT_EQ(register_provider(h, kBob, 1000, "http://bob.com", 100, 50).outcome.returned, Value(true));
  ASSERT_EQ(register_provider(h, kCharlie, 1500, "http://charlie.com", 200, 75).outcome.returned, Value(true));
  EXPECT_EQ(h.read(kRegistry, "get_provider_count"), Value(u64{2}));
  EXPECT_EQ(get_provider(h, kBob), Value::some(profile(kBob, "http://bob.com", 100, 50, h.timestamp, true, 1000, 100)));
  EXPECT_EQ(get_provider(h, kCharlie),
            Value::some(profile(kCharlie, "http://charlie.com", 200, 75, h.timestamp, true, 1500, 100)));
  EXPECT_EQ(h.balance(kRegistry), U256(2500));
}

TEST(ComputeProviderRegistryRegisterProvider, ValueOfExactlyU128MaxIsAccepted) {
  Harness h;
  deploy(h, 1000);
  CallResult r = register_provider(h, kBob, kU128MaxAsU256);
  expect_returned(r, Value(true));
  expect_event(r, 0, cpr::spec(), "ProviderRegistered", {kBob, kU128Max, u64{100}});
  EXPECT_EQ(stake_of(h, kBob), kU128Max);
  EXPECT_EQ(h.balance(kRegistry), kU128MaxAsU256);
}

TEST(ComputeProviderRegistryRegisterProvider, ValueAboveU128MaxReverts) {
  Harness h;
  deploy(h, 1000);
  h.expect_reverted_unchanged(kRegistry, kBob, "register_provider",
                              {Value(kEndpoint), Value(u64{100}), Value(u128(50))}, kU128MaxAsU256 + 1,
                              "Integer overflow when casting to u128");
  EXPECT_EQ(get_provider(h, kBob), Value::none());
  EXPECT_EQ(h.balance(kRegistry), U256(0));
}

TEST(ComputeProviderRegistryRegisterProvider, TrackedCallerShortOfValueReverts) {
  Harness h;
  deploy(h, 1000);
  h.world.set_balance(kBob, 999);
  h.expect_reverted_unchanged(kRegistry, kBob, "register_provider",
                              {Value(kEndpoint), Value(u64{100}), Value(u128(50))}, 1000, "short of value");
  EXPECT_EQ(h.balance(kBob), U256(999));
  EXPECT_EQ(h.balance(kRegistry), U256(0));
}

TEST(ComputeProviderRegistryRegisterProvider, ProviderCountSaturatesAtU64Max) {
  const CallEnv deploy_env{kAlice, kRegistry, U256(0), 1, 6000, U256(0)};
  cpr::State s = cpr::construct(deploy_env, u128(1000));
  s.provider_count = std::numeric_limits<u64>::max();
  const CallEnv env{kBob, kRegistry, U256(1000), 2, 12000, U256(1000)};
  Ctx ctx(env);
  EXPECT_TRUE(cpr::register_provider(s, ctx, kEndpoint, 100, u128(50)));
  EXPECT_EQ(s.provider_count, std::numeric_limits<u64>::max());
  ASSERT_NE(s.providers.find(kBob), nullptr);
  EXPECT_EQ(*s.providers.find(kBob), (cpr::ProviderProfile{kBob, kEndpoint, 100, u128(50), 12000, true, u128(1000), 100}));
  ASSERT_EQ(ctx.events.size(), 1u);
  EXPECT_EQ(ctx.events[0].spec->name, "ProviderRegistered");
  EXPECT_EQ(ctx.events[0].fields, (std::vector<Value>{kBob, u128(1000), u64{100}}));
}

// ------------------------------------------------------------- update_provider

TEST(ComputeProviderRegistryUpdateProvider, ChangesEndpointAndRateOnly) {
  Harness h;
  deploy(h);
  const u64 registered_at = h.timestamp;
  ASSERT_EQ(register_provider(h, kBob, 1200, "http://old.com", 100, 50).outcome.returned, Value(true));
  h.timestamp += 5000;
  CallResult r = h.call(kRegistry, kBob, "update_provider", {Value("http://new.com"), Value(u128(75))});
  expect_returned(r, Value(true));
  ASSERT_EQ(r.events.size(), 1u);
  expect_event(r, 0, cpr::spec(), "ProviderUpdated", {kBob, "http://new.com", u128(75)});
  EXPECT_EQ(get_provider(h, kBob),
            Value::some(profile(kBob, "http://new.com", 100, 75, registered_at, true, 1200, 100)));
}

TEST(ComputeProviderRegistryUpdateProvider, UnregisteredCallerReturnsFalse) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  h.expect_refused_storage_unchanged(kRegistry, kCharlie, "update_provider",
                                     {Value("http://new.com"), Value(u128(75))});
  EXPECT_EQ(get_provider(h, kCharlie), Value::none());
}

TEST(ComputeProviderRegistryUpdateProvider, ValueSentRevertsNonPayable) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  h.world.set_balance(kBob, 100);
  h.expect_reverted_unchanged(kRegistry, kBob, "update_provider", {Value("http://new.com"), Value(u128(75))}, 1,
                              "non-payable message update_provider");
  EXPECT_EQ(h.balance(kBob), U256(100));
  EXPECT_EQ(get_provider(h, kBob), Value::some(profile(kBob, kEndpoint, 100, 50, h.timestamp, true, 1000, 100)));
}

// ------------------------------------------------------------------ set_active

TEST(ComputeProviderRegistrySetActive, DeactivatesAndReactivates) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  CallResult off = h.call(kRegistry, kBob, "set_active", {Value(false)});
  expect_returned(off, Value(true));
  ASSERT_EQ(off.events.size(), 1u);
  expect_event(off, 0, cpr::spec(), "ProviderActiveChanged", {kBob, false});
  EXPECT_EQ(get_provider(h, kBob), Value::some(profile(kBob, kEndpoint, 100, 50, h.timestamp, false, 1000, 100)));

  CallResult on = h.call(kRegistry, kBob, "set_active", {Value(true)});
  expect_returned(on, Value(true));
  ASSERT_EQ(on.events.size(), 1u);
  expect_event(on, 0, cpr::spec(), "ProviderActiveChanged", {kBob, true});
  EXPECT_EQ(get_provider(h, kBob), Value::some(profile(kBob, kEndpoint, 100, 50, h.timestamp, true, 1000, 100)));
}

TEST(ComputeProviderRegistrySetActive, UnregisteredCallerReturnsFalse) {
  Harness h;
  deploy(h);
  h.expect_refused_storage_unchanged(kRegistry, kBob, "set_active", {Value(false)});
  EXPECT_EQ(get_provider(h, kBob), Value::none());
}

TEST(ComputeProviderRegistrySetActive, ValueSentRevertsNonPayable) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  h.expect_reverted_unchanged(kRegistry, kBob, "set_active", {Value(false)}, 5, "non-payable message set_active");
  EXPECT_EQ(get_provider(h, kBob), Value::some(profile(kBob, kEndpoint, 100, 50, h.timestamp, true, 1000, 100)));
}

// ------------------------------------------------------------------- add_stake

TEST(ComputeProviderRegistryAddStake, AddsToStakeAndKeepsValue) {
  Harness h;
  deploy(h);
  h.world.set_balance(kBob, 3000);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  CallResult r = h.call(kRegistry, kBob, "add_stake", {}, 500);
  expect_returned(r, Value(true));
  ASSERT_EQ(r.events.size(), 1u);
  expect_event(r, 0, cpr::spec(), "StakeAdded", {kBob, u128(500)});
  EXPECT_EQ(get_provider(h, kBob), Value::some(profile(kBob, kEndpoint, 100, 50, h.timestamp, true, 1500, 100)));
  EXPECT_EQ(h.balance(kRegistry), U256(1500));
  EXPECT_EQ(h.balance(kBob), U256(1500));
}

TEST(ComputeProviderRegistryAddStake, InactiveProviderMayAddStake) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  ASSERT_EQ(h.call(kRegistry, kBob, "set_active", {Value(false)}).outcome.returned, Value(true));
  CallResult r = h.call(kRegistry, kBob, "add_stake", {}, 7);
  expect_returned(r, Value(true));
  expect_event(r, 0, cpr::spec(), "StakeAdded", {kBob, u128(7)});
  EXPECT_EQ(stake_of(h, kBob), u128(1007));
}

TEST(ComputeProviderRegistryAddStake, ZeroValueReturnsFalse) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  const World before = h.world;
  CallResult r = h.call(kRegistry, kBob, "add_stake", {}, 0);
  expect_refused(r);
  EXPECT_TRUE(h.world == before);
  EXPECT_EQ(stake_of(h, kBob), u128(1000));
}

TEST(ComputeProviderRegistryAddStake, UnregisteredCallerReturnsFalseAndValueStays) {
  Harness h;
  deploy(h);
  h.world.set_balance(kCharlie, 800);
  h.expect_refused_storage_unchanged(kRegistry, kCharlie, "add_stake", {}, 500);
  EXPECT_EQ(get_provider(h, kCharlie), Value::none());
  EXPECT_EQ(h.balance(kRegistry), U256(500));
  EXPECT_EQ(h.balance(kCharlie), U256(300));
}

TEST(ComputeProviderRegistryAddStake, SaturatesStakeAtU128MaxWhileBalanceGetsEverything) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, kU128MaxAsU256 - 10).outcome.returned, Value(true));
  CallResult r = h.call(kRegistry, kBob, "add_stake", {}, 100);
  expect_returned(r, Value(true));
  ASSERT_EQ(r.events.size(), 1u);
  // The event reports the amount sent, not the (clipped) increase.
  expect_event(r, 0, cpr::spec(), "StakeAdded", {kBob, u128(100)});
  EXPECT_EQ(stake_of(h, kBob), kU128Max);
  EXPECT_EQ(h.balance(kRegistry), U256(kU128MaxAsU256 + 90));
}

TEST(ComputeProviderRegistryAddStake, ValueAboveU128MaxRevertsForProvider) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  h.expect_reverted_unchanged(kRegistry, kBob, "add_stake", {}, kU128MaxAsU256 + 1,
                              "Integer overflow when casting to u128");
  EXPECT_EQ(stake_of(h, kBob), u128(1000));
  EXPECT_EQ(h.balance(kRegistry), U256(1000));
}

TEST(ComputeProviderRegistryAddStake, ValueAboveU128MaxRevertsBeforeTheRegistrationCheck) {
  Harness h;
  deploy(h);
  // add_stake narrows first: an unregistered caller reverts instead of getting `false`.
  h.expect_reverted_unchanged(kRegistry, kCharlie, "add_stake", {}, kU128MaxAsU256 + 1,
                              "Integer overflow when casting to u128");
  EXPECT_EQ(h.balance(kRegistry), U256(0));
}

TEST(ComputeProviderRegistryAddStake, TrackedCallerShortOfValueReverts) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  h.world.set_balance(kBob, 10);
  h.expect_reverted_unchanged(kRegistry, kBob, "add_stake", {}, 11, "short of value");
  EXPECT_EQ(stake_of(h, kBob), u128(1000));
}

// -------------------------------------------------------------- withdraw_stake

TEST(ComputeProviderRegistryWithdrawStake, InactiveProviderWithdrawsToTrackedBalance) {
  Harness h;
  deploy(h);
  h.world.set_balance(kBob, 5000);
  ASSERT_EQ(register_provider(h, kBob, 2000).outcome.returned, Value(true));
  ASSERT_EQ(h.call(kRegistry, kBob, "set_active", {Value(false)}).outcome.returned, Value(true));
  ASSERT_EQ(h.balance(kBob), U256(3000));
  CallResult r = h.call(kRegistry, kBob, "withdraw_stake", {Value(u128(500))});
  expect_returned(r, Value(true));
  ASSERT_EQ(r.events.size(), 1u);
  expect_event(r, 0, cpr::spec(), "StakeWithdrawn", {kBob, u128(500)});
  ASSERT_EQ(r.transfers.size(), 1u);
  EXPECT_EQ(r.transfers[0].to, kBob);
  EXPECT_EQ(r.transfers[0].amount, U256(500));
  EXPECT_EQ(get_provider(h, kBob), Value::some(profile(kBob, kEndpoint, 100, 50, h.timestamp, false, 1500, 100)));
  EXPECT_EQ(h.balance(kBob), U256(3500));
  EXPECT_EQ(h.balance(kRegistry), U256(1500));
}

TEST(ComputeProviderRegistryWithdrawStake, WholeStakeCanBeWithdrawnToAnUntrackedCaller) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 2000).outcome.returned, Value(true));
  ASSERT_EQ(h.call(kRegistry, kBob, "set_active", {Value(false)}).outcome.returned, Value(true));
  const BigInt out_before = h.world.external_out();
  CallResult r = h.call(kRegistry, kBob, "withdraw_stake", {Value(u128(2000))});
  expect_returned(r, Value(true));
  expect_event(r, 0, cpr::spec(), "StakeWithdrawn", {kBob, u128(2000)});
  EXPECT_EQ(stake_of(h, kBob), u128(0));
  EXPECT_EQ(h.balance(kRegistry), U256(0));
  EXPECT_EQ(BigInt(h.world.external_out() - out_before), BigInt(2000));
  // The profile stays (with zero stake) and is still counted.
  EXPECT_EQ(h.read(kRegistry, "get_provider_count"), Value(u64{1}));
}

TEST(ComputeProviderRegistryWithdrawStake, ActiveNonAdminProviderIsRefused) {
  Harness h;
  deploy(h);
  h.world.set_balance(kBob, 5000);
  ASSERT_EQ(register_provider(h, kBob, 2000).outcome.returned, Value(true));
  h.expect_refused_unchanged(kRegistry, kBob, "withdraw_stake", {Value(u128(500))});
  EXPECT_EQ(stake_of(h, kBob), u128(2000));
  EXPECT_EQ(h.balance(kBob), U256(3000));
}

TEST(ComputeProviderRegistryWithdrawStake, AdminMayWithdrawWhileActive) {
  Harness h;
  deploy(h);
  h.world.set_balance(kAlice, 10000);
  ASSERT_EQ(register_provider(h, kAlice, 2000, "http://admin-provider.com").outcome.returned, Value(true));
  CallResult r = h.call(kRegistry, kAlice, "withdraw_stake", {Value(u128(500))});
  expect_returned(r, Value(true));
  ASSERT_EQ(r.events.size(), 1u);
  expect_event(r, 0, cpr::spec(), "StakeWithdrawn", {kAlice, u128(500)});
  ASSERT_EQ(r.transfers.size(), 1u);
  EXPECT_EQ(r.transfers[0].to, kAlice);
  EXPECT_EQ(r.transfers[0].amount, U256(500));
  EXPECT_EQ(get_provider(h, kAlice),
            Value::some(profile(kAlice, "http://admin-provider.com", 100, 50, h.timestamp, true, 1500, 100)));
  EXPECT_EQ(h.balance(kAlice), U256(8500));
  EXPECT_EQ(h.balance(kRegistry), U256(1500));
}

TEST(ComputeProviderRegistryWithdrawStake, AmountAboveStakeIsRefused) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  ASSERT_EQ(h.call(kRegistry, kBob, "set_active", {Value(false)}).outcome.returned, Value(true));
  // Another provider's stake is in the contract too: the balance could pay, the stake cannot.
  ASSERT_EQ(register_provider(h, kCharlie, 5000).outcome.returned, Value(true));
  h.expect_refused_unchanged(kRegistry, kBob, "withdraw_stake", {Value(u128(1001))});
  EXPECT_EQ(stake_of(h, kBob), u128(1000));
}

TEST(ComputeProviderRegistryWithdrawStake, AdminAmountAboveStakeIsRefused) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kAlice, 1000).outcome.returned, Value(true));
  ASSERT_EQ(register_provider(h, kBob, 5000).outcome.returned, Value(true));
  h.expect_refused_unchanged(kRegistry, kAlice, "withdraw_stake", {Value(u128(1001))});
}

TEST(ComputeProviderRegistryWithdrawStake, UnregisteredCallerIsRefused) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  // Not even the admin can withdraw without a profile of its own.
  h.expect_refused_unchanged(kRegistry, kAlice, "withdraw_stake", {Value(u128(1))});
}

TEST(ComputeProviderRegistryWithdrawStake, FailedTransferReturnsFalseAndKeepsStake) {
  Harness h;
  deploy(h);
  h.world.set_balance(kBob, 5000);
  ASSERT_EQ(register_provider(h, kBob, 2000).outcome.returned, Value(true));
  ASSERT_EQ(h.call(kRegistry, kBob, "set_active", {Value(false)}).outcome.returned, Value(true));
  h.world.set_balance(kRegistry, 499);  // the contract can no longer pay out 500
  h.expect_refused_unchanged(kRegistry, kBob, "withdraw_stake", {Value(u128(500))});
  EXPECT_EQ(stake_of(h, kBob), u128(2000));
  EXPECT_EQ(h.balance(kRegistry), U256(499));
  EXPECT_EQ(h.balance(kBob), U256(3000));
  // Exactly the balance still goes through.
  CallResult ok = h.call(kRegistry, kBob, "withdraw_stake", {Value(u128(499))});
  expect_returned(ok, Value(true));
  EXPECT_EQ(stake_of(h, kBob), u128(1501));
  EXPECT_EQ(h.balance(kRegistry), U256(0));
  EXPECT_EQ(h.balance(kBob), U256(3499));
}

TEST(ComputeProviderRegistryWithdrawStake, ValueSentRevertsNonPayable) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  ASSERT_EQ(h.call(kRegistry, kBob, "set_active", {Value(false)}).outcome.returned, Value(true));
  h.world.set_balance(kBob, 50);
  h.expect_reverted_unchanged(kRegistry, kBob, "withdraw_stake", {Value(u128(100))}, 1,
                              "non-payable message withdraw_stake");
  EXPECT_EQ(stake_of(h, kBob), u128(1000));
  EXPECT_EQ(h.balance(kBob), U256(50));
}

// -------------------------------------------------------------- set_reputation

TEST(ComputeProviderRegistrySetReputation, AdminSetsScore) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  CallResult r = h.call(kRegistry, kAlice, "set_reputation", {kBob, Value(u32{85})});
  expect_returned(r, Value(true));
  ASSERT_EQ(r.events.size(), 1u);
  expect_event(r, 0, cpr::spec(), "ReputationUpdated", {kBob, u32{85}});
  EXPECT_EQ(get_provider(h, kBob), Value::some(profile(kBob, kEndpoint, 100, 50, h.timestamp, true, 1000, 85)));
}

TEST(ComputeProviderRegistrySetReputation, NonAdminIsRefused) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  // Neither a stranger nor the provider itself.
  h.expect_refused_unchanged(kRegistry, kCharlie, "set_reputation", {kBob, Value(u32{85})});
  h.expect_refused_unchanged(kRegistry, kBob, "set_reputation", {kBob, Value(u32{999})});
  EXPECT_EQ(get_provider(h, kBob), Value::some(profile(kBob, kEndpoint, 100, 50, h.timestamp, true, 1000, 100)));
}

TEST(ComputeProviderRegistrySetReputation, UnknownProviderIsRefused) {
  Harness h;
  deploy(h);
  h.expect_refused_unchanged(kRegistry, kAlice, "set_reputation", {kBob, Value(u32{85})});
  EXPECT_EQ(get_provider(h, kBob), Value::none());
}

TEST(ComputeProviderRegistrySetReputation, ValueSentRevertsNonPayable) {
  Harness h;
  deploy(h);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  h.expect_reverted_unchanged(kRegistry, kAlice, "set_reputation", {kBob, Value(u32{85})}, 1,
                              "non-payable message set_reputation");
}

// --------------------------------------------------------------- set_min_stake

TEST(ComputeProviderRegistrySetMinStake, AdminChangesMinStakeWithoutEvent) {
  Harness h;
  deploy(h, 1000);
  CallResult r = h.call(kRegistry, kAlice, "set_min_stake", {Value(u128(2000))});
  expect_returned(r, Value(true));
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(h.read(kRegistry, "get_min_stake"), Value(u128(2000)));
  // The new minimum applies to registrations.
  expect_refused(register_provider(h, kBob, 1999));
  expect_returned(register_provider(h, kCharlie, 2000), Value(true));
}

TEST(ComputeProviderRegistrySetMinStake, NonAdminIsRefused) {
  Harness h;
  deploy(h, 1000);
  h.expect_refused_unchanged(kRegistry, kBob, "set_min_stake", {Value(u128(0))});
  EXPECT_EQ(h.read(kRegistry, "get_min_stake"), Value(u128(1000)));
}

TEST(ComputeProviderRegistrySetMinStake, ValueSentRevertsNonPayable) {
  Harness h;
  deploy(h, 1000);
  h.expect_reverted_unchanged(kRegistry, kAlice, "set_min_stake", {Value(u128(5))}, 3,
                              "non-payable message set_min_stake");
  EXPECT_EQ(h.read(kRegistry, "get_min_stake"), Value(u128(1000)));
}

// ---------------------------------------------------------------- read-only

TEST(ComputeProviderRegistryGetters, AnswerFromStateWithoutChangingIt) {
  Harness h;
  deploy(h, 1000);
  ASSERT_EQ(register_provider(h, kBob, 1234, "http://b", 8, 9).outcome.returned, Value(true));
  const World before = h.world;
  EXPECT_EQ(get_provider(h, kBob), Value::some(profile(kBob, "http://b", 8, 9, h.timestamp, true, 1234, 100)));
  EXPECT_EQ(get_provider(h, kCharlie), Value::none());
  EXPECT_EQ(h.read(kRegistry, "get_admin"), Value(kAlice));
  EXPECT_EQ(h.read(kRegistry, "get_provider_count"), Value(u64{1}));
  EXPECT_EQ(h.read(kRegistry, "get_min_stake"), Value(u128(1000)));
  EXPECT_TRUE(h.world == before);
}

TEST(ComputeProviderRegistryGetters, ValueSentToAGetterReverts) {
  Harness h;
  deploy(h, 1000);
  ASSERT_EQ(register_provider(h, kBob, 1000).outcome.returned, Value(true));
  h.expect_reverted_unchanged(kRegistry, kBob, "get_provider", {kBob}, 1, "non-payable message get_provider");
  h.expect_reverted_unchanged(kRegistry, kBob, "get_admin", {}, 1, "non-payable message get_admin");
  h.expect_reverted_unchanged(kRegistry, kBob, "get_provider_count", {}, 1, "non-payable message get_provider_count");
  h.expect_reverted_unchanged(kRegistry, kBob, "get_min_stake", {}, 1, "non-payable message get_min_stake");
}

}  // namespace
}  // namespace meshcheck::testing
