// The concrete domain of the spec profile: the values a spec message computes on when
// the model runs it (the fuzzer, replay, the tests).
//
// Integers are the model's own types (u8 … u128 and U256, model/types.hpp), addresses
// model::Address, enums the C++ enum itself, maps persistent maps (model/pmap.hpp), so a
// contract state copies in O(1) and a reverted call simply drops its copy. A spec message
// (model/spec/<contract>.hpp) is a template over a domain; instantiated here it is plain
// C++ on plain values.
#pragma once

#include <array>
#include <concepts>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "model/pmap.hpp"
#include "model/types.hpp"
#include "mutation/spec/hooks.hpp"

namespace meshcheck::model::spec {

// The unsigned integer types of the concrete domain, with their Rust bit widths.
template <class T> inline constexpr unsigned kBits = 0;
template <> inline constexpr unsigned kBits<u8> = 8;
template <> inline constexpr unsigned kBits<u32> = 32;
template <> inline constexpr unsigned kBits<u64> = 64;
template <> inline constexpr unsigned kBits<u128> = 128;
template <> inline constexpr unsigned kBits<U256> = 256;
template <class T>
concept ConcreteUint = (kBits<T> > 0);

template <ConcreteUint T> T max_of() {
  if constexpr (std::is_integral_v<T>) return std::numeric_limits<T>::max();
  else return ~T(0);
}

// The arithmetic primitives every domain offers (the symbolic ones are in symbolic.hpp).
// Messages never call them directly: they use the executor's checked add/sub/mul
// (model/spec/exec.hpp), which refuse with the message's error instead of overflowing.
template <ConcreteUint T> bool add_overflows(const T& a, const T& b) { return a > max_of<T>() - b; }
template <ConcreteUint T> bool sub_underflows(const T& a, const T& b) { return a < b; }
template <ConcreteUint T> bool mul_overflows(const T& a, const T& b) { return b != 0 && a > max_of<T>() / b; }
// Only called once the overflow check passed (a refusal throws before).
template <ConcreteUint T> T unchecked_add(const T& a, const T& b) { return T(a + b); }
template <ConcreteUint T> T unchecked_sub(const T& a, const T& b) { return T(a - b); }
template <ConcreteUint T> T unchecked_mul(const T& a, const T& b) { return T(a * b); }
// Zero-extension and truncation between widths (truncation only after a range guard).
template <ConcreteUint To, ConcreteUint From> To resize(const From& v) {
  if constexpr (kBits<To> >= kBits<From>) return To(v);
  else return To(v & From(max_of<To>()));
}
// An i32 argument (update_reputation's delta), added to a u32 in i64 and clamped to
// 0..=hi: the one saturating operation of the spec (R4).
inline u32 add_signed_clamped(u32 a, std::int32_t delta, u32 hi) {
  std::int64_t r = std::int64_t(a) + delta;
  return r < 0 ? 0 : r > std::int64_t(hi) ? hi : u32(r);
}
template <ConcreteUint T> T bit_and(const T& a, const T& b) { return T(a & b); }
// R9: a String's length is its UTF-8 byte length, a u32: exact, since the world refuses a
// call with a String argument of 2^32 bytes or more (model/spec/exec.hpp, errors.hpp) and a
// contract stores only strings it was given.
inline constexpr std::uint64_t kMaxStringBytes = 0xFFFF'FFFFu;  // u32::MAX
inline u32 byte_len(const std::string& s) { return u32(s.size()); }
// `c ? a : b` on values (the symbolic domain builds an ite).
template <class T> T select(bool c, const T& a, const T& b) { return c ? a : b; }

// One scalar of a flattened value (model/spec/domain/record.hpp): a bool (width 0), an
// unsigned integer or enum index of `width` bits, or an address (width 160). The form in
// which events, returns and frames of the two domains are compared.
// Strings (width kStringLeaf) carry their bytes in `text`, and so do byte arrays wider
// than 32 bytes (width 8N > 256, `v` unused).
inline constexpr unsigned kStringLeaf = ~0u;
struct ConcreteLeaf {
  unsigned width = 0;
  U256 v;
  std::string text;
  friend bool operator==(const ConcreteLeaf&, const ConcreteLeaf&) = default;
};

// `[u8; N]` (spec R9): Hash32, and the attestations' PubKey33 and Sig65 (design §1.1). A
// bv(8N) in the symbolic domain, big-endian (byte 0 the most significant).
template <std::size_t N> struct ByteArray {
  std::array<u8, N> bytes{};
  // The bytes as one unsigned number, for the arrays that fit a U256 leaf.
  U256 as_uint() const requires(N <= 32) {
    U256 v = 0;
    for (u8 b : bytes) v = (v << 8) | U256(b);
    return v;
  }
  bool is_zero() const {
    for (u8 b : bytes)
      if (b) return false;
    return true;
  }
  // From 2N hex digits, with or without "0x" (constants: the design's worker keys).
  static ByteArray from_hex(std::string_view hex) {
    if (hex.starts_with("0x")) hex.remove_prefix(2);
    if (hex.size() != 2 * N) throw std::invalid_argument("ByteArray<" + std::to_string(N) + ">: " +
                                                         std::to_string(hex.size()) + " hex digits");
    auto digit = [](char c) -> unsigned {
      if (c >= '0' && c <= '9') return unsigned(c - '0');
      if (c >= 'a' && c <= 'f') return unsigned(c - 'a' + 10);
      if (c >= 'A' && c <= 'F') return unsigned(c - 'A' + 10);
      throw std::invalid_argument(std::string("ByteArray: not a hex digit: ") + c);
    };
    ByteArray a;
    for (std::size_t i = 0; i < N; ++i) a.bytes[i] = u8(digit(hex[2 * i]) << 4 | digit(hex[2 * i + 1]));
    return a;
  }
  friend bool operator==(const ByteArray&, const ByteArray&) = default;
};
using Hash32 = ByteArray<32>;
using PubKey33 = ByteArray<33>;  // a compressed secp256k1 public key
using Sig65 = ByteArray<65>;     // r ‖ s ‖ v
inline ConcreteLeaf leaf_of(bool b) { return {0, U256(b ? 1 : 0), {}}; }
template <ConcreteUint T> ConcreteLeaf leaf_of(const T& v) { return {kBits<T>, U256(v), {}}; }
inline ConcreteLeaf leaf_of(const Address& a) {
  U256 v = 0;
  for (std::size_t i = 0; i < a.size(); ++i) v = (v << 8) | U256(a.bytes[i]);
  return {unsigned(a.size() * 8), v, {}};
}
template <class E> requires std::is_enum_v<E> ConcreteLeaf leaf_of(E e) { return {8, U256(unsigned(e)), {}}; }
inline ConcreteLeaf leaf_of(std::int32_t v) { return {32, U256(std::uint32_t(v)), {}}; }
inline ConcreteLeaf leaf_of(const std::string& s) { return {kStringLeaf, U256(0), s}; }
// Whether a flattened String is too long for the world to carry (errors.hpp).
inline bool is_string_leaf(const ConcreteLeaf& l) { return l.width == kStringLeaf; }
inline bool string_too_long(const ConcreteLeaf& s) { return s.text.size() > kMaxStringBytes; }
// A byte array wider than a U256 (PubKey33, Sig65) keeps its bytes, in order, in `text`.
template <std::size_t N> ConcreteLeaf leaf_of(const ByteArray<N>& b) {
  if constexpr (N <= 32) return {unsigned(8 * N), b.as_uint(), {}};
  else return {unsigned(8 * N), U256(0), std::string(b.bytes.begin(), b.bytes.end())};
}

template <class D, class T> struct Option;  // record.hpp

// A storage Mapping: a persistent map (absent keys hold nothing).
template <class K, class V> struct ConcreteMap {
  using Key = K;
  using Value = V;
  PMap<K, V> entries;

  bool contains(const K& k) const { return entries.contains(k); }
  // A write inside a message is a mutation site (drop-write, mutation/spec/hooks.hpp).
  void set(const K& k, V v, ::meshcheck::mutation::spec::Where at = ::meshcheck::mutation::spec::Where::here()) {
    if (::meshcheck::mutation::spec::g_hooks.on) [[unlikely]] {
      if (::meshcheck::mutation::spec::domain_hit(::meshcheck::mutation::SiteKind::kWrite, at) ==
          ::meshcheck::mutation::Op::kDropWrite)
        return;
    }
    entries.insert(k, std::move(v));
  }
  void remove(const K& k, ::meshcheck::mutation::spec::Where at = ::meshcheck::mutation::spec::Where::here()) {
    if (::meshcheck::mutation::spec::g_hooks.on) [[unlikely]] {
      if (::meshcheck::mutation::spec::domain_hit(::meshcheck::mutation::SiteKind::kWrite, at) ==
          ::meshcheck::mutation::Op::kDropWrite)
        return;
    }
    entries.erase(k);
  }
  // The entry, or None: `Mapping::get`.
  Option<struct Concrete, V> get(const K& k) const;
  // The entry, or the value's default: `Mapping::get(..).unwrap_or_default()`.
  V get_or_default(const K& k) const {
    const V* v = entries.find(k);
    return v ? *v : V{};
  }
  friend bool operator==(const ConcreteMap& a, const ConcreteMap& b) { return a.entries == b.entries; }
};

struct Concrete {
  static constexpr bool kSymbolic = false;
  using Bool = bool;
  using U8 = u8;
  using I32 = std::int32_t;
  using U32 = u32;
  using U64 = u64;
  using U128 = u128;
  using U256 = meshcheck::U256;
  using Addr = Address;
  using Str = std::string;
  template <std::size_t N> using Bytes = ByteArray<N>;
  template <class E> using Enum = E;
  template <class A, class B> using Pair = std::pair<A, B>;
  template <class K, class V> using Map = ConcreteMap<K, V>;
  using Leaf = ConcreteLeaf;
};

}  // namespace meshcheck::model::spec

namespace meshcheck {
// A byte array as a storage key (phala's `trusted_workers: Mapping<PubKey33, bool>`).
template <std::size_t N> struct PHash<model::spec::ByteArray<N>> {
  std::uint64_t operator()(const model::spec::ByteArray<N>& a) const {
    std::uint64_t h = N;
    for (std::size_t i = 0; i < N; i += 8) {
      std::uint64_t w = 0;
      for (std::size_t j = 0; j < 8 && i + j < N; ++j) w |= std::uint64_t(a.bytes[i + j]) << (8 * j);
      h = mix64(h ^ w);
    }
    return h;
  }
};
}  // namespace meshcheck
