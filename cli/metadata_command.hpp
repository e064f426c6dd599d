// `meshcheck metadata`: writes the ink! metadata meshcheck synthesizes from a profile's
// model (abi/synthesize.hpp), one JSON file per build, so that an implementation can be
// built to the same ABI and its chain traces replayed in raw form (`replay --metadata`).
//
//   meshcheck metadata --profile spec|deployed [--contract NAME]... [--out DIR]
//
// With --out: DIR/<contract>.json for each build the profile deploys, and for a build it
// does not (payment_escrow's ink! 5.1.1 build in `deployed`) DIR/<contract>.ink5.json;
// the paths written are printed, one a line. Without --out, one contract's metadata
// (its deployed build) goes to standard output. Exit 0, or 2 with one message for
// unusable options (an unknown profile or contract, several contracts without --out, a
// folder that cannot be written).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace meshcheck::cli {

struct MetadataOptions {
  std::string profile;
  std::vector<std::string> contracts;  // empty: every contract of the profile
  std::string out_dir;                 // empty: standard output (one contract)
};

int run_metadata_command(const MetadataOptions& options, std::ostream& out, std::ostream& err);

}  // namespace meshcheck::cli
