// Transition, enabledness and vacuity obligations (obligations.hpp).
#include "smt/spec/obligations.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "smt/query.hpp"
#include "smt/spec/exit_query.hpp"
#include "smt/spec/keys.hpp"

namespace meshcheck::smt::spec {

namespace is = ::meshcheck::invariants::spec;

namespace {

// Resource units of a form's first attempt on a path, from the step alone. Most are
// decided in a few thousand (the full run's trace: 99% of 13 848 proofs alone within 31K
// units); what is not decided within 250K is cheaper under the set (there, 374 proofs
// took 24M units in all, where the 458 first attempts that failed alone had taken 223M).
constexpr std::uint64_t kAloneRlimit = 250'000;

std::string form_name(std::string_view id, std::string_view part) {
  return part.empty() ? std::string(id) : std::string(id) + " (" + std::string(part) + ")";
}

}  // namespace

std::vector<FormOutcome> prove_step_forms(const std::vector<const is::StepForm*>& forms,
                                          const std::vector<StateCandidate>& cands, const std::vector<char>& inductive,
                                          Workspace& work, const ProveOptions& options, Progress* progress) {
  const QueryLimits limits = query_limits(options);
  QueryLimits alone = limits;
  if (alone.rlimit == 0 || alone.rlimit > kAloneRlimit) alone.rlimit = kAloneRlimit;
  const bool trace = std::getenv("MESHCHECK_SPEC_TRACE") != nullptr;
  std::vector<std::vector<FormOutcome>> per_site(work.sites().size(), std::vector<FormOutcome>(forms.size()));
  if (progress)
    for (auto& w : work.sites()) progress->planned(w.mp->paths.size() * forms.size());
  work.for_each([&](std::size_t i, SiteWork& w) {
    auto& outs = per_site[i];
    for (std::size_t n = 0; n < w.mp->paths.size(); ++n) {
      const SymPath& p = w.mp->paths[n];
      const std::string what = "transition " + w.site->name() + " (" + std::string(p.branch()) + ")";
      const z3::expr step = w.env->assumptions && p.guard.e && w.facts[n];
      // One solver per path for the first attempts, the step asserted once: each form is a
      // push, its negation, a check and a pop (the path's guard is set up once, not once
      // per form: most of these queries are decided in a few hundred units).
      z3::solver first = make_solver(*w.ctx, alone);
      first.add(abstract_lengths(step));
      for (std::size_t f = 0; f < forms.size(); ++f) {
        if (!outs[f].proved) {
          if (progress) progress->tick();
          continue;  // one counterexample is enough
        }
        z3::expr form = forms[f]->symbolic(w.pre->sys, w.env->env, p);
        // First from the step alone, with a small share of the limit: most forms hold by
        // the path's own guard (who may call, what it writes), and that query is small.
        first.push();
        first.add(abstract_lengths(!form));
        Answer a = check(first, alone);
        first.pop();
        if (trace)
          std::fprintf(stderr, "%s [%s alone]: %s %llu %.2f s\n", what.c_str(), form_name(forms[f]->id, forms[f]->part).c_str(),
                       a.text().c_str(), (unsigned long long)a.rlimit, a.seconds);
        if (a.result == z3::unsat) {
          if (progress) progress->tick();
          outs[f].obligations.push_back(obligation(std::string(w.site->contract), what + " (from the step alone)", a));
          continue;
        }
        // Under the form's cone of the inductive set (workspace.hpp): the candidates sharing
        // state with the step and the form; the others cannot help (nor be needed).
        z3::solver s = make_solver(*w.ctx, limits);
        s.add(abstract_lengths(step && assumed(cands, cone(w, n, symbols_of(form), inductive), w, n, {form}) && !form));
        a = check(s, limits);
        if (trace)
          std::fprintf(stderr, "%s [%s under the set]: %s %llu %.2f s\n", what.c_str(),
                       form_name(forms[f]->id, forms[f]->part).c_str(), a.text().c_str(), (unsigned long long)a.rlimit,
                       a.seconds);
        if (progress) progress->tick();
        if (a.result == z3::unsat) {
          outs[f].obligations.push_back(obligation(std::string(w.site->contract), what, a));
          continue;
        }
        outs[f].proved = false;
        outs[f].unknown = a.result != z3::sat;
        if (a.result == z3::sat) {
          z3::model m = s.get_model();
          outs[f].why = "counterexample to the step: " + what + " (caller " +
                        m.eval(w.env->env.caller.e, true).to_string() + ", value " +
                        m.eval(w.env->env.value.e, true).to_string() + ")";
        } else {
          outs[f].why = what + ": " + a.text();
        }
      }
    }
  });
  // Merged in site order: the first failing site (in table order) explains.
  std::vector<FormOutcome> out(forms.size());
  for (auto& site : per_site)
    for (std::size_t f = 0; f < forms.size(); ++f) {
      auto& o = out[f];
      o.obligations.insert(o.obligations.end(), site[f].obligations.begin(), site[f].obligations.end());
      if (o.proved && !site[f].proved) {
        o.proved = false;
        o.unknown = site[f].unknown;
        o.why = site[f].why;
      }
    }
  for (std::size_t f = 0; f < forms.size(); ++f)
    if (out[f].proved) out[f].obligations.shrink_to_fit();
  return out;
}

std::vector<FormOutcome> prove_exit_forms(const std::vector<const is::ExitForm*>& forms,
                                          const std::vector<StateCandidate>& cands, const std::vector<char>& inductive,
                                          const ProveOptions& options, Progress* progress) {
  const QueryLimits limits = query_limits(options);
  std::vector<FormOutcome> out(forms.size());
  std::vector<std::function<void()>> tasks;
  if (progress) progress->planned(forms.size());
  for (std::size_t f = 0; f < forms.size(); ++f)
    tasks.push_back([&, f] {
      // From the form's cone of the inductive set, with the ghosts' definition at its keys
      // (exit_query.hpp): nothing assumed that is not proved or a fact of every reachable state.
      const ExitAnswer a = ask_exit_form(*forms[f], cands, inductive, limits);
      if (progress) progress->tick();
      const std::string what = "enabledness " + form_name(forms[f]->id, forms[f]->part);
      out[f].obligations.push_back(obligation("spec", what, a.answer));
      if (a.answer.result == z3::unsat) return;
      out[f].proved = false;
      out[f].unknown = a.answer.result != z3::sat;
      out[f].why = a.answer.result == z3::sat ? "counterexample: from a state of the inductive set, " +
                                                    a.counterexample + ", the exit is not enabled"
                                              : what + ": " + a.answer.text();
    });
  run_parallel(tasks, options.jobs);
  return out;
}

std::vector<VacuityOutcome> check_vacuity(const std::vector<StateCandidate>& cands, const std::vector<char>& inductive,
                                          Workspace& work, const ProveOptions& options, Progress* progress) {
  const QueryLimits limits = query_limits(options);
  std::vector<VacuityOutcome> out(work.sites().size());
  if (progress) progress->planned(work.sites().size());
  work.for_each([&](std::size_t i, SiteWork& w) {
    z3::expr any_ok = w.ctx->bool_val(false);
    std::vector<std::vector<z3::expr>> keys(cands.size());  // each candidate at its keys of every ok path
    std::vector<std::size_t> ok_paths;
    for (std::size_t n = 0; n < w.mp->paths.size(); ++n) {
      if (!w.mp->paths[n].ok) continue;
      ok_paths.push_back(n);
      any_ok = any_ok || w.mp->paths[n].guard.e;
      for (std::size_t c = 0; c < cands.size(); ++c)
        for (auto& k : w.cand_keys[n][c])
          if (std::none_of(keys[c].begin(), keys[c].end(), [&](const z3::expr& x) { return z3::eq(x, k); }))
            keys[c].push_back(k);
    }
    // From the cone of the inductive set (workspace.hpp): a state of the cone where some ok
    // path is feasible extends to one of the whole set (what the cone leaves out takes the
    // standard deployment's values). With no ok path the site is vacuous whatever is assumed.
    const std::vector<char> use = ok_paths.empty() ? inductive : cone(w, ok_paths, {}, inductive);
    z3::solver s = make_solver(*w.ctx, limits);
    s.add(abstract_lengths(w.env->assumptions && any_ok && assumed(cands, use, *w.pre, keys)));
    Answer a = check(s, limits);
    if (progress) progress->tick();
    out[i].site = w.site->name();
    out[i].obligation = obligation(std::string(w.site->contract), "vacuity " + w.site->name(), a);
    out[i].feasible = a.result == z3::sat;
    out[i].unknown = a.result == z3::unknown;
  });
  return out;
}

}  // namespace meshcheck::smt::spec
