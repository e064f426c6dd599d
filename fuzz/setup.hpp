// The fuzzer's world: all six contracts deployed at fixed addresses, a small pool of
// actors per address width, and a few tracked actor balances. Every fuzzed sequence
// starts from this world, and every counterexample starts with the same trace lines.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "invariants/monitor.hpp"
#include "model/world.hpp"

namespace meshcheck::fuzz {

// Where the sequences start: the deploy lines' block and timestamp.
inline constexpr u32 kStartBlock = 1;
inline constexpr u64 kStartTimestamp = 6000;

// The actors of one width: 0x01… (every contract's deployer and admin, untracked),
// 0x02… (1 000 000), 0x03… (999: one short of min_budget), 0x04… (u128::MAX),
// 0x05… (untracked). Untracked actors are external: they pay any value.
const std::vector<Address>& actors(AddressKind kind);
inline Address admin(AddressKind kind) { return actors(kind).front(); }

// The fixed address of each contract kind in the fuzzer's world.
Address contract_address(std::string_view contract_name);
// The contract addresses of one width (ink! 6: H160, ink! 5: AccountId).
std::vector<Address> contract_addresses(AddressKind kind);

// The starting world after the deploy lines and the balances line, with those lines
// as trace text, and a monitor that has observed them (copy it per sequence).
struct Setup {
  model::World world;
  std::vector<std::string> header;  // JSON Lines: six deploys, then balances
  invariants::Monitor monitor;
};

// The profiles the fuzzer's handlers know (their state types): "deployed".
bool fuzzable(const model::Profile& profile);
Setup make_setup(const model::Profile& profile, std::vector<std::string> only_invariants);

}  // namespace meshcheck::fuzz
