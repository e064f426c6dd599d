// data_nft_registry, profile `spec` (../shared/spec-profile.md §3.4): data NFTs with an
// access policy, paid subscriptions with expiry and usage limits (revenue credited to the
// owner in the escrow), time-limited access tokens. Each message once, over a domain.
#pragma once

#include "model/spec/common.hpp"
#include "model/spec/payment_escrow.hpp"

namespace meshcheck::model::spec {

enum class NftError : unsigned {
  kIdsExhausted, kNoSuchToken, kNotOwner, kNotTransferable, kOwnerCannotSubscribe, kInvalidDuration, kWrongPayment,
  kValueTooLarge, kOverflow, kNoSubscription, kInvalidProof, kSubscriptionExpired, kUsageExhausted,
  kActiveSubscriptions, kCalleeFailed,
  // The amendment (docs/spec-profile-design.md §7), appended so that every earlier
  // variant keeps its index (an Err's SCALE encoding, raw traces, metadata).
  kNotAnAccount, kCount,
};
constexpr ErrorNames<NftError> error_names(NftError) {
  using enum NftError;
  return {{
      {kIdsExhausted, "IdsExhausted"}, {kNoSuchToken, "NoSuchToken"}, {kNotOwner, "NotOwner"},
      {kNotTransferable, "NotTransferable"}, {kOwnerCannotSubscribe, "OwnerCannotSubscribe"},
      {kInvalidDuration, "InvalidDuration"}, {kWrongPayment, "WrongPayment"}, {kValueTooLarge, "ValueTooLarge"},
      {kOverflow, "Overflow"}, {kNoSubscription, "NoSubscription"}, {kInvalidProof, "InvalidProof"},
      {kSubscriptionExpired, "SubscriptionExpired"}, {kUsageExhausted, "UsageExhausted"},
      {kActiveSubscriptions, "ActiveSubscriptions"}, {kCalleeFailed, "CalleeFailed"}, {kNotAnAccount, "NotAnAccount"},
  }};
}
constexpr std::string_view error_contract(NftError) { return "data_nft_registry"; }

enum class NftEvent : unsigned {
  kNFTMinted, kNFTTransferred, kNFTApproved, kMetadataUpdated, kAccessPolicyUpdated, kSubscriptionPurchased,
  kDataAccessed, kNFTBurned, kCount,
};
constexpr EventNames<NftEvent> event_names(NftEvent) {
  using enum NftEvent;
  return {{{kNFTMinted, "NFTMinted"}, {kNFTTransferred, "NFTTransferred"}, {kNFTApproved, "NFTApproved"},
           {kMetadataUpdated, "MetadataUpdated"}, {kAccessPolicyUpdated, "AccessPolicyUpdated"},
           {kSubscriptionPurchased, "SubscriptionPurchased"}, {kDataAccessed, "DataAccessed"},
           {kNFTBurned, "NFTBurned"}}};
}

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

template <class D> struct AccessToken {
  U128<D> nft_id{};
  Addr<D> holder{};
  U64<D> expires_at{};
  U64<D> serial{};
  template <class S> static auto tie(S& s) { return std::tie(s.nft_id, s.holder, s.expires_at, s.serial); }
  friend bool operator==(const AccessToken&, const AccessToken&) = default;
};

template <class D> struct UsageStats {
  Addr<D> owner{};
  U64<D> access_count{};
  U128<D> total_revenue{};
  U64<D> subscribed_until{};
  template <class S> static auto tie(S& s) { return std::tie(s.owner, s.access_count, s.total_revenue, s.subscribed_until); }
  friend bool operator==(const UsageStats&, const UsageStats&) = default;
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

using E = NftError;
using Ev = NftEvent;

// The token, if its caller owns it: NoSuchToken, then NotOwner.
template <class X, class D> DataNft<D> owned_token(X& x, NftState<D>& self, const U128<D>& token_id) {
  auto n = self.nfts.get(token_id);
  x.require(n.is_some(), E::kNoSuchToken);
  x.require(x.caller() == n.value.owner, E::kNotOwner);
  return n.value;
}

// mint_data_nft(metadata, access_policy, is_transferable) -> u128 · anyone, not payable
struct MintDataNft {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "mint_data_nft";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static U128<D> run(X& x, NftState<D>& self, const Str<D>& metadata, const AccessPolicy<D>& policy,
                     const Bool<D>& is_transferable) {
    U128<D> id = x.add(self.total_supply, U128<D>(1), E::kIdsExhausted);
    self.total_supply = id;
    self.nfts.set(id, DataNft<D>{id, x.caller(), metadata, policy, is_transferable, x.now(), U64<D>(0), U128<D>(0),
                                 U64<D>(0)});
    // At most total_supply tokens: never refuses.
    self.owner_nft_count.set(x.caller(), x.add(self.owner_nft_count.get_or_default(x.caller()), U128<D>(1), E::kOverflow));
    x.emit(Ev::kNFTMinted, id, x.caller(), policy.privacy);
    return id;
  }
};

// transfer(token_id, to) · owner, transferable tokens only, never to a wired contract
// (its revenue would be credited to a claimable balance no call can withdraw: the
// amendment, docs/spec-profile-design.md §7); subscriptions are untouched
struct Transfer {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "transfer";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, NftState<D>& self, const U128<D>& token_id, const Addr<D>& to) {
    DataNft<D> n = owned_token(x, self, token_id);
    x.require(n.is_transferable, E::kNotTransferable);
    x.require(!is_wired_contract(self.wiring, to), E::kNotAnAccount);
    Addr<D> from = n.owner;
    // −1 then +1: a self-transfer nets zero.
    self.owner_nft_count.set(from, x.sub(self.owner_nft_count.get_or_default(from), U128<D>(1), E::kOverflow));
    self.owner_nft_count.set(to, x.add(self.owner_nft_count.get_or_default(to), U128<D>(1), E::kOverflow));
    n.owner = to;
    self.nfts.set(token_id, n);
    self.approvals.remove(token_id);
    x.emit(Ev::kNFTTransferred, token_id, from, to);
  }
};

// approve(token_id, approved) · owner (kept for parity with `deployed`; nothing reads it)
struct Approve {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "approve";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, NftState<D>& self, const U128<D>& token_id, const Addr<D>& approved) {
    DataNft<D> n = owned_token(x, self, token_id);
    self.approvals.set(token_id, approved);
    x.emit(Ev::kNFTApproved, token_id, n.owner, approved);
  }
};

struct UpdateMetadata {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "update_metadata";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, NftState<D>& self, const U128<D>& token_id, const Str<D>& metadata) {
    DataNft<D> n = owned_token(x, self, token_id);
    n.metadata = metadata;
    self.nfts.set(token_id, n);
    x.emit(Ev::kMetadataUpdated, token_id, metadata);
  }
};

// update_access_policy(token_id, policy) · owner; existing subscriptions keep their terms
struct UpdateAccessPolicy {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "update_access_policy";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, NftState<D>& self, const U128<D>& token_id, const AccessPolicy<D>& policy) {
    DataNft<D> n = owned_token(x, self, token_id);
    n.policy = policy;
    self.nfts.set(token_id, n);
    x.emit(Ev::kAccessPolicyUpdated, token_id, policy);
  }
};

// purchase_subscription(nft_id, periods) -> u128 (receipt) · payable · anyone but the owner
struct PurchaseSubscription {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "purchase_subscription";
  static constexpr bool kPayable = true;
  template <class X, class D>
  static U128<D> run(X& x, NftState<D>& self, const U128<D>& nft_id, const U32<D>& periods) {
    U128<D> value = x.value_u128(E::kValueTooLarge);
    auto found = self.nfts.get(nft_id);
    x.require(found.is_some(), E::kNoSuchToken);
    DataNft<D> n = found.value;
    x.require(x.caller() != n.owner, E::kOwnerCannotSubscribe);
    x.require(periods >= U32<D>(1) && periods <= U32<D>(kMaxPeriods), E::kInvalidDuration);
    U128<D> price = x.mul(n.policy.price_per_period, resize<U128<D>>(periods), E::kOverflow);
    x.require(value == price, E::kWrongPayment);  // exact: no overpayment is kept
    x.require(self.receipt_counter < U128<D>(kU128Max), E::kIdsExhausted);
    Pair<D, U128<D>, Addr<D>> key(nft_id, x.caller());
    auto cur = self.subscriptions.get(key);
    Bool<D> live = cur.some && x.now() < cur.value.expires_at;
    U64<D> length = x.mul(resize<U64<D>>(periods), U64<D>(kPeriodMs), E::kOverflow);
    U64<D> expires_at = x.add(select(live, cur.value.expires_at, x.now()), length, E::kOverflow);
    U32<D> uses = x.mul(periods, n.policy.uses_per_period, E::kOverflow);
    U32<D> uses_left = x.add(select(live, cur.value.uses_left, U32<D>(0)), uses, E::kOverflow);
    U128<D> receipt = unchecked_add(self.receipt_counter, U128<D>(1));  // below u128::MAX
    self.receipt_counter = receipt;
    self.subscriptions.set(key, Subscription<D>{expires_at, uses_left, receipt});
    n.subscribed_until = select(n.subscribed_until < expires_at, expires_at, n.subscribed_until);
    n.total_revenue = x.add(n.total_revenue, price, E::kOverflow);
    self.nfts.set(nft_id, n);
    x.template call<payment_escrow::DistributeRewards>(self.wiring.payment_escrow, resize<Balance<D>>(price), nft_id,
                                                       n.owner);
    x.emit(Ev::kSubscriptionPurchased, nft_id, x.caller(), periods, price, expires_at, receipt);
    return receipt;
  }
};

// access_data(nft_id, proof_of_payment) -> AccessToken · the subscriber
struct AccessData {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "access_data";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static AccessToken<D> run(X& x, NftState<D>& self, const U128<D>& nft_id, const U128<D>& proof_of_payment) {
    auto found = self.nfts.get(nft_id);
    x.require(found.is_some(), E::kNoSuchToken);
    DataNft<D> n = found.value;
    Pair<D, U128<D>, Addr<D>> key(nft_id, x.caller());
    auto sub = self.subscriptions.get(key);
    x.require(sub.is_some(), E::kNoSubscription);
    x.require(sub.value.receipt == proof_of_payment, E::kInvalidProof);
    x.require(x.now() < sub.value.expires_at, E::kSubscriptionExpired);
    x.require(sub.value.uses_left > U32<D>(0), E::kUsageExhausted);
    n.access_count = x.add(n.access_count, U64<D>(1), E::kOverflow);
    U64<D> ttl_end = x.add(x.now(), U64<D>(kTokenTtlMs), E::kOverflow);  // §9 C6
    Subscription<D> next = sub.value;
    next.uses_left = unchecked_sub(next.uses_left, U32<D>(1));  // > 0
    self.subscriptions.set(key, next);
    self.nfts.set(nft_id, n);
    x.emit(Ev::kDataAccessed, nft_id, x.caller(), n.access_count);
    return AccessToken<D>{nft_id, x.caller(), select(ttl_end < next.expires_at, ttl_end, next.expires_at),
                          n.access_count};
  }
};

// burn(token_id) · owner, once every subscription has ended (paid access is never destroyed)
struct Burn {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "burn";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, NftState<D>& self, const U128<D>& token_id) {
    DataNft<D> n = owned_token(x, self, token_id);
    x.require(x.now() >= n.subscribed_until, E::kActiveSubscriptions);
    self.nfts.remove(token_id);
    self.approvals.remove(token_id);
    self.owner_nft_count.set(n.owner, x.sub(self.owner_nft_count.get_or_default(n.owner), U128<D>(1), E::kOverflow));
    x.emit(Ev::kNFTBurned, token_id, n.owner);
  }
};

struct BalanceOf {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "balance_of";
  static constexpr bool kPayable = false;
  template <class X, class D> static U128<D> run(X&, NftState<D>& self, const Addr<D>& account) {
    return self.owner_nft_count.get_or_default(account);
  }
};
struct GetApproved {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "get_approved";
  static constexpr bool kPayable = false;
  template <class X, class D> static Option<D, Addr<D>> run(X&, NftState<D>& self, const U128<D>& token_id) {
    return self.approvals.get(token_id);
  }
};
struct TotalSupply {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "total_supply";
  static constexpr bool kPayable = false;
  template <class X, class D> static U128<D> run(X&, NftState<D>& self) { return self.total_supply; }
};
struct GetSubscription {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "get_subscription";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static Option<D, Subscription<D>> run(X&, NftState<D>& self, const U128<D>& nft_id, const Addr<D>& account) {
    return self.subscriptions.get(Pair<D, U128<D>, Addr<D>>(nft_id, account));
  }
};
struct GetDataUsageStats {
  using Contract = DataNftRegistry;
  static constexpr std::string_view kLabel = "get_data_usage_stats";
  static constexpr bool kPayable = false;
  template <class X, class D> static Option<D, UsageStats<D>> run(X&, NftState<D>& self, const U128<D>& nft_id) {
    auto n = self.nfts.get(nft_id);
    return Option<D, UsageStats<D>>{
        n.some, UsageStats<D>{n.value.owner, n.value.access_count, n.value.total_revenue, n.value.subscribed_until}};
  }
};

}  // namespace data_nft_registry
}  // namespace meshcheck::model::spec
