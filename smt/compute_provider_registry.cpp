// compute_provider_registry's transition relation, branch for branch as
// model/compute_provider_registry.cpp runs it. Its invariants' Z3 predicates are in
// invariants/compute_provider_registry.cpp.
#include "smt/compute_provider_registry.hpp"

#include "model/compute_provider_registry.hpp"
#include "mutation/compute_provider_registry.hpp"
#include "mutation/symbolic.hpp"

namespace meshcheck::smt {

namespace {
namespace cpr = model::deployed::compute_provider_registry;
using namespace compute_provider_registry;
// The mutation sites, as model/compute_provider_registry.cpp reads them
// (mutation/compute_provider_registry.hpp).
namespace mut = mutation;
using Site = mutation::compute_provider_registry::Site;

std::vector<FieldDecl> schema(z3::context& c) {
  z3::sort address = c.bv_sort(160), flag = c.bool_sort();
  auto by_address = [&](const z3::sort& range) { return c.array_sort(address, range); };
  return {
      {kExists, by_address(flag)},
      {kProvider, by_address(address)},
      {kEndpoint, by_address(sort_of(c, types::string()))},
      {kComputeUnits, by_address(c.bv_sort(64))},
      {kHourlyRate, by_address(c.bv_sort(128))},
      {kRegisteredAt, by_address(c.bv_sort(64))},
      {kIsActive, by_address(flag)},
      {kStake, by_address(c.bv_sort(128))},
      {kReputation, by_address(c.bv_sort(32))},
      {kMinStake, c.bv_sort(128)},
      {kAdmin, address},
      {kCount, c.bv_sort(64)},
      {kStakeSum, amount_sort(c)},
      {kRegistered, c.bv_sort(161)},
  };
}

SymState from_model(z3::context& c, const model::ContractState& state, const U256& balance) {
  const auto& s = static_cast<const cpr::State&>(state);
  SymState out = SymState::zeroed(c, schema(c), balance);
  BigInt stake_sum = 0;
  std::uint64_t registered = 0;
  for (auto& [who, p] : s.providers.sorted()) {
    z3::expr key = address_val(c, who);
    put(out, kExists, key, c.bool_val(true));
    put(out, kProvider, key, address_val(c, p.provider));
    put(out, kEndpoint, key, string_val(c, p.endpoint));
    put(out, kComputeUnits, key, c.bv_val(static_cast<std::uint64_t>(p.compute_units), 64));
    put(out, kHourlyRate, key, bv_val(c, U256(p.hourly_rate), 128));
    put(out, kRegisteredAt, key, c.bv_val(static_cast<std::uint64_t>(p.registered_at), 64));
    put(out, kIsActive, key, c.bool_val(p.is_active));
    put(out, kStake, key, bv_val(c, U256(p.stake), 128));
    put(out, kReputation, key, c.bv_val(static_cast<unsigned>(p.reputation_score), 32));
    stake_sum += BigInt(p.stake);
    registered += 1;
  }
  out.set(kMinStake, bv_val(c, U256(s.min_stake), 128));
  out.set(kAdmin, address_val(c, s.admin));
  out.set(kCount, c.bv_val(static_cast<std::uint64_t>(s.provider_count), 64));
  out.set(kStakeSum, int_val(c, stake_sum));
  out.set(kRegistered, c.bv_val(registered, 161));
  return out;
}

// A ProviderProfile as the eight expressions of its fields.
struct Profile {
  z3::expr provider, endpoint, compute_units, hourly_rate, registered_at, is_active, stake, reputation;
};
Profile read_profile(const SymState& s, const z3::expr& key) {
  return {at(s, kProvider, key),     at(s, kEndpoint, key), at(s, kComputeUnits, key), at(s, kHourlyRate, key),
          at(s, kRegisteredAt, key), at(s, kIsActive, key), at(s, kStake, key),        at(s, kReputation, key)};
}

// The ghost hooks. ghost.registered counts registered providers: a write of a key not
// yet present adds one. ghost.stake_sum moves by the write's exact old/new stake
// difference, which each message passes in (`stake_change`), computed in Int arithmetic
// over the values it read: Z3 4.8 cannot relate the Int of a bit-vector sum to the sum
// of the Ints (bv2int(a + b) against bv2int(a) + bv2int(b) times out even on one u64),
// so a hook taking the Int of the new stake would leave R-STAKE and G-SOLVENT unprovable.
// The encoding test checks each change against the model's sum of stakes.
void write_provider(SymState& s, const z3::expr& key, const Profile& p, const z3::expr& stake_change) {
  z3::context& c = s.ctx();
  z3::expr added = z3::ite(at(s, kExists, key), c.bv_val(0, 161), c.bv_val(1, 161));
  put(s, kExists, key, c.bool_val(true));
  put(s, kProvider, key, p.provider);
  put(s, kEndpoint, key, p.endpoint);
  put(s, kComputeUnits, key, p.compute_units);
  put(s, kHourlyRate, key, p.hourly_rate);
  put(s, kRegisteredAt, key, p.registered_at);
  put(s, kIsActive, key, p.is_active);
  put(s, kStake, key, p.stake);
  put(s, kReputation, key, p.reputation);
  s.set(kStakeSum, s[kStakeSum] + stake_change);
  s.set(kRegistered, s[kRegistered] + added);
}


const model::EventSpec* event(const char* name) { return cpr::spec().event(name); }

// `transferred_value().as_u128()` on ink! 6: panics (reverts) above u128::MAX.
z3::expr value_above_u128(const SymEnv& env) {
  return z3::ugt(env.value, bv_val(env.value.ctx(), kU128MaxAsU256, 256));
}
z3::expr value_as_u128(const SymEnv& env) { return env.value.extract(127, 0); }

std::vector<SymBranch> register_provider(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& endpoint = args[0].expr();
  const z3::expr& compute_units = args[1].expr();
  const z3::expr& hourly_rate = args[2].expr();
  const z3::expr& caller = env.caller;
  z3::expr above = value_above_u128(env);
  z3::expr stake = value_as_u128(env);
  z3::expr below_min = mut::less(Site::kRegisterBelowMin, stake, pre[kMinStake], false);
  z3::expr registered = mut::guard(Site::kRegisterAlready, at(pre, kExists, caller));
  z3::expr go = !above && !below_min && !registered;
  z3::expr count_max = pre[kCount] == c.bv_val(~std::uint64_t(0), 64);

  // A new provider: its stake is the value (at most u128::MAX here). Only with the
  // "already registered" guard mutated can the write replace a stake, which it then takes away.
  const bool may_replace = mut::on(Site::kRegisterAlready, mut::Op::kNegateGuard) ||
                           mut::on(Site::kRegisterAlready, mut::Op::kDropGuard);
  z3::expr change = to_int(env.value);
  if (may_replace) change = change - z3::ite(at(pre, kExists, caller), to_int(at(pre, kStake, caller)), c.int_val(0));
  SymState post = pre;
  if (mut::writes(Site::kRegisterWrite))
    write_provider(post, caller,
                   {caller, endpoint, compute_units, hourly_rate, env.timestamp, c.bool_val(true), stake,
                    c.bv_val(100, 32)},
                   change);
  post.set(kCount, mut::add(Site::kRegisterCount, pre[kCount], c.bv_val(1, 64)));
  std::vector<SymEvent> registered_event;
  if (mut::emits(Site::kRegisterEvent))
    registered_event = {{event("ProviderRegistered"),
                         {h160_value(caller), u128_value(mut::field(Site::kRegisterEvent, stake)),
                          scalar_value(types::u64(), compute_units)}}};
  const bool returned = mut::returned(Site::kRegisterReturn, true);
  // Both refusals keep the value sent (pre already holds it): `return false` does not revert.
  using Branch = cpr::RegisterProviderBranch;
  SymBranch saturated = returns(Branch::kCountSaturated, go && count_max, post, returned);
  saturated.events = registered_event;
  SymBranch ok = returns(Branch::kOk, go && !count_max, post, returned);
  ok.events = registered_event;
  return {revert_branch(Branch::kValueAboveU128, above, pre),
          returns(Branch::kBelowMinStake, !above && below_min, pre, false),
          returns(Branch::kAlreadyRegistered, !above && !below_min && registered, pre, false), saturated, ok};
}

// update_provider and set_active (their branch enums are `Branch`): the caller rewrites
// part of its own profile.
// Its mutation sites: the write, the event (already corrupted, if so, by the caller), the return.
template <model::BranchEnum Branch>
std::vector<SymBranch> update_own(const SymState& pre, const SymEnv& env, const Profile& updated, SymEvent event,
                                  Site write, Site emitted, Site returned) {
  const z3::expr& caller = env.caller;
  z3::expr registered = at(pre, kExists, caller);
  SymState post = pre;
  if (mut::writes(write)) write_provider(post, caller, updated, int_val(pre.ctx(), 0));
  SymBranch ok = returns(Branch::kOk, registered, post, mut::returned(returned, true));
  if (mut::emits(emitted)) ok.events = {std::move(event)};
  return {returns(Branch::kNotRegistered, !registered, pre, false), ok};
}

std::vector<SymBranch> update_provider(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  const z3::expr& endpoint = args[0].expr();
  const z3::expr& hourly_rate = args[1].expr();
  Profile p = read_profile(pre, env.caller);
  p.endpoint = endpoint;
  p.hourly_rate = hourly_rate;
  return update_own<cpr::UpdateProviderBranch>(
      pre, env, p,
      {event("ProviderUpdated"),
       {h160_value(env.caller), scalar_value(types::string(), endpoint),
        u128_value(mut::field(Site::kUpdateEvent, hourly_rate))}},
      Site::kUpdateWrite, Site::kUpdateEvent, Site::kUpdateReturn);
}

std::vector<SymBranch> set_active(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  const z3::expr& is_active = args[0].expr();
  Profile p = read_profile(pre, env.caller);
  p.is_active = is_active;
  return update_own<cpr::SetActiveBranch>(
      pre, env, p,
      {event("ProviderActiveChanged"),
       {h160_value(mut::field(Site::kActiveEvent, env.caller)), scalar_value(types::boolean(), is_active)}},
      Site::kActiveWrite, Site::kActiveEvent, Site::kActiveReturn);
}

std::vector<SymBranch> add_stake(const SymState& pre, const SymEnv& env, const std::vector<SymValue>&) {
  z3::context& c = pre.ctx();
  const z3::expr& caller = env.caller;
  z3::expr above = value_above_u128(env);
  z3::expr amount = value_as_u128(env);
  z3::expr zero = mut::guard(Site::kAddZero, amount == c.bv_val(0, 128));
  z3::expr registered = at(pre, kExists, caller);
  z3::expr go = !above && !zero && registered;
  Profile p = read_profile(pre, caller);
  // `p.stake > u128::MAX - amount`, said in Int (the value is the amount when not above
  // u128::MAX) so that the stake change below is linear: the stake rises by the amount,
  // or up to u128::MAX.
  z3::expr max = int_val(c, BigInt(kU128Max));
  z3::expr saturates = to_int(p.stake) + to_int(env.value) > max;
  z3::expr change = z3::ite(saturates, max - to_int(p.stake), to_int(env.value));
  // The mutated additions, said in Int the same way: wrapping loses 2^128 where the
  // saturating one stops at the maximum; saturating_sub lowers the stake by the amount, or to 0.
  if (mut::on(Site::kAddStake, mut::Op::kWrapping))
    change = z3::ite(saturates, to_int(env.value) - int_val(c, BigInt(kU128Max)) - c.int_val(1), to_int(env.value));
  if (mut::on(Site::kAddStake, mut::Op::kSwapPlusMinus))
    change = z3::ite(z3::ult(p.stake, amount), -to_int(p.stake), -to_int(env.value));
  p.stake = mut::add(Site::kAddStake, p.stake, amount);
  SymState post = pre;
  if (mut::writes(Site::kAddWrite)) write_provider(post, caller, p, change);
  std::vector<SymEvent> added;
  if (mut::emits(Site::kAddEvent))
    added = {{event("StakeAdded"), {h160_value(caller), u128_value(mut::field(Site::kAddEvent, amount))}}};
  const bool returned = mut::returned(Site::kAddReturn, true);
  using Branch = cpr::AddStakeBranch;
  SymBranch saturated = returns(Branch::kSaturated, go && saturates, post, returned);
  saturated.events = added;
  SymBranch ok = returns(Branch::kOk, go && !saturates, post, returned);
  ok.events = added;
  // An unregistered caller's value stays in the contract (pre already holds it).
  return {revert_branch(Branch::kValueAboveU128, above, pre), returns(Branch::kZero, !above && zero, pre, false),
          returns(Branch::kNotRegistered, !above && !zero && !registered, pre, false), saturated, ok};
}

std::vector<SymBranch> withdraw_stake(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  const z3::expr& amount = args[0].expr();
  const z3::expr& caller = env.caller;
  z3::expr registered = at(pre, kExists, caller);
  Profile p = read_profile(pre, caller);
  z3::expr locked = mut::guard(Site::kWithdrawLocked, p.is_active && caller != pre[kAdmin]);
  z3::expr above_stake = mut::less(Site::kWithdrawAboveStake, p.stake, amount, false);
  const bool transfers = mut::transfers(Site::kWithdrawTransfer);
  z3::expr covered = transfers ? transfer_succeeds(pre, amount) : pre.ctx().bool_val(true);
  z3::expr go = registered && !locked && !above_stake;
  // amount <= stake on the way to ok, unless the guard above is mutated: then the
  // saturating subtraction may stop at 0, and the stake falls by what it held.
  z3::expr change = -to_int(amount);
  if (mut::on(Site::kWithdrawAboveStake, mut::Op::kNegateGuard) ||
      mut::on(Site::kWithdrawAboveStake, mut::Op::kDropGuard) ||
      mut::on(Site::kWithdrawAboveStake, mut::Op::kBoundaryShift))
    change = -z3::ite(z3::ult(p.stake, amount), to_int(p.stake), to_int(amount));
  p.stake = saturating_sub(p.stake, amount);
  SymState post = pre;
  if (mut::writes(Site::kWithdrawWrite)) write_provider(post, caller, p, change);
  using Branch = cpr::WithdrawStakeBranch;
  SymBranch ok = returns(Branch::kOk, go && covered, post, mut::returned(Site::kWithdrawReturn, true));
  if (transfers) pay(ok, mut::payee(Site::kWithdrawTransfer, caller, pre[kAdmin]), amount);
  if (mut::emits(Site::kWithdrawEvent))
    ok.events = {{event("StakeWithdrawn"), {h160_value(caller), u128_value(mut::field(Site::kWithdrawEvent, amount))}}};
  return {returns(Branch::kNotRegistered, !registered, pre, false),
          returns(Branch::kActiveNotAdmin, registered && locked, pre, false),
          returns(Branch::kAboveStake, registered && !locked && above_stake, pre, false),
          returns(Branch::kTransferFailed, go && !covered, pre, false), ok};
}

std::vector<SymBranch> set_reputation(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  const z3::expr& provider = args[0].expr();
  const z3::expr& score = args[1].expr();
  z3::expr admin = !mut::guard(Site::kReputationNotAdmin, env.caller != pre[kAdmin]);
  z3::expr registered = at(pre, kExists, provider);
  Profile p = read_profile(pre, provider);
  p.reputation = score;
  SymState post = pre;
  if (mut::writes(Site::kReputationWrite)) write_provider(post, provider, p, int_val(pre.ctx(), 0));
  using Branch = cpr::SetReputationBranch;
  SymBranch ok = returns(Branch::kOk, admin && registered, post, mut::returned(Site::kReputationReturn, true));
  if (mut::emits(Site::kReputationEvent))
    ok.events = {{event("ReputationUpdated"),
                  {h160_value(provider), scalar_value(types::u32(), mut::field(Site::kReputationEvent, score))}}};
  return {returns(Branch::kNotAdmin, !admin, pre, false),
          returns(Branch::kNoProvider, admin && !registered, pre, false), ok};
}

std::vector<SymBranch> set_min_stake(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::expr admin = !mut::guard(Site::kMinStakeNotAdmin, env.caller != pre[kAdmin]);
  SymState post = pre;
  if (mut::writes(Site::kMinStakeWrite)) post.set(kMinStake, args[0].expr());
  using Branch = cpr::SetMinStakeBranch;
  return {returns(Branch::kNotAdmin, !admin, pre, false),
          returns(Branch::kOk, admin, post, mut::returned(Site::kMinStakeReturn, true))};
}

std::vector<SymMessage> messages(z3::context&) {
  const auto& spec = cpr::spec();
  return {
      {spec.message("register_provider"), register_provider},
      {spec.message("update_provider"), update_provider},
      {spec.message("set_active"), set_active},
      {spec.message("add_stake"), add_stake},
      {spec.message("withdraw_stake"), withdraw_stake},
      {spec.message("set_reputation"), set_reputation},
      {spec.message("set_min_stake"), set_min_stake},
  };
}

}  // namespace

const ContractEncoding& compute_provider_registry_encoding() {
  static const ContractEncoding e{&cpr::spec(), schema, from_model, messages};
  return e;
}

}  // namespace meshcheck::smt
