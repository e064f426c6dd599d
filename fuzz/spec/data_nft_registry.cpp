// data_nft_registry's spec handler (spec §3.4, flow 4 of §4): data NFTs minted with an
// access policy, subscriptions bought (their revenue credited to the owner in escrow),
// data accessed with the subscription's receipt until it expires or its uses run out,
// tokens transferred, updated and burnt once their subscriptions ended.
#include <algorithm>

#include "fuzz/spec/common.hpp"

namespace meshcheck::fuzz::spec {

namespace {
using Nft = ms::DataNft<Concrete>;
using Subscription = ms::Subscription<Concrete>;

u128 token_id(const GeneratorView& m, const std::vector<u128>& preferred = {}) {
  const auto& s = nfts(m);
  return pick::id(pick::keys(s.nfts.entries), next_id(s.total_supply), {}, preferred);
}
const Nft* token(const GeneratorView& m, const u128& id) { return nfts(m).nfts.entries.find(id); }
std::optional<Address> owner_of(const GeneratorView& m, const u128& id) {
  if (const Nft* n = token(m, id)) return n->owner;
  return std::nullopt;
}

Value policy() {
  auto privacy = pick::one_of(std::vector<ms::PrivacyLevel>{ms::PrivacyLevel::Public, ms::PrivacyLevel::Private,
                                                           ms::PrivacyLevel::Confidential});
  u128 price = pick::Choice<u128>().item(2, 0).item(1, 1).item(4, 100).item(2, 10000).item(1, kU128Max).draw();
  u32 uses = pick::Choice<u32>().item(1, 0).item(4, 1).item(3, 3).item(1, ~u32(0)).draw();
  return Value(Value::Seq{variant(privacy), Value(price), Value(uses)});
}

struct MintDataNft : SpecCall {
  explicit MintDataNft(const GeneratorView& m) : SpecCall(m, st::kNft, "mint_data_nft") {
    caller_ = actor();
    value_ = pick::no_value();
    args_ = {Value(text()), policy(), Value(pick::Choice<bool>().item(3, true).item(1, false).draw())};
  }
};

struct Transfer : SpecCall {
  explicit Transfer(const GeneratorView& m) : SpecCall(m, st::kNft, "transfer") {
    u128 id = token_id(m);
    caller_ = caller(owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id), Value(account(owner_of(m, id)))};
  }
};

struct Approve : SpecCall {
  explicit Approve(const GeneratorView& m) : SpecCall(m, st::kNft, "approve") {
    u128 id = token_id(m);
    caller_ = caller(owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id), Value(account())};
  }
};

struct UpdateMetadata : SpecCall {
  explicit UpdateMetadata(const GeneratorView& m) : SpecCall(m, st::kNft, "update_metadata") {
    u128 id = token_id(m);
    caller_ = caller(owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id), Value(text())};
  }
};

struct UpdateAccessPolicy : SpecCall {
  explicit UpdateAccessPolicy(const GeneratorView& m) : SpecCall(m, st::kNft, "update_access_policy") {
    u128 id = token_id(m);
    caller_ = caller(owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id), policy()};
  }
};

struct PurchaseSubscription : SpecCall {
  explicit PurchaseSubscription(const GeneratorView& m) : SpecCall(m, st::kNft, "purchase_subscription") {
    u128 id = token_id(m);
    const Nft* n = token(m, id);
    // Anyone but the owner, mostly; paying exactly the price of the periods, mostly.
    caller_ = actor();
    if (n && caller_ == n->owner && pick::uniform(0, 4) != 0) caller_ = n->owner == st::kAdmin ? st::kVerifier : st::kAdmin;
    u32 periods = pick::Choice<u32>().item(6, 1).item(3, 2).item(1, 0).item(1, ms::kMaxPeriods).item(1, ms::kMaxPeriods + 1).draw();
    std::vector<U256> near;
    if (n) pick::add_around(near, U256(n->policy.price_per_period) * U256(periods), kU256Max);
    if (n) near.push_back(U256(n->policy.price_per_period) * U256(periods));
    value_ = value(m, contract_, caller_, near);
    args_ = {Value(id), Value(periods)};
  }
};

struct AccessData : SpecCall {
  explicit AccessData(const GeneratorView& m) : SpecCall(m, st::kNft, "access_data") {
    // Mostly a subscriber with its receipt.
    std::vector<std::pair<u128, Address>> subs;
    std::vector<u128> receipts;
    nfts(m).subscriptions.entries.for_each([&](const std::pair<u128, Address>& k, const Subscription& s) {
      subs.push_back(k);
      receipts.push_back(s.receipt);
    });
    std::sort(subs.begin(), subs.end());
    std::sort(receipts.begin(), receipts.end());
    value_ = pick::no_value();
    if (!subs.empty() && pick::uniform(0, 5) != 0) {
      auto k = pick::one_of(subs);
      caller_ = k.second;
      u128 receipt = nfts(m).subscriptions.entries.find(k)->receipt;
      args_ = {Value(k.first), Value(pick::Choice<u128>().item(8, receipt).one_of(2, receipts).item(1, 0).draw())};
    } else {
      caller_ = actor();
      args_ = {Value(token_id(m)), Value(pick::id(receipts, next_id(nfts(m).receipt_counter)))};
    }
  }
};

struct Burn : SpecCall {
  explicit Burn(const GeneratorView& m) : SpecCall(m, st::kNft, "burn") {
    u128 id = token_id(m);
    caller_ = caller(owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id)};
  }
};
}  // namespace

rc::Gen<CommandPtr> data_nft_registry_commands(const SharedGeneratorView& model) {
  const bool any = !nfts(*model).nfts.entries.empty();
  const bool subscribed = !nfts(*model).subscriptions.entries.empty();
  const int t = any ? 1 : 0;
  return rc::gen::weightedOneOf<CommandPtr>({
      {any ? 3 : 8, one_of_commands<MintDataNft>(model)},
      {1 + t, one_of_commands<Transfer>(model)},
      {1, one_of_commands<Approve>(model)},
      {1, one_of_commands<UpdateMetadata>(model)},
      {1 + t, one_of_commands<UpdateAccessPolicy>(model)},
      {1 + 6 * t, one_of_commands<PurchaseSubscription>(model)},
      {1 + (subscribed ? 5 : 0), one_of_commands<AccessData>(model)},
      {1 + t, one_of_commands<Burn>(model)},
  });
}

}  // namespace meshcheck::fuzz::spec
