#include "mutation/report.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "mutation/catalog.hpp"

namespace meshcheck::mutation {

using nlohmann::json;

namespace {

// A mutant's position in the catalog's order, deployed then spec (unknown IDs last, by
// ID). The spec catalog is generated only when a spec mutant is ranked.
std::size_t rank(const std::string& id) {
  static const std::map<std::string, std::size_t> deployed = [] {
    std::map<std::string, std::size_t> r;
    for (const Mutant& m : mutants("deployed")) r.emplace(m.id, r.size());
    return r;
  }();
  if (auto it = deployed.find(id); it != deployed.end()) return it->second;
  if (id.rfind("spec:", 0) != 0) return std::size_t(-1);
  static const std::map<std::string, std::size_t> spec = [] {
    std::map<std::string, std::size_t> r;
    for (const Mutant& m : mutants("spec")) r.emplace(m.id, deployed.size() + r.size());
    return r;
  }();
  auto it = spec.find(id);
  return it == spec.end() ? std::size_t(-1) : it->second;
}

std::string percent(std::size_t killed, std::size_t of) {
  if (of == 0) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", 100.0 * double(killed) / double(of));
  return buf;
}

// Counts of a set of mutants: total, killed, survived, equivalent (survived and accepted).
json tally(const std::vector<const json*>& ms) {
  std::size_t total = ms.size(), killed = 0, equivalent = 0;
  for (auto* m : ms) {
    if ((*m)["status"] == "killed") ++killed;
    else if (!(*m)["equivalent"].get<std::string>().empty()) ++equivalent;
  }
  return {{"total", total},
          {"killed", killed},
          {"survived", total - killed},
          {"equivalent", equivalent},
          {"score", percent(killed, total - equivalent)}};
}

// A killer as the matrix columns name it: an invariant ID, or "traces" for a divergence.
std::string column(const std::string& killer) { return killer.rfind("trace:", 0) == 0 ? "traces" : killer; }

}  // namespace

std::string suggestion(const json& m) {
  const std::string op = m["operator"], msg = m["message"], branch = m["branch"];
  if (m.value("profile", "") == "spec" && (op == "negate-guard" || op == "drop-guard"))
    return "a spec flow trace calling " + msg + " so that it refuses with " + branch +
           " (expect.error), and one just past it that expects the call to go through, or a spec invariant the "
           "unguarded effect breaks";
  if (op == "drop-sort")
    return "a trace creating a batch from unsorted ids that expects the sorted ids (BatchCreated, get_batch), or "
           "the permutation invariant M-PERMUTE";
  if (op == "negate-guard" || op == "drop-guard" || op == "boundary-shift")
    return "a trace calling " + msg + " in the case '" + branch +
           "' (and just past it) that expects the refusal: return false, no event, the state unchanged";
  if (op == "drop-write")
    return "a trace reading the state back after " + msg + " ('" + branch +
           "'), or a transition invariant on what " + msg + " must store";
  if (op == "drop-event" || op == "corrupt-event-field")
    return "a trace expecting " + msg + "'s event with every field, or an invariant tying the event to the state change";
  if (op == "drop-transfer" || op == "redirect-transfer")
    return "a trace with a balances check after " + msg + ", or an invariant on who receives the value " + msg +
           " pays out";
  if (op == "flip-return") return "a trace expecting " + msg + "'s return value on '" + branch + "'";
  if (op == "wrapping" || op == "swap-plus-minus")
    return "a trace at the arithmetic's limits in " + msg + ", or an invariant on the computed value";
  return "a test reaching " + msg + " '" + branch + "'";
}

json document(const std::string& profile, const json& settings, const json& baselines, json results) {
  std::vector<json> ms(results.begin(), results.end());
  std::stable_sort(ms.begin(), ms.end(), [](const json& a, const json& b) {
    std::size_t ra = rank(a["id"]), rb = rank(b["id"]);
    return ra != rb ? ra < rb : a["id"].get<std::string>() < b["id"].get<std::string>();
  });
  std::vector<const json*> all;
  std::map<std::string, std::vector<const json*>> by_contract, by_profile;
  std::map<std::string, std::size_t> by_engine;
  std::map<std::string, std::pair<std::size_t, std::size_t>> by_invariant;  // killed, alone killed
  for (const json& m : ms) {
    all.push_back(&m);
    // A document of both profiles keys its contracts by profile: each has a payment_escrow.
    by_contract[profile == "all" ? m["profile"].get<std::string>() + "/" + m["contract"].get<std::string>()
                                 : m["contract"].get<std::string>()]
        .push_back(&m);
    by_profile[m["profile"]].push_back(&m);
    if (m["status"] != "killed") continue;
    ++by_engine[m["engine"]];
    std::set<std::string> cols;
    for (auto& k : m["killers"]) cols.insert(column(k));
    for (auto& c : cols) {
      ++by_invariant[c].first;
      if (cols.size() == 1) ++by_invariant[c].second;
    }
  }
  json contracts = json::object();
  for (auto& [name, list] : by_contract) contracts[name] = tally(list);
  json engines = json::object();
  for (auto& [name, n] : by_engine) engines[name] = n;
  json invs = json::object();
  for (auto& [name, n] : by_invariant) invs[name] = {{"killed", n.first}, {"alone", n.second}};
  json summary = tally(all);
  json sum = {{"profile", summary}, {"contracts", contracts}, {"engines", engines}, {"invariants", invs}};
  if (profile == "all") {  // (only here: a one-profile document is as it was)
    json profiles = json::object();
    for (auto& [name, list] : by_profile) profiles[name] = tally(list);
    sum["profiles"] = profiles;
  }
  return {{"profile", profile}, {"settings", settings}, {"baselines", baselines}, {"summary", sum}, {"mutants", ms}};
}

json merge(const std::vector<json>& docs, std::string& error) {
  error.clear();
  if (docs.empty()) {
    error = "nothing to merge";
    return {};
  }
  json results = json::array(), baselines = json::object();
  std::set<std::string> seen;
  for (const json& d : docs) {
    if (d["profile"] != docs[0]["profile"] || d["settings"] != docs[0]["settings"]) {
      error = "the shards were run with different profiles or settings";
      return {};
    }
    for (auto& [contract, b] : d["baselines"].items()) {
      if (baselines.contains(contract) && baselines[contract] != b) {
        error = "the shards' baselines of " + contract + " differ";
        return {};
      }
      baselines[contract] = b;
    }
    for (auto& m : d["mutants"]) {
      if (!seen.insert(m["id"].get<std::string>()).second) {
        error = "mutant " + m["id"].get<std::string>() + " is in two shards";
        return {};
      }
      results.push_back(m);
    }
  }
  return document(docs[0]["profile"], docs[0]["settings"], baselines, results);
}

std::size_t unexplained_survivors(const json& doc) {
  std::size_t n = 0;
  for (auto& m : doc["mutants"])
    if (m["status"] != "killed" && m["equivalent"].get<std::string>().empty()) ++n;
  return n;
}

std::string markdown(const json& doc) {
  std::ostringstream o;
  const json& s = doc["summary"];
  o << "# meshcheck mutate: profile `" << doc["profile"].get<std::string>() << "`\n\n";
  const json& p = s["profile"];
  o << "**Score: " << p["score"].get<std::string>() << "** (" << p["killed"] << " of " << p["total"]
    << " mutants killed, " << p["equivalent"] << " accepted as equivalent, "
    << p["survived"].get<std::size_t>() - p["equivalent"].get<std::size_t>() << " unexplained survivors).\n\n";
  const json& st = doc["settings"];
  o << "Engines, cheapest first: " << st["engines"].dump() << "; fuzz seeds " << st["seeds"].dump() << ", "
    << st["runs"] << " sequences of at most " << st["max_calls"] << " calls per invariant; prover depth "
    << st["depth"] << ", rlimit " << st["rlimit"] << " per query, " << st["bmc_rlimit"] << " per BMC.";
  if (!st["without"].empty()) o << " Invariants left out: " << st["without"].dump() << ".";
  // Engines a profile does not have (yet): the spec prover, the spec fuzzer until it has
  // handlers. They killed nothing; the score is the other engines'.
  std::set<std::string> absent;
  for (auto& [key, b] : doc["baselines"].items())
    for (auto& [engine, r] : b.items())
      if (r.is_object() && r.contains("not_applicable"))
        absent.insert((key.rfind("spec:", 0) == 0 ? "spec " : "") + engine + " (" +
                      r["not_applicable"].get<std::string>() + ")");
  if (!absent.empty()) {
    o << " Engines that did not apply, and so killed nothing:";
    bool first = true;
    for (auto& a : absent) {
      o << (first ? " " : "; ") << a;
      first = false;
    }
    o << ".";
  }
  if (s.contains("profiles")) {
    o << "\n\n## Score per profile\n\n| profile | mutants | killed | equivalent | survived | score |\n|---|---|---|---|---|---|\n";
    for (auto& [name, t] : s["profiles"].items())
      o << "| " << name << " | " << t["total"] << " | " << t["killed"] << " | " << t["equivalent"] << " | "
        << t["survived"] << " | " << t["score"].get<std::string>() << " |\n";
  }
  o << "\n\n## Score per contract\n\n| contract | mutants | killed | equivalent | survived | score |\n|---|---|---|---|---|---|\n";
  for (auto& [name, t] : s["contracts"].items())
    o << "| " << name << " | " << t["total"] << " | " << t["killed"] << " | " << t["equivalent"] << " | "
      << t["survived"] << " | " << t["score"].get<std::string>() << " |\n";
  o << "\n## Kills per engine (the first engine to kill each mutant)\n\n| engine | killed |\n|---|---|\n";
  for (auto& [name, n] : s["engines"].items()) o << "| " << name << " | " << n << " |\n";
  o << "\n## Invariants that killed\n\n`traces` is a divergence from a bundled trace's expectations. "
       "*Alone*: the mutants it was the only killer of.\n\n| killer | killed | alone |\n|---|---|---|\n";
  std::vector<std::string> cols;
  for (auto& [name, k] : s["invariants"].items()) {
    cols.push_back(name);
    o << "| " << name << " | " << k["killed"] << " | " << k["alone"] << " |\n";
  }
  // An invariant the unmutated model already violates on a trace, a seed or in the
  // prover cannot kill there: a mutant that breaks it again, differently, is not "worse"
  // by the kill rule. Listed so a survivor it would catch is read with that in mind.
  std::set<std::string> blind;
  for (auto& [contract, b] : doc["baselines"].items()) {
    if (b.contains("prove"))
      for (auto& [id, v] : b["prove"].items())
        if (v == "VIOLATED") blind.insert(id);
    if (b.contains("fuzz") && !b["fuzz"].contains("not_applicable"))
      for (auto& [seed, r] : b["fuzz"].items())
        for (auto& id : r["violated"]) blind.insert(id.get<std::string>());
    if (b.contains("traces"))
      for (auto& [file, r] : b["traces"].items())
        for (auto& id : r["violated"]) blind.insert(id.get<std::string>());
  }
  if (!blind.empty()) {
    o << "\nViolated on the unmutated model (they kill only where it keeps them: on the other traces and "
         "seeds, or by losing a proof):";
    for (auto& id : blind) o << " " << id;
    o << ".\n";
  }
  o << "\n## Mutant × killer matrix\n\n| mutant | site | engine |";
  for (auto& c : cols) o << " " << c << " |";
  o << "\n|---|---|---|";
  for (std::size_t i = 0; i < cols.size(); ++i) o << "---|";
  o << "\n";
  for (auto& m : doc["mutants"]) {
    std::set<std::string> ks;
    for (auto& k : m["killers"]) ks.insert(column(k));
    o << "| `" << m["id"].get<std::string>() << "` | " << m["location"].get<std::string>() << " | "
      << (m["status"] == "killed" ? m["engine"].get<std::string>() : "**survived**") << " |";
    for (auto& c : cols) o << (ks.count(c) ? " x |" : " |");
    o << "\n";
  }
  o << "\n## Survivors\n\n";
  bool any = false;
  for (auto& m : doc["mutants"]) {
    if (m["status"] == "killed") continue;
    any = true;
    o << "- `" << m["id"].get<std::string>() << "` at " << m["location"].get<std::string>() << " ("
      << m["message"].get<std::string>() << ", branch '" << m["branch"].get<std::string>() << "'): "
      << m["description"].get<std::string>() << ".\n";
    if (!m["equivalent"].get<std::string>().empty())
      o << "  Accepted as equivalent: " << m["equivalent"].get<std::string>() << "\n";
    else
      o << "  Would be caught by: " << suggestion(m) << ".\n";
  }
  if (!any) o << "None: every mutant was killed.\n";
  return o.str();
}

}  // namespace meshcheck::mutation
