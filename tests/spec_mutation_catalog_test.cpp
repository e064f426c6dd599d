// The spec profile's generated mutation catalog (issue 15, mutation/spec/catalog.hpp):
// every site found by exploring the spec messages is where its ID says (the line of its
// operation in model/spec/), the IDs are unique and found again, the operators fit the
// kinds, the catalog covers every kind the spec hooks have, and the accepted spec
// equivalents are mutants of it.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "mutation/catalog.hpp"
#include "mutation/spec/catalog.hpp"
#include "mutation/spec/equivalent.hpp"

namespace meshcheck {
namespace {

using mutation::Mutant;
using mutation::SiteKind;

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(std::string(MESHCHECK_SOURCE_DIR) + "/" + path);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// What the line of a site of `kind` must show.
std::vector<std::string> marks(const mutation::spec::SpecSite& s) {
  switch (s.kind) {
    case SiteKind::kGuard: return {"k" + s.detail};
    case SiteKind::kArith: return {"x." + s.detail + "("};
    case SiteKind::kWrite: return {".set(", ".remove("};
    case SiteKind::kTransfer: return {"transfer("};
    case SiteKind::kEvent: return {"emit(", "k" + s.detail};
    case SiteKind::kReturn: return {"kLabel = \"" + s.message + "\""};
    case SiteKind::kSort: return {"sorted"};
    case SiteKind::kCredit: return {"kLabel = \"" + s.message + "\""};
    default: return {"?"};
  }
}

TEST(SpecMutationCatalog, EverySiteIsAtTheLineOfItsOperation) {
  const auto& sites = mutation::spec::spec_sites();
  ASSERT_FALSE(sites.empty());
  std::map<std::string, std::vector<std::string>> files;
  std::set<SiteKind> kinds;
  for (const auto& s : sites) {
    kinds.insert(s.kind);
    ASSERT_EQ(s.file.rfind("model/spec/", 0), 0u) << s.name;
    ASSERT_GT(s.shown_line, 0u) << s.name;
    if (!files.count(s.file)) files[s.file] = lines_of(s.file);
    ASSERT_LE(s.shown_line, files[s.file].size()) << s.name;
    const std::string& line = files[s.file][s.shown_line - 1];
    bool shows = false;
    for (const auto& m : marks(s)) shows = shows || line.find(m) != std::string::npos;
    if (s.kind == SiteKind::kGuard) {
      // A call's line is where it starts: the error may close a require written on
      // several lines.
      std::string call = line;
      for (std::size_t i = s.shown_line; i < s.shown_line + 3 && i < files[s.file].size(); ++i) call += files[s.file][i];
      shows = (line.find("require(") != std::string::npos || line.find("value_u128(") != std::string::npos) &&
              call.find("k" + s.detail + ")") != std::string::npos;
    }
    EXPECT_TRUE(shows) << s.contract << ":" << s.name << " at " << s.location() << ": " << line;
  }
  // Every kind the spec hooks have (guard, arithmetic, write, event, transfer, return, sort,
  // the executor's credit).
  EXPECT_EQ(kinds.size(), 8u);
}

TEST(SpecMutationCatalog, IdsAreUniqueStableAndFoundAgain) {
  const auto& all = mutation::mutants("spec");
  ASSERT_FALSE(all.empty());
  std::set<std::string> ids, contracts;
  for (const Mutant& m : all) {
    EXPECT_TRUE(ids.insert(m.id).second) << "two mutants named " << m.id;
    EXPECT_EQ(m.profile, "spec");
    EXPECT_EQ(m.id.rfind("spec:" + m.contract_name() + ":" + std::string(m.facts.message) + ":", 0), 0u) << m.id;
    EXPECT_EQ(mutation::find_mutant(m.id), &m);
    EXPECT_EQ(mutation::site_location(m).rfind("model/spec/", 0), 0u) << m.id;
    contracts.insert(m.contract_name());
  }
  EXPECT_EQ(contracts.size(), 6u);
  // IDs the CI sample and the docs name.
  for (const char* id : {"spec:payment_escrow:release_payment:NotAuthorized#1:drop-guard",
                         "spec:payment_escrow:release_payment:transfer#2:redirect-transfer",
                         "spec:payment_escrow:release_payment:sub#1:swap-plus-minus",
                         "spec:mev_protection:create_batch:sort#1:drop-sort",
                         "spec:data_nft_registry:verify_data_access:return:flip-return",
                         "spec:phala_job_processor:record_attestation:InvalidSignature#1:drop-guard",
                         "spec:phala_job_processor:record_attestation:UntrustedWorker#1:drop-guard",
                         // A counter's step (`job_counter + 1`) and the executor's credit site.
                         "spec:ai_job_queue:submit_job:add#1:drop-increment",
                         "spec:compute_provider_registry:register_provider:credit:drop-credit",
                         "spec:payment_escrow:deposit_escrow:credit:keep-on-revert"})
    EXPECT_NE(mutation::find_mutant(id), nullptr) << id;
  // drop-increment only where the second operand is the literal 1 (create_batch's add#1 sums
  // min_output); a credit site only for a payable message.
  EXPECT_EQ(mutation::find_mutant("spec:mev_protection:create_batch:add#1:drop-increment"), nullptr);
  EXPECT_EQ(mutation::find_mutant("spec:payment_escrow:release_payment:credit:drop-credit"), nullptr);
  EXPECT_EQ(mutation::find_mutant("spec:payment_escrow:release_payment:NoSuchGuard#1:drop-guard"), nullptr);
  for (const auto& e : mutation::spec::kSpecEquivalent) {
    EXPECT_NE(mutation::find_mutant(e.id), nullptr) << e.id;
    EXPECT_FALSE(e.reason.empty()) << e.id;
  }
}

}  // namespace
}  // namespace meshcheck
