// The spec world refuses a call that would push a contract's balance past U256::MAX as the
// deployed world does (World::call and World::credit): a WorldError "balance of <address>
// would exceed U256", which a trace line asking for it gets as its error (the line is in
// error, no `expect` applies). Here the value moves in a nested call: submit_job's budget
// into the escrow, whose balance cannot take it.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "model/profile.hpp"
#include "trace/replay.hpp"

namespace {

using namespace meshcheck;
using trace::Json;

const std::string kFailureFlow = std::string(MESHCHECK_SOURCE_DIR) + "/tests/traces/spec/failure.jsonl";
const char* const kEscrow = "0xc4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4";

std::vector<std::string> first_lines(std::size_t n) {
  std::ifstream in(kFailureFlow);
  std::vector<std::string> out;
  for (std::string l; out.size() < n && std::getline(in, l);) out.push_back(l);
  return out;
}

// The failure flow up to its first submit_job (line 10, a budget of 5000), the escrow
// starting with `escrow_balance`: what line 10 does.
std::string submit_with_escrow_at(const U256& escrow_balance) {
  std::vector<std::string> lines = first_lines(10);
  EXPECT_EQ(lines.size(), 10u);
  Json balances = Json::parse(lines[0]);
  balances["balances"][kEscrow] = escrow_balance.str();
  lines[0] = balances.dump();
  EXPECT_NE(lines[9].find("\"submit_job\""), std::string::npos);
  trace::Replayer r(model::spec_profile());
  trace::LineFindings findings;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) r.run_line(lines[i], i + 1, findings);
  EXPECT_TRUE(findings.divergences.empty());
  try {
    r.run_line(lines[9], 10, findings);
  } catch (const trace::TraceError& e) {
    EXPECT_EQ(e.line, 10u);
    return e.what();
  }
  return findings.divergences.empty() ? "ok" : "diverged";
}

TEST(SpecWorldRefusal, ANestedValueThatWouldOverflowTheEscrowIsTheWorldsError) {
  EXPECT_EQ(submit_with_escrow_at(kU256Max - 4999), "call: balance of " + std::string(kEscrow) + " would exceed U256");
  // One unit more room, and the line is carried as the flow expects.
  EXPECT_EQ(submit_with_escrow_at(kU256Max - 5000), "ok");
}

}  // namespace
