// payment_escrow's Z3 encoding (profile `deployed`): see smt/encoding.hpp.
#pragma once

#include "smt/encoding.hpp"

namespace meshcheck::smt::payment_escrow {

// The stored fields: escrows by job id (one array per Escrow field, plus `exists`),
// the admin, and the ghost sum of open escrow amounts.
inline constexpr StateField kExists{"escrows.exists"};
inline constexpr StateField kOwner{"escrows.owner"};
inline constexpr StateField kHasProvider{"escrows.provider.some"};
inline constexpr StateField kProvider{"escrows.provider"};
inline constexpr StateField kAmount{"escrows.amount"};
inline constexpr StateField kReleased{"escrows.released"};
inline constexpr StateField kRefunded{"escrows.refunded"};
inline constexpr StateField kAdmin{"admin"};
inline constexpr StateField kOpenSum{"ghost.open_sum"};  // Int: sum of amounts of escrows neither released nor refunded

}  // namespace meshcheck::smt::payment_escrow
