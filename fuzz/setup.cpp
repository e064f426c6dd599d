#include "fuzz/setup.hpp"

#include <algorithm>

namespace meshcheck::fuzz {

bool fuzzable(const model::Profile& profile) {
  return &profile == &model::deployed_profile() || &profile == &model::spec_profile();
}

bool catalog_covers(const model::Profile& profile) {
  for (auto& inv : invariants::catalog())
    if (inv.in_profile(profile.name)) return true;
  return false;
}

Setup make_setup(const model::Profile& profile, std::vector<std::string> only_invariants) {
  // "The whole catalog" is the profile's part of it: name its IDs unless that is all of them.
  if (only_invariants.empty()) {
    std::vector<std::string> mine;
    for (auto& inv : invariants::catalog())
      if (inv.in_profile(profile.name)) mine.push_back(inv.id);
    if (mine.size() < invariants::catalog().size()) only_invariants = std::move(mine);
  }
  invariants::Monitor monitor(std::move(only_invariants));
  const bool checked = catalog_covers(profile);
  deployment::StandardDeployment deployed = deployment::deploy_standard(profile, checked ? &monitor : nullptr);
  return Setup{std::move(deployed), std::move(monitor), checked};
}

}  // namespace meshcheck::fuzz
