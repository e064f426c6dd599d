// ink! metadata written from the model's own ContractSpec: version 5 for ink! 5
// contracts, 6 for ink! 6, with a type registry in scale-info's form and selectors and
// signature topics computed by ink!'s rules (abi/topics.hpp).
//
// What it is for: the project's own fixtures. Tests of the loader, the codec and raw
// replay use it so that every code path runs without ../shared; the real metadata in
// ../shared/abis is what the agreement tests check the model against.
#pragma once

#include <nlohmann/json.hpp>

#include "model/contract.hpp"

namespace meshcheck::abi {

nlohmann::json synthesize_metadata(const model::ContractSpec& spec);

}  // namespace meshcheck::abi
