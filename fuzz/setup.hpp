// The fuzzer's world: the standard deployment (deployment/deployment.hpp) and a monitor
// that has observed it. Every fuzzed sequence starts from this world, and every
// counterexample starts with the deployment's trace lines.
#pragma once

#include <string>
#include <vector>

#include "deployment/deployment.hpp"
#include "invariants/monitor.hpp"

namespace meshcheck::fuzz {

// The fuzzer's handlers pick their callers and address arguments from the deployment's
// actors and contracts, and start their clocks where it does.
using deployment::actors;
using deployment::contract_address;
using deployment::contract_addresses;
using deployment::kStartBlock;
using deployment::kStartTimestamp;

// The starting world after the deploy lines and the balances line, with those lines
// as trace text, and a monitor that has observed them (copy it per sequence).
struct Setup : deployment::StandardDeployment {
  invariants::Monitor monitor;
  // Whether the monitor runs: the catalog has invariants of the profile (as replay
  // decides). Until it has (the spec profile's come with issue 14), runs are not checked
  // and only their coverage counts.
  bool checked = true;
};

// The profiles the fuzzer's handlers know (their state types): "deployed" (fuzz/<contract>.cpp)
// and "spec" (fuzz/spec/<contract>.cpp).
bool fuzzable(const model::Profile& profile);
// Whether the catalog has invariants of `profile`.
bool catalog_covers(const model::Profile& profile);
Setup make_setup(const model::Profile& profile, std::vector<std::string> only_invariants);

}  // namespace meshcheck::fuzz
