// The fuzzer's end-to-end speed, for the benchmarks: generated sequences over all six
// contracts, each call run on the model and on the Sut, every invariant of the catalog
// checked after every step (violations are counted, not stopped at).
#pragma once

#include <cstdint>

namespace meshcheck::fuzz {

struct Throughput {
  std::uint64_t calls = 0;       // calls and plain transfers run on the Sut
  std::uint64_t sequences = 0;
  std::uint64_t violations = 0;  // reported by the monitor along the way
  double seconds = 0;
  double calls_per_second() const { return seconds > 0 ? calls / seconds : 0; }
};

// Fuzzes (deployed profile, sequences of up to 50 commands) until at least `calls`
// calls have run.
Throughput measure_throughput(std::uint64_t seed, std::uint64_t calls);

}  // namespace meshcheck::fuzz
