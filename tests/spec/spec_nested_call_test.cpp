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

}  // namespace
}  // namespace meshcheck::model::spec
