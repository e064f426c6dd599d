#include "reports/run.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "abi/blake2.hpp"
#include "reports/baseline.hpp"
#include "reports/writers.hpp"
#include "trace/replay.hpp"

namespace meshcheck::reports {

namespace fs = std::filesystem;

namespace {

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string hex_digest(const std::string& bytes) {
  auto h = abi::blake2b_256(std::string_view(bytes));
  std::ostringstream s;
  for (auto b : h) s << std::hex << std::setw(2) << std::setfill('0') << int(b);
  return s.str();
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    lines.push_back(l);
  }
  return lines;
}

std::size_t steps_in(const std::vector<std::string>& lines) {
  std::size_t n = 0;
  for (auto& l : lines)
    if (l.rfind("{\"call\"", 0) == 0 || l.rfind("{\"transfer\"", 0) == 0) ++n;
  return n;
}

// A counterexample an engine wrote, `counterexamples/<profile>/<engine>/<ID>.jsonl`: its
// lines, its length in steps, and the model source line of its last call.
Counterexample engine_counterexample(const std::string& engine, const std::string& id, std::vector<std::string> lines,
                                     std::string detail, const std::string& profile) {
  Counterexample c;
  c.engine = engine;
  c.path = "counterexamples/" + profile + "/" + engine + "/" + id + ".jsonl";
  c.lines = std::move(lines);
  c.length = steps_in(c.lines);
  c.detail = std::move(detail);
  locate(c, profile);
  return c;
}

// Progress on a terminal: one line, rewritten.
class Progress {
 public:
  Progress(std::ostream& err, bool on) : err_(err), on_(on) {}
  void show(const std::string& text) {
    if (!on_) return;
    err_ << "\r\033[Kmeshcheck report: " << text << std::flush;
    shown_ = true;
  }
  void clear() {
    if (on_ && shown_) err_ << "\r\033[K" << std::flush;
    shown_ = false;
  }

 private:
  std::ostream& err_;
  bool on_;
  bool shown_ = false;
};

// Replays one --trace file; records the first violation of each invariant, in the
// profile the trace's deploy lines chose (`profile` when they name none).
TraceResult replay_trace(const std::string& path, const std::string& text, const model::Profile& profile,
                         std::vector<InvariantResult>& results) {
  TraceResult t;
  t.path = path;
  t.digest = hex_digest(text);
  trace::ReplayOptions options;
  trace::Replayer replayer(profile, options);
  trace::LineFindings findings;
  std::vector<std::string> lines = split_lines(text);
  for (std::size_t n = 1; n <= lines.size(); ++n) {
    const std::string& line = lines[n - 1];
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    t.lines = n;
    findings.clear();
    try {
      replayer.run_line(line, n, findings);
    } catch (const trace::TraceError& e) {
      t.error = std::to_string(e.line) + ": " + e.what();
      break;
    } catch (const std::exception&) {  // a bug, not the trace's fault: it escapes, saying where
      std::throw_with_nested(std::runtime_error(path + ":" + std::to_string(n)));
    }
    for (auto& d : findings.divergences)
      t.divergences.push_back(std::to_string(d.line) + ": " + d.where + ": " + d.field + ": trace says " +
                              d.trace_says + ", model computed " + d.model_says);
    t.violations += findings.violations.size();
    const std::string& judged = replayer.world().profile().name;
    for (auto& v : findings.violations) {
      for (auto& r : results) {
        if (r.invariant.id != v.id || r.profile != judged) continue;
        bool seen = std::any_of(r.traces.begin(), r.traces.end(), [&](auto& f) { return f.trace == path; });
        if (seen) break;
        std::vector<std::string> prefix(lines.begin(), lines.begin() + n);
        std::size_t calls = steps_in(prefix);
        r.traces.push_back(TraceFinding{path, n, calls, v.detail});
        Counterexample c;
        c.engine = "trace";
        c.path = path;
        c.line = n;
        c.length = calls;
        c.detail = v.detail;
        c.lines = std::move(prefix);
        locate(c, judged);
        r.counterexamples.push_back(std::move(c));
        break;
      }
    }
  }
  t.calls = replayer.calls();
  t.profile = replayer.world().profile().name;
  return t;
}

}  // namespace

int run_report_command(const ReportOptions& o, std::ostream& out, std::ostream& err) {
  const auto t0 = std::chrono::steady_clock::now();
  auto unusable = [&](const std::string& why) {
    err << "meshcheck report: " << why << "\n";
    return 2;
  };
  // --- check everything before the long work ---------------------------------------
  // The profiles to judge: one, or every profile side by side ("all", deployed first).
  std::vector<std::string> profiles;
  if (o.profile == "all") {
    profiles = model::profile_names();
  } else if (model::find_profile(o.profile)) {
    profiles = {o.profile};
  } else {
    std::string names;
    for (auto& n : model::profile_names()) names += n + ", ";
    return unusable("unknown profile \"" + o.profile + "\" (available: " + names + "all)");
  }
  auto budget = budget_named(o.budget);
  if (!budget) return unusable("unknown --budget \"" + o.budget + "\" (small, default or large)");
  if (o.depth) budget->depth = *o.depth;
  if (o.timeout_seconds) budget->timeout_seconds = *o.timeout_seconds;
  if (o.rlimit) budget->rlimit = *o.rlimit;
  if (o.runs) budget->runs = *o.runs;
  if (o.max_calls) budget->max_calls = *o.max_calls;
  if (o.jobs < 1) return unusable("--jobs must be at least 1");
  if (!o.prove && !o.fuzz && o.traces.empty()) return unusable("--no-prove and --no-fuzz leave nothing to run");
  for (auto& id : o.invariants) {
    const auto* inv = invariants::find_invariant(id);
    if (!inv) return unusable("unknown invariant \"" + id + "\" (meshcheck list shows the catalog)");
    if (std::none_of(profiles.begin(), profiles.end(), [&](const std::string& p) { return inv->in_profile(p); }))
      return unusable("invariant " + id + " is not in profile " + o.profile + " (meshcheck list --profile " +
                      o.profile + " shows its invariants)");
  }
  // --invariant picks from every profile judged; a profile left with none of them is not judged.
  std::vector<std::vector<std::string>> selected_in;  // per profile
  {
    std::vector<std::string> kept;
    for (auto& p : profiles) {
      std::vector<std::string> ids;
      for (auto& id : o.invariants)
        if (invariants::find_invariant(id)->in_profile(p)) ids.push_back(id);
      if (!o.invariants.empty() && ids.empty()) continue;
      kept.push_back(p);
      selected_in.push_back(std::move(ids));
    }
    profiles = std::move(kept);
  }
  if (o.out_dir.empty()) return unusable("--out must name a directory");
  std::error_code ec;
  if (fs::exists(o.out_dir, ec) && !fs::is_directory(o.out_dir, ec))
    return unusable("--out " + o.out_dir + " is not a directory");
  std::vector<std::string> trace_texts;
  for (auto& path : o.traces) {
    std::string text;
    if (!read_file(path, text)) return unusable(path + ": cannot read the trace");
    trace_texts.push_back(std::move(text));
  }
  std::optional<Baseline> baseline;
  std::string baseline_digest;
  if (!o.baseline.empty()) {
    try {
      baseline = load_baseline(o.baseline);
    } catch (const std::exception& e) {
      return unusable(e.what());
    }
    std::string text;
    read_file(o.baseline, text);
    baseline_digest = hex_digest(text);
  }
  const std::string cx_dir = (fs::path(o.out_dir) / "counterexamples").string();
  // Each profile's engines: the fuzzer's and the prover's options, and, when the prover
  // cannot judge the profile in this build, why (its verdicts then stay unproved).
  struct Engines {
    std::string profile;
    fuzz::FuzzOptions fo;
    smt::ProveOptions po;
    std::string prover_missing;
  };
  std::vector<Engines> engines;
  for (std::size_t k = 0; k < profiles.size(); ++k) {
    Engines e;
    e.profile = profiles[k];
    const fs::path dir = fs::path(cx_dir) / e.profile;
    e.fo.profile = e.profile;
    e.fo.invariants = selected_in[k];
    e.fo.seed = o.seed;
    e.fo.runs = budget->runs;
    e.fo.max_calls = budget->max_calls;
    e.fo.jobs = static_cast<int>(o.jobs);
    e.fo.out_dir = (dir / "fuzz").string();
    e.fo.progress = false;
    if (o.fuzz)
      if (auto problem = fuzz::check_options(e.fo); !problem.empty()) return unusable("fuzzer: " + problem);
    e.po.profile = e.profile;
    e.po.invariants = selected_in[k];
    e.po.depth = budget->depth;
    e.po.rlimit = budget->rlimit;
    e.po.bmc_rlimit = budget->bmc_rlimit;
    e.po.timeout_seconds = budget->timeout_seconds;
    // Every query has a context of its own and a resource limit, and counterexamples are
    // canonical, so the prover's files do not depend on its job count either.
    e.po.jobs = o.jobs;
    e.po.out_dir = (dir / "prove").string();
    e.po.no_assume = o.no_assume;
    if (o.prove && e.profile == "spec" && !o.prove_spec) {
      e.prover_missing =
          "the spec prover was not run (it takes many minutes: `meshcheck report --prove-spec` or `meshcheck prove "
          "--profile spec`)";
    } else if (o.prove) {
      if (auto problem = smt::check_options(e.po); !problem.empty()) {
        // The same options for the profile the prover has always encoded: when they are
        // usable there, the problem is this profile, which this build's prover cannot
        // judge (the spec prover is written separately); else the options are wrong.
        smt::ProveOptions deployed = e.po;
        deployed.profile = "deployed";
        deployed.invariants.clear();
        if (e.profile == "deployed" || !smt::check_options(deployed).empty()) return unusable("prover: " + problem);
        e.prover_missing = "the " + e.profile + " prover is not in this build (" + problem + ")";
      }
    }
    engines.push_back(std::move(e));
  }
  fs::create_directories(o.out_dir, ec);
  if (ec) return unusable("cannot create " + o.out_dir + ": " + ec.message());
  fs::remove_all(cx_dir, ec);  // counterexamples of an earlier report would contradict this one

  Report report;
  if (!o.mutation.empty()) {
    // The mutation run's score, read before anything runs: a bad folder is exit 2 at once.
    const fs::path json_path = fs::path(o.mutation) / "mutation.json";
    std::ifstream in(json_path);
    nlohmann::json doc;
    try {
      if (!in) throw std::runtime_error("cannot read it");
      doc = nlohmann::json::parse(in);
      const auto& p = doc.at("summary").at("profile");
      Report::MutationLink link;
      link.href = fs::relative(fs::absolute(fs::path(o.mutation) / "mutation.md"), fs::absolute(o.out_dir)).string();
      link.score = p.at("score").get<std::string>();
      link.total = p.at("total").get<std::size_t>();
      link.killed = p.at("killed").get<std::size_t>();
      link.equivalent = p.at("equivalent").get<std::size_t>();
      for (auto it = doc.at("summary").at("contracts").begin(); it != doc.at("summary").at("contracts").end(); ++it)
        link.contracts.emplace_back(it.key(), it.value().at("score").get<std::string>());
      report.mutation = link;
    } catch (const std::exception& e) {
      return unusable(json_path.string() + ": not a meshcheck mutate result (" + e.what() + ")");
    }
  }
  report.tool_version = MESHCHECK_VERSION;
  report.profile = o.profile;
  report.profiles = profiles;
  report.seed = o.seed;
  report.budget = *budget;
  report.ran_prover = o.prove;
  report.ran_fuzzer = o.fuzz;
  report.selected = o.invariants;
  if (o.prove) {
    // The assumptions the provers that run could use, in catalog order.
    std::vector<std::string> usable;
    for (auto& e : engines)
      if (e.prover_missing.empty())
        for (auto& a : e.po.assumptions())
          if (std::find(usable.begin(), usable.end(), a) == usable.end()) usable.push_back(a);
    for (auto& a : invariants::assumptions())
      if (std::find(usable.begin(), usable.end(), a.id) != usable.end()) report.assumptions.push_back(a.id);
  }
  for (std::size_t k = 0; k < profiles.size(); ++k) {
    const std::string& p = profiles[k];
    for (auto& inv : invariants::catalog()) {
      if (!inv.in_profile(p)) continue;
      const auto& ids = selected_in[k];
      if (!ids.empty() && std::find(ids.begin(), ids.end(), inv.id) == ids.end()) continue;
      InvariantResult r;
      r.profile = p;
      r.invariant = inv;
      // The report speaks the profile's words (a restated invariant's own statement).
      r.invariant.statement = inv.statement_in(p);
      r.invariant.why_it_matters = inv.why_in(p);
      if (o.prove) r.prover_missing = engines[k].prover_missing;
      report.invariants.push_back(std::move(r));
    }
  }
  auto find = [&](const std::string& profile, const std::string& id) -> InvariantResult* {
    for (auto& r : report.invariants)
      if (r.profile == profile && r.invariant.id == id) return &r;
    return nullptr;
  };
  Progress progress(err, o.progress && ::isatty(STDERR_FILENO));

  for (auto& e : engines) {
    const std::string& p = e.profile;
    const std::string lead = profiles.size() > 1 ? p + ": " : "";
    // --- the fuzzer -------------------------------------------------------------------
    if (o.fuzz) {
      const auto t = std::chrono::steady_clock::now();
      std::size_t total = 0, done = 0;
      std::uint64_t calls = 0;
      for (auto& r : report.invariants)
        if (r.profile == p) total += r.invariant.checkable_on_runs(p);
      progress.show(lead + "fuzz 0/" + std::to_string(total) + " invariants searched");
      auto campaign = fuzz::run_campaign(e.fo, [&](const fuzz::Verdict& v) {
        calls += v.calls;
        progress.show(lead + "fuzz " + std::to_string(++done) + "/" + std::to_string(total) +
                      " invariants searched, " + std::to_string(calls) + " calls fuzzed (" + v.id + ")");
      });
      if (auto problem = fuzz::write_counterexamples(campaign, e.fo.out_dir); !problem.empty()) {
        progress.clear();
        return unusable(problem);
      }
      report.coverage[p] = campaign.coverage;
      for (auto& v : campaign.verdicts) {
        InvariantResult* r = find(p, v.id);
        if (!r) continue;
        if (v.kind == fuzz::Verdict::Kind::Violated) {
          r->counterexamples.push_back(engine_counterexample("fuzz", v.id, v.counterexample, v.detail, p));
        }
        v.coverage = fuzz::Coverage();  // the campaign's total is kept; per-invariant bits are not reported
        r->fuzz = std::move(v);
      }
      report.timing.fuzz += since(t);
    }

    // --- the prover -------------------------------------------------------------------
    if (o.prove && e.prover_missing.empty()) {
      const auto t = std::chrono::steady_clock::now();
      progress.show(lead + "prove: starting");
      smt::ProveResult result;
      try {
        result = smt::prove(e.po, [&](std::size_t done, std::size_t total) {
          progress.show(lead + "prove " + std::to_string(done) + "/" + std::to_string(total) +
                        " proof obligations done");
        });
      } catch (const std::exception& failure) {
        // A prover that fails on one profile costs that profile's proofs, not the other
        // profile's verdicts: each of its invariants is an ERROR saying why (exit 1).
        for (auto& r : report.invariants)
          if (r.profile == p) {
            smt::ProofVerdict v;
            v.id = r.invariant.id;
            v.kind = smt::ProofVerdict::Kind::Error;
            v.detail = std::string("the ") + p + " prover failed: " + failure.what();
            r.prove = std::move(v);
          }
        report.timing.prove += since(t);
        continue;
      }
      if (auto problem = smt::write_counterexamples(e.po, result); !problem.empty()) {
        progress.clear();
        return unusable(problem);
      }
      for (auto& v : result.verdicts) {
        InvariantResult* r = find(p, v.id);
        if (!r) continue;
        if (v.kind == smt::ProofVerdict::Kind::Violated) {
          r->counterexamples.push_back(engine_counterexample("prove", v.id, v.trace, v.detail, p));
        }
        r->prove = std::move(v);
      }
      report.safety_net_fired += result.safety_net_fired;
      report.timing.prove += since(t);
    }
  }

  // --- traces -------------------------------------------------------------------------
  {
    const auto t = std::chrono::steady_clock::now();
    // A trace's deploy lines say its profile; without them, the first profile judged.
    const model::Profile& first = *model::find_profile(profiles.front());
    for (std::size_t i = 0; i < o.traces.size(); ++i) {
      progress.show("replaying " + o.traces[i]);
      report.traces.push_back(replay_trace(o.traces[i], trace_texts[i], first, report.invariants));
    }
    report.timing.replay = since(t);
  }
  progress.clear();
  for (auto& r : report.invariants) merge(r);
  if (baseline) {
    report.baseline = compare(*baseline, report);
    report.baseline->digest = baseline_digest;
  }
  report.timing.total = since(t0);

  // --- the files ----------------------------------------------------------------------
  const std::pair<const char*, std::string> files[] = {
      {"report.json", render_json(report)},   {"report.md", render_markdown(report)},
      {"report.html", render_html(report)},   {"junit.xml", render_junit(report)},
      {"report.sarif", render_sarif(report)},
  };
  for (auto& [name, text] : files) {
    const std::string path = (fs::path(o.out_dir) / name).string();
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << text;
    f.close();
    if (!f) return unusable("cannot write " + path);
  }

  // --- the terminal summary -----------------------------------------------------------
  out << "meshcheck report: profile " << report.profile << ", seed " << report.seed << ", budget "
      << report.budget.name << "\n";
  for (auto& r : report.invariants) {
    if (r.merged != Merged::Violated && r.merged != Merged::Error && r.merged != Merged::Unknown) continue;
    out << "  " << (report.side_by_side() ? r.profile + " " : "") << r.invariant.id << "  " << merged_name(r.merged)
        << ": " << r.summary << "\n";
    if (!r.counterexamples.empty() && r.counterexamples.front().engine != "trace")
      out << "      " << (fs::path(o.out_dir) / r.counterexamples.front().path).string() << "\n";
  }
  for (auto& t : report.traces)
    for (auto& d : t.divergences) out << "  " << t.path << ":" << d << "\n";
  if (report.baseline)
    for (auto& c : report.baseline->changes)
      out << "  baseline: " << (c.profile.empty() || !report.side_by_side() ? "" : c.profile + " ") << c.id << ": " << c.what << " (" << c.before << " -> " << c.after << ")"
          << (c.worse ? " WORSE" : "") << "\n";
  for (auto& p : report.profiles)
    for (auto& r : report.invariants)
      if (r.profile == p && !r.prover_missing.empty()) {
        out << "  " << p << ": not proved: " << r.prover_missing << "\n";
        break;
      }
  // Proofs that stand on an assumption say so here too, with the assumption's statement.
  for (auto* a : report.used_assumptions()) {
    out << "  proved assuming " << a->id << ":";
    for (auto& id : report.proved_under(a->id)) out << " " << id;
    out << "\n      " << a->id << ": " << a->statement << "\n";
  }
  out << report.summary_line() << "\n";
  out << "reports in " << o.out_dir << "/: report.md, report.html, report.json, junit.xml, report.sarif\n";
  return report.exit_code();
}

}  // namespace meshcheck::reports
