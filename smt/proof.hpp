// What the prover and its engines (smt/engines/) speak in: the options of a run, one
// solver query and its answer (an Obligation), and the verdict on one invariant.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace meshcheck::smt {

// The default resource limits (the `default` budget of `meshcheck report`).
inline constexpr std::uint64_t kDefaultRlimit = 15'000'000;
// Bounded model checking: per invariant and contract, each query taking what it needs of
// it (M-OUTPUT's depth-3 counterexample alone takes 36.4M of it).
inline constexpr std::uint64_t kDefaultBmcRlimit = 45'000'000;

struct ProveOptions {
  std::string profile = "deployed";
  std::vector<std::string> invariants;  // empty: the whole catalog
  unsigned depth = 8;                   // bounded model checking: at most this many calls
  // What decides UNKNOWN: Z3 resource units (its `rlimit`), the same on every machine.
  std::uint64_t rlimit = kDefaultRlimit;          // per Z3 query
  // Per invariant and contract, for its whole bounded model checking; each of its queries
  // may use what is left of it (not bounded by `rlimit`). 0: none (then `rlimit` bounds each).
  std::uint64_t bmc_rlimit = kDefaultBmcRlimit;
  // Wall-clock safety nets only: a verdict they cut short is UNKNOWN and says so, and
  // the run exits non-zero (see query.hpp).
  unsigned timeout_seconds = 600;      // per Z3 query
  unsigned bmc_budget_seconds = 1800;  // per invariant and contract, for its whole bounded model checking
  unsigned jobs = 1;                    // obligations run in parallel
  std::string out_dir = "meshcheck-counterexamples/prove";
  bool verbose = false;  // print every obligation with its answer and time
  // The assumptions (invariants/assumptions.cpp) a proof may not use: --no-assume.
  std::vector<std::string> no_assume;
  // The catalog's assumptions that proofs may use: all but no_assume, in catalog order.
  std::vector<std::string> assumptions() const;
  std::size_t slowest = 0;  // list this many of the most expensive obligations
  // false: the spec prover leaves its explored sites (some 60 Z3 contexts, 1.9 GB of terms
  // in the full run) to the end of the process instead of freeing them, which takes 5 s of
  // a full run; the operating system takes the memory back at once. For a command that
  // exits right after (`meshcheck prove`), as clang leaves its AST to the exit
  // (-disable-free). Tests and longer-lived callers keep the default.
  bool free_at_end = true;
};

// One solver query and what it said.
struct Obligation {
  std::string contract;
  std::string what;    // "base", "step deposit_for_job", "bmc depth 3", ...
  std::string result;  // "unsat", "sat", "unknown: <reason>"
  double seconds = 0;
  std::uint64_t rlimit = 0;  // Z3 resource units the query used (deterministic)
  // One query listed among several verdicts' obligations (the spec prover's inductive set
  // and its run checks: every verdict stands on them), so that totals count it once.
  bool shared = false;
};

struct ProofVerdict {
  enum class Kind { Proved, Violated, HoldsToDepth, Unknown, Vacuous, Error };
  std::string id;
  Kind kind = Kind::Unknown;
  std::string detail;                    // the violation, the counterexample to induction, the reason
  std::vector<std::string> trace;        // VIOLATED: the counterexample as trace lines
  std::vector<std::string> extra_trace;  // M-PERMUTE: the permuted run
  std::size_t depth = 0;                 // VIOLATED: calls in the counterexample; HOLDS: the depth searched
  std::vector<std::string> lemmas;       // the proved lemmas a proof leaned on
  std::vector<Obligation> obligations;
  double seconds = 0;         // time of this invariant's own queries
  bool unknown_step = false;  // induction: Z3 could not decide a step (not a counterexample)
  // PROVED: the assumptions the proof needed (ids of invariants/assumptions.cpp), empty
  // when it needed none. Every output names them beside the verdict.
  std::vector<std::string> assumptions = {};
  bool safety_net = false;    // UNKNOWN because the wall-clock safety net fired in the run
  // The end of `detail` when it is shown (HOLDS TO DEPTH, UNKNOWN): a counterexample to
  // induction, minimized only then, since minimizing costs Z3 queries and most are never
  // shown. prove() appends it; empty when there is none.
  std::function<std::string()> detail_tail = {};
};
const char* verdict_name(ProofVerdict::Kind kind);

// Every obligation of `verdicts` once, the most expensive first (resource units, then
// seconds), each with the invariant it is listed under: a shared one (Obligation::shared)
// under the first that lists it; another is one query per invariant, even where two
// invariants' obligations bear the same name (the deployed prover's "step <message>").
// What `prove --slowest` prints and totals.
struct CostedObligation {
  const Obligation* obligation;
  std::string id;
};
std::vector<CostedObligation> obligations_by_cost(const std::vector<ProofVerdict>& verdicts);

}  // namespace meshcheck::smt
