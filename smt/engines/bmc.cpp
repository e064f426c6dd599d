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

// At each depth, each pending predicate is asked in its own push/pop, so the solver
// keeps what it learnt about the calls for all of them.
void bounded_model_check(const ContractInduction& contract, std::map<std::string, ProofVerdict>& parts,
                         const EngineContext& ctx) {
  using Kind = ProofVerdict::Kind;
  const ProveOptions& options = ctx.options;
  std::vector<std::string> pending;
  for (auto& [id, v] : parts)
    if (v.kind == Kind::HoldsToDepth) pending.push_back(id);
  if (pending.empty()) return;
  AmountModeScope bit_vectors(AmountMode::BitVector);
  Context c;
  auto all = invariants::predicates_of(contract.enc->spec->name, c);
  Unrolling u(c, *contract.enc, ctx.deployment.world, contract.address);
  const QueryLimits limits = query_limits(options);
  z3::solver s = make_solver(c, limits);
  ctx.progress.planned(pending.size() * options.depth);
  // The search stops at the contract's budget of resource units: each query gets a
  // share of what is left of it. The wall-clock budget is a safety net only.
  std::uint64_t used = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.bmc_budget_seconds);
  for (unsigned k = 1; k <= options.depth && !pending.empty(); ++k) {
    s.add(u.extend());
    const SymCall& call = u.call(k - 1);
    std::vector<std::string> still;
    for (std::size_t i = 0; i < pending.size(); ++i) {
      const std::string& id = pending[i];
      ProofVerdict& v = parts.at(id);
      std::uint64_t left = options.bmc_rlimit > used ? options.bmc_rlimit - used : 0;
      if (options.bmc_rlimit && left == 0) {
        v.kind = Kind::Unknown;
        v.detail = "bounded model checking stopped at its budget of " + std::to_string(options.bmc_rlimit) +
                   " rlimit units after depth " + std::to_string(k - 1) + "; " + v.detail;
        v.depth = k - 1;
        continue;
      }
      if (std::chrono::steady_clock::now() >= deadline) {
        safety_net_fired();
        v.kind = Kind::Unknown;
        v.safety_net = true;
        v.detail = "wall-clock safety net fired: bounded model checking ran past " +
                   std::to_string(options.bmc_budget_seconds) + " s after depth " + std::to_string(k - 1) + "; " +
                   v.detail;
        v.depth = k - 1;
        continue;
      }
      // Shared fairly among the predicates still to be asked at this depth, so that one
      // hard predicate cannot starve the others of their shallow counterexamples.
      QueryLimits budget = limits;
      if (options.bmc_rlimit)
        budget.rlimit = std::max<std::uint64_t>(
            1, std::min(left / (pending.size() - i), limits.rlimit ? limits.rlimit : kMaxRlimit));
      const SymInvariant& p = *find_predicate(all, id);
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
      // The cases spend the predicate's share between them, in order.
      Answer a{z3::unsat, "", 0};
      std::vector<model::Call> calls;
      std::uint64_t share_left = budget.rlimit;
      for (std::size_t q = 0; q < cases.size(); ++q) {
        QueryLimits case_budget = budget;
        if (options.bmc_rlimit) {
          if (share_left == 0) {
            a = Answer{z3::unknown, "its share of the contract's rlimit budget ran out", 0};
            break;
          }
          case_budget.rlimit = share_left;
        }
        set_limits(s, case_budget);
        s.push();
        s.add(cases[q]);
        Answer one = check(s, case_budget);
        used += one.rlimit;
        share_left = share_left > one.rlimit ? share_left - one.rlimit : 0;
        v.obligations.push_back(
            obligation(contract.enc->spec->name, "bmc depth " + std::to_string(k) + case_names[q], one));
        if (one.result == z3::sat) {
          a = one;
          calls = u.extract(canonical_run(s, u, k, case_budget), k);
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
      } else if (a.result == z3::unknown) {
        v.kind = Kind::Unknown;
        v.safety_net = a.safety_net;
        v.detail = "holds to depth " + std::to_string(k - 1) + ", depth " + std::to_string(k) + " undecided (" +
                   a.reason + "); " + v.detail;
        v.depth = k - 1;
      } else {
        still.push_back(id);
      }
    }
    pending = std::move(still);
  }
  for (auto& id : pending) {
    ProofVerdict& v = parts.at(id);
    v.depth = options.depth;
    if (v.unknown_step) v.kind = Kind::Unknown;  // induction undecided, and nothing found
  }
}

}  // namespace meshcheck::smt
