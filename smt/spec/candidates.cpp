// The candidate set (candidates.hpp).
#include "smt/spec/candidates.hpp"

#include "invariants/spec/spec.hpp"


namespace meshcheck::smt::spec {

namespace {
// The standard deployment's addresses, wiring and admins, as literals (no map is lifted:
// this is instantiated at every key of every path).
z3::expr deployed_as_standard(const SSys& s) {
  static const ms::SpecSystem<ms::Concrete> standard = ms::standard_system();
  z3::expr eq = ms::current_context().bool_val(true);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((eq = eq && std::get<I>(s.slots).address.e == ms::SAddr(std::get<I>(standard.slots).address).e &&
           std::get<I>(s.slots).state.admin.e == ms::SAddr(std::get<I>(standard.slots).state.admin).e &&
           ms::sym_equal(std::get<I>(s.slots).state.wiring, ms::lift(std::get<I>(standard.slots).state.wiring))),
     ...);
  }(std::make_index_sequence<SSys::kSize>{});
  return eq;
}
}  // namespace

std::vector<StateCandidate> state_candidates() {
  namespace is = ::meshcheck::invariants::spec;
  std::vector<StateCandidate> out;
  auto add = [&](const is::GenericForm& f, bool lemma) {
    auto sym = f.symbolic;
    out.push_back(StateCandidate{std::string(f.id), std::string(f.part), lemma, 128,
                                 [sym](const ComposedState& s, const z3::expr& k) { return sym(s.sys, k); }});
  };
  for (const is::SpecModule* m : is::modules()) {
    for (auto& f : m->forms) add(f, false);
    for (auto& f : m->lemmas) add(f, true);
  }
  // The invariants stated over the ghost sums (ghosts.hpp): key-independent.
  auto ghost = [](const ComposedState& s, const char* name) { return s.ghosts.at(ghost_index(name)); };
  auto wide = [](const z3::expr& bv) { return z3::zext(bv, kGhostBits - bv.get_sort().bv_size()); };
  // The three sums are added two bits wider: a free state's ghosts are any bv(kGhostBits),
  // and a sum that wrapped would let a huge ghost pass for a small one (the candidate then
  // fails its step spuriously, e.g. at withdraw_rewards). Unwrapped, the candidate bounds
  // each ghost by the balance.
  auto wider = [](const z3::expr& e) { return z3::zext(e, 2); };
  out.push_back(StateCandidate{
      "G-SOLVENT", "escrow balance >= locked jobs + locked capital + claimable", false, 128,
      [=](const ComposedState& s, const z3::expr&) {
        return z3::uge(wider(wide(s.sys.slot<ms::PaymentEscrow>().balance.e)),
                       wider(ghost(s, "escrow.locked_jobs")) + wider(ghost(s, "escrow.locked_capital")) +
                           wider(ghost(s, "escrow.claimable_sum")));
      }});
  // (Two candidates, so that a step that touches one contract is asked about its part only.)
  out.push_back(StateCandidate{"G-SOLVENT", "registry balance >= stakes", false, 128,
                               [=](const ComposedState& s, const z3::expr&) {
                                 return z3::uge(wide(s.sys.slot<ms::ComputeProviderRegistry>().balance.e),
                                                ghost(s, "registry.stake_sum"));
                               }});
  out.push_back(StateCandidate{"R-COUNT", "provider_count = registered providers", false, 128,
                               [=](const ComposedState& s, const z3::expr&) {
                                 return wide(s.sys.slot<ms::ComputeProviderRegistry>().state.provider_count.e) ==
                                        ghost(s, "registry.registered");
                               }});
  out.push_back(StateCandidate{kDeploymentLemma, "addresses, wiring and admins as deployed", true, 128,
                               [](const ComposedState& s, const z3::expr&) {
                                 return deployed_as_standard(s.sys);
                               }});
  return out;
}

}  // namespace meshcheck::smt::spec
