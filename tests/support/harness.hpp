// A small harness for model tests: a world of the `deployed` profile, the ink! test
// accounts in both address widths, and one-line deploys and calls by message label.
#pragma once

#include <gtest/gtest.h>

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

class Harness {
 public:
  World world{model::deployed_profile()};
  u32 block = 1;
  u64 timestamp = 6000;

  // Deploys `contract` at `address` (value 0) and returns the address.
  Address deploy(std::string_view contract, const Address& address, const Address& deployer,
                 std::vector<Value> args = {}, const U256& value = 0) {
    const auto* spec = world.profile().contract(contract);
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
};

// The call returned `v` (and did not revert).
inline void expect_returned(const CallResult& r, const Value& v) {
  EXPECT_FALSE(r.outcome.reverted) << r.outcome.reason;
  EXPECT_EQ(r.outcome.returned, v);
}

inline std::vector<std::string> event_names(const CallResult& r) {
  std::vector<std::string> names;
  for (auto& e : r.events) names.push_back(e.spec->name);
  return names;
}

}  // namespace meshcheck::testing
