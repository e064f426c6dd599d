// payment_escrow's table (spec §3.2): each message once, with its argument labels; its
// events with their fields; the names of its records and enums.
#include "model/spec/bridge/table.hpp"

namespace meshcheck::model::spec::bridge {

template <> struct RecordInfo<Escrow<Concrete>> {
  static constexpr std::string_view kName = "Escrow";
  static constexpr std::array<std::string_view, 5> kFields{"payer", "amount", "payee", "price", "status"};
};
template <> struct EnumInfo<DepositKind> {
  static constexpr std::string_view kName = "DepositKind";
  static constexpr std::array<std::string_view, 2> kVariants{"Job", "Capital"};
};

namespace {
using A = Address;
constexpr EnumTable<EscrowEvent, EventDecl> kEvents{{
    {EscrowEvent::kPaymentDeposited,
     event<u128, DepositKind, A, u128>({{"id", kTopic}, {"kind"}, {"payer", kTopic}, {"amount"}})},
    {EscrowEvent::kPayeeAssigned, event<u128, A, u128>({{"job_id", kTopic}, {"provider", kTopic}, {"price"}})},
    {EscrowEvent::kPaymentReleased,
     event<u128, A, u128, u128>({{"job_id", kTopic}, {"provider", kTopic}, {"price"}, {"remainder"}})},
    {EscrowEvent::kPaymentRefunded,
     event<u128, A, u128, RefundReason>({{"job_id", kTopic}, {"payer", kTopic}, {"amount"}, {"reason"}})},
    {EscrowEvent::kCapitalReleased, event<u128, A, u128>({{"intent_id", kTopic}, {"to", kTopic}, {"amount"}})},
    {EscrowEvent::kCapitalRefunded, event<u128, A, u128>({{"intent_id", kTopic}, {"payer", kTopic}, {"amount"}})},
    {EscrowEvent::kRewardsDistributed, event<u128, A, u128>({{"nft_id", kTopic}, {"owner", kTopic}, {"amount"}})},
    {EscrowEvent::kStakeCompensated,
     event<u128, A, A, u128>({{"job_id", kTopic}, {"provider", kTopic}, {"payer", kTopic}, {"amount"}})},
    {EscrowEvent::kRewardsWithdrawn, event<A, u128>({{"account", kTopic}, {"amount"}})},
    {EscrowEvent::kVerifierSet, event<A, bool>({{"account", kTopic}, {"enabled"}})},
}};

std::shared_ptr<ContractState> construct(const CallEnv& env, Args args) {
  return std::make_shared<SpecState<PaymentEscrow>>(
      payment_escrow::construct<Concrete>(env.caller, from_value<Wiring<Concrete>>(args[0])));
}
}  // namespace

const SpecTable& payment_escrow_table() {
  static const SpecTable& t = [] () -> const SpecTable& {
    using namespace payment_escrow;
    using E = EscrowError;
    SpecTable& t = *new_table<PaymentEscrow>({wiring_arg()}, &construct, kEvents);
    add<DepositEscrow>(t, kMutates, {"id", "payer", "amount"});
    add<AssignPayee>(t, kMutates, {"job_id", "provider", "price"});
    add<ReleasePayment>(t, kMutates, {"job_id", "provider"});
    add<RefundPayment>(t, kMutates, {"job_id", "reason"});
    add<ReleaseCapital>(t, kMutates, {"intent_id", "to"});
    add<RefundCapital>(t, kMutates, {"intent_id"});
    add<DistributeRewards>(t, kMutates, {"nft_id", "owner"});
    add<SlashStake>(t, kMutates, {"job_id", "provider"});
    add<WithdrawRewards>(t, kMutates);
    add<SetVerifier>(t, kMutates, {"account", "enabled"});
    add<GetEscrow>(t, kReads, {"job_id"});
    add<GetEscrowBalance>(t, kReads, {"job_id"});
    add<GetCapital>(t, kReads, {"intent_id"});
    add<GetClaimable>(t, kReads, {"account"});
    add<IsVerifier>(t, kReads, {"account"});
    add<GetAdmin>(t, kReads);
    // Branches: the errors each message can return, in guard order, then its ok paths.
    branches<DepositEscrow>(
        t, {E::kValueTooLarge, E::kNotAuthorized, E::kAmountMismatch, E::kEscrowExists},
        {{"ok (job)", [](const FrameShape& s) { return s.parent == "ai_job_queue"; }}, {"ok (capital)"}});
    branches<AssignPayee>(
        t, {E::kNotAuthorized, E::kNoSuchEscrow, E::kNotLocked, E::kPayeeAlreadySet, E::kPriceAboveAmount});
    branches<ReleasePayment>(
        t,
        {E::kNotAuthorized, E::kNoSuchEscrow, E::kNotLocked, E::kWrongPayee, E::kOverflow, E::kTransferFailed,
         E::kCalleeFailed, E::kNotPayable},
        {{"ok (verifier, public job)", [](const FrameShape& s) { return s.parent.empty(); }},
         {"ok (phala, private job)", [](const FrameShape& s) { return s.parent == "phala_job_processor"; }},
         {"ok (queue, dispute won)"}});
    branches<RefundPayment>(t, {E::kNotAuthorized, E::kNoSuchEscrow, E::kNotLocked, E::kTransferFailed});
    branches<ReleaseCapital>(t, {E::kNotAuthorized, E::kNoSuchEscrow, E::kNotLocked, E::kTransferFailed});
    branches<RefundCapital>(t, {E::kNotAuthorized, E::kNoSuchEscrow, E::kNotLocked, E::kTransferFailed});
    branches<DistributeRewards>(t, {E::kValueTooLarge, E::kNotAuthorized, E::kOverflow});
    branches<SlashStake>(
        t, {E::kValueTooLarge, E::kNotAuthorized, E::kNoSuchEscrow, E::kNotRefunded, E::kWrongPayee, E::kOverflow});
    branches<WithdrawRewards>(t, {E::kNothingToWithdraw, E::kTransferFailed});
    branches<SetVerifier>(t, {E::kNotAdmin});
    return t;
  }();
  return t;
}

}  // namespace meshcheck::model::spec::bridge
