// The world: the six contracts (any number of instances of each kind, one per
// address), a native balance ledger, and the chain's clock. One call takes a world to
// a new world and an outcome, atomically.
//
// A World is a value: copying it is cheap (contract states and balances are persistent
// maps), so callers keep, compare and fork worlds freely.
#pragma once

#include <boost/container/small_vector.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/contract.hpp"
#include "model/pmap.hpp"
#include "model/profile.hpp"

namespace meshcheck::model {

// A request the world cannot carry out as asked (not a revert: the chain would not
// have accepted it either): an unknown contract, an address of the wrong width, a
// value out of the contract's range, a clock running backwards.
struct WorldError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Instance {
  const ContractSpec* spec;
  Address address;
  StatePtr state;
};

// The instances of a world, in deployment order. Inline for up to six (one of each
// contract), so that copying a world allocates nothing.
using Instances = boost::container::small_vector<Instance, 6>;

struct Call {
  Address contract;
  Address caller;
  U256 value;
  const MessageSpec* message = nullptr;
  std::vector<Value> args;  // checked against message->args
  u32 block = 0;
  u64 timestamp = 0;
};

// One (nested) call of a call, in the order the calls began; frames[0] is the top-level
// call. Only messages that call other contracts (the spec profile) record frames.
struct Frame {
  Address contract;
  const MessageSpec* message = nullptr;
  Address caller;  // the immediate caller: a contract's address for a nested call
  U256 value;
  std::vector<Value> args;  // in message->args order
  unsigned depth = 0;       // 0: the top-level call
};

struct CallResult {
  Outcome outcome;
  std::vector<Event> events;
  // Who paid each transfer is the called contract, unless `payers` says otherwise.
  std::vector<Transfer> transfers;
  std::uint64_t covered = 0;  // the message's branches taken (MessageSpec::branches)
  // For calls that reach other contracts (spec): every frame, the emitter of each event
  // (parallel to `events`) and the payer of each transfer (parallel to `transfers`).
  // Empty otherwise: then every event and transfer is the called contract's.
  std::vector<Frame> frames = {};
  std::vector<Address> emitters = {};
  std::vector<Address> payers = {};
};

class World {
 public:
  explicit World(const Profile& profile) : profile_(&profile) {}

  const Profile& profile() const { return *profile_; }

  // --- ledger -------------------------------------------------------------------
  // An account is tracked once a `balances` line (or a deploy, for contracts) names
  // it; untracked accounts are external: they pay any value and their receipts leave
  // the world (counted in external_in / external_out).
  bool tracked(const Address& a) const { return balances_.contains(a); }
  std::optional<U256> balance(const Address& a) const;
  void set_balance(const Address& a, const U256& amount);
  const PMap<Address, U256>& balances() const { return balances_; }
  // Total value paid into the world by external accounts, and paid out to them.
  const BigInt& external_in() const { return external_in_; }
  const BigInt& external_out() const { return external_out_; }

  // --- contracts ----------------------------------------------------------------
  const Instances& instances() const { return instances_; }
  const Instance* instance(const Address& address) const;
  std::vector<const Instance*> instances_of(std::string_view contract_name) const;

  // --- clock --------------------------------------------------------------------
  u32 block() const { return block_; }
  u64 timestamp() const { return timestamp_; }
  // Moves the clock to (block, timestamp); WorldError if either would go back.
  void advance_clock(u32 block, u64 timestamp);

  // --- transitions --------------------------------------------------------------
  // Instantiates `spec` at `address`: runs its constructor and endows it with `value`
  // (taken from the deployer when the deployer is tracked).
  void deploy(const ContractSpec& spec, const Address& address, const Address& deployer, Args args,
              const U256& value, u32 block, u64 timestamp);

  // Runs one call. Value moves from caller to contract before a payable message runs;
  // a revert undoes everything (the clock still moves to the call's block). Throws
  // WorldError for a request that is not a call at all.
  CallResult call(const Call& c);

  // Puts an arbitrary state at a deployed instance. Not a transition of the contracts:
  // for tests of the invariants and for the prover's counterexamples to induction.
  void set_state(const Address& address, StatePtr state);

  // For messages that run on the whole world (MessageSpec::on_world): the caller pays a
  // call's value (a tracked caller's balance was checked; an external one pays from
  // outside), and a payment leaves a contract for `to` (tracked: credited; else it
  // leaves the world).
  void pay_in(const Address& payer, const U256& amount);
  void pay_out(const Address& to, const U256& amount) { credit(to, amount); }

  // A plain balance transfer; false (and nothing moves) when a tracked sender is short.
  bool transfer(const Address& from, const Address& to, const U256& value);

  // Same contract states, balances and external flows (the clock is not compared).
  friend bool operator==(const World& a, const World& b);
  // Whether `a` and `b` are one value by construction: the very same contract states and
  // ledger (shared storage, compared by pointer), flows and clock. O(instances); false
  // says nothing (equal worlds built apart are not the same storage).
  friend bool same_storage(const World& a, const World& b);

 private:
  Instance* find(const Address& address);
  void credit(const Address& to, const U256& amount);

  const Profile* profile_;
  Instances instances_;
  PMap<Address, U256> balances_;
  BigInt external_in_ = 0;
  BigInt external_out_ = 0;
  u32 block_ = 0;
  u64 timestamp_ = 0;
};

// The pure form of World::call: the successor world and the result.
std::pair<World, CallResult> step(const World& world, const Call& c);

}  // namespace meshcheck::model
