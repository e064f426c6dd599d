// Bounded model checking of the spec profile (../shared/spec-profile.md §5 "Composed
// prover"; issue 14 item 3): from the standard deployment (or from a concrete run after
// it), k symbolic top-level calls of the composed system, one more at a time, until an
// invariant's symbolic form breaks; the first k at which it does is minimal. Each call
// is any mutating message of any of the six contracts (smt/spec/step.hpp, nested calls
// inlined), its arguments fresh and restricted as the spec fuzzer draws them
// (smt/spec/bmc_values.hpp), its caller one of the spec actors, its value at most one past
// u128::MAX (what a tracked actor holds at most), the clock never going back and moving
// at most 1000 blocks and a day per call.
//
// An invariant is searched through its symbolic forms (invariants/spec/spec.hpp): a
// GenericForm at a free key on the state after the last call, a StepForm on the last
// call's path, an ExitForm from the state after the last call in a free environment.
// Each form is one query per depth, in declaration order; the first one sat is the
// counterexample.
//
// A counterexample is made canonical (the messages first, then callers, values and
// arguments from the last call back, then the clock: smt/canonical.hpp's Minimizer), then
// concrete: a signature the model lets sig_ok accept is made by signing the concrete
// digest with the worker key's secret (RFC 6979), one it rejects is the all-zero
// signature. The calls are written as a spec trace after the start's lines and replayed
// through the C++ model and the Monitor, which must report the same invariant on the last
// call; else the verdict is ERROR: the encoding and the model disagree.
//
// Work is bounded in Z3 resource units (a budget for the whole search, each query taking
// what is left of it), never in seconds: the seconds are a safety net only.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/world.hpp"
#include "smt/proof.hpp"

namespace meshcheck::smt::spec {

// Where a search starts: a spec world and the trace lines that build it.
struct BmcStart {
  model::World world;
  std::vector<std::string> lines;
  std::string name = "the standard deployment";
};
// The spec standard deployment (deployment::deploy_spec_standard).
BmcStart standard_start();
// The first `calls` call lines of the spec trace at `path` (its own header first), run
// through the model as it stands (a spec mutant included) and written with the model's
// outcomes as their `expect`. Throws BmcInputError naming the file (and line).
BmcStart start_from_trace(const std::string& path, std::size_t calls);
struct BmcInputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct BmcOptions {
  unsigned depth = 3;                          // at most this many calls
  std::uint64_t rlimit = kDefaultBmcRlimit;    // the whole search (0: none, each query bounded by query_rlimit)
  std::uint64_t query_rlimit = kDefaultRlimit;  // each minimizing check of a counterexample
  unsigned safety_net_seconds = 1800;          // wall clock, for the whole search: a net only
};

// The verdict of a search for invariant `id` (a spec invariant with at least one symbolic
// form): VIOLATED with the replayed trace and its depth, HOLDS TO DEPTH (nothing up to
// options.depth), UNKNOWN (the budget ran out first, or Z3 could not decide), ERROR (the
// model did not reproduce the violation Z3 found, or the invariant has no form).
ProofVerdict bounded_model_check(const std::string& id, const BmcStart& start, const BmcOptions& options);

// The prover's hook (issue 14 item 3): `v` is the composed prover's verdict on spec
// invariant v.id. When it is not PROVED (nor VACUOUS, nor an ERROR), the search runs from
// the standard deployment with the run's depth and budget (ProveOptions::depth,
// bmc_rlimit, rlimit): a violation found and replayed makes it VIOLATED with the trace;
// a disagreement of encoding and model makes it ERROR; nothing found within the depth
// leaves the prover's verdict, its detail saying how deep the search looked; a search
// that ran out of budget leaves it UNKNOWN at best. Its queries join v.obligations.
void refute_unproved(ProofVerdict& v, const ProveOptions& options);
// Makes refute_unproved the composed prover's refuter (smt/spec/prover.hpp
// set_spec_refuter): a NOT PROVED verdict with a counterexample to induction is searched
// for from the standard deployment before it is reported.
void install_spec_refuter();

// How many symbolic forms (generic, step and exit) invariant `id` has: what a search can
// judge. 0: the search cannot look for it.
std::size_t searchable_forms(const std::string& id);

}  // namespace meshcheck::smt::spec
