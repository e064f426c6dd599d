// Trace replay: the ported upstream scenarios agree with the model; an altered
// expectation is reported at its line; every kind of unreadable input is one clear
// error naming its line; --emit writes what replay then accepts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "trace/replay.hpp"

namespace fs = std::filesystem;
using meshcheck::model::deployed_profile;
using meshcheck::trace::Divergence;
using meshcheck::trace::Json;
using meshcheck::trace::Replayer;
using meshcheck::trace::replay_stream;
using meshcheck::trace::TraceError;

namespace {

// The upstream scenarios, and the same payment_escrow scenarios against its ink! 5.1.1
// build (tests/traces/ink5_1_1/: AccountId addresses, which pick that build).
std::vector<fs::path> upstream_traces() {
  std::vector<fs::path> out;
  for (const char* dir : {"tests/traces/upstream", "tests/traces/ink5_1_1"})
    for (auto& e : fs::recursive_directory_iterator(fs::path(MESHCHECK_SOURCE_DIR) / dir))
      if (e.path().extension() == ".jsonl") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> read_lines(const fs::path& p);

// The traces in which some call expects at least one event.
std::vector<fs::path> upstream_traces_with_events() {
  std::vector<fs::path> out;
  for (auto& p : upstream_traces())
    for (auto& l : read_lines(p))
      if (l.find("\"events\":[{") != std::string::npos || l.find("\"events\": [{") != std::string::npos) {
        out.push_back(p);
        break;
      }
  return out;
}

std::vector<std::string> read_lines(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

std::string join(const std::vector<std::string>& lines) {
  std::string s;
  for (auto& l : lines) s += l + "\n";
  return s;
}

// Replays `text` comparing only what it observed (no invariant checks).
// Agreement with the model only, no invariant checks.
meshcheck::trace::ReplayOptions without_invariants() {
  meshcheck::trace::ReplayOptions o;
  o.check_invariants = false;
  return o;
}

meshcheck::trace::ReplaySummary replay_text(const std::string& text, std::string* report = nullptr,
                                            std::string* emitted = nullptr) {
  std::istringstream in(text);
  std::ostringstream out, emit;
  auto s = replay_stream(in, "t.jsonl", deployed_profile(), out, emitted ? &emit : nullptr, without_invariants());
  if (report) *report = out.str();
  if (emitted) *emitted = emit.str();
  return s;
}

}  // namespace

TEST(UpstreamScenarios, ThereIsOneTracePerUpstreamTestOfEveryContract) {
  std::map<std::string, int> per_contract;
  for (auto& p : upstream_traces()) per_contract[p.parent_path().filename()]++;
  EXPECT_EQ(per_contract.size(), 6u);
  for (auto& [contract, n] : per_contract) EXPECT_GE(n, 20) << contract;
  EXPECT_GE(upstream_traces_with_events().size(), 100u);
}

class UpstreamTrace : public ::testing::TestWithParam<fs::path> {};

// Agreement with the model only: invariant violations are judged in invariants_replay_test.
TEST_P(UpstreamTrace, ReplaysWithoutDivergence) {
  std::ifstream in(GetParam());
  std::ostringstream report;
  auto s = replay_stream(in, GetParam().string(), deployed_profile(), report, nullptr, without_invariants());
  EXPECT_EQ(s.exit_code(), 0) << report.str();
  EXPECT_EQ(s.divergences, 0u);
  EXPECT_GT(s.calls, 0u);
}

// Altering the first call's expected status must make replay report exactly that line.
TEST_P(UpstreamTrace, AnAlteredStatusIsReportedAtItsLine) {
  auto lines = read_lines(GetParam());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Json j = Json::parse(lines[i]);
    if (!j.contains("call") || !j["call"].contains("expect") || !j["call"]["expect"].contains("status")) continue;
    auto& status = j["call"]["expect"]["status"];
    status = status == "ok" ? "reverted" : "ok";
    j["call"]["expect"].erase("return");
    lines[i] = j.dump();
    std::string report;
    auto s = replay_text(join(lines), &report);
    EXPECT_EQ(s.exit_code(), 1);
    EXPECT_NE(report.find("t.jsonl:" + std::to_string(i + 1) + ": "), std::string::npos) << report;
    EXPECT_NE(report.find(": status: "), std::string::npos) << report;
    return;
  }
  FAIL() << "no call with an expected status in " << GetParam();
}

// Changing one event field (the last one of the first event) is reported as that field.
class UpstreamTraceWithEvents : public ::testing::TestWithParam<fs::path> {};

TEST_P(UpstreamTraceWithEvents, AnAlteredEventFieldIsReportedByName) {
  auto lines = read_lines(GetParam());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Json j = Json::parse(lines[i]);
    if (!j.contains("call") || !j["call"].contains("expect")) continue;
    auto& events = j["call"]["expect"]["events"];
    if (!events.is_array() || events.empty()) continue;
    auto& fields = events[0]["fields"];
    std::string name = (--fields.end()).key();
    Json& v = fields[name];
    if (v.is_boolean()) v = !v.get<bool>();
    else if (v.is_string() && v.get<std::string>().rfind("0x", 0) == 0) {
      std::string s = v;
      s.back() = s.back() == '0' ? '1' : '0';
      v = s;
    } else if (v.is_string() && !v.get<std::string>().empty() && std::isdigit(v.get<std::string>()[0]) &&
               v.get<std::string>().size() < 18) {
      v = std::to_string(std::stoull(v.get<std::string>()) + 1);
    } else {
      v = v.get<std::string>() + "x";
    }
    lines[i] = j.dump();
    std::string report;
    auto s = replay_text(join(lines), &report);
    EXPECT_EQ(s.exit_code(), 1);
    std::string event = events[0]["event"];
    EXPECT_NE(report.find("t.jsonl:" + std::to_string(i + 1) + ": "), std::string::npos) << report;
    EXPECT_NE(report.find("events[0]." + event + "." + name), std::string::npos) << report;
    return;
  }
  FAIL() << "no call with an expected event in " << GetParam();
}

std::string trace_test_name(const ::testing::TestParamInfo<fs::path>& info) {
  std::string n = info.param.parent_path().filename().string() + "_" + info.param.stem().string();
  if (info.param.parent_path().parent_path().filename() != "upstream")  // another build's copy: ink5_1_1_...
    n = info.param.parent_path().parent_path().filename().string() + "_" + n;
  for (auto& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}
INSTANTIATE_TEST_SUITE_P(All, UpstreamTrace, ::testing::ValuesIn(upstream_traces()), trace_test_name);
INSTANTIATE_TEST_SUITE_P(All, UpstreamTraceWithEvents, ::testing::ValuesIn(upstream_traces_with_events()),
                         trace_test_name);

// --- --emit ----------------------------------------------------------------------

TEST(Emit, WritesTheModelsOutcomesAndReplayAcceptsThem) {
  auto path = fs::path(MESHCHECK_SOURCE_DIR) / "tests/traces/upstream/ai_job_queue/complete_job_lifecycle.jsonl";
  auto lines = read_lines(path);
  std::vector<Json> original;
  std::vector<std::string> bare;
  for (auto& l : lines) {
    Json j = Json::parse(l);
    original.push_back(j);
    if (j.contains("call")) j["call"].erase("expect");
    bare.push_back(j.dump());
  }
  std::string emitted;
  auto s = replay_text(join(bare), nullptr, &emitted);
  ASSERT_EQ(s.exit_code(), 0);
  std::istringstream in(emitted);
  std::size_t i = 0;
  for (std::string l; std::getline(in, l); ++i) {
    Json j = Json::parse(l);
    ASSERT_LT(i, original.size());
    if (j.contains("call")) {
      EXPECT_EQ(j["call"]["expect"], original[i]["call"]["expect"]) << "line " << i + 1;
    }
  }
  EXPECT_EQ(i, original.size());
  EXPECT_EQ(replay_text(emitted).exit_code(), 0);
}

// --- unreadable input: one clear error naming the line -----------------------------

namespace {
const std::string kDeployQueue =
    R"({"deploy": {"contract": "ai_job_queue", "address": "0xc1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1", "deployer": "0x0101010101010101010101010101010101010101", "args": {"min_budget": "1000"}, "block": 1, "timestamp": 6000}})";
const std::string kAlice = "0x0101010101010101010101010101010101010101";

std::string call(const std::string& message, const std::string& args, const std::string& extra = "") {
  return R"({"call": {"contract": "ai_job_queue", "caller": ")" + kAlice + R"(", "message": ")" + message +
         R"(", "args": )" + args + extra + "}}";
}

struct BadLine {
  const char* name;
  std::string line;
  std::string expected_message;  // a part of the error
};
void PrintTo(const BadLine& b, std::ostream* os) { *os << b.name; }
}  // namespace

class BadInput : public ::testing::TestWithParam<BadLine> {};

TEST_P(BadInput, IsOneErrorNamingTheLine) {
  std::string report;
  auto s = replay_text(kDeployQueue + "\n\n" + GetParam().line + "\n" + call("get_job_counter", "{}") + "\n", &report);
  ASSERT_TRUE(s.error.has_value()) << report;
  EXPECT_EQ(s.exit_code(), 2);
  EXPECT_EQ(s.error->line, 3u);
  EXPECT_NE(std::string(s.error->what()).find(GetParam().expected_message), std::string::npos) << s.error->what();
  EXPECT_EQ(report.rfind("t.jsonl:3: error: ", 0), 0u) << report;
  EXPECT_EQ(std::count(report.begin(), report.end(), '\n'), 1) << report;
}

INSTANTIATE_TEST_SUITE_P(
    Lines, BadInput,
    ::testing::Values(
        BadLine{"MalformedJson", R"({"call": {"contract": )", "malformed JSON"},
        // nlohmann reports a number beyond double as out_of_range, not parse_error (found by trace_line_fuzzer).
        BadLine{"NumberBeyondDouble", call("get_job", R"({"job_id": 1e999})"),
                "malformed JSON: number overflow parsing '1e999'"},
        BadLine{"NotAnObject", R"([1, 2])", "exactly one key"},
        BadLine{"TwoKeys", R"({"call": {}, "deploy": {}})", "exactly one key"},
        BadLine{"UnknownKind", R"({"upgrade": {}})", "unknown kind of line \"upgrade\""},
        BadLine{"UnknownContract",
                R"({"call": {"contract": "dex_router", "caller": ")" + kAlice + R"(", "message": "swap"}})",
                "unknown contract \"dex_router\""},
        BadLine{"ContractNotDeployed",
                R"({"call": {"contract": "mev_protection", "caller": ")" + kAlice + R"(", "message": "x"}})",
                "no mev_protection has been deployed"},
        BadLine{"NoContractAtAddress",
                R"({"call": {"contract": "0x0909090909090909090909090909090909090909", "caller": ")" + kAlice +
                    R"(", "message": "x"}})",
                "no contract is deployed at"},
        BadLine{"UnknownMessage", call("steal", "{}"), "ai_job_queue has no message \"steal\""},
        BadLine{"MissingArgument", call("get_job", "{}"), "call.args.job_id is missing"},
        BadLine{"MissingArgs", R"({"call": {"contract": "ai_job_queue", "caller": ")" + kAlice +
                                   R"(", "message": "get_job"}})",
                "call.args is missing"},
        BadLine{"UnknownArgument", call("get_job", R"({"job_id": "1", "jobid": "1"})"), "unknown argument \"jobid\""},
        BadLine{"MistypedArgument", call("get_job", R"({"job_id": true})"), "call.args.job_id: expected an integer"},
        BadLine{"NotADecimal", call("get_job", R"({"job_id": "12a"})"), "is not a decimal integer"},
        BadLine{"NegativeInteger", call("get_job", R"({"job_id": -1})"), "negative integer"},
        BadLine{"FloatInteger", call("get_job", R"({"job_id": 1.5})"), "expected an integer"},
        BadLine{"U128OutOfRange", call("get_job", R"({"job_id": "340282366920938463463374607431768211456"})"),
                "out of range"},
        BadLine{"U32OutOfRange",
                call("submit_job",
                     R"({"model_ref": "m", "data_ref": "d", "deadline": "4294967296", "privacy_required": false})"),
                "call.args.deadline: integer \"4294967296\" is out of range (max 4294967295) for u32"},
        BadLine{"JsonIntegerAbove2Pow53", call("get_job", R"({"job_id": 9007199254740993})"), "above 2^53"},
        BadLine{"BadAddress", call("assign_provider", R"({"job_id": "1", "provider": "0x12"})"), "bad address"},
        BadLine{"NonHexAddress",
                call("assign_provider", R"({"job_id": "1", "provider": "0xzz01010101010101010101010101010101010101"})"),
                "bad address"},
        BadLine{"AccountIdWhereH160",
                call("assign_provider",
                     R"({"job_id": "1", "provider": "0x0101010101010101010101010101010101010101010101010101010101010101"})"),
                "expected an H160 address"},
        BadLine{"CallerOfWrongWidth",
                R"({"call": {"contract": "ai_job_queue", "caller": "0x0101010101010101010101010101010101010101010101010101010101010101", "message": "get_job_counter"}})",
                "is not a valid H160 address for ai_job_queue"},
        BadLine{"MissingCaller", R"({"call": {"contract": "ai_job_queue", "message": "get_job_counter"}})",
                "call.caller is missing"},
        BadLine{"UnknownCallKey", call("get_job_counter", "{}", R"(, "gas": "1")"), "unknown key \"gas\""},
        BadLine{"BlockGoesBack", call("get_job_counter", "{}", R"(, "block": 0)"), "is before the current block"},
        BadLine{"BlockOutOfRange", call("get_job_counter", "{}", R"(, "block": "4294967296")"), "out of range"},
        BadLine{"BadStatus", call("get_job_counter", "{}", R"(, "expect": {"status": "fine"})"),
                "neither \"ok\" nor \"reverted\""},
        BadLine{"MistypedReturn", call("get_job_counter", "{}", R"(, "expect": {"return": false})"),
                "call.expect.return: expected an integer"},
        BadLine{"UnknownEvent",
                call("get_job_counter", "{}", R"(, "expect": {"events": [{"event": "Minted", "fields": {}}]})"),
                "has no event \"Minted\""},
        BadLine{"EventFieldMissing",
                call("get_job_counter", "{}", R"(, "expect": {"events": [{"event": "JobCancelled", "fields": {}}]})"),
                "fields.job_id is missing"},
        BadLine{"UnknownStructField",
                call("get_job", R"({"job_id": "1"})",
                     R"(, "expect": {"return": {"id": "1", "colour": "red"}})"),
                "Job has no field \"colour\""},
        BadLine{"BadEnumVariant",
                call("get_job", R"({"job_id": "1"})",
                     R"(, "expect": {"return": {"id": "1", "owner": ")" + kAlice +
                         R"(", "model_ref": "", "data_ref": "", "budget": "0", "status": "Paused", "assigned_provider": null, "deadline": "0", "privacy_required": false}})"),
                "\"Paused\" is not a variant of JobStatus"},
        BadLine{"RawInputNotYet",
                R"({"call": {"contract": "ai_job_queue", "caller": ")" + kAlice + R"(", "input": "0x80a32d2e"}})",
                "raw SCALE form"},
        BadLine{"DeployTwiceAtOneAddress", kDeployQueue, "already deployed at"},
        BadLine{"BalanceOfExternalAccount", R"({"balance": {"account": ")" + kAlice + R"(", "expect": "5"}})",
                "is an external account"},
        BadLine{"BadBalancesAddress", R"({"balances": {"alice": "5"}})", "bad address \"alice\""},
        BadLine{"ValueAboveU128ForInk5",
                R"({"deploy": {"contract": "payment_escrow", "address": "0xc4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4", "deployer": "0x0101010101010101010101010101010101010101010101010101010101010101", "value": "340282366920938463463374607431768211456"}})",
                "exceeds the Balance type of payment_escrow"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(BadInput, AmbiguousContractNameAsksForTheAddress) {
  std::string second = kDeployQueue;
  second.replace(second.find("c1c1c1"), 6, "c9c9c9");
  std::string report;
  auto s = replay_text(kDeployQueue + "\n" + second + "\n" + call("get_job_counter", "{}") + "\n", &report);
  ASSERT_TRUE(s.error);
  EXPECT_EQ(s.error->line, 3u);
  EXPECT_NE(report.find("deployed 2 times; name the contract by its address"), std::string::npos) << report;
}

TEST(BadInput, InvalidUtf8IsAnErrorNotACrash) {
  std::string line = call("get_job", R"({"job_id": "1"})");
  line.replace(line.find("get_job"), 3, "\xff\xfe\xfd");
  auto s = replay_text(kDeployQueue + "\n" + line + "\n");
  ASSERT_TRUE(s.error);
  EXPECT_EQ(s.error->line, 2u);
  EXPECT_NE(std::string(s.error->what()).find("malformed JSON"), std::string::npos);
}

// --- the whole trace format: balances, transfers, balance checks ---------------------

TEST(Ledger, BalancesTransfersAndChecksFollowTheModel) {
  const std::string escrow = "0xc4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4";
  const std::string alice = "0x0101010101010101010101010101010101010101010101010101010101010101";
  const std::string bob = "0x0202020202020202020202020202020202020202020202020202020202020202";
  std::string trace = R"({"balances": {")" + alice + R"(": "1000"}})" "\n" +
      R"({"deploy": {"contract": "payment_escrow", "address": ")" + escrow + R"(", "deployer": ")" + alice +
      R"(", "value": "10"}})" "\n" +
      R"({"call": {"contract": "payment_escrow", "caller": ")" + alice +
      R"(", "value": "500", "message": "deposit_for_job", "args": {"job_id": "7", "provider": ")" + bob +
      R"("}, "expect": {"status": "ok", "return": true}}})" "\n" +
      R"({"balance": {"account": ")" + alice + R"(", "expect": "490"}})" "\n" +
      R"({"balance": {"account": ")" + escrow + R"(", "expect": "510"}})" "\n" +
      // alice cannot pay 600 any more: the call reverts and changes nothing
      R"({"call": {"contract": "payment_escrow", "caller": ")" + alice +
      R"(", "value": "600", "message": "deposit_for_job", "args": {"job_id": "8", "provider": ")" + bob +
      R"("}, "expect": {"status": "reverted", "events": []}}})" "\n" +
      R"({"transfer": {"from": ")" + alice + R"(", "to": ")" + escrow + R"(", "value": "90"}})" "\n" +
      R"({"balance": {"account": ")" + escrow + R"(", "expect": "600"}})" "\n" +
      R"({"transfer": {"from": ")" + alice + R"(", "to": ")" + bob + R"(", "value": "401"}})" "\n" +
      R"({"balance": {"account": ")" + alice + R"(", "expect": "1"}})" "\n";
  std::string report;
  auto s = replay_text(trace, &report);
  // Line 9 transfers 401 from a balance of 400: the model refuses it; line 10 then disagrees.
  EXPECT_EQ(s.exit_code(), 1) << report;
  EXPECT_EQ(s.divergences, 2u) << report;
  EXPECT_NE(report.find("t.jsonl:9: transfer from " + alice), std::string::npos) << report;
  EXPECT_NE(report.find("t.jsonl:10: balance of " + alice + ": balance: trace says \"1\", model computed \"400\""),
            std::string::npos)
      << report;
}
