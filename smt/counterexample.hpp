// From Z3's calls back to the model: a counterexample found by the prover becomes a
// trace (../shared/trace-format.md) that starts with the standard deployment, and is
// replayed through the C++ model, which must reach the same violation.
#pragma once

#include <string>
#include <vector>

#include "deployment/deployment.hpp"
#include "model/world.hpp"

namespace meshcheck::smt {

struct Replayed {
  std::vector<std::string> lines;  // the trace: the deployment's header, then one line per call
  std::string violation;           // the model's report of the invariant, on the last line
  std::string error;               // non-empty when the model does not reproduce it
};

// Runs `calls` after the deployment's header, writes them with the model's outcomes as
// their `expect`, and replays that trace checking `invariant_id` (none when empty). The
// violation must appear on the last call and not before.
Replayed replay_counterexample(const deployment::StandardDeployment& deployed, const std::vector<model::Call>& calls,
                               const std::string& invariant_id);

}  // namespace meshcheck::smt
