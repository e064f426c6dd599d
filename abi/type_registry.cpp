#include "abi/type_registry.hpp"

namespace meshcheck::abi {

using nlohmann::json;

namespace {
std::string last_path(const json& type) {
  auto it = type.find("path");
  if (it == type.end() || !it->is_array() || it->empty() || !it->back().is_string()) return "";
  return it->back().get<std::string>();
}
u64 type_id(const json& j, const std::string& where) {
  // JSON writers differ in whether a small number is "unsigned"; any integer >= 0 will do.
  if (!j.is_number_integer() || j.get<long long>() < 0)
    throw MetadataError(where + ": expected a type id, got " + j.dump());
  return j.get<u64>();
}
}  // namespace

TypeRegistry::TypeRegistry(const json& types) {
  if (!types.is_array()) throw MetadataError("\"types\" is not an array");
  for (auto& t : types) {
    if (!t.is_object() || !t.contains("id") || !t.contains("type") || !t["type"].is_object() ||
        !t["type"].contains("def"))
      throw MetadataError("a \"types\" entry is not {\"id\", \"type\": {\"def\", ...}}: " + t.dump().substr(0, 120));
    entries_[type_id(t["id"], "types[].id")] = &t["type"];
  }
}

const json& TypeRegistry::entry(u64 id) const {
  auto it = entries_.find(id);
  if (it == entries_.end()) throw MetadataError("type id " + std::to_string(id) + " is not in the registry");
  return *it->second;
}

TypeRef TypeRegistry::keep(Type t) {
  store_.push_back(std::move(t));
  return &store_.back();
}

TypeRef TypeRegistry::resolve(u64 id) {
  if (auto it = resolved_.find(id); it != resolved_.end()) return it->second;
  if (in_progress_[id]) throw MetadataError("type " + std::to_string(id) + " is recursive, which SCALE values of these contracts never are");
  in_progress_[id] = true;
  TypeRef t = build(id, entry(id));
  in_progress_[id] = false;
  resolved_[id] = t;
  return t;
}

TypeRef TypeRegistry::build(u64 id, const json& type) {
  const json& def = type["def"];
  std::string where = "type " + std::to_string(id);
  std::string name = last_path(type);
  if (auto p = def.find("primitive"); p != def.end()) {
    std::string prim = p->is_string() ? p->get<std::string>() : "";
    if (prim == "bool") return types::boolean();
    if (prim == "u8") return types::u8();
    if (prim == "u16") return keep(Type{TypeKind::U16, "u16"});
    if (prim == "u32") return types::u32();
    if (prim == "u64") return types::u64();
    if (prim == "u128") return types::u128();
    if (prim == "u256") return types::u256();
    if (prim == "str") return types::string();
    if (prim == "i32") return types::i32();  // the spec profile's reputation delta
    throw MetadataError(where + ": primitive \"" + prim + "\" is not supported (unsigned integers, i32, bool and str are)");
  }
  if (auto c = def.find("composite"); c != def.end()) {
    const json fields = c->value("fields", json::array());
    auto array_len = [&](std::size_t i) -> std::optional<u64> {
      if (fields.size() <= i) return std::nullopt;
      const json& inner = entry(type_id(fields[i]["type"], where + ".fields[].type"))["def"];
      if (!inner.contains("array")) return std::nullopt;
      return inner["array"].value("len", u64(0));
    };
    // Addresses and U256 keep their own kinds: the model compares them as such.
    if (name == "H160" && fields.size() == 1 && array_len(0) == 20u) return types::h160();
    if (name == "AccountId" && fields.size() == 1 && array_len(0) == 32u) return types::account_id();
    if (name == "U256" && fields.size() == 1 && array_len(0) == 4u) return types::u256();
    bool named = !fields.empty() && fields[0].contains("name") && fields[0]["name"].is_string();
    Type t{named ? TypeKind::Struct : TypeKind::Tuple, name};
    for (std::size_t i = 0; i < fields.size(); ++i) {
      TypeRef ft = resolve(type_id(fields[i]["type"], where + ".fields[].type"));
      std::string fname = named ? fields[i].value("name", std::string()) : std::to_string(i);
      t.fields.push_back(Field{fname, ft});
    }
    if (!named) {
      t.name = name.empty() ? "(" : name + "(";
      for (std::size_t i = 0; i < t.fields.size(); ++i) t.name += (i ? ", " : "") + t.fields[i].type->name;
      t.name += ")";
    }
    return keep(std::move(t));
  }
  if (auto v = def.find("variant"); v != def.end()) {
    const json variants = v->value("variants", json::array());
    if (name == "Option" && variants.size() == 2) {
      for (auto& var : variants)
        if (var.value("name", "") == "Some" && var.contains("fields") && var["fields"].size() == 1) {
          TypeRef elem = resolve(type_id(var["fields"][0]["type"], where + ".Some"));
          Type t{TypeKind::Option, "Option<" + elem->name + ">"};
          t.elem = elem;
          return keep(std::move(t));
        }
    }
    Type t{TypeKind::Enum, name};
    for (auto& var : variants) {
      if (!var.contains("index") || !var["index"].is_number_integer() || var["index"].get<long long>() < 0 ||
          var["index"].get<long long>() > 255)
        throw MetadataError(where + ": variant without an index in 0..255");
      std::size_t index = var["index"].get<u64>();
      if (t.variants.size() <= index) t.variants.resize(index + 1);
      EnumVariant ev{var.value("name", std::string("?")), {}};
      if (ev.name.empty()) ev.name = "?";
      for (auto& f : var.value("fields", json::array())) {
        TypeRef ft = resolve(type_id(f["type"], where + ".variants[].fields[].type"));
        ev.fields.push_back(Field{f.value("name", std::to_string(ev.fields.size())), ft});
      }
      t.variants[index] = std::move(ev);
    }
    if (name == "Result" && t.variants.size() == 2 && t.variants[0].fields.size() == 1 &&
        t.variants[1].fields.size() == 1)
      t.name = "Result<" + t.variants[0].fields[0].type->name + ", " + t.variants[1].fields[0].type->name + ">";
    return keep(std::move(t));
  }
  if (auto s = def.find("sequence"); s != def.end()) {
    TypeRef elem = resolve(type_id((*s)["type"], where + ".sequence.type"));
    Type t{TypeKind::Vec, "Vec<" + elem->name + ">"};
    t.elem = elem;
    return keep(std::move(t));
  }
  if (auto a = def.find("array"); a != def.end()) {
    TypeRef elem = resolve(type_id((*a)["type"], where + ".array.type"));
    u64 len = a->value("len", u64(0));
    // Arrays are fixed: their length comes from the metadata, not from the input, but
    // cap it all the same so a hostile metadata file cannot make a huge type.
    if (len > 4096) throw MetadataError(where + ": array of " + std::to_string(len) + " elements is too long");
    // [u8; N] is a byte array (one value, written 0x-hex in traces), as the model has it.
    if (elem->kind == TypeKind::U8) return types::byte_array(len);
    Type t{TypeKind::Tuple, "[" + elem->name + "; " + std::to_string(len) + "]"};
    for (u64 i = 0; i < len; ++i) t.fields.push_back(Field{std::to_string(i), elem});
    return keep(std::move(t));
  }
  if (auto tu = def.find("tuple"); tu != def.end()) {
    if (!tu->is_array()) throw MetadataError(where + ": tuple is not an array of type ids");
    if (tu->empty()) return types::unit();
    Type t{TypeKind::Tuple, "("};
    for (std::size_t i = 0; i < tu->size(); ++i) {
      TypeRef ft = resolve(type_id((*tu)[i], where + ".tuple[]"));
      t.fields.push_back(Field{std::to_string(i), ft});
      t.name += (i ? ", " : "") + ft->name;
    }
    t.name += ")";
    return keep(std::move(t));
  }
  std::string kind = def.is_object() && !def.empty() ? def.begin().key() : def.dump();
  throw MetadataError(where + ": type definition \"" + kind + "\" is not supported");
}

}  // namespace meshcheck::abi
