// compute_provider_registry, profile `deployed` (ink! 6, H160): staked compute providers.
#pragma once

#include <string>

#include "model/contract.hpp"
#include "model/pmap.hpp"

namespace meshcheck::model::deployed::compute_provider_registry {

struct ProviderProfile {
  Address provider;
  std::string endpoint;
  u64 compute_units = 0;
  u128 hourly_rate;
  u64 registered_at = 0;
  bool is_active = false;
  u128 stake;
  u32 reputation_score = 0;
  friend bool operator==(const ProviderProfile&, const ProviderProfile&) = default;
};

struct State : StateBase<State> {
  PMap<Address, ProviderProfile> providers;
  u128 min_stake;
  Address admin;
  u64 provider_count = 0;
  friend bool operator==(const State& a, const State& b) {
    return a.providers == b.providers && a.min_stake == b.min_stake && a.admin == b.admin &&
           a.provider_count == b.provider_count;
  }
};

State construct(const CallEnv& env, const u128& min_stake);

bool register_provider(State& self, Ctx& ctx, const std::string& endpoint, u64 compute_units,
                       const u128& hourly_rate);
bool update_provider(State& self, Ctx& ctx, const std::string& endpoint, const u128& hourly_rate);
bool set_active(State& self, Ctx& ctx, bool is_active);
bool add_stake(State& self, Ctx& ctx);
bool withdraw_stake(State& self, Ctx& ctx, const u128& amount);
bool set_reputation(State& self, Ctx& ctx, const Address& provider, u32 score);
bool set_min_stake(State& self, Ctx& ctx, const u128& new_min_stake);

Value to_value(const ProviderProfile& p);

const ContractSpec& spec();

}  // namespace meshcheck::model::deployed::compute_provider_registry
