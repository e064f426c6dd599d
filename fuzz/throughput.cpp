#include "fuzz/throughput.hpp"

#include <chrono>

#include "fuzz/sequence.hpp"

namespace meshcheck::fuzz {

Throughput measure_throughput(std::uint64_t seed, std::uint64_t calls) {
  const Setup setup = make_setup(model::deployed_profile(), {});  // the whole catalog
  Recorder recorder;
  CaseCounter listener(recorder);
  const auto property = rc::detail::toProperty([&] { run_sequence(setup, Mix{}, recorder, false); });
  rc::detail::TestParams params;
  params.maxSuccess = 100;
  params.maxSize = 49;
  auto start = std::chrono::steady_clock::now();
  for (std::uint64_t round = 0; listener.calls < calls; ++round) {
    params.seed = seed + round;
    rc::detail::checkProperty(property, rc::detail::TestMetadata{}, params, listener, {});
  }
  Throughput t;
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  t.calls = listener.calls;
  t.sequences = listener.sequences;
  t.violations = recorder.violations;
  return t;
}

}  // namespace meshcheck::fuzz
