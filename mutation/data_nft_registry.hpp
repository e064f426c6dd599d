// data_nft_registry's mutation sites (mutation/site.hpp), read by
// model/data_nft_registry.cpp and smt/data_nft_registry.cpp alike.
//
// Not sites: the "no such token" refusals (dropping one reads an absent token, which the
// contract's `if let Some(nft)` never does), the value above u128::MAX (a panic of
// as_u128(), not a guard of the contract's), the read-only has_access, and the string
// fields of events (DataURIUpdated's new_uri: its corruption zeroes the token_id instead).
// mint returns the id (a u128, not a bool to flip). The owner counts' saturating_sub
// (transfer's sender, burn's owner) are `sub` sites: wrapping, or `+` for `-`.
#pragma once

#include "model/data_nft_registry.hpp"
#include "mutation/site.hpp"

namespace meshcheck::mutation::data_nft_registry {

namespace dnr = model::deployed::data_nft_registry;

enum class Site : unsigned {
  kMintSupply,
  kMintWrite,
  kMintCount,
  kMintCountWrite,
  kMintSupplyWrite,
  kMintEvent,
  kTransferNotOwner,
  kTransferNotTransferable,
  kTransferSenderCount,
  kTransferSenderWrite,
  kTransferReceiverCount,
  kTransferReceiverWrite,
  kTransferWrite,
  kTransferApprovalErase,
  kTransferEvent,
  kTransferReturn,
  kApproveNotOwner,
  kApproveWrite,
  kApproveEvent,
  kApproveReturn,
  kGrantNotOwner,
  kGrantBelowPrice,
  kGrantWrite,
  kGrantEvent,
  kGrantReturn,
  kRevokeNotOwnerOrAdmin,
  kRevokeWrite,
  kRevokeEvent,
  kRevokeReturn,
  kUriNotOwner,
  kUriWrite,
  kUriEvent,
  kUriReturn,
  kPriceNotOwner,
  kPriceWrite,
  kPriceEvent,
  kPriceReturn,
  kBurnNotOwnerOrAdmin,
  kBurnWrite,
  kBurnCount,
  kBurnCountWrite,
  kBurnEvent,
  kBurnReturn,
  kCount,
};

constexpr model::ContractKind site_contract(Site) { return model::ContractKind::kDataNftRegistry; }

constexpr SiteTable<Site> site_table(Site) {
  using enum Site;
  using K = SiteKind;
  using M = dnr::MintBranch;
  using T = dnr::TransferBranch;
  using A = dnr::ApproveBranch;
  using G = dnr::GrantAccessBranch;
  using R = dnr::RevokeAccessBranch;
  using U = dnr::UpdateDataUriBranch;
  using P = dnr::UpdateAccessPriceBranch;
  using B = dnr::BurnBranch;
  using model::branch_name;
  return {{
      {kMintSupply, {"kMintSupply", "mint.supply", "mint", branch_name(M::kOk), K::kArith,
                     "issues the next id (`total_supply.saturating_add(1)`)"}},
      {kMintWrite, {"kMintWrite", "mint.write", "mint", branch_name(M::kOk), K::kWrite, "stores the new NFT"}},
      {kMintCount, {"kMintCount", "mint.count", "mint", branch_name(M::kOk), K::kArith,
                    "counts the minter's NFT (`count.saturating_add(1)`)"}},
      {kMintCountWrite, {"kMintCountWrite", "mint.count_write", "mint", branch_name(M::kOk), K::kWrite,
                         "stores the minter's new count"}},
      {kMintSupplyWrite, {"kMintSupplyWrite", "mint.supply_write", "mint", branch_name(M::kOk), K::kWrite,
                          "stores the new total_supply"}},
      {kMintEvent, {"kMintEvent", "mint.event", "mint", branch_name(M::kOk), K::kEvent,
                    "emits NFTMinted (the corruption zeroes its owner)"}},
      {kTransferNotOwner, {"kTransferNotOwner", "transfer.not_owner", "transfer", branch_name(T::kNotOwner), K::kGuard,
                           "refuses a caller other than the token's owner"}},
      {kTransferNotTransferable, {"kTransferNotTransferable", "transfer.not_transferable", "transfer",
                                  branch_name(T::kNotTransferable), K::kGuard, "refuses a non-transferable token"}},
      {kTransferSenderCount, {"kTransferSenderCount", "transfer.sender_count", "transfer", branch_name(T::kOk),
                              K::kArith, "uncounts the sender's NFT (`count.saturating_sub(1)`)"}},
      {kTransferSenderWrite, {"kTransferSenderWrite", "transfer.sender_write", "transfer", branch_name(T::kOk),
                              K::kWrite, "stores the sender's new count"}},
      {kTransferReceiverCount, {"kTransferReceiverCount", "transfer.receiver_count", "transfer", branch_name(T::kOk),
                                K::kArith, "counts the receiver's NFT (`count.saturating_add(1)`)"}},
      {kTransferReceiverWrite, {"kTransferReceiverWrite", "transfer.receiver_write", "transfer", branch_name(T::kOk),
                                K::kWrite, "stores the receiver's new count"}},
      {kTransferWrite, {"kTransferWrite", "transfer.write", "transfer", branch_name(T::kOk), K::kWrite,
                        "stores the token with its new owner"}},
      {kTransferApprovalErase, {"kTransferApprovalErase", "transfer.approval_erase", "transfer", branch_name(T::kOk),
                                K::kWrite, "removes the token's approval"}},
      {kTransferEvent, {"kTransferEvent", "transfer.event", "transfer", branch_name(T::kOk), K::kEvent,
                        "emits NFTTransferred (the corruption zeroes its `to`)"}},
      {kTransferReturn, {"kTransferReturn", "transfer.return", "transfer", branch_name(T::kOk), K::kReturn,
                         "returns true"}},
      {kApproveNotOwner, {"kApproveNotOwner", "approve.not_owner", "approve", branch_name(A::kNotOwner), K::kGuard,
                          "refuses a caller other than the token's owner"}},
      {kApproveWrite, {"kApproveWrite", "approve.write", "approve", branch_name(A::kOk), K::kWrite,
                       "stores the approval"}},
      {kApproveEvent, {"kApproveEvent", "approve.event", "approve", branch_name(A::kOk), K::kEvent,
                       "emits NFTApproved (the corruption zeroes its approved)"}},
      {kApproveReturn, {"kApproveReturn", "approve.return", "approve", branch_name(A::kOk), K::kReturn,
                        "returns true"}},
      {kGrantNotOwner, {"kGrantNotOwner", "grant.not_owner", "grant_access", branch_name(G::kNotOwner), K::kGuard,
                        "refuses a caller other than the token's owner"}},
      {kGrantBelowPrice, {"kGrantBelowPrice", "grant.below_price", "grant_access", branch_name(G::kBelowPrice),
                          K::kOrderGuard, "refuses a payment below access_price (`payment < access_price`)"}},
      {kGrantWrite, {"kGrantWrite", "grant.write", "grant_access", branch_name(G::kOk), K::kWrite,
                     "stores the grant"}},
      {kGrantEvent, {"kGrantEvent", "grant.event", "grant_access", branch_name(G::kOk), K::kEvent,
                     "emits AccessGranted (the corruption zeroes its payment)"}},
      {kGrantReturn, {"kGrantReturn", "grant.return", "grant_access", branch_name(G::kOk), K::kReturn,
                      "returns true"}},
      {kRevokeNotOwnerOrAdmin, {"kRevokeNotOwnerOrAdmin", "revoke.not_owner_or_admin", "revoke_access",
                                branch_name(R::kNotOwnerOrAdmin), K::kGuard,
                                "refuses a caller neither the token's owner nor the admin"}},
      {kRevokeWrite, {"kRevokeWrite", "revoke.write", "revoke_access", branch_name(R::kByOwner), K::kWrite,
                      "removes the grant"}},
      {kRevokeEvent, {"kRevokeEvent", "revoke.event", "revoke_access", branch_name(R::kByOwner), K::kEvent,
                      "emits AccessRevoked (the corruption zeroes its grantee)"}},
      {kRevokeReturn, {"kRevokeReturn", "revoke.return", "revoke_access", branch_name(R::kByOwner), K::kReturn,
                       "returns true"}},
      {kUriNotOwner, {"kUriNotOwner", "uri.not_owner", "update_data_uri", branch_name(U::kNotOwner), K::kGuard,
                      "refuses a caller other than the token's owner"}},
      {kUriWrite, {"kUriWrite", "uri.write", "update_data_uri", branch_name(U::kOk), K::kWrite,
                   "stores the new data_uri"}},
      {kUriEvent, {"kUriEvent", "uri.event", "update_data_uri", branch_name(U::kOk), K::kEvent,
                   "emits DataURIUpdated (the corruption zeroes its token_id)"}},
      {kUriReturn, {"kUriReturn", "uri.return", "update_data_uri", branch_name(U::kOk), K::kReturn, "returns true"}},
      {kPriceNotOwner, {"kPriceNotOwner", "price.not_owner", "update_access_price", branch_name(P::kNotOwner),
                        K::kGuard, "refuses a caller other than the token's owner"}},
      {kPriceWrite, {"kPriceWrite", "price.write", "update_access_price", branch_name(P::kOk), K::kWrite,
                     "stores the new access_price"}},
      {kPriceEvent, {"kPriceEvent", "price.event", "update_access_price", branch_name(P::kOk), K::kEvent,
                     "emits AccessPriceUpdated (the corruption zeroes its new_price)"}},
      {kPriceReturn, {"kPriceReturn", "price.return", "update_access_price", branch_name(P::kOk), K::kReturn,
                      "returns true"}},
      {kBurnNotOwnerOrAdmin, {"kBurnNotOwnerOrAdmin", "burn.not_owner_or_admin", "burn",
                              branch_name(B::kNotOwnerOrAdmin), K::kGuard,
                              "refuses a caller neither the token's owner nor the admin"}},
      {kBurnWrite, {"kBurnWrite", "burn.write", "burn", branch_name(B::kByOwner), K::kWrite, "removes the token"}},
      {kBurnCount, {"kBurnCount", "burn.count", "burn", branch_name(B::kByOwner), K::kArith,
                    "uncounts the owner's NFT (`count.saturating_sub(1)`)"}},
      {kBurnCountWrite, {"kBurnCountWrite", "burn.count_write", "burn", branch_name(B::kByOwner), K::kWrite,
                         "stores the owner's new count"}},
      {kBurnEvent, {"kBurnEvent", "burn.event", "burn", branch_name(B::kByOwner), K::kEvent,
                    "emits NFTBurned (the corruption zeroes its owner)"}},
      {kBurnReturn, {"kBurnReturn", "burn.return", "burn", branch_name(B::kByOwner), K::kReturn, "returns true"}},
  }};
}

}  // namespace meshcheck::mutation::data_nft_registry
