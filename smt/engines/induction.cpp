// Houdini, the vacuity check and each invariant's inductive steps (induction.hpp).
#include "smt/engines/induction.hpp"

#include <sstream>
#include <tuple>

#include "smt/canonical.hpp"
#include "smt/free_step.hpp"
#include "smt/query.hpp"
#include "invariants/invariant.hpp"
#include "trace/json_value.hpp"

namespace meshcheck::smt {

namespace {

using Kind = ProofVerdict::Kind;

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
    out << message.spec->args[i].label << "="
        << trace::value_to_json(message.spec->args[i].type, extract(m, st.args[i])).dump();
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
                                        const std::string& id, std::size_t message, const QueryLimits& limits) {
  Context c;
  auto all = invariants::predicates_of(enc.spec->name, c);
  auto messages = enc.messages(c);
  FreeStep st = free_step(c, enc, messages[message]);
  z3::solver s = make_solver(c, limits);
  s.add(assume_all(c, all, assumed, st.pre));
  s.add(st.definitions);
  s.add(breaks(*find_predicate(all, id), st, messages[message]));
  Answer a = check(s, limits);
  std::string cti = a.result == z3::sat ? describe_step(canonical_step(s, st, limits), st, messages[message]) : "";
  return {a, cti};
}

}  // namespace

ContractInduction start_induction(const ContractEncoding& enc) {
  ContractInduction contract{&enc, deployment::contract_address(enc.spec->name), {}, {}, {}};
  Context c;
  for (auto& p : invariants::predicates_of(enc.spec->name, c)) {
    contract.status[p.id] = PredicateStatus{};
    if (p.state) contract.inductive.insert(p.id);
  }
  return contract;
}

void houdini(std::vector<ContractInduction>& contracts, const EngineContext& ctx) {
  for (bool changed = true; changed;) {
    changed = false;
    struct Query {
      ContractInduction* contract;
      std::string id;
      int message;  // -1: base case
      Answer answer;
      std::string cti;
    };
    std::vector<Query> queries;
    for (auto& contract : contracts) {
      Context c;
      auto all = invariants::predicates_of(contract.enc->spec->name, c);
      std::size_t n_messages = contract.enc->messages(c).size();
      for (auto& p : all) {
        if (!p.state || !contract.status[p.id].in_set) continue;
        contract.status[p.id].obligations.clear();
        for (int m = -1; m < static_cast<int>(n_messages); ++m) queries.push_back({&contract, p.id, m, {}, ""});
      }
    }
    ctx.progress.planned(queries.size());
    std::vector<std::function<void()>> tasks;
    for (auto& q : queries)
      tasks.push_back([&q, &ctx] {
        Context c;
        const ContractEncoding& enc = *q.contract->enc;
        auto all = invariants::predicates_of(enc.spec->name, c);
        const SymInvariant& p = *find_predicate(all, q.id);
        const QueryLimits limits = query_limits(ctx.options);
        z3::solver s = make_solver(c, limits);
        if (q.message < 0) {
          const model::World& world = ctx.deployment.world;
          const model::Instance* inst = world.instance(q.contract->address);
          SymState init = enc.from_model(c, *inst->state, invariants::balance_in(world, q.contract->address));
          s.add(!p.state(init));
          q.answer = check(s, limits);
          if (q.answer.result == z3::sat) q.cti = "the standard deployment's state breaks it";
        } else {
          std::tie(q.answer, q.cti) =
              ask_step(enc, q.contract->inductive, q.id, q.message, limits);
        }
        ctx.progress.tick();
      });
    // The first round assumes every candidate; `inductive` starts as all of them.
    run_parallel(tasks, ctx.options.jobs);
    for (auto& q : queries) {
      PredicateStatus& st = q.contract->status[q.id];
      Context c;
      std::string what = q.message < 0 ? "base" : "step " + q.contract->enc->messages(c)[q.message].spec->label;
      st.obligations.push_back(obligation(q.contract->enc->spec->name, what, q.answer));
      if (q.answer.result != z3::unsat && st.in_set) {
        st.in_set = false;
        st.failure =
            InductionFailure{what, q.answer.result == z3::sat ? q.cti : q.answer.reason, q.answer.result != z3::sat};
        q.contract->inductive.erase(q.id);
        changed = true;
      }
    }
  }
}

void check_vacuity(std::vector<ContractInduction>& contracts, const EngineContext& ctx) {
  for (auto& contract : contracts) {
    Context c;
    auto all = invariants::predicates_of(contract.enc->spec->name, c);
    auto messages = contract.enc->messages(c);
    for (auto& message : messages) {
      FreeStep st = free_step(c, *contract.enc, message);
      const QueryLimits limits = query_limits(ctx.options);
      z3::solver s = make_solver(c, limits);
      s.add(assume_all(c, all, contract.inductive, st.pre));
      z3::expr some = c.bool_val(false);
      for (auto& b : st.branches) some = some || b.guard;
      s.add(some);
      Answer a = check(s, limits);
      if (a.result == z3::unsat)
        contract.vacuous[message.spec->label] = "no call of " + message.spec->label + " satisfies the proof's premises";
    }
  }
}

ProofVerdict prove_by_induction(const invariants::Invariant& inv, const ContractInduction& contract,
                                const EngineContext& ctx) {
  ProofVerdict v{inv.id, Kind::Proved, "", {}, {}, 0, {}, {}, 0};
  Context c;
  auto all = invariants::predicates_of(contract.enc->spec->name, c);
  const SymInvariant* p = find_predicate(all, inv.id);
  if (!p) {
    v.kind = Kind::Error;
    v.detail = contract.enc->spec->name + "'s encoding has no predicate for " + inv.id;
    return v;
  }
  std::optional<InductionFailure> failure;
  if (p->state) {
    // Houdini asked its base case and steps already.
    const PredicateStatus& st = contract.status.at(inv.id);
    v.obligations = st.obligations;
    failure = st.failure;
  } else {
    auto messages = contract.enc->messages(c);
    ctx.progress.planned(messages.size());
    std::vector<Answer> answers(messages.size());
    std::vector<std::string> ctis(messages.size());
    std::vector<std::function<void()>> tasks;
    for (std::size_t m = 0; m < messages.size(); ++m)
      tasks.push_back([&, m] {
        std::tie(answers[m], ctis[m]) =
            ask_step(*contract.enc, contract.inductive, inv.id, m, query_limits(ctx.options));
        ctx.progress.tick();
      });
    run_parallel(tasks, ctx.options.jobs);
    for (std::size_t m = 0; m < messages.size(); ++m) {
      std::string what = "step " + messages[m].spec->label;
      v.obligations.push_back(obligation(contract.enc->spec->name, what, answers[m]));
      if (answers[m].result != z3::unsat && !failure)
        failure = InductionFailure{what, answers[m].result == z3::sat ? ctis[m] : answers[m].reason,
                                   answers[m].result != z3::sat};
    }
  }
  if (!failure) {
    for (auto& lemma : contract.inductive)
      if (lemma != inv.id && lemma.find('/') != std::string::npos) v.lemmas.push_back(lemma);
    if (!contract.vacuous.empty()) {
      v.kind = Kind::Vacuous;
      v.detail = contract.vacuous.begin()->second;
    }
    return v;
  }
  // Not inductive (or undecided): bounded model checking searches for a real violation.
  v.kind = Kind::HoldsToDepth;
  v.detail = (failure->unknown ? "undecided: " : "not inductive: ") + failure->what + ": " + failure->detail;
  v.unknown_step = failure->unknown;
  return v;
}

}  // namespace meshcheck::smt
