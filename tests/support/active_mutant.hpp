// A mutant of the model (mutation/catalog.hpp) active for one scope: a test's broken
// variant of the model, applied alike to the C++ model and to its symbolic text.
#pragma once

#include <stdexcept>
#include <string>

#include "mutation/catalog.hpp"

namespace meshcheck::testing {

struct ActiveMutant {
  explicit ActiveMutant(const std::string& id) {
    const mutation::Mutant* m = mutation::find_mutant(id);
    if (!m) throw std::logic_error("no mutant " + id);
    mutation::activate(m);
  }
  ~ActiveMutant() { mutation::activate(nullptr); }
  ActiveMutant(const ActiveMutant&) = delete;
  ActiveMutant& operator=(const ActiveMutant&) = delete;
};

}  // namespace meshcheck::testing
