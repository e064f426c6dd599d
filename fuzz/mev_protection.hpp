// The fuzzer's handler for mev_protection: one command kind per mutating message
// (submit_intent, create_batch, execute_batch, set_batch_config), each drawing a caller, value and arguments that make sense for the
// contract's current state.
#pragma once

#include "fuzz/machine.hpp"

namespace meshcheck::fuzz {

rc::Gen<CommandPtr> mev_protection_commands(const SharedGeneratorView& model);

}  // namespace meshcheck::fuzz
