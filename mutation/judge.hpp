// Judging one mutant (or the unmutated model) with the suite, in this process: the
// engines cheapest first, each compared with the unmutated model's outcome (the
// baseline), stopping at the first that reports something worse.
//
// The kill rule: a mutant is killed when, compared with the baseline,
//  - traces: a bundled trace (tests/traces/upstream/<contract>/, the upstream unit
//    tests' scenarios, and tests/traces/mutation/<contract>/, the scenarios written for
//    the survivors of earlier runs) diverges more, or replays with a violation of an
//    invariant it did not violate;
//  - fuzz: a seed's search for an invariant (3 seeds, a small fixed budget) violates it
//    where the baseline's did not, or fails; the searches run one at a time, unshrunk,
//    and stop at the first such (so a fuzz kill names one killer);
//  - prove: an invariant loses its proof (PROVED becomes anything else), a verdict gets
//    worse (HOLDS TO DEPTH K becomes VIOLATED), or the prover reports an ERROR;
// and by a crash (the process running it dies, mutation/run.hpp). The invariants judged
// are the contract's and the global ones, minus `without` (a blinded suite, for tests).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mutation/catalog.hpp"

namespace meshcheck::mutation {

enum class Engine { kTraces, kFuzz, kProve, kCount };
inline constexpr model::EnumTable<Engine, std::string_view> kEngineNames{{
    {Engine::kTraces, "traces"}, {Engine::kFuzz, "fuzz"}, {Engine::kProve, "prove"}}};

struct JudgeOptions {
  std::string profile = "deployed";             // "deployed" or "spec"
  std::string contract;
  // deployed: each holds <contract>/*.jsonl; spec: each holds flows (*.jsonl) of the whole
  // system, replayed for every contract's mutants (tests/traces/spec/).
  std::vector<std::string> traces_dirs;
  std::vector<std::uint64_t> seeds{1, 2, 3};    // fuzz
  int runs = 300;                               // fuzz: sequences per invariant and seed
  int max_calls = 50;                           // fuzz: calls per sequence
  unsigned depth = 4;                           // prove: BMC depth
  std::uint64_t rlimit = 4'000'000;             // prove: Z3 resource units per query
  std::uint64_t bmc_rlimit = 20'000'000;        // prove: per contract's BMC
  std::vector<Engine> engines{Engine::kTraces, Engine::kFuzz, Engine::kProve};
  std::vector<std::string> without;             // invariants left out of the suite
};

// The invariants judged for `options.contract`: its own and the global ones, catalog order.
std::vector<std::string> judged_invariants(const JudgeOptions& options);

// What one engine reported, raw (JSON): traces {file: {divergences, violated[]}},
// fuzz {seed: {violated[], errors[]}}, prove {id: verdict}; or {"not_applicable": why}
// for an engine the profile does not have (yet): the spec profile's prover, and its
// fuzzer until the fuzzer has spec handlers. Such an engine kills nothing.
nlohmann::json run_engine(Engine engine, const JudgeOptions& options);

// The baseline: every engine's raw outcome on the model as it is active now.
nlohmann::json baseline(const JudgeOptions& options);

// A mutant's verdict from the engines, cheapest first, against `base`:
// {"status": "killed"|"survived", "engine": name or "", "killers": [invariant IDs, or
// "trace:<file>" for a divergence], "detail": one line}.
nlohmann::json judge(const JudgeOptions& options, const nlohmann::json& base);

}  // namespace meshcheck::mutation
