// `meshcheck prove`'s output: one entry per invariant with its verdict, then the totals.
#include "cli/prove_command.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "invariants/invariant.hpp"

namespace meshcheck::cli {

namespace {

using Kind = smt::ProofVerdict::Kind;

// "A-COUNTERS" or "A-X and A-Y": the assumptions a proof stands on, as printed beside it.
std::string named(const std::vector<std::string>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i == 0 ? "" : i + 1 == ids.size() ? " and " : ", ") + ids[i];
  return out;
}

std::string units(std::uint64_t n) { return n ? std::to_string(n) : std::string("unlimited"); }

// The `n` obligations that cost the most resource units (then seconds), each once
// (smt::obligations_by_cost), and their total.
void print_slowest(const smt::ProveResult& result, std::size_t n, std::ostream& out) {
  const std::vector<smt::CostedObligation> rows = smt::obligations_by_cost(result.verdicts);
  std::uint64_t total = 0;
  for (auto& r : rows) total += r.obligation->rlimit;
  out << "the " << std::min(n, rows.size()) << " most expensive obligations (of " << rows.size() << ", "
      << total << " rlimit units in all):\n";
  char seconds[32];
  for (std::size_t i = 0; i < rows.size() && i < n; ++i) {
    const smt::Obligation& o = *rows[i].obligation;
    std::snprintf(seconds, sizeof seconds, "%.3f s", o.seconds);
    out << "  " << o.rlimit << " units, " << seconds << "  " << rows[i].id << ": " << o.contract << " " << o.what
        << ": " << o.result << "\n";
  }
}

void print_result(const smt::ProveOptions& options, const smt::ProveResult& result, std::ostream& out) {
  out << "meshcheck prove: profile " << options.profile << ", bounded model checking to depth " << options.depth
      << " (at most " << units(options.bmc_rlimit) << " rlimit units per invariant and contract), " << units(options.rlimit)
      << " rlimit units per query (safety nets: " << options.timeout_seconds << " s per query, "
      << options.bmc_budget_seconds << " s per invariant and contract), " << options.jobs << " job"
      << (options.jobs == 1 ? "" : "s") << ", "
      << (options.assumptions().empty() ? "no assumptions" : "may assume " + named(options.assumptions())) << "\n";
  std::size_t width = 0;
  for (auto& v : result.verdicts) width = std::max(width, v.id.size());
  char seconds[32];
  for (auto& v : result.verdicts) {
    std::snprintf(seconds, sizeof seconds, "%.2f s", v.seconds);
    out << "  " << v.id << std::string(width - v.id.size() + 2, ' ');
    std::string pad(width + 4, ' ');
    switch (v.kind) {
      case Kind::Proved:
        out << "PROVED" << (v.assumptions.empty() ? "" : " assuming " + named(v.assumptions)) << " ("
            << v.obligations.size() << " obligations, " << seconds << ")\n";
        if (!v.lemmas.empty()) {
          out << pad << "with the proved lemmas";
          for (auto& l : v.lemmas) out << " " << l;
          out << "\n";
        }
        if (!v.detail.empty()) out << pad << v.detail << "\n";
        break;
      case Kind::Violated:
        out << "VIOLATED at depth " << v.depth << ": " << smt::counterexample_path(options, v.id) << " (" << seconds
            << ")\n"
            << pad << v.detail << "\n";
        break;
      case Kind::HoldsToDepth:
        out << "HOLDS TO DEPTH " << v.depth << " (not inductive) (" << seconds << ")\n" << pad << v.detail << "\n";
        break;
      case Kind::Unknown:
        out << "UNKNOWN" << (v.safety_net ? " (wall-clock safety net fired)" : "") << " (" << seconds << ")\n"
            << pad << v.detail << "\n";
        break;
      case Kind::Vacuous: out << "VACUOUS (" << seconds << ")\n" << pad << v.detail << "\n"; break;
      case Kind::Error: out << "ERROR (" << seconds << ")\n" << pad << v.detail << "\n"; break;
    }
    if (options.verbose)
      for (auto& o : v.obligations) {
        std::snprintf(seconds, sizeof seconds, "%.3f s", o.seconds);
        out << pad << "- " << o.contract << " " << o.what << ": " << o.result << " (" << o.rlimit << " rlimit units, "
            << seconds << ")\n";
      }
  }
  // The statement of every assumption a proof stands on, once.
  std::set<std::string> used;
  for (auto& v : result.verdicts) used.insert(v.assumptions.begin(), v.assumptions.end());
  for (auto& a : invariants::assumptions())
    if (used.count(a.id)) out << "assuming " << a.id << ": " << a.statement << "\n";
  std::size_t assuming = std::count_if(result.verdicts.begin(), result.verdicts.end(), [](const smt::ProofVerdict& v) {
    return v.kind == Kind::Proved && !v.assumptions.empty();
  });
  std::snprintf(seconds, sizeof seconds, "%.1f s", result.seconds);
  out << result.count(Kind::Proved) << " proved"
      << (assuming ? " (" + std::to_string(assuming) + " under assumptions)" : "") << ", "
      << result.count(Kind::Violated) << " violated, "
      << result.count(Kind::HoldsToDepth) << " hold to depth " << options.depth << ", " << result.count(Kind::Unknown)
      << " unknown, " << result.count(Kind::Vacuous) << " vacuous, " << result.count(Kind::Error) << " errors in "
      << seconds << "\n";
  if (result.safety_net_fired)
    out << "the wall-clock safety net fired " << result.safety_net_fired
        << " time(s): this run's verdicts depend on the machine's speed; rerun on a less loaded machine or raise "
           "--timeout / --bmc-budget\n";
  if (options.slowest) print_slowest(result, options.slowest, out);
}

// --json: the run's options, each verdict as report.json's "prove" object (with its id),
// and the totals.
void print_json(const smt::ProveOptions& options, const smt::ProveResult& result, std::ostream& out) {
  using nlohmann::ordered_json;
  ordered_json verdicts = ordered_json::array();
  for (auto& v : result.verdicts) {
    ordered_json obligations = ordered_json::array();
    for (auto& ob : v.obligations)
      obligations.push_back({{"contract", ob.contract},
                             {"what", ob.what},
                             {"result", ob.result},
                             {"rlimit", ob.rlimit},
                             {"timing", {{"seconds", ob.seconds}}}});
    verdicts.push_back({{"id", v.id},
                        {"verdict", smt::verdict_name(v.kind)},
                        {"detail", v.detail},
                        {"depth", v.depth},
                        {"lemmas", v.lemmas},
                        {"assumptions", v.assumptions},
                        {"counterexample", v.kind == Kind::Violated
                                               ? ordered_json(smt::counterexample_path(options, v.id))
                                               : ordered_json(nullptr)},
                        {"obligations", obligations},
                        {"timing", {{"seconds", v.seconds}}}});
  }
  ordered_json totals;
  for (Kind k : {Kind::Proved, Kind::Violated, Kind::HoldsToDepth, Kind::Unknown, Kind::Vacuous, Kind::Error})
    totals[smt::verdict_name(k)] = result.count(k);
  ordered_json doc = {{"profile", options.profile},
                      {"rlimit", options.rlimit},
                      {"jobs", options.jobs},
                      {"verdicts", verdicts},
                      {"totals", totals},
                      {"safety_net_fired", result.safety_net_fired},
                      {"timing", {{"seconds", result.seconds}}}};
  out << doc.dump(2) << "\n";
}

}  // namespace

int run_prove_command(const smt::ProveOptions& options, std::ostream& out, std::ostream& err, bool json) {
  if (std::string problem = smt::check_options(options); !problem.empty()) {
    err << "meshcheck prove: " << problem << "\n";
    return 2;
  }
  smt::ProveResult result = smt::prove(options);
  if (std::string problem = smt::write_counterexamples(options, result); !problem.empty()) {
    err << "meshcheck prove: " << problem << "\n";
    return 2;
  }
  if (json) print_json(options, result, out);
  else print_result(options, result, out);
  return result.count(Kind::Violated) || result.count(Kind::Error) || result.safety_net_fired ? 1 : 0;
}

}  // namespace meshcheck::cli
