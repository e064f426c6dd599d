#include "abi/bytes.hpp"

namespace meshcheck::abi {

std::string to_hex(std::span<const u8> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 + 2 * bytes.size(), '0');
  out[1] = 'x';
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 + 2 * i] = kDigits[bytes[i] >> 4];
    out[3 + 2 * i] = kDigits[bytes[i] & 15];
  }
  return out;
}

std::optional<Bytes> from_hex(std::string_view text) {
  if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X') || text.size() % 2) return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  Bytes out((text.size() - 2) / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = digit(text[2 + 2 * i]), lo = digit(text[3 + 2 * i]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<u8>(hi << 4 | lo);
  }
  return out;
}

}  // namespace meshcheck::abi
