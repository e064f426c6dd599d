// Writes a decoded trace in raw form (trace/raw_form.hpp) to standard output: what
// tests/traces/spec/raw/ holds, the five spec flows as a chain would record them.
//
// usage: meshcheck_raw_trace METADATA_DIR TRACE > RAW_TRACE
//   METADATA_DIR: e.g. what `meshcheck metadata --profile spec --out DIR` writes.
// Exit 0, or 2 with one message naming the line that cannot be rewritten.
#include <fstream>
#include <iostream>

#include "abi/metadata.hpp"
#include "model/profile.hpp"
#include "trace/raw_form.hpp"
#include "trace/replay.hpp"

int main(int argc, char** argv) {
  using namespace meshcheck;
  if (argc != 3) {
    std::cerr << "usage: meshcheck_raw_trace METADATA_DIR TRACE > RAW_TRACE\n";
    return 2;
  }
  abi::MetadataSet metadata;
  try {
    metadata = abi::MetadataSet::load({argv[1]});
  } catch (const abi::MetadataError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  std::ifstream in(argv[2]);
  if (!in) {
    std::cerr << argv[2] << ": cannot open the trace\n";
    return 2;
  }
  trace::RawFormWriter writer(model::deployed_profile(), metadata);
  std::size_t n = 0;
  try {
    for (std::string text; std::getline(in, text);) {
      ++n;
      if (text.find_first_not_of(" \t\r") == std::string::npos) {
        std::cout << "\n";  // keeps the line numbers
        continue;
      }
      trace::Json line;
      try {
        line = trace::Json::parse(text);
      } catch (const trace::Json::exception& e) {
        throw trace::TraceError(n, std::string("malformed JSON: ") + e.what());
      }
      std::cout << writer.rewrite(line, n).dump() << "\n";
    }
  } catch (const trace::TraceError& e) {
    std::cerr << argv[2] << ":" << e.line << ": error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
