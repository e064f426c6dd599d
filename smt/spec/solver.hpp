// The spec prover's solvers: how Z3 is set up for its queries, and what its answers are
// worth under that set-up.
//
// Two settings, on every solver the spec prover makes (spec_solver), chosen by measuring
// the full `meshcheck prove --profile spec --jobs 2` (48 PROVED each time, 2 cores) with
// each set for the whole process: Z3's defaults 85.6 s; relevancy 0 alone 62.9 s; bv2int
// uninterpreted alone 69.2 s; both 43.8 s. As built here, with check_confirmed's second
// checks: 47.3 s and 46.5 s, back to back with 84.1 s and 85.0 s for the defaults.
//
// - Relevancy 0 (Z3's smt.relevancy, default 2): Z3 then propagates every atom of the query
//   instead of tracking which ones the current assignment makes relevant. A heuristic
//   only: every answer means what it meant. The queries here are conjunctions of a step's
//   guards, the set's candidates and a negated goal, whose atoms are nearly all relevant,
//   so the tracking was overhead.
// - bv2int uninterpreted (Z3's smt.bv.enable_int2bv false): Z3 no longer ties bv2int(x) to
//   the bits of x (for the 128- and 264-bit values here, a sum of as many powers of two),
//   but reads it as an uninterpreted function of x, equal on equal arguments (its
//   rewriter still evaluates it on numerals). The formula Z3 then decides is weaker than
//   the query (bv2int is one interpretation of that function), so:
//   - unsat is a proof of the query, as from ask.hpp's abstractions;
//   - sat is evidence only with a model that satisfies the query with bv2int read exactly
//     (Z3's model evaluator reads it so): check_confirmed keeps such a sat and asks the
//     query again exactly otherwise.
//   Of the full run's 440 costliest queries, 311 read bv2int; none of its proofs needs
//   bv2int's meaning, and 22 of its sats are asked again.
#pragma once

#include <z3++.h>

#include <optional>

#include "smt/query.hpp"

namespace meshcheck::smt::spec {

enum class Bv2Int { kUninterpreted, kExact };

// A solver with the settings above (bv2int as `bv2int` says), no limit yet.
z3::solver spec_solver(z3::context& c, Bv2Int bv2int = Bv2Int::kUninterpreted);
// The same, bounded by `limits` on every check.
z3::solver make_spec_solver(z3::context& c, const QueryLimits& limits, Bv2Int bv2int = Bv2Int::kUninterpreted);

struct Checked {
  Answer answer;
  std::optional<z3::model> model;  // when sat: a model of every assertion, bv2int read exactly
};

// What check_confirmed asks again with bv2int exact, when the first check did not prove the
// query.
enum class AskAgain {
  // A sat whose model fails: for the attempts with a small limit, after which the query is
  // asked again from more premises or with more units anyway. Not nothing: Houdini acts on
  // a sat (a counterexample alone spares the candidate's alone queries at the site's later
  // paths; a probe's drops it). Answering unknown instead, and asking those alone queries,
  // took the full run from 47.5 s to 61.6 s.
  kFailedSat,
  // That, and an unknown: a query with the run's own limit, which nothing asks after it.
  kFailedSatOrUnknown,
};

// check(s, limits) for a solver spec_solver made with bv2int uninterpreted, its answer
// made exact: a sat is kept only when its model satisfies every assertion of s (evaluated
// with model completion); what `again` says is asked again of a solver with bv2int exact
// holding the same assertions, with the same limits. A sat of that solver too is kept only
// with a model that satisfies them: Z3 4.8.12 has answered sat to formulas over bv2int with
// a model that does not (tests/spec_solver_test.cpp), and such a sat is unknown. The
// answer's units and seconds are those of every check made.
Checked check_confirmed(z3::solver& s, const QueryLimits& limits, AskAgain again);

}  // namespace meshcheck::smt::spec
