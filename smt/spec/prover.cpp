// The spec profile's verdicts (prover.hpp).
#include "smt/spec/prover.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "invariants/invariant.hpp"
#include "invariants/spec/spec.hpp"
#include "smt/query.hpp"
#include "smt/spec/houdini.hpp"
#include "smt/spec/obligations.hpp"

namespace meshcheck::smt::spec {

namespace is = ::meshcheck::invariants::spec;
using Kind = ProofVerdict::Kind;

namespace {
Refuter& refuter() {
  static Refuter r;
  return r;
}

const char* own_kind_form(invariants::Kind k) {
  switch (k) {
    case invariants::Kind::State: return "state form (GenericForm)";
    case invariants::Kind::Transition: return "step form (StepForm)";
    case invariants::Kind::Messages: return "exit form (ExitForm)";
    case invariants::Kind::TwoRun: return "two-run form";
  }
  return "form";
}

std::string form_label(std::string_view id, std::string_view part) {
  return part.empty() ? std::string(id) : std::string(id) + " (" + std::string(part) + ")";
}

}  // namespace

void set_spec_refuter(Refuter r) { refuter() = std::move(r); }

ProveResult prove_spec(const ProveOptions& options, const std::function<void(std::size_t, std::size_t)>& report) {
  const auto t0 = std::chrono::steady_clock::now();
  Progress progress(report);
  SafetyNetTally tally;
  SafetyNetScope net(&tally);

  std::vector<const invariants::Invariant*> wanted;
  for (auto& inv : invariants::catalog()) {
    if (!inv.in_profile("spec")) continue;
    if (!options.invariants.empty() &&
        std::find(options.invariants.begin(), options.invariants.end(), inv.id) == options.invariants.end())
      continue;
    wanted.push_back(&inv);
  }

  // Induction runs over the whole candidate set whatever --invariant asks: a proof of one
  // invariant leans on the others.
  const std::vector<StateCandidate> cands = state_candidates();
  std::vector<const is::StepForm*> step_forms;
  std::vector<const is::ExitForm*> exit_forms;
  for (const is::SpecModule* m : is::modules()) {
    for (auto& f : m->step_forms)
      if (std::any_of(wanted.begin(), wanted.end(), [&](auto* inv) { return inv->id == f.id; }))
        step_forms.push_back(&f);
    for (auto& f : m->exit_forms)
      if (std::any_of(wanted.begin(), wanted.end(), [&](auto* inv) { return inv->id == f.id; }))
        exit_forms.push_back(&f);
  }
  // The transition invariants stated over the ghost sums (ghosts.hpp), beside the modules'.
  for (auto& f : ghost_step_forms())
    if (std::any_of(wanted.begin(), wanted.end(), [&](auto* inv) { return inv->id == f.id; })) step_forms.push_back(&f);

  const std::vector<StepSite> sites = step_sites(false);  // reads change no state and decide no step
  Workspace work(sites, cands, options.jobs);
  const HoudiniOutcome h = houdini(cands, work, options, &progress);
  const std::vector<FormOutcome> steps = prove_step_forms(step_forms, cands, h.inductive, work, options, &progress);
  const std::vector<FormOutcome> exits = prove_exit_forms(exit_forms, cands, h.inductive, options, &progress);
  const std::vector<VacuityOutcome> vacuity = check_vacuity(cands, h.inductive, work, options, &progress);

  std::string vacuous_sites;
  for (auto& v : vacuity)
    if (!v.feasible) vacuous_sites += (vacuous_sites.empty() ? "" : ", ") + v.site + (v.unknown ? " (undecided)" : "");

  ProveResult result;
  for (const invariants::Invariant* inv : wanted) {
    ProofVerdict v{inv->id, Kind::Proved, "", {}, {}, 0, {}, {}, 0};
    bool own = false, failed = false, unknown = false;
    std::string why;
    auto fail = [&](const std::string& part, bool undecided, const std::string& reason) {
      if (!failed) why = part + ": " + reason;
      failed = true;
      unknown = unknown || undecided;
    };
    std::size_t state_parts = 0;
    for (std::size_t c = 0; c < cands.size(); ++c) {
      if (cands[c].lemma || cands[c].id != inv->id) continue;
      ++state_parts;
      if (inv->kind == invariants::Kind::State) own = true;
      v.obligations.push_back(h.base[c]);
      if (!h.inductive[c]) fail(cands[c].name(), h.unknown[c], h.why[c]);
    }
    if (state_parts && !failed) v.obligations.insert(v.obligations.end(), h.steps.begin(), h.steps.end());
    for (std::size_t f = 0; f < step_forms.size(); ++f) {
      if (step_forms[f]->id != inv->id) continue;
      // A state invariant with no state form, judged per step (Q-BUDGET, R-MINSTAKE: the
      // statement fixes each entry at the step that writes it, and the standard deployment
      // holds no entry), is owned by its step forms: every step keeps it, so every
      // reachable state meets it.
      if (inv->kind == invariants::Kind::Transition || (inv->kind == invariants::Kind::State && state_parts == 0))
        own = true;
      v.obligations.insert(v.obligations.end(), steps[f].obligations.begin(), steps[f].obligations.end());
      if (!steps[f].proved) fail(form_label(step_forms[f]->id, step_forms[f]->part), steps[f].unknown, steps[f].why);
    }
    for (std::size_t f = 0; f < exit_forms.size(); ++f) {
      if (exit_forms[f]->id != inv->id) continue;
      if (inv->kind == invariants::Kind::Messages) own = true;
      v.obligations.insert(v.obligations.end(), exits[f].obligations.begin(), exits[f].obligations.end());
      if (!exits[f].proved) fail(form_label(exit_forms[f]->id, exit_forms[f]->part), exits[f].unknown, exits[f].why);
    }
    if (failed) {
      v.kind = Kind::Unknown;
      v.unknown_step = unknown;
      v.detail = unknown ? "UNKNOWN: " + why : std::string(kNotProvedCti) + why;
    } else if (!own) {
      v.kind = Kind::Unknown;
      v.detail = std::string("no symbolic ") + own_kind_form(inv->kind) + " of " + inv->id +
                 " yet: the composed prover has nothing to prove it with";
    } else {
      // The lemmas: every other member of the inductive set (induction assumed them all).
      std::set<std::string> lemmas;
      for (std::size_t c = 0; c < cands.size(); ++c)
        if (h.inductive[c] && cands[c].id != inv->id) lemmas.insert(cands[c].id);
      v.lemmas.assign(lemmas.begin(), lemmas.end());
      if (!vacuous_sites.empty())
        v.detail = "as a top-level call, no ok path of " + vacuous_sites +
                   " is feasible from a state of the inductive set (messages only a contract may call are "
                   "proved as the nested calls they are)";
    }
    for (auto& o : v.obligations) v.seconds += o.seconds;
    if (v.kind == Kind::Unknown && !unknown && failed && refuter())
      if (auto refuted = refuter()(v, options)) v = std::move(*refuted);
    result.verdicts.push_back(std::move(v));
  }
  result.seconds = seconds_since(t0);
  result.safety_net_fired = tally.count();
  return result;
}

}  // namespace meshcheck::smt::spec
