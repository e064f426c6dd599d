// payment_escrow's transition relation and invariants, branch for branch as
// model/payment_escrow.cpp runs them.
#include "smt/payment_escrow.hpp"

#include <stdexcept>
#include <type_traits>

#include "model/payment_escrow.hpp"
#include "mutation/payment_escrow.hpp"
#include "mutation/symbolic.hpp"

namespace meshcheck::smt {

namespace {
namespace pe = model::deployed::payment_escrow;
using namespace payment_escrow;
// The mutation sites, as model/payment_escrow.cpp reads them (mutation/payment_escrow.hpp).
namespace mut = mutation;
using Site = mutation::payment_escrow::Site;

// The widths of build B's addresses and amounts.
template <pe::Build B>
unsigned address_width() {
  return width_of(pe::spec(B).address_kind());
}
template <pe::Build B>
unsigned amount_width() {
  return pe::kBuilds[B].ink == model::InkVersion::V6 ? 256 : 128;
}
template <pe::Build B>
SymValue address_value(const z3::expr& e) {
  return scalar_value(types::address(pe::spec(B).address_kind()), e);
}
template <pe::Build B>
SymValue amount_value(const z3::expr& e) {
  return scalar_value(amount_width<B>() == 256 ? types::u256() : types::u128(), e);
}

template <pe::Build B>
std::vector<FieldDecl> schema(z3::context& c) {
  z3::sort id = c.bv_sort(128), account = c.bv_sort(address_width<B>()), amount = c.bv_sort(amount_width<B>()),
           flag = c.bool_sort();
  return {
      {kExists, c.array_sort(id, flag)},      {kOwner, c.array_sort(id, account)},
      {kHasProvider, c.array_sort(id, flag)}, {kProvider, c.array_sort(id, account)},
      {kAmount, c.array_sort(id, amount)},    {kReleased, c.array_sort(id, flag)},
      {kRefunded, c.array_sort(id, flag)},    {kAdmin, account},
      {kOpenSum, amount_sort(c)},
  };
}

template <pe::Build B>
SymState from_model(z3::context& c, const model::ContractState& state, const U256& balance) {
  const auto& s = static_cast<const pe::State&>(state);
  SymState out = SymState::zeroed(c, schema<B>(c), balance);
  for (auto& [job_id, e] : s.escrows.sorted()) {
    z3::expr key = bv_val(c, U256(job_id), 128);
    put(out, kExists, key, c.bool_val(true));
    put(out, kOwner, key, address_val(c, e.owner));
    put(out, kHasProvider, key, c.bool_val(e.provider.has_value()));
    if (e.provider) put(out, kProvider, key, address_val(c, *e.provider));
    // An ink! 5.1.1 amount comes from a u128 Balance; a larger one is no state of that build.
    if (amount_width<B>() == 128 && e.amount > kU128MaxAsU256)
      throw std::invalid_argument("payment_escrow (ink! 5.1.1): escrow " + job_id.str() + " holds " + e.amount.str() +
                                  ", above u128::MAX");
    put(out, kAmount, key, bv_val(c, e.amount, amount_width<B>()));
    put(out, kReleased, key, c.bool_val(e.released));
    put(out, kRefunded, key, c.bool_val(e.refunded));
  }
  out.set(kAdmin, address_val(c, s.admin));
  out.set(kOpenSum, int_val(c, open_sum(s)));
  return out;
}

// Writes escrow `key`, with the ghost hook: kOpenSum moves by the change of the escrow's
// share (open_amount, smt/payment_escrow.hpp).
void write_escrow(SymState& s, const z3::expr& key, const z3::expr& owner, const z3::expr& has_provider,
                  const z3::expr& provider, const z3::expr& amount, const z3::expr& released,
                  const z3::expr& refunded) {
  z3::expr old_open = open_amount(s, key);
  put(s, kExists, key, s.ctx().bool_val(true));
  put(s, kOwner, key, owner);
  put(s, kHasProvider, key, has_provider);
  // An absent provider keeps the default address, as from_model leaves it.
  put(s, kProvider, key, z3::ite(has_provider, provider, zero_of(provider.get_sort())));
  put(s, kAmount, key, amount);
  put(s, kReleased, key, released);
  put(s, kRefunded, key, refunded);
  s.set(kOpenSum, s[kOpenSum] - old_open + open_amount(s, key));
}


template <pe::Build B>
const model::EventSpec* event(const char* name) {
  return pe::spec(B).event(name);
}

template <pe::Build B>
std::vector<SymBranch> deposit_for_job(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& job_id = args[0].expr();
  const z3::expr& provider = args[1].expr();
  // transferred_value() as the build has it: bv256 on ink! 6, bv128 (a u128 Balance) on
  // ink! 5.1.1; stored whole either way.
  const z3::expr& amount = env.value;
  z3::expr zero = mut::guard(Site::kDepositZero, amount == zero_amount(pre));
  z3::expr exists = at(pre, kExists, job_id);
  z3::expr active = exists && mut::guard(Site::kDepositActive, !at(pre, kReleased, job_id) &&
                                                                   !at(pre, kRefunded, job_id) &&
                                                                   at(pre, kAmount, job_id) != zero_amount(pre));
  SymState post = pre;
  if (mut::writes(Site::kDepositWrite))
    write_escrow(post, job_id, env.caller, c.bool_val(true), provider, amount, c.bool_val(false), c.bool_val(false));
  std::vector<SymEvent> deposited;
  if (mut::emits(Site::kDepositEvent))
    deposited.push_back({event<B>("Deposited"),
                         {u128_value(job_id), address_value<B>(env.caller), address_value<B>(provider),
                          amount_value<B>(mut::field(Site::kDepositEvent, amount))}});
  using Branch = pe::DepositForJobBranch;
  const bool ok = mut::returned(Site::kDepositReturn, true);
  SymBranch over_closed = returns(Branch::kOverClosed, !zero && exists && !active, post, ok);
  over_closed.events = deposited;
  SymBranch fresh = returns(Branch::kNew, !zero && !exists, post, ok);
  fresh.events = deposited;
  return {returns(Branch::kZero, zero, pre, false), returns(Branch::kActive, !zero && active, pre, false), over_closed,
          fresh};
}

// The guard every payout message starts with: the escrow exists, the caller owns it,
// and it is still open (the message's mutation sites `not_owner_site`, `closed_site`).
// Returns the failing branches (of the message's branch enum `Branch`) and the
// condition to go on.
template <model::BranchEnum Branch>
z3::expr owner_guards(std::vector<SymBranch>& out, const SymState& pre, const SymEnv& env, const z3::expr& job_id,
                      Site not_owner_site, Site closed_site) {
  z3::expr exists = at(pre, kExists, job_id);
  z3::expr not_owner = mut::guard(not_owner_site, at(pre, kOwner, job_id) != env.caller);
  z3::expr closed = mut::guard(closed_site, at(pre, kReleased, job_id) || at(pre, kRefunded, job_id));
  out.push_back(returns(Branch::kNoEscrow, !exists, pre, false));
  out.push_back(returns(Branch::kNotOwner, exists && not_owner, pre, false));
  out.push_back(returns(Branch::kClosed, exists && !not_owner && closed, pre, false));
  return exists && !not_owner && !closed;
}

template <pe::Build B>
std::vector<SymBranch> set_provider(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& job_id = args[0].expr();
  const z3::expr& provider = args[1].expr();
  using Branch = pe::SetProviderBranch;
  std::vector<SymBranch> out;
  z3::expr go = owner_guards<Branch>(out, pre, env, job_id, Site::kSetProviderNotOwner, Site::kSetProviderClosed);
  SymState post = pre;
  if (mut::writes(Site::kSetProviderWrite))
    write_escrow(post, job_id, at(pre, kOwner, job_id), c.bool_val(true), provider, at(pre, kAmount, job_id),
                 at(pre, kReleased, job_id), at(pre, kRefunded, job_id));
  SymBranch ok = returns(Branch::kOk, go, post, mut::returned(Site::kSetProviderReturn, true));
  if (mut::emits(Site::kSetProviderEvent))
    ok.events = {{event<B>("ProviderSet"),
                  {u128_value(job_id), address_value<B>(mut::field(Site::kSetProviderEvent, provider))}}};
  out.push_back(ok);
  return out;
}

// release_to_provider and refund_to_owner (their branch enums are `Branch`): pay the
// escrow's amount to the provider or the owner, then mark it released or refunded.
template <pe::Build B, model::BranchEnum Branch>
std::vector<SymBranch> payout(const SymState& pre, const SymEnv& env, const z3::expr& job_id) {
  constexpr bool release = std::is_same_v<Branch, pe::ReleaseToProviderBranch>;
  // The message's mutation sites.
  constexpr Site kNotOwner = release ? Site::kReleaseNotOwner : Site::kRefundNotOwner,
                 kClosed = release ? Site::kReleaseClosed : Site::kRefundClosed,
                 kZero = release ? Site::kReleaseZero : Site::kRefundZero,
                 kTransfer = release ? Site::kReleaseTransfer : Site::kRefundTransfer,
                 kMark = release ? Site::kReleaseMark : Site::kRefundMark,
                 kClear = release ? Site::kReleaseClear : Site::kRefundClear,
                 kEvent = release ? Site::kReleaseEvent : Site::kRefundEvent,
                 kReturn = release ? Site::kReleaseReturn : Site::kRefundReturn;
  z3::context& c = pre.ctx();
  std::vector<SymBranch> out;
  z3::expr go = owner_guards<Branch>(out, pre, env, job_id, kNotOwner, kClosed);
  if constexpr (release) {
    z3::expr no_provider = mut::guard(Site::kReleaseNoProvider, !at(pre, kHasProvider, job_id));
    out.push_back(returns(Branch::kNoProvider, go && no_provider, pre, false));
    go = go && !no_provider;
  }
  z3::expr amount = at(pre, kAmount, job_id);
  z3::expr payee = release ? at(pre, kProvider, job_id) : at(pre, kOwner, job_id);
  z3::expr zero = mut::guard(kZero, amount == zero_amount(pre));
  out.push_back(returns(Branch::kZero, go && zero, pre, false));
  const bool transfers = mut::transfers(kTransfer);
  z3::expr covered = transfers ? transfer_succeeds(pre, amount) : c.bool_val(true);
  out.push_back(returns(Branch::kTransferFailed, go && !zero && !covered, pre, false));
  SymState post = pre;
  z3::expr released = release && mut::writes(kMark) ? c.bool_val(true) : at(pre, kReleased, job_id);
  z3::expr refunded = !release && mut::writes(kMark) ? c.bool_val(true) : at(pre, kRefunded, job_id);
  write_escrow(post, job_id, at(pre, kOwner, job_id), at(pre, kHasProvider, job_id), at(pre, kProvider, job_id),
               mut::writes(kClear) ? zero_amount(pre) : amount, released, refunded);
  SymBranch ok = returns(Branch::kOk, go && !zero && covered, post, mut::returned(kReturn, true));
  if (transfers) pay(ok, mut::payee(kTransfer, payee, pre[kAdmin]), amount);
  if (mut::emits(kEvent))
    ok.events = {{event<B>(release ? "Released" : "Refunded"),
                  {u128_value(job_id), address_value<B>(payee), amount_value<B>(mut::field(kEvent, amount))}}};
  out.push_back(ok);
  return out;
}

template <pe::Build B>
std::vector<SymMessage> messages(z3::context&) {
  const auto& spec = pe::spec(B);
  return {
      {spec.message("deposit_for_job"), deposit_for_job<B>},
      {spec.message("set_provider"), set_provider<B>},
      {spec.message("release_to_provider"),
       [](const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
         return payout<B, pe::ReleaseToProviderBranch>(pre, env, args[0].expr());
       }},
      {spec.message("refund_to_owner"),
       [](const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
         return payout<B, pe::RefundToOwnerBranch>(pre, env, args[0].expr());
       }},
  };
}

}  // namespace

namespace payment_escrow {
BigInt open_sum(const model::deployed::payment_escrow::State& state) {
  BigInt sum = 0;
  state.escrows.for_each([&](const u128&, const model::deployed::payment_escrow::Escrow& e) { sum += open_amount(&e); });
  return sum;
}

z3::expr zero_amount(const SymState& s) { return zero_of(s[kAmount].get_sort().array_range()); }

z3::expr open_amount(const SymState& s, const z3::expr& key) {
  return z3::ite(at(s, kExists, key) && !at(s, kReleased, key) && !at(s, kRefunded, key), to_int(at(s, kAmount, key)),
                 int_val(s.ctx(), 0));
}
}  // namespace payment_escrow

const ContractEncoding& payment_escrow_encoding(pe::Build build) {
  static const ContractEncoding ink6{&pe::spec(pe::Build::kInk6), schema<pe::Build::kInk6>,
                                     from_model<pe::Build::kInk6>, messages<pe::Build::kInk6>};
  static const ContractEncoding ink5{&pe::spec(pe::Build::kInk5), schema<pe::Build::kInk5>,
                                     from_model<pe::Build::kInk5>, messages<pe::Build::kInk5>};
  static const model::EnumTable<pe::Build, const ContractEncoding*> encodings{
      {{pe::Build::kInk6, &ink6}, {pe::Build::kInk5, &ink5}}};
  return *encodings[build];
}

const ContractEncoding& payment_escrow_encoding() { return payment_escrow_encoding(pe::kDeployedBuild); }

}  // namespace meshcheck::smt
