#include "invariants/monitor.hpp"

namespace meshcheck::invariants {

void Monitor::observe(const Step& step, std::vector<Violation>& out) {
  Report report(out, only_);
  check_global(step, report);
  for (auto& inst : step.after.instances()) {
    const model::Instance* before = step.before.instance(inst.address);
    // An instance the step did not touch cannot have changed: skip it (O(1) per step).
    bool touched = !before || before->state != inst.state ||
                   (step.call && step.call->contract == inst.address) ||
                   balance_in(step.before, inst.address) != balance_in(step.after, inst.address);
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
