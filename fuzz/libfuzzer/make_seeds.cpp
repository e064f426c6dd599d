// Writes the seed corpora of the libFuzzer targets from the project's own fixtures
// (not from ../shared): SCALE encodings of sample values of every type and event of
// the six contracts, and traces (the bundled upstream scenarios, and the six-contract
// workload in decoded and raw form).
//
//   make_fuzz_seeds SOURCE_DIR OUT_DIR   # writes OUT_DIR/scale_decode_fuzzer, OUT_DIR/trace_line_fuzzer
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "abi/event_codec.hpp"
#include "abi/scale.hpp"
#include "fuzz/libfuzzer/fixtures.hpp"
#ifndef MESHCHECK_SHARED_DIR
#define MESHCHECK_SHARED_DIR ""  // not read here: the seeds come from the repository only
#endif
#include "tests/support/abi_fixtures.hpp"

namespace meshcheck {
namespace fs = std::filesystem;

namespace {
void write(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}
std::string str(const abi::Bytes& b) { return std::string(b.begin(), b.end()); }
}  // namespace

int make_seeds(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_fuzz_seeds SOURCE_DIR OUT_DIR\n";
    return 2;
  }
  fs::path source = argv[1], out = argv[2];
  fs::path scale = out / "scale_decode_fuzzer", traces = out / "trace_line_fuzzer";
  fs::create_directories(scale);
  fs::create_directories(traces);

  // SCALE: two sample values of each type (its index as the first byte), and each
  // event's data (0x80, its index, then the data).
  const auto& types = libfuzzer::scale_types();
  std::set<std::string> seen;
  for (std::size_t i = 0; i < types.size() && i < libfuzzer::kEventMode; ++i)
    for (unsigned seed : {0u, 2u}) {
      std::string bytes = std::string(1, char(i)) + str(abi::encode(types[i], testing::sample_value(types[i], seed)));
      if (seen.insert(bytes).second) write(scale / ("type" + std::to_string(i) + "-" + std::to_string(seed)), bytes);
    }
  const auto& events = libfuzzer::events();
  for (std::size_t k = 0; k < events.size() && k < 256; ++k) {
    std::vector<Value> fields;
    for (auto& f : events[k].event->fields) fields.push_back(testing::sample_value(f.type, unsigned(k)));
    auto raw = abi::encode_event(*events[k].event, fields);
    write(scale / ("event" + std::to_string(k) + "-" + events[k].event->label),
          std::string{char(libfuzzer::kEventMode), char(k)} + str(raw.data));
  }

  // Traces: the upstream scenarios of up to 4 KB, and the workload (48 calls, enough
  // for a full cycle of every contract) decoded and raw.
  std::size_t n = 0;
  for (auto& e : fs::recursive_directory_iterator(source / "tests/traces/upstream")) {
    if (e.path().extension() != ".jsonl" || fs::file_size(e.path()) > 4096) continue;
    fs::copy_file(e.path(), traces / ("upstream-" + e.path().parent_path().filename().string() + "-" +
                                      e.path().filename().string()),
                  fs::copy_options::overwrite_existing);
    ++n;
  }
  for (bool raw : {false, true}) {
    std::ostringstream s;
    testing::write_workload_trace(s, libfuzzer::metadata(), 48, raw);
    write(traces / (raw ? "workload-raw.jsonl" : "workload-decoded.jsonl"), s.str());
  }
  std::cout << "make_fuzz_seeds: " << seen.size() + events.size() << " SCALE seeds, " << n + 2 << " traces\n";
  return 0;
}

}  // namespace meshcheck

int main(int argc, char** argv) { return meshcheck::make_seeds(argc, argv); }
