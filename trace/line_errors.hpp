// Reading one trace line's JSON: what the replayer (replay.cpp) and the raw form's writer
// (raw_form.cpp) both do with a value that is not what the line needs, a TraceError that
// names the line.
#pragma once

#include <cstddef>
#include <string>

#include "abi/scale.hpp"
#include "trace/json_value.hpp"
#include "trace/replay.hpp"

namespace meshcheck::trace {

// `j` (at `path` in the line) as a string, or a TraceError naming the line.
inline const std::string& require_string(const Json& j, std::size_t line, const std::string& path) {
  if (!j.is_string()) throw TraceError(line, path + ": expected a string, got " + j.dump());
  return j.get_ref<const std::string&>();
}

// Runs `f` for line `line`, turning a value that does not fit its type (ValueError) or
// cannot be encoded as it (abi::EncodeError) into a TraceError naming the line.
template <class F> auto at_line(std::size_t line, F&& f) {
  try {
    return f();
  } catch (const ValueError& e) {
    throw TraceError(line, e.what());
  } catch (const abi::EncodeError& e) {
    throw TraceError(line, e.what());
  }
}

}  // namespace meshcheck::trace
