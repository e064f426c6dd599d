#include "abi/synthesize.hpp"

#include <map>

#include "abi/bytes.hpp"
#include "abi/topics.hpp"

namespace meshcheck::abi {

using nlohmann::json;

namespace {

class RegistryWriter {
 public:
  // Where the model's records and enums live: "model" for the deployed contracts (as
  // before), the contract's own module for the spec profile's.
  explicit RegistryWriter(std::string module) : module_(std::move(module)) {}

  json types = json::array();

  u64 id_of(TypeRef t) {
    if (auto it = ids_.find(t); it != ids_.end()) return it->second;
    if (t->kind == TypeKind::ByteArray) return ids_[t] = array(id_of(types::u8()), t->length);  // shared with H160's
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
  u64 message_result(TypeRef returns) { return message_result(id_of(returns)); }
  u64 message_result(u64 ok) {
    if (!lang_error_) lang_error_ = push(json{{"path", {"ink_primitives", "LangError"}},
                                              {"def", {{"variant", {{"variants", {{{"index", 1}, {"name", "CouldNotReadInput"}}}}}}}}});
    return result(ok, *lang_error_);
  }

  // Result<T, E>, once per (T, E): with its parameters T and E, as scale-info writes a
  // Result (clients such as @polkadot/api-contract need them).
  u64 result(u64 ok, u64 err) {
    auto key = std::make_pair(ok, err);
    if (auto it = results_.find(key); it != results_.end()) return it->second;
    u64 id = push(json{{"path", {"Result"}},
                       {"params", {{{"name", "T"}, {"type", ok}}, {{"name", "E"}, {"type", err}}}},
                       {"def", {{"variant", {{"variants", {{{"fields", {{{"type", ok}}}}, {"index", 0}, {"name", "Ok"}},
                                                           {{"fields", {{{"type", err}}}}, {"index", 1}, {"name", "Err"}}}}}}}}});
    results_[key] = id;
    return id;
  }

  // The contract's `Error` enum (spec profile, R2): its unit variants in order.
  // ink::LangError's id (spec.lang_error), once a message result has made it.
  u64 lang_error() {
    message_result(types::unit());
    return *lang_error_;
  }

  u64 error_enum(const std::vector<std::string>& names) {
    if (error_) return *error_;
    json variants = json::array();
    for (std::size_t i = 0; i < names.size(); ++i) variants.push_back(json{{"index", i}, {"name", names[i]}});
    error_ = push(json{{"path", {module_, "Error"}}, {"def", {{"variant", {{"variants", variants}}}}}});
    return *error_;
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
        return json{{"path", {module_, t->name}}, {"def", {{"composite", {{"fields", fields}}}}}};
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
        return json{{"path", {module_, t->name}}, {"def", {{"variant", {{"variants", variants}}}}}};
      }
      case TypeKind::I32: return primitive("i32");
      case TypeKind::ByteArray: break;  // id_of: an array
    }
    return primitive("?");
  }

  std::string module_;
  std::map<TypeRef, u64> ids_;
  std::map<std::pair<u64, u64>, u64> arrays_;
  std::map<std::pair<u64, u64>, u64> results_;
  std::optional<u64> lang_error_;
  std::optional<u64> error_;
};

// The spec profile's names for its byte arrays (../shared/spec-profile.md §1.1), as its
// source writes them (`pub type Hash32 = [u8; 32];`): what ink! puts in displayName and
// hashes into an event's signature topic.
constexpr std::pair<std::size_t, const char*> kByteArrayAliases[] = {{32, "Hash32"}, {33, "PubKey33"}, {65, "Sig65"}};

// The name a source would write for the type (what displayName records): the last path
// segment, no generic arguments; an array without an alias has none (ink! writes []).
json display_name(TypeRef t) {
  switch (t->kind) {
    case TypeKind::Option: return json::array({"Option"});
    case TypeKind::Vec: return json::array({"Vec"});
    case TypeKind::ByteArray:
      for (auto& alias : kByteArrayAliases)
        if (alias.first == t->length) return json::array({alias.second});
      return json::array();
    default: return json::array({t->name});
  }
}

std::string joined(const json& display) {
  std::string out;
  for (auto& seg : display) out += (out.empty() ? "" : "::") + seg.get<std::string>();
  return out;
}

json type_spec(RegistryWriter& reg, TypeRef t) { return json{{"displayName", display_name(t)}, {"type", reg.id_of(t)}}; }

json args_json(RegistryWriter& reg, const std::vector<model::ArgSpec>& args) {
  json out = json::array();
  for (auto& a : args) out.push_back(json{{"label", a.label}, {"type", type_spec(reg, a.type)}});
  return out;
}

// A spec contract's mutating message returns Result<T, Error> (spec R2), a read its T
// (reads never fail); both inside ink!'s MessageResult.
bool returns_result(const model::ContractSpec& spec, const model::MessageSpec& m) {
  return spec.returns_result() && m.mutates;
}

}  // namespace

bool message_returns_result(const model::ContractSpec& spec, const model::MessageSpec& m) {
  return returns_result(spec, m);
}

json synthesize_metadata(const model::ContractSpec& spec) {
  const bool spec_profile = spec.returns_result();
  RegistryWriter reg(spec_profile ? spec.name : "model");
  json constructors = json::array({json{{"label", "new"},
                                        {"selector", to_hex(compute_selector("new"))},
                                        {"payable", false},
                                        {"default", false},
                                        {"args", args_json(reg, spec.constructor_args)},
                                        {"returnType", {{"displayName", {"ink_primitives", "ConstructorResult"}},
                                                        {"type", reg.message_result(types::unit())}}},
                                        {"docs", json::array()}}});
  json messages = json::array();
  for (auto& m : spec.messages) {
    u64 returns = returns_result(spec, m) ? reg.result(reg.id_of(m.returns), reg.error_enum(spec.errors))
                                          : reg.id_of(m.returns);
    messages.push_back(json{{"label", m.label},
                            {"selector", to_hex(compute_selector(m.label))},
                            {"payable", m.payable},
                            {"mutates", m.mutates},
                            {"default", false},
                            {"args", args_json(reg, m.args)},
                            {"returnType", {{"displayName", {"ink", "MessageResult"}}, {"type", reg.message_result(returns)}}},
                            {"docs", json::array()}});
  }
  json events = json::array();
  for (auto* e : spec.events) {
    json fields = json::array();
    AbiEvent sig{e->name, std::nullopt, {}, ""};
    for (auto& f : e->fields) {
      fields.push_back(json{{"label", f.name}, {"indexed", f.indexed}, {"type", type_spec(reg, f.type)}, {"docs", json::array()}});
      sig.fields.push_back(AbiEventField{f.name, f.type, f.indexed, joined(display_name(f.type))});
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
  // The build's code hash, so that the file is matched to the build it describes; 32
  // zero bytes for a contract without a build (the spec profile's: no code exists yet).
  std::string hash = spec.code_hash.empty() ? "0x" + std::string(64, '0') : std::string(spec.code_hash);
  std::string language = spec_profile ? "ink! 6 (meshcheck spec profile)"
                                      : v6 ? "ink! 6 (meshcheck synthesized)" : "ink! 5 (meshcheck synthesized)";
  return json{{"source", {{"hash", hash}, {"language", language}}},
              {"contract", {{"name", spec.name}, {"version", "0.0.0"}}},
              {"spec", {{"constructors", constructors},
                        {"messages", messages},
                        {"events", events},
                        {"environment", environment},
                        {"docs", json::array()},
                        {"lang_error", {{"displayName", {"ink", "LangError"}}, {"type", reg.lang_error()}}}}},
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
