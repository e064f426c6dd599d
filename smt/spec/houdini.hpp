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
// The work is scheduled counterexample first (the classic Houdini order): a drop takes
// away a premise of every proof that assumed the dropped candidate, so candidates that
// will be dropped are found by cheap queries before the expensive proofs of the others
// are asked (houdini.cpp):
// - per path and candidate, a path that writes nothing the candidate reads keeps it
//   (no solver call); else the candidate alone at the keys of the path, with a small
//   limit (2M; kAlone: asked once, it does not depend on the set), and a case that is
//   undecided so, alone again without the path's guard and the ghosts' facts (unsat proves
//   it on every path with the same case: a candidate the step changes only through the
//   clock needs neither, and create_batch's guard grows with the batch);
// - then a probe: the candidate under its cone of the set with a small limit (2M)
//   (kProbe; the probes of a path under one cone share a solver): unsat proves it, sat
//   drops it, unknown waits. The cheap pass is repeated
//   over every site until it drops nothing;
// - only then the queries the probes left undecided get the run's limit (kSet), site by
//   site in a fixed order, a candidate's remaining queries at a site skipped after its
//   first counterexample there. A drop sends the search back to the cheap pass.
// A query assumes only the candidate's cone: the candidates of the set that share state
// (a free map, scalar or ghost, transitively) with the step's premise and the goal. A
// candidate outside it constrains state nothing else in the query reads, and the standard
// deployment (where every candidate of the set holds at every key: its base case) gives
// that state values that make it true whatever the query's other terms are; so leaving
// it out loses no proof, and its drop takes no premise from the proof.
// Each query is split by where k* is: at each key the path wrote into a map the
// candidate reads at k* (the candidate at that key), or at none (the candidate with those
// writes skipped, most often the formula assumed before: nothing to ask); then each case
// the same way by where a free point the candidate is stated at is (N-BURN's subscriptions
// part at point.token and point.subscriber: the step's written pair and token). A case proved
// from a set stands for every larger set (a case proved alone is never asked again), and
// a case left undecided under a set is not asked again under the same set with no more
// units. A proof stands while every candidate it assumed stays in the set, so a later
// round asks again only what lost a premise.
//
// Each query is bounded by the run's rlimit (deterministic). A query the set cannot
// decide within it does not drop its candidate: when a round ends with no counterexample
// but undecided queries, each is asked again from the set less the other candidates left
// undecided (as smt/engines/induction.cpp does for the deployed contracts), and only a
// candidate whose query is undecided even then leaves the set, as UNKNOWN, never as
// proved. A counterexample there drops it too, and says which candidates it left out.
// With MESHCHECK_SPEC_TRACE set in the environment every query is printed to stderr with
// its answer, units and seconds; with MESHCHECK_SPEC_PROFILE set, the search's cost
// profile (units per tier, site and candidate; rounds; proofs invalidated) at its end
// (debugging aids: the verdicts do not depend on them).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "smt/engines/engine.hpp"
#include "smt/query.hpp"
#include "smt/spec/workspace.hpp"

namespace meshcheck::smt::spec {

// What the search cost, by tier (in Tier order), site and candidate: queries asked (a
// query is all the cases of one candidate's goal after one path) and Z3 resource units.
struct HoudiniCost {
  struct Count {
    std::size_t queries = 0;
    std::uint64_t units = 0;
  };
  std::array<Count, 4> tiers{};
  std::vector<std::uint64_t> site_units;       // per site
  std::vector<std::uint64_t> candidate_units;  // per candidate
  std::size_t unchanged = 0;    // proofs with no solver call (the path writes nothing the candidate reads)
  std::size_t invalidated = 0;  // proofs a drop took a premise from, asked again
  std::size_t reused = 0;       // queries answered by an earlier answer under the same cone (no solver call)
  std::size_t passes[3] = {0, 0, 0};  // cheap, expensive and apart passes over the sites
};

struct HoudiniOutcome {
  std::vector<char> inductive;             // per candidate: in the final set
  std::vector<char> unknown;               // per dropped candidate: dropped because Z3 could not decide
  std::vector<std::string> why;            // per dropped candidate: the base failure or the counterexample to induction
  std::vector<Obligation> base;            // per candidate: its base-case query
  std::vector<Obligation> steps;           // the step queries that prove the final set
  std::vector<std::vector<Obligation>> step_proofs;  // per candidate in the final set: its part of `steps`
  std::size_t rounds = 0;                  // passes over the sites (cheap, expensive or apart)
  HoudiniCost cost;
};

// What may run beside an expensive pass (search()): `f(set)`, on the guess that the pass
// drops nothing, so that the set it assumes is the final one. Work that reads the final
// set and queries no site's context goes there (prove_spec's exit forms): the expensive
// pass's last queries are one site's (create_batch's, one after the other), and the other
// threads would otherwise wait for them. The caller keeps what f did only if the set it
// was given is the one the search ends with.
using BesideExpensive = std::function<void(const std::vector<char>& set)>;

// `work` explored the step sites with these candidates.
HoudiniOutcome houdini(const std::vector<StateCandidate>& candidates, Workspace& work, const ProveOptions& options,
                       Progress* progress = nullptr, const BesideExpensive& beside = nullptr);

// The search apart from Z3, as houdini() runs it over a Workspace: its step queries
// behind an interface, so that a test can drive the rounds, the proofs that stand, the
// order of the tiers and the re-asking of undecided queries with answers of its own.
enum class Tier {
  kAlone,  // the candidate alone at its keys, with a small limit
  kProbe,  // its cone of the set, with a small limit: finds counterexamples before expensive proofs
  kSet,    // its cone of the set, with the run's limit
  kApart,  // its cone of the set less the other undecided candidates, with the run's limit
};
const char* tier_name(Tier t);
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
  // The candidates of `alive` that c's query over the path may need (c among them): those
  // sharing state with the step and the goal, transitively (houdini.hpp). The default:
  // all of `alive`. Called on the site's thread.
  virtual std::vector<char> cone(std::size_t site, std::size_t path, std::size_t c, const std::vector<char>& alive) {
    (void)site, (void)path, (void)c;
    return alive;
  }
  // Does the path keep c at k*, from the candidates `under`? A counterexample is described
  // into `cti` ("<what> breaks it at key ..."); an unsat answer may say there how it was
  // proved, when not only by the tier's own query (its obligation then says so). Called on
  // the site's thread.
  virtual Answer ask(std::size_t site, std::size_t path, std::size_t c, const std::vector<char>& under, Tier tier,
                     std::string* cti) = 0;
  // Runs f(site) for every site of `order` (on worker threads: one site's queries on one
  // thread), started in that order (the most expensive first, so no thread idles at the end).
  virtual void for_each_site(const std::function<void(std::size_t)>& f, const std::vector<std::size_t>& order) = 0;
  // The same with `beside`, one more task of no site's, run among them (Workspace::for_each
  // says where); by default after them.
  virtual void for_each_site_and(const std::function<void(std::size_t)>& f, const std::vector<std::size_t>& order,
                                 const std::function<void()>& beside) {
    for_each_site(f, order);
    beside();
  }
};
// The search's cost profile as text: rounds, units and queries per tier, units per site
// (named by `site_names`) and per candidate.
std::string cost_profile(const HoudiniOutcome& h, const std::vector<StateCandidate>& candidates,
                         const std::vector<std::string>& site_names);
// Shrinks `out.inductive` (the candidates that passed the base case) to the largest
// subset every step keeps, recording why each dropped candidate left and the proofs.
void search(const std::vector<StateCandidate>& candidates, StepQueries& queries, HoudiniOutcome& out,
            Progress* progress = nullptr, const BesideExpensive& beside = nullptr);

}  // namespace meshcheck::smt::spec
