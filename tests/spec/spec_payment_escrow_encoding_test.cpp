// payment_escrow's Z3 encoding against its model: random concrete call sequences, each
// call run by both interpreters of the one message text (agreement.hpp): the same branch,
// innermost failure, post-state, return, events, transfers and frames. Every branch the
// sequences reach is listed, and the ones every campaign must reach are checked.
#include <gtest/gtest.h>

#include <string>

#include "campaign.hpp"
#include "mutant_agreement.hpp"
#include "escrow_fixture.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace testing;
using namespace payment_escrow;

struct Campaign : AgreementCampaign<EscrowSys> {
  Campaign() : AgreementCampaign(7, escrow_system()) {}

  Address caller() { return pick({kQueue, kMev, kRegistry, kNft, kPhala, kVerifier, kAdmin, kAlice, kProvider}); }
  // Mostly the caller the message admits, so that the campaign gets past its first guard.
  Address caller(const Address& admitted) { return rng() % 5 ? admitted : caller(); }
  u128 id() { return u128(1 + rng() % 2); }
  u128 amount() { return pick<u128>({0, 1, 700, 1500, kU128Max}); }

  // A job's whole flow (§4): lock, assign, then one of the ways out, every call checked.
  void flow() {
    u128 j = id();
    call<DepositEscrow>(as(kQueue, 1500), j, kAlice, u128(1500));
    call<AssignPayee>(as(kQueue), j, kProvider, pick<u128>({700, 1500}));
    switch (rng() % 4) {
      case 0:
        put_job(world, j, JobStatus::Completed, false);
        call<ReleasePayment>(as(kVerifier), j, kProvider);
        break;
      case 1:
        put_job(world, j, JobStatus::Completed, true);
        call<ReleasePayment>(as(pick({kPhala, kVerifier})), j, kProvider);
        break;
      case 2: call<ReleasePayment>(as(kQueue), j, kProvider); break;
      default:
        call<RefundPayment>(as(kQueue), j, RefundReason::DeadlineMissed);
        call<SlashStake>(as(kRegistry, pick<U256>({0, 300})), j, kProvider);
        call<WithdrawRewards>(as(kAlice));
    }
  }

  void step() {
    if (rng() % 6 == 0) return flow();
    Address who = caller();
    // Deposits, payees, releases and the queue's jobs weigh more: most paths need them first.
    static constexpr int kCase[] = {0, 0, 0, 1, 1, 2, 2, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10, 10, 11};
    switch (kCase[rng() % std::size(kCase)]) {
      case 0: {  // mostly well-formed deposits: the value is the amount
        u128 a = amount();
        U256 v = rng() % 4 ? U256(a) : U256(a) + 1;
        call<DepositEscrow>(as(caller(pick({kQueue, kMev})), v), id(), pick({kAlice, kProvider}), a);
        break;
      }
      case 1: call<AssignPayee>(as(caller(kQueue)), id(), pick({kProvider, kProvider, kAlice}), pick<u128>({0, 700, 1500, 1501})); break;
      case 2: call<ReleasePayment>(as(caller(pick({kVerifier, kQueue, kPhala}))), id(), pick({kProvider, kAlice})); break;
      case 3:
        call<RefundPayment>(as(caller(kQueue)), id(), pick({RefundReason::Cancelled, RefundReason::DisputeLost}));
        break;
      case 4: call<ReleaseCapital>(as(caller(kMev)), id(), pick({kAlice, addr(0x07)})); break;
      case 5: call<RefundCapital>(as(caller(kMev)), id()); break;
      case 6: call<DistributeRewards>(as(caller(kNft), U256(amount())), id(), pick({kProvider, kAlice})); break;
      case 7: call<SlashStake>(as(caller(kRegistry), U256(amount())), id(), pick({kProvider, kProvider, kAlice})); break;
      case 8: call<WithdrawRewards>(as(pick({kProvider, kAlice, kVerifier}))); break;
      case 9: call<SetVerifier>(as(pick({kAdmin, kAlice})), pick({kVerifier, kAlice}), bool(rng() % 4)); break;
      case 10: {  // the queue's side, which get_job answers with
        put_job(world, id(), pick({JobStatus::Completed, JobStatus::Completed, JobStatus::InProgress}), rng() % 3 == 0);
        break;
      }
      default: {
        switch (rng() % 5) {
          case 0: call<GetEscrow>(as(who), id()); break;
          case 1: call<GetEscrowBalance>(as(who), id()); break;
          case 2: call<GetClaimable>(as(who), pick({kProvider, kAlice})); break;
          case 3: call<IsVerifier>(as(who, rng() % 8 ? 0 : 1), kVerifier); break;
          default: call<GetCapital>(as(who), id()); break;
        }
      }
    }
  }
};

TEST(SpecEscrowEncoding, AgreesWithTheModelOnRandomCalls) {
  Campaign c;
  for (int i = 0; i < 400 && c.failure.empty(); ++i) {
    if (i % 40 == 0) {  // short runs keep every guard within reach
      c.world = escrow_system();
      c.world = ConcreteExec<EscrowSys>::run<SetVerifier>(c.world, as(kAdmin), kVerifier, true).post;
    }
    c.step();
  }
  // The paths every campaign must reach (among them each conditional effect both ways).
  c.expect_agreed_and_reached({"deposit_escrow: ok", "deposit_escrow: NotAuthorized", "deposit_escrow: AmountMismatch",
                               "deposit_escrow: EscrowExists", "assign_payee: ok", "assign_payee: PriceAboveAmount",
                               "release_payment: ok", "release_payment: NotPayable", "release_payment: WrongPayee",
                               "refund_payment: ok", "release_capital: ok", "refund_capital: ok", "distribute_rewards: ok",
                               "distribute_rewards: Overflow", "slash_stake: ok", "withdraw_rewards: ok",
                               "withdraw_rewards: NothingToWithdraw", "set_verifier: ok", "set_verifier: NotAdmin"});
}

// Issue 15: every spec mutant of payment_escrow changes both interpreters alike (a shorter
// campaign, run once unmutated and once under each mutant).
TEST(SpecEscrowEncoding, AgreesUnderEveryMutantOfTheContract) {
  expect_agreement_under_mutants("payment_escrow", [] {
    Campaign c;
    for (int i = 0; i < 80 && c.failure.empty(); ++i) {
      if (i % 40 == 0) {
        c.world = escrow_system();
        c.world = ConcreteExec<EscrowSys>::run<SetVerifier>(c.world, as(kAdmin), kVerifier, true).post;
      }
      c.step();
    }
    return CampaignOutcome{c.failure, c.branches};
  });
}

}  // namespace
}  // namespace meshcheck::model::spec
