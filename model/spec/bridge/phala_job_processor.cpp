// phala_job_processor's table (spec §3.5): the messages that exist today, with their
// argument labels; its events with their fields; the names of its records.
//
// TO BE COMPLETED when phala's attestations land (model/spec/phala_job_processor.hpp is
// the phala work's): add record_attestation(job_id, result_hash, timestamp,
// tee_worker_pubkey, attestation_proof), mark_job_processed(job_id),
// set_trusted_worker(pubkey, trusted) and the reads get_attestation, get_job_counter,
// verify_attestation, is_trusted_worker, get_rate_window below, the RecordInfo of
// JobAttestation, and the three pending events' fields.
#include "model/spec/bridge/table.hpp"

namespace meshcheck::model::spec::bridge {

template <> struct RecordInfo<ConfidentialJob<Concrete>> {
  static constexpr std::string_view kName = "ConfidentialJob";
  static constexpr std::array<std::string_view, 7> kFields{"job_id",     "owner",     "encrypted_payload", "public_key",
                                                           "created_at", "processed", "queue_job"};
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
    // AttestationRecorded{job_id, worker: PubKey33, result_hash}: pending (record_attestation).
    {PhalaEvent::kAttestationRecorded, pending_event()},
    // JobProcessed{job_id}: pending (mark_job_processed).
    {PhalaEvent::kJobProcessed, pending_event()},
    // TrustedWorkerSet{pubkey: PubKey33, trusted}: pending (set_trusted_worker).
    {PhalaEvent::kTrustedWorkerSet, pending_event()},
}};

std::shared_ptr<ContractState> construct(const CallEnv& env, Args args) {
  return std::make_shared<SpecState<PhalaJobProcessor>>(
      phala_job_processor::construct<Concrete>(env.caller, from_value<Wiring<Concrete>>(args[0])));
}
}  // namespace

const SpecTable& phala_job_processor_table() {
  static const SpecTable& t = []() -> const SpecTable& {
    using namespace phala_job_processor;
    SpecTable& t = *new_table<PhalaJobProcessor>({wiring_arg()}, &construct, kEvents);
    add<SubmitConfidentialJob>(t, kMutates, {"encrypted_payload", "public_key"});
    add<RouteConfidentialJob>(t, kMutates, {"queue_job_id", "owner", "encrypted_payload", "public_key"});
    // --- pending: record_attestation, mark_job_processed, set_trusted_worker ---
    add<GetConfidentialJob>(t, kReads, {"job_id"});
    // --- pending reads: get_attestation, get_job_counter, verify_attestation,
    //     is_trusted_worker, get_rate_window ---
    return t;
  }();
  return t;
}

}  // namespace meshcheck::model::spec::bridge
