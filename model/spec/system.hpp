// A spec world as the messages see it: one instance of each contract in `Cs` (its
// address, native balance and state), over a domain. The spec profile's system is
// System<D, AiJobQueue, PaymentEscrow, ...>; tests build smaller ones.
//
// A contract type `C` names itself once:
//   struct PaymentEscrow {
//     static constexpr std::string_view kName = "payment_escrow";
//     template <class D> using State = EscrowState<D>;
//     using Error = EscrowError;   // a counted enum with kCalleeFailed (errors.hpp)
//   };
#pragma once

#include <cstddef>
#include <string_view>
#include <tuple>

#include "model/spec/domain/record.hpp"

namespace meshcheck::model::spec {

template <class D, class C> struct Slot {
  bool deployed = false;  // static in both domains: which contracts exist is not symbolic
  Addr<D> address{};
  Balance<D> balance{};
  typename C::template State<D> state{};
};

template <class D, class... Cs> struct System {
  using Domain = D;
  std::tuple<Slot<D, Cs>...> slots;

  template <class C> Slot<D, C>& slot() { return std::get<Slot<D, C>>(slots); }
  template <class C> const Slot<D, C>& slot() const { return std::get<Slot<D, C>>(slots); }

  // Calls f(slot) for each contract, in `Cs` order.
  template <class F> void for_each_slot(F&& f) {
    std::apply([&](auto&... s) { (f(s), ...); }, slots);
  }
  template <class F> void for_each_slot(F&& f) const {
    std::apply([&](const auto&... s) { (f(s), ...); }, slots);
  }

  template <class C> static constexpr std::size_t index_of() {
    std::size_t i = 0, found = sizeof...(Cs);
    ((std::is_same_v<C, Cs> ? (found = i, ++i) : ++i), ...);
    return found;
  }
  static constexpr std::size_t kSize = sizeof...(Cs);
};

// The same contracts' slots in the other domain.
template <class D, class Sys> struct Rebind;
template <class D, class D0, class... Cs> struct Rebind<D, System<D0, Cs...>> {
  using type = System<D, Cs...>;
};

// A concrete system as symbolic literals.
template <class... Cs> System<Symbolic, Cs...> lift_system(const System<Concrete, Cs...>& c) {
  System<Symbolic, Cs...> s;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((std::get<I>(s.slots).deployed = std::get<I>(c.slots).deployed,
      lift_into(std::get<I>(c.slots).address, std::get<I>(s.slots).address),
      lift_into(std::get<I>(c.slots).balance, std::get<I>(s.slots).balance),
      lift_into(std::get<I>(c.slots).state, std::get<I>(s.slots).state)),
     ...);
  }(std::index_sequence_for<Cs...>{});
  return s;
}

// Two symbolic systems hold the same balances and states.
template <class... Cs> z3::expr systems_equal(const System<Symbolic, Cs...>& a, const System<Symbolic, Cs...>& b) {
  z3::expr eq = current_context().bool_val(true);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((eq = eq && std::get<I>(a.slots).balance.e == std::get<I>(b.slots).balance.e &&
           sym_equal(std::get<I>(a.slots).state, std::get<I>(b.slots).state)),
     ...);
  }(std::index_sequence_for<Cs...>{});
  return eq;
}

}  // namespace meshcheck::model::spec
