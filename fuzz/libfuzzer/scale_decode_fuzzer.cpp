// libFuzzer target: the SCALE decoder (abi/scale.*) and the event decoder
// (abi/event_codec.*) on arbitrary bytes, through every type the six contracts'
// metadata uses. Input layout: fuzz/libfuzzer/fixtures.hpp.
//
// Besides "never crash, never read out of bounds, never allocate what the input cannot
// describe" (ASan, UBSan, -rss_limit_mb), it checks that decoding is the inverse of
// encoding: the decoder accepts only canonical encodings, so whatever it accepts must
// encode back to exactly the same bytes.
#include <cstdio>
#include <cstdlib>

#include "abi/event_codec.hpp"
#include "abi/scale.hpp"
#include "fuzz/libfuzzer/fixtures.hpp"

using namespace meshcheck;

namespace {
[[noreturn]] void mismatch(const std::string& what, std::span<const u8> in, std::span<const u8> out) {
  std::fprintf(stderr, "scale_decode_fuzzer: %s does not encode back to its input\n  input  %s\n  output %s\n",
               what.c_str(), abi::to_hex(in).c_str(), abi::to_hex(out).c_str());
  std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  libfuzzer::scale_types();
  libfuzzer::events();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::span<const u8> in(data, size);
  if (in[0] < libfuzzer::kEventMode) {
    const auto& types = libfuzzer::scale_types();
    TypeRef t = types[in[0] % types.size()];
    auto bytes = in.subspan(1);
    Value v;
    try {
      v = abi::decode_all(t, bytes);
    } catch (const abi::ScaleError& e) {
      if (e.offset > bytes.size()) std::abort();  // an offset past the input is a bug
      return 0;
    }
    abi::Bytes again = abi::encode(t, v);
    if (!std::equal(again.begin(), again.end(), bytes.begin(), bytes.end())) mismatch(t->name, bytes, again);
    return 0;
  }
  if (size < 2) return 0;
  const auto& events = libfuzzer::events();
  const auto& ref = events[in[1] % events.size()];
  abi::RawEvent raw;
  if (ref.event->signature_topic) raw.topics.push_back(*ref.event->signature_topic);
  raw.data.assign(in.begin() + 2, in.end());
  abi::DecodedEvent decoded;
  try {
    decoded = abi::decode_event(*ref.metadata, raw);
  } catch (const abi::ScaleError& e) {
    if (e.offset > raw.data.size()) std::abort();
    return 0;
  } catch (const abi::MetadataError&) {
    return 0;  // an anonymous event has no topic to find it by
  }
  abi::RawEvent again = abi::encode_event(*decoded.event, decoded.fields);
  if (again.data != raw.data) mismatch("event " + decoded.event->label, raw.data, again.data);
  return 0;
}
