// SS58 addresses, the form polkadot.js shows AccountIds in: base58 of
// (network prefix, 32-byte public key, 2-byte checksum), the checksum being the first
// two bytes of BLAKE2b-512("SS58PRE" ‖ prefix ‖ key).
//
// Debian has no C or C++ base58 library, so the base58 step is done here (a few lines
// of base conversion); the checksum uses libb2.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/types.hpp"

namespace meshcheck {
using u16 = std::uint16_t;
}

namespace meshcheck::abi {

struct Ss58 {
  Address account;    // an AccountId
  u16 prefix = 0;     // network: 0 Polkadot, 2 Kusama, 42 generic Substrate, ...
};

// The AccountId an SS58 address names; nullopt with `why` set when the text is not
// base58, has the wrong length or prefix form, or its checksum does not match.
std::optional<Ss58> ss58_decode(std::string_view text, std::string& why);
std::string ss58_encode(const Address& account, u16 prefix);

// An address as a trace may give it: 0x + 40 hex digits (H160), 0x + 64 (AccountId), or
// SS58 (AccountId). nullopt with `why` set otherwise.
std::optional<Address> parse_any_address(std::string_view text, std::string& why);

}  // namespace meshcheck::abi
