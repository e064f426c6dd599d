// `meshcheck prove --profile spec`: the composed prover's verdict on each invariant of the
// spec profile (../shared/spec-profile.md §6), in catalog order.
//
// One run: explore every step site once (workspace.hpp), find the inductive subset of the
// state candidates (houdini.hpp), then prove every StepForm and ExitForm and check each
// site for vacuity under that set (obligations.hpp). An invariant is PROVED when it has a
// form of its own kind (a state form for a State invariant, a step form for a Transition
// one, an exit form for a Messages one, a two-run form for a two-run one: two_runs.hpp)
// and every form of it, of any kind, is proved;
// the lemmas a proof leaned on are the other members of the inductive set.
//
// Every proof also rests on the run's own checks, which `prove` discharges itself and
// lists among each verdict's obligations (spec_verdicts below): the vacuity check of every
// site, the strings check that makes every query's abstract_lengths exact (step.hpp), and
// the sorting network's facts create_batch's encoding is handed (network_facts.hpp). One
// that does not hold (a vacuity check undecided, a string built, a fact not unsat) makes
// the verdict UNKNOWN with the reason, never PROVED.
//
// A form that fails with a counterexample to induction is not a violation: the state it
// starts from may be unreachable. Such a verdict is UNKNOWN, its detail "NOT PROVED
// (counterexample to induction)", until bounded model checking from the standard
// deployment finds a run: the hook below (set_spec_refuter) lets the spec BMC engine turn
// it into VIOLATED with a replayable trace, or leave it.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "invariants/invariant.hpp"
#include "invariants/spec/spec.hpp"
#include "smt/prover.hpp"
#include "smt/spec/houdini.hpp"
#include "smt/spec/obligations.hpp"

namespace meshcheck::smt::spec {

// The prefix of the detail of a verdict with a counterexample to induction.
inline constexpr const char* kNotProvedCti = "NOT PROVED (counterexample to induction): ";

// Given a NOT PROVED verdict, a refuter searches for a run from the standard deployment
// that breaks the invariant: a VIOLATED verdict with its trace, or nothing.
using Refuter = std::function<std::optional<ProofVerdict>(const ProofVerdict& not_proved, const ProveOptions& options)>;
void set_spec_refuter(Refuter refuter);

// What one run found, from which its verdicts are assembled.
struct SpecRun {
  std::vector<StateCandidate> candidates;
  HoudiniOutcome houdini;
  std::vector<const invariants::spec::StepForm*> step_forms;
  std::vector<FormOutcome> steps;  // per step form
  std::vector<const invariants::spec::ExitForm*> exit_forms;
  std::vector<FormOutcome> exits;                        // per exit form
  std::vector<const invariants::spec::TwoRunForm*> two_run_forms;
  std::vector<FormOutcome> two_runs;                     // per two-run form
  std::vector<VacuityOutcome> vacuity;                   // per site
  StringsOutcome strings;                                // check_strings_copied
  std::vector<Obligation> network;                       // network_obligations
  std::vector<invariants::spec::UnstatedPart> unstated;  // the modules' (SpecModule::unstated)
};
// The verdict on each of `wanted` (in that order), before any refuter: apart from Z3, so
// that a test can script a run's outcome.
std::vector<ProofVerdict> spec_verdicts(const std::vector<const invariants::Invariant*>& wanted, const SpecRun& run);

ProveResult prove_spec(const ProveOptions& options, const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace meshcheck::smt::spec
