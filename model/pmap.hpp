// PMap: a persistent (immutable, structurally shared) hash map for contract storage.
//
// Why: the model is pure. A message takes a state and returns a new one, and callers
// keep, compare and fork states freely (replay keeps one, the fuzzer forks many, the
// revert path simply drops the new one). Copying a std::map per call would make one
// call cost O(history). PMap copies in O(1) (a shared pointer) and an update copies
// only the path to the changed entry: a hash array mapped trie with 32-way branching,
// so about four nodes for a million entries.
//
// Debian ships no persistent-map library (immer is not packaged), hence this file.
#pragma once

#include <algorithm>
#include <bit>
#include <boost/container/small_vector.hpp>
#include <boost/smart_ptr/intrusive_ptr.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "model/types.hpp"

namespace meshcheck {

// 64-bit mixing of contract keys. Deterministic across runs and machines.
inline std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

template <class K> struct PHash;

// A per-thread free list for one node type. Path copying allocates a few nodes per
// update and frees as many when the old version goes; recycling them here instead of
// going through malloc halves the cost of a call. Nodes never cross threads (see PMap).
template <class T> struct NodeFreeList {
  static void* take() {
    if (dead() || slots().empty()) return ::operator new(sizeof(T));
    auto& l = slots();
    void* p = l.back();
    l.pop_back();
    return p;
  }
  static void give(void* p) {
    if (!dead() && slots().size() < kKeep) slots().push_back(p);
    else ::operator delete(p);
  }

 private:
  static constexpr std::size_t kKeep = 1 << 14;
  // The slots are freed when the thread ends (so leak checkers see no leak); a node
  // released after that goes straight back to the heap.
  struct Slots {
    std::vector<void*> free;
    ~Slots() {
      for (void* p : free) ::operator delete(p);
      dead() = true;
    }
  };
  static bool& dead() {
    thread_local bool is_dead = false;
    return is_dead;
  }
  static std::vector<void*>& slots() {
    thread_local Slots s;
    return s.free;
  }
};

template <> struct PHash<u128> {
  std::uint64_t operator()(const u128& k) const {
    // Checked integers throw on a narrowing cast: mask first.
    auto lo = static_cast<std::uint64_t>(k & u128(~std::uint64_t(0)));
    auto hi = static_cast<std::uint64_t>(k >> 64);
    return mix64(lo ^ mix64(hi + 0x9e3779b97f4a7c15ULL));
  }
};

template <> struct PHash<Address> {
  std::uint64_t operator()(const Address& a) const {
    std::uint64_t h = static_cast<std::uint64_t>(a.kind);
    for (std::size_t i = 0; i < a.size(); i += 8) {
      std::uint64_t w = 0;
      for (std::size_t j = 0; j < 8 && i + j < a.size(); ++j) w |= std::uint64_t(a.bytes[i + j]) << (8 * j);
      h = mix64(h ^ w);
    }
    return h;
  }
};

template <class A, class B> struct PHash<std::pair<A, B>> {
  std::uint64_t operator()(const std::pair<A, B>& p) const {
    return mix64(PHash<A>()(p.first) ^ (PHash<B>()(p.second) * 0x9e3779b97f4a7c15ULL));
  }
};

// Nodes are reference-counted without atomics: a PMap and every copy of it must stay
// on one thread (each fuzzing or proving job builds its own worlds). An atomic count
// made a path copy cost one locked increment per child of every copied node, which was
// most of the time of a call.
template <class K, class V, class H = PHash<K>>
class PMap {
  struct Node {
    mutable std::uint32_t refs = 0;
    bool leaf;
    explicit Node(bool is_leaf) : leaf(is_leaf) {}
    Node(const Node& other) : refs(0), leaf(other.leaf) {}
    friend void intrusive_ptr_add_ref(const Node* n) { ++n->refs; }
    friend void intrusive_ptr_release(const Node* n) {
      if (--n->refs != 0) return;
      if (n->leaf) delete static_cast<const Leaf*>(n);
      else delete static_cast<const Branch*>(n);
    }
  };
  using NodePtr = boost::intrusive_ptr<const Node>;
  struct Leaf : Node {
    std::uint64_t hash;
    // Keys whose full 64-bit hashes collide share one leaf.
    boost::container::small_vector<std::pair<K, V>, 1> entries;
    Leaf() : Node(true), hash(0) {}
    static void* operator new(std::size_t) { return NodeFreeList<Leaf>::take(); }
    static void operator delete(void* p) { NodeFreeList<Leaf>::give(p); }
  };
  struct Branch : Node {
    std::uint32_t bitmap = 0;
    // One per set bit, in bit order. Inline for all 32, so a branch is one allocation.
    boost::container::small_vector<NodePtr, 32> children;
    Branch() : Node(false) {}
    static void* operator new(std::size_t) { return NodeFreeList<Branch>::take(); }
    static void operator delete(void* p) { NodeFreeList<Branch>::give(p); }
  };
  static constexpr unsigned kBits = 5;

 public:
  PMap() = default;

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The stored value, or nullptr (ink!'s Mapping::get returning None).
  const V* find(const K& key) const {
    std::uint64_t h = H()(key);
    const Node* node = root_.get();
    for (unsigned shift = 0; node;) {
      if (node->leaf) {
        auto* leaf = static_cast<const Leaf*>(node);
        if (leaf->hash != h) return nullptr;
        for (auto& e : leaf->entries)
          if (e.first == key) return &e.second;
        return nullptr;
      }
      auto* br = static_cast<const Branch*>(node);
      std::uint32_t bit = 1u << ((h >> shift) & 31);
      if (!(br->bitmap & bit)) return nullptr;
      node = br->children[std::popcount(br->bitmap & (bit - 1))].get();
      shift += kBits;
    }
    return nullptr;
  }
  bool contains(const K& key) const { return find(key) != nullptr; }
  V get_or(const K& key, V fallback) const {
    const V* v = find(key);
    return v ? *v : fallback;
  }

  // Mapping::insert: adds or replaces.
  void insert(const K& key, V value) {
    bool added = false;
    root_ = insert_at(root_, 0, H()(key), key, std::move(value), added);
    if (added) ++size_;
  }
  // Mapping::remove: no-op when absent.
  void erase(const K& key) {
    if (!root_) return;
    bool removed = false;
    root_ = erase_at(root_, 0, H()(key), key, removed);
    if (removed) --size_;
  }

  // Visits every entry in hash order (deterministic, not sorted).
  template <class F> void for_each(F&& f) const { visit(root_.get(), f); }

  // Entries sorted by key, for reports and dumps.
  std::vector<std::pair<K, V>> sorted() const {
    std::vector<std::pair<K, V>> out;
    out.reserve(size_);
    for_each([&](const K& k, const V& v) { out.emplace_back(k, v); });
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.first < b.first; });
    return out;
  }

  // Calls f(key, before, after) for every key whose value differs between `a` and `b`
  // (`before` or `after` is nullptr where the key is absent). Subtrees the two maps
  // share are skipped, so the cost follows the size of the change, not of the maps:
  // this is how invariants look at one call's effect on a large state.
  template <class F> static void diff(const PMap& a, const PMap& b, F&& f) { diff_at(a.root_.get(), b.root_.get(), f); }

  // Whether the two are one version of the map (the same root): O(1).
  bool same_storage(const PMap& other) const { return root_ == other.root_; }

  // Same keys with equal values. Shared subtrees compare in O(1).
  friend bool operator==(const PMap& a, const PMap& b) {
    if (a.root_ == b.root_) return true;
    if (a.size_ != b.size_) return false;
    bool equal = true;
    a.for_each([&](const K& k, const V& v) {
      if (!equal) return;
      const V* other = b.find(k);
      equal = other && *other == v;
    });
    return equal;
  }

 private:
  template <class F> static void diff_at(const Node* a, const Node* b, F& f) {
    if (a == b) return;
    if (a && b && !a->leaf && !b->leaf) {
      // Walk the slots either branch uses, in order, keeping each side's child index.
      auto* x = static_cast<const Branch*>(a);
      auto* y = static_cast<const Branch*>(b);
      std::size_t ix = 0, iy = 0;
      for (std::uint32_t slots = x->bitmap | y->bitmap; slots; slots &= slots - 1) {
        std::uint32_t bit = slots & (~slots + 1);
        const Node* cx = (x->bitmap & bit) ? x->children[ix++].get() : nullptr;
        const Node* cy = (y->bitmap & bit) ? y->children[iy++].get() : nullptr;
        diff_at(cx, cy, f);
      }
      return;
    }
    if (a && b && a->leaf && b->leaf) {
      // The usual end of a walk: one key's leaf replaced by a leaf with its new value.
      auto& ex = static_cast<const Leaf*>(a)->entries;
      auto& ey = static_cast<const Leaf*>(b)->entries;
      if (ex.size() == 1 && ey.size() == 1 && ex[0].first == ey[0].first) {
        if (!(ex[0].second == ey[0].second)) f(ex[0].first, &ex[0].second, &ey[0].second);
        return;
      }
    }
    // A leaf on either side (or a missing subtree): compare the entries below both.
    boost::container::small_vector<const std::pair<K, V>*, 4> xs, ys;
    collect(a, xs);
    collect(b, ys);
    for (auto* ex : xs) {
      const std::pair<K, V>* match = nullptr;
      for (auto* ey : ys)
        if (ey->first == ex->first) match = ey;
      if (!match) f(ex->first, &ex->second, static_cast<const V*>(nullptr));
      else if (!(match->second == ex->second)) f(ex->first, &ex->second, &match->second);
    }
    for (auto* ey : ys) {
      bool found = false;
      for (auto* ex : xs) found = found || ex->first == ey->first;
      if (!found) f(ey->first, static_cast<const V*>(nullptr), &ey->second);
    }
  }
  template <class Out> static void collect(const Node* node, Out& out) {
    if (!node) return;
    if (node->leaf) {
      for (auto& e : static_cast<const Leaf*>(node)->entries) out.push_back(&e);
      return;
    }
    for (auto& c : static_cast<const Branch*>(node)->children) collect(c.get(), out);
  }

  template <class F> static void visit(const Node* node, F& f) {
    if (!node) return;
    if (node->leaf) {
      for (auto& e : static_cast<const Leaf*>(node)->entries) f(e.first, e.second);
      return;
    }
    for (auto& c : static_cast<const Branch*>(node)->children) visit(c.get(), f);
  }

  static NodePtr make_leaf(std::uint64_t h, const K& key, V value) {
    auto* leaf = new Leaf();
    leaf->hash = h;
    leaf->entries.emplace_back(key, std::move(value));
    return NodePtr(leaf);
  }

  static NodePtr insert_at(const NodePtr& node, unsigned shift, std::uint64_t h, const K& key, V value,
                           bool& added) {
    if (!node) {
      added = true;
      return make_leaf(h, key, std::move(value));
    }
    if (node->leaf) {
      auto* leaf = static_cast<const Leaf*>(node.get());
      if (leaf->hash == h || shift >= 64) {
        auto* copy = new Leaf(*leaf);
        NodePtr owner(copy);
        for (auto& e : copy->entries)
          if (e.first == key) {
            e.second = std::move(value);
            return owner;
          }
        copy->entries.emplace_back(key, std::move(value));
        added = true;
        return owner;
      }
      // Two different hashes meet at this slot: push the old leaf one level down.
      auto* br = new Branch();
      NodePtr owner(br);
      br->bitmap = 1u << ((leaf->hash >> shift) & 31);
      br->children.push_back(node);
      return insert_at(owner, shift, h, key, std::move(value), added);
    }
    auto* br = static_cast<const Branch*>(node.get());
    std::uint32_t bit = 1u << ((h >> shift) & 31);
    auto pos = std::popcount(br->bitmap & (bit - 1));
    auto* copy = new Branch(*br);
    NodePtr owner(copy);
    if (br->bitmap & bit) {
      copy->children[pos] = insert_at(br->children[pos], shift + kBits, h, key, std::move(value), added);
    } else {
      copy->bitmap |= bit;
      copy->children.insert(copy->children.begin() + pos, make_leaf(h, key, std::move(value)));
      added = true;
    }
    return owner;
  }

  static NodePtr erase_at(const NodePtr& node, unsigned shift, std::uint64_t h, const K& key, bool& removed) {
    if (node->leaf) {
      auto* leaf = static_cast<const Leaf*>(node.get());
      if (leaf->hash != h) return node;
      for (std::size_t i = 0; i < leaf->entries.size(); ++i) {
        if (!(leaf->entries[i].first == key)) continue;
        removed = true;
        if (leaf->entries.size() == 1) return nullptr;
        auto* copy = new Leaf(*leaf);
        NodePtr owner(copy);
        copy->entries.erase(copy->entries.begin() + i);
        return owner;
      }
      return node;
    }
    auto* br = static_cast<const Branch*>(node.get());
    std::uint32_t bit = 1u << ((h >> shift) & 31);
    if (!(br->bitmap & bit)) return node;
    auto pos = std::popcount(br->bitmap & (bit - 1));
    NodePtr child = erase_at(br->children[pos], shift + kBits, h, key, removed);
    if (!removed) return node;
    auto* copy = new Branch(*br);
    NodePtr owner(copy);
    if (child) {
      copy->children[pos] = std::move(child);
    } else {
      copy->bitmap &= ~bit;
      copy->children.erase(copy->children.begin() + pos);
    }
    if (copy->children.empty()) return nullptr;
    // A branch left with one leaf collapses into it, so the trie keeps one shape per key set.
    if (copy->children.size() == 1 && copy->children[0]->leaf) return copy->children[0];
    return owner;
  }

  NodePtr root_;
  std::size_t size_ = 0;
};

}  // namespace meshcheck
