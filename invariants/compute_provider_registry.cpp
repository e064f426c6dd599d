// compute_provider_registry's invariants, and its part of G-SOLVENT.
//
// Ghost: the sum of all providers' stakes, updated from each step's changed providers.
//
// R-MINSTAKE, "only the admin's set_min_stake may break this", is judged per step as
// "which step broke it": a provider is reported by the step that leaves it active and
// below min_stake when it was not already so before the step (not active, or at or
// above the old min_stake), or that lowers the stake of one already below. The admin's
// set_min_stake is the one step allowed to break it (raising min_stake above active
// providers' stakes), and the providers it leaves below are not reported again by later
// steps that leave them as they are, or only change their endpoint or rate. A later
// step that re-activates such a provider (set_active(true) while below min_stake), or
// that lowers an active provider's stake below min_stake (the admin's withdraw_stake
// while active), did break it: that step is reported. Only providers the step changed
// are looked at, except when min_stake itself changed in a step other than the admin's
// set_min_stake: then every provider is (that step is never taken by the deployed code).
#include "invariants/invariant.hpp"
#include "model/compute_provider_registry.hpp"

namespace meshcheck::invariants {

namespace {
namespace cpr = model::deployed::compute_provider_registry;

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

bool below_min(const cpr::ProviderProfile& p, const u128& min_stake) { return p.is_active && p.stake < min_stake; }

// Whether the step taking `old` (under old_min) to `cur` (under new_min) broke R-MINSTAKE for this provider.
bool breaks_min_stake(const cpr::ProviderProfile* old, const u128& old_min, const cpr::ProviderProfile& cur,
                      const u128& new_min) {
  if (!below_min(cur, new_min)) return false;
  bool was_below = old && below_min(*old, old_min);
  return !was_below || cur.stake < old->stake;
}

// Every field but the reputation: the provider's own profile, activity and stake.
bool own_fields_differ(const cpr::ProviderProfile& a, const cpr::ProviderProfile& b) {
  return a.provider != b.provider || a.endpoint != b.endpoint || a.compute_units != b.compute_units ||
         a.hourly_rate != b.hourly_rate || a.registered_at != b.registered_at || a.is_active != b.is_active ||
         a.stake != b.stake;
}

void check(const RunStep& step, const model::Instance* before, const model::Instance& after, std::any& ghost_any,
           Findings& report) {
  Ghost& ghost = std::any_cast<Ghost&>(ghost_any);
  const auto& now = static_cast<const cpr::State&>(*after.state);
  bool called = step.kind == StepKind::Call && step.call->contract == after.address;
  // Report text, built only when something is reported.
  auto at = [&] { return " (compute_provider_registry at " + after.address.hex() + ")"; };
  auto what = [&] {
    return called ? " in " + step.call->message->label + " by " + step.call->caller.hex() : std::string(" outside a call");
  };

  if (!before) {
    // Deployed now: the ghost was computed from this state. State invariants over all of it
    // (a constructed state has no providers, so this costs nothing).
    if (report.wants("R-MINSTAKE"))
      now.providers.for_each([&](const Address& who, const cpr::ProviderProfile& p) {
        if (below_min(p, now.min_stake))
          report.violation("R-MINSTAKE", [&] {
            return std::string("provider " + who.hex() + " is active with stake " + p.stake.str() +
                               " below min_stake " + now.min_stake.str() + " at deployment" + at());
          });
      });
  } else {
    const auto& was = static_cast<const cpr::State&>(*before->state);
    bool admin_call = called && step.call->caller == was.admin;
    bool admin_set_min_stake = admin_call && step.call->message->label == "set_min_stake";
    bool min_changed = was.min_stake != now.min_stake;

    if (min_changed && !admin_call)
      report.violation("R-AUTH", [&] {
        return std::string("min_stake changed from " + was.min_stake.str() + " to " + now.min_stake.str() + what() +
                           ", not the admin " + was.admin.hex() + at());
      });

    BigInt stake_change = 0;
    PMap<Address, cpr::ProviderProfile>::diff(
        was.providers, now.providers,
        [&](const Address& who, const cpr::ProviderProfile* old, const cpr::ProviderProfile* cur) {
          stake_change += stake_of(cur) - stake_of(old);
          auto which = [&] { return "provider " + who.hex(); };
          // R-AUTH: the reputation is the admin's; everything else (and registering, and
          // leaving) is the provider's own.
          bool reputation_changed = cur && (old ? old->reputation_score != cur->reputation_score : false);
          bool own_changed = !old || !cur || own_fields_differ(*old, *cur);
          if (reputation_changed && !admin_call)
            report.violation("R-AUTH", [&] {
              return std::string(which() + "'s reputation changed from " + std::to_string(old->reputation_score) +
                                 " to " + std::to_string(cur->reputation_score) + what() + ", not the admin " +
                                 was.admin.hex() + at());
            });
          if (own_changed && (!called || step.call->caller != who))
            report.violation("R-AUTH", [&] {
              return std::string(which() +
                                 (!old   ? " was registered"
                                  : !cur ? " was removed"
                                         : "'s profile changed") +
                                 what() + ", not by the provider itself" + at());
            });
          // R-MINSTAKE over the changed providers (over all of them, below, when min_stake moved).
          if (cur && !admin_set_min_stake && !min_changed && breaks_min_stake(old, was.min_stake, *cur, now.min_stake))
            report.violation("R-MINSTAKE", [&] {
              return std::string(which() + " is active with stake " + cur->stake.str() + " below min_stake " +
                                 now.min_stake.str() + what() + at());
            });
        });
    ghost.stake_sum += stake_change;

    // min_stake moved, but not by the admin's set_min_stake: every provider it leaves below is
    // broken by this step (a full scan, on a step the deployed code never takes).
    if (min_changed && !admin_set_min_stake && report.wants("R-MINSTAKE"))
      now.providers.for_each([&](const Address& who, const cpr::ProviderProfile& cur) {
        const cpr::ProviderProfile* old = was.providers.find(who);
        if (breaks_min_stake(old, was.min_stake, cur, now.min_stake))
          report.violation("R-MINSTAKE", [&] {
            return std::string("provider " + who.hex() + " is active with stake " + cur.stake.str() +
                               " below min_stake " + now.min_stake.str() + ", which changed" + what() + at());
          });
      });

    if (called) {
      BigInt balance_change =
          BigInt(balance_in(step.after, after.address)) - BigInt(balance_in(step.before, after.address));
      if (balance_change != stake_change)
        report.violation("R-STAKE", [&] {
          return std::string("the contract's balance changed by " + balance_change.str() +
                             " but the sum of stakes by " + stake_change.str() + what() + at());
        });
    }
  }

  if (now.provider_count != now.providers.size())
    report.violation("R-COUNT", [&] {
      return std::string("provider_count is " + std::to_string(now.provider_count) + " but " +
                         std::to_string(now.providers.size()) + " providers are registered" + at());
    });

  if (BigInt(balance_in(step.after, after.address)) < ghost.stake_sum)
    report.violation("G-SOLVENT", [&] {
      return std::string("the balance " + balance_in(step.after, after.address).str() + " is below the sum of stakes " +
                         ghost.stake_sum.str() + at());
    });
}
}  // namespace

const ContractInvariants& compute_provider_registry_invariants() {
  static const ContractInvariants ci = legacy_contract_invariants(
      "compute_provider_registry",
      {
          {"R-STAKE", Kind::Transition,
           "No call changes (contract balance − sum of stakes): stake is conserved.", "Stake that is created or lost by a call means providers can withdraw more than they staked, or "
                  "lose collateral they put up.",
           "compute_provider_registry",
           {"deployed"}},
          {"R-MINSTAKE", Kind::State,
           "Every active provider holds at least min_stake; only the admin's set_min_stake may break this.",
           "Clients rely on min_stake as collateral behind every active provider; an under-staked active "
                     "provider has less at risk than promised.",
           "compute_provider_registry", {"deployed"}},
          {"R-COUNT", Kind::State, "provider_count equals the number of registered providers.",
           "Off-chain dashboards and limits read provider_count; a wrong count misreports the network's "
                  "capacity.",
           "compute_provider_registry", {"deployed"}},
          {"R-AUTH", Kind::Transition,
           "Only the admin sets reputation or min_stake; only a provider changes its own profile, activity and stake.",
           "Only the admin may set reputation and min_stake, and only a provider may change its own profile "
                 "and stake; otherwise anyone can hijack or slash a provider.",
           "compute_provider_registry", {"deployed"}},
      },
      init_ghost,
      check, smt::compute_provider_registry_encoding());
  return ci;
}

}  // namespace meshcheck::invariants
