// ink! metadata written from the model's own ContractSpec: version 5 for ink! 5
// contracts, 6 for ink! 6, with a type registry in scale-info's form and selectors and
// signature topics computed by ink!'s rules (abi/topics.hpp).
//
// What it is for: the project's own fixtures (tests of the loader, the codec and raw
// replay use it so that every code path runs without ../shared; the real metadata in
// ../shared/abis is what the agreement tests check the model against), and the metadata
// of a build whose own is not published: payment_escrow's ink! 6 build, deployed on
// Paseo, written to abi/synthesized/ by meshcheck_synthesize_metadata; and every
// contract's metadata for `meshcheck metadata` (cli/metadata_command.*), the spec
// profile's included: the ABI an implementation of the design must have. source.hash is
// the build's code hash, which matches the file to its build (32 zero bytes when the
// model knows none, as for the spec profile, whose code does not exist yet).
//
// The spec profile's contracts (ContractSpec::returns_result): each mutating message
// returns Result<T, Error>, Error being the contract's enum of unit variants in order
// (ContractSpec::errors, at path [contract, "Error"]); reads return T. Records and enums
// are at [contract, Name]; `[u8; N]` is an array of u8 whose displayName is the design's
// alias (Hash32, PubKey33, Sig65), which is also what its events' signature topics hash.
#pragma once

#include <nlohmann/json.hpp>

#include "model/contract.hpp"
#include "model/profile.hpp"

namespace meshcheck::abi {

nlohmann::json synthesize_metadata(const model::ContractSpec& spec);

// Whether the metadata of `m` (a message of `spec`) returns Result<T, Error> inside its
// MessageResult: a spec contract's mutating message.
bool message_returns_result(const model::ContractSpec& spec, const model::MessageSpec& m);

// The file name of a build's synthesized metadata: "<contract>.json" for the build the
// profile deploys, "<contract>.ink5.json" / "<contract>.ink6.json" for another build.
std::string synthesized_file_name(const model::ContractSpec& spec, const model::Profile& profile);
// The name of a build's file in abi/synthesized/: "<contract>.ink6.json" (or .ink5).
std::string unpublished_metadata_file_name(const model::ContractSpec& spec);

}  // namespace meshcheck::abi
