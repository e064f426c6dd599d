// Decoded values in a trace (../shared/trace-format.md, "Values"), read and written
// through the Type they belong to.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "model/value.hpp"

namespace meshcheck::trace {

// Ordered, so that what we write keeps the key order we (or the input) chose.
using Json = nlohmann::ordered_json;

// A value that does not fit its type. `what()` names the value by its path
// ("args.job_id", "expect.events[0].fields.amount") and says why.
struct ValueError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Integers: decimal strings, 0x-hex strings, or JSON integers below 2^53; checked
// against `max`.
U256 integer_from_json(const Json& j, const U256& max, const std::string& path);
// Addresses: 0x + 40 hex digits (H160) or 64 (AccountId).
Address address_from_json(const Json& j, const std::string& path);

Value value_from_json(TypeRef type, const Json& j, const std::string& path);
Json value_to_json(TypeRef type, const Value& v);

}  // namespace meshcheck::trace
