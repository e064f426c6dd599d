#include "fuzz/payment_escrow.hpp"

#include <rapidcheck.h>

#include "fuzz/pick.hpp"
#include "fuzz/setup.hpp"
#include "model/payment_escrow.hpp"

namespace meshcheck::fuzz {

namespace {
namespace pe = model::deployed::payment_escrow;

// The contract's address in the fuzzer's world, looked up once; its build is the one the
// standard deployment uses (the ink! 6 build: H160 actors, U256 values).
const Address& address() {
  static const Address a = contract_address("payment_escrow");
  return a;
}
AddressKind kind() { return pe::spec().address_kind(); }
const pe::State& state(const GeneratorView& m) { return m.state<pe::State>(address()); }

// A job id that collides: an existing escrow (with `open`, most often one still open),
// one past the largest, 0, u128::MAX.
u128 job_id(const GeneratorView& m, bool open = false) {
  const auto& escrows = state(m).escrows;
  auto ids = pick::keys(escrows);
  std::vector<u128> preferred;
  if (open) preferred = pick::keys_where(escrows, [](const pe::Escrow& e) { return !e.released && !e.refunded; });
  return pick::id(ids, ids.empty() ? u128(1) : saturating_add(ids.back(), u128(1)), {}, preferred);
}
const pe::Escrow* escrow(const GeneratorView& m, const u128& id) { return state(m).escrows.find(id); }
std::optional<Address> owner_of(const GeneratorView& m, const u128& id) {
  if (auto* e = escrow(m, id)) return e->owner;
  return std::nullopt;
}

struct EscrowCall : CallCommand {
  EscrowCall(const GeneratorView& m, std::string_view message) : CallCommand(m, address(), message) {}
};

struct DepositForJob : EscrowCall {
  explicit DepositForJob(const GeneratorView& m) : EscrowCall(m, "deposit_for_job") {
    u128 id = job_id(m);
    caller_ = pick::caller(kind(), owner_of(m, id));
    std::vector<U256> near;
    if (auto* e = escrow(m, id)) pick::add_around(near, e->amount, pe::spec().max_value());
    value_ = pick::value(m, contract_, caller_, near);
    std::optional<Address> provider;
    if (auto* e = escrow(m, id)) provider = e->provider;
    args_ = {Value(id), Value(pick::account(kind(), provider))};
  }
};

struct SetProvider : EscrowCall {
  explicit SetProvider(const GeneratorView& m) : EscrowCall(m, "set_provider") {
    u128 id = job_id(m, true);
    caller_ = pick::caller(kind(), owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id), Value(pick::account(kind()))};
  }
};

// A payout of escrow args_[0] to its provider (release) or owner (refund). The ink! 6
// build's amounts go up to U256::MAX, so a payout can be more than a tracked payee's
// balance can take: the world refuses that call (a WorldError, not a revert). On a chain
// it cannot arise (native balances are u128, so every balance stays far below 2^256), so
// the sequence is not one a chain could have, and the command is dropped.
template <bool kRelease>
struct Payout : EscrowCall {
  explicit Payout(const GeneratorView& m) : EscrowCall(m, kRelease ? "release_to_provider" : "refund_to_owner") {
    u128 id = job_id(m, true);
    caller_ = pick::caller(kind(), owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id)};
  }
  void checkPreconditions(const GeneratorView& m) const override {
    EscrowCall::checkPreconditions(m);
    const pe::Escrow* e = escrow(m, u128(args_[0].as_int()));
    if (!e) return;
    std::optional<Address> payee = kRelease ? e->provider : std::optional<Address>(e->owner);
    if (payee && m.world.tracked(*payee)) RC_PRE(m.balance(*payee) <= kU256Max - e->amount);
  }
};
using ReleaseToProvider = Payout<true>;
using RefundToOwner = Payout<false>;
}  // namespace

rc::Gen<CommandPtr> payment_escrow_commands(const SharedGeneratorView& model) {
  return one_of_commands<DepositForJob, SetProvider, ReleaseToProvider, RefundToOwner>(model);
}

}  // namespace meshcheck::fuzz
