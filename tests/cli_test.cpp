// The meshcheck command line: exit status 0 / 1 / 2 and one clear message naming the
// file and line, as the trace format and the README promise.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include "support/command.hpp"

namespace fs = std::filesystem;

namespace {

using Run = meshcheck::testing::CommandRun;
Run run(const std::string& args) { return meshcheck::testing::run_meshcheck(args); }
// With an environment variable set for the command (NAME=value).
Run run(const std::string& args, const std::string& env) {
  return meshcheck::testing::run_command("env " + env + " " + std::string(MESHCHECK_BINARY) + " " + args);
}

fs::path upstream(const std::string& rel) { return fs::path(MESHCHECK_SOURCE_DIR) / "tests/traces/upstream" / rel; }

fs::path write_temp(const std::string& name, const std::string& text) {
  fs::path p = fs::temp_directory_path() / ("meshcheck_cli_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(p) << text;
  return p;
}

std::string read(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST(CliReplay, AgreeingTraceExitsZero) {
  auto r = run("replay " + upstream("payment_escrow/test_release_to_provider.jsonl").string());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("0 divergences"), std::string::npos) << r.output;
}

TEST(CliReplay, AlteredExpectExitsOneAndNamesTheLine) {
  std::string text = read(upstream("payment_escrow/test_release_to_provider.jsonl"));
  auto pos = text.find("\"return\":true", text.find("release_to_provider"));
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, 13, "\"return\":false");
  auto p = write_temp("altered.jsonl", text);
  auto r = run("replay " + p.string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find(p.string() + ":3: payment_escrow.release_to_provider: return: trace says false, model "
                                       "computed true"),
            std::string::npos)
      << r.output;
  fs::remove(p);
}

TEST(CliReplay, UnreadableTraceExitsTwoWithOneMessage) {
  auto p = write_temp("bad.jsonl", "{\"deploy\": {\"contract\": \"payment_escrow\"\n");
  auto r = run("replay " + p.string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(r.output.rfind(p.string() + ":1: error: malformed JSON", 0), 0u) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  fs::remove(p);
}

TEST(CliReplay, MissingFileExitsTwo) {
  auto r = run("replay /nonexistent/trace.jsonl");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("/nonexistent/trace.jsonl: error: cannot open the trace"), std::string::npos) << r.output;
}

// "-" reads the trace from standard input (a capture tool piping into replay), and
// messages name it <stdin>.
TEST(CliReplay, DashReadsTheTraceFromStandardInput) {
  const std::string trace = upstream("payment_escrow/test_release_to_provider.jsonl").string();
  auto agreeing = meshcheck::testing::run_command("cat " + trace + " | " + std::string(MESHCHECK_BINARY) + " replay -");
  EXPECT_EQ(agreeing.status, 0) << agreeing.output;
  EXPECT_NE(agreeing.output.find("<stdin>: "), std::string::npos) << agreeing.output;
  EXPECT_NE(agreeing.output.find("0 divergences"), std::string::npos) << agreeing.output;

  auto bad = meshcheck::testing::run_command("printf '{\"deploy\": {' | " + std::string(MESHCHECK_BINARY) + " replay -");
  EXPECT_EQ(bad.status, 2) << bad.output;
  EXPECT_EQ(bad.output.rfind("<stdin>:1: error: malformed JSON", 0), 0u) << bad.output;
}

TEST(CliReplay, EmitThenReplayAgrees) {
  auto out = fs::temp_directory_path() / ("meshcheck_cli_emit_" + std::to_string(::getpid()) + ".jsonl");
  auto r = run("replay --emit " + out.string() + " " + upstream("mev_protection/test_complete_mev_workflow.jsonl").string());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(read(out).find("\"expect\""), std::string::npos);
  auto again = run("replay " + out.string());
  EXPECT_NE(again.output.find(": 11 calls, 0 divergences, 1 invariant violation\n"), std::string::npos) << again.output;
  // The workflow's batch keeps its ids in the order given: M-PERMUTE, and nothing else.
  EXPECT_NE(again.output.find(": invariant M-PERMUTE violated: "), std::string::npos) << again.output;
  EXPECT_EQ(again.status, 1) << again.output;
  fs::remove(out);
}

TEST(CliReplay, SeveralTracesTakeTheWorstStatus) {
  std::string text = read(upstream("payment_escrow/test_release_to_provider.jsonl"));
  text.replace(text.find("\"amount\":\"1000\""), 15, "\"amount\":\"1001\"");
  auto p = write_temp("several.jsonl", text);
  auto r = run("replay " + upstream("payment_escrow/test_new.jsonl").string() + " " + p.string());
  EXPECT_EQ(r.status, 1) << r.output;
  fs::remove(p);
}

TEST(CliArguments, BadArgumentsExitTwo) {
  EXPECT_EQ(run("").status, 2);
  EXPECT_EQ(run("frobnicate").status, 2);
  EXPECT_EQ(run("replay").status, 2);
  auto r = run("replay --profile imaginary " + upstream("payment_escrow/test_new.jsonl").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("unknown profile \"imaginary\""), std::string::npos) << r.output;
  EXPECT_EQ(run("replay --emit /tmp/x.jsonl a.jsonl b.jsonl").status, 2);
}

TEST(CliArguments, HelpAndVersionExitZero) {
  EXPECT_EQ(run("--help").status, 0);
  auto v = run("--version");
  EXPECT_EQ(v.status, 0);
  EXPECT_NE(v.output.find("meshcheck"), std::string::npos);
}

TEST(CliReplay, AnInvariantViolationExitsOneAndNamesTheInvariant) {
  auto r = run("replay " + upstream("payment_escrow/test_cannot_overwrite_active_escrow.jsonl").string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("test_cannot_overwrite_active_escrow.jsonl:3: invariant E-CONSERVE violated: "),
            std::string::npos)
      << r.output;
  auto quiet = run("replay --no-invariants " +
                   upstream("payment_escrow/test_cannot_overwrite_active_escrow.jsonl").string());
  EXPECT_EQ(quiet.status, 0) << quiet.output;
  EXPECT_EQ(run("replay --invariant X-NOPE " + upstream("payment_escrow/test_new.jsonl").string()).status, 2);
}

TEST(CliList, PrintsEveryInvariantWithItsKind) {
  auto r = run("list");
  EXPECT_EQ(r.status, 0);
  for (const char* id : {"G-VALUE", "G-FUNDS-EXIT", "E-CONSERVE", "Q-LIFECYCLE", "R-STAKE", "N-BURN", "P-SINGLE",
                         "M-ORDER", "M-PERMUTE", "M-OUTPUT"})
    EXPECT_NE(r.output.find(std::string(id) + " "), std::string::npos) << id;
  EXPECT_NE(r.output.find("M-PERMUTE     two-run"), std::string::npos) << r.output;
  EXPECT_EQ(run("list --profile nope").status, 2);
}

// The catalog has a profile dimension: without --profile, list shows every profile, an
// invariant the spec profile restates with its second statement on a line of its own;
// --profile filters, in that profile's words.
TEST(CliList, ShowsBothStatementsAndFiltersByProfile) {
  auto all = run("list");
  EXPECT_EQ(all.status, 0);
  const std::string deployed_conserve = "sum of open escrow amounts";
  const std::string spec_conserve = "Every call changes payment_escrow's balance by exactly the change in";
  EXPECT_NE(all.output.find(deployed_conserve), std::string::npos) << all.output;
  EXPECT_NE(all.output.find(spec_conserve), std::string::npos) << all.output;
  EXPECT_NE(all.output.find("X-ESCROW"), std::string::npos);
  EXPECT_NE(all.output.find("E-ONCE        transition  deployed spec"), std::string::npos) << all.output;
  auto spec = run("list --profile spec");
  EXPECT_EQ(spec.status, 0);
  EXPECT_NE(spec.output.find(spec_conserve), std::string::npos);
  EXPECT_EQ(spec.output.find(deployed_conserve), std::string::npos);
  EXPECT_NE(spec.output.find("X-DEADLINE"), std::string::npos);
  auto deployed = run("list --profile deployed");
  EXPECT_EQ(deployed.status, 0);
  EXPECT_NE(deployed.output.find(deployed_conserve), std::string::npos);
  EXPECT_EQ(deployed.output.find(spec_conserve), std::string::npos);
  EXPECT_EQ(deployed.output.find("X-ESCROW"), std::string::npos);
}

// No exception escapes meshcheck: whatever the code did not expect (an exception of any
// type, on the main thread or on a worker thread of the prover) ends in one message,
// "meshcheck: error: ...", and exit 2, never std::terminate (an abort: no exit status).
// No input reaches that path (every bad input has its own message), so the test makes
// the command fail through its test hook, MESHCHECK_TEST_FAILURE.
TEST(CliErrors, AnUnexpectedFailureIsOneMessageAndExitTwo) {
  const std::pair<const char*, const char*> cases[] = {
      {"std", "meshcheck: error: test failure\n"},
      {"z3", "meshcheck: error: Z3: test failure\n"},
      {"unknown", "meshcheck: error: an exception of unknown type\n"},
      {"nested", "meshcheck: error: test.jsonl:7: test failure\n"},
      {"thread", "meshcheck: error: the encoding is ill-formed: an exception of unknown type\n"},
  };
  for (auto& [kind, message] : cases) {
    auto r = run(std::string("list"), std::string("MESHCHECK_TEST_FAILURE=") + kind);
    EXPECT_EQ(r.status, 2) << kind << ": " << r.output;
    EXPECT_EQ(r.output, message) << kind;
  }
  // Without the hook the same command works.
  auto ok = run("list");
  EXPECT_EQ(ok.status, 0) << ok.output;
}

// A directory is not a trace: one message naming it, exit 2 (not "0 calls").
TEST(CliErrors, ADirectoryGivenAsATraceIsUnusable) {
  fs::path dir = fs::temp_directory_path() / ("meshcheck_cli_dir_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto r = run("replay " + dir.string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(r.output, dir.string() + ": error: cannot open the trace (it is a directory)\n");
  fs::remove_all(dir);
}
