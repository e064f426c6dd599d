// The accepted equivalent mutants: mutants reviewed and found unable to change any
// behaviour the suite can observe, each with its reason. A survivor listed here is
// explained; any other survivor is a finding (meshcheck mutate exits 1).
#pragma once

#include <string_view>

namespace meshcheck::mutation {

struct Equivalent {
  std::string_view id;
  std::string_view reason;
  // The facts (assumption, lemma or invariant ids, space-separated) under which the Z3
  // equivalence query (mutation/equivalence.hpp) shows the mutated message ends as the
  // original in every state: tests/mutation_test.cpp runs it for every entry that names
  // some. Empty where that query is not decided yet (and in the spec profile's list,
  // mutation/spec/equivalent.hpp): the reason says so.
  std::string_view z3_assumes;
};

// Each reason names the fact that makes the mutant harmless: an assumption (A-COUNTERS)
// or a lemma the prover proves inductive on the unmutated contract (meshcheck prove),
// which the mutant, dropping only a refusal behind which nothing is written, does not
// change.
inline constexpr Equivalent kEquivalent[] = {
    {"ai_job_queue:submit.counter:wrapping",
     "saturating and wrapping addition differ only when job_counter is u128::MAX, which takes 2^128 - 1 "
     "submissions: no run reaches it, and the prover assumes it away (assumption A-COUNTERS; "
     "--no-assume A-COUNTERS would tell them apart)",
     "A-COUNTERS"},
    {"compute_provider_registry:register.count:wrapping",
     "saturating and wrapping addition differ only when provider_count is u64::MAX; provider_count equals the number "
     "of registered providers (invariant R-COUNT) and nothing unregisters one, so it takes 2^64 - 1 registrations "
     "from distinct accounts: no run reaches it, and the prover assumes it away (assumption A-COUNTERS, "
     "compute_provider_registry's part; --no-assume A-COUNTERS would tell them apart)",
     "A-COUNTERS"},
    {"data_nft_registry:mint.supply:wrapping",
     "saturating and wrapping addition differ only when total_supply is u128::MAX, which takes 2^128 - 1 mints: "
     "no run reaches it, and the prover assumes it away (assumption A-COUNTERS, data_nft_registry's part)",
     "A-COUNTERS"},
    {"data_nft_registry:mint.count:wrapping",
     "saturating and wrapping addition differ only when the minter's owner_nft_count is u128::MAX, which takes "
     "2^128 - 1 tokens: no run reaches it, and the prover assumes it away (assumption A-COUNTERS, which bounds each "
     "owner's count)",
     "A-COUNTERS"},
    {"data_nft_registry:transfer.receiver_count:wrapping",
     "saturating and wrapping addition differ only when the receiver's owner_nft_count is u128::MAX, which takes "
     "2^128 - 1 tokens: no run reaches it, and the prover assumes it away (assumption A-COUNTERS, which bounds each "
     "owner's count)",
     "A-COUNTERS"},
    {"data_nft_registry:transfer.sender_count:wrapping",
     "saturating and wrapping subtraction differ only when the sender's owner_nft_count is 0, but the sender owns the "
     "token it transfers (the guard before), and an owner of a live token counts at least 1: its number lies below "
     "its ghost count (lemmas data_nft_registry/numbered, free-slots-empty and live-ids), which equals "
     "owner_nft_count (N-BALANCE), all proved under A-COUNTERS (not shown by Z3: the equivalence query under those "
     "four facts, which decides burn's entry below at once, reaches its 20,000,000 units on transfer's ok paths; "
     "stated as a lemma of its own, the fact pushed N-BALANCE's mint step past the prover's default budget)",
     ""},
    {"data_nft_registry:burn.count:wrapping",
     "saturating and wrapping subtraction differ only when the burnt token's owner has owner_nft_count 0, but it owns "
     "that live token, and an owner of a live token counts at least 1: its number lies below its ghost count (lemmas "
     "data_nft_registry/numbered, free-slots-empty and live-ids), which equals owner_nft_count (N-BALANCE), all "
     "proved under A-COUNTERS",
     "N-BALANCE data_nft_registry/numbered data_nft_registry/free-slots-empty data_nft_registry/live-ids"},
    {"phala_job_processor:submit.counter:wrapping",
     "saturating and wrapping addition differ only when job_counter is u128::MAX, which takes 2^128 - 1 "
     "submissions: no run reaches it, and the prover assumes it away (assumption A-COUNTERS, phala_job_processor's "
     "part; --no-assume A-COUNTERS would tell them apart)",
     "A-COUNTERS"},
    {"mev_protection:submit.counter:wrapping",
     "saturating and wrapping addition differ only when intent_counter is u128::MAX, which takes 2^128 - 1 "
     "submissions: no run reaches it, and the prover assumes it away (assumption A-COUNTERS, mev_protection's part; "
     "--no-assume A-COUNTERS would tell them apart)",
     "A-COUNTERS"},
    {"payment_escrow:release.closed:drop-guard",
     "a released or refunded escrow holds 0 (lemma payment_escrow/closed-holds-zero), so release_to_provider still "
     "refuses it one guard later ('amount is zero'): the same false, no event, no write; only the branch marker "
     "differs",
     "payment_escrow/closed-holds-zero"},
    {"payment_escrow:release.no_provider:drop-guard",
     "every stored escrow has a provider (lemma payment_escrow/has-provider: deposit_for_job always stores one and "
     "set_provider only replaces it), so this guard never refuses",
     "payment_escrow/has-provider"},
    {"payment_escrow:release.zero:drop-guard",
     "an open escrow holds more than 0 (lemma payment_escrow/open-holds-value: deposit_for_job refuses 0) and a "
     "closed one is refused by the guard before, so this guard never refuses",
     "payment_escrow/open-holds-value"},
    {"payment_escrow:refund.closed:drop-guard",
     "a released or refunded escrow holds 0 (lemma payment_escrow/closed-holds-zero), so refund_to_owner still refuses "
     "it one guard later ('amount is zero'): the same false, no event, no write; only the branch marker differs",
     "payment_escrow/closed-holds-zero"},
    {"payment_escrow:refund.zero:drop-guard",
     "an open escrow holds more than 0 (lemma payment_escrow/open-holds-value: deposit_for_job refuses 0) and a "
     "closed one is refused by the guard before, so this guard never refuses",
     "payment_escrow/open-holds-value"},
};

inline std::string_view equivalent_reason(std::string_view id) {
  for (const Equivalent& e : kEquivalent)
    if (e.id == id) return e.reason;
  return {};
}

}  // namespace meshcheck::mutation
