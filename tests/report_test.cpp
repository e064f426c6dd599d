// meshcheck report: the merged model, the baseline, the five files and their checks by
// real validators (ajv, the SARIF Multitool, junit2json, headless Chromium; see
// js/check_report.mjs), determinism, and the exit codes.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "invariants/invariant.hpp"
#include "model/profile.hpp"
#include "reports/baseline.hpp"
#include "reports/model_lines.hpp"
#include "reports/trace_view.hpp"
#include "reports/writers.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace meshcheck;

namespace {

using Outcome = meshcheck::testing::CommandRun;
Outcome run(const std::string& command) { return meshcheck::testing::run_command(command); }

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << text;
}

const std::string kSource = MESHCHECK_SOURCE_DIR;
const std::string kBinary = MESHCHECK_BINARY;
const std::string kTrace = kSource + "/tests/traces/upstream/payment_escrow/test_release_to_provider.jsonl";

// The node checker: one JSON object.
json check(const std::string& args) {
  Outcome r = run("node " + kSource + "/js/check_report.mjs " + args);
  EXPECT_EQ(r.status, 0) << r.output;
  auto j = json::parse(r.output, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.output;
  return j;
}

// A small report of both profiles side by side (the default, --profile all): in the
// deployed profile one proved invariant, one proved under an assumption (A-COUNTERS),
// violated ones, a replayed trace; the same four in the design's spec profile (E-CONSERVE
// restated), and X-ESCROW, which only the spec profile has.
const char* kSubset =
    "--invariant G-VALUE --invariant E-CONSERVE --invariant Q-LIFECYCLE --invariant Q-BUDGET --invariant X-ESCROW";

std::string report_cmd(const fs::path& out, const std::string& extra = "") {
  return kBinary + " report " + kSubset + " --budget small --seed 7 --jobs 2 --out " + out.string() + " --trace " +
         kTrace + " " + extra;
}

json strip_timing(json j) {
  if (j.is_object()) {
    j.erase("timing");
    for (auto& [k, v] : j.items()) v = strip_timing(v);
  } else if (j.is_array()) {
    for (auto& v : j) v = strip_timing(v);
  }
  return j;
}

class ReportFiles : public ::testing::Test {
 protected:
  static fs::path dir;
  static Outcome first;
  static void SetUpTestSuite() {
    dir = meshcheck::testing::fresh_temp_dir("report-test");
    fs::create_directories(dir);
    first = run(report_cmd(dir / "a"));
  }
  static void TearDownTestSuite() {
    // Keep the screenshot next to the build for people to look at.
    std::error_code ec;
    fs::copy_file(dir / "report.png", fs::path(MESHCHECK_BINARY).parent_path() / "report-test-screenshot.png",
                  fs::copy_options::overwrite_existing, ec);
    fs::remove_all(dir, ec);
  }
  static json report_json(const std::string& sub = "a") { return json::parse(slurp(dir / sub / "report.json")); }
  static const json* invariant(const json& report, const std::string& id, const std::string& profile = "deployed") {
    for (auto& i : report["invariants"])
      if (i["id"] == id && i["profile"] == profile) return &i;
    return nullptr;
  }
};
fs::path ReportFiles::dir;
Outcome ReportFiles::first;

}  // namespace

// --- the generated table of message lines, the rationale ------------------------------

TEST(ReportModelLines, EveryMessageOfEveryContractHasItsLine) {
  for (auto& name : model::profile_names()) {
    // The spec profile writes each message as a struct declaring its kLabel, in
    // model/spec/<contract>.hpp or <contract>_messages.hpp.
    const bool spec = name == "spec";
    for (auto* c : model::find_profile(name)->contracts) {
      for (auto& m : c->messages) {
        const reports::MessageLine* at = reports::find_message_line(name, c->name, m.label);
        ASSERT_NE(at, nullptr) << c->name << "." << m.label;
        const std::string file = at->file;
        if (spec)
          EXPECT_TRUE(file == "model/spec/" + c->name + ".hpp" || file == "model/spec/" + c->name + "_messages.hpp") << file;
        else
          EXPECT_EQ(file, "model/" + c->name + ".cpp");
        std::vector<std::string> lines;
        std::ifstream in(kSource + "/" + file);
        for (std::string l; std::getline(in, l);) lines.push_back(l);
        ASSERT_GE(at->line, 1u);
        ASSERT_LE(at->line, lines.size());
        const std::string& text = lines[at->line - 1];
        const bool definition = text.find(" " + m.label + "(") != std::string::npos && text.find("State& self") != std::string::npos;
        const bool entry = text.find("{\"" + m.label + "\",") != std::string::npos;
        const bool label = text.find("kLabel = \"" + m.label + "\"") != std::string::npos;
        EXPECT_TRUE(spec ? label : (definition || entry)) << c->name << "." << m.label << " at line " << at->line << ": " << text;
      }
    }
  }
}

// Every catalog record is complete: a misplaced field in one (a why_it_matters left out,
// so the contract's name takes its place) shows here.
TEST(ReportRationale, EveryInvariantSaysWhyItMatters) {
  for (auto& inv : invariants::catalog()) {
    EXPECT_GT(inv.why_it_matters.size(), 40u) << inv.id;
    EXPECT_TRUE(inv.contract.empty() || invariants::invariants_of(inv.contract)) << inv.id << ": " << inv.contract;
    EXPECT_TRUE(inv.in_profile("deployed") || inv.profiles == std::vector<std::string>{"spec"}) << inv.id;
    for (auto& r : inv.restated) EXPECT_GT(r.why_it_matters.size(), 40u) << inv.id << " (" << r.profile << ")";
  }
}

TEST(ReportTraceView, NamesActorsAndContracts) {
  std::string bob = "0x";
  for (int i = 0; i < 32; ++i) bob += "02";
  EXPECT_EQ(reports::actor_name(bob), "bob");
  EXPECT_EQ(reports::actor_name("0x0101010101010101010101010101010101010101"), "alice.h160");
  EXPECT_EQ(reports::actor_name("0x1234567890123456789012345678901234567890"), "0x1234…7890");
  std::ifstream in(kTrace);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  auto view = reports::view_trace(lines);
  ASSERT_FALSE(view.steps.empty());
  EXPECT_EQ(view.steps[0].to, "payment_escrow");
  EXPECT_EQ(view.steps[0].message, "deposit_for_job");
  EXPECT_EQ(view.participants.back(), "payment_escrow");
}

// --- the baseline, in memory ------------------------------------------------------------

namespace {
reports::Report fake(reports::Merged g_value, reports::Merged e_conserve, std::size_t length,
                     std::optional<reports::Merged> spec_e_conserve = std::nullopt) {
  reports::Report r;
  r.profiles = {"deployed"};
  for (auto [id, m] : {std::pair{"G-VALUE", g_value}, std::pair{"E-CONSERVE", e_conserve}}) {
    reports::InvariantResult x;
    x.invariant = *invariants::find_invariant(id);
    x.merged = m;
    if (m == reports::Merged::Violated) {
      reports::Counterexample cx;
      cx.engine = "fuzz";
      cx.path = "p";
      cx.length = length;
      x.counterexamples.push_back(cx);
    }
    r.invariants.push_back(x);
  }
  // The design's half after the deployed one, as a report orders them.
  if (spec_e_conserve) {
    r.profiles.push_back("spec");
    reports::InvariantResult x;
    x.profile = "spec";
    x.invariant = *invariants::find_invariant("E-CONSERVE");
    x.merged = *spec_e_conserve;
    r.invariants.push_back(x);
  }
  return r;
}
reports::Baseline accepted(const std::string& text) {
  fs::path p = fs::temp_directory_path() / ("meshcheck-accepted-" + std::to_string(::getpid()));
  write(p, text);
  auto b = reports::load_baseline(p.string());
  fs::remove(p);
  return b;
}
}  // namespace

TEST(ReportBaseline, EachKindOfChange) {
  using M = reports::Merged;
  auto base = accepted("# accepted\nG-VALUE PROVED\nE-CONSERVE VIOLATED 3  # known\n");
  auto same = reports::compare(base, fake(M::Proved, M::Violated, 3));
  EXPECT_FALSE(same.worse());
  EXPECT_TRUE(same.changes.empty());
  auto lost = reports::compare(base, fake(M::Holds, M::Violated, 3));
  ASSERT_EQ(lost.changes.size(), 1u);
  EXPECT_EQ(lost.changes[0].what, "proof lost");
  EXPECT_TRUE(lost.worse());
  auto shorter = reports::compare(base, fake(M::Proved, M::Violated, 2));
  ASSERT_EQ(shorter.changes.size(), 1u);
  EXPECT_EQ(shorter.changes[0].what, "shorter counterexample");
  EXPECT_TRUE(shorter.worse());
  auto longer = reports::compare(base, fake(M::Proved, M::Violated, 5));
  EXPECT_FALSE(longer.worse());
  auto fixed = reports::compare(base, fake(M::Proved, M::Holds, 0));
  ASSERT_EQ(fixed.changes.size(), 1u);
  EXPECT_EQ(fixed.changes[0].what, "violation gone");
  EXPECT_FALSE(fixed.worse());
  auto fresh = reports::compare(accepted("G-VALUE PROVED\nE-CONSERVE HOLDS\n"), fake(M::Proved, M::Violated, 2));
  ASSERT_EQ(fresh.changes.size(), 1u);
  EXPECT_EQ(fresh.changes[0].what, "new violation");
  EXPECT_TRUE(fresh.worse());
}

// Verdicts are compared per profile: a line naming the spec profile holds the design's
// verdict, and the deployed code's verdict is never compared with it.
TEST(ReportBaseline, ComparesPerProfile) {
  using M = reports::Merged;
  auto base = accepted("E-CONSERVE VIOLATED 2\nspec E-CONSERVE PROVED\ndeployed G-VALUE PROVED\n");
  ASSERT_EQ(base.verdicts.size(), 3u);
  EXPECT_EQ(base.verdicts.at({"spec", "E-CONSERVE"}).verdict, M::Proved);
  EXPECT_EQ(base.verdicts.at({"deployed", "E-CONSERVE"}).verdict, M::Violated);
  // Deployed as accepted, the design's proof kept: nothing changed.
  auto same = reports::compare(base, fake(M::Proved, M::Violated, 2, M::Proved));
  EXPECT_TRUE(same.changes.empty()) << same.changes.size();
  // The design's proof lost, the deployed code unchanged: one change, the spec one.
  auto lost = reports::compare(base, fake(M::Proved, M::Violated, 2, M::Holds));
  ASSERT_EQ(lost.changes.size(), 1u);
  EXPECT_EQ(lost.changes[0].profile, "spec");
  EXPECT_EQ(lost.changes[0].id, "E-CONSERVE");
  EXPECT_EQ(lost.changes[0].what, "proof lost");
  EXPECT_TRUE(lost.worse());
  // A violation in the design is new even though the deployed code's was accepted.
  auto broken = reports::compare(base, fake(M::Proved, M::Violated, 2, M::Violated));
  ASSERT_EQ(broken.changes.size(), 1u);
  EXPECT_EQ(broken.changes[0].profile, "spec");
  EXPECT_EQ(broken.changes[0].what, "new violation (proof lost)");
  EXPECT_TRUE(broken.worse());
  // The spec half not judged (--profile deployed): listed, not worse.
  auto deployed_only = reports::compare(base, fake(M::Proved, M::Violated, 2));
  ASSERT_EQ(deployed_only.changes.size(), 1u);
  EXPECT_EQ(deployed_only.changes[0].what, "not judged in this run");
  EXPECT_EQ(deployed_only.changes[0].profile, "spec");
  EXPECT_FALSE(deployed_only.worse());
}

TEST(ReportBaseline, BadFilesAreOneClearError) {
  auto message = [](const std::string& text) {
    try {
      accepted(text);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_NE(message("G-VALUE MAYBE\n").find(":1: unknown verdict \"MAYBE\""), std::string::npos);
  EXPECT_NE(message("\nE-CONSERVE VIOLATED two\n").find(":2: the counterexample length"), std::string::npos);
  EXPECT_NE(message("{\"format\": \"other\"}").find("must be a meshcheck report.json"), std::string::npos);
  EXPECT_NE(message("{not json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(message("# nothing\n").find("no accepted verdict"), std::string::npos);
  EXPECT_NE(message("spec\n").find(":1: expected \"[PROFILE] ID VERDICT [LENGTH]\", got only \"spec\""),
            std::string::npos);
  EXPECT_NE(message("spec E-CONSERVE PROVED\nspec E-CONSERVE HOLDS\n").find(":2: spec E-CONSERVE is listed twice"),
            std::string::npos);
}

TEST(ReportCommand, UnusableInputExitsTwoWithOneMessage) {
  Outcome r = run(kBinary + " report --budget huge --out /tmp/meshcheck-never");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output, "meshcheck report: unknown --budget \"huge\" (small, default or large)\n");
  r = run(kBinary + " report --baseline /nonexistent/baseline.json --out /tmp/meshcheck-never");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output, "meshcheck report: /nonexistent/baseline.json: cannot read the baseline\n");
  r = run(kBinary + " report --invariant NOPE --out /tmp/meshcheck-never");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("unknown invariant \"NOPE\""), std::string::npos);
  r = run(kBinary + " report --trace /nonexistent.jsonl --out /tmp/meshcheck-never");
  EXPECT_EQ(r.status, 2);
  r = run(kBinary + " report --profile design --out /tmp/meshcheck-never");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.output, "meshcheck report: unknown profile \"design\" (available: deployed, spec, all)\n");
  // An invariant only the design has, asked of the deployed profile alone.
  r = run(kBinary + " report --profile deployed --invariant X-EXIT --out /tmp/meshcheck-never");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("invariant X-EXIT is not in profile deployed"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists("/tmp/meshcheck-never"));
}

// --- the files of one real report -------------------------------------------------------

TEST_F(ReportFiles, WritesAllFiveAndExitsOneOnViolations) {
  EXPECT_EQ(first.status, 1) << first.output;
  for (auto name : {"report.json", "report.md", "report.html", "junit.xml", "report.sarif"})
    EXPECT_TRUE(fs::exists(dir / "a" / name)) << name;
  EXPECT_NE(first.output.find("reports in " + (dir / "a").string()), std::string::npos) << first.output;
  // Not a terminal: no progress line.
  EXPECT_EQ(first.output.find("\033[K"), std::string::npos);
  json r = report_json();
  EXPECT_EQ(invariant(r, "G-VALUE")->at("verdict"), "PROVED");
  EXPECT_EQ(invariant(r, "E-CONSERVE")->at("verdict"), "VIOLATED");
  EXPECT_EQ(invariant(r, "Q-LIFECYCLE")->at("verdict"), "VIOLATED");
  // Each counterexample file exists and replays to its invariant.
  for (auto id : {"E-CONSERVE", "Q-LIFECYCLE"}) {
    const json& cx = invariant(r, id)->at("counterexample");
    fs::path file = dir / "a" / cx["path"].get<std::string>();
    ASSERT_TRUE(fs::exists(file)) << file;
    Outcome replay = run(kBinary + " replay " + file.string());
    EXPECT_EQ(replay.status, 1);
    EXPECT_NE(replay.output.find(std::string("invariant ") + id + " violated"), std::string::npos) << replay.output;
  }
  ASSERT_EQ(r["traces"].size(), 1u);
  EXPECT_EQ(r["traces"][0]["divergences"].size(), 0u);
  EXPECT_EQ(r["traces"][0]["profile"], "deployed");
  // Both profiles judged, deployed first; each result names its profile and speaks its words.
  EXPECT_EQ(r["profile"], "all");
  EXPECT_EQ(r["profiles"], json::array({"deployed", "spec"}));
  ASSERT_EQ(r["invariants"].size(), 9u);
  for (std::size_t k = 0; k < 9; ++k) EXPECT_EQ(r["invariants"][k]["profile"], k < 4 ? "deployed" : "spec") << k;
  EXPECT_EQ(invariant(r, "X-ESCROW"), nullptr);  // not a deployed invariant
  ASSERT_NE(invariant(r, "X-ESCROW", "spec"), nullptr);
  const auto* e_conserve = invariants::find_invariant("E-CONSERVE");
  EXPECT_EQ(invariant(r, "E-CONSERVE")->at("statement"), e_conserve->statement_in("deployed"));
  EXPECT_EQ(invariant(r, "E-CONSERVE", "spec")->at("statement"), e_conserve->statement_in("spec"));
  EXPECT_NE(e_conserve->statement_in("deployed"), e_conserve->statement_in("spec"));
  // The side-by-side rows: catalog order, null where a profile does not have the invariant.
  ASSERT_EQ(r["side_by_side"].size(), 5u);
  for (auto& row : r["side_by_side"]) {
    const json* d = invariant(r, row["id"]);
    const json* sp = invariant(r, row["id"], "spec");
    EXPECT_EQ(row["verdicts"]["deployed"], d ? d->at("verdict") : json(nullptr)) << row;
    EXPECT_EQ(row["verdicts"]["spec"], sp ? sp->at("verdict") : json(nullptr)) << row;
  }
  EXPECT_EQ(r["summary"]["profiles"]["deployed"]["violated"], 2);
  EXPECT_EQ(r["summary"]["profiles"]["spec"]["invariants"], 5);
  // The design's counterexamples, if any, have a folder of their own.
  EXPECT_TRUE(fs::exists(dir / "a" / "counterexamples" / "deployed" / "prove" / "E-CONSERVE.jsonl"));
  EXPECT_FALSE(fs::exists(dir / "a" / "counterexamples" / "prove"));
}

// The spec half takes the prover's verdicts when this build's prover judges the spec
// profile; until then, every format says why there is no proof, and nothing is PROVED.
TEST_F(ReportFiles, SpecHalfSaysWhatTheProverDid) {
  json r = report_json();
  std::string md = slurp(dir / "a" / "report.md");
  std::string html = slurp(dir / "a" / "report.html");
  json junit = check("junit " + (dir / "a" / "junit.xml").string());
  for (auto& i : r["invariants"]) {
    if (i["profile"] != "spec") continue;
    if (i["prover_missing"].is_null()) {
      EXPECT_FALSE(i["prove"].is_null()) << i["id"];
      continue;
    }
    const std::string missing = i["prover_missing"];
    EXPECT_EQ(missing.rfind("the spec prover was not run", 0), 0u) << missing;
    EXPECT_TRUE(i["prove"].is_null()) << i["id"];
    EXPECT_NE(i["verdict"], "PROVED") << i["id"];
    EXPECT_NE(md.find("not proved: " + missing), std::string::npos);
    EXPECT_NE(html.find("not proved: " + reports::xml_escape(missing)), std::string::npos);
    for (auto& c : junit["testcases"]) {
      if (c["name"] == i["id"] && c["classname"].get<std::string>().rfind("meshcheck.spec.", 0) == 0) {
        EXPECT_NE(c["systemOut"].dump().find("not proved"), std::string::npos) << c;
      }
    }
  }
  EXPECT_NE(first.output.find(r["invariants"][4]["prover_missing"].is_null()
                                  ? std::string("spec: ")
                                  : "  spec: not proved: " + r["invariants"][4]["prover_missing"].get<std::string>()),
            std::string::npos)
      << first.output;
}

TEST_F(ReportFiles, JsonValidatesAgainstItsSchema) {
  const std::string schema = kSource + "/reports/report.schema.json";
  json ok = check("schema " + schema + " " + (dir / "a" / "report.json").string());
  EXPECT_TRUE(ok["valid"].get<bool>()) << ok.dump(2);
  // The schema does reject a wrong report.
  json broken = report_json();
  broken["invariants"][0]["verdict"] = "MAYBE";
  broken.erase("seed");
  write(dir / "broken.json", broken.dump());
  json bad = check("schema " + schema + " " + (dir / "broken.json").string());
  EXPECT_FALSE(bad["valid"].get<bool>());
}

TEST_F(ReportFiles, JunitParsesWithOneTestcasePerInvariant) {
  json j = check("junit " + (dir / "a" / "junit.xml").string());
  json r = report_json();
  std::size_t spec_failures = 0;
  for (auto& i : r["invariants"])
    if (i["profile"] == "spec" && (i["verdict"] == "VIOLATED" || i["verdict"] == "UNKNOWN")) ++spec_failures;
  EXPECT_EQ(j["tests"], 9);
  EXPECT_EQ(j["suites"], 2);
  EXPECT_EQ(j["failures"], 2 + spec_failures);
  ASSERT_EQ(j["testcases"].size(), 9u);
  // One testsuite per profile: the classname and a property name it on every testcase.
  std::map<std::string, json> cases;
  for (auto& c : j["testcases"]) {
    const std::string classname = c["classname"];
    const std::string profile = classname.rfind("meshcheck.spec.", 0) == 0 ? "spec" : "deployed";
    EXPECT_EQ(c["properties"][0], json::parse("{\"name\":\"profile\",\"value\":\"" + profile + "\"}")) << c;
    cases[profile + " " + c["name"].get<std::string>()] = c;
  }
  EXPECT_TRUE(cases["deployed G-VALUE"]["failure"].is_null());
  EXPECT_EQ(cases["deployed E-CONSERVE"]["failureType"], "VIOLATED");
  EXPECT_NE(cases["deployed E-CONSERVE"]["failure"].get<std::string>().find("counterexample"), std::string::npos);
  EXPECT_EQ(cases["deployed E-CONSERVE"]["classname"], "meshcheck.deployed.payment_escrow");
  EXPECT_EQ(cases["spec E-CONSERVE"]["classname"], "meshcheck.spec.payment_escrow");
  EXPECT_EQ(cases.count("deployed X-ESCROW"), 0u);
  EXPECT_EQ(cases.count("spec X-ESCROW"), 1u);
}

TEST_F(ReportFiles, SarifIsValidAndPointsAtTheLastCallsMessage) {
  json v = check("sarif " + (dir / "a" / "report.sarif").string());
  EXPECT_TRUE(v["valid"].get<bool>()) << v.dump(2);
  json sarif = json::parse(slurp(dir / "a" / "report.sarif"));
  const json& results = sarif["runs"][0]["results"];
  json r = report_json();
  std::size_t spec_violations = 0;
  for (auto& i : r["invariants"]) spec_violations += i["profile"] == "spec" && i["verdict"] == "VIOLATED";
  ASSERT_EQ(results.size(), 2u + spec_violations);
  // One rule per invariant and profile, "<profile>/<ID>".
  EXPECT_EQ(sarif["runs"][0]["tool"]["driver"]["rules"].size(), 9u);
  for (auto& res : results) {
    const std::string rule = res["ruleId"], profile = res["properties"]["profile"];
    ASSERT_EQ(rule.rfind(profile + "/", 0), 0u) << rule;
    const json& cx = invariant(r, rule.substr(profile.size() + 1), profile)->at("counterexample");
    // The last call line of the counterexample names the message; the location is its code.
    std::ifstream in(dir / "a" / cx["path"].get<std::string>());
    std::string last_message;
    for (std::string l; std::getline(in, l);) {
      auto line = json::parse(l);
      if (line.contains("call")) last_message = line["call"]["message"];
    }
    const json& loc = res["locations"][0]["physicalLocation"];
    std::string file = loc["artifactLocation"]["uri"];
    std::size_t at = loc["region"]["startLine"];
    std::ifstream src(kSource + "/" + file);
    std::string text;
    for (std::size_t n = 0; n < at && std::getline(src, text);) ++n;
    EXPECT_NE(text.find(last_message + "("), std::string::npos) << file << ":" << at << ": " << text;
  }
  // The validator does reject broken SARIF.
  sarif["runs"][0]["results"][0]["level"] = "catastrophe";
  write(dir / "broken.sarif", sarif.dump());
  json bad = check("sarif " + (dir / "broken.sarif").string());
  EXPECT_FALSE(bad["valid"].get<bool>());
}

TEST_F(ReportFiles, MarkdownHasSummaryTableAndMermaid) {
  std::string md = slurp(dir / "a" / "report.md");
  EXPECT_NE(md.find("**deployed: 2 violated, 2 proved"), std::string::npos) << md.substr(0, 300);
  EXPECT_NE(md.find("; spec: "), std::string::npos) << md.substr(0, 300);
  // The first table: deployed versus design, the deployed counterexample in its row.
  EXPECT_EQ(md.find("\n## "), md.find("\n## Deployed versus design\n")) << md.substr(0, 600);
  EXPECT_NE(md.find("| invariant | kind | deployed | spec (design) | deployed evidence | spec evidence |"),
            std::string::npos);
  const auto row = md.find("| `E-CONSERVE` | transition | ❌ VIOLATED | ");
  ASSERT_NE(row, std::string::npos);
  EXPECT_LT(row, md.find("## Invariants: deployed"));
  const std::string row_text = md.substr(row, md.find('\n', row) - row);
  EXPECT_NE(row_text.find("[2 calls](#deployed-e-conserve) `counterexamples/deployed/"), std::string::npos) << row_text;
  EXPECT_NE(md.find("| `X-ESCROW` | state | — | "), std::string::npos);
  EXPECT_NE(md.find("\n### deployed: E-CONSERVE\n"), std::string::npos);
  // The per-profile tables follow, each with the engines' verdicts.
  EXPECT_NE(md.find("## Invariants: spec (design)"), std::string::npos);
  EXPECT_NE(md.find("| `E-CONSERVE` | transition | ❌ VIOLATED |"), std::string::npos);
  EXPECT_NE(md.find("**Why it matters.**"), std::string::npos);
  EXPECT_NE(md.find("```mermaid\nsequenceDiagram\n"), std::string::npos);
  EXPECT_NE(md.find("E-CONSERVE violated here"), std::string::npos);
}

TEST_F(ReportFiles, HtmlRendersInHeadlessChromium) {
  std::string html = slurp(dir / "a" / "report.html");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // only the SVG namespace
  json j = check("html " + (dir / "a" / "report.html").string() + " " + (dir / "report.png").string());
  EXPECT_EQ(j["scripts"], 0);
  EXPECT_TRUE(j["requests"].empty()) << j["requests"];
  EXPECT_TRUE(j["consoleErrors"].empty()) << j["consoleErrors"];
  EXPECT_EQ(j["violationCards"], 2);
  ASSERT_EQ(j["sequences"].size(), 2u);
  for (auto& s : j["sequences"]) {
    EXPECT_GT(s["w"].get<double>(), 100);
    EXPECT_GT(s["h"].get<double>(), 50);
    EXPECT_GE(s["inner"].get<int>(), 1);
    EXPECT_EQ(s["innerDrawn"], s["inner"]);
  }
  ASSERT_EQ(j["lifecycles"].size(), 6u);
  for (auto& s : j["lifecycles"]) {
    EXPECT_GT(s["w"].get<double>(), 100);
    EXPECT_GE(s["innerDrawn"].get<int>(), 2);
  }
  ASSERT_EQ(j["coverage"].size(), 2u);  // one chart per profile
  EXPECT_GT(j["coverage"][0]["innerDrawn"].get<int>(), 20);
  EXPECT_GT(j["coverage"][1]["innerDrawn"].get<int>(), 20);
  // The side-by-side table is the first table of the page.
  EXPECT_EQ(html.find("<table"), html.find("<table class=\"side-by-side\">"));
  EXPECT_NE(html.find("<a href=\"#deployed-E-CONSERVE\">"), std::string::npos);
  EXPECT_NE(html.find("<section class=\"violation-card\" id=\"deployed-E-CONSERVE\">"), std::string::npos);
  EXPECT_TRUE(fs::file_size(dir / "report.png") > 10000);
}

TEST_F(ReportFiles, SameSeedSameFilesApartFromTiming) {
  Outcome second = run(report_cmd(dir / "b"));
  EXPECT_EQ(second.status, first.status);
  EXPECT_EQ(strip_timing(report_json("a")), strip_timing(report_json("b")));
  EXPECT_EQ(slurp(dir / "a" / "report.md"), slurp(dir / "b" / "report.md"));
  const std::regex time_attr(" time=\"[0-9.]+\"");
  EXPECT_EQ(std::regex_replace(slurp(dir / "a" / "junit.xml"), time_attr, ""),
            std::regex_replace(slurp(dir / "b" / "junit.xml"), time_attr, ""));
  EXPECT_EQ(strip_timing(json::parse(slurp(dir / "a" / "report.sarif"))),
            strip_timing(json::parse(slurp(dir / "b" / "report.sarif"))));
  const std::regex timing_el("<(span|td) class=\"timing\">[^<]*</(span|td)>");
  EXPECT_EQ(std::regex_replace(slurp(dir / "a" / "report.html"), timing_el, ""),
            std::regex_replace(slurp(dir / "b" / "report.html"), timing_el, ""));
  for (auto& e : fs::recursive_directory_iterator(dir / "a" / "counterexamples")) {
    if (!e.is_regular_file()) continue;
    fs::path other = dir / "b" / fs::relative(e.path(), dir / "a");
    EXPECT_EQ(slurp(e.path()), slurp(other)) << other;
  }
}

TEST_F(ReportFiles, BaselineNoChangeExitsZero) {
  Outcome r = run(report_cmd(dir / "c", "--baseline " + (dir / "a" / "report.json").string()));
  EXPECT_EQ(r.status, 0) << r.output;
  json j = report_json("c");
  EXPECT_FALSE(j["baseline"]["worse"].get<bool>());
  EXPECT_NE(slurp(dir / "c" / "report.md").find("nothing got worse"), std::string::npos);
}

TEST_F(ReportFiles, BaselineNewViolationExitsOne) {
  write(dir / "accepted.txt", "G-VALUE PROVED\nE-CONSERVE HOLDS\nQ-LIFECYCLE VIOLATED\nQ-BUDGET PROVED\n");
  Outcome r = run(report_cmd(dir / "d", "--baseline " + (dir / "accepted.txt").string()));
  EXPECT_EQ(r.status, 1) << r.output;
  json j = report_json("d");
  ASSERT_EQ(j["baseline"]["changes"].size(), 1u) << j["baseline"].dump(2);
  EXPECT_EQ(j["baseline"]["changes"][0]["id"], "E-CONSERVE");
  EXPECT_EQ(j["baseline"]["changes"][0]["what"], "new violation");
  EXPECT_NE(slurp(dir / "d" / "report.md").find("| `E-CONSERVE` | new violation | HOLDS |"), std::string::npos);
  EXPECT_NE(r.output.find("baseline: deployed E-CONSERVE: new violation"), std::string::npos) << r.output;
}

TEST_F(ReportFiles, BaselineLostProofExitsOne) {
  // The same invariants without the prover: G-VALUE now only holds (bounded).
  Outcome r = run(report_cmd(dir / "e", "--no-prove --baseline " + (dir / "a" / "report.json").string()));
  EXPECT_EQ(r.status, 1) << r.output;
  json j = report_json("e");
  bool lost = false;
  for (auto& c : j["baseline"]["changes"])
    if (c["id"] == "G-VALUE" && c["what"] == "proof lost" && c["worse"] == true) lost = true;
  EXPECT_TRUE(lost) << j["baseline"].dump(2);
}

namespace {
bool mentions(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }
}  // namespace

// Q-BUDGET is PROVED under A-COUNTERS: every format names the assumption beside the
// verdict, and states it; G-VALUE's proof needs none and names none.
TEST_F(ReportFiles, EveryFormatNamesTheAssumptionBesideTheProof) {
  EXPECT_TRUE(mentions(first.output, "  proved assuming A-COUNTERS: Q-BUDGET\n")) << first.output;
  json r = report_json();
  const json& budget = *invariant(r, "Q-BUDGET");
  EXPECT_EQ(budget["verdict"], "PROVED");
  EXPECT_EQ(budget["assumptions"], json::array({"A-COUNTERS"}));
  EXPECT_EQ(budget["prove"]["assumptions"], json::array({"A-COUNTERS"}));
  EXPECT_TRUE(invariant(r, "G-VALUE")->at("assumptions").empty());
  ASSERT_EQ(r["assumptions"].size(), 1u);
  EXPECT_EQ(r["assumptions"][0]["id"], "A-COUNTERS");
  EXPECT_TRUE(mentions(r["assumptions"][0]["statement"], "No counter reaches its maximum"));

  std::string md = slurp(dir / "a" / "report.md");
  EXPECT_TRUE(mentions(md, "| `Q-BUDGET` | state | ✅ PROVED assuming [`A-COUNTERS`](#assumptions) |")) << md;
  EXPECT_TRUE(mentions(md, "| `G-VALUE` | transition | ✅ PROVED |")) << md;
  EXPECT_TRUE(mentions(md, "## Assumptions\n")) << md;
  EXPECT_TRUE(mentions(md, "- **`A-COUNTERS`**: No counter reaches its maximum")) << md;

  std::string html = slurp(dir / "a" / "report.html");
  EXPECT_TRUE(mentions(html, "<span class=\"assuming\">assuming <a href=\"#A-COUNTERS\"><code>A-COUNTERS</code></a>"));
  EXPECT_TRUE(mentions(html, "<dt id=\"A-COUNTERS\">"));

  json junit = check("junit " + (dir / "a" / "junit.xml").string());
  std::map<std::string, json> cases;
  for (auto& c : junit["testcases"])
    if (c["classname"].get<std::string>().rfind("meshcheck.deployed.", 0) == 0) cases[c["name"]] = c;
  EXPECT_EQ(cases["Q-BUDGET"]["properties"],
            json::parse(R"([{"name":"profile","value":"deployed"},{"name":"assumptions","value":"A-COUNTERS"}])"));
  EXPECT_TRUE(mentions(cases["Q-BUDGET"]["systemOut"], "PROVED assuming A-COUNTERS: ")) << cases["Q-BUDGET"];
  EXPECT_EQ(cases["G-VALUE"]["properties"], json::parse(R"([{"name":"profile","value":"deployed"}])"));

  json sarif = json::parse(slurp(dir / "a" / "report.sarif"));
  for (auto& rule : sarif["runs"][0]["tool"]["driver"]["rules"]) {
    if (rule["id"] == "deployed/Q-BUDGET") EXPECT_EQ(rule["properties"]["assumptions"], json::array({"A-COUNTERS"}));
    else EXPECT_FALSE(rule["properties"].contains("assumptions")) << rule["id"];
  }
  const json& used = sarif["runs"][0]["invocations"][0]["properties"]["assumptions"];
  ASSERT_EQ(used.size(), 1u);
  EXPECT_EQ(used[0]["id"], "A-COUNTERS");
  EXPECT_EQ(used[0]["provedUnderIt"], json::array({"Q-BUDGET"}));
}

// --no-assume A-COUNTERS: Q-BUDGET is no longer PROVED, and no format names the assumption.
TEST_F(ReportFiles, NoAssumeDropsTheAssumptionFromEveryFormat) {
  Outcome o = run(kBinary + " report --invariant Q-BUDGET --no-fuzz --depth 1 --no-assume A-COUNTERS --out " +
                  (dir / "f").string());
  ASSERT_NE(o.status, 2) << o.output;
  EXPECT_FALSE(mentions(o.output, "A-COUNTERS")) << o.output;
  json r = report_json("f");
  EXPECT_NE(invariant(r, "Q-BUDGET")->at("verdict"), "PROVED");
  EXPECT_TRUE(invariant(r, "Q-BUDGET")->at("assumptions").empty());
  EXPECT_TRUE(r["assumptions"].empty());
  for (std::string file : {"report.json", "report.md", "report.html", "junit.xml", "report.sarif"})
    EXPECT_FALSE(mentions(slurp(dir / "f" / file), "A-COUNTERS")) << file;
  json schema_ok = check("schema " + kSource + "/reports/report.schema.json " + (dir / "f" / "report.json").string());
  EXPECT_TRUE(schema_ok["valid"].get<bool>()) << schema_ok.dump(2);
  Outcome nope = run(kBinary + " report --invariant Q-BUDGET --no-fuzz --no-assume A-NOPE --out " + (dir / "g").string());
  EXPECT_EQ(nope.status, 2) << nope.output;
  EXPECT_TRUE(mentions(nope.output, "unknown assumption 'A-NOPE'")) << nope.output;
}
