// A mutant of the model (mutation/catalog.hpp) active for one scope: a test's broken
// variant of the model, applied alike to the C++ model and to its symbolic text.
// "A + B" names a variant with two spec mutants at once (a fault the design defends twice
// over: tests/nonvacuity/spec_variants.txt).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "mutation/catalog.hpp"
#include "mutation/spec/catalog.hpp"

namespace meshcheck::testing {

// The mutant IDs of a variant "A" or "A + B".
inline std::vector<std::string> variant_mutants(const std::string& variant) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (;;) {
    std::size_t plus = variant.find(" + ", from);
    out.push_back(variant.substr(from, plus == std::string::npos ? std::string::npos : plus - from));
    if (plus == std::string::npos) return out;
    from = plus + 3;
  }
}

struct ActiveMutant {
  explicit ActiveMutant(const std::string& variant) {
    const std::vector<std::string> ids = variant_mutants(variant);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const mutation::Mutant* m = mutation::find_mutant(ids[i]);
      if (!m) throw std::logic_error("no mutant " + ids[i]);
      if (i == 0) {
        mutation::activate(m);
      } else {
        if (m->profile != "spec") throw std::logic_error(variant + ": only spec mutants combine");
        mutation::spec::activate_also(mutation::spec::spec_sites()[m->site], m->op);
      }
    }
  }
  ~ActiveMutant() { mutation::activate(nullptr); }
  ActiveMutant(const ActiveMutant&) = delete;
  ActiveMutant& operator=(const ActiveMutant&) = delete;
};

}  // namespace meshcheck::testing
