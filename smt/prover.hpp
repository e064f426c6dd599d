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
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace meshcheck::smt {

struct ProveOptions {
  std::string profile = "deployed";
  std::vector<std::string> invariants;  // empty: the whole catalog
  unsigned depth = 8;                   // bounded model checking: at most this many calls
  unsigned timeout_seconds = 20;        // per Z3 query
  unsigned bmc_budget_seconds = 30;     // per contract, for its whole bounded model checking
  unsigned jobs = 1;                    // obligations run in parallel
  std::string out_dir = "meshcheck-counterexamples/prove";
  bool verbose = false;  // print every obligation with its answer and time
};

// One solver query and what it said.
struct Obligation {
  std::string contract;
  std::string what;    // "base", "step deposit_for_job", "bmc depth 3", ...
  std::string result;  // "unsat", "sat", "unknown: <reason>"
  double seconds = 0;
};

struct ProofVerdict {
  enum class Kind { Proved, Violated, HoldsToDepth, Unknown, Vacuous, Error };
  std::string id;
  Kind kind = Kind::Unknown;
  std::string detail;                     // the violation, the counterexample to induction, the reason
  std::vector<std::string> trace;         // VIOLATED: the counterexample as trace lines
  std::vector<std::string> extra_trace;   // M-PERMUTE: the permuted run
  std::size_t depth = 0;                  // VIOLATED: calls in the counterexample; HOLDS: the depth searched
  std::vector<std::string> lemmas;        // the proved lemmas a proof leaned on
  std::vector<Obligation> obligations;
  double seconds = 0;                     // time of this invariant's own queries
  bool unknown_step = false;              // induction: Z3 could not decide a step (not a counterexample)
};
const char* verdict_name(ProofVerdict::Kind kind);

struct ProveResult {
  std::vector<ProofVerdict> verdicts;  // in catalog order
  double seconds = 0;                  // wall time of the whole run
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
void print_result(const ProveOptions& options, const ProveResult& result, std::ostream& out);

// The whole subcommand: 0 when nothing is VIOLATED (and nothing is an ERROR), 1 when
// something is, 2 for unusable options.
int run_prove_command(const ProveOptions& options, std::ostream& out, std::ostream& err);

}  // namespace meshcheck::smt
