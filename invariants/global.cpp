// The global invariants. G-VALUE and G-ATOMIC are judged on the world, here, with their
// Z3 forms (which every contract's steps are held to) below their concrete checks.
// G-SOLVENT and G-COUNTER are judged per contract, by a rule in each contract's module,
// which knows what it owes and which counters it keeps; G-FUNDS-EXIT is a property of
// the messages (the prover's funds-exit engine judges it).
#include "invariants/invariant.hpp"

namespace meshcheck::invariants {

namespace {
// --- G-VALUE ------------------------------------------------------------------------
const Invariant kValue{
    "G-VALUE", Kind::Transition,
    "No call creates or destroys value: the total over all accounts and contracts (external accounts' net flow "
    "included) is the same before and after every call.",
    "If a call can create or destroy value, balances stop adding up: someone can be paid money that was never "
    "deposited, or deposits can silently vanish.",
    "", {"deployed"}};

void check_value(const RunStep& step, const LedgerChange& ledger, Findings& findings) {
  // Most calls move no value: no balance changed and the same external flows.
  bool value_moved = !ledger.accounts.empty() || step.before.external_in() != step.after.external_in() ||
                     step.before.external_out() != step.after.external_out();
  if (!value_moved) return;
  const BigInt& held_change = ledger.held_change;
  BigInt external_change = (step.after.external_in() - step.before.external_in()) -
                           (step.after.external_out() - step.before.external_out());
  if (held_change != external_change)
    findings.violation("G-VALUE", [&] {
      return "value held by tracked accounts and contracts changed by " + held_change.str() +
             " but the external net inflow was " + external_change.str();
    });
}

// One contract's step: what it holds after, plus what it paid out to others, is what
// it held before plus what the call brought in.
z3::expr value_holds(const smt::SymStep& s) {
  z3::expr out = s.branch.post.balance;
  for (auto& t : s.branch.transfers) out = out + z3::ite(t.to == s.env.self, smt::int_val(s.pre.ctx(), 0), t.amount);
  z3::expr in = s.branch.reverts ? s.pre.balance : s.pre.balance + smt::to_int(s.env.value);
  return out == in;
}

// --- G-ATOMIC -----------------------------------------------------------------------
const Invariant kAtomic{
    "G-ATOMIC", Kind::Transition, "A reverted call leaves the whole world unchanged: state, balances, and no events.",
    "Callers and indexers assume a failed call had no effect; if a revert leaves state or events behind, off-chain "
    "systems and later calls act on things that never happened.",
    "", {"deployed"}};

void check_atomic(const RunStep& step, Findings& findings) {
  if (step.kind != StepKind::Call || !step.result->outcome.reverted) return;
  if (!(step.before == step.after))
    findings.violation("G-ATOMIC", [&] { return std::string("a reverted call changed the world"); });
  if (!step.result->events.empty())
    findings.violation("G-ATOMIC", [&] {
      return "a reverted call emitted " + std::to_string(step.result->events.size()) + " events";
    });
}

z3::expr atomic_holds(const smt::SymStep& s) {
  z3::context& c = s.pre.ctx();
  if (!s.branch.reverts) return c.bool_val(true);
  if (!s.branch.events.empty() || !s.branch.transfers.empty()) return c.bool_val(false);
  return smt::equals(s.branch.post, s.pre);
}

// --- G-SOLVENT: a rule in payment_escrow's and compute_provider_registry's modules ---
const Invariant kSolvent{
    "G-SOLVENT", Kind::State,
    "Each contract's balance covers what it owes: payment_escrow at least the sum of open escrow amounts, "
    "compute_provider_registry at least the sum of stakes.",
    "A contract that owes more than it holds cannot pay everyone out: the last escrow owner or provider to "
    "withdraw loses their funds.",
    "", {"deployed"}};

// --- G-COUNTER: a rule in the modules of each contract with an id counter -------------
const Invariant kCounter{
    "G-COUNTER", Kind::Transition,
    "Id counters (jobs, intents, batches, tokens) never decrease, and every stored id lies in 1..counter.",
    "Ids that go backwards or fall outside the counter can collide, so one user's job, token or batch can "
    "overwrite or be mistaken for another's.",
    "", {"deployed"}};

// --- G-FUNDS-EXIT: judged by the prover (smt/), from the messages ----------------------
const Invariant kFundsExit{
    "G-FUNDS-EXIT", Kind::Messages,
    "Every contract that accepts value has a message that can pay value out (value is never locked for good).",
    "Value paid into a contract with no way out is locked for good: users lose it and nobody can recover it.", "",
    {"deployed"}};
}  // namespace

const std::vector<Invariant>& global_invariants() {
  static const std::vector<Invariant> all{kValue, kAtomic, kSolvent, kCounter, kFundsExit};
  return all;
}

LedgerChange ledger_change(const RunStep& step) {
  LedgerChange out;
  PMap<Address, U256>::diff(step.before.balances(), step.after.balances(),
                            [&](const Address& a, const U256* was, const U256* is) {
                              out.accounts.push_back(a);
                              out.held_change += BigInt(is ? *is : U256(0)) - BigInt(was ? *was : U256(0));
                            });
  return out;
}

void check_global(const RunStep& step, const LedgerChange& ledger, Findings& findings) {
  // A balances line sets endowments by fiat: it is not a call, and creates value on purpose.
  if (step.kind == StepKind::Balances) return;
  if (findings.wants("G-VALUE")) check_value(step, ledger, findings);
  if (findings.wants("G-ATOMIC")) check_atomic(step, findings);
}

std::vector<smt::SymInvariant> world_predicates() {
  return {{"G-VALUE", "", nullptr, value_holds}, {"G-ATOMIC", "", nullptr, atomic_holds}};
}

}  // namespace meshcheck::invariants
