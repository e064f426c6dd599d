// The spec prover's solvers (smt/spec/solver.hpp): bv2int read as an uninterpreted
// function, so that a sat is evidence only once its model is confirmed, and the query asked
// again exactly, as the caller says, when the model reads bv2int wrongly or the answer is
// unknown.
#include <gtest/gtest.h>
#include <z3++.h>

#include <cstdint>

#include "model/spec/domain/symbolic.hpp"
#include "smt/spec/ghosts.hpp"
#include "smt/spec/solver.hpp"

namespace {

using namespace meshcheck::smt::spec;
namespace ms = meshcheck::model::spec;
using meshcheck::smt::QueryLimits;

// What only bv2int's meaning refutes: an 8-bit value read as an integer above 255.
TEST(SpecSolver, Bv2intIsUninterpretedUntilASatIsConfirmed) {
  z3::context c;
  const z3::expr x = c.bv_const("x", 8);
  const z3::expr above = z3::bv2int(x, false) > 300;
  const QueryLimits limits{15'000'000, 0};

  z3::solver abstract = make_spec_solver(c, limits);
  abstract.add(above);
  EXPECT_EQ(meshcheck::smt::check(abstract, limits).result, z3::sat) << "bv2int is not uninterpreted";

  z3::solver exact = make_spec_solver(c, limits, Bv2Int::kExact);
  exact.add(above);
  EXPECT_EQ(meshcheck::smt::check(exact, limits).result, z3::unsat);

  z3::solver confirmed = make_spec_solver(c, limits);
  confirmed.add(above);
  const Checked k = check_confirmed(confirmed, limits, AskAgain::kFailedSat);
  EXPECT_EQ(k.answer.result, z3::unsat) << "a sat whose model reads bv2int wrongly was kept";
  EXPECT_FALSE(k.model.has_value());
}

// A true sat keeps its model, which satisfies every assertion.
TEST(SpecSolver, AConfirmedSatHasAModelOfEveryAssertion) {
  z3::context c;
  const z3::expr x = c.bv_const("x", 8), y = c.bv_const("y", 8);
  const QueryLimits limits{15'000'000, 0};
  z3::solver s = make_spec_solver(c, limits);
  s.add(z3::bv2int(x, false) == 3);
  s.add(y + x == c.bv_val(10, 8));
  const Checked k = check_confirmed(s, limits, AskAgain::kFailedSatOrUnknown);
  ASSERT_EQ(k.answer.result, z3::sat);
  ASSERT_TRUE(k.model.has_value());
  EXPECT_EQ(k.model->eval(x, true).get_numeral_uint(), 3u);
  EXPECT_EQ(k.model->eval(y, true).get_numeral_uint(), 7u);
}

// Z3 4.8.12 answers this disequality (a sum of three zero-extended bytes read as an integer
// two ways, which never differ) sat, with a model that does not satisfy it, even with bv2int
// exact: check_confirmed answers anything but sat.
TEST(SpecSolver, ASatWhoseModelFailsTheQueryIsNoEvidence) {
  z3::context c;
  ms::SymbolicScope scope(c);
  const z3::expr x = c.bv_const("x", 8), y = c.bv_const("y", 8), z = c.bv_const("z", 8);
  const z3::expr three = z3::zext(x, 1) + z3::zext(y, 1) + z3::zext(z, 1);
  const QueryLimits limits{15'000'000, 0};
  z3::solver s = make_spec_solver(c, limits);
  s.add(int_of(three) != z3::bv2int(three, false));
  const Checked k = check_confirmed(s, limits, AskAgain::kFailedSatOrUnknown);
  EXPECT_NE(k.answer.result, z3::sat);
  EXPECT_FALSE(k.model.has_value());
}

// An unknown is asked again exactly only when the caller says so (kFailedSatOrUnknown); the
// answer counts the units of both checks.
TEST(SpecSolver, AnUnknownIsAskedAgainOnlyWhenAsked) {
  z3::context c;
  const z3::expr x = c.bv_const("x", 64), y = c.bv_const("y", 64);
  // A factorization: no preprocessing decides it, and 1,000 units are far too few.
  const z3::expr hard = x * y == c.bv_val(static_cast<std::uint64_t>(4294967291ULL * 65521ULL), 64) &&
                        z3::ugt(x, c.bv_val(1, 64)) && z3::ugt(y, c.bv_val(1, 64)) &&
                        z3::bvmul_no_overflow(x, y, false);
  const QueryLimits limits{1'000, 0};
  z3::solver once = make_spec_solver(c, limits);
  once.add(hard);
  const Checked first = check_confirmed(once, limits, AskAgain::kFailedSat);
  ASSERT_EQ(first.answer.result, z3::unknown);
  z3::solver twice = make_spec_solver(c, limits);
  twice.add(hard);
  const Checked both = check_confirmed(twice, limits, AskAgain::kFailedSatOrUnknown);
  ASSERT_EQ(both.answer.result, z3::unknown);
  EXPECT_GT(both.answer.rlimit, first.answer.rlimit) << "the unknown was not asked again";
}

}  // namespace
