// Every step site of the composed system explored once, each in its own Z3 context, and
// kept for the whole proof run: induction (houdini.hpp) and the transition, enabledness
// and vacuity obligations (obligations.hpp) all query the same explored paths, and
// exploring costs more than most queries.
#pragma once

#include <z3++.h>

#include <functional>
#include <memory>
#include <vector>

#include "smt/spec/candidates.hpp"

namespace meshcheck::smt::spec {

struct SiteWork {
  const StepSite* site = nullptr;
  std::unique_ptr<z3::context> ctx = std::make_unique<z3::context>();  // first: destroyed last
  std::unique_ptr<ComposedState> pre;
  std::unique_ptr<StepEnv> env;
  std::unique_ptr<MessagePaths> mp;
  std::unique_ptr<z3::expr> kstar;                   // the fresh key a step proves a candidate at
  std::vector<std::unique_ptr<ComposedState>> post;  // per path
  std::vector<std::vector<z3::expr>> keys;           // per path: the keys it touches, then k*
  std::vector<z3::expr> facts;                       // per path: what it assumes of the ghosts (ghost_facts)
};

class Workspace {
 public:
  // Explores `sites` (on `jobs` threads); `candidates` decide which keys each path touches
  // (their instances after the path are read too).
  Workspace(const std::vector<StepSite>& sites, const std::vector<StateCandidate>& candidates, unsigned jobs);
  std::vector<SiteWork>& sites() { return work_; }
  // Runs f(site index, site) for every site, on `jobs` threads, each in its site's context.
  void for_each(const std::function<void(std::size_t, SiteWork&)>& f);

 private:
  std::vector<SiteWork> work_;
  unsigned jobs_;
};

// `∧ candidate(state, k)` over the candidates marked in `use` and the keys `keys`.
z3::expr assumed(const std::vector<StateCandidate>& candidates, const std::vector<char>& use, const ComposedState& state,
                 const std::vector<z3::expr>& keys);

}  // namespace meshcheck::smt::spec
