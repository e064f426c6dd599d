// The composed prover's two-run obligation (self-composition): a TwoRunForm
// (invariants/spec/spec.hpp, M-PERMUTE's) proved over the composed system.
//
// From one free pre-state (step.hpp free_state: every map, counter and balance free) and
// one free environment, the form's step is explored twice, each run with fresh arguments
// (explore_step with the prefixes "first." and "second."); the form ties the second
// run's arguments to the first's. The query asks whether the two runs can end
// differently:
//  - one ok and the other refused, or both refused with different errors (each path's
//    outcome class: "ok", or its revert reason, SymPath::reason(), which names the error
//    and, for a nested call's, where it failed); a pair of paths of different classes
//    differs as soon as both guards hold;
//  - both ok (or both refused with a value kept: a mutant's), with another post-state
//    (every contract's state and balance), returned value or events.
// unsat: no state, environment and tied arguments let the runs differ: the form holds
// from every state, so from every reachable one; no candidate of the inductive set is
// assumed (none is needed: create_batch reads only the sorted list). sat: the model's two
// argument lists are the counterexample (from a free state: a counterexample to the
// property over all states, which a reachable run may or may not meet). Undecided: UNKNOWN.
//
// The query is abstract_lengths'd as every query of the run is (exact: step.hpp), and
// handed the form's facts (valid under the tie, proved by the run's network obligations).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "invariants/spec/spec.hpp"
#include "smt/engines/engine.hpp"
#include "smt/query.hpp"
#include "smt/spec/obligations.hpp"

namespace meshcheck::smt::spec {

// What a form's two-run queries found: one answer per case of the form (its `cases`; one
// case when it has none), and on the first sat case the two runs' arguments in the model
// (each run's argument leaves, as message_paths flattens them) and how they end.
struct TwoRunAnswer {
  std::vector<std::string> case_names;  // "case 1 of 8", ...
  std::vector<Answer> cases;
  z3::check_result result = z3::unknown;  // unsat: every case unsat; sat: some case sat
  std::uint64_t rlimit = 0;               // over every case
  std::vector<std::string> first_args, second_args;
  std::string first_end, second_end;  // "ok" or the revert reason, on sat
};
// The form's queries, with the facts (with_facts false: without them, to measure what they
// save), each under `limits`; they stop at the first sat case. The step is explored here:
// a mutant active while this runs (mutation::spec::activate) is explored as the step.
TwoRunAnswer two_run_answer(const invariants::spec::TwoRunForm& form, const QueryLimits& limits,
                            bool with_facts = true);

// One outcome per form, in order: proved when every case's query is unsat; an obligation
// per case asked.
std::vector<FormOutcome> prove_two_run_forms(const std::vector<const invariants::spec::TwoRunForm*>& forms,
                                             const ProveOptions& options, Progress* progress = nullptr);

}  // namespace meshcheck::smt::spec
