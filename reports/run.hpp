// `meshcheck report`: for each profile judged (--profile deployed|spec|all, all by
// default: the deployed code beside the design), runs the fuzzer and the prover (and
// replays --trace files), merges their verdicts per invariant, compares with a
// --baseline per profile, and writes report.json, report.md, report.html, junit.xml and
// report.sarif into --out, with the counterexample traces under
// <out>/counterexamples/<profile>/{prove,fuzz}/<ID>.jsonl.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "reports/report.hpp"

namespace meshcheck::reports {

struct ReportOptions {
  // "deployed", "spec", or "all": every profile judged, side by side (deployed versus design).
  std::string profile = "all";
  std::string out_dir = "meshcheck-report";
  std::uint64_t seed = 1;
  std::string budget = "default";  // small | default | large
  // Overrides of the budget's figures.
  std::optional<unsigned> depth, timeout_seconds;  // timeout: the wall-clock safety net per Z3 query
  std::optional<std::uint64_t> rlimit;             // Z3 resource units per query
  std::optional<int> runs, max_calls;
  std::vector<std::string> invariants;  // empty: the profile's whole catalog
  std::vector<std::string> traces;
  std::string baseline;  // "" for none
  unsigned jobs = 1;
  bool prove = true, fuzz = true;  // --no-prove / --no-fuzz
  // --prove-spec: also run the composed spec prover (smt/spec/). Off by default: its Houdini
  // search takes many minutes on a 2-core machine (README, "prove --profile spec"), longer
  // than a report on every change may; without it the spec column says the prover was not
  // run, never PROVED.
  bool prove_spec = false;
  std::vector<std::string> no_assume;  // --no-assume: assumptions the prover may not use
  bool progress = true;            // on stderr, and only when it is a terminal
  std::string mutation;            // --mutation DIR: a `meshcheck mutate` output folder to link
};

// The whole subcommand: 0 nothing wrong (with --baseline: nothing worse), 1 something
// found (or worse), 2 unusable options or inputs (one message on `err`).
int run_report_command(const ReportOptions& options, std::ostream& out, std::ostream& err);

}  // namespace meshcheck::reports
