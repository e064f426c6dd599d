// Fuzzed call sequences aimed at one contract, for the tests that hold the model's two
// forms to each other on them (smt_encoding_test: each message and its encoding;
// invariant_agreement_test: each invariant's check and its predicate).
#pragma once

#include <rapidcheck.h>

#include <cstdint>
#include <functional>
#include <variant>
#include <string>
#include <vector>

#include "fuzz/sequence.hpp"
#include "model/profile.hpp"
#include "support/encoding_check.hpp"

namespace meshcheck::testing {

// Runs `sequences` sequences of at most `max_calls` steps from the standard deployment
// (the fuzzer's own handlers, `contract` chosen most of the time; RapidCheck seed
// `seed`, no shrinking) and hands each one's world and steps to `visit`, which returns
// false to stop. Returns whether every sequence was visited.
inline bool for_each_fuzzed_sequence(
    const std::string& contract, std::uint64_t seed, int sequences, int max_calls,
    const std::function<bool(const model::World& start, const std::vector<fuzz::TraceStep>& steps)>& visit) {
  struct Silent : rc::detail::TestListener {
    void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
    void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
    void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
  } silent;
  const fuzz::Setup setup = fuzz::make_setup(model::deployed_profile(), {"G-VALUE"});
  fuzz::Recorder recorder;
  recorder.keep_runs = true;
  const fuzz::Mix mix = fuzz::aimed_at(contract_kind(contract));
  const auto property = rc::detail::toProperty([&] {
    fuzz::run_sequence(setup, mix, recorder, false);
    RC_ASSERT(visit(setup.world, recorder.last_run));
  });
  rc::detail::TestParams params;
  params.seed = seed;
  params.maxSuccess = sequences;
  params.maxSize = max_calls;
  params.disableShrinking = true;
  return rc::detail::checkProperty(property, rc::detail::TestMetadata{}, params, silent, {})
      .is<rc::detail::SuccessResult>();
}

// Holds `enc` to the model on every call to its contract in the fuzzed sequences above:
// check_call on each, the world advanced by the model. Returns the first disagreement
// ("" when none), as "<contract>.<message>: why"; `visited_all` says whether every
// sequence ran.
inline std::string check_fuzzed_calls(const smt::ContractEncoding& enc, const std::string& contract,
                                      std::uint64_t seed, int sequences, int max_calls, Tally& tally,
                                      bool& visited_all) {
  std::string failure;
  visited_all = for_each_fuzzed_sequence(
      contract, seed, sequences, max_calls, [&](const model::World& start, const std::vector<fuzz::TraceStep>& steps) {
        model::World world = start;
        for (auto& step : steps) {
          if (auto* t = std::get_if<fuzz::TransferStep>(&step)) {
            world.transfer(t->from, t->to, t->value);
            continue;
          }
          const auto& call = std::get<fuzz::CallStep>(step).call;
          if (world.instance(call.contract)->spec == enc.spec && failure.empty()) {
            std::string why = check_call(enc, world, call, tally);
            if (!why.empty()) failure = contract + "." + call.message->label + ": " + why;
          }
          world.call(call);
        }
        return failure.empty();
      });
  return failure;
}

}  // namespace meshcheck::testing
