// Type descriptors and dynamic values: the shape of every argument, return value and
// event field, as the contracts' ink! metadata describes them.
//
// The typed C++ model (model/<contract>.cpp) works on plain structs; Type and Value are
// the boundary where calls come in from traces (and, later, SCALE bytes) and outcomes
// and events go out. A Value carries no type of its own: it is read through the Type
// it belongs to, exactly as SCALE data is.
#pragma once

#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

#include "model/types.hpp"

namespace meshcheck {

enum class TypeKind : u8 {
  Bool, U8, U16, U32, U64, U128, U256, String, H160, AccountId,
  Option,  // elem
  Vec,     // elem
  Tuple,   // fields (unnamed)
  Struct,  // fields (named)
  Enum,    // variants
  // The spec profile's additions (../shared/trace-format.md): `i32` (a Value holds its
  // 32-bit two's complement pattern as an integer) and `[u8; N]` (`length` N; a Value
  // holds the N raw bytes as a string).
  I32,
  ByteArray,
};

struct Type;
using TypeRef = const Type*;

struct Field {
  std::string name;
  TypeRef type;
};

struct EnumVariant {
  std::string name;
  std::vector<Field> fields;  // empty for unit variants
};

struct Type {
  TypeKind kind;
  std::string name;        // display name: "u128", "Job", "Option<H160>", ...
  TypeRef elem = nullptr;  // Option, Vec
  std::vector<Field> fields = {};
  std::vector<EnumVariant> variants = {};
  std::size_t length = 0;  // ByteArray: N

  bool is_integer() const { return kind >= TypeKind::U8 && kind <= TypeKind::U256; }
  bool is_address() const { return kind == TypeKind::H160 || kind == TypeKind::AccountId; }
  // Largest value of an integer type.
  U256 max_value() const;
};

// The primitive types, and builders for the composite ones. Composite types are
// created once (function-local statics in each contract) and live for the program.
namespace types {
TypeRef boolean();
TypeRef u8();
TypeRef u32();
TypeRef u64();
TypeRef u128();
TypeRef u256();
TypeRef string();
TypeRef h160();
TypeRef account_id();
TypeRef address(AddressKind kind);
TypeRef unit();  // ()
TypeRef i32();
TypeRef byte_array(std::size_t n);  // [u8; n], one type per n
TypeRef option(TypeRef elem);
TypeRef vec(TypeRef elem);
TypeRef tuple(std::vector<TypeRef> elems);
TypeRef struct_(std::string name, std::vector<Field> fields);
TypeRef unit_enum(std::string name, std::vector<std::string> variant_names);
}  // namespace types

struct Value {
  // An enum value: variant index and its fields. Option is the enum {None, Some(T)}.
  struct Enum {
    u32 index = 0;
    std::vector<Value> fields;
    friend bool operator==(const Enum&, const Enum&) = default;
  };
  // Struct fields, tuple elements or Vec items, in order.
  using Seq = std::vector<Value>;

  std::variant<bool, U256, std::string, Address, Enum, Seq> v;

  Value() : v(Seq{}) {}
  Value(bool b) : v(b) {}
  Value(const U256& i) : v(i) {}
  Value(const u128& i) : v(U256(i)) {}
  Value(u64 i) : v(U256(i)) {}
  Value(u32 i) : v(U256(i)) {}
  Value(u8 i) : v(U256(i)) {}
  Value(std::string s) : v(std::move(s)) {}
  Value(const char* s) : v(std::string(s)) {}
  Value(const Address& a) : v(a) {}
  Value(Enum e) : v(std::move(e)) {}
  Value(Seq s) : v(std::move(s)) {}

  static Value none() { return Value(Enum{0, {}}); }
  static Value some(Value x) { return Value(Enum{1, {std::move(x)}}); }
  template <class T> static Value optional(const std::optional<T>& o) { return o ? some(Value(*o)) : none(); }
  static Value variant(u32 index) { return Value(Enum{index, {}}); }
  static Value seq(std::initializer_list<Value> items) { return Value(Seq(items)); }

  bool as_bool() const { return std::get<bool>(v); }
  const U256& as_int() const { return std::get<U256>(v); }
  const std::string& as_string() const { return std::get<std::string>(v); }
  const Address& as_address() const { return std::get<Address>(v); }
  const Enum& as_enum() const { return std::get<Enum>(v); }
  const Seq& as_seq() const { return std::get<Seq>(v); }

  friend bool operator==(const Value&, const Value&) = default;
};

}  // namespace meshcheck
