// compute_provider_registry's invariants in the spec profile: R-STAKE, R-MINSTAKE and
// R-COUNT unchanged, R-AUTH restated for verifiers, bids and slashing.
#include "invariants/spec/spec.hpp"

namespace meshcheck::invariants::spec {

namespace {
namespace cpr = ms::compute_provider_registry;

// Whether a frame of `Msg` ran with an immediate caller `ok` accepts.
template <class Msg, class Ok> bool by(const SpecStep& v, Ok ok) {
  for (const model::Frame* f : frames_running<Msg>(v))
    if (ok(*f)) return true;
  return false;
}

// --- R-STAKE (unchanged: a slash lowers the balance and the stake sum alike) -------------------
void check_stake(const SpecStep& v, Findings& findings) {
  if (v.first || v.step.kind != StepKind::Call) return;
  BigInt stake_change = v.ghost->stake_sum - v.ghost_before.stake_sum;
  BigInt balance_change = v.balance_after(v.at_registry) - v.balance_before(v.at_registry);
  if (stake_change != balance_change)
    findings.violation("R-STAKE", [&] {
      return "compute_provider_registry's balance changed by " + balance_change.str() + " but its stakes by " +
             stake_change.str();
    });
}

// --- R-MINSTAKE (unchanged; judged per step as in the deployed catalog) -------------------------
// A provider breaks it when it is active below min_stake after the step, and was not so
// before (or lost stake while so). Generic over the domain.
template <class D>
Bool<D> min_stake_kept(const ms::SpecSystem<D>& pre, const ms::SpecSystem<D>& post, const Addr<D>& p) {
  auto was = registry(pre).providers.get(p);
  auto now = registry(post).providers.get(p);
  Bool<D> below_now = now.some && now.value.is_active && now.value.stake < registry(post).min_stake;
  Bool<D> below_before = was.some && was.value.is_active && was.value.stake < registry(pre).min_stake;
  return implies(below_now, below_before && !(now.value.stake < was.value.stake));
}

void check_min_stake(const SpecStep& v, Findings& findings) {
  const auto& reg = registry(v.post);
  auto report = [&](const Address& who, const Provider& p) {
    findings.violation("R-MINSTAKE", [&] {
      return "provider " + who.hex() + " is active with stake " + p.stake.str() + " below min_stake " +
             reg.min_stake.str() + " after a call by " + v.caller_text();
    });
  };
  if (v.first) {
    reg.providers.entries.for_each([&](const Address& who, const Provider& p) {
      if (p.is_active && p.stake < reg.min_stake) report(who, p);
    });
    return;
  }
  if (by<cpr::SetMinStake>(v, [&](const model::Frame& f) { return f.caller == registry(v.pre).admin; })) return;
  if (registry(v.pre).min_stake == reg.min_stake) {
    for (auto& c : v.providers)
      if (c.cur && !min_stake_kept<Concrete>(v.pre, v.post, c.key)) report(c.key, *c.cur);
    return;
  }
  reg.providers.entries.for_each([&](const Address& who, const Provider& p) {
    if (!min_stake_kept<Concrete>(v.pre, v.post, who)) report(who, p);
  });
}

// The form, beside the concrete check (R-MINSTAKE is judged per step, as its statement
// says: only the admin's set_min_stake may break it): at a quantified provider p, unless the
// admin's set_min_stake ran, p is not left active below min_stake unless it already was,
// and then its stake did not fall.
z3::expr min_stake_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  auto who = quantified<ms::SAddr>("R-MINSTAKE.p");
  z3::expr by_admin =
      some_frame<cpr::SetMinStake>(p, [&](const SFrame& f) { return f.caller.e == registry(pre).admin.e; });
  return by_admin || min_stake_kept<ms::Symbolic>(pre, p.post, who).e;
}

// --- R-COUNT (unchanged; ghost: the number of registered providers) ------------------------------
void check_count(const SpecStep& v, Findings& findings) {
  if (BigInt(registry(v.post).provider_count) != v.ghost->registered)
    findings.violation("R-COUNT", [&] {
      return "provider_count is " + std::to_string(registry(v.post).provider_count) + " but " +
             v.ghost->registered.str() + " providers are registered";
    });
}

// --- R-AUTH (restated) -----------------------------------------------------------------------
const Invariant kAuth{
    "R-AUTH", Kind::Transition,
    "The admin sets min_stake and verifiers; a registry verifier updates reputation and slashes (only under "
    "X-SLASH); the provider alone registers, updates, (de)activates, adds and withdraws its stake and writes its own "
    "bids; a slash may deactivate.",
    "Only the parties the design names may change a provider's standing, stake and bids; otherwise anyone can "
    "hijack, drain or slash a provider, or bid in its name.",
    "compute_provider_registry", {"spec"}};

// Concrete: by the registry frames' immediate callers.
void check_auth(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  const auto& pre = registry(v.pre);
  const auto& post = registry(v.post);
  auto fail = [&](const std::string& what) { findings.violation("R-AUTH", [&] { return what + " in a call by " + v.caller_text(); }); };
  auto admin = [&](const model::Frame& f) { return f.caller == pre.admin; };
  auto verifier = [&](const model::Frame& f) { return pre.verifiers.get_or_default(f.caller); };
  if (pre.min_stake != post.min_stake && !by<cpr::SetMinStake>(v, admin)) fail("min_stake changed without the admin");
  if (!(pre.verifiers == post.verifiers) && !by<cpr::SetVerifier>(v, admin)) fail("the verifiers changed without the admin");
  for (auto& c : v.providers) {
    const Address& p = c.key;
    auto self = [&](const model::Frame& f) { return f.caller == p; };
    std::string who = "provider " + p.hex();
    if (!c.cur) { fail(who + " was removed"); continue; }
    if (!c.old) {
      if (!by<cpr::RegisterProvider>(v, self)) fail(who + " was registered by someone else");
      continue;
    }
    const Provider& a = *c.old;
    const Provider& b = *c.cur;
    bool slashed = by<cpr::SlashStake>(v, verifier);
    if (a.reputation != b.reputation && !by<cpr::UpdateReputation>(v, verifier))
      fail(who + "'s reputation changed without a verifier");
    if (b.stake > a.stake && !by<cpr::AddStake>(v, self)) fail(who + "'s stake rose without its add_stake");
    if (b.stake < a.stake && !by<cpr::WithdrawStake>(v, self) && !slashed)
      fail(who + "'s stake fell without its withdraw_stake or a verifier's slash");
    if ((a.endpoint != b.endpoint || a.hourly_rate != b.hourly_rate) && !by<cpr::UpdateProvider>(v, self))
      fail(who + "'s profile changed without its update_provider");
    if (a.is_active != b.is_active && !by<cpr::SetActive>(v, self) && !(slashed && a.is_active && !b.is_active))
      fail(who + "'s activity changed without its set_active (or a slash's deactivation)");
    if (a.capabilities != b.capabilities || a.registered_at != b.registered_at)
      fail(who + "'s capabilities or registration time changed");
  }
  for (auto& c : v.bids) {
    const Address& p = c.key.second;
    if (!by<cpr::SubmitBid>(v, [&](const model::Frame& f) { return f.caller == p; }))
      fail("the bid of " + p.hex() + " on " + job_text(c.key.first) + " was written by someone else");
  }
  for (auto& c : v.slashed)
    if (!by<cpr::SlashStake>(v, verifier)) fail(job_text(c.key) + " was marked slashed without a verifier's slash");
}

// The form, beside the concrete check: at a quantified provider p and bid (j, p), what
// changed was written by a frame of the message the statement names, with its caller.
z3::expr auth_form(const SSys& pre_sys, const SEnv&, const SpecPath& path) {
  using S = ms::Symbolic;
  const auto& pre = registry(pre_sys);
  const auto& post = registry(path.post);
  auto p = quantified<ms::SAddr>("R-AUTH.provider");
  auto j = quantified<SKey>("R-AUTH.job");
  auto admin = [&](const SFrame& f) { return f.caller.e == pre.admin.e; };
  auto verifier = [&](const SFrame& f) { return pre.verifiers.get_or_default(f.caller).e; };
  auto self = [&](const SFrame& f) { return f.caller.e == p.e; };
  z3::expr ok = z3::implies(pre.min_stake.e != post.min_stake.e, some_frame<cpr::SetMinStake>(path, admin)) &&
                z3::implies(!ms::sym_equal(pre.verifiers, post.verifiers), some_frame<cpr::SetVerifier>(path, admin));
  auto was = pre.providers.get(p);
  auto now = post.providers.get(p);
  const auto& a = was.value;
  const auto& b = now.value;
  z3::expr slashed = some_frame<cpr::SlashStake>(path, verifier);
  ok = ok && !(was.some && now.is_none()).e;
  ok = ok && z3::implies((was.is_none() && now.some).e, some_frame<cpr::RegisterProvider>(path, self));
  z3::expr both = (was.some && now.some).e;
  ok = ok && z3::implies(both && (a.reputation != b.reputation).e, some_frame<cpr::UpdateReputation>(path, verifier));
  ok = ok && z3::implies(both && (b.stake > a.stake).e, some_frame<cpr::AddStake>(path, self));
  ok = ok && z3::implies(both && (b.stake < a.stake).e, some_frame<cpr::WithdrawStake>(path, self) || slashed);
  ok = ok && z3::implies(both && (a.endpoint != b.endpoint || a.hourly_rate != b.hourly_rate).e,
                         some_frame<cpr::UpdateProvider>(path, self));
  ok = ok && z3::implies(both && (a.is_active != b.is_active).e,
                         some_frame<cpr::SetActive>(path, self) || (slashed && (a.is_active && !b.is_active).e));
  ok = ok && !(both && (a.capabilities != b.capabilities || a.registered_at != b.registered_at).e);
  auto bid_key = Pair<S, U128<S>, Addr<S>>(j, p);
  ok = ok && z3::implies(!same<S>(pre.bids.get(bid_key), post.bids.get(bid_key)).e, some_frame<cpr::SubmitBid>(path, self));
  ok = ok && z3::implies(!same<S>(pre.slashed.get(j), post.slashed.get(j)).e, some_frame<cpr::SlashStake>(path, verifier));
  return ok;
}
}  // namespace

namespace {
// --- lemma for X-FORWARD and G-VALUE: no contract is a registered provider --------------------
// Lemma: none of the six contracts is a registered provider (register_provider registers its
// top-level caller), so a provider assigned to a job, and paid by its escrow, is no
// contract. Key-independent: the key is ignored.
template <class D> Bool<D> no_contract_provider(const ms::SpecSystem<D>& s, const U128<D>&) {
  Bool<D> ok = true;
  s.for_each_slot([&](const auto& slot) { ok = ok && !registry(s).providers.contains(slot.address); });
  return ok;
}
struct NoContractProvider {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& k) { return no_contract_provider<D>(s, k); }
};
}  // namespace

const SpecModule& registry_module() {
  static const SpecModule m{{kAuth},
                            {"R-STAKE", "R-MINSTAKE", "R-COUNT"},
                            {{"R-STAKE", check_stake},
                             {"R-MINSTAKE", check_min_stake},
                             {"R-COUNT", check_count},
                             {"R-AUTH", check_auth}},
                            {},
                            // R-STAKE is the registry's balance against Σ stakes: the prover's ghost.
                            {{"R-AUTH", "who changes the registry", auth_form},
                             {"R-MINSTAKE", "judged per step: only the admin's set_min_stake breaks it", min_stake_form}},
                            {},
                            {generic_form<NoContractProvider>("X-FORWARD", "lemma: no contract is a registered provider")}};
  return m;
}

}  // namespace meshcheck::invariants::spec
