// The sorting network's facts, proved apart from the model (network_facts.hpp).
#include "smt/spec/network_facts.hpp"

#include <array>
#include <string>
#include <utility>

#include "model/spec/mev_protection.hpp"
#include "smt/spec/solver.hpp"

namespace meshcheck::smt::spec {

namespace {
namespace ms = ::meshcheck::model::spec;
namespace mp = ::meshcheck::model::spec::mev_protection;

// The swaps' obligations in order: (2, 0), (3, 0), (3, 1), (4, 0), ...: the index of (n, i)
// is the number of adjacent swaps of the lengths 2..n-1, plus i.
unsigned swap_index(unsigned n, unsigned i) { return n < 2 ? 0 : (n - 2) * (n - 1) / 2 + i; }

// An item of the abstract order (its equality a formula, as U128's is).
struct Item {
  z3::expr e;
  friend ms::SBool operator==(const Item& a, const Item& b) { return ms::SBool(a.e == b.e); }
};
using Items = std::array<Item, ms::kMaxBatchSize>;

// The network's input over an uninterpreted sort of ids: free items in0.., and `lt`, a free
// relation that `s` makes a strict total order on the first n of them (so that a fact proved
// holds for every order the model's ids may be compared by).
struct AbstractOrder {
  Items items;
  z3::func_decl lt;
  auto less() const {
    return [this](const Item& a, const Item& b) { return ms::SBool(lt(a.e, b.e)); };
  }
  static Item pick(const ms::SBool& w, const Item& a, const Item& b) { return Item{z3::ite(w.e, a.e, b.e)}; }
  // `list` run through the network over its first `sorted_prefix` items, compared by lt.
  void sort(Items& list, unsigned sorted_prefix) const { mp::transposition_network(list, sorted_prefix, less(), pick); }
};
Items free_items(z3::context& c, const z3::sort& id) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return Items{Item{c.constant(("in" + std::to_string(I)).c_str(), id)}...};
  }(std::make_index_sequence<ms::kMaxBatchSize>{});
}
AbstractOrder abstract_order(z3::context& c, z3::solver& s, unsigned n) {
  const z3::sort id = c.uninterpreted_sort("Id");
  AbstractOrder o{free_items(c, id), c.function("lt", id, id, c.bool_sort())};
  const Items& x = o.items;
  for (unsigned a = 0; a < n; ++a) {
    s.add(!o.lt(x[a].e, x[a].e));
    for (unsigned b = 0; b < n; ++b) {
      if (a != b) s.add(x[a].e == x[b].e || o.lt(x[a].e, x[b].e) || o.lt(x[b].e, x[a].e));
      for (unsigned d = 0; d < n; ++d)
        s.add(z3::implies(o.lt(x[a].e, x[b].e) && o.lt(x[b].e, x[d].e), o.lt(x[a].e, x[d].e)));
    }
  }
  return o;
}

}  // namespace

Answer network_facts_answer(unsigned n, unsigned sorted_prefix, const QueryLimits& limits) {
  z3::context c;
  ms::SymbolicScope scope(c);
  z3::solver s = make_spec_solver(c, limits);
  AbstractOrder order = abstract_order(c, s, n);
  order.sort(order.items, sorted_prefix);
  s.add(!mp::network_facts<ms::SBool>(order.items, n, order.less()).e);
  return check_confirmed(s, limits, AskAgain::kFailedSatOrUnknown).answer;
}

Answer swap_sorts_alike_answer(unsigned n, unsigned i, unsigned sorted_prefix, const QueryLimits& limits) {
  z3::context c;
  ms::SymbolicScope scope(c);
  z3::solver s = make_spec_solver(c, limits);
  // The second list holds the same items as the first, two neighbours swapped.
  AbstractOrder order = abstract_order(c, s, n);
  Items& first = order.items;
  Items second = first;
  std::swap(second[i], second[i + 1]);
  order.sort(first, sorted_prefix);
  order.sort(second, sorted_prefix);
  z3::expr alike = c.bool_val(true);
  for (unsigned k = 0; k < n; ++k) alike = alike && first[k].e == second[k].e;
  s.add(!alike);
  return check_confirmed(s, limits, AskAgain::kFailedSatOrUnknown).answer;
}

Answer strict_total_order_answer(const IdsLess& less, const QueryLimits& limits) {
  z3::context c;
  ms::SymbolicScope scope(c);
  const ms::SUint<128> a(c.bv_const("a", 128)), b(c.bv_const("b", 128)), d(c.bv_const("d", 128));
  const z3::expr irreflexive = !less(a, a).e;
  const z3::expr transitive = z3::implies(less(a, b).e && less(b, d).e, less(a, d).e);
  const z3::expr total = a.e == b.e || less(a, b).e || less(b, a).e;
  z3::solver s = make_spec_solver(c, limits);
  s.add(!(irreflexive && transitive && total));
  return check_confirmed(s, limits, AskAgain::kFailedSatOrUnknown).answer;
}

IdsLess ids_less() {
  return [](const ms::SUint<128>& a, const ms::SUint<128>& b) { return a < b; };
}

std::vector<Obligation> network_obligations(const ProveOptions& options) {
  const QueryLimits limits = query_limits(options);
  std::vector<Obligation> out(ms::kMaxBatchSize + 1 + swap_index(ms::kMaxBatchSize + 1, 0) + 1);
  std::vector<std::function<void()>> tasks;
  for (unsigned n = 0; n <= ms::kMaxBatchSize; ++n)
    tasks.push_back([&, n] {
      out[n] = obligation("mev_protection",
                          "sorting network facts at " + std::to_string(n) +
                              " ids (create_batch's known()): valid over every strict total order",
                          network_facts_answer(n, n, limits));
    });
  for (unsigned n = 2; n <= ms::kMaxBatchSize; ++n)
    for (unsigned i = 0; i + 1 < n; ++i)
      tasks.push_back([&, n, i] {
        out[ms::kMaxBatchSize + 1 + swap_index(n, i)] =
            obligation("mev_protection",
                       "sorting network facts at " + std::to_string(n) + " ids (M-PERMUTE's two runs): items " +
                           std::to_string(i) + " and " + std::to_string(i + 1) +
                           " swapped sort alike, over every strict total order",
                       swap_sorts_alike_answer(n, i, n, limits));
      });
  tasks.push_back([&] {
    out.back() = obligation("mev_protection", "sorting network facts: the ids' < is a strict total order",
                            strict_total_order_answer(ids_less(), limits));
  });
  run_parallel(tasks, options.jobs);
  return out;
}

}  // namespace meshcheck::smt::spec
