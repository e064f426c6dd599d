#include "reports/report.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "reports/model_lines.hpp"

namespace meshcheck::reports {

const char* merged_name(Merged m) {
  switch (m) {
    case Merged::Proved: return "PROVED";
    case Merged::Violated: return "VIOLATED";
    case Merged::Holds: return "HOLDS";
    case Merged::Unknown: return "UNKNOWN";
    case Merged::Error: return "ERROR";
  }
  return "?";
}

std::optional<Merged> merged_from_name(const std::string& name) {
  for (Merged m : {Merged::Proved, Merged::Violated, Merged::Holds, Merged::Unknown, Merged::Error})
    if (name == merged_name(m)) return m;
  return std::nullopt;
}

std::optional<Budget> budget_named(const std::string& name) {
  if (name == "small") return Budget{"small", 4, 4'000'000, 20'000'000, 600, 30, 30};
  if (name == "default") return Budget{"default", 8, smt::kDefaultRlimit, smt::kDefaultBmcRlimit, 600, 1000, 50};
  if (name == "large") return Budget{"large", 12, 60'000'000, 600'000'000, 1800, 5000, 100};
  return std::nullopt;
}
std::vector<std::string> budget_names() { return {"small", "default", "large"}; }

bool BaselineResult::worse() const {
  return std::any_of(changes.begin(), changes.end(), [](const Change& c) { return c.worse; });
}

std::string profile_label(const std::string& profile) {
  return profile == "spec" ? "spec (design)" : profile;
}

std::size_t Report::count(Merged m) const {
  return std::count_if(invariants.begin(), invariants.end(), [&](const InvariantResult& r) { return r.merged == m; });
}

std::size_t Report::count(Merged m, const std::string& profile) const {
  return std::count_if(invariants.begin(), invariants.end(),
                       [&](const InvariantResult& r) { return r.merged == m && r.profile == profile; });
}

std::size_t Report::count_in(const std::string& profile) const {
  return std::count_if(invariants.begin(), invariants.end(), [&](const InvariantResult& r) { return r.profile == profile; });
}

std::vector<SideBySideRow> Report::rows() const {
  std::vector<SideBySideRow> out;
  for (auto& inv : invariants::catalog()) {
    SideBySideRow row{&inv, std::vector<const InvariantResult*>(profiles.size(), nullptr)};
    bool any = false;
    for (auto& r : invariants) {
      if (r.invariant.id != inv.id) continue;
      for (std::size_t k = 0; k < profiles.size(); ++k)
        if (profiles[k] == r.profile) row.results[k] = &r;
      any = true;
    }
    if (any) out.push_back(std::move(row));
  }
  return out;
}

std::vector<const invariants::Assumption*> Report::used_assumptions() const {
  std::vector<const invariants::Assumption*> out;
  for (auto& a : invariants::assumptions())
    if (!proved_under(a.id).empty()) out.push_back(&a);
  return out;
}

std::vector<std::string> Report::proved_under(const std::string& id) const {
  std::vector<std::string> out;
  for (auto& r : invariants) {
    auto used = proved_assuming(r);
    if (std::find(used.begin(), used.end(), id) != used.end()) out.push_back(r.invariant.id);
  }
  return out;
}

int Report::exit_code() const {
  if (safety_net_fired) return 1;  // the verdicts depend on the machine's speed
  if (baseline) return baseline->worse() ? 1 : 0;
  bool divergence = std::any_of(traces.begin(), traces.end(), [](const TraceResult& t) { return !t.divergences.empty(); });
  return count(Merged::Violated) || count(Merged::Error) || divergence ? 1 : 0;
}

std::string Report::counts_line(const std::string& profile) const {
  auto n = [&](Merged m) { return count(m, profile); };
  return std::to_string(n(Merged::Violated)) + " violated, " + std::to_string(n(Merged::Proved)) + " proved, " +
         std::to_string(n(Merged::Holds)) + " hold (bounded), " + std::to_string(n(Merged::Unknown)) + " unknown, " +
         std::to_string(n(Merged::Error)) + " error" + (n(Merged::Error) == 1 ? "" : "s") + " (" +
         std::to_string(count_in(profile)) + " invariants)";
}

std::string Report::summary_line() const {
  std::string s;
  if (profiles.size() == 1) {
    s = counts_line(profiles.front());
  } else {
    for (auto& p : profiles) s += (s.empty() ? "" : "; ") + p + ": " + counts_line(p);
  }
  if (safety_net_fired)
    s += "; the prover's wall-clock safety net fired " + std::to_string(safety_net_fired) +
         " time(s): verdicts depend on the machine";
  std::size_t divergences = 0;
  for (auto& t : traces) divergences += t.divergences.size();
  if (!traces.empty())
    s += "; " + std::to_string(traces.size()) + " trace" + (traces.size() == 1 ? "" : "s") + " replayed, " +
         std::to_string(divergences) + " divergence" + (divergences == 1 ? "" : "s");
  if (baseline) {
    std::size_t worse = std::count_if(baseline->changes.begin(), baseline->changes.end(), [](auto& c) { return c.worse; });
    s += worse ? "; " + std::to_string(worse) + " regression" + (worse == 1 ? "" : "s") + " against the baseline"
               : "; nothing worse than the baseline";
  }
  return s;
}

std::vector<std::string> proved_assuming(const InvariantResult& r) {
  if (r.merged != Merged::Proved || !r.prove) return {};
  return r.prove->assumptions;
}

void merge(InvariantResult& r) {
  using PK = smt::ProofVerdict::Kind;
  using FK = fuzz::Verdict::Kind;
  std::stable_sort(r.counterexamples.begin(), r.counterexamples.end(),
                   [](const Counterexample& a, const Counterexample& b) { return a.length < b.length; });
  const bool proved = r.prove && r.prove->kind == PK::Proved;
  const bool prove_error = r.prove && r.prove->kind == PK::Error;
  const bool fuzz_error = r.fuzz && r.fuzz->kind == FK::Error;
  if (!r.counterexamples.empty()) {
    const Counterexample& c = r.counterexamples.front();
    if (proved) {
      r.merged = Merged::Error;
      r.summary = "the prover PROVED it, yet " + c.engine + " found a counterexample (" + c.path +
                  "): the encoding and the model disagree";
      return;
    }
    r.merged = Merged::Violated;
    std::string engines;
    for (auto& x : r.counterexamples)
      if (engines.find(x.engine) == std::string::npos) engines += (engines.empty() ? "" : ", ") + x.engine;
    r.summary = "counterexample of " + std::to_string(c.length) + " call" + (c.length == 1 ? "" : "s") + " (" +
                engines + "): " + c.detail;
    return;
  }
  if (prove_error || fuzz_error) {
    r.merged = Merged::Error;
    r.summary = prove_error ? "prover: " + r.prove->detail : "fuzzer: " + r.fuzz->detail;
    return;
  }
  if (proved) {
    r.merged = Merged::Proved;
    r.summary = "proved (" + std::to_string(r.prove->obligations.size()) + " obligations)";
    if (!r.prove->assumptions.empty()) {
      r.summary += " assuming";
      for (auto& a : r.prove->assumptions) r.summary += " " + a;
    }
    if (!r.prove->lemmas.empty()) r.summary += " with " + std::to_string(r.prove->lemmas.size()) + " lemmas";
    return;
  }
  std::vector<std::string> evidence;
  if (r.prove && r.prove->kind == PK::HoldsToDepth)
    evidence.push_back("no counterexample up to " + std::to_string(r.prove->depth) + " calls (bounded model checking)");
  if (r.fuzz && r.fuzz->kind == FK::NotViolated)
    evidence.push_back("not violated in " + std::to_string(r.fuzz->sequences) + " fuzzed sequences (" +
                       std::to_string(r.fuzz->calls) + " calls)");
  if (!evidence.empty()) {
    r.merged = Merged::Holds;
    r.summary = evidence[0] + (evidence.size() > 1 ? "; " + evidence[1] : "");
    // Bounded evidence only: say why there is no proof when the prover could not judge it.
    if (!r.prove && !r.prover_missing.empty()) r.summary += "; not proved: " + r.prover_missing;
    return;
  }
  r.merged = Merged::Unknown;
  if (r.prove) r.summary = std::string("prover: ") + smt::verdict_name(r.prove->kind) + (r.prove->detail.empty() ? "" : ": " + r.prove->detail);
  else if (!r.prover_missing.empty()) r.summary = "not proved: " + r.prover_missing;
  else r.summary = "no engine judged it in this run";
}

std::string proof_cell(const InvariantResult& r) {
  using PK = smt::ProofVerdict::Kind;
  if (!r.prove) return r.prover_missing.empty() ? "the prover did not run" : "not proved: " + r.prover_missing;
  const auto& p = *r.prove;
  std::string s = smt::verdict_name(p.kind);
  if (p.kind == PK::Proved) {
    s += ": " + std::to_string(p.obligations.size()) + " obligation" + (p.obligations.size() == 1 ? "" : "s");
    if (!p.lemmas.empty()) {
      s += ", lemmas";
      for (auto& l : p.lemmas) s += " " + l;
    }
    if (!p.assumptions.empty()) {
      s += ", assuming";
      for (auto& a : p.assumptions) s += " " + a;
    }
    // What the proof says of itself (the checks it rests on, its bounds): part of the claim.
    if (!p.detail.empty()) s += "; " + p.detail;
  } else if (p.kind == PK::HoldsToDepth || p.kind == PK::Violated) {
    s += " (depth " + std::to_string(p.depth) + ")";
  } else if (!p.detail.empty()) {
    s += ": " + p.detail;
  }
  return s;
}

void locate(Counterexample& c, const std::string& profile) {
  // The contracts by address, from the deploy lines; then the last call.
  std::vector<std::pair<std::string, std::string>> deployed;
  std::string contract, message;
  for (auto& text : c.lines) {
    auto line = nlohmann::json::parse(text, nullptr, false);
    if (line.is_discarded() || !line.is_object() || line.empty()) continue;
    auto& body = line.begin().value();
    if (!body.is_object()) continue;
    if (line.begin().key() == "deploy") {
      deployed.emplace_back(body.value("address", ""), body.value("contract", ""));
    } else if (line.begin().key() == "call" && body.contains("message")) {
      std::string target = body.value("contract", "");
      contract = target;
      for (auto& [a, n] : deployed)
        if (a == target) contract = n;
      message = body.value("message", "");
    }
  }
  c.contract = contract;
  c.message = message;
  if (const MessageLine* m = find_message_line(profile, contract, message)) {
    c.source_file = m->file;
    c.source_line = m->line;
  } else if (!contract.empty()) {
    c.source_file = "model/" + contract + ".cpp";
    c.source_line = 1;
  } else {
    c.source_file = "model/world.cpp";
    c.source_line = 1;
  }
}

}  // namespace meshcheck::reports
