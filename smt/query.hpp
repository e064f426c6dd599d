// Running Z3 queries: a solver bounded by a deterministic resource limit, its answer
// with the work and time it took, and many queries at once on worker threads. What
// every proving engine (smt/engines/) asks Z3 through.
//
// A query is bounded by Z3's `rlimit` (resource units: a count of the solver's basic
// steps), never by seconds: for a given query and Z3 version it gives up at the same
// point on every machine under any load, so verdicts do not depend on machine speed.
// Seconds remain only as a safety net against a query that runs away: when the net
// fires, the answer says so (Answer::safety_net), the run's SafetyNetTally counts it,
// and the prover turns what it could have changed into UNKNOWN and exits non-zero.
#pragma once

#include <z3++.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "smt/proof.hpp"

namespace meshcheck::smt {

double seconds_since(std::chrono::steady_clock::time_point t0);

// How much one query may do.
struct QueryLimits {
  std::uint64_t rlimit = 0;         // Z3 resource units; 0: none. At most kMaxRlimit.
  unsigned safety_net_seconds = 0;  // wall clock; 0: none
};
// Z3 takes a query's rlimit as a 32-bit unsigned.
inline constexpr std::uint64_t kMaxRlimit = 4294967295ULL;
// A run's options as the limits of one query.
QueryLimits query_limits(const ProveOptions& options);

// What Z3 said to one query, and what it cost.
struct Answer {
  z3::check_result result;
  std::string reason;  // for unknown
  double seconds = 0;
  std::uint64_t rlimit = 0;  // resource units used: deterministic, unlike the seconds
  bool safety_net = false;   // unknown because the wall-clock safety net fired
  // As an Obligation records it: "unsat", "sat" or "unknown: <reason>" (the resource
  // limit, the wall-clock safety net, or Z3's own reason).
  std::string text() const;
};

// An answer as the obligation `what` of `contract` records it.
Obligation obligation(const std::string& contract, const std::string& what, const Answer& a);

// A solver bounded by `limits` on every check.
z3::solver make_solver(z3::context& c, const QueryLimits& limits);
// Sets `s`'s limits for its next checks.
void set_limits(z3::solver& s, const QueryLimits& limits);

// Checks `s` (whose limits are `limits`: they tell Z3's reasons apart). No z3::model in
// the answer: an Answer outlives the context of its query (read the model from the
// solver right after the check). A firing of the safety net is counted in the thread's
// SafetyNetTally.
Answer check(z3::solver& s, const QueryLimits& limits);

// Counts the firings of the wall-clock safety net in one run. A SafetyNetScope makes a
// tally the current one of its thread; run_parallel hands the caller's to its workers.
class SafetyNetTally {
 public:
  void fired() { ++fired_; }
  std::size_t count() const { return fired_; }

 private:
  std::atomic<std::size_t> fired_{0};
};
class SafetyNetScope {
 public:
  explicit SafetyNetScope(SafetyNetTally* tally);
  ~SafetyNetScope();
  SafetyNetScope(const SafetyNetScope&) = delete;
  SafetyNetScope& operator=(const SafetyNetScope&) = delete;

 private:
  SafetyNetTally* previous_;
};
// The current thread's tally (nullptr: none), and a firing reported to it (for a
// wall-clock budget an engine keeps itself, beside the per-query one).
SafetyNetTally* current_safety_net();
void safety_net_fired();

// Runs tasks on `jobs` threads (each task makes its own Z3 context: contexts are not
// shared between threads). While a TaskPool is current and jobs > 1, on the pool's
// threads instead (see TaskPool); with jobs 1, on the calling thread, one after the other.
// A task's exception (an ill-formed encoding: mismatched sorts, a missing field) is
// rethrown here once every thread has stopped.
void run_parallel(std::vector<std::function<void()>>& tasks, unsigned jobs);

// A fixed set of threads (the one that made it among them) that every run_parallel of
// the threads working for it shares, nested calls included: a thread that has nothing
// left of its own batch takes a task of another, so one phase's last task no longer
// leaves a thread idle while another phase has work (prove(): one contract's Houdini
// rounds beside another's proofs). The newest batch is served first (it is the deepest
// in progress). Chains (run_chains) are tasks that start nested batches themselves and
// wait for them; a thread waiting for its own batch takes only the tasks of ordinary
// batches, which must not wait for any (their run_parallel calls have jobs 1), so no
// thread ever waits for a task below it on its own stack. Results are the tasks' own:
// the order tasks run in changes nothing they compute.
class TaskPool {
 public:
  explicit TaskPool(unsigned jobs);  // makes it current on this thread
  ~TaskPool();
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;
  void run(std::vector<std::function<void()>>& tasks) { run(tasks, false); }
  void run_chains(std::vector<std::function<void()>>& tasks) { run(tasks, true); }

 private:
  struct Batch;
  void run(std::vector<std::function<void()>>& tasks, bool chains);
  void work();
  Batch* pick(bool waiting);
  void execute(Batch& b, std::unique_lock<std::mutex>& lock);

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Batch*> open_;  // batches with tasks not yet taken, oldest first
  bool stop_ = false;
  SafetyNetTally* tally_;
  TaskPool* previous_;
  std::vector<std::thread> threads_;
};

}  // namespace meshcheck::smt
