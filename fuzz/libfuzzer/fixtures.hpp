// What the libFuzzer targets share: the six contracts' ink! metadata synthesized from
// the model (abi/synthesize.hpp, so nothing outside the repository is needed), and the
// SCALE types the decoder is fuzzed through, in a fixed order (a seed's first byte
// picks one, so the order must not depend on anything but the model).
#pragma once

#include <vector>

#include "abi/metadata.hpp"
#include "abi/synthesize.hpp"
#include "model/profile.hpp"

namespace meshcheck::libfuzzer {

inline const abi::MetadataSet& metadata() {
  static const abi::MetadataSet set = [] {
    abi::MetadataSet s;
    for (auto* spec : model::deployed_profile().builds)  // payment_escrow's two builds included
      s.add(abi::Metadata::parse(abi::synthesize_metadata(*spec),
                                 abi::synthesized_file_name(*spec, model::deployed_profile())));
    return s;
  }();
  return set;
}

// Every argument type, MessageResult type and event field type of the six contracts,
// each once, in metadata order.
inline const std::vector<TypeRef>& scale_types() {
  static const std::vector<TypeRef> types = [] {
    std::vector<TypeRef> out;
    auto add = [&](TypeRef t) {
      for (auto* u : out)
        if (u == t) return;
      out.push_back(t);
    };
    for (auto& m : metadata().all()) {
      for (auto& c : m->constructors)
        for (auto& a : c.args) add(a.type);
      for (auto& msg : m->messages) {
        for (auto& a : msg.args) add(a.type);
        add(msg.result_type);
      }
      for (auto& e : m->events)
        for (auto& f : e.fields) add(f.type);
    }
    return out;
  }();
  return types;
}

// Every event of the six contracts, in metadata order, with its contract's metadata.
struct EventRef {
  const abi::Metadata* metadata;
  const abi::AbiEvent* event;
};
inline const std::vector<EventRef>& events() {
  static const std::vector<EventRef> out = [] {
    std::vector<EventRef> v;
    for (auto& m : metadata().all())
      for (auto& e : m->events) v.push_back({m.get(), &e});
    return v;
  }();
  return out;
}

// The input layout of scale_decode_fuzzer: the first byte picks what is decoded.
//   0x00-0x7f: a value of scale_types()[byte % size], the rest of the input its encoding;
//   0x80-0xff: an event, the second byte picking events()[byte % size] (its signature
//              topic is the first topic), the rest of the input its data.
inline constexpr unsigned char kEventMode = 0x80;

}  // namespace meshcheck::libfuzzer
