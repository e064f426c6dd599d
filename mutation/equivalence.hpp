// The Z3 equivalence query of an accepted equivalent mutant (issue 15, item 3): the
// mutated and the original message, encoded over one arbitrary pre-state, environment
// and arguments, can they end differently? "Differently" is anything a caller or the
// chain can see: a revert where the other returns, another returned value, another
// stored field or balance, other events, other transfers (the branch markers, which only
// the model's coverage sees, are not compared; ghost fields follow the stored ones).
//
// The state is arbitrary except for the facts the query is told to assume: an
// assumption's part for the contract (A-COUNTERS) or a lemma or invariant the prover
// proves inductive (its predicate, by id). So "equivalent" here says: in every state
// where those facts hold, which is every reachable state once the prover has proved them.
#pragma once

#include <string>
#include <vector>

#include "mutation/catalog.hpp"

namespace meshcheck::mutation {

struct EquivalenceVerdict {
  enum class Kind { kEquivalent, kDiffers, kUnknown, kError };
  Kind kind = Kind::kError;
  std::string detail;  // kDiffers: the two branches that end differently; kError/kUnknown: why
};

// Asks Z3 whether `mutant` can end differently from the unmutated message, in a state
// where every fact of `assumed` holds (assumption or predicate ids of the mutant's
// contract; an unknown id is kError). Bounded by `rlimit` Z3 resource units, never by
// time. Leaves no mutant active.
EquivalenceVerdict check_equivalence(const Mutant& mutant, const std::vector<std::string>& assumed,
                                     unsigned rlimit = 20'000'000);

}  // namespace meshcheck::mutation
