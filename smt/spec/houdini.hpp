// Induction over the composed system, Houdini-style: the largest subset of the state
// candidates (candidates.hpp) that holds at the standard deployment and is preserved, as
// a whole, by every path of every step (step.hpp).
//
// A candidate fails its base case if the standard deployment breaks it at some key. It
// fails a step if, from a free pre-state where every candidate still in the set holds at
// every key the step touches (keys.hpp) and the environment's assumptions hold, some ok
// path of the step breaks it at a fresh key k* (a refused path changes no state: the
// candidates do not look at the clock). Failing candidates leave the set, and the steps
// are checked again with what is left, until a round drops nothing: that round's queries
// are the proof of every candidate left.
//
// Each query is bounded by the run's rlimit (deterministic): a query Z3 cannot decide is
// retried candidate by candidate, and a candidate whose own query is undecided leaves
// the set as UNKNOWN, never as proved.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "smt/engines/engine.hpp"
#include "smt/spec/workspace.hpp"

namespace meshcheck::smt::spec {

struct HoudiniOutcome {
  std::vector<char> inductive;             // per candidate: in the final set
  std::vector<char> unknown;               // per dropped candidate: dropped because Z3 could not decide
  std::vector<std::string> why;            // per dropped candidate: the base failure or the counterexample to induction
  std::vector<Obligation> base;            // per candidate: its base-case query
  std::vector<Obligation> steps;           // the last round's step queries (the proof of the final set)
  std::size_t rounds = 0;
};

// `work` explored the step sites with these candidates.
HoudiniOutcome houdini(const std::vector<StateCandidate>& candidates, Workspace& work, const ProveOptions& options,
                       Progress* progress = nullptr);

}  // namespace meshcheck::smt::spec
