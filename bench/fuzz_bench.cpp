// The fuzzer's end-to-end throughput (generation, each call run on the model and the
// SUT, the whole catalog checked after every step), and a whole default-sized
// campaign with one and two workers.
//
//   ./build/meshcheck_bench --benchmark_filter=Fuzz --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include "fuzz/campaign.hpp"
#include "fuzz/throughput.hpp"
#include "invariants/invariant.hpp"

namespace {

using namespace meshcheck;

// Sequences of up to 50 calls over all six contracts, violations counted, not stopped at.
void BM_FuzzSequences(benchmark::State& state) {
  std::uint64_t calls = 0;
  for (auto _ : state) calls += fuzz::measure_throughput(1, state.range(0)).calls;
  state.counters["calls/s"] = benchmark::Counter(double(calls), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FuzzSequences)->Arg(200'000)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// The same over the spec profile's handlers (fuzz/spec/): full-length sequences of
// cross-contract calls; no invariant of the catalog is of the spec profile yet, so no
// monitor runs.
void BM_FuzzSpecSequences(benchmark::State& state) {
  std::uint64_t calls = 0;
  for (auto _ : state) calls += fuzz::measure_throughput(1, state.range(0), model::spec_profile()).calls;
  state.counters["calls/s"] = benchmark::Counter(double(calls), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FuzzSpecSequences)->Arg(100'000)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// The model and the invariant checks alone, on the fuzzer's own calls: 200 000 calls of
// generated sequences recorded once, then run from the starting world through
// World::call and a Monitor. The 1M calls/s target is for this. Arg 1 is what
// the monitor reports: 0 the whole catalog (every violation's text is built, as
// `meshcheck replay` does), 1 one invariant per sequence in turn (as a campaign's
// searches do: other invariants' checks run, their texts are not built).
void BM_FuzzModelAndInvariants(benchmark::State& state) {
  const fuzz::Setup setup = fuzz::make_setup(model::deployed_profile(), {});
  const auto sequences = fuzz::record_sequences(setup, 1, state.range(0));
  std::vector<invariants::Monitor> monitors;
  if (state.range(1) == 0) {
    monitors.push_back(setup.monitor);
  } else {
    for (auto& inv : invariants::catalog())
      if (inv.in_profile("deployed") && inv.checkable_on_runs()) monitors.push_back(fuzz::make_setup(model::deployed_profile(), {inv.id}).monitor);
  }
  std::uint64_t calls = 0, violations = 0;
  double seconds = 0;
  for (auto _ : state) {
    fuzz::Throughput t = fuzz::run_recorded(setup, monitors, sequences);
    calls += t.calls;
    violations = t.violations;
    seconds += t.seconds;
    state.SetIterationTime(t.seconds);
  }
  state.counters["calls/s"] = benchmark::Counter(double(calls) / seconds);
  state.counters["violations"] = double(violations);
}
BENCHMARK(BM_FuzzModelAndInvariants)
    ->ArgNames({"calls", "focused"})
    ->Args({200'000, 0})
    ->Args({200'000, 1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->UseManualTime();

// `meshcheck fuzz --seed 1 --runs 1000` without the file writing: every invariant
// searched until violated (then shrunk) or 1000 sequences ran. calls/s counts the
// searched calls only; the time includes shrinking.
void BM_FuzzCampaign(benchmark::State& state) {
  fuzz::FuzzOptions options;
  options.runs = 1000;
  options.jobs = static_cast<int>(state.range(0));
  options.progress = false;
  std::uint64_t calls = 0;
  for (auto _ : state)
    for (auto& v : fuzz::run_campaign(options).verdicts) calls += v.calls;
  state.counters["calls/s"] = benchmark::Counter(double(calls), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FuzzCampaign)->ArgName("jobs")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace
