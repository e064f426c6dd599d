// The spec profile's standard deployment (../shared/spec-profile.md §2.3): the six spec
// contracts at the deployed profile's addresses (all H160: every spec contract is ink! 6),
// built with the wiring, then the roles the design's flows need, each set by a call of its
// admin, so that a counterexample's trace sets them as a chain would.
#include "deployment/deployment.hpp"
#include "model/spec/bridge/table.hpp"
#include "trace/writer.hpp"

namespace meshcheck::deployment {

namespace {
namespace standard = model::spec::standard;
using model::spec::bridge::to_value;

struct SpecContract {
  const char* contract;
  Address address;
  std::vector<Value> extra;  // the constructor's arguments after the wiring
};
}  // namespace

const std::vector<Address>& spec_actors() {
  static const std::vector<Address> all = [] {
    std::vector<Address> out;
    for (u8 fill = 1; fill <= 7; ++fill) out.push_back(Address::filled(AddressKind::H160, fill));
    return out;
  }();
  return all;
}

StandardDeployment deploy_spec_standard(const model::Profile& profile, invariants::Monitor* monitor) {
  StandardDeployment s{model::World(profile), {}};
  std::vector<invariants::Violation> ignored;  // a deploy, a balances line or a role breaks nothing we look for
  const Value wiring = to_value(standard::wiring());
  const std::vector<SpecContract> contracts{
      {"ai_job_queue", standard::kQueue, {Value(u128(1000))}},
      {"compute_provider_registry", standard::kRegistry, {Value(u128(5000))}},
      {"data_nft_registry", standard::kNft, {}},
      {"payment_escrow", standard::kEscrow, {}},
      {"phala_job_processor", standard::kPhala, {}},
      {"mev_protection", standard::kMev, {Value(standard::kExecutor)}},
  };
  for (auto& c : contracts) {
    const model::ContractSpec& spec = *profile.contract(c.contract);
    std::vector<Value> args{wiring};
    args.insert(args.end(), c.extra.begin(), c.extra.end());
    model::World before = s.world;
    s.world.deploy(spec, c.address, standard::kAdmin, args, 0, kStartBlock, kStartTimestamp);
    if (monitor) monitor->observe({invariants::StepKind::Deploy, before, s.world}, ignored);
    trace::Json line = trace::deploy_line(spec, c.address, standard::kAdmin, args, 0, kStartBlock, kStartTimestamp);
    line["deploy"]["profile"] = profile.name;
    s.header.push_back(line.dump());
  }
  // Tracked actors, as in the deployed profile's deployment: 0x02 (1 000 000), 0x03 (999:
  // one short of min_budget), 0x04 (u128::MAX).
  {
    model::World before = s.world;
    trace::Json balances = trace::Json::object();
    const auto& a = spec_actors();
    for (auto [who, amount] : {std::pair{1, U256(1000000)}, {2, U256(999)}, {3, kU128MaxAsU256}}) {
      s.world.set_balance(a[who], amount);
      balances[a[who].hex()] = amount.str();
    }
    if (monitor) monitor->observe({invariants::StepKind::Balances, before, s.world}, ignored);
    s.header.push_back(trace::Json{{"balances", std::move(balances)}}.dump());
  }
  // The roles: escrow and registry verifier 0x06…06, phala's trusted workers K1 and K2.
  auto call = [&](const Address& contract, std::string_view message, std::vector<Value> args) {
    const model::ContractSpec& spec = *s.world.instance(contract)->spec;
    model::Call c{contract, standard::kAdmin, U256(0), spec.message(message), std::move(args), kStartBlock,
                  kStartTimestamp};
    model::World before = s.world;
    model::CallResult r = s.world.call(c);
    if (r.outcome.reverted)
      throw std::logic_error("the spec deployment's " + spec.name + "." + std::string(message) + " refused: " +
                             r.outcome.reason);
    if (monitor) monitor->observe({invariants::StepKind::Call, before, s.world, &c, &r}, ignored);
    s.header.push_back(trace::call_line(spec, c, &r).dump());
  };
  call(standard::kEscrow, "set_verifier", {Value(standard::kVerifier), Value(true)});
  call(standard::kRegistry, "set_verifier", {Value(standard::kVerifier), Value(true)});
  call(standard::kPhala, "set_trusted_worker", {to_value(standard::worker_key(1)), Value(true)});
  call(standard::kPhala, "set_trusted_worker", {to_value(standard::worker_key(2)), Value(true)});
  return s;
}

}  // namespace meshcheck::deployment
