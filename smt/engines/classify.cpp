// Branch classification: unreachable (proved), reachable (with a run), or neither within
// the depth (classify.hpp).
#include "smt/engines/classify.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "model/profile.hpp"
#include "smt/canonical.hpp"
#include "smt/engines/induction.hpp"
#include "smt/free_step.hpp"
#include "smt/query.hpp"
#include "smt/unroll.hpp"
#include "invariants/invariant.hpp"

namespace meshcheck::smt {

namespace {

// Contract -> its proved lemmas and invariants: Houdini over every contract.
std::map<std::string, std::set<std::string>> inductive_sets(const EngineContext& ctx) {
  std::vector<ContractInduction> contracts;
  for (auto* enc : encodings()) contracts.push_back(start_induction(*enc));
  houdini(contracts, ctx);
  std::map<std::string, std::set<std::string>> out;
  for (auto& contract : contracts) out[contract.enc->spec->name] = contract.inductive;
  return out;
}

// From any state the proved lemmas allow: can the guard hold at all? True when that
// settles `r`: the message or branch has no encoding, or the guard never holds.
bool settled_by_lemmas(BranchReach& r, const ContractEncoding& enc, const std::set<std::string>& lemmas,
                       const ProveOptions& options) {
  const BranchRef& ref = r.branch;
  Context c;
  auto all = invariants::predicates_of(enc.spec->name, c);
  auto messages = enc.messages(c);
  auto m =
      std::find_if(messages.begin(), messages.end(), [&](const SymMessage& x) { return x.spec->label == ref.message; });
  if (m == messages.end()) {
    r.why = "no encoding of " + ref.contract + "." + ref.message;
    return true;
  }
  FreeStep st = free_step(c, enc, *m);
  z3::expr guard = c.bool_val(false);
  bool named = false;
  for (auto& b : st.branches)
    if (b.name == ref.branch) guard = guard || b.guard, named = true;
  if (!named) {
    r.why = "the encoding has no branch named '" + ref.branch + "'";
    return true;
  }
  const QueryLimits limits = query_limits(options);
  z3::solver s = make_solver(c, limits);
  s.add(assume_all(c, all, lemmas, st.pre));
  s.add(guard);
  if (check(s, limits).result != z3::unsat) return false;
  r.kind = BranchReach::Kind::Unreachable;
  std::string used;
  for (auto& l : lemmas) used += (used.empty() ? "" : ", ") + l;
  r.why = "no state satisfying the proved lemmas and invariants (" + (used.empty() ? "none" : used) +
          ") lets its guard hold";
  return true;
}

// A run from the standard deployment whose last call takes the branch.
void search_run(BranchReach& r, const ContractEncoding& enc, const EngineContext& ctx) {
  const BranchRef& ref = r.branch;
  const ProveOptions& options = ctx.options;
  AmountModeScope bit_vectors(AmountMode::BitVector);
  Context c;
  Unrolling u(c, enc, ctx.deployment.world, deployment::contract_address(ref.contract));
  const QueryLimits limits = query_limits(options);
  z3::solver s = make_solver(c, limits);
  // Bounded by the run's budget of resource units for one contract's search; the wall
  // clock is a safety net only.
  std::uint64_t used = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options.bmc_budget_seconds);
  r.kind = BranchReach::Kind::NotWithinDepth;
  r.depth = options.depth;
  for (unsigned k = 1; k <= options.depth; ++k) {
    bool out_of_units = options.bmc_rlimit && used >= options.bmc_rlimit;
    bool out_of_time = std::chrono::steady_clock::now() >= deadline;
    if (out_of_units || out_of_time) {
      if (!out_of_units) safety_net_fired();
      r.kind = BranchReach::Kind::Unknown;
      r.depth = k - 1;
      r.why = "not reached by a run of up to " + std::to_string(k - 1) + " calls; the search stopped at " +
              (out_of_units ? std::string("its budget of rlimit units") : std::string("the wall-clock safety net"));
      break;
    }
    QueryLimits budget = limits;
    if (options.bmc_rlimit)
      budget.rlimit = std::min(options.bmc_rlimit - used, limits.rlimit ? limits.rlimit : kMaxRlimit);
    set_limits(s, budget);
    s.add(u.extend());
    const SymCall& call = u.call(k - 1);
    z3::expr takes = c.bool_val(false);
    for (std::size_t m = 0; m < u.messages().size(); ++m)
      if (u.messages()[m].spec->label == ref.message)
        for (auto& b : call.branches[m])
          if (b.name == ref.branch) takes = takes || call.takes(m, b);
    s.push();
    s.add(takes);
    Answer answer = check(s, budget);
    used += answer.rlimit;
    z3::check_result a = answer.result;
    if (a == z3::sat) {
      r.kind = BranchReach::Kind::Reachable;
      r.depth = k;
      std::string calls;
      // Only the messages are named: only they are made canonical.
      for (auto& call_k : u.extract(canonical_run(s, u, k, budget, {}, CanonicalParts::Messages).model, k))
        calls += (calls.empty() ? "" : ", ") + call_k.message->label;
      r.why = "a run of " + std::to_string(k) + " call(s) takes it: " + calls;
      break;
    }
    s.pop();
    if (a == z3::unknown) {
      r.kind = BranchReach::Kind::Unknown;
      r.depth = k - 1;
      r.why = "not reached by a run of up to " + std::to_string(k - 1) + " calls; depth " + std::to_string(k) +
              " undecided (" + answer.reason + ")";
      break;
    }
  }
  if (r.kind == BranchReach::Kind::NotWithinDepth)
    r.why = "its guard can hold in some state, but no run of up to " + std::to_string(options.depth) +
            " calls reaches one (a counter at its maximum, for instance)";
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
  const deployment::StandardDeployment deployed = deployment::deploy_standard(model::deployed_profile());
  Progress unreported({});
  const EngineContext ctx{options, deployed, unreported};
  std::map<std::string, std::set<std::string>> lemmas = inductive_sets(ctx);
  std::vector<BranchReach> out;
  for (auto& ref : branches) {
    BranchReach r{ref, BranchReach::Kind::Unknown, 0, ""};
    const ContractEncoding* enc = encoding_of(ref.contract);
    if (!enc) {
      r.why = "no encoding of " + ref.contract;
    } else if (!settled_by_lemmas(r, *enc, lemmas[ref.contract], options)) {
      search_run(r, *enc, ctx);
    }
    out.push_back(r);
  }
  return out;
}

}  // namespace meshcheck::smt
