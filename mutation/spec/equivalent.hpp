// The spec profile's accepted equivalent mutants: reviewed and found unable to change
// any behaviour the suite can observe, each with its reason (as mutation/equivalent.hpp
// for the deployed profile). A survivor listed here is explained; any other is a finding.
#pragma once

#include <string_view>

#include "mutation/equivalent.hpp"

namespace meshcheck::mutation::spec {

// Each reason names what makes the mutant unable to change an outcome: a counter that
// rises by one per successful call (so its checked arithmetic cannot overflow in any run
// shorter than 2^64 or 2^128 calls), a guard or check that an earlier one in the same
// message already implies, or a spec invariant of the caller's state that the fuzzer and
// the flows check on every step (X-ESCROW, X-LINK, X-MEV, N-BALANCE, R-COUNT): a guard
// behind which only the contracts that keep that invariant can call. The composed spec
// prover (smt/spec/) proves none of those invariants end to end yet, so none of these is a
// Z3 query (z3_assumes empty): they are reviewed arguments, each to be turned into a query
// once the invariant it rests on is PROVED.
// (Reviewed for issue 15 against model/spec/ at the lines the mutants name.)
inline constexpr Equivalent kSpecEquivalent[] = {
    {"spec:payment_escrow:release_payment:sub#1:wrapping",
     "assign_payee refuses a price above the amount (PriceAboveAmount) and nothing else writes either, so "
     "amount - price never underflows on a reachable state: checked and wrapping subtraction agree there "
     "(docs/spec-profile-design.md §5 decision 4)"},

    // Counters: +1 per successful call of one message.
    {"spec:ai_job_queue:submit_job:add#1:wrapping",
     "job_counter + 1: the counter rises by one per submitted job, so it overflows only after 2^128 - 1 "
     "submissions, which no run reaches"},
    {"spec:compute_provider_registry:register_provider:add#1:wrapping",
     "provider_count + 1 (u64): provider_count equals the number of registered providers (R-COUNT) and nothing "
     "unregisters one, so it overflows only after 2^64 - 1 registrations from distinct accounts"},
    {"spec:data_nft_registry:mint_data_nft:add#1:wrapping",
     "total_supply + 1: one per mint, so it overflows only after 2^128 - 1 mints"},
    {"spec:data_nft_registry:mint_data_nft:add#2:wrapping",
     "owner_nft_count[caller] + 1: a count of live tokens (N-BALANCE), at most total_supply, which is below "
     "u128::MAX in any run of fewer than 2^128 - 1 mints"},
    {"spec:data_nft_registry:transfer:add#1:wrapping",
     "owner_nft_count[to] + 1: the receiver's count of live tokens (N-BALANCE) is below total_supply while the "
     "sender holds the token, and total_supply stays below u128::MAX (one per mint)"},
    {"spec:data_nft_registry:purchase_subscription:IdsExhausted#1:drop-guard",
     "receipt_counter < u128::MAX: the counter rises by one per purchase, so the guard refuses only after "
     "2^128 - 1 purchases"},
    {"spec:data_nft_registry:access_data:add#1:wrapping",
     "access_count + 1 (u64): one per successful access_data, so it overflows only after 2^64 - 1 accesses"},
    {"spec:phala_job_processor:submit_confidential_job:IdsExhausted#1:drop-guard",
     "job_counter < u128::MAX: one per confidential job, so the guard refuses only after 2^128 - 1 submissions"},
    {"spec:phala_job_processor:route_confidential_job:IdsExhausted#1:drop-guard",
     "job_counter < u128::MAX (the same admit as submit_confidential_job's): one per confidential job"},
    {"spec:mev_protection:submit_intent:add#1:wrapping",
     "intent_counter + 1: one per intent, so it overflows only after 2^128 - 1 intents"},
    {"spec:mev_protection:submit_intent:add#2:wrapping",
     "pending_count + 1: pending_count is the number of Pending intents (X-MEV), at most intent_counter, which "
     "this very call has just raised without overflow"},
    {"spec:mev_protection:create_batch:add#3:wrapping",
     "batch_counter + 1 runs after the guard batch_counter < u128::MAX - 1 (IdsExhausted#1): it never overflows"},
    {"spec:mev_protection:create_batch:IdsExhausted#1:drop-guard",
     "batch_counter < u128::MAX - 1 (design §5 decision 16): one batch per successful create_batch, so the guard "
     "refuses only after 2^128 - 2 batches, which no run reaches (the composed prover tells the mutant apart: "
     "X-EXIT's lemma batch_counter < u128::MAX fails at create_batch, tests/spec_lemmas_test.cpp)"},
    {"spec:mev_protection:execute_batch:add#1:wrapping",
     "next_batch + 1: next_batch is the id of an existing batch here (NoSuchBatch, OutOfOrder), so at most "
     "batch_counter, which is below u128::MAX (create_batch never issues u128::MAX, design §5 decision 16)"},

    // Checks an earlier check of the same message implies.
    {"spec:compute_provider_registry:withdraw_stake:InsufficientStake#1:drop-guard",
     "the checked subtraction right after it, stake - amount, refuses with the same error (InsufficientStake) "
     "exactly when the guard would: the call ends the same"},
    {"spec:compute_provider_registry:withdraw_stake:sub#1:wrapping",
     "stake - amount runs only after the guard amount <= stake: it never underflows"},
    {"spec:compute_provider_registry:slash_stake:sub#1:wrapping",
     "stake - s with s = min(penalty, stake): it never underflows"},
    {"spec:data_nft_registry:purchase_subscription:mul#2:wrapping",
     "periods * PERIOD_MS in u64 with periods <= MAX_PERIODS (InvalidDuration): at most 720 * 3,600,000, far "
     "below u64::MAX"},
    {"spec:phala_job_processor:submit_confidential_job:JobSubmitted:corrupt-event-field",
     "the mutant zeroes the first scalar of the event's last field, queue_job, which submit_confidential_job "
     "always emits as None (all zero already); the queue's routed jobs emit it from route_confidential_job, "
     "another site"},

    // Invariants of the state the only authorised caller keeps.
    {"spec:data_nft_registry:transfer:sub#1:wrapping",
     "owner_nft_count[from] - 1 where from owns the token: by N-BALANCE the count is at least 1"},
    {"spec:data_nft_registry:burn:sub#1:wrapping",
     "owner_nft_count[owner] - 1 where owner owns the token: by N-BALANCE the count is at least 1"},
    {"spec:mev_protection:cancel_intent:sub#1:wrapping",
     "pending_count - 1 for an intent that is Pending (NotPending): by X-MEV pending_count counts it, so is at "
     "least 1"},
    {"spec:mev_protection:create_batch:sub#1:wrapping",
     "pending_count - n for n distinct Pending intents (DuplicateIntent, NotPending): by X-MEV pending_count is "
     "at least n"},
    {"spec:ai_job_queue:assign_provider:NotAProvider#1:drop-guard",
     "a bid (job, p) exists (NoSuchBid), and only a registered provider can bid (submit_bid's NotRegistered); "
     "nothing unregisters a provider, so get_provider_info(p) is always Some here"},
    {"spec:ai_job_queue:complete_attested:NoSuchJob#1:drop-guard",
     "only phala calls it (NotProcessor), from record_attestation for a confidential job with queue_job = Some(j), "
     "passing j; by X-LINK job j exists"},
    {"spec:ai_job_queue:complete_attested:NotPrivate#1:drop-guard",
     "only phala calls it, for the queue job j its confidential job links to; by X-LINK that job is private"},
    {"spec:ai_job_queue:complete_attested:NotLinked#1:drop-guard",
     "only phala calls it, passing (j, c) for its confidential job c with queue_job = Some(j); by X-LINK job j's "
     "confidential_id is Some(c)"},
    {"spec:ai_job_queue:complete_attested:InvalidResultHash#1:drop-guard",
     "only phala calls it, with the result_hash record_attestation has already refused when zero "
     "(its own InvalidResultHash)"},
    {"spec:payment_escrow:deposit_escrow:AmountMismatch#1:drop-guard",
     "only the queue and mev get past NotAuthorized, and both pass as the amount the very value they forward "
     "(submit_job's budget, submit_intent's amount_in: x.value() as a u128)"},
    {"spec:payment_escrow:deposit_escrow:EscrowExists#1:drop-guard",
     "the queue deposits for the job id it has just taken (job_counter + 1) and mev for its new intent id "
     "(intent_counter + 1); by X-ESCROW and X-MEV an escrow exists only for ids up to the counter"},
    {"spec:payment_escrow:assign_payee:NoSuchEscrow#1:drop-guard",
     "only the queue calls it, from assign_provider on a Registered job (WrongStatus); by X-ESCROW that job's "
     "escrow exists"},
    {"spec:payment_escrow:assign_payee:NotLocked#1:drop-guard",
     "only the queue calls it, for a Registered job; by X-ESCROW its escrow is Locked"},
    {"spec:payment_escrow:assign_payee:PayeeAlreadySet#1:drop-guard",
     "only the queue calls it, for a Registered job, which has never been assigned; by X-ESCROW its escrow's payee "
     "is set only once the job is assigned"},
    {"spec:payment_escrow:assign_payee:PriceAboveAmount#1:drop-guard",
     "only the queue calls it, with the bid price it has checked against the budget (BidAboveBudget); by X-ESCROW "
     "the escrow's amount is the budget"},
    {"spec:payment_escrow:refund_payment:NoSuchEscrow#1:drop-guard",
     "only the queue calls it, for an existing job (cancel_job, expire_job, resolve_dispute); by X-ESCROW its "
     "escrow exists"},
    {"spec:payment_escrow:refund_payment:NotLocked#1:drop-guard",
     "only the queue calls it, for a job Registered, Assigned, InProgress or Disputed (each message's WrongStatus); "
     "by X-ESCROW its escrow is Locked"},
    {"spec:payment_escrow:release_capital:NoSuchEscrow#1:drop-guard",
     "only mev calls it, from execute_batch for the intents of a Pending batch; by X-MEV they are Batched and "
     "their capital exists"},
    {"spec:payment_escrow:release_capital:NotLocked#1:drop-guard",
     "only mev calls it, for the Batched intents of a Pending batch; by X-MEV their capital is Locked"},
    {"spec:payment_escrow:refund_capital:NoSuchEscrow#1:drop-guard",
     "only mev calls it, for a Pending intent (cancel_intent) or a Batched one (a failed execute_batch); by X-MEV "
     "its capital exists"},
    {"spec:payment_escrow:refund_capital:NotLocked#1:drop-guard",
     "only mev calls it, for a Pending or Batched intent; by X-MEV its capital is Locked"},
    {"spec:payment_escrow:slash_stake:NoSuchEscrow#1:drop-guard",
     "only the registry calls it, for a job that exists and is Expired or Failed with the provider assigned "
     "(NotSlashable); by X-ESCROW its escrow exists"},
    {"spec:payment_escrow:slash_stake:NotRefunded#1:drop-guard",
     "only the registry calls it, for an Expired or Failed job; by X-ESCROW its escrow is Refunded"},
    {"spec:payment_escrow:slash_stake:WrongPayee#1:drop-guard",
     "only the registry calls it, for a job whose assigned provider is the one slashed; by X-ESCROW the escrow's "
     "payee is the assigned provider"},
};

// The reason `id` (of either profile) is accepted as equivalent, or "".
inline std::string_view accepted_equivalent(std::string_view id) {
  for (const Equivalent& e : kSpecEquivalent)
    if (e.id == id) return e.reason;
  return equivalent_reason(id);
}

}  // namespace meshcheck::mutation::spec
