// meshcheck prove: verdicts, minimal counterexamples that the model reproduces, and
// agreement with the fuzzer.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "fuzz/campaign.hpp"
#include "fuzz/setup.hpp"
#include "model/payment_escrow.hpp"
#include "model/profile.hpp"
#include "smt/counterexample.hpp"
#include "smt/prover.hpp"
#include "support/harness.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace meshcheck {
namespace {

namespace fs = std::filesystem;
using Kind = smt::ProofVerdict::Kind;

smt::ProveOptions options_for(std::vector<std::string> ids, const fs::path& out) {
  smt::ProveOptions o;
  o.invariants = std::move(ids);
  o.out_dir = out.string();
  o.jobs = 2;
  return o;
}

const smt::ProofVerdict& verdict(const smt::ProveResult& r, const std::string& id) {
  for (auto& v : r.verdicts)
    if (v.id == id) return v;
  throw std::logic_error("no verdict for " + id);
}

using CliRun = meshcheck::testing::CommandRun;
using meshcheck::testing::fresh_temp_dir;
using meshcheck::testing::run_meshcheck;

TEST(Prove, EscrowOnceIsProvedFromUnsatObligationsOnly) {
  fs::path out = fresh_temp_dir("prove-once");
  smt::ProveResult r = smt::prove(options_for({"E-ONCE"}, out));
  const auto& v = verdict(r, "E-ONCE");
  ASSERT_EQ(v.kind, Kind::Proved) << v.detail;
  ASSERT_FALSE(v.obligations.empty());
  for (auto& o : v.obligations) EXPECT_EQ(o.result, "unsat") << o.what;
}

// The deployed escrow keeps the value of a deposit it refuses: found with two calls (the
// first deposit, then one onto the active escrow), not one, and reproduced by replay.
TEST(Prove, EscrowConservationIsViolatedAtMinimalDepthAndReplays) {
  fs::path out = fresh_temp_dir("prove-conserve");
  smt::ProveOptions o = options_for({"E-CONSERVE"}, out);
  smt::ProveResult r = smt::prove(o);
  const auto& v = verdict(r, "E-CONSERVE");
  ASSERT_EQ(v.kind, Kind::Violated) << v.detail;
  EXPECT_EQ(v.depth, 2u);
  ASSERT_EQ(smt::write_counterexamples(o, r), "");
  std::string file = smt::counterexample_path(o, "E-CONSERVE");
  CliRun replay = run_meshcheck("replay --invariant E-CONSERVE " + file);
  EXPECT_EQ(replay.status, 1) << replay.output;
  EXPECT_NE(replay.output.find("E-CONSERVE"), std::string::npos) << replay.output;
  EXPECT_EQ(replay.output.find("trace says"), std::string::npos) << replay.output;  // no divergence
  fs::remove_all(out);
}

// A counterexample the model does not reproduce is an error, never a verdict.
TEST(Prove, CallsThatBreakNothingAreNotAcceptedAsACounterexample) {
  const fuzz::Setup setup = fuzz::make_setup(model::deployed_profile(), {});
  model::Call call;
  call.contract = fuzz::contract_address("payment_escrow");
  call.caller = Address::filled(AddressKind::H160, 0x05);  // the deployed escrow is the ink! 6 build
  call.value = U256(10);
  call.message = model::deployed::payment_escrow::spec().message("deposit_for_job");
  call.args = {Value(u128(1)), Value(Address::filled(AddressKind::H160, 0x02))};
  call.block = 1;
  call.timestamp = 6000;
  smt::Replayed r = smt::replay_counterexample(setup, {call}, "E-CONSERVE");
  EXPECT_NE(r.error.find("breaks no E-CONSERVE"), std::string::npos) << r.error;
  EXPECT_EQ(r.lines.size(), setup.header.size() + 1);
}

TEST(Prove, PermutedIntentIdsAreRefutedWithTwoReplayableRuns) {
  fs::path out = fresh_temp_dir("prove-permute");
  smt::ProveOptions o = options_for({"M-PERMUTE"}, out);
  smt::ProveResult r = smt::prove(o);
  const auto& v = verdict(r, "M-PERMUTE");
  ASSERT_EQ(v.kind, Kind::Violated) << v.detail;
  ASSERT_EQ(smt::write_counterexamples(o, r), "");
  for (std::string name : {"M-PERMUTE.jsonl", "M-PERMUTE.permuted.jsonl"}) {
    CliRun replay = run_meshcheck("replay --no-invariants " + (out / name).string());
    EXPECT_EQ(replay.status, 0) << name << ": " << replay.output;
  }
  // The runs' own check agrees: replay reruns the last create_batch in another order.
  CliRun judged = run_meshcheck("replay --invariant M-PERMUTE " + (out / "M-PERMUTE.jsonl").string());
  EXPECT_EQ(judged.status, 1) << judged.output;
  EXPECT_NE(judged.output.find("invariant M-PERMUTE violated: create_batch with the intent ids"), std::string::npos)
      << judged.output;
  fs::remove_all(out);
}

// Two deployed contracts take value that no message can pay out again: ai_job_queue
// (submit_job's budget) and data_nft_registry (mint's payment). The verdict names both,
// each with the run that pays value in, not only the first one found.
TEST(Prove, FundsExitNamesEveryContractThatLocksValue) {
  fs::path out = fresh_temp_dir("prove-funds-exit");
  smt::ProveResult r = smt::prove(options_for({"G-FUNDS-EXIT"}, out));
  const auto& v = verdict(r, "G-FUNDS-EXIT");
  ASSERT_EQ(v.kind, Kind::Violated) << v.detail;
  EXPECT_NE(v.detail.find("value is locked for good in 2 contracts, ai_job_queue and data_nft_registry"),
            std::string::npos)
      << v.detail;
  for (std::string name : {"ai_job_queue", "data_nft_registry"}) {
    EXPECT_NE(v.detail.find(name + " accepts value but no message, from any state, lowers its balance: the value "
                                   "paid with "),
              std::string::npos)
        << name << ": " << v.detail;
    bool comes_in = std::any_of(v.obligations.begin(), v.obligations.end(), [&](const smt::Obligation& o) {
      return o.contract == name && o.what.rfind("value comes in", 0) == 0 && o.result == "sat";
    });
    EXPECT_TRUE(comes_in) << name;
  }
  EXPECT_FALSE(v.trace.empty());
  fs::remove_all(out);
}

TEST(Prove, UnusableOptionsExitTwo) {
  EXPECT_EQ(run_meshcheck("prove --invariant NOPE").status, 2);
  EXPECT_EQ(run_meshcheck("prove --depth 0").status, 2);
  EXPECT_EQ(run_meshcheck("prove --profile nope").status, 2);
  EXPECT_EQ(run_meshcheck("prove --jobs x").status, 2);
  EXPECT_EQ(run_meshcheck("prove --bmc-budget 0").status, 2);
}

// The fuzzer and the prover never contradict each other: nothing the default fuzz
// campaign (seed 1) violates is PROVED, and every VIOLATED verdict of the prover is a
// real run (its counterexample replayed through the model).
TEST(Prove, AgreesWithTheFuzzerOnTheDefaultSeed) {
  fs::path out = fresh_temp_dir("prove-agree");
  smt::ProveOptions o = options_for({}, out);
  o.depth = 4;
  o.bmc_budget_seconds = 10;
  smt::ProveResult proved = smt::prove(o);
  fuzz::FuzzOptions f;
  f.seed = 1;
  f.out_dir = (out / "fuzz").string();
  fuzz::CampaignResult fuzzed = fuzz::run_campaign(f);
  for (auto& fv : fuzzed.verdicts) {
    const auto& pv = verdict(proved, fv.id);
    EXPECT_NE(pv.kind, Kind::Error) << fv.id << ": " << pv.detail;
    if (fv.kind == fuzz::Verdict::Kind::Violated) {
      EXPECT_NE(pv.kind, Kind::Proved) << fv.id << " is violated by the fuzzer";
    }
    if (pv.kind == Kind::Violated && fv.kind == fuzz::Verdict::Kind::Violated) {
      EXPECT_LE(pv.depth, fv.length) << fv.id << ": the prover's counterexample is minimal";
    }
  }
  fs::remove_all(out);
}

}  // namespace
}  // namespace meshcheck
