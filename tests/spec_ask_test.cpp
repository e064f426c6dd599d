// How a step form's query under the set is asked (smt/spec/ask.hpp) and the integer reading
// it rests on (smt/spec/ghosts.hpp equalities_as_integers, int_of): the reading is exact
// (equivalent to the bit-vector formula), the abstraction of bv2int only weakens (its
// unsat is the query's, its sat means nothing), and a query the abstractions cannot
// refute is answered by the query itself, with its model.
#include <gtest/gtest.h>
#include <z3++.h>

#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "model/spec/domain/symbolic.hpp"
#include "smt/spec/ask.hpp"
#include "smt/spec/ghosts.hpp"
#include "smt/spec/subterms.hpp"

namespace {

using namespace meshcheck::smt::spec;
namespace ms = meshcheck::model::spec;

z3::check_result solve(const z3::expr& f) {
  z3::solver s(f.ctx());
  s.add(f);
  return s.check();
}

bool reads(const z3::expr& f, Z3_decl_kind kind) {
  bool found = false;
  for_each_subterm(f, [&](const z3::expr& e) {
    if (e.is_app() && e.decl().decl_kind() == kind) found = true;
    return e.is_app();
  });
  return found;
}

// A form's "after + amount = before" in arithmetic that cannot wrap (wide(): zero extension
// to 264 bits), after a checked subtraction: as integers it is the same formula.
TEST(SpecAsk, EqualitiesAsIntegersIsExact) {
  z3::context c;
  ms::SymbolicScope scope(c);
  const z3::expr stake = c.bv_const("stake", 128), s = c.bv_const("s", 128);
  const z3::expr after = stake - s;
  const z3::expr moved = z3::zext(after, 136) + z3::zext(s, 136) == z3::zext(stake, 136);
  const z3::expr ints = equalities_as_integers(moved);
  EXPECT_FALSE(z3::eq(ints, moved));
  EXPECT_TRUE(reads(ints, Z3_OP_BV2INT));  // the values read as integers
  // Equivalent, wrap or not: s > stake wraps the subtraction, and both sides say false.
  EXPECT_EQ(solve(ints != moved), z3::unsat);
  EXPECT_EQ(solve(moved && z3::ugt(s, stake)), z3::unsat);
  EXPECT_EQ(solve(ints && z3::ugt(s, stake)), z3::unsat);
  // An equality with no sum is left as it is.
  const z3::expr plain = stake == s;
  EXPECT_TRUE(z3::eq(equalities_as_integers(plain), plain));
}

// `f` at x, y, z = the given values, simplified to a numeral's text.
std::string at(const z3::expr& f, const z3::expr& x, const z3::expr& y, const z3::expr& z, unsigned a, unsigned b,
               unsigned d) {
  z3::context& c = f.ctx();
  z3::expr_vector from(c), to(c);
  for (auto [v, n] : {std::pair{x, a}, std::pair{y, b}, std::pair{z, d}}) {
    from.push_back(v);
    to.push_back(c.bv_val(n, 8));
  }
  z3::expr g = f;
  return g.substitute(from, to).simplify().to_string();
}

// A sum of zero extensions too narrow to wrap gets no wrap term; a sum that can wrap does;
// each is the sum's value. (Checked at values, by simplification: Z3 4.8.12 answers sat to
// `int_of(x + y + z) != bv2int(x + y + z)` over bv8 with a model that does not satisfy it,
// an error of its bv2int reasoning; its unsat answers, all the prover trusts, stand.)
TEST(SpecAsk, IntOfAddsAWrapOnlyWhereASumCanWrap) {
  z3::context c;
  ms::SymbolicScope scope(c);
  const z3::expr x = c.bv_const("x", 8), y = c.bv_const("y", 8), z = c.bv_const("z", 8);
  const z3::expr narrow = z3::zext(x, 1) + z3::zext(y, 1);
  EXPECT_FALSE(reads(int_of(narrow), Z3_OP_ITE));
  const z3::expr wraps = x + y;
  EXPECT_TRUE(reads(int_of(wraps), Z3_OP_ITE));
  // Three 8-bit values zero-extended to 9 bits can wrap: the second addition keeps its term.
  const z3::expr three = z3::zext(x, 1) + z3::zext(y, 1) + z3::zext(z, 1);
  EXPECT_TRUE(reads(int_of(three), Z3_OP_ITE));
  for (auto [a, b, d] :
       {std::tuple{0u, 0u, 0u}, {255u, 255u, 255u}, {192u, 192u, 128u}, {100u, 27u, 3u}, {200u, 56u, 1u}})
    for (const z3::expr& sum : {narrow, wraps, three})
      EXPECT_EQ(at(int_of(sum), x, y, z, a, b, d), at(z3::bv2int(sum, false), x, y, z, a, b, d))
          << sum << " at " << a << ", " << b << ", " << d;
}

// Reads of one map, each at its own key, each after the writes of the reads before it
// (as execute_batch reads each position's capital and writes it back), summed: each read
// is its own entry's value. int_of reads a select below a store through terms it builds
// on the way (the select one write down), which Z3 frees once read; its memo once kept
// only their ids, which Z3 gives to the next new terms, so a later read got an earlier
// read's integer (here: from five reads on; at execute_batch's six-intent path one
// position's transfer was read as another's amount, which made G-SOLVENT's step there a
// formula with a model). Checked at values, by simplification (as above).
TEST(SpecAsk, IntOfReadsEachEntryBelowWritesAtItsOwnKey) {
  z3::context c;
  ms::SymbolicScope scope(c);
  const z3::sort bv8 = c.bv_sort(8);
  const z3::expr map = c.constant("map", c.array_sort(bv8, bv8));
  for (unsigned n = 2; n <= 8; ++n) {
    z3::expr after = map;
    std::vector<z3::expr> keys;
    z3::expr sum = c.bv_val(0, 16);  // of zero extensions too wide to wrap
    for (unsigned i = 0; i < n; ++i) {
      keys.push_back(c.bv_const(("k" + std::to_string(i)).c_str(), 8));
      const z3::expr read = z3::select(after, keys.back());
      sum = sum + z3::zext(read, 8);
      after = z3::store(after, keys.back(), read);
    }
    // Key i is i, and the map holds 10 * (i + 1) there.
    z3::expr_vector from(c), to(c);
    z3::expr entries = z3::const_array(bv8, c.bv_val(0, 8));
    unsigned expected = 0;
    for (unsigned i = 0; i < n; ++i) {
      from.push_back(keys[i]);
      to.push_back(c.bv_val(i, 8));
      entries = z3::store(entries, c.bv_val(i, 8), c.bv_val(10 * (i + 1), 8));
      expected += 10 * (i + 1);
    }
    from.push_back(map);
    to.push_back(entries);
    z3::expr value = int_of(sum);
    EXPECT_EQ(value.substitute(from, to).simplify().to_string(), std::to_string(expected)) << n << " reads";
  }
}

// bv2int abstracted: weaker (what only bv2int's meaning refutes is satisfiable), but what
// linear arithmetic refutes stays refuted.
TEST(SpecAsk, AbstractBv2intOnlyWeakens) {
  z3::context c;
  const z3::expr x = c.bv_const("x", 8);
  const z3::expr negative = z3::bv2int(x, false) < 0;
  EXPECT_EQ(solve(negative), z3::unsat);
  EXPECT_EQ(solve(abstract_bv2int(negative)), z3::sat);
  const z3::expr both = z3::bv2int(x, false) < 3 && z3::bv2int(x, false) > 5;
  EXPECT_FALSE(reads(abstract_bv2int(both), Z3_OP_BV2INT));
  EXPECT_EQ(solve(abstract_bv2int(both)), z3::unsat);
}

// A true step (its negation unsat) is decided as integers; a false one by the query itself,
// sat with a model, whatever the abstraction said.
TEST(SpecAsk, AsksTheAbstractionsFirstAndTheQueryLast) {
  z3::context c;
  ms::SymbolicScope scope(c);
  const z3::expr stake = c.bv_const("stake", 128), s = c.bv_const("s", 128);
  const z3::expr guard = z3::ule(s, stake);
  const z3::expr moved = z3::zext(stake - s, 136) + z3::zext(s, 136) == z3::zext(stake, 136);
  meshcheck::smt::QueryLimits limits;
  limits.rlimit = 15'000'000;
  std::string tried;
  auto trace = [&](const std::string& how, const meshcheck::smt::Answer&) { tried += "[" + how + "]"; };
  Asked proved = ask_under_set(guard && !moved, !moved, limits, trace);
  EXPECT_EQ(proved.answer.result, z3::unsat);
  EXPECT_EQ(proved.how, "as integers");
  EXPECT_EQ(tried, "[as integers]");
  EXPECT_GT(proved.answer.rlimit, 0u);
  // Without the guard the subtraction can wrap: a counterexample, from the query itself.
  tried.clear();
  Asked refuted = ask_under_set(!moved, !moved, limits, trace);
  EXPECT_EQ(refuted.answer.result, z3::sat);
  EXPECT_EQ(refuted.how, "");
  EXPECT_EQ(tried, "[as integers][]");
  ASSERT_TRUE(refuted.model.has_value());
  EXPECT_TRUE(z3::ugt(refuted.model->eval(s, true), refuted.model->eval(stake, true)).simplify().is_true());
}

// The two halves a caller may ask apart: the abstractions alone answer unsat or unknown
// (never the abstraction's sat, which is no model of the query), and say whether the
// attempt at the level of bits gave up; the query itself then counts their cost in its own.
TEST(SpecAsk, TheAbstractionsAloneSayWhetherTheBitLevelGaveUp) {
  z3::context c;
  ms::SymbolicScope scope(c);
  const z3::expr x = c.bv_const("x", 32), y = c.bv_const("y", 32), z = c.bv_const("z", 32);
  const z3::expr a = c.constant("a", c.array_sort(c.bv_sort(32), c.bv_sort(32)));
  meshcheck::smt::QueryLimits limits;
  limits.rlimit = 15'000'000;
  std::string tried;
  auto trace = [&](const std::string& how, const meshcheck::smt::Answer&) { tried += "[" + how + "]"; };
  // A product (so the level of bits is tried) beside an array the bit-blaster cannot read:
  // it gives up; the query itself refutes the case (x <= y <= x reads the same entry).
  const z3::expr arrays =
      x * z == y * z && z3::select(a, x) == 1 && z3::select(a, y) == 2 && z3::ule(x, y) && z3::uge(x, y);
  Asked first = ask_abstractions(arrays, arrays, limits, trace);
  EXPECT_EQ(first.answer.result, z3::unknown);
  EXPECT_TRUE(first.bits_gave_up);
  EXPECT_EQ(tried, "[at the level of bits]");
  Asked exact = ask_exact(arrays, limits, trace, first);
  EXPECT_EQ(exact.answer.result, z3::unsat);
  EXPECT_EQ(exact.how, "");
  EXPECT_TRUE(exact.bits_gave_up);
  EXPECT_GE(exact.answer.rlimit, first.answer.rlimit);
  // A product nothing else reads is left free (elim-uncnstr) and satisfies the abstraction
  // of `x*y = z`: a model of it, not a give-up, and no answer; the query's own model is.
  tried.clear();
  const z3::expr free_product = x * y == z;
  Asked weak = ask_abstractions(free_product, free_product, limits, trace);
  EXPECT_EQ(weak.answer.result, z3::unknown);
  EXPECT_FALSE(weak.bits_gave_up) << weak.answer.reason;
  EXPECT_EQ(tried, "[at the level of bits]");
  Asked model = ask_exact(free_product, limits, trace, weak);
  EXPECT_EQ(model.answer.result, z3::sat);
  EXPECT_TRUE(model.model.has_value());
}

}  // namespace
