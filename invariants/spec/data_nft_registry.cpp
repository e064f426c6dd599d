// data_nft_registry's invariants in the spec profile: N-BALANCE, N-SOULBOUND and N-IDS
// unchanged; N-BURN and N-AUTH restated for subscriptions; N-APPROVAL the profile's own.
#include "invariants/spec/spec.hpp"

namespace meshcheck::invariants::spec {

namespace {
namespace dn = ms::data_nft_registry;

template <class Msg, class Ok> bool by(const SpecStep& v, Ok ok) {
  for (const model::Frame* f : frames_running<Msg>(v))
    if (ok(*f)) return true;
  return false;
}

// --- N-BALANCE (unchanged; ghost owned[a]) ---------------------------------------------------
void check_balance(const SpecStep& v, Findings& findings) {
  std::set<Address> owners;
  for (auto& c : v.nfts) {
    if (c.old) owners.insert(c.old->owner);
    if (c.cur) owners.insert(c.cur->owner);
  }
  for (auto& c : v.owner_counts) owners.insert(c.key);
  for (const Address& a : owners) {
    auto it = v.ghost->owned.find(a);
    BigInt owned = it == v.ghost->owned.end() ? BigInt(0) : it->second;
    u128 count = nft(v.post).owner_nft_count.get_or_default(a);
    if (BigInt(count) != owned)
      findings.violation("N-BALANCE", [&] {
        return a.hex() + "'s balance_of is " + count.str() + " but it owns " + owned.str() + " live tokens";
      });
  }
}

// --- N-SOULBOUND (unchanged) -------------------------------------------------------------------
template <class D>
Bool<D> soulbound_ok(const ms::SpecSystem<D>& pre, const ms::SpecSystem<D>& post, const U128<D>& t) {
  auto was = nft(pre).nfts.get(t);
  auto now = nft(post).nfts.get(t);
  return implies(was.some && !was.value.is_transferable && now.some, now.value.owner == was.value.owner);
}

void check_soulbound(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  for (auto& c : v.nfts)
    if (!soulbound_ok<Concrete>(v.pre, v.post, c.key))
      findings.violation("N-SOULBOUND", [&] {
        return "non-transferable token " + c.key.str() + " moved from " + c.old->owner.hex() + " to " + c.cur->owner.hex();
      });
}

z3::expr soulbound_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  return soulbound_ok<ms::Symbolic>(pre, p.post, quantified<SKey>("N-SOULBOUND.t")).e;
}

// --- N-BURN (restated) -------------------------------------------------------------------------
const Invariant kBurn{
    "N-BURN", Kind::State,
    "A burnt token leaves no approval, no metadata and no unexpired subscription (and none can be created for it).",
    "Access that outlives a burnt token lets subscribers use data its owner withdrew, and approvals left behind "
    "come back to life on any record that reuses them.",
    "data_nft_registry", {"spec"}};

// A token minted (id <= total_supply) and gone is burnt. Generic: per token, per
// (token, subscriber), with the clock `now`.
template <class D> Bool<D> burnt(const ms::SpecSystem<D>& s, const U128<D>& t) {
  return U128<D>(1) <= t && t <= nft(s).total_supply && !nft(s).nfts.contains(t);
}
template <class D> Bool<D> burn_leaves_no_approval(const ms::SpecSystem<D>& s, const U128<D>& t) {
  return implies(burnt<D>(s, t), !nft(s).approvals.contains(t));
}
template <class D, class K>
Bool<D> burn_leaves_no_subscription(const ms::SpecSystem<D>& s, const U128<D>& t, const K& key, const U64<D>& now) {
  auto sub = nft(s).subscriptions.get(key);
  return implies(burnt<D>(s, t) && sub.some, sub.value.expires_at <= now);
}

// The symbolic form of the approvals part, per token; the subscriptions part, at a
// (token, subscriber) point with the clock, is subscription_forms() below.
struct BurnNoApproval {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& t) {
    return burn_leaves_no_approval<D>(s, t);
  }
};

void check_burn(const SpecStep& v, Findings& findings) {
  const auto& st = nft(v.post);
  auto sub_ok = [&](const SubKey& k) {
    if (!burn_leaves_no_subscription<Concrete>(v.post, k.first, k, v.now))
      findings.violation("N-BURN", [&] {
        return "burnt token " + k.first.str() + " has a subscription of " + k.second.hex() + " live until " +
               std::to_string(st.subscriptions.get_or_default(k).expires_at) + " (now " + std::to_string(v.now) + ")";
      });
  };
  for (auto& c : v.subscriptions) sub_ok(c.key);
  for (auto& c : v.approvals)
    if (!burn_leaves_no_approval<Concrete>(v.post, c.key))
      findings.violation("N-BURN", [&] { return "burnt token " + c.key.str() + " keeps an approval"; });
  for (auto& c : v.nfts) {
    if (!c.old || c.cur) continue;  // burnt by this step: everything it had
    if (!burn_leaves_no_approval<Concrete>(v.post, c.key))
      findings.violation("N-BURN", [&] { return "burnt token " + c.key.str() + " keeps an approval"; });
    st.subscriptions.entries.for_each([&](const SubKey& k, const Subscription&) {
      if (k.first == c.key) sub_ok(k);
    });
  }
}

// --- N-IDS (unchanged; ghost: the highest id ever minted) ----------------------------------------
void check_ids(const SpecStep& v, Findings& findings) {
  for (auto& c : v.nfts) {
    if (!c.cur) continue;
    if (!c.old && !v.first && c.key <= v.ghost->highest_token)
      findings.violation("N-IDS", [&] {
        return "token " + c.key.str() + " was minted again (ids up to " + v.ghost->highest_token.str() + " were issued)";
      });
    if (c.key > nft(v.post).total_supply)
      findings.violation("N-IDS", [&] {
        return "token " + c.key.str() + " exceeds total_supply " + nft(v.post).total_supply.str();
      });
  }
}

// The form covers the part without the ghost: a token the path mints has an id above
// total_supply before the path (ids are issued from total_supply, which never falls:
// G-COUNTER; the ghost `highest` of the concrete check is that bound), and every token
// stored after the path lies at or below total_supply.
template <class D> Bool<D> ids_ok(const ms::SpecSystem<D>& pre, const ms::SpecSystem<D>& post, const U128<D>& t) {
  Bool<D> minted = !nft(pre).nfts.contains(t) && nft(post).nfts.contains(t);
  return implies(minted, t > nft(pre).total_supply) && implies(nft(post).nfts.contains(t), t <= nft(post).total_supply);
}
z3::expr ids_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  return ids_ok<ms::Symbolic>(pre, p.post, quantified<SKey>("N-IDS.t")).e;
}

// --- N-APPROVAL (the spec profile's own) -------------------------------------------------------
// A transition: it judges the step that moved a token, which a state predicate cannot
// tell from an approval its new owner set afterwards.
const Invariant kApproval{
    "N-APPROVAL", Kind::Transition,
    "A step that gives a token a new owner leaves it with no approval: a transfer clears the approval its previous "
    "owner set.",
    "An approval that survives a transfer is one the new owner never gave: the previous owner's chosen account keeps a "
    "claim on a token that is no longer theirs to delegate.",
    "data_nft_registry", {"spec"}};

template <class D>
Bool<D> approval_cleared(const ms::SpecSystem<D>& pre, const ms::SpecSystem<D>& post, const U128<D>& t) {
  auto was = nft(pre).nfts.get(t);
  auto now = nft(post).nfts.get(t);
  return implies(was.some && now.some && !(now.value.owner == was.value.owner), !nft(post).approvals.contains(t));
}

void check_approval(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  for (auto& c : v.nfts)
    if (!approval_cleared<Concrete>(v.pre, v.post, c.key))
      findings.violation("N-APPROVAL", [&] {
        return "token " + c.key.str() + " moved from " + c.old->owner.hex() + " to " + c.cur->owner.hex() +
               " and keeps the approval of " + nft(v.post).approvals.get_or_default(c.key).hex();
      });
}
z3::expr approval_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  return approval_cleared<ms::Symbolic>(pre, p.post, quantified<SKey>("N-APPROVAL.t")).e;
}

// --- N-AUTH (restated) --------------------------------------------------------------------------
const Invariant kAuth{
    "N-AUTH", Kind::Transition,
    "Only the owner transfers, approves, updates metadata or policy, or burns; a subscription is created or extended "
    "only by its paying subscriber and consumed only by access_data of that subscriber.",
    "Only a token's owner may move, approve, change or burn it, and only a paying subscriber gets access; otherwise "
    "anyone can take a data NFT, sell access to data they do not own, or spend someone else's access.",
    "data_nft_registry", {"spec"}};

// Concrete: by the NFT registry's frames and their immediate callers.
void check_auth(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  auto fail = [&](const std::string& what) { findings.violation("N-AUTH", [&] { return what + " in a call by " + v.caller_text(); }); };
  for (auto& c : v.nfts) {
    if (!c.old) continue;  // minting: anyone
    const Address& owner = c.old->owner;
    auto owner_is = [&](const model::Frame& f) { return f.caller == owner; };
    std::string t = "token " + c.key.str();
    if (!c.cur) {
      if (!by<dn::Burn>(v, owner_is)) fail(t + " was burnt, not by its owner");
      continue;
    }
    if (c.cur->owner != owner && !by<dn::Transfer>(v, owner_is)) fail(t + " changed owner, not by its owner's transfer");
    if (c.cur->metadata != c.old->metadata && !by<dn::UpdateMetadata>(v, owner_is))
      fail(t + "'s metadata changed, not by its owner");
    if (!(c.cur->policy == c.old->policy) && !by<dn::UpdateAccessPolicy>(v, owner_is))
      fail(t + "'s access policy changed, not by its owner");
  }
  for (auto& c : v.approvals) {
    if (!c.cur) continue;  // removed with a transfer or a burn (judged above)
    const Nft* token = nft(v.pre).nfts.entries.find(c.key);
    if (!token || !by<dn::Approve>(v, [&](const model::Frame& f) { return f.caller == token->owner; }))
      fail("token " + c.key.str() + "'s approval was set, not by its owner");
  }
  for (auto& c : v.subscriptions) {
    const Address& subscriber = c.key.second;
    auto self = [&](const model::Frame& f) { return f.caller == subscriber; };
    std::string s = "the subscription of " + subscriber.hex() + " to token " + c.key.first.str();
    if (!c.cur) { fail(s + " was removed"); continue; }
    bool extended = !c.old || c.cur->expires_at > c.old->expires_at || c.cur->uses_left > c.old->uses_left ||
                    c.cur->receipt != c.old->receipt;
    if (extended && !by<dn::PurchaseSubscription>(v, [&](const model::Frame& f) { return self(f); }))
      fail(s + " was created or extended, not by its paying subscriber");
    if (!extended && c.old && c.cur->uses_left < c.old->uses_left && !by<dn::AccessData>(v, self))
      fail(s + " was consumed, not by its subscriber's access_data");
    if (c.old && c.cur->expires_at < c.old->expires_at) fail(s + " was shortened");
  }
}

// The form, beside the concrete check: at a quantified token t and subscription (n, s),
// what changed was done by a frame of the message the statement names, by the owner (or
// the subscriber).
z3::expr auth_form(const SSys& pre_sys, const SEnv&, const SpecPath& path) {
  using S = ms::Symbolic;
  const auto& pre = nft(pre_sys);
  const auto& post = nft(path.post);
  auto t = quantified<SKey>("N-AUTH.t");
  auto n = quantified<SKey>("N-AUTH.n");
  auto sub = quantified<ms::SAddr>("N-AUTH.subscriber");
  auto was = pre.nfts.get(t);
  auto now = post.nfts.get(t);
  auto owner_is = [&](const SFrame& f) { return f.caller.e == was.value.owner.e; };
  z3::expr both = (was.some && now.some).e;
  z3::expr ok = z3::implies((was.some && now.is_none()).e, some_frame<dn::Burn>(path, owner_is)) &&
                z3::implies(both && (now.value.owner != was.value.owner).e, some_frame<dn::Transfer>(path, owner_is)) &&
                z3::implies(both && (now.value.metadata != was.value.metadata).e,
                            some_frame<dn::UpdateMetadata>(path, owner_is)) &&
                z3::implies(both && !same<S>(now.value.policy, was.value.policy).e,
                            some_frame<dn::UpdateAccessPolicy>(path, owner_is));
  auto ap0 = pre.approvals.get(t);
  auto ap1 = post.approvals.get(t);
  ok = ok && z3::implies((ap1.some && !same<S>(ap0, ap1)).e, (was.some).e && some_frame<dn::Approve>(path, owner_is));
  auto key = Pair<S, U128<S>, Addr<S>>(n, sub);
  auto s0 = pre.subscriptions.get(key);
  auto s1 = post.subscriptions.get(key);
  auto self = [&](const SFrame& f) { return f.caller.e == sub.e; };
  Bool<S> changed = !same<S>(s0, s1);
  Bool<S> extended = s0.is_none() || s1.value.expires_at > s0.value.expires_at || s1.value.uses_left > s0.value.uses_left ||
                     s1.value.receipt != s0.value.receipt;
  ok = ok && !(changed && s1.is_none()).e;
  ok = ok && z3::implies((changed && s1.some && extended).e, some_frame<dn::PurchaseSubscription>(path, self));
  ok = ok && z3::implies((changed && s1.some && !extended && s1.value.uses_left < s0.value.uses_left).e,
                         some_frame<dn::AccessData>(path, self));
  ok = ok && !(changed && s1.some && s0.some && s1.value.expires_at < s0.value.expires_at).e;
  return ok;
}
}  // namespace

namespace {
// --- lemma for X-FORWARD and X-EXIT: no token is held by a contract ---------------------------
// Lemma: no stored token's owner is one of the six contracts (mint_data_nft gives it to its
// top-level caller; transfer must refuse the six addresses, the design's amendment), so a
// token's subscription revenue is credited to an account that can withdraw it.
template <class D> Bool<D> token_owner_ok(const ms::SpecSystem<D>& s, const U128<D>& t) {
  auto n = nft(s).nfts.get(t);
  return implies(n.some, !is_contract<D>(s, n.value.owner));
}
struct TokenOwnerOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& t) { return token_owner_ok<D>(s, t); }
};
}  // namespace

namespace {
// --- N-BURN's subscriptions part, and its lemmas, at a (token, subscriber) point ------------
// The part itself: a burnt token keeps no unexpired subscription (at the clock's now).
template <class D>
Bool<D> burn_sub_ok(const ms::SpecSystem<D>& s, const U128<D>& t, const Addr<D>& subscriber, const U64<D>& now) {
  return burn_leaves_no_subscription<D>(s, t, Pair<D, U128<D>, Addr<D>>(t, subscriber), now);
}
// Lemma: a subscription's token was minted (1 <= id <= total_supply), and while the token
// lives the subscription ends by its subscribed_until. purchase_subscription creates or
// extends one only for a stored token and raises that token's subscribed_until to the
// expiry it sets; nothing else moves either; so a token minted later (id total_supply + 1)
// starts with no subscription, and burn's ActiveSubscriptions guard (now >=
// subscribed_until) leaves none unexpired. (One lemma, not two: it reads the token's entry,
// so the prover assumes it at every token a step writes, the new one at mint included.)
template <class D>
Bool<D> sub_within_token(const ms::SpecSystem<D>& s, const U128<D>& t, const Addr<D>& subscriber, const U64<D>&) {
  auto n = nft(s).nfts.get(t);
  auto sub = nft(s).subscriptions.get(Pair<D, U128<D>, Addr<D>>(t, subscriber));
  return implies(sub.is_some(), U128<D>(1) <= t && t <= nft(s).total_supply &&
                                    implies(n.some, sub.value.expires_at <= n.value.subscribed_until));
}
template <Bool<Concrete> (*P)(const Sys&, const u128&, const Address&, const u64&)>
bool concrete_at(const Sys& s, const u128& t, const Address& a, u64 now) {
  return P(s, t, a, now);
}
template <ms::SBool (*P)(const SSys&, const ms::SUint<128>&, const ms::SAddr&, const ms::SUint<64>&)>
z3::expr symbolic_at(const SSys& s, const z3::expr& t, const z3::expr& a, const z3::expr& now) {
  return P(s, ms::SUint<128>(t), ms::SAddr(a), ms::SUint<64>(now)).e;
}
}  // namespace

const std::vector<SubscriptionForm>& subscription_forms() {
  static const std::vector<SubscriptionForm> forms{
      {"N-BURN", "a burnt token keeps no unexpired subscription", false, concrete_at<burn_sub_ok<Concrete>>,
       symbolic_at<burn_sub_ok<ms::Symbolic>>},
      {"N-BURN", "lemma: a subscription's token was minted and, while it lives, holds it past the subscription",
       true, concrete_at<sub_within_token<Concrete>>, symbolic_at<sub_within_token<ms::Symbolic>>},
  };
  return forms;
}

const SpecModule& nft_module() {
  static const SpecModule m{{kBurn, kAuth, kApproval},
                            {"N-BALANCE", "N-SOULBOUND", "N-IDS"},
                            {{"N-BALANCE", check_balance},
                             {"N-SOULBOUND", check_soulbound},
                             {"N-BURN", check_burn},
                             {"N-IDS", check_ids},
                             {"N-AUTH", check_auth},
                             {"N-APPROVAL", check_approval}},
                            {generic_form<BurnNoApproval>("N-BURN", "a burnt token keeps no approval")},
                            {{"N-SOULBOUND", "", soulbound_form},
                             {"N-IDS", "new ids above total_supply before; stored ids within it (the ghost highest is the prover's)", ids_form},
                             {"N-AUTH", "who changes tokens, approvals and subscriptions", auth_form},
                             {"N-APPROVAL", "", approval_form}},
                            {},
                            {generic_form<TokenOwnerOk>("X-FORWARD", "lemma: no token's owner is a contract")}};
  return m;
}

}  // namespace meshcheck::invariants::spec
