// ai_job_queue's Z3 encoding against its model, nested calls included: random job flows on
// the standard spec system, each call run by both interpreters of the one text
// (agreement.hpp). The symbolic side inlines every callee (escrow, registry, data NFT
// registry, phala) in the exploration of the queue's message.
#include <gtest/gtest.h>

#include <string>

#include "campaign.hpp"
#include "mutant_agreement.hpp"
#include "queue_fixture.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace testing;
using namespace ai_job_queue;

struct Campaign : AgreementCampaign<Sys> {
  Campaign() : AgreementCampaign(11, standard_system()) {}
  u32 block = 1;

  u128 job() { return u128(1 + rng() % 2); }
  Address who(const Address& usual) { return rng() % 5 ? usual : pick({kOwner, kProv, kOther, kAdmin, kPhala}); }
  Env<Concrete> env(const Address& caller, const U256& value = 0) { return at(caller, block, value); }

  // One job through §4's flows (public, private, failure), every call checked.
  void flow() {
    bool priv = rng() % 3 == 0;
    u128 j = world.slot<AiJobQueue>().state.job_counter + 1;
    call<SubmitJob>(env(kOwner, 1500), std::string("m"), std::string("d"), NoNft::none(),
                    priv ? ComputeType::PhalaTee : ComputeType::Cpu, u32(block + 30), priv,
                    std::string(priv ? "payload" : ""), std::string(priv ? "key" : ""));
    put_provider(world, kProv, 7);
    put_bid(world, j, kProv, pick<u128>({1200, 1500}), 10);
    if (rng() % 5 == 0) return call<CancelJob>(env(kOwner), j);
    call<AssignProvider>(env(kOwner), j, kProv);
    call<MarkInProgress>(env(kProv), j);
    switch (rng() % 4) {
      case 0:  // done: paid by a verifier (public) or completed by phala (private), or disputed
        if (priv) call<CompleteAttested>(env(kPhala), j, world.slot<AiJobQueue>().state.jobs.get(j).value.confidential_id.value, hash(9));
        else call<MarkCompleted>(env(kProv), j, hash(7));
        if (rng() % 2) call<payment_escrow::ReleasePayment>(env(priv ? kPhala : kVerifier), j, kProv);
        else {
          call<DisputeJob>(env(kOwner), j);
          call<ResolveDispute>(env(kAdmin), j, bool(rng() % 2));
        }
        break;
      case 1:
        call<DisputeJob>(env(kOwner), j);
        call<ResolveDispute>(env(kAdmin), j, bool(rng() % 2));
        break;
      default: {
        u32 saved = block;
        block += 31;
        call<ExpireJob>(env(kOther), j);
        block = std::max(saved, block);
      }
    }
  }

  void step() {
    if (rng() % 4 == 0) block += u32(rng() % 8);
    if (rng() % 5 == 0) return flow();
    switch (rng() % 13) {
      case 0:
      case 1: {
        bool priv = rng() % 2 == 0;
        auto nft = rng() % 4 ? NoNft::none() : NoNft::of(u128(1 + rng() % 2));
        call<SubmitJob>(env(kOwner, pick<U256>({2500, 2500, 999})), std::string("m"), std::string("d"), nft,
                        priv ? pick({ComputeType::PhalaTee, ComputeType::PhalaTee, ComputeType::Gpu}) : ComputeType::Cpu,
                        u32(block + pick<u32>({0, 30, 30})), priv, std::string(priv ? pick<const char*>({"p", "", ""}) : ""),
                        std::string(priv ? "k" : ""));
        break;
      }
      case 2: {  // the registry's side: providers and bids (its messages are not written yet)
        put_provider(world, kProv, pick<u8>({1, 4, 5, 2}), pick<u128>({5000, 10}), 100, rng() % 5 != 0);
        put_bid(world, job(), kProv, pick<u128>({1200, 1500, 1600}), pick<u32>({5, 40}));
        break;
      }
      case 3: call<AssignProvider>(env(who(kOwner)), job(), pick({kProv, kProv, kOther})); break;
      case 4: call<MarkInProgress>(env(who(kProv)), job()); break;
      case 5: call<MarkCompleted>(env(who(kProv)), job(), hash(pick<u8>({7, 7, 0}))); break;
      case 6: call<CompleteAttested>(env(who(kPhala)), job(), u128(1 + rng() % 2), hash(pick<u8>({5, 5, 0}))); break;
      case 7: call<CancelJob>(env(who(kOwner)), job()); break;
      case 8: call<ExpireJob>(env(kOther), job()); break;
      case 9: call<DisputeJob>(env(who(kOwner)), job()); break;
      case 10: call<ResolveDispute>(env(who(kAdmin)), job(), bool(rng() % 2)); break;
      case 11: call<payment_escrow::ReleasePayment>(env(pick({kVerifier, kPhala, kOther})), job(), kProv); break;
      default:
        if (rng() % 2) call<SetMinBudget>(env(who(kAdmin)), pick<u128>({1000, 2000}));
        else call<GetJob>(env(kOther), job());
    }
  }

  // `steps` steps, or fewer if the interpreters disagree first: every 30 from a fresh
  // system with two NFTs (one public, one confidential) for submit_job to refer to.
  void run(int steps) {
    for (int i = 0; i < steps && failure.empty(); ++i) {
      if (i % 30 == 0) {
        world = standard_system();
        block = 1;
        put_nft(world, 1, kOther, PrivacyLevel::Public);
        put_nft(world, 2, kOwner, PrivacyLevel::Confidential);
      }
      step();
    }
  }
};

TEST(SpecQueueEncoding, AgreesWithTheModelOnRandomFlows) {
  Campaign c;
  c.run(180);
  c.expect_agreed_and_reached({"submit_job: ok", "submit_job: BudgetTooLow", "submit_job: CalleeFailed", "assign_provider: ok",
                               "mark_in_progress: ok", "mark_completed: ok", "cancel_job: ok", "expire_job: ok",
                               "dispute_job: ok", "resolve_dispute: ok", "release_payment: ok"});
}

// Issue 15: every spec mutant of ai_job_queue changes both interpreters alike (a shorter
// campaign, run once unmutated and once under each mutant).
TEST(SpecQueueEncoding, AgreesUnderEveryMutantOfTheContract) {
  expect_agreement_under_mutants("ai_job_queue", [] {
    Campaign c;
    c.run(60);
    return CampaignOutcome{c.failure, c.branches};
  });
}

}  // namespace
}  // namespace meshcheck::model::spec
