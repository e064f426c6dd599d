// data_nft_registry's Z3 encoding (profile `deployed`): see smt/encoding.hpp.
#pragma once

#include <cstddef>
#include <map>
#include <vector>

#include "model/data_nft_registry.hpp"
#include "smt/encoding.hpp"

namespace meshcheck::smt::data_nft_registry {

// The stored fields: nfts by u128 id (one array per DataNFT field, plus `exists`),
// owner_nft_count by H160 owner (value and `exists`: an entry written with 0 is not an
// absent one), approvals by id (approved address and `exists`), granted_access by
// (id, grantee) as nested arrays id -> grantee -> Bool (value and `exists`),
// total_supply, the admin; and the ghosts: the number of live tokens each owner holds and
// their numbering (N-BALANCE, see below), and the highest token id ever minted (N-IDS).
inline constexpr StateField kExists{"nfts.exists"};
inline constexpr StateField kTokenId{"nfts.token_id"};
inline constexpr StateField kOwner{"nfts.owner"};
inline constexpr StateField kDataUri{"nfts.data_uri"};
inline constexpr StateField kPrivacy{"nfts.privacy_level"};
inline constexpr StateField kMintedAt{"nfts.minted_at"};
inline constexpr StateField kPrice{"nfts.access_price"};
inline constexpr StateField kTransferable{"nfts.is_transferable"};
inline constexpr StateField kCountExists{"owner_nft_count.exists"};
inline constexpr StateField kCount{"owner_nft_count"};
inline constexpr StateField kApprovalExists{"approvals.exists"};
inline constexpr StateField kApproved{"approvals.approved"};
inline constexpr StateField kGrantExists{"granted_access.exists"};  // id -> grantee -> Bool
inline constexpr StateField kGranted{"granted_access"};             // id -> grantee -> Bool
inline constexpr StateField kTotalSupply{"total_supply"};
inline constexpr StateField kAdmin{"admin"};
// owner -> bv128: the live tokens it owns, numbered (below). 128 bits, the width of
// owner_nft_count, so that N-BALANCE compares two u128s and a step's +1 on both sides
// is the same term (a 129-bit count, exact even for 2^128 tokens, made N-BALANCE's mint
// step cost Z3 3 to 6 times as much). It is exact for every reachable state: token 0
// is never live (data_nft_registry/live-ids: live ids lie in 1..total_supply), so an
// owner holds at most 2^128 - 1 tokens. It wraps only when a count of 2^128 - 1 takes
// one more token, which A-COUNTERS rules out (an owner's count is below u128::MAX and
// equals it by N-BALANCE): the numbering's lemmas are candidates only under A-COUNTERS.
inline constexpr unsigned kNumberBits = 128;
inline constexpr StateField kOwned{"ghost.owned"};
inline constexpr StateField kHighest{"ghost.highest"};   // bv128: highest token id ever minted

// --- The ghost numbering, written once for both worlds --------------------------------
// N-BALANCE's counting argument. Each owner's live tokens are numbered 0..owned-1, where
// owned is kOwned above: kSlot[owner][i] is the token numbered i, kNumber[token] its
// number. The hook runs on every write of nfts: a token that leaves its owner (burnt,
// transferred away, or minted over by another owner) hands its number to that owner's
// last-numbered token and the freed entries go back to their defaults (swap-remove); a
// token that arrives at an owner (minted, transferred in) takes the next number (append);
// a write that keeps a live token's owner keeps its number. (The swap-remove moves the
// last-numbered token only when it is a live token of that owner numbered last, which it
// always is in a run; freed slots, whether it moved or not, go back to 0, an id no live
// token has.)
//
// Which number a token has depends on the order of the writes, not on the state alone:
// from_model numbers a state's tokens in id order (Numbering::of), the Monitor keeps the
// run's numbering with the concrete hook (Numbering::on_write), the encoding with its Z3
// form (write_nft and erase_nft in smt/data_nft_registry.cpp), and
// tests/data_nft_registry_test.cpp holds the two hooks to the same numbering along
// fuzzed runs.
inline constexpr StateField kSlot{"ghost.slot"};      // owner -> bv128 number -> bv128 token id
inline constexpr StateField kNumber{"ghost.number"};  // token id -> bv128 number

class Numbering {
 public:
  // Every owner's live tokens numbered in id order.
  static Numbering of(const model::deployed::data_nft_registry::State& state);
  // The hook: nfts[id] written, from a token owned by `old_owner` to one owned by
  // `new_owner` (null: absent before, removed after).
  void on_write(const u128& id, const Address* old_owner, const Address* new_owner);
  // owner's live tokens, by number (empty when it has none).
  const std::vector<u128>& tokens_of(const Address& owner) const;
  std::size_t owned(const Address& owner) const { return tokens_of(owner).size(); }
  // Every owner with a live token, and its tokens by number.
  const std::map<Address, std::vector<u128>>& owners() const { return slots_; }

 private:
  void append(const Address& owner, const u128& id);
  void remove(const Address& owner, const u128& id);

  std::map<Address, std::vector<u128>> slots_;  // no empty entry
  std::map<u128, std::size_t> number_;          // live tokens only
};
// The counting argument N-BALANCE's proof needs (an owner of a live token counts at
// least 1, so a transfer or a burn by it never finds its owner_nft_count at 0), in two
// statements, each a lemma of the prover (invariants/data_nft_registry.cpp) under
// A-COUNTERS:
//  - numbered: each live token is held by its owner's slot of its number;
//  - free_slots_empty: an owner's slots at or above its count hold 0, which no live token
//    is (live-ids).
// Together: a live token's number is below its owner's count, so the count is at least
// 1. Stated this way, with no arithmetic under the token quantifier, each step costs Z3
// at most about 7,500,000 rlimit units; "number below the count" stated directly did
// not finish its transfer or burn step within 30,000,000.
z3::expr numbered(const SymState& s);
z3::expr free_slots_empty(const SymState& s);
// Sets the numbering's fields of `s` (kOwned, kSlot, kNumber) to `numbering`, every
// other entry at its default (from_model writes Numbering::of(state) this way).
void put_numbering(SymState& s, const Numbering& numbering);

// granted_access[(id, grantee)] in the nested arrays, as put2 (smt/data_nft_registry.cpp)
// writes it: the invariants' predicates (invariants/data_nft_registry.cpp) read it.
inline z3::expr at2(const SymState& s, StateField field, const z3::expr& id, const z3::expr& grantee) {
  return z3::select(z3::select(s[field], id), grantee);
}
// balance_of(owner), `owner_nft_count.get_or(owner, 0)`: the encoding's messages and the
// invariants' predicates read it.
inline z3::expr count_of(const SymState& s, const z3::expr& owner) {
  return z3::ite(at(s, kCountExists, owner), at(s, kCount, owner), s.ctx().bv_val(0, 128));
}

}  // namespace meshcheck::smt::data_nft_registry
