// The candidate set of the composed prover's induction (houdini.hpp): every per-entry
// state predicate of the spec invariants (invariants/spec/: GenericForm, one text in both
// domains), the lemmas the design names (§6, marked as lemmas in the invariant files),
// and the composed system's own facts (the deployment never changes). Each is a
// predicate ∀k. P(state, k) over a key of a fixed sort. One that quantifies over what no
// u128 key reaches (an account, a subscriber) reads a free constant instead (a "point":
// point.account, point.token, point.subscriber) that no query constrains, so what is
// proved of it holds at every point; a ghost it compares with counts at the same point
// (ghosts.hpp).
#pragma once

#include <z3++.h>

#include <functional>
#include <string>
#include <vector>

#include "smt/spec/step.hpp"

namespace meshcheck::smt::spec {

struct StateCandidate {
  std::string id;    // the invariant (or lemma) it belongs to
  std::string part;  // which part, when it has several
  bool lemma = false;
  unsigned key_bits = 128;  // the key's sort: bv(key_bits)
  std::function<z3::expr(const ComposedState&, const z3::expr& key)> at;
  std::string name() const { return part.empty() ? id : id + " (" + part + ")"; }
};

// Every candidate, in module order (invariants/spec/spec.hpp's modules()), then the
// composed system's own.
std::vector<StateCandidate> state_candidates();

// The composed system's own candidate: the deployment (which contracts, at which
// addresses, their wiring and admins) is the standard one.
inline constexpr const char* kDeploymentLemma = "L-DEPLOYMENT";

}  // namespace meshcheck::smt::spec
