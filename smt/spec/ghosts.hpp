// The composed prover's ghost sums (§6 "ghost" column), Certora-style: each ghost is
// declared once with the hook that keeps it, side by side. A ghost sum G over a storage
// map M is Σ_k contribution(M, k); it lives in the composed state as a free bv320 (wide
// enough that the true sum, at most 2^128 entries of at most 2^129, never wraps), and
// every step updates it from the entries the step wrote:
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

#include "smt/spec/message_paths.hpp"

namespace meshcheck::smt::spec {

inline constexpr unsigned kGhostBits = 320;

struct GhostSum {
  std::string_view name;                                       // "escrow.locked_jobs"
  z3::expr (*present)(const SSys& s);                          // the summed map's present array
  z3::expr (*contribution)(const SSys& s, const z3::expr& key);  // a bv320, 0 for an absent key
};

// The ghosts, in the order ComposedState::ghosts holds them.
const std::vector<GhostSum>& ghost_sums();
// Index of a ghost by name (a logic error when there is none).
std::size_t ghost_index(std::string_view name);

// The distinct keys stored at on the way from `pre_present` to `post_present` (a store
// chain, maybe under if-then-else); a logic error if the chain does not end at pre's map.
std::vector<z3::expr> written_keys(const z3::expr& post_present, const z3::expr& pre_present);

// The ghost after a step from `pre` to `post`, from its value `before`.
z3::expr ghost_after(const GhostSum& g, const z3::expr& before, const SSys& pre, const SSys& post);

// `value ≥ Σ over the distinct keys of `keys` of the contribution in `s``.
z3::expr ghost_bounds(const GhostSum& g, const z3::expr& value, const SSys& s, const std::vector<z3::expr>& keys);

}  // namespace meshcheck::smt::spec
