// Index terms of a formula (keys.hpp).
#include "smt/spec/keys.hpp"

#include <unordered_set>

namespace meshcheck::smt::spec {

std::vector<z3::expr> index_terms(const std::vector<z3::expr>& roots, const z3::sort& key) {
  std::vector<z3::expr> out;
  std::unordered_set<unsigned> seen, found;
  std::vector<z3::expr> todo(roots.begin(), roots.end());
  auto add = [&](const z3::expr& i) {
    if (!z3::eq(i.get_sort(), key) || i.is_var()) return;
    if (found.insert(i.id()).second) out.push_back(i);
  };
  while (!todo.empty()) {
    z3::expr e = todo.back();
    todo.pop_back();
    if (!seen.insert(e.id()).second) continue;
    if (e.is_quantifier() || e.is_lambda() || !e.is_app()) continue;
    const Z3_decl_kind k = e.decl().decl_kind();
    if ((k == Z3_OP_SELECT || k == Z3_OP_STORE) && e.num_args() >= 2) add(e.arg(1));
    for (unsigned i = 0; i < e.num_args(); ++i) todo.push_back(e.arg(i));
  }
  return out;
}

}  // namespace meshcheck::smt::spec
