// One call from an arbitrary state, and what a query assumes of that state (free_step.hpp).
#include "smt/free_step.hpp"

namespace meshcheck::smt {

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

const SymInvariant* find_predicate(const std::vector<SymInvariant>& all, const std::string& id) {
  for (auto& p : all)
    if (p.id == id) return &p;
  return nullptr;
}

}  // namespace meshcheck::smt
