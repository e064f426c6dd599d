// Worlds of the spec profile for tests that break a step by hand: the spec standard
// deployment's addresses, the world part-way through a flow trace (tests/traces/spec/),
// and that world with one contract's state or one balance edited. The spec invariants'
// tests and the step forms' tests each build their broken steps from these.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <utility>

#include "model/profile.hpp"
#include "model/spec/bridge/table.hpp"
#include "trace/replay.hpp"

namespace meshcheck::testing::spec_worlds {

inline const std::string kFlows = std::string(MESHCHECK_SOURCE_DIR) + "/tests/traces/spec/";

inline Address addr(u8 b) { return Address::filled(AddressKind::H160, b); }
// The six contracts of the spec standard deployment and its actors.
inline const Address kQueue = addr(0xc1), kRegistry = addr(0xc2), kNft = addr(0xc3), kEscrow = addr(0xc4),
                     kPhala = addr(0xc5), kMev = addr(0xc6), kAdmin = addr(0x01), kOwner = addr(0x02),
                     kProvider = addr(0x03), kSubscriber = addr(0x04), kAnyone = addr(0x05), kVerifier = addr(0x06),
                     kExecutor = addr(0x07);

// The world after the first `lines` lines of a flow trace (none of which may diverge).
inline model::World world_after(const std::string& flow, std::size_t lines) {
  trace::Replayer r(model::spec_profile());
  std::ifstream in(kFlows + flow + ".jsonl");
  std::string text;
  trace::LineFindings findings;
  for (std::size_t i = 1; i <= lines && std::getline(in, text); ++i) r.run_line(text, i, findings);
  EXPECT_TRUE(findings.divergences.empty());
  return r.world();
}

// Contract C's state at `at` in `w`.
template <class C>
typename C::template State<model::spec::Concrete> state_of(const model::World& w, const Address& at) {
  return static_cast<const model::spec::bridge::SpecState<C>&>(*w.instance(at)->state).s;
}
// `w` with contract C's state at `at` edited by `edit`.
template <class C, class F>
model::World with(const model::World& w, const Address& at, F edit) {
  auto s = state_of<C>(w, at);
  edit(s);
  model::World out = w;
  out.set_state(at, std::make_shared<model::spec::bridge::SpecState<C>>(std::move(s)));
  return out;
}
// `w` with `a`'s balance set to `b`.
inline model::World with_balance(const model::World& w, const Address& a, const U256& b) {
  model::World out = w;
  out.set_balance(a, b);
  return out;
}

}  // namespace meshcheck::testing::spec_worlds
