#include "trace/writer.hpp"

namespace meshcheck::trace {

namespace {
// A timestamp as the format reads it: a JSON number while exact (below 2^53), else a
// decimal string.
Json clock_json(u64 timestamp) {
  if (timestamp < (u64(1) << 53)) return timestamp;
  return std::to_string(timestamp);
}
}  // namespace

namespace {
Json args_json(const std::vector<model::ArgSpec>& specs, model::Args args) {
  Json out = Json::object();
  for (std::size_t i = 0; i < specs.size(); ++i) out[specs[i].label] = value_to_json(specs[i].type, args[i]);
  return out;
}
}  // namespace

Json event_json(const model::Event& e) {
  Json fields = Json::object();
  for (std::size_t i = 0; i < e.fields.size(); ++i)
    fields[e.spec->fields[i].name] = value_to_json(e.spec->fields[i].type, e.fields[i]);
  return Json{{"event", e.spec->name}, {"fields", std::move(fields)}};
}

Json events_json(const std::vector<model::Event>& events) {
  Json out = Json::array();
  for (auto& e : events) out.push_back(event_json(e));
  return out;
}

Json expect_json(const model::MessageSpec& message, const model::CallResult& r) {
  Json out = Json::object();
  out["status"] = r.outcome.reverted ? "reverted" : "ok";
  if (!r.outcome.error.empty()) out["error"] = r.outcome.error;
  const bool unit_ok = message.on_world && message.returns == types::unit();
  if (!r.outcome.reverted && !unit_ok) out["return"] = value_to_json(message.returns, r.outcome.returned);
  Json events = events_json(r.events);
  // A nested call's event names its emitter (the top-level call is frames[0]).
  for (std::size_t i = 0; i < r.emitters.size() && !r.frames.empty(); ++i)
    if (r.emitters[i] != r.frames.front().contract) events[i]["contract"] = r.emitters[i].hex();
  out["events"] = std::move(events);
  return out;
}

Json deploy_line(const model::ContractSpec& spec, const Address& address, const Address& deployer, model::Args args,
                 const U256& value, u32 block, u64 timestamp) {
  Json body = Json::object();
  body["contract"] = spec.name;
  body["address"] = address.hex();
  body["deployer"] = deployer.hex();
  body["args"] = args_json(spec.constructor_args, args);
  body["block"] = block;
  body["timestamp"] = clock_json(timestamp);
  body["value"] = value.str();
  return Json{{"deploy", std::move(body)}};
}

Json transfer_line(const Address& from, const Address& to, const U256& value) {
  Json body = Json::object();
  body["from"] = from.hex();
  body["to"] = to.hex();
  body["value"] = value.str();
  return Json{{"transfer", std::move(body)}};
}

Json call_line(const model::ContractSpec& spec, const model::Call& c, const model::CallResult* observed) {
  Json body = Json::object();
  body["contract"] = c.contract.hex();
  body["caller"] = c.caller.hex();
  body["value"] = c.value.str();
  body["block"] = c.block;
  body["timestamp"] = clock_json(c.timestamp);
  body["message"] = c.message->label;
  body["args"] = args_json(c.message->args, c.args);
  if (observed) body["expect"] = expect_json(*c.message, *observed);
  return Json{{"call", std::move(body)}};
}

}  // namespace meshcheck::trace
