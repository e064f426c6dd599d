#include "abi/event_codec.hpp"

#include "abi/scale.hpp"
#include "abi/topics.hpp"

namespace meshcheck::abi {

RawEvent encode_event(const AbiEvent& event, std::span<const Value> fields) {
  if (fields.size() != event.fields.size())
    throw EncodeError("event " + event.label + " has " + std::to_string(event.fields.size()) + " fields, given " +
                      std::to_string(fields.size()));
  RawEvent out;
  if (event.signature_topic) out.topics.push_back(*event.signature_topic);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    encode(event.fields[i].type, fields[i], out.data);
    if (event.fields[i].indexed) out.topics.push_back(field_topic(event.fields[i].type, fields[i]));
  }
  return out;
}

DecodedEvent decode_event(const Metadata& m, const RawEvent& raw) {
  if (raw.topics.empty()) throw MetadataError("the event has no topics, so no signature topic to identify it by");
  const AbiEvent* e = m.event_by_topic(raw.topics[0]);
  if (!e) throw MetadataError("no event of " + m.contract_name + " has the signature topic " + to_hex(raw.topics[0]));
  DecodedEvent out{e, {}};
  Reader r(raw.data);
  for (auto& f : e->fields) out.fields.push_back(decode(f.type, r));
  if (!r.at_end()) r.fail(std::to_string(r.remaining()) + " trailing bytes after the fields of " + e->label);
  return out;
}

}  // namespace meshcheck::abi
