#include "reports/trace_view.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

namespace meshcheck::reports {

using nlohmann::json;

std::string shorten(const std::string& text, std::size_t max) {
  if (text.size() <= max || max < 8) return text;
  std::size_t keep = (max - 1) / 2;
  return text.substr(0, keep) + "…" + text.substr(text.size() - keep);
}

std::string actor_name(const std::string& hex) {
  static const char* names[] = {"alice", "bob", "charlie", "django", "eve", "frank"};
  if (hex.size() == 42 || hex.size() == 66) {
    std::string body = hex.substr(2);
    bool uniform = true;
    for (std::size_t i = 2; i < body.size(); i += 2)
      if (body.compare(i, 2, body, 0, 2) != 0) uniform = false;
    if (uniform) {
      int fill = std::stoi(body.substr(0, 2), nullptr, 16);
      if (fill >= 1 && fill <= 6) return std::string(names[fill - 1]) + (hex.size() == 42 ? ".h160" : "");
    }
    return hex.substr(0, 6) + "…" + hex.substr(hex.size() - 4);
  }
  return hex;
}

namespace {

std::string value_text(const json& v, const std::map<std::string, std::string>& contracts) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s.size() > 2 && s[0] == '0' && s[1] == 'x' && (s.size() == 42 || s.size() == 66)) {
      if (auto it = contracts.find(s); it != contracts.end()) return it->second;
      return actor_name(s);
    }
    return shorten(s);
  }
  if (v.is_null()) return "None";
  if (v.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out += ", ";
      if (i == 4 && v.size() > 5) {
        out += "… " + std::to_string(v.size() - 4) + " more";
        break;
      }
      out += value_text(v[i], contracts);
    }
    return out + "]";
  }
  if (v.is_object()) {
    std::string out = "{";
    bool first = true;
    for (auto& [k, x] : v.items()) {
      out += (first ? "" : ", ") + k + ": " + value_text(x, contracts);
      first = false;
    }
    return out + "}";
  }
  return v.dump();
}

}  // namespace

TraceView view_trace(const std::vector<std::string>& lines) {
  TraceView view;
  std::map<std::string, std::string> contracts;  // address -> participant name
  std::map<std::string, int> kinds_deployed;
  auto add = [&](const std::string& name, bool contract) {
    if (std::find(view.participants.begin(), view.participants.end(), name) == view.participants.end()) {
      view.participants.push_back(name);
      view.is_contract.push_back(contract);
    }
  };
  for (const auto& text : lines) {
    json line = json::parse(text, nullptr, false);
    if (line.is_discarded() || !line.is_object() || line.empty()) continue;
    const std::string kind = line.begin().key();
    const json& body = line.begin().value();
    if (!body.is_object()) continue;
    if (kind == "deploy") {
      std::string name = body.value("contract", "");
      int n = ++kinds_deployed[name];
      if (n > 1) name += "#" + std::to_string(n);
      contracts[body.value("address", "")] = name;
    } else if (kind == "call") {
      TraceStep s;
      std::string target = body.value("contract", "");
      auto it = contracts.find(target);
      s.to = it != contracts.end() ? it->second : target;
      s.contract = s.to.substr(0, s.to.find('#'));
      s.from = actor_name(body.value("caller", ""));
      s.message = body.value("message", body.contains("input") ? "(raw input)" : "?");
      if (body.contains("args") && body["args"].is_object()) {
        for (auto& [k, v] : body["args"].items())
          s.args += (s.args.empty() ? "" : ", ") + k + "=" + value_text(v, contracts);
      }
      s.value = body.contains("value") && body["value"].is_string() ? body["value"].get<std::string>() : "0";
      if (body.contains("expect") && body["expect"].is_object()) {
        const json& e = body["expect"];
        std::string status = e.value("status", "");
        s.outcome = status;
        if (e.contains("return")) s.outcome += (s.outcome.empty() ? "" : " → ") + value_text(e["return"], contracts);
        if (e.contains("events") && e["events"].is_array())
          for (auto& ev : e["events"])
            if (ev.is_object() && ev.contains("event")) s.events.push_back(ev["event"].get<std::string>());
      }
      if (s.outcome.empty()) s.outcome = "?";
      add(s.from, false);
      view.steps.push_back(std::move(s));
    } else if (kind == "transfer") {
      TraceStep s;
      s.kind = TraceStep::Kind::Transfer;
      std::string from = body.value("from", ""), to = body.value("to", "");
      s.from = contracts.count(from) ? contracts[from] : actor_name(from);
      s.to = contracts.count(to) ? contracts[to] : actor_name(to);
      s.message = "transfer";
      s.value = body.contains("value") && body["value"].is_string() ? body["value"].get<std::string>() : "0";
      s.outcome = "ok";
      add(s.from, contracts.count(from) > 0);
      view.steps.push_back(std::move(s));
    }
  }
  // Actors first (in order of appearance), then the contracts the steps reach.
  for (auto& s : view.steps)
    if (s.kind == TraceStep::Kind::Call) add(s.to, true);
    else add(s.to, false);
  std::vector<std::string> p;
  std::vector<bool> c;
  for (int pass = 0; pass < 2; ++pass)
    for (std::size_t i = 0; i < view.participants.size(); ++i)
      if (view.is_contract[i] == (pass == 1)) {
        p.push_back(view.participants[i]);
        c.push_back(pass == 1);
      }
  view.participants = std::move(p);
  view.is_contract = std::move(c);
  return view;
}

}  // namespace meshcheck::reports
