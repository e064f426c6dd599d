#include "mutation/catalog.hpp"

#include <fstream>
#include <algorithm>
#include <map>

#include "mutation/ai_job_queue.hpp"
#include "mutation/compute_provider_registry.hpp"
#include "mutation/data_nft_registry.hpp"
#include "mutation/mev_protection.hpp"
#include "mutation/payment_escrow.hpp"
#include "mutation/phala_job_processor.hpp"
#include "mutation/spec/catalog.hpp"

#ifndef MESHCHECK_SOURCE_DIR
#define MESHCHECK_SOURCE_DIR "."
#endif

namespace meshcheck::mutation {

namespace {

// A contract's mutants, from its site enum S.
template <SiteEnum S>
void add_sites(std::string_view profile, std::vector<Mutant>& out) {
  const auto& table = site_table(S{});
  for (S site : model::all_of<S>()) {
    const SiteFacts& f = table[site];
    for (Op op : operators_of(f.kind)) {
      Mutant m;
      m.profile = std::string(profile);
      m.contract = site_contract(site);
      m.site = static_cast<unsigned>(model::index_of(site));
      m.op = op;
      m.facts = f;
      m.id = m.contract_name() + ":" + std::string(f.name) + ":" + std::string(op_name(op));
      m.description = std::string(f.message) + ": " + std::string(kOps[op].change) + " that " + std::string(f.what);
      out.push_back(std::move(m));
    }
  }
}

std::vector<Mutant> generate_deployed() {
  std::vector<Mutant> out;
  // One line per contract with sites, in the profile's order (model/contract_kind.hpp).
  add_sites<ai_job_queue::Site>("deployed", out);
  add_sites<payment_escrow::Site>("deployed", out);
  add_sites<compute_provider_registry::Site>("deployed", out);
  add_sites<data_nft_registry::Site>("deployed", out);
  add_sites<phala_job_processor::Site>("deployed", out);
  add_sites<mev_protection::Site>("deployed", out);
  return out;
}

// The spec profile's mutants: its generated sites (mutation/spec/catalog.hpp) × their
// operators; an ID is "spec:<contract>:<message>:<key>:<operator>".
std::vector<Mutant> generate_spec() {
  std::vector<Mutant> out;
  const auto& sites = spec::spec_sites();
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const spec::SpecSite& s = sites[i];
    for (Op op : s.operators()) {
      Mutant m;
      m.profile = "spec";
      m.contract = model::ContractKind::kCount;
      for (model::ContractKind k : model::kContractKinds)
        if (model::contract_name(k) == s.contract) m.contract = k;
      m.site = static_cast<unsigned>(i);
      m.op = op;
      m.facts = SiteFacts{"", s.name, s.message, s.branch, s.kind, s.what};
      m.id = "spec:" + s.contract + ":" + s.name + ":" + std::string(op_name(op));
      m.description = s.message + ": " + std::string(kOps[op].change) + " that " + s.what;
      out.push_back(std::move(m));
    }
  }
  return out;
}

}  // namespace

const std::vector<Mutant>& mutants(std::string_view profile) {
  static const std::vector<Mutant> deployed = generate_deployed(), none;
  if (profile == "spec") {
    static const std::vector<Mutant> spec = generate_spec();
    return spec;
  }
  return profile == "deployed" ? deployed : none;
}

const Mutant* find_mutant(std::string_view id) {
  // The spec catalog is generated only for a spec ID (it explores every spec message).
  for (const Mutant& m : mutants(id.starts_with("spec:") ? "spec" : "deployed"))
    if (m.id == id) return &m;
  return nullptr;
}

std::vector<std::string> contracts_with_sites(std::string_view profile) {
  std::vector<std::string> out;
  for (const Mutant& m : mutants(profile))
    if (std::find(out.begin(), out.end(), m.contract_name()) == out.end()) out.push_back(m.contract_name());
  return out;
}

void activate(const Mutant* mutant) {
  spec::deactivate();
  if (!mutant) {
    g_active = Active{};
    return;
  }
  if (mutant->profile == "spec") {
    g_active = Active{};
    spec::activate(spec::spec_sites()[mutant->site], mutant->op);
    return;
  }
  g_active = Active{true, mutant->contract, mutant->site, mutant->op};
}

std::string source_dir() { return MESHCHECK_SOURCE_DIR; }

std::vector<std::size_t> token_lines(const std::string& path, std::string_view token) {
  std::ifstream in(path);
  std::vector<std::size_t> out;
  auto word = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; };
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    for (std::size_t at = line.find(token); at != std::string::npos; at = line.find(token, at + 1)) {
      bool starts = at == 0 || !word(line[at - 1]);
      bool ends = at + token.size() == line.size() || !word(line[at + token.size()]);
      if (starts && ends) {
        out.push_back(n);
        break;
      }
    }
  }
  return out;
}

std::string site_location(const Mutant& mutant) {
  if (mutant.profile == "spec") return spec::spec_sites()[mutant.site].location();
  const std::string file = "model/" + mutant.contract_name() + ".cpp";
  auto lines = token_lines(source_dir() + "/" + file, mutant.facts.token);
  return lines.empty() ? file : file + ":" + std::to_string(lines.front());
}

}  // namespace meshcheck::mutation
