// `meshcheck mutate`: every selected mutant judged by the suite (mutation/judge.hpp),
// each in its own process (a crash kills the mutant, not the run), --jobs at a time,
// after one baseline process per contract; then mutation.json and mutation.md
// (mutation/report.hpp). --shard k/n judges every n-th mutant from the k-th (in the
// catalog's order); --merge combines the mutation.json of shards into what one run writes.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "mutation/judge.hpp"

namespace meshcheck::mutation {

struct RunOptions {
  // "all" (both profiles, one document), "deployed" (the document as before the spec
  // half existed) or "spec".
  std::string profile = "all";
  std::vector<std::string> contracts;  // empty: every contract with sites
  std::vector<std::string> mutants;    // IDs; empty: all of the contracts'
  int jobs = 1;
  std::string shard = "1/1";
  std::string out_dir = "mutation-out";
  std::vector<std::string> traces_dirs;  // default: the source tree's tests/traces/upstream and .../mutation
  std::vector<std::string> spec_traces_dirs;  // the spec flows; default: the source tree's tests/traces/spec
  JudgeOptions judge;                  // the budget and engines (contract set per run)
  std::vector<std::string> merge;      // --merge: shard output folders to combine instead
  bool progress = true;                // on stderr, when it is a terminal
  std::string self;                    // this executable (children run it); default /proc/self/exe
};

// `meshcheck mutate`: 0 every mutant killed or accepted as equivalent, 1 a survivor left
// unexplained (a finding), 2 unusable options (one message on `err`).
int run_mutate_command(RunOptions options, std::ostream& out, std::ostream& err);

// The child's side: judges mutant `id` ("baseline": none) with the options in JSON file
// `job` and the baseline in it, writing its result as JSON to `result`. Returns 0.
int run_mutate_worker(const std::string& id, const std::string& job, const std::string& result);

}  // namespace meshcheck::mutation
