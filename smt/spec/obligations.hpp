// The composed prover's obligations beyond induction, each under the proved inductive set
// (houdini.hpp) assumed before the step at every key the formula touches (keys.hpp):
//
// - transition: for each StepForm (invariants/spec/spec.hpp) and every path of every
//   step, refused paths included: invariants(pre) ∧ env ∧ path.guard ⇒ form (asked first
//   from env ∧ path.guard alone, one solver per path: most forms hold by the guard; then
//   from the form's cone of the set, workspace.hpp's cone(): the candidates sharing state
//   with the step and the form). A site's refused paths on which a form is the same term
//   (a refused call leaves the state as it was) are asked first all at once, without their
//   guards (obligations.cpp prove_refused_together: one obligation for all of them);
// - enabledness: for each ExitForm, from a free state: invariants(pre) ∧ env ⇒ form at a
//   free key (the form states "when ⇒ the exit call's ok-path guard"), asked from the
//   form's cone of the set with the ghosts' definition at the form's keys (exit_query.hpp);
//   one obligation per form, with its units; undecided is UNKNOWN;
// - vacuity: for each step site, invariants(pre) ∧ env ∧ (some ok path's guard) is
//   satisfiable: a proof over a message that can never succeed proves nothing about it
//   (asked from the ok paths' cone of the set, workspace.hpp's cone(); pinned first to a
//   call the spec fuzzer made succeed there, witness.hpp);
// - strings copied: abstract_lengths' obligation (step.hpp), a syntactic check of the
//   explored terms, no Z3 query.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "invariants/spec/spec.hpp"
#include "smt/engines/engine.hpp"
#include "smt/spec/witness.hpp"
#include "smt/spec/workspace.hpp"

namespace meshcheck::smt::spec {

struct FormOutcome {
  bool proved = true;
  bool unknown = false;  // not proved because Z3 could not decide (else: a counterexample)
  std::string why;       // the first failing path and its counterexample
  std::vector<Obligation> obligations;
};

// One outcome per form, in order. The sites start in descending order of `estimate` (per
// site of `work`: what its queries are expected to cost; the prover passes Houdini's units
// there), so that the costliest do not start last and finish alone; none: in site order.
// The outcomes do not depend on the order (each site is one thread's, in a context of its own).
// `beside` (if any), work of another phase that queries no site (the prover's exit forms),
// runs on the same threads as Workspace::for_each's `beside`: after the costliest sites have
// started, so that it neither delays them nor finishes alone.
std::vector<FormOutcome> prove_step_forms(const std::vector<const invariants::spec::StepForm*>& forms,
                                          const std::vector<StateCandidate>& candidates,
                                          const std::vector<char>& inductive, Workspace& work,
                                          const ProveOptions& options, Progress* progress = nullptr,
                                          const std::vector<std::uint64_t>& estimate = {},
                                          const std::function<void()>& beside = nullptr);
std::vector<FormOutcome> prove_exit_forms(const std::vector<const invariants::spec::ExitForm*>& forms,
                                          const std::vector<StateCandidate>& candidates,
                                          const std::vector<char>& inductive, const ProveOptions& options,
                                          Progress* progress = nullptr);

// Per site: whether some ok path is feasible from a state of the inductive set. Asked
// first pinned to the site's witness (witnesses[i] for work.sites()[i], when there is
// one: witness.hpp), then, when that is not sat, searched for.
struct VacuityOutcome {
  std::string site;
  bool feasible = true;
  bool unknown = false;
  Obligation obligation;
};
std::vector<VacuityOutcome> check_vacuity(const std::vector<StateCandidate>& candidates,
                                          const std::vector<char>& inductive, Workspace& work,
                                          const ProveOptions& options, Progress* progress = nullptr,
                                          const std::vector<std::optional<StepWitness>>& witnesses = {});

// abstract_lengths' obligation (step.hpp), which makes every query of the run exact: the
// standard deployment stores only literals, and every state-changing path of every site
// of `work` stores only strings it was given or held (strings_copied). A syntactic check
// of the explored terms, no Z3 query: its obligation's result is kStringsCopiedHold, or
// "fails: " and the first site that builds a string (rlimit 0).
inline constexpr const char* kStringsCopiedHold = "holds (syntactic check, no Z3 query)";
struct StringsOutcome {
  bool holds = true;
  Obligation obligation;
};
StringsOutcome check_strings_copied(Workspace& work);

}  // namespace meshcheck::smt::spec
