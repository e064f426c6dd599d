// The fuzzer on the spec profile: its starting world is the standard deployment of spec
// §2.3, its campaigns are deterministic and run the catalog's spec part (none yet: the
// sequences then run unchecked, for coverage), the sequences it generates replay through
// `meshcheck replay` exactly as they ran (deploy lines with "profile": "spec"), and they
// reach the flows of spec §4 to the end, not only their refusals.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "fuzz/campaign.hpp"
#include "fuzz/sequence.hpp"
#include "fuzz/throughput.hpp"
#include "model/spec/bridge/table.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"
#include "tests/support/active_mutant.hpp"

namespace fs = std::filesystem;
using namespace meshcheck;
using meshcheck::testing::fresh_temp_dir;
using meshcheck::testing::run_meshcheck;

namespace {

namespace ms = model::spec;

fuzz::FuzzOptions spec_options(const fs::path& out, int runs) {
  fuzz::FuzzOptions o;
  o.profile = "spec";
  o.out_dir = out.string();
  o.runs = runs;
  o.progress = false;
  return o;
}

// Branch names reached per "contract.message" over recorded sequences, every frame counted.
std::map<std::string, std::set<std::string>> reached(const fuzz::Setup& setup,
                                                     const std::vector<std::vector<fuzz::TraceStep>>& sequences) {
  std::map<std::string, std::set<std::string>> out;
  for (auto& sequence : sequences) {
    model::World world = setup.world;
    for (auto& step : sequence) {
      if (auto* t = std::get_if<fuzz::TransferStep>(&step)) {
        world.transfer(t->from, t->to, t->value);
        continue;
      }
      auto& c = std::get<fuzz::CallStep>(step);
      model::CallResult r = world.call(c.call);
      for (auto& f : ms::bridge::frame_branches(world, c.call, r))
        for (std::size_t i = 0; i < f.message->branches.size(); ++i)
          if (f.bits >> i & 1) out[f.contract->name + "." + f.message->label].insert(f.message->branches[i]);
    }
  }
  return out;
}

}  // namespace

TEST(SpecDeployment, IsTheStandardSystemWithItsRoles) {
  const fuzz::Setup setup = fuzz::make_setup(model::spec_profile(), {});
  ASSERT_EQ(setup.header.size(), 6u + 1u + 4u);  // six deploys, the balances, four role calls
  for (std::size_t i = 0; i < 6; ++i) EXPECT_NE(setup.header[i].find("\"profile\":\"spec\""), std::string::npos);
  const ms::SpecSystem<ms::Concrete> expected = ms::standard_system();
  const ms::SpecSystem<ms::Concrete> actual = ms::bridge::assemble(setup.world);
  EXPECT_TRUE(actual.slot<ms::PaymentEscrow>().state == expected.slot<ms::PaymentEscrow>().state);
  EXPECT_TRUE(actual.slot<ms::ComputeProviderRegistry>().state == expected.slot<ms::ComputeProviderRegistry>().state);
  EXPECT_TRUE(actual.slot<ms::PhalaJobProcessor>().state == expected.slot<ms::PhalaJobProcessor>().state);
  EXPECT_TRUE(actual.slot<ms::AiJobQueue>().state == expected.slot<ms::AiJobQueue>().state);
  EXPECT_TRUE(actual.slot<ms::MevProtection>().state == expected.slot<ms::MevProtection>().state);
  EXPECT_TRUE(actual.slot<ms::DataNftRegistry>().state == expected.slot<ms::DataNftRegistry>().state);
  EXPECT_EQ(setup.world.balance(ms::standard::filled(0x02)), std::optional<U256>(U256(1000000)));
  // No invariant of the catalog is of the spec profile yet: the monitor does not run.
  EXPECT_EQ(setup.checked, fuzz::catalog_covers(model::spec_profile()));
}

TEST(FuzzSpec, SameSeedGivesSameBytesWhateverTheJobs) {
  fs::path a = fresh_temp_dir("fuzz-spec-a"), b = fresh_temp_dir("fuzz-spec-b");
  fuzz::FuzzOptions first = spec_options(a, 40), second = spec_options(b, 40);
  second.jobs = 2;
  std::ostringstream out_a, out_b, err;
  int status_a = fuzz::run_fuzz_command(first, out_a, err);
  int status_b = fuzz::run_fuzz_command(second, out_b, err);
  EXPECT_EQ(status_a, 0) << out_a.str() << err.str();
  EXPECT_EQ(status_b, 0);
  EXPECT_EQ(err.str(), "");
  EXPECT_EQ(out_a.str(), out_b.str());
  // Every mutating spec message reports its branches (none "without branch markers").
  EXPECT_EQ(out_a.str().find("no branch markers"), std::string::npos) << out_a.str();
  EXPECT_NE(out_a.str().find("ai_job_queue.submit_job"), std::string::npos);
  fuzz::FuzzOptions other_seed = spec_options(a, 40);
  other_seed.seed = 2;
  std::ostringstream out_c;
  fuzz::run_fuzz_command(other_seed, out_c, err);
  EXPECT_NE(out_a.str(), out_c.str()) << "the seed plays no part";
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(FuzzSpec, AnInvariantOfAnotherProfileIsRefused) {
  fuzz::FuzzOptions o = spec_options(fresh_temp_dir("fuzz-spec-bad"), 10);
  for (auto& inv : invariants::catalog()) {
    if (std::find(inv.profiles.begin(), inv.profiles.end(), "spec") != inv.profiles.end()) continue;
    o.invariants = {inv.id};
    std::ostringstream out, err;
    EXPECT_EQ(fuzz::run_fuzz_command(o, out, err), 2);
    EXPECT_NE(err.str().find("is not one of profile spec's"), std::string::npos) << err.str();
    break;
  }
}

// What the fuzzer runs is what replay runs: each generated sequence, written as a trace
// after the spec deployment's lines with the model's outcomes as expectations, replays
// with exit 0 (no divergence; the spec catalog is empty, so nothing to violate).
TEST(FuzzSpec, GeneratedRunsReplayWithoutDivergence) {
  struct Silent : rc::detail::TestListener {
    void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
    void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
    void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
  } silent;
  const fuzz::Setup setup = fuzz::make_setup(model::spec_profile(), {});
  fuzz::Recorder recorder;
  recorder.keep_runs = true;
  fs::path dir = fresh_temp_dir("fuzz-spec-runs");
  fs::create_directories(dir);
  std::vector<fs::path> runs;
  const auto property = rc::detail::toProperty([&] {
    fuzz::run_sequence(setup, fuzz::Mix{}, recorder, false, 49);
    fs::path file = dir / ("run" + std::to_string(runs.size()) + ".jsonl");
    std::ofstream f(file);
    for (auto& line : setup.header) f << line << "\n";
    for (auto& step : recorder.last_run) f << fuzz::trace_line(setup.world, step) << "\n";
    runs.push_back(file);
  });
  rc::detail::TestParams params;
  params.seed = 7;
  params.maxSuccess = 6;
  params.maxSize = 49;
  auto result = rc::detail::checkProperty(property, rc::detail::TestMetadata{}, params, silent, {});
  ASSERT_TRUE(result.is<rc::detail::SuccessResult>());
  ASSERT_EQ(runs.size(), 6u);
  for (auto& file : runs) {
    auto cli = run_meshcheck("replay " + file.string());
    EXPECT_EQ(cli.status, 0) << file << "\n" << cli.output;
  }
  // The replay compares expectations: one altered outcome is a divergence (exit 1).
  {
    std::ifstream in(runs.front());
    std::string text((std::istreambuf_iterator<char>(in)), {});
    std::size_t at = text.find("\"status\":\"ok\"", text.find("{\"call\"", text.find("set_trusted_worker") + 200));
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 13, "\"status\":\"reverted\"");
    fs::path bad = dir / "altered.jsonl";
    std::ofstream(bad) << text;
    EXPECT_EQ(run_meshcheck("replay " + bad.string()).status, 1);
  }
  fs::remove_all(dir);
}

// The flows of spec §4 run to their end in generated sequences (a bounded number of
// calls, seed 1): jobs paid publicly and privately (through an attestation), subscriptions
// bought, used and their revenue withdrawn, batches executed, and refusals of every
// attestation kind the phala handler signs.
TEST(FuzzSpec, SequencesReachTheFlowsToTheirEnd) {
  const fuzz::Setup setup = fuzz::make_setup(model::spec_profile(), {});
  const auto sequences = fuzz::record_sequences(setup, 1, 60000);
  const auto hit = reached(setup, sequences);
  auto expect = [&](const std::string& message, const std::string& branch) {
    auto it = hit.find(message);
    EXPECT_TRUE(it != hit.end() && it->second.count(branch)) << message << ": " << branch << " never reached";
  };
  expect("ai_job_queue.submit_job", "ok (public)");
  expect("ai_job_queue.submit_job", "ok (private)");
  expect("ai_job_queue.submit_job", "ok (public, data NFT)");
  expect("ai_job_queue.assign_provider", "ok");
  expect("ai_job_queue.mark_in_progress", "ok");
  expect("ai_job_queue.mark_completed", "ok");
  expect("ai_job_queue.expire_job", "ok");
  expect("ai_job_queue.cancel_job", "ok");
  expect("phala_job_processor.record_attestation", "ok (private job completed and paid)");
  expect("payment_escrow.release_payment", "ok (phala, private job)");
  for (const char* e : {"UntrustedWorker", "FutureTimestamp", "TimestampBeforeJob", "InvalidSignature",
                        "InvalidResultHash", "AlreadyAttested"})
    expect("phala_job_processor.record_attestation", e);
  expect("data_nft_registry.purchase_subscription", "ok");
  expect("payment_escrow.distribute_rewards", "ok");
  expect("data_nft_registry.access_data", "ok");
  expect("payment_escrow.withdraw_rewards", "ok");
  expect("mev_protection.create_batch", "ok");
  expect("mev_protection.execute_batch", "ok (executed)");
  expect("mev_protection.execute_batch", "ok (failed, refunded)");
  expect("mev_protection.cancel_intent", "ok");
  expect("compute_provider_registry.withdraw_stake", "ok");
  expect("compute_provider_registry.slash_stake", "ok");
  expect("payment_escrow.slash_stake", "ok");
  expect("ai_job_queue.resolve_dispute", "ok (provider paid)");
  expect("payment_escrow.release_payment", "ok (verifier, public job)");
}

// The amendment of docs/spec-profile-design.md §7 as the fuzzer sees it: with the same
// seed and budget, X-EXIT's search finds nothing in the amended design, and finds the lock
// (a token transferred to a contract, then a subscription bought: revenue no call can
// withdraw) once transfer's NotAnAccount guard is dropped, the design as first written.
TEST(FuzzSpec, XExitFindsTheLockOnlyWithoutTheAmendment) {
  auto dir = fresh_temp_dir("fuzz-spec-exit");
  fuzz::FuzzOptions o = spec_options(dir, 1000);
  o.invariants = {"X-EXIT"};
  const fuzz::CampaignResult amended = fuzz::run_campaign(o);
  ASSERT_EQ(amended.verdicts.size(), 1u);
  EXPECT_EQ(amended.verdicts[0].kind, fuzz::Verdict::Kind::NotViolated) << amended.verdicts[0].detail;
  {
    meshcheck::testing::ActiveMutant as_first_written("spec:data_nft_registry:transfer:NotAnAccount#1:drop-guard");
    const fuzz::CampaignResult first = fuzz::run_campaign(o);
    ASSERT_EQ(first.verdicts.size(), 1u);
    const fuzz::Verdict& v = first.verdicts[0];
    ASSERT_EQ(v.kind, fuzz::Verdict::Kind::Violated) << v.detail;
    EXPECT_NE(v.detail.find("locked for good"), std::string::npos) << v.detail;
    bool to_contract = false;
    for (const std::string& line : v.counterexample)
      if (line.find("\"message\":\"transfer\"") != std::string::npos)
        for (const char* c : {"0xc1c1", "0xc2c2", "0xc3c3", "0xc4c4", "0xc5c5", "0xc6c6"})
          to_contract = to_contract || line.find(std::string("\"to\":\"") + c) != std::string::npos;
    EXPECT_TRUE(to_contract) << "no transfer to a contract in the counterexample";
  }
  fs::remove_all(dir);
}
