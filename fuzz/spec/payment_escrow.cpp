// payment_escrow's spec handler (spec §3.2, flows 1 and 3 of §4): the verifier releasing a
// completed public job's escrow, holders withdrawing their rewards and compensations, and
// the messages only the other contracts may call (NotAuthorized from anyone else; they
// succeed nested, through the queue, phala, the registries and mev).
#include <algorithm>

#include "fuzz/spec/common.hpp"

namespace meshcheck::fuzz::spec {

namespace {
using Escrow = ms::Escrow<Concrete>;
using Job = ms::Job<Concrete>;

u128 escrow_id(const GeneratorView& m, const std::vector<u128>& preferred) {
  const auto& s = escrow(m);
  return pick::id(pick::keys(s.jobs.entries), next_id(queue(m).job_counter), {}, preferred);
}

struct ReleasePayment : SpecCall {
  explicit ReleasePayment(const GeneratorView& m) : SpecCall(m, st::kEscrow, "release_payment") {
    caller_ = caller(st::kVerifier);
    value_ = pick::no_value();
    // Mostly a locked escrow whose job is Completed (a verifier pays public ones).
    const auto& q = queue(m);
    std::vector<u128> payable = pick::keys_where(escrow(m).jobs.entries, [&](const Escrow& e) {
      return e.status == ms::EscrowStatus::Locked && e.payee.some;
    });
    std::vector<u128> completed;
    for (auto& id : payable)
      if (const Job* j = q.jobs.entries.find(id); j && j->status == ms::JobStatus::Completed) completed.push_back(id);
    u128 id = escrow_id(m, completed.empty() ? payable : completed);
    std::optional<Address> payee;
    if (const Escrow* e = escrow(m).jobs.entries.find(id); e && e->payee.some) payee = e->payee.value;
    args_ = {Value(id), Value(account(payee))};
  }
};

struct WithdrawRewards : SpecCall {
  explicit WithdrawRewards(const GeneratorView& m) : SpecCall(m, st::kEscrow, "withdraw_rewards") {
    std::vector<Address> holders;
    escrow(m).claimable.entries.for_each([&](const Address& a, const u128& c) {
      if (c > 0 && !is_contract(a)) holders.push_back(a);  // a contract signs no call
    });
    std::sort(holders.begin(), holders.end());
    caller_ = pick::Choice<Address>().one_of(8, holders).one_of(2, deployment::spec_actors()).draw();
    value_ = pick::no_value();
  }
};

struct SetVerifier : SpecCall {
  explicit SetVerifier(const GeneratorView& m) : SpecCall(m, st::kEscrow, "set_verifier") {
    caller_ = caller(escrow(m).admin);
    value_ = pick::no_value();
    args_ = {Value(account(st::kVerifier)), Value(pick::Choice<bool>().item(3, true).item(1, false).draw())};
  }
};

// The messages for the other contracts, called by an actor: refused with NotAuthorized
// (the value of a payable one comes back).
struct DepositEscrow : SpecCall {
  explicit DepositEscrow(const GeneratorView& m) : SpecCall(m, st::kEscrow, "deposit_escrow") {
    caller_ = actor();
    value_ = pick::value(m, contract_, caller_, {U256(1000)});
    args_ = {Value(escrow_id(m, {})), Value(account()), Value(pick::amount({1000}))};
  }
};
struct AssignPayee : SpecCall {
  explicit AssignPayee(const GeneratorView& m) : SpecCall(m, st::kEscrow, "assign_payee") {
    caller_ = actor();
    value_ = pick::no_value();
    args_ = {Value(escrow_id(m, {})), Value(account()), Value(pick::amount({1000}))};
  }
};
struct RefundPayment : SpecCall {
  explicit RefundPayment(const GeneratorView& m) : SpecCall(m, st::kEscrow, "refund_payment") {
    caller_ = actor();
    value_ = pick::no_value();
    args_ = {Value(escrow_id(m, {})), variant(pick::one_of(std::vector<ms::RefundReason>{
                                          ms::RefundReason::Cancelled, ms::RefundReason::DeadlineMissed,
                                          ms::RefundReason::DisputeLost}))};
  }
};
struct ReleaseCapital : SpecCall {
  explicit ReleaseCapital(const GeneratorView& m) : SpecCall(m, st::kEscrow, "release_capital") {
    caller_ = actor();
    value_ = pick::no_value();
    args_ = {Value(pick::id(pick::keys(escrow(m).capital.entries), next_id(mev(m).intent_counter))), Value(account())};
  }
};
struct RefundCapital : SpecCall {
  explicit RefundCapital(const GeneratorView& m) : SpecCall(m, st::kEscrow, "refund_capital") {
    caller_ = actor();
    value_ = pick::no_value();
    args_ = {Value(pick::id(pick::keys(escrow(m).capital.entries), next_id(mev(m).intent_counter)))};
  }
};
struct DistributeRewards : SpecCall {
  explicit DistributeRewards(const GeneratorView& m) : SpecCall(m, st::kEscrow, "distribute_rewards") {
    caller_ = actor();
    value_ = pick::value(m, contract_, caller_);
    args_ = {Value(pick::id(pick::keys(nfts(m).nfts.entries), next_id(nfts(m).total_supply))), Value(account())};
  }
};
struct SlashStake : SpecCall {
  explicit SlashStake(const GeneratorView& m) : SpecCall(m, st::kEscrow, "slash_stake") {
    caller_ = actor();
    value_ = pick::value(m, contract_, caller_);
    args_ = {Value(escrow_id(m, {})), Value(account())};
  }
};
}  // namespace

rc::Gen<CommandPtr> payment_escrow_commands(const SharedGeneratorView& model) {
  bool completed = false, claimable = false;
  queue(*model).jobs.entries.for_each([&](const u128&, const ms::Job<Concrete>& j) {
    completed = completed || j.status == ms::JobStatus::Completed;
  });
  escrow(*model).claimable.entries.for_each([&](const Address&, const u128& c) { claimable = claimable || c > 0; });
  return rc::gen::weightedOneOf<CommandPtr>({
      {2 + (completed ? 8 : 0), one_of_commands<ReleasePayment>(model)},
      {1 + (claimable ? 6 : 0), one_of_commands<WithdrawRewards>(model)},
      {1, one_of_commands<SetVerifier>(model)},
      {2, one_of_commands<DepositEscrow, AssignPayee, RefundPayment, ReleaseCapital, RefundCapital, DistributeRewards,
                          SlashStake>(model)},
  });
}

}  // namespace meshcheck::fuzz::spec
