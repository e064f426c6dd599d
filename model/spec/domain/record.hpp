// Records, options and flattening: what lets one generic text build, store, compare and
// translate the compound values of a spec contract in both domains.
//
// A record is a struct template over the domain that lists its fields once, in a static
// `tie` (the field order of its ink! type):
//
//   template <class D> struct Escrow {
//     Addr<D> payer; U128<D> amount; Option<D, Addr<D>> payee; ...
//     template <class S> static auto tie(S& s) { return std::tie(s.payer, s.amount, s.payee, ...); }
//   };
//
// From `tie` alone follow: flattening to scalars (leaves) for events, returns and the
// symbolic storage arrays; rebuilding a value from array reads; lifting a concrete value
// into the symbolic domain (the encoding test's input); and symbolic equality.
#pragma once

#include <array>
#include <cstddef>
#include <tuple>
#include <utility>
#include <vector>

#include "model/spec/domain/concrete.hpp"
#include "model/spec/domain/symbolic.hpp"

namespace meshcheck::model::spec {

// The domain's types, by name: `U128<D>`, `Addr<D>`, ...
template <class D> using Bool = typename D::Bool;
template <class D> using U8 = typename D::U8;
template <class D> using I32 = typename D::I32;
template <class D> using U32 = typename D::U32;
template <class D> using U64 = typename D::U64;
template <class D> using U128 = typename D::U128;
// U256, the type of balances and transferred values (ink! 6), is `Balance<D>`: `U256` stays
// the concrete type of model/types.hpp.
template <class D> using Balance = typename D::U256;
template <class D> using Addr = typename D::Addr;
template <class D> using Str = typename D::Str;
template <class D, std::size_t N> using Bytes = typename D::template Bytes<N>;
template <class D, class E> using Enum = typename D::template Enum<E>;
template <class D, class K, class V> using Map = typename D::template Map<K, V>;
template <class D, class A, class B> using Pair = typename D::template Pair<A, B>;
template <class D> using Leaf = typename D::Leaf;

template <class T>
concept Record = requires(T& t) { T::tie(t); };

// Option<T> as ink! stores it: a flag and a payload, the payload at its default when None
// (so equal options are equal field by field).
template <class D, class T> struct Option {
  Bool<D> some = false;
  T value{};

  static Option none() { return Option{}; }
  static Option of(T v) { return Option{true, std::move(v)}; }
  Bool<D> is_some() const { return some; }
  Bool<D> is_none() const { return !some; }
  // `== Some(x)`
  Bool<D> holds(const T& x) const { return some && value == x; }
  template <class S> static auto tie(S& s) { return std::tie(s.some, s.value); }
  friend bool operator==(const Option& a, const Option& b) requires(!D::kSymbolic) = default;
};

template <class T> struct IsStdArray : std::false_type {};
template <class T, std::size_t N> struct IsStdArray<std::array<T, N>> : std::true_type {};

// Vec<T> with at most N items (the spec's only Vec, a batch's intent ids, has at most
// MAX_BATCH_SIZE): a length and N slots, the slots past the length at their default.
template <class D, class T, std::size_t N> struct BoundedVec {
  U32<D> len{};
  std::array<T, N> items{};
  template <class S> static auto tie(S& s) { return std::tie(s.len, s.items); }
  friend bool operator==(const BoundedVec&, const BoundedVec&) = default;
};

// --- flattening ------------------------------------------------------------------
template <class T> void flatten(const T& v, std::vector<ConcreteLeaf>& out);
template <class T> void flatten(const T& v, std::vector<z3::expr>& out);

template <class T, class L>
void flatten_record(const T& v, std::vector<L>& out) {
  std::apply([&](const auto&... f) { (flatten(f, out), ...); }, T::tie(v));
}

template <class T> void flatten(const T& v, std::vector<ConcreteLeaf>& out) {
  if constexpr (IsStdArray<T>::value) for (const auto& item : v) flatten(item, out);
  else if constexpr (Record<T>) flatten_record(v, out);
  else out.push_back(leaf_of(v));
}
template <class T> void flatten(const T& v, std::vector<z3::expr>& out) {
  if constexpr (IsStdArray<T>::value) for (const auto& item : v) flatten(item, out);
  else if constexpr (Record<T>) flatten_record(v, out);
  else out.push_back(v.e);
}

template <class L, class... T> std::vector<L> leaves(const T&... v) {
  std::vector<L> out;
  (flatten(v, out), ...);
  return out;
}

// Writes the scalars of symbolic `v` from `terms`, in flattening order.
template <class T> void unflatten(T& v, const std::vector<z3::expr>& terms, std::size_t& at) {
  if constexpr (IsStdArray<T>::value) for (auto& item : v) unflatten(item, terms, at);
  else if constexpr (Record<T>) std::apply([&](auto&... f) { (unflatten(f, terms, at), ...); }, T::tie(v));
  else v.e = terms[at++];
}

// --- maps ------------------------------------------------------------------------
template <class K, class V> Option<Concrete, V> ConcreteMap<K, V>::get(const K& k) const {
  const V* v = entries.find(k);
  return v ? Option<Concrete, V>::of(*v) : Option<Concrete, V>::none();
}

template <class K, class V> SymMap<K, V>::SymMap() : present(current_context()) {
  z3::sort key = K().e.get_sort();
  present = z3::const_array(key, current_context().bool_val(false));
  for (auto& d : leaves<z3::expr>(V{})) arrays.push_back(z3::const_array(key, d));
}
template <class K, class V> void SymMap<K, V>::set(const K& k, const V& v, ::meshcheck::mutation::spec::Where at) {
  if (::meshcheck::mutation::spec::g_hooks.on) [[unlikely]] {
    if (::meshcheck::mutation::spec::domain_hit(::meshcheck::mutation::SiteKind::kWrite, at) ==
        ::meshcheck::mutation::Op::kDropWrite)
      return;
  }
  present = z3::store(present, k.e, current_context().bool_val(true));
  std::vector<z3::expr> terms = leaves<z3::expr>(v);
  for (std::size_t i = 0; i < arrays.size(); ++i) arrays[i] = z3::store(arrays[i], k.e, terms[i]);
}
template <class K, class V> void SymMap<K, V>::remove(const K& k, ::meshcheck::mutation::spec::Where at) {
  if (::meshcheck::mutation::spec::g_hooks.on) [[unlikely]] {
    if (::meshcheck::mutation::spec::domain_hit(::meshcheck::mutation::SiteKind::kWrite, at) ==
        ::meshcheck::mutation::Op::kDropWrite)
      return;
  }
  present = z3::store(present, k.e, current_context().bool_val(false));
  std::vector<z3::expr> defaults = leaves<z3::expr>(V{});
  for (std::size_t i = 0; i < arrays.size(); ++i) arrays[i] = z3::store(arrays[i], k.e, defaults[i]);
}
template <class K, class V> V SymMap<K, V>::get_or_default(const K& k) const {
  std::vector<z3::expr> terms;
  for (auto& a : arrays) terms.push_back(z3::select(a, k.e));
  V v{};
  std::size_t at = 0;
  unflatten(v, terms, at);
  return v;
}
template <class K, class V> Option<Symbolic, V> SymMap<K, V>::get(const K& k) const {
  return Option<Symbolic, V>{contains(k), get_or_default(k)};
}

template <class T> struct IsSymMap : std::false_type {};
template <class K, class V> struct IsSymMap<SymMap<K, V>> : std::true_type {};
template <class T> struct IsConcreteMap : std::false_type {};
template <class K, class V> struct IsConcreteMap<ConcreteMap<K, V>> : std::true_type {};

// --- symbolic equality -------------------------------------------------------------
template <class T> z3::expr sym_equal(const T& a, const T& b) {
  if constexpr (IsSymMap<T>::value) {
    z3::expr eq = a.present == b.present;
    for (std::size_t i = 0; i < a.arrays.size(); ++i) eq = eq && a.arrays[i] == b.arrays[i];
    return eq;
  } else if constexpr (IsStdArray<T>::value) {
    z3::expr eq = current_context().bool_val(true);
    for (std::size_t i = 0; i < a.size(); ++i) eq = eq && sym_equal(a[i], b[i]);
    return eq;
  } else if constexpr (Record<T>) {
    z3::expr eq = current_context().bool_val(true);
    auto ta = T::tie(a);
    auto tb = T::tie(b);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      ((eq = eq && sym_equal(std::get<I>(ta), std::get<I>(tb))), ...);
    }(std::make_index_sequence<std::tuple_size_v<decltype(ta)>>{});
    return eq;
  } else {
    return a.e == b.e;
  }
}

// --- lifting: a concrete value as symbolic literals ----------------------------------
// `S` is the symbolic twin of concrete `C` (the same template over the other domain).
template <class C, class S> void lift_into(const C& c, S& s) {
  if constexpr (IsConcreteMap<C>::value) {
    c.entries.for_each([&](const auto& k, const auto& v) {
      typename S::Key sk;
      typename S::Value sv{};
      lift_into(k, sk);
      lift_into(v, sv);
      s.set(sk, sv);
    });
  } else if constexpr (IsStdArray<C>::value) {
    for (std::size_t i = 0; i < c.size(); ++i) lift_into(c[i], s[i]);
  } else if constexpr (Record<C>) {
    auto tc = C::tie(c);
    auto ts = S::tie(s);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (lift_into(std::get<I>(tc), std::get<I>(ts)), ...);
    }(std::make_index_sequence<std::tuple_size_v<decltype(tc)>>{});
  } else {
    s = S(c);
  }
}
template <template <class> class T> T<Symbolic> lift(const T<Concrete>& c) {
  T<Symbolic> s{};
  lift_into(c, s);
  return s;
}

// A concrete leaf as the term of the same value.
z3::expr lift_leaf(const ConcreteLeaf& leaf);

}  // namespace meshcheck::model::spec
