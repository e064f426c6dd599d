#include "model/data_nft_registry.hpp"

namespace meshcheck::model::deployed::data_nft_registry {

namespace {
TypeRef nft_type() {
  static TypeRef t = types::struct_("DataNFT", {{"token_id", types::u128()},
                                                {"owner", types::h160()},
                                                {"data_uri", types::string()},
                                                {"privacy_level", types::u8()},
                                                {"minted_at", types::u64()},
                                                {"access_price", types::u128()},
                                                {"is_transferable", types::boolean()}});
  return t;
}

const EventSpec kNFTMinted{"NFTMinted",
                           {{"token_id", types::u128(), true},
                            {"owner", types::h160(), true},
                            {"data_uri", types::string(), false},
                            {"privacy_level", types::u8(), false}}};
const EventSpec kNFTTransferred{
    "NFTTransferred", {{"token_id", types::u128(), true}, {"from", types::h160(), true}, {"to", types::h160(), true}}};
const EventSpec kNFTApproved{"NFTApproved",
                             {{"token_id", types::u128(), true},
                              {"owner", types::h160(), false},
                              {"approved", types::h160(), false}}};
const EventSpec kAccessGranted{"AccessGranted",
                               {{"token_id", types::u128(), true},
                                {"grantee", types::h160(), true},
                                {"payment", types::u128(), false}}};
const EventSpec kAccessRevoked{"AccessRevoked", {{"token_id", types::u128(), true}, {"grantee", types::h160(), true}}};
const EventSpec kDataURIUpdated{"DataURIUpdated",
                                {{"token_id", types::u128(), true}, {"new_uri", types::string(), false}}};
const EventSpec kAccessPriceUpdated{"AccessPriceUpdated",
                                    {{"token_id", types::u128(), true}, {"new_price", types::u128(), false}}};
const EventSpec kNFTBurned{"NFTBurned", {{"token_id", types::u128(), true}, {"owner", types::h160(), false}}};
}  // namespace

State construct(const CallEnv& env) {
  State s;
  s.total_supply = 0;
  s.admin = env.caller;
  return s;
}

// Branch coverage: each message's guard outcomes, in the order of its
// MessageSpec::branches in spec() below. A "... saturated" (or "... already zero")
// branch is marked where a saturating_add (saturating_sub) saturates, alongside the
// message's outcome.
namespace {
enum MintBranch : unsigned { kMintSupplySaturated, kMintCountSaturated, kMintOk };
}  // namespace

u128 mint(State& self, Ctx& ctx, const std::string& data_uri, u8 privacy_level, const u128& access_price,
          bool is_transferable) {
  // Payable, but the value sent is never looked at: it stays in the contract.
  const Address& caller = ctx.env.caller;
  if (self.total_supply == kU128Max) ctx.cover(kMintSupplySaturated);
  u128 token_id = saturating_add(self.total_supply, u128(1));
  self.nfts.insert(token_id,
                   DataNFT{token_id, caller, data_uri, privacy_level, ctx.env.timestamp, access_price, is_transferable});
  if (self.owner_nft_count.get_or(caller, u128(0)) == kU128Max) ctx.cover(kMintCountSaturated);
  self.owner_nft_count.insert(caller, saturating_add(self.owner_nft_count.get_or(caller, u128(0)), u128(1)));
  self.total_supply = token_id;
  ctx.emit(kNFTMinted, {token_id, caller, data_uri, privacy_level});
  ctx.cover(kMintOk);
  return token_id;
}

namespace {
enum TransferBranch : unsigned {
  kTransferNoToken,
  kTransferNotOwner,
  kTransferNotTransferable,
  kTransferSenderCountZero,
  kTransferReceiverCountSaturated,
  kTransferOk,
};
}  // namespace

bool transfer(State& self, Ctx& ctx, const u128& token_id, const Address& to) {
  const Address& caller = ctx.env.caller;
  const DataNFT* found = self.nfts.find(token_id);
  if (!found) {
    ctx.cover(kTransferNoToken);
    return false;
  }
  DataNFT nft = *found;
  if (nft.owner != caller) {
    ctx.cover(kTransferNotOwner);
    return false;
  }
  if (!nft.is_transferable) {
    ctx.cover(kTransferNotTransferable);
    return false;
  }
  // The sender's count is written before the receiver's is read: a transfer to oneself
  // nets to zero.
  if (self.owner_nft_count.get_or(caller, u128(0)) == 0) ctx.cover(kTransferSenderCountZero);
  self.owner_nft_count.insert(caller, saturating_sub(self.owner_nft_count.get_or(caller, u128(0)), u128(1)));
  if (self.owner_nft_count.get_or(to, u128(0)) == kU128Max) ctx.cover(kTransferReceiverCountSaturated);
  self.owner_nft_count.insert(to, saturating_add(self.owner_nft_count.get_or(to, u128(0)), u128(1)));
  nft.owner = to;
  self.nfts.insert(token_id, nft);
  self.approvals.erase(token_id);
  ctx.emit(kNFTTransferred, {token_id, caller, to});
  ctx.cover(kTransferOk);
  return true;
}

namespace {
enum ApproveBranch : unsigned { kApproveNoToken, kApproveNotOwner, kApproveOk };
}  // namespace

bool approve(State& self, Ctx& ctx, const u128& token_id, const Address& approved) {
  const DataNFT* found = self.nfts.find(token_id);
  if (!found) {
    ctx.cover(kApproveNoToken);
    return false;
  }
  if (found->owner != ctx.env.caller) {
    ctx.cover(kApproveNotOwner);
    return false;
  }
  self.approvals.insert(token_id, approved);
  ctx.emit(kNFTApproved, {token_id, ctx.env.caller, approved});
  ctx.cover(kApproveOk);
  return true;
}

namespace {
enum GrantBranch : unsigned { kGrantNoToken, kGrantNotOwner, kGrantValueAboveU128, kGrantBelowPrice, kGrantOk };
}  // namespace

bool grant_access(State& self, Ctx& ctx, const u128& token_id, const Address& grantee) {
  const DataNFT* found = self.nfts.find(token_id);
  if (!found) {
    ctx.cover(kGrantNoToken);
    return false;
  }
  if (found->owner != ctx.env.caller) {
    ctx.cover(kGrantNotOwner);
    return false;
  }
  // Narrowed only here, after the owner check: a non-owner's oversized value is kept.
  if (ctx.env.value > kU128MaxAsU256) ctx.cover(kGrantValueAboveU128);
  u128 payment = ctx.transferred_value_as_u128();
  if (payment < found->access_price) {
    ctx.cover(kGrantBelowPrice);
    return false;
  }
  self.granted_access.insert({token_id, grantee}, true);
  ctx.emit(kAccessGranted, {token_id, grantee, payment});
  ctx.cover(kGrantOk);
  return true;
}

namespace {
enum RevokeBranch : unsigned { kRevokeNoToken, kRevokeNotOwnerOrAdmin, kRevokeByOwner, kRevokeByAdmin };
}  // namespace

bool revoke_access(State& self, Ctx& ctx, const u128& token_id, const Address& grantee) {
  const DataNFT* found = self.nfts.find(token_id);
  if (!found) {
    ctx.cover(kRevokeNoToken);
    return false;
  }
  if (found->owner != ctx.env.caller && ctx.env.caller != self.admin) {
    ctx.cover(kRevokeNotOwnerOrAdmin);
    return false;
  }
  bool by_owner = found->owner == ctx.env.caller;
  self.granted_access.erase({token_id, grantee});
  ctx.emit(kAccessRevoked, {token_id, grantee});
  ctx.cover(by_owner ? kRevokeByOwner : kRevokeByAdmin);
  return true;
}

namespace {
enum UpdateUriBranch : unsigned { kUpdateUriNoToken, kUpdateUriNotOwner, kUpdateUriOk };
}  // namespace

bool update_data_uri(State& self, Ctx& ctx, const u128& token_id, const std::string& new_uri) {
  const DataNFT* found = self.nfts.find(token_id);
  if (!found) {
    ctx.cover(kUpdateUriNoToken);
    return false;
  }
  if (found->owner != ctx.env.caller) {
    ctx.cover(kUpdateUriNotOwner);
    return false;
  }
  DataNFT nft = *found;
  nft.data_uri = new_uri;
  self.nfts.insert(token_id, nft);
  ctx.emit(kDataURIUpdated, {token_id, new_uri});
  ctx.cover(kUpdateUriOk);
  return true;
}

namespace {
enum UpdatePriceBranch : unsigned { kUpdatePriceNoToken, kUpdatePriceNotOwner, kUpdatePriceOk };
}  // namespace

bool update_access_price(State& self, Ctx& ctx, const u128& token_id, const u128& new_price) {
  const DataNFT* found = self.nfts.find(token_id);
  if (!found) {
    ctx.cover(kUpdatePriceNoToken);
    return false;
  }
  if (found->owner != ctx.env.caller) {
    ctx.cover(kUpdatePriceNotOwner);
    return false;
  }
  DataNFT nft = *found;
  nft.access_price = new_price;
  self.nfts.insert(token_id, nft);
  ctx.emit(kAccessPriceUpdated, {token_id, new_price});
  ctx.cover(kUpdatePriceOk);
  return true;
}

namespace {
enum BurnBranch : unsigned { kBurnNoToken, kBurnNotOwnerOrAdmin, kBurnOwnerCountZero, kBurnByOwner, kBurnByAdmin };
}  // namespace

bool burn(State& self, Ctx& ctx, const u128& token_id) {
  const DataNFT* found = self.nfts.find(token_id);
  if (!found) {
    ctx.cover(kBurnNoToken);
    return false;
  }
  DataNFT nft = *found;
  if (nft.owner != ctx.env.caller && ctx.env.caller != self.admin) {
    ctx.cover(kBurnNotOwnerOrAdmin);
    return false;
  }
  // Approvals and access grants of the burnt token are left in storage.
  self.nfts.erase(token_id);
  if (self.owner_nft_count.get_or(nft.owner, u128(0)) == 0) ctx.cover(kBurnOwnerCountZero);
  self.owner_nft_count.insert(nft.owner, saturating_sub(self.owner_nft_count.get_or(nft.owner, u128(0)), u128(1)));
  ctx.emit(kNFTBurned, {token_id, nft.owner});
  ctx.cover(nft.owner == ctx.env.caller ? kBurnByOwner : kBurnByAdmin);
  return true;
}

namespace {
enum HasAccessBranch : unsigned { kHasAccessOwner, kHasAccessGranted, kHasAccessNone };

// The has_access message, with its branches marked.
bool has_access(const State& self, Ctx& ctx, const u128& token_id, const Address& account) {
  if (const DataNFT* nft = self.nfts.find(token_id))
    if (nft->owner == account) {
      ctx.cover(kHasAccessOwner);
      return true;
    }
  bool granted = self.granted_access.get_or({token_id, account}, false);
  ctx.cover(granted ? kHasAccessGranted : kHasAccessNone);
  return granted;
}

enum GetNftBranch : unsigned { kGetNftNone, kGetNftSome };
enum GetApprovedBranch : unsigned { kGetApprovedNone, kGetApprovedSome };
}  // namespace

bool has_access(const State& self, const u128& token_id, const Address& account) {
  CallEnv env;
  Ctx ctx(env);  // coverage not wanted here
  return has_access(self, ctx, token_id, account);
}

Value to_value(const DataNFT& n) {
  return Value::seq(
      {n.token_id, n.owner, n.data_uri, n.privacy_level, n.minted_at, n.access_price, n.is_transferable});
}

const ContractSpec& spec() {
  static const ContractSpec s{
      "data_nft_registry",
      InkVersion::V6,
      {},
      [](const CallEnv& env, Args) -> std::shared_ptr<ContractState> {
        return std::make_shared<State>(construct(env));
      },
      {
          {"mint",
           {{"data_uri", types::string()},
            {"privacy_level", types::u8()},
            {"access_price", types::u128()},
            {"is_transferable", types::boolean()}},
           types::u128(), true, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return mint(s, c, arg_string(a, 0), arg_u8(a, 1), arg_u128(a, 2), arg_bool(a, 3));
           }>,
           {"total_supply saturated", "owner count saturated", "ok"}},
          {"transfer", {{"token_id", types::u128()}, {"to", types::h160()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return transfer(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           {"no such token", "caller is not the owner", "token not transferable", "sender count already zero",
            "receiver count saturated", "ok"}},
          {"approve", {{"token_id", types::u128()}, {"approved", types::h160()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return approve(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           {"no such token", "caller is not the owner", "ok"}},
          {"grant_access", {{"token_id", types::u128()}, {"grantee", types::h160()}}, types::boolean(), true, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return grant_access(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           {"no such token", "caller is not the owner", "value above u128::MAX", "payment below access_price", "ok"}},
          {"revoke_access", {{"token_id", types::u128()}, {"grantee", types::h160()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return revoke_access(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           {"no such token", "caller is neither the owner nor the admin", "revoked by the owner",
            "revoked by the admin"}},
          {"update_data_uri", {{"token_id", types::u128()}, {"new_uri", types::string()}}, types::boolean(), false,
           true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return update_data_uri(s, c, arg_u128(a, 0), arg_string(a, 1));
           }>,
           {"no such token", "caller is not the owner", "ok"}},
          {"update_access_price", {{"token_id", types::u128()}, {"new_price", types::u128()}}, types::boolean(), false,
           true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return update_access_price(s, c, arg_u128(a, 0), arg_u128(a, 1));
           }>,
           {"no such token", "caller is not the owner", "ok"}},
          {"burn", {{"token_id", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value { return burn(s, c, arg_u128(a, 0)); }>,
           {"no such token", "caller is neither the owner nor the admin", "owner count already zero",
            "burnt by the owner", "burnt by the admin"}},
          {"get_nft", {{"token_id", types::u128()}}, types::option(nft_type()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const DataNFT* n = s.nfts.find(arg_u128(a, 0));
             c.cover(n ? kGetNftSome : kGetNftNone);
             return n ? Value::some(to_value(*n)) : Value::none();
           }>,
           {"no such token", "found"}},
          {"balance_of", {{"owner", types::h160()}}, types::u128(), false, false,
           typed_body<State, [](State& s, Ctx&, Args a) -> Value {
             return s.owner_nft_count.get_or(arg_address(a, 0), u128(0));
           }>},
          {"get_approved", {{"token_id", types::u128()}}, types::option(types::h160()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const Address* approved = s.approvals.find(arg_u128(a, 0));
             c.cover(approved ? kGetApprovedSome : kGetApprovedNone);
             return approved ? Value::some(*approved) : Value::none();
           }>,
           {"no approval", "found"}},
          {"has_access", {{"token_id", types::u128()}, {"account", types::h160()}}, types::boolean(), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return has_access(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           {"account is the owner", "access granted", "no access"}},
          {"total_supply", {}, types::u128(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.total_supply; }>},
          {"get_admin", {}, types::h160(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.admin; }>},
      },
      {&kNFTMinted, &kNFTTransferred, &kNFTApproved, &kAccessGranted, &kAccessRevoked, &kDataURIUpdated,
       &kAccessPriceUpdated, &kNFTBurned},
  };
  return s;
}

}  // namespace meshcheck::model::deployed::data_nft_registry
