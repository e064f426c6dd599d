// The bridge between the spec profile (model/spec/, one generic text per message) and
// the rest of meshcheck (model::World, traces, reports): each spec contract as a
// ContractSpec whose messages run on the whole world.
//
// A contract's table (model/spec/bridge/<contract>.cpp) lists each message once, by its
// type, with its argument labels and whether it mutates; the rest follows from the
// message's C++ signature: argument and return types (values.hpp), payability
// (Msg::kPayable), the errors (the contract's Error enum). Its events are an EnumTable
// over the contract's Event enum (every event named, in order, at compile time), each
// with its fields' names and C++ types.
//
// World::call hands a spec message the whole world (MessageSpec::on_world): run_on_world
// assembles the spec system from the world's instances and ledger, runs the message with
// ConcreteExec (nested calls, atomic), and commits the post-state, the balances and the
// payments that leave the system, or nothing when it is refused.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <deque>
#include <memory>
#include <string_view>
#include <tuple>
#include <vector>

#include "model/spec/bridge/values.hpp"
#include "model/spec/spec_system.hpp"
#include "model/world.hpp"
#include "mutation/spec/explore.hpp"
#include "smt/spec/message_paths.hpp"

namespace meshcheck::model::spec::bridge {

using Sys = SpecSystem<Concrete>;
using Exec = ConcreteExec<Sys>;

// A spec contract's storage as a world instance holds it.
template <class C> struct SpecState : StateBase<SpecState<C>> {
  typename C::template State<Concrete> s;
  explicit SpecState(typename C::template State<Concrete> state) : s(std::move(state)) {}
  friend bool operator==(const SpecState& a, const SpecState& b) { return a.s == b.s; }
};

// --- events ------------------------------------------------------------------------------
inline constexpr bool kTopic = true;  // #[ink(topic)]: ids and addresses (spec §9 C2)
struct FieldName {
  std::string_view name;
  bool indexed = false;
};
struct FieldDecl {
  std::string_view name;
  TypeRef (*type)() = nullptr;
  bool indexed = false;
};
struct EventDecl {
  static constexpr std::size_t kMaxFields = 8;
  std::array<FieldDecl, kMaxFields> fields{};
  std::size_t count = 0;
  // The recorded leaves as field values.
  Value::Seq (*from_leaves)(const std::vector<ConcreteLeaf>&) = nullptr;
};

template <class... T> Value::Seq fields_from_leaves(const std::vector<ConcreteLeaf>& leaves) {
  std::size_t at = 0;
  Value::Seq out{value_from_leaves<T>(leaves, at)...};  // braced: evaluated in order
  if (at != leaves.size()) leaf_mismatch("no more fields");
  return out;
}

// An event with fields of C++ types T..., named in order.
template <class... T, std::size_t N> consteval EventDecl event(const FieldName (&names)[N]) {
  static_assert(N == sizeof...(T), "event: one name per field type");
  static_assert(N <= EventDecl::kMaxFields);
  EventDecl d{};
  TypeRef (*types[])() = {&type_of<T>...};
  for (std::size_t i = 0; i < N; ++i) d.fields[i] = FieldDecl{names[i].name, types[i], names[i].indexed};
  d.count = N;
  d.from_leaves = &fields_from_leaves<T...>;
  return d;
}

// --- messages ------------------------------------------------------------------------------
template <class F> struct RunTraits;
template <class R, class X, class S, class... A> struct RunTraits<R (*)(X&, S&, A...)> {
  using Ret = R;
  using Args = std::tuple<std::remove_cvref_t<A>...>;
};
template <class Msg> using Run = RunTraits<decltype(&Msg::template run<Exec, Concrete>)>;

// --- branches (coverage; spec §5: branch names are error variants and ok paths) ---------
// What a successful frame did, which names its ok path: the contract that called it (""
// for a top-level call) and the messages it called, in order.
struct FrameShape {
  std::string_view parent;
  std::vector<std::string_view> callees;
  bool calls(std::string_view label) const {
    for (auto c : callees)
      if (c == label) return true;
    return false;
  }
};
// One ok path of a message: its name and whether an ok frame took it (the first path
// whose `took` holds, or that has none, names the frame).
struct OkPath {
  std::string_view name;
  bool (*took)(const FrameShape&) = nullptr;
};

// A spec contract's ContractSpec and what converts its recorded leaves.
struct SpecTable {
  ContractSpec spec;
  std::deque<EventSpec> event_specs;  // a deque: spec.events point into it
  // By event name: the converter of its recorded fields.
  std::vector<std::pair<const EventSpec*, Value::Seq (*)(const std::vector<ConcreteLeaf>&)>> event_fields;
  // By message (spec.messages order): the converter of a frame's recorded arguments.
  std::vector<Value::Seq (*)(const std::vector<ConcreteLeaf>&)> message_args;
  // By message: its ok paths (branches<Msg>), empty for a read.
  std::vector<std::vector<OkPath>> ok_paths;
  // By message: its symbolic exploration on the standard deployment, for the spec
  // mutation catalog to find its sites (mutation/spec/explore.hpp).
  std::vector<void (*)()> explore_sites;
  // By message: its paths as a top-level call with fresh arguments from a given symbolic
  // state, for the composed prover (smt/spec/step.hpp).
  std::vector<::meshcheck::smt::spec::MessagePaths (*)(const SpecSystem<Symbolic>&, const Env<Symbolic>&,
                                                       const std::string&)>
      message_paths;
};

// The table of the contract named `contract`, or nullptr.
const SpecTable* spec_table(std::string_view contract);

// The spec system as it stands in `world`: each contract kind's instance (its address,
// ledger balance and state), the others not deployed.
Sys assemble(const World& world);
// What the world says when it refuses a call (Failure::world): "balance of <address> would
// exceed U256", World::credit's words.
std::string world_refusal(const World& world, const Failure& f);
// Commits a top-level call's result to `world` (nothing when refused) and describes it.
CallResult commit(World& world, const Call& call, Result<Concrete, Sys>&& r,
                  Value (*returned)(const std::vector<ConcreteLeaf>&));

template <class R> Value returned_value(const std::vector<ConcreteLeaf>& leaves) {
  if constexpr (std::is_void_v<R>) {
    return Value();  // ()
  } else {
    std::size_t at = 0;
    Value v = value_from_leaves<R>(leaves, at);
    if (at != leaves.size()) leaf_mismatch("the end of the return value");
    return v;
  }
}

template <class Tuple> Tuple typed_args(const std::vector<Value>& values) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return Tuple{from_value<std::tuple_element_t<I, Tuple>>(values.at(I))...};
  }(std::make_index_sequence<std::tuple_size_v<Tuple>>{});
}

template <class Msg> CallResult run_on_world(World& world, const Call& call) {
  using T = Run<Msg>;
  typename T::Args args;
  try {
    args = typed_args<typename T::Args>(call.args);
  } catch (const BoundError& e) {
    throw WorldError(std::string(Msg::Contract::kName) + "." + std::string(Msg::kLabel) + ": " + e.what());
  }
  Env<Concrete> env{call.caller, call.value, call.block, call.timestamp};
  try {
    auto r = std::apply([&](const auto&... a) { return Exec::template run<Msg>(assemble(world), env, a...); }, args);
    // A call the world refuses (the executor's world refusals, errors.hpp): the WorldError
    // the deployed world throws, with its words.
    if (r.world_refused()) throw WorldError(world_refusal(world, *r.innermost));
    return commit(world, call, std::move(r), &returned_value<typename T::Ret>);
  } catch (const std::overflow_error&) {
    // The concrete u128 and U256 are checked types, and the design's arithmetic on them is
    // checked, its balances refused by the executor before they overflow: only a spec
    // mutant's wrapping operation gets here, and leaves the values the model can hold.
    throw WorldError("arithmetic past its type's range in " + std::string(Msg::Contract::kName) + "." +
                     std::string(Msg::kLabel) + " (a mutant's wrapping operation)");
  }
}

template <class Tuple> struct ArgsFromLeaves;
template <class... T> struct ArgsFromLeaves<std::tuple<T...>> {
  static Value::Seq convert(const std::vector<ConcreteLeaf>& leaves) {
    if constexpr (sizeof...(T) == 0) {
      if (!leaves.empty()) leaf_mismatch("no arguments");
      return {};
    } else {
      return fields_from_leaves<T...>(leaves);
    }
  }
};

inline constexpr bool kMutates = true, kReads = false;

// Adds message Msg, its arguments labelled `labels` in order (none: `add<Msg>(t, kReads)`).
template <class Msg, std::size_t N = 0>
void add(SpecTable& t, bool mutates, const std::array<std::string_view, N>& labels = {}) {
  using T = Run<Msg>;
  static_assert(N == std::tuple_size_v<typename T::Args>, "add: one label per argument of the message's run");
  MessageSpec m;
  m.label = std::string(Msg::kLabel);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (m.args.push_back(ArgSpec{std::string(labels[I]), type_of<std::tuple_element_t<I, typename T::Args>>()}), ...);
  }(std::make_index_sequence<N>{});
  if constexpr (std::is_void_v<typename T::Ret>) m.returns = types::unit();
  else m.returns = type_of<typename T::Ret>();
  m.payable = Msg::kPayable;
  m.mutates = mutates;
  m.on_world = &run_on_world<Msg>;
  t.spec.messages.push_back(std::move(m));
  t.message_args.push_back(&ArgsFromLeaves<typename T::Args>::convert);
  t.ok_paths.emplace_back();
  t.explore_sites.push_back(&::meshcheck::mutation::spec::explore_sites<Msg>);
  t.message_paths.push_back(&::meshcheck::smt::spec::message_paths<Msg>);
}

// Declares the branches of message Msg (already added): the errors its text can return, in
// guard order (tests/spec/spec_branches_test.cpp holds the list to the text's guards), then
// its ok paths. MessageSpec::branches are their names in that order.
template <class Msg>
void branches(SpecTable& t, std::initializer_list<typename Msg::Contract::Error> errors,
              std::vector<OkPath> oks = {{"ok"}}) {
  auto it = std::find_if(t.spec.messages.begin(), t.spec.messages.end(),
                         [](const MessageSpec& m) { return m.label == Msg::kLabel; });
  if (it == t.spec.messages.end()) throw std::logic_error("branches: add the message first");
  std::vector<std::string> names;
  for (auto e : errors) names.emplace_back(error_names(e)[e]);
  for (auto& ok : oks) names.emplace_back(ok.name);
  it->branches = std::move(names);
  t.ok_paths[std::size_t(it - t.spec.messages.begin())] = std::move(oks);
}

// The bit (in MessageSpec::branches, hence CallResult::covered) of a call of `message` of
// `table` that refused with `error`, or whose ok frame had `shape`. A branch the table
// does not declare is a logic error (the declaration is out of step with the text).
std::uint64_t error_bit(const MessageSpec& message, std::string_view error);
std::uint64_t ok_bit(const SpecTable& table, const MessageSpec& message, const FrameShape& shape);

// The branches a spec call took in every frame it ran: the top-level frame's (as
// CallResult::covered), each nested frame's ok path when the call succeeded, and, when a
// nested call refused it, that callee's error (the innermost failure, §9 C1).
struct FrameBranch {
  const ContractSpec* contract;
  const MessageSpec* message;
  std::uint64_t bits;
};
std::vector<FrameBranch> frame_branches(const World& world, const Call& call, const CallResult& result);
template <class Msg, std::size_t N>
void add(SpecTable& t, bool mutates, const std::string_view (&labels)[N]) {
  add<Msg, N>(t, mutates, std::to_array(labels));
}

// A new table for contract C: its name, ink! 6, its constructor, its errors and events.
template <class C, CountedEnum Ev>
SpecTable* new_table(std::vector<ArgSpec> constructor_args,
                     std::shared_ptr<ContractState> (*construct)(const CallEnv&, Args),
                     const EnumTable<Ev, EventDecl>& events) {
  auto* t = new SpecTable;  // lives as long as the program, as the deployed profile's specs
  t->spec.name = std::string(C::kName);
  t->spec.ink = InkVersion::V6;
  t->spec.constructor_args = std::move(constructor_args);
  t->spec.construct = construct;
  const auto errors = error_names(typename C::Error{});  // (a temporary's values() would dangle)
  for (auto name : errors.values()) t->spec.errors.emplace_back(name);
  const auto names = event_names(Ev{});
  for (Ev e : all_of<Ev>()) {
    const EventDecl& d = events[e];
    EventSpec es{std::string(names[e]), {}};
    for (std::size_t i = 0; i < d.count; ++i)
      es.fields.push_back(EventField{std::string(d.fields[i].name), d.fields[i].type(), d.fields[i].indexed});
    t->event_specs.push_back(std::move(es));
    t->spec.events.push_back(&t->event_specs.back());
    t->event_fields.emplace_back(&t->event_specs.back(), d.from_leaves);
  }
  return t;
}

// The six tables (model/spec/bridge/<contract>.cpp).
const SpecTable& ai_job_queue_table();
const SpecTable& payment_escrow_table();
const SpecTable& compute_provider_registry_table();
const SpecTable& data_nft_registry_table();
const SpecTable& phala_job_processor_table();
const SpecTable& mev_protection_table();

// The shared types' names (spec §1.1), for every table.
template <> struct RecordInfo<Wiring<Concrete>> {
  static constexpr std::string_view kName = "Wiring";
  static constexpr std::array<std::string_view, 6> kFields{"job_queue",           "payment_escrow",
                                                           "provider_registry",   "data_nft_registry",
                                                           "phala_job_processor", "mev_protection"};
};
template <> struct EnumInfo<ComputeType> {
  static constexpr std::string_view kName = "ComputeType";
  static constexpr std::array<std::string_view, 3> kVariants{"Cpu", "Gpu", "PhalaTee"};
};
template <> struct EnumInfo<PrivacyLevel> {
  static constexpr std::string_view kName = "PrivacyLevel";
  static constexpr std::array<std::string_view, 3> kVariants{"Public", "Private", "Confidential"};
};
template <> struct EnumInfo<RefundReason> {
  static constexpr std::string_view kName = "RefundReason";
  static constexpr std::array<std::string_view, 3> kVariants{"Cancelled", "DeadlineMissed", "DisputeLost"};
};
template <> struct EnumInfo<EscrowStatus> {
  static constexpr std::string_view kName = "EscrowStatus";
  static constexpr std::array<std::string_view, 3> kVariants{"Locked", "Released", "Refunded"};
};

// A constructor `new(wiring, ...)`: the deployer is the admin (spec R8).
inline ArgSpec wiring_arg() { return ArgSpec{"wiring", type_of<Wiring<Concrete>>()}; }

}  // namespace meshcheck::model::spec::bridge
