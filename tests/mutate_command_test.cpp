// `meshcheck mutate` on a small fixed sample of mutants (the CI sample): every one is
// killed by the suite as it is, some only by one invariant, so a change that blinds the
// suite (an invariant check disabled: --without) fails here; shards merge to the
// unsharded run; bad options are exit 2. The full run is a documented command (README).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace meshcheck {
namespace {

using nlohmann::json;
using testing::run_meshcheck;

// One mutant per kind of kill: a trace divergence, a trace's invariant violation
// (E-CONSERVE, E-AUTH, R-COUNT), and the fuzzer (E-AUTH, which alone kills it; Q-DEADLINE),
// over the contracts with sites and the operators of every site kind; the registry's
// redirected withdrawal is killed only by its mutation trace's balance checks, as
// mev_protection's unguarded set_batch_config is by its mutation trace's refusal;
// phala_job_processor's unguarded mark_job_processed also by P-PROCESSED.
const char* const kSample[] = {
    "ai_job_queue:submit.deadline:boundary-shift",
    "ai_job_queue:submit.counter:swap-plus-minus",
    "payment_escrow:deposit.zero:negate-guard",
    "payment_escrow:set_provider.write:drop-write",
    "payment_escrow:refund.event:corrupt-event-field",
    "payment_escrow:release.transfer:drop-transfer",
    "payment_escrow:release.transfer:redirect-transfer",
    "payment_escrow:release.not_owner:drop-guard",
    "compute_provider_registry:register.already:drop-guard",
    "compute_provider_registry:withdraw.transfer:redirect-transfer",
    "phala_job_processor:process.no_attestation:drop-guard",
    "mev_protection:config.not_admin:drop-guard",
};
// The cheap engines: the prover is the full run's.
const std::string kBudget = " --engine traces --engine fuzz --runs 60 --max-calls 25 --jobs 2";

std::string sample_args() {
  std::string args;
  for (const char* id : kSample) args += std::string(" --mutant ") + id;
  return args + kBudget;
}

json read_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  return json::parse(in);
}
std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string status_of(const json& doc, const std::string& id) {
  for (auto& m : doc["mutants"])
    if (m["id"] == id) return m["status"];
  return "absent";
}

TEST(MutateCommand, TheSuiteKillsEveryMutantOfTheSample) {
  auto out = testing::fresh_temp_dir("mutate-sample");
  auto r = run_meshcheck("mutate" + sample_args() + " --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  json doc = read_json(out / "mutation.json");
  ASSERT_EQ(doc["mutants"].size(), std::size(kSample));
  for (const char* id : kSample) EXPECT_EQ(status_of(doc, id), "killed") << id << "\n" << r.output;
  EXPECT_EQ(doc["summary"]["profile"]["score"], "100.0 %");
  // Each mutant names its site, its change and its killers.
  for (auto& m : doc["mutants"]) {
    EXPECT_EQ(m["location"].get<std::string>().rfind("model/" + m["contract"].get<std::string>() + ".cpp:", 0), 0u)
        << m.dump();
    EXPECT_FALSE(m["description"].get<std::string>().empty());
    EXPECT_FALSE(m["killers"].empty()) << m.dump();
  }
  std::string md = read_text(out / "mutation.md");
  EXPECT_NE(md.find("**Score: 100.0 %**"), std::string::npos) << md;
  EXPECT_NE(md.find("None: every mutant was killed."), std::string::npos) << md;
  std::filesystem::remove_all(out);
}

// With E-AUTH's check disabled, the mutants only it kills survive and the run fails.
TEST(MutateCommand, FailsWhenAnInvariantCheckIsDisabled) {
  auto out = testing::fresh_temp_dir("mutate-blind");
  auto r = run_meshcheck("mutate" + sample_args() + " --without E-AUTH --out " + out.string());
  EXPECT_EQ(r.status, 1) << r.output;
  json doc = read_json(out / "mutation.json");
  EXPECT_EQ(status_of(doc, "payment_escrow:release.transfer:redirect-transfer"), "survived") << r.output;
  EXPECT_EQ(status_of(doc, "payment_escrow:release.not_owner:drop-guard"), "survived") << r.output;
  EXPECT_EQ(status_of(doc, "payment_escrow:deposit.zero:negate-guard"), "killed") << r.output;
  EXPECT_NE(r.output.find("survived: payment_escrow:release.not_owner:drop-guard"), std::string::npos) << r.output;
  std::string md = read_text(out / "mutation.md");
  EXPECT_NE(md.find("Would be caught by:"), std::string::npos) << md;
  std::filesystem::remove_all(out);
}

TEST(MutateCommand, ShardsMergeToTheUnshardedRun) {
  auto base = testing::fresh_temp_dir("mutate-shards");
  // The traces alone: the merge, not the engines, is under test here.
  std::string traces_only;
  for (const char* id : kSample) traces_only += std::string(" --mutant ") + id;
  traces_only += " --engine traces --jobs 2";
  auto whole = run_meshcheck("mutate" + traces_only + " --out " + (base / "whole").string());
  auto one = run_meshcheck("mutate" + traces_only + " --shard 1/2 --out " + (base / "s1").string());
  auto two = run_meshcheck("mutate" + traces_only + " --shard 2/2 --out " + (base / "s2").string());
  ASSERT_NE(whole.status, 2) << whole.output;
  ASSERT_NE(one.status, 2) << one.output;
  ASSERT_NE(two.status, 2) << two.output;
  json s1 = read_json(base / "s1" / "mutation.json"), s2 = read_json(base / "s2" / "mutation.json");
  EXPECT_EQ(s1["mutants"].size() + s2["mutants"].size(), std::size(kSample));
  EXPECT_FALSE(s1["mutants"].empty());
  EXPECT_FALSE(s2["mutants"].empty());
  auto merged = run_meshcheck("mutate --merge " + (base / "s2").string() + " --merge " + (base / "s1").string() +
                              " --out " + (base / "merged").string());
  EXPECT_EQ(merged.status, whole.status) << merged.output;
  EXPECT_EQ(read_json(base / "merged" / "mutation.json"), read_json(base / "whole" / "mutation.json"));
  EXPECT_EQ(read_text(base / "merged" / "mutation.md"), read_text(base / "whole" / "mutation.md"));
  // A shard merged twice is refused.
  auto twice = run_meshcheck("mutate --merge " + (base / "s1").string() + " --merge " + (base / "s1").string() +
                             " --out " + (base / "bad").string());
  EXPECT_EQ(twice.status, 2) << twice.output;
  std::filesystem::remove_all(base);
}

// meshcheck report --mutation DIR links the run's results from the HTML report.
TEST(MutateCommand, TheHtmlReportLinksTheMutationResults) {
  auto base = testing::fresh_temp_dir("mutate-report");
  auto m = run_meshcheck("mutate --mutant payment_escrow:deposit.zero:negate-guard --engine traces --out " +
                         (base / "mutation").string());
  ASSERT_EQ(m.status, 0) << m.output;
  const std::string cheap = "report --no-prove --invariant E-ONCE --runs 5 --max-calls 5 --mutation ";
  auto r = run_meshcheck(cheap + (base / "mutation").string() + " --out " + (base / "report").string());
  ASSERT_NE(r.status, 2) << r.output;
  std::string html = read_text(base / "report" / "report.html");
  EXPECT_NE(html.find("id=\"mutation\""), std::string::npos);
  EXPECT_NE(html.find("score <strong>100.0 %</strong>"), std::string::npos) << html.substr(0, 3000);
  EXPECT_NE(html.find("href=\"../mutation/mutation.md\""), std::string::npos);
  // Without a mutate result there: exit 2, naming the file.
  auto bad = run_meshcheck(cheap + (base / "nothing").string() + " --out " + (base / "report2").string());
  EXPECT_EQ(bad.status, 2) << bad.output;
  EXPECT_NE(bad.output.find("mutation.json"), std::string::npos) << bad.output;
  std::filesystem::remove_all(base);
}

// The spec half's sample (--profile spec): mutants the spec flows kill, over the
// operators the spec hooks add (a guard, a transfer, an event field, a write, the sort,
// a returned bool), each in its own process; the spec prover does not exist and the fuzzer
// has no spec handlers (or the profile no invariants) yet: they did not apply, and
// mutation.md says so. A change that blinds the flows (an expectation dropped) or a dead
// hook fails here.
const char* const kSpecSample[] = {
    "spec:payment_escrow:release_payment:NotAuthorized#1:drop-guard",
    "spec:payment_escrow:release_payment:transfer#1:redirect-transfer",
    "spec:payment_escrow:deposit_escrow:PaymentDeposited:corrupt-event-field",
    "spec:payment_escrow:withdraw_rewards:write#1:drop-write",
    "spec:mev_protection:create_batch:sort#1:drop-sort",
    "spec:data_nft_registry:verify_data_access:return:flip-return",
    // killed only by the guards flow (a refusal after the deadline)
    "spec:ai_job_queue:assign_provider:DeadlinePassed#1:drop-guard",
};

std::string spec_args() {
  std::string args = " --profile spec --jobs 2 --runs 20 --max-calls 10";
  for (const char* id : kSpecSample) args += std::string(" --mutant ") + id;
  return args;
}

TEST(MutateCommand, TheSpecFlowsKillEveryMutantOfTheSpecSample) {
  auto out = testing::fresh_temp_dir("mutate-spec");
  auto r = run_meshcheck("mutate" + spec_args() + " --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.output;
  json doc = read_json(out / "mutation.json");
  EXPECT_EQ(doc["profile"], "spec");
  ASSERT_EQ(doc["mutants"].size(), std::size(kSpecSample));
  for (const char* id : kSpecSample) EXPECT_EQ(status_of(doc, id), "killed") << id << "\n" << r.output;
  for (auto& m : doc["mutants"]) {
    EXPECT_EQ(m["profile"], "spec");
    EXPECT_EQ(m["engine"], "traces") << m.dump();
    EXPECT_EQ(m["location"].get<std::string>().rfind("model/spec/", 0), 0u) << m.dump();
    EXPECT_NE(m["location"].get<std::string>().find(".hpp:"), std::string::npos) << m.dump();
  }
  // One baseline per contract, keyed by profile, replaying the six flows (the five of the
  // design and guards.jsonl).
  ASSERT_TRUE(doc["baselines"].contains("spec:payment_escrow")) << doc["baselines"].dump();
  EXPECT_EQ(doc["baselines"]["spec:payment_escrow"]["traces"].size(), 6u);
  EXPECT_TRUE(doc["baselines"]["spec:payment_escrow"]["prove"].contains("not_applicable"));
  std::string md = read_text(out / "mutation.md");
  EXPECT_NE(md.find("mutate does not run the spec prover"), std::string::npos) << md;
  std::filesystem::remove_all(out);
}

// With the mev flow left out of the spec traces, the dropped sort (which only it reaches)
// survives and the run fails: the sample measures the flows.
TEST(MutateCommand, TheSpecSampleFailsWithoutTheFlowThatKillsIt) {
  auto base = testing::fresh_temp_dir("mutate-spec-blind");
  std::filesystem::create_directories(base / "flows");
  for (const char* flow : {"public.jsonl", "private.jsonl", "failure.jsonl", "data.jsonl"})
    std::filesystem::copy_file(std::string(MESHCHECK_SOURCE_DIR) + "/tests/traces/spec/" + flow, base / "flows" / flow);
  auto r = run_meshcheck("mutate --profile spec --engine traces --mutant spec:mev_protection:create_batch:sort#1:drop-sort"
                         " --mutant spec:payment_escrow:release_payment:transfer#1:redirect-transfer --spec-traces " +
                         (base / "flows").string() + " --out " + (base / "out").string());
  EXPECT_EQ(r.status, 1) << r.output;
  json doc = read_json(base / "out" / "mutation.json");
  EXPECT_EQ(status_of(doc, "spec:mev_protection:create_batch:sort#1:drop-sort"), "survived") << r.output;
  EXPECT_EQ(status_of(doc, "spec:payment_escrow:release_payment:transfer#1:redirect-transfer"), "killed") << r.output;
  EXPECT_NE(read_text(base / "out" / "mutation.md").find("Would be caught by: a trace creating a batch"),
            std::string::npos);
  std::filesystem::remove_all(base);
}

// --profile all (the default) judges both profiles into one document with the score per
// profile; --profile deployed keeps the document deployed-only users had.
TEST(MutateCommand, BothProfilesInOneDocumentAndDeployedAsBefore) {
  auto base = testing::fresh_temp_dir("mutate-profiles");
  const std::string two =
      " --mutant payment_escrow:deposit.zero:negate-guard --mutant "
      "spec:payment_escrow:release_payment:transfer#1:redirect-transfer --engine traces";
  auto all = run_meshcheck("mutate" + two + " --out " + (base / "all").string());
  ASSERT_EQ(all.status, 0) << all.output;
  json doc = read_json(base / "all" / "mutation.json");
  EXPECT_EQ(doc["profile"], "all");
  EXPECT_EQ(doc["summary"]["profiles"]["deployed"]["killed"], 1);
  EXPECT_EQ(doc["summary"]["profiles"]["spec"]["killed"], 1);
  EXPECT_TRUE(doc["summary"]["contracts"].contains("deployed/payment_escrow")) << doc["summary"].dump();
  EXPECT_TRUE(doc["summary"]["contracts"].contains("spec/payment_escrow")) << doc["summary"].dump();
  EXPECT_NE(read_text(base / "all" / "mutation.md").find("## Score per profile"), std::string::npos);

  auto dep = run_meshcheck("mutate --profile deployed --mutant payment_escrow:deposit.zero:negate-guard --engine "
                           "traces --out " + (base / "deployed").string());
  ASSERT_EQ(dep.status, 0) << dep.output;
  json d = read_json(base / "deployed" / "mutation.json");
  EXPECT_EQ(d["profile"], "deployed");
  EXPECT_FALSE(d["summary"].contains("profiles"));
  EXPECT_TRUE(d["baselines"].contains("payment_escrow")) << d["baselines"].dump();
  EXPECT_TRUE(d["summary"]["contracts"].contains("payment_escrow"));
  // A mutant of the other profile is unusable there.
  auto wrong = run_meshcheck("mutate --profile deployed --mutant "
                             "spec:payment_escrow:release_payment:transfer#1:redirect-transfer --out " +
                             (base / "wrong").string());
  EXPECT_EQ(wrong.status, 2) << wrong.output;
  std::filesystem::remove_all(base);
}

TEST(MutateCommand, UnusableOptionsAreExit2WithOneMessage) {
  auto out = testing::fresh_temp_dir("mutate-bad");
  for (const std::string args : {"--shard 3/2", "--shard 0/1", "--shard x", "--contract no_such_contract",
                                 "--mutant payment_escrow:no.such:site", "--without NO-SUCH", "--jobs 0",
                                 "--profile nope", "--merge /no/such/dir", "--mutant spec:payment_escrow:no:such:site",
                                 "--spec-traces /no/such/dir"}) {
    auto r = run_meshcheck("mutate " + args + " --out " + out.string());
    EXPECT_EQ(r.status, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find("meshcheck mutate: "), std::string::npos) << args << "\n" << r.output;
  }
  std::filesystem::remove_all(out);
}

}  // namespace
}  // namespace meshcheck
