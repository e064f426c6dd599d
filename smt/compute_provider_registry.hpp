// compute_provider_registry's Z3 encoding (profile `deployed`): see smt/encoding.hpp.
#pragma once

#include "smt/encoding.hpp"

namespace meshcheck::smt::compute_provider_registry {

// The stored fields: providers by H160 address (one array per ProviderProfile field,
// plus `exists`), min_stake, the admin, provider_count, and two ghosts: the sum of all
// providers' stakes (G-SOLVENT, R-STAKE) and the number of registered providers (R-COUNT).
inline constexpr const char* kExists = "providers.exists";
inline constexpr const char* kProvider = "providers.provider";
inline constexpr const char* kEndpoint = "providers.endpoint";
inline constexpr const char* kComputeUnits = "providers.compute_units";
inline constexpr const char* kHourlyRate = "providers.hourly_rate";
inline constexpr const char* kRegisteredAt = "providers.registered_at";
inline constexpr const char* kIsActive = "providers.is_active";
inline constexpr const char* kStake = "providers.stake";
inline constexpr const char* kReputation = "providers.reputation_score";
inline constexpr const char* kMinStake = "min_stake";
inline constexpr const char* kAdmin = "admin";
inline constexpr const char* kCount = "provider_count";
inline constexpr const char* kStakeSum = "ghost.stake_sum";    // amount: sum of every provider's stake
// bv161: number of registered providers (an H160-keyed map has at most 2^160 keys, so
// 161 bits hold the count exactly, and R-COUNT stays in bit-vector arithmetic)
inline constexpr const char* kRegistered = "ghost.registered";

}  // namespace meshcheck::smt::compute_provider_registry
