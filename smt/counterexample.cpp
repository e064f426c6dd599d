#include "smt/counterexample.hpp"

#include "invariants/invariant.hpp"
#include "trace/replay.hpp"
#include "trace/writer.hpp"

namespace meshcheck::smt {

Replayed replay_counterexample(const deployment::StandardDeployment& deployed, const std::vector<model::Call>& calls,
                               const std::string& invariant_id) {
  Replayed out;
  out.lines = deployed.header;
  model::World world = deployed.world;
  try {
    for (auto& call : calls) {
      model::CallResult result = world.call(call);
      out.lines.push_back(trace::call_line(*world.instance(call.contract)->spec, call, &result).dump());
    }
  } catch (const model::WorldError& e) {
    out.error = std::string("the world refuses the call: ") + e.what();
    return out;
  }

  const invariants::Invariant* inv = invariant_id.empty() ? nullptr : invariants::find_invariant(invariant_id);
  trace::ReplayOptions options;
  // The spec profile checks its enabledness invariants on runs too (X-DEADLINE, X-EXIT,
  // G-FUNDS-EXIT: invariants/spec/exits.cpp), so its counterexamples to them replay.
  options.check_invariants = inv && inv->checkable_on_runs(world.profile().name);
  if (options.check_invariants) options.only_invariants = {invariant_id};
  trace::Replayer replayer(world.profile(), options);
  std::size_t first_call_line = deployed.header.size() + 1;
  for (std::size_t i = 0; i < out.lines.size(); ++i) {
    trace::LineFindings findings;
    try {
      replayer.run_line(out.lines[i], i + 1, findings);
    } catch (const std::exception& e) {
      out.error = "line " + std::to_string(i + 1) + " of the counterexample does not replay: " + e.what();
      return out;
    }
    if (!findings.divergences.empty()) {
      out.error = "line " + std::to_string(i + 1) + " diverges on replay";
      return out;
    }
    for (auto& v : findings.violations) {
      if (v.id != invariant_id) continue;
      if (i + 1 < out.lines.size() || i + 1 < first_call_line) {
        out.error = "the model reports " + invariant_id + " already on line " + std::to_string(i + 1) + ", before the last call";
        return out;
      }
      if (out.violation.empty()) out.violation = v.detail;
    }
  }
  if (options.check_invariants && out.violation.empty())
    out.error = "replaying the calls through the model breaks no " + invariant_id;
  return out;
}

}  // namespace meshcheck::smt
