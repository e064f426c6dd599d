// The standard deployment: all six contracts deployed at fixed addresses by their
// admin, a small pool of actors per address width, and a few funded actors. The
// fuzzer's sequences (fuzz/) and the prover's bounded searches (smt/) start from this
// world, and every counterexample either of them writes starts with its trace lines.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "invariants/monitor.hpp"
#include "model/world.hpp"

namespace meshcheck::deployment {

// Where runs start: the deploy lines' block and timestamp.
inline constexpr u32 kStartBlock = 1;
inline constexpr u64 kStartTimestamp = 6000;

// The actors of one width: 0x01… (every contract's deployer and admin, untracked),
// 0x02… (1 000 000), 0x03… (999: one short of min_budget), 0x04… (u128::MAX),
// 0x05… (untracked). Untracked actors are external: they pay any value.
const std::vector<Address>& actors(AddressKind kind);
inline Address admin(AddressKind kind) { return actors(kind).front(); }

// The fixed address of each contract kind.
Address contract_address(std::string_view contract_name);
// The contract addresses of one width (ink! 6: H160, ink! 5: AccountId).
std::vector<Address> contract_addresses(AddressKind kind);

// The world after the deploy lines and the balances line, with those lines as trace text.
struct StandardDeployment {
  model::World world;
  std::vector<std::string> header;  // JSON Lines: six deploys, then balances
};

// Deploys the six contracts of `profile` and funds the tracked actors. A `monitor`, when
// given, observes each of those steps, so that it can go on checking the runs that
// start from the deployment. For the spec profile: deploy_spec_standard.
StandardDeployment deploy_standard(const model::Profile& profile, invariants::Monitor* monitor = nullptr);

// The spec profile's (deployment/spec_deployment.cpp, ../shared/spec-profile.md §2.3):
// the six spec contracts at the same addresses, all H160, each constructed with the
// wiring (queue min_budget 1000, registry min_stake 5000, mev executor 0x07…07); the
// balances line of the H160 actors; then the admin's calls escrow and registry
// set_verifier(0x06…06, true) and phala set_trusted_worker(K1, true), (K2, true). The
// world's spec system equals model::spec::standard_system() with those balances.
StandardDeployment deploy_spec_standard(const model::Profile& profile, invariants::Monitor* monitor = nullptr);
// The spec profile's actors: the deployed profile's five H160 ones, then 0x06…06 (the
// escrow's and registry's verifier) and 0x07…07 (mev's executor), both untracked.
const std::vector<Address>& spec_actors();

}  // namespace meshcheck::deployment
