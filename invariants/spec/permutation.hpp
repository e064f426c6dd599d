// "The first `len` items of one list are those of another in some order", as a formula: the
// tie between M-PERMUTE's two runs (invariants/spec/mev_protection.cpp permute_tie). Every
// permutation is one choice of its free indices, so a query under the tie is asked of every
// permutation at once.
#pragma once

#include <z3++.h>

#include <array>
#include <cstddef>
#include <string>
#include <utility>

namespace meshcheck::invariants::spec {

// Position i < len of `second` holds item p_i of `first`, the p_i (free 8-bit indices
// named `<prefix>p<i>`) distinct and below `len` (a 32-bit length). So the first `len`
// items of `second` are a permutation of those of `first`, and every permutation is one
// choice of the p_i. Nothing about the items past `len`. `eq(a, b)` is the items'
// equality as a formula.
template <class T, std::size_t N, class Eq>
z3::expr permutation_tie(const std::array<T, N>& first, const std::array<T, N>& second, const z3::expr& len,
                         const std::string& prefix, Eq eq) {
  z3::context& c = len.ctx();
  std::array<z3::expr, N> p = [&]<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<z3::expr, N>{c.bv_const((prefix + "p" + std::to_string(I)).c_str(), 8)...};
  }
  (std::make_index_sequence<N>{});
  z3::expr out = c.bool_val(true);
  for (std::size_t i = 0; i < N; ++i) {
    z3::expr picked = c.bool_val(false);
    for (std::size_t k = 0; k < N; ++k)
      picked = picked ||
               (p[i] == c.bv_val(unsigned(k), 8) && z3::ult(c.bv_val(unsigned(k), 32), len) && eq(second[i], first[k]));
    z3::expr distinct = c.bool_val(true);
    for (std::size_t j = 0; j < i; ++j) distinct = distinct && p[i] != p[j];
    out = out && z3::implies(z3::ult(c.bv_val(unsigned(i), 32), len), picked && distinct);
  }
  return out;
}

}  // namespace meshcheck::invariants::spec
