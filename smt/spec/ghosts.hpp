// The composed prover's ghost sums (§6 "ghost" column), Certora-style: each ghost is
// declared once with the hook that keeps it, side by side. A ghost sum G over a storage
// map M is Σ_k contribution(M, k); it lives in the composed state as a free bv260 (wide
// enough that the true sum, at most 2^128 entries of at most 2^128, never wraps, nor a sum
// of three of them; narrower is cheaper to bit-blast), and every step updates it from the
// entries the step wrote:
//
//   G' = G + Σ over the distinct keys k the step stored at in M: contribution'(k) − contribution(k)
//
// The written keys are read off the post-state's store chain down to the pre-state's map,
// so no write escapes the hook. At the standard deployment every summed map is empty and
// every ghost 0. Because G is, by construction, the sum over all keys of non-negative
// contributions, a step may assume, for any set of distinct keys, G ≥ the sum of their
// contributions (ghost_bounds): a fact of the ghost's definition, not an invariant.
#pragma once

#include <z3++.h>

#include <string_view>
#include <vector>

#include "invariants/spec/spec.hpp"
#include "smt/spec/message_paths.hpp"

namespace meshcheck::smt::spec {

inline constexpr unsigned kGhostBits = 260;

struct GhostSum {
  std::string_view name;                                         // "escrow.locked_jobs"
  z3::expr (*present)(const SSys& s);                          // the summed map's present array
  z3::expr (*contribution)(const SSys& s, const z3::expr& key);  // a bv(kGhostBits), 0 for an absent key
};

// The ghosts, in the order ComposedState::ghosts holds them.
const std::vector<GhostSum>& ghost_sums();
// Index of a ghost by name (a logic error when there is none).
std::size_t ghost_index(std::string_view name);

// The distinct keys stored at on the way from `pre_present` to `post_present` (a store
// chain, maybe under if-then-else). When the chain does not reach pre's map, but ends where
// pre's own chain ends (two maps lifted from concrete states: stores over one default
// array), pre's keys are added: the two maps agree off those keys. Anything else is a logic
// error (a write the hook cannot follow).
std::vector<z3::expr> written_keys(const z3::expr& post_present, const z3::expr& pre_present);

// The ghost after a step from `pre` to `post`, from its value `before`.
z3::expr ghost_after(const GhostSum& g, const z3::expr& before, const SSys& pre, const SSys& post);

// The ghost's change over a step from `pre` to `post` (a bv(kGhostBits), modulo 2^kGhostBits:
// a fall is its two's complement): ghost_after from 0.
z3::expr ghost_change(const GhostSum& g, const SSys& pre, const SSys& post);

// The transition invariants stated over the ghost sums, as step forms (invariants/spec/
// spec.hpp StepForm: the prover proves them on every path of every step beside the modules'
// own): E-CONSERVE (the escrow's balance moves with its three sums) and R-STAKE (the
// registry's with its stakes). Their concrete checks are the modules' (view.cpp's ghosts as
// numbers); tests/spec_step_forms_test.cpp holds the two to the same verdict.
const std::vector<::meshcheck::invariants::spec::StepForm>& ghost_step_forms();

// `value ≥ Σ over the distinct keys of `keys` of the contribution in `s``.
z3::expr ghost_bounds(const GhostSum& g, const z3::expr& value, const SSys& s, const std::vector<z3::expr>& keys);

}  // namespace meshcheck::smt::spec
