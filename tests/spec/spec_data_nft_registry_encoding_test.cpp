// data_nft_registry's Z3 encoding against its model: random mints, transfers, policy
// changes, subscriptions (with their nested distribute_rewards), accesses and burns over a
// moving clock, each call run by both interpreters of the one text (agreement.hpp).
#include <gtest/gtest.h>

#include <string>

#include "campaign.hpp"
#include "mutant_agreement.hpp"
#include "queue_fixture.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace testing;
using namespace data_nft_registry;

struct Campaign : AgreementCampaign<Sys> {
  Campaign() : AgreementCampaign(3, standard_system()) {}
  u64 now = 1000;

  Address user() { return pick({kOwner, kOther, kProv}); }
  u128 token() { return u128(1 + rng() % 2); }
  Env<Concrete> env(const Address& caller, const U256& value = 0) { return Env<Concrete>{caller, value, 5, now}; }
  AccessPolicy<Concrete> policy() {
    return {pick({PrivacyLevel::Public, PrivacyLevel::Private, PrivacyLevel::Confidential}), pick<u128>({0, 100}),
            pick<u32>({0, 2})};
  }

  // The price a subscription of `periods` costs now, to pay it exactly most of the time.
  U256 price_of(u128 id, u32 periods) {
    auto n = world.slot<DataNftRegistry>().state.nfts.get(id);
    U256 p = U256(n.value.policy.price_per_period) * periods;
    return rng() % 5 ? p : p + 1;
  }

  void step() {
    if (rng() % 3 == 0) now += pick<u64>({1000, kTokenTtlMs, kPeriodMs});
    switch (rng() % 11) {
      case 0: call<MintDataNft>(env(user()), std::string("ipfs://d"), policy(), bool(rng() % 3)); break;
      case 1: call<data_nft_registry::Transfer>(env(user()), token(), user()); break;
      case 2: call<Approve>(env(user()), token(), user()); break;
      case 3: call<UpdateMetadata>(env(user()), token(), std::string("ipfs://e")); break;
      case 4: call<UpdateAccessPolicy>(env(user()), token(), policy()); break;
      case 5:
      case 6: {
        u128 id = token();
        u32 periods = pick<u32>({1, 2, 0, 721});
        call<PurchaseSubscription>(env(user(), price_of(id, periods)), id, periods);
        break;
      }
      case 7: {  // a subscriber buys and uses its access at once
        auto n = world.slot<DataNftRegistry>().state.nfts.get(1);
        call<PurchaseSubscription>(env(kOwner, U256(n.value.policy.price_per_period) + (rng() % 4 == 0 ? 1 : 0)), u128(1), u32(1));
        auto sub = world.slot<DataNftRegistry>().state.subscriptions.get({u128(1), kOwner});
        call<AccessData>(env(kOwner), u128(1), sub.value.receipt);
        break;
      }
      case 8: {
        u128 id = token();
        Address who = user();
        auto sub = world.slot<DataNftRegistry>().state.subscriptions.get({id, who});
        call<AccessData>(env(who), id, rng() % 5 ? sub.value.receipt : u128(99));
        break;
      }
      case 9: call<Burn>(env(user()), token()); break;
      default:
        if (rng() % 2) call<VerifyDataAccess>(env(kProv), token(), user());
        else call<GetDataUsageStats>(env(kProv), token());
    }
  }
};

TEST(SpecNftEncoding, AgreesWithTheModelOnRandomCalls) {
  Campaign c;
  for (int i = 0; i < 250 && c.failure.empty(); ++i) {
    if (i % 50 == 0) {
      c.world = standard_system();
      c.now = 1000;
      c.call<MintDataNft>(c.env(kOther), std::string("ipfs://a"), AccessPolicy<Concrete>{PrivacyLevel::Private, 100, 2}, true);
    }
    c.step();
  }
  c.expect_agreed_and_reached({"mint_data_nft: ok", "transfer: ok", "transfer: NotOwner", "purchase_subscription: ok",
                               "purchase_subscription: WrongPayment", "purchase_subscription: OwnerCannotSubscribe",
                               "access_data: ok", "access_data: NoSubscription", "burn: ok", "update_access_policy: ok"});
}

// Issue 15: every spec mutant of data_nft_registry changes both interpreters alike (a shorter
// campaign, run once unmutated and once under each mutant).
TEST(SpecNftEncoding, AgreesUnderEveryMutantOfTheContract) {
  expect_agreement_under_mutants("data_nft_registry", [] {
    Campaign c;
    for (int i = 0; i < 80 && c.failure.empty(); ++i) {
      if (i % 40 == 0) {
        c.world = standard_system();
        c.now = 1000;
        c.call<MintDataNft>(c.env(kOther), std::string("ipfs://a"), AccessPolicy<Concrete>{PrivacyLevel::Private, 100, 2}, true);
      }
      c.step();
    }
    return CampaignOutcome{c.failure, c.branches};
  });
}

}  // namespace
}  // namespace meshcheck::model::spec
