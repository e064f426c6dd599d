// What every proving engine in this folder is handed: the options of the run, the
// standard deployment its searches start from, and the progress counter it reports its
// queries to. Each engine is a function of this context and of what it judges (one
// contract's part of an invariant, a branch); smt/prover.cpp picks the engines for each
// invariant and combines their verdicts.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>

#include "deployment/deployment.hpp"
#include "smt/proof.hpp"

namespace meshcheck::smt {

// Counts a run's solver queries for its progress callback, (done, total so far):
// engines add the queries they plan, then tick each one answered, from any thread.
class Progress {
 public:
  explicit Progress(std::function<void(std::size_t, std::size_t)> report) : report_(std::move(report)) {}

  void planned(std::size_t n) {
    std::lock_guard lock(mutex_);
    total_ += n;
  }
  void tick() {
    std::lock_guard lock(mutex_);
    ++done_;
    if (report_) report_(done_, total_);
  }

 private:
  std::function<void(std::size_t, std::size_t)> report_;
  std::mutex mutex_;
  std::size_t done_ = 0, total_ = 0;
};

struct EngineContext {
  const ProveOptions& options;
  const deployment::StandardDeployment& deployment;
  Progress& progress;
};

}  // namespace meshcheck::smt
