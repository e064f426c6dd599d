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

// The branches of the mutating messages (model/branch.hpp): their guard outcomes, which
// the Z3 encoding (smt/compute_provider_registry.cpp) names too. A "... saturated"
// branch is marked where a saturating_add saturates, alongside the message's outcome.
enum class RegisterProviderBranch : unsigned {
  kValueAboveU128,
  kBelowMinStake,
  kAlreadyRegistered,
  kCountSaturated,
  kOk,
  kCount,
};
constexpr BranchNames<RegisterProviderBranch> branch_names(RegisterProviderBranch) {
  using enum RegisterProviderBranch;
  return {{{kValueAboveU128, "value above u128::MAX"},
           {kBelowMinStake, "stake below min_stake"},
           {kAlreadyRegistered, "caller already registered"},
           {kCountSaturated, "provider_count saturated"},
           {kOk, "ok"}}};
}

// update_provider and set_active each rewrite part of the caller's own profile: the same
// two outcomes, which the encoding writes once for both.
enum class UpdateProviderBranch : unsigned { kNotRegistered, kOk, kCount };
constexpr BranchNames<UpdateProviderBranch> branch_names(UpdateProviderBranch) {
  using enum UpdateProviderBranch;
  return {{{kNotRegistered, "caller not registered"}, {kOk, "ok"}}};
}

enum class SetActiveBranch : unsigned { kNotRegistered, kOk, kCount };
constexpr BranchNames<SetActiveBranch> branch_names(SetActiveBranch) {
  using enum SetActiveBranch;
  return {{{kNotRegistered, "caller not registered"}, {kOk, "ok"}}};
}

enum class AddStakeBranch : unsigned { kValueAboveU128, kZero, kNotRegistered, kSaturated, kOk, kCount };
constexpr BranchNames<AddStakeBranch> branch_names(AddStakeBranch) {
  using enum AddStakeBranch;
  return {{{kValueAboveU128, "value above u128::MAX"},
           {kZero, "amount is zero"},
           {kNotRegistered, "caller not registered"},
           {kSaturated, "stake saturated"},
           {kOk, "ok"}}};
}

enum class WithdrawStakeBranch : unsigned {
  kNotRegistered,
  kActiveNotAdmin,
  kAboveStake,
  kTransferFailed,
  kOk,
  kCount,
};
constexpr BranchNames<WithdrawStakeBranch> branch_names(WithdrawStakeBranch) {
  using enum WithdrawStakeBranch;
  return {{{kNotRegistered, "caller not registered"},
           {kActiveNotAdmin, "provider active and caller not the admin"},
           {kAboveStake, "amount above stake"},
           {kTransferFailed, "transfer failed"},
           {kOk, "ok"}}};
}

enum class SetReputationBranch : unsigned { kNotAdmin, kNoProvider, kOk, kCount };
constexpr BranchNames<SetReputationBranch> branch_names(SetReputationBranch) {
  using enum SetReputationBranch;
  return {{{kNotAdmin, "caller is not the admin"}, {kNoProvider, "no such provider"}, {kOk, "ok"}}};
}

enum class SetMinStakeBranch : unsigned { kNotAdmin, kOk, kCount };
constexpr BranchNames<SetMinStakeBranch> branch_names(SetMinStakeBranch) {
  using enum SetMinStakeBranch;
  return {{{kNotAdmin, "caller is not the admin"}, {kOk, "ok"}}};
}

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
