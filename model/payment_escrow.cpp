#include "model/payment_escrow.hpp"

#include "model/contract_kind.hpp"
#include "mutation/payment_escrow.hpp"

namespace meshcheck::model::deployed::payment_escrow {

namespace {
// The mutation sites (mutation/payment_escrow.hpp): with no mutant active, each hook
// returns what it is given.
namespace mut = mutation;
using Site = mutation::payment_escrow::Site;

// What the builds' types differ in: addresses (H160 or AccountId) and amounts (U256 or u128).
TypeRef account(Build b) {
  return types::address(kBuilds[b].ink == InkVersion::V6 ? AddressKind::H160 : AddressKind::AccountId);
}
TypeRef amount_type(Build b) { return kBuilds[b].ink == InkVersion::V6 ? types::u256() : types::u128(); }

template <Build B>
TypeRef escrow_type() {
  static const TypeRef t = types::struct_("Escrow", {{"owner", account(B)},
                                                     {"provider", types::option(account(B))},
                                                     {"amount", amount_type(B)},
                                                     {"released", types::boolean()},
                                                     {"refunded", types::boolean()}});
  return t;
}

// One build's events, in the order of its metadata.
struct Events {
  EventSpec deposited, released, refunded, provider_set;
  explicit Events(Build b)
      : deposited{"Deposited",
                  {{"job_id", types::u128(), true},
                   {"owner", account(b), true},
                   {"provider", account(b), true},
                   {"amount", amount_type(b), false}}},
        released{"Released",
                 {{"job_id", types::u128(), true}, {"provider", account(b), true}, {"amount", amount_type(b), false}}},
        refunded{"Refunded",
                 {{"job_id", types::u128(), true}, {"owner", account(b), true}, {"amount", amount_type(b), false}}},
        provider_set{"ProviderSet", {{"job_id", types::u128(), true}, {"provider", account(b), true}}} {}
};
template <Build B>
const Events& events() {
  static const Events e(B);
  return e;
}
}  // namespace

State construct(const CallEnv& env) {
  State s;
  s.admin = env.caller;
  return s;
}

template <Build B>
bool deposit_for_job(State& self, Ctx& ctx, const u128& job_id, const Address& provider) {
  using enum DepositForJobBranch;
  const Address& caller = ctx.env.caller;
  // transferred_value(): a U256 on ink! 6, kept whole (no as_u128()); a u128 Balance on
  // ink! 5.1.1 (the world refuses a larger value there).
  const U256& amount = ctx.env.value;
  if (mut::guard(Site::kDepositZero, amount == 0)) {
    ctx.cover(kZero);
    return false;
  }
  const Escrow* existing = self.escrows.find(job_id);
  if (existing) {
    // An active escrow is not overwritten; a released, refunded or empty one is.
    if (mut::guard(Site::kDepositActive, !existing->released && !existing->refunded && existing->amount > 0)) {
      ctx.cover(kActive);
      return false;
    }
  }
  const bool over_closed = existing;  // `existing` dies with the insert
  if (mut::writes(Site::kDepositWrite)) self.escrows.insert(job_id, Escrow{caller, provider, amount, false, false});
  if (mut::emits(Site::kDepositEvent))
    ctx.emit(events<B>().deposited, {job_id, caller, provider, mut::field(Site::kDepositEvent, amount)});
  ctx.cover(over_closed ? kOverClosed : kNew);
  return mut::returned(Site::kDepositReturn, true);
}

template <Build B>
bool set_provider(State& self, Ctx& ctx, const u128& job_id, const Address& provider) {
  using enum SetProviderBranch;
  const Escrow* found = self.escrows.find(job_id);
  if (!found) {
    ctx.cover(kNoEscrow);
    return false;
  }
  Escrow e = *found;
  const bool not_owner = mut::guard(Site::kSetProviderNotOwner, ctx.env.caller != e.owner);
  if (not_owner || mut::guard(Site::kSetProviderClosed, e.released || e.refunded)) {
    ctx.cover(not_owner ? kNotOwner : kClosed);
    return false;
  }
  e.provider = provider;
  if (mut::writes(Site::kSetProviderWrite)) self.escrows.insert(job_id, e);
  if (mut::emits(Site::kSetProviderEvent))
    ctx.emit(events<B>().provider_set, {job_id, mut::field(Site::kSetProviderEvent, provider)});
  ctx.cover(kOk);
  return mut::returned(Site::kSetProviderReturn, true);
}

template <Build B>
bool release_to_provider(State& self, Ctx& ctx, const u128& job_id) {
  using enum ReleaseToProviderBranch;
  const Escrow* found = self.escrows.find(job_id);
  if (!found) {
    ctx.cover(kNoEscrow);
    return false;
  }
  Escrow e = *found;
  const bool not_owner = mut::guard(Site::kReleaseNotOwner, ctx.env.caller != e.owner);
  if (not_owner || mut::guard(Site::kReleaseClosed, e.released || e.refunded)) {
    ctx.cover(not_owner ? kNotOwner : kClosed);
    return false;
  }
  if (mut::guard(Site::kReleaseNoProvider, !e.provider)) {
    ctx.cover(kNoProvider);
    return false;
  }
  // The zero address only when a mutant dropped the guard above (the encoding's default).
  Address provider = e.provider.value_or(mut::zero_like(e.owner));
  U256 amount = e.amount;
  if (mut::guard(Site::kReleaseZero, amount == 0)) {
    ctx.cover(kZero);
    return false;
  }
  if (mut::transfers(Site::kReleaseTransfer) &&
      !ctx.transfer(mut::payee(Site::kReleaseTransfer, provider, self.admin), amount)) {
    ctx.cover(kTransferFailed);
    return false;
  }
  if (mut::writes(Site::kReleaseMark)) e.released = true;
  if (mut::writes(Site::kReleaseClear)) e.amount = 0;
  self.escrows.insert(job_id, e);
  if (mut::emits(Site::kReleaseEvent))
    ctx.emit(events<B>().released, {job_id, provider, mut::field(Site::kReleaseEvent, amount)});
  ctx.cover(kOk);
  return mut::returned(Site::kReleaseReturn, true);
}

template <Build B>
bool refund_to_owner(State& self, Ctx& ctx, const u128& job_id) {
  using enum RefundToOwnerBranch;
  const Escrow* found = self.escrows.find(job_id);
  if (!found) {
    ctx.cover(kNoEscrow);
    return false;
  }
  Escrow e = *found;
  const bool not_owner = mut::guard(Site::kRefundNotOwner, ctx.env.caller != e.owner);
  if (not_owner || mut::guard(Site::kRefundClosed, e.released || e.refunded)) {
    ctx.cover(not_owner ? kNotOwner : kClosed);
    return false;
  }
  U256 amount = e.amount;
  if (mut::guard(Site::kRefundZero, amount == 0)) {
    ctx.cover(kZero);
    return false;
  }
  if (mut::transfers(Site::kRefundTransfer) &&
      !ctx.transfer(mut::payee(Site::kRefundTransfer, e.owner, self.admin), amount)) {
    ctx.cover(kTransferFailed);
    return false;
  }
  if (mut::writes(Site::kRefundMark)) e.refunded = true;
  if (mut::writes(Site::kRefundClear)) e.amount = 0;
  self.escrows.insert(job_id, e);
  if (mut::emits(Site::kRefundEvent))
    ctx.emit(events<B>().refunded, {job_id, e.owner, mut::field(Site::kRefundEvent, amount)});
  ctx.cover(kOk);
  return mut::returned(Site::kRefundReturn, true);
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

namespace {
template <Build B>
ContractSpec make_spec() {
  const Events& ev = events<B>();
  return ContractSpec{
      std::string(contract_name(ContractKind::kPaymentEscrow)),
      kBuilds[B].ink,
      {},
      [](const CallEnv& env, Args) -> std::shared_ptr<ContractState> {
        return std::make_shared<State>(construct(env));
      },
      {
          {"deposit_for_job", {{"job_id", types::u128()}, {"provider", account(B)}}, types::boolean(), true, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return deposit_for_job<B>(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           branch_list<DepositForJobBranch>()},
          {"set_provider", {{"job_id", types::u128()}, {"provider", account(B)}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return set_provider<B>(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           branch_list<SetProviderBranch>()},
          {"release_to_provider", {{"job_id", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return release_to_provider<B>(s, c, arg_u128(a, 0));
           }>,
           branch_list<ReleaseToProviderBranch>()},
          {"refund_to_owner", {{"job_id", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return refund_to_owner<B>(s, c, arg_u128(a, 0));
           }>,
           branch_list<RefundToOwnerBranch>()},
          {"get_escrow", {{"job_id", types::u128()}}, types::option(escrow_type<B>()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const Escrow* e = s.escrows.find(arg_u128(a, 0));
             c.cover(e ? GetEscrowBranch::kFound : GetEscrowBranch::kNone);
             return e ? Value::some(to_value(*e)) : Value::none();
           }>,
           branch_list<GetEscrowBranch>()},
          {"get_admin", {}, account(B), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.admin; }>},
      },
      {&ev.deposited, &ev.released, &ev.refunded, &ev.provider_set},
      kBuilds[B].code_hash,
  };
}
}  // namespace

const ContractSpec& spec(Build build) {
  static const ContractSpec ink6 = make_spec<Build::kInk6>(), ink5 = make_spec<Build::kInk5>();
  static const EnumTable<Build, const ContractSpec*> specs{{{Build::kInk6, &ink6}, {Build::kInk5, &ink5}}};
  return *specs[build];
}

// Both builds' message functions, for the tests that call them directly.
#define MESHCHECK_ESCROW_BUILD(B)                                                              \
  template bool deposit_for_job<B>(State&, Ctx&, const u128&, const Address&);                 \
  template bool set_provider<B>(State&, Ctx&, const u128&, const Address&);                    \
  template bool release_to_provider<B>(State&, Ctx&, const u128&);                             \
  template bool refund_to_owner<B>(State&, Ctx&, const u128&);
MESHCHECK_ESCROW_BUILD(Build::kInk6)
MESHCHECK_ESCROW_BUILD(Build::kInk5)
#undef MESHCHECK_ESCROW_BUILD

}  // namespace meshcheck::model::deployed::payment_escrow
