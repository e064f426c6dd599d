// The explored step sites (workspace.hpp).
#include "smt/spec/workspace.hpp"

#include <algorithm>
#include <unordered_set>

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
  const z3::sort key = w.ctx->bv_sort(128);
  w.reads = candidate_reads(cands, *w.pre);
  for (auto& c : cands) w.before.push_back(c.at(*w.pre, *w.kstar));
  for (const SymPath& p : w.mp->paths) {
    w.post.push_back(std::make_unique<ComposedState>(post_of(*w.pre, p, w.env->env)));
    w.facts.push_back(ghost_facts(*w.pre, p.post));
    std::vector<z3::expr> roots = p.ok ? state_terms(p.post) : std::vector<z3::expr>{};
    roots.push_back(p.guard.e);
    roots.push_back(w.facts.back());
    std::vector<z3::expr> after;
    if (p.ok)
      for (auto& c : cands) {
        after.push_back(c.at(*w.post.back(), *w.kstar));
        roots.push_back(after.back());
      }
    w.after.push_back(std::move(after));
    w.cand_keys.push_back(candidate_keys(w.reads, accesses(roots, key), *w.kstar));
    w.premise_symbols.push_back(symbols_of(w.env->assumptions && p.guard.e && w.facts.back()));
    w.key_symbols.push_back(key_symbols_of(w.cand_keys.back()));
  }
  const z3::expr any = w.ctx->bv_const("cone.key", 128);
  for (auto& c : cands) {
    std::unordered_set<unsigned> own = symbols_of(c.at(*w.pre, any));
    own.erase(any.decl().id());
    w.own_symbols.push_back(std::move(own));
  }
}
}  // namespace

Workspace::Workspace(const std::vector<StepSite>& sites, const std::vector<StateCandidate>& candidates, unsigned jobs)
    : work_(sites.size()), jobs_(jobs) {
  for (std::size_t i = 0; i < sites.size(); ++i) work_[i].site = &sites[i];
  for_each([&](std::size_t, SiteWork& w) { explore(w, candidates); });
}

void Workspace::for_each(const std::function<void(std::size_t, SiteWork&)>& f) {
  std::vector<std::size_t> order(work_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for_each(f, order);
}

void Workspace::for_each(const std::function<void(std::size_t, SiteWork&)>& f, const std::vector<std::size_t>& order,
                         const std::function<void()>& beside) {
  std::vector<std::function<void()>> tasks;
  for (std::size_t i : order)
    tasks.push_back([&, i] {
      ms::SymbolicScope scope(*work_[i].ctx);
      f(i, work_[i]);
    });
  if (beside) tasks.insert(tasks.begin() + std::min<std::size_t>(jobs_, tasks.size()), beside);
  run_parallel(tasks, jobs_);
}

std::vector<std::size_t> longest_first(const std::vector<std::uint64_t>& estimate) {
  std::vector<std::size_t> order(estimate.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return estimate[a] > estimate[b]; });
  return order;
}

std::vector<char> cone(const SiteWork& w, std::size_t n, std::unordered_set<unsigned> reach, const std::vector<char>& alive,
                       std::size_t first) {
  return cone(w, std::vector<std::size_t>{n}, std::move(reach), alive, first);
}

namespace {
// The closure both cones share: `own[d]` what candidate d reads at a fresh key;
// add_keys(d, reach) adds what the keys it is assumed at read.
template <class AddKeys>
std::vector<char> closure(const std::vector<std::unordered_set<unsigned>>& own, AddKeys add_keys,
                          std::unordered_set<unsigned>& reach, const std::vector<char>& alive, std::size_t first) {
  std::vector<char> out(alive.size(), 0);
  auto join = [&](std::size_t d) {
    out[d] = 1;
    reach.insert(own[d].begin(), own[d].end());
    add_keys(d, reach);
  };
  if (first < out.size()) join(first);
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t d = 0; d < out.size(); ++d) {
      if (out[d] || !alive[d]) continue;
      const auto& mine = own[d];
      if (std::none_of(mine.begin(), mine.end(), [&](unsigned x) { return reach.count(x) > 0; })) continue;
      join(d);
      grew = true;
    }
  }
  return out;
}
}  // namespace

std::vector<char> cone(const SiteWork& w, const std::vector<std::size_t>& paths, std::unordered_set<unsigned> reach,
                       const std::vector<char>& alive, std::size_t first) {
  for (std::size_t n : paths) reach.insert(w.premise_symbols[n].begin(), w.premise_symbols[n].end());
  auto add_keys = [&](std::size_t d, std::unordered_set<unsigned>& r) {
    for (std::size_t n : paths) r.insert(w.key_symbols[n][d].begin(), w.key_symbols[n][d].end());
  };
  return closure(w.own_symbols, add_keys, reach, alive, first);
}

std::vector<char> cone(const std::vector<std::unordered_set<unsigned>>& own,
                       const std::vector<std::unordered_set<unsigned>>& key_symbols, std::unordered_set<unsigned> reach,
                       const std::vector<char>& alive) {
  auto add_keys = [&](std::size_t d, std::unordered_set<unsigned>& r) {
    r.insert(key_symbols[d].begin(), key_symbols[d].end());
  };
  return closure(own, add_keys, reach, alive, SIZE_MAX);
}

z3::expr assumed(const std::vector<StateCandidate>& candidates, const std::vector<char>& use, const SiteWork& w,
                 std::size_t n, const std::vector<z3::expr>& extra) {
  if (extra.empty()) return assumed(candidates, use, *w.pre, w.cand_keys[n]);
  std::vector<std::vector<z3::expr>> keys = candidate_keys(w.reads, accesses(extra, w.ctx->bv_sort(128)), *w.kstar);
  for (std::size_t c = 0; c < keys.size(); ++c) {
    std::unordered_set<unsigned> have;
    for (auto& k : keys[c]) have.insert(k.id());
    for (auto& k : w.cand_keys[n][c])
      if (have.insert(k.id()).second) keys[c].push_back(k);
  }
  return assumed(candidates, use, *w.pre, keys);
}

z3::expr assumed(const std::vector<StateCandidate>& candidates, const std::vector<char>& use, const ComposedState& state,
                 const std::vector<std::vector<z3::expr>>& keys) {
  z3::expr all = ms::current_context().bool_val(true);
  for (std::size_t c = 0; c < candidates.size(); ++c)
    if (use[c])
      for (auto& k : keys[c]) all = all && candidates[c].at(state, k);
  return all;
}

CandidateReads candidate_reads(const std::vector<StateCandidate>& candidates, const ComposedState& state) {
  CandidateReads out;
  const z3::expr any = ms::current_context().bv_const("candidate.key", 128);
  for (auto& c : candidates) {
    const z3::expr f = c.at(state, any);
    std::unordered_set<unsigned> maps;
    for (auto& a : accesses({f}, any.get_sort()))
      if (z3::eq(a.index, any)) maps.insert(a.maps.begin(), a.maps.end());
    out.maps.push_back(std::move(maps));
    out.keyed.push_back(constants_of(f).count(any.id()) > 0);
  }
  return out;
}

std::vector<std::unordered_set<unsigned>> key_symbols_of(const std::vector<std::vector<z3::expr>>& keys) {
  std::vector<std::unordered_set<unsigned>> out;
  for (const auto& ks : keys) {
    std::unordered_set<unsigned> k;
    for (const z3::expr& e : ks)
      for (unsigned x : symbols_of(e)) k.insert(x);
    out.push_back(std::move(k));
  }
  return out;
}

std::vector<std::vector<z3::expr>> candidate_keys(const CandidateReads& reads, const std::vector<Access>& all,
                                                  const z3::expr& last) {
  std::vector<std::vector<z3::expr>> out;
  for (std::size_t c = 0; c < reads.maps.size(); ++c) {
    std::vector<z3::expr> k;
    if (reads.keyed[c])
      for (auto& i : indices_into(all, reads.maps[c]))
        if (!z3::eq(i, last)) k.push_back(i);
    k.push_back(last);
    out.push_back(std::move(k));
  }
  return out;
}

}  // namespace meshcheck::smt::spec
