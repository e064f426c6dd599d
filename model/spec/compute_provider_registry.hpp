// compute_provider_registry, profile `spec` (../shared/spec-profile.md §3.3): providers
// with stake and reputation, bids with SLAs, slashing that compensates the job owner
// through the escrow. Each message once, over a domain (docs/spec-profile-design.md).
#pragma once

#include "model/spec/common.hpp"
#include "model/spec/payment_escrow.hpp"

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

enum class RegistryEvent : unsigned {
  kProviderRegistered, kProviderUpdated, kProviderActiveChanged, kStakeAdded, kStakeWithdrawn, kBidSubmitted,
  kReputationUpdated, kStakeSlashed, kCount,
};
constexpr EventNames<RegistryEvent> event_names(RegistryEvent) {
  using enum RegistryEvent;
  return {{{kProviderRegistered, "ProviderRegistered"}, {kProviderUpdated, "ProviderUpdated"},
           {kProviderActiveChanged, "ProviderActiveChanged"}, {kStakeAdded, "StakeAdded"},
           {kStakeWithdrawn, "StakeWithdrawn"}, {kBidSubmitted, "BidSubmitted"},
           {kReputationUpdated, "ReputationUpdated"}, {kStakeSlashed, "StakeSlashed"}}};
}

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

using E = RegistryError;
using Ev = RegistryEvent;

// The caller's provider record, or NotRegistered.
template <class X, class D> Provider<D> registered(X& x, RegistryState<D>& self, const Addr<D>& who) {
  auto p = self.providers.get(who);
  x.require(p.is_some(), E::kNotRegistered);
  return p.value;
}

// register_provider(endpoint, capabilities, hourly_rate) · payable · anyone: the value is the stake
struct RegisterProvider {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "register_provider";
  static constexpr bool kPayable = true;
  template <class X, class D>
  static void run(X& x, RegistryState<D>& self, const Str<D>& endpoint, const U8<D>& capabilities,
                  const U128<D>& hourly_rate) {
    U128<D> stake = x.value_u128(E::kValueTooLarge);
    x.require(stake >= self.min_stake, E::kStakeBelowMinimum);
    x.require(!self.providers.contains(x.caller()), E::kAlreadyRegistered);
    x.require(capabilities >= U8<D>(1) && capabilities <= U8<D>(7), E::kInvalidCapabilities);
    self.provider_count = x.add(self.provider_count, U64<D>(1), E::kCountExhausted);
    self.providers.set(x.caller(), Provider<D>{endpoint, capabilities, hourly_rate, stake, U32<D>(kInitialReputation),
                                               true, x.now(), U32<D>(0)});
    x.emit(Ev::kProviderRegistered, x.caller(), stake, capabilities);
  }
};

// update_provider(endpoint, hourly_rate) · provider
struct UpdateProvider {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "update_provider";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, RegistryState<D>& self, const Str<D>& endpoint, const U128<D>& hourly_rate) {
    Provider<D> p = registered(x, self, x.caller());
    p.endpoint = endpoint;
    p.hourly_rate = hourly_rate;
    self.providers.set(x.caller(), p);
    x.emit(Ev::kProviderUpdated, x.caller(), endpoint, hourly_rate);
  }
};

// set_active(is_active) · provider; going inactive starts the unbonding period
struct SetActive {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "set_active";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, RegistryState<D>& self, const Bool<D>& is_active) {
    Provider<D> p = registered(x, self, x.caller());
    x.require(!is_active || p.stake >= self.min_stake, E::kStakeBelowMinimum);
    p.deactivated_at = select(p.is_active && !is_active, x.block(), p.deactivated_at);
    p.is_active = is_active;
    self.providers.set(x.caller(), p);
    x.emit(Ev::kProviderActiveChanged, x.caller(), is_active);
  }
};

// add_stake() · payable · provider
struct AddStake {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "add_stake";
  static constexpr bool kPayable = true;
  template <class X, class D> static void run(X& x, RegistryState<D>& self) {
    U128<D> value = x.value_u128(E::kValueTooLarge);
    x.require(value > U128<D>(0), E::kZeroAmount);
    Provider<D> p = registered(x, self, x.caller());
    p.stake = x.add(p.stake, value, E::kOverflow);
    self.providers.set(x.caller(), p);
    x.emit(Ev::kStakeAdded, x.caller(), value);
  }
};

// withdraw_stake(amount) · provider, inactive and past the unbonding period
struct WithdrawStake {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "withdraw_stake";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, RegistryState<D>& self, const U128<D>& amount) {
    Provider<D> p = registered(x, self, x.caller());
    x.require(!p.is_active, E::kStillActive);
    // block ≥ deactivated_at + UNBONDING_BLOCKS, in u64 (R4)
    x.require(resize<U64<D>>(x.block()) >=
                  unchecked_add(resize<U64<D>>(p.deactivated_at), U64<D>(kUnbondingBlocks)),
              E::kUnbonding);
    x.require(amount > U128<D>(0), E::kZeroAmount);
    x.require(amount <= p.stake, E::kInsufficientStake);
    p.stake = x.sub(p.stake, amount, E::kInsufficientStake);
    self.providers.set(x.caller(), p);
    x.transfer(x.caller(), amount, E::kTransferFailed);
    x.emit(Ev::kStakeWithdrawn, x.caller(), amount);
  }
};

// submit_bid(job_id, price, sla_commitment) · an eligible provider; replaces its earlier bid
struct SubmitBid {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "submit_bid";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, RegistryState<D>& self, const U128<D>& job_id, const U128<D>& price,
                  const SlaCommitment<D>& sla) {
    Provider<D> p = registered(x, self, x.caller());
    x.require(eligible(self, p), E::kNotEligible);
    x.require(price > U128<D>(0), E::kZeroPrice);
    x.require(sla.max_duration_blocks > U32<D>(0), E::kInvalidSla);
    self.bids.set(Pair<D, U128<D>, Addr<D>>(job_id, x.caller()), Bid<D>{price, sla, x.block()});
    x.emit(Ev::kBidSubmitted, job_id, x.caller(), price);
  }
};

// update_reputation(provider, score_delta: i32) · registry verifier
struct UpdateReputation {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "update_reputation";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, RegistryState<D>& self, const Addr<D>& provider, const I32<D>& score_delta) {
    x.require(self.verifiers.get_or_default(x.caller()), E::kNotVerifier);
    Provider<D> p = registered(x, self, provider);
    p.reputation = add_signed_clamped(p.reputation, score_delta, kMaxReputation);
    self.providers.set(provider, p);
    x.emit(Ev::kReputationUpdated, provider, p.reputation);
  }
};

// slash_stake(provider, job_id) · registry verifier: at most once per job, for a job that
// expired with that provider assigned or failed; the slashed stake compensates the owner.
struct SlashStake {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "slash_stake";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, RegistryState<D>& self, const Addr<D>& provider, const U128<D>& job_id) {
    x.require(self.verifiers.get_or_default(x.caller()), E::kNotVerifier);
    Provider<D> p = registered(x, self, provider);
    x.require(!self.slashed.get_or_default(job_id), E::kAlreadySlashed);
    auto job = x.template call<ai_job_queue::GetJob>(self.wiring.job_queue, Balance<D>(0), job_id);
    x.require(job.is_some() && job.value.assigned_provider.holds(provider) &&
                  (job.value.status == JobStatus::Expired || job.value.status == JobStatus::Failed),
              E::kNotSlashable);
    U128<D> s = select(job.value.penalty < p.stake, job.value.penalty, p.stake);
    x.require(s > U128<D>(0), E::kNothingToSlash);
    p.stake = x.sub(p.stake, s, E::kOverflow);  // s ≤ stake: never refuses
    self.slashed.set(job_id, true);
    Bool<D> drops = p.is_active && p.stake < self.min_stake;
    p.deactivated_at = select(drops, x.block(), p.deactivated_at);
    p.is_active = p.is_active && !drops;
    self.providers.set(provider, p);
    x.template call<payment_escrow::SlashStake>(self.wiring.payment_escrow, resize<Balance<D>>(s), job_id, provider);
    x.emit(Ev::kStakeSlashed, provider, job_id, s);
  }
};

// set_min_stake(new) · admin; no event (§9 C3)
struct SetMinStake {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "set_min_stake";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, RegistryState<D>& self, const U128<D>& new_min) {
    x.require(x.caller() == self.admin, E::kNotAdmin);
    self.min_stake = new_min;
  }
};

// set_verifier(account, enabled) · admin; no event (§9 C3)
struct SetVerifier {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "set_verifier";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, RegistryState<D>& self, const Addr<D>& account, const Bool<D>& enabled) {
    x.require(x.caller() == self.admin, E::kNotAdmin);
    self.verifiers.set(account, enabled);
  }
};

struct GetMinStake {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "get_min_stake";
  static constexpr bool kPayable = false;
  template <class X, class D> static U128<D> run(X&, RegistryState<D>& self) { return self.min_stake; }
};
struct GetProviderCount {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "get_provider_count";
  static constexpr bool kPayable = false;
  template <class X, class D> static U64<D> run(X&, RegistryState<D>& self) { return self.provider_count; }
};
struct IsVerifier {
  using Contract = ComputeProviderRegistry;
  static constexpr std::string_view kLabel = "is_verifier";
  static constexpr bool kPayable = false;
  template <class X, class D> static Bool<D> run(X&, RegistryState<D>& self, const Addr<D>& account) {
    return self.verifiers.get_or_default(account);
  }
};

}  // namespace compute_provider_registry
}  // namespace meshcheck::model::spec
