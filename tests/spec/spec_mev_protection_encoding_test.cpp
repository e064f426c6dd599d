// mev_protection's Z3 encoding against its model: random intents, batches (any order of
// the ids, duplicates, unknown and mixed ids), executions and cancellations, each call run
// by both interpreters of the one text (agreement.hpp), the sorting network included.
#include <gtest/gtest.h>

#include <string>

#include "campaign.hpp"
#include "mutant_agreement.hpp"
#include "queue_fixture.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace testing;
using namespace mev_protection;

struct Campaign : AgreementCampaign<Sys> {
  Campaign() : AgreementCampaign(13, standard_system()) {}

  Env<Concrete> env(const Address& caller, const U256& value = 0) { return at(caller, 3, value); }

  IntentIds<Concrete> some_ids() {
    IntentIds<Concrete> v;
    v.len = u32(pick<unsigned>({2, 2, 3, 1, 4}));
    u128 top = world.slot<MevProtection>().state.intent_counter + 1;
    for (unsigned i = 0; i < v.len; ++i) v.items[i] = u128(1 + rng() % u64(top));
    return v;
  }

  // Six fresh intents (the last of another pair): a mixed batch refused, a cancellation,
  // two batches created in reverse id order, executed out of order first, then in order.
  void flow() {
    call<SetBatchConfig>(env(kAdmin), u32(6), u32(2));
    u128 first = world.slot<MevProtection>().state.intent_counter + 1;
    for (int i = 0; i < 6; ++i)
      call<SubmitIntent>(env(kOwner, 100), std::string("enc"), std::string("DOT"), std::string(i < 5 ? "USDC" : "ETH"),
                         u128(10));
    auto pair = [](u128 a, u128 b) {
      IntentIds<Concrete> v;
      v.len = 2;
      v.items[0] = a;
      v.items[1] = b;
      return v;
    };
    call<CreateBatch>(env(kExecutor), pair(first + 5, first), std::string("route"));
    call<CancelIntent>(env(kOwner), first + 4);
    call<CreateBatch>(env(kExecutor), pair(first + 1, first), std::string("route"));
    call<CreateBatch>(env(kExecutor), pair(first + 3, first + 2), std::string("route"));
    u128 next = world.slot<MevProtection>().state.next_batch;
    call<ExecuteBatch>(env(kExecutor), next + 1, u128(20), std::string("1.0"));
    call<ExecuteBatch>(env(kExecutor), next, pick<u128>({20, 19}), std::string("1.0"));
    call<ExecuteBatch>(env(kExecutor), next + 1, pick<u128>({20, 19}), std::string("1.0"));
  }

  void step() {
    switch (rng() % 8) {
      case 0:
      case 1:
        call<SubmitIntent>(env(pick({kOwner, kOther}), pick<U256>({100, 200, 0})), std::string("enc"),
                           std::string("DOT"), std::string(pick<const char*>({"USDC", "USDC", "ETH", "DOT"})),
                           pick<u128>({10, 250}));
        break;
      case 2:
      case 3: call<CreateBatch>(env(rng() % 6 ? kExecutor : kOther), some_ids(), std::string("route")); break;
      case 4:
      case 5: {
        u128 next = world.slot<MevProtection>().state.next_batch;
        call<ExecuteBatch>(env(rng() % 6 ? kExecutor : kOther), rng() % 4 ? next : next + 1, pick<u128>({0, 20, 500}),
                           std::string("1.0"));
        break;
      }
      case 6:
        call<CancelIntent>(env(pick({kOwner, kOther})),
                           u128(1 + rng() % u64(world.slot<MevProtection>().state.intent_counter + 1)));
        break;
      default:
        if (rng() % 2) call<SetBatchConfig>(env(pick({kAdmin, kOther})), pick<u32>({6, 3, 7}), pick<u32>({2, 1, 0}));
        else call<GetBatchStats>(env(kOther), u128(1 + rng() % 2));
    }
  }
};

TEST(SpecMevEncoding, AgreesWithTheModelOnRandomCalls) {
  Campaign c;
  // Few calls: a call of this contract is the slowest to check (execute_batch explores a
  // path per length and outcome, each with its nested escrow calls).
  for (int i = 0; i < 30 && c.failure.empty(); ++i) {
    if (i % 10 == 0) {
      c.world = standard_system();
      c.flow();
    }
    c.step();
  }
  c.expect_agreed_and_reached({"submit_intent: ok", "create_batch: ok", "create_batch: DuplicateIntent",
                               "create_batch: MixedPairs", "create_batch: NotPending", "execute_batch: ok",
                               "execute_batch: OutOfOrder", "cancel_intent: ok", "set_batch_config: ok"});
}

// Issue 15: every spec mutant of mev_protection changes both interpreters alike (a shorter
// campaign, run once unmutated and once under each mutant).
TEST(SpecMevEncoding, AgreesUnderEveryMutantOfTheContract) {
  expect_agreement_under_mutants("mev_protection", [] {
    Campaign c;
    for (int i = 0; i < 10 && c.failure.empty(); ++i) {
      if (i % 10 == 0) {
        c.world = standard_system();
        c.flow();
      }
      c.step();
    }
    return CampaignOutcome{c.failure, c.branches};
  });
}

}  // namespace
}  // namespace meshcheck::model::spec
