// compute_provider_registry's Z3 encoding against its model: random registry calls and
// failure flows (a job expires or a dispute is lost, then the provider is slashed), each
// call run by both interpreters of the one text (agreement.hpp).
#include <gtest/gtest.h>

#include <string>

#include "campaign.hpp"
#include "mutant_agreement.hpp"
#include "queue_fixture.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace testing;
using namespace compute_provider_registry;

struct Campaign : AgreementCampaign<Sys> {
  Campaign() : AgreementCampaign(5, standard_system()) {}
  u32 block = 1;

  Address prov() { return pick({kProv, kProv, kOther}); }
  Env<Concrete> env(const Address& caller, const U256& value = 0) { return at(caller, block, value); }

  // A job assigned to kProv that expires or loses its dispute; then a slash.
  void failure_flow() {
    u128 j = world.slot<AiJobQueue>().state.job_counter + 1;
    call<ai_job_queue::SubmitJob>(env(kOwner, 1500), std::string("m"), std::string("d"), Option<Concrete, u128>::none(),
                                  ComputeType::Cpu, u32(block + 20), false, std::string(""), std::string(""));
    call<SubmitBid>(env(kProv), j, u128(1000), SlaCommitment<Concrete>{5, pick<u128>({0, 300, 9000})});
    call<ai_job_queue::AssignProvider>(env(kOwner), j, kProv);
    if (rng() % 2) {
      call<ai_job_queue::MarkInProgress>(env(kProv), j);
      call<ai_job_queue::DisputeJob>(env(kOwner), j);
      call<ai_job_queue::ResolveDispute>(env(kAdmin), j, false);
    } else {
      block += 21;
      call<ai_job_queue::ExpireJob>(env(kOther), j);
    }
    call<SlashStake>(env(pick({kVerifier, kVerifier, kOther})), pick({kProv, kProv, kOther}), j);
    if (rng() % 2) call<payment_escrow::WithdrawRewards>(env(kOwner));
  }

  void step() {
    if (rng() % 3 == 0) block += u32(rng() % 12);
    switch (rng() % 12) {
      case 0:
      case 1:
        call<RegisterProvider>(env(prov(), pick<U256>({6000, 5000, 10})), std::string("https://p"),
                               pick<u8>({1, 3, 7, 0, 8}), u128(10));
        break;
      case 2: call<UpdateProvider>(env(prov()), std::string("https://q"), u128(20)); break;
      case 3: call<SetActive>(env(prov()), bool(rng() % 2)); break;
      case 4: call<AddStake>(env(prov(), pick<U256>({0, 10, U256(kU128Max)}))); break;
      case 5:  // deactivate, wait out the unbonding, withdraw
        call<SetActive>(env(kProv), false);
        block += pick<u32>({5, 21});
        call<WithdrawStake>(env(prov()), pick<u128>({0, 100, 6000, 7000}));
        break;
      case 6:
        call<SubmitBid>(env(prov()), u128(1 + rng() % 2), pick<u128>({0, 900}),
                        SlaCommitment<Concrete>{pick<u32>({0, 5}), 100});
        break;
      case 7:
        call<UpdateReputation>(env(pick({kVerifier, kOther})), prov(),
                               pick<std::int32_t>({-60, 5, -2'000'000'000, 2'000'000'000}));
        break;
      case 8: failure_flow(); break;
      case 9: call<SetMinStake>(env(pick({kAdmin, kOther})), pick<u128>({5000, 6001})); break;
      case 10: call<SetVerifier>(env(pick({kAdmin, kOther})), kOther, bool(rng() % 2)); break;
      default: call<GetProviderInfo>(env(kOther), prov());
    }
  }
};

TEST(SpecRegistryEncoding, AgreesWithTheModelOnRandomCalls) {
  Campaign c;
  for (int i = 0; i < 200 && c.failure.empty(); ++i) {
    if (i % 25 == 0) {
      c.world = standard_system();
      c.block = 1;
      c.call<RegisterProvider>(c.env(kProv, 6000), std::string("https://p"), u8(7), u128(10));
    }
    c.step();
  }
  c.expect_agreed_and_reached({"register_provider: ok", "register_provider: StakeBelowMinimum", "set_active: ok",
                               "add_stake: ok", "withdraw_stake: ok", "submit_bid: ok", "update_reputation: ok",
                               "slash_stake: ok", "slash_stake: NotVerifier", "set_min_stake: ok"});
}

// Issue 15: every spec mutant of compute_provider_registry changes both interpreters alike (a shorter
// campaign, run once unmutated and once under each mutant).
TEST(SpecRegistryEncoding, AgreesUnderEveryMutantOfTheContract) {
  expect_agreement_under_mutants("compute_provider_registry", [] {
    Campaign c;
    for (int i = 0; i < 75 && c.failure.empty(); ++i) {
      if (i % 25 == 0) {
        c.world = standard_system();
        c.block = 1;
        c.call<RegisterProvider>(c.env(kProv, 6000), std::string("https://p"), u8(7), u128(10));
      }
      c.step();
    }
    return CampaignOutcome{c.failure, c.branches};
  });
}

}  // namespace
}  // namespace meshcheck::model::spec
