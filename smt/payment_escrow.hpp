// payment_escrow's Z3 encoding (profile `deployed`): see smt/encoding.hpp. One encoding
// per build (model/payment_escrow.hpp), of the same shape: addresses are bit-vectors of
// the build's width (H160: 160, AccountId: 256) and amounts of its amount type (U256:
// 256, u128: 128).
#pragma once

#include "model/payment_escrow.hpp"
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

// --- The ghost open_sum, written once for both worlds --------------------------------
// The sum of the amounts of open escrows (neither released nor refunded). On a model
// state the Monitor keeps it (invariants/payment_escrow.cpp: init from open_sum, then
// open_sum_change per changed escrow) and from_model writes it; on a symbolic state
// every escrow write updates kOpenSum by the same difference (write_escrow, the hook).
inline BigInt open_amount(const model::deployed::payment_escrow::Escrow* escrow) {
  return escrow && !escrow->released && !escrow->refunded ? BigInt(escrow->amount) : BigInt(0);
}
inline BigInt open_sum_change(const model::deployed::payment_escrow::Escrow* old,
                              const model::deployed::payment_escrow::Escrow* cur) {
  return open_amount(cur) - open_amount(old);
}
BigInt open_sum(const model::deployed::payment_escrow::State& state);
// Escrow `key`'s share of kOpenSum in `s`.
z3::expr open_amount(const SymState& s, const z3::expr& key);
// An amount of 0 in `s`'s amount width (the build's: 128 or 256 bits).
z3::expr zero_amount(const SymState& s);

}  // namespace meshcheck::smt::payment_escrow

namespace meshcheck::smt {
// Each build's encoding; payment_escrow_encoding() is the deployed build's.
const ContractEncoding& payment_escrow_encoding(model::deployed::payment_escrow::Build build);

}  // namespace meshcheck::smt::payment_escrow
