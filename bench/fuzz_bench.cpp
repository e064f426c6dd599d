// The fuzzer's end-to-end throughput (generation, each call run on the model and the
// SUT, the whole catalog checked after every step), and a whole default-sized
// campaign with one and two workers.
//
//   ./build/meshcheck_bench --benchmark_filter=Fuzz --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include "fuzz/campaign.hpp"
#include "fuzz/throughput.hpp"

namespace {

using namespace meshcheck;

// Sequences of up to 50 calls over all six contracts, violations counted, not stopped at.
void BM_FuzzSequences(benchmark::State& state) {
  std::uint64_t calls = 0;
  for (auto _ : state) calls += fuzz::measure_throughput(1, state.range(0)).calls;
  state.counters["calls/s"] = benchmark::Counter(double(calls), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FuzzSequences)->Arg(200'000)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

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
