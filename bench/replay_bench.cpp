// Replay throughput: the model alone (World::call on decoded calls) and a full replay
// (JSON Lines read, decoded, run and compared), at three trace lengths so that growth
// can be read off (time per call should stay flat).
//
//   ./build/meshcheck_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//   ./build/meshcheck_bench --write-trace 1000000 /tmp/workload.jsonl   # for `meshcheck replay`
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bench/workload.hpp"
#include "trace/replay.hpp"
#include "trace/writer.hpp"

namespace {

using namespace meshcheck;

model::World deployed_world() {
  model::World world(model::deployed_profile());
  for (auto& d : bench::workload_deployments()) world.deploy(*d.spec, d.address, d.deployer, d.args, 0, 1, 6000);
  return world;
}

// Writes the workload as a trace with the model's outcomes as expect (so replay compares everything).
void write_trace(std::size_t calls, std::ostream& out) {
  model::World world = deployed_world();
  for (auto& d : bench::workload_deployments())
    out << trace::deploy_line(*d.spec, d.address, d.deployer, d.args, 0, 1, 6000).dump() << "\n";
  bench::generate_workload(calls, [&](const model::Call& c) {
    model::CallResult r = world.call(c);
    out << trace::call_line(*world.instance(c.contract)->spec, c, &r).dump() << "\n";
  });
}

void BM_ModelCalls(benchmark::State& state) {
  std::vector<model::Call> calls;
  calls.reserve(state.range(0));
  bench::generate_workload(state.range(0), [&](const model::Call& c) { calls.push_back(c); });
  std::size_t reverted = 0;
  for (auto _ : state) {
    model::World world = deployed_world();
    for (auto& c : calls) reverted += world.call(c).outcome.reverted;
    benchmark::DoNotOptimize(world);
  }
  if (reverted) state.SkipWithError("the workload reverted: it no longer measures successful calls");
  state.counters["calls/s"] = benchmark::Counter(double(state.range(0)) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ModelCalls)->Arg(250'000)->Arg(500'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_ReplayTrace(benchmark::State& state) {
  std::string path = "/tmp/meshcheck_bench_" + std::to_string(state.range(0)) + ".jsonl";
  {
    std::ofstream out(path);
    write_trace(state.range(0), out);
  }
  std::size_t divergences = 0;
  for (auto _ : state) {
    std::ifstream in(path);
    std::ostringstream report;
    auto summary = trace::replay_stream(in, path, model::deployed_profile(), report);
    divergences += summary.divergences + (summary.error ? 1 : 0);
  }
  std::remove(path.c_str());
  if (divergences) state.SkipWithError("the replay diverged");
  state.counters["calls/s"] = benchmark::Counter(double(state.range(0)) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReplayTrace)->Arg(250'000)->Arg(500'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--write-trace") {
    std::ofstream out(argv[3]);
    if (!out) {
      std::cerr << "meshcheck_bench: cannot write " << argv[3] << "\n";
      return 2;
    }
    write_trace(std::stoull(argv[2]), out);
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
