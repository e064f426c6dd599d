// Mutation sites: the places of a contract's messages where `meshcheck mutate` changes
// the model, each declared once and read by both transcriptions of the deployed profile
// (the C++ model, model/<contract>.cpp, and its Z3 encoding, smt/<contract>.cpp).
//
// A contract's sites are an enum class with a `site_table` function beside it (found by
// argument-dependent lookup, as model/branch.hpp's branch_names), giving each site its
// stable name, message, branch, kind and what the unmutated code does there:
//
//   enum class Site : unsigned { kDepositZero, ..., kCount };
//   constexpr SiteTable<Site> site_table(Site) {
//     return {{{Site::kDepositZero, {"kDepositZero", "deposit.zero", "deposit_for_job",
//                                    "amount is zero", SiteKind::kGuard, "refuses a zero deposit"}}, ...}};
//   }
//
// The kind decides which operators apply (operators_of), so the mutants are generated as
// sites × operators (mutation/catalog.hpp), never written one by one. The code at a site
// asks the hooks below what to do; each hook has a concrete form (here, over bool and
// model values) and a symbolic one (mutation/symbolic.hpp, over z3::expr) with the same
// meaning, so one active mutant changes the model and the encoding alike, which the
// encoding-versus-model test checks under every mutant (tests/mutation_test.cpp).
//
// The active mutant is process-global and read at the site: all mutants are in one
// binary, chosen at run time (meshcheck mutate runs each in its own process). With no
// mutant active every hook is the identity, at the cost of one comparison.
#pragma once

#include <cstdint>
#include <type_traits>
#include <string_view>
#include <vector>

#include "model/contract_kind.hpp"
#include "model/enum_table.hpp"

namespace meshcheck::mutation {

// What a mutation does. Written once; the ID of a mutant ends with the operator's name.
enum class Op : std::uint8_t {
  kNegateGuard,       // a refusal taken exactly when it was not
  kDropGuard,         // a refusal never taken
  kBoundaryShift,     // < <-> <=, > <-> >=
  kWrapping,          // checked or saturating arithmetic made wrapping
  kSwapPlusMinus,     // + <-> -
  kDropWrite,         // a state write left out
  kDropEvent,         // an event not emitted
  kCorruptEventField, // one field of an event zeroed
  kDropTransfer,      // a transfer left out (the call goes on as if it was paid)
  kRedirectTransfer,  // a transfer paid to the contract's admin instead
  kFlipReturn,        // the returned bool negated
  kDropSort,          // a sort left out (spec: mev's create_batch keeps the ids as given)
  kDropIncrement,     // spec: `a + 1` computed as `a` (an id counter's next id is its current one: reused)
  kDropCredit,        // spec: the value a call brings is not credited to the contract it pays (it vanishes)
  kKeepOnRevert,      // spec: a refused call keeps the value it brought (not returned to the caller)
  kCount,
};
struct OpFacts {
  std::string_view name;  // in mutant IDs: stable
  std::string_view change;  // what it does, for the one-line description
};
inline constexpr model::EnumTable<Op, OpFacts> kOps{{
    {Op::kNegateGuard, {"negate-guard", "negates the guard"}},
    {Op::kDropGuard, {"drop-guard", "drops the guard (the refusal is never taken)"}},
    {Op::kBoundaryShift, {"boundary-shift", "shifts the boundary of the comparison (< <-> <=, > <-> >=)"}},
    {Op::kWrapping, {"wrapping", "makes the checked arithmetic wrap"}},
    {Op::kSwapPlusMinus, {"swap-plus-minus", "swaps + and -"}},
    {Op::kDropWrite, {"drop-write", "drops the state write"}},
    {Op::kDropEvent, {"drop-event", "drops the event"}},
    {Op::kCorruptEventField, {"corrupt-event-field", "zeroes one field of the event"}},
    {Op::kDropTransfer, {"drop-transfer", "drops the transfer (and carries on as if it was paid)"}},
    {Op::kRedirectTransfer, {"redirect-transfer", "pays the transfer to the admin instead"}},
    {Op::kFlipReturn, {"flip-return", "negates the returned bool"}},
    {Op::kDropSort, {"drop-sort", "drops the sort (the items stay in the order given)"}},
    {Op::kDropIncrement, {"drop-increment", "drops the + 1 (a counter's next id is its current one, reused)"}},
    {Op::kDropCredit, {"drop-credit", "drops the credit of the value the call brings (the value vanishes)"}},
    {Op::kKeepOnRevert, {"keep-on-revert", "keeps the value a refused call brought (it is not returned)"}},
}};
constexpr std::string_view op_name(Op op) { return kOps[op].name; }

// What is at a site, which decides the operators that apply.
enum class SiteKind : std::uint8_t {
  kGuard,       // a refusal condition: true refuses
  kOrderGuard,  // a refusal condition that is an ordered comparison (a boundary to shift)
  kArith,       // checked or saturating arithmetic (an addition: `add`, a subtraction: `sub`)
  kWrite,       // a state write
  kEvent,       // an emitted event (with the field a corruption zeroes)
  kTransfer,    // an outgoing transfer
  kReturn,      // a returned bool
  kSort,        // a sort (spec: mev's sorting network)
  kCredit,      // spec, in the executor: the value a payable message receives, credited to its contract
  kCount,
};
// The operators that apply to a site of `kind`, in mutant order.
inline std::vector<Op> operators_of(SiteKind kind) {
  switch (kind) {
    case SiteKind::kGuard: return {Op::kNegateGuard, Op::kDropGuard};
    case SiteKind::kOrderGuard: return {Op::kNegateGuard, Op::kDropGuard, Op::kBoundaryShift};
    case SiteKind::kArith: return {Op::kWrapping, Op::kSwapPlusMinus};
    case SiteKind::kWrite: return {Op::kDropWrite};
    case SiteKind::kEvent: return {Op::kDropEvent, Op::kCorruptEventField};
    case SiteKind::kTransfer: return {Op::kDropTransfer, Op::kRedirectTransfer};
    case SiteKind::kReturn: return {Op::kFlipReturn};
    case SiteKind::kSort: return {Op::kDropSort};
    case SiteKind::kCredit: return {Op::kDropCredit, Op::kKeepOnRevert};
    case SiteKind::kCount: break;
  }
  return {};
}

struct SiteFacts {
  std::string_view token;    // the enumerator as spelled: how its line is found in model/<contract>.cpp
  std::string_view name;     // stable, in mutant IDs: "deposit.zero"
  std::string_view message;  // the message it is in
  std::string_view branch;   // the branch it decides or belongs to (a branch name of the message)
  SiteKind kind;
  std::string_view what;     // what the unmutated code does there
};
template <model::CountedEnum S>
using SiteTable = model::EnumTable<S, SiteFacts>;

// A contract's site enum: one with `site_table` and `site_contract` beside it.
template <class S>
concept SiteEnum = model::CountedEnum<S> && requires(S s) {
  { site_table(s) } -> std::same_as<SiteTable<S>>;
  { site_contract(s) } -> std::same_as<model::ContractKind>;
};

// --- The active mutant ---------------------------------------------------------------
struct Active {
  bool on = false;
  model::ContractKind contract = model::ContractKind::kCount;
  unsigned site = 0;
  Op op = Op::kCount;
};
// Set before any model code runs (mutation::activate, mutation/catalog.hpp), read only
// afterwards: threads may read it freely.
inline Active g_active;

template <SiteEnum S>
inline bool on(S site, Op op) {
  return g_active.on && g_active.op == op && g_active.site == model::index_of(site) &&
         g_active.contract == site_contract(site);
}

// --- The hooks, concrete forms (the symbolic ones: mutation/symbolic.hpp) -------------
// A refusal condition (true refuses).
template <SiteEnum S>
inline bool guard(S site, bool refuses) {
  if (on(site, Op::kNegateGuard)) return !refuses;
  if (on(site, Op::kDropGuard)) return false;
  return refuses;
}
// An ordered refusal condition: `a < b`, or `a <= b` when `or_equal` (unsigned values).
template <SiteEnum S, class T>
inline bool less(S site, const T& a, const T& b, bool or_equal) {
  if (on(site, Op::kBoundaryShift)) or_equal = !or_equal;
  return guard(site, or_equal ? a <= b : a < b);
}
// An ordered refusal condition the other way round: `a > b`, or `a >= b` when `or_equal`.
template <SiteEnum S, class T>
inline bool more(S site, const T& a, const T& b, bool or_equal) {
  if (on(site, Op::kBoundaryShift)) or_equal = !or_equal;
  return guard(site, or_equal ? a >= b : a > b);
}
// A guard written as the condition to go on (true goes on), the refusal's negation: the
// same operators as `guard`, read through the negation.
template <SiteEnum S>
inline bool allows(S site, bool goes_on) {
  return !guard(site, !goes_on);
}
// Whether the active mutant is at `site`, whatever its operator.
template <SiteEnum S>
inline bool active_at(S site) {
  return g_active.on && g_active.site == model::index_of(site) && g_active.contract == site_contract(site);
}
// Rust's saturating_add at `site` (or, mutated, wrapping_add or saturating_sub).
template <class T>
inline T wrapping_add(const T& a, const T& b) {
  if constexpr (std::is_integral_v<T>) return static_cast<T>(a + b);
  else return a > ~T(0) - b ? T(b - (~T(0) - a) - 1) : T(a + b);
}
template <SiteEnum S, class T>
inline T add(S site, const T& a, const T& b) {
  if (on(site, Op::kWrapping)) return wrapping_add(a, b);
  if (on(site, Op::kSwapPlusMinus)) return saturating_sub(a, b);
  return saturating_add(a, b);
}
// Rust's saturating_sub at `site` (or, mutated, wrapping_sub or saturating_add): the
// same operators as `add`, read the other way round.
template <class T>
inline T wrapping_sub(const T& a, const T& b) {
  if constexpr (std::is_integral_v<T>) return static_cast<T>(a - b);
  else return a >= b ? T(a - b) : T(~T(0) - (b - a) + 1);
}
template <SiteEnum S, class T>
inline T sub(S site, const T& a, const T& b) {
  if (on(site, Op::kWrapping)) return wrapping_sub(a, b);
  if (on(site, Op::kSwapPlusMinus)) return saturating_add(a, b);
  return saturating_sub(a, b);
}
// Whether the state write at `site` happens.
template <SiteEnum S>
inline bool writes(S site) {
  return !on(site, Op::kDropWrite);
}
// Whether the event at `site` is emitted.
template <SiteEnum S>
inline bool emits(S site) {
  return !on(site, Op::kDropEvent);
}
// A zero of `value`'s type: an address keeps its width (H160 or AccountId).
template <class T>
inline T zero_like(const T&) {
  return T{};
}
inline Address zero_like(const Address& a) { return Address::filled(a.kind, 0); }
// The event field the corruption at `site` zeroes.
template <SiteEnum S, class T>
inline T field(S site, const T& value) {
  return on(site, Op::kCorruptEventField) ? zero_like(value) : value;
}
// Whether the transfer at `site` happens.
template <SiteEnum S>
inline bool transfers(S site) {
  return !on(site, Op::kDropTransfer);
}
// The payee of the transfer at `site`: `to`, or `admin` when redirected.
template <SiteEnum S, class A>
inline const A& payee(S site, const A& to, const A& admin) {
  return on(site, Op::kRedirectTransfer) ? admin : to;
}
// The bool returned at `site`.
template <SiteEnum S>
inline bool returned(S site, bool value) {
  return on(site, Op::kFlipReturn) ? !value : value;
}

}  // namespace meshcheck::mutation
