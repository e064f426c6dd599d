// The type registry of an ink! metadata file (scale-info's portable registry),
// resolved into meshcheck Types so that SCALE data can be read into the same Values
// the model runs on.
//
// The mapping keeps SCALE's byte layout: H160, AccountId and U256 by their paths;
// Option, Vec, structs and enums as themselves; `[u8; N]` as a byte array and `i32` as
// itself (the spec profile's); other arrays, tuples and composites with unnamed fields
// as tuples (all three encode as their elements in order); an enum whose
// variant indices skip numbers gets an unnamed placeholder at each skipped index,
// which the decoder rejects as an unknown variant.
#pragma once

#include <deque>
#include <map>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "model/value.hpp"

namespace meshcheck::abi {

// Metadata that cannot be used: malformed JSON, a missing key, an unsupported type.
struct MetadataError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class TypeRegistry {
 public:
  // `types` is the metadata's top-level "types" array.
  explicit TypeRegistry(const nlohmann::json& types);
  TypeRegistry(const TypeRegistry&) = delete;
  TypeRegistry& operator=(const TypeRegistry&) = delete;

  // The Type of registry entry `id`, resolved on first use (and kept: the TypeRef stays
  // valid as long as the registry). MetadataError for an unknown id, a recursive type
  // or a type outside what ink! messages of these contracts use (signed integers other
  // than i32, char, compact fields, bit sequences).
  TypeRef resolve(u64 id);
  // The raw registry entry ({"path", "params", "def"}).
  const nlohmann::json& entry(u64 id) const;

 private:
  TypeRef build(u64 id, const nlohmann::json& type);
  TypeRef keep(Type t);

  std::map<u64, const nlohmann::json*> entries_;
  std::map<u64, TypeRef> resolved_;
  std::map<u64, bool> in_progress_;
  std::deque<Type> store_;  // stable addresses
};

}  // namespace meshcheck::abi
