// G-FUNDS-EXIT: can value paid into a contract leave it again (funds_exit.hpp).
#include "smt/engines/funds_exit.hpp"

#include <vector>

#include "smt/canonical.hpp"
#include "smt/counterexample.hpp"
#include "smt/free_step.hpp"
#include "smt/query.hpp"
#include "smt/unroll.hpp"
#include "invariants/invariant.hpp"

namespace meshcheck::smt {

ProofVerdict prove_funds_exit(const ContractInduction& contract, const EngineContext& ctx) {
  using Kind = ProofVerdict::Kind;
  const ProveOptions& options = ctx.options;
  const std::string& name = contract.enc->spec->name;
  ProofVerdict v{"G-FUNDS-EXIT", Kind::Violated, "", {}, {}, 0, {}, {}, 0};
  Context c;
  auto all = invariants::predicates_of(contract.enc->spec->name, c);
  auto messages = contract.enc->messages(c);
  bool some_step_lowers = false;
  const QueryLimits limits = query_limits(options);
  for (auto& message : messages) {
    FreeStep st = free_step(c, *contract.enc, message);
    z3::solver s = make_solver(c, limits);
    s.add(assume_all(c, all, contract.inductive, st.pre));
    z3::expr lowers = c.bool_val(false);
    for (auto& b : st.branches) lowers = lowers || (b.guard && b.post.balance < st.pre.balance);
    s.add(lowers);
    Answer a = check(s, limits);
    v.obligations.push_back(obligation(name, "step " + message.spec->label + " lowers the balance", a));
    if (a.result != z3::unsat) some_step_lowers = true;
  }
  // From the standard deployment: a run in which value leaves (a witness that it can),
  // or, when no step can ever lower the balance, one in which value comes in for good.
  AmountModeScope bit_vectors(AmountMode::BitVector);
  Context cb;
  Unrolling u(cb, *contract.enc, ctx.deployment.world, contract.address);
  z3::solver s = make_solver(cb, limits);
  if (!some_step_lowers) {
    v.detail = name + " accepts value but no message, from any state, lowers its balance";
    for (unsigned k = 1; k <= options.depth; ++k) {
      s.add(u.extend());
      s.push();
      s.add(u.state(k).balance > u.state(k - 1).balance);
      Answer a = check(s, limits);
      v.obligations.push_back(obligation(name, "value comes in, depth " + std::to_string(k), a));
      if (a.result == z3::sat) {
        std::vector<model::Call> calls = u.extract(canonical_run(s, u, k, limits), k);
        Replayed r = replay_counterexample(ctx.deployment, calls, "");
        v.trace = std::move(r.lines);
        v.depth = k;
        v.detail +=
            ": the value paid with " + calls.back().message->label + " in this trace stays in the contract for good";
        return v;
      }
      s.pop();
      if (a.result == z3::unknown) break;
    }
    return v;
  }
  for (unsigned k = 1; k <= options.depth; ++k) {
    s.add(u.extend());
    s.push();
    s.add(u.state(k).balance < u.state(k - 1).balance);
    Answer a = check(s, limits);
    v.obligations.push_back(obligation(name, "bmc depth " + std::to_string(k), a));
    if (a.result == z3::sat) {
      std::vector<model::Call> calls = u.extract(canonical_run(s, u, k, limits), k);
      v.kind = Kind::Proved;
      v.detail = name + ": value leaves by " + calls.back().message->label + " after " + std::to_string(k - 1) +
                 " earlier call(s)";
      return v;
    }
    if (a.result == z3::unknown) break;
    s.pop();
  }
  v.kind = Kind::Unknown;
  v.detail = name + ": a message can lower the balance, but no run of at most " + std::to_string(options.depth) +
             " calls reaches it";
  return v;
}

}  // namespace meshcheck::smt
