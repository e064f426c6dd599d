// G-VALUE and G-ATOMIC as Z3 predicates over one step (world_predicates.hpp).
#include "smt/world_predicates.hpp"

namespace meshcheck::smt {

z3::expr value_conserved(const SymStep& s) {
  z3::expr out = s.branch.post.balance;
  for (auto& t : s.branch.transfers) out = out + t.amount;
  z3::expr in = s.branch.reverts ? s.pre.balance : s.pre.balance + to_int(s.env.value);
  return out == in;
}

z3::expr atomic(const SymStep& s) {
  z3::context& c = s.pre.ctx();
  if (!s.branch.reverts) return c.bool_val(true);
  if (!s.branch.events.empty() || !s.branch.transfers.empty()) return c.bool_val(false);
  return equals(s.branch.post, s.pre);
}

std::vector<SymInvariant> predicates_of(const ContractEncoding& enc, z3::context& c) {
  std::vector<SymInvariant> all = enc.invariants(c);
  all.push_back({"G-VALUE", "", nullptr, value_conserved});
  all.push_back({"G-ATOMIC", "", nullptr, atomic});
  return all;
}

}  // namespace meshcheck::smt
