// The spec profile's accepted equivalent mutants: reviewed and found unable to change
// any behaviour the suite can observe, each with its reason (as mutation/equivalent.hpp
// for the deployed profile). A survivor listed here is explained; any other is a finding.
#pragma once

#include <string_view>

#include "mutation/equivalent.hpp"

namespace meshcheck::mutation::spec {

inline constexpr Equivalent kSpecEquivalent[] = {
    {"spec:payment_escrow:release_payment:sub#1:wrapping",
     "assign_payee refuses a price above the amount (PriceAboveAmount) and nothing else writes either, so "
     "amount - price never underflows on a reachable state: checked and wrapping subtraction agree there "
     "(docs/spec-profile-design.md §5 decision 4)"},
};

// The reason `id` (of either profile) is accepted as equivalent, or "".
inline std::string_view accepted_equivalent(std::string_view id) {
  for (const Equivalent& e : kSpecEquivalent)
    if (e.id == id) return e.reason;
  return equivalent_reason(id);
}

}  // namespace meshcheck::mutation::spec
