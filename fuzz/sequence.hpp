// One fuzzed sequence: the six handlers and the common commands mixed into one command
// generator, and the RapidCheck state machine run from the fuzzer's starting world.
#pragma once

#include <array>
#include <rapidcheck.h>

#include "fuzz/machine.hpp"
#include "fuzz/setup.hpp"
#include "invariants/invariant.hpp"
#include "model/contract_kind.hpp"

namespace meshcheck::fuzz {

// How often each handler is chosen: the six contracts' (by model::ContractKind, in its
// order), then the common commands'.
struct Mix {
  std::array<std::size_t, model::kContractCount + 1> weights{4, 4, 4, 4, 4, 4, 2};
};
// All six contracts interleaved; the invariant's own contract (if any) chosen 4x as often.
Mix mix_for(const invariants::Invariant& focus);
// Only `kind`'s calls, with a plain transfer or a clock step now and then: how the tests
// that compare the model with its encoding aim a sequence at one contract.
Mix aimed_at(model::ContractKind kind);

// A command for the current GeneratorView: a handler by weight, then one of its kinds.
rc::Gen<CommandPtr> fuzz_commands(const GeneratorView& model, const Mix& mix);

// Generates and runs one sequence from `setup` (inside a RapidCheck property): the
// MonitoredRun's monitor is `setup.monitor`. With `fail`, the first violation it reports fails
// the case; otherwise violations are only counted.
//
// A sequence has 1..size+1 commands, size being RapidCheck's (which grows over a run) or,
// for the spec profile, `max_size` whenever it is given: the spec's flows cross three or
// four contracts (a public job is paid after seven calls), so its sequences are drawn at
// full length from the first case.
void run_sequence(const Setup& setup, const Mix& mix, Recorder& recorder, bool fail = true, int max_size = -1);

// Counts the cases (sequences) RapidCheck runs and the calls in them, and prints
// nothing (RapidCheck's own listener writes to stderr).
class CaseCounter : public rc::detail::TestListener {
 public:
  explicit CaseCounter(const Recorder& recorder) : recorder_(recorder) {}
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {
    calls += recorder_.steps_in_case;
    ++sequences;
  }
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
  std::uint64_t calls = 0;
  std::uint64_t sequences = 0;

 private:
  const Recorder& recorder_;
};

// For property tests: one sequence over all six contracts, failing when any of `ids`
// is violated or when a generated call is one the chain would not carry.
void check_generated_sequence(const model::Profile& profile, std::vector<std::string> ids);

}  // namespace meshcheck::fuzz
