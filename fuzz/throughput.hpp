// The fuzzer's end-to-end speed, for the benchmarks: generated sequences over all six
// contracts, each call run on the GeneratorView and on the MonitoredRun, every invariant
// of the catalog checked after every step (violations are counted, not stopped at).
#pragma once

#include <cstdint>
#include <vector>

#include "fuzz/machine.hpp"
#include "fuzz/setup.hpp"

namespace meshcheck::fuzz {

struct Throughput {
  std::uint64_t calls = 0;       // calls and plain transfers run on the MonitoredRun
  std::uint64_t sequences = 0;
  std::uint64_t violations = 0;  // reported by the monitor along the way
  double seconds = 0;
  double calls_per_second() const { return seconds > 0 ? calls / seconds : 0; }
};

// Fuzzes (sequences of up to 50 commands over `profile`'s handlers) until at least
// `calls` calls have run.
Throughput measure_throughput(std::uint64_t seed, std::uint64_t calls,
                              const model::Profile& profile = model::deployed_profile());

// The model and the invariant checks alone, on the calls the fuzzer makes: sequences
// are generated once (`record_sequences`), then `run_recorded` runs each from the
// fuzzer's starting world with World::call and a Monitor, with no RapidCheck in the
// loop. This is the fuzzer's work per call without generation and shrinking.
std::vector<std::vector<TraceStep>> record_sequences(const Setup& setup, std::uint64_t seed, std::uint64_t calls);
// Sequence i is checked by monitors[i % monitors.size()] (copied fresh for it): the
// whole catalog's (`setup.monitor`), or one per invariant as a campaign's searches do;
// by none when `setup.checked` is false or `monitors` is empty (the model alone).
Throughput run_recorded(const Setup& setup, const std::vector<invariants::Monitor>& monitors,
                        const std::vector<std::vector<TraceStep>>& sequences);

}  // namespace meshcheck::fuzz
