#include "model/payment_escrow.hpp"

namespace meshcheck::model::deployed::payment_escrow {

namespace {
TypeRef account() { return types::account_id(); }

TypeRef escrow_type() {
  static TypeRef t = types::struct_("Escrow", {{"owner", account()},
                                               {"provider", types::option(account())},
                                               {"amount", types::u128()},
                                               {"released", types::boolean()},
                                               {"refunded", types::boolean()}});
  return t;
}

const EventSpec kDeposited{"Deposited",
                           {{"job_id", types::u128(), true},
                            {"owner", types::account_id(), true},
                            {"provider", types::account_id(), true},
                            {"amount", types::u128(), false}}};
const EventSpec kReleased{"Released",
                          {{"job_id", types::u128(), true},
                           {"provider", types::account_id(), true},
                           {"amount", types::u128(), false}}};
const EventSpec kRefunded{"Refunded",
                          {{"job_id", types::u128(), true},
                           {"owner", types::account_id(), true},
                           {"amount", types::u128(), false}}};
const EventSpec kProviderSet{"ProviderSet", {{"job_id", types::u128(), true}, {"provider", types::account_id(), true}}};
}  // namespace

State construct(const CallEnv& env) {
  State s;
  s.admin = env.caller;
  return s;
}

// Branch coverage: each message's guard outcomes, in the order of its
// MessageSpec::branches in spec() below.
namespace {
enum DepositBranch : unsigned { kDepositZero, kDepositActive, kDepositOverClosed, kDepositNew };
}  // namespace

bool deposit_for_job(State& self, Ctx& ctx, const u128& job_id, const Address& provider) {
  const Address& caller = ctx.env.caller;
  u128 amount(ctx.env.value);  // a u128 Balance on ink! 5
  if (amount == 0) {
    ctx.cover(kDepositZero);
    return false;
  }
  const Escrow* existing = self.escrows.find(job_id);
  if (existing) {
    // An active escrow is not overwritten; a released, refunded or empty one is.
    if (!existing->released && !existing->refunded && existing->amount > 0) {
      ctx.cover(kDepositActive);
      return false;
    }
  }
  self.escrows.insert(job_id, Escrow{caller, provider, amount, false, false});
  ctx.emit(kDeposited, {job_id, caller, provider, amount});
  ctx.cover(existing ? kDepositOverClosed : kDepositNew);
  return true;
}

namespace {
enum SetProviderBranch : unsigned { kSetProviderNoEscrow, kSetProviderNotOwner, kSetProviderClosed, kSetProviderOk };
}  // namespace

bool set_provider(State& self, Ctx& ctx, const u128& job_id, const Address& provider) {
  const Escrow* found = self.escrows.find(job_id);
  if (!found) {
    ctx.cover(kSetProviderNoEscrow);
    return false;
  }
  Escrow e = *found;
  if (ctx.env.caller != e.owner || e.released || e.refunded) {
    ctx.cover(ctx.env.caller != e.owner ? kSetProviderNotOwner : kSetProviderClosed);
    return false;
  }
  e.provider = provider;
  self.escrows.insert(job_id, e);
  ctx.emit(kProviderSet, {job_id, provider});
  ctx.cover(kSetProviderOk);
  return true;
}

namespace {
enum ReleaseBranch : unsigned {
  kReleaseNoEscrow,
  kReleaseNotOwner,
  kReleaseClosed,
  kReleaseNoProvider,
  kReleaseZero,
  kReleaseTransferFailed,
  kReleaseOk,
};
}  // namespace

bool release_to_provider(State& self, Ctx& ctx, const u128& job_id) {
  const Escrow* found = self.escrows.find(job_id);
  if (!found) {
    ctx.cover(kReleaseNoEscrow);
    return false;
  }
  Escrow e = *found;
  if (ctx.env.caller != e.owner || e.released || e.refunded) {
    ctx.cover(ctx.env.caller != e.owner ? kReleaseNotOwner : kReleaseClosed);
    return false;
  }
  if (!e.provider) {
    ctx.cover(kReleaseNoProvider);
    return false;
  }
  Address provider = *e.provider;
  u128 amount = e.amount;
  if (amount == 0) {
    ctx.cover(kReleaseZero);
    return false;
  }
  if (!ctx.transfer(provider, U256(amount))) {
    ctx.cover(kReleaseTransferFailed);
    return false;
  }
  e.released = true;
  e.amount = 0;
  self.escrows.insert(job_id, e);
  ctx.emit(kReleased, {job_id, provider, amount});
  ctx.cover(kReleaseOk);
  return true;
}

namespace {
enum RefundBranch : unsigned {
  kRefundNoEscrow,
  kRefundNotOwner,
  kRefundClosed,
  kRefundZero,
  kRefundTransferFailed,
  kRefundOk,
};
}  // namespace

bool refund_to_owner(State& self, Ctx& ctx, const u128& job_id) {
  const Escrow* found = self.escrows.find(job_id);
  if (!found) {
    ctx.cover(kRefundNoEscrow);
    return false;
  }
  Escrow e = *found;
  if (ctx.env.caller != e.owner || e.released || e.refunded) {
    ctx.cover(ctx.env.caller != e.owner ? kRefundNotOwner : kRefundClosed);
    return false;
  }
  u128 amount = e.amount;
  if (amount == 0) {
    ctx.cover(kRefundZero);
    return false;
  }
  if (!ctx.transfer(e.owner, U256(amount))) {
    ctx.cover(kRefundTransferFailed);
    return false;
  }
  e.refunded = true;
  e.amount = 0;
  self.escrows.insert(job_id, e);
  ctx.emit(kRefunded, {job_id, e.owner, amount});
  ctx.cover(kRefundOk);
  return true;
}

namespace {
enum GetEscrowBranch : unsigned { kGetEscrowNone, kGetEscrowSome };
}  // namespace

Value to_value(const Escrow& e) {
  return Value::seq({e.owner, Value::optional(e.provider), e.amount, e.released, e.refunded});
}

const ContractSpec& spec() {
  static const ContractSpec s{
      "payment_escrow",
      InkVersion::V5,
      {},
      [](const CallEnv& env, Args) -> std::shared_ptr<ContractState> {
        return std::make_shared<State>(construct(env));
      },
      {
          {"deposit_for_job", {{"job_id", types::u128()}, {"provider", account()}}, types::boolean(), true, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return deposit_for_job(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           {"amount is zero", "active escrow exists", "over a closed escrow", "new escrow"}},
          {"set_provider", {{"job_id", types::u128()}, {"provider", account()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return set_provider(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           {"no such escrow", "caller is not the owner", "already released or refunded", "ok"}},
          {"release_to_provider", {{"job_id", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return release_to_provider(s, c, arg_u128(a, 0));
           }>,
           {"no such escrow", "caller is not the owner", "already released or refunded", "no provider",
            "amount is zero", "transfer failed", "ok"}},
          {"refund_to_owner", {{"job_id", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return refund_to_owner(s, c, arg_u128(a, 0));
           }>,
           {"no such escrow", "caller is not the owner", "already released or refunded", "amount is zero",
            "transfer failed", "ok"}},
          {"get_escrow", {{"job_id", types::u128()}}, types::option(escrow_type()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const Escrow* e = s.escrows.find(arg_u128(a, 0));
             c.cover(e ? kGetEscrowSome : kGetEscrowNone);
             return e ? Value::some(to_value(*e)) : Value::none();
           }>,
           {"no such escrow", "found"}},
          {"get_admin", {}, account(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.admin; }>},
      },
      {&kDeposited, &kReleased, &kRefunded, &kProviderSet},
  };
  return s;
}

}  // namespace meshcheck::model::deployed::payment_escrow
