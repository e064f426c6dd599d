// The Z3 encoding is checked against the C++ model, call by call: what makes a proof
// about the encoding a proof about the model.
//
// For each contract, RapidCheck generates fuzzed call sequences (the fuzzer's own
// handlers, with that contract chosen most of the time) and every call to that contract
// is run twice: by the model (World::call) and through the encoding on the same concrete
// pre-state, environment and arguments. Exactly one branch guard must hold; it must be
// the guard outcome the model took (its Ctx::cover marker); and it must compute the
// model's successor state (every field, the balance and the ghosts), outcome, events
// and transfers.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <sstream>

#include "fuzz/sequence.hpp"
#include "model/profile.hpp"
#include "smt/encoding.hpp"
#include "support/encoding_check.hpp"
#include "support/fuzzed_sequences.hpp"

namespace meshcheck {
namespace {

using testing::check_call;
using testing::Tally;

class EncodingAgreesWithModel : public ::testing::TestWithParam<std::string> {};

TEST_P(EncodingAgreesWithModel, OnFuzzedCalls) {
  const std::string contract = GetParam();
  const smt::ContractEncoding* enc = smt::encoding_of(contract);
  ASSERT_NE(enc, nullptr);

  Tally tally;
  bool visited_all = false;
  const std::string failure = testing::check_fuzzed_calls(*enc, contract, 7, 25, 60, tally, visited_all);
  EXPECT_TRUE(failure.empty()) << failure;
  EXPECT_TRUE(visited_all);

  // Every mutating message was checked, and the branches never reached are listed.
  std::vector<smt::SymMessage> messages;
  z3::context c;
  messages = enc->messages(c);
  for (auto* spec_message : [&] {
         std::vector<const model::MessageSpec*> v;
         for (auto& m : enc->spec->messages)
           if (m.mutates) v.push_back(&m);
         return v;
       }())
    EXPECT_GT(tally.per_message[spec_message->label], 0u) << spec_message->label << " was never checked";
  std::ostringstream report;
  report << contract << ": " << tally.checked << " calls checked against the model";
  if (tally.skipped_long_vec) report << ", " << tally.skipped_long_vec << " skipped (a Vec longer than kMaxVec)";
  if (tally.skipped_unfunded) report << ", " << tally.skipped_unfunded << " skipped (the caller could not pay)";
  report << "\n";
  for (auto& m : enc->spec->messages) {
    if (!m.mutates) continue;
    for (auto& name : m.branches)
      if (!tally.branches_hit.count(m.label + ": " + name)) report << "  not reached: " << m.label << ": " << name << "\n";
  }
  std::cout << report.str();
}

INSTANTIATE_TEST_SUITE_P(Contracts, EncodingAgreesWithModel,
                         ::testing::ValuesIn(testing::contract_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace meshcheck
