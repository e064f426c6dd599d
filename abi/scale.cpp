#include "abi/scale.hpp"

#include <algorithm>
#include <variant>

namespace meshcheck::abi {

namespace {

// A Vec of zero-sized items (Vec<()>) costs no input bytes per item; its length is
// capped here instead, so that a huge compact length cannot make a huge vector.
constexpr std::size_t kMaxZeroSizedItems = 1 << 16;

// Little-endian unsigned integer of `width` bytes.
U256 read_le(std::span<const u8> b) {
  if (b.size() <= 8) {
    u64 x = 0;
    for (std::size_t i = b.size(); i-- > 0;) x = x << 8 | b[i];
    return U256(x);
  }
  U256 x;
  mp::import_bits(x, b.rbegin(), b.rend(), 8, true);
  return x;
}

void write_le(const U256& x, std::size_t width, Bytes& out) {
  if (width <= 8) {
    u64 v = static_cast<u64>(x);
    for (std::size_t i = 0; i < width; ++i) out.push_back(static_cast<u8>(v >> (8 * i)));
    return;
  }
  std::size_t start = out.size();
  if (x != 0) mp::export_bits(x, std::back_inserter(out), 8, false);  // least significant byte first
  out.resize(start + width, 0);
}

std::size_t int_width(TypeKind k) {
  switch (k) {
    case TypeKind::U8: return 1;
    case TypeKind::U16: return 2;
    case TypeKind::U32: return 4;
    case TypeKind::U64: return 8;
    case TypeKind::U128: return 16;
    default: return 32;
  }
}

// Option<bool> is one byte in parity-scale-codec (0 None, 1 Some(true), 2 Some(false)).
bool is_option_bool(TypeRef t) { return t->kind == TypeKind::Option && t->elem->kind == TypeKind::Bool; }

}  // namespace

std::span<const u8> Reader::take(std::size_t n, const char* what) {
  if (n > remaining())
    fail(std::string(what) + ": needs " + std::to_string(n) + " byte" + (n == 1 ? "" : "s") + ", " +
         std::to_string(remaining()) + " left");
  auto out = bytes_.subspan(pos_, n);
  pos_ += n;
  return out;
}

U256 Reader::compact(const char* what) {
  std::size_t start = offset();
  u8 b0 = byte(what);
  auto noncanonical = [&] { throw ScaleError(start, std::string(what) + ": compact integer not in its shortest form"); };
  switch (b0 & 3) {
    case 0: return U256(b0 >> 2);
    case 1: {
      auto b = take(1, what);
      u64 v = (u64(b0) | u64(b[0]) << 8) >> 2;
      if (v < 64) noncanonical();
      return U256(v);
    }
    case 2: {
      auto b = take(3, what);
      u64 v = (u64(b0) | u64(b[0]) << 8 | u64(b[1]) << 16 | u64(b[2]) << 24) >> 2;
      if (v < (u64(1) << 14)) noncanonical();
      return U256(v);
    }
    default: {
      std::size_t n = (b0 >> 2) + 4;
      if (n > 32) throw ScaleError(start, std::string(what) + ": compact integer of " + std::to_string(n) + " bytes is wider than 256 bits");
      auto b = take(n, what);
      if (b[n - 1] == 0) noncanonical();
      U256 v = read_le(b);
      if (n == 4 && v < U256(u64(1) << 30)) noncanonical();
      return v;
    }
  }
}

std::size_t Reader::length(std::size_t min_item_size, const char* what) {
  std::size_t start = offset();
  U256 n = compact(what);
  std::size_t cap = min_item_size ? remaining() / min_item_size : kMaxZeroSizedItems;
  if (n > U256(cap))
    throw ScaleError(start, std::string(what) + ": length " + n.str() + " is more than the " +
                                std::to_string(remaining()) + " bytes left can hold");
  return static_cast<std::size_t>(n);
}

bool valid_utf8(std::span<const u8> s, std::size_t& bad_at) {
  std::size_t i = 0;
  while (i < s.size()) {
    u8 c = s[i];
    std::size_t n;
    u32 cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      n = 1, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 2, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 3, cp = c & 0x07;
    } else {
      bad_at = i;
      return false;
    }
    if (i + n >= s.size()) {  // fewer continuation bytes than the lead byte announces
      bad_at = i;
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      if ((s[i + k] & 0xc0) != 0x80) {
        bad_at = i;
        return false;
      }
      cp = cp << 6 | (s[i + k] & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are invalid.
    static constexpr u32 kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
      bad_at = i;
      return false;
    }
    i += n + 1;
  }
  return true;
}

std::size_t min_encoded_size(TypeRef t) {
  switch (t->kind) {
    case TypeKind::Bool:
    case TypeKind::String:
    case TypeKind::Option:
    case TypeKind::Vec:
    case TypeKind::Enum: return 1;
    case TypeKind::H160: return 20;
    case TypeKind::AccountId: return 32;
    case TypeKind::I32: return 4;
    case TypeKind::ByteArray: return t->length;
    case TypeKind::Tuple:
    case TypeKind::Struct: {
      std::size_t n = 0;
      for (auto& f : t->fields) n += min_encoded_size(f.type);
      return n;
    }
    default: return int_width(t->kind);
  }
}

Value decode(TypeRef t, Reader& r, unsigned depth) {
  if (depth > kMaxDepth) r.fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
  switch (t->kind) {
    case TypeKind::Bool: {
      std::size_t at = r.offset();
      u8 b = r.byte("bool");
      if (b > 1) throw ScaleError(at, "bool: byte " + std::to_string(b) + " is neither 0 nor 1");
      return Value(b == 1);
    }
    case TypeKind::U8:
    case TypeKind::U16:
    case TypeKind::U32:
    case TypeKind::U64:
    case TypeKind::U128:
    case TypeKind::U256: return Value(read_le(r.take(int_width(t->kind), t->name.c_str())));
    case TypeKind::String: {
      std::size_t n = r.length(1, "String length");
      std::size_t at = r.offset();
      auto b = r.take(n, "String");
      std::size_t bad = 0;
      if (!valid_utf8(b, bad)) throw ScaleError(at + bad, "String: invalid UTF-8");
      return Value(std::string(reinterpret_cast<const char*>(b.data()), b.size()));
    }
    case TypeKind::H160:
    case TypeKind::AccountId: {
      Address a;
      a.kind = t->kind == TypeKind::H160 ? AddressKind::H160 : AddressKind::AccountId;
      auto b = r.take(a.size(), t->name.c_str());
      std::copy(b.begin(), b.end(), a.bytes.begin());
      return Value(a);
    }
    case TypeKind::Option: {
      std::size_t at = r.offset();
      u8 tag = r.byte(t->name.c_str());
      if (is_option_bool(t)) {
        if (tag > 2) throw ScaleError(at, t->name + ": byte " + std::to_string(tag) + " is not 0, 1 or 2");
        return tag == 0 ? Value::none() : Value::some(Value(tag == 1));
      }
      if (tag == 0) return Value::none();
      if (tag != 1) throw ScaleError(at, t->name + ": tag " + std::to_string(tag) + " is neither 0 (None) nor 1 (Some)");
      return Value::some(decode(t->elem, r, depth + 1));
    }
    case TypeKind::Vec: {
      std::size_t n = r.length(min_encoded_size(t->elem), (t->name + " length").c_str());
      Value::Seq items;
      items.reserve(n);
      for (std::size_t i = 0; i < n; ++i) items.push_back(decode(t->elem, r, depth + 1));
      return Value(std::move(items));
    }
    case TypeKind::Tuple:
    case TypeKind::Struct: {
      Value::Seq items;
      items.reserve(t->fields.size());
      for (auto& f : t->fields) items.push_back(decode(f.type, r, depth + 1));
      return Value(std::move(items));
    }
    case TypeKind::Enum: {
      std::size_t at = r.offset();
      u8 index = r.byte(t->name.c_str());
      // A variant without a name stands for an index the type does not define (see
      // abi/type_registry.cpp: metadata enums may skip indices).
      if (index >= t->variants.size() || t->variants[index].name.empty())
        throw ScaleError(at, t->name + ": unknown variant index " + std::to_string(index));
      Value::Enum e{index, {}};
      for (auto& f : t->variants[index].fields) e.fields.push_back(decode(f.type, r, depth + 1));
      return Value(std::move(e));
    }
    case TypeKind::I32: return Value(read_le(r.take(4, "i32")));
    case TypeKind::ByteArray: {
      auto b = r.take(t->length, t->name.c_str());
      return Value(std::string(reinterpret_cast<const char*>(b.data()), b.size()));
    }
  }
  r.fail("unsupported type " + t->name);
}

Value decode_all(TypeRef type, std::span<const u8> bytes) {
  Reader r(bytes);
  Value v = decode(type, r);
  if (!r.at_end()) r.fail(std::to_string(r.remaining()) + " trailing byte" + (r.remaining() == 1 ? "" : "s") + " after " + type->name);
  return v;
}

void encode_compact(const U256& n, Bytes& out) {
  if (n < 64) {
    out.push_back(static_cast<u8>(static_cast<unsigned>(n) << 2));
  } else if (n < (1u << 14)) {
    unsigned v = static_cast<unsigned>(n) << 2 | 1;
    out.push_back(static_cast<u8>(v)), out.push_back(static_cast<u8>(v >> 8));
  } else if (n < (u64(1) << 30)) {
    u64 v = static_cast<u64>(n) << 2 | 2;
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<u8>(v >> (8 * i)));
  } else {
    std::size_t bytes = (mp::msb(n) / 8) + 1;
    bytes = std::max<std::size_t>(bytes, 4);
    out.push_back(static_cast<u8>((bytes - 4) << 2 | 3));
    write_le(n, bytes, out);
  }
}

namespace {
void encode_inner(TypeRef t, const Value& v, Bytes& out, unsigned depth) {
  if (depth > kMaxDepth) throw EncodeError("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
  switch (t->kind) {
    case TypeKind::Bool: out.push_back(v.as_bool() ? 1 : 0); return;
    case TypeKind::U8:
    case TypeKind::U16:
    case TypeKind::U32:
    case TypeKind::U64:
    case TypeKind::U128:
    case TypeKind::U256: {
      const U256& x = v.as_int();
      if (x > t->max_value()) throw EncodeError(x.str() + " does not fit " + t->name);
      write_le(x, int_width(t->kind), out);
      return;
    }
    case TypeKind::String: {
      const std::string& s = v.as_string();
      encode_compact(U256(s.size()), out);
      out.insert(out.end(), s.begin(), s.end());
      return;
    }
    case TypeKind::H160:
    case TypeKind::AccountId: {
      const Address& a = v.as_address();
      if ((t->kind == TypeKind::H160) != (a.kind == AddressKind::H160))
        throw EncodeError("address " + a.hex() + " is not a " + t->name);
      out.insert(out.end(), a.bytes.begin(), a.bytes.begin() + a.size());
      return;
    }
    case TypeKind::Option: {
      const auto& e = v.as_enum();
      if (e.index > 1 || e.fields.size() != e.index) throw EncodeError("malformed " + t->name + " value");
      if (is_option_bool(t)) {
        out.push_back(e.index == 0 ? 0 : e.fields[0].as_bool() ? 1 : 2);
        return;
      }
      out.push_back(static_cast<u8>(e.index));
      if (e.index) encode_inner(t->elem, e.fields[0], out, depth + 1);
      return;
    }
    case TypeKind::Vec: {
      const auto& items = v.as_seq();
      encode_compact(U256(items.size()), out);
      for (auto& item : items) encode_inner(t->elem, item, out, depth + 1);
      return;
    }
    case TypeKind::Tuple:
    case TypeKind::Struct: {
      const auto& items = v.as_seq();
      if (items.size() != t->fields.size())
        throw EncodeError(t->name + " has " + std::to_string(t->fields.size()) + " fields, the value " +
                          std::to_string(items.size()));
      for (std::size_t i = 0; i < items.size(); ++i) encode_inner(t->fields[i].type, items[i], out, depth + 1);
      return;
    }
    case TypeKind::Enum: {
      const auto& e = v.as_enum();
      if (e.index >= t->variants.size() || t->variants[e.index].name.empty() || e.index > 255)
        throw EncodeError(t->name + " has no variant " + std::to_string(e.index));
      auto& fields = t->variants[e.index].fields;
      if (e.fields.size() != fields.size()) throw EncodeError("malformed " + t->name + " value");
      out.push_back(static_cast<u8>(e.index));
      for (std::size_t i = 0; i < fields.size(); ++i) encode_inner(fields[i].type, e.fields[i], out, depth + 1);
      return;
    }
    case TypeKind::I32: {
      const U256& x = v.as_int();
      if (x > U256(0xffffffffu)) throw EncodeError(x.str() + " is not an i32 bit pattern");
      write_le(x, 4, out);
      return;
    }
    case TypeKind::ByteArray: {
      const std::string& b = v.as_string();
      if (b.size() != t->length) throw EncodeError(std::to_string(b.size()) + " bytes for " + t->name);
      out.insert(out.end(), b.begin(), b.end());
      return;
    }
  }
  throw EncodeError("unsupported type " + t->name);
}
}  // namespace

void encode(TypeRef type, const Value& v, Bytes& out) {
  try {
    encode_inner(type, v, out, 0);
  } catch (const std::bad_variant_access&) {
    throw EncodeError("a value of the wrong kind for " + type->name);
  }
}

}  // namespace meshcheck::abi
