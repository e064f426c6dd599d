// report.sarif: SARIF 2.1.0 for code scanning. One rule per invariant and profile judged
// (id "<profile>/<ID>": the design restates some invariants under the same ID), one
// result per violation, carrying its profile, located at the model's code of the message that the
// counterexample's last call ran (model/<contract>.cpp, its function's line), with
// the whole counterexample as a code flow through the messages it called.
#include <nlohmann/json.hpp>

#include "reports/model_lines.hpp"
#include "reports/trace_view.hpp"
#include "reports/writers.hpp"

namespace meshcheck::reports {

using nlohmann::ordered_json;

namespace {
ordered_json source_location(const std::string& file, std::size_t line) {
  return {{"physicalLocation",
           {{"artifactLocation", {{"uri", file}, {"uriBaseId", "SRCROOT"}}}, {"region", {{"startLine", line}}}}}};
}
}  // namespace

std::string render_sarif(const Report& report) {
  ordered_json rules = ordered_json::array();
  std::map<std::string, std::size_t> rule_index;
  auto rule_id = [](const InvariantResult& r) { return r.profile + "/" + r.invariant.id; };
  for (auto& r : report.invariants) {
    rule_index[rule_id(r)] = rules.size();
    // The merged verdict rides on the rule (only violations are results), with the
    // assumptions a proof stands on.
    ordered_json properties = {{"profile", r.profile},
                               {"kind", invariants::kind_name(r.invariant.kind)},
                               {"contract", r.invariant.contract.empty() ? "global" : r.invariant.contract},
                               {"verdict", merged_name(r.merged)}};
    if (auto assumed = proved_assuming(r); !assumed.empty()) properties["assumptions"] = assumed;
    rules.push_back({{"id", rule_id(r)},
                     {"name", r.invariant.id},
                     {"shortDescription", {{"text", r.invariant.statement}}},
                     {"fullDescription", {{"text", r.invariant.statement + " " + r.invariant.why_it_matters}}},
                     {"help", {{"text", "Why it matters: " + r.invariant.why_it_matters}}},
                     {"defaultConfiguration", {{"level", "error"}}},
                     {"properties", properties}});
  }
  ordered_json results = ordered_json::array();
  for (auto& r : report.invariants) {
    if (r.merged != Merged::Violated) continue;
    const Counterexample& c = r.counterexamples.front();
    ordered_json result;
    result["ruleId"] = rule_id(r);
    result["ruleIndex"] = rule_index[rule_id(r)];
    result["level"] = "error";
    result["message"] = {{"text", r.invariant.id + " violated (profile " + r.profile + "): " + c.detail + ". Counterexample of " +
                                      std::to_string(c.length) + " call" + (c.length == 1 ? "" : "s") + " (" + c.engine +
                                      "): " + c.path + "; its last call ran " + c.contract + "." + c.message + "."}};
    ordered_json loc = source_location(c.source_file, c.source_line);
    loc["message"] = {{"text", c.contract + "." + c.message}};
    result["locations"] = ordered_json::array({loc});
    // The counterexample as a code flow: each call at its message's code.
    TraceView view = view_trace(c.lines);
    ordered_json steps = ordered_json::array();
    for (auto& s : view.steps) {
      std::string text = s.kind == TraceStep::Kind::Transfer
                             ? s.from + " transfers " + s.value + " to " + s.to
                             : s.from + " calls " + s.to + "." + s.message + "(" + s.args + ")" +
                                   (s.value != "0" ? " with value " + s.value : "") + ": " + s.outcome;
      ordered_json step;
      if (s.kind == TraceStep::Kind::Call) {
        if (const MessageLine* m = find_message_line(r.profile, s.contract, s.message)) {
          step["location"] = source_location(m->file, m->line);
          step["location"]["message"] = {{"text", text}};
        } else {
          step["location"] = {{"message", {{"text", text}}}};
        }
      } else {
        step["location"] = {{"message", {{"text", text}}}};
      }
      steps.push_back(step);
    }
    if (!steps.empty())
      result["codeFlows"] = ordered_json::array(
          {{{"message", {{"text", "the counterexample " + c.path}}}, {"threadFlows", ordered_json::array({{{"locations", steps}}})}}});
    ordered_json related = {{"id", 1},
                            {"physicalLocation",
                             {{"artifactLocation",
                               {{"uri", c.path}, {"uriBaseId", c.engine == "trace" ? "SRCROOT" : "REPORTDIR"}}}}},
                            {"message", {{"text", "the counterexample trace (meshcheck replay reproduces it)"}}}};
    if (c.engine == "trace") related["physicalLocation"]["region"] = {{"startLine", c.line}};
    result["relatedLocations"] = ordered_json::array({related});
    // v1 (one profile, the deployed one) had no profile in it; v2 names it.
    result["partialFingerprints"] = {
        {"meshcheckInvariant/v2", r.profile + ":" + r.invariant.id + ":" + c.contract + "." + c.message}};
    result["properties"] = {{"profile", r.profile}, {"engine", c.engine}, {"length", c.length}};
    results.push_back(result);
  }
  ordered_json run;
  run["tool"] = {{"driver",
                  {{"name", "meshcheck"},
                   {"version", report.tool_version},
                   {"semanticVersion", report.tool_version},
                   {"rules", rules}}}};
  run["originalUriBaseIds"] = {
      {"SRCROOT", {{"description", {{"text", "The meshcheck repository's top folder (model/ is the reference model)."}}}}},
      {"REPORTDIR", {{"description", {{"text", "The folder meshcheck report wrote this file into (--out)."}}}}}};
  run["results"] = results;
  ordered_json assumed = ordered_json::array();
  for (auto* a : report.used_assumptions())
    assumed.push_back({{"id", a->id}, {"statement", a->statement}, {"provedUnderIt", report.proved_under(a->id)}});
  run["invocations"] = ordered_json::array(
      {{{"executionSuccessful", true},
        {"exitCode", report.exit_code()},
        {"properties",
         {{"profile", report.profile},
          {"profiles", report.profiles},
          {"seed", report.seed},
          {"budget", report.budget.name},
          {"assumptions", assumed},
          {"timing", {{"total_seconds", report.timing.total}}}}}}});
  ordered_json sarif;
  sarif["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  sarif["version"] = "2.1.0";
  sarif["runs"] = ordered_json::array({run});
  return sarif.dump(2) + "\n";
}

}  // namespace meshcheck::reports
