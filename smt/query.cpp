// Z3 queries under a resource limit, with their cost, and the worker threads that run
// many at once (query.hpp).
#include "smt/query.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace meshcheck::smt {

namespace {
thread_local SafetyNetTally* current_tally = nullptr;
thread_local TaskPool* current_pool = nullptr;

// A task's failure, as run_parallel and TaskPool::run rethrow it: "the encoding is
// ill-formed: <cause>". A failure of a nested batch (a chain's, a phase's inside another)
// keeps its own cause, said once.
class IllFormed : public std::runtime_error {
 public:
  explicit IllFormed(const std::string& cause)
      : std::runtime_error("the encoding is ill-formed: " + cause), cause_(cause) {}
  const std::string& cause() const { return cause_; }

 private:
  std::string cause_;
};

// What a task's exception says, for its batch's IllFormed.
std::string failure_of(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const IllFormed& x) {
    return x.cause();
  } catch (const z3::exception& x) {
    return std::string("Z3: ") + x.msg();
  } catch (const std::exception& x) {
    return x.what();
  } catch (...) {
    return "an exception of unknown type";
  }
}

// The context's resource units used so far (Z3 counts them per context, across checks).
std::uint64_t rlimit_count(const z3::solver& s) {
  z3::stats st = s.statistics();
  for (unsigned i = 0; i < st.size(); ++i)
    if (st.key(i) == "rlimit count")
      return st.is_uint(i) ? st.uint_value(i) : static_cast<std::uint64_t>(st.double_value(i));
  return 0;
}
}  // namespace

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

QueryLimits query_limits(const ProveOptions& options) { return {options.rlimit, options.timeout_seconds}; }

std::string Answer::text() const {
  switch (result) {
    case z3::unsat: return "unsat";
    case z3::sat: return "sat";
    default: return "unknown: " + reason;
  }
}

Obligation obligation(const std::string& contract, const std::string& what, const Answer& a) {
  return Obligation{contract, what, a.text(), a.seconds, a.rlimit};
}

void set_limits(z3::solver& s, const QueryLimits& limits) {
  z3::params p(s.ctx());
  p.set("rlimit", static_cast<unsigned>(std::min(limits.rlimit, kMaxRlimit)));
  // Z3's timeout is in milliseconds, at most UINT_MAX (about 49 days: none).
  p.set("timeout", limits.safety_net_seconds ? std::min(limits.safety_net_seconds, 4294967u) * 1000u : 4294967295u);
  s.set(p);
}

z3::solver make_solver(z3::context& c, const QueryLimits& limits) {
  z3::solver s(c);
  set_limits(s, limits);
  return s;
}

Answer check(z3::solver& s, const QueryLimits& limits) {
  std::uint64_t before = rlimit_count(s);
  auto t0 = std::chrono::steady_clock::now();
  Answer a{s.check(), "", 0, 0, false};
  a.seconds = seconds_since(t0);
  a.rlimit = rlimit_count(s) - before;
  if (a.result != z3::unknown) return a;
  // Z3 says "canceled" both when the resource limit is reached and when the timeout
  // fires: the units used tell them apart.
  std::string why = s.reason_unknown();
  if (limits.rlimit && a.rlimit >= limits.rlimit) {
    a.reason = "resource limit reached (" + std::to_string(limits.rlimit) + " rlimit units)";
  } else if (limits.safety_net_seconds && (why == "canceled" || why == "timeout")) {
    a.safety_net = true;
    a.reason = "wall-clock safety net fired (" + std::to_string(limits.safety_net_seconds) + " s per query)";
    safety_net_fired();
  } else {
    a.reason = why;
  }
  return a;
}

SafetyNetScope::SafetyNetScope(SafetyNetTally* tally) : previous_(current_tally) { current_tally = tally; }
SafetyNetScope::~SafetyNetScope() { current_tally = previous_; }
SafetyNetTally* current_safety_net() { return current_tally; }
void safety_net_fired() {
  if (current_tally) current_tally->fired();
}

void run_parallel(std::vector<std::function<void()>>& tasks, unsigned jobs) {
  if (current_pool && jobs > 1) {
    current_pool->run(tasks);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::mutex failed_mutex;
  std::string failed;
  SafetyNetTally* tally = current_tally;
  auto worker = [&] {
    SafetyNetScope scope(tally);
    for (std::size_t i; (i = next++) < tasks.size();) {
      try {
        tasks[i]();
      } catch (...) {  // nothing may leave a thread: that would be std::terminate
        const std::string why = failure_of(std::current_exception());
        std::lock_guard lock(failed_mutex);
        if (failed.empty()) failed = why;
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 1; j < std::min<std::size_t>(jobs, tasks.size()); ++j) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  if (!failed.empty()) throw IllFormed(failed);
}

}  // namespace meshcheck::smt

namespace meshcheck::smt {

struct TaskPool::Batch {
  std::vector<std::function<void()>>* tasks;
  bool chains;
  std::size_t next = 0, done = 0;
  std::string failed;
};

TaskPool::TaskPool(unsigned jobs) : tally_(current_tally), previous_(current_pool) {
  current_pool = this;
  for (unsigned j = 1; j < jobs; ++j) threads_.emplace_back([this] { work(); });
}

TaskPool::~TaskPool() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  for (auto& t : threads_) t.join();
  current_pool = previous_;
}

TaskPool::Batch* TaskPool::pick(bool waiting) {
  for (auto it = open_.rbegin(); it != open_.rend(); ++it)
    if (!waiting || !(*it)->chains) return *it;
  return nullptr;
}

// Runs the next task of `b` (taken under `lock`, run without it).
void TaskPool::execute(Batch& b, std::unique_lock<std::mutex>& lock) {
  std::size_t i = b.next++;
  if (b.next == b.tasks->size()) open_.erase(std::find(open_.begin(), open_.end(), &b));
  lock.unlock();
  std::string failed;
  try {
    (*b.tasks)[i]();
  } catch (...) {  // nothing may leave a thread: that would be std::terminate
    failed = failure_of(std::current_exception());
  }
  lock.lock();
  if (!failed.empty() && b.failed.empty()) b.failed = failed;
  if (++b.done == b.tasks->size()) changed_.notify_all();
}

void TaskPool::work() {
  SafetyNetScope scope(tally_);
  current_pool = this;
  std::unique_lock lock(mutex_);
  for (;;) {
    Batch* b = pick(false);
    if (b) {
      execute(*b, lock);
      continue;
    }
    if (stop_) return;
    changed_.wait(lock);
  }
}

void TaskPool::run(std::vector<std::function<void()>>& tasks, bool chains) {
  if (tasks.empty()) return;
  Batch b{&tasks, chains, 0, 0, {}};
  std::unique_lock lock(mutex_);
  open_.push_back(&b);
  changed_.notify_all();
  while (b.done < tasks.size()) {
    if (b.next < tasks.size()) {
      execute(b, lock);
    } else if (Batch* other = pick(true)) {
      execute(*other, lock);
    } else {
      changed_.wait(lock);
    }
  }
  lock.unlock();
  if (!b.failed.empty()) throw IllFormed(b.failed);
}

}  // namespace meshcheck::smt
