// `meshcheck prove`: every invariant of the catalog judged by Z3.
//
// Per contract, the prover first finds the largest set of its state predicates (catalog
// state invariants and supporting lemmas) that is inductive as a whole, Houdini-style:
// drop every predicate that fails its base case (the standard deployment) or its step
// (all of the set before ∧ one call of one message ⇒ it after), and repeat until
// nothing fails. A predicate in that set is PROVED. A transition invariant is PROVED
// when, for every message, the set before ∧ the call ⇒ the invariant on that step.
//
// What is not proved is searched for by bounded model checking from the standard
// deployment, one call more at a time up to --depth: the first depth at which the
// invariant breaks is minimal, and the calls found there are written as a trace and
// replayed through the C++ model, which must report the same invariant (else the
// encoding and the model disagree: an ERROR, never a verdict). Not found: HOLDS TO
// DEPTH K, with the counterexample to induction. Z3's unknown or a timeout: UNKNOWN.
//
// Each of those is an engine of smt/engines/ (induction, bmc; funds_exit and
// self_composition for G-FUNDS-EXIT and the two-run M-PERMUTE); prove() picks the
// engines for each invariant and combines their verdicts, the worst part deciding.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "smt/proof.hpp"

namespace meshcheck::smt {

struct ProveResult {
  std::vector<ProofVerdict> verdicts;  // in catalog order
  double seconds = 0;                  // wall time of the whole run
  std::size_t safety_net_fired = 0;    // queries (or searches) the wall-clock safety net cut short
  std::size_t count(ProofVerdict::Kind kind) const;
};

// Checks the options: "" when usable, else the message (unknown profile or invariant).
std::string check_options(const ProveOptions& options);

// Runs the prover. `progress` (may be empty) is called after each obligation with
// (done, total so far).
ProveResult prove(const ProveOptions& options, const std::function<void(std::size_t, std::size_t)>& progress = {});

// The counterexample file of a VIOLATED verdict: <out_dir>/<ID>.jsonl.
std::string counterexample_path(const ProveOptions& options, const std::string& id);
// Writes the counterexamples of VIOLATED verdicts; "" or the error.
std::string write_counterexamples(const ProveOptions& options, const ProveResult& result);

}  // namespace meshcheck::smt
