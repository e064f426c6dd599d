// compute_provider_registry's table (spec §3.3): each message once, with its argument
// labels; its events with their fields; the names of its records.
#include "model/spec/bridge/table.hpp"

namespace meshcheck::model::spec::bridge {

template <> struct RecordInfo<SlaCommitment<Concrete>> {
  static constexpr std::string_view kName = "SlaCommitment";
  static constexpr std::array<std::string_view, 2> kFields{"max_duration_blocks", "penalty"};
};
template <> struct RecordInfo<Provider<Concrete>> {
  static constexpr std::string_view kName = "Provider";
  static constexpr std::array<std::string_view, 8> kFields{"endpoint",   "capabilities", "hourly_rate",   "stake",
                                                           "reputation", "is_active",    "registered_at", "deactivated_at"};
};
template <> struct RecordInfo<Bid<Concrete>> {
  static constexpr std::string_view kName = "Bid";
  static constexpr std::array<std::string_view, 3> kFields{"price", "sla", "submitted_at"};
};
// ProviderInfo = Provider's fields + provider + eligible (spec §3.3): `p` is spliced.
template <> struct RecordInfo<ProviderInfo<Concrete>> {
  static constexpr std::string_view kName = "ProviderInfo";
  static constexpr std::array<std::string_view, 3> kFields{"", "provider", "eligible"};
};

namespace {
using A = Address;
constexpr EnumTable<RegistryEvent, EventDecl> kEvents{{
    {RegistryEvent::kProviderRegistered, event<A, u128, u8>({{"provider", kTopic}, {"stake"}, {"capabilities"}})},
    {RegistryEvent::kProviderUpdated,
     event<A, std::string, u128>({{"provider", kTopic}, {"endpoint"}, {"hourly_rate"}})},
    {RegistryEvent::kProviderActiveChanged, event<A, bool>({{"provider", kTopic}, {"is_active"}})},
    {RegistryEvent::kStakeAdded, event<A, u128>({{"provider", kTopic}, {"amount"}})},
    {RegistryEvent::kStakeWithdrawn, event<A, u128>({{"provider", kTopic}, {"amount"}})},
    {RegistryEvent::kBidSubmitted, event<u128, A, u128>({{"job_id", kTopic}, {"provider", kTopic}, {"price"}})},
    {RegistryEvent::kReputationUpdated, event<A, u32>({{"provider", kTopic}, {"score"}})},
    {RegistryEvent::kStakeSlashed, event<A, u128, u128>({{"provider", kTopic}, {"job_id", kTopic}, {"amount"}})},
}};

std::shared_ptr<ContractState> construct(const CallEnv& env, Args args) {
  return std::make_shared<SpecState<ComputeProviderRegistry>>(compute_provider_registry::construct<Concrete>(
      env.caller, from_value<Wiring<Concrete>>(args[0]), from_value<u128>(args[1])));
}
}  // namespace

const SpecTable& compute_provider_registry_table() {
  static const SpecTable& t = []() -> const SpecTable& {
    using namespace compute_provider_registry;
    using E = RegistryError;
    SpecTable& t =
        *new_table<ComputeProviderRegistry>({wiring_arg(), {"min_stake", types::u128()}}, &construct, kEvents);
    add<RegisterProvider>(t, kMutates, {"endpoint", "capabilities", "hourly_rate"});
    add<UpdateProvider>(t, kMutates, {"endpoint", "hourly_rate"});
    add<SetActive>(t, kMutates, {"is_active"});
    add<AddStake>(t, kMutates);
    add<WithdrawStake>(t, kMutates, {"amount"});
    add<SubmitBid>(t, kMutates, {"job_id", "price", "sla_commitment"});
    add<UpdateReputation>(t, kMutates, {"provider", "score_delta"});
    add<SlashStake>(t, kMutates, {"provider", "job_id"});
    add<SetMinStake>(t, kMutates, {"new"});  // spec §9 C7
    add<SetVerifier>(t, kMutates, {"account", "enabled"});
    add<GetProviderInfo>(t, kReads, {"provider"});
    add<GetBid>(t, kReads, {"job_id", "provider"});
    add<GetMinStake>(t, kReads);
    add<GetProviderCount>(t, kReads);
    add<IsVerifier>(t, kReads, {"account"});
    // Branches: the errors each message can return, in guard order, then its ok paths.
    branches<RegisterProvider>(t, {E::kValueTooLarge, E::kStakeBelowMinimum, E::kAlreadyRegistered,
                                   E::kInvalidCapabilities, E::kCountExhausted});
    branches<UpdateProvider>(t, {E::kNotRegistered});
    branches<SetActive>(t, {E::kNotRegistered, E::kStakeBelowMinimum});
    branches<AddStake>(t, {E::kValueTooLarge, E::kZeroAmount, E::kNotRegistered, E::kOverflow});
    branches<WithdrawStake>(t, {E::kNotRegistered, E::kStillActive, E::kUnbonding, E::kZeroAmount,
                                E::kInsufficientStake, E::kTransferFailed});
    branches<SubmitBid>(t, {E::kNotRegistered, E::kNotEligible, E::kZeroPrice, E::kInvalidSla});
    branches<UpdateReputation>(t, {E::kNotVerifier, E::kNotRegistered});
    branches<SlashStake>(t, {E::kNotVerifier, E::kNotRegistered, E::kAlreadySlashed, E::kCalleeFailed, E::kNotSlashable,
                             E::kNothingToSlash, E::kOverflow});
    branches<SetMinStake>(t, {E::kNotAdmin});
    branches<SetVerifier>(t, {E::kNotAdmin});
    return t;
  }();
  return t;
}

}  // namespace meshcheck::model::spec::bridge
