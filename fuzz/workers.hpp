// Running independent searches in parallel. RapidCheck keeps its implicit parameters
// (the generation context of `*gen`) in process-global stacks, so two searches cannot
// share a process: --jobs N forks N worker processes, each running every N-th search
// and sending its verdicts back over a pipe as JSON lines. A verdict depends only on
// its search, never on which worker ran it or when.
#pragma once

#include <functional>
#include <vector>

#include "fuzz/search.hpp"

namespace meshcheck::fuzz {

// Runs work(0) … work(count-1) in `jobs` processes (in this one when jobs <= 1) and
// returns the verdicts by index. `done` is called in this process as each arrives.
std::vector<Verdict> run_in_workers(std::size_t count, int jobs, const std::function<Verdict(std::size_t)>& work,
                                    const std::function<void(const Verdict&)>& done);

// A verdict as one line of JSON, and back.
std::string verdict_to_line(const Verdict& v);
Verdict verdict_from_line(const std::string& line);

}  // namespace meshcheck::fuzz
