// Replay of a decoded trace (../shared/trace-format.md) through the reference model.
//
// Streaming: one line at a time is parsed, run and compared, then dropped, so memory
// holds the model's world and nothing that grows with the trace's length.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "abi/metadata.hpp"
#include "invariants/monitor.hpp"
#include "model/world.hpp"
#include "trace/json_value.hpp"

namespace simdjson::dom {
class element;
}

namespace meshcheck::trace {

// A line that cannot be read: bad JSON, an unknown kind, contract or message, a
// missing or mistyped argument, an out-of-range integer, a bad address, ...
struct TraceError : std::runtime_error {
  TraceError(std::size_t line, const std::string& why) : std::runtime_error(why), line(line) {}
  std::size_t line;
};

// One place where the trace and the model disagree.
struct Divergence {
  std::size_t line;
  std::string where;       // "payment_escrow.deposit_for_job", "balance of 0x…", ...
  std::string field;       // "status", "return", "events[0].amount", ...
  std::string trace_says;  // as JSON text
  std::string model_says;  // as JSON text
};

// What one line produced: disagreements with the trace, and invariants the step broke.
struct LineFindings {
  std::vector<Divergence> divergences;
  std::vector<invariants::Violation> violations;
  void clear() {
    divergences.clear();
    violations.clear();
  }
};

struct ReplayOptions {
  bool check_invariants = true;
  std::vector<std::string> only_invariants;  // empty: the whole catalog
  // ink! metadata by contract name, for the raw form (input, output, topics/data);
  // a raw line of a contract without metadata is an error.
  abi::MetadataSet metadata;
  // Raw call lines that meet their expectations byte for byte are read by a fast path
  // (trace/fast_raw.cpp) that reports exactly what the general one does; false sends
  // every line through the general path (for tests and benchmarks that compare them).
  bool raw_fast_path = true;
};

class Replayer {
 public:
  explicit Replayer(const model::Profile& profile, ReplayOptions options = {})
      : world_(profile), options_(std::move(options)), monitor_(options_.only_invariants), fast_(make_fast_raw()) {}

  // Parses, runs and checks one line (1-based `line_no`): compares its expectations
  // with the model and, unless disabled, checks the invariant catalog on the step.
  // With `emitted`, also writes the line back with the model's own outcomes as its
  // `expect`. Throws TraceError when the line cannot be read.
  void run_line(std::string_view text, std::size_t line_no, LineFindings& findings, Json* emitted = nullptr);

  const model::World& world() const { return world_; }
  // Whether the invariant catalog is checked: asked for, and the catalog has invariants
  // of the world's profile (the spec profile's come with the next issue).
  bool invariants_apply() const;
  std::size_t calls() const { return calls_; }

 private:
  void balances(const Json& body, std::size_t line_no);
  void deploy(const Json& body, std::size_t line_no);
  void use_profile(const std::string& name, std::size_t line_no);
  void call(Json& body, std::size_t line_no, std::vector<Divergence>& out, bool emit);
  void transfer(const Json& body, std::size_t line_no, std::vector<Divergence>& out);
  void balance_check(Json& body, std::size_t line_no, std::vector<Divergence>& out, bool emit);
  const model::Instance& resolve_contract(const Json& ref, std::size_t line_no) const;
  // Parses one line of JSON; TraceError "malformed JSON: …" naming the line otherwise.
  static Json parse_line(std::string_view text, std::size_t line);
  // A call's `expect` judged against the model's result (divergences to `out`).
  void compare_expectations(const Address& contract, const model::MessageSpec& msg, const Json& expect,
                            const model::CallResult& r, std::size_t line_no, std::vector<Divergence>& out,
                            const abi::Metadata* meta) const;
  // The fast path of raw call lines (trace/fast_raw.cpp): runs the line and returns
  // true, or returns false having changed nothing (the general path then reads it).
  bool fast_raw_call(std::string_view text, std::size_t line_no, LineFindings& findings);
  bool fast_expectations_met(simdjson::dom::element expect, const abi::Metadata& meta, const abi::AbiMessage& am,
                             const model::CallResult& r);
  static std::shared_ptr<struct FastRaw> make_fast_raw();

  model::World world_;
  ReplayOptions options_;
  invariants::Monitor monitor_;
  std::size_t calls_ = 0;
  // The last call line's call and result, for the invariant step.
  model::Call last_call_;
  model::CallResult last_result_;
  std::shared_ptr<struct FastRaw> fast_;  // the fast path's parser, buffers and lookups
};

struct ReplaySummary {
  std::size_t lines = 0;
  std::size_t calls = 0;
  std::size_t divergences = 0;
  std::size_t violations = 0;
  std::string profile;              // the profile the trace ran against
  bool invariants_checked = false;  // the catalog had invariants of that profile
  std::optional<TraceError> error;
  // 0: all agree; 1: a divergence or an invariant violation; 2: the trace cannot be read.
  int exit_code() const { return error ? 2 : (divergences || violations) ? 1 : 0; }
};

// Replays a whole trace from `in`, printing each divergence and violation to `report`
// as "NAME:LINE: ..." and stopping at the first unreadable line. With `emit`, writes
// the trace back with the model's outcomes as `expect`.
ReplaySummary replay_stream(std::istream& in, const std::string& name, const model::Profile& profile,
                            std::ostream& report, std::ostream* emit = nullptr, const ReplayOptions& options = {});

}  // namespace meshcheck::trace
