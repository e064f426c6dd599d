// Exact integer and address types of the ink! contracts.
//
// Every contract integer keeps its Rust width. u8/u32/u64 are the C++ fixed-width
// types; u128 and U256 are Boost.Multiprecision *checked* fixed-width integers, so an
// arithmetic overflow throws instead of wrapping silently. The contracts are built
// with overflow checks, so an overflowing `+` in Rust panics: the model's dispatcher
// turns the Boost overflow exception into the same revert (see contract.cpp).
#pragma once

#include <array>
#include <boost/multiprecision/cpp_int.hpp>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace meshcheck {

namespace mp = boost::multiprecision;

using u8 = std::uint8_t;
using u32 = std::uint32_t;
using u64 = std::uint64_t;
using u128 = mp::number<mp::cpp_int_backend<128, 128, mp::unsigned_magnitude, mp::checked, void>>;
using U256 = mp::number<mp::cpp_int_backend<256, 256, mp::unsigned_magnitude, mp::checked, void>>;
// Unbounded signed integer, for ledger totals that must never overflow.
using BigInt = mp::cpp_int;

inline const u128 kU128Max = ~u128(0);
inline const U256 kU256Max = ~U256(0);
inline const U256 kU128MaxAsU256 = U256(kU128Max);

// Rust's `saturating_add` / `saturating_sub`, exact at the type's bounds.
template <class T> T saturating_add(const T& a, const T& b) {
  if constexpr (std::is_integral_v<T>) {
    T r;
    return __builtin_add_overflow(a, b, &r) ? std::numeric_limits<T>::max() : r;
  } else {
    return (a > ~T(0) - b) ? ~T(0) : T(a + b);
  }
}
template <class T> T saturating_sub(const T& a, const T& b) { return a < b ? T(0) : T(a - b); }

// Decimal text of an unsigned multiprecision or builtin integer.
template <class T> std::string to_dec(const T& v) {
  if constexpr (std::is_integral_v<T>) return std::to_string(v);
  else return v.str();
}

// An account or contract address. ink! 6 contracts (pallet-revive) use 20-byte H160
// addresses, ink! 5 contracts (pallet-contracts) 32-byte AccountIds; both live in one
// world. Two addresses are equal only when they have the same width and bytes.
enum class AddressKind : u8 { H160 = 20, AccountId = 32 };

struct Address {
  std::array<u8, 32> bytes{};
  AddressKind kind = AddressKind::H160;

  std::size_t size() const { return static_cast<std::size_t>(kind); }
  // 0x-prefixed lower-case hex.
  std::string hex() const;
  // Parses 0x + 40 hex digits (H160) or 0x + 64 (AccountId); nullopt otherwise.
  static std::optional<Address> parse(std::string_view text);
  // An address of `kind` whose bytes are all `fill` (the ink! test accounts use this).
  static Address filled(AddressKind kind, u8 fill);

  friend bool operator==(const Address& a, const Address& b) = default;
  friend auto operator<=>(const Address& a, const Address& b) {
    if (auto c = a.kind <=> b.kind; c != 0) return c;
    return a.bytes <=> b.bytes;
  }
};

const char* address_kind_name(AddressKind kind);

}  // namespace meshcheck
