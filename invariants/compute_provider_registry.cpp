// compute_provider_registry's invariants, and its part of G-SOLVENT: each one's
// statement, its concrete check and its Z3 predicate, side by side.
//
// Ghost: the sum of all providers' stakes. The Monitor updates it from each step's
// changed providers (view_of below); the encoding keeps the same sum as the field
// ghost.stake_sum, updated by every provider write (write_provider in
// smt/compute_provider_registry.cpp, by the stake change each message passes it). The
// encoding also counts registered providers (ghost.registered, same hook) for R-COUNT,
// where the check reads the map's size.
#include <limits>

#include "invariants/invariant.hpp"
#include "model/compute_provider_registry.hpp"
#include "smt/compute_provider_registry.hpp"

namespace meshcheck::invariants {

namespace {
namespace cpr = model::deployed::compute_provider_registry;
using namespace smt::compute_provider_registry;  // the encoding's field names

struct Ghost {
  BigInt stake_sum = 0;
};

BigInt stake_of(const cpr::ProviderProfile* p) { return p ? BigInt(p->stake) : BigInt(0); }

std::any init_ghost(const model::ContractState& state) {
  Ghost g;
  static_cast<const cpr::State&>(state).providers.for_each(
      [&](const Address&, const cpr::ProviderProfile& p) { g.stake_sum += BigInt(p.stake); });
  return g;
}

// One step as compute_provider_registry's checks see it.
struct RegistryStep {
  const RunStep& step;
  const model::Instance& after;
  const cpr::State* was;  // null when the step deployed it
  const cpr::State& now;
  bool called;               // the step is a call to this instance
  bool admin_call;           // by the admin (as it was before the step)
  bool admin_set_min_stake;  // the admin's set_min_stake
  bool min_changed;          // min_stake changed
  struct Changed {
    Address who;
    const cpr::ProviderProfile *old, *cur;  // null: not registered (they point into the states before and after)
  };
  boost::container::small_vector<Changed, 2> changed = {};  // the providers the step changed
  BigInt stake_change = 0;                                  // the change of the sum of stakes
  BigInt stake_sum = 0;                                     // the sum of stakes after the step

  std::string at() const { return " (compute_provider_registry at " + after.address.hex() + ")"; }
  std::string which(const Address& who) const { return "provider " + who.hex(); }
  std::string what() const {
    return called ? " in " + step.call->message->label + " by " + step.call->caller.hex()
                  : std::string(" outside a call");
  }
};

RegistryStep view_of(const RunStep& step, const model::Instance* before, const model::Instance& after,
                     std::any& ghost_any) {
  Ghost& ghost = std::any_cast<Ghost&>(ghost_any);
  bool called = step.kind == StepKind::Call && step.call->contract == after.address;
  const auto* was = before ? &static_cast<const cpr::State&>(*before->state) : nullptr;
  const auto& now = static_cast<const cpr::State&>(*after.state);
  bool admin_call = called && was && step.call->caller == was->admin;
  RegistryStep v{.step = step,
                 .after = after,
                 .was = was,
                 .now = now,
                 .called = called,
                 .admin_call = admin_call,
                 .admin_set_min_stake = admin_call && step.call->message->label == "set_min_stake",
                 .min_changed = was && was->min_stake != now.min_stake};
  if (was) {
    PMap<Address, cpr::ProviderProfile>::diff(
        was->providers, now.providers,
        [&](const Address& who, const cpr::ProviderProfile* old, const cpr::ProviderProfile* cur) {
          v.stake_change += stake_of(cur) - stake_of(old);
          v.changed.push_back({who, old, cur});
        });
    ghost.stake_sum += v.stake_change;
  }
  v.stake_sum = ghost.stake_sum;
  return v;
}

// A quantified provider address for the predicates.
z3::expr provider_key(z3::context& c) { return c.constant("provider", c.bv_sort(160)); }

// --- R-STAKE ------------------------------------------------------------------------
const Invariant kRStake{"R-STAKE", Kind::Transition,
                        "No call changes (contract balance − sum of stakes): stake is conserved.",
                        "Stake that is created or lost by a call means providers can withdraw more than they staked, "
                        "or lose collateral they put up.",
                        "compute_provider_registry", {"deployed"}};

void check_stake(const RegistryStep& v, Findings& findings) {
  if (!v.was || !v.called) return;
  BigInt balance_change =
      BigInt(balance_in(v.step.after, v.after.address)) - BigInt(balance_in(v.step.before, v.after.address));
  if (balance_change != v.stake_change)
    findings.violation("R-STAKE", [&] {
      return "the contract's balance changed by " + balance_change.str() + " but the sum of stakes by " +
             v.stake_change.str() + v.what() + v.at();
    });
}

z3::expr stake_holds(const smt::SymStep& s) {
  const smt::SymState& post = s.branch.post;
  return post.balance - s.pre.balance == post[kStakeSum] - s.pre[kStakeSum];
}

// --- R-MINSTAKE ---------------------------------------------------------------------
const Invariant kRMinStake{
    "R-MINSTAKE", Kind::State,
    "Every active provider holds at least min_stake; only the admin's set_min_stake may break this.",
    "Clients rely on min_stake as collateral behind every active provider; an under-staked active "
    "provider has less at risk than promised.",
    "compute_provider_registry", {"deployed"}};

// "Only the admin's set_min_stake may break this" is judged per step as "which step
// broke it": a provider is reported by the step that leaves it active and below
// min_stake when it was not already so before the step (not active, or at or above the
// old min_stake), or that lowers the stake of one already below. The admin's
// set_min_stake is the one step allowed to break it (raising min_stake above active
// providers' stakes), and the providers it leaves below are not reported again by later
// steps that leave them as they are, or only change their endpoint or rate. A later
// step that re-activates such a provider (set_active(true) while below min_stake), or
// that lowers an active provider's stake below min_stake (the admin's withdraw_stake
// while active), did break it: that step is reported. Only providers the step changed
// are looked at, except when min_stake itself changed in a step other than the admin's
// set_min_stake: then every provider is (that step is never taken by the deployed code).
bool below_min(const cpr::ProviderProfile& p, const u128& min_stake) { return p.is_active && p.stake < min_stake; }

// Whether the step taking `old` (under old_min) to `cur` (under new_min) broke R-MINSTAKE for this provider.
bool breaks_min_stake(const cpr::ProviderProfile* old, const u128& old_min, const cpr::ProviderProfile& cur,
                      const u128& new_min) {
  if (!below_min(cur, new_min)) return false;
  bool was_below = old && below_min(*old, old_min);
  return !was_below || cur.stake < old->stake;
}

void check_min_stake(const RegistryStep& v, Findings& findings) {
  if (!v.was) {
    // Deployed now: judged over the whole state (a constructed state has no providers,
    // so this costs nothing).
    v.now.providers.for_each([&](const Address& who, const cpr::ProviderProfile& p) {
      if (below_min(p, v.now.min_stake))
        findings.violation("R-MINSTAKE", [&] {
          return "provider " + who.hex() + " is active with stake " + p.stake.str() + " below min_stake " +
                 v.now.min_stake.str() + " at deployment" + v.at();
        });
    });
    return;
  }
  if (v.admin_set_min_stake) return;
  if (!v.min_changed) {
    for (const auto& provider : v.changed) {
      if (provider.cur && breaks_min_stake(provider.old, v.was->min_stake, *provider.cur, v.now.min_stake))
        findings.violation("R-MINSTAKE", [&] {
          return v.which(provider.who) + " is active with stake " + provider.cur->stake.str() + " below min_stake " +
                 v.now.min_stake.str() + v.what() + v.at();
        });
    }
    return;
  }
  // min_stake moved, but not by the admin's set_min_stake: every provider it leaves below is
  // broken by this step (a full scan, on a step the deployed code never takes).
  v.now.providers.for_each([&](const Address& who, const cpr::ProviderProfile& cur) {
    const cpr::ProviderProfile* old = v.was->providers.find(who);
    if (breaks_min_stake(old, v.was->min_stake, cur, v.now.min_stake))
      findings.violation("R-MINSTAKE", [&] {
        return "provider " + who.hex() + " is active with stake " + cur.stake.str() + " below min_stake " +
               v.now.min_stake.str() + ", which changed" + v.what() + v.at();
      });
  });
}

// An active provider below min_stake.
z3::expr below_min(const smt::SymState& s, const z3::expr& k) {
  return at(s, kExists, k) && at(s, kIsActive, k) && z3::ult(at(s, kStake, k), s[kMinStake]);
}

// A step other than the admin's set_min_stake breaks it for a provider it leaves active
// and below min_stake, unless that provider already was so before the step and its stake
// did not go down. (Providers the step left unchanged, under an unchanged min_stake, are
// never broken by it, so quantifying over every provider says the same as the check's
// look at the changed ones.)
z3::expr min_stake_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::context& c = pre.ctx();
  bool set_min_stake = s.message.spec->label == "set_min_stake";
  z3::expr admin_set_min_stake = c.bool_val(set_min_stake) && s.env.caller == pre[kAdmin];
  z3::expr k = provider_key(c);
  z3::expr breaks = below_min(post, k) && (!below_min(pre, k) || z3::ult(at(post, kStake, k), at(pre, kStake, k)));
  return admin_set_min_stake || z3::forall(k, !breaks);
}

// --- R-COUNT ------------------------------------------------------------------------
const Invariant kRCount{"R-COUNT", Kind::State, "provider_count equals the number of registered providers.",
                        "Off-chain dashboards and limits read provider_count; a wrong count misreports the network's "
                        "capacity.",
                        "compute_provider_registry", {"deployed"}};

void check_count(const RegistryStep& v, Findings& findings) {
  if (v.now.provider_count != v.now.providers.size())
    findings.violation("R-COUNT", [&] {
      return "provider_count is " + std::to_string(v.now.provider_count) + " but " +
             std::to_string(v.now.providers.size()) + " providers are registered" + v.at();
    });
}

z3::expr count_holds(const smt::SymState& s) { return z3::zext(s[kCount], 161 - 64) == s[kRegistered]; }

// --- R-AUTH -------------------------------------------------------------------------
const Invariant kRAuth{
    "R-AUTH", Kind::Transition,
    "Only the admin sets reputation or min_stake; only a provider changes its own profile, activity and stake.",
    "Only the admin may set reputation and min_stake, and only a provider may change its own profile "
    "and stake; otherwise anyone can hijack or slash a provider.",
    "compute_provider_registry", {"deployed"}};

// Every field but the reputation: the provider's own profile, activity and stake.
bool own_fields_differ(const cpr::ProviderProfile& a, const cpr::ProviderProfile& b) {
  return a.provider != b.provider || a.endpoint != b.endpoint || a.compute_units != b.compute_units ||
         a.hourly_rate != b.hourly_rate || a.registered_at != b.registered_at || a.is_active != b.is_active ||
         a.stake != b.stake;
}

// The reputation is the admin's; everything else (and registering, and leaving) is the
// provider's own.
void check_auth(const RegistryStep& v, Findings& findings) {
  if (!v.was) return;
  if (v.min_changed && !v.admin_call)
    findings.violation("R-AUTH", [&] {
      return "min_stake changed from " + v.was->min_stake.str() + " to " + v.now.min_stake.str() + v.what() +
             ", not the admin " + v.was->admin.hex() + v.at();
    });
  for (const auto& provider : v.changed) {
    bool reputation_changed =
        provider.cur && (provider.old ? provider.old->reputation_score != provider.cur->reputation_score : false);
    bool own_changed = !provider.old || !provider.cur || own_fields_differ(*provider.old, *provider.cur);
    if (reputation_changed && !v.admin_call)
      findings.violation("R-AUTH", [&] {
        return v.which(provider.who) + "'s reputation changed from " + std::to_string(provider.old->reputation_score) +
               " to " + std::to_string(provider.cur->reputation_score) + v.what() + ", not the admin " +
               v.was->admin.hex() + v.at();
      });
    if (own_changed && (!v.called || v.step.call->caller != provider.who))
      findings.violation("R-AUTH", [&] {
        return v.which(provider.who) +
               (!provider.old   ? " was registered"
                : !provider.cur ? " was removed"
                                : "'s profile changed") +
               v.what() + ", not by the provider itself" + v.at();
      });
  }
}

// Every field but the reputation differs (the provider's own profile, activity and stake).
z3::expr own_fields_differ(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  return at(a, kProvider, k) != at(b, kProvider, k) || at(a, kEndpoint, k) != at(b, kEndpoint, k) ||
         at(a, kComputeUnits, k) != at(b, kComputeUnits, k) || at(a, kHourlyRate, k) != at(b, kHourlyRate, k) ||
         at(a, kRegisteredAt, k) != at(b, kRegisteredAt, k) || at(a, kIsActive, k) != at(b, kIsActive, k) ||
         at(a, kStake, k) != at(b, kStake, k);
}

// Registering included.
z3::expr auth_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  const z3::expr& caller = s.env.caller;
  z3::expr admin = caller == pre[kAdmin];
  z3::expr k = provider_key(pre.ctx());
  z3::expr both = at(pre, kExists, k) && at(post, kExists, k);
  z3::expr reputation_changed = both && at(pre, kReputation, k) != at(post, kReputation, k);
  z3::expr own_changed = at(pre, kExists, k) != at(post, kExists, k) || (both && own_fields_differ(pre, post, k));
  return z3::implies(pre[kMinStake] != post[kMinStake], admin) &&
         z3::forall(k, z3::implies(reputation_changed, admin) && z3::implies(own_changed, caller == k));
}

// --- G-SOLVENT, compute_provider_registry's part (the statement is in global.cpp) ----
// The balance covers the sum of stakes.
void check_solvent(const RegistryStep& v, Findings& findings) {
  if (BigInt(balance_in(v.step.after, v.after.address)) < v.stake_sum)
    findings.violation("G-SOLVENT", [&] {
      return "the balance " + balance_in(v.step.after, v.after.address).str() + " is below the sum of stakes " +
             v.stake_sum.str() + v.at();
    });
}

z3::expr solvent_holds(const smt::SymState& s) { return s.balance >= s[kStakeSum]; }

// --- A-COUNTERS, compute_provider_registry's part (the statement is in assumptions.cpp)
// provider_count is below u64::MAX: a registration then counts its provider.
bool counters_below_max(const model::ContractState& state) {
  return static_cast<const cpr::State&>(state).provider_count != std::numeric_limits<u64>::max();
}
z3::expr counters_below_max(const smt::SymState& s) {
  return s[kCount] != s.ctx().bv_val(std::numeric_limits<std::uint64_t>::max(), 64);
}
}  // namespace

const ContractInvariants& compute_provider_registry_invariants() {
  static const Checks<RegistryStep> checks{
      init_ghost,
      view_of,
      {
          {"R-STAKE", check_stake, nullptr, stake_holds},
          {"R-MINSTAKE", check_min_stake, nullptr, min_stake_holds},
          {"R-COUNT", check_count, count_holds, nullptr},
          {"R-AUTH", check_auth, nullptr, auth_holds},
          {"G-SOLVENT", check_solvent, solvent_holds, nullptr},
      },
      {},
      {
          {"A-COUNTERS", counters_below_max, counters_below_max},
      },
  };
  static const ContractInvariants ci =
      contract_invariants("compute_provider_registry", {kRStake, kRMinStake, kRCount, kRAuth}, checks);
  return ci;
}

}  // namespace meshcheck::invariants
