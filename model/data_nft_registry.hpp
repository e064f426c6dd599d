// data_nft_registry, profile `deployed` (ink! 6, H160): data NFTs with paid access grants.
#pragma once

#include <string>
#include <utility>

#include "model/contract.hpp"
#include "model/pmap.hpp"

namespace meshcheck::model::deployed::data_nft_registry {

struct DataNFT {
  u128 token_id;
  Address owner;
  std::string data_uri;
  u8 privacy_level = 0;
  u64 minted_at = 0;
  u128 access_price;
  bool is_transferable = false;
  friend bool operator==(const DataNFT&, const DataNFT&) = default;
};

struct State : StateBase<State> {
  PMap<u128, DataNFT> nfts;
  PMap<Address, u128> owner_nft_count;
  PMap<u128, Address> approvals;
  PMap<std::pair<u128, Address>, bool> granted_access;
  u128 total_supply;
  Address admin;
  friend bool operator==(const State& a, const State& b) {
    return a.nfts == b.nfts && a.owner_nft_count == b.owner_nft_count && a.approvals == b.approvals &&
           a.granted_access == b.granted_access && a.total_supply == b.total_supply && a.admin == b.admin;
  }
};

State construct(const CallEnv& env);

// The branches of the mutating messages (model/branch.hpp): their guard outcomes, which
// the Z3 encoding (smt/data_nft_registry.cpp) names too. A "... saturated" (or
// "... already zero") branch is marked where a saturating_add (saturating_sub)
// saturates, alongside the message's outcome.
enum class MintBranch : unsigned { kSupplySaturated, kCountSaturated, kOk, kCount };
constexpr BranchNames<MintBranch> branch_names(MintBranch) {
  using enum MintBranch;
  return {{{kSupplySaturated, "total_supply saturated"}, {kCountSaturated, "owner count saturated"}, {kOk, "ok"}}};
}

// transfer, approve, grant_access, update_data_uri and update_access_price start with
// the same two refusals (kNoToken, kNotOwner), which the encoding writes once for all.
enum class TransferBranch : unsigned {
  kNoToken,
  kNotOwner,
  kNotTransferable,
  kSenderCountZero,
  kReceiverCountSaturated,
  kOk,
  kCount,
};
constexpr BranchNames<TransferBranch> branch_names(TransferBranch) {
  using enum TransferBranch;
  return {{{kNoToken, "no such token"},
           {kNotOwner, "caller is not the owner"},
           {kNotTransferable, "token not transferable"},
           {kSenderCountZero, "sender count already zero"},
           {kReceiverCountSaturated, "receiver count saturated"},
           {kOk, "ok"}}};
}

enum class ApproveBranch : unsigned { kNoToken, kNotOwner, kOk, kCount };
constexpr BranchNames<ApproveBranch> branch_names(ApproveBranch) {
  using enum ApproveBranch;
  return {{{kNoToken, "no such token"}, {kNotOwner, "caller is not the owner"}, {kOk, "ok"}}};
}

enum class GrantAccessBranch : unsigned { kNoToken, kNotOwner, kValueAboveU128, kBelowPrice, kOk, kCount };
constexpr BranchNames<GrantAccessBranch> branch_names(GrantAccessBranch) {
  using enum GrantAccessBranch;
  return {{{kNoToken, "no such token"},
           {kNotOwner, "caller is not the owner"},
           {kValueAboveU128, "value above u128::MAX"},
           {kBelowPrice, "payment below access_price"},
           {kOk, "ok"}}};
}

enum class RevokeAccessBranch : unsigned { kNoToken, kNotOwnerOrAdmin, kByOwner, kByAdmin, kCount };
constexpr BranchNames<RevokeAccessBranch> branch_names(RevokeAccessBranch) {
  using enum RevokeAccessBranch;
  return {{{kNoToken, "no such token"},
           {kNotOwnerOrAdmin, "caller is neither the owner nor the admin"},
           {kByOwner, "revoked by the owner"},
           {kByAdmin, "revoked by the admin"}}};
}

enum class UpdateDataUriBranch : unsigned { kNoToken, kNotOwner, kOk, kCount };
constexpr BranchNames<UpdateDataUriBranch> branch_names(UpdateDataUriBranch) {
  using enum UpdateDataUriBranch;
  return {{{kNoToken, "no such token"}, {kNotOwner, "caller is not the owner"}, {kOk, "ok"}}};
}

enum class UpdateAccessPriceBranch : unsigned { kNoToken, kNotOwner, kOk, kCount };
constexpr BranchNames<UpdateAccessPriceBranch> branch_names(UpdateAccessPriceBranch) {
  using enum UpdateAccessPriceBranch;
  return {{{kNoToken, "no such token"}, {kNotOwner, "caller is not the owner"}, {kOk, "ok"}}};
}

enum class BurnBranch : unsigned { kNoToken, kNotOwnerOrAdmin, kOwnerCountZero, kByOwner, kByAdmin, kCount };
constexpr BranchNames<BurnBranch> branch_names(BurnBranch) {
  using enum BurnBranch;
  return {{{kNoToken, "no such token"},
           {kNotOwnerOrAdmin, "caller is neither the owner nor the admin"},
           {kOwnerCountZero, "owner count already zero"},
           {kByOwner, "burnt by the owner"},
           {kByAdmin, "burnt by the admin"}}};
}

u128 mint(State& self, Ctx& ctx, const std::string& data_uri, u8 privacy_level, const u128& access_price,
          bool is_transferable);
bool transfer(State& self, Ctx& ctx, const u128& token_id, const Address& to);
bool approve(State& self, Ctx& ctx, const u128& token_id, const Address& approved);
bool grant_access(State& self, Ctx& ctx, const u128& token_id, const Address& grantee);
bool revoke_access(State& self, Ctx& ctx, const u128& token_id, const Address& grantee);
bool update_data_uri(State& self, Ctx& ctx, const u128& token_id, const std::string& new_uri);
bool update_access_price(State& self, Ctx& ctx, const u128& token_id, const u128& new_price);
bool burn(State& self, Ctx& ctx, const u128& token_id);
bool has_access(const State& self, const u128& token_id, const Address& account);

Value to_value(const DataNFT& n);

const ContractSpec& spec();

}  // namespace meshcheck::model::deployed::data_nft_registry
