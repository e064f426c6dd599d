// prove(): the engines each invariant needs, their verdicts combined per invariant, and
// the counterexample files of the VIOLATED ones (prover.hpp).
#include "smt/prover.hpp"

#include <algorithm>
#include <atomic>
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

// A part: one contract's share of an invariant that induction judges, and its verdict.
struct Part {
  const invariants::Invariant* inv;
  const ContractInduction* contract;
  ProofVerdict verdict;
  std::optional<ProofVerdict> searched;  // its bounded model checking, when induction ran it first
  std::vector<Obligation> shallow;       // a shallow search's, that found nothing
};

// The parts of the wanted invariants that induction judges, in catalog order.
std::vector<Part> induction_parts(const std::vector<const invariants::Invariant*>& wanted,
                                  const std::vector<ContractInduction>& contracts) {
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
  return todo;
}

// A part's task, after its contract's houdini() and check_vacuity(): its induction and,
// when that leaves it at HOLDS TO DEPTH, its bounded model checking, one after the other
// on one thread. Each part on one thread, parts side by side: a part's steps vary a lot
// in cost (M-OUTPUT's execute_batch step is most of its part), and parts side by side
// keep both threads busy where one part's steps side by side would leave one idle while
// the other finishes the expensive step. A part whose induction ran its search for a
// violating run first (a transition invariant's undecided step; a state predicate
// Houdini refuted by a run) has that search applied, not run again.
std::function<void()> part_task(Part& part, const EngineContext& one_thread, const EngineContext& shallow) {
  return [&part, &one_thread, &shallow] {
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
      if (!part.searched) {
        // Bounded model checking of what induction left: in a context, a solver and a
        // budget of its own, so its verdict is the same whatever else is judged.
        bounded_model_check(*part.contract, part.inv->id, part.verdict, one_thread);
      } else if (part.verdict.kind == Kind::HoldsToDepth) {
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
  };
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

  // One pipeline per contract: its Houdini searches, its vacuity check, then its parts
  // (each part's induction and, if need be, bounded model checking). The pipelines run
  // side by side on one pool of threads (TaskPool), with no barrier between phases: a
  // contract's parts start as soon as its own inductive sets are known, beside another
  // contract's Houdini rounds. Each contract's Houdini searches, vacuity check and parts
  // depend on that contract alone (shrink() decides each search as it would alone), so
  // nothing the pipelines compute depends on how they interleave. G-FUNDS-EXIT needs
  // every contract's inductive set: it joins the parts of the last pipeline to get
  // there; the two-run properties need none, and start at once.
  std::optional<TaskPool> pool;
  if (options.jobs > 1) pool.emplace(options.jobs);
  ProveOptions serial = options;
  serial.jobs = 1;
  const EngineContext one_thread{serial, deployed, counter};
  const ProveOptions shallow_options = shallow_search_options(options);
  const EngineContext shallow{shallow_options, deployed, counter};
  std::vector<Part> todo = induction_parts(wanted, contracts);
  std::vector<std::vector<ProofVerdict>> others(wanted.size());
  std::vector<std::function<void()>> funds_exit, two_run;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    std::function<void()> task = [&others, &wanted, &contracts, &one_thread, i] {
      others[i] = other_engines_parts(*wanted[i], contracts, one_thread);
    };
    if (wanted[i]->id == "G-FUNDS-EXIT") funds_exit.push_back(std::move(task));
    else if (wanted[i]->kind == invariants::Kind::TwoRun) two_run.push_back(std::move(task));
  }
  std::vector<std::string> houdini_failed(contracts.size());
  std::atomic<std::size_t> pipelines_left{contracts.size()};
  std::vector<std::function<void()>> pipelines;
  for (std::size_t ci = 0; ci < contracts.size(); ++ci)
    pipelines.push_back([&, ci] {
      // houdini() and check_vacuity() of this contract alone: the same sets as with the
      // others (see above).
      std::vector<ContractInduction> alone{std::move(contracts[ci])};
      try {
        houdini(alone, ctx);
        check_vacuity(alone, ctx);
      } catch (const std::exception& e) {
        houdini_failed[ci] = e.what();
      }
      contracts[ci] = std::move(alone[0]);
      std::vector<std::function<void()>> tasks;
      if (pipelines_left.fetch_sub(1) == 1)  // the last: every inductive set is known
        for (auto& task : funds_exit) tasks.push_back(task);
      if (houdini_failed[ci].empty())
        for (auto& part : todo)
          if (part.contract == &contracts[ci]) tasks.push_back(part_task(part, one_thread, shallow));
      run_parallel(tasks, options.jobs);
    });
  // The contracts whose Houdini search asks most queries first (its first round's: the
  // best guess at its cost known before it runs): the longest chain starts first.
  std::vector<std::size_t> first_round(contracts.size());
  for (std::size_t ci = 0; ci < contracts.size(); ++ci) {
    Context c;
    first_round[ci] = contracts[ci].assisted.size() * (contracts[ci].enc->messages(c).size() + 1);
  }
  std::vector<std::size_t> order(contracts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return first_round[a] > first_round[b]; });
  std::vector<std::function<void()>> chains;
  for (auto& task : two_run) chains.push_back(task);
  for (std::size_t i : order) chains.push_back(std::move(pipelines[i]));
  if (pool) pool->run_chains(chains);
  else run_parallel(chains, 1);
  pool.reset();
  for (auto& why : houdini_failed)
    if (!why.empty()) {
      // Without the inductive sets nothing can be judged: every wanted invariant is an ERROR.
      for (auto* inv : wanted) result.verdicts.push_back(failed(inv->id, why));
      result.seconds = seconds_since(t0);
      return result;
    }
  std::map<std::string, std::map<std::string, ProofVerdict>> parts;
  for (auto& part : todo) parts[part.contract->enc->spec->name].emplace(part.inv->id, std::move(part.verdict));

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
