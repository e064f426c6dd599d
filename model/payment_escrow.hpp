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

// The messages, as the deployed code runs them. `self` is the call's copy of the state.
bool deposit_for_job(State& self, Ctx& ctx, const u128& job_id, const Address& provider);
bool set_provider(State& self, Ctx& ctx, const u128& job_id, const Address& provider);
bool release_to_provider(State& self, Ctx& ctx, const u128& job_id);
bool refund_to_owner(State& self, Ctx& ctx, const u128& job_id);

Value to_value(const Escrow& e);

const ContractSpec& spec();

}  // namespace meshcheck::model::deployed::payment_escrow
