// THE SHARED CORE of the composed prover (../shared/spec-profile.md §5 "Composed prover"):
// the composed system's state (the six spec contracts, their balances, the ghost clock)
// as fresh symbolic values, and one step of it: every top-level message of the six
// contracts (from the bridge tables, nested calls inlined) and a plain transfer into a
// contract, each as its guarded paths from a given symbolic pre-state.
//
// Induction (smt/spec/houdini.hpp), the transition and enabledness obligations
// (smt/spec/obligations.hpp) and bounded model checking of the spec profile all build on
// this file: a step is `assumptions(pre, env) ∧ path.guard`, leading to post_of(path).
//
// What is fixed rather than free in a "free" state: which contracts exist and at which
// addresses, their wiring and their admins (spec R8: set by the constructors, written by
// no message). immutables_kept() states that a path keeps them; the prover proves it for
// every path, so fixing them in the pre-state loses nothing.
#pragma once

#include <z3++.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "smt/spec/ghosts.hpp"
#include "smt/spec/message_paths.hpp"

namespace meshcheck::smt::spec {

// The ghost clock (§5): the block and time of the last step (a revert moves it too).
struct Clock {
  ms::SUint<32> block;
  ms::SUint<64> now;
};

// The composed system's state: the six contracts, the clock, and the ghost sums
// (ghosts.hpp), in ghost_sums() order.
struct ComposedState {
  SSys sys;
  Clock clock;
  std::vector<z3::expr> ghosts;
};

// A state where every balance, map, counter and ghost is free (named `<prefix>...`), the
// deployment (addresses, wiring, admins) the standard one.
ComposedState free_state(const std::string& prefix = "pre.");
// The standard deployment (model/spec/spec_system.hpp's standard_system()), clock at 0,
// every ghost 0 (its summed maps are empty): the base case.
ComposedState standard_state();

// A free call environment for a step from `pre`, and what it may assume: the clock does
// not go back (env.block >= clock.block, env.now >= clock.now), and the top-level caller
// is none of the six contracts (a contract signs no top-level call). Nothing of the
// balances or the value: a call that would push a balance past U256::MAX is a path the
// world refuses (model/spec/exec.hpp, errors.hpp's WorldRefusal).
struct StepEnv {
  SEnv env;
  z3::expr assumptions;
};
StepEnv free_env(const ComposedState& pre, const std::string& prefix = "env.");

// The kinds of step.
enum class StepKind { kMessage, kPlainTransfer };

// One step kind of the composed system: a message of a contract, or a plain transfer
// into a contract.
struct StepSite {
  StepKind kind = StepKind::kMessage;
  std::string_view contract;
  std::string_view message;  // "" for a plain transfer
  bool mutates = true;       // false: a read (no path changes the state)
  bool payable = false;
  std::size_t table_index = 0;  // the message's index in its contract's table
  std::string name() const;     // "payment_escrow.deposit_escrow", "plain transfer to payment_escrow"
};
// Every step kind: the messages of the six tables in table order, then the six plain
// transfers. With `with_reads` false the reads are left out (they change nothing).
std::vector<StepSite> step_sites(bool with_reads = true);

// One step kind explored from `pre` in `env`: its fresh arguments and every path.
// A plain transfer has one ok path (its value raises the contract's balance; guard: the
// balance does not overflow U256), no frames, no events, and the path the world refuses
// (the balance would overflow: post = pre).
MessagePaths explore_step(const StepSite& site, const ComposedState& pre, const SEnv& env,
                          const std::string& prefix = "");

// The state after a path from `pre`: its post-system, the clock moved to the call's, each
// ghost updated by its hook (ghosts.hpp).
ComposedState post_of(const ComposedState& pre, const SymPath& path, const SEnv& env);

// What a step from `pre` to `post` may assume of the ghosts by their definition: each is
// at least the sum of its contributions at the keys the step wrote.
z3::expr ghost_facts(const ComposedState& pre, const SSys& post);

// What every reachable state `s` satisfies of its ghosts where the formulas `roots` look:
// each ghost is at least 0 and at least the sum of its contributions at the distinct
// indices `roots` select or store at in the ghost's summed map (the job an exit refunds,
// the account it pays, a batch's intents). Not an invariant to prove: a fact of the
// ghost's definition (ghosts.hpp), as ghost_facts' is. In a reachable state a ghost is
// exactly Σ_k contribution(k) over all keys (0 at the standard deployment, where every
// summed map is empty; each step adds the change at every key it stored at, and
// written_keys refuses a write it cannot follow), and every contribution is ≥ 0, so the
// sum is at least its part at any set of distinct keys. A free state's ghost is a free
// integer that may break this (a negative claimable sum was a spurious counterexample to
// an exit), so a query from a free state must state it. tests/spec_exit_forms_test.cpp
// checks these facts against the true sums of the flows' states.
z3::expr ghost_facts_at(const ComposedState& s, const std::vector<z3::expr>& roots);

// Every term of a system's balances and states (a map's arrays included): where the
// prover looks for the keys a step touched (keys.hpp).
std::vector<z3::expr> state_terms(const SSys& s);

// The addresses, wiring and admins of `post` are those of `pre`.
z3::expr immutables_kept(const SSys& pre, const SSys& post);

// `f` with every string byte length (the model's byte_len: int2bv(32, str.len(s))) as
// design §5's uninterpreted blen: blen(s) = 0 ⇔ s = "", any width-bit value otherwise; and
// every test `str.len(s) > u32::MAX` (the world's refusal of a String argument of 2^32
// bytes or more, model/spec/exec.hpp) as an uninterpreted predicate too_long(s), except
// that of a string literal, which is its value (false: no literal is that long). What it
// saves: the string theory's lengths, which made every query that reads a stored string
// (a confidential job's payload and key, at every key a step touches) exhaust its
// resource limit.
//
// Why a proof of the abstracted formula holds for the model, with no assumption: the true
// byte_len and the true length test are one interpretation of blen and too_long, and it
// agrees with the formula's at every string the formula measures, as every such string
// is shorter than 2^32 bytes (where byte_len is the exact length, nonzero for s ≠ ""):
//  - an argument: the top-level call's arguments are tested first, before any message
//    code runs, and a path that measures one lies past the test, so under its guard the
//    argument is short (the path that fails the test measures nothing);
//  - a stored string: every stored string is short in every reachable state. The standard
//    deployment stores only "" (standard_state()), and a step stores only strings it was
//    given or already held: strings_copied() below, checked on every path of every step
//    (tests/spec_step_test.cpp), so by induction every stored string is one a call was
//    given past its test, or "".
// So every counterexample of the model's formula is one of the abstracted formula, and
// an abstracted proof (unsat) is a proof of the model's: exact, not an assumption.
z3::expr abstract_lengths(const z3::expr& f);

// The proof obligation behind abstract_lengths: every string each state-changing path of
// `mp` (explored from `pre`) leaves in storage is a string of `pre`, one of `mp.args`, or a
// literal, copied (by if-then-else, array store and select), never built (no
// concatenation, no substring, no fresh string). "" when so; else the path and the term.
std::string strings_copied(const ComposedState& pre, const MessagePaths& mp);

}  // namespace meshcheck::smt::spec
