#include "abi/synthesize.hpp"

#include <map>

#include "abi/bytes.hpp"
#include "abi/topics.hpp"

namespace meshcheck::abi {

using nlohmann::json;

namespace {

class RegistryWriter {
 public:
  json types = json::array();

  u64 id_of(TypeRef t) {
    if (auto it = ids_.find(t); it != ids_.end()) return it->second;
    json def = definition(t);
    return add(t, std::move(def));
  }

  u64 array(u64 elem, u64 len) {
    auto key = std::make_pair(elem, len);
    if (auto it = arrays_.find(key); it != arrays_.end()) return it->second;
    u64 id = push(json{{"def", {{"array", {{"len", len}, {"type", elem}}}}}});
    arrays_[key] = id;
    return id;
  }

  // Result<T, LangError>: what every message and constructor returns.
  u64 message_result(TypeRef returns) {
    u64 ok = id_of(returns);
    if (!lang_error_) lang_error_ = push(json{{"path", {"ink_primitives", "LangError"}},
                                              {"def", {{"variant", {{"variants", {{{"index", 1}, {"name", "CouldNotReadInput"}}}}}}}}});
    // With its parameters T and E, as scale-info writes a Result (clients such as
    // @polkadot/api-contract need them).
    return push(json{{"path", {"Result"}},
                     {"params", {{{"name", "T"}, {"type", ok}}, {{"name", "E"}, {"type", *lang_error_}}}},
                     {"def", {{"variant", {{"variants", {{{"fields", {{{"type", ok}}}}, {"index", 0}, {"name", "Ok"}},
                                                         {{"fields", {{{"type", *lang_error_}}}}, {"index", 1}, {"name", "Err"}}}}}}}}});
  }

 private:
  u64 push(json type) {
    u64 id = types.size();
    types.push_back(json{{"id", id}, {"type", std::move(type)}});
    return id;
  }
  u64 add(TypeRef t, json type) {
    u64 id = push(std::move(type));
    ids_[t] = id;
    return id;
  }

  json primitive(const char* name) { return json{{"def", {{"primitive", name}}}}; }

  json definition(TypeRef t) {
    switch (t->kind) {
      case TypeKind::Bool: return primitive("bool");
      case TypeKind::U8: return primitive("u8");
      case TypeKind::U16: return primitive("u16");
      case TypeKind::U32: return primitive("u32");
      case TypeKind::U64: return primitive("u64");
      case TypeKind::U128: return primitive("u128");
      case TypeKind::String: return primitive("str");
      case TypeKind::U256:
        return json{{"path", {"primitive_types", "U256"}},
                    {"def", {{"composite", {{"fields", {{{"type", array(id_of(types::u64()), 4)}, {"typeName", "[u64; 4]"}}}}}}}}};
      case TypeKind::H160:
        return json{{"path", {"primitive_types", "H160"}},
                    {"def", {{"composite", {{"fields", {{{"type", array(id_of(types::u8()), 20)}, {"typeName", "[u8; 20]"}}}}}}}}};
      case TypeKind::AccountId:
        return json{{"path", {"ink_primitives", "types", "AccountId"}},
                    {"def", {{"composite", {{"fields", {{{"type", array(id_of(types::u8()), 32)}, {"typeName", "[u8; 32]"}}}}}}}}};
      case TypeKind::Option: {
        u64 elem = id_of(t->elem);
        return json{{"path", {"Option"}},
                    {"params", {{{"name", "T"}, {"type", elem}}}},
                    {"def", {{"variant", {{"variants", {{{"index", 0}, {"name", "None"}},
                                                        {{"fields", {{{"type", elem}}}}, {"index", 1}, {"name", "Some"}}}}}}}}};
      }
      case TypeKind::Vec: return json{{"def", {{"sequence", {{"type", id_of(t->elem)}}}}}};
      case TypeKind::Tuple: {
        json elems = json::array();
        for (auto& f : t->fields) elems.push_back(id_of(f.type));
        return json{{"def", {{"tuple", elems}}}};
      }
      case TypeKind::Struct: {
        json fields = json::array();
        for (auto& f : t->fields) fields.push_back(json{{"name", f.name}, {"type", id_of(f.type)}, {"typeName", f.type->name}});
        return json{{"path", {"model", t->name}}, {"def", {{"composite", {{"fields", fields}}}}}};
      }
      case TypeKind::Enum: {
        json variants = json::array();
        for (std::size_t i = 0; i < t->variants.size(); ++i) {
          json v{{"index", i}, {"name", t->variants[i].name}};
          if (!t->variants[i].fields.empty()) {
            json fields = json::array();
            for (auto& f : t->variants[i].fields) fields.push_back(json{{"type", id_of(f.type)}});
            v["fields"] = fields;
          }
          variants.push_back(v);
        }
        return json{{"path", {"model", t->name}}, {"def", {{"variant", {{"variants", variants}}}}}};
      }
      case TypeKind::I32: return primitive("i32");
      case TypeKind::ByteArray: return json{{"def", {{"array", {{"len", t->length}, {"type", id_of(types::u8())}}}}}};
    }
    return primitive("?");
  }

  std::map<TypeRef, u64> ids_;
  std::map<std::pair<u64, u64>, u64> arrays_;
  std::optional<u64> lang_error_;
};

// The name a source would write for the type (what displayName records and what the
// signature topic hashes): the last path segment, no generic arguments.
json display_name(TypeRef t) {
  switch (t->kind) {
    case TypeKind::Option: return json::array({"Option"});
    case TypeKind::Vec: return json::array({"Vec"});
    default: return json::array({t->name});
  }
}

json type_spec(RegistryWriter& reg, TypeRef t) { return json{{"displayName", display_name(t)}, {"type", reg.id_of(t)}}; }

json args_json(RegistryWriter& reg, const std::vector<model::ArgSpec>& args) {
  json out = json::array();
  for (auto& a : args) out.push_back(json{{"label", a.label}, {"type", type_spec(reg, a.type)}});
  return out;
}

}  // namespace

json synthesize_metadata(const model::ContractSpec& spec) {
  RegistryWriter reg;
  json constructors = json::array({json{{"label", "new"},
                                        {"selector", to_hex(compute_selector("new"))},
                                        {"payable", false},
                                        {"default", false},
                                        {"args", args_json(reg, spec.constructor_args)},
                                        {"returnType", {{"displayName", {"ink_primitives", "ConstructorResult"}},
                                                        {"type", reg.message_result(types::unit())}}},
                                        {"docs", json::array()}}});
  json messages = json::array();
  for (auto& m : spec.messages)
    messages.push_back(json{{"label", m.label},
                            {"selector", to_hex(compute_selector(m.label))},
                            {"payable", m.payable},
                            {"mutates", m.mutates},
                            {"default", false},
                            {"args", args_json(reg, m.args)},
                            {"returnType", {{"displayName", {"ink", "MessageResult"}}, {"type", reg.message_result(m.returns)}}},
                            {"docs", json::array()}});
  json events = json::array();
  for (auto* e : spec.events) {
    json fields = json::array();
    AbiEvent sig{e->name, std::nullopt, {}, ""};
    for (auto& f : e->fields) {
      fields.push_back(json{{"label", f.name}, {"indexed", f.indexed}, {"type", type_spec(reg, f.type)}, {"docs", json::array()}});
      sig.fields.push_back(AbiEventField{f.name, f.type, f.indexed, display_name(f.type)[0].get<std::string>()});
    }
    events.push_back(json{{"label", e->name},
                          {"module_path", spec.name + "::" + spec.name},
                          {"signature_topic", to_hex(compute_signature_topic(sig))},
                          {"args", fields},
                          {"docs", json::array()}});
  }
  bool v6 = spec.ink == model::InkVersion::V6;
  json environment = json::object();
  if (v6) environment["nativeToEthRatio"] = 100000000;
  // The build's code hash, so that the file is matched to the build it describes.
  std::string hash = spec.code_hash.empty() ? std::string("0x00") : std::string(spec.code_hash);
  return json{{"source", {{"hash", hash}, {"language", v6 ? "ink! 6 (meshcheck synthesized)" : "ink! 5 (meshcheck synthesized)"}}},
              {"contract", {{"name", spec.name}, {"version", "0.0.0"}}},
              {"spec", {{"constructors", constructors},
                        {"messages", messages},
                        {"events", events},
                        {"environment", environment},
                        {"docs", json::array()},
                        {"lang_error", {{"displayName", {"ink", "LangError"}}, {"type", 0}}}}},
              {"types", reg.types},
              {"version", v6 ? 6 : 5}};
}

std::string unpublished_metadata_file_name(const model::ContractSpec& spec) {
  return spec.name + (spec.ink == model::InkVersion::V6 ? ".ink6" : ".ink5") + ".json";
}

std::string synthesized_file_name(const model::ContractSpec& spec, const model::Profile& profile) {
  return profile.contract(spec.name) == &spec ? spec.name + ".json" : unpublished_metadata_file_name(spec);
}

}  // namespace meshcheck::abi
