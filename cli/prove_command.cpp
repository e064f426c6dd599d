// `meshcheck prove`'s output: one entry per invariant with its verdict, then the totals.
#include "cli/prove_command.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>

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

void print_result(const smt::ProveOptions& options, const smt::ProveResult& result, std::ostream& out) {
  out << "meshcheck prove: profile " << options.profile << ", bounded model checking to depth " << options.depth
      << " (at most " << options.bmc_budget_seconds << " s per contract), " << options.timeout_seconds
      << " s per query, " << options.jobs << " job" << (options.jobs == 1 ? "" : "s") << ", "
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
      case Kind::Unknown: out << "UNKNOWN (" << seconds << ")\n" << pad << v.detail << "\n"; break;
      case Kind::Vacuous: out << "VACUOUS (" << seconds << ")\n" << pad << v.detail << "\n"; break;
      case Kind::Error: out << "ERROR (" << seconds << ")\n" << pad << v.detail << "\n"; break;
    }
    if (options.verbose)
      for (auto& o : v.obligations) {
        std::snprintf(seconds, sizeof seconds, "%.3f s", o.seconds);
        out << pad << "- " << o.contract << " " << o.what << ": " << o.result << " (" << seconds << ")\n";
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
  out << result.count(Kind::Proved) << " proved" << (assuming ? " (" + std::to_string(assuming) + " under assumptions)" : "") << ", " << result.count(Kind::Violated) << " violated, "
      << result.count(Kind::HoldsToDepth) << " hold to depth " << options.depth << ", " << result.count(Kind::Unknown)
      << " unknown, " << result.count(Kind::Vacuous) << " vacuous, " << result.count(Kind::Error) << " errors in "
      << seconds << "\n";
}

}  // namespace

int run_prove_command(const smt::ProveOptions& options, std::ostream& out, std::ostream& err) {
  if (std::string problem = smt::check_options(options); !problem.empty()) {
    err << "meshcheck prove: " << problem << "\n";
    return 2;
  }
  smt::ProveResult result = smt::prove(options);
  if (std::string problem = smt::write_counterexamples(options, result); !problem.empty()) {
    err << "meshcheck prove: " << problem << "\n";
    return 2;
  }
  print_result(options, result, out);
  return result.count(Kind::Violated) || result.count(Kind::Error) ? 1 : 0;
}

}  // namespace meshcheck::cli
