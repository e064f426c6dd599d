#include "abi/topics.hpp"

#include <algorithm>

#include "abi/blake2.hpp"
#include "abi/scale.hpp"

namespace meshcheck::abi {

Selector compute_selector(std::string_view label) {
  Hash32 h = blake2b_256(label);
  Selector s;
  std::copy_n(h.begin(), 4, s.begin());
  return s;
}

std::string event_signature(const AbiEvent& event) {
  std::string sig = event.label + "(";
  for (std::size_t i = 0; i < event.fields.size(); ++i) sig += (i ? "," : "") + event.fields[i].display;
  return sig + ")";
}

Hash32 compute_signature_topic(const AbiEvent& event) { return blake2b_256(event_signature(event)); }

Hash32 field_topic(TypeRef type, const Value& value) {
  Bytes enc = encode(type, value);
  if (enc.size() > 32) return blake2b_256(enc);
  Hash32 out{};
  std::copy(enc.begin(), enc.end(), out.begin());
  return out;
}

std::vector<std::string> check_computed_hashes(const Metadata& m) {
  std::vector<std::string> out;
  auto check_messages = [&](const std::vector<AbiMessage>& list, const char* kind) {
    for (auto& msg : list) {
      Selector s = compute_selector(msg.label);
      if (s != msg.selector)
        out.push_back(std::string(kind) + " " + msg.label + ": selector " + to_hex(msg.selector) +
                      " in the metadata, " + to_hex(s) + " computed from the label");
    }
  };
  check_messages(m.constructors, "constructor");
  check_messages(m.messages, "message");
  for (auto& e : m.events) {
    if (!e.signature_topic) continue;  // anonymous: no signature topic to check
    Hash32 t = compute_signature_topic(e);
    if (t != *e.signature_topic)
      out.push_back("event " + e.label + ": signature topic " + to_hex(*e.signature_topic) + " in the metadata, " +
                    to_hex(t) + " computed from " + event_signature(e));
  }
  return out;
}

}  // namespace meshcheck::abi
