// The enabledness query of one exit form (invariants/spec/spec.hpp ExitForm), as the
// composed prover asks it (obligations.hpp prove_exit_forms) and the tests ask it under
// chosen candidates or a spec mutant: from a free state, at a free key,
//
//   env ∧ ghosts' definition at the form's keys ∧ (the cone of `use`, at the form's keys) ∧ ¬form
//
// unsat proves the exit enabled in every state where the candidates of `use` hold. A form
// with cases (spec.hpp ExitForm::cases) is asked in parts, each part that query ∧ its case
// (the last, the query ∧ no case), each within `limits`.
// - The ghosts' definition (step.hpp ghost_facts_at): each ghost sum is at least 0 and at
//   least its contributions at the job, intent or account the form reads; not assumed
//   but a fact of every reachable state (the exit calls pay amounts that G-SOLVENT
//   covers only through the sums).
// - The cone (workspace.hpp): the candidates of `use` sharing a symbol with the form, the
//   environment or those facts, transitively; one left out constrains nothing the query
//   reads, so the answer is the one from all of `use`.
// - The ranges of the bit-vectors read as integers, and each comparison of such values
//   stated of their integers too (ghosts.hpp within_ranges, comparisons_as_integers):
//   valid facts, stated so that a transfer's bit-vector test meets G-SOLVENT's integer
//   sums without bit-blasting bv2int.
#pragma once

#include <z3++.h>

#include <functional>
#include <string>
#include <vector>

#include "invariants/spec/spec.hpp"
#include "smt/query.hpp"
#include "smt/spec/candidates.hpp"
#include "smt/spec/step.hpp"

namespace meshcheck::smt::spec {

// One part of a query asked in cases (ExitForm::cases): the case's label ("the rest" for
// the last) and its answer.
struct ExitPart {
  std::string label;
  Answer answer;
};

struct ExitAnswer {
  // The whole query's: unsat when every part is; sat when one is (the parts after it are
  // not asked); else unknown, with the first undecided part's reason. Units and seconds
  // are the parts' sums.
  Answer answer;
  std::vector<ExitPart> parts;       // one, the whole query, for a form without cases
  std::vector<std::size_t> assumed;  // the candidates the query assumed (its cone of `use`)
  std::string counterexample;        // when sat: the key and environment of the model
};

// What a sat answer's model says beyond the key and environment, for a caller that must
// read the state (the surveys): given the model, the query's free state, its environment
// and its key (in the query's context, still open), a text appended to `counterexample`.
using ExitModelProbe =
    std::function<std::string(const z3::model&, const ComposedState&, const StepEnv&, const z3::expr& key)>;

// Asks `form`'s query from the candidates marked in `use`, within `limits`. Builds the
// form in a context of its own on the calling thread (so a spec mutant active there
// changes the exit call the form explores). `probe`, if given, reads a sat model.
ExitAnswer ask_exit_form(const invariants::spec::ExitForm& form, const std::vector<StateCandidate>& candidates,
                         const std::vector<char>& use, const QueryLimits& limits, const ExitModelProbe& probe = {});

}  // namespace meshcheck::smt::spec
