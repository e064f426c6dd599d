// Commands that are not contract calls: plain balance transfers between actors and
// contracts (with tracked senders paying only what they hold), and the clock moving on.
#pragma once

#include "fuzz/machine.hpp"

namespace meshcheck::fuzz {

// Receivers of plain transfers stay at or below this balance, so that no payout can
// ever overflow a tracked balance (the chain would refuse it: a WorldError).
inline const U256 kTransferCeiling = U256(1) << 255;

rc::Gen<CommandPtr> common_commands(const SharedGeneratorView& model);

}  // namespace meshcheck::fuzz
