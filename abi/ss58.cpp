#include "abi/ss58.hpp"

#include <algorithm>
#include <vector>

#include "abi/blake2.hpp"

namespace meshcheck::abi {

namespace {

constexpr std::string_view kAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
// Longer than any SS58 address (a 2-byte prefix, 32 bytes, 2 checksum bytes: 50 chars).
constexpr std::size_t kMaxChars = 64;

std::optional<std::vector<u8>> base58_decode(std::string_view text) {
  if (text.empty() || text.size() > kMaxChars) return std::nullopt;
  std::vector<u8> num;  // big-endian
  for (char c : text) {
    auto p = kAlphabet.find(c);
    if (p == std::string_view::npos) return std::nullopt;
    unsigned carry = static_cast<unsigned>(p);
    for (auto it = num.rbegin(); it != num.rend(); ++it) {
      carry += 58u * *it;
      *it = static_cast<u8>(carry);
      carry >>= 8;
    }
    while (carry) num.insert(num.begin(), static_cast<u8>(carry)), carry >>= 8;
  }
  std::size_t zeros = 0;
  while (zeros < text.size() && text[zeros] == '1') ++zeros;
  num.insert(num.begin(), zeros, 0);
  return num;
}

std::string base58_encode(const std::vector<u8>& bytes) {
  std::vector<u8> digits;  // base 58, little-endian
  for (u8 b : bytes) {
    unsigned carry = b;
    for (auto& d : digits) {
      carry += unsigned(d) << 8;
      d = static_cast<u8>(carry % 58);
      carry /= 58;
    }
    while (carry) digits.push_back(static_cast<u8>(carry % 58)), carry /= 58;
  }
  std::string out;
  for (std::size_t i = 0; i < bytes.size() && bytes[i] == 0; ++i) out += '1';
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out += kAlphabet[*it];
  return out;
}

std::array<u8, 64> checksum(std::span<const u8> prefix_and_key) {
  std::vector<u8> pre = {'S', 'S', '5', '8', 'P', 'R', 'E'};
  pre.insert(pre.end(), prefix_and_key.begin(), prefix_and_key.end());
  return blake2b_512(pre);
}

}  // namespace

std::optional<Ss58> ss58_decode(std::string_view text, std::string& why) {
  auto data = base58_decode(text);
  if (!data) {
    why = "not base58 (SS58)";
    return std::nullopt;
  }
  Ss58 out;
  std::size_t prefix_len;
  if (data->empty()) {
    why = "empty SS58 address";
    return std::nullopt;
  }
  if ((*data)[0] < 64) {
    prefix_len = 1, out.prefix = (*data)[0];
  } else if ((*data)[0] < 128 && data->size() > 1) {
    u8 a = (*data)[0], b = (*data)[1];
    prefix_len = 2, out.prefix = static_cast<u16>(((a & 0x3f) << 2) | (b >> 6) | ((b & 0x3f) << 8));
  } else {
    why = "SS58 prefix byte " + std::to_string((*data)[0]) + " is reserved";
    return std::nullopt;
  }
  if (data->size() != prefix_len + 32 + 2) {
    why = "SS58 address of " + std::to_string(data->size()) + " bytes is not a 32-byte account";
    return std::nullopt;
  }
  auto sum = checksum(std::span<const u8>(data->data(), prefix_len + 32));
  if (sum[0] != (*data)[prefix_len + 32] || sum[1] != (*data)[prefix_len + 33]) {
    why = "SS58 checksum does not match";
    return std::nullopt;
  }
  out.account.kind = AddressKind::AccountId;
  std::copy_n(data->begin() + prefix_len, 32, out.account.bytes.begin());
  return out;
}

std::string ss58_encode(const Address& account, u16 prefix) {
  std::vector<u8> data;
  if (prefix < 64) {
    data.push_back(static_cast<u8>(prefix));
  } else {
    data.push_back(static_cast<u8>(((prefix & 0xfc) >> 2) | 0x40));
    data.push_back(static_cast<u8>((prefix >> 8) | ((prefix & 0x3) << 6)));
  }
  data.insert(data.end(), account.bytes.begin(), account.bytes.begin() + account.size());
  auto sum = checksum(data);
  data.push_back(sum[0]), data.push_back(sum[1]);
  return base58_encode(data);
}

std::optional<Address> parse_any_address(std::string_view text, std::string& why) {
  if (text.rfind("0x", 0) == 0 || text.rfind("0X", 0) == 0) {
    auto a = Address::parse(text);
    if (!a) why = "expected 0x and 40 hex digits (H160) or 64 (AccountId)";
    return a;
  }
  auto s = ss58_decode(text, why);
  if (!s) return std::nullopt;
  return s->account;
}

}  // namespace meshcheck::abi
