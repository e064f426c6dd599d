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

std::vector<z3::expr> written_keys(const z3::expr& post_present, const z3::expr& pre_present) {
  std::vector<z3::expr> out;
  std::unordered_set<unsigned> seen_keys, seen;
  std::vector<z3::expr> todo{post_present};
  while (!todo.empty()) {
    z3::expr e = todo.back();
    todo.pop_back();
    if (!seen.insert(e.id()).second) continue;
    if (z3::eq(e, pre_present)) continue;
    if (e.is_app() && e.decl().decl_kind() == Z3_OP_STORE) {
      if (seen_keys.insert(e.arg(1).id()).second) out.push_back(e.arg(1));
      todo.push_back(e.arg(0));
    } else if (e.is_app() && e.decl().decl_kind() == Z3_OP_ITE) {
      todo.push_back(e.arg(1));
      todo.push_back(e.arg(2));
    } else {
      throw std::logic_error("ghost hook: a map write the hook cannot follow: " + e.to_string().substr(0, 200));
    }
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

z3::expr ghost_bounds(const GhostSum& g, const z3::expr& value, const SSys& s, const std::vector<z3::expr>& keys) {
  return z3::uge(value, distinct_sum(keys, [&](const z3::expr& k) { return g.contribution(s, k); }));
}

}  // namespace meshcheck::smt::spec
