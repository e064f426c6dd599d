// Events as ink! emits them: a list of 32-byte topics (the signature topic, then one
// per indexed field in field order) and data (the SCALE encoding of every field, the
// indexed ones included, in field order).
#pragma once

#include <vector>

#include "abi/metadata.hpp"
#include "model/contract.hpp"

namespace meshcheck::abi {

struct RawEvent {
  std::vector<Hash32> topics;
  Bytes data;
  friend bool operator==(const RawEvent&, const RawEvent&) = default;
};

// `fields` in `event.fields` order.
RawEvent encode_event(const AbiEvent& event, std::span<const Value> fields);

struct DecodedEvent {
  const AbiEvent* event = nullptr;
  std::vector<Value> fields;
};

// Finds the event by its first topic and decodes its data (ScaleError, offsets within
// the data, for bad data; MetadataError when no event has that signature topic). Does
// not check the other topics: compare them with encode_event's to find which differs.
DecodedEvent decode_event(const Metadata& m, const RawEvent& raw);

}  // namespace meshcheck::abi
