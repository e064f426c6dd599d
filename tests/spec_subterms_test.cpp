// smt/spec's passes over a formula (subterms.hpp's for_each_subterm and what uses it:
// abstract_lengths, within_ranges, accesses) cost what the formula's DAG holds, not its
// tree: each test builds a DAG of a few hundred nodes whose tree has 2^40 or more (each
// level names the one below twice, as a symbolic balance credited n times does), so a
// walk that revisits shared nodes would not end, and a list that doubles per level would
// not fit in memory.
#include <gtest/gtest.h>

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "smt/spec/ghosts.hpp"
#include "smt/spec/keys.hpp"
#include "smt/spec/step.hpp"
#include "smt/spec/subterms.hpp"

namespace {

using namespace meshcheck::smt::spec;

constexpr unsigned kLevels = 60;

// x_k = ite(c_k, x_{k-1} + a_k, x_{k-1}) over bv32: 4 new nodes per level, tree 2^k.
z3::expr credited(z3::context& c, unsigned levels) {
  z3::expr x = c.bv_const("x0", 32);
  for (unsigned k = 1; k <= levels; ++k) {
    const std::string n = std::to_string(k);
    x = z3::ite(c.bool_const(("c" + n).c_str()), x + c.bv_const(("a" + n).c_str(), 32), x);
  }
  return x;
}

TEST(SpecSubterms, VisitsEachNodeOnceOfADagExponentialAsATree) {
  z3::context c;
  const z3::expr x = credited(c, kLevels);
  std::unordered_map<unsigned, int> visits;
  for_each_subterm(x, [&](const z3::expr& e) {
    ++visits[e.id()];
    return true;
  });
  EXPECT_EQ(visits.size(), 4u * kLevels + 1);
  for (auto& [id, n] : visits) EXPECT_EQ(n, 1) << "node " << id;
}

TEST(SpecSubterms, SharedSeenSetVisitsAcrossCallsOnce) {
  z3::context c;
  const z3::expr x = credited(c, kLevels);
  std::unordered_set<unsigned> seen;
  std::size_t first = 0, second = 0;
  for_each_subterm(
      std::vector<z3::expr>{x}, [&](const z3::expr&) { return ++first, true; }, seen);
  for_each_subterm(
      std::vector<z3::expr>{x, x + 1}, [&](const z3::expr&) { return ++second, true; }, seen);
  EXPECT_EQ(first, 4u * kLevels + 1);
  EXPECT_EQ(second, 2u);  // x + 1 and the literal 1: the rest was seen
}

TEST(SpecSubterms, StopsWhereTheVisitorSaysAndEntersNoBinder) {
  z3::context c;
  const z3::expr x = credited(c, kLevels);
  std::size_t n = 0;
  for_each_subterm(x, [&](const z3::expr&) { return ++n, false; });
  EXPECT_EQ(n, 1u);
  const z3::expr i = c.bv_const("i", 32);
  const z3::expr body = z3::forall(i, i + x == x + i);
  std::vector<unsigned> kinds;
  for_each_subterm(body, [&](const z3::expr& e) {
    kinds.push_back(e.is_quantifier());
    return true;
  });
  EXPECT_EQ(kinds, std::vector<unsigned>{1});  // visited, never entered
}

// within_ranges finds every bv2int of a DAG whose tree is exponential: 60 ranges.
TEST(SpecSubterms, WithinRangesIsLinearInTheDag) {
  z3::context c;
  z3::expr y = c.int_val(0);
  for (unsigned k = 1; k <= kLevels; ++k) {
    const std::string n = std::to_string(k);
    y = z3::ite(c.bool_const(("c" + n).c_str()), y + z3::bv2int(c.bv_const(("a" + n).c_str(), 32), false), y);
  }
  const z3::expr f = within_ranges(y >= 0);
  ASSERT_EQ(f.decl().decl_kind(), Z3_OP_IMPLIES);
  std::size_t bounds = 0;
  for_each_subterm(f.arg(0), [&](const z3::expr& e) {
    if (e.decl().decl_kind() == Z3_OP_LT) ++bounds;  // one `bv2int(a) < 2^32` per term
    return e.decl().decl_kind() == Z3_OP_AND;
  });
  EXPECT_EQ(bounds, kLevels);
}

// abstract_lengths replaces every byte length of a DAG whose tree is exponential.
TEST(SpecSubterms, AbstractLengthsIsLinearInTheDag) {
  z3::context c;
  z3::expr x = c.bv_val(0, 32);
  for (unsigned k = 1; k <= kLevels; ++k) {
    const std::string n = std::to_string(k);
    const z3::expr len = z3::int2bv(32, c.string_const(("s" + n).c_str()).length());
    x = z3::ite(c.bool_const(("c" + n).c_str()), x + len, x);
  }
  const z3::expr f = abstract_lengths(x == c.bv_val(7, 32));
  std::size_t lengths = 0, blens = 0;
  for_each_subterm(f, [&](const z3::expr& e) {
    if (!e.is_app()) return false;
    if (e.decl().decl_kind() == Z3_OP_SEQ_LENGTH) ++lengths;
    if (e.decl().name().str() == "blen") ++blens;
    return true;
  });
  EXPECT_EQ(lengths, 0u);
  EXPECT_EQ(blens, kLevels);
}

// accesses names each free map under nested if-then-elses of one store chain once (it
// once appended both branches' lists at each level: 2^24 entries here).
TEST(SpecSubterms, AccessesListEachMapOnce) {
  z3::context c;
  const z3::sort key = c.bv_sort(128);
  const z3::expr base = c.constant("m", c.array_sort(key, c.bv_sort(8)));
  z3::expr a = base;
  for (unsigned k = 1; k <= 24; ++k) {
    const std::string n = std::to_string(k);
    a = z3::ite(c.bool_const(("c" + n).c_str()), z3::store(a, c.bv_const(("i" + n).c_str(), 128), c.bv_val(1, 8)), a);
  }
  const z3::expr j = c.bv_const("j", 128);
  std::vector<Access> all = accesses({z3::select(a, j) == c.bv_val(0, 8)}, key);
  ASSERT_FALSE(all.empty());
  for (auto& acc : all) {
    EXPECT_EQ(acc.maps, std::vector<unsigned>{base.id()}) << acc.index;
  }
}

// read_past_writes finds the id a goal follows into a written map (a batch's listed id into
// the intents a step wrote), not k itself and not an index that itself reads a written map;
// the writes StripWrites then skips at it are the ones the split cases it at.
TEST(SpecSubterms, ReadPastWritesFindsTheFollowedId) {
  z3::context c;
  const z3::sort key = c.bv_sort(128);
  const z3::expr intents = c.constant("intents", c.array_sort(key, c.bv_sort(8)));
  const z3::expr batches = c.constant("batches", c.array_sort(key, key));
  const z3::expr k = c.bv_const("k", 128), w1 = c.bv_const("w1", 128), w2 = c.bv_const("w2", 128);
  const z3::expr written = z3::store(z3::store(intents, w1, c.bv_val(1, 8)), w2, c.bv_val(2, 8));
  const z3::expr listed = z3::select(batches, k);  // a pre-state id the goal follows
  const z3::expr goal = z3::select(written, listed) == c.bv_val(0, 8);
  auto t = read_past_writes(goal, k);
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(z3::eq(*t, listed)) << *t;
  StripWrites at(*t);
  EXPECT_TRUE(z3::eq(at(goal), z3::select(intents, listed) == c.bv_val(0, 8))) << at(goal);
  EXPECT_EQ(at.written.size(), 2u);
  // At k itself: StripWrites(k)'s split, not this one.
  EXPECT_FALSE(read_past_writes(z3::select(written, k) == c.bv_val(0, 8), k).has_value());
  // An index that reads a written map is not a pre-state id: none.
  const z3::expr via_written = z3::select(z3::store(batches, w1, w2), k);
  EXPECT_FALSE(read_past_writes(z3::select(written, via_written) == c.bv_val(0, 8), k).has_value());
  // A read of a map nothing wrote: none.
  EXPECT_FALSE(read_past_writes(z3::select(intents, listed) == c.bv_val(0, 8), k).has_value());
}

}  // namespace
