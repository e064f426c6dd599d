// Fresh symbolic values of the spec profile's types: every scalar a new named Z3
// constant, every storage Mapping a free map. What the composed prover (smt/spec/) starts
// a step from: an arbitrary state, arbitrary message arguments, an arbitrary caller.
//
// A storage Mapping's freshening is declared here and defined once where states are made
// free (step.cpp): how a free map is encoded is the composed prover's choice, and changing
// it should not rebuild every message table that includes this header.
#pragma once

#include <z3++.h>

#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "model/spec/domain/record.hpp"

namespace meshcheck::smt::spec {

namespace ms = ::meshcheck::model::spec;

// A free map (its present array and value arrays, whose sorts they hold): step.cpp.
void fresh_map(z3::expr& present, std::vector<z3::expr>& arrays, const std::string& name);

// Writes fresh constants named after `name` (`name.0.3`: the path of field indices) into
// every scalar of `v`, whose current scalars give the sorts.
template <class T> void fresh_into(T& v, const std::string& name) {
  z3::context& c = ms::current_context();
  if constexpr (ms::IsSymMap<T>::value) {
    fresh_map(v.present, v.arrays, name);
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
