// The fast path of raw replay (trace/fast_raw.cpp) reports exactly what the general
// path reports: the raw workload, and the same with one line altered in each way a
// trace can be wrong or unusual (divergences, malformed values, other forms of the
// same value, escapes, repeated keys), replayed with the fast path and without it,
// give the same report, the same counts and the same exit status.
#include <gtest/gtest.h>

#include <sstream>

#include "support/abi_fixtures.hpp"
#include "trace/replay.hpp"

namespace meshcheck {
namespace {

using trace::Json;

struct Outcome {
  std::string report;
  std::size_t calls, divergences, violations;
  int exit_code;
};

Outcome replay(const std::vector<std::string>& lines, const abi::MetadataSet& metadata, bool fast, bool invariants) {
  std::ostringstream text;
  for (auto& l : lines) text << l << "\n";
  std::istringstream in(text.str());
  std::ostringstream report;
  trace::ReplayOptions options;
  options.metadata = metadata;
  options.raw_fast_path = fast;
  options.check_invariants = invariants;
  auto s = trace::replay_stream(in, "t.jsonl", model::deployed_profile(), report, nullptr, options);
  return {report.str(), s.calls, s.divergences, s.violations, s.exit_code()};
}

class RawFastPath : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    metadata_ = new abi::MetadataSet(abi::MetadataSet::load({testing::synthesized_abis().string()}));
    std::ostringstream out;
    testing::write_workload_trace(out, *metadata_, 120, true);
    lines_ = new std::vector<std::string>;
    std::istringstream in(out.str());
    for (std::string l; std::getline(in, l);) lines_->push_back(l);
  }
  static inline abi::MetadataSet* metadata_ = nullptr;
  static inline std::vector<std::string>* lines_ = nullptr;
};

void expect_same(const std::vector<std::string>& lines, const abi::MetadataSet& metadata, const std::string& name) {
  for (bool invariants : {false, true}) {
    Outcome general = replay(lines, metadata, false, invariants);
    Outcome fast = replay(lines, metadata, true, invariants);
    EXPECT_EQ(fast.report, general.report) << name;
    EXPECT_EQ(fast.calls, general.calls) << name;
    EXPECT_EQ(fast.divergences, general.divergences) << name;
    EXPECT_EQ(fast.violations, general.violations) << name;
    EXPECT_EQ(fast.exit_code, general.exit_code) << name;
  }
}

TEST_F(RawFastPath, TheRawWorkloadReportsTheSame) {
  expect_same(*lines_, *metadata_, "unaltered");
  Outcome fast = replay(*lines_, *metadata_, true, false);
  EXPECT_EQ(fast.exit_code, 0) << fast.report;
  EXPECT_EQ(fast.calls, 120u);
}

TEST_F(RawFastPath, EveryAlterationReportsTheSame) {
  auto hex_flip = [](std::string hex, std::size_t at) {
    hex[2 + at * 2] = hex[2 + at * 2] == '0' ? '1' : '0';
    return hex;
  };
  // Alterations of the parsed call body, then ones of the text itself.
  std::vector<std::pair<std::string, std::function<void(Json&)>>> edits = {
      {"output byte", [&](Json& c) { if (c["expect"].contains("output")) c["expect"]["output"] = hex_flip(c["expect"]["output"], 1); }},
      {"event data", [&](Json& c) { for (auto& e : c["expect"]["events"]) e["data"] = hex_flip(e["data"], e["data"].get<std::string>().size() / 2 - 2); }},
      {"topic", [&](Json& c) { for (auto& e : c["expect"]["events"]) e["topics"].back() = hex_flip(e["topics"].back(), 31); }},
      {"signature topic", [&](Json& c) { for (auto& e : c["expect"]["events"]) e["topics"][0] = hex_flip(e["topics"][0], 0); }},
      {"status", [](Json& c) { c["expect"]["status"] = "reverted"; }},
      {"bad status", [](Json& c) { c["expect"]["status"] = "fine"; }},
      {"no expect", [](Json& c) { c.erase("expect"); }},
      {"empty expect", [](Json& c) { c["expect"] = Json::object(); }},
      {"no output", [](Json& c) { c["expect"].erase("output"); }},
      {"no events", [](Json& c) { c["expect"].erase("events"); }},
      {"one event less", [](Json& c) { if (!c["expect"]["events"].empty()) c["expect"]["events"].erase(0); }},
      {"an event more", [](Json& c) { c["expect"]["events"].push_back(Json{{"topics", Json::array()}, {"data", "0x"}}); }},
      {"event key", [](Json& c) { for (auto& e : c["expect"]["events"]) e["extra"] = 1; }},
      {"return too", [](Json& c) { c["expect"]["return"] = nullptr; }},
      {"output empty", [](Json& c) { c["expect"]["output"] = "0x"; }},
      {"output upper-case", [](Json& c) { if (c["expect"].contains("output")) { std::string o = c["expect"]["output"]; for (auto& ch : o) ch = char(std::toupper(ch)); c["expect"]["output"] = o; } }},
      {"message named", [](Json& c) { c["message"] = "whatever"; }},
      {"args too", [](Json& c) { c["args"] = Json::object(); }},
      {"unknown key", [](Json& c) { c["gas"] = 1; }},
      {"value hex", [](Json& c) { c["value"] = "0x0"; }},
      {"value number", [](Json& c) { c["value"] = c["value"].get<std::string>().size() < 10 ? Json(std::stoull(c["value"].get<std::string>())) : c["value"]; }},
      {"value huge", [](Json& c) { c["value"] = "340282366920938463463374607431768211456"; }},
      {"value 2^53", [](Json& c) { c["value"] = 9007199254740992ull; }},
      {"value float", [](Json& c) { c["value"] = 1.5; }},
      {"value empty", [](Json& c) { c["value"] = ""; }},
      {"no value", [](Json& c) { c.erase("value"); }},
      {"block string", [](Json& c) { c["block"] = std::to_string(c["block"].get<u64>()); }},
      {"block past u32", [](Json& c) { c["block"] = 4294967296ull; }},
      {"block backwards", [](Json& c) { c["block"] = 0; }},
      {"timestamp backwards", [](Json& c) { c["timestamp"] = 0; }},
      {"no block", [](Json& c) { c.erase("block"); c.erase("timestamp"); }},
      {"caller ss58", [](Json& c) { c["caller"] = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"; }},
      {"caller bad", [](Json& c) { c["caller"] = "0x12"; }},
      {"caller upper-case", [](Json& c) { std::string a = c["caller"]; for (std::size_t i = 2; i < a.size(); ++i) a[i] = char(std::toupper(a[i])); c["caller"] = a; }},
      {"contract by name", [](Json& c) { c["contract"] = "payment_escrow"; }},
      {"contract unknown", [](Json& c) { c["contract"] = "0x" + std::string(40, '9'); }},
      {"contract 0X", [](Json& c) { std::string a = c["contract"]; a[1] = 'X'; c["contract"] = a; }},
      {"input truncated", [](Json& c) { std::string in = c["input"]; c["input"] = in.substr(0, in.size() - 2); }},
      {"input trailing", [](Json& c) { c["input"] = c["input"].get<std::string>() + "00"; }},
      {"input odd", [](Json& c) { c["input"] = c["input"].get<std::string>() + "0"; }},
      {"input selector", [](Json& c) { c["input"] = "0xdeadbeef"; }},
      {"input number", [](Json& c) { c["input"] = 7; }},
      {"input upper-case", [](Json& c) { std::string in = c["input"]; for (std::size_t i = 2; i < in.size(); ++i) in[i] = char(std::toupper(in[i])); c["input"] = in; }},
  };
  std::vector<std::pair<std::string, std::function<std::string(std::string)>>> text_edits = {
      {"escaped caller", [](std::string l) { auto p = l.find("\"caller\":\"0x"); return p == std::string::npos ? l : l.replace(p + 10, 1, "\\u0030"); }},
      {"repeated key", [](std::string l) { return l.replace(l.find("{\"call\":{") + 9, 0, "\"value\":\"7\","); }},
      {"repeated expect", [](std::string l) { return l.replace(l.size() - 2, 0, ",\"expect\":{}"); }},
      {"negative zero block", [](std::string l) { auto p = l.find("\"block\":"); return p == std::string::npos ? l : l.replace(p + 8, 0, "-0"); }},
      {"exponent", [](std::string l) { auto p = l.find("\"block\":"); return p == std::string::npos ? l : l.replace(p + 8, 0, "1e1"); }},
      {"truncated", [](std::string l) { return l.substr(0, l.size() / 2); }},
      {"bom", [](std::string l) { return "\xEF\xBB\xBF" + l; }},
      {"invalid utf-8", [](std::string l) { return l.replace(l.find("\"caller\""), 0, "\"x\":\"\xC3\x28\","); }},
      {"two lines in one", [](std::string l) { return l + l; }},
      {"trailing comma", [](std::string l) { return l.replace(l.size() - 1, 0, ","); }},
      {"spaces", [](std::string l) { return " " + l + " \t"; }},
  };
  // One call line of each contract (the workload interleaves them), and a seventh.
  std::vector<std::size_t> targets;
  for (std::size_t i = 6; i < 6 + 7 && i < lines_->size(); ++i) targets.push_back(i);
  for (std::size_t i : targets) {
    Json line = Json::parse((*lines_)[i]);
    for (auto& [name, edit] : edits) {
      Json j = line;
      edit(j["call"]);
      auto lines = *lines_;
      lines[i] = j.dump();
      expect_same(lines, *metadata_, name + " at line " + std::to_string(i + 1));
    }
    for (auto& [name, edit] : text_edits) {
      auto lines = *lines_;
      lines[i] = edit(lines[i]);
      expect_same(lines, *metadata_, name + " at line " + std::to_string(i + 1));
    }
  }
}

}  // namespace
}  // namespace meshcheck
