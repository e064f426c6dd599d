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
