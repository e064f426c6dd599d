// data_nft_registry's invariants, and its part of G-COUNTER.
//
// Ghosts, updated from each step's changed entries: the number of live tokens each owner
// holds (for N-BALANCE), the live access grants of each token (for N-BURN: which grants a
// burnt token leaves behind, without scanning granted_access), and the highest token id
// ever minted (for N-IDS: the ids minted so far are 1..highest, so an id minted again is
// one at or below it).
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

namespace meshcheck::invariants {

namespace {
namespace dnr = model::deployed::data_nft_registry;

struct Ghost {
  std::map<Address, BigInt> owned;               // live tokens per owner; no zero entries
  std::map<u128, std::set<Address>> grants;      // live grants (granted_access == true) per token
  u128 highest = 0;                              // highest token id ever minted
};

void count_owned(Ghost& g, const Address& owner, int delta) {
  BigInt& n = g.owned[owner];
  n += delta;
  if (n == 0) g.owned.erase(owner);
}

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
  g.highest = s.total_supply;
  s.nfts.for_each([&](const u128& id, const dnr::DataNFT& n) {
    count_owned(g, n.owner, 1);
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

void check(const RunStep& step, const model::Instance* before, const model::Instance& after, std::any& ghost_any,
           Findings& report) {
  Ghost& ghost = std::any_cast<Ghost&>(ghost_any);
  const auto& now = static_cast<const dnr::State&>(*after.state);
  bool called = step.kind == StepKind::Call && step.call->contract == after.address;
  // Report text, built only when something is reported.
  auto at = [&] { return " (data_nft_registry at " + after.address.hex() + ")"; };
  auto what = [&] {
    return called ? " in " + step.call->message->label + " by " + step.call->caller.hex() : std::string(" outside a call");
  };
  // `where` names the entry; it is called only when reporting.
  auto id_in_range = [&](const u128& id, auto&& where) {
    if (id == 0 || id > now.total_supply)
      report.violation("G-COUNTER", [&] {
        return std::string(where() + " has id " + id.str() + " outside 1..total_supply " + now.total_supply.str() +
                           at());
      });
  };

  if (!before) {
    // Deployed now: the ghosts were computed from this state. The state invariants over all of
    // it (a constructed state is empty, so this costs nothing).
    now.nfts.for_each([&](const u128& id, const dnr::DataNFT& n) {
      if (n.token_id != id)
        report.violation("N-IDS",
                         [&] { return std::string(token(id) + " is stored as id " + n.token_id.str() + at()); });
      if (id > now.total_supply)
        report.violation(
            "N-IDS", [&] { return std::string(token(id) + " exceeds total_supply " + now.total_supply.str() + at()); });
      id_in_range(id, [&] { return token(id); });
    });
    std::set<Address> owners;
    for (auto& [owner, n] : ghost.owned) owners.insert(owner);
    now.owner_nft_count.for_each([&](const Address& owner, const u128&) { owners.insert(owner); });
    for (auto& owner : owners) {
      auto it = ghost.owned.find(owner);
      BigInt live = it == ghost.owned.end() ? BigInt(0) : it->second;
      BigInt counted(now.owner_nft_count.get_or(owner, u128(0)));
      if (counted != live)
        report.violation("N-BALANCE", [&] {
          return std::string("balance_of " + owner.hex() + " is " + counted.str() + " but it owns " + live.str() +
                             " live tokens at deployment" + at());
        });
    }
    now.approvals.for_each([&](const u128& id, const Address&) {
      if (!now.nfts.contains(id))
        report.violation("N-BURN",
                         [&] { return std::string("an approval is stored for non-live " + token(id) + at()); });
    });
    for (auto& grant : ghost.grants) {
      const u128& id = grant.first;  // a name, not a structured binding: lambdas capture it (clang 14)
      if (!now.nfts.contains(id))
        report.violation("N-BURN",
                         [&] { return std::string("access grants are stored for non-live " + token(id) + at()); });
    }
    return;
  }

  const auto& was = static_cast<const dnr::State&>(*before->state);
  const Address* caller = called ? &step.call->caller : nullptr;
  auto owner_before = [&](const u128& id) -> const Address* {
    const dnr::DataNFT* n = was.nfts.find(id);
    return n ? &n->owner : nullptr;
  };
  auto is = [&](const Address* who) { return caller && who && *caller == *who; };

  // The id a successful mint returned.
  std::optional<u128> minted_id;
  if (called && step.call->message->label == "mint" && !step.result->outcome.reverted)
    if (auto* id = std::get_if<U256>(&step.result->outcome.returned.v); id && *id <= U256(kU128Max))
      minted_id = u128(*id);

  const u128 highest_before = ghost.highest;
  std::set<u128> reused;
  auto minted = [&](const u128& id) {
    if (id <= highest_before && reused.insert(id).second)
      report.violation("N-IDS", [&] {
        return std::string(token(id) + " was minted again (ids up to " + highest_before.str() +
                           " were already minted)" + what() + at());
      });
    if (id > ghost.highest) ghost.highest = id;
  };
  if (minted_id) minted(*minted_id);

  std::set<Address> owners_touched;
  std::vector<u128> burnt;
  PMap<u128, dnr::DataNFT>::diff(was.nfts, now.nfts, [&](const u128& id, const dnr::DataNFT* old,
                                                         const dnr::DataNFT* cur) {
    if (old) {
      count_owned(ghost, old->owner, -1);
      owners_touched.insert(old->owner);
    }
    if (cur) {
      count_owned(ghost, cur->owner, 1);
      owners_touched.insert(cur->owner);
    }
    if (old && !cur) {
      burnt.push_back(id);
      if (!is(&old->owner) && !(caller && *caller == was.admin))
        report.violation("N-AUTH", [&] {
          return std::string(token(id) + " was burnt" + what() + ", neither its owner " + old->owner.hex() +
                             " nor the admin " + was.admin.hex() + at());
        });
    }
    if (cur && !old) minted(id);
    if (old && cur) {
      bool replaced = immutable_fields_differ(*old, *cur) || (minted_id && *minted_id == id);
      if (replaced) minted(id);
      bool owner_changed = old->owner != cur->owner;
      if (owner_changed && !old->is_transferable)
        report.violation("N-SOULBOUND", [&] {
          return std::string(token(id) + ", minted non-transferable, changed owner from " + old->owner.hex() + " to " +
                             cur->owner.hex() + what() + at());
        });
      std::string changes;
      auto add = [&](bool changed, const char* field) {
        if (changed) changes += std::string(changes.empty() ? "" : ", ") + field;
      };
      add(owner_changed, "owner");
      add(old->data_uri != cur->data_uri, "data_uri");
      add(old->access_price != cur->access_price, "access_price");
      add(replaced, "the token itself (minted over)");
      if (!changes.empty() && !is(&old->owner))
        report.violation("N-AUTH", [&] {
          return std::string(token(id) + "'s " + changes + " changed" + what() + ", not by its owner " +
                             old->owner.hex() + at());
        });
    }
    if (cur) {
      if (cur->token_id != id)
        report.violation("N-IDS",
                         [&] { return std::string(token(id) + " is stored as id " + cur->token_id.str() + at()); });
      if (id > now.total_supply)
        report.violation("N-IDS", [&] {
          return std::string(token(id) + " exceeds total_supply " + now.total_supply.str() + what() + at());
        });
      id_in_range(id, [&] { return token(id); });
    }
  });

  PMap<Address, u128>::diff(was.owner_nft_count, now.owner_nft_count,
                            [&](const Address& owner, const u128*, const u128*) { owners_touched.insert(owner); });
  if (report.wants("N-BALANCE"))
    for (auto& owner : owners_touched) {
      auto it = ghost.owned.find(owner);
      BigInt live = it == ghost.owned.end() ? BigInt(0) : it->second;
      BigInt counted(now.owner_nft_count.get_or(owner, u128(0)));
      if (counted != live)
        report.violation("N-BALANCE", [&] {
          return std::string("balance_of " + owner.hex() + " is " + counted.str() + " but it owns " + live.str() +
                             " live tokens" + what() + at());
        });
    }

  PMap<u128, Address>::diff(was.approvals, now.approvals, [&](const u128& id, const Address* old, const Address* cur) {
    const Address* owner = owner_before(id);
    if (!is(owner))
      report.violation("N-AUTH", [&] {
        return std::string("the approval of " + token(id) + " changed" + what() + ", not by its owner " +
                           (owner ? owner->hex() : std::string("(none: no such token)")) + at());
      });
    if (cur) {
      if (!now.nfts.contains(id))
        report.violation("N-BURN", [&] {
          return std::string("an approval (of " + cur->hex() + ") was stored for non-live " + token(id) + what() +
                             at());
        });
      id_in_range(id, [&] { return "the approval of " + token(id); });
    }
  });

  PMap<std::pair<u128, Address>, bool>::diff(
      was.granted_access, now.granted_access,
      [&](const std::pair<u128, Address>& key, const bool* old, const bool* cur) {
        const u128& id = key.first;  // (not a structured binding: clang 14 cannot capture one in a lambda)
        const Address& grantee = key.second;
        bool was_granted = old && *old, is_granted = cur && *cur;
        if (cur) id_in_range(id, [&] { return "the access grant of " + token(id) + " to " + grantee.hex(); });
        if (was_granted == is_granted) return;
        set_grant(ghost, id, grantee, is_granted);
        const Address* owner = owner_before(id);
        auto owner_text = [&] { return owner ? owner->hex() : std::string("(none: no such token)"); };
        if (is_granted && !is(owner))
          report.violation("N-AUTH", [&] {
            return std::string("access to " + token(id) + " was granted to " + grantee.hex() + what() +
                               ", not by its owner " + owner_text() + at());
          });
        if (!is_granted && !is(owner) && !(caller && *caller == was.admin))
          report.violation("N-AUTH", [&] {
            return std::string("access to " + token(id) + " was revoked from " + grantee.hex() + what() +
                               ", neither by its owner " + owner_text() + " nor the admin " + was.admin.hex() + at());
          });
        if (is_granted && !now.nfts.contains(id))
          report.violation("N-BURN", [&] {
            return std::string("access to non-live " + token(id) + " was granted to " + grantee.hex() + what() + at());
          });
      });

  // What the tokens burnt by this step left behind.
  for (auto& id : burnt) {
    if (now.nfts.contains(id)) continue;
    if (const Address* approved = now.approvals.find(id))
      report.violation("N-BURN", [&] {
        return std::string(token(id) + " was burnt" + what() + " but its approval of " + approved->hex() + " remains" +
                           at());
      });
    auto it = ghost.grants.find(id);
    if (it != ghost.grants.end() && !it->second.empty()) {
      std::string grantees;
      for (auto& g : it->second) grantees += (grantees.empty() ? "" : ", ") + g.hex();
      report.violation("N-BURN", [&] {
        return std::string(token(id) + " was burnt" + what() + " but its access grants to " + grantees + " remain" +
                           at());
      });
    }
  }

  if (now.total_supply < was.total_supply) {
    report.violation("G-COUNTER", [&] {
      return std::string("total_supply decreased from " + was.total_supply.str() + " to " + now.total_supply.str() +
                         what() + at());
    });
    // Tokens this step did not touch may now lie above total_supply: look at all of them
    // (a step the deployed code never takes).
    now.nfts.for_each([&](const u128& id, const dnr::DataNFT& n) {
      const dnr::DataNFT* old = was.nfts.find(id);
      bool unchanged = old && *old == n;  // the changed ones were judged above
      if (id > now.total_supply && unchanged) {
        report.violation("N-IDS", [&] {
          return std::string(token(id) + " exceeds total_supply " + now.total_supply.str() + what() + at());
        });
        id_in_range(id, [&] { return token(id); });
      }
    });
  }
}
}  // namespace

const ContractInvariants& data_nft_registry_invariants() {
  static const ContractInvariants ci = legacy_contract_invariants(
      "data_nft_registry",
      {
          {"N-BALANCE", Kind::State,
           "Each owner's balance_of equals the number of live tokens it owns (so their sum is the number of live "
           "tokens).",
           "Wallets and marketplaces show balance_of; if it disagrees with the tokens actually owned, "
                    "ownership and supply figures are wrong.",
           "data_nft_registry", {"deployed"}},
          {"N-SOULBOUND", Kind::Transition, "A token minted non-transferable never changes owner.",
           "A token minted non-transferable certifies its owner; if it can move, the certificate can be sold or "
           "stolen.",
           "data_nft_registry", {"deployed"}},
          {"N-BURN", Kind::State, "A burnt token leaves nothing behind: no access grant, no approval, no metadata.",
           "Grants and approvals that outlive a burnt token come back to life if its id is reused, giving "
                 "access to data nobody granted.",
           "data_nft_registry", {"deployed"}},
          {"N-IDS", Kind::Transition, "Token ids are unique and never reused; total_supply is at least every id.",
           "Reused token ids let a new token inherit an old token's grants, approvals and history.",
           "data_nft_registry", {"deployed"}},
          {"N-AUTH", Kind::Transition,
           "Only the owner transfers, approves, updates or grants; only the owner or the admin burns or revokes.",
           "Only a token's owner may move, approve, update or grant it; otherwise anyone can take a data "
                 "NFT or sell access to data they do not own.",
           "data_nft_registry", {"deployed"}},
      },
      init_ghost,
      check, smt::data_nft_registry_encoding());
  return ci;
}

}  // namespace meshcheck::invariants
