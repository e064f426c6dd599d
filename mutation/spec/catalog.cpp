#include "mutation/spec/catalog.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "model/contract_kind.hpp"
#include "model/spec/bridge/table.hpp"

#ifndef MESHCHECK_SOURCE_DIR
#define MESHCHECK_SOURCE_DIR "."
#endif

namespace meshcheck::mutation::spec {

namespace {

using Key = std::tuple<std::string, std::string, SiteKind, std::string, std::string, unsigned>;

std::string what_of(SiteKind kind, const std::string& detail) {
  switch (kind) {
    case SiteKind::kGuard: return "refuses with " + detail;
    case SiteKind::kArith: return "computes a checked " + detail + " (refusing on overflow)";
    case SiteKind::kWrite: return "writes a storage map entry";
    case SiteKind::kTransfer: return "transfers value out of the contract";
    case SiteKind::kEvent: return "emits " + detail;
    case SiteKind::kReturn: return "returns a bool";
    case SiteKind::kSort: return "sorts the batch's intent ids";
    case SiteKind::kCredit: return "credits the value the call brings to the contract, and returns it when refused";
    default: return "";
  }
}

// The line declaring message `label` of `contract` (its `kLabel`): where a returned bool
// is reported, the message having no other line of its own.
// (Line 0 when the source tree the binary was built from is not there.)
std::pair<std::string, unsigned> label_line(const std::string& contract, const std::string& label) {
  const std::string needle = "kLabel = \"" + label + "\"";
  for (const std::string& file : {"model/spec/" + contract + "_messages.hpp", "model/spec/" + contract + ".hpp"}) {
    std::ifstream in(std::string(MESHCHECK_SOURCE_DIR) + "/" + file);
    unsigned n = 0;
    for (std::string line; std::getline(in, line);) {
      ++n;
      if (line.find(needle) != std::string::npos) return {file, n};
    }
  }
  return {"model/spec/" + contract + ".hpp", 0};
}

std::vector<SpecSite> generate() {
  // Every operation met while exploring every message of every contract.
  std::set<Key> met;
  std::map<Key, bool> fields, increments;
  const Hooks saved = g_hooks;
  g_hooks = Hooks{};
  g_hooks.on = true;
  g_hooks.record = [&](const Met& m) {
    Key k{std::string(m.contract), std::string(m.message), m.kind, std::string(m.detail),
          m.where.line ? std::string(m.where.short_file()) : std::string(), m.where.line};
    met.insert(k);
    fields[k] = m.has_fields;
    increments[k] = increments[k] || m.increment;
  };
  std::vector<std::pair<std::string, std::vector<std::string>>> order;  // contract -> its messages
  for (model::ContractKind kind : model::kContractKinds) {
    const std::string name(model::contract_name(kind));
    const model::spec::bridge::SpecTable* table = model::spec::bridge::spec_table(name);
    if (!table) continue;
    std::vector<std::string> labels;
    for (const auto& m : table->spec.messages) labels.push_back(m.label);
    order.emplace_back(name, labels);
    for (auto* explore : table->explore_sites) explore();
  }
  g_hooks = saved;

  // Every frame is a message of its contract's table (a callee too): a site elsewhere
  // would be left out of the catalog silently.
  for (const Key& k : met) {
    bool listed = false;
    for (const auto& contract : order)
      if (contract.first == std::get<0>(k))
        listed = std::find(contract.second.begin(), contract.second.end(), std::get<1>(k)) != contract.second.end();
    if (!listed)
      throw std::logic_error("spec mutation sites: " + std::get<0>(k) + "." + std::get<1>(k) +
                             " ran but is in no contract's table");
  }
  std::vector<SpecSite> out;
  for (const auto& contract : order) {
    for (const std::string& message : contract.second) {
      std::vector<SpecSite> sites;
      std::map<std::string, std::size_t> event_at;  // an event's site, by name
      for (const Key& k : met) {
        if (std::get<0>(k) != contract.first || std::get<1>(k) != message) continue;
        SpecSite s;
        s.contract = contract.first;
        s.message = message;
        s.kind = std::get<2>(k);
        s.detail = std::get<3>(k);
        s.file = std::get<4>(k);
        s.line = s.shown_line = std::get<5>(k);
        s.has_fields = fields[k];
        s.increment = increments[k];
        if (s.kind == SiteKind::kEvent) {  // one site per event name: every emission of it
          auto it = event_at.find(s.detail);
          if (it != event_at.end()) {
            SpecSite& first = sites[it->second];
            if (std::tie(s.file, s.shown_line) < std::tie(first.file, first.shown_line)) {
              first.file = s.file;
              first.shown_line = s.shown_line;
            }
            continue;
          }
          s.line = 0;
          event_at[s.detail] = sites.size();
        }
        if (s.kind == SiteKind::kReturn || s.kind == SiteKind::kCredit)
          std::tie(s.file, s.shown_line) = label_line(s.contract, s.message);
        sites.push_back(std::move(s));
      }
      // Source order (a returned bool and the credit, the message's own, last), then each
      // kind's ordinals.
      std::stable_sort(sites.begin(), sites.end(), [](const SpecSite& a, const SpecSite& b) {
        bool ra = a.kind == SiteKind::kReturn || a.kind == SiteKind::kCredit;
        bool rb = b.kind == SiteKind::kReturn || b.kind == SiteKind::kCredit;
        return std::tie(ra, a.file, a.shown_line, a.kind, a.detail) < std::tie(rb, b.file, b.shown_line, b.kind, b.detail);
      });
      std::map<std::string, unsigned> ordinal;
      for (SpecSite& s : sites) {
        switch (s.kind) {
          case SiteKind::kGuard:
          case SiteKind::kArith: s.key = s.detail + "#" + std::to_string(++ordinal[s.detail]); break;
          case SiteKind::kWrite: s.key = "write#" + std::to_string(++ordinal["/write"]); break;
          case SiteKind::kTransfer: s.key = "transfer#" + std::to_string(++ordinal["/transfer"]); break;
          case SiteKind::kSort: s.key = "sort#" + std::to_string(++ordinal["/sort"]); break;
          case SiteKind::kEvent: s.key = s.detail; break;
          case SiteKind::kReturn: s.key = "return"; break;
          case SiteKind::kCredit: s.key = "credit"; break;
          default: s.key = "?"; break;
        }
        s.name = s.message + ":" + s.key;
        s.branch = s.kind == SiteKind::kGuard ? s.detail : "ok";
        s.what = what_of(s.kind, s.detail);
        out.push_back(std::move(s));
      }
    }
  }
  return out;
}

}  // namespace

std::vector<Op> SpecSite::operators() const {
  switch (kind) {
    case SiteKind::kGuard: return {Op::kNegateGuard, Op::kDropGuard};  // a Bool: no boundary to shift here
    case SiteKind::kArith:
      if (detail == "mul") return {Op::kWrapping};
      // A counter's step (`a + 1`) can also be dropped: the id it hands out is reused.
      if (detail == "add" && increment) return {Op::kWrapping, Op::kSwapPlusMinus, Op::kDropIncrement};
      return {Op::kWrapping, Op::kSwapPlusMinus};
    case SiteKind::kEvent:
      if (!has_fields) return {Op::kDropEvent};
      return {Op::kDropEvent, Op::kCorruptEventField};
    default: return operators_of(kind);
  }
}

ActiveSite SpecSite::active(Op op) const {
  ActiveSite a;
  a.contract = contract;
  a.message = message;
  a.kind = kind;
  a.detail = kind == SiteKind::kGuard || kind == SiteKind::kArith || kind == SiteKind::kEvent ? detail : "";
  a.file = file;
  a.line = line;
  a.op = op;
  return a;
}

const std::vector<SpecSite>& spec_sites() {
  static const std::vector<SpecSite> sites = generate();
  return sites;
}

void activate(const SpecSite& site, Op op) { activate(site.active(op)); }

void activate(const ActiveSite& site) {
  g_hooks = Hooks{};
  g_hooks.on = g_hooks.active = true;
  g_hooks.site = site;
}

void activate_also(const SpecSite& site, Op op) {
  if (!g_hooks.active) throw std::logic_error("spec mutation: activate_also with no mutant active");
  g_hooks.also.push_back(site.active(op));
}

void deactivate() { g_hooks = Hooks{}; }

}  // namespace meshcheck::mutation::spec
