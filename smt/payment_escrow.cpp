// payment_escrow's transition relation and invariants, branch for branch as
// model/payment_escrow.cpp runs them.
#include "smt/payment_escrow.hpp"

#include <type_traits>

#include "model/payment_escrow.hpp"

namespace meshcheck::smt {

namespace {
namespace pe = model::deployed::payment_escrow;
using namespace payment_escrow;

std::vector<FieldDecl> schema(z3::context& c) {
  z3::sort id = c.bv_sort(128), account = c.bv_sort(256), amount = c.bv_sort(128), flag = c.bool_sort();
  return {
      {kExists, c.array_sort(id, flag)},      {kOwner, c.array_sort(id, account)},
      {kHasProvider, c.array_sort(id, flag)}, {kProvider, c.array_sort(id, account)},
      {kAmount, c.array_sort(id, amount)},    {kReleased, c.array_sort(id, flag)},
      {kRefunded, c.array_sort(id, flag)},    {kAdmin, account},
      {kOpenSum, amount_sort(c)},
  };
}

SymState from_model(z3::context& c, const model::ContractState& state, const U256& balance) {
  const auto& s = static_cast<const pe::State&>(state);
  SymState out = SymState::zeroed(c, schema(c), balance);
  BigInt open_sum = 0;
  for (auto& [job_id, e] : s.escrows.sorted()) {
    z3::expr key = bv_val(c, U256(job_id), 128);
    put(out, kExists, key, c.bool_val(true));
    put(out, kOwner, key, address_val(c, e.owner));
    put(out, kHasProvider, key, c.bool_val(e.provider.has_value()));
    if (e.provider) put(out, kProvider, key, address_val(c, *e.provider));
    put(out, kAmount, key, bv_val(c, U256(e.amount), 128));
    put(out, kReleased, key, c.bool_val(e.released));
    put(out, kRefunded, key, c.bool_val(e.refunded));
    if (!e.released && !e.refunded) open_sum += BigInt(e.amount);
  }
  out.set(kAdmin, address_val(c, s.admin));
  out.set(kOpenSum, int_val(c, open_sum));
  return out;
}

// The ghost hook: escrow `key` goes from what `before` holds to `amount`/open-ness in
// `after`; the open sum moves by the difference.
z3::expr open_amount(const SymState& s, const z3::expr& key) {
  z3::context& c = s.ctx();
  return z3::ite(at(s, kExists, key) && !at(s, kReleased, key) && !at(s, kRefunded, key), to_int(at(s, kAmount, key)),
                 int_val(c, 0));
}
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


const model::EventSpec* event(const char* name) { return pe::spec().event(name); }

std::vector<SymBranch> deposit_for_job(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& job_id = args[0].expr();
  const z3::expr& provider = args[1].expr();
  const z3::expr& amount = env.value;  // a u128 Balance on ink! 5
  z3::expr zero = amount == c.bv_val(0, 128);
  z3::expr exists = at(pre, kExists, job_id);
  z3::expr active = exists && !at(pre, kReleased, job_id) && !at(pre, kRefunded, job_id) &&
                    at(pre, kAmount, job_id) != c.bv_val(0, 128);
  SymState post = pre;
  write_escrow(post, job_id, env.caller, c.bool_val(true), provider, amount, c.bool_val(false), c.bool_val(false));
  std::vector<SymEvent> deposited{
      {event("Deposited"), {u128_value(job_id), account_value(env.caller), account_value(provider), u128_value(amount)}}};
  using Branch = pe::DepositForJobBranch;
  SymBranch over_closed = returns(Branch::kOverClosed, !zero && exists && !active, post, true);
  over_closed.events = deposited;
  SymBranch fresh = returns(Branch::kNew, !zero && !exists, post, true);
  fresh.events = deposited;
  return {returns(Branch::kZero, zero, pre, false), returns(Branch::kActive, !zero && active, pre, false), over_closed,
          fresh};
}

// The guard every payout message starts with: the escrow exists, the caller owns it,
// and it is still open. Returns the failing branches (of the message's branch enum
// `Branch`) and the condition to go on.
template <model::BranchEnum Branch>
z3::expr owner_guards(std::vector<SymBranch>& out, const SymState& pre, const SymEnv& env, const z3::expr& job_id) {
  z3::expr exists = at(pre, kExists, job_id);
  z3::expr owner = at(pre, kOwner, job_id) == env.caller;
  z3::expr closed = at(pre, kReleased, job_id) || at(pre, kRefunded, job_id);
  out.push_back(returns(Branch::kNoEscrow, !exists, pre, false));
  out.push_back(returns(Branch::kNotOwner, exists && !owner, pre, false));
  out.push_back(returns(Branch::kClosed, exists && owner && closed, pre, false));
  return exists && owner && !closed;
}

std::vector<SymBranch> set_provider(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& job_id = args[0].expr();
  const z3::expr& provider = args[1].expr();
  using Branch = pe::SetProviderBranch;
  std::vector<SymBranch> out;
  z3::expr go = owner_guards<Branch>(out, pre, env, job_id);
  SymState post = pre;
  write_escrow(post, job_id, at(pre, kOwner, job_id), c.bool_val(true), provider, at(pre, kAmount, job_id),
               at(pre, kReleased, job_id), at(pre, kRefunded, job_id));
  SymBranch ok = returns(Branch::kOk, go, post, true);
  ok.events = {{event("ProviderSet"), {u128_value(job_id), account_value(provider)}}};
  out.push_back(ok);
  return out;
}

// release_to_provider and refund_to_owner (their branch enums are `Branch`): pay the
// escrow's amount to the provider or the owner, then mark it released or refunded.
template <model::BranchEnum Branch>
std::vector<SymBranch> payout(const SymState& pre, const SymEnv& env, const z3::expr& job_id) {
  constexpr bool release = std::is_same_v<Branch, pe::ReleaseToProviderBranch>;
  z3::context& c = pre.ctx();
  std::vector<SymBranch> out;
  z3::expr go = owner_guards<Branch>(out, pre, env, job_id);
  if constexpr (release) {
    out.push_back(returns(Branch::kNoProvider, go && !at(pre, kHasProvider, job_id), pre, false));
    go = go && at(pre, kHasProvider, job_id);
  }
  z3::expr amount = at(pre, kAmount, job_id);
  z3::expr payee = release ? at(pre, kProvider, job_id) : at(pre, kOwner, job_id);
  z3::expr zero = amount == c.bv_val(0, 128);
  out.push_back(returns(Branch::kZero, go && zero, pre, false));
  z3::expr covered = transfer_succeeds(pre, amount);
  out.push_back(returns(Branch::kTransferFailed, go && !zero && !covered, pre, false));
  SymState post = pre;
  write_escrow(post, job_id, at(pre, kOwner, job_id), at(pre, kHasProvider, job_id), at(pre, kProvider, job_id),
               c.bv_val(0, 128), c.bool_val(release) || at(pre, kReleased, job_id),
               c.bool_val(!release) || at(pre, kRefunded, job_id));
  SymBranch ok = returns(Branch::kOk, go && !zero && covered, post, true);
  pay(ok, payee, amount);
  ok.events = {{event(release ? "Released" : "Refunded"),
                {u128_value(job_id), account_value(payee), u128_value(amount)}}};
  out.push_back(ok);
  return out;
}

std::vector<SymMessage> messages(z3::context&) {
  const auto& spec = pe::spec();
  return {
      {spec.message("deposit_for_job"), deposit_for_job},
      {spec.message("set_provider"), set_provider},
      {spec.message("release_to_provider"),
       [](const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
         return payout<pe::ReleaseToProviderBranch>(pre, env, args[0].expr());
       }},
      {spec.message("refund_to_owner"),
       [](const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
         return payout<pe::RefundToOwnerBranch>(pre, env, args[0].expr());
       }},
  };
}

// --- invariants ---------------------------------------------------------------------
// Each predicate reads the catalog's statement (invariants/payment_escrow.cpp) literally.

z3::expr closed_holds_zero(const SymState& s) {
  z3::context& c = s.ctx();
  z3::expr k = c.constant("escrow_id", c.bv_sort(128));
  return z3::forall(k, z3::implies(at(s, kExists, k) && (at(s, kReleased, k) || at(s, kRefunded, k)),
                                   at(s, kAmount, k) == c.bv_val(0, 128)));
}

std::vector<SymInvariant> invariants(z3::context& c) {
  std::vector<SymInvariant> out;
  // E-CONSERVE: every call changes the contract's balance by exactly the change in the
  // sum of open escrow amounts; a released or refunded escrow holds 0.
  out.push_back({"E-CONSERVE", "", nullptr, [](const SymStep& s) {
                   const SymState& post = s.branch.post;
                   return post.balance - s.pre.balance == post[kOpenSum] - s.pre[kOpenSum] && closed_holds_zero(post);
                 }});
  // E-ONCE: an escrow pays out at most once: never both released and refunded, and no
  // payout from an escrow already released or refunded.
  out.push_back({"E-ONCE", "", nullptr, [&c](const SymStep& s) {
                   const SymState& pre = s.pre;
                   const SymState& post = s.branch.post;
                   z3::expr k = c.constant("escrow_id", c.bv_sort(128));
                   z3::expr was_closed = at(pre, kExists, k) && (at(pre, kReleased, k) || at(pre, kRefunded, k));
                   z3::expr flags_changed = at(pre, kReleased, k) != at(post, kReleased, k) ||
                                            at(pre, kRefunded, k) != at(post, kRefunded, k);
                   z3::expr closed_now = at(post, kExists, k) && (at(post, kReleased, k) || at(post, kRefunded, k));
                   return z3::forall(k, !(at(post, kExists, k) && at(post, kReleased, k) && at(post, kRefunded, k)) &&
                                            !(was_closed && closed_now && flags_changed));
                 }});
  // E-AUTH: only the escrow's owner moves its funds, and value leaves only to the
  // recorded provider (release) or the owner (refund).
  out.push_back({"E-AUTH", "", nullptr, [&c](const SymStep& s) {
                   const SymState& pre = s.pre;
                   const SymState& post = s.branch.post;
                   z3::expr k = c.constant("escrow_id", c.bv_sort(128));
                   z3::expr was_open = at(pre, kExists, k) && !at(pre, kReleased, k) && !at(pre, kRefunded, k) &&
                                       at(pre, kAmount, k) != c.bv_val(0, 128);
                   z3::expr lost = !at(post, kExists, k) || z3::ult(at(post, kAmount, k), at(pre, kAmount, k));
                   z3::expr only_owner = z3::forall(k, z3::implies(was_open && lost, s.env.caller == at(pre, kOwner, k)));
                   // Each transfer pays an escrow that this call closed, to its provider
                   // (released now) or owner (refunded now), its whole amount.
                   z3::expr to_payee = c.bool_val(true);
                   for (auto& t : s.branch.transfers) {
                     z3::expr j = c.constant("paid_escrow", c.bv_sort(128));
                     z3::expr open_before = at(pre, kExists, j) && !at(pre, kReleased, j) && !at(pre, kRefunded, j);
                     z3::expr released_now = at(post, kExists, j) && at(post, kReleased, j);
                     z3::expr refunded_now = at(post, kExists, j) && at(post, kRefunded, j);
                     z3::expr same_amount = t.amount == to_int(at(pre, kAmount, j));
                     z3::expr matched =
                         open_before && same_amount &&
                         ((released_now && at(pre, kHasProvider, j) && t.to == at(pre, kProvider, j)) ||
                          (refunded_now && t.to == at(pre, kOwner, j)));
                     to_payee = to_payee && z3::exists(j, matched);
                   }
                   return only_owner && to_payee;
                 }});
  // G-SOLVENT (payment_escrow's part): the balance covers the open escrow amounts.
  out.push_back({"G-SOLVENT", "", [](const SymState& s) { return s.balance >= s[kOpenSum]; }, nullptr});
  // Lemmas the proofs may lean on once proved.
  out.push_back({"payment_escrow/closed-holds-zero", "a released or refunded escrow holds 0",
                 [](const SymState& s) { return closed_holds_zero(s); }, nullptr});
  // With these two, release's "no provider" and the payouts' "amount is zero" guards are
  // proved unreachable (meshcheck fuzz --classify-misses).
  out.push_back({"payment_escrow/has-provider", "every stored escrow has a provider",
                 [](const SymState& s) {
                   z3::context& c = s.ctx();
                   z3::expr k = c.constant("escrow_id", c.bv_sort(128));
                   return z3::forall(k, z3::implies(at(s, kExists, k), at(s, kHasProvider, k)));
                 },
                 nullptr});
  out.push_back({"payment_escrow/open-holds-value", "an open escrow holds a nonzero amount",
                 [](const SymState& s) {
                   z3::context& c = s.ctx();
                   z3::expr k = c.constant("escrow_id", c.bv_sort(128));
                   return z3::forall(k, z3::implies(at(s, kExists, k) && !at(s, kReleased, k) && !at(s, kRefunded, k),
                                                    at(s, kAmount, k) != c.bv_val(0, 128)));
                 },
                 nullptr});
  out.push_back({"payment_escrow/never-both", "no escrow is both released and refunded",
                 [](const SymState& s) {
                   z3::context& c = s.ctx();
                   z3::expr k = c.constant("escrow_id", c.bv_sort(128));
                   return z3::forall(k, !(at(s, kExists, k) && at(s, kReleased, k) && at(s, kRefunded, k)));
                 },
                 nullptr});
  return out;
}

}  // namespace

const ContractEncoding& payment_escrow_encoding() {
  static const ContractEncoding e{&pe::spec(), schema, from_model, messages, invariants};
  return e;
}

}  // namespace meshcheck::smt
