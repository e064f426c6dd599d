// PMap against std::map: same contents after any sequence of inserts and erases, and
// old versions untouched by later updates (persistence).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>

#include "model/pmap.hpp"

using meshcheck::PMap;
using meshcheck::u128;

namespace {
struct Op {
  bool erase;
  unsigned key;
  unsigned value;
};
}  // namespace

RC_GTEST_PROP(PMap, BehavesLikeStdMapAndKeepsOldVersions, (const std::vector<std::tuple<bool, unsigned, unsigned>>& ops)) {
  PMap<u128, unsigned> map;
  std::map<unsigned, unsigned> ref;
  std::vector<std::pair<PMap<u128, unsigned>, std::map<unsigned, unsigned>>> versions;
  for (auto& [erase, raw_key, value] : ops) {
    unsigned key = raw_key % 64;  // small key space: collisions of ids, re-inserts after erase
    versions.emplace_back(map, ref);
    if (erase) {
      map.erase(u128(key));
      ref.erase(key);
    } else {
      map.insert(u128(key), value);
      ref[key] = value;
    }
    RC_ASSERT(map.size() == ref.size());
  }
  for (auto& [k, v] : ref) RC_ASSERT(map.get_or(u128(k), v + 1) == v);
  for (auto& [old_map, old_ref] : versions) {
    RC_ASSERT(old_map.size() == old_ref.size());
    for (auto& [k, v] : old_ref) RC_ASSERT(old_map.contains(u128(k)) && *old_map.find(u128(k)) == v);
  }
  auto sorted = map.sorted();
  RC_ASSERT(sorted.size() == ref.size());
  std::size_t i = 0;
  for (auto& [k, v] : ref) {
    RC_ASSERT(sorted[i].first == u128(k));
    RC_ASSERT(sorted[i].second == v);
    ++i;
  }
}

TEST(PMap, EqualityIgnoresHistory) {
  PMap<u128, int> a, b;
  for (int i = 0; i < 1000; ++i) a.insert(u128(i), i);
  for (int i = 999; i >= 0; --i) b.insert(u128(i), i);
  EXPECT_TRUE(a == b);
  b.insert(u128(500), -1);
  EXPECT_FALSE(a == b);
  b.insert(u128(500), 500);
  EXPECT_TRUE(a == b);
  b.erase(u128(7));
  EXPECT_FALSE(a == b);
  EXPECT_EQ(b.size(), 999u);
  EXPECT_FALSE(b.contains(u128(7)));
}

TEST(PMap, LargeKeysAndAddresses) {
  PMap<u128, int> m;
  m.insert(meshcheck::kU128Max, 1);
  m.insert(u128(0), 2);
  EXPECT_EQ(m.get_or(meshcheck::kU128Max, 0), 1);
  EXPECT_EQ(m.get_or(u128(0), 0), 2);
  PMap<meshcheck::Address, int> by_address;
  auto h = meshcheck::Address::filled(meshcheck::AddressKind::H160, 1);
  auto acc = meshcheck::Address::filled(meshcheck::AddressKind::AccountId, 1);
  by_address.insert(h, 20);
  by_address.insert(acc, 32);
  EXPECT_EQ(by_address.size(), 2u);  // same fill byte, different widths: different accounts
  EXPECT_EQ(by_address.get_or(h, 0), 20);
  EXPECT_EQ(by_address.get_or(acc, 0), 32);
}

RC_GTEST_PROP(PMap, DiffReportsExactlyTheChangedKeys,
              (const std::vector<std::tuple<bool, unsigned, unsigned>>& setup,
               const std::vector<std::tuple<bool, unsigned, unsigned>>& change)) {
  PMap<u128, unsigned> before;
  std::map<unsigned, unsigned> ref_before;
  for (auto& [erase, raw, value] : setup) {
    unsigned key = raw % 5000;
    if (erase) before.erase(u128(key)), ref_before.erase(key);
    else before.insert(u128(key), value), ref_before[key] = value;
  }
  PMap<u128, unsigned> after = before;
  std::map<unsigned, unsigned> ref_after = ref_before;
  for (auto& [erase, raw, value] : change) {
    unsigned key = raw % 5000;
    if (erase) after.erase(u128(key)), ref_after.erase(key);
    else after.insert(u128(key), value % 4), ref_after[key] = value % 4;
  }
  std::map<unsigned, std::pair<std::optional<unsigned>, std::optional<unsigned>>> expected, reported;
  for (auto& [k, v] : ref_before)
    if (!ref_after.count(k) || ref_after[k] != v)
      expected[k] = {v, ref_after.count(k) ? std::optional<unsigned>(ref_after[k]) : std::nullopt};
  for (auto& [k, v] : ref_after)
    if (!ref_before.count(k)) expected[k] = {std::nullopt, v};
  PMap<u128, unsigned>::diff(before, after, [&](const u128& k, const unsigned* b, const unsigned* a) {
    auto key = static_cast<unsigned>(k);
    RC_ASSERT(!reported.count(key));
    reported[key] = {b ? std::optional<unsigned>(*b) : std::nullopt, a ? std::optional<unsigned>(*a) : std::nullopt};
  });
  RC_ASSERT(reported == expected);
}
