// The composed system's free state and its one step (step.hpp).
#include "smt/spec/step.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <unordered_set>

#include "model/spec/bridge/table.hpp"
#include "smt/spec/keys.hpp"
#include "smt/spec/subterms.hpp"

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

// The six contracts, in the system's slot order (from the type: no context needed).
std::vector<std::string_view> contract_names() {
  using Slots = decltype(SSys::slots);
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return std::vector<std::string_view>{SlotName<std::tuple_element_t<I, Slots>>::kName...};
  }(std::make_index_sequence<std::tuple_size_v<Slots>>{});
}

}  // namespace

// A free map is a free `present` array and a free array per scalar of the value. SymMap's
// convention that an absent key holds the value's defaults is not imposed: the free state
// then also covers states the convention rules out, which keeps every proof sound (it
// proves more) and the queries quantifier-free and small. (Encoding the convention by a
// lambda per array, `λk. present[k] ? F[k] : default`, made every step query exhaust its
// resource limit.)
void fresh_map(z3::expr& present, std::vector<z3::expr>& arrays, const std::string& name) {
  z3::context& c = ms::current_context();
  present = c.constant((name + ".present").c_str(), present.get_sort());
  for (std::size_t i = 0; i < arrays.size(); ++i)
    arrays[i] = c.constant((name + "." + std::to_string(i)).c_str(), arrays[i].get_sort());
}

std::string StepSite::name() const {
  if (kind == StepKind::kPlainTransfer) return "plain transfer to " + std::string(contract);
  return std::string(contract) + "." + std::string(message);
}

ComposedState free_state(const std::string& prefix) {
  ComposedState s{ms::lift_system(ms::standard_system()), {}, {}};
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
  for (auto& g : ghost_sums())
    s.ghosts.push_back(ghost_fresh(g, prefix + "ghost." + std::string(g.name)));
  return s;
}

ComposedState standard_state() {
  ComposedState s{ms::lift_system(ms::standard_system()), {}, {}};
  for (const GhostSum& g : ghost_sums()) s.ghosts.push_back(ghost_zero(g));
  return s;
}

StepEnv free_env(const ComposedState& pre, const std::string& prefix) {
  SEnv env;
  env.caller = fresh<ms::SAddr>(prefix + "caller");
  env.value = fresh<ms::SUint<256>>(prefix + "value");
  env.block = fresh<ms::SUint<32>>(prefix + "block");
  env.now = fresh<ms::SUint<64>>(prefix + "now");
  z3::expr a = z3::uge(env.block.e, pre.clock.block.e) && z3::uge(env.now.e, pre.clock.now.e);
  pre.sys.for_each_slot([&](const auto& slot) { a = a && env.caller.e != slot.address.e; });
  // Nothing about balances: a call that would push one past U256::MAX is a path the world
  // refuses (model/spec/exec.hpp), so no ok path wraps one.
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
  SymPath refused{ms::SBool(false), false, std::nullopt, std::nullopt, pre.sys, {}, {}, {}, {}};
  bool found = false;
  p.post.for_each_slot([&](auto& slot) {
    using S = std::remove_cvref_t<decltype(slot)>;
    if (SlotName<S>::kName != site.contract) return;
    found = true;
    // The world refuses a transfer that would push the balance past U256::MAX
    // (World::credit), as the executor refuses a call's value.
    refused.guard = ms::add_overflows(slot.balance, env.value);
    refused.innermost = ms::Failure{SlotName<S>::kName, "", 0, std::nullopt, ms::kBalanceOverflowWhy,
                                    ms::WorldRefusal::kBalanceOverflow, SlotName<S>::kName};
    p.guard = !refused.guard;
    slot.balance = ms::unchecked_add(slot.balance, env.value);
  });
  if (!found) throw std::logic_error("composed step: no contract " + std::string(site.contract));
  out.paths.push_back(std::move(p));
  out.paths.push_back(std::move(refused));
  return out;
}

ComposedState post_of(const ComposedState& pre, const SymPath& path, const SEnv& env) {
  ComposedState post{path.post, Clock{env.block, env.now}, {}};
  const auto& ghosts = ghost_sums();
  for (std::size_t i = 0; i < ghosts.size(); ++i)
    post.ghosts.push_back(path.ok ? ghost_after(ghosts[i], pre.ghosts.at(i), pre.sys, path.post) : pre.ghosts.at(i));
  return post;
}

z3::expr ghost_facts(const ComposedState& pre, const SSys& post) {
  z3::expr all = ms::current_context().bool_val(true);
  const auto& ghosts = ghost_sums();
  for (std::size_t i = 0; i < ghosts.size(); ++i)
    all = all && ghost_bounds(ghosts[i], pre.ghosts.at(i), pre.sys,
                              written_keys(ghosts[i].present(post), ghosts[i].present(pre.sys)));
  return all;
}

z3::expr ghost_facts_at(const ComposedState& s, const std::vector<z3::expr>& roots) {
  z3::expr all = ms::current_context().bool_val(true);
  const auto& ghosts = ghost_sums();
  for (std::size_t i = 0; i < ghosts.size(); ++i) {
    const z3::sort dom = ghosts[i].present(s.sys).get_sort().array_domain();
    // The free maps the contribution reads at its own key: the summed map's.
    const z3::expr any = ms::current_context().constant("ghost.key", dom);
    std::unordered_set<unsigned> maps;
    for (auto& a : accesses({ghosts[i].contribution(s.sys, any)}, dom))
      if (z3::eq(a.index, any)) maps.insert(a.maps.begin(), a.maps.end());
    all = all && ghost_bounds(ghosts[i], s.ghosts.at(i), s.sys, indices_into(accesses(roots, dom), maps));
  }
  return all;
}

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

namespace {
bool is_length(const z3::expr& e) { return e.is_app() && e.decl().decl_kind() == Z3_OP_SEQ_LENGTH; }
// `str.len(s) > u32::MAX`, as the symbolic domain's string_too_long writes it.
bool is_too_long_test(const z3::expr& e) {
  if (e.decl().decl_kind() != Z3_OP_GT || !is_length(e.arg(0)) || !e.arg(1).is_numeral()) return false;
  std::uint64_t bound = 0;
  return e.arg(1).is_numeral_u64(bound) && bound == ms::kMaxStringBytes;
}
}  // namespace

z3::expr abstract_lengths(const z3::expr& f) {
  z3::context& c = f.ctx();
  z3::expr_vector from(c), to(c);
  for_each_subterm(f, [&](const z3::expr& e) {
    if (!e.is_app()) return false;
    if (is_too_long_test(e)) {
      const z3::expr s = e.arg(0).arg(0);
      from.push_back(e);
      // A literal's test is its value: false for any literal shorter than the bound (its
      // text, escapes and all, is at least as long as it). Free, too_long("") would refuse
      // an exit call given "" (execute_batch's execution_price) in every query.
      if (s.is_string_value() && s.get_string().size() <= ms::kMaxStringBytes)
        to.push_back(c.bool_val(false));
      else
        to.push_back(c.function("too_long", s.get_sort(), c.bool_sort())(s));
      return false;
    }
    if (e.decl().decl_kind() == Z3_OP_INT2BV && is_length(e.arg(0))) {
      const z3::expr s = e.arg(0).arg(0);
      const unsigned width = e.get_sort().bv_size();
      const z3::func_decl blen = c.function("blen", s.get_sort(), c.bv_sort(width));
      const z3::expr u = blen(s);
      from.push_back(e);
      to.push_back(z3::ite(s == c.string_val(""), c.bv_val(0, width), z3::ite(u == c.bv_val(0, width), c.bv_val(1, width), u)));
      return false;
    }
    return true;
  });
  if (from.empty()) return f;
  z3::expr g = f;
  return g.substitute(from, to);
}

namespace {
// Whether a term's sort holds strings: a String, or an array whose values do.
bool holds_strings(const z3::sort& s) {
  if (Z3_is_string_sort(s.ctx(), s)) return true;
  return s.is_array() && holds_strings(s.array_range());
}

// The first term among `roots` that builds a string otherwise than by copying one of
// `sources` (by id) or a literal: every string-holding term on the way down must be one of
// those, the empty sequence, or an if-then-else, array store, select or constant array of
// such (their other arguments, conditions and indices, hold no strings and are not asked).
// `seen` is shared across calls: a term judged once is not judged again.
std::optional<z3::expr> first_built(const std::vector<z3::expr>& roots, const std::unordered_set<unsigned>& sources,
                                    std::unordered_set<unsigned>& seen) {
  std::optional<z3::expr> bad;
  for_each_subterm(
      roots,
      [&](const z3::expr& e) {
        if (bad || !holds_strings(e.get_sort()) || sources.count(e.id()) || e.is_string_value()) return false;
        if (!e.is_app()) {  // a lambda's strings, or a bound variable's: not a copy we can follow
          bad = e;
          return false;
        }
        switch (e.decl().decl_kind()) {
          case Z3_OP_SEQ_EMPTY:
            return false;
          case Z3_OP_ITE:
          case Z3_OP_STORE:
          case Z3_OP_SELECT:
          case Z3_OP_CONST_ARRAY:
            return true;
          default:
            bad = e;
            return false;
        }
      },
      seen);
  return bad;
}
}  // namespace

std::string strings_copied(const ComposedState& pre, const MessagePaths& mp) {
  std::unordered_set<unsigned> sources, seen;
  for (const z3::expr& t : state_terms(pre.sys)) sources.insert(t.id());
  for (const z3::expr& a : mp.args) sources.insert(a.id());
  for (const SymPath& p : mp.paths) {
    if (!p.ok && !p.kept_value) continue;  // its post-state is its pre-state
    if (std::optional<z3::expr> bad = first_built(state_terms(p.post), sources, seen))
      return "path " + std::string(p.branch()) + " stores a string built otherwise: " + bad->to_string().substr(0, 300);
  }
  return "";
}

}  // namespace meshcheck::smt::spec
