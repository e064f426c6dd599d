// One call of one message from an arbitrary state: what an inductive step, a vacuity
// check, G-FUNDS-EXIT's "can a step lower the balance" and a branch's reachability ask
// about, with the state constrained only by what the query assumes of it.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "smt/encoding.hpp"

namespace meshcheck::smt {

struct FreeStep {
  SymState pre;
  SymEnv env;
  std::vector<SymValue> args;
  std::vector<SymBranch> branches;
  // One Bool constant per branch, defined as its guard: reading a constant from a model
  // is instant, evaluating a guard over model arrays is not.
  std::vector<z3::expr> taken;
  z3::expr definitions;  // taken[i] == branches[i].guard, for every i
};

FreeStep free_step(z3::context& c, const ContractEncoding& enc, const SymMessage& message);

// What a query assumes of the arbitrary state `pre`: its balance in range, and every
// state predicate of `all` whose id is in `assumed`.
z3::expr assume_all(z3::context& c, const std::vector<SymInvariant>& all, const std::set<std::string>& assumed,
                    const SymState& pre);

// The predicate named `id` among `all`, or nullptr.
const SymInvariant* find_predicate(const std::vector<SymInvariant>& all, const std::string& id);

}  // namespace meshcheck::smt
