#include "abi/blake2.hpp"

#include <blake2.h>

#include <stdexcept>

namespace meshcheck::abi {

namespace {
template <std::size_t N> std::array<u8, N> hash(std::span<const u8> data) {
  std::array<u8, N> out{};
  // Unkeyed BLAKE2b with an N-byte digest: the parameter block ink! (and Substrate's
  // blake2_256 / blake2_512) uses.
  if (blake2b(out.data(), data.data(), nullptr, N, data.size(), 0) != 0)
    throw std::runtime_error("blake2b failed");
  return out;
}
}  // namespace

Hash32 blake2b_256(std::span<const u8> data) { return hash<32>(data); }
std::array<u8, 64> blake2b_512(std::span<const u8> data) { return hash<64>(data); }

}  // namespace meshcheck::abi
