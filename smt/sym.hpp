// The symbolic vocabulary of the Z3 encodings: the sorts of the contracts' types, literals
// of concrete values, and symbolic values shaped like model::Value.
//
// Every integer is a bit-vector of its exact width (u8 … U256) and every address a
// bit-vector of its width (H160: 160 bits, AccountId: 256), so overflow, saturation and
// narrowing are exact.
//
// Native balances and ghost sums are "amounts": mathematical integers, in one of two
// representations chosen per query (AmountMode):
// - Int: Z3 integers, with bv2int from the contracts' bit-vectors. Linear arithmetic
//   proves the inequalities of inductive steps (balance >= sum of stakes) at once.
// - BitVector: signed 384-bit bit-vectors. Bounded model checking is far faster without
//   bv2int. Every reachable balance is below 2^256 (the ledger is U256) and every sum
//   the encodings keep is bounded by one, so no reachable value comes near 2^383 and
//   the arithmetic never wraps.
// Amounts are compared with the signed operators of z3++ (<, <=, >=), which are the
// integer ones in both representations.
#pragma once

#include <z3++.h>

#include <optional>
#include <string>
#include <vector>

#include "model/contract.hpp"
#include "model/value.hpp"

namespace meshcheck::smt {

// The bit width of an integer or address type (8 … 256).
unsigned width_of(TypeKind kind);
unsigned width_of(AddressKind kind);

// The Z3 sort of a scalar type: bit-vector, Bool, or String.
z3::sort sort_of(z3::context& c, TypeRef type);

// --- literals -------------------------------------------------------------------
z3::expr bv_val(z3::context& c, const U256& v, unsigned width);
inline constexpr unsigned kAmountWidth = 384;
enum class AmountMode { Int, BitVector };
// The representation of amounts built on this thread from now on (default: Int).
void set_amount_mode(AmountMode mode);
AmountMode amount_mode();
// Sets the mode for a scope, and restores the previous one.
class AmountModeScope {
 public:
  explicit AmountModeScope(AmountMode mode) : previous_(amount_mode()) { set_amount_mode(mode); }
  ~AmountModeScope() { set_amount_mode(previous_); }
  AmountModeScope(const AmountModeScope&) = delete;
  AmountModeScope& operator=(const AmountModeScope&) = delete;

 private:
  AmountMode previous_;
};
z3::sort amount_sort(z3::context& c);
// An amount literal (negative values in two's complement).
z3::expr int_val(z3::context& c, const BigInt& v);
z3::expr address_val(z3::context& c, const Address& a);
z3::expr string_val(z3::context& c, const std::string& s);

// --- reading a model ------------------------------------------------------------
// A bit-vector or Int numeral (after model evaluation) as a number.
U256 to_u256(const z3::expr& numeral);
// An Int numeral, or an amount (signed) numeral.
BigInt to_bigint(const z3::expr& numeral);
Address to_address(const z3::expr& numeral, AddressKind kind);
std::string to_string(const z3::expr& string_value);

// --- arithmetic the contracts use -------------------------------------------------
// An unsigned bit-vector (u8 … U256) as an amount.
z3::expr to_int(const z3::expr& bv);
// a + b overflows the width of a and b (unsigned).
z3::expr add_overflows(const z3::expr& a, const z3::expr& b);
// a - b underflows (unsigned).
z3::expr sub_underflows(const z3::expr& a, const z3::expr& b);
// Rust's saturating_add / saturating_sub on unsigned bit-vectors.
z3::expr saturating_add(const z3::expr& a, const z3::expr& b);
z3::expr saturating_sub(const z3::expr& a, const z3::expr& b);
// Zero-extends (or keeps) a bit-vector to `width` bits.
z3::expr widen(const z3::expr& bv, unsigned width);

// Fresh constants with names unique in their context: `prefix`, `prefix!1`, ...
z3::expr fresh_const(z3::context& c, const std::string& prefix, const z3::sort& sort);

// A Z3 context whose fresh constants are numbered from 0: the same query gets the same
// names, so Z3 answers it the same way (the same counterexample) in every run, on any
// thread. (A plain z3::context would inherit the numbering of a dead context that had
// the same address.)
class Context : public z3::context {
 public:
  Context() = default;
  ~Context();
};

// The longest Vec argument the encodings unroll. A Vec value of a call carries a
// symbolic length in 0..kMaxVec; proofs over such a message hold for those lengths only,
// and the prover says so.
inline constexpr unsigned kMaxVec = 6;

// A symbolic value of a model Type, shaped like model::Value:
// - Bool, integers, addresses, String: `scalar`;
// - Option: `tag` (Bool: is Some) and items[0] (the payload, meaningful when Some);
// - Enum with fields: `tag` (bv32 variant index) and items (all variants' fields, flattened
//   in variant order); a unit-only enum is just `tag`;
// - Vec: `tag` (bv32 length, at most kMaxVec) and items[0..kMaxVec);
// - Struct, Tuple: items, one per field.
struct SymValue {
  TypeRef type = nullptr;
  std::optional<z3::expr> scalar;
  std::optional<z3::expr> tag;
  std::vector<SymValue> items;

  const z3::expr& expr() const { return *scalar; }
};

// A fresh symbolic value of `type` (constants named after `name`).
SymValue fresh_value(z3::context& c, TypeRef type, const std::string& name);
// The literal of a concrete value. Throws std::invalid_argument for a Vec longer than kMaxVec.
SymValue literal(z3::context& c, TypeRef type, const Value& v);
// Wraps a scalar expression (a bit-vector, Bool or String) as a value of `type`.
SymValue scalar_value(TypeRef type, const z3::expr& e);
// Scalar values of the types the contracts use most.
inline SymValue bool_value(z3::context& c, bool b) { return scalar_value(types::boolean(), c.bool_val(b)); }
inline SymValue u128_value(const z3::expr& e) { return scalar_value(types::u128(), e); }
inline SymValue h160_value(const z3::expr& e) { return scalar_value(types::h160(), e); }
inline SymValue account_value(const z3::expr& e) { return scalar_value(types::account_id(), e); }
inline SymValue string_value(const z3::expr& e) { return scalar_value(types::string(), e); }
// Option<T> values.
SymValue some_value(TypeRef option_type, const SymValue& payload);
SymValue none_value(z3::context& c, TypeRef option_type);
// Equality of two values of the same type (payloads of None and items past a Vec's
// length do not matter).
z3::expr equals(const SymValue& a, const SymValue& b);
// if c then a else b, item by item.
SymValue ite(const z3::expr& c, const SymValue& a, const SymValue& b);
// The concrete value a model assigns (completing unconstrained parts).
Value extract(const z3::model& m, const SymValue& v);

}  // namespace meshcheck::smt
