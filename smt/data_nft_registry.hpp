// data_nft_registry's Z3 encoding (profile `deployed`): see smt/encoding.hpp.
#pragma once

#include "smt/encoding.hpp"

namespace meshcheck::smt::data_nft_registry {

// The stored fields: nfts by u128 id (one array per DataNFT field, plus `exists`),
// owner_nft_count by H160 owner (value and `exists`: an entry written with 0 is not an
// absent one), approvals by id (approved address and `exists`), granted_access by
// (id, grantee) as nested arrays id -> grantee -> Bool (value and `exists`),
// total_supply, the admin; and two ghosts: the number of live tokens each owner holds
// (N-BALANCE) and the highest token id ever minted (N-IDS).
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
// owner -> bv129: the live tokens it owns. There are at most 2^128 token ids, so 129 bits
// hold any count exactly; a bit-vector keeps N-BALANCE in bit-vector arithmetic, which
// Z3 4.8 decides (an Int ghost against a u128 balance_of needs bv2int of a sum, which
// it does not).
inline constexpr StateField kOwned{"ghost.owned"};
inline constexpr StateField kHighest{"ghost.highest"};   // bv128: highest token id ever minted

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
