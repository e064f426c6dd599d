#include "fuzz/data_nft_registry.hpp"

#include "fuzz/pick.hpp"
#include "fuzz/setup.hpp"
#include "model/data_nft_registry.hpp"

namespace meshcheck::fuzz {

namespace {
namespace dn = model::deployed::data_nft_registry;
constexpr AddressKind kKind = AddressKind::H160;

// The contract's address in the fuzzer's world, looked up once.
const Address& address() {
  static const Address a = contract_address("data_nft_registry");
  return a;
}
const dn::State& state(const GeneratorView& m) { return m.state<dn::State>(address()); }

// A token id that collides: a live token, a burnt one, the next one, 0, u128::MAX.
u128 token_id(const GeneratorView& m) {
  const auto& s = state(m);
  std::vector<u128> burnt;
  for (u128 id = 1; id <= s.total_supply && id <= 1000; ++id)
    if (!s.nfts.contains(id)) burnt.push_back(id);
  return pick::id(pick::keys(s.nfts), saturating_add(s.total_supply, u128(1)), burnt);
}
std::optional<Address> owner_of(const GeneratorView& m, const u128& id) {
  if (auto* n = state(m).nfts.find(id)) return n->owner;
  return std::nullopt;
}
// Mostly the token's owner; now and then the admin (who may revoke and burn).
Address owner_or_admin(const GeneratorView& m, const u128& id) {
  if (pick::uniform(0, 10) == 0) return state(m).admin;
  return pick::caller(kKind, owner_of(m, id));
}

struct NftCall : CallCommand {
  NftCall(const GeneratorView& m, std::string_view message) : CallCommand(m, address(), message) {}
};

struct Mint : NftCall {
  explicit Mint(const GeneratorView& m) : NftCall(m, "mint") {
    caller_ = pick::actor(kKind);
    // Payable, though the value is never looked at: mostly none.
    value_ = pick::uniform(0, 4) == 0 ? pick::value(m, contract_, caller_) : U256(0);
    args_ = {Value(pick::text()), Value(u8(pick::one_of(std::vector<int>{0, 1, 2, 255}))),
             Value(pick::amount({50})), Value(pick::flag())};
  }
};

struct Transfer : NftCall {
  explicit Transfer(const GeneratorView& m) : NftCall(m, "transfer") {
    u128 id = token_id(m);
    caller_ = pick::caller(kKind, owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id), Value(pick::account(kKind, caller_))};
  }
};

struct Approve : NftCall {
  explicit Approve(const GeneratorView& m) : NftCall(m, "approve") {
    u128 id = token_id(m);
    caller_ = pick::caller(kKind, owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id), Value(pick::account(kKind))};
  }
};

struct GrantAccess : NftCall {
  explicit GrantAccess(const GeneratorView& m) : NftCall(m, "grant_access") {
    u128 id = token_id(m);
    caller_ = pick::caller(kKind, owner_of(m, id));
    std::vector<U256> near;
    if (auto* n = state(m).nfts.find(id)) pick::add_around(near, U256(n->access_price), kU256Max);
    value_ = pick::value(m, contract_, caller_, near);
    args_ = {Value(id), Value(pick::account(kKind))};
  }
};

struct RevokeAccess : NftCall {
  explicit RevokeAccess(const GeneratorView& m) : NftCall(m, "revoke_access") {
    u128 id = token_id(m);
    caller_ = owner_or_admin(m, id);
    value_ = pick::no_value();
    args_ = {Value(id), Value(pick::account(kKind))};
  }
};

struct UpdateDataUri : NftCall {
  explicit UpdateDataUri(const GeneratorView& m) : NftCall(m, "update_data_uri") {
    u128 id = token_id(m);
    caller_ = pick::caller(kKind, owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id), Value(pick::text())};
  }
};

struct UpdateAccessPrice : NftCall {
  explicit UpdateAccessPrice(const GeneratorView& m) : NftCall(m, "update_access_price") {
    u128 id = token_id(m);
    caller_ = pick::caller(kKind, owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id), Value(pick::amount({50}))};
  }
};

struct Burn : NftCall {
  explicit Burn(const GeneratorView& m) : NftCall(m, "burn") {
    u128 id = token_id(m);
    caller_ = owner_or_admin(m, id);
    value_ = pick::no_value();
    args_ = {Value(id)};
  }
};
}  // namespace

rc::Gen<CommandPtr> data_nft_registry_commands(const SharedGeneratorView& model) {
  return one_of_commands<Mint, Transfer, Approve, GrantAccess, RevokeAccess, UpdateDataUri, UpdateAccessPrice,
                         Burn>(model);
}

}  // namespace meshcheck::fuzz
