// Byte strings and their 0x-hex text, as call data, outputs, topics and event data
// appear in a raw trace.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/types.hpp"

namespace meshcheck::abi {

using Bytes = std::vector<u8>;
using Hash32 = std::array<u8, 32>;

// Lower-case hex with a 0x prefix.
std::string to_hex(std::span<const u8> bytes);
// Parses "0x" followed by an even number of hex digits (either case); nullopt otherwise.
std::optional<Bytes> from_hex(std::string_view text);

}  // namespace meshcheck::abi
