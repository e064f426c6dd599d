// The fast path of replay for raw call lines (`replay --metadata`), the lines a chain
// records: one call in raw form whose expectations the model meets byte for byte.
//
// Such a line is read with simdjson (in place, no per-line allocation), its input is
// decoded, the model runs, and the model's output and events are encoded into reused
// buffers and compared with the trace's hex text directly, without decoding the
// observation. It gives exactly what the general path (Replayer::run_line through
// nlohmann::json) gives, because it only takes lines it can prove that path reads the
// same way:
//   - before the model runs, anything unusual (a spec contract's call, another key or
//     kind of line, a duplicated key, an escape or a minus sign anywhere in the text, a hex or
//     out-of-range integer, an address or input that does not decode, a contract named
//     otherwise than by its 0x address) hands the whole line to the general path,
//     which reports it exactly as before;
//   - after the model has run, expectations that are not plainly met (a divergence, a
//     decoded event, a malformed observation, ...) are judged by the same comparison
//     the general path uses (compare_expectations), on the line parsed by nlohmann,
//     so divergences and errors read exactly as before.
// trace_line_fuzzer replays every input both ways (--emit takes the general path) and
// checks that the reports are identical.
#include <simdjson.h>

#include <array>
#include <cstring>
#include <unordered_map>

#include "abi/event_codec.hpp"
#include "abi/scale.hpp"
#include "abi/ss58.hpp"
#include "abi/topics.hpp"
#include "trace/raw_call.hpp"
#include "trace/replay.hpp"

namespace meshcheck::trace {

struct FastRaw {
  simdjson::dom::parser parser;
  abi::Bytes input;     // the call data being decoded
  abi::Bytes computed;  // the model's output, encoded
  abi::RawEvent event;  // one of the model's events, encoded
  // Lookups by pointer instead of by name, per line.
  // The last line's contract: its text, address and index in World::instances().
  std::string contract_text;
  Address contract_address;
  std::size_t instance_index = ~std::size_t(0);
  const abi::Metadata* metadata = nullptr;
  std::unordered_map<const abi::AbiMessage*, const model::MessageSpec*> message_of;
  std::unordered_map<const abi::AbiMessage*, const abi::AbiMessage*> output_message_of;
  // The event the model's event is encoded as, when the general path would also decode
  // an observation carrying its signature topic as that event (else null).
  std::unordered_map<const model::EventSpec*, const abi::AbiEvent*> event_of;
};

std::shared_ptr<FastRaw> Replayer::make_fast_raw() { return std::make_shared<FastRaw>(); }

namespace {

// Hex digit values by character, -1 for anything else.
constexpr std::array<signed char, 256> kHexDigit = [] {
  std::array<signed char, 256> t{};
  for (auto& d : t) d = -1;
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<signed char>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<signed char>(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c) t[c] = static_cast<signed char>(c - 'A' + 10);
  return t;
}();
inline int hex_digit(char c) { return kHexDigit[static_cast<unsigned char>(c)]; }

// "0x" and an even number of hex digits (abi::from_hex's rule), into `out`.
bool hex_into(std::string_view text, abi::Bytes& out) {
  if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X') || text.size() % 2) return false;
  out.resize((text.size() - 2) / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = hex_digit(text[2 + 2 * i]), lo = hex_digit(text[3 + 2 * i]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<u8>(hi << 4 | lo);
  }
  return true;
}

// Whether `text` is the 0x-hex of exactly `bytes` (abi::from_hex(text) == bytes).
bool hex_equals(std::string_view text, std::span<const u8> bytes) {
  if (text.size() != 2 + 2 * bytes.size() || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) return false;
  // A digit's value is below 16, -1 (not a digit) has every bit set: OR-ing the two
  // values of a pair is below 256 only when both are digits.
  bool ok = true;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    int hi = hex_digit(text[2 + 2 * i]), lo = hex_digit(text[3 + 2 * i]);
    ok &= (hi | lo) >= 0 && (hi << 4 | lo) == bytes[i];
  }
  return ok;
}

// An integer as integer_from_json reads it, for the forms it reads the same way: a
// JSON integer below 2^53, or a decimal string of up to 19 digits. Else nullopt (the
// general path then reads it, or reports why it cannot).
std::optional<u64> small_integer(simdjson::dom::element e, u64 max) {
  u64 v = 0;
  switch (e.type()) {
    case simdjson::dom::element_type::INT64: {
      std::int64_t i = e.get_int64().value_unsafe();
      if (i < 0) return std::nullopt;
      v = static_cast<u64>(i);
      if (v >= (u64(1) << 53)) return std::nullopt;
      break;
    }
    case simdjson::dom::element_type::UINT64: return std::nullopt;  // at least 2^63
    case simdjson::dom::element_type::STRING: {
      std::string_view s = e.get_string().value_unsafe();
      if (s.empty() || s.size() > 19) return std::nullopt;
      for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + u64(c - '0');
      }
      break;
    }
    default: return std::nullopt;
  }
  if (v > max) return std::nullopt;
  return v;
}

}  // namespace

bool Replayer::fast_raw_call(std::string_view text, std::size_t line, LineFindings& findings) {
  // Escapes, and minus signs (-0 is an integer to nlohmann, negative numbers are
  // errors), are left to the general path; so are lines without raw input.
  if (std::memchr(text.data(), '\\', text.size()) || std::memchr(text.data(), '-', text.size()) ||
      !memmem(text.data(), text.size(), "\"input\"", 7))
    return false;
  FastRaw& f = *fast_;
  namespace dom = simdjson::dom;
  dom::element root;
  if (f.parser.parse(text.data(), text.size(), true).get(root)) return false;
  dom::object top, body;
  if (root.get_object().get(top) || top.size() != 1) return false;
  auto line_kind = *top.begin();
  if (line_kind.key != "call" || line_kind.value.get_object().get(body)) return false;

  enum Key { kContract, kCaller, kValue, kBlock, kTimestamp, kInput, kExpect, kKeys };
  static constexpr std::string_view kNames[kKeys] = {"contract", "caller", "value", "block", "timestamp", "input", "expect"};
  dom::element field[kKeys];
  unsigned seen = 0;
  for (auto kv : body) {
    int k = 0;
    while (k < kKeys && kv.key != kNames[k]) ++k;
    if (k == kKeys || (seen & (1u << k))) return false;  // message, args, unknown or repeated keys
    seen |= 1u << k;
    field[k] = kv.value;
  }
  auto has = [&](Key k) { return (seen & (1u << k)) != 0; };
  std::string_view contract, caller, input;
  if (!has(kContract) || !has(kCaller) || !has(kInput) || field[kContract].get_string().get(contract) ||
      field[kCaller].get_string().get(caller) || field[kInput].get_string().get(input))
    return false;

  // The contract, by its 0x address (resolve_contract's first case).
  if (contract.size() < 2 || contract[0] != '0' || contract[1] != 'x') return false;
  // The same contract as the last line's (by its text, and still at the same place
  // among the world's instances, which a deploy may move), or looked up.
  const auto& instances = world_.instances();
  const model::Instance* inst = nullptr;
  if (contract == f.contract_text && f.instance_index < instances.size() &&
      instances[f.instance_index].address == f.contract_address) {
    inst = &instances[f.instance_index];
  } else {
    auto address = Address::parse(contract);
    if (!address) return false;
    inst = world_.instance(*address);
    if (!inst) return false;
    f.contract_text.assign(contract);
    f.contract_address = inst->address;
    f.instance_index = static_cast<std::size_t>(inst - instances.data());
    f.metadata = options_.metadata.find(*inst->spec);
  }
  const abi::Metadata* meta = f.metadata;
  if (!meta) return false;
  const model::ContractSpec& spec = *inst->spec;
  // A spec contract's line (Err outputs, nested calls' events with their emitters'
  // metadata) is the general path's.
  if (spec.returns_result()) return false;

  model::Call c;
  c.contract = inst->address;
  std::string why;
  auto from = abi::parse_any_address(caller, why);
  if (!from) return false;
  c.caller = *from;
  if (has(kValue)) {
    auto v = small_integer(field[kValue], ~u64(0));
    if (!v) return false;
    c.value = U256(*v);
  } else {
    c.value = 0;
  }
  if (has(kBlock)) {
    auto v = small_integer(field[kBlock], 0xffffffffu);
    if (!v) return false;
    c.block = static_cast<u32>(*v);
  } else {
    c.block = world_.block();
  }
  if (has(kTimestamp)) {
    auto v = small_integer(field[kTimestamp], ~u64(0));
    if (!v) return false;
    c.timestamp = *v;
  } else {
    c.timestamp = world_.timestamp();
  }

  // The input: the message by its selector, then its arguments (decode_input's rules).
  if (!hex_into(input, f.input) || f.input.size() < 4) return false;
  const abi::AbiMessage* am = meta->message_by_selector(std::span<const u8>(f.input.data(), 4));
  if (!am) return false;
  auto known = f.message_of.find(am);
  if (known == f.message_of.end()) known = f.message_of.emplace(am, spec.message(am->label)).first;
  c.message = known->second;
  if (!c.message) return false;
  abi::Reader r(std::span<const u8>(f.input).subspan(4), 4);
  c.args.reserve(am->args.size());
  try {
    for (auto& arg : am->args) c.args.push_back(abi::decode(arg.type, r));
  } catch (const abi::ScaleError&) {
    return false;
  }
  if (!r.at_end()) return false;

  // From here on the line is this path's: it runs as Replayer::call runs it.
  std::optional<model::World> before;
  if (options_.check_invariants) before.emplace(world_);
  model::CallResult result;
  try {
    result = world_.call(c);
  } catch (const model::WorldError& e) {
    throw TraceError(line, std::string("call: ") + e.what());
  }
  ++calls_;
  bool met = false;
  if (has(kExpect)) {
    try {
      met = fast_expectations_met(field[kExpect], *meta, *am, result);
    } catch (const std::exception&) {
      met = false;  // (a value the metadata cannot encode: the general path says so)
    }
  }
  if (has(kExpect) && !met) {
    // Not plainly met: judged as the general path judges it.
    Json j = parse_line(text, line);
    compare_expectations(c.contract, *c.message, j.at("call").at("expect"), result, line, findings.divergences, meta);
  }
  last_call_ = std::move(c);
  last_result_ = std::move(result);
  if (options_.check_invariants)
    monitor_.observe(invariants::RunStep{invariants::StepKind::Call, *before, world_, &last_call_, &last_result_},
                     findings.violations);
  return true;
}

bool Replayer::fast_expectations_met(simdjson::dom::element expect, const abi::Metadata& meta,
                                     const abi::AbiMessage& am, const model::CallResult& r) {
  FastRaw& f = *fast_;
  namespace dom = simdjson::dom;
  dom::object obj;
  if (expect.get_object().get(obj)) return false;
  enum Key { kStatus, kOutput, kEvents, kKeys };
  static constexpr std::string_view kNames[kKeys] = {"status", "output", "events"};
  dom::element field[kKeys];
  unsigned seen = 0;
  for (auto kv : obj) {
    int k = 0;
    while (k < kKeys && kv.key != kNames[k]) ++k;
    if (k == kKeys || (seen & (1u << k))) return false;  // return, unknown or repeated keys
    seen |= 1u << k;
    field[k] = kv.value;
  }
  auto has = [&](Key k) { return (seen & (1u << k)) != 0; };
  if (has(kStatus)) {
    std::string_view s;
    if (field[kStatus].get_string().get(s)) return false;
    if (s != (r.outcome.reverted ? "reverted" : "ok")) return false;
  }
  if (has(kOutput)) {
    std::string_view out;
    if (r.outcome.reverted || field[kOutput].get_string().get(out)) return false;
    auto known = f.output_message_of.find(&am);
    if (known == f.output_message_of.end()) known = f.output_message_of.emplace(&am, meta.message(am.label)).first;
    const abi::AbiMessage* om = known->second;
    if (!om) return false;
    f.computed.assign(1, 0);  // MessageResult::Ok
    abi::encode(om->returns, r.outcome.returned, f.computed);
    if (!hex_equals(out, f.computed)) return false;
  }
  if (has(kEvents)) {
    dom::array events;
    if (field[kEvents].get_array().get(events) || events.size() != r.events.size()) return false;
    std::size_t i = 0;
    for (dom::element observed : events) {
      const model::Event& e = r.events[i++];
      auto known = f.event_of.find(e.spec);
      if (known == f.event_of.end()) {
        const abi::AbiEvent* ae = meta.event(e.spec->name);
        if (ae && (!ae->signature_topic || meta.event_by_topic(*ae->signature_topic) != ae)) ae = nullptr;
        known = f.event_of.emplace(e.spec, ae).first;
      }
      if (!known->second) return false;
      dom::object ev;
      if (observed.get_object().get(ev) || ev.size() != 2) return false;
      dom::array topics;
      std::string_view data;
      if (ev["topics"].get_array().get(topics) || ev["data"].get_string().get(data)) return false;
      // The model's event as abi::encode_event writes it, into reused buffers.
      const abi::AbiEvent& ae = *known->second;
      if (e.fields.size() != ae.fields.size()) return false;
      abi::RawEvent& mine = f.event;
      mine.topics.assign(1, *ae.signature_topic);
      mine.data.clear();
      for (std::size_t k = 0; k < e.fields.size(); ++k) {
        abi::encode(ae.fields[k].type, e.fields[k], mine.data);
        if (ae.fields[k].indexed) mine.topics.push_back(abi::field_topic(ae.fields[k].type, e.fields[k]));
      }
      if (topics.size() != mine.topics.size() || !hex_equals(data, mine.data)) return false;
      std::size_t t = 0;
      for (dom::element topic : topics) {
        std::string_view hex;
        if (topic.get_string().get(hex) || !hex_equals(hex, mine.topics[t++])) return false;
      }
    }
  }
  return true;
}

}  // namespace meshcheck::trace
