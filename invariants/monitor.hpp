// The Monitor checks the catalog along a run: it is fed every step of a trace or a
// fuzzed sequence, keeps the ghost values of every contract instance, and reports each
// violated invariant.
#pragma once

#include <map>

#include "invariants/invariant.hpp"

namespace meshcheck::invariants {

class Monitor {
 public:
  // `only`: the IDs to check (empty: all).
  explicit Monitor(std::vector<std::string> only = {}) : only_(std::move(only)) {}

  // Checks one step; appends what it violates to `out`. The profile is the world's: a
  // spec world is checked against the spec profile's invariants.
  void observe(const RunStep& step, std::vector<Violation>& out);

 private:
  std::vector<std::string> only_;
  // Per contract instance: its kind's invariants (looked up by name once) and ghost.
  struct Watched {
    const ContractInvariants* invariants;  // nullptr: a kind without invariants
    std::any ghost;
  };
  std::map<Address, Watched> watched_;
  // A spec world's invariants are judged on the whole system (invariants/spec/): its
  // ghosts, empty until the six contracts are deployed.
  std::any spec_ghost_;
};

}  // namespace meshcheck::invariants
