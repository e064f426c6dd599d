// meshcheck: the command-line tool.
//
// Exit status, for every subcommand: 0 all good; 1 something found (a divergence, a
// violation, a regression); 2 unusable input or arguments, with one message naming the
// file and line. A failure the code does not expect (any exception that reaches main)
// is one message, `meshcheck: error: ...`, and exit 2 too: never std::terminate.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <z3++.h>

#include "cli/metadata_command.hpp"
#include "cli/prove_command.hpp"
#include "fuzz/campaign.hpp"
#include "reports/run.hpp"
#include "smt/engines/classify.hpp"
#include "smt/prover.hpp"
#include "smt/query.hpp"
#include "invariants/invariant.hpp"
#include "model/profile.hpp"
#include "abi/spec_check.hpp"
#include "mutation/run.hpp"
#include "trace/replay.hpp"

namespace {

constexpr int kUsable = 0, kFound = 1, kUnusable = 2;

const meshcheck::model::Profile* profile_or_complain(const std::string& name) {
  const auto* p = meshcheck::model::find_profile(name);
  if (!p) {
    std::cerr << "meshcheck: unknown profile \"" << name << "\" (available:";
    for (auto& n : meshcheck::model::profile_names()) std::cerr << " " << n;
    std::cerr << ")\n";
  }
  return p;
}

bool invariant_ids_known(const std::vector<std::string>& ids) {
  for (auto& id : ids) {
    if (!meshcheck::invariants::find_invariant(id)) {
      std::cerr << "meshcheck: unknown invariant \"" << id << "\" (meshcheck list shows the catalog)\n";
      return false;
    }
  }
  return true;
}

// The catalog: every invariant (ID, kind, profiles, statement), then every assumption a
// proof may state (ID, "assumption", statement), in the same columns. `profile_name`
// "all" (the default) shows every profile: an invariant a profile restates gets a second
// line with that profile's statement; a named profile shows only its invariants, in its
// own words.
int run_list(const std::string& profile_name) {
  const bool all = profile_name == "all";
  if (!all && !profile_or_complain(profile_name)) return kUnusable;
  auto in_profile = [&](const std::vector<std::string>& profiles) {
    return all || std::find(profiles.begin(), profiles.end(), profile_name) != profiles.end();
  };
  std::size_t width = 0;
  for (auto& i : meshcheck::invariants::catalog()) width = std::max(width, i.id.size());
  for (auto& a : meshcheck::invariants::assumptions()) width = std::max(width, a.id.size());
  const std::size_t profiles_width = std::string("deployed spec").size();
  auto row = [&](const std::string& id, const std::string& kind, const std::string& profiles,
                 const std::string& statement) {
    std::cout << id << std::string(width + 2 - id.size(), ' ') << kind << std::string(12 - kind.size(), ' ')
              << profiles << std::string(profiles_width + 2 - std::min(profiles.size(), profiles_width), ' ')
              << statement << "\n";
  };
  auto joined = [](const std::vector<std::string>& v) {
    std::string out;
    for (auto& s : v) out += (out.empty() ? "" : " ") + s;
    return out;
  };
  bool any = false;
  for (auto& i : meshcheck::invariants::catalog()) {
    if (!in_profile(i.profiles)) continue;
    any = true;
    const std::string kind = meshcheck::invariants::kind_name(i.kind);
    if (!all) {
      row(i.id, kind, profile_name, i.statement_in(profile_name));
      continue;
    }
    // The profiles that word it as `statement`, then one line per restatement.
    std::vector<std::string> same;
    for (auto& p : i.profiles)
      if (std::none_of(i.restated.begin(), i.restated.end(), [&](auto& r) { return r.profile == p; })) same.push_back(p);
    row(i.id, kind, joined(same), i.statement);
    for (auto& r : i.restated) row("", "", r.profile, r.statement);
  }
  if (!any) std::cout << "(the catalog has no invariants of profile " << profile_name << " yet)\n";
  bool first = true;
  for (auto& a : meshcheck::invariants::assumptions()) {
    if (!in_profile(a.profiles)) continue;
    if (first) std::cout << "\nassumptions (a proof that needs one names it; --no-assume ID proves without it):\n";
    first = false;
    row(a.id, "assumption", joined(a.profiles), a.statement);
  }
  return kUsable;
}

// Loads --metadata into `options` and checks it against the model: metadata that
// disagrees with the model would make replay compare different things. Without an
// explicit --profile, metadata that describes exactly the contracts of another profile
// (the spec profile's share the deployed contracts' names) selects that profile.
bool load_metadata(const std::vector<std::string>& paths, const meshcheck::model::Profile*& profile,
                   bool profile_given, meshcheck::trace::ReplayOptions& options) {
  if (paths.empty()) return true;
  try {
    options.metadata = meshcheck::abi::MetadataSet::load(paths);
  } catch (const meshcheck::abi::MetadataError& e) {
    std::cerr << e.what() << "\n";
    return false;
  }
  auto problems = meshcheck::abi::check_against_profile(options.metadata, *profile);
  if (!problems.empty())
    for (auto& name : meshcheck::model::profile_names()) {
      const auto* other = meshcheck::model::find_profile(name);
      if (other == profile || !meshcheck::abi::check_against_profile(options.metadata, *other).empty()) continue;
      if (!profile_given) {
        profile = other;
        return true;
      }
      std::cerr << "meshcheck replay: the metadata describes profile " << name << "'s contracts, not profile "
                << profile->name << "'s: give --profile " << name << "\n";
      return false;
    }
  for (auto& p : problems) std::cerr << p << "\n";
  if (!problems.empty())
    std::cerr << "meshcheck replay: the metadata does not describe the model's contracts (" << problems.size()
              << " disagreement" << (problems.size() == 1 ? "" : "s") << ")\n";
  return problems.empty();
}

int run_replay(const std::vector<std::string>& traces, const std::string& profile_name, bool profile_given,
               const std::string& emit_path,
               bool quiet, meshcheck::trace::ReplayOptions options, const std::vector<std::string>& metadata) {
  const meshcheck::model::Profile* profile = profile_or_complain(profile_name);
  if (!profile) return kUnusable;
  if (!load_metadata(metadata, profile, profile_given, options)) return kUnusable;
  if (!invariant_ids_known(options.only_invariants)) return kUnusable;
  if (!emit_path.empty() && traces.size() != 1) {
    std::cerr << "meshcheck replay: --emit writes one trace: give exactly one TRACE\n";
    return kUnusable;
  }
  std::ofstream emit_file;
  std::ostream* emit = nullptr;
  if (emit_path == "-") {
    emit = &std::cout;
  } else if (!emit_path.empty()) {
    emit_file.open(emit_path);
    if (!emit_file) {
      std::cerr << "meshcheck replay: cannot write " << emit_path << "\n";
      return kUnusable;
    }
    emit = &emit_file;
  }
  // With the emitted trace on stdout, the report goes to stderr.
  std::ostream& report = emit == &std::cout ? std::cerr : std::cout;
  int status = kUsable;
  for (auto& path : traces) {
    // "-" is standard input, so a capture tool can pipe its trace straight in.
    const bool from_stdin = path == "-";
    std::ifstream file;
    // A directory opens as a stream that reads nothing: it would replay as 0 calls.
    std::error_code ec;
    if (!from_stdin && std::filesystem::is_directory(path, ec)) {
      std::cerr << path << ": error: cannot open the trace (it is a directory)\n";
      return kUnusable;
    }
    if (!from_stdin) file.open(path);
    if (!from_stdin && !file) {
      std::cerr << path << ": error: cannot open the trace\n";
      return kUnusable;
    }
    std::istream& in = from_stdin ? std::cin : file;
    const std::string name = from_stdin ? "<stdin>" : path;  // as messages name the trace
    auto summary = meshcheck::trace::replay_stream(in, name, *profile, report, emit, options);
    if (summary.error) return kUnusable;
    if (!quiet) {
      report << name << ": " << summary.calls << " calls, " << summary.divergences << " divergence"
             << (summary.divergences == 1 ? "" : "s");
      if (options.check_invariants && summary.invariants_checked)
        report << ", " << summary.violations << " invariant violation" << (summary.violations == 1 ? "" : "s");
      else if (options.check_invariants)
        report << " (the catalog has no invariants of profile " << summary.profile << " yet)";
      report << "\n";
    }
    status = std::max(status, summary.exit_code());
  }
  // --emit records what the model does; it does not judge the trace.
  return emit ? kUsable : status;
}

// The branches a campaign missed, as the prover classifies them.
void print_missed_branches(const meshcheck::fuzz::CampaignResult& campaign, const std::string& profile_name) {
  std::vector<meshcheck::smt::BranchRef> missed;
  for (auto* c : meshcheck::model::find_profile(profile_name)->contracts)
    for (auto& m : c->messages) {
      if (!m.mutates) continue;
      std::uint64_t hit = campaign.coverage.bits(c->name, m.label);
      for (std::size_t i = 0; i < m.branches.size(); ++i)
        if (!(hit >> i & 1)) missed.push_back({c->name, m.label, m.branches[i]});
    }
  std::cout << "\nthe missed branches, as the prover sees them:\n";
  if (missed.empty()) std::cout << "  none: every branch was reached\n";
  meshcheck::smt::ProveOptions options;
  // The small budget's resource limits: a quick classification, the same on every machine.
  options.rlimit = 4'000'000;
  options.bmc_rlimit = 20'000'000;
  for (auto& r : meshcheck::smt::classify_branches(missed, options))
    std::cout << "  " << r.branch.contract << "." << r.branch.message << ": " << r.branch.branch << ": "
              << meshcheck::smt::reach_name(r.kind) << "\n    " << r.why << "\n";
}

// For tests of main()'s last resort, which no input reaches: MESHCHECK_TEST_FAILURE
// makes the command fail unexpectedly, as a bug would. "std", "z3" and "unknown" throw
// that kind of exception here; "nested" one thrown from another, as replay does for a
// line; "thread" one of unknown type on a worker thread of the prover's pool.
void test_failure_hook() {
  const char* kind = std::getenv("MESHCHECK_TEST_FAILURE");
  if (!kind) return;
  const std::string k = kind;
  if (k == "std") throw std::logic_error("test failure");
  if (k == "z3") throw z3::exception("test failure");
  if (k == "unknown") throw 42;
  if (k == "nested") {
    try {
      throw std::out_of_range("test failure");
    } catch (...) {
      std::throw_with_nested(std::runtime_error("test.jsonl:7"));
    }
  }
  if (k == "thread") {
    std::vector<std::function<void()>> tasks{[] {}, [] { throw 42; }, [] {}};
    meshcheck::smt::run_parallel(tasks, 2);
  }
}

// The whole command; main() below catches what escapes it.
int run_command(int argc, char** argv) {
  CLI::App app{"meshcheck: a verification suite for the PolkaMesh ink! contracts"};
  app.set_version_flag("--version", "meshcheck 0.1.0");
  app.require_subcommand(1);

  std::vector<std::string> traces;
  std::string profile = "deployed";
  std::string emit;
  bool quiet = false;
  auto* replay = app.add_subcommand("replay", "Replay traces through the reference model and report divergences");
  replay->add_option("TRACE", traces, "Trace files (JSON Lines, ../shared/trace-format.md); '-' reads standard input")
      ->required();
  auto* replay_profile =
      replay->add_option("--profile", profile,
                         "Model profile: deployed (the contracts as on Paseo) or spec (PolkaMesh as designed); a deploy "
                         "line's \"profile\" overrides it; without it, --metadata of the spec profile's contracts "
                         "selects spec")
          ->capture_default_str();
  replay->add_option("--emit", emit,
                     "Write the (single) trace back to FILE ('-' for stdout) with the model's own outcomes as each "
                     "line's expect");
  replay->add_flag("-q,--quiet", quiet, "Print only divergences, violations and errors");
  meshcheck::trace::ReplayOptions replay_options;
  bool no_invariants = false;
  replay->add_flag("--no-invariants", no_invariants, "Compare only what the trace observed; check no invariant");
  replay->add_option("--invariant", replay_options.only_invariants, "Check only these invariants (IDs)");
  std::vector<std::string> metadata_paths;
  replay->add_option("--metadata", metadata_paths,
                     "ink! metadata files, or directories of them, for raw (SCALE) lines; matched to contracts by name");

  std::string list_profile = "all";
  auto* list = app.add_subcommand("list", "Print the invariant catalog: ID, kind, profiles, statement");
  list->add_option("--profile", list_profile, "Model profile (deployed, spec), or all")->capture_default_str();

  meshcheck::fuzz::FuzzOptions fuzz_options;
  auto* fuzz = app.add_subcommand("fuzz", "Hunt for invariant violations over random multi-contract call sequences");
  fuzz->add_option("--profile", fuzz_options.profile, "Model profile")->capture_default_str();
  fuzz->add_option("--invariant", fuzz_options.invariants, "Invariants to hunt (IDs; default: the whole catalog)");
  fuzz->add_option("--seed", fuzz_options.seed, "Seed: the same seed gives the same verdicts and files")
      ->capture_default_str();
  auto* fuzz_runs_opt = fuzz->add_option("--runs", fuzz_options.runs, "Sequences per invariant")->capture_default_str();
  auto* fuzz_max_calls_opt =
      fuzz->add_option("--max-calls", fuzz_options.max_calls, "Calls per sequence, at most")->capture_default_str();
  // The report's named budgets, for the fuzzer alone (issue 14: `fuzz --profile spec` at
  // the default budget and at `--budget large`); --runs and --max-calls override them.
  std::string fuzz_budget = "default";
  fuzz->add_option("--budget", fuzz_budget,
                   "small (30 sequences of at most 30 calls per invariant), default (1000 of 50) or large (5000 of "
                   "100), as report's; --runs and --max-calls override it")
      ->check(CLI::IsMember(meshcheck::reports::budget_names()))
      ->capture_default_str();
  fuzz->add_option("--jobs", fuzz_options.jobs, "Parallel workers")->capture_default_str();
  fuzz->add_option("--out", fuzz_options.out_dir, "Where counterexample traces go (<ID>.jsonl)")->capture_default_str();
  bool classify_misses = false;
  fuzz->add_flag("--classify-misses", classify_misses,
                 "Ask the prover about every branch the campaign missed: unreachable (proved), or reachable with a run");

  meshcheck::smt::ProveOptions prove_options;
  prove_options.free_at_end = false;  // the command exits right after its run
  auto* prove = app.add_subcommand("prove", "Prove or refute every invariant with Z3: induction, then bounded model "
                                            "checking to replayable counterexamples");
  prove->add_option("--profile", prove_options.profile, "Model profile")->capture_default_str();
  prove->add_option("--invariant", prove_options.invariants, "Invariants to judge (IDs; default: the whole catalog)");
  prove->add_option("--depth", prove_options.depth, "Bounded model checking: at most this many calls")
      ->capture_default_str();
  prove->add_option("--rlimit", prove_options.rlimit,
                    "Z3 resource units (rlimit) per query, then UNKNOWN: the same on every machine; 0 for none")
      ->capture_default_str();
  prove->add_option("--bmc-rlimit", prove_options.bmc_rlimit,
                    "Z3 resource units for an invariant's whole bounded model checking in one contract (each query "
                    "may use what is left of them), then UNKNOWN with the depth reached; 0 for none")
      ->capture_default_str();
  prove->add_option("--timeout", prove_options.timeout_seconds,
                    "Wall-clock safety net, seconds per Z3 query: when it fires the run's verdicts say so and it "
                    "exits 1")
      ->capture_default_str();
  prove->add_option("--bmc-budget", prove_options.bmc_budget_seconds,
                    "Wall-clock safety net, seconds of bounded model checking per invariant and contract (as --timeout)")
      ->capture_default_str();
  prove->add_option("--slowest", prove_options.slowest,
                    "List the N most expensive proof obligations (resource units, seconds) after the verdicts");
  prove->add_option("--jobs", prove_options.jobs, "Queries run in parallel")->capture_default_str();
  prove->add_option("--out", prove_options.out_dir, "Where counterexample traces go (<ID>.jsonl)")->capture_default_str();
  bool prove_json = false;
  prove->add_flag("--json", prove_json, "Print the verdicts as one JSON document instead of text");
  prove->add_flag("-v,--verbose", prove_options.verbose, "Print every proof obligation with Z3's answer and its time");
  prove->add_option("--no-assume", prove_options.no_assume,
                    "Prove without this assumption (repeatable; meshcheck list shows them, e.g. A-COUNTERS)");

  meshcheck::reports::ReportOptions report_options;
  unsigned report_depth = 0, report_timeout = 0;
  std::uint64_t report_rlimit = 0;
  int report_runs = 0, report_max_calls = 0;
  bool report_no_prove = false, report_no_fuzz = false;
  auto* report = app.add_subcommand(
      "report", "Run the prover and a fuzz campaign (and replay --trace files), merge their verdicts per invariant, "
                "and write report.json, report.md, report.html, junit.xml and report.sarif");
  report->add_option("--profile", report_options.profile,
                     "deployed, spec (the design), or all: every profile judged side by side")
      ->capture_default_str();
  report->add_option("--out", report_options.out_dir, "Folder for the reports and counterexamples")
      ->capture_default_str();
  report->add_option("--seed", report_options.seed, "Fuzzing seed: the same seed gives the same files")
      ->capture_default_str();
  report->add_option("--budget", report_options.budget,
                     "small (BMC depth 4, 4M rlimit units per query, 30 sequences of 30 calls), default (8, 15M, "
                     "1000 of 50) or large (12, 60M, 5000 of 100)")
      ->capture_default_str();
  auto* depth_opt = report->add_option("--depth", report_depth, "Override the budget: BMC depth (calls)");
  auto* rlimit_opt =
      report->add_option("--rlimit", report_rlimit, "Override the budget: Z3 resource units per query (0: none)");
  auto* timeout_opt = report->add_option(
      "--timeout", report_timeout, "Override the wall-clock safety net, seconds per Z3 query (when it fires: exit 1)");
  auto* runs_opt = report->add_option("--runs", report_runs, "Override the budget: fuzzed sequences per invariant");
  auto* max_calls_opt = report->add_option("--max-calls", report_max_calls, "Override the budget: calls per sequence");
  report->add_option("--invariant", report_options.invariants, "Judge only these invariants (IDs; default: all)");
  report->add_option("--trace", report_options.traces, "Also replay these traces (JSON Lines)");
  report->add_option("--baseline", report_options.baseline,
                     "A previous report.json or a file of accepted verdicts (ID VERDICT [LENGTH] a line): exit 1 only "
                     "when something got worse");
  report->add_option("--jobs", report_options.jobs, "Parallel workers, for the fuzzer and the prover (the files do not depend on it)")->capture_default_str();
  report->add_option("--mutation", report_options.mutation,
                     "Link the results of a `meshcheck mutate` run (its --out folder) from the HTML report");
  report->add_flag("--no-prove", report_no_prove, "Do not run the prover");
  report->add_flag("--no-fuzz", report_no_fuzz, "Do not run the fuzzer");
  report->add_flag("--prove-spec", report_options.prove_spec,
                   "Also run the composed spec prover (about a minute on two cores); without it the spec column is "
                   "judged by the fuzzer and says the prover was not run");
  report->add_option("--no-assume", report_options.no_assume,
                     "Prove without this assumption (repeatable; meshcheck list shows them, e.g. A-COUNTERS)");

  meshcheck::mutation::RunOptions mutate_options;
  std::vector<std::string> mutate_engines;
  std::string mutate_worker, mutate_job, mutate_result;
  auto* mutate = app.add_subcommand(
      "mutate", "Measure the suite by mutation: judge every mutant of the model (traces, fuzzer, prover) and write "
                "mutation.json and mutation.md");
  mutate->add_option("--profile", mutate_options.profile,
                     "Model profile: all (both, one document), deployed or spec")
      ->capture_default_str();
  mutate->add_option("--contract", mutate_options.contracts, "Only these contracts' mutants (default: all with sites)");
  mutate->add_option("--mutant", mutate_options.mutants, "Only these mutants (IDs)");
  mutate->add_option("--jobs", mutate_options.jobs, "Mutants judged in parallel (one process each)")
      ->capture_default_str();
  mutate->add_option("--shard", mutate_options.shard, "Judge shard k of n (every n-th mutant from the k-th)")
      ->capture_default_str();
  mutate->add_option("--out", mutate_options.out_dir, "Folder for mutation.json and mutation.md")
      ->capture_default_str();
  mutate->add_option("--merge", mutate_options.merge, "Merge these shards' output folders into --out (runs nothing)");
  mutate->add_option("--traces", mutate_options.traces_dirs,
                     "Folders of traces, <contract>/*.jsonl (default: the source tree's tests/traces/upstream and "
                     "tests/traces/mutation)");
  mutate->add_option("--spec-traces", mutate_options.spec_traces_dirs,
                     "Folders of the spec profile's flows, *.jsonl (default: the source tree's tests/traces/spec)");
  mutate->add_option("--engine", mutate_engines, "Engines to run, cheapest first (default: traces fuzz prove)")
      ->check(CLI::IsMember({"traces", "fuzz", "prove"}));
  mutate->add_option("--runs", mutate_options.judge.runs, "Fuzz: sequences per invariant and seed")
      ->capture_default_str();
  mutate->add_option("--max-calls", mutate_options.judge.max_calls, "Fuzz: calls per sequence")->capture_default_str();
  mutate->add_option("--depth", mutate_options.judge.depth, "Prove: BMC depth")->capture_default_str();
  mutate->add_option("--without", mutate_options.judge.without,
                     "Leave this invariant out of the suite (to see what the suite loses without it)");
  mutate->add_option("--worker", mutate_worker)->group("");  // a child's side (mutation/run.hpp)
  mutate->add_option("--job", mutate_job)->group("");
  mutate->add_option("--result", mutate_result)->group("");

  meshcheck::cli::MetadataOptions metadata_options;
  auto* metadata = app.add_subcommand(
      "metadata", "Write the ink! 6 (and 5) metadata of a profile's contracts, synthesized from the model: selectors, "
                  "argument and return types, errors, events and their signature topics");
  metadata->add_option("--profile", metadata_options.profile, "Model profile: spec or deployed")->required();
  metadata->add_option("--contract", metadata_options.contracts,
                       "Only this contract (repeatable; default: all six); one contract without --out goes to "
                       "standard output");
  metadata->add_option("--out", metadata_options.out_dir,
                       "Folder for <contract>.json (and <contract>.ink5.json for another build of it)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUnusable;
  }

  test_failure_hook();
  if (*replay) {
    replay_options.check_invariants = !no_invariants;
    return run_replay(traces, profile, replay_profile->count() > 0, emit, quiet, replay_options, metadata_paths);
  }
  if (*list) return run_list(list_profile);
  if (*metadata) return meshcheck::cli::run_metadata_command(metadata_options, std::cout, std::cerr);
  if (*fuzz) {
    const meshcheck::reports::Budget budget = *meshcheck::reports::budget_named(fuzz_budget);
    if (!*fuzz_runs_opt) fuzz_options.runs = budget.runs;
    if (!*fuzz_max_calls_opt) fuzz_options.max_calls = budget.max_calls;
    if (!classify_misses) return meshcheck::fuzz::run_fuzz_command(fuzz_options, std::cout, std::cerr);
    meshcheck::fuzz::CampaignResult campaign;
    int status = meshcheck::fuzz::run_fuzz_command(fuzz_options, std::cout, std::cerr, &campaign);
    if (status == kUnusable) return status;
    print_missed_branches(campaign, fuzz_options.profile);
    return status;
  }
  if (*prove) return meshcheck::cli::run_prove_command(prove_options, std::cout, std::cerr, prove_json);
  if (*mutate) {
    if (!mutate_worker.empty()) return meshcheck::mutation::run_mutate_worker(mutate_worker, mutate_job, mutate_result);
    if (!mutate_engines.empty()) {
      mutate_options.judge.engines.clear();
      // Cheapest first, whatever order they were named in.
      for (auto e : meshcheck::model::all_of<meshcheck::mutation::Engine>())
        if (std::count(mutate_engines.begin(), mutate_engines.end(), meshcheck::mutation::kEngineNames[e]))
          mutate_options.judge.engines.push_back(e);
    }
    return meshcheck::mutation::run_mutate_command(mutate_options, std::cout, std::cerr);
  }
  if (*report) {
    if (*depth_opt) report_options.depth = report_depth;
    if (*timeout_opt) report_options.timeout_seconds = report_timeout;
    if (*rlimit_opt) report_options.rlimit = report_rlimit;
    if (*runs_opt) report_options.runs = report_runs;
    if (*max_calls_opt) report_options.max_calls = report_max_calls;
    report_options.prove = !report_no_prove;
    report_options.fuzz = !report_no_fuzz;
    return meshcheck::reports::run_report_command(report_options, std::cout, std::cerr);
  }
  return kUnusable;
}

// An exception's message, with those it was thrown from (std::throw_with_nested: a
// replayed trace adds "FILE:LINE") in front, outermost first.
std::string describe(const std::exception& e) {
  std::string what = e.what();
  if (auto* z3 = dynamic_cast<const z3::exception*>(&e)) what = std::string("Z3: ") + z3->msg();
  try {
    std::rethrow_if_nested(e);
  } catch (const std::exception& inner) {
    return what + ": " + describe(inner);
  } catch (...) {
    return what + ": an exception of unknown type";
  }
  return what;
}

// Ends a run that failed unexpectedly: one message, exit 2. Standard output is flushed
// first, so what was printed before the failure is not lost or interleaved.
int fail(const std::string& why) {
  std::cout.flush();
  std::cerr << "meshcheck: error: " << why << "\n";
  return kUnusable;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_command(argc, argv);
  } catch (const std::exception& e) {
    return fail(describe(e));
  } catch (...) {
    return fail("an exception of unknown type");
  }
}
