// Fuzzing one invariant: RapidCheck generates up to `runs` sequences over the six
// contracts, stops at the first that violates the invariant, shrinks it to a minimal
// one, and hands back that counterexample as trace lines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/coverage.hpp"
#include "invariants/invariant.hpp"

namespace meshcheck::fuzz {

struct SearchParams {
  std::uint64_t seed = 1;  // the campaign's; each invariant's own seed is derived from it and its ID
  int runs = 100;          // sequences
  int max_calls = 50;      // commands per sequence, at most
};

struct Verdict {
  enum class Kind { NotViolated, Violated, NotCheckable, Error };
  std::string id;
  Kind kind = Kind::NotViolated;
  int sequences = 0;        // sequences run (the violating one included)
  std::uint64_t calls = 0;  // calls and plain transfers in them (shrinking not counted)
  std::vector<std::string> counterexample;  // when violated: the whole trace, header first
  std::size_t length = 0;   // calls and plain transfers in the counterexample
  std::string detail;       // what the minimal counterexample broke, or the error
  Coverage coverage;
};

// The seed of one invariant's search: a function of the campaign's seed and the ID only.
std::uint64_t seed_for(std::uint64_t seed, const std::string& id);

Verdict fuzz_invariant(const model::Profile& profile, const invariants::Invariant& invariant,
                       const SearchParams& params);

}  // namespace meshcheck::fuzz
