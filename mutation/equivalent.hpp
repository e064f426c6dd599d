// The accepted equivalent mutants: mutants reviewed and found unable to change any
// behaviour the suite can observe, each with its reason. A survivor listed here is
// explained; any other survivor is a finding (meshcheck mutate exits 1).
#pragma once

#include <string_view>

namespace meshcheck::mutation {

struct Equivalent {
  std::string_view id;
  std::string_view reason;
};

inline constexpr Equivalent kEquivalent[] = {
    // (none yet)
    {"", ""},
};

inline std::string_view equivalent_reason(std::string_view id) {
  for (const Equivalent& e : kEquivalent)
    if (!e.id.empty() && e.id == id) return e.reason;
  return {};
}

}  // namespace meshcheck::mutation
