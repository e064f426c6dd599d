#include "mutation/run.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "invariants/invariant.hpp"
#include "model/profile.hpp"
#include "mutation/equivalent.hpp"
#include "mutation/report.hpp"
#include "mutation/spec/catalog.hpp"
#include "mutation/spec/equivalent.hpp"

extern char** environ;

namespace meshcheck::mutation {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json settings_of(const JudgeOptions& j) {
  json engines = json::array();
  for (Engine e : j.engines) engines.push_back(std::string(kEngineNames[e]));
  return {{"engines", engines}, {"seeds", j.seeds},   {"runs", j.runs},           {"max_calls", j.max_calls},
          {"depth", j.depth},   {"rlimit", j.rlimit}, {"bmc_rlimit", j.bmc_rlimit}, {"without", j.without}};
}

JudgeOptions judge_options(const json& settings, const std::string& profile, const std::string& contract,
                           const json& traces_dirs) {
  JudgeOptions j;
  j.profile = profile;
  j.contract = contract;
  j.traces_dirs = traces_dirs.get<std::vector<std::string>>();
  j.engines.clear();
  for (auto& name : settings["engines"])
    for (Engine e : model::all_of<Engine>())
      if (kEngineNames[e] == name.get<std::string>()) j.engines.push_back(e);
  j.seeds = settings["seeds"].get<std::vector<std::uint64_t>>();
  j.runs = settings["runs"];
  j.max_calls = settings["max_calls"];
  j.depth = settings["depth"];
  j.rlimit = settings["rlimit"];
  j.bmc_rlimit = settings["bmc_rlimit"];
  j.without = settings["without"].get<std::vector<std::string>>();
  return j;
}

// A spec mutant's hooks (mutation/spec/hooks.hpp) as its job file carries them: the
// parent has the catalog; a worker given this does not generate it again.
json active_json(const spec::ActiveSite& a) {
  return {{"contract", a.contract}, {"message", a.message}, {"kind", static_cast<int>(a.kind)}, {"detail", a.detail},
          {"file", a.file},         {"line", a.line},       {"op", static_cast<int>(a.op)}};
}
spec::ActiveSite active_from(const json& j) {
  spec::ActiveSite a;
  a.contract = j.at("contract").get<std::string>();
  a.message = j.at("message").get<std::string>();
  a.kind = static_cast<SiteKind>(j.at("kind").get<int>());
  a.detail = j.at("detail").get<std::string>();
  a.file = j.at("file").get<std::string>();
  a.line = j.at("line").get<unsigned>();
  a.op = static_cast<Op>(j.at("op").get<int>());
  return a;
}

bool read_json(const std::string& path, json& out) {
  std::ifstream in(path);
  if (!in) return false;
  try {
    out = json::parse(in);
  } catch (const json::exception&) {
    return false;
  }
  return true;
}

bool write_text(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::trunc);
  f << text;
  return static_cast<bool>(f);
}

// One child process judging `id` ("baseline" or a mutant ID).
struct Child {
  std::string id;
  std::string contract;  // its job's key: base_key(profile, contract)
  fs::path result, log;
};

// A contract's baseline and job, by profile: the contract's name for deployed (the
// document deployed-only users had), "spec:<contract>" for spec.
std::string base_key(const std::string& profile, const std::string& contract) {
  return profile == "deployed" ? contract : profile + ":" + contract;
}

pid_t spawn(const std::string& self, const Child& c, const fs::path& job) {
  std::vector<std::string> args{self, "mutate", "--worker", c.id, "--job", job.string(), "--result", c.result.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, c.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, self.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

// The last non-empty line of a child's log: what it said before it died.
std::string last_line(const fs::path& log) {
  std::ifstream in(log);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

// Runs `children` (job file of each contract in `jobs`) `parallel` at a time. Returns
// each one's result JSON by ID (by contract when `by_contract`), or for one that died,
// {"crash": why}.
std::map<std::string, json> run_children(const std::string& self, const std::vector<Child>& children,
                                         const std::map<std::string, fs::path>& jobs, int parallel, bool progress,
                                         std::ostream& err, const std::string& what, bool by_contract = false) {
  std::map<std::string, json> out;
  std::map<pid_t, const Child*> running;
  std::size_t next = 0, done = 0, killed = 0;
  auto report = [&] {
    if (!progress) return;
    err << "\rmutate: " << what << " " << done << "/" << children.size();
    if (what == "mutants") err << ", " << killed << " killed";
    err << std::flush;
  };
  report();
  while (next < children.size() || !running.empty()) {
    while (next < children.size() && running.size() < static_cast<std::size_t>(parallel)) {
      const Child& c = children[next++];
      pid_t pid = spawn(self, c, jobs.at(c.contract));
      if (pid < 0) {
        out[by_contract ? c.contract : c.id] = {{"crash", "cannot start " + self}};
        ++done;
        continue;
      }
      running[pid] = &c;
    }
    if (running.empty()) continue;
    int status = 0;
    pid_t pid = waitpid(-1, &status, 0);
    auto it = running.find(pid);
    if (it == running.end()) continue;
    const Child& c = *it->second;
    const std::string key = by_contract ? c.contract : c.id;
    running.erase(it);
    ++done;
    json r;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && read_json(c.result.string(), r)) {
      out[key] = r;
      if (r.value("status", "") == "killed") ++killed;
    } else {
      std::string why = WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status))
                                            : "exit status " + std::to_string(WEXITSTATUS(status));
      std::string said = last_line(c.log);
      out[key] = {{"crash", said.empty() ? why : why + ": " + said}};
      ++killed;
    }
    report();
  }
  if (progress) err << "\n";
  return out;
}

bool parse_shard(const std::string& text, std::size_t& k, std::size_t& n) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return false;
  try {
    std::size_t used = 0;
    k = std::stoul(text.substr(0, slash), &used);
    if (used != slash) return false;
    n = std::stoul(text.substr(slash + 1), &used);
    if (used != text.size() - slash - 1) return false;
  } catch (const std::exception&) {
    return false;
  }
  return n >= 1 && k >= 1 && k <= n;
}

int write_outputs(const json& doc, const std::string& out_dir, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (!write_text(fs::path(out_dir) / "mutation.json", doc.dump(2) + "\n") ||
      !write_text(fs::path(out_dir) / "mutation.md", markdown(doc))) {
    err << "meshcheck mutate: cannot write " << out_dir << "/mutation.json or mutation.md\n";
    return 2;
  }
  const json& p = doc["summary"]["profile"];
  const std::size_t unexplained = unexplained_survivors(doc);
  out << "profile " << doc["profile"].get<std::string>() << ": " << p["killed"] << " of " << p["total"]
      << " mutants killed, " << p["equivalent"] << " equivalent, score " << p["score"].get<std::string>() << "\n";
  if (doc["summary"].contains("profiles"))
    for (auto& [name, t] : doc["summary"]["profiles"].items())
      out << "  profile " << name << ": " << t["killed"] << "/" << t["total"] << " killed, " << t["equivalent"]
          << " equivalent, score " << t["score"].get<std::string>() << "\n";
  for (auto& [name, t] : doc["summary"]["contracts"].items())
    out << "  " << name << ": " << t["killed"] << "/" << t["total"] << " killed, score " << t["score"].get<std::string>()
        << "\n";
  for (auto& m : doc["mutants"])
    if (m["status"] != "killed" && m["equivalent"].get<std::string>().empty())
      out << "  survived: " << m["id"].get<std::string>() << " at " << m["location"].get<std::string>() << ": "
          << m["description"].get<std::string>() << "\n";
  out << "wrote " << out_dir << "/mutation.json and " << out_dir << "/mutation.md\n";
  return unexplained ? 1 : 0;
}

}  // namespace

int run_mutate_worker(const std::string& id, const std::string& job_path, const std::string& result) {
  json job;
  if (!read_json(job_path, job)) throw std::runtime_error("cannot read the job file " + job_path);
  JudgeOptions o = judge_options(job["settings"], job.value("profile", std::string("deployed")), job["contract"],
                                 job["traces_dirs"]);
  json r;
  if (id == "baseline") {
    activate(nullptr);
    r = baseline(o);
  } else if (job.contains("spec_active") && job["spec_active"].contains(id)) {
    activate(nullptr);
    spec::activate(active_from(job["spec_active"][id]));
    r = judge(o, job["baseline"]);
  } else {
    const Mutant* m = find_mutant(id);
    if (!m) throw std::runtime_error("no mutant " + id);
    activate(m);
    r = judge(o, job["baseline"]);
  }
  if (!write_text(result, r.dump() + "\n")) throw std::runtime_error("cannot write " + result);
  return 0;
}

int run_mutate_command(RunOptions o, std::ostream& out, std::ostream& err) {
  auto unusable = [&](const std::string& why) {
    err << "meshcheck mutate: " << why << "\n";
    return 2;
  };
  if (!o.merge.empty()) {
    std::vector<json> docs;
    for (auto& dir : o.merge) {
      json d;
      if (!read_json((fs::path(dir) / "mutation.json").string(), d))
        return unusable("cannot read " + (fs::path(dir) / "mutation.json").string());
      docs.push_back(d);
    }
    std::string error;
    json doc = merge(docs, error);
    if (!error.empty()) return unusable(error);
    return write_outputs(doc, o.out_dir, out, err);
  }
  if (o.profile != "all" && o.profile != "deployed" && o.profile != "spec")
    return unusable("unknown profile \"" + o.profile + "\" (mutate knows: all, deployed, spec)");
  const std::vector<std::string> profiles =
      o.profile == "all" ? std::vector<std::string>{"deployed", "spec"} : std::vector<std::string>{o.profile};
  for (auto& p : profiles)
    if (!model::find_profile(p)) return unusable("profile \"" + p + "\" is not in this build");
  std::vector<std::string> with_sites;
  if (!o.contracts.empty())
    for (auto& p : profiles)
      for (auto& c : contracts_with_sites(p))
        if (std::find(with_sites.begin(), with_sites.end(), c) == with_sites.end()) with_sites.push_back(c);
  for (auto& c : o.contracts)
    if (std::find(with_sites.begin(), with_sites.end(), c) == with_sites.end()) {
      std::string names;
      for (auto& n : with_sites) names += " " + n;
      return unusable("contract \"" + c + "\" has no mutation sites (those with sites:" + names + ")");
    }
  for (auto& id : o.mutants) {
    const Mutant* m = find_mutant(id);
    if (!m) return unusable("no mutant \"" + id + "\" (mutation.json of a run lists them)");
    if (std::find(profiles.begin(), profiles.end(), m->profile) == profiles.end())
      return unusable("mutant \"" + id + "\" is of profile " + m->profile + ", not " + o.profile);
  }
  for (auto& id : o.judge.without)
    if (!invariants::find_invariant(id)) return unusable("unknown invariant \"" + id + "\"");
  if (o.jobs < 1) return unusable("--jobs must be at least 1");
  std::size_t k = 1, n = 1;
  if (!parse_shard(o.shard, k, n)) return unusable("--shard must be k/n with 1 <= k <= n (got \"" + o.shard + "\")");
  if (o.judge.engines.empty()) return unusable("no engine to run");
  if (o.traces_dirs.empty())
    o.traces_dirs = {source_dir() + "/tests/traces/upstream", source_dir() + "/tests/traces/mutation"};
  for (auto& dir : o.traces_dirs) {
    std::error_code dir_ec;
    if (!fs::is_directory(dir, dir_ec)) return unusable("--traces " + dir + " is not a folder");
  }
  if (o.spec_traces_dirs.empty()) o.spec_traces_dirs = {source_dir() + "/tests/traces/spec"};
  if (std::find(profiles.begin(), profiles.end(), "spec") != profiles.end())
    for (auto& dir : o.spec_traces_dirs) {
      std::error_code dir_ec;
      if (!fs::is_directory(dir, dir_ec)) return unusable("--spec-traces " + dir + " is not a folder");
    }
  if (o.self.empty()) o.self = "/proc/self/exe";

  // The mutants: the contracts' (or those named), in the catalog's order, then this shard's.
  std::vector<const Mutant*> selected;
  for (auto& p : profiles) {
    // Named mutants of one profile only: the other's catalog is not generated (the spec's
    // explores every spec message).
    if (!o.mutants.empty() && std::none_of(o.mutants.begin(), o.mutants.end(), [&](const std::string& id) {
          return find_mutant(id)->profile == p;
        }))
      continue;
    for (const Mutant& m : mutants(p)) {
      if (!o.contracts.empty() &&
          std::find(o.contracts.begin(), o.contracts.end(), m.contract_name()) == o.contracts.end())
        continue;
      if (!o.mutants.empty() && std::find(o.mutants.begin(), o.mutants.end(), m.id) == o.mutants.end()) continue;
      selected.push_back(&m);
    }
  }
  std::vector<const Mutant*> mine;
  for (std::size_t i = 0; i < selected.size(); ++i)
    if (i % n == k - 1) mine.push_back(selected[i]);

  const auto started = std::chrono::steady_clock::now();
  const fs::path work = fs::path(o.out_dir) / ".work";
  std::error_code ec;
  fs::create_directories(work, ec);
  if (ec) return unusable("cannot create " + work.string());
  const bool progress = o.progress && isatty(2);
  const json settings = settings_of(o.judge);

  // One baseline per (profile, contract), in parallel.
  std::vector<std::string> contracts;  // their keys, base_key
  std::map<std::string, std::pair<std::string, std::string>> key_of;  // key -> (profile, contract)
  for (auto* m : mine) {
    const std::string key = base_key(m->profile, m->contract_name());
    if (std::find(contracts.begin(), contracts.end(), key) == contracts.end()) contracts.push_back(key);
    key_of[key] = {m->profile, m->contract_name()};
  }
  auto job_of = [&](const std::string& key, const json& baseline) {
    const auto& pc = key_of.at(key);
    json job = {{"settings", settings},
                {"contract", pc.second},
                {"traces_dirs", pc.first == "deployed" ? o.traces_dirs : o.spec_traces_dirs},
                {"baseline", baseline}};
    if (pc.first != "deployed") job["profile"] = pc.first;  // (a deployed job file as before)
    return job;
  };
  std::map<std::string, fs::path> jobs;
  std::vector<Child> children;
  for (auto& c : contracts) {
    jobs[c] = work / (c + ".baseline-job.json");
    if (!write_text(jobs[c], job_of(c, nullptr).dump())) return unusable("cannot write " + jobs[c].string());
    children.push_back({"baseline", c, work / (c + ".baseline.json"), work / (c + ".baseline.log")});
  }
  // The baselines, --jobs at a time (keyed by contract: every child's ID is "baseline").
  json baselines = json::object();
  auto base_results = run_children(o.self, children, jobs, o.jobs, progress, err, "baselines", true);
  for (auto& c : contracts) {
    const json& b = base_results.at(c);
    if (b.contains("crash")) {
      err << "meshcheck mutate: the unmutated " << c << " cannot be judged: " << b["crash"].get<std::string>() << "\n";
      return 2;
    }
    baselines[c] = b;
  }

  // The spec mutants' hooks, in their contract's job file (see active_json).
  std::map<std::string, json> spec_active;
  for (const Mutant* m : mine)
    if (m->profile == "spec")
      spec_active[base_key(m->profile, m->contract_name())][m->id] =
          active_json(spec::spec_sites()[m->site].active(m->op));
  for (auto& c : contracts) {
    jobs[c] = work / (c + ".job.json");
    json job = job_of(c, baselines[c]);
    if (spec_active.count(c)) job["spec_active"] = spec_active[c];
    if (!write_text(jobs[c], job.dump())) return unusable("cannot write " + jobs[c].string());
  }

  children.clear();
  for (std::size_t i = 0; i < mine.size(); ++i)
    children.push_back({mine[i]->id, base_key(mine[i]->profile, mine[i]->contract_name()),
                        work / ("m" + std::to_string(i) + ".json"), work / ("m" + std::to_string(i) + ".log")});
  auto results = run_children(o.self, children, jobs, o.jobs, progress, err, "mutants");

  json entries = json::array();
  for (const Mutant* m : mine) {
    const json& r = results.at(m->id);
    json e = {{"id", m->id},
              {"profile", m->profile},
              {"contract", m->contract_name()},
              {"location", site_location(*m)},
              {"site", std::string(m->facts.name)},
              {"message", std::string(m->facts.message)},
              {"branch", std::string(m->facts.branch)},
              {"operator", std::string(op_name(m->op))},
              {"description", m->description}};
    if (r.contains("crash")) {
      e["status"] = "killed";
      e["engine"] = "crash";
      e["killers"] = json::array();
      e["detail"] = r["crash"];
    } else {
      for (auto key : {"status", "engine", "killers", "detail"}) e[key] = r[key];
    }
    e["equivalent"] = e["status"] == "killed" ? "" : std::string(spec::accepted_equivalent(m->id));
    entries.push_back(e);
  }
  fs::remove_all(work, ec);
  json doc = document(o.profile, settings, baselines, entries);
  int status = write_outputs(doc, o.out_dir, out, err);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out << mine.size() << " mutants judged in " << static_cast<long>(seconds + 0.5) << " s with " << o.jobs
      << " job" << (o.jobs == 1 ? "" : "s") << " (shard " << k << "/" << n << ")\n";
  return status;
}

}  // namespace meshcheck::mutation
