// payment_escrow's ink! 5.1.1 build (AccountId addresses, u128 amounts; deployed at an
// AccountId address, its width picks this build): every message's success branch, every
// `return false` guard, the payable rules, the transfer-failure path, the address-width
// and value-range checks of the world, every event field, the read-only messages, and
// the purity of run_message. The ink! 6 build, the one deployed on Paseo, is in
// payment_escrow_ink6_test.cpp.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "model/payment_escrow.hpp"
#include "support/harness.hpp"
#include "support/payment_escrow_fixture.hpp"

namespace meshcheck::testing {
namespace {

using model::CallEnv;
using model::Ctx;
namespace pe = model::deployed::payment_escrow;
constexpr pe::Build kInk5 = pe::Build::kInk5;

const Address kAdmin = account(0x09);
const Address kAlice = account(0x01);
const Address kBob = account(0x02);
const Address kCharlie = account(0x03);
const Address kContract = account(0xc0);

// A fresh world with payment_escrow deployed by kAdmin at kContract.
struct Fixture : PaymentEscrowFixture {
  Fixture() : PaymentEscrowFixture(kContract, kAdmin) {}
};

Value escrow_value(const Address& owner, const Value& provider, u128 amount, bool released, bool refunded) {
  return Value::seq({owner, provider, amount, released, refunded});
}

// A CallEnv for the typed functions (state built directly).
CallEnv env_of(const Address& caller, const U256& value = 0, const U256& balance = 0) {
  return CallEnv{caller, kContract, value, 1, 6000, balance};
}

// ---------------------------------------------------------------- constructor / get_admin

TEST(PaymentEscrowConstructor, AdminIsDeployerAndNoEscrows) {
  Fixture f;
  EXPECT_EQ(f.state().admin, kAdmin);
  EXPECT_TRUE(f.state().escrows.empty());
  EXPECT_EQ(f.h.balance(f.c), U256(0));
}

TEST(PaymentEscrowGetAdmin, ReturnsDeployer) {
  Fixture f;
  EXPECT_EQ(f.h.read(f.c, "get_admin"), Value(kAdmin));
}

TEST(PaymentEscrowGetAdmin, UnchangedByOtherCallers) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 100));
  auto r = f.h.call(f.c, kAlice, "get_admin");
  EXPECT_FALSE(r.outcome.reverted);
  EXPECT_EQ(r.outcome.returned, Value(kAdmin));
  EXPECT_TRUE(r.events.empty());
}

TEST(PaymentEscrowGetAdmin, RevertsWithValueAsNonPayable) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.h.call(f.c, kAlice, "get_admin", {}, 1)); });
}

// ---------------------------------------------------------------- get_escrow

TEST(PaymentEscrowGetEscrow, NoneForUnknownJob) {
  Fixture f;
  EXPECT_EQ(f.escrow(999), Value::none());
  EXPECT_EQ(f.escrow(0), Value::none());
}

TEST(PaymentEscrowGetEscrow, ReturnsFullActiveEscrow) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 7, kBob, 1000));
  EXPECT_EQ(f.escrow(7), Value::some(escrow_value(kAlice, Value::some(kBob), 1000, false, false)));
  EXPECT_EQ(f.escrow(8), Value::none());
}

TEST(PaymentEscrowGetEscrow, ReturnsEscrowWithoutProviderAsNone) {
  // Only reachable by constructing the state: deposit always sets a provider.
  pe::State s;
  s.admin = kAdmin;
  s.escrows.insert(u128(3), pe::Escrow{kAlice, std::nullopt, u128(5), false, false});
  const auto& spec = pe::spec(kInk5);
  model::StatePtr sp = std::make_shared<pe::State>(s);
  std::vector<Value> args{u128(3)};
  auto step = model::run_message(*spec.message("get_escrow"), sp, env_of(kBob), args);
  EXPECT_FALSE(step.outcome.reverted);
  EXPECT_EQ(step.outcome.returned, Value::some(escrow_value(kAlice, Value::none(), 5, false, false)));
  EXPECT_EQ(step.state, sp);  // read-only: the input state itself
}

TEST(PaymentEscrowGetEscrow, ReflectsReleasedAndRefunded) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 10));
  expect_returned_true(f.deposit(kAlice, 2, kBob, 20));
  expect_returned_true(f.release(kAlice, 1));
  expect_returned_true(f.refund(kAlice, 2));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), 0, true, false)));
  EXPECT_EQ(f.escrow(2), Value::some(escrow_value(kAlice, Value::some(kBob), 0, false, true)));
}

TEST(PaymentEscrowGetEscrow, RevertsWithValueAsNonPayable) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 10));
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.h.call(f.c, kAlice, "get_escrow", {u128(1)}, 5)); });
}

// ---------------------------------------------------------------- deposit_for_job

TEST(PaymentEscrowDeposit, StoresEscrowEmitsDepositedAndKeepsValue) {
  Fixture f;
  f.h.world.set_balance(kAlice, 5000);
  auto r = f.deposit(kAlice, 1, kBob, 1000);
  expect_returned_true(r);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].spec->name, "Deposited");
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(1), kAlice, kBob, u128(1000)}));
  EXPECT_TRUE(r.transfers.empty());
  EXPECT_EQ(f.h.balance(f.c), U256(1000));
  EXPECT_EQ(f.h.balance(kAlice), U256(4000));
  const pe::Escrow* e = f.state().escrows.find(u128(1));
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(*e, (pe::Escrow{kAlice, kBob, u128(1000), false, false}));
}

TEST(PaymentEscrowDeposit, DepositedEventFieldsUseCallerAndArguments) {
  Fixture f;
  auto r = f.deposit(kCharlie, kU128Max, kAlice, 42);
  expect_returned_true(r);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(event_names(r), std::vector<std::string>{"Deposited"});
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{kU128Max, kCharlie, kAlice, u128(42)}));
  EXPECT_EQ(f.escrow(kU128Max), Value::some(escrow_value(kCharlie, Value::some(kAlice), 42, false, false)));
}

TEST(PaymentEscrowDeposit, ZeroValueReturnsFalseAndStoresNothing) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.deposit(kAlice, 1, kBob, 0)); });
  EXPECT_EQ(f.escrow(1), Value::none());
}

TEST(PaymentEscrowDeposit, RefusesToOverwriteActiveEscrowAndKeepsValue) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  f.h.world.set_balance(kCharlie, 3000);
  expect_refused(f.deposit(kCharlie, 1, kCharlie, 2000));
  // The escrow is untouched...
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), 1000, false, false)));
  // ...but the value sent with the failing call stays in the contract.
  EXPECT_EQ(f.h.balance(f.c), U256(3000));
  EXPECT_EQ(f.h.balance(kCharlie), U256(1000));
}

TEST(PaymentEscrowDeposit, SameOwnerCannotOverwriteActiveEscrow) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_refused(f.deposit(kAlice, 1, kCharlie, 2000));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), 1000, false, false)));
  EXPECT_EQ(f.h.balance(f.c), U256(3000));
}

TEST(PaymentEscrowDeposit, OverwritesReleasedEscrowOfSameJob) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_returned_true(f.release(kAlice, 1));
  auto r = f.deposit(kCharlie, 1, kAlice, 300);
  expect_returned_true(r);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].spec->name, "Deposited");
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(1), kCharlie, kAlice, u128(300)}));
  // The released record is gone: a fresh active escrow of a new owner.
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kCharlie, Value::some(kAlice), 300, false, false)));
}

TEST(PaymentEscrowDeposit, OverwritesRefundedEscrowOfSameJob) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 4, kBob, 1000));
  expect_returned_true(f.refund(kAlice, 4));
  auto r = f.deposit(kBob, 4, kCharlie, 77);
  expect_returned_true(r);
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(4), kBob, kCharlie, u128(77)}));
  EXPECT_EQ(f.escrow(4), Value::some(escrow_value(kBob, Value::some(kCharlie), 77, false, false)));
}

TEST(PaymentEscrowDeposit, OverwritesZeroAmountUnsettledEscrow) {
  // An unsettled escrow with amount 0 is not "active": only reachable through a
  // directly built state.
  pe::State s;
  s.admin = kAdmin;
  s.escrows.insert(u128(1), pe::Escrow{kAlice, kBob, u128(0), false, false});
  CallEnv env = env_of(kCharlie, 9, 9);
  Ctx ctx(env);
  EXPECT_TRUE(pe::deposit_for_job<kInk5>(s, ctx, u128(1), kAlice));
  EXPECT_EQ(*s.escrows.find(u128(1)), (pe::Escrow{kCharlie, kAlice, u128(9), false, false}));
  ASSERT_EQ(ctx.events.size(), 1u);
  EXPECT_EQ(ctx.events[0].fields, (std::vector<Value>{u128(1), kCharlie, kAlice, u128(9)}));
}

TEST(PaymentEscrowDeposit, IndependentJobsDoNotInterfere) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_returned_true(f.deposit(kBob, 2, kCharlie, 2000));
  expect_returned_true(f.deposit(kCharlie, 3, kAlice, 3000));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), 1000, false, false)));
  EXPECT_EQ(f.escrow(2), Value::some(escrow_value(kBob, Value::some(kCharlie), 2000, false, false)));
  EXPECT_EQ(f.escrow(3), Value::some(escrow_value(kCharlie, Value::some(kAlice), 3000, false, false)));
  EXPECT_EQ(f.h.balance(f.c), U256(6000));
}

TEST(PaymentEscrowDeposit, MaxU128ValueAccepted) {
  Fixture f;
  auto r = f.deposit(kAlice, 1, kBob, kU128MaxAsU256);
  expect_returned_true(r);
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(1), kAlice, kBob, kU128Max}));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), kU128Max, false, false)));
  EXPECT_EQ(f.h.balance(f.c), kU128MaxAsU256);
}

TEST(PaymentEscrowDeposit, ValueAboveU128MaxIsWorldError) {
  Fixture f;
  expect_world_unchanged(f.h.world,
                         [&] { EXPECT_THROW(f.deposit(kAlice, 1, kBob, kU128MaxAsU256 + 1), model::WorldError); });
}

TEST(PaymentEscrowDeposit, TrackedCallerShortOfValueReverts) {
  Fixture f;
  f.h.world.set_balance(kAlice, 999);
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.deposit(kAlice, 1, kBob, 1000)); });
  EXPECT_EQ(f.h.balance(kAlice), U256(999));
  EXPECT_EQ(f.h.balance(f.c), U256(0));
  EXPECT_EQ(f.escrow(1), Value::none());
}

TEST(PaymentEscrowDeposit, TrackedCallerWithExactBalanceSucceeds) {
  Fixture f;
  f.h.world.set_balance(kAlice, 1000);
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  EXPECT_EQ(f.h.balance(kAlice), U256(0));
  EXPECT_EQ(f.h.balance(f.c), U256(1000));
}

TEST(PaymentEscrowDeposit, H160CallerIsWorldError) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { EXPECT_THROW(f.deposit(h160(0x01), 1, kBob, 1000), model::WorldError); });
}

TEST(PaymentEscrowDeposit, UntrackedCallerValueCountsAsExternalIn) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1234));
  EXPECT_EQ(f.h.world.external_in(), BigInt(1234));
  EXPECT_FALSE(f.h.world.tracked(kAlice));
}

// ---------------------------------------------------------------- set_provider

TEST(PaymentEscrowSetProvider, OwnerChangesProviderAndEmitsProviderSet) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  auto r = f.set_provider(kAlice, 1, kCharlie);
  expect_returned_true(r);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].spec->name, "ProviderSet");
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(1), kCharlie}));
  EXPECT_TRUE(r.transfers.empty());
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kCharlie), 1000, false, false)));
  EXPECT_EQ(f.h.balance(f.c), U256(1000));
}

TEST(PaymentEscrowSetProvider, SettingSameProviderStillSucceeds) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  auto r = f.set_provider(kAlice, 1, kBob);
  expect_returned_true(r);
  EXPECT_EQ(r.events.size(), 1u);
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), 1000, false, false)));
}

TEST(PaymentEscrowSetProvider, OwnerMayNameThemselves) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_returned_true(f.set_provider(kAlice, 1, kAlice));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kAlice), 1000, false, false)));
}

TEST(PaymentEscrowSetProvider, SetsProviderOnEscrowThatHadNone) {
  pe::State s;
  s.admin = kAdmin;
  s.escrows.insert(u128(2), pe::Escrow{kAlice, std::nullopt, u128(10), false, false});
  CallEnv env = env_of(kAlice, 0, 10);
  Ctx ctx(env);
  EXPECT_TRUE(pe::set_provider<kInk5>(s, ctx, u128(2), kBob));
  EXPECT_EQ(*s.escrows.find(u128(2)), (pe::Escrow{kAlice, kBob, u128(10), false, false}));
  ASSERT_EQ(ctx.events.size(), 1u);
  EXPECT_EQ(ctx.events[0].spec->name, "ProviderSet");
  EXPECT_EQ(ctx.events[0].fields, (std::vector<Value>{u128(2), kBob}));
}

TEST(PaymentEscrowSetProvider, WorksOnUnsettledZeroAmountEscrow) {
  // The guard is only owner / released / refunded: a zero amount is no obstacle.
  pe::State s;
  s.escrows.insert(u128(2), pe::Escrow{kAlice, kBob, u128(0), false, false});
  CallEnv env = env_of(kAlice);
  Ctx ctx(env);
  EXPECT_TRUE(pe::set_provider<kInk5>(s, ctx, u128(2), kCharlie));
  EXPECT_EQ(*s.escrows.find(u128(2)), (pe::Escrow{kAlice, kCharlie, u128(0), false, false}));
}

TEST(PaymentEscrowSetProvider, FailsForUnknownJob) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.set_provider(kAlice, 1, kBob)); });
  EXPECT_EQ(f.escrow(1), Value::none());
}

TEST(PaymentEscrowSetProvider, FailsWhenCallerIsNotOwner) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.set_provider(kBob, 1, kCharlie)); });
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), 1000, false, false)));
}

TEST(PaymentEscrowSetProvider, AdminIsNotOwnerAndFails) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.set_provider(kAdmin, 1, kCharlie)); });
}

TEST(PaymentEscrowSetProvider, RevertsWithValueAsNonPayable) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.set_provider(kAlice, 1, kCharlie, 1)); });
  EXPECT_EQ(f.h.balance(f.c), U256(1000));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), 1000, false, false)));
}

TEST(PaymentEscrowSetProvider, H160CallerIsWorldError) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  EXPECT_THROW(f.set_provider(h160(0x01), 1, kCharlie), model::WorldError);
}

// ---------------------------------------------------------------- release_to_provider

TEST(PaymentEscrowRelease, OwnerReleasesToProviderAndEmitsReleased) {
  Fixture f;
  f.h.world.set_balance(kBob, 5);
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  auto r = f.release(kAlice, 1);
  expect_returned_true(r);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].spec->name, "Released");
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(1), kBob, u128(1000)}));
  ASSERT_EQ(r.transfers.size(), 1u);
  EXPECT_EQ(r.transfers[0], (model::Transfer{kBob, U256(1000)}));
  EXPECT_EQ(f.h.balance(f.c), U256(0));
  EXPECT_EQ(f.h.balance(kBob), U256(1005));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), 0, true, false)));
}

TEST(PaymentEscrowRelease, PaysTheProviderSetLater) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_returned_true(f.set_provider(kAlice, 1, kCharlie));
  auto r = f.release(kAlice, 1);
  expect_returned_true(r);
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(1), kCharlie, u128(1000)}));
  ASSERT_EQ(r.transfers.size(), 1u);
  EXPECT_EQ(r.transfers[0].to, kCharlie);
  EXPECT_EQ(f.h.world.external_out(), BigInt(1000));
}

TEST(PaymentEscrowRelease, LeavesOtherEscrowsFundsInContract) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_returned_true(f.deposit(kBob, 2, kCharlie, 2000));
  expect_returned_true(f.release(kAlice, 1));
  EXPECT_EQ(f.h.balance(f.c), U256(2000));
  EXPECT_EQ(f.escrow(2), Value::some(escrow_value(kBob, Value::some(kCharlie), 2000, false, false)));
  // Bob cannot release Alice's (already released) job.
  expect_refused(f.release(kBob, 1));
}

TEST(PaymentEscrowRelease, FailsForUnknownJob) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.release(kAlice, 999)); });
}

TEST(PaymentEscrowRelease, FailsWhenCallerIsNotOwner) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_world_unchanged(f.h.world, [&] {
    expect_refused(f.release(kBob, 1));  // even the provider cannot
    expect_refused(f.release(kCharlie, 1));
    expect_refused(f.release(kAdmin, 1));
  });
}

TEST(PaymentEscrowRelease, FailsWhenNoProvider) {
  pe::State s;
  s.escrows.insert(u128(1), pe::Escrow{kAlice, std::nullopt, u128(10), false, false});
  pe::State before = s;
  CallEnv env = env_of(kAlice, 0, 10);
  Ctx ctx(env);
  EXPECT_FALSE(pe::release_to_provider<kInk5>(s, ctx, u128(1)));
  EXPECT_TRUE(s == before);
  EXPECT_TRUE(ctx.events.empty());
  EXPECT_TRUE(ctx.transfers.empty());
}

TEST(PaymentEscrowRelease, FailsWhenContractBalanceIsShort) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  f.h.world.set_balance(f.c, 999);
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.release(kAlice, 1)); });
  EXPECT_EQ(f.h.balance(f.c), U256(999));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), 1000, false, false)));
}

TEST(PaymentEscrowRelease, SucceedsWhenContractBalanceExactlyCoversAmount) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_returned_true(f.deposit(kAlice, 2, kBob, 500));
  f.h.world.set_balance(f.c, 1000);
  expect_returned_true(f.release(kAlice, 1));
  EXPECT_EQ(f.h.balance(f.c), U256(0));
  // Now job 2 cannot be paid out: balance 0 < 500.
  expect_refused(f.release(kAlice, 2));
  expect_refused(f.refund(kAlice, 2));
  EXPECT_EQ(f.escrow(2), Value::some(escrow_value(kAlice, Value::some(kBob), 500, false, false)));
}

TEST(PaymentEscrowRelease, RevertsWithValueAsNonPayable) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.release(kAlice, 1, 1)); });
  EXPECT_EQ(f.h.balance(f.c), U256(1000));
}

TEST(PaymentEscrowRelease, H160CallerIsWorldError) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_world_unchanged(f.h.world, [&] { EXPECT_THROW(f.release(h160(0x01), 1), model::WorldError); });
}

// ---------------------------------------------------------------- refund_to_owner

TEST(PaymentEscrowRefund, OwnerGetsRefundAndRefundedEmitted) {
  Fixture f;
  f.h.world.set_balance(kAlice, 1500);
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  EXPECT_EQ(f.h.balance(kAlice), U256(500));
  auto r = f.refund(kAlice, 1);
  expect_returned_true(r);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].spec->name, "Refunded");
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(1), kAlice, u128(1000)}));
  ASSERT_EQ(r.transfers.size(), 1u);
  EXPECT_EQ(r.transfers[0], (model::Transfer{kAlice, U256(1000)}));
  EXPECT_EQ(f.h.balance(kAlice), U256(1500));
  EXPECT_EQ(f.h.balance(f.c), U256(0));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), 0, false, true)));
}

TEST(PaymentEscrowRefund, FailsForUnknownJob) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.refund(kAlice, 999)); });
}

TEST(PaymentEscrowRefund, FailsWhenCallerIsNotOwner) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_world_unchanged(f.h.world, [&] {
    expect_refused(f.refund(kBob, 1));
    expect_refused(f.refund(kAdmin, 1));
  });
  // The owner still can.
  expect_returned_true(f.refund(kAlice, 1));
}

TEST(PaymentEscrowRefund, WorksWithoutProvider) {
  // Refund needs no provider, unlike release.
  pe::State s;
  s.escrows.insert(u128(1), pe::Escrow{kAlice, std::nullopt, u128(10), false, false});
  CallEnv env = env_of(kAlice, 0, 10);
  Ctx ctx(env);
  EXPECT_TRUE(pe::refund_to_owner<kInk5>(s, ctx, u128(1)));
  EXPECT_EQ(*s.escrows.find(u128(1)), (pe::Escrow{kAlice, std::nullopt, u128(0), false, true}));
  ASSERT_EQ(ctx.transfers.size(), 1u);
  EXPECT_EQ(ctx.transfers[0], (model::Transfer{kAlice, U256(10)}));
  ASSERT_EQ(ctx.events.size(), 1u);
  EXPECT_EQ(ctx.events[0].fields, (std::vector<Value>{u128(1), kAlice, u128(10)}));
}

TEST(PaymentEscrowRefund, FailsWhenContractBalanceIsShort) {
  Fixture f;
  f.h.world.set_balance(kAlice, 1000);
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  f.h.world.set_balance(f.c, 0);
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.refund(kAlice, 1)); });
  EXPECT_EQ(f.h.balance(kAlice), U256(0));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), 1000, false, false)));
}

TEST(PaymentEscrowRefund, RevertsWithValueAsNonPayable) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.refund(kAlice, 1, 7)); });
}

TEST(PaymentEscrowRefund, H160CallerIsWorldError) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  EXPECT_THROW(f.refund(h160(0x01), 1), model::WorldError);
}

// ---------------------------------------------------------------- settled escrows

// Once alice's escrow is settled, by release or by refund, neither settlement nor
// set_provider goes through again: each returns false and leaves the world, and the
// settled escrow, as they were.
struct AfterSettlement {
  std::string name;
  bool released;                                // settled by release_to_provider, else by refund_to_owner
  std::function<CallResult(Fixture&)> refused;  // the call made after it
};

void PrintTo(const AfterSettlement& c, std::ostream* os) { *os << c.name; }

class PaymentEscrowAfterSettlement : public ::testing::TestWithParam<AfterSettlement> {};

TEST_P(PaymentEscrowAfterSettlement, IsRefusedWithNoChange) {
  const AfterSettlement& c = GetParam();
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, 1000));
  expect_returned_true(c.released ? f.release(kAlice, 1) : f.refund(kAlice, 1));
  expect_world_unchanged(f.h.world, [&] { expect_refused(c.refused(f)); });
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), 0, c.released, !c.released)));
}

CallResult release_by_owner(Fixture& f) { return f.release(kAlice, 1); }
CallResult refund_by_owner(Fixture& f) { return f.refund(kAlice, 1); }
CallResult set_provider_by_owner(Fixture& f) { return f.set_provider(kAlice, 1, kCharlie); }

INSTANTIATE_TEST_SUITE_P(PaymentEscrow, PaymentEscrowAfterSettlement,
                         ::testing::Values(AfterSettlement{"ReleaseAfterRelease", true, release_by_owner},
                                           AfterSettlement{"ReleaseAfterRefund", false, release_by_owner},
                                           AfterSettlement{"RefundAfterRefund", false, refund_by_owner},
                                           AfterSettlement{"RefundAfterRelease", true, refund_by_owner},
                                           AfterSettlement{"SetProviderAfterRelease", true, set_provider_by_owner},
                                           AfterSettlement{"SetProviderAfterRefund", false, set_provider_by_owner}),
                         [](const auto& info) { return info.param.name; });

// Neither settlement pays out an unsettled escrow of amount 0 (a state only built
// directly): false, no event, no transfer, the state as it was.
struct Settle {
  std::string name;
  bool (*settle)(pe::State&, Ctx&, const u128&);
};

void PrintTo(const Settle& c, std::ostream* os) { *os << c.name; }

class PaymentEscrowZeroAmount : public ::testing::TestWithParam<Settle> {};

TEST_P(PaymentEscrowZeroAmount, IsNotSettled) {
  pe::State s;
  s.escrows.insert(u128(1), pe::Escrow{kAlice, kBob, u128(0), false, false});
  pe::State before = s;
  CallEnv env = env_of(kAlice, 0, 10);
  Ctx ctx(env);
  EXPECT_FALSE(GetParam().settle(s, ctx, u128(1)));
  EXPECT_TRUE(s == before);
  EXPECT_TRUE(ctx.events.empty());
  EXPECT_TRUE(ctx.transfers.empty());
}

INSTANTIATE_TEST_SUITE_P(PaymentEscrow, PaymentEscrowZeroAmount,
                         ::testing::Values(Settle{"ReleaseToProvider", pe::release_to_provider<kInk5>},
                                           Settle{"RefundToOwner", pe::refund_to_owner<kInk5>}),
                         [](const auto& info) { return info.param.name; });

// ---------------------------------------------------------------- spec and purity

TEST(PaymentEscrowSpec, OnlyDepositIsPayableAndAddressesAreAccountIds) {
  const auto& s = pe::spec(kInk5);
  EXPECT_EQ(s.code_hash, "0xfe15cf54bbd7fac359f8f5a409ee445b20004b7448e3e7b5099f6f46593c2cde");
  EXPECT_EQ(s.message("get_admin")->returns, types::account_id());
  EXPECT_EQ(s.event("Deposited")->fields[3].type, types::u128());
  EXPECT_EQ(s.ink, model::InkVersion::V5);
  EXPECT_EQ(s.address_kind(), AddressKind::AccountId);
  EXPECT_EQ(s.max_value(), kU128MaxAsU256);
  for (auto& m : s.messages) EXPECT_EQ(m.payable, m.label == "deposit_for_job") << m.label;
  EXPECT_FALSE(s.message("get_escrow")->mutates);
  EXPECT_FALSE(s.message("get_admin")->mutates);
  EXPECT_TRUE(s.message("deposit_for_job")->mutates);
  EXPECT_TRUE(s.message("set_provider")->mutates);
  EXPECT_TRUE(s.message("release_to_provider")->mutates);
  EXPECT_TRUE(s.message("refund_to_owner")->mutates);
}

TEST(PaymentEscrowSpec, AnAccountIdAddressDeploysThisBuildAndAnH160DeployerIsWorldError) {
  Harness h;
  EXPECT_THROW(h.deploy("payment_escrow", kContract, h160(0x09)), model::WorldError);
  h.deploy("payment_escrow", kContract, kAdmin);
  EXPECT_EQ(h.world.instance(kContract)->spec, &pe::spec(kInk5));
}

TEST(PaymentEscrowPurity, RunMessageNeverModifiesInputState) {
  pe::State s;
  s.admin = kAdmin;
  s.escrows.insert(u128(1), pe::Escrow{kAlice, kBob, u128(100), false, false});
  s.escrows.insert(u128(2), pe::Escrow{kAlice, kBob, u128(0), true, false});
  const pe::State snapshot = s;
  model::StatePtr sp = std::make_shared<pe::State>(s);
  const auto& spec = pe::spec(kInk5);

  struct Case {
    const char* label;
    std::vector<Value> args;
    Address caller;
    U256 value;
  };
  std::vector<Case> cases = {
      {"deposit_for_job", {u128(3), kBob}, kAlice, 50},          // success
      {"deposit_for_job", {u128(2), kCharlie}, kBob, 50},        // overwrite
      {"deposit_for_job", {u128(1), kCharlie}, kBob, 50},        // false
      {"set_provider", {u128(1), kCharlie}, kAlice, 0},          // success
      {"release_to_provider", {u128(1)}, kAlice, 0},             // success
      {"refund_to_owner", {u128(1)}, kAlice, 0},                 // success
      {"release_to_provider", {u128(2)}, kAlice, 0},             // false
      {"get_escrow", {u128(1)}, kBob, 0},
      {"get_admin", {}, kBob, 0},
  };
  for (auto& c : cases) {
    CallEnv env{c.caller, kContract, c.value, 1, 6000, U256(1000)};
    auto step = model::run_message(*spec.message(c.label), sp, env, c.args);
    EXPECT_FALSE(step.outcome.reverted) << c.label;
    EXPECT_TRUE(static_cast<const pe::State&>(*sp) == snapshot) << c.label;
  }
  // A successful mutating step yields a different state object; the input is intact.
  CallEnv env{kAlice, kContract, U256(0), 1, 6000, U256(1000)};
  std::vector<Value> args{u128(1)};
  auto step = model::run_message(*spec.message("release_to_provider"), sp, env, args);
  EXPECT_NE(step.state, sp);
  EXPECT_EQ(static_cast<const pe::State&>(*step.state).escrows.find(u128(1))->amount, u128(0));
  EXPECT_EQ(static_cast<const pe::State&>(*sp).escrows.find(u128(1))->amount, u128(100));
}

TEST(PaymentEscrowPurity, FailedTransferStepHasNoTransfersAndSameStateContents) {
  pe::State s;
  s.escrows.insert(u128(1), pe::Escrow{kAlice, kBob, u128(100), false, false});
  const pe::State snapshot = s;
  model::StatePtr sp = std::make_shared<pe::State>(s);
  CallEnv env{kAlice, kContract, U256(0), 1, 6000, U256(99)};
  std::vector<Value> args{u128(1)};
  auto step = model::run_message(*pe::spec(kInk5).message("release_to_provider"), sp, env, args);
  EXPECT_FALSE(step.outcome.reverted);
  EXPECT_EQ(step.outcome.returned, Value(false));
  EXPECT_TRUE(step.transfers.empty());
  EXPECT_TRUE(step.events.empty());
  EXPECT_TRUE(static_cast<const pe::State&>(*step.state) == snapshot);
  EXPECT_TRUE(static_cast<const pe::State&>(*sp) == snapshot);
}

}  // namespace
}  // namespace meshcheck::testing
