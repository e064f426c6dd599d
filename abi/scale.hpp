// SCALE, the encoding of ink! call data, return values, events and topics, read and
// written through meshcheck Types (model/value.hpp).
//
// The decoder is meant for bytes taken from anywhere: it never reads past its input,
// never allocates more than the input could describe (a length is checked against the
// bytes left before anything is reserved), nests no deeper than kMaxDepth, and reports
// every failure as a ScaleError carrying the byte offset where decoding stopped.
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>

#include "abi/bytes.hpp"
#include "model/value.hpp"

namespace meshcheck::abi {

// Bytes that are not a valid encoding of the expected type.
struct ScaleError : std::runtime_error {
  ScaleError(std::size_t offset, const std::string& why)
      : std::runtime_error(why + " at byte " + std::to_string(offset)), offset(offset), reason(why) {}
  std::size_t offset;  // where the decoder stopped, from the start of the input
  std::string reason;  // without the offset
};

// A value that does not fit the type it is encoded as (a programming or trace error,
// not a property of bytes).
struct EncodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Types nest far less than this; deeper data is hostile.
inline constexpr unsigned kMaxDepth = 32;

// A cursor over bytes being decoded.
class Reader {
 public:
  explicit Reader(std::span<const u8> bytes, std::size_t base_offset = 0) : bytes_(bytes), base_(base_offset) {}

  std::size_t offset() const { return base_ + pos_; }
  std::size_t remaining() const { return bytes_.size() - pos_; }
  bool at_end() const { return pos_ == bytes_.size(); }

  // The next `n` bytes; ScaleError when fewer are left.
  std::span<const u8> take(std::size_t n, const char* what);
  u8 byte(const char* what) { return take(1, what)[0]; }
  // A compact-encoded unsigned integer; only the canonical (shortest) form is accepted,
  // as parity-scale-codec does, so that decoding and encoding are inverse.
  U256 compact(const char* what);
  // A compact length, checked to describe at most `remaining() / min_item_size` items.
  std::size_t length(std::size_t min_item_size, const char* what);

  [[noreturn]] void fail(const std::string& why) const { throw ScaleError(offset(), why); }

 private:
  std::span<const u8> bytes_;
  std::size_t base_;
  std::size_t pos_ = 0;
};

// Decodes one value of `type` from `r`, leaving `r` after it.
Value decode(TypeRef type, Reader& r, unsigned depth = 0);
// Decodes exactly one value of `type` from `bytes`: trailing bytes are an error.
Value decode_all(TypeRef type, std::span<const u8> bytes);

void encode(TypeRef type, const Value& v, Bytes& out);
inline Bytes encode(TypeRef type, const Value& v) {
  Bytes out;
  encode(type, v, out);
  return out;
}
void encode_compact(const U256& n, Bytes& out);

// The fewest bytes any value of `type` encodes to (bounds Vec lengths before reading).
std::size_t min_encoded_size(TypeRef type);

// Whether `bytes` are valid UTF-8 as Rust's str::from_utf8 defines it; on failure, the
// index of the first invalid byte.
bool valid_utf8(std::span<const u8> bytes, std::size_t& bad_at);

}  // namespace meshcheck::abi
