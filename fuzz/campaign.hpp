// A fuzzing campaign: for each invariant a run can violate (all of them, or those
// asked for), a RapidCheck search over the six contracts (fuzz/search.hpp) whose
// shrunk counterexample is written as a trace, `<out>/<ID>.jsonl`, that
// `meshcheck replay` reproduces. Deterministic: each invariant's verdict and file depend
// only on the seed and its ID, whatever --jobs is.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/coverage.hpp"
#include "fuzz/search.hpp"

namespace meshcheck::fuzz {

struct FuzzOptions {
  std::string profile = "deployed";
  std::vector<std::string> invariants;  // IDs; empty: the whole catalog
  std::uint64_t seed = 1;
  int runs = 1000;      // sequences per invariant (about 1 s for the catalog on one core)
  int max_calls = 50;   // commands per sequence, at most
  int jobs = 1;         // worker processes
  std::string out_dir = "fuzz-out";
  bool progress = true;  // on stderr, and only when stderr is a terminal
};

struct CampaignResult {
  std::vector<Verdict> verdicts;  // catalog order
  Coverage coverage;              // over every search
  // For a profile the catalog has no invariants of yet: its unchecked searches
  // (fuzz_unchecked: one per contract, one over all six), whose sequences give the coverage.
  std::vector<Verdict> unchecked;
  std::size_t violated() const;
  std::size_t errors() const;
};

// What makes the options unusable (one message), or "" when they are usable.
std::string check_options(const FuzzOptions& options);

// Runs the campaign; the options must be usable. `done` is called as each invariant's
// verdict arrives (in no fixed order when jobs > 1).
CampaignResult run_campaign(const FuzzOptions& options, const std::function<void(const Verdict&)>& done = {});

// Writes each violated invariant's counterexample to `<out_dir>/<ID>.jsonl` and removes
// a stale `<ID>.jsonl` of every invariant searched and not violated. Returns "" or
// what went wrong.
std::string write_counterexamples(const CampaignResult& result, const std::string& out_dir);

// The per-invariant table and the coverage, as `meshcheck fuzz` prints them.
void print_campaign(const FuzzOptions& options, const CampaignResult& result, std::ostream& out);

// `meshcheck fuzz`: 0 nothing violated, 1 something violated (or a search failed),
// 2 unusable options (one message on `err`).
// With `kept`, the campaign's result is also handed back (for what the caller adds).
int run_fuzz_command(const FuzzOptions& options, std::ostream& out, std::ostream& err, CampaignResult* kept = nullptr);

}  // namespace meshcheck::fuzz
