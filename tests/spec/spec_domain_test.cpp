// The spec profile's domains: one message text (tests/spec/toy_contracts.hpp) run
// concretely and explored symbolically; require, decide, checked arithmetic, maps and
// options in both.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "agreement.hpp"
#include "toy_contracts.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace toy;
using testing::check_agreement;
using testing::holds;
using CSys = ToySystem<Concrete>;
using SSys = ToySystem<Symbolic>;

Env<Concrete> env_of(const Address& caller, const U256& value) { return Env<Concrete>{caller, value, 5, 1000}; }

TEST(SpecDomainConcrete, RequirePassesAndEffectsApply) {
  CSys pre = toy_system();
  auto r = ConcreteExec<CSys>::run<bank::Deposit>(pre, env_of(kAlice, 3));
  ASSERT_TRUE(r.ok) << r.reason();
  const auto& bank = r.post.slot<Bank>();
  EXPECT_EQ(bank.balance, U256(3));
  EXPECT_EQ(bank.state.total, u128(3));
  EXPECT_EQ(bank.state.accounts.get(kAlice).value, (Account<Concrete>{3, 1}));
  EXPECT_TRUE(bank.state.last.holds(kAlice));
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].name, "Deposited");
  EXPECT_EQ(r.events[1].name, "Small");  // decide(total > 10) was false
  EXPECT_EQ(r.branch(), "ok");
  // The pre-state is a value: untouched.
  EXPECT_EQ(pre.slot<Bank>().state.total, u128(0));
}

TEST(SpecDomainConcrete, DecideTakesTheTrueSide) {
  auto r = ConcreteExec<CSys>::run<bank::Deposit>(toy_system(), env_of(kAlice, 11));
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.events.back().name, "Big");
}

TEST(SpecDomainConcrete, FirstFailingGuardNamesTheError) {
  CSys pre = toy_system();
  auto zero = ConcreteExec<CSys>::run<bank::Deposit>(pre, env_of(kAlice, 0));
  EXPECT_FALSE(zero.ok);
  EXPECT_EQ(zero.branch(), "Zero");
  EXPECT_EQ(zero.reason(), "Error::Zero");
  EXPECT_TRUE(zero.events.empty());
  auto big = ConcreteExec<CSys>::run<bank::Deposit>(pre, env_of(kAlice, kU128MaxAsU256 + 1));
  EXPECT_EQ(big.branch(), "ValueTooLarge");
  auto missing = ConcreteExec<CSys>::run<bank::Withdraw>(pre, env_of(kAlice, 0), u128(1));
  EXPECT_EQ(missing.branch(), "NotFound");
}

TEST(SpecDomainConcrete, CheckedArithmeticRefuses) {
  CSys pre = toy_system();
  pre.slot<Bank>().state.total = kU128Max - 1;
  auto r = ConcreteExec<CSys>::run<bank::Deposit>(pre, env_of(kAlice, 5));
  EXPECT_EQ(r.branch(), "Overflow");
  EXPECT_EQ(r.post.slot<Bank>().state.total, kU128Max - 1);  // reverted
}

TEST(SpecDomainConcrete, TransferNeedsTheBalance) {
  CSys pre = toy_system();
  pre = ConcreteExec<CSys>::run<bank::Deposit>(pre, env_of(kAlice, 8)).post;
  auto over = ConcreteExec<CSys>::run<bank::Withdraw>(pre, env_of(kAlice, 0), u128(9));
  EXPECT_EQ(over.branch(), "Insufficient");
  CSys short_of = pre;
  short_of.slot<Bank>().balance = 2;
  auto failed = ConcreteExec<CSys>::run<bank::Withdraw>(short_of, env_of(kAlice, 0), u128(5));
  EXPECT_EQ(failed.branch(), "TransferFailed");
  auto ok = ConcreteExec<CSys>::run<bank::Withdraw>(pre, env_of(kAlice, 0), u128(5));
  ASSERT_TRUE(ok.ok) << ok.reason();
  ASSERT_EQ(ok.transfers.size(), 1u);
  EXPECT_EQ(ok.transfers[0].to, kAlice);
  EXPECT_EQ(ok.transfers[0].amount, U256(5));
  EXPECT_EQ(ok.post.slot<Bank>().balance, U256(3));
}

TEST(SpecDomainConcrete, ValueToANonPayableMessageTraps) {
  auto r = ConcreteExec<CSys>::run<bank::Withdraw>(toy_system(), env_of(kAlice, 1), u128(1));
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.error.has_value());
  EXPECT_EQ(r.reason(), "value sent to a non-payable message");
}

// The symbolic exploration of deposit(): one path per error at each guard that can
// raise it, and one ok path per decision; the guards partition the inputs.
TEST(SpecDomainSymbolic, ExploresEveryPathOnce) {
  z3::context c;
  SymbolicScope scope(c);
  SSys pre;
  pre.slot<Bank>().deployed = true;
  pre.slot<Bank>().address = SAddr(kBankAddr);
  pre.slot<Bank>().state.total = SUint<128>(c.bv_const("total", 128));
  pre.slot<Bank>().balance = SUint<256>(c.bv_const("balance", 256));
  Env<Symbolic> env{SAddr(c.bv_const("caller", 160)), SUint<256>(c.bv_const("value", 256)), SUint<32>(5), SUint<64>(1000)};
  auto paths = SymbolicExec<SSys>::explore<bank::Deposit>(pre, env);
  std::multiset<std::string> names;
  for (auto& p : paths) names.insert(std::string(p.branch()));
  // The first: the world's refusal of a value the bank's free balance cannot take.
  EXPECT_EQ(names, (std::multiset<std::string>{"a balance would exceed U256", "ValueTooLarge", "Zero", "Overflow",
                                               "Overflow", "Overflow", "ok", "ok"}));
  z3::expr any = c.bool_val(false);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    any = any || paths[i].guard.e;
    for (std::size_t j = 0; j < i; ++j)
      EXPECT_TRUE(holds(c, !(paths[i].guard.e && paths[j].guard.e))) << i << " and " << j << " overlap";
  }
  EXPECT_TRUE(holds(c, any)) << "the paths miss some input";
  // The two ok paths: Big under total' > 10, Small otherwise.
  for (auto& p : paths) {
    if (p.ok) {
      EXPECT_EQ(p.events.size(), 2u);
    }
  }
}

TEST(SpecDomainSymbolic, MapsAndOptions) {
  z3::context c;
  SymbolicScope scope(c);
  SymMap<SAddr, Account<Symbolic>> m;
  SAddr k(c.bv_const("k", 160));
  auto absent = m.get(k);
  EXPECT_TRUE(holds(c, !absent.some.e));
  EXPECT_TRUE(holds(c, absent.value.credit.e == c.bv_val(0, 128)));  // None holds the defaults
  Account<Symbolic> a;
  a.credit = SUint<128>(7);
  m.set(k, a);
  EXPECT_TRUE(holds(c, m.get(k).some.e && m.get(k).value.credit.e == c.bv_val(7, 128)));
  SAddr other(c.bv_const("other", 160));
  EXPECT_TRUE(holds(c, z3::implies(other.e != k.e, !m.get(other).some.e)));
  // Lifting a concrete map gives the same map as writing it symbolically.
  ConcreteMap<Address, Account<Concrete>> cm;
  cm.set(kAlice, Account<Concrete>{7, 0});
  SymMap<SAddr, Account<Symbolic>> lifted;
  lift_into(cm, lifted);
  SymMap<SAddr, Account<Symbolic>> written;
  written.set(SAddr(kAlice), a);
  EXPECT_TRUE(holds(c, sym_equal(lifted, written)));
  Account<Symbolic> b = a;
  b.deposits = SUint<32>(1);
  written.set(SAddr(kAlice), b);
  EXPECT_FALSE(holds(c, sym_equal(lifted, written)));
}

// `[u8; N]` wider than a U256 (PubKey33, Sig65): leaves keep the bytes, the symbolic
// domain a bv(8N) with byte 0 on top, maps take them as keys.
TEST(SpecDomainBytes, ArraysWiderThan32Bytes) {
  Sig65 sig;
  for (std::size_t i = 0; i < 65; ++i) sig.bytes[i] = u8(i + 1);
  ConcreteLeaf leaf = leaf_of(sig);
  EXPECT_EQ(leaf.width, 520u);
  ASSERT_EQ(leaf.text.size(), 65u);
  EXPECT_EQ(u8(leaf.text[64]), 65);
  EXPECT_EQ(leaf_of(Hash32{}).text, "");  // a Hash32 still fits its value
  z3::context c;
  SymbolicScope scope(c);
  SBytes<65> s(sig);
  EXPECT_TRUE(holds(c, lift_leaf(leaf) == s.e));
  EXPECT_TRUE(holds(c, s.e.extract(519, 512) == c.bv_val(1, 8)));
  EXPECT_TRUE(holds(c, s.e.extract(7, 0) == c.bv_val(65, 8)));
  Sig65 other = sig;
  other.bytes[64] = 0;
  EXPECT_FALSE(holds(c, lift_leaf(leaf_of(other)) == s.e));
  EXPECT_TRUE(holds(c, SBytes<65>(Sig65{}).is_zero().e));
  EXPECT_FALSE(holds(c, s.is_zero().e));

  PubKey33 k = PubKey33::from_hex("0x02" + std::string(64, 'a'));
  EXPECT_EQ(k.bytes[0], 2);
  EXPECT_EQ(k.bytes[32], 0xaa);
  ConcreteMap<PubKey33, bool> cm;
  cm.set(k, true);
  EXPECT_TRUE(cm.get_or_default(k));
  EXPECT_FALSE(cm.get_or_default(PubKey33{}));
  SymMap<SBytes<33>, SBool> sm;
  lift_into(cm, sm);
  EXPECT_TRUE(holds(c, sm.get_or_default(SBytes<33>(k)).e));
  EXPECT_TRUE(holds(c, !sm.get_or_default(SBytes<33>(PubKey33{})).e));
  EXPECT_THROW(PubKey33::from_hex("02ab"), std::invalid_argument);
  EXPECT_THROW(PubKey33::from_hex(std::string(66, 'g')), std::invalid_argument);
}

// The agreement check decides ground array equalities without the solver; exactly.
TEST(SpecDomainAgreement, GroundArraysAreDecidedExactly) {
  using testing::decide_ground;
  z3::context c;
  auto v = [&](int x) { return c.bv_val(x, 32); };
  z3::expr k1 = c.bv_val(1, 128), k2 = c.bv_val(2, 128);
  z3::expr base = z3::const_array(c.bv_sort(128), v(0));
  z3::expr a = z3::store(z3::store(base, k1, v(5)), k2, v(6));
  EXPECT_EQ(decide_ground(a == z3::store(z3::store(base, k2, v(6)), k1, v(5))), true);  // another order
  EXPECT_EQ(decide_ground(a == z3::store(z3::store(z3::store(base, k1, v(7)), k2, v(6)), k1, v(5))), true);
  EXPECT_EQ(decide_ground(a == z3::store(z3::store(base, k1, v(5)), k2, v(7))), false);
  EXPECT_EQ(decide_ground(a == z3::store(base, k1, v(5))), false);
  EXPECT_EQ(decide_ground(z3::store(base, k1, v(0)) == base), true);  // a default written explicitly
  EXPECT_EQ(decide_ground(base == z3::const_array(c.bv_sort(128), v(1))), false);
  EXPECT_EQ(decide_ground(c.bool_val(true) && (a == a) && c.bool_val(false)), false);
  // Not ground, or a key domain small enough to be covered: left to the solver.
  EXPECT_EQ(decide_ground(z3::store(base, k1, c.bv_const("x", 32)) == base), std::nullopt);
  z3::expr small = z3::const_array(c.bv_sort(8), v(0));
  EXPECT_EQ(decide_ground(small == z3::store(small, c.bv_val(1, 8), v(0))), std::nullopt);
  EXPECT_EQ(decide_ground(c.bv_const("y", 32) == v(0)), std::nullopt);
}

// Both interpreters agree on deposit() and withdraw() over random calls.
TEST(SpecDomainAgreement, RandomCalls) {
  std::mt19937_64 rng(1);
  const U256 values[] = {0, 1, 3, 11, U256(kU128Max), kU128MaxAsU256 + 1};
  CSys world = toy_system();
  std::set<std::string> seen;
  for (int i = 0; i < 60; ++i) {
    if (i % 6 == 0) world = toy_system();  // short runs: every guard stays within reach
    std::string branch, why;
    if (rng() % 2) {
      const U256& v = values[rng() % std::size(values)];
      why = check_agreement<bank::Deposit>(world, env_of(kAlice, v), &branch);
      auto r = ConcreteExec<CSys>::run<bank::Deposit>(world, env_of(kAlice, v));
      if (r.ok) world = r.post;
    } else {
      u128 amount = rng() % 12;
      why = check_agreement<bank::Withdraw>(world, env_of(kAlice, 0), &branch, amount);
      auto r = ConcreteExec<CSys>::run<bank::Withdraw>(world, env_of(kAlice, 0), amount);
      if (r.ok) world = r.post;
    }
    ASSERT_EQ(why, "") << "call " << i;
    seen.insert(branch);
  }
  for (const char* b : {"ok", "Zero", "ValueTooLarge", "Overflow", "Insufficient"}) EXPECT_TRUE(seen.count(b)) << b;
}

}  // namespace
}  // namespace meshcheck::model::spec
