// How the spec catalog finds its sites: every message explored symbolically once, on the
// standard deployment (model/spec/spec_system.hpp), with its arguments at their defaults,
// while a recorder listens to the hooks (mutation/spec/hooks.hpp). The explorer takes
// every `decide` both ways and goes on past every `require` whatever the values, so one
// exploration meets every operation on every path of the message and of the messages it
// calls; the values do not matter.
//
// model/spec/bridge/table.hpp keeps a pointer to explore_sites<Msg> beside each message
// of a contract's table: the catalog walks the tables, so a message added to a table is
// mutated without being named anywhere else.
#pragma once

#include <tuple>
#include <type_traits>

#include "model/spec/exec.hpp"
#include "model/spec/spec_system.hpp"

namespace meshcheck::mutation::spec {

template <class F> struct SymbolicArgs;
template <class R, class X, class S, class... A> struct SymbolicArgs<R (*)(X&, S&, A...)> {
  using type = std::tuple<std::remove_cvref_t<A>...>;
};

template <class Msg> void explore_sites() {
  using namespace model::spec;
  using SSys = SpecSystem<Symbolic>;
  z3::context ctx;
  SymbolicScope scope(ctx);
  const SSys pre = lift_system(standard_system());
  const Env<Symbolic> env{};
  using Args = typename SymbolicArgs<decltype(&Msg::template run<SymbolicExec<SSys>, Symbolic>)>::type;
  const Args args{};
  std::apply([&](const auto&... a) { (void)SymbolicExec<SSys>::template explore<Msg>(pre, env, a...); }, args);
}

}  // namespace meshcheck::mutation::spec
