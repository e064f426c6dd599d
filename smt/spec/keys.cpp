// Index terms of a formula (keys.hpp).
#include "smt/spec/keys.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <unordered_map>

#include "smt/spec/subterms.hpp"

namespace meshcheck::smt::spec {

namespace {
bool is_free_constant(const z3::expr& e) {
  return e.is_app() && e.num_args() == 0 && e.decl().decl_kind() == Z3_OP_UNINTERPRETED;
}

// Every application sub-term of `roots` once (subterms.hpp: lambda and quantifier bodies
// not entered).
template <class F> void visit(const std::vector<z3::expr>& roots, F f) {
  for_each_subterm(roots, [&](const z3::expr& e) {
    if (!e.is_app()) return false;
    f(e);
    return true;
  });
}

bool is_access(const z3::expr& e) {
  const Z3_decl_kind k = e.decl().decl_kind();
  return (k == Z3_OP_SELECT || k == Z3_OP_STORE) && e.num_args() >= 2;
}
}  // namespace

std::unordered_set<unsigned> constants_of(const z3::expr& e) {
  std::unordered_set<unsigned> out;
  visit({e}, [&](const z3::expr& t) {
    if (is_free_constant(t)) out.insert(t.id());
  });
  return out;
}

std::unordered_set<unsigned> symbols_of(const z3::expr& e) {
  std::unordered_set<unsigned> out;
  visit({e}, [&](const z3::expr& t) {
    if (t.decl().decl_kind() == Z3_OP_UNINTERPRETED) out.insert(t.decl().id());
  });
  return out;
}

std::vector<Access> accesses(const std::vector<z3::expr>& roots, const z3::sort& key) {
  // The free maps an array term is built on, memoized (store chains are shared).
  std::unordered_map<unsigned, std::vector<unsigned>> memo;
  std::function<const std::vector<unsigned>&(const z3::expr&)> maps_of = [&](const z3::expr& a) -> const std::vector<unsigned>& {
    auto hit = memo.find(a.id());
    if (hit != memo.end()) return hit->second;
    std::vector<unsigned> out;
    if (is_free_constant(a)) {
      out.push_back(a.id());
    } else if (a.is_app() && a.decl().decl_kind() == Z3_OP_STORE) {
      out = maps_of(a.arg(0));
    } else if (a.is_app() && a.decl().decl_kind() == Z3_OP_ITE) {
      // Each map once: the branches of nested if-then-elses over one store chain share
      // their maps, and appending both lists at every level doubled them (2^depth entries).
      out = maps_of(a.arg(1));
      for (unsigned m : maps_of(a.arg(2)))
        if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
    } else {
      // Anything else (a constant array, a lambda): every free array in it, to be safe.
      visit({a}, [&](const z3::expr& t) {
        if (is_free_constant(t) && t.get_sort().is_array()) out.push_back(t.id());
      });
    }
    return memo.emplace(a.id(), std::move(out)).first->second;
  };
  std::vector<Access> out;
  std::unordered_set<std::uint64_t> found;  // (index, array) pairs
  visit(roots, [&](const z3::expr& e) {
    if (!is_access(e)) return;
    z3::expr i = e.arg(1);
    if (!z3::eq(i.get_sort(), key) || i.is_var()) return;
    if (!found.insert((std::uint64_t(i.id()) << 32) | e.arg(0).id()).second) return;
    out.push_back(Access{i, maps_of(e.arg(0))});
  });
  return out;
}

std::vector<z3::expr> indices_into(const std::vector<Access>& all, const std::unordered_set<unsigned>& reads) {
  std::vector<z3::expr> out;
  std::unordered_set<unsigned> found;
  for (auto& a : all) {
    bool hit = false;
    for (unsigned m : a.maps) hit = hit || reads.count(m);
    if (hit && found.insert(a.index.id()).second) out.push_back(a.index);
  }
  return out;
}

namespace {
bool is_written_array(const z3::expr& a) {
  if (!a.is_app()) return false;
  const Z3_decl_kind k = a.decl().decl_kind();
  return k == Z3_OP_STORE || (k == Z3_OP_ITE && (is_written_array(a.arg(1)) || is_written_array(a.arg(2))));
}
// Whether `e` stores into an array anywhere (it reads the state after some write).
bool reads_writes(const z3::expr& e) {
  bool found = false;
  for_each_subterm(e, [&](const z3::expr& t) {
    if (found || !t.is_app()) return false;
    if (t.decl().decl_kind() == Z3_OP_STORE) found = true;
    return !found;
  });
  return found;
}
}  // namespace

std::optional<z3::expr> read_past_writes(const z3::expr& e, const z3::expr& k) {
  std::optional<z3::expr> out;
  for_each_subterm(e, [&](const z3::expr& t) {
    if (out || !t.is_app()) return false;
    if (t.decl().decl_kind() == Z3_OP_SELECT && t.num_args() == 2 && is_written_array(t.arg(0))) {
      const z3::expr i = t.arg(1);
      if (z3::eq(i.get_sort(), k.get_sort()) && !z3::eq(i, k) && !i.is_var() && !reads_writes(i)) out = i;
    }
    return !out;
  });
  return out;
}

z3::expr StripWrites::operator()(const z3::expr& e) {
  if (!e.is_app() || e.is_quantifier() || e.is_lambda()) return e;
  auto hit = memo_.find(e.id());
  if (hit != memo_.end()) return hit->second;
  z3::expr out = e;
  if (e.decl().decl_kind() == Z3_OP_SELECT && e.num_args() == 2 && z3::eq(e.arg(1), k_)) {
    out = read(e.arg(0));
  } else if (e.num_args() > 0) {
    z3::expr_vector args(e.ctx());
    bool changed = false;
    for (unsigned i = 0; i < e.num_args(); ++i) {
      args.push_back((*this)(e.arg(i)));
      changed = changed || !z3::eq(args.back(), e.arg(i));
    }
    if (changed) out = e.decl()(args);
  }
  memo_.emplace(e.id(), out);
  return out;
}

z3::expr StripWrites::read(const z3::expr& a) {
  if (a.is_app() && a.decl().decl_kind() == Z3_OP_STORE && a.num_args() == 3) {
    if (seen_.insert(a.arg(1).id()).second) written.push_back(a.arg(1));
    return read(a.arg(0));
  }
  if (a.is_app() && a.decl().decl_kind() == Z3_OP_ITE)
    return z3::ite((*this)(a.arg(0)), read(a.arg(1)), read(a.arg(2)));
  return z3::select(a, k_);
}

}  // namespace meshcheck::smt::spec
