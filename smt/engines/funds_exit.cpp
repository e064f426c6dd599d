// G-FUNDS-EXIT: can value paid into a contract leave it again (funds_exit.hpp).
#include "smt/engines/funds_exit.hpp"

#include <algorithm>
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
        Canonical run = canonical_run(s, u, k, limits);
        v.obligations.push_back(run.obligation(name, "value comes in, depth " + std::to_string(k) + ": canonical counterexample"));
        std::vector<model::Call> calls = u.extract(run.model, k);
        Replayed r = replay_counterexample(ctx.deployment, calls, "");
        v.trace = std::move(r.lines);
        v.depth = k;
        v.detail += ": the value paid with " + calls.back().message->label + " in a run of " + std::to_string(k) +
                    " call" + (k == 1 ? "" : "s") + " stays in the contract for good";
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
      // Only the messages are named: only they are made canonical.
      std::vector<model::Call> calls = u.extract(canonical_run(s, u, k, limits, {}, CanonicalParts::Messages).model, k);
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

std::vector<ProofVerdict> prove_funds_exit(const std::vector<ContractInduction>& contracts, const EngineContext& ctx) {
  std::vector<ProofVerdict> parts;
  std::vector<std::string> names;  // of the parts, in order
  for (auto& contract : contracts) {
    const auto& messages = contract.enc->spec->messages;
    if (std::none_of(messages.begin(), messages.end(), [](const model::MessageSpec& m) { return m.payable; })) continue;
    parts.push_back(prove_funds_exit(contract, ctx));
    names.push_back(contract.enc->spec->name);
  }
  std::vector<std::size_t> locked;
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (parts[i].kind == ProofVerdict::Kind::Violated) locked.push_back(i);
  if (locked.size() > 1) {
    std::string list, details;
    for (std::size_t n = 0; n < locked.size(); ++n) {
      list += (n == 0 ? "" : n + 1 == locked.size() ? " and " : ", ") + names[locked[n]];
      details += (n == 0 ? "" : "; ") + parts[locked[n]].detail;
    }
    ProofVerdict& shown = parts[locked.front()];
    shown.detail = "value is locked for good in " + std::to_string(locked.size()) + " contracts, " + list +
                   (shown.trace.empty() ? "" : " (the trace is " + names[locked.front()] + "'s run)") + ": " + details;
  }
  return parts;
}

}  // namespace meshcheck::smt
