// Branch coverage of the `spec` profile by the fuzzer: `meshcheck fuzz --profile spec` at
// the default budget (1000 sequences of at most 50 calls per search) with seed 1 must reach
// every branch of every spec message (its errors and ok paths, MessageSpec::branches)
// except those listed below, each with its reason:
//
// - kUnreachable: no run can take it (the guard protects an invariant that the other
//   guards already keep, a counter that would need 2^64 or 2^128 calls, a clock near
//   u64::MAX, a callee only ever called in a state where it succeeds);
// - kNotReached: a run could take it, the default campaign with seed 1 does not (what it
//   would need is said).
//
// The test fails both ways: a branch missed and listed nowhere (coverage lost), and a
// listed branch the campaign reaches (the list is stale: move it out).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>

#include "fuzz/campaign.hpp"
#include "support/temp_dir.hpp"

namespace {

using namespace meshcheck;

using Reasons = std::map<std::string, std::string>;  // "contract.message: Branch" → why

const std::string kIds = "an id counter would need 2^128 (u64: 2^64) successful calls to reach its maximum";
const std::string kCount = "a count of the caller's own items, or of pending intents, cannot overflow before ids run out";
const std::string kSolvent = "the escrow (registry) always holds what it owes (G-SOLVENT, E-CONSERVE): a payout never lacks funds";
const std::string kOnlyCalledLocked =
    "only the queue (mev) calls it, and only for its own job's (intent's) escrow while Locked, with the payee unset and "
    "the price within the amount (X-ESCROW, X-MEV)";
const std::string kReadsNeverFail = "its nested calls are reads, or writes made only where they succeed (X-ESCROW)";

const Reasons& unreachable() {
  static const Reasons r{
      {"ai_job_queue.submit_job: IdsExhausted", kIds},
      {"ai_job_queue.assign_provider: CalleeFailed", kReadsNeverFail + "; assign_payee of a Registered job's escrow"},
      {"ai_job_queue.assign_provider: NotAProvider", "a bid exists only from a registered provider, and providers are never removed"},
      {"ai_job_queue.complete_attested: NoSuchJob", "phala calls it only for the queue job its confidential job links (X-LINK)"},
      {"ai_job_queue.complete_attested: NotPrivate", "phala calls it only for a private job (X-LINK)"},
      {"ai_job_queue.complete_attested: NotLinked", "phala calls it with the confidential id the job records (X-LINK)"},
      {"ai_job_queue.complete_attested: InvalidResultHash", "record_attestation refuses a zero hash before calling it"},
      {"ai_job_queue.cancel_job: CalleeFailed", kReadsNeverFail + ": refund_payment of a Registered or Assigned job"},
      {"ai_job_queue.expire_job: CalleeFailed", kReadsNeverFail + ": refund_payment of an open job"},
      {"ai_job_queue.dispute_job: CalleeFailed", "get_escrow is a read"},
      {"ai_job_queue.resolve_dispute: CalleeFailed", kReadsNeverFail + ": a Disputed job's escrow is Locked, its payee the provider"},
      {"payment_escrow.deposit_escrow: AmountMismatch", "the queue and mev send exactly the amount they deposit"},
      {"payment_escrow.deposit_escrow: EscrowExists", "job and intent ids are never reused (R4)"},
      {"payment_escrow.assign_payee: NoSuchEscrow", kOnlyCalledLocked},
      {"payment_escrow.assign_payee: NotLocked", kOnlyCalledLocked},
      {"payment_escrow.assign_payee: PayeeAlreadySet", kOnlyCalledLocked},
      {"payment_escrow.assign_payee: PriceAboveAmount", "assign_provider refuses a bid above the budget first (BidAboveBudget)"},
      {"payment_escrow.release_payment: Overflow", "amount − price: the price never exceeds the amount"},
      {"payment_escrow.release_payment: TransferFailed", kSolvent},
      {"payment_escrow.release_payment: CalleeFailed", "get_job is a read"},
      {"payment_escrow.refund_payment: NoSuchEscrow", kOnlyCalledLocked},
      {"payment_escrow.refund_payment: NotLocked", kOnlyCalledLocked},
      {"payment_escrow.refund_payment: TransferFailed", kSolvent},
      {"payment_escrow.release_capital: NoSuchEscrow", kOnlyCalledLocked},
      {"payment_escrow.release_capital: NotLocked", kOnlyCalledLocked},
      {"payment_escrow.release_capital: TransferFailed", kSolvent},
      {"payment_escrow.refund_capital: NoSuchEscrow", kOnlyCalledLocked},
      {"payment_escrow.refund_capital: NotLocked", kOnlyCalledLocked},
      {"payment_escrow.refund_capital: TransferFailed", kSolvent},
      {"payment_escrow.slash_stake: NoSuchEscrow", "the registry slashes only for an Expired or Failed job with its provider assigned (X-ESCROW: its escrow exists, Refunded, payee the provider)"},
      {"payment_escrow.slash_stake: NotRefunded", "as NoSuchEscrow: the slashed job's escrow is Refunded"},
      {"payment_escrow.slash_stake: WrongPayee", "as NoSuchEscrow: the slashed job's payee is its provider"},
      {"payment_escrow.withdraw_rewards: TransferFailed", kSolvent},
      {"compute_provider_registry.register_provider: CountExhausted", kIds},
      {"compute_provider_registry.withdraw_stake: TransferFailed", kSolvent},
      {"compute_provider_registry.slash_stake: Overflow", "stake − min(penalty, stake) never underflows"},
      {"compute_provider_registry.slash_stake: CalleeFailed", "escrow's slash_stake refuses only by the unreachable branches above, or by Overflow of a claimable balance (kNotReached)"},
      {"data_nft_registry.mint_data_nft: IdsExhausted", kIds},
      {"data_nft_registry.mint_data_nft: Overflow", kCount},
      {"data_nft_registry.transfer: Overflow", kCount},
      {"data_nft_registry.burn: Overflow", kCount},
      {"data_nft_registry.purchase_subscription: IdsExhausted", kIds},
      {"data_nft_registry.access_data: Overflow", "access_count is a u64 count of calls, and now + TOKEN_TTL_MS needs a clock within 10 min of u64::MAX ms"},
      {"phala_job_processor.submit_confidential_job: IdsExhausted", kIds},
      {"phala_job_processor.route_confidential_job: IdsExhausted", kIds},
      {"mev_protection.submit_intent: IdsExhausted", kIds},
      {"mev_protection.submit_intent: Overflow", kCount},
      {"mev_protection.submit_intent: CalleeFailed", "deposit_escrow of a new intent id never refuses (ids never reused)"},
      {"mev_protection.cancel_intent: Overflow", kCount},
      {"mev_protection.cancel_intent: CalleeFailed", "refund_capital of a Pending intent's Locked capital never refuses (X-MEV)"},
      {"mev_protection.create_batch: IdsExhausted", kIds},
      {"mev_protection.execute_batch: Overflow", "next_batch ≤ batch_counter < u128::MAX: create_batch never issues u128::MAX (design §5 decision 16)"},
      {"mev_protection.execute_batch: CalleeFailed", "release or refund of Batched intents' Locked capital never refuses (X-MEV)"},
  };
  return r;
}

const Reasons& not_reached() {
  static const Reasons r{
      {"payment_escrow.slash_stake: Overflow", "a slash credited to an owner whose claimable balance is within the stake of u128::MAX"},
      {"ai_job_queue.mark_completed: DeadlinePassed", "the provider completing a public job after its deadline, before expiry"},
      {"ai_job_queue.complete_attested: DeadlinePassed",
       "a valid attestation of a private job in progress relayed after the queue job's deadline, before expiry"},
  };
  return r;
}

}  // namespace

TEST(SpecCoverage, DefaultCampaignReachesEveryReachableBranch) {
  fuzz::FuzzOptions o;  // the default budget: 1000 sequences of at most 50 calls, seed 1
  o.profile = "spec";
  o.out_dir = meshcheck::testing::fresh_temp_dir("spec-coverage").string();
  o.progress = false;
  ASSERT_EQ(fuzz::check_options(o), "");
  const fuzz::CampaignResult result = fuzz::run_campaign(o);
  std::set<std::string> missed;
  for (auto* c : model::spec_profile().contracts) {
    for (auto& m : c->messages) {
      if (!m.mutates) continue;
      std::uint64_t bits = result.coverage.bits(c->name, m.label);
      for (std::size_t i = 0; i < m.branches.size(); ++i)
        if (!(bits >> i & 1)) missed.insert(c->name + "." + m.label + ": " + m.branches[i]);
    }
  }
  std::ostringstream report;
  for (auto& b : missed) {
    if (unreachable().count(b) || not_reached().count(b)) continue;
    ADD_FAILURE() << "never reached, and listed nowhere: " << b;
  }
  for (auto* list : {&unreachable(), &not_reached()})
    for (auto& [branch, why] : *list)
      EXPECT_TRUE(missed.count(branch)) << "listed as missed, but the campaign reaches it: " << branch;
  // Every listed branch is one the profile declares.
  std::set<std::string> declared;
  for (auto* c : model::spec_profile().contracts)
    for (auto& m : c->messages)
      for (auto& b : m.branches) declared.insert(c->name + "." + m.label + ": " + b);
  for (auto* list : {&unreachable(), &not_reached()})
    for (auto& [branch, why] : *list) EXPECT_TRUE(declared.count(branch)) << "no such branch: " << branch;
}
