// data_nft_registry, profile `spec` (spec-profile.md §3.4): every message's success path
// and every error at its first guard; subscription revenue credited to the owner in the escrow.
#include <gtest/gtest.h>

#include "queue_fixture.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace testing;
using namespace data_nft_registry;

void expect_refused(const Result<Concrete, Sys>& r, std::string_view error) {
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.branch(), error) << r.reason();
}
const DataNft<Concrete>& nft_of(const Sys& s, u128 id) { return *s.slot<DataNftRegistry>().state.nfts.entries.find(id); }
AccessPolicy<Concrete> policy(PrivacyLevel p, u128 price = 100, u32 uses = 2) { return {p, price, uses}; }
Env<Concrete> when(const Address& caller, u64 now, const U256& value = 0) { return {caller, value, 5, now}; }

// kOther mints token 1 (Private, 100 per period, 2 uses per period, transferable).
Sys minted(bool transferable = true) {
  auto r = run<MintDataNft>(standard_system(), when(kOther, 1000), std::string("ipfs://x"), policy(PrivacyLevel::Private),
                            transferable);
  EXPECT_TRUE(r.ok) << r.reason();
  return r.post;
}

TEST(SpecNft, MintTransferApproveUpdate) {
  auto r = run<MintDataNft>(standard_system(), when(kOther, 1000), std::string("m"), policy(PrivacyLevel::Public), true);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.returned, leaves<ConcreteLeaf>(u128(1)));
  EXPECT_EQ(nft_of(r.post, 1).minted_at, u64(1000));
  Sys full = standard_system();
  full.slot<DataNftRegistry>().state.total_supply = kU128Max;
  expect_refused(run<MintDataNft>(full, when(kOther, 1), std::string("m"), policy(PrivacyLevel::Public), true),
                 "IdsExhausted");

  Sys s = minted();
  s = run<Approve>(s, when(kOther, 1001), u128(1), kProv).post;
  expect_refused(run<data_nft_registry::Transfer>(s, when(kOther, 1001), u128(2), kOwner), "NoSuchToken");
  expect_refused(run<data_nft_registry::Transfer>(s, when(kOwner, 1001), u128(1), kOwner), "NotOwner");
  expect_refused(run<data_nft_registry::Transfer>(minted(false), when(kOther, 1001), u128(1), kOwner), "NotTransferable");
  // The amendment (docs/spec-profile-design.md §7): never to one of the six wired contracts,
  // whose claimable revenue no call could withdraw; a soulbound token says NotTransferable first.
  for (const Address& c : {kQueue, kEscrow, kRegistry, kNft, kPhala, kMev})
    expect_refused(run<data_nft_registry::Transfer>(s, when(kOther, 1001), u128(1), c), "NotAnAccount");
  expect_refused(run<data_nft_registry::Transfer>(minted(false), when(kOther, 1001), u128(1), kEscrow), "NotTransferable");
  auto t = run<data_nft_registry::Transfer>(s, when(kOther, 1001), u128(1), kOwner);
  ASSERT_TRUE(t.ok) << t.reason();
  EXPECT_EQ(nft_of(t.post, 1).owner, kOwner);
  EXPECT_FALSE(t.post.slot<DataNftRegistry>().state.approvals.contains(1));  // approval removed
  EXPECT_EQ(run<BalanceOf>(t.post, when(kOwner, 1), kOwner).returned, leaves<ConcreteLeaf>(u128(1)));
  EXPECT_EQ(run<BalanceOf>(t.post, when(kOwner, 1), kOther).returned, leaves<ConcreteLeaf>(u128(0)));
  auto self = run<data_nft_registry::Transfer>(s, when(kOther, 1001), u128(1), kOther);  // nets zero
  EXPECT_EQ(run<BalanceOf>(self.post, when(kOwner, 1), kOther).returned, leaves<ConcreteLeaf>(u128(1)));

  expect_refused(run<Approve>(s, when(kOther, 1), u128(2), kProv), "NoSuchToken");
  expect_refused(run<Approve>(s, when(kOwner, 1), u128(1), kProv), "NotOwner");
  expect_refused(run<UpdateMetadata>(s, when(kOwner, 1), u128(1), std::string("n")), "NotOwner");
  auto m = run<UpdateMetadata>(s, when(kOther, 1), u128(1), std::string("n"));
  EXPECT_EQ(nft_of(m.post, 1).metadata, "n");
  expect_refused(run<UpdateAccessPolicy>(s, when(kOther, 1), u128(3), policy(PrivacyLevel::Public)), "NoSuchToken");
  auto p = run<UpdateAccessPolicy>(s, when(kOther, 1), u128(1), policy(PrivacyLevel::Public, 5, 1));
  EXPECT_EQ(nft_of(p.post, 1).policy, policy(PrivacyLevel::Public, 5, 1));
}

TEST(SpecNft, SubscribeAccessAndRevenue) {
  Sys s = minted();
  auto buy = run<PurchaseSubscription>(s, when(kOwner, 2000, 300), u128(1), u32(3));
  ASSERT_TRUE(buy.ok) << buy.reason();
  EXPECT_EQ(buy.returned, leaves<ConcreteLeaf>(u128(1)));  // the receipt
  auto sub = buy.post.slot<DataNftRegistry>().state.subscriptions.get({u128(1), kOwner}).value;
  EXPECT_EQ(sub.expires_at, u64(2000 + 3 * kPeriodMs));
  EXPECT_EQ(sub.uses_left, u32(6));
  EXPECT_EQ(nft_of(buy.post, 1).total_revenue, u128(300));
  EXPECT_EQ(nft_of(buy.post, 1).subscribed_until, sub.expires_at);
  EXPECT_EQ(buy.post.slot<PaymentEscrow>().state.claimable.get_or_default(kOther), u128(300));  // the owner's revenue
  EXPECT_EQ(buy.post.slot<DataNftRegistry>().balance, U256(0));  // R7: forwarded
  EXPECT_EQ(buy.frames[1].message, "distribute_rewards");
  // A renewal while live extends from the current expiry and adds uses.
  auto again = run<PurchaseSubscription>(buy.post, when(kOwner, 3000, 100), u128(1), u32(1));
  ASSERT_TRUE(again.ok);
  auto sub2 = again.post.slot<DataNftRegistry>().state.subscriptions.get({u128(1), kOwner}).value;
  EXPECT_EQ(sub2.expires_at, sub.expires_at + kPeriodMs);
  EXPECT_EQ(sub2.uses_left, u32(8));
  EXPECT_EQ(sub2.receipt, u128(2));

  expect_refused(run<PurchaseSubscription>(s, when(kOwner, 1, kU128MaxAsU256 + 1), u128(1), u32(1)), "ValueTooLarge");
  expect_refused(run<PurchaseSubscription>(s, when(kOwner, 1, 100), u128(2), u32(1)), "NoSuchToken");
  expect_refused(run<PurchaseSubscription>(s, when(kOther, 1, 100), u128(1), u32(1)), "OwnerCannotSubscribe");
  expect_refused(run<PurchaseSubscription>(s, when(kOwner, 1, 0), u128(1), u32(0)), "InvalidDuration");
  expect_refused(run<PurchaseSubscription>(s, when(kOwner, 1, 100), u128(1), u32(721)), "InvalidDuration");
  Sys dear = run<UpdateAccessPolicy>(s, when(kOther, 1), u128(1), policy(PrivacyLevel::Private, kU128Max)).post;
  expect_refused(run<PurchaseSubscription>(dear, when(kOwner, 1, 0), u128(1), u32(2)), "Overflow");
  expect_refused(run<PurchaseSubscription>(s, when(kOwner, 1, 101), u128(1), u32(1)), "WrongPayment");
  Sys receipts = s;
  receipts.slot<DataNftRegistry>().state.receipt_counter = kU128Max;
  expect_refused(run<PurchaseSubscription>(receipts, when(kOwner, 1, 100), u128(1), u32(1)), "IdsExhausted");

  Sys b = buy.post;
  auto a = run<AccessData>(b, when(kOwner, 5000), u128(1), u128(1));
  ASSERT_TRUE(a.ok) << a.reason();
  EXPECT_EQ(a.returned, leaves<ConcreteLeaf>(AccessToken<Concrete>{1, kOwner, 5000 + kTokenTtlMs, 1}));
  expect_refused(run<AccessData>(b, when(kOwner, 5000), u128(2), u128(1)), "NoSuchToken");
  expect_refused(run<AccessData>(b, when(kProv, 5000), u128(1), u128(1)), "NoSubscription");
  expect_refused(run<AccessData>(b, when(kOwner, 5000), u128(1), u128(9)), "InvalidProof");
  expect_refused(run<AccessData>(b, when(kOwner, sub.expires_at), u128(1), u128(1)), "SubscriptionExpired");
  Sys used = b;
  used.slot<DataNftRegistry>().state.subscriptions.set({u128(1), kOwner}, Subscription<Concrete>{sub.expires_at, 0, 1});
  expect_refused(run<AccessData>(used, when(kOwner, 5000), u128(1), u128(1)), "UsageExhausted");
  Sys counted = b;
  DataNft<Concrete> n = nft_of(b, 1);
  n.access_count = ~u64(0);
  counted.slot<DataNftRegistry>().state.nfts.set(1, n);
  expect_refused(run<AccessData>(counted, when(kOwner, 5000), u128(1), u128(1)), "Overflow");
}

TEST(SpecNft, BurnAfterSubscriptionsEnd) {
  Sys s = run<PurchaseSubscription>(minted(), when(kOwner, 2000, 100), u128(1), u32(1)).post;
  expect_refused(run<Burn>(s, when(kOther, 2001), u128(2)), "NoSuchToken");
  expect_refused(run<Burn>(s, when(kOwner, 2001), u128(1)), "NotOwner");
  expect_refused(run<Burn>(s, when(kOther, 2001), u128(1)), "ActiveSubscriptions");
  auto b = run<Burn>(s, when(kOther, 2000 + kPeriodMs), u128(1));
  ASSERT_TRUE(b.ok) << b.reason();
  EXPECT_FALSE(b.post.slot<DataNftRegistry>().state.nfts.contains(1));
  EXPECT_EQ(run<BalanceOf>(b.post, when(kOther, 1), kOther).returned, leaves<ConcreteLeaf>(u128(0)));
  EXPECT_EQ(run<VerifyDataAccess>(b.post, when(kOwner, 1), u128(1), kOther).returned, leaves<ConcreteLeaf>(false));
  // C8: the subscription record stays.
  EXPECT_TRUE(run<GetSubscription>(b.post, when(kOwner, 1), u128(1), kOwner).returned.front().v == 1);
}

TEST(SpecNft, Reads) {
  Sys s = run<PurchaseSubscription>(minted(), when(kOwner, 2000, 100), u128(1), u32(1)).post;
  EXPECT_EQ(run<VerifyDataAccess>(s, when(kOwner, 2001), u128(1), kOwner).returned, leaves<ConcreteLeaf>(true));
  EXPECT_EQ(run<VerifyDataAccess>(s, when(kOwner, 2000 + kPeriodMs), u128(1), kOwner).returned,
            leaves<ConcreteLeaf>(false));
  EXPECT_EQ(run<VerifyDataAccess>(s, when(kOwner, 1), u128(1), kOther).returned, leaves<ConcreteLeaf>(true));
  EXPECT_EQ(run<TotalSupply>(s, when(kOwner, 1)).returned, leaves<ConcreteLeaf>(u128(1)));
  EXPECT_EQ(run<GetApproved>(s, when(kOwner, 1), u128(1)).returned, leaves<ConcreteLeaf>(Option<Concrete, Address>::none()));
  auto stats = run<GetDataUsageStats>(s, when(kOwner, 1), u128(1));
  EXPECT_EQ(stats.returned, leaves<ConcreteLeaf>(Option<Concrete, UsageStats<Concrete>>::of(
                                {kOther, 0, 100, 2000 + kPeriodMs})));
}

}  // namespace
}  // namespace meshcheck::model::spec
