// What a contract is to the model: its messages and events (mirroring the ink!
// metadata), its state, and the pure step function that runs one message.
//
// A message is a function of (state, call environment, arguments) that returns the new
// state, the outcome (a return value, or a revert with its reason) and the events:
// `run_message` below. Each contract writes its messages as plain C++ over a private
// copy of its state (`self`) and a `Ctx` (what `self.env()` is in ink!), which reads
// close to the Rust source; run_message supplies the copy, so the caller's state is
// never touched and a revert simply drops the copy.
#pragma once

#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/branch.hpp"
#include "model/types.hpp"
#include "model/value.hpp"

namespace meshcheck::model {

class World;
struct Call;
struct CallResult;

// The environment of one call, as `self.env()` shows it to the contract.
struct CallEnv {
  Address caller;
  Address self;        // the contract's own address
  U256 value;          // transferred_value(), in the contract's unit
  u32 block = 0;       // block_number()
  u64 timestamp = 0;   // block_timestamp(), milliseconds
  U256 balance;        // the contract's balance, the transferred value included
};

// A panic, a failed assert! or an `as_u128()` of a too-large value: the call reverts.
struct Panic : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct EventField {
  std::string name;
  TypeRef type;
  bool indexed;  // #[ink(topic)]
};

struct EventSpec {
  std::string name;
  std::vector<EventField> fields;
};

struct Event {
  const EventSpec* spec = nullptr;
  std::vector<Value> fields;  // in EventSpec::fields order
  friend bool operator==(const Event& a, const Event& b) { return a.spec == b.spec && a.fields == b.fields; }
};

// Value paid out of the contract by `self.env().transfer(to, amount)`.
struct Transfer {
  Address to;
  U256 amount;
  friend bool operator==(const Transfer&, const Transfer&) = default;
};

// The running call's side of the environment: emitted events and outgoing transfers.
class Ctx {
 public:
  explicit Ctx(const CallEnv& env) : env(env), balance_(env.balance) {}

  const CallEnv& env;

  void emit(const EventSpec& spec, std::vector<Value> fields) { events.push_back(Event{&spec, std::move(fields)}); }

  // `self.env().transfer(to, amount)`: Ok when the contract's balance covers `amount`.
  // Returns false for the `is_err()` path; nothing moves then.
  bool transfer(const Address& to, const U256& amount) {
    if (amount > balance_) return false;
    balance_ -= amount;
    transfers.push_back(Transfer{to, amount});
    return true;
  }

  // `transferred_value().as_u128()` on an ink! 6 contract: panics above u128::MAX.
  u128 transferred_value_as_u128() const {
    if (env.value > kU128MaxAsU256) throw Panic("Integer overflow when casting to u128");
    return u128(env.value);
  }

  // Branch coverage: a message body marks each guard outcome it takes with its branch
  // (model/branch.hpp), whose index is its position in MessageSpec::branches. Part of
  // the call's result, not hidden state: the fuzzer adds it up to show which guards a
  // campaign reached.
  template <BranchEnum E>
  void cover(E branch) {
    covered |= std::uint64_t(1) << index_of(branch);
  }

  std::vector<Event> events;
  std::vector<Transfer> transfers;
  std::uint64_t covered = 0;

 private:
  U256 balance_;
};

// A contract's storage. Concrete states are value types built from PMap fields, so a
// copy is O(1) and shares everything.
struct ContractState {
  virtual ~ContractState() = default;
  virtual std::shared_ptr<ContractState> clone() const = 0;
  virtual bool equals(const ContractState& other) const = 0;
};
using StatePtr = std::shared_ptr<const ContractState>;

// The arguments of a message, already checked against its ArgSpecs.
using Args = std::span<const Value>;

struct ArgSpec {
  std::string label;
  TypeRef type;
};

struct MessageSpec {
  std::string label;
  std::vector<ArgSpec> args;
  TypeRef returns;
  bool payable = false;
  bool mutates = false;
  // Runs the message body on `self` (the caller's copy). Throws Panic to revert.
  Value (*body)(ContractState& self, Ctx& ctx, Args args) = nullptr;
  // The texts of the body's guard outcomes, in the order of the branches it passes to
  // Ctx::cover: branch_list<E>() of its branch enum E. Empty for a message without
  // branches.
  std::vector<std::string> branches = {};
  // A message of a contract system (the spec profile), whose nested calls reach the other
  // contracts of the world: World::call hands it the whole world instead of running
  // `body` on one state (model/spec/bridge/). nullptr for the deployed contracts.
  CallResult (*on_world)(World& world, const Call& call) = nullptr;
};

// Which kind of ink! contract this is: it decides address width and value range.
enum class InkVersion : u8 {
  V5,  // pallet-contracts: AccountId (32 bytes), transferred_value() is a u128 Balance
  V6,  // pallet-revive: H160 (20 bytes), transferred_value() is a U256
};

struct ContractSpec {
  std::string name;  // "payment_escrow"; also the metadata's contract name
  InkVersion ink;
  std::vector<ArgSpec> constructor_args;  // of `new`
  std::shared_ptr<ContractState> (*construct)(const CallEnv& env, Args args) = nullptr;
  std::vector<MessageSpec> messages;
  std::vector<const EventSpec*> events;
  // The code hash of this build, as the chain and the metadata's source.hash write it
  // ("0x" and 64 lower-case hex digits). A contract may exist in more than one build
  // (payment_escrow: ink! 6 and ink! 5.1.1); a trace's deploy line names one by it.
  std::string_view code_hash = {};
  // The spec profile's contracts: messages return `Result<T, Error>` and `errors` are the
  // variants of that Error enum, in order (what a trace's `expect.error` names); they
  // call one another by contract kind, so a world holds at most one of each. Empty for
  // the deployed contracts, which refuse by panicking or answering false.
  std::vector<std::string> errors = {};
  bool returns_result() const { return !errors.empty(); }

  AddressKind address_kind() const { return ink == InkVersion::V6 ? AddressKind::H160 : AddressKind::AccountId; }
  // The largest value a call can carry: u128::MAX on ink! 5, U256::MAX on ink! 6.
  U256 max_value() const { return ink == InkVersion::V6 ? kU256Max : kU128MaxAsU256; }
  const MessageSpec* message(std::string_view label) const;
  const EventSpec* event(std::string_view name) const;
};

// The outcome of one message: its return value, or a revert and why.
struct Outcome {
  bool reverted = false;
  Value returned;      // when !reverted
  std::string reason;  // when reverted
  // When reverted by an `Err` (spec profile): the error variant, "CalleeFailed" for a
  // failed nested call (the innermost failure is in `reason`). Empty for a trap.
  std::string error = {};
  static Outcome revert(std::string why) { return Outcome{true, Value(), std::move(why)}; }
};

// What running one message gives (run_message): the new state, the outcome, the events
// and transfers, and the branches covered. World::call turns it into a CallResult, the
// same for a whole call (value, balances, payouts) on the world.
struct MessageResult {
  StatePtr state;  // the new state (the input state itself for read-only messages and reverts)
  Outcome outcome;
  std::vector<Event> events;        // empty when reverted
  std::vector<Transfer> transfers;  // empty when reverted
  std::uint64_t covered = 0;        // Ctx::cover bits, kept on revert too
};

// The pure step: runs `message` on `state`. Never modifies `state`. A panic inside the
// message, or an arithmetic overflow (the contracts are built with overflow checks),
// becomes a revert with no events, no transfers and the input state.
MessageResult run_message(const MessageSpec& message, const StatePtr& state, const CallEnv& env, Args args);

// Helpers for the per-contract message tables: a body written against the concrete
// state type. `Body` is a captureless lambda (State&, Ctx&, Args) -> Value.
template <class State, auto Body>
Value typed_body(ContractState& self, Ctx& ctx, Args args) {
  return Body(static_cast<State&>(self), ctx, args);
}

// CRTP base giving a concrete state its clone() and equals().
template <class Derived>
struct StateBase : ContractState {
  std::shared_ptr<ContractState> clone() const override {
    return std::make_shared<Derived>(static_cast<const Derived&>(*this));
  }
  bool equals(const ContractState& other) const override {
    auto* o = dynamic_cast<const Derived*>(&other);
    return o && static_cast<const Derived&>(*this) == *o;
  }
};

// Argument accessors for message bodies (types were checked when the call was decoded).
inline u128 arg_u128(Args a, std::size_t i) { return u128(a[i].as_int()); }
inline u64 arg_u64(Args a, std::size_t i) { return static_cast<u64>(a[i].as_int()); }
inline u32 arg_u32(Args a, std::size_t i) { return static_cast<u32>(a[i].as_int()); }
inline u8 arg_u8(Args a, std::size_t i) { return static_cast<u8>(a[i].as_int()); }
inline bool arg_bool(Args a, std::size_t i) { return a[i].as_bool(); }
inline const std::string& arg_string(Args a, std::size_t i) { return a[i].as_string(); }
inline const Address& arg_address(Args a, std::size_t i) { return a[i].as_address(); }

}  // namespace meshcheck::model
