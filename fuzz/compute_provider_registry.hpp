// The fuzzer's handler for compute_provider_registry: one command kind per mutating message
// (register_provider, update_provider, set_active, add_stake, withdraw_stake, set_reputation, set_min_stake), each drawing a caller, value and arguments that make sense for the
// contract's current state.
#pragma once

#include "fuzz/machine.hpp"

namespace meshcheck::fuzz {

rc::Gen<CommandPtr> compute_provider_registry_commands(const SharedGeneratorView& model);

}  // namespace meshcheck::fuzz
