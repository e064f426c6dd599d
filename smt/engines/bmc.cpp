// Bounded model checking from the standard deployment (bmc.hpp).
#include "smt/engines/bmc.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "smt/canonical.hpp"
#include "smt/counterexample.hpp"
#include "smt/free_step.hpp"
#include "smt/query.hpp"
#include "smt/unroll.hpp"
#include "invariants/invariant.hpp"

namespace meshcheck::smt {

// One solver for the part, one call more at each depth: what it learns about the
// shallower calls serves the deeper queries of the same invariant.
void bounded_model_check(const ContractInduction& contract, const std::string& id, ProofVerdict& v,
                         const EngineContext& ctx) {
  using Kind = ProofVerdict::Kind;
  if (v.kind != Kind::HoldsToDepth) return;
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
      return;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      safety_net_fired();
      v.kind = Kind::Unknown;
      v.safety_net = true;
      v.detail = "wall-clock safety net fired: bounded model checking ran past " +
                 std::to_string(options.bmc_budget_seconds) + " s after depth " + std::to_string(k - 1) + "; " +
                 v.detail;
      v.depth = k - 1;
      return;
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
      set_limits(s, budget);
      s.push();
      s.add(cases[q]);
      Answer one = check(s, budget);
      used += one.rlimit;
      left = left > one.rlimit ? left - one.rlimit : 0;
      v.obligations.push_back(obligation(name, what, one));
      if (one.result == z3::sat) {
        a = one;
        // Minimized with checks of at most --rlimit units each, in a budget of its own
        // (the search is over): its cost is an obligation of its own.
        Canonical run = canonical_run(s, u, k, limits);
        v.obligations.push_back(run.obligation(name, what + ": canonical counterexample"));
        calls = u.extract(run.model, k);
        s.pop();
        break;
      }
      if (one.result == z3::unknown) a = one;
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
      return;
    }
    if (a.result == z3::unknown) {
      v.kind = Kind::Unknown;
      v.safety_net = a.safety_net;
      v.detail = "holds to depth " + std::to_string(k - 1) + ", depth " + std::to_string(k) + " undecided (" +
                 a.reason + "); " + v.detail;
      v.depth = k - 1;
      return;
    }
  }
  v.depth = options.depth;
  if (v.unknown_step) v.kind = Kind::Unknown;  // induction undecided, and nothing found
}

}  // namespace meshcheck::smt
