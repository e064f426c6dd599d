// A Harness whose every deploy and call is also a step seen by an invariant Monitor,
// as replay and the fuzzer feed it, plus small helpers to read what it reported.
#pragma once

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "invariants/monitor.hpp"
#include "support/harness.hpp"

namespace meshcheck::testing {

inline std::size_t count(const std::vector<invariants::Violation>& out, std::string_view id) {
  return static_cast<std::size_t>(
      std::count_if(out.begin(), out.end(), [&](const invariants::Violation& v) { return v.id == id; }));
}

// The detail of the last violation of `id` ("" when none).
inline std::string last_detail(const std::vector<invariants::Violation>& out, std::string_view id) {
  for (auto it = out.rbegin(); it != out.rend(); ++it)
    if (it->id == id) return it->detail;
  return "";
}

// Every violation, one a line, for failure messages.
inline std::string dump(const std::vector<invariants::Violation>& out) {
  std::string s;
  for (auto& v : out) s += "  " + v.id + ": " + v.detail + "\n";
  return s.empty() ? "  (none)\n" : s;
}

struct Monitored : Harness {
  invariants::Monitor monitor;
  std::vector<invariants::Violation> out;   // everything reported so far
  std::vector<invariants::Violation> last;  // what the last step reported

  void observe(const invariants::RunStep& step) {
    last.clear();
    monitor.observe(step, last);
    out.insert(out.end(), last.begin(), last.end());
  }

  // As Harness::deploy, observed.
  Address deploy(std::string_view contract, const Address& address, const Address& deployer,
                 std::vector<Value> args = {}) {
    World before = world;
    Harness::deploy(contract, address, deployer, std::move(args));
    observe(invariants::RunStep{invariants::StepKind::Deploy, before, world});
    return address;
  }

  // As Harness::call, observed.
  CallResult call(const Address& contract, const Address& caller, std::string_view message,
                  std::vector<Value> args = {}, const U256& value = 0) {
    World before = world;
    model::Call c = make_call(contract, caller, message, std::move(args), value);
    CallResult r = world.call(c);
    observe(invariants::RunStep{invariants::StepKind::Call, before, world, &c, &r});
    return r;
  }

  // The chain moves on one block (6 s).
  void tick() {
    block += 1;
    timestamp += 6000;
  }

  std::size_t count(std::string_view id) const { return testing::count(out, id); }
  std::set<std::string> violated_ids() const {
    std::set<std::string> found;
    for (auto& v : out) found.insert(v.id);
    return found;
  }
};

// A Monitored run of the one contract at `contract`: calls name only the caller.
struct MonitoredContract : Monitored {
  // Deploy it later, with the deploy() of Monitored.
  explicit MonitoredContract(const Address& contract) : contract(contract) {}
  // Deploys `name` at `contract` by `deployer`, observed.
  MonitoredContract(std::string_view name, const Address& contract, const Address& deployer,
                    std::vector<Value> args = {})
      : contract(contract) {
    deploy(name, contract, deployer, std::move(args));
  }

  Address contract;
  // Set by runs whose scenarios expect no call to revert: every call then checks it.
  bool expect_no_revert = false;

  // A call to the contract, observed.
  CallResult call(const Address& caller, std::string_view message, std::vector<Value> args = {},
                  const U256& value = 0) {
    CallResult r = Monitored::call(contract, caller, message, std::move(args), value);
    if (expect_no_revert) {
      EXPECT_FALSE(r.outcome.reverted) << message << ": " << r.outcome.reason;
    }
    return r;
  }
};

// The deployed message `label` of `spec` run by `caller` on a hand-built `state` of the
// instance at `contract` (block 2, 12 s, no value): the successor state and events, for
// states no sequence of calls reaches (a counter saturated at u128::MAX).
template <class State>
model::MessageResult run_on_state(const model::ContractSpec& spec, const State& state, const Address& contract,
                                  const Address& caller, std::string_view label, std::vector<Value> args) {
  model::CallEnv env{caller, contract, 0, 2, 12000, 0};
  return model::run_message(*spec.message(label), std::make_shared<State>(state), env, args);
}

// One hand-made step of one contract instance: the contract's invariant check run
// directly on two states, with its ghost computed afresh from the state before. For
// checks that no sequence of deployed calls can trigger.
template <class State>
struct ContractStep {
  const invariants::ContractInvariants& checks;
  const model::ContractSpec& spec;
  Address contract;
  World before{model::deployed_profile()};
  World after{model::deployed_profile()};
  model::Call call;
  CallResult result;

  ContractStep(const invariants::ContractInvariants& checks, const model::ContractSpec& spec, const Address& contract,
               const Address& caller, std::string_view message)
      : checks(checks), spec(spec), contract(contract) {
    call.contract = contract;
    call.caller = caller;
    call.message = spec.message(message);
  }

  std::vector<invariants::Violation> check(const State& was, const State& now,
                                           invariants::StepKind kind = invariants::StepKind::Call) {
    model::Instance b{&spec, contract, std::make_shared<State>(was)};
    model::Instance a{&spec, contract, std::make_shared<State>(now)};
    std::vector<invariants::Violation> found;
    std::vector<std::string> all;
    invariants::Findings findings(found, all);
    std::any ghost = checks.init_ghost(*b.state);
    bool is_call = kind == invariants::StepKind::Call;
    checks.check(invariants::RunStep{kind, before, after, is_call ? &call : nullptr, is_call ? &result : nullptr}, &b, a,
                 ghost, findings);
    return found;
  }
};

}  // namespace meshcheck::testing
