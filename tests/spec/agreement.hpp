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

#include <sstream>
#include <string>

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

// Whether `e` is valid, sig_ok fixed pointwise. The agreement check's formulas are ground
// (literals only), so simplification mostly decides them; the solver does the rest.
inline bool holds(z3::context& c, const z3::expr& formula) {
  z3::expr e = fix_sig_ok(formula);
  z3::expr simple = e.simplify();
  if (simple.is_true()) return true;
  if (simple.is_false()) return false;
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
  z3::context ctx;
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
