#include "abi/spec_check.hpp"

#include <algorithm>

#include "abi/synthesize.hpp"
#include "abi/topics.hpp"
#include "model/profile.hpp"

namespace meshcheck::abi {

namespace {
const char* kind_name(TypeKind k) {
  switch (k) {
    case TypeKind::Bool: return "bool";
    case TypeKind::U8: return "u8";
    case TypeKind::U16: return "u16";
    case TypeKind::U32: return "u32";
    case TypeKind::U64: return "u64";
    case TypeKind::U128: return "u128";
    case TypeKind::U256: return "U256";
    case TypeKind::String: return "String";
    case TypeKind::H160: return "H160";
    case TypeKind::AccountId: return "AccountId";
    case TypeKind::Option: return "Option";
    case TypeKind::Vec: return "Vec";
    case TypeKind::Tuple: return "tuple";
    case TypeKind::Struct: return "struct";
    case TypeKind::Enum: return "enum";
    case TypeKind::I32: return "i32";
    case TypeKind::ByteArray: return "[u8; N]";
  }
  return "?";
}

std::string diff(TypeRef a, TypeRef b, unsigned depth) {
  if (depth > 32) return "types nest too deep to compare";
  auto differ = [&](const std::string& why) { return "model " + a->name + " vs metadata " + b->name + ": " + why; };
  if (a->kind != b->kind) return differ(std::string(kind_name(a->kind)) + " vs " + kind_name(b->kind));
  switch (a->kind) {
    case TypeKind::Option:
    case TypeKind::Vec: return diff(a->elem, b->elem, depth + 1);
    case TypeKind::Tuple:
    case TypeKind::Struct:
      if (a->fields.size() != b->fields.size())
        return differ(std::to_string(a->fields.size()) + " vs " + std::to_string(b->fields.size()) + " fields");
      for (std::size_t i = 0; i < a->fields.size(); ++i) {
        if (a->kind == TypeKind::Struct && a->fields[i].name != b->fields[i].name)
          return differ("field " + std::to_string(i) + " is " + a->fields[i].name + " vs " + b->fields[i].name);
        if (auto d = diff(a->fields[i].type, b->fields[i].type, depth + 1); !d.empty())
          return a->name + "." + a->fields[i].name + ": " + d;
      }
      return "";
    case TypeKind::Enum:
      if (a->variants.size() != b->variants.size())
        return differ(std::to_string(a->variants.size()) + " vs " + std::to_string(b->variants.size()) + " variants");
      for (std::size_t i = 0; i < a->variants.size(); ++i) {
        auto& va = a->variants[i];
        auto& vb = b->variants[i];
        if (va.name != vb.name) return differ("variant " + std::to_string(i) + " is " + va.name + " vs " + vb.name);
        if (va.fields.size() != vb.fields.size()) return differ("variant " + va.name + " has other fields");
        for (std::size_t f = 0; f < va.fields.size(); ++f)
          if (auto d = diff(va.fields[f].type, vb.fields[f].type, depth + 1); !d.empty()) return d;
      }
      return "";
    case TypeKind::ByteArray:
      if (a->length != b->length) return differ(std::to_string(a->length) + " vs " + std::to_string(b->length) + " bytes");
      return "";
    default: return "";
  }
}

// A spec contract's mutating message returns Result<T, Error> (abi/synthesize.hpp): T is
// the model's return type, Error the contract's errors, unit variants in order.
void check_result(const model::ContractSpec& spec, const model::MessageSpec& msg, TypeRef abi_returns,
                  const std::string& where, std::vector<std::string>& out) {
  const Type& r = *abi_returns;
  if (r.kind != TypeKind::Enum || r.variants.size() != 2 || r.variants[0].name != "Ok" ||
      r.variants[0].fields.size() != 1 || r.variants[1].name != "Err" || r.variants[1].fields.size() != 1) {
    out.push_back(where + " returns " + r.name + ", not Result<" + msg.returns->name + ", Error> as the model's " +
                  spec.name + " does");
    return;
  }
  if (auto d = diff(msg.returns, r.variants[0].fields[0].type, 0); !d.empty()) out.push_back(where + " returns Ok: " + d);
  const Type& e = *r.variants[1].fields[0].type;
  if (e.kind != TypeKind::Enum) {
    out.push_back(where + " returns Err(" + e.name + "), not the contract's Error enum");
    return;
  }
  std::size_t n = std::max(e.variants.size(), spec.errors.size());
  for (std::size_t i = 0; i < n; ++i) {
    std::string mine = i < spec.errors.size() ? spec.errors[i] : "(none)";
    std::string theirs = i < e.variants.size() && !e.variants[i].name.empty() ? e.variants[i].name : "(none)";
    if (mine != theirs || (i < e.variants.size() && !e.variants[i].fields.empty())) {
      out.push_back(where + " returns Err: error variant " + std::to_string(i) + " is " + mine + " in the model, " +
                    theirs + (i < e.variants.size() && !e.variants[i].fields.empty() ? " with fields" : "") +
                    " in the metadata");
      return;  // one is enough: the rest is shifted
    }
  }
}

void check_args(const std::vector<model::ArgSpec>& model_args, const std::vector<AbiArg>& abi_args,
                const std::string& where, std::vector<std::string>& out) {
  if (model_args.size() != abi_args.size()) {
    out.push_back(where + ": the model takes " + std::to_string(model_args.size()) + " arguments, the metadata " +
                  std::to_string(abi_args.size()));
    return;
  }
  for (std::size_t i = 0; i < model_args.size(); ++i) {
    if (model_args[i].label != abi_args[i].label)
      out.push_back(where + ": argument " + std::to_string(i) + " is " + model_args[i].label + " in the model, " +
                    abi_args[i].label + " in the metadata");
    else if (auto d = diff(model_args[i].type, abi_args[i].type, 0); !d.empty())
      out.push_back(where + "(" + model_args[i].label + "): " + d);
  }
}
}  // namespace

std::string type_difference(TypeRef model_type, TypeRef abi_type) { return diff(model_type, abi_type, 0); }

std::vector<std::string> check_against_spec(const Metadata& m, const model::ContractSpec& spec) {
  std::vector<std::string> out;
  std::string who = m.source + " (" + m.contract_name + ")";
  bool v6 = spec.ink == model::InkVersion::V6;
  if ((m.version == 6) != v6)
    out.push_back(who + ": metadata version " + std::to_string(m.version) + ", but the model's " + spec.name +
                  " is an ink! " + (v6 ? "6" : "5") + " contract");
  const AbiMessage* ctor = nullptr;
  for (auto& c : m.constructors)
    if (c.label == "new") ctor = &c;
  if (!ctor) out.push_back(who + ": no constructor \"new\"");
  else check_args(spec.constructor_args, ctor->args, who + ": constructor new", out);

  for (auto& msg : spec.messages) {
    const AbiMessage* am = m.message(msg.label);
    if (!am) {
      out.push_back(who + ": the model's message " + msg.label + " is not in the metadata");
      continue;
    }
    std::string where = who + ": message " + msg.label;
    check_args(msg.args, am->args, where, out);
    if (message_returns_result(spec, msg)) check_result(spec, msg, am->returns, where, out);
    else if (auto d = diff(msg.returns, am->returns, 0); !d.empty()) out.push_back(where + " returns: " + d);
    if (msg.payable != am->payable)
      out.push_back(where + ": payable " + (msg.payable ? "in the model" : "in the metadata") + " only");
    if (msg.mutates != am->mutates)
      out.push_back(where + ": mutates " + (msg.mutates ? "in the model" : "in the metadata") + " only");
  }
  for (auto& am : m.messages)
    if (!spec.message(am.label)) out.push_back(who + ": the metadata's message " + am.label + " is not in the model");

  for (const model::EventSpec* es : spec.events) {
    const AbiEvent* ae = m.event(es->name);
    if (!ae) {
      out.push_back(who + ": the model's event " + es->name + " is not in the metadata");
      continue;
    }
    std::string where = who + ": event " + es->name;
    if (es->fields.size() != ae->fields.size()) {
      out.push_back(where + ": " + std::to_string(es->fields.size()) + " fields in the model, " +
                    std::to_string(ae->fields.size()) + " in the metadata");
      continue;
    }
    for (std::size_t i = 0; i < es->fields.size(); ++i) {
      auto& mf = es->fields[i];
      auto& af = ae->fields[i];
      if (mf.name != af.label)
        out.push_back(where + ": field " + std::to_string(i) + " is " + mf.name + " in the model, " + af.label +
                      " in the metadata");
      else if (auto d = diff(mf.type, af.type, 0); !d.empty())
        out.push_back(where + "." + mf.name + ": " + d);
      else if (mf.indexed != af.indexed)
        out.push_back(where + "." + mf.name + ": indexed (a topic) " + (mf.indexed ? "in the model" : "in the metadata") +
                      " only");
    }
  }
  for (auto& ae : m.events)
    if (!spec.event(ae.label)) out.push_back(who + ": the metadata's event " + ae.label + " is not in the model");
  return out;
}

std::vector<std::string> check_against_profile(const MetadataSet& set, const model::Profile& profile) {
  std::vector<std::string> out;
  for (auto& m : set.all()) {
    std::vector<const model::ContractSpec*> builds = profile.builds_of(m->contract_name);
    if (builds.empty()) {
      std::string names;
      for (auto* c : profile.contracts) names += (names.empty() ? "" : ", ") + c->name;
      out.push_back(m->source + ": contract " + m->contract_name + " is not one of the model's (" + names + ")");
      continue;
    }
    // The build the file describes: the one of its ink! version (6: H160, 5: AccountId),
    // as a deploy line without a code hash picks it by its address width.
    const model::ContractSpec* spec =
        profile.build_for(m->contract_name, m->version == 6 ? AddressKind::H160 : AddressKind::AccountId);
    if (!spec) {
      out.push_back(m->source + ": version " + std::to_string(m->version) + " metadata, but the model has no ink! " +
                    std::to_string(m->version) + " build of " + m->contract_name);
      continue;
    }
    // A code hash that names another build of the contract: the file is not this build's.
    if (const model::ContractSpec* named = profile.build_with_hash(m->contract_name, m->code_hash);
        named && named != spec)
      out.push_back(m->source + ": its source.hash " + m->code_hash + " is the code hash of " + m->contract_name +
                    "'s ink! " + (named->ink == model::InkVersion::V6 ? "6" : "5") + " build, but it is version " +
                    std::to_string(m->version) + " metadata");
    for (auto& d : check_computed_hashes(*m)) out.push_back(m->source + ": " + d);
    for (auto& d : check_against_spec(*m, *spec)) out.push_back(d);
  }
  return out;
}

}  // namespace meshcheck::abi
