#include "abi/metadata.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>

namespace meshcheck::abi {

using nlohmann::json;

namespace {

const json& need(const json& obj, const char* key, const std::string& where) {
  if (!obj.is_object()) throw MetadataError(where + " is not an object");
  auto it = obj.find(key);
  if (it == obj.end()) throw MetadataError(where + "." + key + " is missing");
  return *it;
}

std::string need_string(const json& obj, const char* key, const std::string& where) {
  const json& j = need(obj, key, where);
  if (!j.is_string()) throw MetadataError(where + "." + key + " is not a string");
  return j.get<std::string>();
}

bool flag(const json& obj, const char* key, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end()) return false;
  if (!it->is_boolean()) throw MetadataError(where + "." + key + " is not a bool");
  return it->get<bool>();
}

std::string display_name(const json& type_spec) {
  std::string out;
  for (auto& seg : type_spec.value("displayName", json::array()))
    if (seg.is_string()) out += (out.empty() ? "" : "::") + seg.get<std::string>();
  return out;
}

u64 type_of(const json& type_spec, const std::string& where) {
  const json& id = need(type_spec, "type", where);
  if (!id.is_number_integer() || id.get<long long>() < 0) throw MetadataError(where + ".type is not a type id");
  return id.get<u64>();
}

AbiMessage parse_message(const json& m, TypeRegistry& reg, bool constructor, const std::string& where) {
  AbiMessage out;
  out.constructor = constructor;
  out.label = need_string(m, "label", where);
  std::string w = where + " " + out.label;
  auto sel = from_hex(need_string(m, "selector", w));
  if (!sel || sel->size() != 4) throw MetadataError(w + ".selector is not 0x and 8 hex digits");
  std::copy(sel->begin(), sel->end(), out.selector.begin());
  out.payable = flag(m, "payable", w);
  out.mutates = constructor || flag(m, "mutates", w);
  const json& args = need(m, "args", w);
  if (!args.is_array()) throw MetadataError(w + ".args is not an array");
  for (auto& a : args) {
    AbiArg arg;
    arg.label = need_string(a, "label", w + ".args[]");
    const json& ts = need(a, "type", w + ".args." + arg.label);
    arg.type = reg.resolve(type_of(ts, w + ".args." + arg.label));
    arg.display = display_name(ts);
    out.args.push_back(std::move(arg));
  }
  const json& rt = need(m, "returnType", w);
  out.result_type = reg.resolve(type_of(rt, w + ".returnType"));
  // ink! 5 and 6 wrap every return value in MessageResult (ConstructorResult for
  // constructors): Result<T, LangError>.
  const Type& r = *out.result_type;
  if (r.kind != TypeKind::Enum || r.variants.size() != 2 || r.variants[0].name != "Ok" ||
      r.variants[0].fields.size() != 1 || r.variants[1].name != "Err")
    throw MetadataError(w + ".returnType is " + r.name + ", not Result<T, LangError> as ink! 5 and 6 return");
  out.returns = r.variants[0].fields[0].type;
  return out;
}

AbiEvent parse_event(const json& e, TypeRegistry& reg, const std::string& where) {
  AbiEvent out;
  out.label = need_string(e, "label", where);
  std::string w = where + " " + out.label;
  out.module_path = e.value("module_path", "");
  if (auto it = e.find("signature_topic"); it != e.end() && !it->is_null()) {
    auto t = it->is_string() ? from_hex(it->get<std::string>()) : std::nullopt;
    if (!t || t->size() != 32) throw MetadataError(w + ".signature_topic is not 0x and 64 hex digits");
    Hash32 h;
    std::copy(t->begin(), t->end(), h.begin());
    out.signature_topic = h;
  }
  const json& args = need(e, "args", w);
  if (!args.is_array()) throw MetadataError(w + ".args is not an array");
  for (auto& a : args) {
    AbiEventField f;
    f.label = need_string(a, "label", w + ".args[]");
    const json& ts = need(a, "type", w + ".args." + f.label);
    f.type = reg.resolve(type_of(ts, w + ".args." + f.label));
    f.display = display_name(ts);
    f.indexed = flag(a, "indexed", w + ".args." + f.label);
    out.fields.push_back(std::move(f));
  }
  return out;
}

}  // namespace

std::shared_ptr<const Metadata> Metadata::parse(const json& j, const std::string& source) {
  auto m = std::make_shared<Metadata>();
  m->source = source;
  try {
    if (!j.is_object()) throw MetadataError("not a JSON object");
    const json& version = need(j, "version", "metadata");
    if (version.is_number_integer() && version.get<long long>() >= 0 && version.get<long long>() < 100)
      m->version = static_cast<int>(version.get<long long>());
    else if (version.is_string()) m->version = std::atoi(version.get<std::string>().c_str());
    if (m->version != 5 && m->version != 6)
      throw MetadataError("metadata version " + version.dump() + " is not supported (ink! 5 and 6 write 5 and 6)");
    m->contract_name = need_string(need(j, "contract", "metadata"), "name", "contract");
    if (auto s = j.find("source"); s != j.end() && s->is_object()) {
      m->language = s->value("language", "");
      if (auto h = s->find("hash"); h != s->end() && h->is_string()) {
        m->code_hash = h->get<std::string>();
        std::transform(m->code_hash.begin(), m->code_hash.end(), m->code_hash.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      }
    }
    m->registry_ = std::make_unique<TypeRegistry>(need(j, "types", "metadata"));
    const json& spec = need(j, "spec", "metadata");
    for (auto& c : need(spec, "constructors", "spec"))
      m->constructors.push_back(parse_message(c, *m->registry_, true, "constructor"));
    for (auto& msg : need(spec, "messages", "spec"))
      m->messages.push_back(parse_message(msg, *m->registry_, false, "message"));
    for (auto& e : need(spec, "events", "spec")) m->events.push_back(parse_event(e, *m->registry_, "event"));
    if (auto env = spec.find("environment"); env != spec.end() && env->is_object())
      if (auto r = env->find("nativeToEthRatio"); r != env->end() && r->is_number_integer() && r->get<long long>() > 0)
        m->native_to_eth_ratio = r->get<u64>();
  } catch (const MetadataError& e) {
    throw MetadataError(source + ": " + e.what());
  } catch (const json::exception& e) {
    throw MetadataError(source + ": malformed metadata: " + e.what());
  }
  return m;
}

std::shared_ptr<const Metadata> Metadata::load(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw MetadataError(file.string() + ": cannot open");
  json j;
  try {
    j = json::parse(in);
  } catch (const json::exception& e) {  // a syntax error, or a number beyond double (out_of_range)
    throw MetadataError(file.string() + ": not JSON: " + e.what());
  }
  return parse(j, file.string());
}

const AbiMessage* Metadata::message_by_selector(std::span<const u8> selector) const {
  if (selector.size() != 4) return nullptr;
  for (auto& m : messages)
    if (std::equal(m.selector.begin(), m.selector.end(), selector.begin())) return &m;
  return nullptr;
}

const AbiMessage* Metadata::message(std::string_view label) const {
  for (auto& m : messages)
    if (m.label == label) return &m;
  return nullptr;
}

const AbiEvent* Metadata::event_by_topic(std::span<const u8> topic) const {
  if (topic.size() != 32) return nullptr;
  for (auto& e : events)
    if (e.signature_topic && std::equal(e.signature_topic->begin(), e.signature_topic->end(), topic.begin())) return &e;
  return nullptr;
}

const AbiEvent* Metadata::event(std::string_view label) const {
  for (auto& e : events)
    if (e.label == label) return &e;
  return nullptr;
}

MetadataSet MetadataSet::load(const std::vector<std::string>& paths) {
  MetadataSet set;
  for (auto& p : paths) {
    std::filesystem::path path(p);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      std::vector<std::filesystem::path> files;
      for (auto& entry : std::filesystem::directory_iterator(path, ec))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
      if (files.empty()) throw MetadataError(p + ": no *.json metadata files in this directory");
      std::sort(files.begin(), files.end());
      for (auto& f : files) set.add(Metadata::load(f));
    } else if (std::filesystem::exists(path, ec)) {
      set.add(Metadata::load(path));
    } else {
      throw MetadataError(p + ": no such file or directory");
    }
  }
  return set;
}

void MetadataSet::add(MetadataPtr m) {
  if (const Metadata* old = find(m->contract_name, m->version))
    throw MetadataError(m->source + ": contract " + m->contract_name + " already has version " +
                        std::to_string(m->version) + " metadata from " + old->source);
  all_.push_back(std::move(m));
}

const Metadata* MetadataSet::find(std::string_view contract_name, int version) const {
  for (auto& m : all_)
    if (m->contract_name == contract_name && m->version == version) return m.get();
  return nullptr;
}

const Metadata* MetadataSet::find(const model::ContractSpec& build) const {
  return find(build.name, build.ink == model::InkVersion::V6 ? 6 : 5);
}

}  // namespace meshcheck::abi
