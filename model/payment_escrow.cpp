#include "model/payment_escrow.hpp"

#include "model/contract_kind.hpp"

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

bool deposit_for_job(State& self, Ctx& ctx, const u128& job_id, const Address& provider) {
  using enum DepositForJobBranch;
  const Address& caller = ctx.env.caller;
  u128 amount(ctx.env.value);  // a u128 Balance on ink! 5
  if (amount == 0) {
    ctx.cover(kZero);
    return false;
  }
  const Escrow* existing = self.escrows.find(job_id);
  if (existing) {
    // An active escrow is not overwritten; a released, refunded or empty one is.
    if (!existing->released && !existing->refunded && existing->amount > 0) {
      ctx.cover(kActive);
      return false;
    }
  }
  self.escrows.insert(job_id, Escrow{caller, provider, amount, false, false});
  ctx.emit(kDeposited, {job_id, caller, provider, amount});
  ctx.cover(existing ? kOverClosed : kNew);
  return true;
}

bool set_provider(State& self, Ctx& ctx, const u128& job_id, const Address& provider) {
  using enum SetProviderBranch;
  const Escrow* found = self.escrows.find(job_id);
  if (!found) {
    ctx.cover(kNoEscrow);
    return false;
  }
  Escrow e = *found;
  if (ctx.env.caller != e.owner || e.released || e.refunded) {
    ctx.cover(ctx.env.caller != e.owner ? kNotOwner : kClosed);
    return false;
  }
  e.provider = provider;
  self.escrows.insert(job_id, e);
  ctx.emit(kProviderSet, {job_id, provider});
  ctx.cover(kOk);
  return true;
}

bool release_to_provider(State& self, Ctx& ctx, const u128& job_id) {
  using enum ReleaseToProviderBranch;
  const Escrow* found = self.escrows.find(job_id);
  if (!found) {
    ctx.cover(kNoEscrow);
    return false;
  }
  Escrow e = *found;
  if (ctx.env.caller != e.owner || e.released || e.refunded) {
    ctx.cover(ctx.env.caller != e.owner ? kNotOwner : kClosed);
    return false;
  }
  if (!e.provider) {
    ctx.cover(kNoProvider);
    return false;
  }
  Address provider = *e.provider;
  u128 amount = e.amount;
  if (amount == 0) {
    ctx.cover(kZero);
    return false;
  }
  if (!ctx.transfer(provider, U256(amount))) {
    ctx.cover(kTransferFailed);
    return false;
  }
  e.released = true;
  e.amount = 0;
  self.escrows.insert(job_id, e);
  ctx.emit(kReleased, {job_id, provider, amount});
  ctx.cover(kOk);
  return true;
}

bool refund_to_owner(State& self, Ctx& ctx, const u128& job_id) {
  using enum RefundToOwnerBranch;
  const Escrow* found = self.escrows.find(job_id);
  if (!found) {
    ctx.cover(kNoEscrow);
    return false;
  }
  Escrow e = *found;
  if (ctx.env.caller != e.owner || e.released || e.refunded) {
    ctx.cover(ctx.env.caller != e.owner ? kNotOwner : kClosed);
    return false;
  }
  u128 amount = e.amount;
  if (amount == 0) {
    ctx.cover(kZero);
    return false;
  }
  if (!ctx.transfer(e.owner, U256(amount))) {
    ctx.cover(kTransferFailed);
    return false;
  }
  e.refunded = true;
  e.amount = 0;
  self.escrows.insert(job_id, e);
  ctx.emit(kRefunded, {job_id, e.owner, amount});
  ctx.cover(kOk);
  return true;
}

// The branches of the read-only get_escrow, which only spec() below names.
namespace {
enum class GetEscrowBranch : unsigned { kNone, kFound, kCount };
constexpr BranchNames<GetEscrowBranch> branch_names(GetEscrowBranch) {
  using enum GetEscrowBranch;
  return {{{kNone, "no such escrow"}, {kFound, "found"}}};
}
}  // namespace

Value to_value(const Escrow& e) {
  return Value::seq({e.owner, Value::optional(e.provider), e.amount, e.released, e.refunded});
}

const ContractSpec& spec() {
  static const ContractSpec s{
      std::string(contract_name(ContractKind::kPaymentEscrow)),
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
           branch_list<DepositForJobBranch>()},
          {"set_provider", {{"job_id", types::u128()}, {"provider", account()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return set_provider(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           branch_list<SetProviderBranch>()},
          {"release_to_provider", {{"job_id", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return release_to_provider(s, c, arg_u128(a, 0));
           }>,
           branch_list<ReleaseToProviderBranch>()},
          {"refund_to_owner", {{"job_id", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return refund_to_owner(s, c, arg_u128(a, 0));
           }>,
           branch_list<RefundToOwnerBranch>()},
          {"get_escrow", {{"job_id", types::u128()}}, types::option(escrow_type()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const Escrow* e = s.escrows.find(arg_u128(a, 0));
             c.cover(e ? GetEscrowBranch::kFound : GetEscrowBranch::kNone);
             return e ? Value::some(to_value(*e)) : Value::none();
           }>,
           branch_list<GetEscrowBranch>()},
          {"get_admin", {}, account(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.admin; }>},
      },
      {&kDeposited, &kReleased, &kRefunded, &kProviderSet},
  };
  return s;
}

}  // namespace meshcheck::model::deployed::payment_escrow
