// Traces against the spec profile (issue 13 items 2 and 4): the five flows of
// ../shared/spec-profile.md §4 (tests/traces/spec/) replay through model::World hosting
// the spec system; an altered expectation is a divergence naming its line; bad input for
// the profile's additions to the trace format is an error naming its line (exit 2).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "model/profile.hpp"
#include "support/command.hpp"
#include "trace/replay.hpp"

namespace {

using namespace meshcheck;
using trace::Json;

const std::string kFlows = std::string(MESHCHECK_SOURCE_DIR) + "/tests/traces/spec/";
const char* const kFlowNames[] = {"public", "private", "failure", "data", "mev"};

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (auto& l : lines) out += l + "\n";
  return out;
}

struct Replayed {
  trace::ReplaySummary summary;
  std::string report;
};

// Replays `text` in process, against the profile its deploy lines name (the default
// profile is deployed, as `meshcheck replay` without --profile).
Replayed replay(const std::string& text, const std::string& name = "t.jsonl",
                const model::Profile& profile = model::deployed_profile()) {
  std::istringstream in(text);
  std::ostringstream report;
  Replayed r;
  r.summary = trace::replay_stream(in, name, profile, report);
  r.report = report.str();
  return r;
}

// The flow's lines with line `line_no` (1-based) rewritten by `edit` on its JSON.
std::string edited(const std::string& flow, std::size_t line_no, const std::function<void(Json&)>& edit) {
  auto lines = read_lines(kFlows + flow + ".jsonl");
  Json j = Json::parse(lines.at(line_no - 1));
  edit(j);
  lines[line_no - 1] = j.dump();
  return joined(lines);
}

// --- the flows -------------------------------------------------------------------------

TEST(SpecFlows, EveryFlowReplaysWithoutDivergence) {
  for (const char* flow : kFlowNames) {
    auto r = replay(joined(read_lines(kFlows + flow + ".jsonl")), flow);
    EXPECT_EQ(r.summary.exit_code(), 0) << flow << "\n" << r.report;
    EXPECT_EQ(r.summary.profile, "spec") << flow;
    EXPECT_GE(r.summary.calls, 14u) << flow;  // the whole flow ran, not an empty file
    EXPECT_EQ(r.report, "") << flow;
  }
}

// The tables declare each event's fields by hand (the rest is derived from the
// messages' signatures); a declaration that does not match what a message emits fails
// the first time that event is converted. Every declared event is in some flow, with
// its emitter, so every declaration is exercised by the test above.
TEST(SpecFlows, EveryDeclaredEventIsEmittedInSomeFlow) {
  std::set<std::pair<std::string, std::string>> seen;  // (emitter, event)
  for (const char* flow : kFlowNames)
    for (auto& l : read_lines(kFlows + flow + ".jsonl")) {
      Json j = Json::parse(l);
      if (!j.contains("call") || !j["call"].contains("expect")) continue;
      for (auto& e : j["call"]["expect"].value("events", Json::array())) {
        std::string emitter = e.value("contract", j["call"]["contract"].get<std::string>());
        seen.emplace(emitter, e["event"].get<std::string>());
      }
    }
  // Nested events name their emitter by address, top-level ones the called contract by name.
  const std::map<std::string, std::string> address_of = {
      {"ai_job_queue", "0xc1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1"},
      {"compute_provider_registry", "0xc2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2"},
      {"data_nft_registry", "0xc3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3"},
      {"payment_escrow", "0xc4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4"},
      {"phala_job_processor", "0xc5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5"},
      {"mev_protection", "0xc6c6c6c6c6c6c6c6c6c6c6c6c6c6c6c6c6c6c6c6"}};
  std::size_t declared = 0;
  for (auto* c : model::spec_profile().contracts)
    for (auto* e : c->events) {
      ++declared;
      EXPECT_TRUE(seen.count({c->name, e->name}) || seen.count({address_of.at(c->name), e->name}))
          << c->name << "." << e->name << " is in no flow";
    }
  EXPECT_GE(declared, 42u);  // the design's 42, phala's three attestation events included
}

// The command line: `meshcheck replay FLOW` exits 0 for each flow, its invariants (the
// spec profile's 47, invariants/spec/) checked and none violated.
TEST(SpecFlows, MeshcheckReplayExitsZeroOnEachFlow) {
  for (const char* flow : kFlowNames) {
    auto r = meshcheck::testing::run_meshcheck("replay " + kFlows + flow + ".jsonl");
    EXPECT_EQ(r.status, 0) << flow << "\n" << r.output;
    EXPECT_NE(r.output.find(" calls, 0 divergences, 0 invariant violations"),
              std::string::npos)
        << r.output;
  }
}

// One altered expectation per flow: exit 1, the divergence names the line.
TEST(SpecFlows, AnAlteredExpectationIsADivergenceNamingItsLine) {
  struct Case {
    const char* flow;
    std::size_t line;
    std::function<void(Json&)> edit;
    const char* says;  // the divergence's text after "NAME:LINE: "
  };
  const std::vector<Case> cases = {
      {"public", 18,
       [](Json& j) { j["call"]["expect"]["events"][0]["fields"]["remainder"] = "2001"; },
       "payment_escrow.release_payment: events[0].PaymentReleased.remainder: trace says \"2001\", model computed "
       "\"2000\""},
      {"failure", 12, [](Json& j) { j["call"]["expect"]["error"] = "NotOwner"; },
       "ai_job_queue.cancel_job: error: trace says \"NotOwner\", model computed \"WrongStatus\""},
      {"private", 24, [](Json& j) { j["call"]["expect"]["status"] = "ok"; j["call"]["expect"].erase("error"); },
       "ai_job_queue.submit_job: status: trace says \"ok\", model computed \"reverted\" (Error::CalleeFailed "
       "(phala_job_processor.route_confidential_job: RateLimited))"},
      {"data", 12, [](Json& j) { j["call"]["expect"]["events"][1]["fields"]["expires_at"] = "7212001"; },
       "data_nft_registry.purchase_subscription: events[1].SubscriptionPurchased.expires_at"},
      {"mev", 23, [](Json& j) { j["call"]["expect"]["return"]["success"] = false; },
       "mev_protection.execute_batch: return: "},
      {"public", 24, [](Json& j) { j["balance"]["expect"] = "1"; }, "balance of 0xc4c4"},
      // the private flow's attestation: K3 (untrusted) refused; K1's releases the escrow
      {"private", 36, [](Json& j) { j["call"]["expect"]["error"] = "InvalidSignature"; },
       "phala_job_processor.record_attestation: error: trace says \"InvalidSignature\", model computed "
       "\"UntrustedWorker\""},
      {"private", 41, [](Json& j) { j["call"]["expect"]["events"][1]["fields"]["remainder"] = "2001"; },
       "phala_job_processor.record_attestation: events[1].PaymentReleased.remainder: trace says \"2001\", model "
       "computed \"2000\""},
      {"private", 43, [](Json& j) { j["call"]["expect"]["return"]["tee_worker_pubkey"] = "0x02" + std::string(64, 'f'); },
       "phala_job_processor.get_attestation: return: "},
      {"private", 54, [](Json& j) { j["balance"]["expect"] = "995000"; }, "balance of 0x0202"},
  };
  for (auto& c : cases) {
    auto r = replay(edited(c.flow, c.line, c.edit), c.flow);
    EXPECT_EQ(r.summary.exit_code(), 1) << c.flow << ":" << c.line << "\n" << r.report;
    EXPECT_EQ(r.summary.divergences, 1u) << r.report;
    const std::string at = std::string(c.flow) + ":" + std::to_string(c.line) + ": ";
    EXPECT_EQ(r.report.rfind(at + c.says, 0), 0u) << r.report;
  }
}

// The command line names the line too, and exits 1.
TEST(SpecFlows, MeshcheckReplayOfAnAlteredFlowExitsOne) {
  auto path = std::filesystem::temp_directory_path() / ("meshcheck_spec_altered_" + std::to_string(::getpid()) + ".jsonl");
  std::ofstream(path) << edited("public", 15, [](Json& j) { j["call"]["expect"]["error"] = "NotOwner"; });
  auto r = meshcheck::testing::run_meshcheck("replay " + path.string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find(path.string() + ":15: ai_job_queue.mark_in_progress: error: trace says \"NotOwner\""),
            std::string::npos)
      << r.output;
  std::filesystem::remove(path);
}

// Deploy lines without "profile" take --profile's.
TEST(SpecFlows, DeployLinesWithoutAProfileTakeTheReplaysProfile) {
  auto lines = read_lines(kFlows + "mev.jsonl");
  for (auto& l : lines) {
    Json j = Json::parse(l);
    if (j.contains("deploy")) j["deploy"].erase("profile"), l = j.dump();
  }
  EXPECT_EQ(replay(joined(lines), "mev", model::spec_profile()).summary.exit_code(), 0);
  // Under the default profile the same lines deploy the deployed contracts, which have
  // no message create_batch taking these arguments' shape: not the spec world.
  auto r = replay(joined(lines), "mev");
  EXPECT_EQ(r.summary.exit_code(), 2) << r.report;
}

// --emit writes the model's outcomes: errors, nested events with their emitter; replayed,
// they agree.
TEST(SpecFlows, EmitThenReplayAgrees) {
  auto dir = std::filesystem::temp_directory_path();
  auto in = dir / ("meshcheck_spec_emit_in_" + std::to_string(::getpid()) + ".jsonl");
  auto out = dir / ("meshcheck_spec_emit_out_" + std::to_string(::getpid()) + ".jsonl");
  // The flow without its expectations.
  auto lines = read_lines(kFlows + "failure.jsonl");
  for (auto& l : lines) {
    Json j = Json::parse(l);
    if (j.contains("call")) j["call"].erase("expect");
    if (j.contains("balance")) j["balance"].erase("expect");
    l = j.dump();
  }
  std::ofstream(in) << joined(lines);
  auto r = meshcheck::testing::run_meshcheck("replay --emit " + out.string() + " " + in.string());
  EXPECT_EQ(r.status, 0) << r.output;
  std::ifstream emitted(out);
  std::stringstream text;
  text << emitted.rdbuf();
  EXPECT_EQ(text.str(), joined(read_lines(kFlows + "failure.jsonl")));  // the checked-in flow is what it emits
  EXPECT_NE(text.str().find("\"error\":\"AlreadySlashed\""), std::string::npos);
  EXPECT_NE(text.str().find("\"contract\":\"0xc4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4\""), std::string::npos);
  std::filesystem::remove(in);
  std::filesystem::remove(out);
}

// --- the world hosting the spec system ------------------------------------------------------

// A callee's refusal (phala's rate limit inside submit_job) undoes the whole call, the
// value included; the call's frames and emitters describe a success.
TEST(SpecWorld, ANestedRefusalLeavesTheWorldUnchanged) {
  auto lines = read_lines(kFlows + "private.jsonl");
  trace::Replayer replayer(model::deployed_profile());
  trace::LineFindings findings;
  for (std::size_t i = 0; i < 23; ++i) replayer.run_line(lines[i], i + 1, findings);
  ASSERT_TRUE(findings.divergences.empty());
  const model::World before = replayer.world();
  replayer.run_line(lines[23], 24, findings);  // submit_job: Err(CalleeFailed)
  EXPECT_TRUE(findings.divergences.empty());
  EXPECT_TRUE(replayer.world() == before);
  EXPECT_EQ(replayer.world().balance(Address::filled(AddressKind::H160, 2)), before.balance(Address::filled(AddressKind::H160, 2)));
}

TEST(SpecWorld, ACallRecordsItsFramesEmittersAndPayers) {
  auto lines = read_lines(kFlows + "public.jsonl");
  trace::Replayer replayer(model::deployed_profile());
  trace::LineFindings findings;
  for (std::size_t i = 0; i < 17; ++i) replayer.run_line(lines[i], i + 1, findings);
  // Line 18: the verifier's release_payment reads the queue, then pays twice.
  model::World world = replayer.world();
  const model::ContractSpec& escrow = *model::spec_profile().contract("payment_escrow");
  model::Call c;
  c.contract = Address::filled(AddressKind::H160, 0xc4);
  c.caller = Address::filled(AddressKind::H160, 0x06);
  c.message = escrow.message("release_payment");
  c.args = {Value(u128(1)), Value(Address::filled(AddressKind::H160, 0x03))};
  c.block = world.block();
  c.timestamp = world.timestamp();
  model::CallResult r = world.call(c);
  ASSERT_FALSE(r.outcome.reverted) << r.outcome.reason;
  ASSERT_EQ(r.frames.size(), 2u);
  EXPECT_EQ(r.frames[0].message->label, "release_payment");
  EXPECT_EQ(r.frames[0].caller, c.caller);
  EXPECT_EQ(r.frames[1].message->label, "get_job");
  EXPECT_EQ(r.frames[1].contract, Address::filled(AddressKind::H160, 0xc1));
  EXPECT_EQ(r.frames[1].caller, c.contract);  // the immediate caller: the escrow
  EXPECT_EQ(r.frames[1].depth, 1u);
  EXPECT_EQ(r.frames[1].args, std::vector<Value>{Value(u128(1))});
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.emitters, std::vector<Address>{c.contract});
  ASSERT_EQ(r.transfers.size(), 2u);  // price to the provider, the remainder to the owner
  EXPECT_EQ(r.payers, (std::vector<Address>{c.contract, c.contract}));
  EXPECT_EQ(r.transfers[1].to, Address::filled(AddressKind::H160, 0x02));
  EXPECT_EQ(r.transfers[1].amount, U256(2000));
}

// --- bad input for the profile's additions: exit 2, naming the line ---------------------------

TEST(SpecBadInput, EachIsAnErrorNamingItsLine) {
  struct Case {
    const char* flow;
    std::size_t line;
    std::function<void(Json&)> edit;
    const char* error;
  };
  const std::vector<Case> cases = {
      {"public", 16, [](Json& j) { j["call"]["args"]["result_hash"] = "0x" + std::string(62, 'a'); },
       "call.args.result_hash: expected [u8; 32]: 0x and 64 hex digits, got"},
      {"public", 16, [](Json& j) { j["call"]["args"]["result_hash"] = "0x" + std::string(66, 'a'); },
       "call.args.result_hash: expected [u8; 32]"},
      {"public", 16, [](Json& j) { j["call"]["args"]["result_hash"] = "0x" + std::string(63, 'a') + "g"; },
       "call.args.result_hash: expected [u8; 32]"},
      {"failure", 38, [](Json& j) { j["call"]["args"]["score_delta"] = "-2147483649"; },
       "call.args.score_delta: integer \"-2147483649\" is out of range for i32"},
      {"failure", 38, [](Json& j) { j["call"]["args"]["score_delta"] = "2147483648"; },
       "call.args.score_delta: integer \"2147483648\" is out of range for i32"},
      {"failure", 38, [](Json& j) { j["call"]["args"]["score_delta"] = "-"; }, "call.args.score_delta: \"-\" is not an i32"},
      {"public", 15, [](Json& j) { j["call"]["expect"]["error"] = "NoSuchVariant"; },
       "call.expect.error: \"NoSuchVariant\" is not an error variant of ai_job_queue ("},
      // an error variant of another contract is not the called one's
      {"public", 17, [](Json& j) { j["call"]["expect"]["error"] = "WrongStatus"; },
       "call.expect.error: \"WrongStatus\" is not an error variant of payment_escrow"},
      {"public", 15, [](Json& j) { j["call"]["expect"]["status"] = "ok"; }, "call.expect: an \"ok\" call has no \"error\""},
      // a nested call's event without its emitter is read as the called contract's
      {"public", 10, [](Json& j) { j["call"]["expect"]["events"][0].erase("contract"); },
       "call.expect.events[0].event: ai_job_queue has no event \"PaymentDeposited\""},
      {"public", 10, [](Json& j) { j["call"]["expect"]["events"][0]["contract"] = "no_such_contract"; },
       "call.expect.events[0].contract: unknown contract \"no_such_contract\""},
      {"public", 3, [](Json& j) { j["deploy"]["profile"] = "deployed"; },
       "deploy.profile: \"deployed\", but the contracts deployed so far are of profile \"spec\""},
      {"public", 3, [](Json& j) { j["deploy"]["profile"] = "designed"; }, "deploy.profile: unknown profile \"designed\""},
      {"public", 3,
       [](Json& j) {
         j["deploy"]["contract"] = "ai_job_queue";
         j["deploy"]["address"] = "0x" + std::string(40, 'e');
         j["deploy"]["args"] = Json{{"wiring", j["deploy"]["args"]["wiring"]}, {"min_budget", "1000"}};
       },
       "deploy: the spec profile's contracts call one another by kind: a world holds one ai_job_queue"},
      // record_attestation's wide byte arrays: PubKey33 (66 hex digits), Sig65 (130)
      {"private", 36, [](Json& j) { j["call"]["args"]["tee_worker_pubkey"] = "0x" + std::string(64, 'a'); },
       "call.args.tee_worker_pubkey: expected [u8; 33]: 0x and 66 hex digits, got"},
      {"private", 36, [](Json& j) { j["call"]["args"]["tee_worker_pubkey"] = "0x" + std::string(68, 'a'); },
       "call.args.tee_worker_pubkey: expected [u8; 33]"},
      {"private", 36, [](Json& j) { j["call"]["args"]["attestation_proof"] = "0x" + std::string(128, 'a'); },
       "call.args.attestation_proof: expected [u8; 65]: 0x and 130 hex digits, got"},
      {"mev", 17, [](Json& j) { j["call"]["args"]["intent_ids"] = Json::array({"1", "2", "3", "4", "5", "6", "7"}); },
       "call: mev_protection.create_batch: a Vec of 7 items; the spec model holds at most 6"},
  };
  for (auto& c : cases) {
    auto r = replay(edited(c.flow, c.line, c.edit), c.flow);
    EXPECT_EQ(r.summary.exit_code(), 2) << c.flow << ":" << c.line << "\n" << r.report;
    const std::string at = std::string(c.flow) + ":" + std::to_string(c.line) + ": error: ";
    EXPECT_EQ(r.report.rfind(at + c.error, 0), 0u) << r.report;
  }
}

// expect.error on a deployed contract: those refuse by panicking, with no variant to name.
TEST(SpecBadInput, AnErrorOnADeployedContractIsAnError) {
  const std::string trace = std::string(MESHCHECK_SOURCE_DIR) + "/tests/traces/upstream/payment_escrow/test_release_to_provider.jsonl";
  auto lines = read_lines(trace);
  std::size_t call_line = 0;
  for (std::size_t i = 0; i < lines.size() && !call_line; ++i)
    if (Json::parse(lines[i]).contains("call")) call_line = i + 1;
  ASSERT_GT(call_line, 0u);
  Json j = Json::parse(lines[call_line - 1]);
  j["call"]["expect"] = Json{{"status", "reverted"}, {"error", "NotOwner"}};
  lines[call_line - 1] = j.dump();
  auto r = replay(joined(lines), "deployed.jsonl");
  EXPECT_EQ(r.summary.exit_code(), 2) << r.report;
  EXPECT_NE(r.report.find("deployed.jsonl:" + std::to_string(call_line) +
                          ": error: call.expect.error: payment_escrow of profile \"deployed\" refuses without an error "
                          "variant"),
            std::string::npos)
      << r.report;
}

// The command line's exit status and message for one of them.
TEST(SpecBadInput, MeshcheckReplayExitsTwoNamingTheLine) {
  auto path = std::filesystem::temp_directory_path() / ("meshcheck_spec_bad_" + std::to_string(::getpid()) + ".jsonl");
  std::ofstream(path) << edited("failure", 38, [](Json& j) { j["call"]["args"]["score_delta"] = "3000000000"; });
  auto r = meshcheck::testing::run_meshcheck("replay " + path.string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(r.output.rfind(path.string() + ":38: error: call.args.score_delta: integer \"3000000000\" is out of range for i32", 0), 0u)
      << r.output;
  std::filesystem::remove(path);
}

// A PubKey33 of the wrong length on the command line: exit 2, naming the line.
TEST(SpecBadInput, MeshcheckReplayExitsTwoOnABadPubKeyLength) {
  auto path = std::filesystem::temp_directory_path() / ("meshcheck_spec_key_" + std::to_string(::getpid()) + ".jsonl");
  std::ofstream(path) << edited("private", 36, [](Json& j) { j["call"]["args"]["tee_worker_pubkey"] = "0x0279be"; });
  auto r = meshcheck::testing::run_meshcheck("replay " + path.string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(r.output.rfind(path.string() + ":36: error: call.args.tee_worker_pubkey: expected [u8; 33]: 0x and 66 hex digits", 0), 0u)
      << r.output;
  std::filesystem::remove(path);
}

}  // namespace
