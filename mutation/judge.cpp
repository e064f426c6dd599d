#include "mutation/judge.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "fuzz/campaign.hpp"
#include "fuzz/search.hpp"
#include "invariants/invariant.hpp"
#include "model/profile.hpp"
#include "smt/prover.hpp"
#include "trace/replay.hpp"

namespace meshcheck::mutation {

namespace fs = std::filesystem;
using nlohmann::json;

std::vector<std::string> judged_invariants(const JudgeOptions& o) {
  std::vector<std::string> out;
  for (const auto& inv : invariants::catalog()) {
    if (inv.contract != o.contract && !inv.contract.empty()) continue;
    if (std::find(inv.profiles.begin(), inv.profiles.end(), o.profile) == inv.profiles.end()) continue;
    if (std::find(o.without.begin(), o.without.end(), inv.id) != o.without.end()) continue;
    out.push_back(inv.id);
  }
  return out;
}

namespace {

// The bundled traces of the contract, folder by folder, each sorted by name, with the
// name results use: "<folder>/<file>" ("upstream/test_new.jsonl").
// The spec profile's flows involve every contract: its folders hold them directly.
std::vector<std::pair<std::string, fs::path>> trace_files(const JudgeOptions& o) {
  std::vector<std::pair<std::string, fs::path>> out;
  for (const std::string& dir : o.traces_dirs) {
    std::vector<fs::path> files;
    std::error_code ec;
    const fs::path folder_of_contract = o.profile == "deployed" ? fs::path(dir) / o.contract : fs::path(dir);
    for (const auto& entry : fs::directory_iterator(folder_of_contract, ec))
      if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    const std::string folder = fs::path(dir).lexically_normal().filename().empty()
                                   ? fs::path(dir).lexically_normal().parent_path().filename().string()
                                   : fs::path(dir).lexically_normal().filename().string();
    for (auto& f : files) out.emplace_back(folder + "/" + f.filename().string(), f);
  }
  return out;
}

json run_traces(const JudgeOptions& o, const std::vector<std::string>& ids) {
  json out = json::object();
  const model::Profile& profile = *model::find_profile(o.profile);
  for (const auto& named : trace_files(o)) {
    const fs::path& path = named.second;
    trace::ReplayOptions options;
    options.only_invariants = ids;
    trace::Replayer replayer(profile, options);
    std::ifstream in(path);
    std::size_t divergences = 0;
    std::set<std::string> violated;
    std::string error;
    trace::LineFindings findings;
    std::string text;
    for (std::size_t line = 1; std::getline(in, text); ++line) {
      if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
      findings.clear();
      try {
        replayer.run_line(text, line, findings);
      } catch (const trace::TraceError& e) {
        error = std::to_string(e.line) + ": " + e.what();
        break;
      }
      divergences += findings.divergences.size();
      for (auto& v : findings.violations) violated.insert(v.id);
    }
    out[named.first] = {{"divergences", divergences}, {"violated", violated}, {"error", error}};
  }
  return out;
}

// The fuzzer's searches as the judge runs them: one invariant and one seed at a time
// (each search's verdict depends only on the seed and the invariant's ID, whichever others
// run beside it: fuzz/campaign.hpp), unshrunk (shrinking a violation to a minimal trace
// never changes the verdict). Seeds outer, so a mutant that the first seed kills never
// runs the others.
struct FuzzPlan {
  const model::Profile* profile = nullptr;
  std::vector<const invariants::Invariant*> searched;  // the judged ones the fuzzer can check
  std::string not_applicable;                          // why the engine does not apply, or ""
};

FuzzPlan fuzz_plan(const JudgeOptions& o, const std::vector<std::string>& ids) {
  FuzzPlan plan;
  {
    fuzz::FuzzOptions f;
    f.profile = o.profile;
    f.invariants = ids;
    // The same check as `meshcheck fuzz --profile`: a profile the fuzzer has no handlers
    // for is an engine that does not apply.
    plan.not_applicable = fuzz::check_options(f);
    if (!plan.not_applicable.empty()) return plan;
  }
  if (ids.empty()) {
    plan.not_applicable = "the profile has no invariant for the fuzzer to search";
    return plan;
  }
  plan.profile = model::find_profile(o.profile);
  for (const auto& id : ids) {
    const invariants::Invariant* inv = invariants::find_invariant(id);
    if (inv && inv->checkable_on_runs(o.profile)) plan.searched.push_back(inv);
  }
  return plan;
}

fuzz::Verdict search_one(const JudgeOptions& o, const FuzzPlan& plan, const invariants::Invariant& inv,
                         std::uint64_t seed) {
  fuzz::SearchParams params;
  params.seed = seed;
  params.runs = o.runs;
  params.max_calls = o.max_calls;
  params.shrink = false;
  return fuzz::fuzz_invariant(*plan.profile, inv, params);
}

json run_fuzz(const JudgeOptions& o, const std::vector<std::string>& ids) {
  const FuzzPlan plan = fuzz_plan(o, ids);
  if (!plan.not_applicable.empty()) return {{"not_applicable", plan.not_applicable}};
  json out = json::object();
  for (std::uint64_t seed : o.seeds) {
    std::set<std::string> violated, errors;
    for (const invariants::Invariant* inv : plan.searched) {
      const fuzz::Verdict v = search_one(o, plan, *inv, seed);
      if (v.kind == fuzz::Verdict::Kind::Violated) violated.insert(v.id);
      if (v.kind == fuzz::Verdict::Kind::Error) errors.insert(v.id);
    }
    out[std::to_string(seed)] = {{"violated", violated}, {"errors", errors}};
  }
  return out;
}

json run_prove(const JudgeOptions& o, const std::vector<std::string>& ids) {
  if (o.profile != "deployed")
    return {{"not_applicable",
             "mutate does not run the spec prover: it proves none of the spec invariants end to end yet"}};
  smt::ProveOptions p;
  p.invariants = ids;
  p.depth = o.depth;
  p.rlimit = o.rlimit;
  p.bmc_rlimit = o.bmc_rlimit;
  p.jobs = 1;
  json out = json::object();
  for (auto& v : smt::prove(p).verdicts) out[v.id] = smt::verdict_name(v.kind);
  return out;
}

std::set<std::string> strings(const json& j) {
  std::set<std::string> out;
  if (j.is_array())
    for (auto& s : j) out.insert(s.get<std::string>());
  return out;
}

// What `now` reports worse than `base` for one engine: the killers, and one line saying why.
std::vector<std::string> worse(Engine engine, const json& base, const json& now, std::string& detail) {
  std::set<std::string> killers;
  if (now.contains("not_applicable")) return {};
  auto note = [&](const std::string& why) {
    if (detail.empty()) detail = why;
  };
  switch (engine) {
    case Engine::kTraces:
      for (auto& [file, r] : now.items()) {
        const json b = base.value(file, json::object());
        if (r["divergences"].get<std::size_t>() > b.value("divergences", std::size_t{0}) ||
            (!r["error"].get<std::string>().empty() && b.value("error", std::string()).empty())) {
          killers.insert("trace:" + file);
          note(file + " diverges");
        }
        for (auto& id : strings(r["violated"]))
          if (!strings(b.value("violated", json::array())).count(id)) {
            killers.insert(id);
            note(file + " violates " + id);
          }
      }
      break;
    case Engine::kFuzz:
      for (auto& [seed, r] : now.items()) {
        const json b = base.value(seed, json::object());
        for (auto& id : strings(r["violated"]))
          if (!strings(b.value("violated", json::array())).count(id)) {
            killers.insert(id);
            note("seed " + seed + " violates " + id);
          }
        for (auto& id : strings(r["errors"]))
          if (!strings(b.value("errors", json::array())).count(id)) {
            killers.insert(id);
            note("seed " + seed + ": the search for " + id + " failed");
          }
      }
      break;
    case Engine::kProve:
      for (auto& [id, verdict] : now.items()) {
        const std::string b = base.value(id, std::string()), v = verdict.get<std::string>();
        if ((b == "PROVED" && v != "PROVED") || (b == "HOLDS TO DEPTH" && v == "VIOLATED") ||
            (v == "ERROR" && b != "ERROR")) {
          killers.insert(id);
          note(id + ": " + b + " became " + v);
        }
      }
      break;
    case Engine::kCount: break;
  }
  return {killers.begin(), killers.end()};
}

}  // namespace

json run_engine(Engine engine, const JudgeOptions& o) {
  const std::vector<std::string> ids = judged_invariants(o);
  switch (engine) {
    case Engine::kTraces: return run_traces(o, ids);
    case Engine::kFuzz: return run_fuzz(o, ids);
    case Engine::kProve: return run_prove(o, ids);
    case Engine::kCount: break;
  }
  return json::object();
}

json baseline(const JudgeOptions& o) {
  json out = json::object();
  for (Engine e : o.engines) out[std::string(kEngineNames[e])] = run_engine(e, o);
  return out;
}

// The fuzz engine for a mutant: every search compared with the baseline's verdict of the
// same seed and invariant as soon as it ends, stopping at the first worse one (the killer;
// the searches left would only name more killers of a mutant already killed).
namespace {
std::vector<std::string> fuzz_until_killed(const JudgeOptions& o, const json& base, std::string& detail) {
  const FuzzPlan plan = fuzz_plan(o, judged_invariants(o));
  if (!plan.not_applicable.empty()) return {};
  for (std::uint64_t seed : o.seeds) {
    const std::string s = std::to_string(seed);
    const json b = base.value(s, json::object());
    for (const invariants::Invariant* inv : plan.searched) {
      const fuzz::Verdict v = search_one(o, plan, *inv, seed);
      if (v.kind == fuzz::Verdict::Kind::Violated && !strings(b.value("violated", json::array())).count(v.id)) {
        detail = "seed " + s + " violates " + v.id;
        return {v.id};
      }
      if (v.kind == fuzz::Verdict::Kind::Error && !strings(b.value("errors", json::array())).count(v.id)) {
        detail = "seed " + s + ": the search for " + v.id + " failed";
        return {v.id};
      }
    }
  }
  return {};
}
}  // namespace

json judge(const JudgeOptions& o, const json& base) {
  for (Engine e : o.engines) {
    const std::string name(kEngineNames[e]);
    std::string detail;
    std::vector<std::string> killers = e == Engine::kFuzz
                                           ? fuzz_until_killed(o, base.value(name, json::object()), detail)
                                           : worse(e, base.value(name, json::object()), run_engine(e, o), detail);
    if (!killers.empty()) return {{"status", "killed"}, {"engine", name}, {"killers", killers}, {"detail", detail}};
  }
  return {{"status", "survived"}, {"engine", ""}, {"killers", json::array()}, {"detail", ""}};
}

}  // namespace meshcheck::mutation
