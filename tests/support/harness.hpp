// A small harness for model tests: a world of the `deployed` profile, the ink! test
// accounts in both address widths, one-line deploys and calls by message label, and the
// expectations on a call's result that the contract tests share.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "model/world.hpp"

namespace meshcheck {
// Readable Values in GoogleTest failure messages.
inline void PrintTo(const Value& v, std::ostream* os) {
  std::visit(
      [os](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) *os << (x ? "true" : "false");
        else if constexpr (std::is_same_v<T, U256>) *os << x.str();
        else if constexpr (std::is_same_v<T, std::string>) *os << '"' << x << '"';
        else if constexpr (std::is_same_v<T, Address>) *os << x.hex();
        else if constexpr (std::is_same_v<T, Value::Enum>) {
          *os << "variant" << x.index << "(";
          for (std::size_t i = 0; i < x.fields.size(); ++i) {
            if (i) *os << ", ";
            PrintTo(x.fields[i], os);
          }
          *os << ")";
        } else {
          *os << "[";
          for (std::size_t i = 0; i < x.size(); ++i) {
            if (i) *os << ", ";
            PrintTo(x[i], os);
          }
          *os << "]";
        }
      },
      v.v);
}
}  // namespace meshcheck

namespace meshcheck::testing {

using model::CallResult;
using model::World;

// The ink! test accounts: alice = 0x01.., bob = 0x02.., ... in either width.
inline Address h160(u8 fill) { return Address::filled(AddressKind::H160, fill); }
inline Address account(u8 fill) { return Address::filled(AddressKind::AccountId, fill); }

// A Vec<u128> argument or field (a list of ids).
inline Value u128_vec(const std::vector<u128>& list) {
  Value::Seq s;
  for (auto& i : list) s.emplace_back(i);
  return Value(std::move(s));
}
// The ids `first` to `last`, both included.
inline std::vector<u128> id_range(unsigned first, unsigned last) {
  std::vector<u128> v;
  for (unsigned i = first; i <= last; ++i) v.emplace_back(i);
  return v;
}

class Harness {
 public:
  World world{model::deployed_profile()};
  u32 block = 1;
  u64 timestamp = 6000;

  // Deploys `contract` at `address` (value 0) and returns the address. As a trace's deploy
  // line without a code hash, the address's width picks the build (payment_escrow: H160
  // the ink! 6 build, AccountId the ink! 5.1.1 one); no build of that width, the profile's.
  Address deploy(std::string_view contract, const Address& address, const Address& deployer,
                 std::vector<Value> args = {}, const U256& value = 0) {
    const auto* spec = world.profile().build_for(contract, address.kind);
    if (!spec) spec = world.profile().contract(contract);
    EXPECT_NE(spec, nullptr) << contract;
    world.deploy(*spec, address, deployer, args, value, block, timestamp);
    return address;
  }

  // Calls `message` on the contract at `contract`; a WorldError propagates.
  CallResult call(const Address& contract, const Address& caller, std::string_view message,
                  std::vector<Value> args = {}, const U256& value = 0) {
    return world.call(make_call(contract, caller, message, std::move(args), value));
  }

  // A read-only call's return value.
  Value read(const Address& contract, std::string_view message, std::vector<Value> args = {}) {
    const auto* inst = world.instance(contract);
    auto r = call(contract, Address::filled(inst->spec->address_kind(), 0xee), message, std::move(args));
    EXPECT_FALSE(r.outcome.reverted) << message << ": " << r.outcome.reason;
    return r.outcome.returned;
  }

  U256 balance(const Address& a) const { return world.balance(a).value_or(U256(0)); }

  // The model::Call that call() makes, at the harness's block and timestamp.
  model::Call make_call(const Address& contract, const Address& caller, std::string_view message,
                        std::vector<Value> args = {}, const U256& value = 0) const {
    const auto* inst = world.instance(contract);
    EXPECT_NE(inst, nullptr) << contract.hex();
    model::Call c{contract, caller, value, inst->spec->message(message), std::move(args), block, timestamp};
    EXPECT_NE(c.message, nullptr) << message;
    return c;
  }

  // The state of the contract at `address`, as its concrete type.
  template <class State> const State& state(const Address& address) const {
    return dynamic_cast<const State&>(*world.instance(address)->state);
  }

  // Calls `message` (no value) and expects a `return false` that leaves the whole world as it was.
  void expect_refused_unchanged(const Address& contract, const Address& caller, std::string_view message,
                                std::vector<Value> args = {});

  // Calls `message` with `value` and expects a `return false` that leaves the contract's storage
  // as it was. A `return false` does not revert, so the value stays in the contract: the test
  // checks the balances.
  void expect_refused_storage_unchanged(const Address& contract, const Address& caller, std::string_view message,
                                        std::vector<Value> args, const U256& value = 0);

  // Calls `message` with `value` and expects a revert, with `reason_part` in its reason, that
  // leaves the whole world as it was.
  void expect_reverted_unchanged(const Address& contract, const Address& caller, std::string_view message,
                                 std::vector<Value> args, const U256& value, std::string_view reason_part);
};

// The call returned `v` (and did not revert).
inline void expect_returned(const CallResult& r, const Value& v) {
  EXPECT_FALSE(r.outcome.reverted) << r.outcome.reason;
  EXPECT_EQ(r.outcome.returned, v);
}

// A `return false`: the call did not revert, and nothing was emitted or paid out.
inline void expect_refused(const CallResult& r) {
  expect_returned(r, Value(false));
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(r.transfers.empty());
}

// A revert: nothing emitted, nothing paid out, and (when `reason` is given) exactly that reason.
inline void expect_reverted(const CallResult& r, std::string_view reason = "") {
  EXPECT_TRUE(r.outcome.reverted);
  if (!reason.empty()) {
    EXPECT_EQ(r.outcome.reason, reason);
  }
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(r.transfers.empty());
}

// Runs `calls` (calls on `world` and the expectations on their results) and expects them to
// leave `world` as it was: for refusals, reverts and world errors.
template <class Calls>
void expect_world_unchanged(const World& world, Calls&& calls) {
  const World before = world;
  calls();
  EXPECT_TRUE(world == before);
}

// Calls each read-only message of `labels` on `contract`, with `args_of(label)`, and expects
// no revert, no event, no transfer and the world as it was.
template <class ArgsOf>
void expect_reads_change_nothing(Harness& h, const Address& contract, const Address& caller,
                                 std::initializer_list<const char*> labels, ArgsOf&& args_of) {
  const World before = h.world;
  for (const char* label : labels) {
    auto r = h.call(contract, caller, label, args_of(label));
    EXPECT_FALSE(r.outcome.reverted) << label;
    EXPECT_TRUE(r.events.empty()) << label;
    EXPECT_TRUE(r.transfers.empty()) << label;
    EXPECT_TRUE(h.world == before) << label;
  }
}

// Event `i` of `r` is the event `name` of `spec` (that very EventSpec, not one of the same
// name) with `fields`.
inline void expect_event(const CallResult& r, std::size_t i, const model::ContractSpec& spec, std::string_view name,
                         const std::vector<Value>& fields) {
  ASSERT_LT(i, r.events.size());
  ASSERT_NE(r.events[i].spec, nullptr);
  EXPECT_EQ(r.events[i].spec->name, name);
  EXPECT_EQ(r.events[i].spec, spec.event(name));
  EXPECT_EQ(r.events[i].fields, fields);
}

// `r` emitted exactly one event: `name`, with `fields`.
inline void expect_single_event(const CallResult& r, std::string_view name, const std::vector<Value>& fields) {
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].spec->name, name);
  EXPECT_EQ(r.events[0].fields, fields);
}

inline void Harness::expect_refused_unchanged(const Address& contract, const Address& caller, std::string_view message,
                                              std::vector<Value> args) {
  const World before = world;
  expect_refused(call(contract, caller, message, std::move(args)));
  EXPECT_TRUE(world == before) << message;
}

inline void Harness::expect_refused_storage_unchanged(const Address& contract, const Address& caller,
                                                      std::string_view message, std::vector<Value> args,
                                                      const U256& value) {
  const model::StatePtr before = world.instance(contract)->state;
  expect_refused(call(contract, caller, message, std::move(args), value));
  EXPECT_TRUE(world.instance(contract)->state->equals(*before)) << message << ": a `return false` changed storage";
}

inline void Harness::expect_reverted_unchanged(const Address& contract, const Address& caller, std::string_view message,
                                               std::vector<Value> args, const U256& value,
                                               std::string_view reason_part) {
  const World before = world;
  CallResult r = call(contract, caller, message, std::move(args), value);
  EXPECT_TRUE(r.outcome.reverted) << message;
  EXPECT_NE(r.outcome.reason.find(reason_part), std::string::npos) << r.outcome.reason;
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(r.transfers.empty());
  EXPECT_TRUE(world == before) << message << ": a revert changed the world";
}

inline std::vector<std::string> event_names(const CallResult& r) {
  std::vector<std::string> names;
  for (auto& e : r.events) names.push_back(e.spec->name);
  return names;
}

}  // namespace meshcheck::testing
