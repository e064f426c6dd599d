// The symbolic forms of the mutation hooks (mutation/site.hpp), for the Z3 encodings
// (smt/<contract>.cpp): the same change as the concrete forms, over z3::expr. The hooks
// whose answer does not depend on a value (writes, emits, transfers, returned) and
// payee (a choice between two given terms) serve both forms as they are.
#pragma once

#include <z3++.h>

#include "mutation/site.hpp"
#include "smt/sym.hpp"

namespace meshcheck::mutation {

template <SiteEnum S>
inline z3::expr guard(S site, const z3::expr& refuses) {
  if (on(site, Op::kNegateGuard)) return !refuses;
  if (on(site, Op::kDropGuard)) return refuses.ctx().bool_val(false);
  return refuses;
}

// An ordered refusal over unsigned bit-vectors: a < b, or a <= b when `or_equal`.
template <SiteEnum S>
inline z3::expr less(S site, const z3::expr& a, const z3::expr& b, bool or_equal) {
  if (on(site, Op::kBoundaryShift)) or_equal = !or_equal;
  return guard(site, or_equal ? z3::ule(a, b) : z3::ult(a, b));
}
// An ordered refusal the other way round: a > b, or a >= b when `or_equal`.
template <SiteEnum S>
inline z3::expr more(S site, const z3::expr& a, const z3::expr& b, bool or_equal) {
  if (on(site, Op::kBoundaryShift)) or_equal = !or_equal;
  return guard(site, or_equal ? z3::uge(a, b) : z3::ugt(a, b));
}
// A guard written as the condition to go on (true goes on): negated, the condition is;
// dropped, it always holds. Unmutated it returns `goes_on` itself and builds no term, so
// an encoding that says "go on when ..." keeps its formulas term for term: the prover's
// budgets are counted in Z3 resource units, which a new term (or a new order of terms)
// can move.
template <SiteEnum S>
inline z3::expr allows(S site, const z3::expr& goes_on) {
  if (on(site, Op::kNegateGuard)) return !goes_on;
  if (on(site, Op::kDropGuard)) return goes_on.ctx().bool_val(true);
  return goes_on;
}

// saturating_add over bit-vectors (mutated: wrapping, or saturating_sub).
template <SiteEnum S>
inline z3::expr add(S site, const z3::expr& a, const z3::expr& b) {
  if (on(site, Op::kWrapping)) return a + b;
  if (on(site, Op::kSwapPlusMinus)) return smt::saturating_sub(a, b);
  return smt::saturating_add(a, b);
}

// saturating_sub over bit-vectors (mutated: wrapping, or saturating_add).
template <SiteEnum S>
inline z3::expr sub(S site, const z3::expr& a, const z3::expr& b) {
  if (on(site, Op::kWrapping)) return a - b;
  if (on(site, Op::kSwapPlusMinus)) return smt::saturating_add(a, b);
  return smt::saturating_sub(a, b);
}

// An event field (a bit-vector: an amount, an id, an address) zeroed by the corruption.
template <SiteEnum S>
inline z3::expr field(S site, const z3::expr& value) {
  return on(site, Op::kCorruptEventField) ? value.ctx().bv_val(0, value.get_sort().bv_size()) : value;
}

}  // namespace meshcheck::mutation
