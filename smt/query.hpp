// Running Z3 queries: a solver with the per-query timeout, its answer with the time it
// took, and many queries at once on worker threads. What every proving engine
// (smt/engines/) asks Z3 through.
#pragma once

#include <z3++.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace meshcheck::smt {

double seconds_since(std::chrono::steady_clock::time_point t0);

// What Z3 said to one query, and how long it took.
struct Answer {
  z3::check_result result;
  std::string reason;  // for unknown
  double seconds = 0;
  // As an Obligation records it: "unsat", "sat" or "unknown: <reason>".
  std::string text() const;
};

// Checks `s`. No z3::model in the answer: an Answer outlives the context of its query
// (read the model from the solver right after the check).
Answer check(z3::solver& s);

// A solver that gives up (unknown) after `timeout_seconds`.
z3::solver make_solver(z3::context& c, unsigned timeout_seconds);

// Runs tasks on `jobs` threads (each task makes its own Z3 context: contexts are not
// shared between threads).
// A task's exception (an ill-formed encoding: mismatched sorts, a missing field) is
// rethrown here once every thread has stopped.
void run_parallel(std::vector<std::function<void()>>& tasks, unsigned jobs);

}  // namespace meshcheck::smt
