// M-PERMUTE by self-composition: two runs of create_batch side by side (self_composition.hpp).
#include "smt/engines/self_composition.hpp"

#include <chrono>

#include "smt/canonical.hpp"
#include "smt/counterexample.hpp"
#include "smt/query.hpp"
#include "smt/unroll.hpp"
#include "trace/json_value.hpp"

namespace meshcheck::smt {

namespace {
// The two runs' outcomes differ: one reverts and not the other, or both return but
// with different states, return values or events.
z3::expr outcomes_differ(z3::context& c, const std::vector<SymBranch>& first, const std::vector<SymBranch>& second) {
  z3::expr any = c.bool_val(false);
  for (auto& a : first)
    for (auto& b : second) {
      z3::expr differ = c.bool_val(a.reverts != b.reverts);
      if (!a.reverts && !b.reverts) {
        differ = !equals(a.post, b.post);
        if (a.returned && b.returned) differ = differ || !equals(*a.returned, *b.returned);
        if (a.events.size() != b.events.size()) {
          differ = c.bool_val(true);
        } else {
          for (std::size_t e = 0; e < a.events.size(); ++e) {
            if (a.events[e].spec != b.events[e].spec) {
              differ = c.bool_val(true);
              continue;
            }
            for (std::size_t f = 0; f < a.events[e].fields.size(); ++f)
              differ = differ || !equals(a.events[e].fields[f], b.events[e].fields[f]);
          }
        }
      }
      any = any || (a.guard && b.guard && differ);
    }
  return any;
}

// `ids` reordered by a symbolic permutation of its first `len` items; the constraints
// make it one.
SymValue permuted(z3::context& c, const SymValue& ids, z3::expr& constraints) {
  SymValue out = ids;
  std::vector<z3::expr> index;
  for (unsigned i = 0; i < kMaxVec; ++i) index.push_back(fresh_const(c, "perm." + std::to_string(i), c.bv_sort(32)));
  for (unsigned i = 0; i < kMaxVec; ++i) {
    z3::expr in_range = z3::ult(c.bv_val(i, 32), *ids.tag);
    constraints = constraints && z3::implies(in_range, z3::ult(index[i], *ids.tag));
    for (unsigned j = 0; j < i; ++j) constraints = constraints && z3::implies(in_range, index[i] != index[j]);
    SymValue item = ids.items[0];
    for (unsigned k = 1; k < kMaxVec; ++k) item = ite(index[i] == c.bv_val(k, 32), ids.items[k], item);
    out.items[i] = ite(in_range, item, ids.items[i]);
  }
  return out;
}
}  // namespace

ProofVerdict prove_two_run(const std::string& id, const EngineContext& ctx) {
  using Kind = ProofVerdict::Kind;
  const deployment::StandardDeployment& deployed = ctx.deployment;
  const unsigned depth = ctx.options.depth;
  auto t0 = std::chrono::steady_clock::now();
  ProofVerdict v{id, Kind::Error, "", {}, {}, 0, {}, {}, 0};
  const ContractEncoding* enc = encoding_of("mev_protection");
  Context c;
  const QueryLimits limits = query_limits(ctx.options);
  std::vector<SymMessage> messages = enc->messages(c);
  std::size_t create = messages.size();
  for (std::size_t m = 0; m < messages.size(); ++m)
    if (messages[m].spec->label == "create_batch") create = m;
  if (create == messages.size()) {
    v.detail = "mev_protection's encoding has no create_batch";
    return v;
  }
  std::size_t ids_arg = 0;
  while (ids_arg < messages[create].spec->args.size() && messages[create].spec->args[ids_arg].type->kind != TypeKind::Vec)
    ++ids_arg;

  auto record = [&](const std::string& what, const Answer& a) {
    v.obligations.push_back(obligation("mev_protection", what, a));
  };

  // From any state: both orders always agree? (In the representation of inductive
  // steps, Int amounts.) Asked once a run of one call has not told them apart: one call
  // is cheap to search, and a property broken from the deployment already needs no
  // proof attempt (that attempt costs a full query's units when it fails).
  auto proved_from_any_state = [&] {
    AmountModeScope ints(AmountMode::Int);
    SymState pre = SymState::fresh(c, enc->schema(c), "pre");
    SymEnv env = fresh_env(c, *enc->spec, "env");
    std::vector<SymValue> args;
    for (auto& a : messages[create].spec->args) args.push_back(fresh_value(c, a.type, "arg." + a.label));
    z3::expr constraints = z3::ule(*args[ids_arg].tag, c.bv_val(kMaxVec, 32));
    std::vector<SymValue> other = args;
    other[ids_arg] = permuted(c, args[ids_arg], constraints);
    z3::solver s = make_solver(c, limits);
    s.add(constraints && balance_in_range(pre));
    s.add(outcomes_differ(c, call_branches(messages[create], pre, env, args),
                          call_branches(messages[create], pre, env, other)));
    Answer a = check(s, limits);
    record("two runs from any state", a);
    if (a.result != z3::unsat) return false;
    v.kind = Kind::Proved;
    v.detail = "for intent lists of up to " + std::to_string(kMaxVec) + " ids (the encoding's unrolling)";
    v.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return true;
  };

  // From the standard deployment: a prefix of k calls, then the two orders.
  AmountModeScope bit_vectors(AmountMode::BitVector);
  Unrolling u(c, *enc, deployed.world, deployment::contract_address("mev_protection"));
  z3::solver s = make_solver(c, limits);
  for (unsigned k = 0; k < depth; ++k) {
    s.add(u.extend());  // call k+1: the first run's create_batch
    s.push();
    const SymCall& last = u.call(k);
    z3::expr constraints = last.choice == c.bv_val(static_cast<unsigned>(create), 8);
    std::vector<SymValue> other = last.args[create];
    other[ids_arg] = permuted(c, last.args[create][ids_arg], constraints);
    s.add(constraints);
    s.add(outcomes_differ(c, last.branches[create], call_branches(messages[create], u.state(k), last.env, other)));
    Answer answer = check(s, limits);
    record("bmc depth " + std::to_string(k + 1), answer);
    if (answer.result == z3::sat) {
      Canonical run = canonical_run(s, u, k + 1, limits, {other[ids_arg]});
      v.obligations.push_back(
          run.obligation("mev_protection", "bmc depth " + std::to_string(k + 1) + ": canonical counterexample"));
      const z3::model& m = run.model;
      std::vector<model::Call> first = u.extract(m, k + 1);
      std::vector<model::Call> second = first;
      second.back().args[ids_arg] = extract(m, other[ids_arg]);
      Replayed a = replay_counterexample(deployed, first, "");
      Replayed b = replay_counterexample(deployed, second, "");
      // The model must agree that the two runs end differently.
      model::World wa = deployed.world, wb = deployed.world;
      model::CallResult ra, rb;
      for (auto& call : first) ra = wa.call(call);
      for (auto& call : second) rb = wb.call(call);
      bool same = wa == wb && ra.outcome.reverted == rb.outcome.reverted && ra.outcome.returned == rb.outcome.returned &&
                  ra.events == rb.events;
      if (!a.error.empty() || !b.error.empty() || same) {
        v.kind = Kind::Error;
        v.detail = "the encoding and the model disagree: Z3 found two orders of create_batch's intent ids that end "
                   "differently, but the model " +
                   (same ? std::string("ends both runs the same") : a.error + b.error);
      } else {
        v.kind = Kind::Violated;
        v.detail = "create_batch with the intent ids " +
                   trace::value_to_json(first.back().message->args[ids_arg].type, first.back().args[ids_arg]).dump() +
                   " and " +
                   trace::value_to_json(first.back().message->args[ids_arg].type, second.back().args[ids_arg]).dump() +
                   " ends in different worlds (second run: " + id + ".permuted.jsonl)";
      }
      v.trace = std::move(a.lines);
      v.extra_trace = std::move(b.lines);
      v.depth = k + 1;
      v.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      return v;
    }
    s.pop();
    if (answer.result == z3::unknown) {
      v.kind = Kind::Unknown;
      v.safety_net = answer.safety_net;
      v.detail = "bounded model checking at depth " + std::to_string(k + 1) + ": " + answer.reason;
      return v;
    }
    if (k == 0 && proved_from_any_state()) return v;
  }
  v.kind = Kind::HoldsToDepth;
  v.depth = depth;
  v.detail = "the two orders can differ from some state, but none reachable in " + std::to_string(depth) + " calls";
  return v;
}

}  // namespace meshcheck::smt
