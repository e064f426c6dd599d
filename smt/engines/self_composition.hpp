// M-PERMUTE, the catalog's two-run property, by self-composition: two copies of the
// same world run mev_protection's create_batch with the same caller, clock and
// arguments except that the second lists the intent ids in another order. The property
// holds when both runs always end in the same world with the same outcome and events.
#pragma once

#include <string>

#include "smt/engines/engine.hpp"

namespace meshcheck::smt {

// PROVED when no state at all lets the two runs differ; else the shortest run from the
// standard deployment after which they do (VIOLATED, with both traces), or HOLDS TO
// DEPTH / UNKNOWN.
ProofVerdict prove_two_run(const std::string& id, const EngineContext& ctx);

}  // namespace meshcheck::smt
