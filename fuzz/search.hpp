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
  // Shrink a violating sequence to a minimal one (the trace written for a person). The
  // mutation judge needs only the verdict, which shrinking never changes: it turns it off.
  bool shrink = true;
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

// The sequences of a campaign over a profile the catalog has no invariants of yet (spec,
// until issue 14): one search per contract, its calls chosen 4x as often (as an
// invariant's search favours its contract), and one over all six alike (contract ""),
// generated and run like a search's but unchecked, for their branch coverage. Its seed is
// seed_for(seed, "coverage/<contract>"), "coverage/all" for the last.
Verdict fuzz_unchecked(const model::Profile& profile, const std::string& contract, const SearchParams& params);

}  // namespace meshcheck::fuzz
