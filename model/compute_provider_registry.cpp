#include "model/compute_provider_registry.hpp"

#include "model/contract_kind.hpp"
#include "mutation/compute_provider_registry.hpp"

namespace meshcheck::model::deployed::compute_provider_registry {

namespace {
// The mutation sites (mutation/compute_provider_registry.hpp): with no mutant active,
// each hook returns what it is given.
namespace mut = mutation;
using Site = mutation::compute_provider_registry::Site;

TypeRef profile_type() {
  static TypeRef t = types::struct_("ProviderProfile", {{"provider", types::h160()},
                                                        {"endpoint", types::string()},
                                                        {"compute_units", types::u64()},
                                                        {"hourly_rate", types::u128()},
                                                        {"registered_at", types::u64()},
                                                        {"is_active", types::boolean()},
                                                        {"stake", types::u128()},
                                                        {"reputation_score", types::u32()}});
  return t;
}

const EventSpec kProviderRegistered{"ProviderRegistered",
                                    {{"provider", types::h160(), true},
                                     {"stake", types::u128(), false},
                                     {"compute_units", types::u64(), false}}};
const EventSpec kProviderUpdated{"ProviderUpdated",
                                 {{"provider", types::h160(), true},
                                  {"endpoint", types::string(), false},
                                  {"hourly_rate", types::u128(), false}}};
const EventSpec kProviderActiveChanged{"ProviderActiveChanged",
                                       {{"provider", types::h160(), true}, {"is_active", types::boolean(), false}}};
const EventSpec kStakeAdded{"StakeAdded", {{"provider", types::h160(), true}, {"amount", types::u128(), false}}};
const EventSpec kStakeWithdrawn{"StakeWithdrawn",
                                {{"provider", types::h160(), true}, {"amount", types::u128(), false}}};
const EventSpec kReputationUpdated{"ReputationUpdated",
                                   {{"provider", types::h160(), true}, {"score", types::u32(), false}}};
}  // namespace

State construct(const CallEnv& env, const u128& min_stake) {
  State s;
  s.min_stake = min_stake;
  s.admin = env.caller;
  return s;
}

bool register_provider(State& self, Ctx& ctx, const std::string& endpoint, u64 compute_units,
                       const u128& hourly_rate) {
  using enum RegisterProviderBranch;
  const Address& caller = ctx.env.caller;
  if (ctx.env.value > kU128MaxAsU256) ctx.cover(kValueAboveU128);
  u128 stake = ctx.transferred_value_as_u128();
  // Both refusals keep the value sent: `return false` does not revert.
  if (mut::less(Site::kRegisterBelowMin, stake, self.min_stake, false)) {
    ctx.cover(kBelowMinStake);
    return false;
  }
  if (mut::guard(Site::kRegisterAlready, self.providers.contains(caller))) {
    ctx.cover(kAlreadyRegistered);
    return false;
  }
  if (mut::writes(Site::kRegisterWrite))
    self.providers.insert(caller, ProviderProfile{caller, endpoint, compute_units, hourly_rate, ctx.env.timestamp,
                                                  true, stake, 100});
  if (self.provider_count == std::numeric_limits<u64>::max()) ctx.cover(kCountSaturated);
  self.provider_count = mut::add(Site::kRegisterCount, self.provider_count, u64(1));
  if (mut::emits(Site::kRegisterEvent))
    ctx.emit(kProviderRegistered, {caller, mut::field(Site::kRegisterEvent, stake), compute_units});
  ctx.cover(kOk);
  return mut::returned(Site::kRegisterReturn, true);
}

bool update_provider(State& self, Ctx& ctx, const std::string& endpoint, const u128& hourly_rate) {
  using enum UpdateProviderBranch;
  const ProviderProfile* found = self.providers.find(ctx.env.caller);
  if (!found) {
    ctx.cover(kNotRegistered);
    return false;
  }
  ProviderProfile p = *found;
  p.endpoint = endpoint;
  p.hourly_rate = hourly_rate;
  if (mut::writes(Site::kUpdateWrite)) self.providers.insert(ctx.env.caller, p);
  if (mut::emits(Site::kUpdateEvent))
    ctx.emit(kProviderUpdated, {ctx.env.caller, endpoint, mut::field(Site::kUpdateEvent, hourly_rate)});
  ctx.cover(kOk);
  return mut::returned(Site::kUpdateReturn, true);
}

bool set_active(State& self, Ctx& ctx, bool is_active) {
  using enum SetActiveBranch;
  const ProviderProfile* found = self.providers.find(ctx.env.caller);
  if (!found) {
    ctx.cover(kNotRegistered);
    return false;
  }
  ProviderProfile p = *found;
  p.is_active = is_active;
  if (mut::writes(Site::kActiveWrite)) self.providers.insert(ctx.env.caller, p);
  if (mut::emits(Site::kActiveEvent))
    ctx.emit(kProviderActiveChanged, {mut::field(Site::kActiveEvent, ctx.env.caller), is_active});
  ctx.cover(kOk);
  return mut::returned(Site::kActiveReturn, true);
}

bool add_stake(State& self, Ctx& ctx) {
  using enum AddStakeBranch;
  if (ctx.env.value > kU128MaxAsU256) ctx.cover(kValueAboveU128);
  u128 amount = ctx.transferred_value_as_u128();
  if (mut::guard(Site::kAddZero, amount == 0)) {
    ctx.cover(kZero);
    return false;
  }
  const ProviderProfile* found = self.providers.find(ctx.env.caller);
  if (!found) {
    ctx.cover(kNotRegistered);
    return false;  // an unregistered caller's value stays in the contract
  }
  ProviderProfile p = *found;
  if (p.stake > kU128Max - amount) ctx.cover(kSaturated);
  p.stake = mut::add(Site::kAddStake, p.stake, amount);
  if (mut::writes(Site::kAddWrite)) self.providers.insert(ctx.env.caller, p);
  if (mut::emits(Site::kAddEvent)) ctx.emit(kStakeAdded, {ctx.env.caller, mut::field(Site::kAddEvent, amount)});
  ctx.cover(kOk);
  return mut::returned(Site::kAddReturn, true);
}

bool withdraw_stake(State& self, Ctx& ctx, const u128& amount) {
  using enum WithdrawStakeBranch;
  const Address& caller = ctx.env.caller;
  const ProviderProfile* found = self.providers.find(caller);
  if (!found) {
    ctx.cover(kNotRegistered);
    return false;
  }
  ProviderProfile p = *found;
  if (mut::guard(Site::kWithdrawLocked, p.is_active && caller != self.admin)) {
    ctx.cover(kActiveNotAdmin);
    return false;
  }
  if (mut::less(Site::kWithdrawAboveStake, p.stake, amount, false)) {
    ctx.cover(kAboveStake);
    return false;
  }
  if (mut::transfers(Site::kWithdrawTransfer) &&
      !ctx.transfer(mut::payee(Site::kWithdrawTransfer, caller, self.admin), U256(amount))) {
    ctx.cover(kTransferFailed);
    return false;
  }
  p.stake = saturating_sub(p.stake, amount);
  if (mut::writes(Site::kWithdrawWrite)) self.providers.insert(caller, p);
  if (mut::emits(Site::kWithdrawEvent)) ctx.emit(kStakeWithdrawn, {caller, mut::field(Site::kWithdrawEvent, amount)});
  ctx.cover(kOk);
  return mut::returned(Site::kWithdrawReturn, true);
}

bool set_reputation(State& self, Ctx& ctx, const Address& provider, u32 score) {
  using enum SetReputationBranch;
  if (mut::guard(Site::kReputationNotAdmin, ctx.env.caller != self.admin)) {
    ctx.cover(kNotAdmin);
    return false;
  }
  const ProviderProfile* found = self.providers.find(provider);
  if (!found) {
    ctx.cover(kNoProvider);
    return false;
  }
  ProviderProfile p = *found;
  p.reputation_score = score;
  if (mut::writes(Site::kReputationWrite)) self.providers.insert(provider, p);
  if (mut::emits(Site::kReputationEvent))
    ctx.emit(kReputationUpdated, {provider, mut::field(Site::kReputationEvent, score)});
  ctx.cover(kOk);
  return mut::returned(Site::kReputationReturn, true);
}

bool set_min_stake(State& self, Ctx& ctx, const u128& new_min_stake) {
  using enum SetMinStakeBranch;
  if (mut::guard(Site::kMinStakeNotAdmin, ctx.env.caller != self.admin)) {
    ctx.cover(kNotAdmin);
    return false;
  }
  if (mut::writes(Site::kMinStakeWrite)) self.min_stake = new_min_stake;
  ctx.cover(kOk);
  return mut::returned(Site::kMinStakeReturn, true);
}

// The branches of the read-only get_provider, which only spec() below names.
namespace {
enum class GetProviderBranch : unsigned { kNone, kFound, kCount };
constexpr BranchNames<GetProviderBranch> branch_names(GetProviderBranch) {
  using enum GetProviderBranch;
  return {{{kNone, "no such provider"}, {kFound, "found"}}};
}
}  // namespace

Value to_value(const ProviderProfile& p) {
  return Value::seq({p.provider, p.endpoint, p.compute_units, p.hourly_rate, p.registered_at, p.is_active, p.stake,
                     p.reputation_score});
}

const ContractSpec& spec() {
  static const ContractSpec s{
      std::string(contract_name(ContractKind::kComputeProviderRegistry)),
      InkVersion::V6,
      {{"min_stake", types::u128()}},
      [](const CallEnv& env, Args a) -> std::shared_ptr<ContractState> {
        return std::make_shared<State>(construct(env, arg_u128(a, 0)));
      },
      {
          {"register_provider",
           {{"endpoint", types::string()}, {"compute_units", types::u64()}, {"hourly_rate", types::u128()}},
           types::boolean(), true, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return register_provider(s, c, arg_string(a, 0), arg_u64(a, 1), arg_u128(a, 2));
           }>,
           branch_list<RegisterProviderBranch>()},
          {"update_provider", {{"endpoint", types::string()}, {"hourly_rate", types::u128()}}, types::boolean(), false,
           true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return update_provider(s, c, arg_string(a, 0), arg_u128(a, 1));
           }>,
           branch_list<UpdateProviderBranch>()},
          {"set_active", {{"is_active", types::boolean()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value { return set_active(s, c, arg_bool(a, 0)); }>,
           branch_list<SetActiveBranch>()},
          {"add_stake", {}, types::boolean(), true, true,
           typed_body<State, [](State& s, Ctx& c, Args) -> Value { return add_stake(s, c); }>,
           branch_list<AddStakeBranch>()},
          {"withdraw_stake", {{"amount", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value { return withdraw_stake(s, c, arg_u128(a, 0)); }>,
           branch_list<WithdrawStakeBranch>()},
          {"set_reputation", {{"provider", types::h160()}, {"score", types::u32()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return set_reputation(s, c, arg_address(a, 0), arg_u32(a, 1));
           }>,
           branch_list<SetReputationBranch>()},
          {"get_provider", {{"provider", types::h160()}}, types::option(profile_type()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const ProviderProfile* p = s.providers.find(arg_address(a, 0));
             c.cover(p ? GetProviderBranch::kFound : GetProviderBranch::kNone);
             return p ? Value::some(to_value(*p)) : Value::none();
           }>,
           branch_list<GetProviderBranch>()},
          {"get_admin", {}, types::h160(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.admin; }>},
          {"get_provider_count", {}, types::u64(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.provider_count; }>},
          {"get_min_stake", {}, types::u128(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.min_stake; }>},
          {"set_min_stake", {{"new_min_stake", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value { return set_min_stake(s, c, arg_u128(a, 0)); }>,
           branch_list<SetMinStakeBranch>()},
      },
      {&kProviderRegistered, &kProviderUpdated, &kProviderActiveChanged, &kStakeAdded, &kStakeWithdrawn,
       &kReputationUpdated},
      "0xbec9c69919bb7c8ff8beb470938afbb9f932bd8bbd15766d4776b018876e5ea6",  // its code hash (deployments/paseo.json)
  };
  return s;
}

}  // namespace meshcheck::model::deployed::compute_provider_registry
