#include "fuzz/pick.hpp"

#include "fuzz/setup.hpp"

namespace meshcheck::fuzz::pick {

namespace {
const U256 k2Pow64 = U256(1) << 64;
const U256 k2Pow128 = U256(1) << 128;
}  // namespace

Address actor(AddressKind kind) { return one_of(actors(kind)); }

Address caller(AddressKind kind, const std::optional<Address>& role) {
  if (role && uniform(0, 10) < 7) return *role;
  return actor(kind);
}

Address account(AddressKind kind, const std::optional<Address>& role) {
  int n = uniform(0, 20);
  if (role && n < 4) return *role;
  if (n == 19) return one_of(contract_addresses(kind));
  return actor(kind);
}

U256 value(const FuzzModel& m, const Address& contract, const Address& caller, const std::vector<U256>& near) {
  const model::ContractSpec& spec = *m.world.instance(contract)->spec;
  std::vector<std::pair<std::size_t, U256>> items{{4, U256(0)}, {2, U256(1)}};
  for (auto& x : near) items.push_back({3, x});
  items.push_back({2, U256(uniform<std::uint64_t>(2, 100000))});
  if (auto b = m.world.balance(caller)) {
    items.push_back({1, *b});
    if (*b < kU256Max) items.push_back({1, *b + 1});
  }
  items.push_back({1, k2Pow64});
  items.push_back({1, kU128MaxAsU256});
  if (spec.ink == model::InkVersion::V6) {
    items.push_back({1, k2Pow128});
    items.push_back({1, kU256Max});
  }
  U256 v = weighted(items);
  v = std::min(v, spec.max_value());
  return std::min(v, kU256Max - m.balance(contract));  // what the contract's balance can still take
}

U256 no_value() { return uniform(0, 20) == 19 ? U256(1) : U256(0); }

u128 amount(const std::vector<u128>& near) {
  std::vector<std::pair<std::size_t, u128>> items{{3, u128(0)}, {2, u128(1)}};
  for (auto& x : near) items.push_back({3, x});
  items.push_back({2, u128(uniform<std::uint64_t>(2, 100000))});
  items.push_back({1, u128(1) << 64});
  items.push_back({1, kU128Max});
  return weighted(items);
}

u32 number32(const std::vector<u32>& near) {
  std::vector<std::pair<std::size_t, u32>> items{{2, 0u}, {2, 1u}};
  for (auto x : near) items.push_back({3, x});
  items.push_back({1, uniform<u32>(2, 1000)});
  items.push_back({1, ~u32(0)});
  return weighted(items);
}

u64 number64(const std::vector<u64>& near) {
  std::vector<std::pair<std::size_t, u64>> items{{2, 0ull}, {2, 1ull}};
  for (auto x : near) items.push_back({3, x});
  items.push_back({1, uniform<u64>(2, 1000)});
  items.push_back({1, ~u64(0)});
  return weighted(items);
}

u128 id(const std::vector<u128>& existing, const u128& next, const std::vector<u128>& deleted,
        const std::vector<u128>& preferred) {
  std::vector<std::pair<std::size_t, u128>> items;
  if (!preferred.empty()) items.push_back({8, one_of(preferred)});
  if (!existing.empty()) items.push_back({preferred.empty() ? 12u : 4u, one_of(existing)});
  if (!deleted.empty()) items.push_back({3, one_of(deleted)});
  items.push_back({3, next});
  items.push_back({1, u128(0)});
  items.push_back({1, kU128Max});
  return weighted(items);
}

std::string text() {
  static const std::vector<std::string> texts{"", "a", "ipfs://Qm1", "model-7b"};
  return one_of(texts);
}

bool flag() { return one_of(std::vector<bool>{false, true}); }

}  // namespace meshcheck::fuzz::pick
