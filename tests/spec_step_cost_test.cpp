// Where the wall time of a spec step-form query goes (smt/spec/obligations.cpp's
// prove_step_forms), phase by phase, at one step site: building the form, abstract_lengths,
// the cone, assumed(), solver.add and the check, each timed apart, with the expression DAG's
// size (distinct nodes) and its size as a tree.
//
// `Phases` (skipped unless MESHCHECK_COST_SITES is set) is the measuring driver:
//   MESHCHECK_COST_SITES=mev_protection.execute_batch MESHCHECK_COST_FORMS=X-MEV
//   MESHCHECK_COST_PATHS=ok MESHCHECK_COST_RLIMIT=2000000 build/tests/spec_step_cost_test
// (every candidate assumed, as SurveyForms' MESHCHECK_SURVEY_ASSUME does; the under-the-set
// query is asked on every path, whatever the first attempt said). MESHCHECK_COST_SITES='*'
// names every mutating site; MESHCHECK_COST_NO_ALONE / _NO_SET skip a query; _NO_CHECK
// builds and measures every query and asks none.
// `MevStepFormQueriesStaySmall` holds the two queries once seen running past 10 min wall
// (README) to the DAG sizes measured here, which are deterministic: a formula that grew
// exponentially would fail it, and each first attempt must come back within its units.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "invariants/spec/spec.hpp"
#include "smt/query.hpp"
#include "smt/spec/candidates.hpp"
#include "smt/spec/ghosts.hpp"
#include "smt/spec/keys.hpp"
#include "smt/spec/workspace.hpp"
#include "tests/support/spec_step_sites.hpp"

namespace {

using namespace meshcheck;
namespace ms = model::spec;
namespace sp = invariants::spec;
using namespace meshcheck::smt::spec;

using meshcheck::testing::listed;

// Distinct nodes of `e`'s DAG, and its size as a tree (each node counted once per path to
// it, as a walk without a seen-set visits it), by an explicit stack.
struct Size {
  std::size_t dag = 0;
  double tree = 0;
};
Size size_of(const z3::expr& root) {
  std::unordered_map<unsigned, double> tree;
  std::vector<std::pair<z3::expr, bool>> todo{{root, false}};
  while (!todo.empty()) {
    auto [e, expanded] = todo.back();
    todo.pop_back();
    if (tree.count(e.id())) continue;
    const unsigned n = e.is_app() ? e.num_args() : 0;
    if (!expanded) {
      todo.push_back({e, true});
      for (unsigned i = 0; i < n; ++i)
        if (!tree.count(e.arg(i).id())) todo.push_back({e.arg(i), false});
      continue;
    }
    double t = 1;
    for (unsigned i = 0; i < n; ++i) t += tree.at(e.arg(i).id());
    tree.emplace(e.id(), t);
  }
  return {tree.size(), tree.at(root.id())};
}

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Times f() and prints it as phase `what`.
template <class F>
auto timed(const char* what, F f) {
  auto t0 = std::chrono::steady_clock::now();
  auto r = f();
  std::fprintf(stderr, "  %-24s %9.3f s\n", what, since(t0));
  return r;
}

void print_size(const char* what, const z3::expr& e) {
  Size s = size_of(e);
  std::fprintf(stderr, "  %-24s dag %zu nodes, tree %.3g nodes\n", what, s.dag, s.tree);
}

// The step forms with these ids.
std::vector<const sp::StepForm*> forms_named(const std::vector<std::string>& ids) {
  std::vector<const sp::StepForm*> forms;
  for (auto* m : sp::modules())
    for (auto& f : m->step_forms)
      if (listed(std::string(f.id), ids)) forms.push_back(&f);
  for (auto& f : ghost_step_forms())
    if (listed(std::string(f.id), ids)) forms.push_back(&f);
  return forms;
}

// Measured on this commit (2026-12-05, every candidate assumed): create_batch's NotPending
// paths, N-IDS: query DAG at most 1 342 nodes (step 368), each first attempt within 250K
// units, under the set 4 388 to 7 662 units; execute_batch's ok paths, X-MEV: at most 2 851
// (step 816), under the set up to the 2M limit (1.9 s at load 15). The bounds leave 25%.
TEST(SpecStepCost, MevStepFormQueriesStaySmall) {
  struct Case {
    const char* site;
    const char* form;
    const char* path;
    std::size_t max_query_nodes;
  };
  const Case cases[] = {{"mev_protection.create_batch", "N-IDS", "NotPending", 1'700},
                        {"mev_protection.execute_batch", "X-MEV", "ok", 3'600}};
  const std::vector<StateCandidate> cands = state_candidates();
  const std::vector<char> all(cands.size(), 1);
  const smt::QueryLimits alone{250'000, 0};
  for (const Case& c : cases) {
    std::vector<StepSite> sites;
    for (auto& s : step_sites(false))
      if (s.name() == c.site) sites.push_back(s);
    ASSERT_EQ(sites.size(), 1u) << c.site;
    const std::vector<const sp::StepForm*> forms = forms_named({c.form});
    ASSERT_FALSE(forms.empty()) << c.form;
    Workspace work(sites, cands, 1);
    std::size_t asked = 0;
    work.for_each([&](std::size_t, SiteWork& w) {
      for (std::size_t n = 0; n < w.mp->paths.size(); ++n) {
        const SymPath& p = w.mp->paths[n];
        if (p.branch() != c.path) continue;
        const z3::expr step = w.env->assumptions && p.guard.e && w.facts[n];
        for (const sp::StepForm* f : forms) {
          const z3::expr form = f->symbolic(w.pre->sys, w.env->env, p);
          const z3::expr q =
              abstract_lengths(step && assumed(cands, cone(w, n, symbols_of(form), all), w, n, {form}) && !form);
          EXPECT_LE(size_of(q).dag, c.max_query_nodes) << c.site << " (" << c.path << ") " << c.form;
          z3::solver first = smt::make_solver(*w.ctx, alone);
          first.add(abstract_lengths(step));  // as prove_step_forms asks it: the form pushed
          first.push();
          first.add(abstract_lengths(!form));
          const smt::Answer a = smt::check(first, alone);
          EXPECT_LE(a.rlimit, 2 * alone.rlimit) << c.site << " (" << c.path << ") " << c.form;
          ++asked;
        }
      }
    });
    EXPECT_GT(asked, 0u) << c.site << " has no path " << c.path;
  }
}

TEST(SpecStepCost, Phases) {
  const auto site_names = meshcheck::testing::env_list("MESHCHECK_COST_SITES");
  if (site_names.empty()) GTEST_SKIP() << "set MESHCHECK_COST_SITES";
  const auto form_ids = meshcheck::testing::env_list("MESHCHECK_COST_FORMS");
  const auto path_names = meshcheck::testing::env_list("MESHCHECK_COST_PATHS");
  smt::QueryLimits limits{2'000'000, 0};
  if (const char* r = std::getenv("MESHCHECK_COST_RLIMIT")) limits.rlimit = std::strtoull(r, nullptr, 10);
  smt::QueryLimits alone = limits;
  alone.rlimit = std::min<std::uint64_t>(alone.rlimit, 250'000);
  const bool skip_alone = std::getenv("MESHCHECK_COST_NO_ALONE") != nullptr;
  const bool skip_set = std::getenv("MESHCHECK_COST_NO_SET") != nullptr;
  // Build every query and print its size, ask none (the whole phase's formulas, quickly).
  const bool no_check = std::getenv("MESHCHECK_COST_NO_CHECK") != nullptr;

  std::vector<StepSite> sites;
  for (auto& s : step_sites(false))
    if (listed(s.name(), site_names)) sites.push_back(s);
  ASSERT_FALSE(sites.empty());
  const std::vector<const sp::StepForm*> forms = forms_named(form_ids);
  const std::vector<StateCandidate> cands = state_candidates();
  const std::vector<char> all(cands.size(), 1);

  auto t0 = std::chrono::steady_clock::now();
  Workspace work(sites, cands, 1);
  std::fprintf(stderr, "explore %zu sites: %.3f s\n", sites.size(), since(t0));
  work.for_each([&](std::size_t, SiteWork& w) {
    for (std::size_t n = 0; n < w.mp->paths.size(); ++n) {
      const SymPath& p = w.mp->paths[n];
      if (!listed(std::string(p.branch()), path_names)) continue;
      const z3::expr step = w.env->assumptions && p.guard.e && w.facts[n];
      std::fprintf(stderr, "%s (%s)\n", w.site->name().c_str(), std::string(p.branch()).c_str());
      print_size("step", step);
      for (const sp::StepForm* f : forms) {
        std::fprintf(stderr, " form %s (%s)\n", std::string(f->id).c_str(), std::string(f->part).c_str());
        z3::expr form = timed("symbolic", [&] { return f->symbolic(w.pre->sys, w.env->env, p); });
        print_size("form", form);
        if (!skip_alone && !no_check) {
          z3::solver first = smt::make_solver(*w.ctx, alone);
          z3::expr a_step = timed("abstract_lengths(step)", [&] { return abstract_lengths(step); });
          timed("add step", [&] { return first.add(a_step), 0; });
          first.push();
          z3::expr a_form = timed("abstract_lengths(!form)", [&] { return abstract_lengths(!form); });
          timed("add !form", [&] { return first.add(a_form), 0; });
          smt::Answer a = timed("check alone", [&] { return smt::check(first, alone); });
          std::fprintf(stderr, "  alone: %s %llu units %.3f s\n", a.text().c_str(), (unsigned long long)a.rlimit,
                       a.seconds);
          first.pop();
        }
        if (skip_set) continue;
        std::unordered_set<unsigned> seed = timed("symbols_of(form)", [&] { return symbols_of(form); });
        std::vector<char> use = timed("cone", [&] { return cone(w, n, seed, all); });
        std::size_t in = 0;
        for (char c : use) in += c;
        std::fprintf(stderr, "  cone: %zu of %zu candidates\n", in, cands.size());
        z3::expr as = timed("assumed", [&] { return assumed(cands, use, w, n, {form}); });
        print_size("assumed", as);
        z3::expr q = step && as && !form;
        z3::expr aq = timed("abstract_lengths(query)", [&] { return abstract_lengths(q); });
        print_size("query", aq);
        if (no_check) continue;
        z3::solver s = smt::make_solver(*w.ctx, limits);
        timed("add query", [&] { return s.add(aq), 0; });
        smt::Answer a = timed("check under the set", [&] { return smt::check(s, limits); });
        std::fprintf(stderr, "  under the set: %s %llu units %.3f s\n", a.text().c_str(), (unsigned long long)a.rlimit,
                     a.seconds);
      }
    }
  });
}

}  // namespace
