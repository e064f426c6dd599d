// A profile is one version of the six contracts' behaviour. `deployed` is the code on
// Paseo; a `spec` profile (the fuller designed system) will sit beside it, with its own
// ContractSpecs under the same contract names, without touching `deployed`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/contract.hpp"

namespace meshcheck::model {

struct Profile {
  std::string name;
  std::vector<const ContractSpec*> contracts;
  const ContractSpec* contract(std::string_view contract_name) const;
};

const Profile& deployed_profile();

// The profile of that name, or nullptr.
const Profile* find_profile(std::string_view name);
std::vector<std::string> profile_names();

}  // namespace meshcheck::model
