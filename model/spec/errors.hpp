// How a spec contract names its errors and events: once, as counted enums with a
// compile-time-checked name table (model/enum_table.hpp).
//
//   enum class EscrowError : unsigned { kValueTooLarge, ..., kCalleeFailed, kCount };
//   constexpr ErrorNames<EscrowError> error_names(EscrowError) {
//     return {{{EscrowError::kValueTooLarge, "ValueTooLarge"}, ...}};
//   }
//   constexpr std::string_view error_contract(EscrowError) { return "payment_escrow"; }
//
// An error is the Rust variant name (what a trace's `expect.error` says); a message's
// branches are the errors it can return, each at the first guard that names it, and
// its ok paths (model/spec/exec.hpp). Events the same way, with `event_names`.
#pragma once

#include <concepts>
#include <optional>
#include <string>
#include <string_view>

#include "model/enum_table.hpp"

namespace meshcheck::model::spec {

template <CountedEnum E> using ErrorNames = EnumTable<E, std::string_view>;
template <CountedEnum E> using EventNames = EnumTable<E, std::string_view>;

template <class E>
concept ErrorEnum = CountedEnum<E> && requires(E e) {
  { error_names(e) } -> std::same_as<ErrorNames<E>>;
  { error_contract(e) } -> std::convertible_to<std::string_view>;
  E::kCalleeFailed;
};

template <class E>
concept EventEnum = CountedEnum<E> && requires(E e) {
  { event_names(e) } -> std::same_as<EventNames<E>>;
};

// One error of one contract, type-erased for results and reports.
struct ErrorRef {
  std::string_view contract;
  unsigned index = 0;
  std::string_view name;
  friend bool operator==(const ErrorRef&, const ErrorRef&) = default;
};

template <ErrorEnum E> ErrorRef error_ref(E e) {
  return ErrorRef{error_contract(e), unsigned(index_of(e)), error_names(e)[e]};
}

// A call the world refuses outright, as model::World refuses it with a WorldError (no
// revert, no outcome, no trace `expect`: a trace line asking for it is itself in error),
// because no chain carries it: a balance of the system pushed past U256::MAX (the
// top-level value arriving, a nested call's value, a payment to a contract of the system;
// World::call and World::credit: "balance of <address> would exceed U256"), or a String
// argument of 2^32 bytes or more (a call's whole encoding is far below that on any chain;
// refusing it makes the model's u32 byte length exact, smt/spec/step.hpp's blen).
enum class WorldRefusal : unsigned char { kNone, kBalanceOverflow, kStringTooLong };
inline constexpr std::string_view kBalanceOverflowWhy = "a balance would exceed U256";
inline constexpr std::string_view kStringTooLongWhy = "a String argument of 2^32 bytes or more";

// Why a call failed where it failed: the innermost frame's contract and message, and
// its error, or the trap (C4) that stopped it (`error` empty), or the world's refusal
// (`world`; `error` empty, `trap` its why).
struct Failure {
  std::string_view contract;
  std::string_view message;
  unsigned depth = 0;            // 0: the top-level call itself
  std::optional<ErrorRef> error; // empty for a trap
  std::string_view trap;         // why, for a trap
  WorldRefusal world = WorldRefusal::kNone;
  std::string_view account{};    // kBalanceOverflow: the contract whose balance would exceed U256
  friend bool operator==(const Failure&, const Failure&) = default;
  // "payment_escrow.deposit_escrow: EscrowExists"
  std::string where() const {
    return std::string(contract) + "." + std::string(message) + ": " + std::string(error ? error->name : trap);
  }
};

}  // namespace meshcheck::model::spec
