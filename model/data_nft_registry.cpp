#include "model/data_nft_registry.hpp"

#include "model/contract_kind.hpp"
#include "mutation/data_nft_registry.hpp"

namespace meshcheck::model::deployed::data_nft_registry {

namespace {
// The mutation sites (mutation/data_nft_registry.hpp): with no mutant active, each hook
// returns what it is given.
namespace mut = mutation;
using Site = mutation::data_nft_registry::Site;

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

u128 mint(State& self, Ctx& ctx, const std::string& data_uri, u8 privacy_level, const u128& access_price,
          bool is_transferable) {
  using enum MintBranch;
  // Payable, but the value sent is never looked at: it stays in the contract.
  const Address& caller = ctx.env.caller;
  if (self.total_supply == kU128Max) ctx.cover(kSupplySaturated);
  u128 token_id = mut::add(Site::kMintSupply, self.total_supply, u128(1));
  if (mut::writes(Site::kMintWrite))
    self.nfts.insert(token_id, DataNFT{token_id, caller, data_uri, privacy_level, ctx.env.timestamp, access_price,
                                       is_transferable});
  if (self.owner_nft_count.get_or(caller, u128(0)) == kU128Max) ctx.cover(kCountSaturated);
  u128 count = mut::add(Site::kMintCount, self.owner_nft_count.get_or(caller, u128(0)), u128(1));
  if (mut::writes(Site::kMintCountWrite)) self.owner_nft_count.insert(caller, count);
  if (mut::writes(Site::kMintSupplyWrite)) self.total_supply = token_id;
  if (mut::emits(Site::kMintEvent))
    ctx.emit(kNFTMinted, {token_id, mut::field(Site::kMintEvent, caller), data_uri, privacy_level});
  ctx.cover(kOk);
  return token_id;
}

bool transfer(State& self, Ctx& ctx, const u128& token_id, const Address& to) {
  using enum TransferBranch;
  const Address& caller = ctx.env.caller;
  const DataNFT* found = self.nfts.find(token_id);
  if (!found) {
    ctx.cover(kNoToken);
    return false;
  }
  DataNFT nft = *found;
  if (mut::guard(Site::kTransferNotOwner, nft.owner != caller)) {
    ctx.cover(kNotOwner);
    return false;
  }
  if (mut::guard(Site::kTransferNotTransferable, !nft.is_transferable)) {
    ctx.cover(kNotTransferable);
    return false;
  }
  // The sender's count is written before the receiver's is read: a transfer to oneself
  // nets to zero.
  if (self.owner_nft_count.get_or(caller, u128(0)) == 0) ctx.cover(kSenderCountZero);
  u128 from_count = mut::sub(Site::kTransferSenderCount, self.owner_nft_count.get_or(caller, u128(0)), u128(1));
  if (mut::writes(Site::kTransferSenderWrite)) self.owner_nft_count.insert(caller, from_count);
  if (self.owner_nft_count.get_or(to, u128(0)) == kU128Max) ctx.cover(kReceiverCountSaturated);
  u128 to_count = mut::add(Site::kTransferReceiverCount, self.owner_nft_count.get_or(to, u128(0)), u128(1));
  if (mut::writes(Site::kTransferReceiverWrite)) self.owner_nft_count.insert(to, to_count);
  nft.owner = to;
  if (mut::writes(Site::kTransferWrite)) self.nfts.insert(token_id, nft);
  if (mut::writes(Site::kTransferApprovalErase)) self.approvals.erase(token_id);
  if (mut::emits(Site::kTransferEvent))
    ctx.emit(kNFTTransferred, {token_id, caller, mut::field(Site::kTransferEvent, to)});
  ctx.cover(kOk);
  return mut::returned(Site::kTransferReturn, true);
}

bool approve(State& self, Ctx& ctx, const u128& token_id, const Address& approved) {
  using enum ApproveBranch;
  const DataNFT* found = self.nfts.find(token_id);
  if (!found) {
    ctx.cover(kNoToken);
    return false;
  }
  if (mut::guard(Site::kApproveNotOwner, found->owner != ctx.env.caller)) {
    ctx.cover(kNotOwner);
    return false;
  }
  if (mut::writes(Site::kApproveWrite)) self.approvals.insert(token_id, approved);
  if (mut::emits(Site::kApproveEvent))
    ctx.emit(kNFTApproved, {token_id, ctx.env.caller, mut::field(Site::kApproveEvent, approved)});
  ctx.cover(kOk);
  return mut::returned(Site::kApproveReturn, true);
}

bool grant_access(State& self, Ctx& ctx, const u128& token_id, const Address& grantee) {
  using enum GrantAccessBranch;
  const DataNFT* found = self.nfts.find(token_id);
  if (!found) {
    ctx.cover(kNoToken);
    return false;
  }
  if (mut::guard(Site::kGrantNotOwner, found->owner != ctx.env.caller)) {
    ctx.cover(kNotOwner);
    return false;
  }
  // Narrowed only here, after the owner check: a non-owner's oversized value is kept.
  if (ctx.env.value > kU128MaxAsU256) ctx.cover(kValueAboveU128);
  u128 payment = ctx.transferred_value_as_u128();
  if (mut::less(Site::kGrantBelowPrice, payment, found->access_price, false)) {
    ctx.cover(kBelowPrice);
    return false;
  }
  if (mut::writes(Site::kGrantWrite)) self.granted_access.insert({token_id, grantee}, true);
  if (mut::emits(Site::kGrantEvent))
    ctx.emit(kAccessGranted, {token_id, grantee, mut::field(Site::kGrantEvent, payment)});
  ctx.cover(kOk);
  return mut::returned(Site::kGrantReturn, true);
}

bool revoke_access(State& self, Ctx& ctx, const u128& token_id, const Address& grantee) {
  using enum RevokeAccessBranch;
  const DataNFT* found = self.nfts.find(token_id);
  if (!found) {
    ctx.cover(kNoToken);
    return false;
  }
  if (mut::guard(Site::kRevokeNotOwnerOrAdmin, found->owner != ctx.env.caller && ctx.env.caller != self.admin)) {
    ctx.cover(kNotOwnerOrAdmin);
    return false;
  }
  bool by_owner = found->owner == ctx.env.caller;
  if (mut::writes(Site::kRevokeWrite)) self.granted_access.erase({token_id, grantee});
  if (mut::emits(Site::kRevokeEvent))
    ctx.emit(kAccessRevoked, {token_id, mut::field(Site::kRevokeEvent, grantee)});
  ctx.cover(by_owner ? kByOwner : kByAdmin);
  return mut::returned(Site::kRevokeReturn, true);
}

bool update_data_uri(State& self, Ctx& ctx, const u128& token_id, const std::string& new_uri) {
  using enum UpdateDataUriBranch;
  const DataNFT* found = self.nfts.find(token_id);
  if (!found) {
    ctx.cover(kNoToken);
    return false;
  }
  if (mut::guard(Site::kUriNotOwner, found->owner != ctx.env.caller)) {
    ctx.cover(kNotOwner);
    return false;
  }
  DataNFT nft = *found;
  nft.data_uri = new_uri;
  if (mut::writes(Site::kUriWrite)) self.nfts.insert(token_id, nft);
  if (mut::emits(Site::kUriEvent)) ctx.emit(kDataURIUpdated, {mut::field(Site::kUriEvent, token_id), new_uri});
  ctx.cover(kOk);
  return mut::returned(Site::kUriReturn, true);
}

bool update_access_price(State& self, Ctx& ctx, const u128& token_id, const u128& new_price) {
  using enum UpdateAccessPriceBranch;
  const DataNFT* found = self.nfts.find(token_id);
  if (!found) {
    ctx.cover(kNoToken);
    return false;
  }
  if (mut::guard(Site::kPriceNotOwner, found->owner != ctx.env.caller)) {
    ctx.cover(kNotOwner);
    return false;
  }
  DataNFT nft = *found;
  nft.access_price = new_price;
  if (mut::writes(Site::kPriceWrite)) self.nfts.insert(token_id, nft);
  if (mut::emits(Site::kPriceEvent))
    ctx.emit(kAccessPriceUpdated, {token_id, mut::field(Site::kPriceEvent, new_price)});
  ctx.cover(kOk);
  return mut::returned(Site::kPriceReturn, true);
}

bool burn(State& self, Ctx& ctx, const u128& token_id) {
  using enum BurnBranch;
  const DataNFT* found = self.nfts.find(token_id);
  if (!found) {
    ctx.cover(kNoToken);
    return false;
  }
  DataNFT nft = *found;
  if (mut::guard(Site::kBurnNotOwnerOrAdmin, nft.owner != ctx.env.caller && ctx.env.caller != self.admin)) {
    ctx.cover(kNotOwnerOrAdmin);
    return false;
  }
  // Approvals and access grants of the burnt token are left in storage.
  if (mut::writes(Site::kBurnWrite)) self.nfts.erase(token_id);
  if (self.owner_nft_count.get_or(nft.owner, u128(0)) == 0) ctx.cover(kOwnerCountZero);
  u128 count = mut::sub(Site::kBurnCount, self.owner_nft_count.get_or(nft.owner, u128(0)), u128(1));
  if (mut::writes(Site::kBurnCountWrite)) self.owner_nft_count.insert(nft.owner, count);
  if (mut::emits(Site::kBurnEvent)) ctx.emit(kNFTBurned, {token_id, mut::field(Site::kBurnEvent, nft.owner)});
  ctx.cover(nft.owner == ctx.env.caller ? kByOwner : kByAdmin);
  return mut::returned(Site::kBurnReturn, true);
}

// The branches of the read-only messages, which only spec() below names.
namespace {
enum class HasAccessBranch : unsigned { kOwner, kGranted, kNone, kCount };
constexpr BranchNames<HasAccessBranch> branch_names(HasAccessBranch) {
  using enum HasAccessBranch;
  return {{{kOwner, "account is the owner"}, {kGranted, "access granted"}, {kNone, "no access"}}};
}

// The has_access message, with its branches marked.
bool has_access(const State& self, Ctx& ctx, const u128& token_id, const Address& account) {
  using enum HasAccessBranch;
  if (const DataNFT* nft = self.nfts.find(token_id))
    if (nft->owner == account) {
      ctx.cover(kOwner);
      return true;
    }
  bool granted = self.granted_access.get_or({token_id, account}, false);
  ctx.cover(granted ? kGranted : kNone);
  return granted;
}

enum class GetNftBranch : unsigned { kNone, kFound, kCount };
constexpr BranchNames<GetNftBranch> branch_names(GetNftBranch) {
  using enum GetNftBranch;
  return {{{kNone, "no such token"}, {kFound, "found"}}};
}

enum class GetApprovedBranch : unsigned { kNone, kFound, kCount };
constexpr BranchNames<GetApprovedBranch> branch_names(GetApprovedBranch) {
  using enum GetApprovedBranch;
  return {{{kNone, "no approval"}, {kFound, "found"}}};
}
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
      std::string(contract_name(ContractKind::kDataNftRegistry)),
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
           branch_list<MintBranch>()},
          {"transfer", {{"token_id", types::u128()}, {"to", types::h160()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return transfer(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           branch_list<TransferBranch>()},
          {"approve", {{"token_id", types::u128()}, {"approved", types::h160()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return approve(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           branch_list<ApproveBranch>()},
          {"grant_access", {{"token_id", types::u128()}, {"grantee", types::h160()}}, types::boolean(), true, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return grant_access(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           branch_list<GrantAccessBranch>()},
          {"revoke_access", {{"token_id", types::u128()}, {"grantee", types::h160()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return revoke_access(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           branch_list<RevokeAccessBranch>()},
          {"update_data_uri", {{"token_id", types::u128()}, {"new_uri", types::string()}}, types::boolean(), false,
           true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return update_data_uri(s, c, arg_u128(a, 0), arg_string(a, 1));
           }>,
           branch_list<UpdateDataUriBranch>()},
          {"update_access_price", {{"token_id", types::u128()}, {"new_price", types::u128()}}, types::boolean(), false,
           true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return update_access_price(s, c, arg_u128(a, 0), arg_u128(a, 1));
           }>,
           branch_list<UpdateAccessPriceBranch>()},
          {"burn", {{"token_id", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value { return burn(s, c, arg_u128(a, 0)); }>,
           branch_list<BurnBranch>()},
          {"get_nft", {{"token_id", types::u128()}}, types::option(nft_type()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const DataNFT* n = s.nfts.find(arg_u128(a, 0));
             c.cover(n ? GetNftBranch::kFound : GetNftBranch::kNone);
             return n ? Value::some(to_value(*n)) : Value::none();
           }>,
           branch_list<GetNftBranch>()},
          {"balance_of", {{"owner", types::h160()}}, types::u128(), false, false,
           typed_body<State, [](State& s, Ctx&, Args a) -> Value {
             return s.owner_nft_count.get_or(arg_address(a, 0), u128(0));
           }>},
          {"get_approved", {{"token_id", types::u128()}}, types::option(types::h160()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const Address* approved = s.approvals.find(arg_u128(a, 0));
             c.cover(approved ? GetApprovedBranch::kFound : GetApprovedBranch::kNone);
             return approved ? Value::some(*approved) : Value::none();
           }>,
           branch_list<GetApprovedBranch>()},
          {"has_access", {{"token_id", types::u128()}, {"account", types::h160()}}, types::boolean(), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return has_access(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           branch_list<HasAccessBranch>()},
          {"total_supply", {}, types::u128(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.total_supply; }>},
          {"get_admin", {}, types::h160(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.admin; }>},
      },
      {&kNFTMinted, &kNFTTransferred, &kNFTApproved, &kAccessGranted, &kAccessRevoked, &kDataURIUpdated,
       &kAccessPriceUpdated, &kNFTBurned},
      "0x039a46c338d197eea081066596fba9daf1ecee51d22c4a95b90784c75a5a3e14",  // its code hash (deployments/paseo.json)
  };
  return s;
}

}  // namespace meshcheck::model::deployed::data_nft_registry
