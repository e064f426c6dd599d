#include "trace/raw_call.hpp"

#include <algorithm>

#include "abi/scale.hpp"
#include "abi/synthesize.hpp"
#include "trace/writer.hpp"

namespace meshcheck::trace {

using abi::Bytes;
using abi::to_hex;

namespace {

Bytes hex_field(const Json& j, std::size_t line, const std::string& path) {
  if (!j.is_string()) throw TraceError(line, path + ": expected a 0x-hex string, got " + j.dump().substr(0, 80));
  auto b = abi::from_hex(j.get_ref<const std::string&>());
  if (!b) throw TraceError(line, path + ": not 0x followed by an even number of hex digits");
  return *b;
}

// The first place where two values of `type` differ, as a path below `at`
// ("return.status", "amount"), or `at` itself when they differ as a whole.
std::string first_difference(TypeRef type, const Value& a, const Value& b, const std::string& at) {
  if (a == b) return "";
  if ((type->kind == TypeKind::Struct || type->kind == TypeKind::Tuple) &&
      std::holds_alternative<Value::Seq>(a.v) && std::holds_alternative<Value::Seq>(b.v)) {
    auto& sa = a.as_seq();
    auto& sb = b.as_seq();
    for (std::size_t i = 0; i < type->fields.size() && i < sa.size() && i < sb.size(); ++i)
      if (!(sa[i] == sb[i])) return first_difference(type->fields[i].type, sa[i], sb[i], at + "." + type->fields[i].name);
  }
  if (type->kind == TypeKind::Option && std::holds_alternative<Value::Enum>(a.v) &&
      std::holds_alternative<Value::Enum>(b.v) && a.as_enum().index == 1 && b.as_enum().index == 1)
    return first_difference(type->elem, a.as_enum().fields[0], b.as_enum().fields[0], at);
  return at;
}

// The encoded size of a type every value of which encodes to the same number of bytes
// (integers, addresses, byte arrays, bool, records of those), else nullopt.
std::optional<std::size_t> fixed_size(TypeRef t) {
  switch (t->kind) {
    case TypeKind::Bool:
    case TypeKind::U8: return 1;
    case TypeKind::U16: return 2;
    case TypeKind::U32:
    case TypeKind::I32: return 4;
    case TypeKind::U64: return 8;
    case TypeKind::U128: return 16;
    case TypeKind::U256:
    case TypeKind::AccountId: return 32;
    case TypeKind::H160: return 20;
    case TypeKind::ByteArray: return t->length;
    case TypeKind::Tuple:
    case TypeKind::Struct: {
      std::size_t n = 0;
      for (auto& f : t->fields) {
        auto k = fixed_size(f.type);
        if (!k) return std::nullopt;
        n += *k;
      }
      return n;
    }
    default: return std::nullopt;
  }
}

// For a message whose arguments all have a fixed size (a byte array of the wrong length,
// a 64-bit i32 ...): " (ARGS: N bytes after the selector, the input has M)"; else "".
std::string argument_sizes(const abi::AbiMessage& m, std::size_t given) {
  std::size_t total = 0;
  std::string list;
  for (auto& a : m.args) {
    auto n = fixed_size(a.type);
    if (!n) return "";
    total += *n;
    list += (list.empty() ? "" : ", ") + a.label + ": " + a.type->name + " (" + std::to_string(*n) + ")";
  }
  if (total == given) return "";
  return " (" + m.label + " takes " + (list.empty() ? "no arguments" : list) + ": " + std::to_string(total) +
         " bytes after the selector, the input has " + std::to_string(given) + ")";
}

}  // namespace

RawInput decode_input(const abi::Metadata& meta, const model::ContractSpec& spec, const Json& input, std::size_t line) {
  Bytes data = hex_field(input, line, "call.input");
  if (data.size() < 4)
    throw TraceError(line, "call.input: " + std::to_string(data.size()) + " bytes, shorter than a 4-byte selector");
  std::span<const u8> selector(data.data(), 4);
  RawInput out;
  out.abi = meta.message_by_selector(selector);
  if (!out.abi) {
    for (auto& c : meta.constructors)
      if (std::equal(c.selector.begin(), c.selector.end(), selector.begin()))
        throw TraceError(line, "call.input: selector " + to_hex(selector) + " is the constructor " + c.label +
                                   " of " + meta.contract_name + ", which a call cannot run (use a deploy line)");
    throw TraceError(line, "call.input: no message of " + meta.contract_name + " has the selector " + to_hex(selector) +
                               " (" + meta.source + ")");
  }
  out.message = spec.message(out.abi->label);
  if (!out.message)
    throw TraceError(line, "call.input: the model of " + spec.name + " has no message " + out.abi->label);
  abi::Reader r(std::span<const u8>(data).subspan(4), 4);
  for (auto& arg : out.abi->args) {
    try {
      out.args.push_back(abi::decode(arg.type, r));
    } catch (const abi::ScaleError& e) {
      throw TraceError(line, "call.input: " + out.abi->label + " argument " + arg.label + " (" + arg.type->name +
                                 "): " + e.what() + argument_sizes(*out.abi, data.size() - 4));
    }
  }
  if (!r.at_end())
    throw TraceError(line, "call.input: " + std::to_string(r.remaining()) + " trailing bytes after the arguments of " +
                               out.abi->label + " at byte " + std::to_string(r.offset()) +
                               argument_sizes(*out.abi, data.size() - 4));
  return out;
}

Bytes encode_input(const abi::AbiMessage& msg, model::Args args) {
  Bytes out(msg.selector.begin(), msg.selector.end());
  for (std::size_t i = 0; i < msg.args.size(); ++i) abi::encode(msg.args[i].type, args[i], out);
  return out;
}

Bytes encode_output(const abi::AbiMessage& msg, const Value& returned) {
  Bytes out{0};  // MessageResult::Ok
  abi::encode(msg.returns, returned, out);
  return out;
}

Value return_value(const abi::AbiMessage& am, const model::ContractSpec& spec, const model::MessageSpec& msg,
                   const Value* returned, const std::string& error) {
  if (!abi::message_returns_result(spec, msg)) {
    if (!returned) throw abi::EncodeError(spec.name + "." + msg.label + " returns no Result: it has no error to encode");
    return *returned;
  }
  if (returned) return Value(Value::Enum{0, {*returned}});
  auto it = std::find(spec.errors.begin(), spec.errors.end(), error);
  if (it == spec.errors.end()) throw abi::EncodeError(spec.name + " has no error variant " + error);
  (void)am;
  return Value(Value::Enum{1, {Value::variant(static_cast<u32>(it - spec.errors.begin()))}});
}

std::optional<Bytes> model_output(const abi::AbiMessage& am, const model::ContractSpec& spec,
                                  const model::MessageSpec& msg, const model::CallResult& r) {
  if (r.outcome.reverted && r.outcome.error.empty()) return std::nullopt;  // a trap (or a deployed revert)
  Value v = r.outcome.reverted ? return_value(am, spec, msg, nullptr, r.outcome.error)
                               : return_value(am, spec, msg, &r.outcome.returned, "");
  return encode_output(am, v);
}

namespace {
// A decoded MessageResult as a person reads it: the return value's JSON; for a
// Result<T, Error>, Ok(...) or Err(Variant); Err(LangError ...) when ink! could not
// read the input.
std::string output_text(const abi::AbiMessage& am, bool result, const Value& message_result) {
  const auto& e = message_result.as_enum();
  if (e.index != 0) return "Err(LangError " + std::string(am.result_type->variants.at(e.index).name) + ")";
  if (!result) return value_to_json(am.returns, e.fields[0]).dump();
  const auto& inner = e.fields[0].as_enum();
  const Type& rt = *am.returns;
  TypeRef ok = rt.variants[0].fields[0].type;
  if (inner.index == 0)
    return ok->kind == TypeKind::Tuple && ok->fields.empty() ? "Ok(())" : "Ok(" + value_to_json(ok, inner.fields[0]).dump() + ")";
  const Type& err = *rt.variants[1].fields[0].type;
  return "Err(" + err.variants.at(inner.fields[0].as_enum().index).name + ")";
}
}  // namespace

void compare_output(const abi::Metadata& meta, const model::ContractSpec& spec, const model::MessageSpec& msg,
                    const Json& output, const model::CallResult& r, std::size_t line, const std::string& where,
                    std::vector<Divergence>& out) {
  const abi::AbiMessage* am = meta.message(msg.label);
  Bytes observed = hex_field(output, line, "call.expect.output");
  // The observation must be a MessageResult of this message: anything else (an error
  // variant the contract does not have, among others) is unreadable input, not a
  // disagreement.
  Value observed_result;
  try {
    observed_result = abi::decode_all(am->result_type, observed);
  } catch (const abi::ScaleError& e) {
    throw TraceError(line, "call.expect.output: not a " + am->result_type->name + ": " + e.what());
  }
  const bool result = abi::message_returns_result(spec, msg);
  std::optional<Bytes> computed = model_output(*am, spec, msg, r);
  if (!computed) {
    if (result)
      out.push_back({line, where, "output", output_text(*am, true, observed_result) + " = " + to_hex(observed),
                     "no output (a trap: " + r.outcome.reason + ")"});
    else
      out.push_back({line, where, "status", "\"ok\" (it gives an output, " + to_hex(observed) + ")",
                     "\"reverted\" (" + r.outcome.reason + ")"});
    return;
  }
  if (observed == *computed) return;
  Value computed_result = abi::decode_all(am->result_type, *computed);
  std::string field = "output";
  const auto& o = observed_result.as_enum();
  if (o.index == 0) {
    // Which part of the return value differs (of the Ok values, for a Result).
    const Value& mine = o.fields[0];
    const Value& model = computed_result.as_enum().fields[0];
    if (!result) {
      field = "output (" + first_difference(am->returns, mine, model, "return") + ")";
    } else if (mine.as_enum().index == 0 && model.as_enum().index == 0) {
      field = "output (" + first_difference(am->returns->variants[0].fields[0].type, mine.as_enum().fields[0],
                                            model.as_enum().fields[0], "return") + ")";
    } else {
      field = "output (error)";
    }
  }
  out.push_back({line, where, field, output_text(*am, result, observed_result) + " = " + to_hex(observed),
                 output_text(*am, result, computed_result) + " = " + to_hex(*computed)});
}

ObservedEvent read_raw_event(const abi::Metadata& meta, const Json& j, std::size_t line, const std::string& path) {
  for (auto& [key, _] : j.items())
    if (key != "topics" && key != "data" && key != "contract")
      throw TraceError(line, path + ": unknown key \"" + key + "\" in a raw event (expected topics, data, contract)");
  auto topics = j.find("topics");
  auto data = j.find("data");
  if (topics == j.end() || !topics->is_array()) throw TraceError(line, path + ".topics: expected an array of 0x-hex");
  if (data == j.end()) throw TraceError(line, path + ".data is missing");
  ObservedEvent e;
  for (std::size_t i = 0; i < topics->size(); ++i) {
    std::string tp = path + ".topics[" + std::to_string(i) + "]";
    Bytes t = hex_field((*topics)[i], line, tp);
    if (t.size() != 32) throw TraceError(line, tp + ": " + std::to_string(t.size()) + " bytes, a topic has 32");
    abi::Hash32 h;
    std::copy(t.begin(), t.end(), h.begin());
    e.raw.topics.push_back(h);
  }
  e.raw.data = hex_field(*data, line, path + ".data");
  try {
    e.decoded = abi::decode_event(meta, e.raw);
  } catch (const abi::ScaleError& err) {
    throw TraceError(line, path + ".data: " + err.what());
  } catch (const abi::MetadataError& err) {
    throw TraceError(line, path + ".topics[0]: " + err.what());
  }
  return e;
}

abi::RawEvent encode_model_event(const abi::Metadata& meta, const model::Event& e) {
  const abi::AbiEvent* ae = meta.event(e.spec->name);
  if (!ae) throw abi::EncodeError("the metadata of " + meta.contract_name + " has no event " + e.spec->name);
  return abi::encode_event(*ae, e.fields);
}

Json raw_event_to_json(const abi::RawEvent& e) {
  Json topics = Json::array();
  for (auto& t : e.topics) topics.push_back(to_hex(t));
  return Json{{"topics", std::move(topics)}, {"data", to_hex(e.data)}};
}

namespace {
Json decoded_fields_json(const abi::AbiEvent& ae, const std::vector<Value>& fields) {
  Json out = Json::object();
  for (std::size_t i = 0; i < fields.size(); ++i) out[ae.fields[i].label] = value_to_json(ae.fields[i].type, fields[i]);
  return out;
}
}  // namespace

Json raw_event_json(const abi::Metadata& meta, const ObservedEvent& e) {
  Json out{{"event", e.decoded.event->label}, {"fields", decoded_fields_json(*e.decoded.event, e.decoded.fields)}};
  out.update(raw_event_to_json(e.raw));
  return out;
}

Json model_raw_event_json(const abi::Metadata& meta, const model::Event& e) {
  Json out = event_json(e);
  out.update(raw_event_to_json(encode_model_event(meta, e)));
  return out;
}

void compare_raw_event(const abi::Metadata& meta, const ObservedEvent& observed, const model::Event& computed,
                       std::size_t index, std::size_t line, const std::string& where, std::vector<Divergence>& out) {
  abi::RawEvent mine = encode_model_event(meta, computed);
  if (observed.raw == mine) return;
  std::string at = "events[" + std::to_string(index) + "]";
  const abi::AbiEvent& ae = *observed.decoded.event;
  if (ae.label != computed.spec->name) {
    out.push_back({line, where, at, raw_event_json(meta, observed).dump(), model_raw_event_json(meta, computed).dump()});
    return;
  }
  // Which topic belongs to which field: the signature topic first, then one per
  // indexed field in field order.
  std::vector<std::string> topic_names;
  if (ae.signature_topic) topic_names.push_back("signature");
  for (auto& f : ae.fields)
    if (f.indexed) topic_names.push_back(f.label);
  if (observed.raw.topics.size() != mine.topics.size()) {
    Json a = Json::array(), b = Json::array();
    for (auto& t : observed.raw.topics) a.push_back(to_hex(t));
    for (auto& t : mine.topics) b.push_back(to_hex(t));
    out.push_back({line, where, at + ".topics (" + ae.label + ")", a.dump(), b.dump()});
  } else {
    for (std::size_t t = 0; t < mine.topics.size(); ++t) {
      if (observed.raw.topics[t] == mine.topics[t]) continue;
      std::string name = t < topic_names.size() ? topic_names[t] : "?";
      std::string value_a = "", value_b = "";
      // An indexed field's topic: show the field's value when the topic is its plain
      // (padded) encoding, which is what a person can read.
      for (std::size_t f = 0, k = ae.signature_topic ? 1 : 0; f < ae.fields.size(); ++f) {
        if (!ae.fields[f].indexed) continue;
        if (k++ != t) continue;
        value_b = value_to_json(ae.fields[f].type, computed.fields[f]).dump() + " = ";
      }
      out.push_back({line, where, at + ".topics[" + std::to_string(t) + "] (" + ae.label + "." + name + ")",
                     to_hex(observed.raw.topics[t]), value_b + to_hex(mine.topics[t])});
    }
  }
  if (observed.raw.data != mine.data) {
    bool named = false;
    for (std::size_t f = 0; f < ae.fields.size(); ++f) {
      if (observed.decoded.fields[f] == computed.fields[f]) continue;
      named = true;
      std::string path = first_difference(ae.fields[f].type, observed.decoded.fields[f], computed.fields[f],
                                          ae.label + "." + ae.fields[f].label);
      out.push_back({line, where, at + ".data (" + path + ")",
                     value_to_json(ae.fields[f].type, observed.decoded.fields[f]).dump() + " in data " +
                         to_hex(observed.raw.data),
                     value_to_json(ae.fields[f].type, computed.fields[f]).dump() + " in data " + to_hex(mine.data)});
    }
    if (!named) out.push_back({line, where, at + ".data (" + ae.label + ")", to_hex(observed.raw.data), to_hex(mine.data)});
  }
}

Json raw_call_line(const abi::Metadata& meta, const model::ContractSpec& spec, const model::Call& c,
                   const model::CallResult* observed) {
  const abi::AbiMessage* am = meta.message(c.message->label);
  if (!am) throw abi::EncodeError("the metadata of " + meta.contract_name + " has no message " + c.message->label);
  Json body = Json::object();
  body["contract"] = c.contract.hex();
  body["caller"] = c.caller.hex();
  body["value"] = c.value.str();
  body["block"] = c.block;
  body["timestamp"] = c.timestamp;
  body["input"] = to_hex(encode_input(*am, c.args));
  if (observed) {
    Json expect = Json::object();
    expect["status"] = observed->outcome.reverted ? "reverted" : "ok";
    if (auto output = model_output(*am, spec, *c.message, *observed)) expect["output"] = to_hex(*output);
    Json events = Json::array();
    for (std::size_t i = 0; i < observed->events.size(); ++i) {
      // (A nested call's event needs its emitter's metadata: trace/raw_form.hpp writes those.)
      if (i < observed->emitters.size() && observed->emitters[i] != c.contract)
        throw abi::EncodeError("event " + observed->events[i].spec->name + " of " + spec.name + "." + c.message->label +
                               " was emitted by another contract, whose metadata this line does not have");
      events.push_back(raw_event_to_json(encode_model_event(meta, observed->events[i])));
    }
    expect["events"] = std::move(events);
    body["expect"] = std::move(expect);
  }
  return Json{{"call", std::move(body)}};
}

}  // namespace meshcheck::trace
