// Vacuity by witness (obligations.hpp check_vacuity). A site's vacuity query asks for a
// state of the inductive set, an environment and arguments under which some ok path's
// guard holds. Searched for, such a state was as hard to find as the proofs (17 of the 55
// sites undecided at 15M units in the first full run; even the setters took 6M–12M), yet
// the spec fuzzer reaches every one a top-level call can succeed at within 20,000 calls. A witness is such a
// call: a world the model reached from the spec standard deployment and a call (or plain
// transfer) that the model runs to success from it.
//
// Pinned to a witness (every free constant of the site's pre-state, clock, ghosts,
// environment and arguments replaced by the witness's literal value), the query is ground
// but for its uninterpreted functions (sig_ok, blen, too_long), and Z3 decides it in a few
// thousand units. Its sat, kept only with a model that satisfies it (solver.hpp
// check_confirmed), extends to a model of the unpinned query (the pinning is one assignment
// of its free constants), so the site is not vacuous: exact, nothing assumed, and the
// encoding is checked against the model on the way (the pinned guard is the encoding's,
// the success the model's). A pinned query that is not sat (the two disagree, or the
// witness's state is outside the set, which induction rules out) leaves the site to the
// search, and the obligation says so.
//
// Why the fuzzer: it is the part of meshcheck that knows how to make calls the spec
// contracts accept (signatures by the TEE workers' keys, ids that exist, callers with the
// role), and its runs are a pure function of the seed and the count of calls (no clock),
// so the witnesses, and the verdicts, are the same on every machine.
#pragma once

#include <z3++.h>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/world.hpp"
#include "smt/spec/step.hpp"

namespace meshcheck::smt::spec {

// A plain transfer of `value` from `from` into a contract.
struct WitnessTransfer {
  Address from, to;
  U256 value;
};

struct StepWitness {
  model::World before;
  std::variant<model::Call, WitnessTransfer> step;
  std::string where;  // "spec fuzz seed 1, sequence 4, call 7"
};

// The spec fuzzer's budget for witnesses: seed 1, this many calls. Measured
// (tests/spec_vacuity_witness_test.cpp): 46 of the 55 mutating sites have a witness within
// it (42 within 10,000), about 3 s; the other 9 are messages only a contract may call, which no
// top-level call makes succeed (their vacuity search proves that).
inline constexpr std::uint64_t kWitnessSeed = 1;
inline constexpr std::uint64_t kWitnessCalls = 20000;

// Per site of `sites`, the first call of the spec fuzz runs (seed, about `calls` calls)
// that the model runs to success at it, or nothing when none does.
std::vector<std::optional<StepWitness>> fuzz_witnesses(const std::vector<StepSite>& sites,
                                                       std::uint64_t seed = kWitnessSeed,
                                                       std::uint64_t calls = kWitnessCalls);

// A witness as the substitution of the free constants of a site's pre-state, environment
// and fresh arguments (`args`, model/spec/domain/record.hpp's leaf order) by its literals,
// in the current symbolic context; `why` says why it cannot be one (a world of another
// deployment, values that do not fill the arguments) and the vectors are then empty.
struct Pinning {
  z3::expr_vector from, to;
  std::string why;
};
Pinning pin_to_witness(const ComposedState& pre, const SEnv& env, const std::vector<z3::expr>& args,
                       const StepWitness& witness);

// The literal each fresh argument leaf of a call stands for: `v` (null: the type's
// default, the payload of a None, the slots past a Vec's length) walked beside its type,
// in the flattening order of model/spec/domain/record.hpp; `at` moves past its leaves.
void arg_literals(TypeRef type, const Value* v, const std::vector<z3::expr>& leaves, std::size_t& at,
                  std::vector<z3::expr>& out);

}  // namespace meshcheck::smt::spec
