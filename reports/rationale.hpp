// Why each invariant of the catalog matters: one or two sentences on what a violation
// costs the people using the contracts. Shown beside each violation in the reports.
#pragma once

#include <string>

#include "invariants/invariant.hpp"

namespace meshcheck::reports {

// The rationale of `invariant`; a generic sentence by kind for an ID without one (a
// test checks every ID of the catalog has its own).
std::string why_it_matters(const invariants::Invariant& invariant);
bool has_rationale(const std::string& id);

}  // namespace meshcheck::reports
