// The global invariants. G-VALUE and G-ATOMIC are checked on the world here;
// G-SOLVENT and G-COUNTER by each contract's module, which knows what it owes and
// which counters it keeps; G-FUNDS-EXIT is a property of the messages (the prover).
#include "invariants/invariant.hpp"

namespace meshcheck::invariants {

const std::vector<Invariant>& global_invariants() {
  static const std::vector<Invariant> all{
      {"G-VALUE", Kind::Transition,
       "No call creates or destroys value: the total over all accounts and contracts (external accounts' net flow "
       "included) is the same before and after every call.",
       "", {"deployed"}},
      {"G-ATOMIC", Kind::Transition,
       "A reverted call leaves the whole world unchanged: state, balances, and no events.", "", {"deployed"}},
      {"G-SOLVENT", Kind::State,
       "Each contract's balance covers what it owes: payment_escrow at least the sum of open escrow amounts, "
       "compute_provider_registry at least the sum of stakes.",
       "", {"deployed"}},
      {"G-COUNTER", Kind::Transition,
       "Id counters (jobs, intents, batches, tokens) never decrease, and every stored id lies in 1..counter.", "",
       {"deployed"}},
      {"G-FUNDS-EXIT", Kind::Messages,
       "Every contract that accepts value has a message that can pay value out (value is never locked for good).", "",
       {"deployed"}},
  };
  return all;
}

LedgerChange ledger_change(const Step& step) {
  LedgerChange out;
  PMap<Address, U256>::diff(step.before.balances(), step.after.balances(),
                            [&](const Address& a, const U256* was, const U256* is) {
                              out.accounts.push_back(a);
                              out.held_change += BigInt(is ? *is : U256(0)) - BigInt(was ? *was : U256(0));
                            });
  return out;
}

void check_global(const Step& step, const LedgerChange& ledger, Report& report) {
  // A balances line sets endowments by fiat: it is not a call, and creates value on purpose.
  if (step.kind == StepKind::Balances) return;
  // Most calls move no value: no balance changed and the same external flows.
  bool value_moved = !ledger.accounts.empty() || step.before.external_in() != step.after.external_in() ||
                     step.before.external_out() != step.after.external_out();
  if (value_moved && report.wants("G-VALUE")) {
    const BigInt& held_change = ledger.held_change;
    BigInt external_change = (step.after.external_in() - step.before.external_in()) -
                             (step.after.external_out() - step.before.external_out());
    if (held_change != external_change)
      report.violation("G-VALUE", [&] {
        return std::string("value held by tracked accounts and contracts changed by " + held_change.str() +
                           " but the external net inflow was " + external_change.str());
      });
  }
  if (step.kind == StepKind::Call && step.result->outcome.reverted && report.wants("G-ATOMIC")) {
    if (!(step.before == step.after))
      report.violation("G-ATOMIC", [&] { return std::string("a reverted call changed the world"); });
    if (!step.result->events.empty())
      report.violation("G-ATOMIC", [&] {
        return std::string("a reverted call emitted " + std::to_string(step.result->events.size()) + " events");
      });
  }
}

}  // namespace meshcheck::invariants
