// The explored step sites (workspace.hpp).
#include "smt/spec/workspace.hpp"

#include "smt/query.hpp"
#include "smt/spec/keys.hpp"

namespace meshcheck::smt::spec {

namespace {
void explore(SiteWork& w, const std::vector<StateCandidate>& cands) {
  ms::SymbolicScope scope(*w.ctx);
  w.pre = std::make_unique<ComposedState>(free_state());
  w.env = std::make_unique<StepEnv>(free_env(*w.pre));
  w.mp = std::make_unique<MessagePaths>(explore_step(*w.site, *w.pre, w.env->env));
  w.kstar = std::make_unique<z3::expr>(w.ctx->bv_const("k*", 128));
  for (const SymPath& p : w.mp->paths) {
    w.post.push_back(std::make_unique<ComposedState>(post_of(*w.pre, p, w.env->env)));
    w.facts.push_back(ghost_facts(*w.pre, p.post));
    std::vector<z3::expr> roots = p.ok ? state_terms(p.post) : std::vector<z3::expr>{};
    roots.push_back(p.guard.e);
    if (p.ok)
      for (auto& c : cands) roots.push_back(c.at(*w.post.back(), *w.kstar));
    std::vector<z3::expr> keys = index_terms(roots, w.ctx->bv_sort(128));
    keys.push_back(*w.kstar);
    w.keys.push_back(std::move(keys));
  }
}
}  // namespace

Workspace::Workspace(const std::vector<StepSite>& sites, const std::vector<StateCandidate>& candidates, unsigned jobs)
    : work_(sites.size()), jobs_(jobs) {
  for (std::size_t i = 0; i < sites.size(); ++i) work_[i].site = &sites[i];
  for_each([&](std::size_t, SiteWork& w) { explore(w, candidates); });
}

void Workspace::for_each(const std::function<void(std::size_t, SiteWork&)>& f) {
  std::vector<std::function<void()>> tasks;
  for (std::size_t i = 0; i < work_.size(); ++i)
    tasks.push_back([&, i] {
      ms::SymbolicScope scope(*work_[i].ctx);
      f(i, work_[i]);
    });
  run_parallel(tasks, jobs_);
}

z3::expr assumed(const std::vector<StateCandidate>& candidates, const std::vector<char>& use, const ComposedState& state,
                 const std::vector<z3::expr>& keys) {
  z3::expr all = ms::current_context().bool_val(true);
  for (std::size_t c = 0; c < candidates.size(); ++c)
    if (use[c])
      for (auto& k : keys) all = all && candidates[c].at(state, k);
  return all;
}

}  // namespace meshcheck::smt::spec
