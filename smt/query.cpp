// Z3 queries with their time, and the worker threads that run many at once (query.hpp).
#include "smt/query.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace meshcheck::smt {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string Answer::text() const {
  switch (result) {
    case z3::unsat: return "unsat";
    case z3::sat: return "sat";
    default: return "unknown: " + reason;
  }
}

Answer check(z3::solver& s) {
  auto t0 = std::chrono::steady_clock::now();
  Answer a{s.check(), "", 0};
  a.seconds = seconds_since(t0);
  if (a.result == z3::unknown) a.reason = s.reason_unknown();
  return a;
}

z3::solver make_solver(z3::context& c, unsigned timeout_seconds) {
  z3::solver s(c);
  z3::params p(c);
  p.set("timeout", timeout_seconds * 1000);
  s.set(p);
  return s;
}

void run_parallel(std::vector<std::function<void()>>& tasks, unsigned jobs) {
  std::atomic<std::size_t> next{0};
  std::mutex failed_mutex;
  std::string failed;
  auto worker = [&] {
    for (std::size_t i; (i = next++) < tasks.size();) {
      try {
        tasks[i]();
      } catch (const z3::exception& e) {
        std::lock_guard lock(failed_mutex);
        if (failed.empty()) failed = std::string("Z3: ") + e.msg();
      } catch (const std::exception& e) {
        std::lock_guard lock(failed_mutex);
        if (failed.empty()) failed = e.what();
      } catch (...) {  // nothing may leave a thread: that would be std::terminate
        std::lock_guard lock(failed_mutex);
        if (failed.empty()) failed = "an exception of unknown type";
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 1; j < std::min<std::size_t>(jobs, tasks.size()); ++j) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  if (!failed.empty()) throw std::runtime_error("the encoding is ill-formed: " + failed);
}

}  // namespace meshcheck::smt
