// The encoding-versus-model check of the spec profile: one message, one concrete call,
// run by both interpreters of its single text. The concrete run must match exactly one
// symbolic path, whose guard holds on the call's values and which names the same branch
// (error or ok), the same innermost failure, and computes the same post-state (every
// balance and every field), return value, events (emitter included), transfers and
// frames.
//
// Phala's signature check is an uninterpreted function in the symbolic domain
// (model/spec/crypto/attestation.hpp); here each of its applications to the call's values is
// fixed to libsecp256k1's answer on them, so the check compares the two interpreters on
// exactly the signature answer the model computed.
#pragma once

#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "model/spec/crypto/attestation.hpp"
#include "model/spec/exec.hpp"

namespace meshcheck::model::spec::testing {

// The symbolic twin of a concrete argument type.
template <class T> struct Twin;
template <> struct Twin<bool> { using type = SBool; };
template <> struct Twin<u8> { using type = SUint<8>; };
template <> struct Twin<u32> { using type = SUint<32>; };
template <> struct Twin<std::int32_t> { using type = SInt32; };
template <> struct Twin<u64> { using type = SUint<64>; };
template <> struct Twin<u128> { using type = SUint<128>; };
template <> struct Twin<U256> { using type = SUint<256>; };
template <> struct Twin<Address> { using type = SAddr; };
template <> struct Twin<std::string> { using type = SStr; };
template <std::size_t N> struct Twin<ByteArray<N>> { using type = SBytes<N>; };
template <class T> requires std::is_enum_v<T> struct Twin<T> { using type = SEnum<T>; };
template <class T> struct Twin<Option<Concrete, T>> { using type = Option<Symbolic, typename Twin<T>::type>; };
template <template <class> class R> struct Twin<R<Concrete>> { using type = R<Symbolic>; };
template <class T, std::size_t N> struct Twin<BoundedVec<Concrete, T, N>> {
  using type = BoundedVec<Symbolic, typename Twin<T>::type, N>;
};

template <class T> typename Twin<T>::type lift_arg(const T& c) {
  typename Twin<T>::type s{};
  lift_into(c, s);
  return s;
}

// One context per thread for every check: creating and destroying a Z3 context per call
// cost more than the checks themselves. Nothing in a check depends on the context being
// fresh (its terms are literals; sig_ok is the same declaration each time).
inline z3::context& agreement_context() {
  static thread_local z3::context c;
  return c;
}

// A ground array (a chain of stores of literals over a constant array) as its default
// and its entries, keyed by AST id (Z3 hash-conses terms, so equal literals share an id).
struct GroundArray {
  unsigned fallback = 0;
  std::map<unsigned, unsigned> entries;
};
inline bool is_literal(const z3::expr& t) {
  return t.is_numeral() || t.is_true() || t.is_false() || t.is_string_value();
}
inline std::optional<GroundArray> ground_array(z3::expr t) {
  // Keys of at least 32 bits: a few hundred stores never cover the domain, so two such
  // arrays are equal exactly when their defaults and entries are.
  z3::sort key = t.get_sort().array_domain();
  if (!key.is_bv() || key.bv_size() < 32) return std::nullopt;
  std::vector<std::pair<z3::expr, z3::expr>> stores;  // outermost (latest) first
  while (t.is_app() && t.decl().decl_kind() == Z3_OP_STORE) {
    stores.emplace_back(t.arg(1), t.arg(2));
    t = t.arg(0);
  }
  if (!t.is_app() || t.decl().decl_kind() != Z3_OP_CONST_ARRAY || !is_literal(t.arg(0))) return std::nullopt;
  GroundArray g{t.arg(0).id(), {}};
  for (auto it = stores.rbegin(); it != stores.rend(); ++it) {
    if (!is_literal(it->first) || !is_literal(it->second)) return std::nullopt;
    g.entries[it->first.id()] = it->second.id();
  }
  return g;
}
inline bool same_array(const GroundArray& a, const GroundArray& b) {
  if (a.fallback != b.fallback) return false;
  auto at = [](const GroundArray& g, unsigned k) {
    auto it = g.entries.find(k);
    return it == g.entries.end() ? g.fallback : it->second;
  };
  for (const auto& e : a.entries)
    if (at(b, e.first) != e.second) return false;
  for (const auto& e : b.entries)
    if (at(a, e.first) != e.second) return false;
  return true;
}
// A simplified ground formula decided without the solver where it is a conjunction of
// literals and equalities of ground arrays (what simplify leaves of a post-state
// comparison: it does not reorder stores); none where the solver must decide.
inline std::optional<bool> decide_ground(const z3::expr& f) {
  if (f.is_true()) return true;
  if (f.is_false()) return false;
  if (f.is_and()) {
    bool all = true;
    for (unsigned i = 0; i < f.num_args(); ++i) {
      std::optional<bool> d = decide_ground(f.arg(i));
      if (d && !*d) return false;
      all = all && d.has_value();
    }
    return all ? std::optional<bool>(true) : std::nullopt;
  }
  if (f.is_eq() && f.arg(0).is_array()) {
    auto a = ground_array(f.arg(0)), b = ground_array(f.arg(1));
    if (a && b) return same_array(*a, *b);
  }
  return std::nullopt;
}

// Whether `e` is valid, sig_ok fixed pointwise. The agreement check's formulas are ground
// (literals only), so simplification and decide_ground mostly decide them; the solver
// does the rest.
inline bool holds(z3::context& c, const z3::expr& formula) {
  z3::expr e = fix_sig_ok(formula);
  if (std::optional<bool> d = decide_ground(e.simplify())) return *d;
  z3::solver s(c);
  s.add(!e);
  return s.check() == z3::unsat;
}

template <class D0, class D1>
z3::expr leaves_equal(const std::vector<ConcreteLeaf>& a, const std::vector<z3::expr>& b, bool& same_count) {
  z3::expr eq = current_context().bool_val(true);
  if (a.size() != b.size()) {
    same_count = false;
    return eq;
  }
  for (std::size_t i = 0; i < a.size(); ++i) eq = eq && lift_leaf(a[i]) == b[i];
  return eq;
}

// "" when both agree, else what differs. `tally` (optional) counts the branch taken.
template <class Msg, class Sys, class... A>
std::string check_agreement(const Sys& pre, const Env<Concrete>& env, std::string* branch, const A&... args) {
  auto c = ConcreteExec<Sys>::template run<Msg>(pre, env, args...);
  if (branch) *branch = std::string(c.branch());
  z3::context& ctx = agreement_context();
  SymbolicScope scope(ctx);
  using SSys = typename Rebind<Symbolic, Sys>::type;
  SSys spre = lift_system(pre);
  Env<Symbolic> senv{lift_arg(env.caller), lift_arg(env.value), lift_arg(env.block), lift_arg(env.now)};
  auto paths = SymbolicExec<SSys>::template explore<Msg>(spre, senv, lift_arg(args)...);

  std::ostringstream why;
  const Result<Symbolic, SSys>* match = nullptr;
  int holding = 0;
  for (auto& p : paths) {
    if (!holds(ctx, p.guard.e)) continue;
    ++holding;
    match = &p;
  }
  if (holding != 1) {
    why << holding << " symbolic paths hold (of " << paths.size() << "); the model took " << c.branch();
    return why.str();
  }
  const auto& s = *match;
  if (s.ok != c.ok || s.error != c.error || s.innermost != c.innermost) {
    why << "the model took " << c.reason() << (c.ok ? "ok" : "") << ", the symbolic path " << s.reason()
        << (s.ok ? "ok" : "");
    return why.str();
  }
  if (!c.ok) return "";
  bool counts = true;
  z3::expr eq = systems_equal(s.post, lift_system(c.post));
  eq = eq && leaves_equal<Concrete, Symbolic>(c.returned, s.returned, counts);
  if (c.events.size() != s.events.size() || c.transfers.size() != s.transfers.size() ||
      c.frames.size() != s.frames.size())
    return "a different number of events, transfers or frames";
  for (std::size_t i = 0; i < c.events.size(); ++i) {
    if (c.events[i].contract != s.events[i].contract || c.events[i].name != s.events[i].name)
      return "event " + std::to_string(i) + " differs: " + std::string(c.events[i].name) + " vs " +
             std::string(s.events[i].name);
    eq = eq && leaves_equal<Concrete, Symbolic>(c.events[i].fields, s.events[i].fields, counts);
  }
  for (std::size_t i = 0; i < c.transfers.size(); ++i) {
    if (c.transfers[i].from != s.transfers[i].from) return "transfer " + std::to_string(i) + " from another contract";
    eq = eq && lift_arg(c.transfers[i].to).e == s.transfers[i].to.e &&
         lift_arg(c.transfers[i].amount).e == s.transfers[i].amount.e;
  }
  for (std::size_t i = 0; i < c.frames.size(); ++i) {
    const auto& cf = c.frames[i];
    const auto& sf = s.frames[i];
    if (cf.contract != sf.contract || cf.message != sf.message || cf.depth != sf.depth)
      return "frame " + std::to_string(i) + " differs";
    eq = eq && lift_arg(cf.caller).e == sf.caller.e && lift_arg(cf.value).e == sf.value.e;
    eq = eq && leaves_equal<Concrete, Symbolic>(cf.args, sf.args, counts);
  }
  if (!counts) return "a return value, event or frame with a different number of fields";
  if (!holds(ctx, eq)) return "the symbolic path computes another post-state, return, event, transfer or frame";
  return "";
}

}  // namespace meshcheck::model::spec::testing
