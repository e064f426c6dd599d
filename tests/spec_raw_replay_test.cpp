// Raw replay of the spec profile (issue 13 item 4, raw half): the five flows of
// tests/traces/spec/ as a chain records them (tests/traces/spec/raw/: SCALE input, the
// MessageResult as output, an Err as 0x00 01 and its index, events as topics and data
// with their emitter), replayed with the metadata `meshcheck metadata --profile spec`
// writes: exit 0; an altered expectation exits 1 naming the line and field; bad raw input
// (a byte array of the wrong length, an i32 of the wrong width, an unknown error
// variant, a nested event without its emitter) is one error naming the line, exit 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include "abi/scale.hpp"
#include "abi/synthesize.hpp"
#include "model/profile.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"
#include "trace/raw_form.hpp"
#include "trace/replay.hpp"

namespace meshcheck {
namespace {

namespace fs = std::filesystem;
using trace::Json;

const fs::path kFlows = fs::path(MESHCHECK_SOURCE_DIR) / "tests/traces/spec";
const char* const kFlowNames[] = {"public", "private", "failure", "data", "mev"};

std::vector<std::string> read_lines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

class SpecRawReplay : public ::testing::Test {
 protected:
  // The spec metadata as the command writes it.
  static void SetUpTestSuite() {
    abis_ = new fs::path(testing::fresh_temp_dir("spec-abis"));
    auto r = testing::run_meshcheck("metadata --profile spec --out " + abis_->string());
    ASSERT_EQ(r.status, 0) << r.output;
  }
  static void TearDownTestSuite() { delete abis_; }

  // The raw flow with line `line_no` (1-based) edited, written to a file and replayed by
  // `meshcheck replay --metadata DIR` (which selects the spec profile by the metadata).
  testing::CommandRun replay_edited(const std::string& flow, std::size_t line_no, const std::function<void(Json&)>& edit) {
    auto lines = read_lines(kFlows / "raw" / (flow + ".jsonl"));
    Json j = Json::parse(lines.at(line_no - 1));
    edit(j);
    lines[line_no - 1] = j.dump();
    path_ = testing::temp_dir("spec-raw") / (flow + ".jsonl");
    std::ofstream out(path_);
    for (auto& l : lines) out << l << "\n";
    out.close();
    return testing::run_meshcheck("replay --metadata " + abis_->string() + " -- " + path_.string());
  }
  std::string at(std::size_t line) const { return path_.string() + ":" + std::to_string(line) + ": "; }

  static std::string with_byte(const std::string& hex, std::size_t index, u8 value) {
    auto b = *abi::from_hex(hex);
    b.at(index) = value;
    return abi::to_hex(b);
  }
  static std::size_t error_index(const std::string& contract, const std::string& variant) {
    const auto& e = model::spec_profile().contract(contract)->errors;
    return std::size_t(std::find(e.begin(), e.end(), variant) - e.begin());
  }

  static inline fs::path* abis_ = nullptr;
  fs::path path_;
};

// The committed raw flows are the decoded flows in raw form, with today's metadata:
// nothing decoded is left in them, and every refusal's output is its Err.
TEST_F(SpecRawReplay, TheCommittedRawFlowsAreTheDecodedFlowsInRawForm) {
  abi::MetadataSet set;
  for (auto* c : model::spec_profile().contracts)
    set.add(abi::Metadata::parse(abi::synthesize_metadata(*c), c->name + ".json"));
  for (const char* flow : kFlowNames) {
    auto decoded = read_lines(kFlows / (std::string(flow) + ".jsonl"));
    auto raw = read_lines(kFlows / "raw" / (std::string(flow) + ".jsonl"));
    ASSERT_EQ(raw.size(), decoded.size()) << flow;
    trace::RawFormWriter writer(model::deployed_profile(), set);
    std::size_t errs = 0;
    for (std::size_t i = 0; i < decoded.size(); ++i) {
      Json mine = writer.rewrite(Json::parse(decoded[i]), i + 1);
      EXPECT_EQ(mine.dump(), raw[i]) << flow << ":" << i + 1
                                     << ": stale; regenerate: build/meshcheck_raw_trace DIR tests/traces/spec/" << flow
                                     << ".jsonl > tests/traces/spec/raw/" << flow << ".jsonl (DIR from meshcheck "
                                     << "metadata --profile spec --out DIR)";
      Json d = Json::parse(decoded[i]);
      if (!d.contains("call")) continue;
      for (const char* key : {"message", "args"}) EXPECT_FALSE(mine["call"].contains(key)) << flow << ":" << i + 1;
      EXPECT_TRUE(mine["call"].contains("input"));
      const Json& e = mine["call"]["expect"];
      for (const char* key : {"return", "error"}) EXPECT_FALSE(e.contains(key)) << flow << ":" << i + 1;
      for (auto& ev : e["events"]) EXPECT_TRUE(ev.contains("topics") && !ev.contains("event"));
      if (d["call"]["expect"].contains("error")) {
        ++errs;
        std::size_t index = error_index(d["call"]["contract"].get<std::string>(),
                                        d["call"]["expect"]["error"].get<std::string>());
        EXPECT_EQ(e["output"], abi::to_hex(abi::Bytes{0, 1, static_cast<u8>(index)})) << flow << ":" << i + 1;
      }
    }
    if (std::string(flow) == "failure") EXPECT_GE(errs, 5u);
  }
}

TEST_F(SpecRawReplay, EveryRawFlowReplaysWithExitZero) {
  for (const char* flow : kFlowNames) {
    std::string file = (kFlows / "raw" / (std::string(flow) + ".jsonl")).string();
    auto decoded = testing::run_meshcheck("replay " + (kFlows / (std::string(flow) + ".jsonl")).string());
    auto calls = decoded.output.substr(decoded.output.find(": ") + 2);
    calls = calls.substr(0, calls.find(" calls"));
    for (std::string profile : {"", "--profile spec "}) {
      auto r = testing::run_meshcheck("replay " + profile + "--metadata " + abis_->string() + " -- " + file);
      EXPECT_EQ(r.status, 0) << flow << "\n" << r.output;
      EXPECT_NE(r.output.find(file + ": " + calls + " calls, 0 divergences"), std::string::npos) << r.output;
    }
  }
  // Against the deployed profile, named: one message, which names the profile it fits.
  auto r = testing::run_meshcheck("replay --profile deployed --metadata " + abis_->string() + " -- " +
                                  (kFlows / "raw/public.jsonl").string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(r.output, "meshcheck replay: the metadata describes profile spec's contracts, not profile deployed's: "
                      "give --profile spec\n");
}

TEST_F(SpecRawReplay, AnAlteredExpectationIsADivergenceNamingItsLine) {
  // public:10 submit_job returns Ok(1): 0x00 00 then 1 as a u128.
  auto r = replay_edited("public", 10, [](Json& j) {
    j["call"]["expect"]["output"] = with_byte(j["call"]["expect"]["output"], 2, 2);
  });
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find(at(10) + "ai_job_queue.submit_job: output (return): trace says Ok(\"2\") = 0x000002"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("model computed Ok(\"1\") = 0x000001"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 divergence"), std::string::npos) << r.output;

  // public:15 mark_in_progress refuses with WrongStatus; the trace says NotOwner.
  r = replay_edited("public", 15, [](Json& j) {
    j["call"]["expect"]["output"] = abi::to_hex(abi::Bytes{0, 1, static_cast<u8>(error_index("ai_job_queue", "NotOwner"))});
  });
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find(at(15) + "ai_job_queue.mark_in_progress: output (error): trace says Err(NotOwner) = 0x0001"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("model computed Err(WrongStatus) = 0x0001"), std::string::npos) << r.output;

  // public:10's first event is the escrow's PaymentDeposited (a nested call's): its amount.
  r = replay_edited("public", 10, [](Json& j) {
    Json& ev = j["call"]["expect"]["events"][0];
    auto data = *abi::from_hex(ev["data"].get<std::string>());
    ev["data"] = with_byte(ev["data"], data.size() - 16, data[data.size() - 16] ^ 1);  // amount: the last u128
  });
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find(at(10) + "ai_job_queue.submit_job: events[0].data (PaymentDeposited.amount): trace says"),
            std::string::npos)
      << r.output;

  // An Ok where the model refuses.
  r = replay_edited("public", 15, [](Json& j) {
    j["call"]["expect"]["status"] = "ok";
    j["call"]["expect"]["output"] = "0x0000";
  });
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find(at(15) + "ai_job_queue.mark_in_progress: status: trace says \"ok\""), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find(at(15) + "ai_job_queue.mark_in_progress: output (error): trace says Ok(()) = 0x0000, model "
                                   "computed Err(WrongStatus)"),
            std::string::npos)
      << r.output;
}

TEST_F(SpecRawReplay, BadRawInputIsAnErrorNamingItsLine) {
  struct Case {
    const char* flow;
    std::size_t line;
    std::function<void(Json&)> edit;
    std::string error;
  };
  const std::vector<Case> cases = {
      // private:31 set_trusted_worker(pubkey: [u8; 33], trusted): a 32-byte key.
      {"private", 31,
       [](Json& j) {
         auto b = *abi::from_hex(j["call"]["input"].get<std::string>());
         b.erase(b.begin() + 4);
         j["call"]["input"] = abi::to_hex(b);
       },
       "call.input: set_trusted_worker argument trusted (bool): "},
      {"private", 31,
       [](Json& j) {
         auto b = *abi::from_hex(j["call"]["input"].get<std::string>());
         b.insert(b.begin() + 4 + 33, 0x01);  // a 34th key byte
         j["call"]["input"] = abi::to_hex(b);
       },
       "call.input: 1 trailing bytes after the arguments of set_trusted_worker at byte 38 (set_trusted_worker takes "
       "pubkey: [u8; 33] (33), trusted: bool (1): 34 bytes after the selector, the input has 35)"},
      // failure:38 update_reputation(provider, score_delta: i32): a 64-bit delta.
      {"failure", 38,
       [](Json& j) { j["call"]["input"] = j["call"]["input"].get<std::string>() + "ffffffff"; },
       "call.input: 4 trailing bytes after the arguments of update_reputation at byte 28 (update_reputation takes "
       "provider: H160 (20), score_delta: i32 (4): 24 bytes after the selector, the input has 28)"},
      {"failure", 38,
       [](Json& j) {
         std::string in = j["call"]["input"];
         j["call"]["input"] = in.substr(0, in.size() - 2);
       },
       "call.input: update_reputation argument score_delta (i32): "},
      // public:15 mark_in_progress: an error variant ai_job_queue does not have.
      {"public", 15, [](Json& j) { j["call"]["expect"]["output"] = "0x0001ff"; },
       "call.expect.output: not a Result<Result<(), Error>, LangError>: Error: unknown variant index 255 at byte 2"},
      // public:10: the escrow's event without its emitter.
      {"public", 10, [](Json& j) { j["call"]["expect"]["events"][0].erase("contract"); },
       "call.expect.events[0].topics[0]: "},
  };
  for (auto& c : cases) {
    auto r = replay_edited(c.flow, c.line, c.edit);
    EXPECT_EQ(r.status, 2) << c.error << "\n" << r.output;
    EXPECT_EQ(r.output.rfind(at(c.line) + "error: " + c.error, 0), 0u) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;  // one message
  }
  auto r = replay_edited("public", 10, [](Json& j) { j["call"]["expect"]["events"][0].erase("contract"); });
  EXPECT_NE(r.output.find("(it is payment_escrow's PaymentDeposited: an event of a nested call names its emitter with "
                          "\"contract\")"),
            std::string::npos)
      << r.output;
}

}  // namespace
}  // namespace meshcheck
