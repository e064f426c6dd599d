// The keys at which the composed prover instantiates a per-entry invariant ∀k. P(s, k).
//
// A step assumes P before the step at every key it could matter for, and proves it after
// the step at one fresh key k*: if P(pre, k) held for all k, it holds at those keys in
// particular, so the proof is sound for any choice of keys; the choice only decides
// whether it succeeds. The keys chosen are every index of the key's sort that the step's
// formulas read or write (select and store indices: the entries the call touched, the
// ids it computed, the links it followed), plus k*.
#pragma once

#include <z3++.h>

#include <vector>

namespace meshcheck::smt::spec {

// The distinct index terms of sort `key` that `roots` select or store at (lambda and
// quantifier bodies excluded: their indices are bound variables).
std::vector<z3::expr> index_terms(const std::vector<z3::expr>& roots, const z3::sort& key);

}  // namespace meshcheck::smt::spec
