// Which of the model's guard branches can ever be taken: what the prover says about the
// branches a fuzz campaign missed, so that a coverage report tells a generator's blind
// spot (reachable, with a run that reaches it) from a guard no run can take. A branch's
// guard is first asked from any state the inductive sets of induction.hpp allow, then
// searched for by bounded model checking from the standard deployment.
#pragma once

#include <string>
#include <vector>

#include "smt/proof.hpp"

namespace meshcheck::smt {

struct BranchRef {
  std::string contract;
  std::string message;
  std::string branch;  // an entry of MessageSpec::branches
};

struct BranchReach {
  enum class Kind {
    Unreachable,     // its guard is unsatisfiable in every state the proved lemmas allow
    Reachable,       // a run from the standard deployment takes it (depth calls)
    NotWithinDepth,  // satisfiable in some state, but no run of up to --depth calls gets there
    Unknown,         // Z3 could not decide within the resource units given
  };
  BranchRef branch;
  Kind kind = Kind::Unknown;
  std::size_t depth = 0;
  std::string why;
};
const char* reach_name(BranchReach::Kind kind);

// Classifies each branch, with the lemmas the prover proves inductive (its Houdini
// sets) and bounded model checking to options.depth within options.bmc_rlimit resource units
// per branch.
std::vector<BranchReach> classify_branches(const std::vector<BranchRef>& branches, const ProveOptions& options);

}  // namespace meshcheck::smt
