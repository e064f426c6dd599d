#include "smt/prover.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "deployment/deployment.hpp"
#include "invariants/invariant.hpp"
#include "model/profile.hpp"
#include "smt/counterexample.hpp"
#include "smt/encoding.hpp"
#include "smt/permute.hpp"
#include "smt/reachability.hpp"
#include "smt/unroll.hpp"
#include "trace/json_value.hpp"

namespace meshcheck::smt {

namespace fs = std::filesystem;
using Kind = ProofVerdict::Kind;

const char* verdict_name(Kind kind) {
  switch (kind) {
    case Kind::Proved: return "PROVED";
    case Kind::Violated: return "VIOLATED";
    case Kind::HoldsToDepth: return "HOLDS TO DEPTH";
    case Kind::Unknown: return "UNKNOWN";
    case Kind::Vacuous: return "VACUOUS";
    case Kind::Error: return "ERROR";
  }
  return "?";
}

std::size_t ProveResult::count(Kind kind) const {
  return std::count_if(verdicts.begin(), verdicts.end(), [&](const ProofVerdict& v) { return v.kind == kind; });
}

std::string check_options(const ProveOptions& options) {
  if (!model::find_profile(options.profile)) return "unknown profile '" + options.profile + "'";
  if (options.profile != "deployed") return "the prover encodes the 'deployed' profile only";
  for (auto& id : options.invariants)
    if (!invariants::find_invariant(id)) return "unknown invariant '" + id + "' (meshcheck list shows the catalog)";
  if (options.depth == 0) return "--depth must be at least 1";
  if (options.jobs == 0) return "--jobs must be at least 1";
  if (options.timeout_seconds == 0) return "--timeout must be at least 1 second";
  if (options.bmc_budget_seconds == 0) return "--bmc-budget must be at least 1 second";
  return "";
}

std::string counterexample_path(const ProveOptions& options, const std::string& id) {
  return (fs::path(options.out_dir) / (id + ".jsonl")).string();
}

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// --- running queries ------------------------------------------------------------

struct Answer {
  z3::check_result result;
  std::string reason;  // for unknown
  double seconds = 0;
  std::string text() const {
    switch (result) {
      case z3::unsat: return "unsat";
      case z3::sat: return "sat";
      default: return "unknown: " + reason;
    }
  }
};

Answer check(z3::solver& s) {
  auto t0 = std::chrono::steady_clock::now();
  // No z3::model here: an Answer outlives the context of its query (read the model
  // from the solver right after the check).
  Answer a{s.check(), "", 0};
  a.seconds = seconds_since(t0);
  if (a.result == z3::unknown) a.reason = s.reason_unknown();
  return a;
}

z3::solver make_solver(z3::context& c, unsigned timeout_seconds) {
  z3::solver s(c);
  z3::params p(c);
  p.set("timeout", timeout_seconds * 1000);
  s.set(p);
  return s;
}

// Runs tasks on `jobs` threads (each task makes its own Z3 context: contexts are not
// shared between threads).
// A task's exception (an ill-formed encoding: mismatched sorts, a missing field) is
// rethrown here once every thread has stopped.
void run_parallel(std::vector<std::function<void()>>& tasks, unsigned jobs) {
  std::atomic<std::size_t> next{0};
  std::mutex failed_mutex;
  std::string failed;
  auto worker = [&] {
    for (std::size_t i; (i = next++) < tasks.size();) {
      try {
        tasks[i]();
      } catch (const z3::exception& e) {
        std::lock_guard lock(failed_mutex);
        if (failed.empty()) failed = std::string("Z3: ") + e.msg();
      } catch (const std::exception& e) {
        std::lock_guard lock(failed_mutex);
        if (failed.empty()) failed = e.what();
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 1; j < std::min<std::size_t>(jobs, tasks.size()); ++j) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  if (!failed.empty()) throw std::runtime_error("the encoding is ill-formed: " + failed);
}

// --- the world-level invariants every contract's encoding is held to ---------------

// G-VALUE: no call creates or destroys value: what the contract holds after, plus what
// it paid out, is what it held before plus what the call brought in.
z3::expr value_conserved(const SymStep& s) {
  z3::expr out = s.branch.post.balance;
  for (auto& t : s.branch.transfers) out = out + t.amount;
  z3::expr in = s.branch.reverts ? s.pre.balance : s.pre.balance + to_int(s.env.value);
  return out == in;
}

// G-ATOMIC: a reverted call leaves the whole world unchanged: state, balances, and no events.
z3::expr atomic(const SymStep& s) {
  z3::context& c = s.pre.ctx();
  if (!s.branch.reverts) return c.bool_val(true);
  if (!s.branch.events.empty() || !s.branch.transfers.empty()) return c.bool_val(false);
  return equals(s.branch.post, s.pre);
}

// The predicates of one contract as the prover uses them: its encoding's, plus the
// two world-level ones.
std::vector<SymInvariant> predicates_of(const ContractEncoding& enc, z3::context& c) {
  std::vector<SymInvariant> all = enc.invariants(c);
  all.push_back({"G-VALUE", "", nullptr, value_conserved});
  all.push_back({"G-ATOMIC", "", nullptr, atomic});
  return all;
}

const SymInvariant* find_predicate(const std::vector<SymInvariant>& all, const std::string& id) {
  for (auto& p : all)
    if (p.id == id) return &p;
  return nullptr;
}

// One step of a contract from an arbitrary state that satisfies `assumed`.
struct FreeStep {
  SymState pre;
  SymEnv env;
  std::vector<SymValue> args;
  std::vector<SymBranch> branches;
  // One Bool constant per branch, defined as its guard: reading a constant from a model
  // is instant, evaluating a guard over model arrays is not.
  std::vector<z3::expr> taken;
  z3::expr definitions;  // taken[i] == branches[i].guard, for every i
};

FreeStep free_step(z3::context& c, const ContractEncoding& enc, const SymMessage& message) {
  SymState pre = SymState::fresh(c, enc.schema(c), "pre");
  SymEnv env = fresh_env(c, *enc.spec, "env");
  std::vector<SymValue> args;
  for (auto& a : message.spec->args) args.push_back(fresh_value(c, a.type, "arg." + a.label));
  std::vector<SymBranch> branches = call_branches(message, pre, env, args);
  std::vector<z3::expr> taken;
  z3::expr definitions = c.bool_val(true);
  for (auto& b : branches) {
    taken.push_back(fresh_const(c, "taken: " + b.name, c.bool_sort()));
    definitions = definitions && taken.back() == b.guard;
  }
  return FreeStep{std::move(pre), std::move(env), std::move(args), std::move(branches), std::move(taken), definitions};
}

z3::expr assume_all(z3::context& c, const std::vector<SymInvariant>& all, const std::set<std::string>& assumed,
                    const SymState& pre) {
  z3::expr a = balance_in_range(pre);
  for (auto& p : all)
    if (p.state && assumed.count(p.id)) a = a && p.state(pre);
  return a;
}

// The violation of predicate `p` on a step: some branch is taken and breaks it.
z3::expr breaks(const SymInvariant& p, const FreeStep& st, const SymMessage& message) {
  z3::context& c = st.pre.ctx();
  z3::expr any = c.bool_val(false);
  for (auto& b : st.branches) {
    z3::expr broken = p.state ? !p.state(b.post) : !p.step(SymStep{st.pre, st.env, message, st.args, b});
    any = any || (b.guard && broken);
  }
  return any;
}

// The branch a model of a step query took, and the call it made, for a person to read.
std::string describe_step(const z3::model& m, const FreeStep& st, const SymMessage& message) {
  std::ostringstream out;
  out << message.spec->label << "(";
  for (std::size_t i = 0; i < st.args.size(); ++i) {
    if (i) out << ", ";
    out << message.spec->args[i].label << "=" << trace::value_to_json(message.spec->args[i].type, extract(m, st.args[i])).dump();
  }
  out << ")";
  for (std::size_t i = 0; i < st.branches.size(); ++i)
    if (m.eval(st.taken[i], true).is_true()) out << ", branch '" << st.branches[i].name << "'";
  out << ", caller " << m.eval(st.env.caller, true).to_string() << ", from a state with balance "
      << m.eval(st.pre.balance, true).to_string();
  return out.str();
}

// The inductive step of predicate `id` over message number `message` of `enc`: the
// predicates `assumed` before, one call, `id` broken after? In its own context (one
// per task). Returns Z3's answer and, when sat, the counterexample to induction.
std::pair<Answer, std::string> ask_step(const ContractEncoding& enc, const std::set<std::string>& assumed,
                                        const std::string& id, std::size_t message, unsigned timeout_seconds) {
  Context c;
  auto all = predicates_of(enc, c);
  auto messages = enc.messages(c);
  FreeStep st = free_step(c, enc, messages[message]);
  z3::solver s = make_solver(c, timeout_seconds);
  s.add(assume_all(c, all, assumed, st.pre));
  s.add(st.definitions);
  s.add(breaks(*find_predicate(all, id), st, messages[message]));
  Answer a = check(s);
  std::string cti = a.result == z3::sat ? describe_step(s.get_model(), st, messages[message]) : "";
  return {a, cti};
}

// --- per contract ----------------------------------------------------------------

struct Failure {
  std::string what;     // the obligation
  std::string detail;   // the counterexample to induction, or Z3's reason
  bool unknown = false; // a timeout or unknown rather than a counterexample
};

struct PredicateStatus {
  bool in_set = true;  // still in the inductive set
  std::optional<Failure> failure;
  std::vector<Obligation> obligations;  // of the last round it took part in
};

struct ContractRun {
  const ContractEncoding* enc;
  Address address;
  std::vector<std::string> names;  // predicate ids, in the encoding's order
  std::map<std::string, PredicateStatus> status;
  std::set<std::string> inductive;  // the Houdini set when done
  std::map<std::string, std::string> vacuous;  // message -> why, when the premises are unsatisfiable
};

class Prover {
 public:
  Prover(const ProveOptions& o, const std::function<void(std::size_t, std::size_t)>& progress)
      : options_(o), progress_(progress), setup_(deployment::deploy_standard(model::deployed_profile())) {}

  ProveResult run();
  // Only the Houdini phase, for every contract: contract -> its proved lemmas and invariants.
  std::map<std::string, std::set<std::string>> inductive_sets();

 private:
  void houdini(std::vector<ContractRun>& runs);
  void check_vacuity(std::vector<ContractRun>& runs);
  // One contract's part of an invariant, by induction.
  ProofVerdict induction(const invariants::Invariant& inv, ContractRun& run);
  // Searches the parts induction left for a run from the deployment that breaks them.
  void bmc(ContractRun& run, std::map<std::string, ProofVerdict>& parts);
  ProofVerdict funds_exit(ContractRun& run);
  void tick() {
    std::lock_guard lock(mutex_);
    ++done_;
    if (progress_) progress_(done_, total_);
  }
  void planned(std::size_t n) {
    std::lock_guard lock(mutex_);
    total_ += n;
  }

  const ProveOptions& options_;
  std::function<void(std::size_t, std::size_t)> progress_;
  deployment::StandardDeployment setup_;
  std::mutex mutex_;
  std::size_t done_ = 0, total_ = 0;
};

void Prover::houdini(std::vector<ContractRun>& runs) {
  for (bool changed = true; changed;) {
    changed = false;
    struct Query {
      ContractRun* run;
      std::string id;
      int message;  // -1: base case
      Answer answer;
      std::string cti;
    };
    std::vector<Query> queries;
    for (auto& run : runs) {
      Context c;
      auto all = predicates_of(*run.enc, c);
      std::size_t n_messages = run.enc->messages(c).size();
      for (auto& p : all) {
        if (!p.state || !run.status[p.id].in_set) continue;
        run.status[p.id].obligations.clear();
        for (int m = -1; m < static_cast<int>(n_messages); ++m) queries.push_back({&run, p.id, m, {}, ""});
      }
    }
    planned(queries.size());
    std::vector<std::function<void()>> tasks;
    for (auto& q : queries)
      tasks.push_back([&q, this] {
        Context c;
        const ContractEncoding& enc = *q.run->enc;
        auto all = predicates_of(enc, c);
        const SymInvariant& p = *find_predicate(all, q.id);
        z3::solver s = make_solver(c, options_.timeout_seconds);
        if (q.message < 0) {
          const model::Instance* inst = setup_.world.instance(q.run->address);
          SymState init = enc.from_model(c, *inst->state, invariants::balance_in(setup_.world, q.run->address));
          s.add(!p.state(init));
          q.answer = check(s);
          if (q.answer.result == z3::sat) q.cti = "the standard deployment's state breaks it";
        } else {
          std::tie(q.answer, q.cti) = ask_step(enc, q.run->inductive, q.id, q.message, options_.timeout_seconds);
        }
        tick();
      });
    // The first round assumes every candidate; `inductive` starts as all of them.
    run_parallel(tasks, options_.jobs);
    for (auto& q : queries) {
      PredicateStatus& st = q.run->status[q.id];
      Context c;
      std::string what = q.message < 0 ? "base" : "step " + q.run->enc->messages(c)[q.message].spec->label;
      st.obligations.push_back({q.run->enc->spec->name, what, q.answer.text(), q.answer.seconds});
      if (q.answer.result != z3::unsat && st.in_set) {
        st.in_set = false;
        st.failure = Failure{what, q.answer.result == z3::sat ? q.cti : q.answer.reason, q.answer.result != z3::sat};
        q.run->inductive.erase(q.id);
        changed = true;
      }
    }
  }
}

void Prover::check_vacuity(std::vector<ContractRun>& runs) {
  for (auto& run : runs) {
    Context c;
    auto all = predicates_of(*run.enc, c);
    auto messages = run.enc->messages(c);
    for (auto& message : messages) {
      FreeStep st = free_step(c, *run.enc, message);
      z3::solver s = make_solver(c, options_.timeout_seconds);
      s.add(assume_all(c, all, run.inductive, st.pre));
      z3::expr some = c.bool_val(false);
      for (auto& b : st.branches) some = some || b.guard;
      s.add(some);
      Answer a = check(s);
      if (a.result == z3::unsat)
        run.vacuous[message.spec->label] = "no call of " + message.spec->label + " satisfies the proof's premises";
    }
  }
}

// Bounded model checking of every part of `run` that induction did not prove, on one
// unrolling: at each depth, each pending predicate is asked in its own push/pop, so the
// solver keeps what it learnt about the calls for all of them.
void Prover::bmc(ContractRun& run, std::map<std::string, ProofVerdict>& parts) {
  std::vector<std::string> pending;
  for (auto& [id, v] : parts)
    if (v.kind == Kind::HoldsToDepth) pending.push_back(id);
  if (pending.empty()) return;
  AmountModeScope bit_vectors(AmountMode::BitVector);
  Context c;
  auto all = predicates_of(*run.enc, c);
  Unrolling u(c, *run.enc, setup_.world, run.address);
  z3::solver s = make_solver(c, options_.timeout_seconds);
  planned(pending.size() * options_.depth);
  // The search stops at the contract's budget: each query gets what is left of it.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options_.bmc_budget_seconds);
  for (unsigned k = 1; k <= options_.depth && !pending.empty(); ++k) {
    s.add(u.extend());
    const SymCall& call = u.call(k - 1);
    std::vector<std::string> still;
    for (std::size_t i = 0; i < pending.size(); ++i) {
      const std::string& id = pending[i];
      ProofVerdict& v = parts.at(id);
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        v.kind = Kind::Unknown;
        v.detail = "bounded model checking stopped at the " + std::to_string(options_.bmc_budget_seconds) +
                   " s budget after depth " + std::to_string(k - 1) + "; " + v.detail;
        v.depth = k - 1;
        continue;
      }
      z3::params budget(c);
      // Shared fairly among the predicates still to be asked at this depth, so that one
      // hard predicate cannot starve the others of their shallow counterexamples.
      long long share = left.count() / static_cast<long long>(pending.size() - i);
      budget.set("timeout", static_cast<unsigned>(std::min<long long>(share, options_.timeout_seconds * 1000LL)));
      s.set(budget);
      const SymInvariant& p = *find_predicate(all, id);
      s.push();
      if (p.state) {
        s.add(!p.state(u.state(k)));
      } else {
        z3::expr any = c.bool_val(false);
        for (std::size_t m = 0; m < u.messages().size(); ++m)
          for (auto& b : call.branches[m])
            any = any ||
                  (call.takes(m, b) && !p.step(SymStep{u.state(k - 1), call.env, u.messages()[m], call.args[m], b}));
        s.add(any);
      }
      Answer a = check(s);
      v.obligations.push_back({run.enc->spec->name, "bmc depth " + std::to_string(k), a.text(), a.seconds});
      tick();
      if (a.result == z3::sat) {
        std::vector<model::Call> calls = u.extract(s.get_model(), k);
        Replayed r = replay_counterexample(setup_, calls, id);
        if (!r.error.empty()) {
          v.kind = Kind::Error;
          v.detail = "the encoding and the model disagree: Z3 found a violation of " + id + " in " + std::to_string(k) +
                     " call(s) that the model does not reproduce: " + r.error;
        } else {
          v.kind = Kind::Violated;
          v.detail = r.violation;
        }
        v.trace = std::move(r.lines);
        v.depth = k;
      } else if (a.result == z3::unknown) {
        v.kind = Kind::Unknown;
        v.detail = "holds to depth " + std::to_string(k - 1) + ", depth " + std::to_string(k) + " undecided (" +
                   a.reason + "); " + v.detail;
        v.depth = k - 1;
      } else {
        still.push_back(id);
      }
      s.pop();
    }
    pending = std::move(still);
  }
  for (auto& id : pending) {
    ProofVerdict& v = parts.at(id);
    v.depth = options_.depth;
    if (v.unknown_step) v.kind = Kind::Unknown;  // induction undecided, and nothing found
  }
}

// Induction for one contract's part of an invariant: PROVED (or VACUOUS), or
// HOLDS TO DEPTH with the counterexample to induction for bmc() to search from.
ProofVerdict Prover::induction(const invariants::Invariant& inv, ContractRun& run) {
  ProofVerdict v{inv.id, Kind::Proved, "", {}, {}, 0, {}, {}, 0};
  Context c;
  auto all = predicates_of(*run.enc, c);
  const SymInvariant* p = find_predicate(all, inv.id);
  if (!p) {
    v.kind = Kind::Error;
    v.detail = run.enc->spec->name + "'s encoding has no predicate for " + inv.id;
    return v;
  }
  std::optional<Failure> failure;
  if (p->state) {
    PredicateStatus& st = run.status[inv.id];
    v.obligations = st.obligations;
    failure = st.failure;
  } else {
    auto messages = run.enc->messages(c);
    planned(messages.size());
    std::vector<Answer> answers(messages.size());
    std::vector<std::string> ctis(messages.size());
    std::vector<std::function<void()>> tasks;
    for (std::size_t m = 0; m < messages.size(); ++m)
      tasks.push_back([&, m] {
        std::tie(answers[m], ctis[m]) = ask_step(*run.enc, run.inductive, inv.id, m, options_.timeout_seconds);
        tick();
      });
    run_parallel(tasks, options_.jobs);
    for (std::size_t m = 0; m < messages.size(); ++m) {
      std::string what = "step " + messages[m].spec->label;
      v.obligations.push_back({run.enc->spec->name, what, answers[m].text(), answers[m].seconds});
      if (answers[m].result != z3::unsat && !failure)
        failure = Failure{what, answers[m].result == z3::sat ? ctis[m] : answers[m].reason, answers[m].result != z3::sat};
    }
  }
  if (!failure) {
    for (auto& lemma : run.inductive)
      if (lemma != inv.id && lemma.find('/') != std::string::npos) v.lemmas.push_back(lemma);
    if (!run.vacuous.empty()) {
      v.kind = Kind::Vacuous;
      v.detail = run.vacuous.begin()->second;
    }
    return v;
  }
  // Not inductive (or undecided): bmc() searches for a real violation.
  v.kind = Kind::HoldsToDepth;
  v.detail = (failure->unknown ? "undecided: " : "not inductive: ") + failure->what + ": " + failure->detail;
  v.unknown_step = failure->unknown;
  return v;
}

// G-FUNDS-EXIT for one contract that accepts value: some reachable call lowers its
// balance (PROVED, with the witness), or no call ever can (VIOLATED: value is locked).
ProofVerdict Prover::funds_exit(ContractRun& run) {
  ProofVerdict v{"G-FUNDS-EXIT", Kind::Violated, "", {}, {}, 0, {}, {}, 0};
  Context c;
  auto all = predicates_of(*run.enc, c);
  auto messages = run.enc->messages(c);
  bool some_step_lowers = false;
  for (auto& message : messages) {
    FreeStep st = free_step(c, *run.enc, message);
    z3::solver s = make_solver(c, options_.timeout_seconds);
    s.add(assume_all(c, all, run.inductive, st.pre));
    z3::expr lowers = c.bool_val(false);
    for (auto& b : st.branches) lowers = lowers || (b.guard && b.post.balance < st.pre.balance);
    s.add(lowers);
    Answer a = check(s);
    v.obligations.push_back({run.enc->spec->name, "step " + message.spec->label + " lowers the balance", a.text(), a.seconds});
    if (a.result != z3::unsat) some_step_lowers = true;
  }
  // From the standard deployment: a run in which value leaves (a witness that it can),
  // or, when no step can ever lower the balance, one in which value comes in for good.
  AmountModeScope bit_vectors(AmountMode::BitVector);
  Context cb;
  Unrolling u(cb, *run.enc, setup_.world, run.address);
  z3::solver s = make_solver(cb, options_.timeout_seconds);
  if (!some_step_lowers) {
    v.detail = run.enc->spec->name + " accepts value but no message, from any state, lowers its balance";
    for (unsigned k = 1; k <= options_.depth; ++k) {
      s.add(u.extend());
      s.push();
      s.add(u.state(k).balance > u.state(k - 1).balance);
      Answer a = check(s);
      v.obligations.push_back({run.enc->spec->name, "value comes in, depth " + std::to_string(k), a.text(), a.seconds});
      if (a.result == z3::sat) {
        std::vector<model::Call> calls = u.extract(s.get_model(), k);
        Replayed r = replay_counterexample(setup_, calls, "");
        v.trace = std::move(r.lines);
        v.depth = k;
        v.detail += ": the value paid with " + calls.back().message->label + " in this trace stays in the contract for good";
        return v;
      }
      s.pop();
      if (a.result == z3::unknown) break;
    }
    return v;
  }
  for (unsigned k = 1; k <= options_.depth; ++k) {
    s.add(u.extend());
    s.push();
    s.add(u.state(k).balance < u.state(k - 1).balance);
    Answer a = check(s);
    v.obligations.push_back({run.enc->spec->name, "bmc depth " + std::to_string(k), a.text(), a.seconds});
    if (a.result == z3::sat) {
      std::vector<model::Call> calls = u.extract(s.get_model(), k);
      Replayed r = replay_counterexample(setup_, calls, "");
      v.kind = Kind::Proved;
      v.detail = run.enc->spec->name + ": value leaves by " + calls.back().message->label + " after " +
                 std::to_string(k - 1) + " earlier call(s)";
      return v;
    }
    if (a.result == z3::unknown) break;
    s.pop();
  }
  v.kind = Kind::Unknown;
  v.detail = run.enc->spec->name + ": a message can lower the balance, but no run of at most " +
             std::to_string(options_.depth) + " calls reaches it";
  return v;
}

// The worst of several parts: any VIOLATED or ERROR decides, then UNKNOWN, HOLDS, VACUOUS.
ProofVerdict combine(const std::string& id, std::vector<ProofVerdict> parts) {
  static const std::vector<Kind> order{Kind::Error, Kind::Violated, Kind::Unknown, Kind::HoldsToDepth, Kind::Vacuous,
                                       Kind::Proved};
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
  if (out.kind == Kind::Proved) {
    std::string details;
    for (auto& p : parts)
      if (!p.detail.empty()) details += (details.empty() ? "" : "; ") + p.detail;
    out.detail = details;
  }
  return out;
}

std::map<std::string, std::set<std::string>> Prover::inductive_sets() {
  std::vector<ContractRun> runs;
  for (auto* enc : encodings()) {
    ContractRun run{enc, deployment::contract_address(enc->spec->name), {}, {}, {}, {}};
    Context c;
    for (auto& p : predicates_of(*enc, c)) {
      run.status[p.id] = PredicateStatus{};
      if (p.state) run.inductive.insert(p.id);
    }
    runs.push_back(std::move(run));
  }
  houdini(runs);
  std::map<std::string, std::set<std::string>> out;
  for (auto& run : runs) out[run.enc->spec->name] = run.inductive;
  return out;
}

ProveResult Prover::run() {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<const invariants::Invariant*> wanted;
  for (auto& inv : invariants::catalog())
    if (options_.invariants.empty() ||
        std::find(options_.invariants.begin(), options_.invariants.end(), inv.id) != options_.invariants.end())
      wanted.push_back(&inv);

  // The contracts the wanted invariants concern (all, when a global one is wanted).
  std::vector<ContractRun> runs;
  for (auto* enc : encodings()) {
    bool needed = std::any_of(wanted.begin(), wanted.end(), [&](const invariants::Invariant* inv) {
      return inv->contract.empty() || inv->contract == enc->spec->name;
    });
    if (!needed) continue;
    ContractRun run{enc, deployment::contract_address(enc->spec->name), {}, {}, {}, {}};
    Context c;
    for (auto& p : predicates_of(*enc, c)) {
      run.names.push_back(p.id);
      run.status[p.id] = PredicateStatus{};
      if (p.state) run.inductive.insert(p.id);
    }
    runs.push_back(std::move(run));
  }
  ProveResult result;
  try {
    houdini(runs);
    check_vacuity(runs);
  } catch (const std::exception& e) {
    // Without the inductive sets nothing can be judged: every wanted invariant is an ERROR.
    for (auto* inv : wanted) result.verdicts.push_back({inv->id, Kind::Error, e.what(), {}, {}, 0, {}, {}, 0});
    result.seconds = seconds_since(t0);
    return result;
  }

  // Induction, part by part (a part: one contract's share of an invariant).
  std::map<std::string, std::map<std::string, ProofVerdict>> parts;  // contract -> id -> part
  auto failed = [](const std::string& id, const std::string& why) {
    return ProofVerdict{id, Kind::Error, why, {}, {}, 0, {}, {}, 0};
  };
  for (auto* inv : wanted) {
    if (inv->id == "G-FUNDS-EXIT" || inv->kind == invariants::Kind::TwoRun) continue;
    for (auto& run : runs) {
      Context c;
      auto all = predicates_of(*run.enc, c);
      bool concerns =
          inv->contract.empty() ? find_predicate(all, inv->id) != nullptr : inv->contract == run.enc->spec->name;
      if (!concerns) continue;
      try {
        parts[run.enc->spec->name].emplace(inv->id, induction(*inv, run));
      } catch (const z3::exception& e) {
        parts[run.enc->spec->name].emplace(inv->id, failed(inv->id, std::string("the encoding is ill-formed: Z3: ") + e.msg()));
      } catch (const std::exception& e) {
        parts[run.enc->spec->name].emplace(inv->id, failed(inv->id, e.what()));
      }
    }
  }

  // Bounded model checking of what induction left, one contract per task.
  std::vector<std::function<void()>> tasks;
  for (auto& run : runs)
    tasks.push_back([&run, &parts, this] {
      auto& mine = parts[run.enc->spec->name];
      try {
        bmc(run, mine);
      } catch (const z3::exception& e) {
        for (auto& [id, v] : mine)
          if (v.kind == Kind::HoldsToDepth) v = ProofVerdict{id, Kind::Error, std::string("the encoding is ill-formed: Z3: ") + e.msg(), {}, {}, 0, {}, {}, 0};
      }
    });
  run_parallel(tasks, options_.jobs);

  for (auto* inv : wanted) {
    std::vector<ProofVerdict> mine;
    try {
      if (inv->id == "G-FUNDS-EXIT") {
        for (auto& run : runs) {
          bool accepts = std::any_of(run.enc->spec->messages.begin(), run.enc->spec->messages.end(),
                                     [](const model::MessageSpec& m) { return m.payable; });
          if (accepts) mine.push_back(funds_exit(run));
        }
      } else if (inv->kind == invariants::Kind::TwoRun) {
        mine.push_back(prove_two_run(inv->id, setup_, options_.depth, options_.timeout_seconds));
      }
    } catch (const std::exception& e) {
      mine.push_back(failed(inv->id, e.what()));
    }
    for (auto& [contract, by_id] : parts)
      if (auto it = by_id.find(inv->id); it != by_id.end()) mine.push_back(it->second);
    ProofVerdict v = mine.empty() ? failed(inv->id, "no contract's encoding covers " + inv->id) : combine(inv->id, mine);
    v.seconds = 0;
    for (auto& o : v.obligations) v.seconds += o.seconds;
    result.verdicts.push_back(std::move(v));
  }
  result.seconds = seconds_since(t0);
  return result;
}

}  // namespace

const char* reach_name(BranchReach::Kind kind) {
  switch (kind) {
    case BranchReach::Kind::Unreachable: return "unreachable (proved)";
    case BranchReach::Kind::Reachable: return "reachable";
    case BranchReach::Kind::NotWithinDepth: return "not reachable within depth";
    case BranchReach::Kind::Unknown: return "unknown";
  }
  return "?";
}

std::vector<BranchReach> classify_branches(const std::vector<BranchRef>& branches, const ProveOptions& options) {
  Prover prover(options, {});
  std::map<std::string, std::set<std::string>> lemmas = prover.inductive_sets();
  const deployment::StandardDeployment setup = deployment::deploy_standard(model::deployed_profile());
  std::vector<BranchReach> out;
  for (auto& ref : branches) {
    BranchReach r{ref, BranchReach::Kind::Unknown, 0, ""};
    const ContractEncoding* enc = encoding_of(ref.contract);
    if (!enc) {
      r.why = "no encoding of " + ref.contract;
      out.push_back(r);
      continue;
    }
    // 1. From any state the proved lemmas allow: can the guard hold at all?
    {
      Context c;
      auto all = predicates_of(*enc, c);
      auto messages = enc->messages(c);
      auto m = std::find_if(messages.begin(), messages.end(), [&](const SymMessage& x) { return x.spec->label == ref.message; });
      if (m == messages.end()) {
        r.why = "no encoding of " + ref.contract + "." + ref.message;
        out.push_back(r);
        continue;
      }
      FreeStep st = free_step(c, *enc, *m);
      z3::expr guard = c.bool_val(false);
      bool named = false;
      for (auto& b : st.branches)
        if (b.name == ref.branch) guard = guard || b.guard, named = true;
      if (!named) {
        r.why = "the encoding has no branch named '" + ref.branch + "'";
        out.push_back(r);
        continue;
      }
      z3::solver s = make_solver(c, options.timeout_seconds);
      s.add(assume_all(c, all, lemmas[ref.contract], st.pre));
      s.add(guard);
      z3::check_result a = s.check();
      if (a == z3::unsat) {
        r.kind = BranchReach::Kind::Unreachable;
        std::string used;
        for (auto& l : lemmas[ref.contract]) used += (used.empty() ? "" : ", ") + l;
        r.why = "no state satisfying the proved lemmas and invariants (" + (used.empty() ? "none" : used) +
                ") lets its guard hold";
        out.push_back(r);
        continue;
      }
    }
    // 2. A run from the standard deployment whose last call takes it.
    AmountModeScope bit_vectors(AmountMode::BitVector);
    Context c;
    Unrolling u(c, *enc, setup.world, deployment::contract_address(ref.contract));
    z3::solver s = make_solver(c, options.timeout_seconds);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.bmc_budget_seconds);
    r.kind = BranchReach::Kind::NotWithinDepth;
    r.depth = options.depth;
    for (unsigned k = 1; k <= options.depth; ++k) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        r.kind = BranchReach::Kind::Unknown;
        r.depth = k - 1;
        r.why = "not reached by a run of up to " + std::to_string(k - 1) + " calls; the search stopped at its budget";
        break;
      }
      z3::params budget(c);
      budget.set("timeout", static_cast<unsigned>(std::min<long long>(left.count(), options.timeout_seconds * 1000LL)));
      s.set(budget);
      s.add(u.extend());
      const SymCall& call = u.call(k - 1);
      z3::expr takes = c.bool_val(false);
      for (std::size_t m = 0; m < u.messages().size(); ++m)
        if (u.messages()[m].spec->label == ref.message)
          for (auto& b : call.branches[m])
            if (b.name == ref.branch) takes = takes || call.takes(m, b);
      s.push();
      s.add(takes);
      z3::check_result a = s.check();
      if (a == z3::sat) {
        r.kind = BranchReach::Kind::Reachable;
        r.depth = k;
        std::string calls;
        for (auto& call_k : u.extract(s.get_model(), k)) calls += (calls.empty() ? "" : ", ") + call_k.message->label;
        r.why = "a run of " + std::to_string(k) + " call(s) takes it: " + calls;
        break;
      }
      s.pop();
      if (a == z3::unknown) {
        r.kind = BranchReach::Kind::Unknown;
        r.depth = k - 1;
        r.why = "not reached by a run of up to " + std::to_string(k - 1) + " calls; depth " + std::to_string(k) +
                " undecided";
        break;
      }
    }
    if (r.kind == BranchReach::Kind::NotWithinDepth)
      r.why = "its guard can hold in some state, but no run of up to " + std::to_string(options.depth) +
              " calls reaches one (a counter at its maximum, for instance)";
    out.push_back(r);
  }
  return out;
}

ProveResult prove(const ProveOptions& options, const std::function<void(std::size_t, std::size_t)>& progress) {
  Prover prover(options, progress);
  return prover.run();
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

void print_result(const ProveOptions& options, const ProveResult& result, std::ostream& out) {
  out << "meshcheck prove: profile " << options.profile << ", bounded model checking to depth " << options.depth
      << " (at most " << options.bmc_budget_seconds << " s per contract), " << options.timeout_seconds
      << " s per query, " << options.jobs << " job" << (options.jobs == 1 ? "" : "s") << "\n";
  std::size_t width = 0;
  for (auto& v : result.verdicts) width = std::max(width, v.id.size());
  char seconds[32];
  for (auto& v : result.verdicts) {
    std::snprintf(seconds, sizeof seconds, "%.2f s", v.seconds);
    out << "  " << v.id << std::string(width - v.id.size() + 2, ' ');
    std::string pad(width + 4, ' ');
    switch (v.kind) {
      case Kind::Proved:
        out << "PROVED (" << v.obligations.size() << " obligations, " << seconds << ")\n";
        if (!v.lemmas.empty()) {
          out << pad << "with the proved lemmas";
          for (auto& l : v.lemmas) out << " " << l;
          out << "\n";
        }
        if (!v.detail.empty()) out << pad << v.detail << "\n";
        break;
      case Kind::Violated:
        out << "VIOLATED at depth " << v.depth << ": " << counterexample_path(options, v.id) << " (" << seconds << ")\n"
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
  std::snprintf(seconds, sizeof seconds, "%.1f s", result.seconds);
  out << result.count(Kind::Proved) << " proved, " << result.count(Kind::Violated) << " violated, "
      << result.count(Kind::HoldsToDepth) << " hold to depth " << options.depth << ", " << result.count(Kind::Unknown)
      << " unknown, " << result.count(Kind::Vacuous) << " vacuous, " << result.count(Kind::Error) << " errors in "
      << seconds << "\n";
}

int run_prove_command(const ProveOptions& options, std::ostream& out, std::ostream& err) {
  if (std::string problem = check_options(options); !problem.empty()) {
    err << "meshcheck prove: " << problem << "\n";
    return 2;
  }
  ProveResult result = prove(options);
  if (std::string problem = write_counterexamples(options, result); !problem.empty()) {
    err << "meshcheck prove: " << problem << "\n";
    return 2;
  }
  print_result(options, result, out);
  return result.count(Kind::Violated) || result.count(Kind::Error) ? 1 : 0;
}

}  // namespace meshcheck::smt
