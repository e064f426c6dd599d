// The mutants of `meshcheck mutate` (mutation/): generated as declared, each site read by
// both transcriptions of its contract, and the Z3 encoding agreeing with the C++ model
// under every mutant, call by call, as smt_encoding_test checks the unmutated model.
//
// The agreement check runs a small budget of fuzzed sequences per mutant in CI; with
// MESHCHECK_MUTATION_FULL=1 in the environment it runs smt_encoding_test's budget.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "fuzz/sequence.hpp"
#include "mutation/catalog.hpp"
#include "mutation/equivalence.hpp"
#include "mutation/equivalent.hpp"
#include "smt/encoding.hpp"
#include "support/encoding_check.hpp"
#include "support/fuzzed_sequences.hpp"

namespace meshcheck {
namespace {

using mutation::Mutant;

std::vector<std::string> mutant_ids() {
  std::vector<std::string> out;
  for (const Mutant& m : mutation::mutants("deployed")) out.push_back(m.id);
  return out;
}

// Deactivates the mutant when a test ends, whatever happens.
struct ActiveMutant {
  explicit ActiveMutant(const Mutant* m) { mutation::activate(m); }
  ~ActiveMutant() { mutation::activate(nullptr); }
};

TEST(MutationCatalog, IdsAreUniqueAndGeneratedFromSitesAndOperators) {
  const auto& all = mutation::mutants("deployed");
  ASSERT_FALSE(all.empty());
  std::set<std::string> ids;
  for (const Mutant& m : all) {
    EXPECT_TRUE(ids.insert(m.id).second) << "two mutants named " << m.id;
    EXPECT_EQ(mutation::find_mutant(m.id), &m);
    auto ops = mutation::operators_of(m.facts.kind);
    EXPECT_NE(std::find(ops.begin(), ops.end(), m.op), ops.end()) << m.id << ": an operator its site's kind lacks";
  }
  EXPECT_EQ(mutation::find_mutant("payment_escrow:no.such:site"), nullptr);
  // Every accepted equivalent mutant is one of the catalog's, with its reason.
  for (const auto& e : mutation::kEquivalent) {
    EXPECT_NE(mutation::find_mutant(e.id), nullptr) << e.id;
    EXPECT_FALSE(e.reason.empty()) << e.id;
  }
  // (The spec profile's mutants: tests/spec_mutation_catalog_test.cpp.)
  for (const Mutant& m : all) EXPECT_EQ(m.profile, "deployed") << m.id;
}

// Each site's enumerator is read by the model (its first line there is the site's
// location) and by the encoding: a site only one transcription reads would mutate one
// and not the other.
TEST(MutationCatalog, EverySiteIsReadByTheModelAndByTheEncoding) {
  const std::string src = MESHCHECK_SOURCE_DIR;
  ASSERT_EQ(mutation::source_dir(), src);
  for (const Mutant& m : mutation::mutants("deployed")) {
    if (m.op != mutation::operators_of(m.facts.kind).front()) continue;  // once per site
    const std::string c = m.contract_name();
    auto in_model = mutation::token_lines(src + "/model/" + c + ".cpp", m.facts.token);
    auto in_encoding = mutation::token_lines(src + "/smt/" + c + ".cpp", m.facts.token);
    ASSERT_GE(in_model.size(), 1u) << m.facts.token << " in model/" << c << ".cpp";
    EXPECT_GE(in_encoding.size(), 1u) << m.facts.token << " in smt/" << c << ".cpp";
    EXPECT_EQ(mutation::site_location(m), "model/" + c + ".cpp:" + std::to_string(in_model.front()));
    // The branch a site names is one of its message's.
    const smt::ContractEncoding* enc = smt::encoding_of(c);
    ASSERT_NE(enc, nullptr);
    const model::MessageSpec* msg = enc->spec->message(std::string(m.facts.message));
    ASSERT_NE(msg, nullptr) << m.id;
    EXPECT_NE(std::find(msg->branches.begin(), msg->branches.end(), m.facts.branch), msg->branches.end()) << m.id;
  }
}

// Issue 15, item 3: every accepted equivalent mutant is shown equivalent by Z3, the
// mutated and the original message compared over all states where the facts its entry
// names hold; and without those facts the same query finds the states where they differ,
// so the facts are needed and the query can fail.
std::vector<std::string> split(std::string_view facts) {
  std::vector<std::string> out;
  std::string word;
  for (char ch : facts) {
    if (ch == ' ') {
      if (!word.empty()) out.push_back(word);
      word.clear();
    } else {
      word += ch;
    }
  }
  if (!word.empty()) out.push_back(word);
  return out;
}

TEST(MutationEquivalence, EveryAcceptedEquivalentIsShownByZ3UnderItsFacts) {
  using Kind = mutation::EquivalenceVerdict::Kind;
  for (const auto& e : mutation::kEquivalent) {
    const Mutant* m = mutation::find_mutant(e.id);
    ASSERT_NE(m, nullptr) << e.id;
    if (e.z3_assumes.empty()) {  // a query not decided yet: the reason must say so
      EXPECT_NE(e.reason.find("(not shown by Z3: "), std::string_view::npos) << e.id;
      continue;
    }
    auto shown = mutation::check_equivalence(*m, split(e.z3_assumes));
    EXPECT_EQ(shown.kind, Kind::kEquivalent) << e.id << ": " << shown.detail;
    auto bare = mutation::check_equivalence(*m, {});
    EXPECT_EQ(bare.kind, Kind::kDiffers) << e.id << " is equivalent without " << e.z3_assumes;
    EXPECT_FALSE(mutation::g_active.on);
  }
}

TEST(MutationEquivalence, AKilledMutantDiffersAndAnUnknownFactIsAnError) {
  using Kind = mutation::EquivalenceVerdict::Kind;
  const Mutant* m = mutation::find_mutant("payment_escrow:deposit.zero:negate-guard");
  ASSERT_NE(m, nullptr);
  auto v = mutation::check_equivalence(*m, {"payment_escrow/open-holds-value"});
  EXPECT_EQ(v.kind, Kind::kDiffers) << v.detail;
  EXPECT_NE(v.detail.find("branch"), std::string::npos) << v.detail;
  EXPECT_EQ(mutation::check_equivalence(*m, {"NO-SUCH"}).kind, Kind::kError);
}

class EncodingAgreesWithModelUnderMutant : public ::testing::TestWithParam<std::string> {};

TEST_P(EncodingAgreesWithModelUnderMutant, OnFuzzedCalls) {
  const Mutant* m = mutation::find_mutant(GetParam());
  ASSERT_NE(m, nullptr);
  const std::string contract = m->contract_name();
  const smt::ContractEncoding* enc = smt::encoding_of(contract);
  ASSERT_NE(enc, nullptr);
  const bool full = std::getenv("MESHCHECK_MUTATION_FULL") != nullptr;
  ActiveMutant active(m);

  testing::Tally tally;
  bool visited_all = false;
  const std::string failure =
      testing::check_fuzzed_calls(*enc, contract, 7, full ? 25 : 6, full ? 60 : 40, tally, visited_all);
  EXPECT_TRUE(failure.empty()) << m->id << ": " << failure;
  EXPECT_TRUE(visited_all);
  // The mutated message was checked at all.
  EXPECT_GT(tally.per_message[std::string(m->facts.message)], 0u) << m->facts.message << " was never checked";
}

INSTANTIATE_TEST_SUITE_P(Mutants, EncodingAgreesWithModelUnderMutant, ::testing::ValuesIn(mutant_ids()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name;
                           for (char ch : info.param) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           return name;
                         });

}  // namespace
}  // namespace meshcheck
