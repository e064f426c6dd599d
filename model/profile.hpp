// A profile is one version of the six contracts' behaviour. `deployed` is the code on
// Paseo; `spec` (the designed system, issue 13) sits beside it, with its own
// ContractSpecs under the same contract names, without touching `deployed`.
//
// A contract may exist in more than one build (the same name, other code: payment_escrow
// has an ink! 6 build, the one deployed, and an older ink! 5.1.1 build). `contracts`
// holds the build of each contract that the standard deployment uses; `builds` every
// build, which a trace's deploy line picks by its code hash or its address width.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/contract.hpp"

namespace meshcheck::model {

struct Profile {
  std::string name;
  // One build per contract, in ContractKind order: the one really deployed.
  std::vector<const ContractSpec*> contracts;
  // Every build of the profile's contracts: those of `contracts` first, then the others.
  std::vector<const ContractSpec*> builds;

  // The build of `contract_name` in `contracts`, or nullptr.
  const ContractSpec* contract(std::string_view contract_name) const;
  // The builds of `contract_name`, the one in `contracts` first.
  std::vector<const ContractSpec*> builds_of(std::string_view contract_name) const;
  // The build of `contract_name` whose code hash is `code_hash` (lower-case), or nullptr.
  const ContractSpec* build_with_hash(std::string_view contract_name, std::string_view code_hash) const;
  // The build of `contract_name` whose addresses are of `kind` (the one in `contracts`
  // when both are), or nullptr.
  const ContractSpec* build_for(std::string_view contract_name, AddressKind kind) const;
};

const Profile& deployed_profile();
// PolkaMesh as designed (../shared/spec-profile.md): six contracts that call one another
// and refuse by Err (model/spec/, bridged to the world by model/spec/bridge/).
const Profile& spec_profile();

// The profile of that name, or nullptr.
const Profile* find_profile(std::string_view name);
std::vector<std::string> profile_names();

}  // namespace meshcheck::model
