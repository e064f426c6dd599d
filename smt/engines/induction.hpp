// Induction: per contract, the largest set of its state predicates (catalog state
// invariants and supporting lemmas) that is inductive as a whole, found Houdini-style,
// and, with that set assumed, each invariant's own step over every message. A predicate
// in the set is PROVED; a transition invariant is PROVED when every message's step
// keeps it. What is not proved leaves a counterexample to induction for bounded model
// checking (bmc.hpp) to search from.
#pragma once

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
};

struct PredicateStatus {
  bool in_set = true;  // still in the inductive set
  std::optional<InductionFailure> failure;
  std::vector<Obligation> obligations;  // of the last round it took part in
};

// One contract under proof: its encoding, where the standard deployment put it, and
// what induction found about its predicates. The other engines assume its inductive set.
struct ContractInduction {
  const ContractEncoding* enc;
  Address address;
  std::map<std::string, PredicateStatus> status;  // every predicate of predicates_of(), by id
  std::set<std::string> inductive;                // the Houdini set when done
  std::map<std::string, std::string> vacuous;     // message -> why, when the premises are unsatisfiable
};

// A contract before induction: every state predicate is a candidate.
ContractInduction start_induction(const ContractEncoding& enc);

// Shrinks each contract's inductive set, Houdini-style: drops every predicate that
// fails its base case (the standard deployment) or its step (all of the set before ∧
// one call of one message ⇒ it after), and repeats until nothing fails.
void houdini(std::vector<ContractInduction>& contracts, const EngineContext& ctx);

// After houdini(): records the messages no call of which satisfies the inductive set,
// since whatever is proved about them holds vacuously.
void check_vacuity(std::vector<ContractInduction>& contracts, const EngineContext& ctx);

// One contract's part of an invariant, after houdini() and check_vacuity(): PROVED (or
// VACUOUS), or HOLDS TO DEPTH with the counterexample to induction.
ProofVerdict prove_by_induction(const invariants::Invariant& inv, const ContractInduction& contract,
                                const EngineContext& ctx);

}  // namespace meshcheck::smt
