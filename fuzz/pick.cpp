#include "fuzz/pick.hpp"

#include "fuzz/setup.hpp"

namespace meshcheck::fuzz::pick {

namespace {
const U256 k2Pow64 = U256(1) << 64;
const U256 k2Pow128 = U256(1) << 128;
}  // namespace

Address actor(AddressKind kind) { return one_of(actors(kind)); }

Address caller(AddressKind kind, const std::optional<Address>& role) {
  Choice<Address> c;
  if (role) c.item(7, *role);
  return c.one_of(role ? 3 : 10, actors(kind)).draw();
}

Address account(AddressKind kind, const std::optional<Address>& role) {
  const std::vector<Address> contracts = contract_addresses(kind);
  Choice<Address> c;
  if (role) c.item(4, *role);
  return c.one_of(role ? 15 : 19, actors(kind)).one_of(1, contracts).draw();
}

U256 value(const GeneratorView& m, const Address& contract, const Address& caller, const std::vector<U256>& near) {
  const model::ContractSpec& spec = *m.world.instance(contract)->spec;
  Choice<U256> c;
  c.item(4, U256(0)).item(2, U256(1));
  for (auto& x : near) c.item(3, x);
  c.range(2, U256(2), 100000 - 2);
  if (auto b = m.world.balance(caller)) {
    c.item(1, *b);
    if (*b < kU256Max) c.item(1, *b + 1);
  }
  c.item(1, k2Pow64).item(1, kU128MaxAsU256);
  if (spec.ink == model::InkVersion::V6) c.item(1, k2Pow128).item(1, kU256Max);
  U256 v = std::min(c.draw(), spec.max_value());
  return std::min(v, kU256Max - m.balance(contract));  // what the contract's balance can still take
}

U256 no_value() { return uniform(0, 20) == 19 ? U256(1) : U256(0); }

u128 amount(const std::vector<u128>& near) {
  Choice<u128> c;
  c.item(3, u128(0)).item(2, u128(1));
  for (auto& x : near) c.item(3, x);
  return c.range(2, u128(2), 100000 - 2).item(1, u128(1) << 64).item(1, kU128Max).draw();
}

u128 amount_around(const u128& x) {
  std::vector<u128> near;
  add_around(near, x, kU128Max);
  return amount(near);
}

u32 number32(const std::vector<u32>& near) {
  Choice<u32> c;
  c.item(2, 0u).item(2, 1u);
  for (auto x : near) c.item(3, x);
  return c.range(1, 2u, 1000 - 2).item(1, ~u32(0)).draw();
}

u64 number64(const std::vector<u64>& near) {
  Choice<u64> c;
  c.item(2, 0ull).item(2, 1ull);
  for (auto x : near) c.item(3, x);
  return c.range(1, 2ull, 1000 - 2).item(1, ~u64(0)).draw();
}

u128 id(const std::vector<u128>& existing, const u128& next, const std::vector<u128>& deleted,
        const std::vector<u128>& preferred) {
  return Choice<u128>()
      .one_of(8, preferred)
      .one_of(preferred.empty() ? 12 : 4, existing)
      .one_of(3, deleted)
      .item(3, next)
      .item(1, u128(0))
      .item(1, kU128Max)
      .draw();
}

std::string text() {
  static const std::vector<std::string> texts{"", "a", "ipfs://Qm1", "model-7b"};
  return one_of(texts);
}

bool flag() { return one_of(std::vector<bool>{false, true}); }

}  // namespace meshcheck::fuzz::pick
