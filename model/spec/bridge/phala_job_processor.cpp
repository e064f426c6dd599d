// phala_job_processor's table (spec §3.5): its messages with their argument labels
// (record_attestation's wide byte arrays, PubKey33 and Sig65, convert in values.hpp); its
// events with their fields; the names of its records.
#include "model/spec/bridge/table.hpp"

namespace meshcheck::model::spec::bridge {

template <> struct RecordInfo<ConfidentialJob<Concrete>> {
  static constexpr std::string_view kName = "ConfidentialJob";
  static constexpr std::array<std::string_view, 7> kFields{"job_id",     "owner",     "encrypted_payload", "public_key",
                                                           "created_at", "processed", "queue_job"};
};
template <> struct RecordInfo<JobAttestation<Concrete>> {
  static constexpr std::string_view kName = "JobAttestation";
  static constexpr std::array<std::string_view, 6> kFields{"job_id",           "result_hash", "attestation_proof",
                                                           "tee_worker_pubkey", "timestamp",  "recorded_at"};
};
template <> struct RecordInfo<RateWindow<Concrete>> {
  static constexpr std::string_view kName = "RateWindow";
  static constexpr std::array<std::string_view, 2> kFields{"window_start", "count"};
};

namespace {
using A = Address;
constexpr EnumTable<PhalaEvent, EventDecl> kEvents{{
    {PhalaEvent::kJobSubmitted,
     event<u128, A, Option<Concrete, u128>>({{"job_id", kTopic}, {"owner", kTopic}, {"queue_job"}})},
    {PhalaEvent::kAttestationRecorded,
     event<u128, PubKey33, Hash32>({{"job_id", kTopic}, {"worker"}, {"result_hash"}})},
    {PhalaEvent::kJobProcessed, event<u128>({{"job_id", kTopic}})},
    {PhalaEvent::kTrustedWorkerSet, event<PubKey33, bool>({{"pubkey"}, {"trusted"}})},
}};

std::shared_ptr<ContractState> construct(const CallEnv& env, Args args) {
  return std::make_shared<SpecState<PhalaJobProcessor>>(
      phala_job_processor::construct<Concrete>(env.caller, from_value<Wiring<Concrete>>(args[0])));
}
}  // namespace

const SpecTable& phala_job_processor_table() {
  static const SpecTable& t = []() -> const SpecTable& {
    using namespace phala_job_processor;
    using E = PhalaError;
    SpecTable& t = *new_table<PhalaJobProcessor>({wiring_arg()}, &construct, kEvents);
    add<SubmitConfidentialJob>(t, kMutates, {"encrypted_payload", "public_key"});
    add<RouteConfidentialJob>(t, kMutates, {"queue_job_id", "owner", "encrypted_payload", "public_key"});
    add<RecordAttestation>(t, kMutates,
                           {"job_id", "result_hash", "timestamp", "tee_worker_pubkey", "attestation_proof"});
    add<MarkJobProcessed>(t, kMutates, {"job_id"});
    add<SetTrustedWorker>(t, kMutates, {"pubkey", "trusted"});
    add<GetConfidentialJob>(t, kReads, {"job_id"});
    add<GetAttestation>(t, kReads, {"job_id"});
    add<GetJobCounter>(t, kReads);
    add<VerifyAttestation>(t, kReads, {"job_id"});
    add<IsTrustedWorker>(t, kReads, {"pubkey"});
    add<GetRateWindow>(t, kReads, {"account"});
    add<GetAdmin>(t, kReads);
    // Branches: the errors each message can return, in guard order, then its ok paths.
    branches<SubmitConfidentialJob>(t, {E::kEmptyPayload, E::kPayloadTooLarge, E::kEmptyPublicKey,
                                        E::kPublicKeyTooLarge, E::kRateLimited, E::kIdsExhausted});
    branches<RouteConfidentialJob>(t, {E::kNotQueue, E::kEmptyPayload, E::kPayloadTooLarge, E::kEmptyPublicKey,
                                       E::kPublicKeyTooLarge, E::kRateLimited, E::kIdsExhausted});
    branches<RecordAttestation>(
        t,
        {E::kNoSuchJob, E::kAlreadyAttested, E::kUntrustedWorker, E::kInvalidResultHash, E::kFutureTimestamp,
         E::kTimestampBeforeJob, E::kStaleAttestation, E::kInvalidSignature, E::kCalleeFailed},
        {{"ok (standalone job)", [](const FrameShape& s) { return !s.calls("complete_attested"); }},
         {"ok (private job completed and paid)"}});
    branches<MarkJobProcessed>(t, {E::kNoSuchJob, E::kNotOwner, E::kNoAttestation, E::kAlreadyProcessed});
    branches<SetTrustedWorker>(t, {E::kNotAdmin});
    return t;
  }();
  return t;
}

}  // namespace meshcheck::model::spec::bridge
