// Does a metadata file describe the contract the model implements? Same messages
// (labels, argument labels and types, return types, payable, mutates), same
// constructor arguments, same events (fields, types, which are indexed), and the
// address width of its ink! version; for a spec profile contract, each mutating
// message's Result<T, Error> with the contract's errors in order. Replay decodes raw
// data with the metadata and
// runs the model on the result, so any disagreement here would make it compare
// different things; it refuses to start instead.
#pragma once

#include <string>
#include <vector>

#include "abi/metadata.hpp"
#include "model/contract.hpp"

namespace meshcheck::abi {

// Each disagreement as one sentence; empty when they agree.
std::vector<std::string> check_against_spec(const Metadata& m, const model::ContractSpec& spec);

// Whether two Types have the same SCALE layout and the same field and variant names.
// Empty when they do; otherwise where and how they differ.
std::string type_difference(TypeRef model_type, TypeRef abi_type);

}  // namespace meshcheck::abi

namespace meshcheck::model {
struct Profile;
}

namespace meshcheck::abi {
// Everything that makes a metadata set unusable with `profile`: a contract the
// profile does not have, computed selectors or topics that differ from the file's,
// and each disagreement with the model's spec.
std::vector<std::string> check_against_profile(const MetadataSet& set, const model::Profile& profile);
}  // namespace meshcheck::abi
