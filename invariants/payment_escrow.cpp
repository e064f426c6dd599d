// payment_escrow's invariants, and its part of G-SOLVENT: each one's statement,
// its concrete check and its Z3 predicate, side by side.
//
// Ghost: open_sum, the sum of open escrow amounts (open: neither released nor
// refunded), defined once for both worlds in smt/payment_escrow.hpp. The Monitor
// updates its copy from each step's changed escrows (view_of below); the encoding keeps
// it as the field ghost.open_sum, updated by every escrow write (write_escrow).
#include "model/payment_escrow.hpp"

#include "invariants/invariant.hpp"
#include "smt/payment_escrow.hpp"

namespace meshcheck::invariants {

namespace {
namespace pe = model::deployed::payment_escrow;
using namespace smt::payment_escrow;  // the encoding's field names

// The Monitor's copy of the ghost open_sum (smt/payment_escrow.hpp defines it once, for
// both worlds).
struct Ghost {
  BigInt open_sum = 0;
};

bool is_open(const pe::Escrow& e) { return !e.released && !e.refunded; }

std::any init_ghost(const model::ContractState& state) {
  return Ghost{open_sum(static_cast<const pe::State&>(state))};
}

// One step as payment_escrow's checks see it.
struct EscrowStep {
  const RunStep& step;
  const model::Instance& after;
  bool called;                                    // the step is a call to this instance
  const std::vector<model::Transfer>& transfers;  // what the call paid out
  struct Changed {
    u128 job_id;
    const pe::Escrow *old, *cur;  // null: no such escrow (they point into the
                                  // states before and after)
  };
  boost::container::small_vector<Changed, 2> changed;  // the escrows the step changed
  BigInt open_change = 0;                              // the change of the open sum
  BigInt open_sum = 0;                                 // the open sum after the step
  bool deployed_now;                                   // no state before: nothing to compare

  std::string at() const { return " (payment_escrow at " + after.address.hex() + ")"; }
  std::string which(const u128& job_id) const { return "escrow " + job_id.str() + at(); }
  std::string caller() const { return called ? step.call->caller.hex() : std::string("no call"); }
};

const std::vector<model::Transfer> kNoTransfers;

EscrowStep view_of(const RunStep& step, const model::Instance* before, const model::Instance& after,
                   std::any& ghost_any) {
  Ghost& ghost = std::any_cast<Ghost&>(ghost_any);
  bool called = step.kind == StepKind::Call && step.call->contract == after.address;
  EscrowStep v{step, after, called, called ? step.result->transfers : kNoTransfers, {}, 0, 0, before == nullptr};
  if (before) {
    const auto& was = static_cast<const pe::State&>(*before->state);
    const auto& now = static_cast<const pe::State&>(*after.state);
    PMap<u128, pe::Escrow>::diff(was.escrows, now.escrows,
                                 [&](const u128& job_id, const pe::Escrow* old, const pe::Escrow* cur) {
                                   v.open_change += open_sum_change(old, cur);
                                   v.changed.push_back({job_id, old, cur});
                                 });
    ghost.open_sum += v.open_change;
  }
  v.open_sum = ghost.open_sum;
  return v;
}

// A quantified escrow id for the predicates.
z3::expr any_escrow(z3::context& c, const char* name = "escrow_id") { return c.constant(name, c.bv_sort(128)); }

z3::expr closed_holds_zero(const smt::SymState& s) {
  z3::context& c = s.ctx();
  z3::expr k = any_escrow(c);
  return z3::forall(k, z3::implies(at(s, kExists, k) && (at(s, kReleased, k) || at(s, kRefunded, k)),
                                   at(s, kAmount, k) == zero_amount(s)));
}

// --- E-CONSERVE
// ---------------------------------------------------------------------
const Invariant kConserve{"E-CONSERVE",
                          Kind::Transition,
                          "Every call changes the contract's balance by exactly the change in the "
                          "sum of open escrow amounts; a released "
                          "or refunded escrow holds 0.",
                          "The escrow's balance must match what it owes; otherwise deposits can be "
                          "trapped in the contract or paid out of "
                          "other users' escrows.",
                          "payment_escrow",
                          {"deployed"}};

void check_conserve(const EscrowStep& v, Findings& findings) {
  for (const EscrowStep::Changed& change : v.changed)
    if (change.cur && (change.cur->released || change.cur->refunded) && change.cur->amount != 0)
      findings.violation("E-CONSERVE", [&] {
        return v.which(change.job_id) + " is closed but still holds " + change.cur->amount.str();
      });
  if (v.called && !v.deployed_now) {
    BigInt balance_change =
        BigInt(balance_in(v.step.after, v.after.address)) - BigInt(balance_in(v.step.before, v.after.address));
    if (balance_change != v.open_change)
      findings.violation("E-CONSERVE", [&] {
        return "the contract's balance changed by " + balance_change.str() + " but the open escrow amounts by " +
               v.open_change.str() + " in " + v.step.call->message->label + v.at();
      });
  }
}

z3::expr conserve_holds(const smt::SymStep& s) {
  const smt::SymState& post = s.branch.post;
  return post.balance - s.pre.balance == post[kOpenSum] - s.pre[kOpenSum] && closed_holds_zero(post);
}

// --- E-ONCE
// -------------------------------------------------------------------------
const Invariant kOnce{"E-ONCE",
                      Kind::Transition,
                      "An escrow pays out at most once: never both released "
                      "and refunded, and no payout from an escrow already "
                      "released or refunded.",
                      "An escrow paid out twice (released and refunded, or "
                      "released again) takes the second payment from other "
                      "users' deposits.",
                      "payment_escrow",
                      {"deployed"}};

void check_once(const EscrowStep& v, Findings& findings) {
  for (const EscrowStep::Changed& change : v.changed) {
    if (change.cur && change.cur->released && change.cur->refunded)
      findings.violation("E-ONCE", [&] { return v.which(change.job_id) + " is both released and refunded"; });
    if (change.old && change.cur && !is_open(*change.old) && !is_open(*change.cur) &&
        (change.old->released != change.cur->released || change.old->refunded != change.cur->refunded))
      findings.violation("E-ONCE", [&] {
        return v.which(change.job_id) + " paid out again after it was " +
               (change.old->released ? "released" : "refunded");
      });
  }
}

z3::expr once_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::expr k = any_escrow(pre.ctx());
  z3::expr was_closed = at(pre, kExists, k) && (at(pre, kReleased, k) || at(pre, kRefunded, k));
  z3::expr flags_changed =
      at(pre, kReleased, k) != at(post, kReleased, k) || at(pre, kRefunded, k) != at(post, kRefunded, k);
  z3::expr closed_now = at(post, kExists, k) && (at(post, kReleased, k) || at(post, kRefunded, k));
  return z3::forall(k, !(at(post, kExists, k) && at(post, kReleased, k) && at(post, kRefunded, k)) &&
                           !(was_closed && closed_now && flags_changed));
}

// --- E-AUTH
// -------------------------------------------------------------------------
const Invariant kAuth{"E-AUTH",
                      Kind::Transition,
                      "Only the escrow's owner moves its funds, and value leaves only to the "
                      "recorded provider (release) or the owner "
                      "(refund).",
                      "Escrowed funds must only move at the owner's request and only to the "
                      "agreed provider or back to the owner; "
                      "anything else is theft.",
                      "payment_escrow",
                      {"deployed"}};

void check_auth(const EscrowStep& v, Findings& findings) {
  // Only the owner moves an open escrow's funds.
  for (const EscrowStep::Changed& change : v.changed)
    if (change.old && is_open(*change.old) && change.old->amount > 0 &&
        (!change.cur || change.cur->amount < change.old->amount) &&
        (!v.called || v.step.call->caller != change.old->owner))
      findings.violation("E-AUTH", [&] {
        return v.which(change.job_id) + " lost funds in a call by " + v.caller() + ", not its owner " +
               change.old->owner.hex();
      });
  // Value leaves only to the provider of an escrow released now, or the owner
  // of one refunded now (open before, closed after), its whole amount.
  for (auto& t : v.transfers) {
    bool matched = false;
    for (const EscrowStep::Changed& change : v.changed) {
      if (!change.old || !change.cur || !is_open(*change.old) || is_open(*change.cur)) continue;
      if (change.cur->released && change.old->provider && t.to == *change.old->provider &&
          t.amount == change.old->amount)
        matched = true;
      if (change.cur->refunded && t.to == change.old->owner && t.amount == change.old->amount) matched = true;
    }
    if (!matched)
      findings.violation("E-AUTH", [&] {
        return t.amount.str() + " left" + v.at() + " to " + t.to.hex() +
               ", which is neither the provider of an escrow released nor the "
               "owner of one refunded in this call";
      });
  }
}

z3::expr auth_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::context& c = pre.ctx();
  z3::expr k = any_escrow(c);
  z3::expr was_open = at(pre, kExists, k) && !at(pre, kReleased, k) && !at(pre, kRefunded, k) &&
                      at(pre, kAmount, k) != zero_amount(pre);
  z3::expr lost = !at(post, kExists, k) || z3::ult(at(post, kAmount, k), at(pre, kAmount, k));
  z3::expr only_owner = z3::forall(k, z3::implies(was_open && lost, s.env.caller == at(pre, kOwner, k)));
  // Each transfer pays an escrow that this call closed, to its provider
  // (released now) or owner (refunded now), its whole amount.
  z3::expr to_payee = c.bool_val(true);
  for (auto& t : s.branch.transfers) {
    z3::expr j = any_escrow(c, "paid_escrow");
    z3::expr open_before = at(pre, kExists, j) && !at(pre, kReleased, j) && !at(pre, kRefunded, j);
    z3::expr released_now = at(post, kExists, j) && at(post, kReleased, j);
    z3::expr refunded_now = at(post, kExists, j) && at(post, kRefunded, j);
    z3::expr same_amount = t.amount == smt::to_int(at(pre, kAmount, j));
    z3::expr matched = open_before && same_amount &&
                       ((released_now && at(pre, kHasProvider, j) && t.to == at(pre, kProvider, j)) ||
                        (refunded_now && t.to == at(pre, kOwner, j)));
    to_payee = to_payee && z3::exists(j, matched);
  }
  return only_owner && to_payee;
}

// --- G-SOLVENT, payment_escrow's part (the statement is in global.cpp)
// ---------------- The balance covers the open escrow amounts.
void check_solvent(const EscrowStep& v, Findings& findings) {
  if (BigInt(balance_in(v.step.after, v.after.address)) < v.open_sum)
    findings.violation("G-SOLVENT", [&] {
      return "the balance " + balance_in(v.step.after, v.after.address).str() + " is below the open escrow amounts " +
             v.open_sum.str() + v.at();
    });
}

z3::expr solvent_holds(const smt::SymState& s) { return s.balance >= s[kOpenSum]; }

// --- lemmas the proofs may lean on once proved
// ------------------------------------------ With has-provider and
// open-holds-value, release's "no provider" and the payouts' "amount is zero"
// guards are proved unreachable (meshcheck fuzz --classify-misses).
z3::expr every_escrow_has_provider(const smt::SymState& s) {
  z3::expr k = any_escrow(s.ctx());
  return z3::forall(k, z3::implies(at(s, kExists, k), at(s, kHasProvider, k)));
}
z3::expr open_escrow_holds_value(const smt::SymState& s) {
  z3::context& c = s.ctx();
  z3::expr k = any_escrow(c);
  return z3::forall(k, z3::implies(at(s, kExists, k) && !at(s, kReleased, k) && !at(s, kRefunded, k),
                                   at(s, kAmount, k) != zero_amount(s)));
}
z3::expr never_both(const smt::SymState& s) {
  z3::expr k = any_escrow(s.ctx());
  return z3::forall(k, !(at(s, kExists, k) && at(s, kReleased, k) && at(s, kRefunded, k)));
}
}  // namespace

const ContractInvariants& payment_escrow_invariants() {
  static const Checks<EscrowStep> checks{
      init_ghost,
      view_of,
      {
          {"E-CONSERVE", check_conserve, nullptr, conserve_holds},
          {"E-ONCE", check_once, nullptr, once_holds},
          {"E-AUTH", check_auth, nullptr, auth_holds},
          {"G-SOLVENT", check_solvent, solvent_holds, nullptr},
      },
      {
          {"payment_escrow/closed-holds-zero", "a released or refunded escrow holds 0", closed_holds_zero},
          {"payment_escrow/has-provider", "every stored escrow has a provider", every_escrow_has_provider},
          {"payment_escrow/open-holds-value", "an open escrow holds a nonzero amount", open_escrow_holds_value},
          {"payment_escrow/never-both", "no escrow is both released and refunded", never_both},
      },
  };
  static const ContractInvariants ci = contract_invariants("payment_escrow", {kConserve, kOnce, kAuth}, checks);
  return ci;
}

}  // namespace meshcheck::invariants
