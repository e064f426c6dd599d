// Non-vacuity of the spec profile's proofs (issue 14 item 3): for each spec invariant, a
// broken variant of the model (a spec mutant) for which bounded model checking
// (smt/spec/bmc.hpp) finds a violation that the model and the Monitor reproduce on the
// replayed trace. The variants are listed in tests/nonvacuity/spec_variants.txt, one line
// per invariant with the reason it breaks it.
//
// ctest runs a fixed sample (kSample, each at its listed small depth, and each also without
// its variant, where the search must find nothing: the variant, not the search, makes the
// violation). The whole list:
//   MESHCHECK_NONVACUITY=all ./build/tests/spec_nonvacuity_test --gtest_filter='*WholeList*'
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "invariants/invariant.hpp"
#include "mutation/catalog.hpp"
#include "smt/spec/bmc.hpp"
#include "tests/support/active_mutant.hpp"

namespace meshcheck::smt::spec {
namespace {

using Kind = ProofVerdict::Kind;

struct VariantLine {
  std::size_t line = 0;
  std::string id, mutant, start, why;
  unsigned depth = 0;
};

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

const std::string kList = std::string(MESHCHECK_SOURCE_DIR) + "/tests/nonvacuity/spec_variants.txt";

std::vector<VariantLine> read_list() {
  std::ifstream in(kList);
  if (!in) throw std::runtime_error(kList + ": cannot be read");
  std::vector<VariantLine> out;
  std::string text;
  for (std::size_t n = 1; std::getline(in, text); ++n) {
    if (trim(text).empty() || text[0] == '#') continue;
    std::vector<std::string> parts;
    std::stringstream ss(text);
    for (std::string p; std::getline(ss, p, '|');) parts.push_back(trim(p));
    if (parts.size() != 5) throw std::runtime_error(kList + ":" + std::to_string(n) + ": not 5 fields");
    out.push_back(VariantLine{n, parts[0], parts[1], parts[2], parts[4], static_cast<unsigned>(std::stoul(parts[3]))});
  }
  return out;
}

using Variant = meshcheck::testing::ActiveMutant;

BmcStart start_of(const VariantLine& v) {
  if (v.start == "standard") return standard_start();
  auto colon = v.start.find(':');
  return start_from_trace(std::string(MESHCHECK_SOURCE_DIR) + "/tests/traces/spec/" + v.start.substr(0, colon) + ".jsonl",
                          std::stoul(v.start.substr(colon + 1)));
}

std::string dump(const ProofVerdict& v) {
  std::string out = std::string(verdict_name(v.kind)) + " at depth " + std::to_string(v.depth) + ": " + v.detail + "\n";
  for (auto& o : v.obligations) out += "  " + o.what + ": " + o.result + " (" + std::to_string(o.rlimit) + " units)\n";
  for (std::size_t i = v.trace.size() > 3 ? v.trace.size() - 3 : 0; i < v.trace.size(); ++i)
    out += "  " + v.trace[i].substr(0, 300) + "\n";
  return out;
}

// What one line shows: "" when the variant's violation is found (at depth >= 1: by the
// search, not already by the start) and replayed, else why not.
std::string refute(const VariantLine& v, ProofVerdict* shown = nullptr) {
  Variant broken(v.mutant);
  BmcOptions options;
  options.depth = v.depth;
  ProofVerdict verdict = bounded_model_check(v.id, start_of(v), options);
  if (shown) *shown = verdict;
  if (verdict.kind != Kind::Violated) return v.id + " with " + v.mutant + ": " + dump(verdict);
  if (verdict.depth == 0) return v.id + " with " + v.mutant + ": the start already breaks it (" + verdict.detail + ")";
  return "";
}

// The sample ctest runs: one per contract family and kind of form, each cheap; G-ATOMIC
// (an executor mutant), N-IDS (a dropped increment) and M-PERMUTE (the two-run form).
const std::set<std::string> kSample = {"Q-DEADLINE", "P-LIMITS", "X-LINK",   "Q-ASSIGNED", "X-ESCROW", "X-PAY",
                                       "M-ORDER",    "X-MEV",    "G-ATOMIC", "N-IDS",      "M-PERMUTE"};

TEST(SpecNonVacuity, EverySpecInvariantHasOneVariantLine) {
  std::vector<VariantLine> list = read_list();
  std::map<std::string, int> lines;
  for (auto& v : list) {
    ++lines[v.id];
    EXPECT_FALSE(v.why.empty()) << kList << ":" << v.line << ": no reason given";
    // Every invariant is shown breakable: a variant, and a search of at least one call.
    EXPECT_NE(v.mutant, "none") << kList << ":" << v.line << ": " << v.id << " has no variant";
    EXPECT_GE(v.depth, 1u) << kList << ":" << v.line;
    EXPECT_GT(searchable_forms(v.id), 0u) << v.id << " has no form the search can judge";
    if (v.mutant != "none") {
      for (const std::string& id : meshcheck::testing::variant_mutants(v.mutant))
        EXPECT_NE(mutation::find_mutant(id), nullptr) << kList << ":" << v.line << ": no spec mutant " << id;
    }
  }
  std::size_t spec = 0;
  for (const invariants::Invariant& inv : invariants::catalog()) {
    if (!inv.in_profile("spec")) continue;
    ++spec;
    EXPECT_EQ(lines[inv.id], 1) << inv.id << " should have exactly one line in " << kList;
  }
  EXPECT_EQ(spec, 48u);
  EXPECT_EQ(list.size(), spec) << "a line for an invariant the spec profile does not have";
}

TEST(SpecNonVacuity, TheSampleIsRefutedWithReplayedCounterexamples) {
  for (const VariantLine& v : read_list()) {
    if (!kSample.count(v.id)) continue;
    SCOPED_TRACE(kList + ":" + std::to_string(v.line) + " " + v.id);
    ASSERT_GT(searchable_forms(v.id), 0u) << v.id << " has no symbolic form";
    ProofVerdict verdict;
    EXPECT_EQ(refute(v, &verdict), "");
    // The counterexample is a spec trace: the start's lines, then one line per call found.
    EXPECT_GE(verdict.trace.size(), verdict.depth);
    // Without the variant, the same search from the same start finds nothing.
    BmcOptions options;
    options.depth = v.depth;
    ProofVerdict design = bounded_model_check(v.id, start_of(v), options);
    EXPECT_EQ(design.kind, Kind::HoldsToDepth) << dump(design);
  }
}

// The whole list: MESHCHECK_NONVACUITY=all (or =ID,ID for some lines). Prints each line's
// verdict and time.
TEST(SpecNonVacuity, WholeList) {
  const char* all = std::getenv("MESHCHECK_NONVACUITY");
  if (!all || !*all) GTEST_SKIP() << "set MESHCHECK_NONVACUITY=all to run every line (or =ID,ID to run those)";
  const std::string wanted = std::string(",") + all + ",";
  std::size_t refuted = 0, without = 0;
  std::vector<std::string> failed;
  for (const VariantLine& v : read_list()) {
    if (wanted != ",all," && wanted.find("," + v.id + ",") == std::string::npos) continue;
    if (v.mutant == "none" || v.depth == 0) {
      ++without;
      std::cout << v.id << ": no variant the search can show (" << v.why << ")\n";
      continue;
    }
    auto t0 = std::chrono::steady_clock::now();
    std::string why = searchable_forms(v.id) ? refute(v) : v.id + " has no symbolic form yet";
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << v.id << " (" << v.mutant << ", " << v.start << ", depth " << v.depth << "): "
              << (why.empty() ? "VIOLATED, replayed" : "NOT SHOWN") << " in " << s << " s\n";
    if (why.empty()) ++refuted;
    else failed.push_back(why);
  }
  std::cout << refuted << " refuted, " << failed.size() << " not shown, " << without << " without a variant\n";
  for (auto& f : failed) ADD_FAILURE() << f;
}

}  // namespace
}  // namespace meshcheck::smt::spec
