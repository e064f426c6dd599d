#include "trace/replay.hpp"

#include "abi/ss58.hpp"
#include "abi/synthesize.hpp"
#include "trace/line_errors.hpp"
#include "trace/raw_call.hpp"
#include "trace/writer.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <initializer_list>
#include <istream>
#include <ostream>

namespace meshcheck::trace {

using model::CallResult;
using model::ContractSpec;
using model::Event;
using model::EventSpec;
using model::Instance;
using model::MessageSpec;
using model::WorldError;

namespace {

const Json& require(const Json& obj, const char* key, std::size_t line, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end()) throw TraceError(line, where + "." + key + " is missing");
  return *it;
}

void check_keys(const Json& obj, std::initializer_list<const char*> allowed, std::size_t line,
                const std::string& where) {
  for (auto& item : obj.items()) {  // (no structured bindings: clang 14 cannot capture them in lambdas)
    const std::string& key = item.key();
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; })) {
      std::string list;
      for (auto* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      throw TraceError(line, where + ": unknown key \"" + key + "\" (expected " + list + ")");
    }
  }
}

U256 optional_integer(const Json& obj, const char* key, const U256& fallback, const U256& max, std::size_t line,
                      const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  return at_line(line, [&] { return integer_from_json(*it, max, where + "." + key); });
}

// Arguments by label, checked against the message's (or constructor's) ArgSpecs.
std::vector<Value> decode_args(const std::vector<model::ArgSpec>& specs, const Json* args, std::size_t line,
                               const std::string& where) {
  static const Json kNoArgs = Json::object();
  if (!args) {
    if (!specs.empty()) throw TraceError(line, where + ".args is missing");
    args = &kNoArgs;
  }
  if (!args->is_object()) throw TraceError(line, where + ".args: expected an object keyed by argument label");
  for (auto& item : args->items()) {
    const std::string& key = item.key();
    if (std::none_of(specs.begin(), specs.end(), [&](auto& s) { return s.label == key; })) {
      std::string list;
      for (auto& s : specs) list += (list.empty() ? "" : ", ") + s.label;
      throw TraceError(line, where + ".args: unknown argument \"" + key + "\" (expected: " +
                                 (list.empty() ? "none" : list) + ")");
    }
  }
  std::vector<Value> out;
  out.reserve(specs.size());
  for (auto& s : specs) {
    auto it = args->find(s.label);
    if (it == args->end()) throw TraceError(line, where + ".args." + s.label + " is missing (" + s.type->name + ")");
    out.push_back(at_line(line, [&] { return value_from_json(s.type, *it, where + ".args." + s.label); }));
  }
  return out;
}

Event event_from_json(const ContractSpec& spec, const Json& j, std::size_t line, const std::string& path) {
  if (!j.is_object()) throw TraceError(line, path + ": expected {\"event\": NAME, \"fields\": {...}}");
  check_keys(j, {"event", "fields", "contract"}, line, path);
  const std::string& name = require_string(require(j, "event", line, path), line, path + ".event");
  const EventSpec* es = spec.event(name);
  if (!es) throw TraceError(line, path + ".event: " + spec.name + " has no event \"" + name + "\"");
  const Json& fields = require(j, "fields", line, path);
  if (!fields.is_object()) throw TraceError(line, path + ".fields: expected an object keyed by field name");
  for (auto& item : fields.items())
    if (std::none_of(es->fields.begin(), es->fields.end(), [&](auto& f) { return f.name == item.key(); }))
      throw TraceError(line, path + ".fields: " + name + " has no field \"" + item.key() + "\"");
  Event e{es, {}};
  for (auto& f : es->fields) {
    auto it = fields.find(f.name);
    if (it == fields.end()) throw TraceError(line, path + ".fields." + f.name + " is missing (" + f.type->name + ")");
    e.fields.push_back(at_line(line, [&] { return value_from_json(f.type, *it, path + ".fields." + f.name); }));
  }
  return e;
}

// Compares what the trace observed with what the model computed.
// The metadata a raw part of a line needs (`meta`), or an error naming that part.
const abi::Metadata& need_metadata(const abi::Metadata* meta, const ContractSpec& spec, std::size_t line,
                                   const std::string& path) {
  if (!meta)
    throw TraceError(line, path + ": the raw SCALE form needs the ink! metadata of " + spec.name + " (version " +
                               (spec.ink == model::InkVersion::V6 ? "6" : "5") +
                               (spec.code_hash.empty() ? std::string() : ", code hash " + std::string(spec.code_hash)) +
                               ") (replay --metadata FILE_OR_DIR)");
  return *meta;
}

bool is_raw_event(const Json& j) { return j.is_object() && (j.contains("topics") || j.contains("data")); }

// The contract a line names (`path` says where): by 0x address, by name (deployed once),
// or by SS58 address.
const Instance& resolve_in(const model::World& world, const Json& ref, std::size_t line, const std::string& path) {
  const std::string& text = require_string(ref, line, path);
  if (text.rfind("0x", 0) == 0) {
    auto addr = Address::parse(text);
    if (!addr) throw TraceError(line, path + ": bad address \"" + text + "\"");
    const Instance* inst = world.instance(*addr);
    if (!inst) throw TraceError(line, path + ": no contract is deployed at " + text);
    return *inst;
  }
  if (!world.profile().contract(text)) {
    // Not a contract name: an SS58 address, as polkadot.js shows contract accounts?
    std::string why;
    if (auto ss58 = abi::ss58_decode(text, why)) {
      const Instance* inst = world.instance(ss58->account);
      if (!inst) throw TraceError(line, path + ": no contract is deployed at " + text);
      return *inst;
    }
    std::string names;
    for (auto* c : world.profile().contracts) names += (names.empty() ? "" : ", ") + c->name;
    throw TraceError(line, path + ": unknown contract \"" + text + "\" (one of " + names + ")");
  }
  auto found = world.instances_of(text);
  if (found.empty()) throw TraceError(line, path + ": no " + text + " has been deployed yet");
  if (found.size() > 1)
    throw TraceError(line, path + ": " + text + " is deployed " + std::to_string(found.size()) +
                               " times; name the contract by its address");
  return *found.front();
}

// How a line names a contract: its name when it is the only one of its kind, else its address.
std::string contract_text(const model::World& world, const Address& a) {
  const Instance* inst = world.instance(a);
  if (inst && world.instances_of(inst->spec->name).size() == 1) return inst->spec->name;
  return a.hex();
}

// For a raw event without "contract" whose signature topic is not the called
// contract's: " (it is C's E: an event of a nested call names its emitter with
// \"contract\")" when another deployed contract's metadata has that topic, else "".
std::string nested_event_hint(const model::World& world, const abi::MetadataSet& metadata, const Instance& called,
                              const Json& event) {
  if (event.contains("contract") || !event.contains("topics") || !event["topics"].is_array() || event["topics"].empty() ||
      !event["topics"][0].is_string())
    return "";
  auto topic = abi::from_hex(event["topics"][0].get<std::string>());
  if (!topic || topic->size() != 32) return "";
  for (auto& inst : world.instances()) {
    if (&inst == &called) continue;
    const abi::Metadata* m = metadata.find(*inst.spec);
    if (const abi::AbiEvent* e = m ? m->event_by_topic(*topic) : nullptr)
      return " (it is " + contract_text(world, inst.address) + "'s " + e->label +
             ": an event of a nested call names its emitter with \"contract\")";
  }
  return "";
}

// Compares what the trace observed with what the model computed. `meta` (may be null)
// reads the raw form.
void compare_call(const model::World& world, const Instance& called, const MessageSpec& msg, const Json& expect,
                  const CallResult& r, std::size_t line, std::vector<Divergence>& out, const abi::Metadata* meta,
                  const abi::MetadataSet& metadata) {
  const ContractSpec& spec = *called.spec;
  if (!expect.is_object()) throw TraceError(line, "call.expect: expected an object");
  check_keys(expect, {"status", "return", "output", "events", "error"}, line, "call.expect");
  if (expect.contains("return") && expect.contains("output"))
    throw TraceError(line, "call.expect: give \"return\" or \"output\", not both");
  std::string where = spec.name + "." + msg.label;
  std::string model_status = r.outcome.reverted ? "reverted" : "ok";
  auto model_status_text = [&] {
    return r.outcome.reverted ? "\"reverted\" (" + r.outcome.reason + ")" : std::string("\"ok\"");
  };

  bool status_diverged = false;
  if (auto it = expect.find("status"); it != expect.end()) {
    const std::string& s = require_string(*it, line, "call.expect.status");
    if (s != "ok" && s != "reverted")
      throw TraceError(line, "call.expect.status: \"" + s + "\" is neither \"ok\" nor \"reverted\"");
    if (s != model_status) {
      out.push_back({line, where, "status", "\"" + s + "\"", model_status_text()});
      status_diverged = true;
    }
  }
  // The spec profile's Err: the variant must be one of the called contract's errors.
  if (auto it = expect.find("error"); it != expect.end()) {
    const std::string& e = require_string(*it, line, "call.expect.error");
    if (!spec.returns_result())
      throw TraceError(line, "call.expect.error: " + spec.name + " of profile \"" + world.profile().name +
                                 "\" refuses without an error variant (only the spec profile returns Err)");
    if (std::find(spec.errors.begin(), spec.errors.end(), e) == spec.errors.end()) {
      std::string list;
      for (auto& v : spec.errors) list += (list.empty() ? "" : ", ") + v;
      throw TraceError(line, "call.expect.error: \"" + e + "\" is not an error variant of " + spec.name + " (" + list + ")");
    }
    if (expect.value("status", "reverted") != "reverted")
      throw TraceError(line, "call.expect: an \"ok\" call has no \"error\"");
    if (!r.outcome.reverted) {
      if (!status_diverged) out.push_back({line, where, "status", "\"reverted\" (error " + e + ")", model_status_text()});
    } else if (r.outcome.error != e) {
      out.push_back({line, where, "error", "\"" + e + "\"",
                     r.outcome.error.empty() ? "no error (a trap: " + r.outcome.reason + ")"
                                             : "\"" + r.outcome.error + "\" (" + r.outcome.reason + ")"});
    }
  }
  if (auto it = expect.find("return"); it != expect.end()) {
    if (expect.value("status", "ok") == "reverted")
      throw TraceError(line, "call.expect: a reverted call has no \"return\"");
    Value expected = at_line(line, [&] { return value_from_json(msg.returns, *it, "call.expect.return"); });
    if (r.outcome.reverted) {
      if (!status_diverged) out.push_back({line, where, "status", "\"ok\" (it gives a return)", model_status_text()});
    } else if (!(expected == r.outcome.returned)) {
      out.push_back({line, where, "return", value_to_json(msg.returns, expected).dump(),
                     value_to_json(msg.returns, r.outcome.returned).dump()});
    }
  }
  if (auto it = expect.find("output"); it != expect.end()) {
    // A spec contract's refusal has an output, its Err; a trap has none.
    if (expect.value("status", "ok") == "reverted" && !abi::message_returns_result(spec, msg))
      throw TraceError(line, "call.expect: a reverted call has no \"output\"");
    const abi::Metadata& m = need_metadata(meta, spec, line, "call.expect.output");
    std::vector<Divergence> found;
    compare_output(m, spec, msg, *it, r, line, where, found);
    for (auto& d : found)
      if (!(d.field == "status" && status_diverged)) out.push_back(std::move(d));
  }
  if (auto it = expect.find("events"); it != expect.end()) {
    if (!it->is_array()) throw TraceError(line, "call.expect.events: expected an array");
    // Each observed event is decoded ({"event", "fields"}) or raw ({"topics", "data"}).
    std::vector<Event> expected;
    // Each event's emitter: its "contract" (spec: a nested call's event), else the called one.
    std::vector<Address> emitters;
    std::vector<std::optional<ObservedEvent>> raw(it->size());
    // Each event is read with its emitter's metadata (a nested call's, for a raw event
    // that names its "contract").
    auto meta_of = [&](const Instance& emitter) {
      return &emitter == &called ? meta : metadata.find(*emitter.spec);
    };
    std::vector<const abi::Metadata*> raw_meta(it->size(), nullptr);
    for (std::size_t i = 0; i < it->size(); ++i) {
      std::string path = "call.expect.events[" + std::to_string(i) + "]";
      const Instance* emitter = &called;
      if ((*it)[i].is_object())
        if (auto c = (*it)[i].find("contract"); c != (*it)[i].end()) emitter = &resolve_in(world, *c, line, path + ".contract");
      emitters.push_back(emitter->address);
      if (is_raw_event((*it)[i])) {
        raw_meta[i] = &need_metadata(meta_of(*emitter), *emitter->spec, line, path);
        try {
          raw[i] = read_raw_event(*raw_meta[i], (*it)[i], line, path);
        } catch (const TraceError& e) {
          // A nested call's event that does not name its emitter: say whose it is.
          throw TraceError(line, e.what() + nested_event_hint(world, metadata, called, (*it)[i]));
        }
        expected.push_back(Event{});
      } else {
        expected.push_back(event_from_json(*emitter->spec, (*it)[i], line, path));
      }
    }
    auto model_emitter = [&](std::size_t i) { return r.emitters.empty() ? called.address : r.emitters[i]; };
    auto with_emitter = [&](Json j, const Address& a) {
      if (a != called.address) j["contract"] = contract_text(world, a);
      return j;
    };
    // The model's i-th event in the form of the trace's events: raw with its emitter's
    // metadata when the trace has raw events and that metadata is known.
    auto model_event_json = [&](std::size_t i) {
      const Instance* emitter = world.instance(model_emitter(i));
      const abi::Metadata* m = emitter ? meta_of(*emitter) : nullptr;
      bool any_raw = std::any_of(raw.begin(), raw.end(), [](auto& e) { return e.has_value(); });
      return with_emitter(m && any_raw ? model_raw_event_json(*m, r.events[i]) : event_json(r.events[i]),
                          model_emitter(i));
    };
    if (expected.size() != r.events.size()) {
      Json said = Json::array(), computed = Json::array();
      for (std::size_t i = 0; i < expected.size(); ++i)
        said.push_back(with_emitter(raw[i] ? raw_event_json(*raw_meta[i], *raw[i]) : event_json(expected[i]), emitters[i]));
      for (std::size_t i = 0; i < r.events.size(); ++i) computed.push_back(model_event_json(i));
      out.push_back({line, where, "events", said.dump(), computed.dump()});
      return;
    }
    for (std::size_t i = 0; i < expected.size(); ++i) {
      std::string at = "events[" + std::to_string(i) + "]";
      if (emitters[i] != model_emitter(i)) {
        out.push_back({line, where, at + ".contract", "\"" + contract_text(world, emitters[i]) + "\"",
                       model_event_json(i).dump()});
        continue;
      }
      if (raw[i]) {
        compare_raw_event(*raw_meta[i], *raw[i], r.events[i], i, line, where, out);
        continue;
      }
      const Event& a = expected[i];
      const Event& b = r.events[i];
      if (a.spec != b.spec) {
        out.push_back({line, where, at, event_json(a).dump(), event_json(b).dump()});
        continue;
      }
      for (std::size_t f = 0; f < a.fields.size(); ++f) {
        if (a.fields[f] == b.fields[f]) continue;
        auto& fs = a.spec->fields[f];
        out.push_back({line, where, at + "." + a.spec->name + "." + fs.name, value_to_json(fs.type, a.fields[f]).dump(),
                       value_to_json(fs.type, b.fields[f]).dump()});
      }
    }
  }
}

const U256 kU32Max = U256(0xffffffffu);
const U256 kU64Max = U256(~std::uint64_t(0));

}  // namespace

const Instance& Replayer::resolve_contract(const Json& ref, std::size_t line) const {
  return resolve_in(world_, ref, line, "call.contract");
}

void Replayer::balances(const Json& body, std::size_t line) {
  for (auto& item : body.items()) {
    const std::string& key = item.key();
    const Json& amount = item.value();
    std::string why;
    auto addr = abi::parse_any_address(key, why);
    if (!addr) throw TraceError(line, "balances: bad address \"" + key + "\": " + why);
    world_.set_balance(*addr, at_line(line, [&] { return integer_from_json(amount, kU256Max, "balances." + key); }));
  }
}

// The build a deploy line deploys (trace-format.md): the one its "code_hash" names, or
// else the one of its address's width (H160: ink! 6, AccountId: ink! 5). An unknown
// code hash is an error; an address of no build's width is left to the world to refuse
// (with the profile's build, whose width it names).
static const ContractSpec* deploy_build(const model::Profile& profile, const std::string& name, const Json& body,
                                 const Address& address, std::size_t line) {
  auto known = [&] {
    std::string list;
    for (auto* b : profile.builds_of(name))
      list += (list.empty() ? "" : ", ") + std::string(b->code_hash) + " (ink! " +
              (b->ink == model::InkVersion::V6 ? "6, H160" : "5, AccountId") + ")";
    return list;
  };
  auto it = body.find("code_hash");
  if (it == body.end()) {
    const ContractSpec* spec = profile.build_for(name, address.kind);
    return spec ? spec : profile.contract(name);
  }
  const std::string& text = require_string(*it, line, "deploy.code_hash");
  bool hex = text.size() == 66 && text.starts_with("0x") &&
             std::all_of(text.begin() + 2, text.end(), [](unsigned char ch) { return std::isxdigit(ch) != 0; });
  if (!hex) throw TraceError(line, "deploy.code_hash: \"" + text + "\" is not a code hash (0x and 64 hex digits)");
  std::string hash = text;
  std::transform(hash.begin(), hash.end(), hash.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  const ContractSpec* spec = profile.build_with_hash(name, hash);
  if (!spec)
    throw TraceError(line, "deploy.code_hash: unknown code hash " + hash + " for " + name + " (the model knows " +
                               known() + ")");
  return spec;
}

// A deploy line's "profile" (trace-format.md): all deploy lines of one trace use one
// profile. The first that names one sets the world's profile (replacing --profile's,
// default "deployed"); a line without it deploys under the trace's profile.
void Replayer::use_profile(const std::string& name, std::size_t line) {
  const model::Profile* p = model::find_profile(name);
  if (!p) {
    std::string names;
    for (auto& n : model::profile_names()) names += (names.empty() ? "" : ", ") + n;
    throw TraceError(line, "deploy.profile: unknown profile \"" + name + "\" (one of " + names + ")");
  }
  if (p == &world_.profile()) return;
  if (!world_.instances().empty())
    throw TraceError(line, "deploy.profile: \"" + name + "\", but the contracts deployed so far are of profile \"" +
                               world_.profile().name + "\" (all deploy lines of one trace use one profile)");
  if (world_.external_in() != 0 || world_.external_out() != 0)
    throw TraceError(line, "deploy.profile: name the profile on the first deploy line, before any transfer");
  // --metadata was checked against the replay's profile (replay --profile): it does not
  // describe another's contracts, which may share their names.
  if (!options_.metadata.empty())
    throw TraceError(line, "deploy.profile: \"" + name + "\", but --metadata was checked against profile \"" +
                               world_.profile().name + "\" (give --profile " + name + ")");
  model::World fresh(*p);  // the balances set so far carry over
  world_.balances().for_each([&](const Address& a, const U256& b) { fresh.set_balance(a, b); });
  fresh.advance_clock(world_.block(), world_.timestamp());
  world_ = std::move(fresh);
}

bool Replayer::invariants_apply() const {
  if (!options_.check_invariants) return false;
  for (auto& inv : invariants::catalog())
    if (std::find(inv.profiles.begin(), inv.profiles.end(), world_.profile().name) != inv.profiles.end()) return true;
  return false;
}

void Replayer::deploy(const Json& body, std::size_t line) {
  check_keys(body, {"contract", "address", "deployer", "args", "block", "timestamp", "value", "code_hash", "profile"},
             line, "deploy");
  const std::string& name = require_string(require(body, "contract", line, "deploy"), line, "deploy.contract");
  if (auto it = body.find("profile"); it != body.end()) use_profile(require_string(*it, line, "deploy.profile"), line);
  const model::Profile& profile = world_.profile();
  if (!profile.contract(name)) throw TraceError(line, "deploy.contract: unknown contract \"" + name + "\"");
  Address address = at_line(line, [&] { return address_from_json(require(body, "address", line, "deploy"), "deploy.address"); });
  const ContractSpec* spec = deploy_build(profile, name, body, address, line);
  Address deployer =
      at_line(line, [&] { return address_from_json(require(body, "deployer", line, "deploy"), "deploy.deployer"); });
  auto args_it = body.find("args");
  std::vector<Value> args =
      decode_args(spec->constructor_args, args_it == body.end() ? nullptr : &*args_it, line, "deploy");
  U256 block = optional_integer(body, "block", world_.block(), kU32Max, line, "deploy");
  U256 ts = optional_integer(body, "timestamp", world_.timestamp(), kU64Max, line, "deploy");
  U256 value = optional_integer(body, "value", 0, kU256Max, line, "deploy");
  try {
    world_.deploy(*spec, address, deployer, args, value, static_cast<u32>(block), static_cast<u64>(ts));
  } catch (const WorldError& e) {
    throw TraceError(line, std::string("deploy: ") + e.what());
  }
}

void Replayer::call(Json& body, std::size_t line, std::vector<Divergence>& out, bool emit) {
  check_keys(body, {"contract", "caller", "value", "block", "timestamp", "message", "args", "expect", "input"}, line,
             "call");
  const Instance& inst = resolve_contract(require(body, "contract", line, "call"), line);
  const ContractSpec& spec = *inst.spec;
  const abi::Metadata* meta = options_.metadata.find(spec);
  model::Call c;
  c.contract = inst.address;
  c.caller = at_line(line, [&] { return address_from_json(require(body, "caller", line, "call"), "call.caller"); });
  c.value = optional_integer(body, "value", 0, kU256Max, line, "call");
  c.block = static_cast<u32>(optional_integer(body, "block", world_.block(), kU32Max, line, "call"));
  c.timestamp = static_cast<u64>(optional_integer(body, "timestamp", world_.timestamp(), kU64Max, line, "call"));
  if (auto input = body.find("input"); input != body.end()) {
    if (body.contains("args")) throw TraceError(line, "call: give \"args\" or \"input\", not both");
    RawInput decoded = decode_input(need_metadata(meta, spec, line, "call.input"), spec, *input, line);
    if (auto m = body.find("message"); m != body.end() && (!m->is_string() || *m != decoded.message->label))
      throw TraceError(line, "call.message: " + m->dump() + " but the input's selector is " + decoded.message->label +
                                 "'s");
    c.message = decoded.message;
    c.args = std::move(decoded.args);
  } else {
    const std::string& label = require_string(require(body, "message", line, "call"), line, "call.message");
    c.message = spec.message(label);
    if (!c.message) throw TraceError(line, "call.message: " + spec.name + " has no message \"" + label + "\"");
    auto args_it = body.find("args");
    c.args = decode_args(c.message->args, args_it == body.end() ? nullptr : &*args_it, line, "call");
  }

  CallResult r;
  try {
    r = world_.call(c);
  } catch (const WorldError& e) {
    throw TraceError(line, std::string("call: ") + e.what());
  }
  ++calls_;
  if (auto it = body.find("expect"); it != body.end()) compare_expectations(c.contract, *c.message, *it, r, line, out, meta);
  if (emit) body["expect"] = expect_json(*c.message, r);
  last_call_ = std::move(c);
  last_result_ = std::move(r);
}

Json Replayer::parse_line(std::string_view text, std::size_t line) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {
    // parse_error for broken syntax, out_of_range for a number beyond double (1e999).
    std::string why = e.what();
    if (auto p = why.find("] "); p != std::string::npos) why = why.substr(p + 2);
    throw TraceError(line, "malformed JSON: " + why);
  }
}

void Replayer::compare_expectations(const Address& contract, const MessageSpec& msg, const Json& expect,
                                    const CallResult& r, std::size_t line, std::vector<Divergence>& out,
                                    const abi::Metadata* meta) const {
  compare_call(world_, *world_.instance(contract), msg, expect, r, line, out, meta, options_.metadata);
}

void Replayer::transfer(const Json& body, std::size_t line, std::vector<Divergence>& out) {
  check_keys(body, {"from", "to", "value"}, line, "transfer");
  Address from = at_line(line, [&] { return address_from_json(require(body, "from", line, "transfer"), "transfer.from"); });
  Address to = at_line(line, [&] { return address_from_json(require(body, "to", line, "transfer"), "transfer.to"); });
  U256 value = at_line(line, [&] { return integer_from_json(require(body, "value", line, "transfer"), kU256Max, "transfer.value"); });
  auto before = world_.balance(from);
  try {
    if (!world_.transfer(from, to, value))
      out.push_back({line, "transfer from " + from.hex(), "value", "\"" + value.str() + "\" was paid",
                     "balance \"" + before->str() + "\" is short of it"});
  } catch (const WorldError& e) {
    throw TraceError(line, std::string("transfer: ") + e.what());
  }
}

void Replayer::balance_check(Json& body, std::size_t line, std::vector<Divergence>& out, bool emit) {
  check_keys(body, {"account", "expect"}, line, "balance");
  Address account =
      at_line(line, [&] { return address_from_json(require(body, "account", line, "balance"), "balance.account"); });
  auto actual = world_.balance(account);
  if (!actual)
    throw TraceError(line, "balance.account: " + account.hex() +
                               " is an external account (no balances line names it), so the model does not track its "
                               "balance");
  if (auto it = body.find("expect"); it != body.end()) {
    U256 expected = at_line(line, [&] { return integer_from_json(*it, kU256Max, "balance.expect"); });
    if (expected != *actual)
      out.push_back({line, "balance of " + account.hex(), "balance", "\"" + expected.str() + "\"",
                     "\"" + actual->str() + "\""});
  }
  if (emit) body["expect"] = actual->str();
}

void Replayer::run_line(std::string_view text, std::size_t line, LineFindings& findings, Json* emitted) {
  // Raw call lines that meet their expectations byte for byte take the fast path
  // (trace/fast_raw.cpp), which reports exactly what the general one would.
  if (!emitted && options_.raw_fast_path && !options_.metadata.empty() && fast_raw_call(text, line, findings)) return;
  auto& divergences = findings.divergences;
  Json j = parse_line(text, line);
  if (!j.is_object() || j.size() != 1)
    throw TraceError(line, "a line is one JSON object with exactly one key: balances, deploy, call, transfer or balance");
  const std::string kind = j.begin().key();
  Json& body = j.begin().value();
  if (!body.is_object()) throw TraceError(line, kind + ": expected an object");
  model::World before = world_;  // O(1): states and balances are shared, not copied
  std::optional<invariants::StepKind> step;
  if (kind == "call") call(body, line, divergences, emitted != nullptr), step = invariants::StepKind::Call;
  else if (kind == "deploy") deploy(body, line), step = invariants::StepKind::Deploy;
  else if (kind == "balances") balances(body, line), step = invariants::StepKind::Balances;
  else if (kind == "transfer") transfer(body, line, divergences), step = invariants::StepKind::Transfer;
  else if (kind == "balance") balance_check(body, line, divergences, emitted != nullptr);
  else
    throw TraceError(line, "unknown kind of line \"" + kind + "\" (expected balances, deploy, call, transfer or balance)");
  if (step && invariants_apply()) {
    bool is_call = *step == invariants::StepKind::Call;
    monitor_.observe(invariants::RunStep{*step, before, world_, is_call ? &last_call_ : nullptr,
                                      is_call ? &last_result_ : nullptr},
                     findings.violations);
  }
  if (emitted) *emitted = std::move(j);
}

ReplaySummary replay_stream(std::istream& in, const std::string& name, const model::Profile& profile,
                            std::ostream& report, std::ostream* emit, const ReplayOptions& options) {
  ReplaySummary summary;
  Replayer replayer(profile, options);
  std::string text;
  LineFindings findings;
  Json emitted;
  for (std::size_t line = 1; std::getline(in, text); ++line) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    summary.lines = line;
    findings.clear();
    try {
      replayer.run_line(text, line, findings, emit ? &emitted : nullptr);
    } catch (const TraceError& e) {
      report << name << ":" << e.line << ": error: " << e.what() << "\n";
      summary.error = e;
      break;
    } catch (const std::exception&) {
      // Not a fault of the trace: a bug. It still escapes (the caller decides; meshcheck
      // ends with one message), now saying which line it came from.
      std::throw_with_nested(std::runtime_error(name + ":" + std::to_string(line)));
    }
    for (auto& d : findings.divergences)
      report << name << ":" << d.line << ": " << d.where << ": " << d.field << ": trace says " << d.trace_says
             << ", model computed " << d.model_says << "\n";
    for (auto& v : findings.violations)
      report << name << ":" << line << ": invariant " << v.id << " violated: " << v.detail << "\n";
    summary.divergences += findings.divergences.size();
    summary.violations += findings.violations.size();
    if (emit) *emit << emitted.dump() << "\n";
  }
  summary.calls = replayer.calls();
  summary.profile = replayer.world().profile().name;
  summary.invariants_checked = replayer.invariants_apply();
  return summary;
}

}  // namespace meshcheck::trace
