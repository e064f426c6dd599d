// Writes the metadata meshcheck synthesizes for the builds whose own metadata is not
// published, into DIR: payment_escrow's ink! 6 build, the one deployed on Paseo (its
// metadata is not in ../shared/abis, which has the ink! 5.1.1 build's). The repository
// keeps the result in abi/synthesized/, and tests/abi_test.cpp checks that it is what
// this tool writes today.
//
// usage: meshcheck_synthesize_metadata DIR
#include <filesystem>
#include <fstream>
#include <iostream>

#include "abi/synthesize.hpp"
#include "model/payment_escrow.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: meshcheck_synthesize_metadata DIR\n";
    return 2;
  }
  namespace pe = meshcheck::model::deployed::payment_escrow;
  const std::filesystem::path dir(argv[1]);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::filesystem::path file = dir / meshcheck::abi::unpublished_metadata_file_name(pe::spec(pe::Build::kInk6));
  std::ofstream out(file);
  out << meshcheck::abi::synthesize_metadata(pe::spec(pe::Build::kInk6)).dump(1) << "\n";
  if (!out) {
    std::cerr << "meshcheck_synthesize_metadata: cannot write " << file << "\n";
    return 1;
  }
  std::cout << file.string() << "\n";
  return 0;
}
