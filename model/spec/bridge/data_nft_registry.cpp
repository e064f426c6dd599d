// data_nft_registry's table (spec §3.4): each message once, with its argument labels;
// its events with their fields; the names of its records.
#include "model/spec/bridge/table.hpp"

namespace meshcheck::model::spec::bridge {

template <> struct RecordInfo<AccessPolicy<Concrete>> {
  static constexpr std::string_view kName = "AccessPolicy";
  static constexpr std::array<std::string_view, 3> kFields{"privacy", "price_per_period", "uses_per_period"};
};
template <> struct RecordInfo<DataNft<Concrete>> {
  static constexpr std::string_view kName = "DataNft";
  static constexpr std::array<std::string_view, 9> kFields{
      "token_id",  "owner",           "metadata",      "policy",      "is_transferable",
      "minted_at", "subscribed_until", "total_revenue", "access_count"};
};
template <> struct RecordInfo<Subscription<Concrete>> {
  static constexpr std::string_view kName = "Subscription";
  static constexpr std::array<std::string_view, 3> kFields{"expires_at", "uses_left", "receipt"};
};
template <> struct RecordInfo<AccessToken<Concrete>> {
  static constexpr std::string_view kName = "AccessToken";
  static constexpr std::array<std::string_view, 4> kFields{"nft_id", "holder", "expires_at", "serial"};
};
template <> struct RecordInfo<UsageStats<Concrete>> {
  static constexpr std::string_view kName = "UsageStats";
  static constexpr std::array<std::string_view, 4> kFields{"owner", "access_count", "total_revenue",
                                                           "subscribed_until"};
};

namespace {
using A = Address;
constexpr EnumTable<NftEvent, EventDecl> kEvents{{
    {NftEvent::kNFTMinted, event<u128, A, PrivacyLevel>({{"token_id", kTopic}, {"owner", kTopic}, {"privacy"}})},
    {NftEvent::kNFTTransferred, event<u128, A, A>({{"token_id", kTopic}, {"from", kTopic}, {"to", kTopic}})},
    {NftEvent::kNFTApproved, event<u128, A, A>({{"token_id", kTopic}, {"owner", kTopic}, {"approved", kTopic}})},
    {NftEvent::kMetadataUpdated, event<u128, std::string>({{"token_id", kTopic}, {"metadata"}})},
    {NftEvent::kAccessPolicyUpdated, event<u128, AccessPolicy<Concrete>>({{"token_id", kTopic}, {"policy"}})},
    {NftEvent::kSubscriptionPurchased,
     event<u128, A, u32, u128, u64, u128>(
         {{"nft_id", kTopic}, {"subscriber", kTopic}, {"periods"}, {"price"}, {"expires_at"}, {"receipt"}})},
    {NftEvent::kDataAccessed, event<u128, A, u64>({{"nft_id", kTopic}, {"subscriber", kTopic}, {"serial"}})},
    {NftEvent::kNFTBurned, event<u128, A>({{"token_id", kTopic}, {"owner", kTopic}})},
}};

std::shared_ptr<ContractState> construct(const CallEnv& env, Args args) {
  return std::make_shared<SpecState<DataNftRegistry>>(
      data_nft_registry::construct<Concrete>(env.caller, from_value<Wiring<Concrete>>(args[0])));
}
}  // namespace

const SpecTable& data_nft_registry_table() {
  static const SpecTable& t = []() -> const SpecTable& {
    using namespace data_nft_registry;
    using E = NftError;
    SpecTable& t = *new_table<DataNftRegistry>({wiring_arg()}, &construct, kEvents);
    add<MintDataNft>(t, kMutates, {"metadata", "access_policy", "is_transferable"});
    add<Transfer>(t, kMutates, {"token_id", "to"});
    add<Approve>(t, kMutates, {"token_id", "approved"});
    add<UpdateMetadata>(t, kMutates, {"token_id", "metadata"});
    add<UpdateAccessPolicy>(t, kMutates, {"token_id", "policy"});
    add<PurchaseSubscription>(t, kMutates, {"nft_id", "periods"});
    add<AccessData>(t, kMutates, {"nft_id", "proof_of_payment"});
    add<Burn>(t, kMutates, {"token_id"});
    add<VerifyDataAccess>(t, kReads, {"nft_id", "account"});
    add<GetNft>(t, kReads, {"token_id"});
    add<BalanceOf>(t, kReads, {"account"});
    add<GetApproved>(t, kReads, {"token_id"});
    add<TotalSupply>(t, kReads);
    add<GetSubscription>(t, kReads, {"nft_id", "account"});
    add<GetDataUsageStats>(t, kReads, {"nft_id"});
    // Branches: the errors each message can return, in guard order, then its ok paths.
    branches<MintDataNft>(t, {E::kIdsExhausted, E::kOverflow});
    branches<Transfer>(t, {E::kNoSuchToken, E::kNotOwner, E::kNotTransferable, E::kNotAnAccount, E::kOverflow});
    branches<Approve>(t, {E::kNoSuchToken, E::kNotOwner});
    branches<UpdateMetadata>(t, {E::kNoSuchToken, E::kNotOwner});
    branches<UpdateAccessPolicy>(t, {E::kNoSuchToken, E::kNotOwner});
    branches<PurchaseSubscription>(
        t, {E::kValueTooLarge, E::kNoSuchToken, E::kOwnerCannotSubscribe, E::kInvalidDuration, E::kOverflow,
            E::kWrongPayment, E::kIdsExhausted, E::kCalleeFailed});
    branches<AccessData>(t, {E::kNoSuchToken, E::kNoSubscription, E::kInvalidProof, E::kSubscriptionExpired,
                             E::kUsageExhausted, E::kOverflow});
    branches<Burn>(t, {E::kNoSuchToken, E::kNotOwner, E::kActiveSubscriptions, E::kOverflow});
    return t;
  }();
  return t;
}

}  // namespace meshcheck::model::spec::bridge
