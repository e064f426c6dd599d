// payment_escrow, profile `deployed`: escrowed payments per job id.
//
// Deployed on Paseo as an ink! 5.1.1 contract (its metadata): AccountId addresses and
// u128 amounts. The public source at HEAD is an ink! 6 port of the same logic (H160,
// U256); the model follows the deployed metadata's types and the source's logic.
#pragma once

#include <optional>

#include "model/contract.hpp"
#include "model/pmap.hpp"

namespace meshcheck::model::deployed::payment_escrow {

struct Escrow {
  Address owner;
  std::optional<Address> provider;
  u128 amount;
  bool released = false;
  bool refunded = false;
  friend bool operator==(const Escrow&, const Escrow&) = default;
};

struct State : StateBase<State> {
  PMap<u128, Escrow> escrows;  // job_id -> escrow
  Address admin;
  friend bool operator==(const State& a, const State& b) { return a.escrows == b.escrows && a.admin == b.admin; }
};

State construct(const CallEnv& env);

// The branches of the mutating messages (model/branch.hpp): their guard outcomes, which
// the Z3 encoding (smt/payment_escrow.cpp) names too.
enum class DepositForJobBranch : unsigned { kZero, kActive, kOverClosed, kNew, kCount };
constexpr BranchNames<DepositForJobBranch> branch_names(DepositForJobBranch) {
  using enum DepositForJobBranch;
  return {{{kZero, "amount is zero"},
           {kActive, "active escrow exists"},
           {kOverClosed, "over a closed escrow"},
           {kNew, "new escrow"}}};
}

// set_provider, release_to_provider and refund_to_owner start with the same three
// refusals (kNoEscrow, kNotOwner, kClosed), which the encoding writes once for all three.
enum class SetProviderBranch : unsigned { kNoEscrow, kNotOwner, kClosed, kOk, kCount };
constexpr BranchNames<SetProviderBranch> branch_names(SetProviderBranch) {
  using enum SetProviderBranch;
  return {{{kNoEscrow, "no such escrow"},
           {kNotOwner, "caller is not the owner"},
           {kClosed, "already released or refunded"},
           {kOk, "ok"}}};
}

enum class ReleaseToProviderBranch : unsigned {
  kNoEscrow,
  kNotOwner,
  kClosed,
  kNoProvider,
  kZero,
  kTransferFailed,
  kOk,
  kCount,
};
constexpr BranchNames<ReleaseToProviderBranch> branch_names(ReleaseToProviderBranch) {
  using enum ReleaseToProviderBranch;
  return {{{kNoEscrow, "no such escrow"},
           {kNotOwner, "caller is not the owner"},
           {kClosed, "already released or refunded"},
           {kNoProvider, "no provider"},
           {kZero, "amount is zero"},
           {kTransferFailed, "transfer failed"},
           {kOk, "ok"}}};
}

enum class RefundToOwnerBranch : unsigned { kNoEscrow, kNotOwner, kClosed, kZero, kTransferFailed, kOk, kCount };
constexpr BranchNames<RefundToOwnerBranch> branch_names(RefundToOwnerBranch) {
  using enum RefundToOwnerBranch;
  return {{{kNoEscrow, "no such escrow"},
           {kNotOwner, "caller is not the owner"},
           {kClosed, "already released or refunded"},
           {kZero, "amount is zero"},
           {kTransferFailed, "transfer failed"},
           {kOk, "ok"}}};
}

// The messages, as the deployed code runs them. `self` is the call's copy of the state.
bool deposit_for_job(State& self, Ctx& ctx, const u128& job_id, const Address& provider);
bool set_provider(State& self, Ctx& ctx, const u128& job_id, const Address& provider);
bool release_to_provider(State& self, Ctx& ctx, const u128& job_id);
bool refund_to_owner(State& self, Ctx& ctx, const u128& job_id);

Value to_value(const Escrow& e);

const ContractSpec& spec();

}  // namespace meshcheck::model::deployed::payment_escrow
