// The one walk over a Z3 expression's sub-terms that smt/spec's own passes share
// (abstract_lengths, within_ranges, strings_copied, keys.cpp's accesses and symbols,
// ask.cpp's abstract_products and abstract_bv2int, ghosts.cpp's comparisons_as_integers).
//
// Why one walker: the composed step's formulas are DAGs whose trees are exponential. A
// symbolic balance credited n times is ite(h_n, b_{n-1} + a_n, b_{n-1}), so b_n names b_{n-1}
// twice and its tree has 2^n nodes; create_batch's sorting network feeds each compare-
// exchange's two outputs into the next round the same way. A walk that does not remember
// what it has seen visits each node once per path to it. This one visits each node once
// (a seen-set by Z3's expression id, shared by every root), with an explicit stack (no
// recursion depth limit on deep store chains), and never enters a quantifier's or a
// lambda's body (its indices are bound variables, not the step's keys; and none of these
// passes rewrites under a binder).
#pragma once

#include <z3++.h>

#include <unordered_set>
#include <vector>

namespace meshcheck::smt::spec {

// Calls visit(e) once for every sub-term e of `roots` (each root included), parents before
// their arguments; visit returns whether to walk e's arguments too. Only an application
// has arguments to walk: a quantifier, a lambda or a bound variable is visited (a pass
// that must judge every term sees it) but never entered.
// `seen` holds the ids visited so far: pass the same set to several calls to visit each
// node once across them.
template <class Visit>
void for_each_subterm(const std::vector<z3::expr>& roots, Visit&& visit, std::unordered_set<unsigned>& seen) {
  std::vector<z3::expr> todo(roots.rbegin(), roots.rend());
  while (!todo.empty()) {
    z3::expr e = todo.back();
    todo.pop_back();
    if (!seen.insert(e.id()).second) continue;
    if (!visit(e) || !e.is_app()) continue;
    for (unsigned i = e.num_args(); i-- > 0;) todo.push_back(e.arg(i));
  }
}
template <class Visit>
void for_each_subterm(const std::vector<z3::expr>& roots, Visit&& visit) {
  std::unordered_set<unsigned> seen;
  for_each_subterm(roots, visit, seen);
}
template <class Visit>
void for_each_subterm(const z3::expr& root, Visit&& visit) {
  for_each_subterm(std::vector<z3::expr>{root}, visit);
}

}  // namespace meshcheck::smt::spec
