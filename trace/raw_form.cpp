#include "trace/raw_form.hpp"

#include <algorithm>

#include "abi/event_codec.hpp"
#include "abi/scale.hpp"
#include "abi/synthesize.hpp"
#include "trace/line_errors.hpp"
#include "trace/raw_call.hpp"
#include "trace/replay.hpp"

namespace meshcheck::trace {

namespace {
const Json& need(const Json& obj, const char* key, std::size_t line, const std::string& where) {
  if (!obj.is_object() || !obj.contains(key)) throw TraceError(line, where + "." + key + " is missing");
  return obj.at(key);
}
}  // namespace

const RawFormWriter::Deployed& RawFormWriter::contract(const Json& ref, std::size_t line, const std::string& path) const {
  const std::string& t = require_string(ref, line, path);
  std::optional<Address> address;
  if (t.starts_with("0x")) address = Address::parse(t);
  else if (auto it = by_name_.find(t); it != by_name_.end()) address = it->second;
  auto it = address ? by_address_.find(*address) : by_address_.end();
  if (it == by_address_.end()) throw TraceError(line, path + ": no contract \"" + t + "\" has been deployed");
  return it->second;
}

void RawFormWriter::deploy(const Json& body, std::size_t line) {
  if (auto p = body.find("profile"); p != body.end()) {
    const model::Profile* named = model::find_profile(require_string(*p, line, "deploy.profile"));
    if (!named) throw TraceError(line, "deploy.profile: unknown profile " + p->dump());
    profile_ = named;
  }
  const std::string& name = require_string(need(body, "contract", line, "deploy"), line, "deploy.contract");
  Address address = at_line(line, [&] { return address_from_json(need(body, "address", line, "deploy"), "deploy.address"); });
  const model::ContractSpec* spec = nullptr;
  if (auto h = body.find("code_hash"); h != body.end()) spec = profile_->build_with_hash(name, require_string(*h, line, "deploy.code_hash"));
  if (!spec) spec = profile_->build_for(name, address.kind);
  if (!spec) spec = profile_->contract(name);
  if (!spec) throw TraceError(line, "deploy.contract: profile " + profile_->name + " has no contract \"" + name + "\"");
  by_address_[address] = Deployed{spec, metadata_.find(*spec)};
  by_name_[name] = address;
}

Json RawFormWriter::call(const Json& body, std::size_t line) {
  if (body.contains("input")) return body;  // raw already
  const Deployed& called = contract(need(body, "contract", line, "call"), line, "call.contract");
  const model::ContractSpec& spec = *called.spec;
  if (!called.meta) throw TraceError(line, "call: no metadata of " + spec.name + " was given");
  const abi::Metadata& meta = *called.meta;
  const std::string& label = require_string(need(body, "message", line, "call"), line, "call.message");
  const model::MessageSpec* msg = spec.message(label);
  const abi::AbiMessage* am = meta.message(label);
  if (!msg || !am) throw TraceError(line, "call.message: " + spec.name + " has no message \"" + label + "\"");

  std::vector<Value> args;
  static const Json kNone = Json::object();
  const Json& given = body.contains("args") ? body.at("args") : kNone;
  for (auto& a : am->args) {
    std::string path = "call.args." + a.label;
    args.push_back(at_line(line, [&] { return value_from_json(a.type, need(given, a.label.c_str(), line, "call.args"), path); }));
  }

  Json out = Json::object();
  for (auto& item : body.items()) {
    const std::string& key = item.key();
    if (key == "message") out["input"] = abi::to_hex(encode_input(*am, args));
    else if (key != "args" && key != "expect") out[key] = item.value();
  }
  auto e = body.find("expect");
  if (e == body.end()) return out;
  if (!e->is_object()) throw TraceError(line, "call.expect: expected an object");

  Json expect = Json::object();
  const bool result = abi::message_returns_result(spec, *msg);
  const std::string status = e->value("status", "");
  for (auto& item : e->items()) {
    const std::string& key = item.key();
    if (key == "return" || key == "error" || key == "events") continue;
    expect[key] = item.value();
  }
  // The output, from what the trace says it returned.
  TypeRef ok_type = result ? am->returns->variants[0].fields[0].type : am->returns;
  if (auto r = e->find("return"); r != e->end()) {
    Value v = at_line(line, [&] { return value_from_json(ok_type, *r, "call.expect.return"); });
    expect["output"] = abi::to_hex(encode_output(*am, return_value(*am, spec, *msg, &v, "")));
  } else if (auto err = e->find("error"); err != e->end()) {
    const std::string& variant = require_string(*err, line, "call.expect.error");
    expect["output"] = at_line(line, [&] { return abi::to_hex(encode_output(*am, return_value(*am, spec, *msg, nullptr, variant))); });
  } else if (status == "ok" && ok_type->kind == TypeKind::Tuple && ok_type->fields.empty()) {
    // A unit Ok(()) has no `return` in a decoded trace (spec §9 C7), but an output on chain.
    Value unit;
    expect["output"] = abi::to_hex(encode_output(*am, return_value(*am, spec, *msg, &unit, "")));
  }
  // The events, each with its emitter's metadata.
  if (auto events = e->find("events"); events != e->end()) {
    if (!events->is_array()) throw TraceError(line, "call.expect.events: expected an array");
    Json raw = Json::array();
    for (std::size_t i = 0; i < events->size(); ++i) {
      const Json& ev = (*events)[i];
      std::string path = "call.expect.events[" + std::to_string(i) + "]";
      if (ev.is_object() && ev.contains("topics")) {  // raw already
        raw.push_back(ev);
        continue;
      }
      const Deployed& emitter = ev.contains("contract") ? contract(ev.at("contract"), line, path + ".contract") : called;
      if (!emitter.meta) throw TraceError(line, path + ": no metadata of " + emitter.spec->name + " was given");
      const std::string& name = require_string(need(ev, "event", line, path), line, path + ".event");
      const abi::AbiEvent* ae = emitter.meta->event(name);
      if (!ae) throw TraceError(line, path + ".event: " + emitter.spec->name + " has no event \"" + name + "\"");
      const Json& fields = need(ev, "fields", line, path);
      std::vector<Value> values;
      for (auto& f : ae->fields)
        values.push_back(at_line(line, [&] {
          return value_from_json(f.type, need(fields, f.label.c_str(), line, path + ".fields"), path + ".fields." + f.label);
        }));
      Json j = raw_event_to_json(abi::encode_event(*ae, values));
      if (ev.contains("contract")) j["contract"] = ev.at("contract");
      raw.push_back(std::move(j));
    }
    expect["events"] = std::move(raw);
  }
  out["expect"] = std::move(expect);
  return out;
}

Json RawFormWriter::rewrite(const Json& line, std::size_t line_no) {
  if (!line.is_object() || line.size() != 1) throw TraceError(line_no, "a line is one JSON object with exactly one key");
  const std::string& kind = line.begin().key();
  const Json& body = line.begin().value();
  if (kind == "deploy") deploy(body, line_no);
  if (kind != "call") return line;
  return Json{{"call", call(body, line_no)}};
}

}  // namespace meshcheck::trace
