// Symbolic runs of one contract, for bounded model checking: K calls from the standard
// deployment (deployment/deployment.hpp), each a symbolic choice of message, caller,
// value, clock and arguments, and the way back from a Z3 model to concrete calls.
//
// The contracts never call each other, so a contract's invariants depend on its own
// calls only and each contract is unrolled alone.
#pragma once

#include <optional>
#include <vector>

#include "model/world.hpp"
#include "smt/encoding.hpp"

namespace meshcheck::smt {

// One symbolic call: which message (an index into the encoding's messages), its
// environment and arguments, and the branches each message would take.
struct SymCall {
  z3::expr choice;  // bv8
  SymEnv env;
  std::vector<std::vector<SymValue>> args;       // per message
  std::vector<std::vector<SymBranch>> branches;  // per message (call_branches)
  // The branch taken: choice == m and its guard.
  z3::expr takes(std::size_t message, const SymBranch& b) const;
};

// Build and use an Unrolling with AmountMode::BitVector set (sym.hpp): bounded model
// checking is much faster without bv2int.
class Unrolling {
 public:
  // Starts from the contract's state in the standard deployment.
  Unrolling(z3::context& c, const ContractEncoding& encoding, const model::World& start, const Address& contract);

  z3::context& ctx() const { return *ctx_; }
  const std::vector<SymMessage>& messages() const { return messages_; }
  // The state after i calls (0: the deployed state).
  const SymState& state(std::size_t i) const { return states_[i]; }
  const SymCall& call(std::size_t i) const { return calls_[i]; }  // the i-th call, 0-based
  std::size_t depth() const { return calls_.size(); }

  // Adds one more call; returns the constraints it adds (choice in range, callers from
  // the pool, the clock not going back, strings short and printable).
  z3::expr extend();

  // The concrete calls a model of the unrolling makes, up to `depth` calls.
  std::vector<model::Call> extract(const z3::model& m, std::size_t depth) const;

 private:
  z3::context* ctx_;
  const ContractEncoding* encoding_;
  Address contract_;
  u32 start_block_;
  u64 start_timestamp_;
  std::vector<SymMessage> messages_;
  std::vector<SymState> states_;
  std::vector<SymCall> calls_;
};

// The untracked accounts the unrolled calls are made from (every contract's admin
// 0x01…, and 0x05…, 0x06…), and which address arguments may name (0x01… to 0x06…).
std::vector<Address> bmc_callers(AddressKind kind);
std::vector<Address> bmc_addresses(AddressKind kind);

}  // namespace meshcheck::smt
