#include "fuzz/campaign.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "fuzz/setup.hpp"
#include "fuzz/workers.hpp"

namespace meshcheck::fuzz {

namespace fs = std::filesystem;

namespace {
bool wanted(const FuzzOptions& o, const std::string& id) {
  return o.invariants.empty() || std::find(o.invariants.begin(), o.invariants.end(), id) != o.invariants.end();
}

std::string file_for(const std::string& out_dir, const std::string& id) {
  return (fs::path(out_dir) / (id + ".jsonl")).string();
}
}  // namespace

std::size_t CampaignResult::violated() const {
  return std::count_if(verdicts.begin(), verdicts.end(), [](auto& v) { return v.kind == Verdict::Kind::Violated; });
}
std::size_t CampaignResult::errors() const {
  return std::count_if(verdicts.begin(), verdicts.end(), [](auto& v) { return v.kind == Verdict::Kind::Error; });
}

std::string check_options(const FuzzOptions& o) {
  const model::Profile* profile = model::find_profile(o.profile);
  if (!profile) {
    std::string names;
    for (auto& n : model::profile_names()) names += (names.empty() ? "" : ", ") + n;
    return "unknown profile \"" + o.profile + "\" (available: " + names + ")";
  }
  if (!fuzzable(*profile))
    return "the fuzzer has no handlers for profile \"" + o.profile + "\" (it fuzzes: deployed, spec)";
  for (auto& id : o.invariants) {
    if (const invariants::Invariant* inv = invariants::find_invariant(id)) {
      if (inv->in_profile(o.profile)) continue;
      return "invariant \"" + id + "\" is not one of profile " + o.profile + "'s";
    }
    std::string ids;
    for (auto& i : invariants::catalog()) ids += (ids.empty() ? "" : ", ") + i.id;
    return "unknown invariant \"" + id + "\" (the catalog: " + ids + ")";
  }
  if (o.runs < 1) return "--runs must be at least 1 (got " + std::to_string(o.runs) + ")";
  if (o.max_calls < 1) return "--max-calls must be at least 1 (got " + std::to_string(o.max_calls) + ")";
  if (o.jobs < 1) return "--jobs must be at least 1 (got " + std::to_string(o.jobs) + ")";
  if (o.out_dir.empty()) return "--out must name a directory";
  std::error_code ec;
  if (fs::exists(o.out_dir, ec) && !fs::is_directory(o.out_dir, ec)) return "--out " + o.out_dir + " is not a directory";
  return "";
}

CampaignResult run_campaign(const FuzzOptions& o, const std::function<void(const Verdict&)>& done) {
  const model::Profile& profile = *model::find_profile(o.profile);
  const SearchParams params{o.seed, o.runs, o.max_calls};
  std::vector<const invariants::Invariant*> selected, searched;
  for (auto& inv : invariants::catalog()) {
    if (!wanted(o, inv.id) || !inv.in_profile(o.profile)) continue;
    selected.push_back(&inv);
    if (inv.checkable_on_runs(o.profile)) searched.push_back(&inv);
  }
  std::vector<Verdict> found = run_in_workers(
      searched.size(), o.jobs, [&](std::size_t i) { return fuzz_invariant(profile, *searched[i], params); }, done);

  CampaignResult result;
  if (!catalog_covers(profile)) {
    // Nothing to check yet: the campaign's sequences run for their coverage alone.
    std::vector<std::string> contracts;
    for (auto* c : profile.contracts) contracts.push_back(c->name);
    contracts.push_back("");  // all six alike
    result.unchecked = run_in_workers(
        contracts.size(), o.jobs, [&](std::size_t i) { return fuzz_unchecked(profile, contracts[i], params); }, done);
    for (auto& u : result.unchecked) result.coverage.merge(u.coverage);
  }
  for (auto* inv : selected) {
    auto it = std::find(searched.begin(), searched.end(), inv);
    if (it == searched.end()) {
      Verdict v;
      v.id = inv->id;
      v.kind = Verdict::Kind::NotCheckable;
      result.verdicts.push_back(std::move(v));
      continue;
    }
    Verdict& v = found[it - searched.begin()];
    v.id = inv->id;  // also when its worker died before reporting
    result.coverage.merge(v.coverage);
    result.verdicts.push_back(std::move(v));
  }
  return result;
}

std::string write_counterexamples(const CampaignResult& result, const std::string& out_dir) {
  std::error_code ec;
  if (result.violated() > 0) {
    fs::create_directories(out_dir, ec);
    if (ec) return "cannot create " + out_dir + ": " + ec.message();
  }
  for (auto& v : result.verdicts) {
    std::string path = file_for(out_dir, v.id);
    if (v.kind == Verdict::Kind::NotViolated) {
      fs::remove(path, ec);  // a counterexample of an earlier campaign would contradict this verdict
      continue;
    }
    if (v.kind != Verdict::Kind::Violated) continue;
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    for (auto& line : v.counterexample) f << line << '\n';
    f.close();
    if (!f) return "cannot write " + path;
  }
  return "";
}

void print_campaign(const FuzzOptions& o, const CampaignResult& result, std::ostream& out) {
  out << "meshcheck fuzz: profile " << o.profile << ", seed " << o.seed << ", up to " << o.runs
      << " sequences of at most " << o.max_calls << " calls per invariant\n";
  std::size_t width = 0;
  for (auto& v : result.verdicts) width = std::max(width, v.id.size());
  std::size_t counts[4] = {};
  for (auto& v : result.verdicts) {
    ++counts[static_cast<int>(v.kind)];
    out << "  " << v.id << std::string(width - v.id.size() + 2, ' ');
    switch (v.kind) {
      case Verdict::Kind::NotViolated:
        out << "not violated in " << v.sequences << " sequences and " << v.calls << " calls\n";
        break;
      case Verdict::Kind::Violated:
        out << "VIOLATED: " << file_for(o.out_dir, v.id) << " (" << v.length << " call" << (v.length == 1 ? "" : "s")
            << ", found in sequence " << v.sequences << ")\n"
            << "  " << std::string(width + 2, ' ') << v.detail << "\n";
        break;
      case Verdict::Kind::NotCheckable: out << "not checkable by fuzzing (the prover judges it)\n"; break;
      case Verdict::Kind::Error: out << "ERROR: " << v.detail << "\n"; break;
    }
  }
  if (!result.unchecked.empty()) {
    int sequences = 0;
    std::uint64_t calls = 0;
    for (auto& u : result.unchecked) {
      sequences += u.sequences;
      calls += u.calls;
      if (u.kind == Verdict::Kind::Error) out << "  " << u.id << ": ERROR: " << u.detail << "\n";
    }
    out << "  the catalog has no invariants of profile " << o.profile << " yet: " << sequences << " sequences ("
        << result.unchecked.size() << " searches: one aimed at each contract, one at all) and " << calls
        << " calls run unchecked, for their coverage\n";
  }
  out << "\nbranch coverage over the campaign (branches reached/total per message):\n";
  result.coverage.report(*model::find_profile(o.profile), out);
  out << "\n"
      << counts[static_cast<int>(Verdict::Kind::Violated)] << " violated, "
      << counts[static_cast<int>(Verdict::Kind::NotViolated)] << " not violated, "
      << counts[static_cast<int>(Verdict::Kind::NotCheckable)] << " not checkable by fuzzing";
  if (auto e = counts[static_cast<int>(Verdict::Kind::Error)]) out << ", " << e << " failed to run";
  out << " (" << result.verdicts.size() << " invariants)\n";
  if (result.violated())
    out << "replay a counterexample with: meshcheck replay " << file_for(o.out_dir, "<ID>") << "\n";
}

int run_fuzz_command(const FuzzOptions& options, std::ostream& out, std::ostream& err, CampaignResult* kept) {
  if (std::string problem = check_options(options); !problem.empty()) {
    err << "meshcheck fuzz: " << problem << "\n";
    return 2;
  }
  const bool show_progress = options.progress && ::isatty(STDERR_FILENO);
  std::size_t total = 0, finished = 0;
  for (auto& inv : invariants::catalog())
    if (inv.checkable_on_runs(options.profile) && wanted(options, inv.id) && inv.in_profile(options.profile)) ++total;
  if (const model::Profile* p = model::find_profile(options.profile); p && !catalog_covers(*p))
    total = p->contracts.size() + 1;
  CampaignResult result = run_campaign(options, [&](const Verdict& v) {
    if (!show_progress) return;
    err << "\r\033[Kmeshcheck fuzz: " << ++finished << "/" << total << " invariants searched (" << v.id << ")"
        << std::flush;
  });
  if (show_progress) err << "\r\033[K" << std::flush;
  if (std::string problem = write_counterexamples(result, options.out_dir); !problem.empty()) {
    err << "meshcheck fuzz: " << problem << "\n";
    return 2;
  }
  print_campaign(options, result, out);
  const bool unchecked_failed = std::any_of(result.unchecked.begin(), result.unchecked.end(),
                                           [](const Verdict& u) { return u.kind == Verdict::Kind::Error; });
  int status = result.violated() || result.errors() || unchecked_failed ? 1 : 0;
  if (kept) *kept = std::move(result);
  return status;
}

}  // namespace meshcheck::fuzz
