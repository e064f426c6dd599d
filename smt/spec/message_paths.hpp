// One top-level call of a spec message with fresh arguments, explored symbolically: the
// message's part of "one step of the composed system" (smt/spec/step.hpp).
//
// model/spec/bridge/table.hpp keeps a pointer to message_paths<Msg> beside each message
// of a contract's table (as it does explore_sites), so the composed prover walks the
// tables and a message added to a table is proved without being named anywhere else.
#pragma once

#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "model/spec/exec.hpp"
#include "model/spec/spec_system.hpp"
#include "smt/spec/fresh.hpp"

namespace meshcheck::smt::spec {

using SSys = ms::SpecSystem<ms::Symbolic>;
using SEnv = ms::Env<ms::Symbolic>;
// One path of one top-level call (model/spec/exec.hpp's Result, symbolic).
using SymPath = ms::Result<ms::Symbolic, SSys>;

// What exploring one message with fresh arguments gives: the arguments (flattened, for
// a counterexample) and every path of the call, nested calls inlined.
struct MessagePaths {
  std::vector<z3::expr> args;
  std::vector<SymPath> paths;
};

template <class F> struct FreshArgs;
template <class R, class X, class S, class... A> struct FreshArgs<R (*)(X&, S&, A...)> {
  using type = std::tuple<std::remove_cvref_t<A>...>;
};

// Msg called from `pre` in `env` with fresh arguments named `<prefix>arg<i>`.
template <class Msg> MessagePaths message_paths(const SSys& pre, const SEnv& env, const std::string& prefix) {
  using Args = typename FreshArgs<decltype(&Msg::template run<ms::SymbolicExec<SSys>, ms::Symbolic>)>::type;
  Args args{};
  std::size_t i = 0;
  std::apply([&](auto&... a) { ((fresh_into(a, prefix + "arg" + std::to_string(i++))), ...); }, args);
  MessagePaths out;
  std::apply([&](const auto&... a) { out.args = ms::leaves<z3::expr>(a...); }, args);
  out.paths = std::apply(
      [&](const auto&... a) { return ms::SymbolicExec<SSys>::template explore<Msg>(pre, env, a...); }, args);
  return out;
}

}  // namespace meshcheck::smt::spec
