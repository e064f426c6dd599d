// The spec profile's verdicts (prover.hpp).
#include "smt/spec/prover.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "invariants/invariant.hpp"
#include "invariants/spec/spec.hpp"
#include "smt/query.hpp"
#include "smt/spec/houdini.hpp"
#include "smt/spec/network_facts.hpp"
#include "smt/spec/obligations.hpp"
#include "smt/spec/two_runs.hpp"
#include "smt/spec/witness.hpp"

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

namespace {

// The run's own checks, which every proof rests on, and what keeps a proof from them.
//
// Why every verdict, and not only those whose queries met the failing site: every PROVED
// verdict stands on the inductive set (a state invariant is a member of it; a step form
// and an exit form are proved under it), and the set's proof is a query at every site
// (HoudiniOutcome::steps), as a step form's is. So
// - a site whose vacuity check is undecided may be a step no state of the set can take:
//   then every query at it, the set's among them, proved nothing about it, and no
//   verdict can say the step keeps its invariant;
// - a stored string built rather than copied would make abstract_lengths inexact in every
//   query, the set's among them;
// - the sorting network's facts are conjoined to every path of create_batch: a fact not
//   proved may make the set's queries at create_batch vacuous.
// A site proved unable to succeed as a top-level call (no ok path feasible: a message
// only a contract may call) is not a failure: it is said beside each verdict.
struct RunChecks {
  std::vector<Obligation> obligations;  // listed among every verdict's
  std::string failure;                  // why none is PROVED ("": every check holds)
  std::string vacuous_sites;            // proved vacuous as top-level calls
  std::string rests_on;                 // what a PROVED verdict says it rests on
};

// The inductive set's steps and the run's checks are one query each, listed under every
// verdict that stands on them: marked shared, so that a total over the verdicts (prove
// --slowest) counts each once.
void append_shared(std::vector<Obligation>& to, const std::vector<Obligation>& from) {
  for (const Obligation& o : from) {
    to.push_back(o);
    to.back().shared = true;
  }
}

RunChecks run_checks(const SpecRun& run) {
  RunChecks out;
  std::string undecided;
  for (auto& v : run.vacuity) {
    out.obligations.push_back(v.obligation);
    if (v.unknown)
      undecided += (undecided.empty() ? "" : ", ") + v.site + " (" + v.obligation.result + ")";
    else if (!v.feasible)
      out.vacuous_sites += (out.vacuous_sites.empty() ? "" : ", ") + v.site;
  }
  out.obligations.push_back(run.strings.obligation);
  std::string network_failure;
  for (auto& o : run.network) {
    out.obligations.push_back(o);
    if (o.result != "unsat" && network_failure.empty()) network_failure = o.what + ": " + o.result;
  }
  if (!undecided.empty())
    out.failure = "the vacuity check of " + undecided +
                  " is undecided: a step that may never succeed from a state of the inductive set may be one "
                  "every proof proved nothing about";
  else if (!run.strings.holds)
    out.failure =
        "abstract_lengths is not shown exact: " + run.strings.obligation.what + ": " + run.strings.obligation.result;
  else if (run.network.empty())
    out.failure = "the sorting network's facts handed to create_batch's encoding were not asked";
  else if (!network_failure.empty())
    out.failure = "the sorting network's facts handed to create_batch's encoding are not proved: " + network_failure;
  out.rests_on = "rests on the run's checks, among its obligations: the vacuity of each of the " +
                 std::to_string(run.vacuity.size()) + " steps, strings copied at every step (syntactic), the sorting " +
                 "network's facts create_batch is handed (" + std::to_string(run.network.size()) + " Z3 queries)";
  return out;
}

// Keeps `w` until the process exits, reachable (no leak checker reports it): see
// ProveOptions::free_at_end.
void leave_to_exit(std::unique_ptr<Workspace> w) {
  static std::mutex guard;
  static auto* kept = new std::vector<std::unique_ptr<Workspace>>;
  std::lock_guard<std::mutex> lock(guard);
  kept->push_back(std::move(w));
}

}  // namespace

std::vector<ProofVerdict> spec_verdicts(const std::vector<const invariants::Invariant*>& wanted, const SpecRun& run) {
  const auto& cands = run.candidates;
  const HoudiniOutcome& h = run.houdini;
  const RunChecks checks = run_checks(run);
  std::vector<ProofVerdict> out;
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
    if (state_parts && !failed) append_shared(v.obligations, h.steps);
    bool on_the_set = state_parts > 0;  // some form of it is proved under the inductive set
    for (std::size_t f = 0; f < run.step_forms.size(); ++f) {
      if (run.step_forms[f]->id != inv->id) continue;
      // A state invariant with no state form, judged per step (Q-BUDGET, R-MINSTAKE: the
      // statement fixes each entry at the step that writes it, and the standard deployment
      // holds no entry), is owned by its step forms: every step keeps it, so every
      // reachable state meets it.
      if (inv->kind == invariants::Kind::Transition || (inv->kind == invariants::Kind::State && state_parts == 0))
        own = true;
      on_the_set = true;
      v.obligations.insert(v.obligations.end(), run.steps[f].obligations.begin(), run.steps[f].obligations.end());
      if (!run.steps[f].proved)
        fail(form_label(run.step_forms[f]->id, run.step_forms[f]->part), run.steps[f].unknown, run.steps[f].why);
    }
    for (std::size_t f = 0; f < run.exit_forms.size(); ++f) {
      if (run.exit_forms[f]->id != inv->id) continue;
      if (inv->kind == invariants::Kind::Messages) own = true;
      on_the_set = true;
      v.obligations.insert(v.obligations.end(), run.exits[f].obligations.begin(), run.exits[f].obligations.end());
      if (!run.exits[f].proved)
        fail(form_label(run.exit_forms[f]->id, run.exit_forms[f]->part), run.exits[f].unknown, run.exits[f].why);
    }
    for (std::size_t f = 0; f < run.two_run_forms.size(); ++f) {
      if (run.two_run_forms[f]->id != inv->id) continue;
      if (inv->kind == invariants::Kind::TwoRun) own = true;
      v.obligations.insert(v.obligations.end(), run.two_runs[f].obligations.begin(), run.two_runs[f].obligations.end());
      if (!run.two_runs[f].proved)
        fail(form_label(run.two_run_forms[f]->id, run.two_run_forms[f]->part), run.two_runs[f].unknown,
             run.two_runs[f].why);
    }
    // A part of the statement that no form states keeps the verdict from PROVED whatever
    // the forms' answers: they prove less than the statement says.
    std::string unstated;
    for (auto& u : run.unstated)
      if (u.id == inv->id)
        unstated += (unstated.empty() ? "" : "; ") + std::string(u.part) + " (" + std::string(u.why) + ")";
    if (failed) {
      v.kind = Kind::Unknown;
      v.unknown_step = unknown;
      v.detail = unknown ? "UNKNOWN: " + why : std::string(kNotProvedCti) + why;
    } else if (!own) {
      v.kind = Kind::Unknown;
      v.detail = std::string("no symbolic ") + own_kind_form(inv->kind) + " of " + inv->id +
                 " yet: the composed prover has nothing to prove it with";
    } else if (!unstated.empty()) {
      v.kind = Kind::Unknown;
      v.detail = "UNKNOWN: every form of " + inv->id + " is proved, but no form states " + unstated;
    } else {
      // Every form proved: the proof stands if the run's checks do (run_checks: why each
      // takes every verdict).
      append_shared(v.obligations, checks.obligations);
      if (!checks.failure.empty()) {
        v.kind = Kind::Unknown;
        v.detail = "UNKNOWN: every form is proved, but " + checks.failure;
      } else {
        // The lemmas: every other member of the inductive set (induction assumed them all),
        // when some form of the invariant stood on the set; a two-run form alone is asked
        // from a free state with no candidate assumed (two_runs.hpp), so leans on none.
        std::set<std::string> lemmas;
        for (std::size_t c = 0; c < cands.size() && on_the_set; ++c)
          if (h.inductive[c] && cands[c].id != inv->id) lemmas.insert(cands[c].id);
        v.lemmas.assign(lemmas.begin(), lemmas.end());
        v.detail = checks.rests_on;
        if (!checks.vacuous_sites.empty())
          v.detail += "; as a top-level call, no ok path of " + checks.vacuous_sites +
                      " is feasible from a state of the inductive set (messages only a contract may call are "
                      "proved as the nested calls they are)";
      }
    }
    for (auto& o : v.obligations) v.seconds += o.seconds;
    out.push_back(std::move(v));
  }
  return out;
}

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
  SpecRun run;
  run.candidates = state_candidates();
  const auto& cands = run.candidates;
  auto is_wanted = [&](std::string_view id) {
    return std::any_of(wanted.begin(), wanted.end(), [&](auto* inv) { return inv->id == id; });
  };
  for (const is::SpecModule* m : is::modules()) {
    for (auto& f : m->step_forms)
      if (is_wanted(f.id)) run.step_forms.push_back(&f);
    for (auto& f : m->exit_forms)
      if (is_wanted(f.id)) run.exit_forms.push_back(&f);
    for (auto& f : m->two_run_forms)
      if (is_wanted(f.id)) run.two_run_forms.push_back(&f);
  }
  // The transition invariants stated over the ghost sums (ghosts.hpp), beside the modules'.
  for (auto& f : ghost_step_forms())
    if (is_wanted(f.id)) run.step_forms.push_back(&f);

  for (const is::SpecModule* m : is::modules())
    run.unstated.insert(run.unstated.end(), m->unstated.begin(), m->unstated.end());
  const std::vector<StepSite> sites = step_sites(false);  // reads change no state and decide no step
  std::unique_ptr<Workspace> explored;
  {
    // The phases on one pool of `jobs` threads (TaskPool), each waiting only for what it
    // reads: the two-run forms and the network's facts assume nothing, so they run beside
    // the exploration and Houdini; the step forms, the exit forms and the vacuity checks
    // read Houdini's set; the step forms and the vacuity checks query the same sites'
    // contexts, so one after the other, and the exit forms (contexts of their own) run as
    // one task beside other work, below. A phase's end then leaves no thread idle while
    // another has work: run after the step forms, the exit forms' 4 s of execute_batch
    // cases, one after the other, had kept one thread busy and the other idle. What each
    // query asks is the same in any order.
    std::optional<TaskPool> pool;
    if (options.jobs > 1) pool.emplace(options.jobs);
    std::vector<std::function<void()>> chains = {
        [&] {
          explored = std::make_unique<Workspace>(sites, cands, options.jobs);
          Workspace& work = *explored;
          run.strings = check_strings_copied(work);  // syntactic
          // The exit forms one after the other, as one task: beside Houdini's expensive pass,
          // from the set it assumes (BesideExpensive); kept if the search ends with that set,
          // else asked again from the final set among the step forms' sites. Their contexts
          // are their own, so what they answer depends on the set alone, not on when.
          ProveOptions one_by_one = options;
          one_by_one.jobs = 1;
          std::optional<std::vector<char>> exits_from;  // the set run.exits were asked from
          auto exits = [&](const std::vector<char>& set) {
            run.exits = prove_exit_forms(run.exit_forms, cands, set, one_by_one, &progress);
            exits_from = set;
          };
          // Guessed once: a search whose first expensive pass drops a candidate (a broken
          // variant of the model) asks them again from its final set.
          run.houdini = houdini(cands, work, options, &progress, [&](const std::vector<char>& set) {
            if (!exits_from) exits(set);
          });
          std::function<void()> exits_again;
          if (exits_from != run.houdini.inductive) exits_again = [&] { exits(run.houdini.inductive); };
          run.steps = prove_step_forms(run.step_forms, cands, run.houdini.inductive, work, options, &progress,
                                       run.houdini.cost.site_units, exits_again);
          run.vacuity = check_vacuity(cands, run.houdini.inductive, work, options, &progress, fuzz_witnesses(sites));
        },
        [&] {
          run.network = network_obligations(options);
          run.two_runs = prove_two_run_forms(run.two_run_forms, options, &progress);
        },
    };
    if (pool)
      pool->run_chains(chains);
    else
      for (auto& f : chains) f();
  }
  if (!options.free_at_end) leave_to_exit(std::move(explored));

  ProveResult result;
  result.verdicts = spec_verdicts(wanted, run);
  for (auto& v : result.verdicts)
    // A counterexample to induction (not Z3's unknown, not a check of the run) may be a
    // real run: the refuter searches for it.
    if (v.kind == Kind::Unknown && !v.unknown_step && v.detail.rfind(kNotProvedCti, 0) == 0 && refuter())
      if (auto refuted = refuter()(v, options)) v = std::move(*refuted);
  result.seconds = seconds_since(t0);
  result.safety_net_fired = tally.count();
  return result;
}

}  // namespace meshcheck::smt::spec
