// The standard deployment: its contracts' addresses and constructor arguments, the
// actors, and the deploy and balances lines (deployment.hpp).
#include "deployment/deployment.hpp"

#include "trace/writer.hpp"

namespace meshcheck::deployment {

namespace {
struct ContractDeployment {
  const char* contract;
  u8 fill;  // the address: every byte this value
  std::vector<Value> args;
};

const std::vector<ContractDeployment>& contract_deployments() {
  static const std::vector<ContractDeployment> all{
      {"ai_job_queue", 0xc1, {Value(u128(1000))}},
      {"compute_provider_registry", 0xc2, {Value(u128(5000))}},
      {"data_nft_registry", 0xc3, {}},
      {"payment_escrow", 0xc4, {}},
      {"phala_job_processor", 0xc5, {}},
      {"mev_protection", 0xc6, {}},
  };
  return all;
}

AddressKind kind_of(const char* contract) { return model::deployed_profile().contract(contract)->address_kind(); }
}  // namespace

const std::vector<Address>& actors(AddressKind kind) {
  static const auto make = [](AddressKind k) {
    std::vector<Address> out;
    for (u8 fill = 1; fill <= 5; ++fill) out.push_back(Address::filled(k, fill));
    return out;
  };
  static const std::vector<Address> h160 = make(AddressKind::H160), account = make(AddressKind::AccountId);
  return kind == AddressKind::H160 ? h160 : account;
}

Address contract_address(std::string_view contract_name) {
  for (auto& d : contract_deployments())
    if (d.contract == contract_name) return Address::filled(kind_of(d.contract), d.fill);
  throw std::logic_error("the standard deployment has no contract named " + std::string(contract_name));
}

std::vector<Address> contract_addresses(AddressKind kind) {
  std::vector<Address> out;
  for (auto& d : contract_deployments())
    if (kind_of(d.contract) == kind) out.push_back(Address::filled(kind, d.fill));
  return out;
}

StandardDeployment deploy_standard(const model::Profile& profile, invariants::Monitor* monitor) {
  if (&profile == &model::spec_profile()) return deploy_spec_standard(profile, monitor);
  StandardDeployment s{model::World(profile), {}};
  std::vector<invariants::Violation> ignored;  // a deploy or a balances line breaks nothing we look for
  auto observe = [&](invariants::StepKind kind, const model::World& before) {
    if (monitor) monitor->observe({kind, before, s.world}, ignored);
  };
  for (auto& d : contract_deployments()) {
    const model::ContractSpec& spec = *profile.contract(d.contract);
    Address address = Address::filled(spec.address_kind(), d.fill);
    Address deployer = admin(spec.address_kind());
    model::World before = s.world;
    s.world.deploy(spec, address, deployer, d.args, 0, kStartBlock, kStartTimestamp);
    observe(invariants::StepKind::Deploy, before);
    s.header.push_back(trace::deploy_line(spec, address, deployer, d.args, 0, kStartBlock, kStartTimestamp).dump());
  }
  // Tracked actors: 0x02 (1 000 000), 0x03 (999), 0x04 (u128::MAX), in both widths.
  model::World before = s.world;
  trace::Json balances = trace::Json::object();
  for (AddressKind kind : {AddressKind::H160, AddressKind::AccountId}) {
    const auto& a = actors(kind);
    for (auto [who, amount] : {std::pair{1, U256(1000000)}, {2, U256(999)}, {3, kU128MaxAsU256}}) {
      s.world.set_balance(a[who], amount);
      balances[a[who].hex()] = amount.str();
    }
  }
  observe(invariants::StepKind::Balances, before);
  s.header.push_back(trace::Json{{"balances", std::move(balances)}}.dump());
  return s;
}

}  // namespace meshcheck::deployment
