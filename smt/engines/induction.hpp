// Induction: per contract, the largest set of its state predicates (catalog state
// invariants and supporting lemmas) that is inductive as a whole, found Houdini-style,
// and, with that set assumed, each invariant's own step over every message. A predicate
// in the set is PROVED; a transition invariant is PROVED when every message's step
// keeps it. What is not proved leaves a counterexample to induction for bounded model
// checking (bmc.hpp) to search from.
//
// Assumptions (invariants/assumptions.cpp, e.g. A-COUNTERS): the run's assumptions that
// a contract has a part in are added to the pre-state of each of its steps (never to the
// state after: they are facts about the runs, not something a step must keep). Which
// proofs carry them is decided by one fixed rule: first everything is proved with every
// assumption (Houdini gives the set `assisted`, a transition invariant's steps assume
// it); then what that proved is proved again with none (Houdini again, from `assisted`
// down to `inductive`; a transition invariant's steps assuming `inductive`). A proof
// that holds without carries no assumption; one that holds only with them carries all of
// the contract's assumptions (exact while the catalog has one assumption per contract;
// with more, a proof names every one the contract has, never fewer than it needs).
// Z3's unknown in the second attempt counts as "not without": the proof then names the
// assumptions, a weaker claim, never a stronger one.
// A lemma that is a candidate only under an assumption (invariants::Lemma::under) is a
// candidate of the first search only when the run makes that assumption, and never of
// the second.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "invariants/invariant.hpp"
#include "smt/encoding.hpp"
#include "smt/engines/engine.hpp"

namespace meshcheck::smt {

// The first obligation of a predicate's induction that did not hold.
struct InductionFailure {
  std::string what;      // the obligation
  std::string detail;    // the counterexample to induction, or Z3's reason
  bool unknown = false;  // a timeout or unknown rather than a counterexample
  // The counterexample to induction, described on demand (it ends `detail`; see
  // ProofVerdict::detail_tail).
  std::function<std::string()> cti = {};
};

struct PredicateStatus {
  bool in_set = true;  // still in the inductive set
  std::optional<InductionFailure> failure;  // why it is not in `assisted`
  std::vector<Obligation> obligations;      // of the proof claimed (or of the last round it took part in)
  bool needs_assumptions = false;           // in `assisted` but not in `inductive`
};

// One contract under proof: its encoding, where the standard deployment put it, and
// what induction found about its predicates. The other engines (bounded model
// checking aside, which needs none) assume its inductive set, proved without assumptions.
struct ContractInduction {
  const ContractEncoding* enc;
  Address address;
  std::vector<std::string> assumptions;           // the run's assumptions this contract has a part in
  std::map<std::string, PredicateStatus> status;  // every predicate of predicates_of(), by id
  std::set<std::string> assisted;                 // the Houdini set under `assumptions`
  std::set<std::string> inductive;                // the Houdini set under none (a subset of `assisted`)
  std::map<std::string, std::string> vacuous;     // message -> why, when the premises are unsatisfiable
  // The state predicates houdini() searched a run that breaks (see shrink() in
  // induction.cpp), and, of them, those it found one for: the search's verdict
  // (VIOLATED), which is the part's bounded model checking (bmc.hpp's search_runs).
  std::set<std::string> searched_shallow = {};
  std::map<std::string, ProofVerdict> refuted = {};
  // Of the others, what their search cost (its queries, named "shallow search: ..."):
  // prove_by_induction adds them to the part's obligations, so that every unit is counted.
  std::map<std::string, std::vector<Obligation>> shallow_costs = {};
};

// A contract before induction: every state predicate is a candidate. `assumptions`: the
// run's (ProveOptions::assumptions()); those the contract has no part in are left out.
ContractInduction start_induction(const ContractEncoding& enc, const std::vector<std::string>& assumptions = {});

// Shrinks each contract's inductive sets, Houdini-style: drops every predicate that
// fails its base case (the standard deployment) or its step (all of the set and the
// contract's assumptions before ∧ one call of one message ⇒ it after), and repeats until
// nothing fails (each round's queries first with a small budget, the ones it leaves
// undecided then with the full one: see shrink() in induction.cpp): `assisted`; then the same from `assisted` without the assumptions:
// `inductive` (the same set, with no second search, for a contract with no assumption).
void houdini(std::vector<ContractInduction>& contracts, const EngineContext& ctx);

// After houdini(): records the messages no call of which satisfies the proofs'
// strongest premises (`assisted` and the assumptions; weaker premises admit a call
// whenever these do), since whatever is proved about them holds vacuously.
void check_vacuity(std::vector<ContractInduction>& contracts, const EngineContext& ctx);

// A search for a run from the standard deployment that breaks a part (bounded model
// checking, bmc.hpp), which induction may call before it spends its full budget on a
// step: true when a run breaks it. The caller keeps the search's verdict.
using RunSearch = std::function<bool()>;

// A search's queries as the obligations of a shallow search that found nothing.
std::vector<Obligation> shallow_obligations(const ProofVerdict& search);

// One contract's part of an invariant, after houdini() and check_vacuity(): PROVED (or
// VACUOUS), with the assumptions it needed, or HOLDS TO DEPTH with the counterexample to
// induction (under the assumptions). With `search_first` (a transition invariant's part),
// its steps are asked within a small budget first, and when one is left undecided the
// search runs before any step is asked in full: a run that breaks the part spares the
// expensive step (M-OUTPUT's execute_batch step), and the part is then HOLDS TO DEPTH
// (its first undecided step) for the search's verdict to decide.
ProofVerdict prove_by_induction(const invariants::Invariant& inv, const ContractInduction& contract,
                                const EngineContext& ctx, const RunSearch& search_first = {});

}  // namespace meshcheck::smt
