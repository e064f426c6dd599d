// ink! metadata written from the model's own ContractSpec: version 5 for ink! 5
// contracts, 6 for ink! 6, with a type registry in scale-info's form and selectors and
// signature topics computed by ink!'s rules (abi/topics.hpp).
//
// What it is for: the project's own fixtures (tests of the loader, the codec and raw
// replay use it so that every code path runs without ../shared; the real metadata in
// ../shared/abis is what the agreement tests check the model against), and the metadata
// of a build whose own is not published: payment_escrow's ink! 6 build, deployed on
// Paseo, written to abi/synthesized/ by meshcheck_synthesize_metadata. source.hash is
// the build's code hash, which matches the file to its build.
#pragma once

#include <nlohmann/json.hpp>

#include "model/contract.hpp"
#include "model/profile.hpp"

namespace meshcheck::abi {

nlohmann::json synthesize_metadata(const model::ContractSpec& spec);

// The file name of a build's synthesized metadata: "<contract>.json" for the build the
// profile deploys, "<contract>.ink5.json" / "<contract>.ink6.json" for another build.
std::string synthesized_file_name(const model::ContractSpec& spec, const model::Profile& profile);
// The name of a build's file in abi/synthesized/: "<contract>.ink6.json" (or .ink5).
std::string unpublished_metadata_file_name(const model::ContractSpec& spec);

}  // namespace meshcheck::abi
