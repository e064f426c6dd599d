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

namespace {
// A type as Rust writes it, without spaces (ink! strips them from the field's tokens):
// Option<u128>, Vec<H160>, [u8;33], (u32,u128,bool); a named type by its name.
std::string rust_type(TypeRef t) {
  switch (t->kind) {
    case TypeKind::Option: return "Option<" + rust_type(t->elem) + ">";
    case TypeKind::Vec: return "Vec<" + rust_type(t->elem) + ">";
    case TypeKind::ByteArray: return "[u8;" + std::to_string(t->length) + "]";
    case TypeKind::Tuple: {
      if (t->name.starts_with("[")) {  // an array the registry holds as a tuple: "[u64; 4]"
        std::string out;
        for (char c : t->name)
          if (c != ' ') out += c;
        return out;
      }
      std::string out = "(";
      for (std::size_t i = 0; i < t->fields.size(); ++i) out += (i ? "," : "") + rust_type(t->fields[i].type);
      return out + ")";
    }
    default: return t->name;
  }
}

// The field's type as its source writes it: displayName when that says it all; for a
// generic type (displayName drops the arguments) or one without a name (an array,
// a tuple) the type written out from the registry.
std::string source_type(const AbiEventField& f) {
  if (f.display.empty() || f.type->kind == TypeKind::Option || f.type->kind == TypeKind::Vec) return rust_type(f.type);
  return f.display;
}
}  // namespace

std::string event_signature(const AbiEvent& event) {
  std::string sig = event.label + "(";
  for (std::size_t i = 0; i < event.fields.size(); ++i) sig += (i ? "," : "") + source_type(event.fields[i]);
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
