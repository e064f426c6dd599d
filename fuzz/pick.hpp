// Drawing a command's caller, value and arguments. Each function draws with `*gen`,
// so it must run inside rc::gen::exec (a command's constructor does). Every list is
// ordered simplest first: RapidCheck shrinks a draw towards the front.
//
// Values sit at the edges (0, 1, the thresholds the state holds ±1, 2^64, u128::MAX,
// and above u128 for ink! 6 contracts); ids collide on purpose (existing, just
// deleted, the next unused one, 0); callers mostly hold the role a guard asks for.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fuzz/machine.hpp"
#include "model/pmap.hpp"

namespace meshcheck::fuzz::pick {

// A number in [min, max), uniform whatever the generation size (RapidCheck's inRange
// narrows the range for small sizes); shrinks towards `min`.
template <class T> T uniform(T min, T max) {
  return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<T>(min, max));
}

// One of the items (not empty); shrinks towards the first. (rc::gen::elementOf does
// not shrink.)
template <class T> T one_of(const std::vector<T>& items) { return items[uniform<std::size_t>(0, items.size())]; }

// One of the items, `weight` times as likely as weight 1.
template <class T> T weighted(const std::vector<std::pair<std::size_t, T>>& items) {
  std::size_t total = 0;
  for (auto& [w, _] : items) total += w;
  std::size_t n = uniform<std::size_t>(0, total);
  for (auto& [w, item] : items) {
    if (n < w) return item;
    n -= w;
  }
  return items.back().second;
}

// One of the actors of `kind`.
Address actor(AddressKind kind);
// Mostly `role` (the owner, the assigned provider, the admin, …), else any actor.
Address caller(AddressKind kind, const std::optional<Address>& role);
// An address argument: mostly an actor, now and then `role`, or a contract of that width.
Address account(AddressKind kind, const std::optional<Address>& role = std::nullopt);

// The value of a payable call by `caller` to `contract`: the edges, values next to
// `near` (thresholds read from the state), the caller's balance and one more when it
// is tracked. Never more than the contract's balance can take.
U256 value(const FuzzModel& m, const Address& contract, const Address& caller, const std::vector<U256>& near = {});
// The value of a call to a non-payable message: 0, now and then 1 (a revert).
U256 no_value();

// A u128 argument (an amount, a price, a threshold): the edges and next to `near`.
u128 amount(const std::vector<u128>& near = {});
u32 number32(const std::vector<u32>& near = {});
u64 number64(const std::vector<u64>& near = {});

// An id: an existing one (most often one of `preferred`, the ids whose state lets the
// message through), a just-deleted one, the next unused one, 0 or u128::MAX.
u128 id(const std::vector<u128>& existing, const u128& next, const std::vector<u128>& deleted = {},
        const std::vector<u128>& preferred = {});
// The keys of a map whose values satisfy `pred`, in order.
template <class V, class Pred> std::vector<u128> keys_where(const PMap<u128, V>& map, Pred pred) {
  std::vector<u128> out;
  map.for_each([&](const u128& k, const V& v) {
    if (pred(v)) out.push_back(k);
  });
  std::sort(out.begin(), out.end());
  return out;
}
// The keys of a map, in order.
template <class V> std::vector<u128> keys(const PMap<u128, V>& map) {
  std::vector<u128> out;
  map.for_each([&](const u128& k, const V&) { out.push_back(k); });
  std::sort(out.begin(), out.end());
  return out;
}

// A short string.
std::string text();
bool flag();

// x-1, x, x+1 within 0..max.
template <class T> void add_around(std::vector<T>& out, const T& x, const T& max) {
  if (x > T(0)) out.push_back(x - T(1));
  out.push_back(x);
  if (x < max) out.push_back(x + T(1));
}

}  // namespace meshcheck::fuzz::pick
