// mev_protection's table (spec §3.6): each message once, with its argument labels; its
// events with their fields; the names of its records and enums.
#include "model/spec/bridge/table.hpp"

namespace meshcheck::model::spec::bridge {

template <> struct EnumInfo<IntentStatus> {
  static constexpr std::string_view kName = "IntentStatus";
  static constexpr std::array<std::string_view, 5> kVariants{"Pending", "Batched", "Executed", "Failed", "Cancelled"};
};
template <> struct RecordInfo<Intent<Concrete>> {
  static constexpr std::string_view kName = "Intent";
  static constexpr std::array<std::string_view, 10> kFields{"intent_id", "user",       "encrypted_intent", "token_in",
                                                            "token_out", "amount_in",  "min_output",       "status",
                                                            "created_at", "batch_id"};
};
template <> struct RecordInfo<Batch<Concrete>> {
  static constexpr std::string_view kName = "Batch";
  static constexpr std::array<std::string_view, 9> kFields{"batch_id",        "intent_ids", "intent_count",
                                                           "total_volume",    "total_input", "execution_route",
                                                           "status",          "created_at",  "executed_at"};
};
template <> struct RecordInfo<BatchResult<Concrete>> {
  static constexpr std::string_view kName = "BatchResult";
  static constexpr std::array<std::string_view, 6> kFields{"batch_id",            "success",         "total_input_amount",
                                                           "total_output_amount", "execution_price", "timestamp"};
};
// get_batch_stats returns the tuple (u32, u128, bool) (no name: a tuple).
template <> struct RecordInfo<BatchStats<Concrete>> {
  static constexpr std::string_view kName = "";
  static constexpr std::array<std::string_view, 3> kFields{"count", "total_volume", "executed"};
};

namespace {
using A = Address;
constexpr EnumTable<MevEvent, EventDecl> kEvents{{
    {MevEvent::kIntentSubmitted,
     event<u128, A, u128, u128>({{"intent_id", kTopic}, {"user", kTopic}, {"amount_in"}, {"min_output"}})},
    {MevEvent::kIntentCancelled, event<u128>({{"intent_id", kTopic}})},
    {MevEvent::kBatchCreated, event<u128, IntentIds<Concrete>>({{"batch_id", kTopic}, {"intent_ids"}})},
    {MevEvent::kBatchExecuted, event<u128, bool>({{"batch_id", kTopic}, {"success"}})},
}};

// new(wiring, executor) refuses an executor that is one of the wired contracts, as
// set_executor does (NotAnAccount, the amendment of docs/spec-profile-design.md §7): a
// constructor's Err fails the instantiation, so the world refuses the deployment.
std::shared_ptr<ContractState> construct(const CallEnv& env, Args args) {
  const auto wiring = from_value<Wiring<Concrete>>(args[0]);
  const auto executor = from_value<Address>(args[1]);
  if (is_wired_contract<Concrete>(wiring, executor))
    throw WorldError("mev_protection's constructor refuses (Error::NotAnAccount): the executor " + executor.hex() +
                     " is one of the wired contracts, which sign no call");
  return std::make_shared<SpecState<MevProtection>>(mev_protection::construct<Concrete>(env.caller, wiring, executor));
}
}  // namespace

const SpecTable& mev_protection_table() {
  static const SpecTable& t = []() -> const SpecTable& {
    using namespace mev_protection;
    using E = MevError;
    SpecTable& t = *new_table<MevProtection>({wiring_arg(), {"executor", types::h160()}}, &construct, kEvents);
    add<SubmitIntent>(t, kMutates, {"encrypted_intent", "token_in", "token_out", "min_output"});
    add<CancelIntent>(t, kMutates, {"intent_id"});
    add<CreateBatch>(t, kMutates, {"intent_ids", "execution_route"});
    add<ExecuteBatch>(t, kMutates, {"batch_id", "actual_output", "execution_price"});
    add<SetBatchConfig>(t, kMutates, {"batch_size", "min_batch_size"});
    add<SetExecutor>(t, kMutates, {"executor"});
    add<GetIntent>(t, kReads, {"intent_id"});
    add<GetBatch>(t, kReads, {"batch_id"});
    add<GetPendingIntents>(t, kReads);
    add<GetBatchStats>(t, kReads, {"batch_id"});
    // Branches: the errors each message can return, in guard order, then its ok paths.
    branches<SubmitIntent>(
        t, {E::kValueTooLarge, E::kZeroAmount, E::kSameToken, E::kIdsExhausted, E::kOverflow, E::kCalleeFailed});
    branches<CancelIntent>(t, {E::kNoSuchIntent, E::kNotIntentOwner, E::kNotPending, E::kOverflow, E::kCalleeFailed});
    branches<CreateBatch>(t, {E::kNotExecutor, E::kBatchSizeOutOfRange, E::kIdsExhausted, E::kOverflow,
                              E::kNoSuchIntent, E::kNotPending, E::kDuplicateIntent, E::kMixedPairs});
    branches<ExecuteBatch>(
        t, {E::kNotExecutor, E::kNoSuchBatch, E::kAlreadyExecuted, E::kOutOfOrder, E::kOverflow, E::kCalleeFailed},
        {{"ok (executed)", [](const FrameShape& s) { return !s.calls("refund_capital"); }}, {"ok (failed, refunded)"}});
    branches<SetBatchConfig>(t, {E::kNotAdmin, E::kInvalidConfig});
    branches<SetExecutor>(t, {E::kNotAdmin, E::kNotAnAccount});
    return t;
  }();
  return t;
}

}  // namespace meshcheck::model::spec::bridge
