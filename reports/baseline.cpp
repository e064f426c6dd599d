#include "reports/baseline.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "model/profile.hpp"

namespace meshcheck::reports {

namespace {

std::runtime_error bad(const std::string& where, const std::string& why) {
  return std::runtime_error(where + ": " + why);
}

Baseline from_report_json(const std::string& path, const nlohmann::json& j) {
  Baseline b;
  b.path = path;
  b.format = "report.json";
  if (!j.contains("invariants") || !j["invariants"].is_array())
    throw bad(path, "a meshcheck report without an \"invariants\" array");
  for (auto& inv : j["invariants"]) {
    if (!inv.is_object() || !inv.contains("id") || !inv["id"].is_string() || !inv.contains("verdict") ||
        !inv["verdict"].is_string())
      throw bad(path, "an entry of \"invariants\" without a string \"id\" and \"verdict\"");
    auto v = merged_from_name(inv["verdict"].get<std::string>());
    if (!v) throw bad(path, "unknown verdict \"" + inv["verdict"].get<std::string>() + "\" for " + inv["id"].get<std::string>());
    AcceptedVerdict a{*v, std::nullopt};
    if (inv.contains("counterexample") && inv["counterexample"].is_object() &&
        inv["counterexample"].contains("length") && inv["counterexample"]["length"].is_number_unsigned())
      a.length = inv["counterexample"]["length"].get<std::size_t>();
    // format_version 1 judged one profile and named it at the top only.
    std::string profile = j.value("profile", "deployed");
    if (inv.contains("profile") && inv["profile"].is_string()) profile = inv["profile"].get<std::string>();
    b.verdicts[{profile, inv["id"].get<std::string>()}] = a;
  }
  if (j.contains("traces") && j["traces"].is_array())
    for (auto& t : j["traces"])
      if (t.is_object() && t.contains("path") && t["path"].is_string() && t.contains("divergences") &&
          t["divergences"].is_array())
        b.trace_divergences[t["path"].get<std::string>()] = t["divergences"].size();
  return b;
}

Baseline from_accepted(const std::string& path, const std::string& text) {
  Baseline b;
  b.path = path;
  b.format = "accepted verdicts";
  std::istringstream in(text);
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream words(line);
    std::string profile = "deployed", id, verdict, length, extra;
    if (!(words >> id)) continue;
    const std::string where = path + ":" + std::to_string(n);
    // An optional profile first (IDs are upper case, profiles lower case).
    if (model::find_profile(id)) {
      profile = id;
      if (!(words >> id)) throw bad(where, "expected \"[PROFILE] ID VERDICT [LENGTH]\", got only \"" + profile + "\"");
    }
    if (!(words >> verdict)) throw bad(where, "expected \"[PROFILE] ID VERDICT [LENGTH]\", got only \"" + id + "\"");
    // "HOLDS TO DEPTH" style verdicts are not accepted: only the merged names.
    auto v = merged_from_name(verdict);
    if (!v) throw bad(where, "unknown verdict \"" + verdict + "\" (PROVED, VIOLATED, HOLDS, UNKNOWN or ERROR)");
    AcceptedVerdict a{*v, std::nullopt};
    if (words >> length) {
      if (length.find_first_not_of("0123456789") != std::string::npos || length.size() > 9)
        throw bad(where, "the counterexample length \"" + length + "\" is not a number");
      a.length = std::stoul(length);
    }
    if (words >> extra) throw bad(where, "unexpected \"" + extra + "\" after the verdict");
    if (b.verdicts.count({profile, id})) throw bad(where, profile + " " + id + " is listed twice");
    b.verdicts[{profile, id}] = a;
  }
  if (b.verdicts.empty()) throw bad(path, "no accepted verdict in it (lines \"[PROFILE] ID VERDICT [LENGTH]\")");
  return b;
}

std::string describe(Merged m, std::optional<std::size_t> length) {
  std::string s = merged_name(m);
  if (m == Merged::Violated && length) s += " (" + std::to_string(*length) + " call" + (*length == 1 ? "" : "s") + ")";
  return s;
}

}  // namespace

Baseline load_baseline(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw bad(path, "cannot read the baseline");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) throw bad(path, "not valid JSON (a baseline is a report.json or a file of accepted verdicts)");
    if (!j.is_object() || j.value("format", "") != "meshcheck-report")
      throw bad(path, "a JSON baseline must be a meshcheck report.json (\"format\": \"meshcheck-report\")");
    return from_report_json(path, j);
  }
  return from_accepted(path, text);
}

BaselineResult compare(const Baseline& baseline, const Report& report) {
  BaselineResult result;
  result.path = baseline.path;
  result.format = baseline.format;
  for (auto& r : report.invariants) {
    const std::string& id = r.invariant.id;
    const std::string& p = r.profile;
    std::optional<std::size_t> now_length;
    if (!r.counterexamples.empty()) now_length = r.counterexamples.front().length;
    const std::string after = describe(r.merged, now_length);
    auto it = baseline.verdicts.find({p, id});
    if (it == baseline.verdicts.end()) {
      if (r.merged == Merged::Violated) result.changes.push_back({p, id, "new violation", "(none)", after, true});
      else if (r.merged == Merged::Error) result.changes.push_back({p, id, "new error", "(none)", after, true});
      continue;
    }
    const AcceptedVerdict& was = it->second;
    const std::string before = describe(was.verdict, was.length);
    if (r.merged == Merged::Violated && was.verdict != Merged::Violated) {
      result.changes.push_back({p, id, was.verdict == Merged::Proved ? "new violation (proof lost)" : "new violation",
                                before, after, true});
    } else if (was.verdict == Merged::Proved && r.merged != Merged::Proved) {
      result.changes.push_back({p, id, "proof lost", before, after, true});
    } else if (r.merged == Merged::Violated && was.verdict == Merged::Violated) {
      if (was.length && now_length && *now_length < *was.length)
        result.changes.push_back({p, id, "shorter counterexample", before, after, true});
      else if (was.length && now_length && *now_length > *was.length)
        result.changes.push_back({p, id, "longer counterexample", before, after, false});
    } else if (r.merged == Merged::Error && was.verdict != Merged::Error) {
      result.changes.push_back({p, id, "new error", before, after, true});
    } else if (was.verdict == Merged::Violated) {
      result.changes.push_back({p, id, "violation gone", before, after, false});
    } else if (r.merged == Merged::Proved && was.verdict != Merged::Proved) {
      result.changes.push_back({p, id, "newly proved", before, after, false});
    } else if (r.merged != was.verdict) {
      result.changes.push_back({p, id, "verdict changed", before, after, false});
    }
  }
  for (auto it = baseline.verdicts.begin(); it != baseline.verdicts.end(); ++it) {
    const std::string& p = it->first.first;
    const std::string& id = it->first.second;
    bool judged = false;
    for (auto& r : report.invariants) judged |= r.profile == p && r.invariant.id == id;
    if (!judged)
      result.changes.push_back(
          {p, id, "not judged in this run", describe(it->second.verdict, it->second.length), "(not run)", false});
  }
  for (auto& t : report.traces) {
    auto it = baseline.trace_divergences.find(t.path);
    if (it == baseline.trace_divergences.end()) continue;
    if (t.divergences.size() > it->second)
      result.changes.push_back({"", t.path, "new divergence", std::to_string(it->second) + " divergences",
                                std::to_string(t.divergences.size()) + " divergences", true});
    else if (t.divergences.size() < it->second)
      result.changes.push_back({"", t.path, "fewer divergences", std::to_string(it->second) + " divergences",
                                std::to_string(t.divergences.size()) + " divergences", false});
  }
  return result;
}

}  // namespace meshcheck::reports
