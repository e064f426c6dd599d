// meshcheck prove: verdicts, minimal counterexamples that the model reproduces, and
// agreement with the fuzzer.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fuzz/campaign.hpp"
#include "fuzz/setup.hpp"
#include "model/payment_escrow.hpp"
#include "model/profile.hpp"
#include <nlohmann/json.hpp>

#include "smt/canonical.hpp"
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
  call.caller = Address::filled(AddressKind::AccountId, 0x05);
  call.value = U256(10);
  call.message = model::deployed::payment_escrow::spec().message("deposit_for_job");
  call.args = {Value(u128(1)), Value(Address::filled(AddressKind::AccountId, 0x02))};
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
  fs::remove_all(out);
}

// Canonical counterexamples: whatever model Z3 finds first (its random seed changes
// it), the counterexample is the same bytes, and its values are the least ones: the
// first actor, the smallest amounts, the earliest clock.
TEST(Prove, CounterexampleIsTheSameWhateverZ3FindsFirst) {
  std::vector<std::string> first;
  for (const char* seed : {"0", "7", "12345"}) {
    z3::set_param("smt.random_seed", seed);
    z3::set_param("sat.random_seed", seed);
    fs::path out = fresh_temp_dir("prove-canonical");
    smt::ProveResult r = smt::prove(options_for({"E-CONSERVE"}, out));
    const auto& v = verdict(r, "E-CONSERVE");
    ASSERT_EQ(v.kind, Kind::Violated) << v.detail;
    if (first.empty()) {
      first = v.trace;
    } else {
      EXPECT_EQ(v.trace, first) << "seed " << seed;
    }
  }
  z3::reset_params();
  // The deployment's header, then the two calls; each call's value is the least that
  // breaks E-CONSERVE (the deployed escrow keeps a refused deposit: 1 unit suffices)
  // and both come from the first actor.
  ASSERT_GE(first.size(), 2u);
  auto second = nlohmann::json::parse(first.back());
  ASSERT_TRUE(second.contains("call")) << first.back();
  EXPECT_EQ(second["call"]["value"], "1") << first.back();
  auto one = nlohmann::json::parse(first[first.size() - 2]);
  EXPECT_EQ(one["call"]["caller"], second["call"]["caller"]);
}

// The minimizer alone: the least values a query allows, in the order asked, from any
// first model.
TEST(Prove, MinimizerFindsTheLeastValuesInOrder) {
  smt::Context c;
  z3::expr x = c.bv_const("x", 64), y = c.bv_const("y", 64), b = c.bool_const("b");
  for (const char* seed : {"0", "3"}) {
    z3::solver s(c);
    z3::params p(c);
    p.set("random_seed", static_cast<unsigned>(std::stoul(seed)));
    s.set(p);
    // x above 1000 and odd, x + y = 2^40 (no wrap), b forces y even.
    s.add(z3::ugt(x, c.bv_val(1000, 64)) && (x & c.bv_val(1, 64)) == c.bv_val(1, 64));
    s.add(x + y == c.bv_val(static_cast<std::uint64_t>(1) << 40, 64) && z3::ule(y, c.bv_val(static_cast<std::uint64_t>(1) << 40, 64)));
    s.add(z3::implies(b, (y & c.bv_val(1, 64)) == c.bv_val(0, 64)));
    ASSERT_EQ(s.check(), z3::sat);
    z3::model m = [&] {
      smt::Minimizer min(s, smt::QueryLimits{}, 0);
      min.boolean(b);
      min.unsigned_bits(x);
      min.unsigned_bits(y);
      return min.model();
    }();
    EXPECT_TRUE(m.eval(b, true).is_false());
    EXPECT_EQ(m.eval(x, true).get_numeral_uint64(), 1001u);
    EXPECT_EQ(m.eval(y, true).get_numeral_uint64(), (std::uint64_t(1) << 40) - 1001);
    EXPECT_EQ(s.check(), z3::sat);  // the minimizer's constraints are gone with it
  }
}

// Resource limits decide UNKNOWN, the same on every machine: a query cut by its rlimit
// says so, and the count of units it used is the same every time.
TEST(Prove, ResourceLimitIsDeterministic) {
  smt::ProveOptions o = options_for({"R-COUNT"}, fresh_temp_dir("prove-rlimit"));
  o.rlimit = 200'000;
  o.bmc_rlimit = 2'000'000;
  o.depth = 4;
  smt::ProveResult a = smt::prove(o);
  smt::ProveResult b = smt::prove(o);
  const auto& va = verdict(a, "R-COUNT");
  const auto& vb = verdict(b, "R-COUNT");
  EXPECT_EQ(va.kind, vb.kind);
  EXPECT_EQ(va.detail, vb.detail);
  ASSERT_EQ(va.obligations.size(), vb.obligations.size());
  bool limited = false;
  for (std::size_t i = 0; i < va.obligations.size(); ++i) {
    EXPECT_EQ(va.obligations[i].result, vb.obligations[i].result) << va.obligations[i].what;
    EXPECT_EQ(va.obligations[i].rlimit, vb.obligations[i].rlimit) << va.obligations[i].what;
    if (va.obligations[i].result.find("resource limit") != std::string::npos) limited = true;
  }
  EXPECT_TRUE(limited) << "no query reached its resource limit: the test does not test it";
  EXPECT_EQ(a.safety_net_fired, 0u);
}

// The wall-clock safety net: when it fires (here a second per query, and no resource
// limit), the verdicts say so and the run exits 1.
TEST(Prove, SafetyNetFiringIsUnknownAndExitsOne) {
  fs::path out = fresh_temp_dir("prove-safety-net");
  CliRun r = run_meshcheck("prove --invariant R-COUNT --rlimit 0 --bmc-rlimit 0 --timeout 1 --out " + out.string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("UNKNOWN (wall-clock safety net fired)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("the wall-clock safety net fired"), std::string::npos) << r.output;
  fs::remove_all(out);
}

TEST(Prove, UnusableOptionsExitTwo) {
  EXPECT_EQ(run_meshcheck("prove --invariant NOPE").status, 2);
  EXPECT_EQ(run_meshcheck("prove --depth 0").status, 2);
  EXPECT_EQ(run_meshcheck("prove --profile nope").status, 2);
  EXPECT_EQ(run_meshcheck("prove --jobs x").status, 2);
  EXPECT_EQ(run_meshcheck("prove --bmc-budget 0").status, 2);
  EXPECT_EQ(run_meshcheck("prove --timeout 0").status, 2);
  EXPECT_EQ(run_meshcheck("prove --rlimit 4294967296").status, 2);
}

// The fuzzer and the prover never contradict each other: nothing the default fuzz
// campaign (seed 1) violates is PROVED, and every VIOLATED verdict of the prover is a
// real run (its counterexample replayed through the model).
TEST(Prove, AgreesWithTheFuzzerOnTheDefaultSeed) {
  fs::path out = fresh_temp_dir("prove-agree");
  smt::ProveOptions o = options_for({}, out);
  o.depth = 4;
  o.rlimit = 4'000'000;  // the small budget's
  o.bmc_rlimit = 20'000'000;
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
