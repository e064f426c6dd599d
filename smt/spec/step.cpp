// The composed system's free state and its one step (step.hpp).
#include "smt/spec/step.hpp"

#include <stdexcept>

#include "model/spec/bridge/table.hpp"

namespace meshcheck::smt::spec {

namespace {

namespace br = ::meshcheck::model::spec::bridge;

// The name of a slot's contract.
template <class S> struct SlotName;
template <class D, class C> struct SlotName<ms::Slot<D, C>> {
  static constexpr std::string_view kName = C::kName;
};

const br::SpecTable& table_of(std::string_view contract) {
  const br::SpecTable* t = br::spec_table(contract);
  if (!t) throw std::logic_error("composed step: no spec table for " + std::string(contract));
  return *t;
}

// The six contracts, in the system's slot order.
std::vector<std::string_view> contract_names() {
  std::vector<std::string_view> out;
  SSys sys;
  sys.for_each_slot([&](auto& slot) {
    using S = std::remove_cvref_t<decltype(slot)>;
    out.push_back(SlotName<S>::kName);
  });
  return out;
}

}  // namespace

std::string StepSite::name() const {
  if (kind == StepKind::kPlainTransfer) return "plain transfer to " + std::string(contract);
  return std::string(contract) + "." + std::string(message);
}

ComposedState free_state(const std::string& prefix) {
  ComposedState s{ms::lift_system(ms::standard_system()), {}};
  s.sys.for_each_slot([&](auto& slot) {
    using S = std::remove_cvref_t<decltype(slot)>;
    const std::string name = prefix + std::string(SlotName<S>::kName);
    fresh_into(slot.balance, name + ".balance");
    // Every field but the admin and the wiring (both written only by the constructor).
    auto admin = slot.state.admin;
    auto wiring = slot.state.wiring;
    fresh_into(slot.state, name);
    slot.state.admin = admin;
    slot.state.wiring = wiring;
  });
  s.clock.block = fresh<ms::SUint<32>>(prefix + "clock.block");
  s.clock.now = fresh<ms::SUint<64>>(prefix + "clock.now");
  return s;
}

ComposedState standard_state() { return ComposedState{ms::lift_system(ms::standard_system()), {}}; }

StepEnv free_env(const ComposedState& pre, const std::string& prefix) {
  SEnv env;
  env.caller = fresh<ms::SAddr>(prefix + "caller");
  env.value = fresh<ms::SUint<256>>(prefix + "value");
  env.block = fresh<ms::SUint<32>>(prefix + "block");
  env.now = fresh<ms::SUint<64>>(prefix + "now");
  z3::expr a = z3::uge(env.block.e, pre.clock.block.e) && z3::uge(env.now.e, pre.clock.now.e);
  pre.sys.for_each_slot([&](const auto& slot) { a = a && env.caller.e != slot.address.e; });
  return StepEnv{env, a};
}

std::vector<StepSite> step_sites(bool with_reads) {
  std::vector<StepSite> out;
  for (std::string_view c : contract_names()) {
    const br::SpecTable& t = table_of(c);
    for (std::size_t i = 0; i < t.spec.messages.size(); ++i) {
      const auto& m = t.spec.messages[i];
      if (!with_reads && !m.mutates) continue;
      out.push_back(StepSite{StepKind::kMessage, c, m.label, m.mutates, m.payable, i});
    }
  }
  for (std::string_view c : contract_names()) out.push_back(StepSite{StepKind::kPlainTransfer, c, "", true, true, 0});
  return out;
}

MessagePaths explore_step(const StepSite& site, const ComposedState& pre, const SEnv& env, const std::string& prefix) {
  if (site.kind == StepKind::kMessage)
    return table_of(site.contract).message_paths.at(site.table_index)(pre.sys, env, prefix + std::string(site.message) + ".");
  MessagePaths out;
  SymPath p{ms::SBool(true), true, std::nullopt, std::nullopt, pre.sys, {}, {}, {}, {}};
  bool found = false;
  p.post.for_each_slot([&](auto& slot) {
    using S = std::remove_cvref_t<decltype(slot)>;
    if (SlotName<S>::kName != site.contract) return;
    found = true;
    p.guard = !ms::add_overflows(slot.balance, env.value);
    slot.balance = ms::unchecked_add(slot.balance, env.value);
  });
  if (!found) throw std::logic_error("composed step: no contract " + std::string(site.contract));
  out.paths.push_back(std::move(p));
  return out;
}

ComposedState post_of(const SymPath& path, const SEnv& env) { return ComposedState{path.post, Clock{env.block, env.now}}; }

namespace {
template <class T> void collect_terms(const T& v, std::vector<z3::expr>& out) {
  if constexpr (ms::IsSymMap<T>::value) {
    out.push_back(v.present);
    for (auto& a : v.arrays) out.push_back(a);
  } else if constexpr (ms::IsStdArray<T>::value) {
    for (auto& item : v) collect_terms(item, out);
  } else if constexpr (ms::Record<T>) {
    std::apply([&](const auto&... f) { (collect_terms(f, out), ...); }, T::tie(v));
  } else {
    out.push_back(v.e);
  }
}
}  // namespace

std::vector<z3::expr> state_terms(const SSys& s) {
  std::vector<z3::expr> out;
  s.for_each_slot([&](const auto& slot) {
    out.push_back(slot.balance.e);
    collect_terms(slot.state, out);
  });
  return out;
}

z3::expr immutables_kept(const SSys& pre, const SSys& post) {
  z3::expr eq = ms::current_context().bool_val(true);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((eq = eq && std::get<I>(pre.slots).address.e == std::get<I>(post.slots).address.e &&
           std::get<I>(pre.slots).state.admin.e == std::get<I>(post.slots).state.admin.e &&
           ms::sym_equal(std::get<I>(pre.slots).state.wiring, std::get<I>(post.slots).state.wiring)),
     ...);
  }(std::make_index_sequence<SSys::kSize>{});
  return eq;
}

}  // namespace meshcheck::smt::spec
