// Bounded model checking from the standard deployment (bmc.hpp).
#include "smt/engines/bmc.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "smt/canonical.hpp"
#include "smt/counterexample.hpp"
#include "smt/free_step.hpp"
#include "smt/query.hpp"
#include "smt/unroll.hpp"
#include "invariants/invariant.hpp"

namespace meshcheck::smt {

namespace {

// A case's query is first asked over every message sequence at once within this many
// units: most are decided well within it (many in a few units).
constexpr std::uint64_t kWholeQueryFirst = 2'000'000;
// Past it, when the case has at most this many message sequences, each sequence is asked
// on its own, in increasing order, in a query with its messages put in (with_messages:
// every other message's branches gone, far cheaper than the whole), until one is sat.
constexpr std::size_t kMaxSequences = 64;

// What one case (the query `s` holds: the unrolling to `depth` calls and the case's
// violation) answered, with its cost summed over every attempt, and, when a sequence
// asked on its own was sat, the solver of that sequence.
struct Case {
  Answer answer;
  std::unique_ptr<z3::solver> with_messages;  // a fresh one, for the minimizing checks
  std::unique_ptr<z3::model> model;           // the sequence's model
};

// Decides a case, as one check of `s` within `budget` would, more cheaply.
//
// The answer is the one whole query's: sat exactly when some message sequence is. When a
// sequence is sat, its messages are the least sequence the query allows (every lower one
// was unsat), the very messages canonical_run fixes first, so canonical_values in its
// solver gives the counterexample canonical_run gives in `s` (both give the least values
// the query allows). A sequence left undecided ends the enumeration, and `s` is asked
// with what is left of the budget, so no answer is ever lost to the enumeration.
// `last`: the last call's message, when the case fixes it.
Case ask_case(z3::solver& s, const Unrolling& u, std::size_t depth, std::optional<std::size_t> last,
              const QueryLimits& budget, bool shared_budget) {
  Case out{Answer{z3::unknown, "", 0}, nullptr, nullptr};
  auto add = [&out](const Answer& a) {
    std::uint64_t units = out.answer.rlimit + a.rlimit;
    double seconds = out.answer.seconds + a.seconds;
    out.answer = a;
    out.answer.rlimit = units;
    out.answer.seconds = seconds;
  };
  // What is left of `budget` (a run's shared budget shrinks with each attempt; without
  // one, each attempt has the per-query limit).
  auto rest = [&](std::uint64_t cap) {
    QueryLimits l = budget;
    std::uint64_t total = budget.rlimit ? budget.rlimit : kMaxRlimit;
    std::uint64_t left = shared_budget ? (total > out.answer.rlimit ? total - out.answer.rlimit : 0) : total;
    l.rlimit = std::min(left, cap);
    return l;
  };
  QueryLimits first = rest(kWholeQueryFirst);
  set_limits(s, first);
  add(check(s, first));
  bool cut_here = out.answer.result == z3::unknown && !out.answer.safety_net && first.rlimit == kWholeQueryFirst &&
                  out.answer.rlimit >= kWholeQueryFirst;
  if (!cut_here) return out;

  const std::size_t n_messages = u.messages().size();
  const std::size_t free_calls = depth - (last ? 1 : 0);
  std::size_t sequences = 1;
  for (std::size_t i = 0; i < free_calls && sequences <= kMaxSequences; ++i) sequences *= n_messages;
  if (sequences <= kMaxSequences) {
    z3::context& c = s.ctx();
    z3::expr_vector query = s.assertions(), choices(c);
    for (std::size_t i = 0; i < depth; ++i) choices.push_back(u.call(i).choice);
    std::vector<std::size_t> seq(depth, 0);
    if (last) seq[depth - 1] = *last;
    bool all_unsat = true;
    for (std::size_t n = 0; n < sequences; ++n) {
      // The n-th sequence in increasing order: the free calls' messages, the first call
      // the most significant.
      for (std::size_t i = free_calls, rem = n; i-- > 0; rem /= n_messages) seq[i] = rem % n_messages;
      z3::expr_vector chosen(c);
      for (std::size_t i = 0; i < depth; ++i) chosen.push_back(c.bv_val(static_cast<unsigned>(seq[i]), 8));
      QueryLimits l = rest(kMaxRlimit);
      if (l.rlimit == 0) {
        all_unsat = false;
        break;
      }
      z3::solver f = with_messages(c, query, choices, chosen, l);
      Answer a = check(f, l);
      add(a);
      if (a.result == z3::sat) {
        out.model = std::make_unique<z3::model>(f.get_model());
        out.with_messages = std::make_unique<z3::solver>(with_messages(c, query, choices, chosen, budget));
        return out;
      }
      if (a.result != z3::unsat) {
        all_unsat = false;
        break;
      }
    }
    if (all_unsat) return out;
    if (out.answer.safety_net) return out;
  }
  QueryLimits l = rest(kMaxRlimit);
  if (budget.rlimit && l.rlimit == 0) {
    out.answer.result = z3::unknown;
    out.answer.reason = "resource limit reached (" + std::to_string(budget.rlimit) + " rlimit units)";
    return out;
  }
  set_limits(s, l);
  add(check(s, l));
  return out;
}

}  // namespace

// One solver for the part, one call more at each depth: what it learns about the
// shallower calls serves the deeper queries of the same invariant.
ProofVerdict search_runs(const ContractInduction& contract, const std::string& id, const EngineContext& ctx) {
  using Kind = ProofVerdict::Kind;
  ProofVerdict v{id, Kind::HoldsToDepth, "", {}, {}, 0, {}, {}, 0};
  const ProveOptions& options = ctx.options;
  const std::string& name = contract.enc->spec->name;
  AmountModeScope bit_vectors(AmountMode::BitVector);
  Context c;
  auto all = invariants::predicates_of(name, c);
  const SymInvariant& p = *find_predicate(all, id);
  Unrolling u(c, *contract.enc, ctx.deployment.world, contract.address);
  const QueryLimits limits = query_limits(options);
  z3::solver s = make_solver(c, limits);
  ctx.progress.planned(options.depth);
  // The search stops at the part's budget of resource units (--bmc-rlimit), and each
  // query may use what is left of it: a counterexample that one deep query finds is not
  // lost to the per-query --rlimit (without a budget, that bounds each query). The
  // wall-clock budget is a safety net only.
  std::uint64_t used = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.bmc_budget_seconds);
  for (unsigned k = 1; k <= options.depth; ++k) {
    std::uint64_t left = options.bmc_rlimit > used ? options.bmc_rlimit - used : 0;
    if (options.bmc_rlimit && left == 0) {
      v.kind = Kind::Unknown;
      v.detail = "bounded model checking stopped at its budget of " + std::to_string(options.bmc_rlimit) +
                 " rlimit units after depth " + std::to_string(k - 1) + "; " + v.detail;
      v.depth = k - 1;
      return v;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      safety_net_fired();
      v.kind = Kind::Unknown;
      v.safety_net = true;
      v.detail = "wall-clock safety net fired: bounded model checking ran past " +
                 std::to_string(options.bmc_budget_seconds) + " s after depth " + std::to_string(k - 1) + "; " +
                 v.detail;
      v.depth = k - 1;
      return v;
    }
    s.add(u.extend());
    const SymCall& call = u.call(k - 1);
    // A step predicate is asked once per message of the last call, in message order:
    // each query then holds that message's branches only, and the first one broken
    // (still at the minimal depth) is the counterexample. A state predicate is one query.
    std::vector<z3::expr> cases;
    std::vector<std::string> case_names;
    if (p.state) {
      cases.push_back(!p.state(u.state(k)));
      case_names.push_back("");
    } else {
      for (std::size_t m = 0; m < u.messages().size(); ++m) {
        z3::expr any = c.bool_val(false);
        for (auto& b : call.branches[m])
          any = any ||
                (call.takes(m, b) && !p.step(SymStep{u.state(k - 1), call.env, u.messages()[m], call.args[m], b}));
        cases.push_back(any);
        case_names.push_back(", last call " + u.messages()[m].spec->label);
      }
    }
    Answer a{z3::unsat, "", 0};
    std::vector<model::Call> calls;
    for (std::size_t q = 0; q < cases.size(); ++q) {
      QueryLimits budget = limits;
      if (options.bmc_rlimit) {
        if (left == 0) {
          a = Answer{z3::unknown, "its budget of " + std::to_string(options.bmc_rlimit) + " rlimit units ran out", 0};
          break;
        }
        budget.rlimit = std::min(left, kMaxRlimit);
      }
      std::string what = "bmc depth " + std::to_string(k) + case_names[q];
      s.push();
      s.add(cases[q]);
      std::optional<std::size_t> last;
      if (!p.state) last = q;
      Case one = ask_case(s, u, k, last, budget, options.bmc_rlimit != 0);
      used += one.answer.rlimit;
      left = left > one.answer.rlimit ? left - one.answer.rlimit : 0;
      v.obligations.push_back(obligation(name, what, one.answer));
      if (one.answer.result == z3::sat) {
        a = one.answer;
        // Minimized with checks of at most --rlimit units each, in a budget of its own
        // (the search is over): its cost is an obligation of its own.
        Canonical run = one.with_messages ? canonical_values(*one.with_messages, *one.model, u, k,
                                                             limits, minimization_budget(limits))
                                          : canonical_run(s, u, k, limits);
        v.obligations.push_back(run.obligation(name, what + ": canonical counterexample"));
        calls = u.extract(run.model, k);
        s.pop();
        break;
      }
      if (one.answer.result == z3::unknown) a = one.answer;
      s.pop();
    }
    ctx.progress.tick();
    if (a.result == z3::sat) {
      Replayed r = replay_counterexample(ctx.deployment, calls, id);
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
      return v;
    }
    if (a.result == z3::unknown) {
      v.kind = Kind::Unknown;
      v.safety_net = a.safety_net;
      v.detail = "holds to depth " + std::to_string(k - 1) + ", depth " + std::to_string(k) + " undecided (" +
                 a.reason + "); " + v.detail;
      v.depth = k - 1;
      return v;
    }
  }
  v.depth = options.depth;
  return v;
}

ProveOptions shallow_search_options(const ProveOptions& options) {
  ProveOptions shallow = options;
  shallow.jobs = 1;
  shallow.depth = std::min(options.depth, kShallowDepth);
  if (!options.bmc_rlimit || (options.rlimit && options.rlimit < options.bmc_rlimit)) shallow.bmc_rlimit = options.rlimit;
  return shallow;
}

void apply_search(const ProofVerdict& found, ProofVerdict& v) {
  using Kind = ProofVerdict::Kind;
  if (v.kind != Kind::HoldsToDepth) return;
  v.obligations.insert(v.obligations.end(), found.obligations.begin(), found.obligations.end());
  v.depth = found.depth;
  switch (found.kind) {
    case Kind::Violated:
    case Kind::Error:
      v.kind = found.kind;
      v.detail = found.detail;
      v.trace = found.trace;
      break;
    case Kind::Unknown:
      // The search's reason first, then what induction said.
      v.kind = Kind::Unknown;
      v.safety_net = found.safety_net;
      v.detail = found.detail + v.detail;
      break;
    default:
      if (v.unknown_step) v.kind = Kind::Unknown;  // induction undecided, and nothing found
  }
}

void bounded_model_check(const ContractInduction& contract, const std::string& id, ProofVerdict& v,
                         const EngineContext& ctx) {
  if (v.kind != ProofVerdict::Kind::HoldsToDepth) return;
  apply_search(search_runs(contract, id, ctx), v);
}

}  // namespace meshcheck::smt
