#include "invariants/monitor.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>

namespace meshcheck::invariants {

void Monitor::observe(const Step& step, std::vector<Violation>& out) {
  Report report(out, only_);
  check_global(step, report);
  // The accounts whose balance the step changed: one diff of the ledger, O(change).
  boost::container::small_vector<Address, 4> moved;
  PMap<Address, U256>::diff(step.before.balances(), step.after.balances(),
                            [&](const Address& a, const U256*, const U256*) { moved.push_back(a); });
  for (auto& inst : step.after.instances()) {
    const model::Instance* before = step.before.instance(inst.address);
    // An instance the step did not touch cannot have changed: skip it (O(1) per step).
    bool touched = !before || before->state != inst.state ||
                   (step.call && step.call->contract == inst.address) ||
                   std::find(moved.begin(), moved.end(), inst.address) != moved.end();
    if (!touched) continue;
    const ContractInvariants* ci = invariants_of(inst.spec->name);
    if (!ci) continue;
    auto ghost = ghosts_.find(inst.address);
    if (ghost == ghosts_.end())
      ghost = ghosts_.emplace(inst.address, ci->init_ghost(before ? *before->state : *inst.state)).first;
    ci->check(step, before, inst, ghost->second, report);
  }
}

}  // namespace meshcheck::invariants
