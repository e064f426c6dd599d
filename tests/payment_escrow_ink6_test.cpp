// payment_escrow's ink! 6 build, the one deployed on Paseo (0x5a86…02ae, code hash
// 0x7bff…bcb4): H160 addresses, and the amount is `transferred_value()` as a U256, never
// narrowed: it is a U256 in the Escrow struct, in get_escrow's answer and in every event.
// Every guard of every message, on both sides, and the edges the U256 amount opens: values
// above u128::MAX up to U256::MAX are deposited, stored, reported and paid out whole,
// where ai_job_queue's ink! 6 code (`as_u128()`) reverts. The logic is the ink! 5.1.1
// build's (payment_escrow_test.cpp); what differs is tested here.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "model/payment_escrow.hpp"
#include "support/harness.hpp"
#include "support/payment_escrow_fixture.hpp"

namespace meshcheck::testing {
namespace {

using model::CallEnv;
using model::Ctx;
namespace pe = model::deployed::payment_escrow;
constexpr pe::Build kInk6 = pe::Build::kInk6;

const Address kAdmin = h160(0x09);
const Address kAlice = h160(0x01);
const Address kBob = h160(0x02);
const Address kCharlie = h160(0x03);
const Address kContract = h160(0xc4);
const U256 k2Pow128 = U256(1) << 128;

// A fresh world with payment_escrow deployed by kAdmin at kContract.
struct Fixture : PaymentEscrowFixture {
  Fixture() : PaymentEscrowFixture(kContract, kAdmin) {}
};

Value escrow_value(const Address& owner, const Value& provider, const U256& amount, bool released, bool refunded) {
  return Value::seq({owner, provider, amount, released, refunded});
}

// ---------------------------------------------------------------- the build

TEST(PaymentEscrowInk6Build, IsTheDeployedBuildWithItsCodeHash) {
  const auto& s = pe::spec(kInk6);
  EXPECT_EQ(&pe::spec(), &s);
  EXPECT_EQ(model::deployed_profile().contract("payment_escrow"), &s);
  EXPECT_EQ(s.code_hash, "0x7bfff2dbd2e6783b711fa04a552b3646809e52d70cf35f13ed9f0ee27346bcb4");
  EXPECT_EQ(s.ink, model::InkVersion::V6);
  EXPECT_EQ(s.address_kind(), AddressKind::H160);
  EXPECT_EQ(s.max_value(), kU256Max);
  // Both builds are in the profile, for traces to pick.
  auto builds = model::deployed_profile().builds_of("payment_escrow");
  ASSERT_EQ(builds.size(), 2u);
  EXPECT_EQ(builds[0], &s);
  EXPECT_EQ(builds[1], &pe::spec(pe::Build::kInk5));
  EXPECT_EQ(model::deployed_profile().build_for("payment_escrow", AddressKind::AccountId), builds[1]);
  EXPECT_EQ(model::deployed_profile().build_with_hash("payment_escrow", pe::kBuilds[pe::Build::kInk5].code_hash),
            builds[1]);
}

TEST(PaymentEscrowInk6Build, H160AddressesAndU256AmountsInEveryTypeAndEvent) {
  const auto& s = pe::spec(kInk6);
  EXPECT_EQ(s.message("deposit_for_job")->args[1].type, types::h160());
  EXPECT_EQ(s.message("set_provider")->args[1].type, types::h160());
  EXPECT_EQ(s.message("get_admin")->returns, types::h160());
  TypeRef escrow = s.message("get_escrow")->returns;
  ASSERT_EQ(escrow->kind, TypeKind::Option);
  ASSERT_EQ(escrow->elem->fields.size(), 5u);
  EXPECT_EQ(escrow->elem->fields[0].type, types::h160());
  EXPECT_EQ(escrow->elem->fields[1].type->elem, types::h160());
  EXPECT_EQ(escrow->elem->fields[2].name, "amount");
  EXPECT_EQ(escrow->elem->fields[2].type, types::u256());
  for (const char* name : {"Deposited", "Released", "Refunded"}) {
    const model::EventSpec* e = s.event(name);
    ASSERT_NE(e, nullptr) << name;
    EXPECT_EQ(e->fields.back().name, "amount") << name;
    EXPECT_EQ(e->fields.back().type, types::u256()) << name;
    EXPECT_FALSE(e->fields.back().indexed) << name;
    for (std::size_t i = 1; i + 1 < e->fields.size(); ++i) EXPECT_EQ(e->fields[i].type, types::h160()) << name;
  }
  EXPECT_EQ(s.event("ProviderSet")->fields[1].type, types::h160());
  for (auto& m : s.messages) EXPECT_EQ(m.payable, m.label == "deposit_for_job") << m.label;
}

TEST(PaymentEscrowInk6Build, AnH160AddressDeploysItAndAnAccountIdDeployerIsWorldError) {
  Harness h;
  EXPECT_THROW(h.deploy("payment_escrow", kContract, account(0x09)), model::WorldError);
  h.deploy("payment_escrow", kContract, kAdmin);
  EXPECT_EQ(h.world.instance(kContract)->spec, &pe::spec(kInk6));
  EXPECT_EQ(h.read(kContract, "get_admin"), Value(kAdmin));
}

// ---------------------------------------------------------------- deposit_for_job

TEST(PaymentEscrowInk6Deposit, ValuesAboveU128AreStoredReportedAndEmittedWhole) {
  for (const U256& value : {kU128MaxAsU256, k2Pow128, k2Pow128 + 1, kU256Max}) {
    Fixture f;
    auto r = f.deposit(kAlice, 7, kBob, value);
    expect_returned_true(r);
    ASSERT_EQ(r.events.size(), 1u);
    EXPECT_EQ(r.events[0].spec, pe::spec(kInk6).event("Deposited"));
    EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(7), kAlice, kBob, value}));
    EXPECT_EQ(f.state().escrows.find(u128(7))->amount, value);
    EXPECT_EQ(f.escrow(7), Value::some(escrow_value(kAlice, Value::some(kBob), value, false, false)));
    EXPECT_EQ(f.h.balance(f.c), value);
  }
}

TEST(PaymentEscrowInk6Deposit, EveryGuard) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.deposit(kAlice, 1, kBob, 0)); });  // amount is zero
  expect_returned_true(f.deposit(kAlice, 1, kBob, k2Pow128));                               // new escrow
  // An active escrow is not overwritten, whatever the value; the value stays in the contract.
  expect_refused(f.deposit(kCharlie, 1, kCharlie, kU256Max - k2Pow128));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), k2Pow128, false, false)));
  EXPECT_EQ(f.h.balance(f.c), kU256Max);
  // Over a closed escrow: a fresh one.
  f.h.world.set_balance(f.c, k2Pow128);
  expect_returned_true(f.refund(kAlice, 1));
  auto r = f.deposit(kCharlie, 1, kAlice, 5);
  expect_returned_true(r);
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kCharlie, Value::some(kAlice), 5, false, false)));
}

TEST(PaymentEscrowInk6Deposit, AValueTheContractBalanceCannotTakeIsWorldError) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, kU256Max));
  expect_world_unchanged(f.h.world, [&] { EXPECT_THROW(f.deposit(kAlice, 2, kBob, 1), model::WorldError); });
}

TEST(PaymentEscrowInk6Deposit, TrackedCallerShortOfAValueAboveU128Reverts) {
  Fixture f;
  f.h.world.set_balance(kAlice, k2Pow128);
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.deposit(kAlice, 1, kBob, k2Pow128 + 1)); });
  expect_returned_true(f.deposit(kAlice, 1, kBob, k2Pow128));
  EXPECT_EQ(f.h.balance(kAlice), U256(0));
}

TEST(PaymentEscrowInk6Deposit, AccountIdCallerIsWorldError) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { EXPECT_THROW(f.deposit(account(0x01), 1, kBob, 10), model::WorldError); });
}

// ---------------------------------------------------------------- set_provider

TEST(PaymentEscrowInk6SetProvider, EveryGuard) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.set_provider(kAlice, 1, kCharlie)); });  // no such escrow
  expect_returned_true(f.deposit(kAlice, 1, kBob, kU256Max));
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.set_provider(kBob, 1, kCharlie)); });  // not the owner
  auto r = f.set_provider(kAlice, 1, kCharlie);
  expect_returned_true(r);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].spec, pe::spec(kInk6).event("ProviderSet"));
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(1), kCharlie}));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kCharlie), kU256Max, false, false)));
  expect_returned_true(f.release(kAlice, 1));
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.set_provider(kAlice, 1, kBob)); });  // closed
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.set_provider(kAlice, 1, kBob, 1)); });  // not payable
}

// ---------------------------------------------------------------- release_to_provider / refund_to_owner

TEST(PaymentEscrowInk6Release, PaysAnAmountAboveU128WholeAndEmitsItAsU256) {
  Fixture f;
  const U256 amount = k2Pow128 + 12345;
  expect_returned_true(f.deposit(kAlice, 1, kBob, amount));
  f.h.world.set_balance(kBob, 0);
  auto r = f.release(kAlice, 1);
  expect_returned_true(r);
  ASSERT_EQ(r.transfers.size(), 1u);
  EXPECT_EQ(r.transfers[0], (model::Transfer{kBob, amount}));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].spec, pe::spec(kInk6).event("Released"));
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(1), kBob, amount}));
  EXPECT_EQ(f.h.balance(kBob), amount);
  EXPECT_EQ(f.h.balance(f.c), U256(0));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), 0, true, false)));
}

TEST(PaymentEscrowInk6Refund, PaysU256MaxBackWholeAndEmitsItAsU256) {
  Fixture f;
  expect_returned_true(f.deposit(kAlice, 1, kBob, kU256Max));
  auto r = f.refund(kAlice, 1);
  expect_returned_true(r);
  ASSERT_EQ(r.transfers.size(), 1u);
  EXPECT_EQ(r.transfers[0], (model::Transfer{kAlice, kU256Max}));
  EXPECT_EQ(r.events[0].spec, pe::spec(kInk6).event("Refunded"));
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(1), kAlice, kU256Max}));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), 0, false, true)));
}

TEST(PaymentEscrowInk6Payouts, EveryGuard) {
  for (bool release : {true, false}) {
    SCOPED_TRACE(release ? "release_to_provider" : "refund_to_owner");
    Fixture f;
    auto settle = [&](const Address& caller, const U256& value = 0) {
      return release ? f.release(caller, 1, value) : f.refund(caller, 1, value);
    };
    expect_world_unchanged(f.h.world, [&] { expect_refused(settle(kAlice)); });  // no such escrow
    expect_returned_true(f.deposit(kAlice, 1, kBob, k2Pow128));
    expect_world_unchanged(f.h.world, [&] { expect_refused(settle(kBob)); });       // not the owner
    expect_world_unchanged(f.h.world, [&] { expect_reverted(settle(kAlice, 1)); });  // not payable
    // The contract's balance one short of the U256 amount: the transfer fails, nothing moves.
    f.h.world.set_balance(f.c, k2Pow128 - 1);
    expect_world_unchanged(f.h.world, [&] { expect_refused(settle(kAlice)); });
    f.h.world.set_balance(f.c, k2Pow128);
    expect_returned_true(settle(kAlice));
    expect_world_unchanged(f.h.world, [&] { expect_refused(settle(kAlice)); });  // already closed
  }
}

// Release's "no provider" and both payouts' "amount is zero": only reachable through a
// built state (deposit always sets a provider and a nonzero amount).
TEST(PaymentEscrowInk6Payouts, NoProviderAndZeroAmountOnBuiltStates) {
  pe::State s;
  s.escrows.insert(u128(1), pe::Escrow{kAlice, std::nullopt, k2Pow128, false, false});
  s.escrows.insert(u128(2), pe::Escrow{kAlice, kBob, U256(0), false, false});
  const pe::State before = s;
  CallEnv env{kAlice, kContract, 0, 1, 6000, kU256Max};
  Ctx ctx(env);
  EXPECT_FALSE(pe::release_to_provider<kInk6>(s, ctx, u128(1)));
  EXPECT_FALSE(pe::release_to_provider<kInk6>(s, ctx, u128(2)));
  EXPECT_FALSE(pe::refund_to_owner<kInk6>(s, ctx, u128(2)));
  EXPECT_TRUE(s == before);
  EXPECT_TRUE(ctx.events.empty());
  EXPECT_TRUE(ctx.transfers.empty());
  // Refund needs no provider: the U256 amount goes back to the owner.
  EXPECT_TRUE(pe::refund_to_owner<kInk6>(s, ctx, u128(1)));
  EXPECT_EQ(ctx.transfers, (std::vector<model::Transfer>{{kAlice, k2Pow128}}));
}

// ---------------------------------------------------------------- get_escrow, get_admin

TEST(PaymentEscrowInk6Reads, GetEscrowAndGetAdminChangeNothingAndRefuseValue) {
  Fixture f;
  EXPECT_EQ(f.escrow(1), Value::none());
  expect_returned_true(f.deposit(kAlice, 1, kBob, kU256Max));
  EXPECT_EQ(f.escrow(1), Value::some(escrow_value(kAlice, Value::some(kBob), kU256Max, false, false)));
  expect_reads_change_nothing(f.h, f.c, kBob, {"get_escrow", "get_admin"}, [](const char* label) {
    return std::string(label) == "get_admin" ? std::vector<Value>{} : std::vector<Value>{u128(1)};
  });
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.h.call(f.c, kAlice, "get_escrow", {u128(1)}, 1)); });
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.h.call(f.c, kAlice, "get_admin", {}, 1)); });
}

}  // namespace
}  // namespace meshcheck::testing
