// payment_escrow's invariants, and its part of G-SOLVENT.
//
// Ghost: the sum of open escrow amounts (open: neither released nor refunded), updated
// from each step's changed escrows.
#include "invariants/invariant.hpp"
#include "model/payment_escrow.hpp"

namespace meshcheck::invariants {

namespace {
namespace pe = model::deployed::payment_escrow;

struct Ghost {
  BigInt open_sum = 0;
};

bool is_open(const pe::Escrow& e) { return !e.released && !e.refunded; }
BigInt open_amount(const pe::Escrow* e) { return e && is_open(*e) ? BigInt(e->amount) : BigInt(0); }

std::any init_ghost(const model::ContractState& state) {
  Ghost g;
  static_cast<const pe::State&>(state).escrows.for_each([&](const u128&, const pe::Escrow& e) {
    g.open_sum += open_amount(&e);
  });
  return g;
}

void check(const Step& step, const model::Instance* before, const model::Instance& after, std::any& ghost_any,
           Report& report) {
  Ghost& ghost = std::any_cast<Ghost&>(ghost_any);
  const auto& now = static_cast<const pe::State&>(*after.state);
  // Texts are built only for a violation.
  auto at = [&] { return std::string(" (payment_escrow at " + after.address.hex() + ")"); };
  bool called = step.kind == StepKind::Call && step.call->contract == after.address;
  const std::vector<model::Transfer> no_transfers;
  const auto& transfers = called ? step.result->transfers : no_transfers;

  // Escrows whose payout this step made: released or refunded now, open before.
  std::vector<std::pair<u128, std::pair<pe::Escrow, pe::Escrow>>> paid_out;
  BigInt open_change = 0;
  if (before) {
    const auto& was = static_cast<const pe::State&>(*before->state);
    PMap<u128, pe::Escrow>::diff(was.escrows, now.escrows,
                                 [&](const u128& job_id, const pe::Escrow* old, const pe::Escrow* cur) {
      open_change += open_amount(cur) - open_amount(old);
      auto which = [&] { return "escrow " + job_id.str() + at(); };
      if (cur && cur->released && cur->refunded)
        report.violation("E-ONCE", [&] { return std::string(which() + " is both released and refunded"); });
      if (cur && (cur->released || cur->refunded) && cur->amount != 0)
        report.violation("E-CONSERVE",
                         [&] { return std::string(which() + " is closed but still holds " + cur->amount.str()); });
      if (old && cur && !is_open(*old) && !is_open(*cur) &&
          (old->released != cur->released || old->refunded != cur->refunded))
        report.violation("E-ONCE", [&] {
          return std::string(which() + " paid out again after it was " + (old->released ? "released" : "refunded"));
        });
      if (old && cur && is_open(*old) && !is_open(*cur)) paid_out.push_back({job_id, {*old, *cur}});
      // Only the owner moves an open escrow's funds.
      if (old && is_open(*old) && old->amount > 0 && (!cur || cur->amount < old->amount) &&
          (!called || step.call->caller != old->owner))
        report.violation("E-AUTH", [&] {
          return std::string(which() + " lost funds in a call by " +
                             (called ? step.call->caller.hex() : std::string("no call")) + ", not its owner " +
                             old->owner.hex());
        });
    });
    ghost.open_sum += open_change;

    if (called) {
      BigInt balance_change = BigInt(balance_in(step.after, after.address)) - BigInt(balance_in(step.before, after.address));
      if (balance_change != open_change)
        report.violation("E-CONSERVE", [&] {
          return std::string("the contract's balance changed by " + balance_change.str() +
                             " but the open escrow amounts by " + open_change.str() + " in " +
                             step.call->message->label + at());
        });
    }
  }

  // Value leaves only to the provider of an escrow released now, or the owner of one refunded now.
  for (auto& t : transfers) {
    bool matched = false;
    for (auto& [job_id, change] : paid_out) {
      auto& [old, cur] = change;
      if (cur.released && old.provider && t.to == *old.provider && t.amount == U256(old.amount)) matched = true;
      if (cur.refunded && t.to == old.owner && t.amount == U256(old.amount)) matched = true;
    }
    if (!matched)
      report.violation("E-AUTH", [&] {
        return std::string(t.amount.str() + " left" + at() + " to " + t.to.hex() +
                           ", which is neither the provider of an escrow released nor the owner of one "
                           "refunded in this call");
      });
  }

  if (BigInt(balance_in(step.after, after.address)) < ghost.open_sum)
    report.violation("G-SOLVENT", [&] {
      return std::string("the balance " + balance_in(step.after, after.address).str() +
                         " is below the open escrow amounts " + ghost.open_sum.str() + at());
    });
}
}  // namespace

const ContractInvariants& payment_escrow_invariants() {
  static const ContractInvariants ci{
      "payment_escrow",
      {
          {"E-CONSERVE", Kind::Transition,
           "Every call changes the contract's balance by exactly the change in the sum of open escrow amounts; a "
           "released or refunded escrow holds 0.",
           "payment_escrow", {"deployed"}},
          {"E-ONCE", Kind::Transition,
           "An escrow pays out at most once: never both released and refunded, and no payout from an escrow already "
           "released or refunded.",
           "payment_escrow", {"deployed"}},
          {"E-AUTH", Kind::Transition,
           "Only the escrow's owner moves its funds, and value leaves only to the recorded provider (release) or the "
           "owner (refund).",
           "payment_escrow", {"deployed"}},
      },
      init_ghost,
      check,
  };
  return ci;
}

}  // namespace meshcheck::invariants
