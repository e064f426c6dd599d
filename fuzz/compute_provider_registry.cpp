#include "fuzz/compute_provider_registry.hpp"

#include "fuzz/pick.hpp"
#include "fuzz/setup.hpp"
#include "model/compute_provider_registry.hpp"

namespace meshcheck::fuzz {

namespace {
namespace cpr = model::deployed::compute_provider_registry;
constexpr AddressKind kKind = AddressKind::H160;

// The contract's address in the fuzzer's world, looked up once.
const Address& address() {
  static const Address a = contract_address("compute_provider_registry");
  return a;
}
const cpr::State& state(const GeneratorView& m) { return m.state<cpr::State>(address()); }

// Mostly a registered provider (with `inactive`, most often one that is inactive, as
// withdraw_stake wants), else any actor.
Address provider(const GeneratorView& m, bool inactive = false) {
  std::vector<Address> registered, idle;
  state(m).providers.for_each([&](const Address& a, const cpr::ProviderProfile& p) {
    registered.push_back(a);
    if (!p.is_active) idle.push_back(a);
  });
  std::sort(registered.begin(), registered.end());
  std::sort(idle.begin(), idle.end());
  if (inactive && !idle.empty() && pick::uniform(0, 3) < 2) return pick::one_of(idle);
  if (registered.empty()) return pick::actor(kKind);
  return pick::caller(kKind, pick::one_of(registered));
}

std::vector<U256> near_min_stake(const GeneratorView& m) {
  std::vector<U256> near;
  pick::add_around(near, U256(state(m).min_stake), kU256Max);
  return near;
}

struct RegistryCall : CallCommand {
  RegistryCall(const GeneratorView& m, std::string_view message) : CallCommand(m, address(), message) {}
};

struct RegisterProvider : RegistryCall {
  explicit RegisterProvider(const GeneratorView& m) : RegistryCall(m, "register_provider") {
    caller_ = pick::actor(kKind);
    value_ = pick::value(m, contract_, caller_, near_min_stake(m));
    args_ = {Value(pick::text()), Value(pick::number64({64})), Value(pick::amount({10}))};
  }
};

struct UpdateProvider : RegistryCall {
  explicit UpdateProvider(const GeneratorView& m) : RegistryCall(m, "update_provider") {
    caller_ = provider(m);
    value_ = pick::no_value();
    args_ = {Value(pick::text()), Value(pick::amount({10}))};
  }
};

struct SetActive : RegistryCall {
  explicit SetActive(const GeneratorView& m) : RegistryCall(m, "set_active") {
    caller_ = provider(m);
    value_ = pick::no_value();
    args_ = {Value(pick::flag())};
  }
};

struct AddStake : RegistryCall {
  explicit AddStake(const GeneratorView& m) : RegistryCall(m, "add_stake") {
    caller_ = provider(m);
    std::vector<U256> near = near_min_stake(m);
    if (auto* p = state(m).providers.find(caller_)) {  // to the top of u128, and one over (saturating)
      near.push_back(kU128MaxAsU256 - U256(p->stake));
      near.push_back(kU128MaxAsU256 - U256(p->stake) + 1);
    }
    value_ = pick::value(m, contract_, caller_, near);
  }
};

struct WithdrawStake : RegistryCall {
  explicit WithdrawStake(const GeneratorView& m) : RegistryCall(m, "withdraw_stake") {
    caller_ = provider(m, true);
    value_ = pick::no_value();
    std::vector<u128> near;
    if (auto* p = state(m).providers.find(caller_)) pick::add_around(near, p->stake, kU128Max);
    args_ = {Value(pick::amount(near))};
  }
};

struct SetReputation : RegistryCall {
  explicit SetReputation(const GeneratorView& m) : RegistryCall(m, "set_reputation") {
    caller_ = pick::caller(kKind, state(m).admin);
    value_ = pick::no_value();
    args_ = {Value(provider(m)), Value(pick::number32({100}))};
  }
};

struct SetMinStake : RegistryCall {
  explicit SetMinStake(const GeneratorView& m) : RegistryCall(m, "set_min_stake") {
    const auto& s = state(m);
    caller_ = pick::caller(kKind, s.admin);
    value_ = pick::no_value();
    std::vector<u128> near;
    pick::add_around(near, s.min_stake, kU128Max);
    args_ = {Value(pick::amount(near))};
  }
};
}  // namespace

rc::Gen<CommandPtr> compute_provider_registry_commands(const SharedGeneratorView& model) {
  return one_of_commands<RegisterProvider, UpdateProvider, SetActive, AddStake, WithdrawStake, SetReputation,
                         SetMinStake>(model);
}

}  // namespace meshcheck::fuzz
