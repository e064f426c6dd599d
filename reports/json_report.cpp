// report.json: the whole merged report as data. Its schema is reports/report.schema.json;
// every timing is under a key named "timing".
#include <nlohmann/json.hpp>

#include <algorithm>

#include "reports/writers.hpp"

namespace meshcheck::reports {

using nlohmann::ordered_json;

namespace {

const char* fuzz_verdict_name(fuzz::Verdict::Kind k) {
  switch (k) {
    case fuzz::Verdict::Kind::NotViolated: return "NOT VIOLATED";
    case fuzz::Verdict::Kind::Violated: return "VIOLATED";
    case fuzz::Verdict::Kind::NotCheckable: return "NOT CHECKABLE";
    case fuzz::Verdict::Kind::Error: return "ERROR";
  }
  return "?";
}

ordered_json or_null(const std::string& s) { return s.empty() ? ordered_json(nullptr) : ordered_json(s); }

ordered_json counterexample_json(const Counterexample& c) {
  ordered_json j;
  j["engine"] = c.engine;
  j["path"] = c.path;
  j["line"] = c.line ? ordered_json(c.line) : ordered_json(nullptr);
  j["length"] = c.length;
  j["detail"] = c.detail;
  j["last_call"] = {{"contract", or_null(c.contract)},
                    {"message", or_null(c.message)},
                    {"file", c.source_file},
                    {"line", c.source_line}};
  return j;
}

}  // namespace

std::string render_json(const Report& report) {
  ordered_json j;
  j["format"] = "meshcheck-report";
  // 2: several profiles in one report, each invariant's result naming its profile.
  j["format_version"] = 2;
  j["tool"] = {{"name", "meshcheck"}, {"version", report.tool_version}};
  j["profile"] = report.profile;
  j["profiles"] = report.profiles;
  j["seed"] = report.seed;
  j["budget"] = {{"name", report.budget.name},
                 {"prover",
                  {{"depth", report.budget.depth},
                   {"rlimit", report.budget.rlimit},
                   {"bmc_rlimit", report.budget.bmc_rlimit},
                   {"timeout_seconds", report.budget.timeout_seconds}}},
                 {"fuzzer", {{"runs", report.budget.runs}, {"max_calls", report.budget.max_calls}}}};
  j["engines"] = {{"prove", report.ran_prover}, {"fuzz", report.ran_fuzzer}};
  // The assumptions the prover could use (its proofs name those they needed).
  ordered_json assumed = ordered_json::array();
  for (auto& a : invariants::assumptions())
    if (std::find(report.assumptions.begin(), report.assumptions.end(), a.id) != report.assumptions.end())
      assumed.push_back({{"id", a.id}, {"statement", a.statement}, {"why", a.why}});
  j["assumptions"] = assumed;
  ordered_json traces_in = ordered_json::array();
  for (auto& t : report.traces) traces_in.push_back({{"path", t.path}, {"blake2b_256", t.digest}});
  j["inputs"] = {{"invariants", report.selected.empty() ? ordered_json("all") : ordered_json(report.selected)},
                 {"traces", traces_in},
                 {"baseline", report.baseline ? ordered_json{{"path", report.baseline->path},
                                                             {"format", report.baseline->format},
                                                             {"blake2b_256", report.baseline->digest}}
                                              : ordered_json(nullptr)}};
  ordered_json per_profile = ordered_json::object();
  for (auto& p : report.profiles)
    per_profile[p] = {{"line", report.counts_line(p)},
                      {"invariants", report.count_in(p)},
                      {"violated", report.count(Merged::Violated, p)},
                      {"proved", report.count(Merged::Proved, p)},
                      {"holds", report.count(Merged::Holds, p)},
                      {"unknown", report.count(Merged::Unknown, p)},
                      {"error", report.count(Merged::Error, p)}};
  j["summary"] = {{"line", report.summary_line()},
                  {"profiles", per_profile},
                  {"invariants", report.invariants.size()},
                  {"violated", report.count(Merged::Violated)},
                  {"proved", report.count(Merged::Proved)},
                  {"holds", report.count(Merged::Holds)},
                  {"unknown", report.count(Merged::Unknown)},
                  {"error", report.count(Merged::Error)},
                  {"safety_net_fired", report.safety_net_fired},
                  {"exit_code", report.exit_code()}};
  // The profiles side by side: per invariant, its verdict in each profile judged (null
  // where the profile does not have it).
  ordered_json sbs = ordered_json::array();
  for (auto& row : report.rows()) {
    ordered_json verdicts = ordered_json::object();
    for (std::size_t k = 0; k < report.profiles.size(); ++k)
      verdicts[report.profiles[k]] = row.results[k] ? ordered_json(merged_name(row.results[k]->merged)) : ordered_json(nullptr);
    sbs.push_back({{"id", row.invariant->id}, {"verdicts", verdicts}});
  }
  j["side_by_side"] = sbs;
  ordered_json invs = ordered_json::array();
  for (auto& r : report.invariants) {
    ordered_json i;
    i["id"] = r.invariant.id;
    i["profile"] = r.profile;
    i["kind"] = invariants::kind_name(r.invariant.kind);
    i["statement"] = r.invariant.statement;
    i["contract"] = or_null(r.invariant.contract);
    i["profiles"] = r.invariant.profiles;
    i["why_it_matters"] = r.invariant.why_it_matters;
    i["verdict"] = merged_name(r.merged);
    i["assumptions"] = proved_assuming(r);
    i["summary"] = r.summary;
    i["prover_missing"] = or_null(r.prover_missing);
    if (r.prove) {
      const auto& p = *r.prove;
      ordered_json obligations = ordered_json::array();
      for (auto& ob : p.obligations)
        obligations.push_back(
            {{"contract", ob.contract},
             {"what", ob.what},
             {"result", ob.result},
             {"rlimit", ob.rlimit},
             {"timing", {{"seconds", ob.seconds}}}});
      i["prove"] = {{"verdict", smt::verdict_name(p.kind)},
                    {"detail", p.detail},
                    {"depth", p.depth},
                    {"lemmas", p.lemmas},
                    {"assumptions", p.assumptions},
                    {"counterexample", p.kind == smt::ProofVerdict::Kind::Violated
                                           ? ordered_json("counterexamples/" + r.profile + "/prove/" + p.id + ".jsonl")
                                           : ordered_json(nullptr)},
                    {"obligations", obligations},
                    {"timing", {{"seconds", p.seconds}}}};
    } else {
      i["prove"] = nullptr;
    }
    if (r.fuzz) {
      const auto& f = *r.fuzz;
      i["fuzz"] = {{"verdict", fuzz_verdict_name(f.kind)},
                   {"sequences", f.sequences},
                   {"calls", f.calls},
                   {"length", f.kind == fuzz::Verdict::Kind::Violated ? ordered_json(f.length) : ordered_json(nullptr)},
                   {"detail", f.detail},
                   {"counterexample", f.kind == fuzz::Verdict::Kind::Violated
                                          ? ordered_json("counterexamples/" + r.profile + "/fuzz/" + f.id + ".jsonl")
                                          : ordered_json(nullptr)}};
    } else {
      i["fuzz"] = nullptr;
    }
    ordered_json tf = ordered_json::array();
    for (auto& t : r.traces) tf.push_back({{"trace", t.trace}, {"line", t.line}, {"calls", t.calls}, {"detail", t.detail}});
    i["traces"] = tf;
    i["counterexample"] = r.counterexamples.empty() ? ordered_json(nullptr) : counterexample_json(r.counterexamples.front());
    ordered_json others = ordered_json::array();
    for (std::size_t k = 1; k < r.counterexamples.size(); ++k) others.push_back(counterexample_json(r.counterexamples[k]));
    i["other_counterexamples"] = others;
    invs.push_back(i);
  }
  j["invariants"] = invs;
  ordered_json traces = ordered_json::array();
  for (auto& t : report.traces)
    traces.push_back({{"path", t.path},
                      {"profile", t.profile},
                      {"blake2b_256", t.digest},
                      {"lines", t.lines},
                      {"calls", t.calls},
                      {"divergences", t.divergences},
                      {"violations", t.violations},
                      {"error", or_null(t.error)}});
  j["traces"] = traces;
  // Branch coverage of each profile's fuzz campaign, per mutating message.
  ordered_json cov = ordered_json::array();
  std::size_t reached_total = 0, branches_total = 0;
  ordered_json cov_per_profile = ordered_json::object();
  for (auto& name : report.profiles) {
    auto found = report.coverage.find(name);
    if (found == report.coverage.end()) continue;
    const fuzz::Coverage& coverage = found->second;
    const model::Profile* profile = model::find_profile(name);
    std::size_t reached_here = 0, total_here = 0;
    for (auto* c : profile->contracts)
      for (auto& m : c->messages) {
        if (!m.mutates) continue;
        std::uint64_t bits = coverage.bits(c->name, m.label);
        ordered_json reached = ordered_json::array(), missed = ordered_json::array();
        for (std::size_t b = 0; b < m.branches.size(); ++b) (bits >> b & 1 ? reached : missed).push_back(m.branches[b]);
        reached_here += reached.size();
        total_here += m.branches.size();
        cov.push_back({{"profile", name},
                       {"contract", c->name},
                       {"message", m.label},
                       {"reached", reached.size()},
                       {"total", m.branches.size()},
                       {"missed", missed}});
      }
    cov_per_profile[name] = {{"reached", reached_here}, {"total", total_here}};
    reached_total += reached_here;
    branches_total += total_here;
  }
  j["coverage"] = {{"messages", cov}, {"profiles", cov_per_profile}, {"reached", reached_total}, {"total", branches_total}};
  if (report.baseline) {
    ordered_json changes = ordered_json::array();
    for (auto& c : report.baseline->changes)
      changes.push_back({{"profile", or_null(c.profile)}, {"id", c.id}, {"what", c.what}, {"before", c.before}, {"after", c.after}, {"worse", c.worse}});
    j["baseline"] = {{"path", report.baseline->path},
                     {"format", report.baseline->format},
                     {"worse", report.baseline->worse()},
                     {"changes", changes}};
  } else {
    j["baseline"] = nullptr;
  }
  j["timing"] = {{"total_seconds", report.timing.total},
                 {"prove_seconds", report.timing.prove},
                 {"fuzz_seconds", report.timing.fuzz},
                 {"replay_seconds", report.timing.replay}};
  return j.dump(2) + "\n";
}

}  // namespace meshcheck::reports
