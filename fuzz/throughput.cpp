#include "fuzz/throughput.hpp"

#include <chrono>

#include "fuzz/sequence.hpp"

namespace meshcheck::fuzz {

namespace {
// Runs the sequence property (violations counted, not failed on) in rounds of 100
// sequences of up to 50 commands, seeds `seed`, `seed` + 1, …, until `listener` has
// counted at least `calls` calls.
void run_rounds(const Setup& setup, Recorder& recorder, CaseCounter& listener, std::uint64_t seed,
                std::uint64_t calls) {
  const auto property = rc::detail::toProperty([&] { run_sequence(setup, Mix{}, recorder, false, 49); });
  rc::detail::TestParams params;
  params.maxSuccess = 100;
  params.maxSize = 49;
  for (std::uint64_t round = 0; listener.calls < calls; ++round) {
    params.seed = seed + round;
    rc::detail::checkProperty(property, rc::detail::TestMetadata{}, params, listener, {});
  }
}
}  // namespace

Throughput measure_throughput(std::uint64_t seed, std::uint64_t calls, const model::Profile& profile) {
  const Setup setup = make_setup(profile, {});  // the whole catalog
  Recorder recorder;
  CaseCounter listener(recorder);
  auto start = std::chrono::steady_clock::now();
  run_rounds(setup, recorder, listener, seed, calls);
  Throughput t;
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  t.calls = listener.calls;
  t.sequences = listener.sequences;
  t.violations = recorder.violations;
  return t;
}

namespace {
// Keeps each case's steps as the case ends.
class SequenceKeeper : public CaseCounter {
 public:
  SequenceKeeper(const Recorder& recorder, std::vector<std::vector<TraceStep>>& out)
      : CaseCounter(recorder), recorder_(recorder), out_(out) {}
  void onTestCaseFinished(const rc::detail::CaseDescription& d) override {
    CaseCounter::onTestCaseFinished(d);
    out_.push_back(recorder_.last_run);
  }

 private:
  const Recorder& recorder_;
  std::vector<std::vector<TraceStep>>& out_;
};
}  // namespace

std::vector<std::vector<TraceStep>> record_sequences(const Setup& setup, std::uint64_t seed, std::uint64_t calls) {
  Recorder recorder;
  recorder.keep_runs = true;
  std::vector<std::vector<TraceStep>> sequences;
  SequenceKeeper keeper(recorder, sequences);
  run_rounds(setup, recorder, keeper, seed, calls);
  return sequences;
}

Throughput run_recorded(const Setup& setup, const std::vector<invariants::Monitor>& monitors,
                        const std::vector<std::vector<TraceStep>>& sequences) {
  Throughput t;
  std::vector<invariants::Violation> found;
  auto start = std::chrono::steady_clock::now();
  const bool check = setup.checked && !monitors.empty();
  const invariants::Monitor none;
  for (auto& sequence : sequences) {
    model::World world = setup.world;
    invariants::Monitor monitor = check ? monitors[t.sequences % monitors.size()] : none;
    for (auto& step : sequence) {
      model::World before = world;
      found.clear();
      if (auto* c = std::get_if<CallStep>(&step)) {
        model::CallResult result = world.call(c->call);
        if (check) monitor.observe({invariants::StepKind::Call, before, world, &c->call, &result}, found);
      } else {
        auto& tr = std::get<TransferStep>(step);
        world.transfer(tr.from, tr.to, tr.value);
        if (check) monitor.observe({invariants::StepKind::Transfer, before, world}, found);
      }
      t.violations += found.size();
      ++t.calls;
    }
    ++t.sequences;
  }
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return t;
}

}  // namespace meshcheck::fuzz
