// The world: value moves with calls exactly as the ledger says, reverts undo
// everything, instances are independent, and a world is a value (step() is pure).
#include <gtest/gtest.h>

#include "bench/workload.hpp"
#include "model/ai_job_queue.hpp"
#include "support/harness.hpp"

using namespace meshcheck;
using namespace meshcheck::testing;

namespace {
const Address kQueue = h160(0xc1);
const Address kQueue2 = h160(0xc9);
const Address kEscrow = account(0xc4);

}  // namespace

TEST(WorldCall, PayableValueMovesFromTrackedCallerToContract) {
  Harness h;
  h.deploy("ai_job_queue", kQueue, h160(1), {Value(u128(100))});
  h.world.set_balance(h160(2), 1000);
  auto r = h.call(kQueue, h160(2), "submit_job", {Value("m"), Value("d"), Value(u32(10)), Value(false)}, 300);
  ASSERT_FALSE(r.outcome.reverted) << r.outcome.reason;
  EXPECT_EQ(h.balance(h160(2)), U256(700));
  EXPECT_EQ(h.balance(kQueue), U256(300));
  EXPECT_EQ(h.world.external_in(), 0);
}

// Found by FuzzProperties.GeneratedSequencesKeepTheWorldConsistent (G-VALUE): a
// contract's own address calling it with value once credited the value without debiting it.
TEST(WorldCall, AContractCallingItselfWithValueKeepsItsBalance) {
  Harness h;
  h.deploy("ai_job_queue", kQueue, h160(1), {Value(u128(100))});
  h.world.set_balance(kQueue, 1000);
  auto r = h.call(kQueue, kQueue, "submit_job", {Value("m"), Value("d"), Value(u32(10)), Value(false)}, 300);
  ASSERT_FALSE(r.outcome.reverted) << r.outcome.reason;
  EXPECT_EQ(h.balance(kQueue), U256(1000));
  EXPECT_EQ(h.world.external_in(), 0);
}

TEST(WorldCall, ExternalCallerPaysAnyValueAndIsCounted) {
  Harness h;
  h.deploy("ai_job_queue", kQueue, h160(1), {Value(u128(100))});
  auto r = h.call(kQueue, h160(2), "submit_job", {Value("m"), Value("d"), Value(u32(10)), Value(false)}, 300);
  ASSERT_FALSE(r.outcome.reverted);
  EXPECT_FALSE(h.world.tracked(h160(2)));
  EXPECT_EQ(h.world.external_in(), 300);
  EXPECT_EQ(h.balance(kQueue), U256(300));
}

TEST(WorldCall, RevertLeavesTheWorldUnchangedButTheClockMoves) {
  Harness h;
  h.deploy("ai_job_queue", kQueue, h160(1), {Value(u128(100))});
  h.world.set_balance(h160(2), 1000);
  World before = h.world;
  h.block = 7;
  auto r = h.call(kQueue, h160(2), "submit_job", {Value("m"), Value("d"), Value(u32(10)), Value(false)}, 99);
  ASSERT_TRUE(r.outcome.reverted);
  EXPECT_EQ(r.outcome.reason, "Insufficient payment");
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(h.world == before);
  EXPECT_EQ(h.world.block(), 7u);
}

TEST(WorldCall, ValueToNonPayableMessageReverts) {
  Harness h;
  h.deploy("ai_job_queue", kQueue, h160(1), {Value(u128(100))});
  World before = h.world;
  auto r = h.call(kQueue, h160(1), "set_min_budget", {Value(u128(5))}, 1);
  ASSERT_TRUE(r.outcome.reverted);
  EXPECT_NE(r.outcome.reason.find("non-payable"), std::string::npos);
  EXPECT_TRUE(h.world == before);
}

TEST(WorldCall, ShortCallerReverts) {
  Harness h;
  h.deploy("ai_job_queue", kQueue, h160(1), {Value(u128(100))});
  h.world.set_balance(h160(2), 299);
  World before = h.world;
  auto r = h.call(kQueue, h160(2), "submit_job", {Value("m"), Value("d"), Value(u32(10)), Value(false)}, 300);
  ASSERT_TRUE(r.outcome.reverted);
  EXPECT_TRUE(h.world == before);
}

TEST(WorldCall, InstancesOfOneKindAreIndependent) {
  Harness h;
  h.deploy("ai_job_queue", kQueue, h160(1), {Value(u128(100))});
  h.deploy("ai_job_queue", kQueue2, h160(2), {Value(u128(5))});
  ASSERT_FALSE(h.call(kQueue2, h160(3), "submit_job", {Value("m"), Value("d"), Value(u32(10)), Value(false)}, 5)
                   .outcome.reverted);
  EXPECT_EQ(h.read(kQueue, "get_job_counter"), Value(u128(0)));
  EXPECT_EQ(h.read(kQueue2, "get_job_counter"), Value(u128(1)));
  EXPECT_EQ(h.balance(kQueue), U256(0));
  EXPECT_EQ(h.balance(kQueue2), U256(5));
  EXPECT_EQ(h.world.instances_of("ai_job_queue").size(), 2u);
}

TEST(WorldCall, RequestsThatAreNotCallsThrow) {
  Harness h;
  h.deploy("ai_job_queue", kQueue, h160(1), {Value(u128(100))});
  h.deploy("payment_escrow", kEscrow, account(1));
  EXPECT_THROW(h.deploy("ai_job_queue", kQueue, h160(1), {Value(u128(1))}), model::WorldError);
  EXPECT_THROW(h.deploy("ai_job_queue", account(0x77), account(1), {Value(u128(1))}), model::WorldError);
  EXPECT_THROW(h.call(kQueue, account(1), "get_job_counter"), model::WorldError);
  EXPECT_THROW(h.call(kEscrow, h160(1), "get_admin"), model::WorldError);
  EXPECT_THROW(h.call(kEscrow, account(1), "deposit_for_job", {Value(u128(1)), Value(account(2))},
                      U256(kU128Max) + 1),
               model::WorldError);
  h.block = 0;
  EXPECT_THROW(h.call(kQueue, h160(1), "get_job_counter"), model::WorldError);
}

TEST(WorldDeploy, EndowmentComesFromATrackedDeployer) {
  Harness h;
  h.world.set_balance(account(1), 100);
  h.deploy("payment_escrow", kEscrow, account(1), {}, 40);
  EXPECT_EQ(h.balance(account(1)), U256(60));
  EXPECT_EQ(h.balance(kEscrow), U256(40));
  EXPECT_THROW(h.deploy("mev_protection", account(0xc6), account(1), {}, 61), model::WorldError);
  EXPECT_EQ(h.world.instances().size(), 1u);
}

TEST(WorldTransfer, MovesValueOrRefuses) {
  Harness h;
  h.world.set_balance(account(1), 100);
  EXPECT_TRUE(h.world.transfer(account(1), account(2), 30));  // to an external account
  EXPECT_EQ(h.balance(account(1)), U256(70));
  EXPECT_EQ(h.world.external_out(), 30);
  EXPECT_FALSE(h.world.transfer(account(1), account(2), 71));
  EXPECT_EQ(h.balance(account(1)), U256(70));
}

TEST(WorldStep, IsPure) {
  Harness h;
  h.deploy("ai_job_queue", kQueue, h160(1), {Value(u128(100))});
  World before = h.world;
  model::Call c{kQueue, h160(2), 100, h.world.instance(kQueue)->spec->message("submit_job"),
                {Value("m"), Value("d"), Value(u32(10)), Value(false)}, 2, 12000};
  auto [after, result] = model::step(h.world, c);
  EXPECT_FALSE(result.outcome.reverted);
  EXPECT_TRUE(h.world == before);
  EXPECT_FALSE(after == before);
  EXPECT_EQ(after.balance(kQueue), U256(100));
}

// Over a long mixed workload, the ledger balances: what the tracked accounts hold
// changes by exactly what came in from external accounts minus what went out to them.
TEST(WorldLedger, ValueIsConservedOverTheBenchmarkWorkload) {
  World world(model::deployed_profile());
  for (auto& d : bench::workload_deployments()) world.deploy(*d.spec, d.address, d.deployer, d.args, 0, 1, 6000);
  std::size_t reverted = 0;
  bench::generate_workload(20000, [&](const model::Call& c) { reverted += world.call(c).outcome.reverted; });
  EXPECT_EQ(reverted, 0u);
  BigInt held = 0;
  world.balances().for_each([&](const Address&, const U256& b) { held += BigInt(b); });
  EXPECT_EQ(held, world.external_in() - world.external_out());
  EXPECT_GT(world.external_in(), 0);
  EXPECT_GT(world.external_out(), 0);
}
