// The full `meshcheck prove` run (every invariant, every message, deployed profile) with
// one and two jobs, and the time each VIOLATED invariant takes on its own (found at its
// minimal depth).
//
//   ./build/meshcheck_bench --benchmark_filter=Prove --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include "smt/prover.hpp"

namespace {

using namespace meshcheck;

void BM_ProveCatalog(benchmark::State& state) {
  smt::ProveOptions options;
  options.jobs = static_cast<unsigned>(state.range(0));
  std::size_t proved = 0, violated = 0, unknown = 0;
  for (auto _ : state) {
    smt::ProveResult r = smt::prove(options);
    proved = r.count(smt::ProofVerdict::Kind::Proved);
    violated = r.count(smt::ProofVerdict::Kind::Violated);
    unknown = r.count(smt::ProofVerdict::Kind::Unknown);
  }
  state.counters["proved"] = double(proved);
  state.counters["violated"] = double(violated);
  state.counters["unknown"] = double(unknown);
}
BENCHMARK(BM_ProveCatalog)->ArgName("jobs")->Arg(1)->Arg(2)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

// One violated invariant alone: induction, then bounded model checking to its minimal depth.
void BM_ProveViolated(benchmark::State& state, std::string id) {
  smt::ProveOptions options;
  options.invariants = {id};
  options.jobs = 2;
  std::size_t depth = 0;
  for (auto _ : state) depth = smt::prove(options).verdicts.front().depth;
  state.counters["depth"] = double(depth);
}
BENCHMARK_CAPTURE(BM_ProveViolated, E_CONSERVE, std::string("E-CONSERVE"))->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK_CAPTURE(BM_ProveViolated, Q_LIFECYCLE, std::string("Q-LIFECYCLE"))->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK_CAPTURE(BM_ProveViolated, N_BURN, std::string("N-BURN"))->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK_CAPTURE(BM_ProveViolated, M_OUTPUT, std::string("M-OUTPUT"))->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace
