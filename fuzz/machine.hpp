// The fuzzer as a RapidCheck state machine (rc::state::check(model, sut, generator)).
//
// GeneratorView, RapidCheck's Model: the world as the commands see it when they are
// generated (generators read it to pick colliding ids, role-holding callers and edge
// values) plus the chain's clock. MonitoredRun, RapidCheck's Sut (system under test): its
// own world, a Monitor of the wanted invariants, and the run so far as trace steps. A
// call command's apply() runs the call on the GeneratorView's world; run() runs it on the
// MonitoredRun's world, feeds the Monitor, records the step, and fails the case (RC_FAIL)
// when a wanted invariant is violated, so that RapidCheck shrinks the sequence.
#pragma once

#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "fuzz/coverage.hpp"
#include "invariants/monitor.hpp"
#include "model/world.hpp"

namespace meshcheck::fuzz {

// RapidCheck's Model: what command generators and preconditions read, and apply() moves on.
struct GeneratorView {
  model::World world;
  u32 block;
  u64 timestamp;

  // The state of the contract at `address`, as its concrete type.
  template <class State> const State& state(const Address& address) const {
    return static_cast<const State&>(*world.instance(address)->state);
  }
  U256 balance(const Address& a) const { return world.balance(a).value_or(U256(0)); }
};

// One line of the run after the header, as the counterexample trace will show it.
struct CallStep {
  model::Call call;
  model::CallResult result;
};
struct TransferStep {
  Address from, to;
  U256 value;
};
using TraceStep = std::variant<CallStep, TransferStep>;

// Renders one step as a trace line (a call with the model's outcome as its expect).
std::string trace_line(const model::World& world, const TraceStep& step);

// The first wanted violation of a case and the run that led to it.
struct Failure {
  std::string id;
  std::string detail;
  std::vector<TraceStep> steps;  // up to and including the violating one
};

// What the cases of one RapidCheck run add up to. Owned by whoever runs RapidCheck;
// every MonitoredRun of that run writes to it.
struct Recorder {
  // Branch bits per message called (by pointer: cheap on every call).
  std::map<const model::MessageSpec*, std::pair<const model::ContractSpec*, std::uint64_t>> hits;
  Coverage coverage() const;
  std::uint64_t steps_in_case = 0;  // calls and transfers of the case running now
  std::optional<Failure> failure;   // of the last case run: after shrinking, the minimal one
  std::uint64_t violations = 0;     // when not failing on them (the throughput benchmark)
  bool keep_runs = false;           // keep every case's steps in last_run (for tests)
  std::vector<TraceStep> last_run;
};

// RapidCheck's Sut: the world the commands run() on, checked step by step by the Monitor.
class MonitoredRun {
 public:
  // `fail`: RC_FAIL at the first violation the monitor reports (else count them).
  // `check`: whether the monitor runs at all (not for a profile the catalog has no
  // invariants of, as replay skips it: fuzz/setup.hpp's Setup::checked).
  MonitoredRun(const model::World& world, const invariants::Monitor& monitor, Recorder& recorder, bool fail = true,
               bool check = true)
      : world(world), monitor_(monitor), recorder_(recorder), fail_(fail), check_(check) {
    recorder_.steps_in_case = 0;
    recorder_.failure.reset();
  }
  ~MonitoredRun() {
    if (recorder_.keep_runs) recorder_.last_run = std::move(steps_);
  }
  MonitoredRun(const MonitoredRun&) = delete;
  MonitoredRun& operator=(const MonitoredRun&) = delete;

  model::World world;

  // Checks the step from `before` to `world` and records it; RC_FAILs on a violation.
  void observed(const model::World& before, TraceStep step);

 private:
  invariants::Monitor monitor_;
  Recorder& recorder_;
  bool fail_;
  bool check_;
  std::vector<TraceStep> steps_;
  std::vector<invariants::Violation> found_;
};

using Command = rc::state::Command<GeneratorView, MonitoredRun>;
using CommandPtr = std::shared_ptr<const Command>;

// The GeneratorView as the generators of one step read it, shared. RapidCheck's own
// execOneOfWithArgs copies its argument into every generator and lambda it builds (a
// dozen World copies per command); these hold one pointer to one copy.
using SharedGeneratorView = std::shared_ptr<const GeneratorView>;

// A command of one of the kinds `Cmds`, each constructible from the GeneratorView. Like
// rc::state::gen::execOneOfWithArgs, with the same draws: the kind is chosen from the
// Random's first split and not shrunk; the command's own draws are.
template <class... Cmds> rc::Gen<CommandPtr> one_of_commands(SharedGeneratorView model) {
  return rc::Gen<CommandPtr>([model = std::move(model)](const rc::Random& random, int size) {
    using Make = CommandPtr (*)(const GeneratorView&);
    static constexpr Make makes[] = {
        [](const GeneratorView& m) -> CommandPtr { return std::make_shared<const Cmds>(m); }...};
    rc::Random r = random;
    std::size_t n = r.split().next() % sizeof...(Cmds);
    return rc::gen::exec([model, n] { return makes[n](*model); })(r, size);
  });
}

// A call of one message. A handler's command kinds derive from it and fill in the
// caller, value and arguments in their constructor (run inside rc::gen::exec, so they
// draw with `*gen`); the block and timestamp are the GeneratorView's clock when it runs.
class CallCommand : public Command {
 public:
  void checkPreconditions(const GeneratorView& m) const override;
  void apply(GeneratorView& m) const override;
  void run(const GeneratorView& m, MonitoredRun& sut) const override;
  void show(std::ostream& os) const override;

 protected:
  CallCommand(const GeneratorView& m, const Address& contract, std::string_view message);

  Address contract_;
  const model::ContractSpec* spec_;
  const model::MessageSpec* message_;
  Address caller_;
  U256 value_ = 0;
  std::vector<Value> args_;

 private:
  model::Call make_call(const GeneratorView& m) const;

  // The call from one world, run once. RapidCheck runs every command three times from
  // the same world: apply() while generating, then run() on the MonitoredRun and apply()
  // on its copy of the GeneratorView. World::call is a pure function of (world, call), so
  // the last two reuse the first when the world is the very same storage
  // (model::same_storage).
  struct Ran {
    model::World before;
    model::Call call;  // with the GeneratorView's clock when it ran
    model::World after;
    model::CallResult result;
  };
  const Ran& ran_from(const model::World& world, const GeneratorView& m) const;
  mutable std::optional<Ran> ran_;  // commands stay on the thread that made them
};

}  // namespace meshcheck::fuzz
