// The merged report: for each invariant of each profile judged (deployed, the design's
// spec, or both side by side), what the prover, the fuzzer and the replayed traces said,
// and one merged verdict. Every output format (report.json, report.md, report.html,
// junit.xml, report.sarif) is written from this one value.
//
// Merged verdict, in order of precedence:
//   VIOLATED  some engine has a counterexample that the model replays (the prover's
//             BMC trace, the fuzzer's shrunk sequence, or a line of a --trace file);
//   ERROR     an engine failed on it (or the prover PROVED what another engine broke);
//   PROVED    the prover proved it for every reachable state / every call;
//   HOLDS     not proved, but no counterexample: bounded model checking to depth K
//             and/or so many fuzzed sequences found none;
//   UNKNOWN   nothing decided it (the prover said UNKNOWN or VACUOUS and no engine
//             could search for a counterexample).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/campaign.hpp"
#include "invariants/invariant.hpp"
#include "smt/prover.hpp"

namespace meshcheck::reports {

enum class Merged { Proved, Violated, Holds, Unknown, Error };
const char* merged_name(Merged m);  // "PROVED", "VIOLATED", "HOLDS", "UNKNOWN", "ERROR"
std::optional<Merged> merged_from_name(const std::string& name);

// One invariant violation seen while replaying a --trace file.
struct TraceFinding {
  std::string trace;  // the path as given
  std::size_t line = 0;
  std::size_t calls = 0;  // calls and transfers up to and including that line
  std::string detail;
};

// A counterexample: where it is and what it is.
struct Counterexample {
  std::string engine;  // "prove", "fuzz", "trace"
  // Relative to the report folder ("counterexamples/deployed/prove/E-CONSERVE.jsonl"), or
  // the trace's path.
  std::string path;
  std::size_t line = 0;     // for "trace": the line that broke it
  std::size_t length = 0;   // calls and plain transfers in it
  std::string detail;       // what broke
  std::vector<std::string> lines;  // the trace lines (for "trace": the file's lines up to `line`)
  // The message the last call exercised, and where the model writes it.
  std::string contract, message, source_file;
  std::size_t source_line = 0;
};

struct InvariantResult {
  std::string profile = "deployed";  // the profile it was judged in
  invariants::Invariant invariant;   // its statement and why as that profile words them
  std::optional<smt::ProofVerdict> prove;  // when the prover ran on it
  std::optional<fuzz::Verdict> fuzz;       // when the fuzzer ran on it
  std::vector<TraceFinding> traces;
  Merged merged = Merged::Unknown;
  std::string summary;  // one line: why this merged verdict
  std::vector<Counterexample> counterexamples;  // shortest first; the first is "the" counterexample
  // When the prover was asked but could not judge this profile: why, said beside the
  // verdict ("the spec prover is not in this build: ..."); a verdict without a proof is
  // never PROVED.
  std::string prover_missing;
};

// A profile as a report's headings name it: "deployed" and "spec (design)".
std::string profile_label(const std::string& profile);

// A replayed --trace file.
struct TraceResult {
  std::string path;
  std::string profile;  // the profile its deploy lines chose (the first judged one by default)
  std::string digest;  // BLAKE2b-256 of its bytes, hex
  std::size_t lines = 0, calls = 0;
  std::vector<std::string> divergences;  // "LINE: where: field: trace says X, model computed Y"
  std::size_t violations = 0;
  std::string error;  // an unreadable line stops the replay: "LINE: reason"
};

// One difference from the baseline.
struct Change {
  std::string profile;  // the profile of the invariant ("" for a trace)
  std::string id;       // an invariant ID, or a trace path
  std::string what;    // "new violation", "proof lost", "shorter counterexample", "new error", "new divergence",
                       // "violation gone", "newly proved", "longer counterexample", "verdict changed", "not judged"
  std::string before, after;  // verdicts (with lengths)
  bool worse = false;
};

struct BaselineResult {
  std::string path;
  std::string format;  // "report.json" or "accepted verdicts"
  std::string digest;  // BLAKE2b-256 of the file, hex
  std::vector<Change> changes;
  bool worse() const;
};

struct Budget {
  std::string name;  // "small", "default", "large"
  // The prover: BMC depth, Z3 resource units per query and per contract's BMC (what
  // decides UNKNOWN, the same on every machine), and the wall-clock safety net per query.
  unsigned depth = 8;
  std::uint64_t rlimit = smt::kDefaultRlimit, bmc_rlimit = smt::kDefaultBmcRlimit;
  unsigned timeout_seconds = 600;
  int runs = 1000, max_calls = 50;  // the fuzzer
};
// The named budgets; nullopt for an unknown name.
std::optional<Budget> budget_named(const std::string& name);
std::vector<std::string> budget_names();

struct Timing {
  double total = 0, prove = 0, fuzz = 0, replay = 0;
};

// One row of the side-by-side table: an invariant and its result in each profile judged
// (Report::profiles order); nullptr where the profile does not have it (or --invariant
// left it out).
struct SideBySideRow {
  const invariants::Invariant* invariant;  // the catalog's entry
  std::vector<const InvariantResult*> results;
};

struct Report {
  std::string tool_version;
  std::string profile;                // as asked: "deployed", "spec" or "all"
  std::vector<std::string> profiles;  // the profiles judged, deployed first
  std::uint64_t seed = 1;
  Budget budget;
  bool ran_prover = true, ran_fuzzer = true;
  // The assumptions the prover could use (the catalog's, less --no-assume); each PROVED
  // verdict names those it needed (ProofVerdict::assumptions).
  std::vector<std::string> assumptions;
  std::vector<std::string> selected;  // --invariant, empty: the whole catalog
  std::vector<InvariantResult> invariants;  // per profile (Report::profiles order), catalog order within it
  std::vector<TraceResult> traces;
  std::map<std::string, fuzz::Coverage> coverage;  // per profile the fuzzer ran on
  std::optional<BaselineResult> baseline;
  // --mutation DIR: the score of a `meshcheck mutate` run, which the HTML report links.
  struct MutationLink {
    std::string href;   // DIR/mutation.md, relative to the report's folder
    std::string score;  // "86.4 %"
    std::size_t total = 0, killed = 0, equivalent = 0;
    std::vector<std::pair<std::string, std::string>> contracts;  // name, score
  };
  std::optional<MutationLink> mutation;
  Timing timing;
  std::size_t safety_net_fired = 0;  // the prover's wall-clock safety net: non-zero exits 1

  std::size_t count(Merged m) const;
  std::size_t count(Merged m, const std::string& profile) const;
  std::size_t count_in(const std::string& profile) const;  // invariants judged in `profile`
  // Whether several profiles are judged (the report then opens with them side by side).
  bool side_by_side() const { return profiles.size() > 1; }
  // The invariants of every profile judged, in catalog order, each with its results.
  std::vector<SideBySideRow> rows() const;
  // The assumptions some PROVED verdict stands on, in catalog order.
  std::vector<const invariants::Assumption*> used_assumptions() const;
  // The invariants PROVED under assumption `id`, in catalog order.
  std::vector<std::string> proved_under(const std::string& id) const;
  // 0 when nothing is wrong (with a baseline: nothing got worse) and the prover's
  // wall-clock safety net never fired, 1 otherwise.
  int exit_code() const;
  // "3 violated, 20 proved, 9 hold, 1 unknown, 0 errors (33 invariants)"; with two
  // profiles, one such part per profile: "deployed: 3 violated, ...; spec: ..."
  std::string summary_line() const;
  // The counts of one profile: "3 violated, 20 proved, 9 hold (bounded), 1 unknown, 0 errors (33 invariants)".
  std::string counts_line(const std::string& profile) const;
};

// The assumptions a merged PROVED verdict stands on (the prover's proof's), in catalog
// order; empty for any other verdict.
std::vector<std::string> proved_assuming(const InvariantResult& r);

// Merges the engines' verdicts of one invariant into `r.merged`, `r.summary` and
// `r.counterexamples` (whose lines and paths must be set by the caller).
void merge(InvariantResult& r);

// The cell a side-by-side table shows for the prover in one profile: the proof's
// obligations and lemmas, or why there is none ("not proved: ...").
std::string proof_cell(const InvariantResult& r);

// Fills the source location of a counterexample from its last call.
void locate(Counterexample& c, const std::string& profile);

}  // namespace meshcheck::reports
