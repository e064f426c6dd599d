// The ghost sums and their hooks (ghosts.hpp).
#include "smt/spec/ghosts.hpp"

#include <stdexcept>
#include <string>
#include <unordered_set>

namespace meshcheck::smt::spec {

namespace {

z3::expr wide(const z3::expr& bv) { return z3::zext(bv, kGhostBits - bv.get_sort().bv_size()); }
z3::expr zero() { return ms::current_context().bv_val(0, kGhostBits); }

const ms::EscrowState<ms::Symbolic>& escrow_of(const SSys& s) { return s.slot<ms::PaymentEscrow>().state; }
const ms::RegistryState<ms::Symbolic>& registry_of(const SSys& s) {
  return s.slot<ms::ComputeProviderRegistry>().state;
}

// A Locked escrow's amount (0 when absent or not Locked).
template <class M> z3::expr locked_amount(const M& map, const z3::expr& k) {
  auto e = map.get(ms::SUint<128>(k));
  return z3::ite(e.some.e && e.value.status.e == ms::SEnum<ms::EscrowStatus>(ms::EscrowStatus::Locked).e,
                 wide(e.value.amount.e), zero());
}

}  // namespace

// Each ghost: its map and its contribution, the hook being ghost_after (one for all).
const std::vector<GhostSum>& ghost_sums() {
  static const std::vector<GhostSum> ghosts{
      // Σ amount of Locked job escrows (G-SOLVENT, E-CONSERVE).
      {"escrow.locked_jobs", [](const SSys& s) { return escrow_of(s).jobs.present; },
       [](const SSys& s, const z3::expr& k) { return locked_amount(escrow_of(s).jobs, k); }},
      // Σ amount of Locked capital escrows (G-SOLVENT, E-CONSERVE).
      {"escrow.locked_capital", [](const SSys& s) { return escrow_of(s).capital.present; },
       [](const SSys& s, const z3::expr& k) { return locked_amount(escrow_of(s).capital, k); }},
      // Σ claimable (G-SOLVENT, E-CONSERVE, X-REVENUE).
      {"escrow.claimable_sum", [](const SSys& s) { return escrow_of(s).claimable.present; },
       [](const SSys& s, const z3::expr& k) {
         return wide(escrow_of(s).claimable.get_or_default(ms::SAddr(k)).e);
       }},
      // Σ provider stakes (G-SOLVENT, R-STAKE).
      {"registry.stake_sum", [](const SSys& s) { return registry_of(s).providers.present; },
       [](const SSys& s, const z3::expr& k) {
         auto p = registry_of(s).providers.get(ms::SAddr(k));
         return z3::ite(p.some.e, wide(p.value.stake.e), zero());
       }},
      // The number of registered providers (R-COUNT).
      {"registry.registered", [](const SSys& s) { return registry_of(s).providers.present; },
       [](const SSys& s, const z3::expr& k) {
         return z3::ite(registry_of(s).providers.contains(ms::SAddr(k)).e, ms::current_context().bv_val(1, kGhostBits),
                        zero());
       }},
  };
  return ghosts;
}

std::size_t ghost_index(std::string_view name) {
  const auto& g = ghost_sums();
  for (std::size_t i = 0; i < g.size(); ++i)
    if (g[i].name == name) return i;
  throw std::logic_error("no ghost " + std::string(name));
}

namespace {
// The store keys of the chain from `top` down to `stop` (or to its leaves: the terms that
// are neither a store nor an if-then-else), added to `out` once each.
void chain_keys(const z3::expr& top, const z3::expr* stop, std::vector<z3::expr>& out, std::unordered_set<unsigned>& seen_keys,
                std::vector<z3::expr>& leaves) {
  std::unordered_set<unsigned> seen;
  std::vector<z3::expr> todo{top};
  while (!todo.empty()) {
    z3::expr e = todo.back();
    todo.pop_back();
    if (!seen.insert(e.id()).second) continue;
    if (stop && z3::eq(e, *stop)) continue;
    if (e.is_app() && e.decl().decl_kind() == Z3_OP_STORE) {
      if (seen_keys.insert(e.arg(1).id()).second) out.push_back(e.arg(1));
      todo.push_back(e.arg(0));
    } else if (e.is_app() && e.decl().decl_kind() == Z3_OP_ITE) {
      todo.push_back(e.arg(1));
      todo.push_back(e.arg(2));
    } else {
      leaves.push_back(e);
    }
  }
}
}  // namespace

std::vector<z3::expr> written_keys(const z3::expr& post_present, const z3::expr& pre_present) {
  std::vector<z3::expr> out, leaves;
  std::unordered_set<unsigned> seen_keys;
  chain_keys(post_present, &pre_present, out, seen_keys, leaves);
  if (leaves.empty()) return out;
  // Not a chain over pre's map: both must be chains over the same leaves.
  std::vector<z3::expr> pre_leaves;
  chain_keys(pre_present, nullptr, out, seen_keys, pre_leaves);
  for (const z3::expr& l : leaves) {
    bool shared = false;
    for (const z3::expr& m : pre_leaves) shared = shared || z3::eq(l, m);
    if (!shared) throw std::logic_error("ghost hook: a map write the hook cannot follow: " + l.to_string().substr(0, 200));
  }
  return out;
}

namespace {
// Σ over the distinct keys (a key equal to an earlier one counts 0) of f(k).
template <class F> z3::expr distinct_sum(const std::vector<z3::expr>& keys, F f) {
  z3::expr sum = zero();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    z3::expr fresh_key = ms::current_context().bool_val(true);
    for (std::size_t j = 0; j < i; ++j) fresh_key = fresh_key && keys[i] != keys[j];
    sum = sum + z3::ite(fresh_key, f(keys[i]), zero());
  }
  return sum;
}
}  // namespace

z3::expr ghost_after(const GhostSum& g, const z3::expr& before, const SSys& pre, const SSys& post) {
  const std::vector<z3::expr> keys = written_keys(g.present(post), g.present(pre));
  return before + distinct_sum(keys, [&](const z3::expr& k) { return g.contribution(post, k) - g.contribution(pre, k); });
}

z3::expr ghost_change(const GhostSum& g, const SSys& pre, const SSys& post) { return ghost_after(g, zero(), pre, post); }

namespace {
// A balance's change over a path, as a bv(kGhostBits) modulo 2^kGhostBits (as ghost_change).
template <class C> z3::expr balance_change(const SSys& pre, const SSys& post) {
  return wide(post.slot<C>().balance.e) - wide(pre.slot<C>().balance.e);
}
// A plain transfer into a contract is no call: its path runs no frame.
bool is_call(const SymPath& p) { return !p.frames.empty(); }
}  // namespace

const std::vector<::meshcheck::invariants::spec::StepForm>& ghost_step_forms() {
  namespace is = ::meshcheck::invariants::spec;
  static const std::vector<is::StepForm> forms{
      // E-CONSERVE: every call changes the escrow's balance by exactly the change in Σ Locked
      // job amounts + Σ Locked capital + Σ claimable.
      {"E-CONSERVE", "the balance moves with the three sums",
       [](const SSys& pre, const SEnv&, const is::SpecPath& p) -> z3::expr {
         if (!is_call(p)) return ms::current_context().bool_val(true);
         const auto& g = ghost_sums();
         z3::expr owed = ghost_change(g[ghost_index("escrow.locked_jobs")], pre, p.post) +
                         ghost_change(g[ghost_index("escrow.locked_capital")], pre, p.post) +
                         ghost_change(g[ghost_index("escrow.claimable_sum")], pre, p.post);
         return balance_change<ms::PaymentEscrow>(pre, p.post) == owed;
       }},
      // R-STAKE: every call changes the registry's balance by exactly the change in Σ stakes.
      {"R-STAKE", "the balance moves with the stakes",
       [](const SSys& pre, const SEnv&, const is::SpecPath& p) -> z3::expr {
         if (!is_call(p)) return ms::current_context().bool_val(true);
         return balance_change<ms::ComputeProviderRegistry>(pre, p.post) ==
                ghost_change(ghost_sums()[ghost_index("registry.stake_sum")], pre, p.post);
       }},
  };
  return forms;
}

z3::expr ghost_bounds(const GhostSum& g, const z3::expr& value, const SSys& s, const std::vector<z3::expr>& keys) {
  return z3::uge(value, distinct_sum(keys, [&](const z3::expr& k) { return g.contribution(s, k); }));
}

}  // namespace meshcheck::smt::spec
