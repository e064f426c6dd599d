// The mutants: every contract's sites (mutation/<contract>.hpp) × the operators of each
// site's kind, generated, in a fixed order (contracts in the profile's order, sites in
// declaration order, operators in Op order), each with a stable ID:
// "<contract>:<site name>:<operator name>", e.g. payment_escrow:deposit.zero:negate-guard.
// The spec profile's: "spec:<contract>:<message>:<key>:<operator name>" (mutation/spec/catalog.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/contract_kind.hpp"
#include "mutation/site.hpp"

namespace meshcheck::mutation {

struct Mutant {
  std::string id;
  std::string profile;  // "deployed" or "spec"
  model::ContractKind contract;
  unsigned site;  // index in its contract's site enum
  Op op;
  SiteFacts facts;
  std::string description;  // one line: the change
  std::string contract_name() const { return std::string(model::contract_name(contract)); }
};

// Every mutant of `profile` ("deployed", or "spec": generated from the spec sites,
// mutation/spec/catalog.hpp, with `site` an index in spec_sites() and `contract` the
// site's contract), in the fixed order.
const std::vector<Mutant>& mutants(std::string_view profile);
const Mutant* find_mutant(std::string_view id);
// The contracts of `profile` that have mutation sites.
std::vector<std::string> contracts_with_sites(std::string_view profile);

// Makes `mutant` the active one for the rest of the process (nullptr: none).
void activate(const Mutant* mutant);

// "model/<contract>.cpp:<line>" of the site's code, found by its enumerator in the source
// tree the binary was built from; "model/<contract>.cpp" when the source is not there.
std::string site_location(const Mutant& mutant);
// The 1-based lines of `token` (as a whole word) in `path`; empty when none or unreadable.
std::vector<std::size_t> token_lines(const std::string& path, std::string_view token);
// The source tree the binary was built from.
std::string source_dir();

}  // namespace meshcheck::mutation
