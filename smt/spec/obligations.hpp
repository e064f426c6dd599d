// The composed prover's obligations beyond induction, each under the proved inductive set
// (houdini.hpp) assumed before the step at every key the formula touches (keys.hpp):
//
// - transition: for each StepForm (invariants/spec/spec.hpp) and every path of every
//   step, refused paths included: invariants(pre) ∧ env ∧ path.guard ⇒ form (asked first
//   from env ∧ path.guard alone, one solver per path: most forms hold by the guard; then
//   from the form's cone of the set, workspace.hpp's cone(): the candidates sharing state
//   with the step and the form);
// - enabledness: for each ExitForm, from a free state: invariants(pre) ∧ env ⇒ form at a
//   free key (the form states "when ⇒ the exit call's ok-path guard"), asked from the
//   form's cone of the set with the ghosts' definition at the form's keys (exit_query.hpp);
//   one obligation per form, with its units; undecided is UNKNOWN;
// - vacuity: for each step site, invariants(pre) ∧ env ∧ (some ok path's guard) is
//   satisfiable: a proof over a message that can never succeed proves nothing about it
//   (asked from the ok paths' cone of the set, workspace.hpp's cone()).
#pragma once

#include <string>
#include <vector>

#include "invariants/spec/spec.hpp"
#include "smt/engines/engine.hpp"
#include "smt/spec/workspace.hpp"

namespace meshcheck::smt::spec {

struct FormOutcome {
  bool proved = true;
  bool unknown = false;  // not proved because Z3 could not decide (else: a counterexample)
  std::string why;       // the first failing path and its counterexample
  std::vector<Obligation> obligations;
};

// One outcome per form, in order.
std::vector<FormOutcome> prove_step_forms(const std::vector<const invariants::spec::StepForm*>& forms,
                                          const std::vector<StateCandidate>& candidates,
                                          const std::vector<char>& inductive, Workspace& work,
                                          const ProveOptions& options, Progress* progress = nullptr);
std::vector<FormOutcome> prove_exit_forms(const std::vector<const invariants::spec::ExitForm*>& forms,
                                          const std::vector<StateCandidate>& candidates,
                                          const std::vector<char>& inductive, const ProveOptions& options,
                                          Progress* progress = nullptr);

// Per site: whether some ok path is feasible from a state of the inductive set.
struct VacuityOutcome {
  std::string site;
  bool feasible = true;
  bool unknown = false;
  Obligation obligation;
};
std::vector<VacuityOutcome> check_vacuity(const std::vector<StateCandidate>& candidates,
                                          const std::vector<char>& inductive, Workspace& work,
                                          const ProveOptions& options, Progress* progress = nullptr);

}  // namespace meshcheck::smt::spec
