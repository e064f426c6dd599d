// libFuzzer target: the trace reader and replay (trace/*) on arbitrary text, decoded
// and raw lines alike, with the six contracts' (synthesized) metadata for the raw form
// and the invariant catalog checked at every step.
//
// The input is a whole trace: JSON Lines, replayed as `meshcheck replay --metadata`
// would, so that deploy lines can precede the calls that need them. Whatever it is,
// replay must end with a report (an error with a line is fine): any other exception
// escaping replay_stream is a bug (`meshcheck replay` would end with "meshcheck: error:"
// and exit 2), and is reported here as a crash. The trace is replayed twice, with and without --emit
// (which takes a different path through replay), and both must report the same.
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "fuzz/libfuzzer/fixtures.hpp"
#include "trace/replay.hpp"

using namespace meshcheck;

namespace {
const trace::ReplayOptions& options() {
  static const trace::ReplayOptions o = [] {
    trace::ReplayOptions r;
    r.metadata = libfuzzer::metadata();
    return r;
  }();
  return o;
}

struct Run {
  trace::ReplaySummary summary;
  std::string report;
};

Run replay(const std::string& text, bool emit) {
  std::istringstream in(text);
  std::ostringstream report, emitted;
  Run r;
  r.summary = trace::replay_stream(in, "fuzz.jsonl", model::deployed_profile(), report, emit ? &emitted : nullptr,
                                   options());
  r.report = report.str();
  return r;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  options();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 16)) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  Run plain = replay(text, false);
  Run emitting = replay(text, true);
  if (plain.report != emitting.report || plain.summary.exit_code() != emitting.summary.exit_code() ||
      plain.summary.calls != emitting.summary.calls || plain.summary.lines != emitting.summary.lines) {
    std::fprintf(stderr, "trace_line_fuzzer: replay reports differently with --emit:\n--- without\n%s--- with\n%s",
                 plain.report.c_str(), emitting.report.c_str());
    std::abort();
  }
  return 0;
}
