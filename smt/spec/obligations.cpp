// Transition, enabledness and vacuity obligations (obligations.hpp).
#include "smt/spec/obligations.hpp"

#include "smt/query.hpp"
#include "smt/spec/keys.hpp"

namespace meshcheck::smt::spec {

namespace is = ::meshcheck::invariants::spec;

namespace {

std::string form_name(std::string_view id, std::string_view part) {
  return part.empty() ? std::string(id) : std::string(id) + " (" + std::string(part) + ")";
}

// The keys of path n of `w` and of the formulas `extra` (deduplicated by the solver).
std::vector<z3::expr> keys_with(const SiteWork& w, std::size_t n, const std::vector<z3::expr>& extra) {
  std::vector<z3::expr> keys = w.keys[n];
  for (auto& k : index_terms(extra, w.ctx->bv_sort(128))) keys.push_back(k);
  return keys;
}

}  // namespace

std::vector<FormOutcome> prove_step_forms(const std::vector<const is::StepForm*>& forms,
                                          const std::vector<StateCandidate>& cands, const std::vector<char>& inductive,
                                          Workspace& work, const ProveOptions& options, Progress* progress) {
  const QueryLimits limits = query_limits(options);
  std::vector<std::vector<FormOutcome>> per_site(work.sites().size(), std::vector<FormOutcome>(forms.size()));
  if (progress)
    for (auto& w : work.sites()) progress->planned(w.mp->paths.size() * forms.size());
  work.for_each([&](std::size_t i, SiteWork& w) {
    auto& outs = per_site[i];
    for (std::size_t n = 0; n < w.mp->paths.size(); ++n) {
      const SymPath& p = w.mp->paths[n];
      const std::string what = "transition " + w.site->name() + " (" + std::string(p.branch()) + ")";
      for (std::size_t f = 0; f < forms.size(); ++f) {
        if (!outs[f].proved) {
          if (progress) progress->tick();
          continue;  // one counterexample is enough
        }
        z3::expr form = forms[f]->symbolic(w.pre->sys, w.env->env, p);
        z3::solver s = make_solver(*w.ctx, limits);
        s.add(w.env->assumptions && p.guard.e && w.facts[n] && assumed(cands, inductive, *w.pre, keys_with(w, n, {form})));
        s.add(!form);
        Answer a = check(s, limits);
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
      z3::context ctx;
      ms::SymbolicScope scope(ctx);
      ComposedState pre = free_state();
      StepEnv env = free_env(pre);
      z3::expr key = ctx.bv_const("key", 128);
      z3::expr form = forms[f]->symbolic(pre.sys, env.env, key);
      std::vector<z3::expr> keys = index_terms({form}, ctx.bv_sort(128));
      keys.push_back(key);
      z3::solver s = make_solver(ctx, limits);
      s.add(env.assumptions && assumed(cands, inductive, pre, keys));
      s.add(!form);
      Answer a = check(s, limits);
      if (progress) progress->tick();
      const std::string what = "enabledness " + form_name(forms[f]->id, forms[f]->part);
      out[f].obligations.push_back(obligation("spec", what, a));
      if (a.result == z3::unsat) return;
      out[f].proved = false;
      out[f].unknown = a.result != z3::sat;
      out[f].why = a.result == z3::sat ? "counterexample: from a state of the inductive set, at key " +
                                             s.get_model().eval(key, true).to_string() + ", the exit is not enabled"
                                       : what + ": " + a.text();
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
    std::vector<z3::expr> keys;
    for (std::size_t n = 0; n < w.mp->paths.size(); ++n) {
      if (!w.mp->paths[n].ok) continue;
      any_ok = any_ok || w.mp->paths[n].guard.e;
      keys.insert(keys.end(), w.keys[n].begin(), w.keys[n].end());
    }
    z3::solver s = make_solver(*w.ctx, limits);
    s.add(w.env->assumptions && any_ok && assumed(cands, inductive, *w.pre, keys));
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
