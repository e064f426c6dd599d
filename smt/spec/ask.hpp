// How a step form's query under the inductive set is asked (obligations.cpp
// prove_step_forms): first as formulas every model of the query satisfies, each with a
// share of the limit, so that their unsat is the query's; then the query itself, which
// alone can give a counterexample or an undecided answer (as every query of the spec
// prover, first with bv2int uninterpreted, then, unless that proved it, exactly:
// solver.hpp check_confirmed).
//
// - As integers: its equalities of sums read as integer equalities (ghosts.hpp
//   equalities_as_integers: exact), then each bit-vector's integer value an uninterpreted
//   function of it (abstract_bv2int: a weaker formula). What it saves: a form's
//   `after + amount = before` in wide() arithmetic that cannot wrap is otherwise decided by
//   bit-blasting 264-bit adders and Z3's bv2int bridge (X-SLASH at slash_stake: more than
//   15M units; G-VALUE at resolve_dispute: more than 15M), where as integers it is linear
//   arithmetic whose wraps are the model's own overflow tests, which the path's guard
//   decides (61K and 52K units). Asked only when some equality was read as integers, or
//   the goal is itself over integers (ghosts.hpp's E-CONSERVE and R-STAKE).
// - At the level of bits: every product of two terms an uninterpreted function of its
//   factors (abstract_products), by simplification, bit-blasting and SAT (X-REVENUE at
//   purchase_subscription's credited owner: 1.9M, where the query itself needed more than
//   15M). Asked only when some product was abstracted.
#pragma once

#include <z3++.h>

#include <functional>
#include <optional>
#include <string>

#include "smt/query.hpp"

namespace meshcheck::smt::spec {

// `f` with every bv2int(x) an uninterpreted function of x (one per width): a formula of
// which every model of `f` is a model (bv2int is one interpretation), so that its unsat is
// `f`'s.
z3::expr abstract_bv2int(const z3::expr& f);

// `f` with every product of two terms (bvmul) an uninterpreted function of its factors,
// and every test that one does not overflow an uninterpreted predicate of them: again a
// formula every model of `f` satisfies.
z3::expr abstract_products(const z3::expr& f);

struct Asked {
  Answer answer;
  std::string how;                 // "as integers", "at the level of bits", or "" (the query itself)
  std::optional<z3::model> model;  // the query's own model, when it is sat
  // The attempt at the level of bits was made and gave up (unknown: its share of the limit
  // spent, or a theory left that it cannot bit-blast), not refuted by a model of the
  // abstraction (sat: the products it left free are what the query needs).
  bool bits_gave_up = false;
};

// Asks `query` (a conjunction whose satisfiability refutes a case: unsat proves it) within
// `limits`, its abstractions first (above). `goal` is the case's negated form, a conjunct of
// `query`: when it reads integers itself (a form stated over integers), the attempt as
// integers is made even if no equality was read as one. `trace(how, answer)` is called
// after each attempt (for MESHCHECK_SPEC_TRACE). The answer's units and seconds are those
// of every attempt made.
Asked ask_under_set(const z3::expr& query, const z3::expr& goal, const QueryLimits& limits,
                    const std::function<void(const std::string& how, const Answer&)>& trace);
// The same in two halves, for a caller that may ask something else between them (a
// conjunction's parts, obligations.cpp): the abstractions alone, whose answer is unsat or
// unknown; then the query itself, whose answer counts what `before` (the abstractions'
// answer) cost.
Asked ask_abstractions(const z3::expr& query, const z3::expr& goal, const QueryLimits& limits,
                       const std::function<void(const std::string& how, const Answer&)>& trace);
Asked ask_exact(const z3::expr& query, const QueryLimits& limits,
                const std::function<void(const std::string& how, const Answer&)>& trace, const Asked& before);

}  // namespace meshcheck::smt::spec
