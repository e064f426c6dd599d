// compute_provider_registry's Z3 encoding (profile `deployed`): see smt/encoding.hpp.
#pragma once

#include "smt/encoding.hpp"

namespace meshcheck::smt::compute_provider_registry {

// The stored fields: providers by H160 address (one array per ProviderProfile field,
// plus `exists`), min_stake, the admin, provider_count, and two ghosts: the sum of all
// providers' stakes (G-SOLVENT, R-STAKE) and the number of registered providers (R-COUNT).
inline constexpr StateField kExists{"providers.exists"};
inline constexpr StateField kProvider{"providers.provider"};
inline constexpr StateField kEndpoint{"providers.endpoint"};
inline constexpr StateField kComputeUnits{"providers.compute_units"};
inline constexpr StateField kHourlyRate{"providers.hourly_rate"};
inline constexpr StateField kRegisteredAt{"providers.registered_at"};
inline constexpr StateField kIsActive{"providers.is_active"};
inline constexpr StateField kStake{"providers.stake"};
inline constexpr StateField kReputation{"providers.reputation_score"};
inline constexpr StateField kMinStake{"min_stake"};
inline constexpr StateField kAdmin{"admin"};
inline constexpr StateField kCount{"provider_count"};
inline constexpr StateField kStakeSum{"ghost.stake_sum"};    // amount: sum of every provider's stake
// bv161: number of registered providers (an H160-keyed map has at most 2^160 keys, so
// 161 bits hold the count exactly, and R-COUNT stays in bit-vector arithmetic)
inline constexpr StateField kRegistered{"ghost.registered"};

}  // namespace meshcheck::smt::compute_provider_registry
