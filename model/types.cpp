#include "model/types.hpp"

namespace meshcheck {

namespace {
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string Address::hex() const {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out = "0x";
  out.reserve(2 + 2 * size());
  for (std::size_t i = 0; i < size(); ++i) {
    out.push_back(digits[bytes[i] >> 4]);
    out.push_back(digits[bytes[i] & 15]);
  }
  return out;
}

std::optional<Address> Address::parse(std::string_view text) {
  if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) return std::nullopt;
  text.remove_prefix(2);
  Address a;
  if (text.size() == 40) a.kind = AddressKind::H160;
  else if (text.size() == 64) a.kind = AddressKind::AccountId;
  else return std::nullopt;
  for (std::size_t i = 0; i < a.size(); ++i) {
    int hi = hex_digit(text[2 * i]), lo = hex_digit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    a.bytes[i] = static_cast<u8>(hi * 16 + lo);
  }
  return a;
}

Address Address::filled(AddressKind kind, u8 fill) {
  Address a;
  a.kind = kind;
  for (std::size_t i = 0; i < a.size(); ++i) a.bytes[i] = fill;
  return a;
}

const char* address_kind_name(AddressKind kind) {
  return kind == AddressKind::H160 ? "H160" : "AccountId";
}

}  // namespace meshcheck
