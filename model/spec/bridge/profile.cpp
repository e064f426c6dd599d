// The spec profile: the six tables as a model::Profile, and the two halves of running a
// spec message on a model::World (table.hpp): assembling the system from the world, and
// committing the result back.
#include <algorithm>

#include "model/contract_kind.hpp"
#include "model/profile.hpp"
#include "model/spec/bridge/table.hpp"

namespace meshcheck::model::spec::bridge {
namespace {
constexpr PerContract<const SpecTable& (*)()> kTables{{
    {ContractKind::kAiJobQueue, &ai_job_queue_table},
    {ContractKind::kPaymentEscrow, &payment_escrow_table},
    {ContractKind::kComputeProviderRegistry, &compute_provider_registry_table},
    {ContractKind::kDataNftRegistry, &data_nft_registry_table},
    {ContractKind::kPhalaJobProcessor, &phala_job_processor_table},
    {ContractKind::kMevProtection, &mev_protection_table},
}};
}  // namespace
}  // namespace meshcheck::model::spec::bridge

namespace meshcheck::model {

const Profile& spec_profile() {
  using spec::bridge::kTables;
  static const Profile p = [] {
    Profile out{"spec", {}, {}};
    for (ContractKind kind : kContractKinds) out.contracts.push_back(&kTables[kind]().spec);
    out.builds = out.contracts;
    return out;
  }();
  return p;
}

}  // namespace meshcheck::model

namespace meshcheck::model::spec::bridge {

const SpecTable* spec_table(std::string_view contract) {
  for (ContractKind kind : kContractKinds)
    if (contract_name(kind) == contract) return &kTables[kind]();
  return nullptr;
}

Sys assemble(const World& world) {
  Sys sys;
  sys.for_each_slot([&](auto& slot) {
    using C = typename SlotContract<std::remove_cvref_t<decltype(slot)>>::type;
    for (const Instance* inst : world.instances_of(C::kName)) {
      // Only the spec profile's instances belong to the system (spec states).
      auto* state = dynamic_cast<const SpecState<C>*>(inst->state.get());
      if (!state) continue;
      slot.deployed = true;
      slot.address = inst->address;
      slot.balance = world.balance(inst->address).value_or(U256(0));
      slot.state = state->s;
    }
  });
  return sys;
}

std::string world_refusal(const World& world, const Failure& f) {
  if (f.world == WorldRefusal::kBalanceOverflow) {
    auto at = world.instances_of(f.account);
    if (at.empty()) throw std::logic_error("spec bridge: " + std::string(f.account) + " overflowed but is not deployed");
    return "balance of " + at.front()->address.hex() + " would exceed U256";
  }
  return std::string(f.contract) + "." + std::string(f.message) + ": " + std::string(f.trap) +
         " (no chain carries such a call)";
}

CallResult commit(World& world, const Call& call, Result<Concrete, Sys>&& r,
                  Value (*returned)(const std::vector<ConcreteLeaf>&)) {
  CallResult out;
  if (!r.ok) {
    out.outcome = Outcome::revert(r.reason());
    if (r.error) {
      out.outcome.error = std::string(r.error->name);
      out.covered = error_bit(*call.message, r.error->name);
    }
    if (r.kept_value) [[unlikely]] {  // the spec mutant keep-on-revert: the value stays with the contract
      world.pay_in(call.caller, call.value);
      r.post.for_each_slot([&](auto& slot) {
        if (slot.deployed && world.balance(slot.address) != std::optional<U256>(slot.balance))
          world.set_balance(slot.address, slot.balance);
      });
    }
    return out;
  }
  {  // the top-level frame's ok path: what it called
    FrameShape shape;
    for (auto& f : r.frames)
      if (f.depth == 1) shape.callees.push_back(f.message);
    out.covered = ok_bit(*spec_table(r.frames.at(0).contract), *call.message, shape);
  }
  // The contracts of the system, by name, and the tables of their frames' messages.
  std::vector<std::pair<std::string_view, Address>> addresses;
  r.post.for_each_slot([&](const auto& slot) {
    using C = typename SlotContract<std::remove_cvref_t<decltype(slot)>>::type;
    if (slot.deployed) addresses.emplace_back(C::kName, slot.address);
  });
  auto address_of = [&](std::string_view name) -> const Address& {
    for (auto& a : addresses)
      if (a.first == name) return a.second;
    throw std::logic_error("spec bridge: " + std::string(name) + " acted but is not deployed");
  };
  auto in_system = [&](const Address& a) {
    return std::any_of(addresses.begin(), addresses.end(), [&](auto& p) { return p.second == a; });
  };

  // Frames: which contracts ran a mutating message (their states are written back).
  std::vector<std::string_view> written;
  for (auto& f : r.frames) {
    const SpecTable* t = spec_table(f.contract);
    if (!t) throw std::logic_error("spec bridge: no table for " + std::string(f.contract));
    auto it = std::find_if(t->spec.messages.begin(), t->spec.messages.end(),
                           [&](const MessageSpec& m) { return m.label == f.message; });
    if (it == t->spec.messages.end())
      throw std::logic_error("spec bridge: " + std::string(f.contract) + "'s table lacks " + std::string(f.message));
    std::size_t index = std::size_t(it - t->spec.messages.begin());
    out.frames.push_back(Frame{address_of(f.contract), &*it, f.caller, f.value, t->message_args[index](f.args), f.depth});
    if (it->mutates && std::find(written.begin(), written.end(), f.contract) == written.end())
      written.push_back(f.contract);
  }
  for (auto& e : r.events) {
    const SpecTable* t = spec_table(e.contract);
    auto it = std::find_if(t->event_fields.begin(), t->event_fields.end(),
                           [&](auto& p) { return p.first->name == e.name; });
    if (it == t->event_fields.end())
      throw std::logic_error("spec bridge: " + std::string(e.contract) + "'s table lacks event " + std::string(e.name));
    out.events.push_back(Event{it->first, it->second(e.fields)});
    out.emitters.push_back(address_of(e.contract));
  }
  out.outcome = Outcome{false, returned(r.returned), {}};

  // Commit: the caller pays the value, the system's balances and written states take
  // their new values, payments to addresses outside the system leave it.
  world.pay_in(call.caller, call.value);
  r.post.for_each_slot([&](auto& slot) {
    using C = typename SlotContract<std::remove_cvref_t<decltype(slot)>>::type;
    if (!slot.deployed) return;
    if (world.balance(slot.address) != std::optional<U256>(slot.balance)) world.set_balance(slot.address, slot.balance);
    if (std::find(written.begin(), written.end(), C::kName) != written.end())
      world.set_state(slot.address, std::make_shared<SpecState<C>>(std::move(slot.state)));
  });
  for (auto& t : r.transfers) {
    out.transfers.push_back(Transfer{t.to, t.amount});
    out.payers.push_back(address_of(t.from));
    if (!in_system(t.to)) world.pay_out(t.to, t.amount);
  }
  return out;
}

}  // namespace meshcheck::model::spec::bridge
