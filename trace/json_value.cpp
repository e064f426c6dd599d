#include "trace/json_value.hpp"

#include "abi/ss58.hpp"

#include <cstdint>

namespace meshcheck::trace {

namespace {
[[noreturn]] void fail(const std::string& path, const std::string& why) { throw ValueError(path + ": " + why); }

std::string shown(const Json& j) {
  std::string s = j.dump();
  return s.size() > 80 ? s.substr(0, 77) + "..." : s;
}
}  // namespace

U256 integer_from_json(const Json& j, const U256& max, const std::string& path) {
  BigInt n = 0;
  if (j.is_number_unsigned()) {
    auto v = j.get<std::uint64_t>();
    if (v >= (std::uint64_t(1) << 53)) fail(path, "JSON integer " + shown(j) + " is not exact above 2^53; write it as a string");
    n = v;
  } else if (j.is_number_integer()) {
    fail(path, "negative integer " + shown(j) + " for an unsigned type");
  } else if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (s.empty()) fail(path, "empty string is not an integer");
    bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    std::size_t start = hex ? 2 : 0;
    if (s.size() - start > 80) fail(path, "integer " + shown(j) + " is out of range");
    for (std::size_t i = start; i < s.size(); ++i) {
      char c = s[i];
      int d = (c >= '0' && c <= '9') ? c - '0'
              : hex && (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : hex && (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                              : -1;
      if (d < 0) fail(path, "\"" + s + "\" is not a " + (hex ? "hex" : "decimal") + " integer");
      n = n * (hex ? 16 : 10) + d;
    }
    if (hex && s.size() == 2) fail(path, "\"0x\" has no digits");
  } else {
    fail(path, "expected an integer (a decimal string), got " + shown(j));
  }
  if (n > BigInt(max)) fail(path, "integer " + shown(j) + " is out of range (max " + max.str() + ")");
  return U256(n);
}

Address address_from_json(const Json& j, const std::string& path) {
  if (!j.is_string()) fail(path, "expected an address (0x-hex string or SS58), got " + shown(j));
  std::string why;
  auto a = abi::parse_any_address(j.get_ref<const std::string&>(), why);
  if (!a)
    fail(path, "bad address " + shown(j) + ": " + why +
                   " (an address is 0x and 40 hex digits (H160), 0x and 64 (AccountId), or SS58)");
  return *a;
}

Value value_from_json(TypeRef type, const Json& j, const std::string& path) {
  switch (type->kind) {
    case TypeKind::Bool:
      if (!j.is_boolean()) fail(path, "expected bool, got " + shown(j));
      return Value(j.get<bool>());
    case TypeKind::U8:
    case TypeKind::U16:
    case TypeKind::U32:
    case TypeKind::U64:
    case TypeKind::U128:
    case TypeKind::U256: {
      try {
        return Value(integer_from_json(j, type->max_value(), path));
      } catch (const ValueError& e) {
        throw ValueError(std::string(e.what()) + " for " + type->name);
      }
    }
    case TypeKind::String:
      if (!j.is_string()) fail(path, "expected String, got " + shown(j));
      return Value(j.get<std::string>());
    case TypeKind::H160:
    case TypeKind::AccountId: {
      Address a = address_from_json(j, path);
      if (type->kind == TypeKind::H160 && a.kind != AddressKind::H160)
        fail(path, "expected an H160 address (0x and 40 hex digits), got " + shown(j));
      if (type->kind == TypeKind::AccountId && a.kind != AddressKind::AccountId)
        fail(path, "expected an AccountId (0x and 64 hex digits), got " + shown(j));
      return Value(a);
    }
    case TypeKind::Option:
      if (j.is_null()) return Value::none();
      return Value::some(value_from_json(type->elem, j, path));
    case TypeKind::Vec: {
      if (!j.is_array()) fail(path, "expected an array for " + type->name + ", got " + shown(j));
      Value::Seq items;
      items.reserve(j.size());
      for (std::size_t i = 0; i < j.size(); ++i)
        items.push_back(value_from_json(type->elem, j[i], path + "[" + std::to_string(i) + "]"));
      return Value(std::move(items));
    }
    case TypeKind::Tuple: {
      if (!j.is_array() || j.size() != type->fields.size())
        fail(path, "expected an array of " + std::to_string(type->fields.size()) + " for " + type->name + ", got " +
                       shown(j));
      Value::Seq items;
      for (std::size_t i = 0; i < j.size(); ++i)
        items.push_back(value_from_json(type->fields[i].type, j[i], path + "[" + std::to_string(i) + "]"));
      return Value(std::move(items));
    }
    case TypeKind::Struct: {
      if (!j.is_object()) fail(path, "expected an object for " + type->name + ", got " + shown(j));
      for (auto& [key, _] : j.items()) {
        bool known = false;
        for (auto& f : type->fields) known = known || f.name == key;
        if (!known) fail(path, type->name + " has no field \"" + key + "\"");
      }
      Value::Seq items;
      for (auto& f : type->fields) {
        auto it = j.find(f.name);
        if (it == j.end()) fail(path, type->name + " field \"" + f.name + "\" is missing");
        items.push_back(value_from_json(f.type, *it, path + "." + f.name));
      }
      return Value(std::move(items));
    }
    case TypeKind::Enum: {
      if (!j.is_string()) fail(path, "expected a variant name of " + type->name + ", got " + shown(j));
      auto& name = j.get_ref<const std::string&>();
      for (std::size_t i = 0; i < type->variants.size(); ++i)
        if (type->variants[i].name == name) return Value::variant(static_cast<u32>(i));
      fail(path, "\"" + name + "\" is not a variant of " + type->name);
    }
    case TypeKind::I32: {
      // A decimal string that may start with '-', or a JSON integer.
      std::int64_t n = 0;
      if (j.is_number_integer()) {
        n = j.get<std::int64_t>();
        if (n < INT32_MIN || n > INT32_MAX) fail(path, "integer " + shown(j) + " is out of range for i32");
      } else if (j.is_string()) {
        const std::string& s = j.get_ref<const std::string&>();
        std::size_t start = !s.empty() && s[0] == '-' ? 1 : 0;
        if (s.size() == start || s.size() - start > 11) fail(path, "\"" + s + "\" is not an i32 (a decimal integer, perhaps with '-')");
        for (std::size_t i = start; i < s.size(); ++i) {
          if (s[i] < '0' || s[i] > '9') fail(path, "\"" + s + "\" is not an i32 (a decimal integer, perhaps with '-')");
          n = n * 10 + (s[i] - '0');
        }
        if (start) n = -n;
        if (n < INT32_MIN || n > INT32_MAX) fail(path, "integer " + shown(j) + " is out of range for i32 (-2147483648..2147483647)");
      } else {
        fail(path, "expected an i32 (a decimal string), got " + shown(j));
      }
      return Value(U256(static_cast<std::uint32_t>(static_cast<std::int32_t>(n))));
    }
    case TypeKind::ByteArray: {
      auto bad = [&] {
        fail(path, "expected " + type->name + ": 0x and " + std::to_string(2 * type->length) + " hex digits, got " + shown(j));
      };
      if (!j.is_string()) bad();
      const std::string& s = j.get_ref<const std::string&>();
      if (s.size() != 2 + 2 * type->length || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) bad();
      auto digit = [](char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      };
      std::string bytes(type->length, '\0');
      for (std::size_t i = 0; i < type->length; ++i) {
        int hi = digit(s[2 + 2 * i]), lo = digit(s[3 + 2 * i]);
        if (hi < 0 || lo < 0) bad();
        bytes[i] = static_cast<char>(hi * 16 + lo);
      }
      return Value(std::move(bytes));
    }
  }
  fail(path, "unsupported type " + type->name);
}

Json value_to_json(TypeRef type, const Value& v) {
  switch (type->kind) {
    case TypeKind::Bool: return v.as_bool();
    case TypeKind::U8:
    case TypeKind::U16:
    case TypeKind::U32:
    case TypeKind::U64:
    case TypeKind::U128:
    case TypeKind::U256: return v.as_int().str();
    case TypeKind::String: return v.as_string();
    case TypeKind::H160:
    case TypeKind::AccountId: return v.as_address().hex();
    case TypeKind::Option: {
      auto& e = v.as_enum();
      return e.index == 0 ? Json(nullptr) : value_to_json(type->elem, e.fields.at(0));
    }
    case TypeKind::Vec: {
      Json out = Json::array();
      for (auto& item : v.as_seq()) out.push_back(value_to_json(type->elem, item));
      return out;
    }
    case TypeKind::Tuple: {
      Json out = Json::array();
      auto& items = v.as_seq();
      for (std::size_t i = 0; i < items.size(); ++i) out.push_back(value_to_json(type->fields[i].type, items[i]));
      return out;
    }
    case TypeKind::Struct: {
      Json out = Json::object();
      auto& items = v.as_seq();
      for (std::size_t i = 0; i < items.size(); ++i) out[type->fields[i].name] = value_to_json(type->fields[i].type, items[i]);
      return out;
    }
    case TypeKind::Enum: return type->variants.at(v.as_enum().index).name;
    case TypeKind::I32: return std::to_string(static_cast<std::int32_t>(static_cast<std::uint32_t>(v.as_int())));
    case TypeKind::ByteArray: {
      static const char* kHex = "0123456789abcdef";
      std::string out = "0x";
      for (unsigned char b : v.as_string()) out += kHex[b >> 4], out += kHex[b & 15];
      return out;
    }
  }
  return nullptr;
}

}  // namespace meshcheck::trace
