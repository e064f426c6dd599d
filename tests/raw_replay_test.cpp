// Raw replay (`replay --metadata`): a raw trace of the six-contract workload agrees
// (exit 0); one altered output byte, event data byte or topic is a divergence naming
// the line, the message and the field (exit 1); malformed raw input is one error with
// the line and byte offset (exit 2).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <sstream>

#include "abi/scale.hpp"
#include "abi/ss58.hpp"
#include "support/abi_fixtures.hpp"
#include "support/command.hpp"

namespace meshcheck {
namespace {

namespace fs = std::filesystem;
using trace::Json;

using CliRun = meshcheck::testing::CommandRun;
CliRun run(const std::string& args) { return meshcheck::testing::run_meshcheck(args); }

class RawReplay : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    abis_ = new fs::path(testing::synthesized_abis());
    auto set = abi::MetadataSet::load({abis_->string()});
    std::ostringstream out;
    testing::write_workload_trace(out, set, 240, true);
    lines_ = new std::vector<std::string>;
    std::istringstream in(out.str());
    for (std::string l; std::getline(in, l);) lines_->push_back(l);
    metadata_ = new abi::MetadataSet(std::move(set));
  }

  // Writes `lines` as a trace file and replays it with the synthesized metadata.
  CliRun replay(const std::vector<std::string>& lines, const std::string& name, const std::string& extra = "") {
    fs::path p = testing::temp_dir("raw") / (name + ".jsonl");
    std::ofstream f(p);
    for (auto& l : lines) f << l << "\n";
    f.close();
    path_ = p.string();
    return run("replay --no-invariants --metadata " + abis_->string() + " " + extra + " " + p.string());
  }

  // Replays the workload with line `index` replaced by `line`.
  CliRun replay_altered(std::size_t index, const Json& line, const std::string& name) {
    auto lines = *lines_;
    lines[index] = line.dump();
    return replay(lines, name);
  }

  // The first raw call line (index, parsed) whose expect satisfies `pred`.
  std::pair<std::size_t, Json> find_line(const std::function<bool(const Json&)>& pred) const {
    for (std::size_t i = 0; i < lines_->size(); ++i) {
      Json j = Json::parse((*lines_)[i]);
      if (j.contains("call") && pred(j["call"]["expect"])) return {i, j};
    }
    ADD_FAILURE() << "no such line in the workload";
    return {0, Json()};
  }

  std::string where(std::size_t index) const { return path_ + ":" + std::to_string(index + 1) + ": "; }

  static std::string flip(const std::string& hex, std::size_t byte) {
    auto b = *abi::from_hex(hex);
    b.at(byte) ^= 0x01;
    return abi::to_hex(b);
  }

  static inline fs::path* abis_ = nullptr;
  static inline std::vector<std::string>* lines_ = nullptr;
  static inline abi::MetadataSet* metadata_ = nullptr;
  std::string path_;
};

TEST_F(RawReplay, TheWorkloadInRawFormAgrees) {
  auto r = replay(*lines_, "agree");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("240 calls, 0 divergences"), std::string::npos) << r.output;
}

TEST_F(RawReplay, AnAlteredEventDataByteNamesTheLineEventAndField) {
  auto [i, j] = find_line([](const Json& e) { return !e["events"].empty(); });
  Json& ev = j["call"]["expect"]["events"][0];
  // Decode it to know which event and which field the last data byte belongs to.
  const auto* contract = metadata_->all().front().get();
  for (auto& m : metadata_->all())
    if (m->event_by_topic(*abi::from_hex(ev["topics"][0].get<std::string>()))) contract = m.get();
  abi::RawEvent raw{{}, *abi::from_hex(ev["data"].get<std::string>())};
  raw.topics.push_back(*reinterpret_cast<const abi::Hash32*>(abi::from_hex(ev["topics"][0].get<std::string>())->data()));
  auto decoded = abi::decode_event(*contract, raw);
  std::string last_field = decoded.event->fields.back().label;
  // Flip the lowest bit of the last field's first byte: still decodable for an integer.
  std::size_t last_size = abi::encode(decoded.event->fields.back().type, decoded.fields.back()).size();
  ASSERT_TRUE(decoded.event->fields.back().type->is_integer()) << decoded.event->label;
  ev["data"] = flip(ev["data"], raw.data.size() - last_size);
  auto r = replay_altered(i, j, "event-data");
  EXPECT_EQ(r.status, 1) << r.output;
  std::string expected = where(i) + contract->contract_name + ".";
  EXPECT_NE(r.output.find(expected), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("events[0].data (" + decoded.event->label + "." + last_field + ")"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("in data 0x"), std::string::npos) << r.output;  // raw bytes on both sides
  EXPECT_NE(r.output.find("1 divergence"), std::string::npos) << r.output;
}

TEST_F(RawReplay, AnAlteredTopicNamesTheIndexedField) {
  auto [i, j] = find_line([](const Json& e) { return !e["events"].empty() && e["events"][0]["topics"].size() > 1; });
  Json& ev = j["call"]["expect"]["events"][0];
  ev["topics"][1] = flip(ev["topics"][1], 31);
  auto r = replay_altered(i, j, "topic");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find(where(i)), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("events[0].topics[1] ("), std::string::npos) << r.output;
}

TEST_F(RawReplay, AnAlteredSignatureTopicIsUnreadable) {
  auto [i, j] = find_line([](const Json& e) { return !e["events"].empty(); });
  Json& ev = j["call"]["expect"]["events"][0];
  ev["topics"][0] = flip(ev["topics"][0], 0);
  auto r = replay_altered(i, j, "signature");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(where(i) + "error: call.expect.events[0].topics[0]: no event of"), std::string::npos)
      << r.output;
}

TEST_F(RawReplay, AnAlteredOutputByteNamesTheOutput) {
  // A u128 return (submit_job's id, a counter...): 0x00 then 16 bytes.
  auto [i, j] = find_line([](const Json& e) { return e.contains("output") && e["output"].get<std::string>().size() == 2 + 2 * 17; });
  j["call"]["expect"]["output"] = flip(j["call"]["expect"]["output"], 1);
  auto r = replay_altered(i, j, "output");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find(where(i)), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(": output (return): trace says "), std::string::npos) << r.output;
}

TEST_F(RawReplay, MalformedRawInputIsOneErrorWithLineAndOffset) {
  struct Case {
    const char* name;
    std::function<void(Json&)> alter;
    std::string expected;
  };
  auto [i, j0] = find_line([](const Json& e) { return !e["events"].empty() && e.contains("output"); });
  std::vector<Case> cases = {
      {"truncated-input",
       [](Json& c) {
         std::string in = c["input"];
         c["input"] = in.substr(0, in.size() - 2);
       },
       "error: call.input: "},
      {"trailing-input", [](Json& c) { c["input"] = c["input"].get<std::string>() + "00"; }, "trailing bytes after the arguments"},
      {"unknown-selector", [](Json& c) { c["input"] = "0xdeadbeef"; }, "has the selector 0xdeadbeef"},
      {"short-input", [](Json& c) { c["input"] = "0x0102"; }, "shorter than a 4-byte selector"},
      {"odd-hex", [](Json& c) { c["input"] = "0x123"; }, "call.input: not 0x followed by an even number of hex digits"},
      {"bad-output", [](Json& c) { c["expect"]["output"] = "0x02"; }, "call.expect.output: not a Result<"},
      {"output-trailing", [](Json& c) { c["expect"]["output"] = c["expect"]["output"].get<std::string>() + "ff"; },
       "trailing byte"},
      {"event-data-short",
       [](Json& c) {
         std::string d = c["expect"]["events"][0]["data"];
         c["expect"]["events"][0]["data"] = d.substr(0, d.size() - 2);
       },
       "error: call.expect.events[0].data: "},
      {"topic-length", [](Json& c) { c["expect"]["events"][0]["topics"][0] = "0x00"; }, "1 bytes, a topic has 32"},
      {"args-and-input", [](Json& c) { c["args"] = Json::object(); }, "give \"args\" or \"input\", not both"},
  };
  for (auto& c : cases) {
    Json j = j0;
    c.alter(j["call"]);
    auto r = replay_altered(i, j, c.name);
    EXPECT_EQ(r.status, 2) << c.name << ": " << r.output;
    EXPECT_NE(r.output.find(where(i)), std::string::npos) << c.name << ": " << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << c.name << ": " << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << c.name << ": one message: " << r.output;
  }
  // Where a decoding error has a byte offset, it is given.
  Json j = j0;
  std::string in = j["call"]["input"];
  j["call"]["input"] = in.substr(0, in.size() - 2);
  auto r = replay_altered(i, j, "offset");
  EXPECT_NE(r.output.find(" at byte "), std::string::npos) << r.output;
}

TEST_F(RawReplay, RawLinesNeedMetadata) {
  fs::path p = testing::temp_dir("raw") / "nometa.jsonl";
  {
    std::ofstream f(p);
    for (auto& l : *lines_) f << l << "\n";
  }
  auto r = run("replay " + p.string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("needs the ink! metadata of"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("--metadata"), std::string::npos) << r.output;
}

TEST_F(RawReplay, MetadataThatDisagreesWithTheModelIsRefused) {
  auto j = abi::synthesize_metadata(*model::deployed_profile().contract("payment_escrow"));
  j["spec"]["messages"][0]["mutates"] = false;
  fs::path bad = testing::temp_dir("badabi") / "payment_escrow.json";
  std::ofstream(bad) << j.dump();
  auto r = run("replay --metadata " + bad.string() + " " +
               (fs::path(MESHCHECK_SOURCE_DIR) / "tests/traces/upstream/payment_escrow/test_release_to_provider.jsonl").string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("message deposit_for_job: mutates in the model only"), std::string::npos) << r.output;
  r = run("replay --metadata /nonexistent/abis x.jsonl");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("/nonexistent/abis: no such file or directory"), std::string::npos) << r.output;
}

TEST_F(RawReplay, DecodedTracesReplayAsBeforeWithMetadataGiven) {
  auto r = run("replay --metadata " + abis_->string() + " " +
               (fs::path(MESHCHECK_SOURCE_DIR) / "tests/traces/upstream/payment_escrow/test_release_to_provider.jsonl").string());
  EXPECT_EQ(r.status, 0) << r.output;
}

TEST_F(RawReplay, Ss58AddressesAreAcceptedAndChecked) {
  const char* alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
  std::string escrow = Address::filled(AddressKind::AccountId, 0xc4).hex();
  std::vector<std::string> lines = {
      std::string(R"({"balances": {")") + alice + R"(": "1000"}})",
      R"({"deploy": {"contract": "payment_escrow", "address": ")" + escrow + R"(", "deployer": ")" + alice + R"(", "args": {}}})",
      std::string(R"({"call": {"contract": "payment_escrow", "caller": ")") + alice +
          R"(", "value": "10", "message": "deposit_for_job", "args": {"job_id": "1", "provider": ")" + alice +
          R"("}, "expect": {"status": "ok", "return": true}}})",
      std::string(R"({"balance": {"account": "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d", "expect": "990"}})"),
  };
  auto r = replay(lines, "ss58");
  EXPECT_EQ(r.status, 0) << r.output;
  std::string bad = alice;
  bad.back() = 'Z';
  lines[2].replace(lines[2].find(alice), std::strlen(alice), bad);
  r = replay(lines, "ss58-bad");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(where(2) + "error: call.caller: bad address"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("SS58 checksum does not match"), std::string::npos) << r.output;
}

TEST_F(RawReplay, TheRealMetadataReplaysTheRawWorkload) {
  MESHCHECK_NEED_SHARED_ABIS();
  auto set = abi::MetadataSet::load({testing::shared_abis().string()});
  fs::path p = testing::temp_dir("raw") / "real.jsonl";
  {
    std::ofstream f(p);
    testing::write_workload_trace(f, set, 240, true);
  }
  auto r = run("replay --no-invariants --metadata " + testing::shared_abis().string() + " " + p.string());
  EXPECT_EQ(r.status, 0) << r.output.substr(0, 2000);
  EXPECT_NE(r.output.find("240 calls, 0 divergences"), std::string::npos) << r.output.substr(0, 2000);
}

}  // namespace
}  // namespace meshcheck
