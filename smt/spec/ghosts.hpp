// The composed prover's ghost sums (§6 "ghost" column), Certora-style: each ghost is
// declared once with the hook that keeps it, side by side. A ghost sum G over a storage
// map M is Σ_k contribution(M, k); it lives in the composed state as a free integer (Z3's
// Int: the true sum, never wrapped), and every step updates it from the entries the step
// wrote:
//
//   G' = G + Σ over the distinct keys k the step stored at in M: contribution'(k) − contribution(k)
//
// The written keys are read off the post-state's store chain down to the pre-state's map,
// so no write escapes the hook. At the standard deployment every summed map is empty and
// every ghost 0. Because G is, by construction, the sum over all keys of non-negative
// contributions, a step may assume, for any set of distinct keys, G ≥ the sum of their
// contributions, and G ≥ 0 (ghost_bounds): facts of the ghost's definition, not invariants.
//
// Why integers: G-SOLVENT compares a balance with a sum of ghosts. As bit-vectors (the
// ghosts once were bv260), its step is an inequality across subtractions that must not
// wrap, which bit-blasting decides only by reasoning about carry chains: the bare core of
// withdraw_rewards' step (bal - a >= (J - a) + C + L from bal >= J + C + L, J >= a,
// bal >= a) exhausts 15M units by itself. As integers the same step is linear arithmetic
// (175 units). A contract's values stay bit-vectors; int_of() reads one as the integer it
// denotes, exactly (a wrap is a term of its own, tied to the very overflow test the model's
// guards use, so a guarded path's integer is the plain sum).
//
// N-BALANCE's per-account count is a ghost sum too, at a point: the number of live tokens
// owned by point_account(), a free account that every query leaves unconstrained, so a
// proof about it is a proof for every account (the candidates that read it do too).
#pragma once

#include <z3++.h>

#include <string>
#include <string_view>
#include <vector>

#include "invariants/spec/spec.hpp"
#include "smt/spec/message_paths.hpp"

namespace meshcheck::smt::spec {

// The width of a ghost's contribution (a bit-vector, read as an integer by int_of): wide
// enough that no sum of contributions a form builds wraps.
inline constexpr unsigned kGhostBits = 260;

struct GhostSum {
  std::string_view name;                                         // "escrow.locked_jobs"
  z3::expr (*present)(const SSys& s);                          // the summed map's present array
  z3::expr (*contribution)(const SSys& s, const z3::expr& key);  // a bv(kGhostBits), 0 for an absent key
  bool at_point = false;  // counts at point_account(): a term over it, not a number, at a lifted state
  // 0: an integer. Else a count kept modulo 2^modulo_bits (a bit-vector of that width), for
  // a count whose true value is below it (N-BALANCE's: at most the number of token ids,
  // 2^128 - 1), compared only for equality with a counter of that width: a step's
  // `c + 1 = g + 1` is then the same term on both sides, where as integers it cost more
  // than 15M units at transfer.
  unsigned modulo_bits = 0;
};

// The account N-BALANCE's ghost counts the tokens of (a free bv160 named
// "point.account"): universally quantified by being left free in every query.
z3::expr point_account();

// The exact integer a bit-vector term denotes (unsigned): structural over +, -, zero
// extension and if-then-else, each wrap a term `ite(overflow, 2^n, 0)` whose test is the
// model's own (add_overflows: !bvadd_no_overflow; sub_underflows: bvult), so a path whose
// guard excludes the wrap has the plain sum; a sum too narrow to wrap (of zero extensions,
// as wide() builds) has no wrap term; anything else is bv2int of it.
z3::expr int_of(const z3::expr& bv);

// `f` under the ranges of the bit-vectors it reads as integers: (∧ 0 <= bv2int(x) < 2^n over
// its bv2int terms) ⇒ f, equivalent to f. Z3 adds those ranges itself only once the
// bit-vector part is decided, which under the whole candidate set cost more than 15M units
// at a plain transfer into the escrow; stated, a step's arithmetic is decided at once.
z3::expr within_ranges(const z3::expr& f);

// For each unsigned comparison of bit-vectors in `f` (bvule, bvult, bvuge, bvugt) over
// values `f` also reads as integers (a bv2int term of f is among what int_of reads of
// them): `comparison ⇔ the same comparison of their int_of`. Valid facts (int_of is
// exact), so adding them changes no answer; what they save: a balance's bit-vector test
// (a transfer's `amount <= balance`) against an integer sum (G-SOLVENT) is otherwise
// decided only by bit-blasting bv2int, which exhausted 15M units on an exit.
z3::expr comparisons_as_integers(const z3::expr& f);

// `f` with each equality of bit-vectors one side of which is a sum or a difference (maybe
// zero-extended) read as the equality of their int_of: an equivalent formula (int_of is
// exact; binders are not entered). What it saves: a step form's `after + amount = before`
// in wide() arithmetic that cannot wrap (X-SLASH's stake and claimable, G-VALUE's balances)
// is otherwise decided by bit-blasting adders of 264 bits, where as integers it is linear
// arithmetic over the model's own overflow tests (smt/spec/ask.hpp asks it so).
z3::expr equalities_as_integers(const z3::expr& f);

// A ghost's value in the standard deployment (0) and free, named `name`.
z3::expr ghost_zero(const GhostSum& g);
z3::expr ghost_fresh(const GhostSum& g, const std::string& name);

// The ghosts of a system lifted from a concrete one (model/spec/system.hpp lift_system),
// in ghost_sums() order: each the sum of its contributions at the keys its summed map
// stores at, a number (a term over point_account() for a count at the point). Bounded
// model checking starts its runs from them; a vacuity witness (witness.hpp) pins to them.
std::vector<z3::expr> lifted_ghosts(const SSys& s);

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

// The ghost after a step from `pre` to `post`, from its value `before` (integers).
z3::expr ghost_after(const GhostSum& g, const z3::expr& before, const SSys& pre, const SSys& post);

// The transition invariants stated over the ghost sums, as step forms (invariants/spec/
// spec.hpp StepForm: the prover proves them on every path of every step beside the modules'
// own): E-CONSERVE (the escrow's balance moves with its three sums) and R-STAKE (the
// registry's with its stakes), each an equality of integers (int_of and ghost_after's
// change: exact). Their concrete checks are the modules' (view.cpp's ghosts as
// numbers); tests/spec_step_forms_test.cpp holds the two to the same verdict.
const std::vector<::meshcheck::invariants::spec::StepForm>& ghost_step_forms();

// `value ≥ Σ over the distinct keys of `keys` of the contribution in `s`, and value ≥ 0`
// (integers).
z3::expr ghost_bounds(const GhostSum& g, const z3::expr& value, const SSys& s, const std::vector<z3::expr>& keys);

}  // namespace meshcheck::smt::spec
