// Replay throughput: the model alone (World::call on decoded calls), a full replay
// (JSON Lines read, decoded, run and compared) of the decoded trace, and of the raw
// trace (SCALE call data, outputs and events, read through the ink! metadata, as
// `replay --metadata` does), at three trace lengths so that growth can be read off
// (time per call should stay flat).
//
//   ./build/meshcheck_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//   ./build/meshcheck_bench --write-trace 1000000 /tmp/workload.jsonl   # for `meshcheck replay`
//   ./build/meshcheck_bench --write-spec-trace 250000 /tmp/spec.jsonl   # the spec workload, likewise
//   ./build/meshcheck_bench --benchmark_filter='ModelCalls|ReplayTrace/' # deployed and spec side by side
//   ./build/meshcheck_bench --write-raw-trace 1000000 /tmp/raw.jsonl ABI_DIR   # raw; ABI_DIR's
//       metadata (e.g. ../shared/abis), or, when it has none, metadata synthesized there
//   bash bench/raw_throughput.sh   # the raw trace through meshcheck and @polkadot/api-contract
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "abi/synthesize.hpp"
#include "bench/workload.hpp"
#include "invariants/monitor.hpp"
#include "trace/raw_call.hpp"
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

// The six contracts' metadata: DIR's *.json files when it has any, else synthesized
// from the model (and written to DIR, when given, for other tools to read).
abi::MetadataSet workload_metadata(const std::string& dir = "") {
  namespace fs = std::filesystem;
  if (!dir.empty() && fs::exists(fs::path(dir) / "payment_escrow.json")) return abi::MetadataSet::load({dir});
  abi::MetadataSet set;
  if (!dir.empty()) fs::create_directories(dir);
  // The workload's builds (its escrow is the ink! 5.1.1 one), one <contract>.json each, as
  // js/decode_bench.mjs reads them.
  for (auto& d : bench::workload_deployments()) {
    auto j = abi::synthesize_metadata(*d.spec);
    const std::string file = d.spec->name + ".json";
    if (!dir.empty()) std::ofstream(fs::path(dir) / file) << j.dump(1);
    set.add(abi::Metadata::parse(j, file));
  }
  return set;
}

// The workload as a raw trace: every call's input, output and events in SCALE.
void write_raw_trace(std::size_t calls, const abi::MetadataSet& metadata, std::ostream& out) {
  model::World world = deployed_world();
  for (auto& d : bench::workload_deployments())
    out << trace::deploy_line(*d.spec, d.address, d.deployer, d.args, 0, 1, 6000).dump() << "\n";
  bench::generate_workload(calls, [&](const model::Call& c) {
    model::CallResult r = world.call(c);
    const model::ContractSpec& spec = *world.instance(c.contract)->spec;
    out << trace::raw_call_line(*metadata.find(spec), spec, c, &r).dump() << "\n";
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

// The model and the whole invariant catalog on the same calls: each call run by
// World::call and its step (world before, call, result, world after) checked by a
// Monitor, as the fuzzer and replay do after every call. The workload breaks N-BURN on
// every burn; violations are counted, not stopped at.
void BM_ModelAndInvariants(benchmark::State& state) {
  std::vector<model::Call> calls;
  calls.reserve(state.range(0));
  bench::generate_workload(state.range(0), [&](const model::Call& c) { calls.push_back(c); });
  std::size_t reverted = 0, violations = 0;
  std::vector<invariants::Violation> found;
  for (auto _ : state) {
    model::World world = deployed_world();
    invariants::Monitor monitor;
    for (auto& c : calls) {
      model::World before = world;
      model::CallResult r = world.call(c);
      reverted += r.outcome.reverted;
      found.clear();
      monitor.observe({invariants::StepKind::Call, before, world, &c, &r}, found);
      violations += found.size();
    }
    benchmark::DoNotOptimize(world);
  }
  if (reverted) state.SkipWithError("the workload reverted: it no longer measures successful calls");
  state.counters["violations"] = double(violations);
  state.counters["calls/s"] =
      benchmark::Counter(double(state.range(0)) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ModelAndInvariants)->Arg(250'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(1);

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

// Raw replay (`replay --metadata`): arg 0 the number of calls, arg 1 whether the
// invariant catalog is checked too (without it, what `--no-invariants` measures: read,
// decode, run and compare bytes), arg 2 whether raw lines take the fast path
// (trace/fast_raw.cpp; 0: every line through the general path, as before it).
// Each trace is written once, before its first run.
void BM_ReplayRawTrace(benchmark::State& state) {
  static const abi::MetadataSet metadata = workload_metadata();
  static std::set<std::string> written;
  std::string path = "/tmp/meshcheck_bench_raw_" + std::to_string(state.range(0)) + ".jsonl";
  if (written.insert(path).second) {
    std::ofstream out(path);
    write_raw_trace(state.range(0), metadata, out);
  }
  trace::ReplayOptions options;
  options.metadata = metadata;
  options.check_invariants = state.range(1) != 0;
  options.raw_fast_path = state.range(2) != 0;
  std::size_t divergences = 0;
  for (auto _ : state) {
    std::ifstream in(path);
    std::ostringstream report;
    auto summary = trace::replay_stream(in, path, model::deployed_profile(), report, nullptr, options);
    // (The workload breaks N-BURN on every burn: violations are reported, not errors.)
    divergences += summary.divergences + (summary.error ? 1 : 0);
    if (summary.calls != std::size_t(state.range(0))) state.SkipWithError("the replay did not run every call");
  }
  if (divergences) state.SkipWithError("the raw replay diverged");
  state.counters["calls/s"] = benchmark::Counter(double(state.range(0)) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReplayRawTrace)
    ->ArgNames({"calls", "invariants", "fast"})
    ->Args({250'000, 0, 1})
    ->Args({500'000, 0, 1})
    ->Args({1'000'000, 0, 1})
    ->Args({1'000'000, 1, 1})
    ->Args({1'000'000, 0, 0})
    ->Args({1'000'000, 1, 0})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// The spec profile beside the deployed one (issue 13 item 8): the same two figures on the
// spec workload (bench/spec_workload.cpp: the flows of spec §4, every call succeeding,
// each a whole cross-contract transaction), model alone and a full decoded replay.
void write_spec_trace(std::size_t calls, std::ostream& out) {
  deployment::StandardDeployment d = bench::spec_workload_deployment();
  for (auto& line : d.header) out << line << "\n";
  bench::generate_spec_workload(calls, [&](const model::Call& c) {
    model::CallResult r = d.world.call(c);
    out << trace::call_line(*d.world.instance(c.contract)->spec, c, &r).dump() << "\n";
  });
}

void BM_SpecModelCalls(benchmark::State& state) {
  const deployment::StandardDeployment d = bench::spec_workload_deployment();
  std::vector<model::Call> calls;
  calls.reserve(state.range(0));
  bench::generate_spec_workload(state.range(0), [&](const model::Call& c) { calls.push_back(c); });
  std::size_t reverted = 0;
  for (auto _ : state) {
    model::World world = d.world;
    for (auto& c : calls) reverted += world.call(c).outcome.reverted;
    benchmark::DoNotOptimize(world);
  }
  if (reverted) state.SkipWithError("the spec workload reverted: it no longer measures successful calls");
  state.counters["calls/s"] = benchmark::Counter(double(state.range(0)) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SpecModelCalls)->Arg(100'000)->Arg(250'000)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_SpecReplayTrace(benchmark::State& state) {
  std::string path = "/tmp/meshcheck_bench_spec_" + std::to_string(state.range(0)) + ".jsonl";
  {
    std::ofstream out(path);
    write_spec_trace(state.range(0), out);
  }
  std::size_t divergences = 0, ran = 0;
  for (auto _ : state) {
    std::ifstream in(path);
    std::ostringstream report;
    auto summary = trace::replay_stream(in, path, model::spec_profile(), report);
    divergences += summary.divergences + (summary.error ? 1 : 0);
    ran = summary.calls;
  }
  std::remove(path.c_str());
  if (divergences) state.SkipWithError("the spec replay diverged");
  // The header's four role calls are calls too.
  if (ran != std::size_t(state.range(0)) + 4) state.SkipWithError("the spec replay did not run every call");
  state.counters["calls/s"] = benchmark::Counter(double(state.range(0)) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SpecReplayTrace)->Arg(100'000)->Arg(250'000)->Unit(benchmark::kMillisecond)->Iterations(1);

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
  if (argc == 4 && std::string(argv[1]) == "--write-spec-trace") {
    std::ofstream out(argv[3]);
    if (!out) {
      std::cerr << "meshcheck_bench: cannot write " << argv[3] << "\n";
      return 2;
    }
    write_spec_trace(std::stoull(argv[2]), out);
    return 0;
  }
  if (argc == 5 && std::string(argv[1]) == "--write-raw-trace") {
    std::ofstream out(argv[3]);
    if (!out) {
      std::cerr << "meshcheck_bench: cannot write " << argv[3] << "\n";
      return 2;
    }
    write_raw_trace(std::stoull(argv[2]), workload_metadata(argv[4]), out);
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  for (long n : {250'000, 500'000, 1'000'000}) std::remove(("/tmp/meshcheck_bench_raw_" + std::to_string(n) + ".jsonl").c_str());
  benchmark::Shutdown();
  return 0;
}
