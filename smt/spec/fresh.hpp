// Fresh symbolic values of the spec profile's types: every scalar a new named Z3
// constant, every storage Mapping a free map. What the composed prover (smt/spec/) starts
// a step from: an arbitrary state, arbitrary message arguments, an arbitrary caller.
//
// A free map is not a bare free array per scalar: SymMap's convention (symbolic.hpp) is
// that an absent key holds the value's defaults in every array, and the messages read an
// absent entry with get_or_default. So the i-th array of a free map is
// `λk. present[k] ? F_i[k] : default_i` over a free `present` and free F_i: the
// convention holds by construction, with no quantifier.
#pragma once

#include <z3++.h>

#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "model/spec/domain/record.hpp"

namespace meshcheck::smt::spec {

namespace ms = ::meshcheck::model::spec;

// Writes fresh constants named after `name` (`name.0.3`: the path of field indices) into
// every scalar of `v`, whose current scalars give the sorts.
template <class T> void fresh_into(T& v, const std::string& name) {
  z3::context& c = ms::current_context();
  if constexpr (ms::IsSymMap<T>::value) {
    z3::sort key = v.present.get_sort().array_domain();
    v.present = c.constant((name + ".present").c_str(), v.present.get_sort());
    z3::expr k = c.constant((name + ".k").c_str(), key);
    std::vector<z3::expr> defaults = ms::leaves<z3::expr>(typename T::Value{});
    for (std::size_t i = 0; i < v.arrays.size(); ++i) {
      z3::expr free = c.constant((name + "." + std::to_string(i)).c_str(), v.arrays[i].get_sort());
      v.arrays[i] = z3::lambda(k, z3::ite(z3::select(v.present, k), z3::select(free, k), defaults[i]));
    }
  } else if constexpr (ms::IsStdArray<T>::value) {
    for (std::size_t i = 0; i < v.size(); ++i) fresh_into(v[i], name + "[" + std::to_string(i) + "]");
  } else if constexpr (ms::Record<T>) {
    auto fields = T::tie(v);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (fresh_into(std::get<I>(fields), name + "." + std::to_string(I)), ...);
    }(std::make_index_sequence<std::tuple_size_v<decltype(fields)>>{});
  } else {
    v.e = c.constant(name.c_str(), v.e.get_sort());
  }
}

template <class T> T fresh(const std::string& name) {
  T v{};
  fresh_into(v, name);
  return v;
}

}  // namespace meshcheck::smt::spec
