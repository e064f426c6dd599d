// data_nft_registry's invariants, and its part of G-COUNTER: each one's statement, its
// concrete check and its Z3 predicate, side by side.
//
// Ghosts, updated from each step's changed entries (view_of below):
//  - numbering: each owner's live tokens, numbered 0..owned-1 (N-BALANCE: owned is how
//    many it holds). Defined once for both worlds in smt/data_nft_registry.hpp, with its
//    hook (Numbering::on_write, run by view_of here; write_nft and erase_nft in the encoding), which
//    keeps it as the fields ghost.owned, ghost.slot and ghost.number;
//  - grants: the live access grants of each token (N-BURN: which grants a burnt token
//    leaves behind, without scanning granted_access). The encoding needs no counterpart:
//    N-BURN's predicate quantifies over granted_access itself;
//  - highest: the highest token id ever minted (N-IDS: the ids minted so far are
//    1..highest, so an id minted again is one at or below it). The encoding keeps it as
//    the field ghost.highest, updated by mint (smt/data_nft_registry.cpp).
//
// A token is "minted" by a step when its id appears (absent before), or when a live token
// is replaced by a new one: its immutable fields (token_id, privacy_level, minted_at,
// is_transferable) changed, or the step is a successful mint that returned its id. The
// deployed mint does the latter once total_supply saturates at u128::MAX: it overwrites
// token u128::MAX, which re-uses an id, and changes the owner of that token (even when it
// was minted non-transferable) without its owner's consent.
#include <map>
#include <optional>
#include <set>
#include <variant>

#include "invariants/invariant.hpp"
#include "model/data_nft_registry.hpp"
#include "smt/data_nft_registry.hpp"

namespace meshcheck::invariants {

namespace {
namespace dnr = model::deployed::data_nft_registry;
using namespace smt::data_nft_registry;  // the encoding's field names

struct Ghost {
  Numbering numbering;                       // live tokens per owner, numbered
  std::map<u128, std::set<Address>> grants;  // live grants (granted_access == true) per token
  u128 highest = 0;                          // highest token id ever minted
};

void set_grant(Ghost& g, const u128& token_id, const Address& grantee, bool granted) {
  if (granted) {
    g.grants[token_id].insert(grantee);
    return;
  }
  auto it = g.grants.find(token_id);
  if (it == g.grants.end()) return;
  it->second.erase(grantee);
  if (it->second.empty()) g.grants.erase(it);
}

std::any init_ghost(const model::ContractState& state) {
  const auto& s = static_cast<const dnr::State&>(state);
  Ghost g;
  g.numbering = Numbering::of(s);
  g.highest = s.total_supply;
  s.nfts.for_each([&](const u128& id, const dnr::DataNFT&) {
    if (id > g.highest) g.highest = id;
  });
  s.granted_access.for_each([&](const std::pair<u128, Address>& key, const bool& granted) {
    if (granted) set_grant(g, key.first, key.second, true);
  });
  return g;
}

bool immutable_fields_differ(const dnr::DataNFT& a, const dnr::DataNFT& b) {
  return a.token_id != b.token_id || a.privacy_level != b.privacy_level || a.minted_at != b.minted_at ||
         a.is_transferable != b.is_transferable;
}

std::string token(const u128& id) { return "token " + id.str(); }

// One step as data_nft_registry's checks see it.
struct NftStep {
  const RunStep& step;
  const model::Instance& after;
  const dnr::State& now;
  const dnr::State* was;            // null when the step deployed it: nothing to compare
  const Ghost& ghost;               // brought up to date by the step
  bool called;                      // the step is a call to this instance
  const Address* caller;            // its caller, when it is
  u128 highest_before;              // the highest id minted before the step
  std::optional<u128> minted_id{};  // the id a successful mint returned
  struct NftChange {
    u128 id;
    const dnr::DataNFT *old, *cur;  // null: no such token (they point into the states before and after)
    bool minted;                    // appeared, or a live token replaced by a new one
  };
  boost::container::small_vector<NftChange, 2> nfts{};  // the tokens the step changed
  boost::container::small_vector<Address, 2> counts{};  // the owners whose owner_nft_count entry it changed
  struct ApprovalChange {
    u128 id;
    const Address* cur;  // null: removed
  };
  boost::container::small_vector<ApprovalChange, 1> approvals{};
  struct GrantChange {
    u128 id;
    Address grantee;
    bool present;  // the granted_access entry is stored after the step
    bool granted_before, granted_after;
    bool flipped() const { return granted_before != granted_after; }
  };
  boost::container::small_vector<GrantChange, 1> grants{};

  bool deployed_now() const { return was == nullptr; }
  // Report texts, built only when something is reported.
  std::string at() const { return " (data_nft_registry at " + after.address.hex() + ")"; }
  std::string what() const {
    return called ? " in " + step.call->message->label + " by " + step.call->caller.hex()
                  : std::string(" outside a call");
  }
  bool is(const Address* who) const { return caller && who && *caller == *who; }
  bool by_admin() const { return caller && *caller == was->admin; }
  const Address* owner_before(const u128& id) const {
    const dnr::DataNFT* n = was->nfts.find(id);
    return n ? &n->owner : nullptr;
  }
  bool supply_decreased() const { return now.total_supply < was->total_supply; }
};

NftStep view_of(const RunStep& step, const model::Instance* before, const model::Instance& after,
                std::any& ghost_any) {
  Ghost& ghost = std::any_cast<Ghost&>(ghost_any);
  bool called = step.kind == StepKind::Call && step.call->contract == after.address;
  NftStep v{.step = step,
            .after = after,
            .now = static_cast<const dnr::State&>(*after.state),
            .was = before ? &static_cast<const dnr::State&>(*before->state) : nullptr,
            .ghost = ghost,
            .called = called,
            .caller = called ? &step.call->caller : nullptr,
            .highest_before = ghost.highest};
  // Deployed now: the ghosts were computed from this state.
  if (!before) return v;
  const dnr::State& was = *v.was;
  const dnr::State& now = v.now;

  if (called && step.call->message->label == "mint" && !step.result->outcome.reverted)
    if (auto* id = std::get_if<U256>(&step.result->outcome.returned.v); id && *id <= U256(kU128Max))
      v.minted_id = u128(*id);
  auto raise_highest = [&](const u128& minted_id) {
    if (minted_id > ghost.highest) ghost.highest = minted_id;
  };
  if (v.minted_id) raise_highest(*v.minted_id);

  PMap<u128, dnr::DataNFT>::diff(was.nfts, now.nfts,
                                 [&](const u128& id, const dnr::DataNFT* old, const dnr::DataNFT* cur) {
                                   ghost.numbering.on_write(id, old ? &old->owner : nullptr,
                                                            cur ? &cur->owner : nullptr);
                                   bool replaced = old && cur &&
                                                   (immutable_fields_differ(*old, *cur) ||
                                                    (v.minted_id && *v.minted_id == id));
                                   bool appeared = cur && !old;
                                   if (appeared || replaced) raise_highest(id);
                                   v.nfts.push_back({id, old, cur, appeared || replaced});
                                 });
  PMap<Address, u128>::diff(was.owner_nft_count, now.owner_nft_count,
                            [&](const Address& owner, const u128*, const u128*) { v.counts.push_back(owner); });
  PMap<u128, Address>::diff(was.approvals, now.approvals,
                            [&](const u128& id, const Address*, const Address* cur) {
                              v.approvals.push_back({id, cur});
                            });
  PMap<std::pair<u128, Address>, bool>::diff(
      was.granted_access, now.granted_access,
      [&](const std::pair<u128, Address>& key, const bool* old, const bool* cur) {
        NftStep::GrantChange g{key.first, key.second, cur != nullptr, old && *old, cur && *cur};
        if (g.flipped()) set_grant(ghost, g.id, g.grantee, g.granted_after);
        v.grants.push_back(g);
      });
  return v;
}

// Quantified keys for the predicates.
z3::expr token_key(z3::context& c) { return c.constant("token", c.bv_sort(128)); }
z3::expr account_key(z3::context& c) { return c.constant("account", c.bv_sort(160)); }

// The fields a token keeps for life; a change means it was minted over.
z3::expr immutable_fields_differ(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  return at(a, kTokenId, k) != at(b, kTokenId, k) || at(a, kPrivacy, k) != at(b, kPrivacy, k) ||
         at(a, kMintedAt, k) != at(b, kMintedAt, k) || at(a, kTransferable, k) != at(b, kTransferable, k);
}
// The nfts entry of k differs between a and b (one of them absent, or a field differs).
z3::expr nft_changed(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  z3::expr both = at(a, kExists, k) && at(b, kExists, k);
  return at(a, kExists, k) != at(b, kExists, k) ||
         (both && (immutable_fields_differ(a, b, k) || at(a, kOwner, k) != at(b, kOwner, k) ||
                   at(a, kDataUri, k) != at(b, kDataUri, k) || at(a, kPrice, k) != at(b, kPrice, k)));
}
z3::expr is_granted(const smt::SymState& s, const z3::expr& k, const z3::expr& g) {
  return at2(s, kGrantExists, k, g) && at2(s, kGranted, k, g);
}

// The id a successful mint returned (the step's branch), when the step is one.
std::optional<z3::expr> minted_id(const smt::SymStep& s) {
  if (s.message.spec->label != "mint" || s.branch.reverts || !s.branch.returned) return std::nullopt;
  return s.branch.returned->expr();
}

// --- N-BALANCE ----------------------------------------------------------------------
const Invariant kBalance{
    "N-BALANCE", Kind::State,
    "Each owner's balance_of equals the number of live tokens it owns (so their sum is the number of live "
    "tokens).",
    "Wallets and marketplaces show balance_of; if it disagrees with the tokens actually owned, "
    "ownership and supply figures are wrong.",
    "data_nft_registry", {"deployed"}};

void check_balance(const NftStep& v, Findings& findings) {
  // The owners to look at: every one at deployment, else those whose tokens or count
  // the step changed.
  std::set<Address> owners;
  if (v.deployed_now()) {
    for (auto& entry : v.ghost.numbering.owners()) owners.insert(entry.first);
    v.now.owner_nft_count.for_each([&](const Address& owner, const u128&) { owners.insert(owner); });
  } else {
    for (const auto& nft : v.nfts) {
      if (nft.old) owners.insert(nft.old->owner);
      if (nft.cur) owners.insert(nft.cur->owner);
    }
    owners.insert(v.counts.begin(), v.counts.end());
  }
  for (auto& owner : owners) {
    BigInt live(v.ghost.numbering.owned(owner));
    BigInt counted(v.now.owner_nft_count.get_or(owner, u128(0)));
    if (counted != live)
      findings.violation("N-BALANCE", [&] {
        return std::string("balance_of " + owner.hex() + " is " + counted.str() + " but it owns " + live.str() +
                           " live tokens" + (v.deployed_now() ? std::string(" at deployment") : v.what()) + v.at());
      });
  }
}

// balance_of is owner_nft_count.get_or(owner, 0); ghost.owned counts the live tokens per
// owner, in 128 bits, exactly in every state where token 0 is not live (proved:
// data_nft_registry/live-ids; see kNumberBits in smt/data_nft_registry.hpp).
z3::expr balance_holds(const smt::SymState& s) {
  z3::expr a = account_key(s.ctx());
  return z3::forall(a, count_of(s, a) == at(s, kOwned, a));
}

// --- N-SOULBOUND --------------------------------------------------------------------
const Invariant kSoulbound{
    "N-SOULBOUND", Kind::Transition, "A token minted non-transferable never changes owner.",
    "A token minted non-transferable certifies its owner; if it can move, the certificate can be sold or "
    "stolen.",
    "data_nft_registry", {"deployed"}};

void check_soulbound(const NftStep& v, Findings& findings) {
  for (const auto& nft : v.nfts)
    if (nft.old && nft.cur && nft.old->owner != nft.cur->owner && !nft.old->is_transferable)
      findings.violation("N-SOULBOUND", [&] {
        return std::string(token(nft.id) + ", minted non-transferable, changed owner from " + nft.old->owner.hex() +
                           " to " + nft.cur->owner.hex() + v.what() + v.at());
      });
}

z3::expr soulbound_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::expr k = token_key(pre.ctx());
  z3::expr owner_changed = at(pre, kExists, k) && at(post, kExists, k) && at(pre, kOwner, k) != at(post, kOwner, k);
  return z3::forall(k, z3::implies(owner_changed, at(pre, kTransferable, k)));
}

// --- N-BURN -------------------------------------------------------------------------
const Invariant kBurn{
    "N-BURN", Kind::State, "A burnt token leaves nothing behind: no access grant, no approval, no metadata.",
    "Grants and approvals that outlive a burnt token come back to life if its id is reused, giving "
    "access to data nobody granted.",
    "data_nft_registry", {"deployed"}};

void check_burn(const NftStep& v, Findings& findings) {
  const dnr::State& now = v.now;
  if (v.deployed_now()) {
    // Over all of the state (a constructed state is empty, so this costs nothing).
    now.approvals.for_each([&](const u128& id, const Address&) {
      if (!now.nfts.contains(id))
        findings.violation("N-BURN",
                           [&] { return std::string("an approval is stored for non-live " + token(id) + v.at()); });
    });
    for (auto& grant : v.ghost.grants) {
      const u128& id = grant.first;  // a name, not a structured binding: lambdas capture it (clang 14)
      if (!now.nfts.contains(id))
        findings.violation("N-BURN",
                           [&] { return std::string("access grants are stored for non-live " + token(id) + v.at()); });
    }
    return;
  }
  for (const auto& approval : v.approvals)
    if (approval.cur && !now.nfts.contains(approval.id))
      findings.violation("N-BURN", [&] {
        return std::string("an approval (of " + approval.cur->hex() + ") was stored for non-live " +
                           token(approval.id) + v.what() + v.at());
      });
  for (auto& g : v.grants)
    if (g.flipped() && g.granted_after && !now.nfts.contains(g.id))
      findings.violation("N-BURN", [&] {
        return std::string("access to non-live " + token(g.id) + " was granted to " + g.grantee.hex() + v.what() +
                           v.at());
      });
  // What the tokens burnt by this step left behind.
  for (const auto& nft : v.nfts) {
    if (!nft.old || nft.cur) continue;
    if (const Address* approved = now.approvals.find(nft.id))
      findings.violation("N-BURN", [&] {
        return std::string(token(nft.id) + " was burnt" + v.what() + " but its approval of " + approved->hex() +
                           " remains" + v.at());
      });
    auto it = v.ghost.grants.find(nft.id);
    if (it != v.ghost.grants.end() && !it->second.empty()) {
      std::string grantees;
      for (auto& g : it->second) grantees += (grantees.empty() ? "" : ", ") + g.hex();
      findings.violation("N-BURN", [&] {
        return std::string(token(nft.id) + " was burnt" + v.what() + " but its access grants to " + grantees +
                           " remain" + v.at());
      });
    }
  }
}

// A token that is not live has no approval and no granted access (its metadata is its
// nfts entry, which is what not live means).
z3::expr burn_holds(const smt::SymState& s) {
  z3::expr k = token_key(s.ctx());
  z3::expr g = account_key(s.ctx());
  z3::expr nothing_left = !at(s, kApprovalExists, k) && z3::forall(g, !is_granted(s, k, g));
  return z3::forall(k, z3::implies(!at(s, kExists, k), nothing_left));
}

// --- N-IDS --------------------------------------------------------------------------
const Invariant kIds{
    "N-IDS", Kind::Transition, "Token ids are unique and never reused; total_supply is at least every id.",
    "Reused token ids let a new token inherit an old token's grants, approvals and history.",
    "data_nft_registry", {"deployed"}};

// A stored token's id lies at most at total_supply.
void check_below_supply(const NftStep& v, const u128& id, Findings& findings) {
  if (id > v.now.total_supply)
    findings.violation("N-IDS", [&] {
      return std::string(token(id) + " exceeds total_supply " + v.now.total_supply.str() +
                         (v.deployed_now() ? std::string() : v.what()) + v.at());
    });
}
// A stored token is stored under its own id, at most total_supply.
void check_stored_id(const NftStep& v, const u128& id, const dnr::DataNFT& n, Findings& findings) {
  if (n.token_id != id)
    findings.violation("N-IDS",
                       [&] { return std::string(token(id) + " is stored as id " + n.token_id.str() + v.at()); });
  check_below_supply(v, id, findings);
}

void check_ids(const NftStep& v, Findings& findings) {
  if (v.deployed_now()) {
    // Over all of the state (a constructed state is empty, so this costs nothing).
    v.now.nfts.for_each([&](const u128& id, const dnr::DataNFT& n) { check_stored_id(v, id, n, findings); });
    return;
  }
  // A token minted by this step has an id above every id minted before.
  std::set<u128> reused;
  auto check_fresh = [&](const u128& id) {
    if (id <= v.highest_before && reused.insert(id).second)
      findings.violation("N-IDS", [&] {
        return std::string(token(id) + " was minted again (ids up to " + v.highest_before.str() +
                           " were already minted)" + v.what() + v.at());
      });
  };
  if (v.minted_id) check_fresh(*v.minted_id);
  for (const auto& nft : v.nfts) {
    if (nft.minted) check_fresh(nft.id);
    if (nft.cur) check_stored_id(v, nft.id, *nft.cur, findings);
  }
  // Tokens this step did not touch may now lie above total_supply: look at all of them
  // (a step the deployed code never takes).
  if (v.supply_decreased())
    v.now.nfts.for_each([&](const u128& id, const dnr::DataNFT& n) {
      const dnr::DataNFT* old = v.was->nfts.find(id);
      if (old && *old == n) check_below_supply(v, id, findings);  // the changed ones were judged above
    });
}

// Token k was minted by this step: it appeared, or a live token was replaced by a new one
// (its immutable fields changed, or it is the id a successful mint returned).
z3::expr minted_now(const smt::SymStep& s, const z3::expr& k) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::expr both = at(pre, kExists, k) && at(post, kExists, k);
  z3::expr replaced = immutable_fields_differ(pre, post, k);
  if (auto id = minted_id(s)) replaced = replaced || *id == k;
  return (!at(pre, kExists, k) && at(post, kExists, k)) || (both && replaced);
}

// As the check judges a step: a token minted by it has an id above every id minted before
// (ghost.highest); a live token it changed is stored under its own id, at most
// total_supply; and when total_supply went down, no token it left alone lies above it.
z3::expr ids_hold(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::expr k = token_key(pre.ctx());
  z3::expr supply_down = z3::ult(post[kTotalSupply], pre[kTotalSupply]);
  z3::expr changed = nft_changed(pre, post, k);
  z3::expr below_supply = z3::ule(k, post[kTotalSupply]);
  z3::expr fresh = z3::implies(minted_now(s, k), z3::ugt(k, pre[kHighest]));
  z3::expr stored = z3::implies(at(post, kExists, k) && changed, at(post, kTokenId, k) == k && below_supply);
  z3::expr left = z3::implies(at(post, kExists, k) && !changed && supply_down, below_supply);
  return z3::forall(k, fresh && stored && left);
}

// --- N-AUTH -------------------------------------------------------------------------
const Invariant kAuth{
    "N-AUTH", Kind::Transition,
    "Only the owner transfers, approves, updates or grants; only the owner or the admin burns or revokes.",
    "Only a token's owner may move, approve, update or grant it; otherwise anyone can take a data "
    "NFT or sell access to data they do not own.",
    "data_nft_registry", {"deployed"}};

void check_auth(const NftStep& v, Findings& findings) {
  if (v.deployed_now()) return;
  const Address& admin = v.was->admin;
  for (const auto& nft : v.nfts) {
    if (nft.old && !nft.cur && !v.is(&nft.old->owner) && !v.by_admin())
      findings.violation("N-AUTH", [&] {
        return std::string(token(nft.id) + " was burnt" + v.what() + ", neither its owner " + nft.old->owner.hex() +
                           " nor the admin " + admin.hex() + v.at());
      });
    if (!nft.old || !nft.cur) continue;
    // Minting over a live token changes it too: only its owner may.
    std::string changes;
    auto add = [&](bool changed, const char* field) {
      if (changed) changes += std::string(changes.empty() ? "" : ", ") + field;
    };
    add(nft.old->owner != nft.cur->owner, "owner");
    add(nft.old->data_uri != nft.cur->data_uri, "data_uri");
    add(nft.old->access_price != nft.cur->access_price, "access_price");
    add(nft.minted, "the token itself (minted over)");
    if (!changes.empty() && !v.is(&nft.old->owner))
      findings.violation("N-AUTH", [&] {
        return std::string(token(nft.id) + "'s " + changes + " changed" + v.what() + ", not by its owner " +
                           nft.old->owner.hex() + v.at());
      });
  }
  auto owner_text = [](const Address* owner) { return owner ? owner->hex() : std::string("(none: no such token)"); };
  for (const auto& approval : v.approvals) {
    const Address* owner = v.owner_before(approval.id);
    if (!v.is(owner))
      findings.violation("N-AUTH", [&] {
        return std::string("the approval of " + token(approval.id) + " changed" + v.what() + ", not by its owner " +
                           owner_text(owner) + v.at());
      });
  }
  for (auto& g : v.grants) {
    if (!g.flipped()) continue;
    const Address* owner = v.owner_before(g.id);
    if (g.granted_after && !v.is(owner))
      findings.violation("N-AUTH", [&] {
        return std::string("access to " + token(g.id) + " was granted to " + g.grantee.hex() + v.what() +
                           ", not by its owner " + owner_text(owner) + v.at());
      });
    if (!g.granted_after && !v.is(owner) && !v.by_admin())
      findings.violation("N-AUTH", [&] {
        return std::string("access to " + token(g.id) + " was revoked from " + g.grantee.hex() + v.what() +
                           ", neither by its owner " + owner_text(owner) + " nor the admin " + admin.hex() + v.at());
      });
  }
}

z3::expr approval_changed(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  return at(a, kApprovalExists, k) != at(b, kApprovalExists, k) ||
         (at(a, kApprovalExists, k) && at(b, kApprovalExists, k) && at(a, kApproved, k) != at(b, kApproved, k));
}

// (Minting over a live token changes it too: only its owner may.)
z3::expr auth_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  const z3::expr& caller = s.env.caller;
  z3::expr admin = caller == pre[kAdmin];
  z3::expr k = token_key(pre.ctx());
  z3::expr g = account_key(pre.ctx());
  z3::expr by_owner = at(pre, kExists, k) && caller == at(pre, kOwner, k);
  z3::expr burnt = at(pre, kExists, k) && !at(post, kExists, k);
  z3::expr both = at(pre, kExists, k) && at(post, kExists, k);
  z3::expr replaced = immutable_fields_differ(pre, post, k);
  if (auto id = minted_id(s)) replaced = replaced || *id == k;
  z3::expr changed = both && (at(pre, kOwner, k) != at(post, kOwner, k) ||
                              at(pre, kDataUri, k) != at(post, kDataUri, k) ||
                              at(pre, kPrice, k) != at(post, kPrice, k) || replaced);
  z3::expr granted_now = is_granted(post, k, g);
  z3::expr grant_flipped = is_granted(pre, k, g) != granted_now;
  z3::expr grants_ok = z3::implies(grant_flipped && granted_now, by_owner) &&
                       z3::implies(grant_flipped && !granted_now, by_owner || admin);
  return z3::forall(k, z3::implies(burnt, by_owner || admin) && z3::implies(changed, by_owner) &&
                           z3::implies(approval_changed(pre, post, k), by_owner) && z3::forall(g, grants_ok));
}

// --- G-COUNTER, data_nft_registry's part (the statement is in global.cpp) -------------
// total_supply never decreases, and every stored id lies in 1..total_supply: judged on
// the entries the step wrote (nfts, approvals, access grants left present). `where`
// names the entry; it is called only when reporting.
template <class Where>
void check_id_in_range(const NftStep& v, const u128& id, Findings& findings, Where&& where) {
  if (id == 0 || id > v.now.total_supply)
    findings.violation("G-COUNTER", [&] {
      return std::string(where() + " has id " + id.str() + " outside 1..total_supply " + v.now.total_supply.str() +
                         v.at());
    });
}

void check_counter(const NftStep& v, Findings& findings) {
  const dnr::State& now = v.now;
  if (v.deployed_now()) {
    // Over all of the state (a constructed state is empty, so this costs nothing).
    now.nfts.for_each(
        [&](const u128& id, const dnr::DataNFT&) { check_id_in_range(v, id, findings, [&] { return token(id); }); });
    return;
  }
  for (const auto& nft : v.nfts)
    if (nft.cur) check_id_in_range(v, nft.id, findings, [&] { return token(nft.id); });
  for (const auto& approval : v.approvals)
    if (approval.cur)
      check_id_in_range(v, approval.id, findings, [&] { return "the approval of " + token(approval.id); });
  for (auto& g : v.grants)
    if (g.present)
      check_id_in_range(v, g.id, findings,
                        [&] { return "the access grant of " + token(g.id) + " to " + g.grantee.hex(); });
  if (v.supply_decreased()) {
    findings.violation("G-COUNTER", [&] {
      return std::string("total_supply decreased from " + v.was->total_supply.str() + " to " + now.total_supply.str() +
                         v.what() + v.at());
    });
    // Tokens this step did not touch may now lie above total_supply: look at all of them
    // (a step the deployed code never takes).
    now.nfts.for_each([&](const u128& id, const dnr::DataNFT& n) {
      const dnr::DataNFT* old = v.was->nfts.find(id);
      bool unchanged = old && *old == n;  // the changed ones were judged above
      if (id > now.total_supply && unchanged) check_id_in_range(v, id, findings, [&] { return token(id); });
    });
  }
}

// 1 <= id <= total_supply.
z3::expr id_in_range(const smt::SymState& s, const z3::expr& id) {
  return id != s.ctx().bv_val(0, 128) && z3::ule(id, s[kTotalSupply]);
}
z3::expr grant_changed(const smt::SymState& a, const smt::SymState& b, const z3::expr& k, const z3::expr& g) {
  z3::expr ea = at2(a, kGrantExists, k, g), eb = at2(b, kGrantExists, k, g);
  return ea != eb || (ea && eb && at2(a, kGranted, k, g) != at2(b, kGranted, k, g));
}

// When total_supply went down the step already broke it.
z3::expr counter_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::expr k = token_key(pre.ctx());
  z3::expr g = account_key(pre.ctx());
  z3::expr in_range = id_in_range(post, k);
  z3::expr nfts_ok = z3::implies(at(post, kExists, k) && nft_changed(pre, post, k), in_range);
  z3::expr approvals_ok = z3::implies(at(post, kApprovalExists, k) && approval_changed(pre, post, k), in_range);
  z3::expr grants_ok =
      z3::forall(g, z3::implies(at2(post, kGrantExists, k, g) && grant_changed(pre, post, k, g), in_range));
  return z3::uge(post[kTotalSupply], pre[kTotalSupply]) && z3::forall(k, nfts_ok && approvals_ok && grants_ok);
}

// --- lemmas the proofs may lean on once proved ------------------------------------------
z3::expr live_ids(const smt::SymState& s) {
  z3::expr k = token_key(s.ctx());
  return z3::forall(k, z3::implies(at(s, kExists, k), at(s, kTokenId, k) == k && id_in_range(s, k)));
}
z3::expr highest_is_total_supply(const smt::SymState& s) { return s[kHighest] == s[kTotalSupply]; }

// --- A-COUNTERS, data_nft_registry's part (the statement is in assumptions.cpp) -------
// total_supply and every owner's owner_nft_count are below u128::MAX: a mint then takes
// a fresh id, and a mint or a transfer counts the receiver's token.
bool counters_below_max(const model::ContractState& state) {
  const auto& s = static_cast<const dnr::State&>(state);
  bool below = s.total_supply != kU128Max;
  s.owner_nft_count.for_each([&](const Address&, const u128& n) { below = below && n != kU128Max; });
  return below;
}
z3::expr counters_below_max(const smt::SymState& s) {
  z3::expr max = smt::bv_val(s.ctx(), U256(kU128Max), 128);
  z3::expr a = account_key(s.ctx());
  return s[kTotalSupply] != max && z3::forall(a, at(s, kCount, a) != max);
}
}  // namespace

const ContractInvariants& data_nft_registry_invariants() {
  static const Checks<NftStep> checks{
      init_ghost,
      view_of,
      {
          {"N-BALANCE", check_balance, balance_holds, nullptr},
          {"N-SOULBOUND", check_soulbound, nullptr, soulbound_holds},
          {"N-BURN", check_burn, burn_holds, nullptr},
          {"N-IDS", check_ids, nullptr, ids_hold},
          {"N-AUTH", check_auth, nullptr, auth_holds},
          {"G-COUNTER", check_counter, nullptr, counter_holds},
      },
      {
          {"data_nft_registry/live-ids", "every live token is stored under its own id, which lies in 1..total_supply",
           live_ids},
          {"data_nft_registry/highest-is-total-supply", "the highest id ever minted is total_supply",
           highest_is_total_supply},
          // N-BALANCE's counting argument (smt/data_nft_registry.hpp). Only under
          // A-COUNTERS: without it a saturated count wraps the ghost count.
          {"data_nft_registry/numbered", "each live token is held by its owner's ghost slot of its number",
           smt::data_nft_registry::numbered, "A-COUNTERS"},
          {"data_nft_registry/free-slots-empty",
           "an owner's ghost slots at or above the number of tokens it holds hold no token",
           smt::data_nft_registry::free_slots_empty, "A-COUNTERS"},
      },
      {
          {"A-COUNTERS", counters_below_max, counters_below_max},
      },
  };
  static const ContractInvariants ci =
      contract_invariants("data_nft_registry", {kBalance, kSoulbound, kBurn, kIds, kAuth}, checks);
  return ci;
}

}  // namespace meshcheck::invariants
