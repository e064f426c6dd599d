// data_nft_registry, profile `spec` (../shared/spec-profile.md §3.4). So far its state,
// records and the reads the queue calls (verify_data_access, get_nft); its messages come
// next (docs/spec-profile-design.md §6).
#pragma once

#include "model/spec/common.hpp"

namespace meshcheck::model::spec {

enum class NftError : unsigned {
  kIdsExhausted, kNoSuchToken, kNotOwner, kNotTransferable, kOwnerCannotSubscribe, kInvalidDuration, kWrongPayment,
  kValueTooLarge, kOverflow, kNoSubscription, kInvalidProof, kSubscriptionExpired, kUsageExhausted,
  kActiveSubscriptions, kCalleeFailed, kCount,
};
constexpr ErrorNames<NftError> error_names(NftError) {
  using enum NftError;
  return {{
      {kIdsExhausted, "IdsExhausted"}, {kNoSuchToken, "NoSuchToken"}, {kNotOwner, "NotOwner"},
      {kNotTransferable, "NotTransferable"}, {kOwnerCannotSubscribe, "OwnerCannotSubscribe"},
      {kInvalidDuration, "InvalidDuration"}, {kWrongPayment, "WrongPayment"}, {kValueTooLarge, "ValueTooLarge"},
      {kOverflow, "Overflow"}, {kNoSubscription, "NoSubscription"}, {kInvalidProof, "InvalidProof"},
      {kSubscriptionExpired, "SubscriptionExpired"}, {kUsageExhausted, "UsageExhausted"},
      {kActiveSubscriptions, "ActiveSubscriptions"}, {kCalleeFailed, "CalleeFailed"},
  }};
}
constexpr std::string_view error_contract(NftError) { return "data_nft_registry"; }

template <class D> struct AccessPolicy {
  Enum<D, PrivacyLevel> privacy{};
  U128<D> price_per_period{};
  U32<D> uses_per_period{};
  template <class S> static auto tie(S& s) { return std::tie(s.privacy, s.price_per_period, s.uses_per_period); }
  friend bool operator==(const AccessPolicy&, const AccessPolicy&) = default;
};

template <class D> struct DataNft {
  U128<D> token_id{};
  Addr<D> owner{};
  Str<D> metadata{};
  AccessPolicy<D> policy{};
  Bool<D> is_transferable{};
  U64<D> minted_at{};
  U64<D> subscribed_until{};
  U128<D> total_revenue{};
  U64<D> access_count{};
  template <class S> static auto tie(S& s) {
    return std::tie(s.token_id, s.owner, s.metadata, s.policy, s.is_transferable, s.minted_at, s.subscribed_until,
                    s.total_revenue, s.access_count);
  }
  friend bool operator==(const DataNft&, const DataNft&) = default;
};

template <class D> struct Subscription {
  U64<D> expires_at{};
  U32<D> uses_left{};
  U128<D> receipt{};
  template <class S> static auto tie(S& s) { return std::tie(s.expires_at, s.uses_left, s.receipt); }
  friend bool operator==(const Subscription&, const Subscription&) = default;
};

template <class D> struct NftState {
  Addr<D> admin{};
  Wiring<D> wiring{};
  U128<D> total_supply{};
  Map<D, U128<D>, DataNft<D>> nfts{};
  Map<D, Addr<D>, U128<D>> owner_nft_count{};
  Map<D, U128<D>, Addr<D>> approvals{};
  Map<D, Pair<D, U128<D>, Addr<D>>, Subscription<D>> subscriptions{};  // by (nft_id, subscriber)
  U128<D> receipt_counter{};
  template <class S> static auto tie(S& s) {
    return std::tie(s.admin, s.wiring, s.total_supply, s.nfts, s.owner_nft_count, s.approvals, s.subscriptions,
                    s.receipt_counter);
  }
  friend bool operator==(const NftState&, const NftState&) = default;
};

struct DataNftRegistry {
  static constexpr std::string_view kName = "data_nft_registry";
  template <class D> using State = NftState<D>;
  using Error = NftError;
};

namespace data_nft_registry {

template <class D> NftState<D> construct(const Addr<D>& deployer, const Wiring<D>& wiring) {
  NftState<D> s;
  s.admin = deployer;
  s.wiring = wiring;
  return s;
}

// verify_data_access(nft_id, account) -> bool: the token is live and the account owns it,
// or the data is Public, or it holds an unexpired subscription.
struct VerifyDataAccess {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "verify_data_access";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static Bool<D> run(X& x, NftState<D>& self, const U128<D>& nft_id, const Addr<D>& account) {
    auto n = self.nfts.get(nft_id);
    auto sub = self.subscriptions.get(Pair<D, U128<D>, Addr<D>>(nft_id, account));
    return n.some && (account == n.value.owner || n.value.policy.privacy == PrivacyLevel::Public ||
                      (sub.some && x.now() < sub.value.expires_at));
  }
};

struct GetNft {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "get_nft";
  static constexpr bool kPayable = false;
  template <class X, class D> static Option<D, DataNft<D>> run(X&, NftState<D>& self, const U128<D>& token_id) {
    return self.nfts.get(token_id);
  }
};

}  // namespace data_nft_registry
}  // namespace meshcheck::model::spec
