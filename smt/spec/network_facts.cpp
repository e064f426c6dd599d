// The sorting network's facts, proved apart from the model (network_facts.hpp).
#include "smt/spec/network_facts.hpp"

#include <array>
#include <string>
#include <utility>

#include "model/spec/mev_protection.hpp"

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
}  // namespace

Answer network_facts_answer(unsigned n, unsigned sorted_prefix, const QueryLimits& limits) {
  z3::context c;
  ms::SymbolicScope scope(c);
  const z3::sort id = c.uninterpreted_sort("Id");
  const z3::func_decl lt = c.function("lt", id, id, c.bool_sort());
  std::array<Item, ms::kMaxBatchSize> items = [&]<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<Item, ms::kMaxBatchSize>{Item{c.constant(("in" + std::to_string(I)).c_str(), id)}...};
  }
  (std::make_index_sequence<ms::kMaxBatchSize>{});
  z3::solver s = make_solver(c, limits);
  // lt a strict total order on the n items the network compares.
  for (unsigned a = 0; a < n; ++a) {
    s.add(!lt(items[a].e, items[a].e));
    for (unsigned b = 0; b < n; ++b) {
      if (a != b) s.add(items[a].e == items[b].e || lt(items[a].e, items[b].e) || lt(items[b].e, items[a].e));
      for (unsigned d = 0; d < n; ++d)
        s.add(z3::implies(lt(items[a].e, items[b].e) && lt(items[b].e, items[d].e), lt(items[a].e, items[d].e)));
    }
  }
  auto less = [&](const Item& a, const Item& b) { return ms::SBool(lt(a.e, b.e)); };
  auto pick = [](const ms::SBool& w, const Item& a, const Item& b) { return Item{z3::ite(w.e, a.e, b.e)}; };
  mp::transposition_network(items, sorted_prefix, less, pick);
  s.add(!mp::network_facts<ms::SBool>(items, n, less).e);
  return check(s, limits);
}

Answer swap_sorts_alike_answer(unsigned n, unsigned i, unsigned sorted_prefix, const QueryLimits& limits) {
  z3::context c;
  ms::SymbolicScope scope(c);
  const z3::sort id = c.uninterpreted_sort("Id");
  const z3::func_decl lt = c.function("lt", id, id, c.bool_sort());
  std::array<Item, ms::kMaxBatchSize> first = [&]<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<Item, ms::kMaxBatchSize>{Item{c.constant(("in" + std::to_string(I)).c_str(), id)}...};
  }
  (std::make_index_sequence<ms::kMaxBatchSize>{});
  std::array<Item, ms::kMaxBatchSize> second = first;
  std::swap(second[i], second[i + 1]);
  z3::solver s = make_solver(c, limits);
  // lt a strict total order on the n items (the second list holds the same ones).
  for (unsigned a = 0; a < n; ++a) {
    s.add(!lt(first[a].e, first[a].e));
    for (unsigned b = 0; b < n; ++b) {
      if (a != b) s.add(first[a].e == first[b].e || lt(first[a].e, first[b].e) || lt(first[b].e, first[a].e));
      for (unsigned d = 0; d < n; ++d)
        s.add(z3::implies(lt(first[a].e, first[b].e) && lt(first[b].e, first[d].e), lt(first[a].e, first[d].e)));
    }
  }
  auto less = [&](const Item& a, const Item& b) { return ms::SBool(lt(a.e, b.e)); };
  auto pick = [](const ms::SBool& w, const Item& a, const Item& b) { return Item{z3::ite(w.e, a.e, b.e)}; };
  mp::transposition_network(first, sorted_prefix, less, pick);
  mp::transposition_network(second, sorted_prefix, less, pick);
  z3::expr alike = c.bool_val(true);
  for (unsigned k = 0; k < n; ++k) alike = alike && first[k].e == second[k].e;
  s.add(!alike);
  return check(s, limits);
}

Answer strict_total_order_answer(const IdsLess& less, const QueryLimits& limits) {
  z3::context c;
  ms::SymbolicScope scope(c);
  const ms::SUint<128> a(c.bv_const("a", 128)), b(c.bv_const("b", 128)), d(c.bv_const("d", 128));
  const z3::expr irreflexive = !less(a, a).e;
  const z3::expr transitive = z3::implies(less(a, b).e && less(b, d).e, less(a, d).e);
  const z3::expr total = a.e == b.e || less(a, b).e || less(b, a).e;
  z3::solver s = make_solver(c, limits);
  s.add(!(irreflexive && transitive && total));
  return check(s, limits);
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
