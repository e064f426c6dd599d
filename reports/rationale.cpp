#include "reports/rationale.hpp"

#include <map>

namespace meshcheck::reports {

namespace {
const std::map<std::string, std::string>& table() {
  static const std::map<std::string, std::string> t{
      {"G-VALUE", "If a call can create or destroy value, balances stop adding up: someone can be paid money that "
                  "was never deposited, or deposits can silently vanish."},
      {"G-ATOMIC", "Callers and indexers assume a failed call had no effect; if a revert leaves state or events "
                   "behind, off-chain systems and later calls act on things that never happened."},
      {"G-SOLVENT", "A contract that owes more than it holds cannot pay everyone out: the last escrow owner or "
                    "provider to withdraw loses their funds."},
      {"G-COUNTER", "Ids that go backwards or fall outside the counter can collide, so one user's job, token or "
                    "batch can overwrite or be mistaken for another's."},
      {"G-FUNDS-EXIT", "Value paid into a contract with no way out is locked for good: users lose it and nobody "
                       "can recover it."},
      {"Q-LIFECYCLE", "Schedulers, providers and payment flows trust a job's status; a finished or cancelled job "
                      "that still changes (or emits events) can be paid for twice or processed after cancellation."},
      {"Q-ASSIGNED", "A job marked assigned without a provider (or registered with one) breaks who may start and "
                     "complete it, so work can be stranded or claimed by the wrong party."},
      {"Q-AUTH", "Without these checks anyone could assign, cancel, start or complete someone else's job and "
                 "redirect the work or its payment."},
      {"Q-BUDGET", "Providers accept jobs by their budget; a budget that differs from what was paid, or is below "
                   "the minimum, means promised payment that does not exist."},
      {"Q-DEADLINE", "A job whose deadline has already passed when it is submitted can never be completed in time, "
                     "yet its budget is taken."},
      {"E-CONSERVE", "The escrow's balance must match what it owes; otherwise deposits can be trapped in the "
                     "contract or paid out of other users' escrows."},
      {"E-ONCE", "An escrow paid out twice (released and refunded, or released again) takes the second payment "
                 "from other users' deposits."},
      {"E-AUTH", "Escrowed funds must only move at the owner's request and only to the agreed provider or back to "
                 "the owner; anything else is theft."},
      {"R-STAKE", "Stake that is created or lost by a call means providers can withdraw more than they staked, or "
                  "lose collateral they put up."},
      {"R-MINSTAKE", "Clients rely on min_stake as collateral behind every active provider; an under-staked active "
                     "provider has less at risk than promised."},
      {"R-COUNT", "Off-chain dashboards and limits read provider_count; a wrong count misreports the network's "
                  "capacity."},
      {"R-AUTH", "Only the admin may set reputation and min_stake, and only a provider may change its own profile "
                 "and stake; otherwise anyone can hijack or slash a provider."},
      {"N-BALANCE", "Wallets and marketplaces show balance_of; if it disagrees with the tokens actually owned, "
                    "ownership and supply figures are wrong."},
      {"N-SOULBOUND", "A token minted non-transferable certifies its owner; if it can move, the certificate can be "
                      "sold or stolen."},
      {"N-BURN", "Grants and approvals that outlive a burnt token come back to life if its id is reused, giving "
                 "access to data nobody granted."},
      {"N-IDS", "Reused token ids let a new token inherit an old token's grants, approvals and history."},
      {"N-AUTH", "Only a token's owner may move, approve, update or grant it; otherwise anyone can take a data "
                 "NFT or sell access to data they do not own."},
      {"P-SINGLE", "A confidential job's attestation is the proof its result came from a trusted enclave; if it "
                   "can be replaced, anyone can swap in a forged result."},
      {"P-PROCESSED", "A job counted as processed without an attestation, or un-processed later, breaks the audit "
                      "trail that payments rely on."},
      {"P-EXISTS", "An attestation for a job that was never submitted is evidence of work nobody asked for, and "
                   "can be used to claim payment."},
      {"M-ORDER", "MEV protection depends on a canonical order of intents in a batch; with duplicates or a chosen "
                  "order, a batcher can reorder or double-count trades."},
      {"M-EXCLUSIVE", "An intent in two batches can be executed twice: the user's trade happens twice."},
      {"M-MEMBERS", "Batches that include unknown, already-used or too many or too few intents can execute trades "
                    "that were never submitted or that already ran."},
      {"M-ONCE", "A batch that can change after creation or execute twice lets a batcher alter or replay the "
                 "users' trades."},
      {"M-FIFO", "Executing batches out of creation order lets whoever executes them front-run earlier batches."},
      {"M-PERMUTE", "If the order of intent ids given to create_batch changes the outcome, the batcher chooses "
                    "the order and so extracts exactly the MEV the contract is meant to prevent."},
      {"M-LIFECYCLE", "An intent's status tells the user whether the trade happened; an executed intent that goes "
                      "back to batched can be executed again."},
      {"M-OUTPUT", "Recording a batch as successful when its output does not cover what its intents demanded hides "
                   "that users received less than their minimum."},
  };
  return t;
}
}  // namespace

bool has_rationale(const std::string& id) { return table().count(id) > 0; }

std::string why_it_matters(const invariants::Invariant& invariant) {
  if (auto it = table().find(invariant.id); it != table().end()) return it->second;
  switch (invariant.kind) {
    case invariants::Kind::State: return "Every state of the contract is supposed to satisfy this; code and users rely on it.";
    case invariants::Kind::Transition: return "Every call is supposed to respect this; code and users rely on it.";
    default: return "The contracts' guarantees depend on this property.";
  }
}

}  // namespace meshcheck::reports
