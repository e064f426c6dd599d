// Replay checks the catalog after every line. Over the ported upstream scenarios the
// deployed contracts break exactly these invariants at exactly these lines: each is a
// real finding about the deployed code (the comments say which behaviour), pinned so
// that a change to the model or to a check shows up here.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "trace/replay.hpp"

namespace fs = std::filesystem;

TEST(UpstreamInvariants, TheDeployedContractsBreakExactlyThese) {
  const std::set<std::string> expected{
      // return false keeps the value sent: stake and balance drift apart
      "compute_provider_registry/add_stake_not_registered_fails.jsonl:2 R-STAKE",
      "compute_provider_registry/register_provider_already_registered_fails.jsonl:3 R-STAKE",
      "compute_provider_registry/register_provider_insufficient_stake_fails.jsonl:2 R-STAKE",
      // create_batch keeps the intent ids in the order given: another order leaves another world
      "mev_protection/test_batch_configuration.jsonl:6 M-PERMUTE",
      "mev_protection/test_batch_result_has_timestamp.jsonl:7 M-PERMUTE",
      "mev_protection/test_batch_size_at_minimum.jsonl:7 M-PERMUTE",
      "mev_protection/test_batch_statistics.jsonl:7 M-PERMUTE",
      "mev_protection/test_batch_total_volume_calculation.jsonl:7 M-PERMUTE",
      "mev_protection/test_batch_with_different_routes.jsonl:12 M-PERMUTE",
      "mev_protection/test_batch_with_different_routes.jsonl:14 M-PERMUTE",
      "mev_protection/test_complete_mev_workflow.jsonl:8 M-PERMUTE",
      "mev_protection/test_create_batch.jsonl:12 M-PERMUTE",
      "mev_protection/test_execute_batch.jsonl:7 M-PERMUTE",
      "mev_protection/test_execute_batch_updates_intent_status.jsonl:7 M-PERMUTE",
      "mev_protection/test_intent_status_transitions.jsonl:8 M-PERMUTE",
      "mev_protection/test_multiple_batches.jsonl:7 M-PERMUTE",
      "mev_protection/test_multiple_batches.jsonl:13 M-PERMUTE",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:103 M-PERMUTE",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:105 M-PERMUTE",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:106 M-PERMUTE",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:108 M-PERMUTE",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:109 M-PERMUTE",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:111 M-PERMUTE",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:112 M-PERMUTE",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:114 M-PERMUTE",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:115 M-PERMUTE",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:117 M-PERMUTE",
      // batches are executed out of creation order, and recorded as successes with actual_output 0
      "mev_protection/test_stress_many_intents_and_batches.jsonl:107 M-FIFO",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:110 M-FIFO",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:113 M-FIFO",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:113 M-OUTPUT",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:116 M-FIFO",
      "mev_protection/test_stress_many_intents_and_batches.jsonl:116 M-OUTPUT",
      // a refused deposit over an active escrow keeps the value outside any escrow
      "payment_escrow/test_cannot_overwrite_active_escrow.jsonl:3 E-CONSERVE",
      // a second attestation replaces the first
      "phala_job_processor/test_record_attestation_with_different_workers.jsonl:4 P-SINGLE",
  };
  std::set<std::string> found;
  fs::path root = fs::path(MESHCHECK_SOURCE_DIR) / "tests/traces/upstream";
  for (auto& e : fs::recursive_directory_iterator(root)) {
    if (e.path().extension() != ".jsonl") continue;
    std::ifstream in(e.path());
    meshcheck::trace::Replayer replayer(meshcheck::model::deployed_profile());
    meshcheck::trace::LineFindings findings;
    std::size_t line = 0;
    for (std::string text; std::getline(in, text);) {
      ++line;
      findings.clear();
      replayer.run_line(text, line, findings);
      EXPECT_TRUE(findings.divergences.empty()) << e.path() << ":" << line;
      for (auto& v : findings.violations)
        found.insert(fs::relative(e.path(), root).string() + ":" + std::to_string(line) + " " + v.id);
    }
  }
  EXPECT_EQ(found, expected);
}

TEST(UpstreamInvariants, OnlyTheAskedInvariantsAreChecked) {
  auto path = fs::path(MESHCHECK_SOURCE_DIR) /
              "tests/traces/upstream/mev_protection/test_stress_many_intents_and_batches.jsonl";
  std::ifstream in(path);
  std::ostringstream report;
  meshcheck::trace::ReplayOptions only_output;
  only_output.only_invariants = {"M-OUTPUT"};
  auto s = meshcheck::trace::replay_stream(in, "t", meshcheck::model::deployed_profile(), report, nullptr, only_output);
  EXPECT_EQ(s.violations, 2u) << report.str();
  EXPECT_EQ(s.exit_code(), 1);
  EXPECT_NE(report.str().find("t:113: invariant M-OUTPUT violated: "), std::string::npos) << report.str();
  EXPECT_EQ(report.str().find("M-FIFO"), std::string::npos) << report.str();
}
