// compute_provider_registry's mutation sites (mutation/site.hpp), read by
// model/compute_provider_registry.cpp and smt/compute_provider_registry.cpp alike.
//
// Not sites: the "not registered" / "no such provider" refusals (dropping one reads an
// absent profile, which the contract would unwrap), the value above u128::MAX (a panic
// of as_u128(), not a guard of the contract's), the "transfer failed" refusal of
// withdraw_stake (dropping it pays out money the contract does not hold: the transfer
// itself fails first) and withdraw_stake's saturating_sub (site.hpp has no hook for a
// subtraction; the guard before it keeps it exact).
#pragma once

#include "model/compute_provider_registry.hpp"
#include "mutation/site.hpp"

namespace meshcheck::mutation::compute_provider_registry {

namespace cpr = model::deployed::compute_provider_registry;

enum class Site : unsigned {
  kRegisterBelowMin,
  kRegisterAlready,
  kRegisterWrite,
  kRegisterCount,
  kRegisterEvent,
  kRegisterReturn,
  kUpdateWrite,
  kUpdateEvent,
  kUpdateReturn,
  kActiveWrite,
  kActiveEvent,
  kActiveReturn,
  kAddZero,
  kAddStake,
  kAddWrite,
  kAddEvent,
  kAddReturn,
  kWithdrawLocked,
  kWithdrawAboveStake,
  kWithdrawTransfer,
  kWithdrawWrite,
  kWithdrawEvent,
  kWithdrawReturn,
  kReputationNotAdmin,
  kReputationWrite,
  kReputationEvent,
  kReputationReturn,
  kMinStakeNotAdmin,
  kMinStakeWrite,
  kMinStakeReturn,
  kCount,
};

constexpr model::ContractKind site_contract(Site) { return model::ContractKind::kComputeProviderRegistry; }

constexpr SiteTable<Site> site_table(Site) {
  using enum Site;
  using K = SiteKind;
  using R = cpr::RegisterProviderBranch;
  using U = cpr::UpdateProviderBranch;
  using A = cpr::SetActiveBranch;
  using S = cpr::AddStakeBranch;
  using W = cpr::WithdrawStakeBranch;
  using P = cpr::SetReputationBranch;
  using M = cpr::SetMinStakeBranch;
  using model::branch_name;
  return {{
      {kRegisterBelowMin, {"kRegisterBelowMin", "register.below_min", "register_provider",
                           branch_name(R::kBelowMinStake), K::kOrderGuard,
                           "refuses a stake below min_stake (`stake < min_stake`)"}},
      {kRegisterAlready, {"kRegisterAlready", "register.already", "register_provider",
                          branch_name(R::kAlreadyRegistered), K::kGuard, "refuses a caller already registered"}},
      {kRegisterWrite, {"kRegisterWrite", "register.write", "register_provider", branch_name(R::kOk), K::kWrite,
                        "stores the new profile"}},
      {kRegisterCount, {"kRegisterCount", "register.count", "register_provider", branch_name(R::kOk), K::kArith,
                        "counts the provider (`provider_count.saturating_add(1)`)"}},
      {kRegisterEvent, {"kRegisterEvent", "register.event", "register_provider", branch_name(R::kOk), K::kEvent,
                        "emits ProviderRegistered (the corruption zeroes its stake)"}},
      {kRegisterReturn, {"kRegisterReturn", "register.return", "register_provider", branch_name(R::kOk), K::kReturn,
                         "returns true"}},
      {kUpdateWrite, {"kUpdateWrite", "update.write", "update_provider", branch_name(U::kOk), K::kWrite,
                      "stores the new endpoint and hourly_rate"}},
      {kUpdateEvent, {"kUpdateEvent", "update.event", "update_provider", branch_name(U::kOk), K::kEvent,
                      "emits ProviderUpdated (the corruption zeroes its hourly_rate)"}},
      {kUpdateReturn, {"kUpdateReturn", "update.return", "update_provider", branch_name(U::kOk), K::kReturn,
                       "returns true"}},
      {kActiveWrite, {"kActiveWrite", "active.write", "set_active", branch_name(A::kOk), K::kWrite,
                      "stores is_active"}},
      {kActiveEvent, {"kActiveEvent", "active.event", "set_active", branch_name(A::kOk), K::kEvent,
                      "emits ProviderActiveChanged (the corruption zeroes its provider)"}},
      {kActiveReturn, {"kActiveReturn", "active.return", "set_active", branch_name(A::kOk), K::kReturn,
                       "returns true"}},
      {kAddZero, {"kAddZero", "add.zero", "add_stake", branch_name(S::kZero), K::kGuard, "refuses a zero amount"}},
      {kAddStake, {"kAddStake", "add.stake", "add_stake", branch_name(S::kOk), K::kArith,
                   "raises the stake (`stake.saturating_add(amount)`)"}},
      {kAddWrite, {"kAddWrite", "add.write", "add_stake", branch_name(S::kOk), K::kWrite, "stores the new stake"}},
      {kAddEvent, {"kAddEvent", "add.event", "add_stake", branch_name(S::kOk), K::kEvent,
                   "emits StakeAdded (the corruption zeroes its amount)"}},
      {kAddReturn, {"kAddReturn", "add.return", "add_stake", branch_name(S::kOk), K::kReturn, "returns true"}},
      {kWithdrawLocked, {"kWithdrawLocked", "withdraw.locked", "withdraw_stake", branch_name(W::kActiveNotAdmin),
                         K::kGuard, "refuses an active provider other than the admin"}},
      {kWithdrawAboveStake, {"kWithdrawAboveStake", "withdraw.above_stake", "withdraw_stake",
                             branch_name(W::kAboveStake), K::kOrderGuard,
                             "refuses an amount above the stake (`stake < amount`)"}},
      {kWithdrawTransfer, {"kWithdrawTransfer", "withdraw.transfer", "withdraw_stake", branch_name(W::kOk),
                           K::kTransfer, "pays the amount to the caller"}},
      {kWithdrawWrite, {"kWithdrawWrite", "withdraw.write", "withdraw_stake", branch_name(W::kOk), K::kWrite,
                        "stores the lowered stake"}},
      {kWithdrawEvent, {"kWithdrawEvent", "withdraw.event", "withdraw_stake", branch_name(W::kOk), K::kEvent,
                        "emits StakeWithdrawn (the corruption zeroes its amount)"}},
      {kWithdrawReturn, {"kWithdrawReturn", "withdraw.return", "withdraw_stake", branch_name(W::kOk), K::kReturn,
                         "returns true"}},
      {kReputationNotAdmin, {"kReputationNotAdmin", "reputation.not_admin", "set_reputation",
                             branch_name(P::kNotAdmin), K::kGuard, "refuses a caller other than the admin"}},
      {kReputationWrite, {"kReputationWrite", "reputation.write", "set_reputation", branch_name(P::kOk), K::kWrite,
                          "stores the new score"}},
      {kReputationEvent, {"kReputationEvent", "reputation.event", "set_reputation", branch_name(P::kOk), K::kEvent,
                          "emits ReputationUpdated (the corruption zeroes its score)"}},
      {kReputationReturn, {"kReputationReturn", "reputation.return", "set_reputation", branch_name(P::kOk),
                           K::kReturn, "returns true"}},
      {kMinStakeNotAdmin, {"kMinStakeNotAdmin", "min_stake.not_admin", "set_min_stake", branch_name(M::kNotAdmin),
                           K::kGuard, "refuses a caller other than the admin"}},
      {kMinStakeWrite, {"kMinStakeWrite", "min_stake.write", "set_min_stake", branch_name(M::kOk), K::kWrite,
                        "stores the new min_stake"}},
      {kMinStakeReturn, {"kMinStakeReturn", "min_stake.return", "set_min_stake", branch_name(M::kOk), K::kReturn,
                         "returns true"}},
  }};
}

}  // namespace meshcheck::mutation::compute_provider_registry
