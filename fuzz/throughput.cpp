#include "fuzz/throughput.hpp"

#include <chrono>

#include "fuzz/sequence.hpp"

namespace meshcheck::fuzz {

namespace {
class CountingListener : public rc::detail::TestListener {
 public:
  explicit CountingListener(const Recorder& r) : recorder_(r) {}
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {
    calls += recorder_.steps_in_case;
    ++sequences;
  }
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
  std::uint64_t calls = 0, sequences = 0;

 private:
  const Recorder& recorder_;
};
}  // namespace

Throughput measure_throughput(std::uint64_t seed, std::uint64_t calls) {
  const Setup setup = make_setup(model::deployed_profile(), {});  // the whole catalog
  Recorder recorder;
  CountingListener listener(recorder);
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

double fuzz_throughput(std::uint64_t seed, std::uint64_t calls) { return measure_throughput(seed, calls).calls_per_second(); }

}  // namespace meshcheck::fuzz
