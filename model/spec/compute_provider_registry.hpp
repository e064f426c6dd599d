// compute_provider_registry, profile `spec` (../shared/spec-profile.md §3.3). So far its
// state, records and the reads the queue calls (get_bid, get_provider_info); its messages
// come next (docs/spec-profile-design.md §6).
#pragma once

#include "model/spec/common.hpp"

namespace meshcheck::model::spec {

enum class RegistryError : unsigned {
  kValueTooLarge, kStakeBelowMinimum, kAlreadyRegistered, kInvalidCapabilities, kCountExhausted, kNotRegistered,
  kZeroAmount, kOverflow, kStillActive, kUnbonding, kInsufficientStake, kNotEligible, kZeroPrice, kInvalidSla,
  kNotVerifier, kNotAdmin, kAlreadySlashed, kNotSlashable, kNothingToSlash, kTransferFailed, kCalleeFailed, kCount,
};
constexpr ErrorNames<RegistryError> error_names(RegistryError) {
  using enum RegistryError;
  return {{
      {kValueTooLarge, "ValueTooLarge"}, {kStakeBelowMinimum, "StakeBelowMinimum"},
      {kAlreadyRegistered, "AlreadyRegistered"}, {kInvalidCapabilities, "InvalidCapabilities"},
      {kCountExhausted, "CountExhausted"}, {kNotRegistered, "NotRegistered"}, {kZeroAmount, "ZeroAmount"},
      {kOverflow, "Overflow"}, {kStillActive, "StillActive"}, {kUnbonding, "Unbonding"},
      {kInsufficientStake, "InsufficientStake"}, {kNotEligible, "NotEligible"}, {kZeroPrice, "ZeroPrice"},
      {kInvalidSla, "InvalidSla"}, {kNotVerifier, "NotVerifier"}, {kNotAdmin, "NotAdmin"},
      {kAlreadySlashed, "AlreadySlashed"}, {kNotSlashable, "NotSlashable"}, {kNothingToSlash, "NothingToSlash"},
      {kTransferFailed, "TransferFailed"}, {kCalleeFailed, "CalleeFailed"},
  }};
}
constexpr std::string_view error_contract(RegistryError) { return "compute_provider_registry"; }

template <class D> struct SlaCommitment {
  U32<D> max_duration_blocks{};
  U128<D> penalty{};
  template <class S> static auto tie(S& s) { return std::tie(s.max_duration_blocks, s.penalty); }
  friend bool operator==(const SlaCommitment&, const SlaCommitment&) = default;
};

template <class D> struct Provider {
  Str<D> endpoint{};
  U8<D> capabilities{};
  U128<D> hourly_rate{};
  U128<D> stake{};
  U32<D> reputation{};
  Bool<D> is_active{};
  U64<D> registered_at{};
  U32<D> deactivated_at{};
  template <class S> static auto tie(S& s) {
    return std::tie(s.endpoint, s.capabilities, s.hourly_rate, s.stake, s.reputation, s.is_active, s.registered_at,
                    s.deactivated_at);
  }
  friend bool operator==(const Provider&, const Provider&) = default;
};

template <class D> struct Bid {
  U128<D> price{};
  SlaCommitment<D> sla{};
  U32<D> submitted_at{};
  template <class S> static auto tie(S& s) { return std::tie(s.price, s.sla, s.submitted_at); }
  friend bool operator==(const Bid&, const Bid&) = default;
};

// Provider's fields, then the provider's address and whether it may be assigned work.
template <class D> struct ProviderInfo {
  Provider<D> p{};
  Addr<D> provider{};
  Bool<D> eligible{};
  template <class S> static auto tie(S& s) { return std::tie(s.p, s.provider, s.eligible); }
  friend bool operator==(const ProviderInfo&, const ProviderInfo&) = default;
};

template <class D> struct RegistryState {
  Addr<D> admin{};
  Wiring<D> wiring{};
  U128<D> min_stake{};
  Map<D, Addr<D>, Provider<D>> providers{};
  U64<D> provider_count{};
  Map<D, Pair<D, U128<D>, Addr<D>>, Bid<D>> bids{};  // by (job_id, provider)
  Map<D, Addr<D>, Bool<D>> verifiers{};
  Map<D, U128<D>, Bool<D>> slashed{};  // by job_id
  template <class S> static auto tie(S& s) {
    return std::tie(s.admin, s.wiring, s.min_stake, s.providers, s.provider_count, s.bids, s.verifiers, s.slashed);
  }
  friend bool operator==(const RegistryState&, const RegistryState&) = default;
};

struct ComputeProviderRegistry {
  static constexpr std::string_view kName = "compute_provider_registry";
  template <class D> using State = RegistryState<D>;
  using Error = RegistryError;
};

namespace compute_provider_registry {

template <class D> RegistryState<D> construct(const Addr<D>& deployer, const Wiring<D>& wiring, const U128<D>& min_stake) {
  RegistryState<D> s;
  s.admin = deployer;
  s.wiring = wiring;
  s.min_stake = min_stake;
  return s;
}

// is_active ∧ stake ≥ min_stake ∧ reputation ≥ MIN_BID_REPUTATION
template <class D> Bool<D> eligible(const RegistryState<D>& self, const Provider<D>& p) {
  return p.is_active && p.stake >= self.min_stake && p.reputation >= U32<D>(kMinBidReputation);
}

struct GetBid {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "get_bid";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static Option<D, Bid<D>> run(X&, RegistryState<D>& self, const U128<D>& job_id, const Addr<D>& provider) {
    return self.bids.get(Pair<D, U128<D>, Addr<D>>(job_id, provider));
  }
};

struct GetProviderInfo {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "get_provider_info";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static Option<D, ProviderInfo<D>> run(X&, RegistryState<D>& self, const Addr<D>& provider) {
    auto p = self.providers.get(provider);
    return Option<D, ProviderInfo<D>>{p.some, ProviderInfo<D>{p.value, provider, p.some && eligible(self, p.value)}};
  }
};

}  // namespace compute_provider_registry
}  // namespace meshcheck::model::spec
