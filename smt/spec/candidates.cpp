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
  // The invariants stated over the ghost sums (ghosts.hpp): key-independent. The ghosts
  // are integers and each balance or count is read as the integer it is (int_of), so a
  // step's comparison is linear arithmetic, not carry chains (ghosts.hpp says why).
  auto ghost = [](const ComposedState& s, const char* name) { return s.ghosts.at(ghost_index(name)); };
  // G-SOLVENT, the escrow's part: its balance covers Σ Locked job amounts + Σ Locked
  // capital + Σ claimable.
  out.push_back(StateCandidate{
      "G-SOLVENT", "escrow balance >= locked jobs + locked capital + claimable", false, 128,
      [=](const ComposedState& s, const z3::expr&) {
        return within_ranges(int_of(s.sys.slot<ms::PaymentEscrow>().balance.e) >=
                             ghost(s, "escrow.locked_jobs") + ghost(s, "escrow.locked_capital") +
                                 ghost(s, "escrow.claimable_sum"));
      }});
  // G-SOLVENT, the registry's part: its balance covers Σ stakes. (Two candidates, so that a
  // step that touches one contract is asked about its part only.)
  out.push_back(StateCandidate{"G-SOLVENT", "registry balance >= stakes", false, 128,
                               [=](const ComposedState& s, const z3::expr&) {
                                 return within_ranges(int_of(s.sys.slot<ms::ComputeProviderRegistry>().balance.e) >=
                                                      ghost(s, "registry.stake_sum"));
                               }});
  // R-COUNT: provider_count is the number of registered providers.
  out.push_back(StateCandidate{"R-COUNT", "provider_count = registered providers", false, 128,
                               [=](const ComposedState& s, const z3::expr&) {
                                 return within_ranges(
                                     int_of(s.sys.slot<ms::ComputeProviderRegistry>().state.provider_count.e) ==
                                     ghost(s, "registry.registered"));
                               }});
  // N-BALANCE: an account's owner_nft_count is the number of live tokens it owns, at the
  // free account point_account() (every account: no query constrains it), whose count
  // of live tokens is the ghost nft.owned_at_point (kept modulo 2^128, ghosts.hpp: the
  // number of live tokens is at most the number of token ids, below 2^128, so equal
  // modulo 2^128 is equal).
  out.push_back(StateCandidate{"N-BALANCE", "an account's count is the number of live tokens it owns", false, 128,
                               [=](const ComposedState& s, const z3::expr&) {
                                 const auto& counts = s.sys.slot<ms::DataNftRegistry>().state.owner_nft_count;
                                 return counts.get_or_default(ms::SAddr(point_account())).e ==
                                        ghost(s, "nft.owned_at_point");
                               }});
  // X-MEV's pending_count part: pending_count is the number of Pending intents (the ghost
  // mev.pending_intents). Stated here, not beside X-MEV's generic forms in
  // invariants/spec/cross.cpp: it reads a ghost, which only the prover keeps (the Monitor's
  // check_mev judges the same statement from the intents each step changed).
  out.push_back(StateCandidate{"X-MEV", "pending_count = the number of Pending intents", false, 128,
                               [=](const ComposedState& s, const z3::expr&) {
                                 return within_ranges(int_of(s.sys.slot<ms::MevProtection>().state.pending_count.e) ==
                                                      ghost(s, "mev.pending_intents"));
                               }});
  // N-BURN's subscriptions part and its lemma (invariants/spec/data_nft_registry.cpp), at a
  // free subscriber (point.subscriber: every subscriber, no query constrains it), with the
  // clock's now. The lemma is keyed by the token, so a step that writes a token is asked
  // at that token apart from the others (houdini.cpp's split at written keys): at a free
  // token instead, purchase_subscription's step for it exhausted 15M units. The part is at
  // a free token (point.token), where that step is decided in a few million units and
  // keyed it was not (its case away from the written token exhausted 15M); it reads the
  // token's entry at point.token, so the lemma is assumed there. The clock moves on a
  // refused path too, which the search does not ask (houdini.hpp): each of these is kept
  // by a later now (the part compares with now only as expires_at <= now; the lemma does
  // not read it), so a refused path keeps it.
  for (const auto& f : is::subscription_forms()) {
    auto sym = f.symbolic;
    const bool keyed = f.lemma;
    out.push_back(StateCandidate{std::string(f.id), std::string(f.part), f.lemma, 128,
                                 [sym, keyed](const ComposedState& s, const z3::expr& token) {
                                   z3::context& c = ms::current_context();
                                   return sym(s.sys, keyed ? token : c.bv_const("point.token", 128),
                                              c.bv_const("point.subscriber", ms::SAddr().e.get_sort().bv_size()),
                                              s.clock.now.e);
                                 }});
  }
  out.push_back(StateCandidate{kDeploymentLemma, "addresses, wiring and admins as deployed", true, 128,
                               [](const ComposedState& s, const z3::expr&) {
                                 return deployed_as_standard(s.sys);
                               }});
  return out;
}

}  // namespace meshcheck::smt::spec
