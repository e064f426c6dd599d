#include "invariants/monitor.hpp"

#include <algorithm>

#include "invariants/spec/spec.hpp"

namespace meshcheck::invariants {

void Monitor::observe(const RunStep& step, std::vector<Violation>& out) {
  Findings findings(out, only_);
  const LedgerChange ledger = ledger_change(step);
  const auto& moved = ledger.accounts;
  check_global(step, ledger, findings);
  if (step.after.profile().name == "spec") {
    spec::check_step(step, spec_ghost_, findings);
    return;
  }
  const auto& was = step.before.instances();
  const auto& now = step.after.instances();
  for (std::size_t i = 0; i < now.size(); ++i) {
    const model::Instance& inst = now[i];
    // Instances are only ever appended, so the same index usually holds it before.
    const model::Instance* before =
        i < was.size() && was[i].address == inst.address ? &was[i] : step.before.instance(inst.address);
    // An instance the step did not touch cannot have changed: skip it (O(1) per step).
    bool touched = !before || before->state != inst.state || (step.call && step.call->contract == inst.address) ||
                   std::find(moved.begin(), moved.end(), inst.address) != moved.end();
    if (!touched) continue;
    auto w = watched_.find(inst.address);
    if (w == watched_.end()) {
      const ContractInvariants* ci = invariants_of(inst.spec->name);
      w = watched_
              .emplace(inst.address,
                       Watched{ci, ci ? ci->init_ghost(before ? *before->state : *inst.state) : std::any{}})
              .first;
    }
    if (w->second.invariants) w->second.invariants->check(step, before, inst, w->second.ghost, findings);
  }
}

}  // namespace meshcheck::invariants
