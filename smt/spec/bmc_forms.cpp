// The search's own step forms (bmc_forms.hpp).
#include "smt/spec/bmc_forms.hpp"

#include "smt/spec/ghosts.hpp"

namespace meshcheck::smt::spec {

namespace {
namespace iv = ::meshcheck::invariants::spec;

// N-BALANCE at a quantified account: count'(a) - count(a) = Σ over the distinct token ids
// k the path wrote of [k live after, owned by a] - [k live before, owned by a], modulo
// 2^128 (the counts' width: a step writes a handful of tokens, far from wrapping).
z3::expr balance_form(const SSys& pre, const SEnv&, const iv::SpecPath& p) {
  z3::context& c = ms::current_context();
  const auto a = iv::quantified<ms::SAddr>("N-BALANCE.a");
  const auto& n0 = iv::nft(pre);
  const auto& n1 = iv::nft(p.post);
  const std::vector<z3::expr> keys = written_keys(n1.nfts.present, n0.nfts.present);
  z3::expr one = c.bv_val(1, 128), zero = c.bv_val(0, 128);
  z3::expr moved = zero;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    z3::expr fresh_key = c.bool_val(true);  // a key equal to an earlier one counts once
    for (std::size_t j = 0; j < i; ++j) fresh_key = fresh_key && keys[i] != keys[j];
    auto was = n0.nfts.get(ms::SUint<128>(keys[i]));
    auto now = n1.nfts.get(ms::SUint<128>(keys[i]));
    z3::expr gained = z3::ite((now.some && now.value.owner == a).e, one, zero);
    z3::expr lost = z3::ite((was.some && was.value.owner == a).e, one, zero);
    moved = moved + z3::ite(fresh_key, gained - lost, zero);
  }
  return n1.owner_nft_count.get_or_default(a).e - n0.owner_nft_count.get_or_default(a).e == moved;
}
}  // namespace

const std::vector<iv::StepForm>& bmc_step_forms() {
  static const std::vector<iv::StepForm> forms{
      {"N-BALANCE", "a step moves an account's count with the tokens it gives and takes (over the ids it wrote)",
       balance_form}};
  return forms;
}

}  // namespace meshcheck::smt::spec
