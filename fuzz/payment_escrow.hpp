// The fuzzer's handler for payment_escrow: one command kind per mutating message
// (deposit_for_job, set_provider, release_to_provider, refund_to_owner), each drawing a caller, value and arguments that make sense for the
// contract's current state.
#pragma once

#include "fuzz/machine.hpp"

namespace meshcheck::fuzz {

rc::Gen<CommandPtr> payment_escrow_commands(const SharedGeneratorView& model);

}  // namespace meshcheck::fuzz
