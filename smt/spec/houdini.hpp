// Induction over the composed system, Houdini-style: the largest subset of the state
// candidates (candidates.hpp) that holds at the standard deployment and is preserved, as
// a whole, by every path of every step (step.hpp).
//
// A candidate fails its base case if the standard deployment breaks it at some key. It
// fails a step if, from a free pre-state where every candidate still in the set holds at
// every key the step touches (keys.hpp) and the environment's assumptions hold, some ok
// path of the step breaks it at a fresh key k* (a refused path changes no state: the
// candidates do not look at the clock). Failing candidates leave the set, and the steps
// are checked again with what is left, until a round drops nothing: that round's queries
// are the proof of every candidate left.
//
// Per path and candidate, the cheapest query that can prove the step is asked first
// (houdini.cpp): a path that writes nothing the candidate reads keeps it; most others
// keep it for reasons of its own (the candidate alone, at the keys of the path, with a
// small share of the limit); what is left is asked under the whole set with the run's
// limit. Each such query is split by where k* is: at each key the path wrote into a map
// the candidate reads at k* (the candidate at that key), or at none (the candidate with
// those writes skipped, most often the formula assumed before: nothing to ask). A proof
// stands while every candidate it assumed stays in the set, so a later round asks again
// only what lost a premise.
//
// Each query is bounded by the run's rlimit (deterministic). A query the set cannot
// decide within it does not drop its candidate: when a round ends with no counterexample
// but undecided queries, each is asked again from the set less the other candidates left
// undecided (as smt/engines/induction.cpp does for the deployed contracts), and only a
// candidate whose query is undecided even then leaves the set, as UNKNOWN, never as
// proved. A counterexample there drops it too, and says which candidates it left out.
// With MESHCHECK_SPEC_TRACE set in the environment every query is printed to stderr with
// its answer, units and seconds (a debugging aid: the verdicts do not depend on it).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "smt/engines/engine.hpp"
#include "smt/query.hpp"
#include "smt/spec/workspace.hpp"

namespace meshcheck::smt::spec {

struct HoudiniOutcome {
  std::vector<char> inductive;             // per candidate: in the final set
  std::vector<char> unknown;               // per dropped candidate: dropped because Z3 could not decide
  std::vector<std::string> why;            // per dropped candidate: the base failure or the counterexample to induction
  std::vector<Obligation> base;            // per candidate: its base-case query
  std::vector<Obligation> steps;           // the step queries that prove the final set
  std::vector<std::vector<Obligation>> step_proofs;  // per candidate in the final set: its part of `steps`
  std::size_t rounds = 0;
};

// `work` explored the step sites with these candidates.
HoudiniOutcome houdini(const std::vector<StateCandidate>& candidates, Workspace& work, const ProveOptions& options,
                       Progress* progress = nullptr);

// The search apart from Z3, as houdini() runs it over a Workspace: its step queries
// behind an interface, so that a test can drive the rounds, the proofs that stand and the
// re-asking of undecided queries with answers of its own.
enum class Tier {
  kAlone,      // the candidate alone at its keys, with the small limit
  kSet,        // the whole set, with the run's limit
  kApart,      // the set less the other undecided candidates, with the run's limit
};
class StepQueries {
 public:
  virtual ~StepQueries() = default;
  virtual std::size_t sites() const = 0;
  virtual std::size_t paths(std::size_t site) const = 0;
  virtual bool ok(std::size_t site, std::size_t path) const = 0;  // refused paths change nothing
  virtual std::string what(std::size_t site, std::size_t path) const = 0;  // "step <site> (<branch>)"
  virtual std::string contract(std::size_t site) const = 0;
  // Whether candidate c's formula after the path is the one before (up to Z3's simplifier).
  virtual bool unchanged(std::size_t site, std::size_t path, std::size_t c) = 0;
  // Does the path keep c at k*, from the candidates `under`? A counterexample is described
  // into `cti` ("<what> breaks it at key ..."). Called on the site's thread.
  virtual Answer ask(std::size_t site, std::size_t path, std::size_t c, const std::vector<char>& under, Tier tier,
                     std::string* cti) = 0;
  // Runs f(site) for every site (on worker threads: one site's queries on one thread).
  virtual void for_each_site(const std::function<void(std::size_t)>& f) = 0;
};
// Shrinks `out.inductive` (the candidates that passed the base case) to the largest
// subset every step keeps, recording why each dropped candidate left and the proofs.
void search(const std::vector<StateCandidate>& candidates, StepQueries& queries, HoudiniOutcome& out,
            Progress* progress = nullptr);

}  // namespace meshcheck::smt::spec
