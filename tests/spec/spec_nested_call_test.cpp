// Nested calls in the spec world (spec R5, §5, §9 C1/C4): frames in order, value moves
// from the calling contract to the callee, a failing callee fails the whole top-level
// call (state, balances, events and transfers of every frame undone), re-entry refused.
// Each case runs concretely, and the symbolic exploration of the same call agrees.
#include <gtest/gtest.h>

#include "agreement.hpp"
#include "toy_contracts.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace toy;
using testing::check_agreement;
using CSys = ToySystem<Concrete>;

Env<Concrete> env_of(const U256& value) { return Env<Concrete>{kAlice, value, 5, 1000}; }

bool same_world(const CSys& a, const CSys& b) {
  return a.slot<Bank>().balance == b.slot<Bank>().balance && a.slot<Relay>().balance == b.slot<Relay>().balance &&
         a.slot<Bank>().state == b.slot<Bank>().state && a.slot<Relay>().state == b.slot<Relay>().state;
}

TEST(SpecNestedCall, FramesValueAndEventsInOrder) {
  CSys pre = toy_system();
  auto r = ConcreteExec<CSys>::run<relay::Forward>(pre, env_of(4), false);
  ASSERT_TRUE(r.ok) << r.reason();
  ASSERT_EQ(r.frames.size(), 2u);
  EXPECT_EQ(r.frames[0].contract, "relay");
  EXPECT_EQ(r.frames[0].message, "forward");
  EXPECT_EQ(r.frames[0].caller, kAlice);
  EXPECT_EQ(r.frames[0].depth, 0u);
  EXPECT_EQ(r.frames[1].contract, "bank");
  EXPECT_EQ(r.frames[1].message, "deposit");
  EXPECT_EQ(r.frames[1].caller, kRelayAddr);  // the immediate caller
  EXPECT_EQ(r.frames[1].value, U256(4));
  EXPECT_EQ(r.frames[1].depth, 1u);
  // The value went through: the relay keeps nothing, the bank credits the relay.
  EXPECT_EQ(r.post.slot<Relay>().balance, U256(0));
  EXPECT_EQ(r.post.slot<Bank>().balance, U256(4));
  EXPECT_EQ(r.post.slot<Bank>().state.accounts.get(kRelayAddr).value.credit, u128(4));
  // The callee's events where the call is, then the caller's own, each with its emitter.
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[0].contract, "bank");
  EXPECT_EQ(r.events[0].name, "Deposited");
  EXPECT_EQ(r.events[1].name, "Small");
  EXPECT_EQ(r.events[2].contract, "relay");
  EXPECT_EQ(r.events[2].name, "Forwarded");
  EXPECT_EQ(check_agreement<relay::Forward>(pre, env_of(4), nullptr, false), "");
}

TEST(SpecNestedCall, AFailingCalleeFailsTheCallerWithTheInnermostReason) {
  CSys pre = toy_system();
  auto r = ConcreteExec<CSys>::run<relay::Forward>(pre, env_of(0), false);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.branch(), "CalleeFailed");
  EXPECT_EQ(r.error->contract, "relay");
  EXPECT_EQ(r.reason(), "Error::CalleeFailed (bank.deposit: Zero)");
  EXPECT_TRUE(same_world(r.post, pre));
  EXPECT_EQ(check_agreement<relay::Forward>(pre, env_of(0), nullptr, false), "");
}

TEST(SpecNestedCall, ACallerRefusingAfterItsCalleeUndoesBoth) {
  CSys pre = toy_system();
  auto r = ConcreteExec<CSys>::run<relay::Forward>(pre, env_of(4), true);
  EXPECT_EQ(r.reason(), "Error::Refuse");
  EXPECT_TRUE(same_world(r.post, pre));  // the bank's deposit and the value are undone
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(check_agreement<relay::Forward>(pre, env_of(4), nullptr, true), "");
}

TEST(SpecNestedCall, ReentryIsRefused) {
  CSys pre = toy_system();
  auto r = ConcreteExec<CSys>::run<relay::Reenter>(pre, env_of(0));
  EXPECT_EQ(r.branch(), "CalleeFailed");
  EXPECT_EQ(r.reason(), "Error::CalleeFailed (relay.credit_of: re-entry into a contract on the call stack)");
  EXPECT_EQ(check_agreement<relay::Reenter>(pre, env_of(0), nullptr), "");
}

TEST(SpecNestedCall, TrapsInTheCalleeFailTheCaller) {
  CSys pre = toy_system();
  auto paid = ConcreteExec<CSys>::run<relay::PayRead>(pre, env_of(3));
  EXPECT_EQ(paid.reason(), "Error::CalleeFailed (bank.get_credit: value sent to a non-payable message)");
  auto short_of = ConcreteExec<CSys>::run<relay::SendMore>(pre, env_of(3), u128(1));
  EXPECT_EQ(short_of.reason(), "Error::CalleeFailed (bank.deposit: the calling contract cannot pay the value)");
  CSys no_bank = pre;
  no_bank.slot<Relay>().state.bank = kAlice;  // wired to an address with no contract
  auto nowhere = ConcreteExec<CSys>::run<relay::Forward>(no_bank, env_of(3), false);
  EXPECT_EQ(nowhere.reason(), "Error::CalleeFailed (bank.deposit: no contract at the address)");
  for (auto* r : {&paid, &short_of, &nowhere}) EXPECT_TRUE(r->events.empty());
  EXPECT_EQ(check_agreement<relay::PayRead>(pre, env_of(3), nullptr), "");
  EXPECT_EQ(check_agreement<relay::SendMore>(pre, env_of(3), nullptr, u128(1)), "");
  EXPECT_EQ(check_agreement<relay::Forward>(no_bank, env_of(3), nullptr, false), "");
}

TEST(SpecNestedCall, ReadsSeeTheTransactionsWritesAndReturn) {
  CSys pre = ConcreteExec<CSys>::run<bank::Deposit>(toy_system(), env_of(6)).post;
  auto r = ConcreteExec<CSys>::run<relay::CreditOf>(pre, env_of(0), kAlice);
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.returned.size(), 1u);
  EXPECT_EQ(r.returned[0].v, U256(6));
  EXPECT_EQ(check_agreement<relay::CreditOf>(pre, env_of(0), nullptr, kAlice), "");
  EXPECT_EQ(check_agreement<relay::CreditOf>(pre, env_of(0), nullptr, kRelayAddr), "");
}

// The world refuses a call that would push a balance past U256::MAX (World::call and
// World::credit throw a WorldError), wherever the value moves: the top-level value, a
// nested call's value, a payment. The executor refuses it the same way, in both domains:
// no contract error, nothing changed, the contract whose balance would overflow named.
void expect_world_overflow(const Result<Concrete, CSys>& r, const CSys& pre, std::string_view where,
                           unsigned depth, std::string_view account) {
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.world_refused());
  EXPECT_FALSE(r.error.has_value()) << "a contract's error: " << r.reason();
  ASSERT_TRUE(r.innermost.has_value());
  EXPECT_EQ(r.innermost->world, WorldRefusal::kBalanceOverflow);
  EXPECT_EQ(r.innermost->contract, where);
  EXPECT_EQ(r.innermost->depth, depth);
  EXPECT_EQ(r.innermost->account, account);
  EXPECT_EQ(r.reason(), "a balance would exceed U256");
  EXPECT_TRUE(same_world(r.post, pre));
  EXPECT_TRUE(r.events.empty());
}

TEST(SpecWorldRefusal, ATopLevelValueThatWouldOverflowTheBalanceIsRefused) {
  CSys pre = toy_system();
  pre.slot<Bank>().balance = kU256Max - 1;
  expect_world_overflow(ConcreteExec<CSys>::run<bank::Deposit>(pre, env_of(2)), pre, "bank", 0, "bank");
  EXPECT_EQ(check_agreement<bank::Deposit>(pre, env_of(2), nullptr), "");
  // One less fits: the balance reaches U256::MAX exactly.
  auto fits = ConcreteExec<CSys>::run<bank::Deposit>(pre, env_of(1));
  ASSERT_TRUE(fits.ok) << fits.reason();
  EXPECT_EQ(fits.post.slot<Bank>().balance, kU256Max);
  EXPECT_EQ(check_agreement<bank::Deposit>(pre, env_of(1), nullptr), "");
}

TEST(SpecWorldRefusal, ANestedCallsValueThatWouldOverflowTheCalleeIsRefused) {
  CSys pre = toy_system();
  pre.slot<Bank>().balance = kU256Max - 1;
  // The relay receives 2 (its balance fits) and forwards them into the bank's.
  auto r = ConcreteExec<CSys>::run<relay::Forward>(pre, env_of(2), false);
  expect_world_overflow(r, pre, "bank", 1, "bank");
  EXPECT_EQ(r.innermost->message, "deposit");
  EXPECT_EQ(check_agreement<relay::Forward>(pre, env_of(2), nullptr, false), "");
}

TEST(SpecWorldRefusal, APaymentThatWouldOverflowAContractsBalanceIsRefused) {
  CSys pre = toy_system();
  pre.slot<Bank>().balance = 2;
  pre.slot<Bank>().state.total = 2;
  pre.slot<Bank>().state.accounts.set(kRelayAddr, Account<Concrete>{2, 1});
  pre.slot<Relay>().balance = kU256Max - 1;
  // The relay's credit paid out to the relay, whose balance cannot take it.
  Env<Concrete> env{kRelayAddr, U256(0), 5, 1000};
  auto r = ConcreteExec<CSys>::run<bank::Withdraw>(pre, env, u128(2));
  expect_world_overflow(r, pre, "bank", 0, "relay");
  EXPECT_EQ(r.innermost->message, "withdraw");
  EXPECT_EQ(check_agreement<bank::Withdraw>(pre, env, nullptr, u128(2)), "");
  // With room for it, it is paid.
  pre.slot<Relay>().balance = kU256Max - 2;
  auto paid = ConcreteExec<CSys>::run<bank::Withdraw>(pre, env, u128(2));
  ASSERT_TRUE(paid.ok) << paid.reason();
  EXPECT_EQ(paid.post.slot<Relay>().balance, kU256Max);
  EXPECT_EQ(check_agreement<bank::Withdraw>(pre, env, nullptr, u128(2)), "");
}

}  // namespace
}  // namespace meshcheck::model::spec
