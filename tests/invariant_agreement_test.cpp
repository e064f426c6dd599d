// Each invariant's concrete check agrees with its Z3 predicate: the second tie between
// the model and the prover (the first is smt_encoding_test, which ties each message to
// its encoding). A proof about a predicate that says something other than the check the
// fuzzer and replay run would prove the wrong thing; this test is what rules that out.
//
// For each contract, RapidCheck generates fuzzed call sequences (the fuzzer's own
// handlers, that contract chosen most of the time). Every step is fed to one Monitor
// over the whole catalog, as replay feeds it. For each call to the contract, the same
// concrete call is also taken through the encoding (tests/support/encoding_check.hpp),
// and every predicate the prover holds that contract to is evaluated on it:
//  - a step predicate (a Transition invariant: E-CONSERVE, G-VALUE, G-ATOMIC, ...) on
//    (pre-state, call, the branch taken): it is false exactly when the Monitor reports
//    that invariant on that step;
//  - a state predicate (a State invariant: G-SOLVENT, N-BALANCE, ...) on the state after
//    the call: it is false exactly when the Monitor reports it. The Monitor checks state
//    invariants incrementally (on what the step changed), so once one is broken in a
//    sequence, later steps may or may not report it again: the comparison stops there.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "fuzz/sequence.hpp"
#include "invariants/invariant.hpp"
#include "invariants/monitor.hpp"
#include "model/profile.hpp"
#include "smt/encoding.hpp"
#include "support/encoding_check.hpp"

namespace meshcheck {
namespace {

using testing::encode_call;
using testing::Truth;

// The handler index of each contract in fuzz::Mix.
std::size_t handler_index(const std::string& contract) {
  static const std::vector<std::string> order{"ai_job_queue",      "payment_escrow",      "compute_provider_registry",
                                              "data_nft_registry", "phala_job_processor", "mev_protection"};
  return std::find(order.begin(), order.end(), contract) - order.begin();
}

// Per invariant: how many steps both forms judged, and how many of them broke it.
struct Agreement {
  std::size_t compared = 0;
  std::size_t violated = 0;
};

class InvariantAgreesWithPredicate : public ::testing::TestWithParam<std::string> {};

TEST_P(InvariantAgreesWithPredicate, OnFuzzedSteps) {
  const std::string contract = GetParam();
  const smt::ContractEncoding* enc = smt::encoding_of(contract);
  ASSERT_NE(enc, nullptr);

  struct Silent : rc::detail::TestListener {
    void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
    void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
    void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
  } silent;
  // The setup's world and header; the Monitor below observes the header itself.
  const fuzz::Setup setup = fuzz::make_setup(model::deployed_profile(), {"G-VALUE"});
  fuzz::Recorder recorder;
  recorder.keep_runs = true;
  fuzz::Mix mix;
  mix.weights.fill(0);
  mix.weights[handler_index(contract)] = 10;
  mix.weights[6] = 1;  // plain transfers and the clock
  testing::Tally tally;
  std::map<std::string, Agreement> agreement;
  std::string failure;

  const auto property = rc::detail::toProperty([&] {
    fuzz::run_sequence(setup, mix, recorder, false);
    // A Monitor over the whole catalog (the setup's own is focused). It takes each
    // instance's ghost from the state before the first step that touches it.
    invariants::Monitor monitor;
    model::World world = setup.world;
    std::set<std::string> broken_states;  // state invariants broken earlier in this sequence
    for (auto& step : recorder.last_run) {
      model::World before = world;
      std::vector<invariants::Violation> found;
      if (auto* t = std::get_if<fuzz::TransferStep>(&step)) {
        world.transfer(t->from, t->to, t->value);
        monitor.observe({invariants::StepKind::Transfer, before, world}, found);
        continue;
      }
      const model::Call& call = std::get<fuzz::CallStep>(step).call;
      model::CallResult result = world.call(call);
      monitor.observe({invariants::StepKind::Call, before, world, &call, &result}, found);
      if (world.instance(call.contract)->spec != enc->spec || !failure.empty()) continue;

      z3::context c;
      testing::ConcreteCall encoded;
      std::string why = encode_call(c, *enc, before, call, encoded, tally);
      if (!why.empty()) failure = call.message->label + ": " + why;
      if (!encoded.taken) continue;
      smt::SymStep sym{*encoded.pre, *encoded.env, *encoded.message, encoded.args, *encoded.taken};
      for (auto& p : invariants::predicates_of(contract, c)) {
        if (p.is_lemma() || broken_states.count(p.id)) continue;
        bool concrete = std::any_of(found.begin(), found.end(), [&](auto& v) { return v.id == p.id; });
        Truth holds = testing::truth(c, p.state ? p.state(encoded.taken->post) : p.step(sym));
        if (holds == Truth::Depends) {
          failure = p.id + " on " + call.message->label + ": the predicate is not decided by a concrete step";
          break;
        }
        bool symbolic = holds == Truth::False;
        if (concrete != symbolic) {
          std::ostringstream s;
          s << p.id << " on " << call.message->label << " (branch '" << encoded.taken->name << "'): the check "
            << (concrete ? "reports a violation" : "reports nothing") << " but the Z3 predicate "
            << (symbolic ? "is false" : "holds");
          for (auto& v : found)
            if (v.id == p.id) s << "\n  check: " << v.detail;
          failure = s.str();
          break;
        }
        ++agreement[p.id].compared;
        if (concrete) {
          ++agreement[p.id].violated;
          if (p.state) broken_states.insert(p.id);
        }
      }
    }
    RC_ASSERT(failure.empty());
  });
  rc::detail::TestParams params;
  params.seed = 11;
  params.maxSuccess = 25;
  params.maxSize = 50;
  params.disableShrinking = true;
  auto result = rc::detail::checkProperty(property, rc::detail::TestMetadata{}, params, silent, {});
  EXPECT_TRUE(failure.empty()) << failure;
  EXPECT_TRUE(result.is<rc::detail::SuccessResult>());

  // Every predicate of the contract was compared on many steps.
  z3::context c;
  std::ostringstream table;
  table << contract << ": " << tally.skipped_unfunded << " calls skipped (the caller could not pay), "
        << tally.skipped_long_vec << " (a Vec longer than the encodings unroll)\n";
  for (auto& p : invariants::predicates_of(contract, c)) {
    if (p.is_lemma()) continue;
    const Agreement& a = agreement[p.id];
    EXPECT_GE(a.compared, 20u) << p.id << " was compared on too few steps";
    table << "  " << p.id << ": " << a.compared << " steps agree, " << a.violated << " of them violations\n";
  }
  std::cout << table.str();
}

INSTANTIATE_TEST_SUITE_P(Contracts, InvariantAgreesWithPredicate,
                         ::testing::Values("ai_job_queue", "payment_escrow", "compute_provider_registry",
                                           "data_nft_registry", "phala_job_processor", "mev_protection"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace meshcheck
