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
// Two self-tests alter E-CONSERVE's predicate, then its check, and expect the
// comparison to say so: the test can fail.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <functional>
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
#include "support/fuzzed_sequences.hpp"

namespace meshcheck {
namespace {

using testing::encode_call;
using testing::Truth;

// Per invariant: how many steps both forms judged, and how many of them broke it.
struct Agreement {
  std::size_t compared = 0;
  std::size_t violated = 0;
};

struct Comparison {
  std::string disagreement;  // the first step where a check and its predicate disagree ("" when none)
  std::map<std::string, Agreement> per_invariant;
  testing::Tally tally;
};

// What the comparison judges by. Normally the catalog's own; the self-test below swaps
// one of them for a broken one, to show that the comparison notices.
struct Judges {
  // The predicates the prover holds `contract` to.
  std::function<std::vector<smt::SymInvariant>(z3::context&)> predicates;
  // What the Monitor reported on one step.
  std::function<std::vector<invariants::Violation>(std::vector<invariants::Violation>)> reported =
      [](std::vector<invariants::Violation> found) { return found; };
};

// Runs fuzzed sequences aimed at `contract` (RapidCheck seed `seed`) and compares, on
// every call to it, each predicate with the Monitor's verdict.
Comparison compare(const std::string& contract, const Judges& judges, std::uint64_t seed, int sequences) {
  const smt::ContractEncoding* enc = smt::encoding_of(contract);
  Comparison out;
  std::string& failure = out.disagreement;
  testing::for_each_fuzzed_sequence(contract, seed, sequences, 50, [&](const model::World& start,
                                                                        const std::vector<fuzz::TraceStep>& steps) {
    // A Monitor over the whole catalog (the setup's own is focused). It takes each
    // instance's ghost from the state before the first step that touches it.
    invariants::Monitor monitor;
    model::World world = start;
    std::set<std::string> broken_states;  // state invariants broken earlier in this sequence
    for (auto& step : steps) {
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
      found = judges.reported(std::move(found));
      if (world.instance(call.contract)->spec != enc->spec || !failure.empty()) continue;

      z3::context c;
      testing::ConcreteCall encoded;
      std::string why = encode_call(c, *enc, before, call, encoded, out.tally);
      if (!why.empty()) failure = call.message->label + ": " + why;
      if (!encoded.taken) continue;
      smt::SymStep sym{*encoded.pre, *encoded.env, *encoded.message, encoded.args, *encoded.taken};
      for (auto& p : judges.predicates(c)) {
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
        ++out.per_invariant[p.id].compared;
        if (concrete) {
          ++out.per_invariant[p.id].violated;
          if (p.state) broken_states.insert(p.id);
        }
      }
    }
    return failure.empty();
  });
  return out;
}

Judges catalog_judges(const std::string& contract) {
  return Judges{[contract](z3::context& c) { return invariants::predicates_of(contract, c); }};
}

class InvariantAgreesWithPredicate : public ::testing::TestWithParam<std::string> {};

TEST_P(InvariantAgreesWithPredicate, OnFuzzedSteps) {
  const std::string contract = GetParam();
  ASSERT_NE(smt::encoding_of(contract), nullptr);
  const Comparison result = compare(contract, catalog_judges(contract), 11, 25);
  EXPECT_EQ(result.disagreement, "");

  // Every predicate of the contract was compared on many steps.
  z3::context c;
  std::ostringstream table;
  table << contract << ": " << result.tally.skipped_unfunded << " calls skipped (the caller could not pay), "
        << result.tally.skipped_long_vec << " (a Vec longer than the encodings unroll)\n";
  for (auto& p : invariants::predicates_of(contract, c)) {
    if (p.is_lemma()) continue;
    auto it = result.per_invariant.find(p.id);
    const Agreement a = it == result.per_invariant.end() ? Agreement{} : it->second;
    EXPECT_GE(a.compared, 20u) << p.id << " was compared on too few steps";
    table << "  " << p.id << ": " << a.compared << " steps agree, " << a.violated << " of them violations\n";
  }
  std::cout << table.str();
}

// The comparison can fail: with E-CONSERVE's predicate replaced by one that always
// holds, or with the Monitor's E-CONSERVE reports dropped, the fuzzed steps that break
// E-CONSERVE (the deployed escrow does) show the disagreement.
TEST(InvariantAgreement, NoticesAnAlteredPredicate) {
  Judges judges = catalog_judges("payment_escrow");
  judges.predicates = [](z3::context& c) {
    auto all = invariants::predicates_of("payment_escrow", c);
    for (auto& p : all)
      if (p.id == "E-CONSERVE") p.step = [](const smt::SymStep& s) { return s.pre.ctx().bool_val(true); };
    return all;
  };
  const Comparison result = compare("payment_escrow", judges, 11, 25);
  EXPECT_NE(result.disagreement.find("E-CONSERVE on "), std::string::npos) << result.disagreement;
  EXPECT_NE(result.disagreement.find("the check reports a violation but the Z3 predicate holds"), std::string::npos)
      << result.disagreement;
}

TEST(InvariantAgreement, NoticesAnAlteredCheck) {
  Judges judges = catalog_judges("payment_escrow");
  judges.reported = [](std::vector<invariants::Violation> found) {
    std::erase_if(found, [](const invariants::Violation& v) { return v.id == "E-CONSERVE"; });
    return found;
  };
  const Comparison result = compare("payment_escrow", judges, 11, 25);
  EXPECT_NE(result.disagreement.find("E-CONSERVE on "), std::string::npos) << result.disagreement;
  EXPECT_NE(result.disagreement.find("the check reports nothing but the Z3 predicate is false"), std::string::npos)
      << result.disagreement;
}

INSTANTIATE_TEST_SUITE_P(Contracts, InvariantAgreesWithPredicate,
                         ::testing::ValuesIn(testing::contract_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace meshcheck
