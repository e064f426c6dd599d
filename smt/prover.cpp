// prove(): the engines each invariant needs, their verdicts combined per invariant, and
// the counterexample files of the VIOLATED ones (prover.hpp).
#include "smt/prover.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "deployment/deployment.hpp"
#include "invariants/invariant.hpp"
#include "model/profile.hpp"
#include "smt/engines/bmc.hpp"
#include "smt/engines/funds_exit.hpp"
#include "smt/engines/induction.hpp"
#include "smt/engines/self_composition.hpp"
#include "smt/free_step.hpp"
#include "smt/query.hpp"
#include "smt/spec/bmc.hpp"
#include "smt/spec/prover.hpp"

namespace meshcheck::smt {

namespace fs = std::filesystem;
using Kind = ProofVerdict::Kind;

std::size_t ProveResult::count(Kind kind) const {
  return std::count_if(verdicts.begin(), verdicts.end(), [&](const ProofVerdict& v) { return v.kind == kind; });
}

std::string check_options(const ProveOptions& options) {
  if (!model::find_profile(options.profile)) return "unknown profile '" + options.profile + "'";
  for (auto& id : options.invariants) {
    const invariants::Invariant* inv = invariants::find_invariant(id);
    if (!inv) return "unknown invariant '" + id + "' (meshcheck list shows the catalog)";
    if (!inv->in_profile(options.profile))
      return "invariant '" + id + "' is not in the '" + options.profile + "' profile (meshcheck list --profile " +
             options.profile + ")";
  }
  if (options.depth == 0) return "--depth must be at least 1";
  if (options.jobs == 0) return "--jobs must be at least 1";
  if (options.rlimit > kMaxRlimit) return "--rlimit must be at most " + std::to_string(kMaxRlimit) + " (Z3's limit)";
  if (options.timeout_seconds == 0) return "--timeout must be at least 1 second";
  if (options.bmc_budget_seconds == 0) return "--bmc-budget must be at least 1 second";
  for (auto& id : options.no_assume)
    if (!invariants::find_assumption(id))
      return "unknown assumption '" + id + "' for --no-assume (meshcheck list shows the assumptions)";
  return "";
}

std::string counterexample_path(const ProveOptions& options, const std::string& id) {
  return (fs::path(options.out_dir) / (id + ".jsonl")).string();
}

namespace {

// An ERROR: `id` could not be judged, for the reason `why`.
ProofVerdict failed(const std::string& id, const std::string& why) {
  return ProofVerdict{id, Kind::Error, why, {}, {}, 0, {}, {}, 0};
}

// The worst of several parts: any VIOLATED or ERROR decides, then UNKNOWN, HOLDS, VACUOUS.
ProofVerdict combine(const std::string& id, std::vector<ProofVerdict> parts) {
  static const std::vector<Kind> order{Kind::Error,        Kind::Violated, Kind::Unknown,
                                       Kind::HoldsToDepth, Kind::Vacuous,  Kind::Proved};
  ProofVerdict out{id, Kind::Proved, "", {}, {}, 0, {}, {}, 0};
  for (Kind k : order) {
    auto it = std::find_if(parts.begin(), parts.end(), [&](const ProofVerdict& p) { return p.kind == k; });
    if (it != parts.end()) {
      out = *it;
      break;
    }
  }
  out.obligations.clear();
  std::set<std::string> lemmas;
  for (auto& p : parts) {
    out.obligations.insert(out.obligations.end(), p.obligations.begin(), p.obligations.end());
    lemmas.insert(p.lemmas.begin(), p.lemmas.end());
  }
  out.lemmas.assign(lemmas.begin(), lemmas.end());
  // A proof stands on what each of its parts assumed (in catalog order).
  out.assumptions.clear();
  if (out.kind == Kind::Proved || out.kind == Kind::Vacuous)
    for (auto& a : invariants::assumptions())
      if (std::any_of(parts.begin(), parts.end(), [&](const ProofVerdict& p) {
            return std::find(p.assumptions.begin(), p.assumptions.end(), a.id) != p.assumptions.end();
          }))
        out.assumptions.push_back(a.id);
  if (out.kind == Kind::Proved) {
    std::string details;
    for (auto& p : parts)
      if (!p.detail.empty()) details += (details.empty() ? "" : "; ") + p.detail;
    out.detail = details;
  }
  return out;
}

// Induction, part by part (a part: one contract's share of an invariant), for every
// wanted invariant that induction judges. Returns contract -> id -> part. The parts run
// in parallel, each on one thread (its steps one after the other): a part's steps
// vary a lot in cost (M-OUTPUT's execute_batch step is most of its part), and parts
// side by side keep both threads busy where one part's steps side by side would leave
// one idle while the other finishes the expensive step. A part whose induction ran its
// search for a violating run first (a transition invariant's undecided step; a state
// predicate Houdini refuted by a run) has that search applied already, and is named in
// `searched`: the search is not run again.
std::map<std::string, std::map<std::string, ProofVerdict>> induction_parts(
    const std::vector<const invariants::Invariant*>& wanted, const std::vector<ContractInduction>& contracts,
    const EngineContext& ctx, std::set<std::pair<std::string, std::string>>& searched) {
  struct Part {
    const invariants::Invariant* inv;
    const ContractInduction* contract;
    ProofVerdict verdict;
    std::optional<ProofVerdict> searched;  // its bounded model checking, when induction ran it first
    std::vector<Obligation> shallow;       // a shallow search's, that found nothing
  };
  std::vector<Part> todo;
  for (auto* inv : wanted) {
    if (inv->id == "G-FUNDS-EXIT" || inv->kind == invariants::Kind::TwoRun) continue;
    for (auto& contract : contracts) {
      Context c;
      auto all = invariants::predicates_of(contract.enc->spec->name, c);
      bool concerns =
          inv->contract.empty() ? find_predicate(all, inv->id) != nullptr : inv->contract == contract.enc->spec->name;
      if (concerns) todo.push_back({inv, &contract, failed(inv->id, "not judged"), std::nullopt, {}});
    }
  }
  ProveOptions serial = ctx.options;
  serial.jobs = 1;
  const EngineContext one_thread{serial, ctx.deployment, ctx.progress};
  const ProveOptions shallow_options = shallow_search_options(ctx.options);
  const EngineContext shallow{shallow_options, ctx.deployment, ctx.progress};
  std::vector<std::function<void()>> tasks;
  for (auto& part : todo)
    tasks.push_back([&part, &one_thread, &shallow] {
      try {
        // The part's search for a run that breaks it, should induction want it first.
        // Shallow (shallow_search_options): a violation it finds is the full search's
        // own; anything else is left for the full search, after induction.
        RunSearch search = [&part, &shallow] {
          ProofVerdict found = search_runs(*part.contract, part.inv->id, shallow);
          if (found.kind != Kind::Violated) {
            part.shallow = shallow_obligations(found);
            return false;
          }
          part.searched = std::move(found);
          return true;
        };
        part.verdict = prove_by_induction(*part.inv, *part.contract, one_thread, search);
        part.verdict.obligations.insert(part.verdict.obligations.end(), part.shallow.begin(), part.shallow.end());
        // A state predicate that Houdini refuted by a run: that search is the part's.
        if (auto it = part.contract->refuted.find(part.inv->id); it != part.contract->refuted.end())
          part.searched = it->second;
        if (!part.searched) return;
        if (part.verdict.kind == Kind::HoldsToDepth) {
          apply_search(*part.searched, part.verdict);
        } else {  // proved after all: the search's queries were asked all the same
          part.verdict.obligations.insert(part.verdict.obligations.end(), part.searched->obligations.begin(),
                                          part.searched->obligations.end());
        }
      } catch (const z3::exception& e) {
        part.verdict = failed(part.inv->id, std::string("the encoding is ill-formed: Z3: ") + e.msg());
      } catch (const std::exception& e) {
        part.verdict = failed(part.inv->id, e.what());
      }
    });
  run_parallel(tasks, ctx.options.jobs);
  std::map<std::string, std::map<std::string, ProofVerdict>> parts;
  for (auto& part : todo) {
    if (part.searched) searched.insert({part.contract->enc->spec->name, part.inv->id});
    parts[part.contract->enc->spec->name].emplace(part.inv->id, std::move(part.verdict));
  }
  return parts;
}

// The parts of an invariant that engines other than induction judge: G-FUNDS-EXIT per
// contract that accepts value, a two-run property by self-composition.
std::vector<ProofVerdict> other_engines_parts(const invariants::Invariant& inv,
                                              const std::vector<ContractInduction>& contracts,
                                              const EngineContext& ctx) {
  std::vector<ProofVerdict> mine;
  try {
    if (inv.id == "G-FUNDS-EXIT") {
      mine = prove_funds_exit(contracts, ctx);
    } else if (inv.kind == invariants::Kind::TwoRun) {
      mine.push_back(prove_two_run(inv.id, ctx));
    }
  } catch (const std::exception& e) {
    mine.push_back(failed(inv.id, e.what()));
  }
  return mine;
}

// The wall-clock safety net cut some query short: what it cut can change any verdict of
// the run (a lemma dropped from an inductive set, a solver that learnt less, a BMC
// budget spent differently), so every verdict but a replayed violation (a fact, on any
// machine) and an ERROR (a bug in meshcheck either way) is UNKNOWN, and says why.
void mark_safety_net(ProveResult& result) {
  for (auto& v : result.verdicts) {
    if (v.kind == Kind::Violated || v.kind == Kind::Error) continue;
    std::string was = std::string(verdict_name(v.kind)) + (v.detail.empty() ? "" : ": " + v.detail);
    v.kind = Kind::Unknown;
    v.safety_net = true;
    v.detail = "wall-clock safety net fired (" + std::to_string(result.safety_net_fired) +
               " time(s) in this run); on its own this run said " + was;
  }
}

}  // namespace

ProveResult prove(const ProveOptions& options, const std::function<void(std::size_t, std::size_t)>& progress) {
  // The spec profile: the composed prover (smt/spec/), one system of six contracts.
  if (options.profile == "spec") {
    // What induction does not prove is searched for from the standard deployment.
    spec::install_spec_refuter();
    return spec::prove_spec(options, progress);
  }
  auto t0 = std::chrono::steady_clock::now();
  SafetyNetTally safety_net;
  SafetyNetScope counting(&safety_net);
  const deployment::StandardDeployment deployed = deployment::deploy_standard(model::deployed_profile());
  Progress counter(progress);
  const EngineContext ctx{options, deployed, counter};
  std::vector<const invariants::Invariant*> wanted;
  for (auto& inv : invariants::catalog())
    if (!inv.in_profile(options.profile)) continue;
    else if (options.invariants.empty() ||
        std::find(options.invariants.begin(), options.invariants.end(), inv.id) != options.invariants.end())
      wanted.push_back(&inv);

  // The contracts the wanted invariants concern (all, when a global one is wanted).
  std::vector<ContractInduction> contracts;
  for (auto* enc : encodings()) {
    bool needed = std::any_of(wanted.begin(), wanted.end(), [&](const invariants::Invariant* inv) {
      return inv->contract.empty() || inv->contract == enc->spec->name;
    });
    if (needed) contracts.push_back(start_induction(*enc, options.assumptions()));
  }
  ProveResult result;
  try {
    houdini(contracts, ctx);
    check_vacuity(contracts, ctx);
  } catch (const std::exception& e) {
    // Without the inductive sets nothing can be judged: every wanted invariant is an ERROR.
    for (auto* inv : wanted) result.verdicts.push_back(failed(inv->id, e.what()));
    result.seconds = seconds_since(t0);
    return result;
  }

  // The parts (contract, invariant) whose bounded model checking induction ran already.
  std::set<std::pair<std::string, std::string>> searched;
  auto parts = induction_parts(wanted, contracts, ctx, searched);

  // Bounded model checking of what induction left, one part (an invariant in a contract)
  // per task, each on its own: in parallel, and its verdict whatever else is judged;
  // beside them, the parts the other engines judge (G-FUNDS-EXIT, self-composition).
  // The searches start in decreasing order of what their induction cost (resource
  // units, the same in every run), the best guess at their own cost that is known
  // before they run: the longest (M-OUTPUT's) starts first instead of last, and the
  // others fill the second thread meanwhile. The order changes no verdict: each task
  // has a context, a solver and a budget of its own.
  ProveOptions serial = options;
  serial.jobs = 1;
  const EngineContext one_thread{serial, deployed, counter};
  struct Search {
    std::uint64_t induction_rlimit;
    std::function<void()> run;
  };
  std::vector<Search> searches;
  for (auto& contract : contracts) {
    auto found = parts.find(contract.enc->spec->name);
    if (found == parts.end()) continue;
    for (auto& entry : found->second) {
      if (entry.second.kind != Kind::HoldsToDepth || searched.count({contract.enc->spec->name, entry.first})) continue;
      const std::string& id = entry.first;
      ProofVerdict& v = entry.second;
      std::uint64_t cost = 0;
      for (auto& o : v.obligations) cost += o.rlimit;
      searches.push_back({cost, [&contract, &id, &v, &one_thread] {
                            try {
                              bounded_model_check(contract, id, v, one_thread);
                            } catch (const z3::exception& e) {
                              v = failed(id, std::string("the encoding is ill-formed: Z3: ") + e.msg());
                            }
                          }});
    }
  }
  std::vector<std::vector<ProofVerdict>> others(wanted.size());
  for (std::size_t i = 0; i < wanted.size(); ++i)
    if (wanted[i]->id == "G-FUNDS-EXIT" || wanted[i]->kind == invariants::Kind::TwoRun)
      searches.push_back({0, [&others, &wanted, &contracts, &one_thread, i] {
                            others[i] = other_engines_parts(*wanted[i], contracts, one_thread);
                          }});
  std::stable_sort(searches.begin(), searches.end(),
                   [](const Search& a, const Search& b) { return a.induction_rlimit > b.induction_rlimit; });
  std::vector<std::function<void()>> tasks;
  for (auto& search : searches) tasks.push_back(std::move(search.run));
  run_parallel(tasks, options.jobs);

  for (std::size_t i = 0; i < wanted.size(); ++i) {
    const invariants::Invariant* inv = wanted[i];
    std::vector<ProofVerdict> mine = std::move(others[i]);
    for (auto& [contract, by_id] : parts)
      if (auto it = by_id.find(inv->id); it != by_id.end()) mine.push_back(it->second);
    ProofVerdict v =
        mine.empty() ? failed(inv->id, "no contract's encoding covers " + inv->id) : combine(inv->id, mine);
    v.seconds = 0;
    for (auto& o : v.obligations) v.seconds += o.seconds;
    result.verdicts.push_back(std::move(v));
  }
  // The counterexamples to induction that the verdicts show, minimized now (the others never are).
  std::vector<std::function<void()>> describe;
  for (auto& v : result.verdicts)
    if (v.detail_tail && (v.kind == Kind::HoldsToDepth || v.kind == Kind::Unknown))
      describe.push_back([&v] { v.detail += v.detail_tail(); });
  run_parallel(describe, options.jobs);
  for (auto& v : result.verdicts) v.detail_tail = nullptr;
  result.safety_net_fired = safety_net.count();
  if (result.safety_net_fired) mark_safety_net(result);
  result.seconds = seconds_since(t0);
  return result;
}

std::string write_counterexamples(const ProveOptions& options, const ProveResult& result) {
  std::error_code ec;
  for (auto& v : result.verdicts) {
    std::string path = counterexample_path(options, v.id);
    if (v.kind != Kind::Violated || v.trace.empty()) {
      fs::remove(path, ec);  // a counterexample of an earlier run would contradict this verdict
      continue;
    }
    fs::create_directories(options.out_dir, ec);
    if (ec) return "cannot create " + options.out_dir + ": " + ec.message();
    auto write = [](const std::string& file, const std::vector<std::string>& lines) {
      std::ofstream f(file, std::ios::binary | std::ios::trunc);
      for (auto& line : lines) f << line << '\n';
      f.close();
      return static_cast<bool>(f);
    };
    if (!write(path, v.trace)) return "cannot write " + path;
    if (!v.extra_trace.empty()) {
      std::string other = (fs::path(options.out_dir) / (v.id + ".permuted.jsonl")).string();
      if (!write(other, v.extra_trace)) return "cannot write " + other;
    }
  }
  return "";
}

}  // namespace meshcheck::smt
