// The fuzzer's handler for data_nft_registry: one command kind per mutating message
// (mint, transfer, approve, grant_access, revoke_access, update_data_uri, update_access_price, burn), each drawing a caller, value and arguments that make sense for the
// contract's current state.
#pragma once

#include "fuzz/machine.hpp"

namespace meshcheck::fuzz {

rc::Gen<CommandPtr> data_nft_registry_commands(const SharedGeneratorView& model);

}  // namespace meshcheck::fuzz
