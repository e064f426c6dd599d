// Every step site of the composed system explored once, each in its own Z3 context, and
// kept for the whole proof run: induction (houdini.hpp) and the transition, enabledness
// and vacuity obligations (obligations.hpp) all query the same explored paths, and
// exploring costs more than most queries.
#pragma once

#include <z3++.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_set>
#include <vector>

#include "smt/spec/candidates.hpp"
#include "smt/spec/keys.hpp"

namespace meshcheck::smt::spec {

// What each candidate reads of a state at a key of its own: the free maps it selects from
// at that very key (by id: its own maps, not those it reaches through a stored id), and
// whether it reads the key at all.
struct CandidateReads {
  std::vector<std::unordered_set<unsigned>> maps;
  std::vector<char> keyed;
};
CandidateReads candidate_reads(const std::vector<StateCandidate>& candidates, const ComposedState& state);
// Per candidate, the keys to assume it at for formulas with the accesses `all`: the
// indices into its own maps, then `last` (keys.hpp); `last` alone if it reads no key.
std::vector<std::vector<z3::expr>> candidate_keys(const CandidateReads& reads, const std::vector<Access>& all,
                                                  const z3::expr& last);
// Per candidate, the symbols its keys (`keys`, as candidate_keys gives them) read: what a
// cone() adds when the candidate joins.
std::vector<std::unordered_set<unsigned>> key_symbols_of(const std::vector<std::vector<z3::expr>>& keys);

struct SiteWork {
  const StepSite* site = nullptr;
  std::unique_ptr<z3::context> ctx = std::make_unique<z3::context>();  // first: destroyed last
  std::unique_ptr<ComposedState> pre;
  std::unique_ptr<StepEnv> env;
  std::unique_ptr<MessagePaths> mp;
  std::unique_ptr<z3::expr> kstar;                   // the fresh key a step proves a candidate at
  std::vector<std::unique_ptr<ComposedState>> post;  // per path
  std::vector<z3::expr> facts;                       // per path: what it assumes of the ghosts (ghost_facts)
  CandidateReads reads;                              // of the pre-state
  std::vector<z3::expr> before;                      // per candidate: it before the step, at k*
  std::vector<std::vector<z3::expr>> after;          // per path, per candidate: it after the path, at k* (ok paths)
  // Per path, per candidate: the keys it is assumed at before the step (keys.hpp: the
  // path's indices into the maps it reads, then k*; k* alone if it reads none at its key).
  std::vector<std::vector<std::vector<z3::expr>>> cand_keys;
  // For cones (cone() below), by symbol (keys.hpp's symbols_of): per candidate, what it
  // reads at a fresh key; per path, what the step's premise reads (the environment's
  // assumptions, the path's guard, the ghosts' facts); per path and candidate, what the
  // keys it is assumed at read.
  std::vector<std::unordered_set<unsigned>> own_symbols;
  std::vector<std::unordered_set<unsigned>> premise_symbols;
  std::vector<std::vector<std::unordered_set<unsigned>>> key_symbols;
};

class Workspace {
 public:
  // Explores `sites` (on `jobs` threads); `candidates` decide which keys each path touches
  // (their instances after the path are read too).
  Workspace(const std::vector<StepSite>& sites, const std::vector<StateCandidate>& candidates, unsigned jobs);
  std::vector<SiteWork>& sites() { return work_; }
  // Runs f(site index, site) for every site, on `jobs` threads, each in its site's context.
  void for_each(const std::function<void(std::size_t, SiteWork&)>& f);
  // The same over the sites of `order`, started in that order, and `beside` (if any), one
  // more task in no site's context, started once each thread has started one of the first
  // sites (with longest_first's order, the costliest): a long task itself, it must not
  // start last, and the many short sites after it even out the threads' ends.
  void for_each(const std::function<void(std::size_t, SiteWork&)>& f, const std::vector<std::size_t>& order,
                const std::function<void()>& beside = nullptr);

 private:
  std::vector<SiteWork> work_;
  unsigned jobs_;
};

// The sites in the order to start them: the most expensive first (by `estimate`, per
// site), so that the last to finish is a short one (ties in site order). Houdini's passes
// and the step forms start their sites so (Workspace::for_each's `order`).
std::vector<std::size_t> longest_first(const std::vector<std::uint64_t>& estimate);

// The cone of a query over path n of `w` whose own formulas (beside the step's premise)
// read `seed`: every candidate of `alive` that reads a symbol the query reads joins,
// with what it reads and what its keys read, until none joins. A candidate left out
// shares no symbol with the query: the standard deployment's values of what it reads
// (where it holds at every key, its base case) make it true whatever the query's other
// symbols are, so the query from the cone is unsat exactly when it is from all of
// `alive`. `first` (SIZE_MAX: none) is in the cone whatever it reads.
// The same argument makes a satisfiable query from the cone one from all of `alive`: the
// vacuity check (obligations.hpp) asks its cone too.
std::vector<char> cone(const SiteWork& w, std::size_t n, std::unordered_set<unsigned> seed, const std::vector<char>& alive,
                       std::size_t first = SIZE_MAX);
// Over several paths of `w` at once: their premises, each candidate at its keys of each.
std::vector<char> cone(const SiteWork& w, const std::vector<std::size_t>& paths, std::unordered_set<unsigned> seed,
                       const std::vector<char>& alive, std::size_t first = SIZE_MAX);

// The same closure from symbol sets given directly (an exit form's query explores no
// step): `own[d]` what candidate d reads at a fresh key, `key_symbols[d]` what the keys
// it is assumed at read, `reach` what the query's own formulas read.
std::vector<char> cone(const std::vector<std::unordered_set<unsigned>>& own,
                       const std::vector<std::unordered_set<unsigned>>& key_symbols, std::unordered_set<unsigned> reach,
                       const std::vector<char>& alive);

// `∧ candidate(pre, k)` over the candidates marked in `use`, each at its own keys of path
// n of `w` (SiteWork::cand_keys) and at the indices into its maps of the formulas `extra`
// (a form's).
z3::expr assumed(const std::vector<StateCandidate>& candidates, const std::vector<char>& use, const SiteWork& w,
                 std::size_t n, const std::vector<z3::expr>& extra = {});
// `∧ candidate(state, k)` over the candidates marked in `use`, each at its own keys in
// `keys` (candidate_keys).
z3::expr assumed(const std::vector<StateCandidate>& candidates, const std::vector<char>& use, const ComposedState& state,
                 const std::vector<std::vector<z3::expr>>& keys);

}  // namespace meshcheck::smt::spec
