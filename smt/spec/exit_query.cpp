// An exit form's enabledness query (exit_query.hpp).
#include "smt/spec/exit_query.hpp"

#include <cstdio>
#include <cstdlib>
#include <unordered_set>

#include "smt/spec/keys.hpp"
#include "smt/spec/solver.hpp"
#include "smt/spec/step.hpp"
#include "smt/spec/workspace.hpp"

namespace meshcheck::smt::spec {

ExitAnswer ask_exit_form(const invariants::spec::ExitForm& exit, const std::vector<StateCandidate>& cands,
                         const std::vector<char>& use, const QueryLimits& limits, const ExitModelProbe& probe) {
  z3::context ctx;
  ms::SymbolicScope scope(ctx);
  const ComposedState pre = free_state();
  const StepEnv env = free_env(pre);
  const z3::expr key = ctx.bv_const("key", 128);
  const z3::expr form = exit.symbolic(pre.sys, env.env, key);
  const z3::expr facts = ghost_facts_at(pre, {form});
  const auto keys = candidate_keys(candidate_reads(cands, pre), accesses({form}, ctx.bv_sort(128)), key);

  // The cone of `use`: what each candidate reads at a fresh key, and what its keys read.
  std::vector<std::unordered_set<unsigned>> own;
  const z3::expr any = ctx.bv_const("cone.key", 128);
  for (std::size_t c = 0; c < cands.size(); ++c) {
    std::unordered_set<unsigned> mine = symbols_of(cands[c].at(pre, any));
    mine.erase(any.decl().id());
    own.push_back(std::move(mine));
  }
  const std::vector<char> in_cone = cone(own, key_symbols_of(keys), symbols_of(env.assumptions && facts && form), use);

  ExitAnswer out;
  for (std::size_t c = 0; c < cands.size(); ++c)
    if (in_cone[c]) out.assumed.push_back(c);
  // With valid facts only beside it (ghosts.hpp): each comparison of values also read as
  // integers stated of the integers too, and the ranges: ranges ∧ q, as ¬(ranges ⇒ ¬q).
  const z3::expr query = env.assumptions && facts && assumed(cands, in_cone, pre, keys) && !form;
  const z3::expr stated = abstract_lengths(!within_ranges(!(comparisons_as_integers(query) && query)));
  // The parts: each case, then the rest (the whole query for a form without cases).
  std::vector<invariants::spec::ExitCase> cases;
  if (exit.cases) cases = exit.cases(pre.sys, env.env, key);
  z3::expr listed = ctx.bool_val(false);
  for (auto& c : cases) listed = listed || c.when;
  cases.push_back({cases.empty() ? "whole" : "the rest", !listed});
  out.answer = Answer{z3::unsat, "", 0, 0, false};
  bool undecided = false;
  for (auto& c : cases) {
    z3::solver s = make_spec_solver(ctx, limits);
    s.add(stated);
    s.add(c.when);
    const Checked checked = check_confirmed(s, limits, AskAgain::kFailedSatOrUnknown);
    const Answer& a = checked.answer;
    out.parts.push_back({c.label, a});
    out.answer.rlimit += a.rlimit;
    out.answer.seconds += a.seconds;
    if (std::getenv("MESHCHECK_SPEC_TRACE"))
      std::fprintf(stderr, "enabledness %s (%s) [cone %zu] [%s]: %s %llu %.2f s\n", std::string(exit.id).c_str(),
                   std::string(exit.part).c_str(), out.assumed.size(), c.label.c_str(), a.text().c_str(),
                   (unsigned long long)a.rlimit, a.seconds);
    if (a.result == z3::sat) {
      out.answer.result = z3::sat;
      out.answer.reason.clear();
      const z3::model& m = *checked.model;
      out.counterexample = (cases.size() > 1 ? "in case " + c.label + ", " : std::string()) + "at key " +
                           m.eval(key, true).to_string() + ", block " + m.eval(env.env.block.e, true).to_string() +
                           ", caller " + m.eval(env.env.caller.e, true).to_string();
      if (probe) out.counterexample += probe(m, pre, env, key);
      break;
    }
    if (a.result != z3::unsat && !undecided) {
      undecided = true;
      out.answer.result = a.result;
      out.answer.reason = a.reason;
      out.answer.safety_net = a.safety_net;
    }
  }
  return out;
}

}  // namespace meshcheck::smt::spec
