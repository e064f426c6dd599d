// BLAKE2b, from libb2 (Debian's libb2-dev): ink! derives message selectors, event
// signature topics and long topic values from BLAKE2b-256, and SS58 checksums from
// BLAKE2b-512.
#pragma once

#include <array>
#include <span>
#include <string_view>

#include "abi/bytes.hpp"

namespace meshcheck::abi {

Hash32 blake2b_256(std::span<const u8> data);
inline Hash32 blake2b_256(std::string_view text) {
  return blake2b_256(std::span<const u8>(reinterpret_cast<const u8*>(text.data()), text.size()));
}
std::array<u8, 64> blake2b_512(std::span<const u8> data);

}  // namespace meshcheck::abi
