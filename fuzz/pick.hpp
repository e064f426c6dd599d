// Drawing a command's caller, value and arguments. Each function draws with `*gen`,
// so it must run inside rc::gen::exec (a command's constructor does). Every list is
// ordered simplest first: RapidCheck shrinks a draw towards the front.
//
// Values sit at the edges (0, 1, the thresholds the state holds ±1, 2^64, u128::MAX,
// and above u128 for ink! 6 contracts); ids collide on purpose (existing, just
// deleted, the next unused one, 0); callers mostly hold the role a guard asks for.
#pragma once

#include <boost/container/small_vector.hpp>
#include <optional>
#include <stdexcept>
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

// A weighted choice among groups of items, made with one RapidCheck draw. Each draw
// costs a generator, a shrinkable and a recipe entry; choosing a group and then an
// item of it with two or three draws made generation most of the fuzzer's time. The
// draw picks a group by weight, then an item of the group uniformly; it shrinks
// towards the first item of the first group, so add the simplest first.
template <class T> class Choice {
 public:
  // The item `value`.
  Choice& item(std::size_t weight, T value) {
    groups_.push_back(Group{weight, std::move(value), nullptr, 1});
    return *this;
  }
  // One of `items`, which must outlive draw(); nothing when it is empty.
  Choice& one_of(std::size_t weight, const std::vector<T>& items) {
    if (!items.empty()) groups_.push_back(Group{weight, T{}, &items, items.size()});
    return *this;
  }
  // One of first, first + 1, …, first + (count - 1).
  Choice& range(std::size_t weight, T first, std::uint64_t count) {
    groups_.push_back(Group{weight, std::move(first), nullptr, count, true});
    return *this;
  }

  T draw() const {
    std::uint64_t total = 0;
    for (auto& g : groups_) total += g.weight;
    std::uint64_t n = uniform<std::uint64_t>(0, total << kItemBits);
    std::uint64_t slot = n >> kItemBits, within = n & ((std::uint64_t(1) << kItemBits) - 1);
    for (auto& g : groups_) {
      if (slot >= g.weight) {
        slot -= g.weight;
        continue;
      }
      std::uint64_t k = within % g.count;
      if (g.items) return (*g.items)[k];
      if constexpr (requires(const T& first) { T(first + T(k)); }) {  // numbers: ranges
        if (g.is_range) return T(g.first + T(k));
      }
      return g.first;
    }
    throw std::logic_error("pick::Choice::draw with no groups");
  }

 private:
  static constexpr unsigned kItemBits = 24;  // the draw's low bits choose within a group
  struct Group {
    std::size_t weight;
    T first;                      // the item, or a range's first value
    const std::vector<T>* items;  // or one of these
    std::uint64_t count;          // items in the group
    bool is_range = false;
  };
  boost::container::small_vector<Group, 12> groups_;
};

// One of the actors of `kind`.
Address actor(AddressKind kind);
// Mostly `role` (the owner, the assigned provider, the admin, …), else any actor.
Address caller(AddressKind kind, const std::optional<Address>& role);
// An address argument: mostly an actor, now and then `role`, or a contract of that width.
Address account(AddressKind kind, const std::optional<Address>& role = std::nullopt);

// The value of a payable call by `caller` to `contract`: the edges, values next to
// `near` (thresholds read from the state), the caller's balance and one more when it
// is tracked. Never more than the contract's balance can take.
U256 value(const GeneratorView& m, const Address& contract, const Address& caller, const std::vector<U256>& near = {});
// The value of a call to a non-payable message: 0, now and then 1 (a revert).
U256 no_value();

// A u128 argument (an amount, a price, a threshold): the edges and next to `near`.
u128 amount(const std::vector<u128>& near = {});
// A new value for a u128 threshold now at `x` (a minimum budget): amount() next to x-1, x
// and x+1, so a setter's call lands on the threshold's edges as often as elsewhere.
u128 amount_around(const u128& x);
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
