#include "model/value.hpp"

#include <deque>
#include <map>
#include <mutex>

namespace meshcheck {

U256 Type::max_value() const {
  switch (kind) {
    case TypeKind::U8: return U256(0xff);
    case TypeKind::U16: return U256(0xffff);
    case TypeKind::U32: return U256(0xffffffffu);
    case TypeKind::U64: return U256(~std::uint64_t(0));
    case TypeKind::U128: return kU128MaxAsU256;
    case TypeKind::U256: return kU256Max;
    default: return U256(0);
  }
}

namespace types {
namespace {
// Composite types live as long as the program; a deque keeps their addresses stable.
TypeRef keep(Type t) {
  static std::mutex mutex;
  static std::deque<Type> store;
  std::lock_guard lock(mutex);
  store.push_back(std::move(t));
  return &store.back();
}
TypeRef primitive(TypeKind kind, const char* name) { return keep(Type{kind, name}); }
}  // namespace

TypeRef boolean() { static TypeRef t = primitive(TypeKind::Bool, "bool"); return t; }
TypeRef u8() { static TypeRef t = primitive(TypeKind::U8, "u8"); return t; }
TypeRef u32() { static TypeRef t = primitive(TypeKind::U32, "u32"); return t; }
TypeRef u64() { static TypeRef t = primitive(TypeKind::U64, "u64"); return t; }
TypeRef u128() { static TypeRef t = primitive(TypeKind::U128, "u128"); return t; }
TypeRef u256() { static TypeRef t = primitive(TypeKind::U256, "U256"); return t; }
TypeRef string() { static TypeRef t = primitive(TypeKind::String, "String"); return t; }
TypeRef h160() { static TypeRef t = primitive(TypeKind::H160, "H160"); return t; }
TypeRef account_id() { static TypeRef t = primitive(TypeKind::AccountId, "AccountId"); return t; }
TypeRef address(AddressKind kind) { return kind == AddressKind::H160 ? h160() : account_id(); }
TypeRef i32() { static TypeRef t = primitive(TypeKind::I32, "i32"); return t; }
TypeRef byte_array(std::size_t n) {
  static std::mutex mutex;
  static std::map<std::size_t, TypeRef> made;
  std::lock_guard lock(mutex);
  auto it = made.find(n);
  if (it != made.end()) return it->second;
  Type t{TypeKind::ByteArray, "[u8; " + std::to_string(n) + "]"};
  t.length = n;
  return made[n] = keep(std::move(t));
}
TypeRef unit() { static TypeRef t = keep(Type{TypeKind::Tuple, "()"}); return t; }

TypeRef option(TypeRef elem) {
  Type t{TypeKind::Option, "Option<" + elem->name + ">"};
  t.elem = elem;
  return keep(std::move(t));
}
TypeRef vec(TypeRef elem) {
  Type t{TypeKind::Vec, "Vec<" + elem->name + ">"};
  t.elem = elem;
  return keep(std::move(t));
}
TypeRef tuple(std::vector<TypeRef> elems) {
  Type t{TypeKind::Tuple, "("};
  for (std::size_t i = 0; i < elems.size(); ++i) {
    t.name += (i ? ", " : "") + elems[i]->name;
    t.fields.push_back(Field{std::to_string(i), elems[i]});
  }
  t.name += ")";
  return keep(std::move(t));
}
TypeRef struct_(std::string name, std::vector<Field> fields) {
  Type t{TypeKind::Struct, std::move(name)};
  t.fields = std::move(fields);
  return keep(std::move(t));
}
TypeRef unit_enum(std::string name, std::vector<std::string> variant_names) {
  Type t{TypeKind::Enum, std::move(name)};
  for (auto& v : variant_names) t.variants.push_back(EnumVariant{std::move(v), {}});
  return keep(std::move(t));
}
}  // namespace types

}  // namespace meshcheck
