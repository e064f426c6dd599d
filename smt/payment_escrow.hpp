// payment_escrow's Z3 encoding (profile `deployed`): see smt/encoding.hpp.
#pragma once

#include "smt/encoding.hpp"

namespace meshcheck::smt::payment_escrow {

// The stored fields: escrows by job id (one array per Escrow field, plus `exists`),
// the admin, and the ghost sum of open escrow amounts.
inline constexpr const char* kExists = "escrows.exists";
inline constexpr const char* kOwner = "escrows.owner";
inline constexpr const char* kHasProvider = "escrows.provider.some";
inline constexpr const char* kProvider = "escrows.provider";
inline constexpr const char* kAmount = "escrows.amount";
inline constexpr const char* kReleased = "escrows.released";
inline constexpr const char* kRefunded = "escrows.refunded";
inline constexpr const char* kAdmin = "admin";
inline constexpr const char* kOpenSum = "ghost.open_sum";  // Int: sum of amounts of escrows neither released nor refunded

}  // namespace meshcheck::smt::payment_escrow
