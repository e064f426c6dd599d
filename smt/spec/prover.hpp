// `meshcheck prove --profile spec`: the composed prover's verdict on each invariant of the
// spec profile (../shared/spec-profile.md §6), in catalog order.
//
// One run: explore every step site once (workspace.hpp), find the inductive subset of the
// state candidates (houdini.hpp), then prove every StepForm and ExitForm and check each
// site for vacuity under that set (obligations.hpp). An invariant is PROVED when it has a
// form of its own kind (a state form for a State invariant, a step form for a Transition
// one, an exit form for a Messages one) and every form of it, of any kind, is proved;
// the lemmas a proof leaned on are the other members of the inductive set.
//
// A form that fails with a counterexample to induction is not a violation: the state it
// starts from may be unreachable. Such a verdict is UNKNOWN, its detail "NOT PROVED
// (counterexample to induction)", until bounded model checking from the standard
// deployment finds a run: the hook below (set_spec_refuter) lets the spec BMC engine turn
// it into VIOLATED with a replayable trace, or leave it.
#pragma once

#include <functional>
#include <optional>

#include "smt/prover.hpp"

namespace meshcheck::smt::spec {

// The prefix of the detail of a verdict with a counterexample to induction.
inline constexpr const char* kNotProvedCti = "NOT PROVED (counterexample to induction): ";

// Given a NOT PROVED verdict, a refuter searches for a run from the standard deployment
// that breaks the invariant: a VIOLATED verdict with its trace, or nothing.
using Refuter = std::function<std::optional<ProofVerdict>(const ProofVerdict& not_proved, const ProveOptions& options)>;
void set_spec_refuter(Refuter refuter);

ProveResult prove_spec(const ProveOptions& options, const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace meshcheck::smt::spec
