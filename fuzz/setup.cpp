#include "fuzz/setup.hpp"

namespace meshcheck::fuzz {

bool fuzzable(const model::Profile& profile) { return &profile == &model::deployed_profile(); }

Setup make_setup(const model::Profile& profile, std::vector<std::string> only_invariants) {
  invariants::Monitor monitor(std::move(only_invariants));
  deployment::StandardDeployment deployed = deployment::deploy_standard(profile, &monitor);
  return Setup{std::move(deployed), std::move(monitor)};
}

}  // namespace meshcheck::fuzz
