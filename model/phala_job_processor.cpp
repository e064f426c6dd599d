#include "model/phala_job_processor.hpp"

namespace meshcheck::model::deployed::phala_job_processor {

namespace {
TypeRef job_type() {
  static TypeRef t = types::struct_("ConfidentialJob", {{"job_id", types::u128()},
                                                        {"owner", types::account_id()},
                                                        {"encrypted_payload", types::string()},
                                                        {"public_key", types::string()},
                                                        {"created_at", types::u64()},
                                                        {"processed", types::boolean()}});
  return t;
}
TypeRef attestation_type() {
  static TypeRef t = types::struct_("JobAttestation", {{"job_id", types::u128()},
                                                       {"result_hash", types::string()},
                                                       {"attestation_proof", types::string()},
                                                       {"tee_worker_pubkey", types::string()},
                                                       {"timestamp", types::u64()}});
  return t;
}

const EventSpec kJobSubmitted{"JobSubmitted", {{"job_id", types::u128(), true}}};
const EventSpec kAttestationRecorded{"AttestationRecorded", {{"job_id", types::u128(), true}}};
const EventSpec kJobProcessed{"JobProcessed", {{"job_id", types::u128(), true}}};
}  // namespace

State construct(const CallEnv& env) {
  State s;
  s.job_counter = 0;
  s.admin = env.caller;
  return s;
}

// Branch coverage: each message's guard outcomes, in the order of its
// MessageSpec::branches in spec() below. A "... saturated" branch is marked where a
// saturating_add saturates, alongside the message's outcome.
namespace {
enum SubmitBranch : unsigned { kSubmitCounterSaturated, kSubmitOk };
}  // namespace

u128 submit_confidential_job(State& self, Ctx& ctx, const std::string& encrypted_payload,
                             const std::string& public_key) {
  if (self.job_counter == kU128Max) ctx.cover(kSubmitCounterSaturated);
  self.job_counter = saturating_add(self.job_counter, u128(1));
  u128 job_id = self.job_counter;
  self.jobs.insert(job_id,
                   ConfidentialJob{job_id, ctx.env.caller, encrypted_payload, public_key, ctx.env.timestamp, false});
  ctx.emit(kJobSubmitted, {job_id});
  ctx.cover(kSubmitOk);
  return job_id;
}

namespace {
enum RecordBranch : unsigned { kRecordNoJob, kRecordFirst, kRecordOverwrite };
}  // namespace

bool record_attestation(State& self, Ctx& ctx, const u128& job_id, const std::string& result_hash,
                        const std::string& attestation_proof, const std::string& tee_worker_pubkey) {
  if (!self.jobs.contains(job_id)) {
    ctx.cover(kRecordNoJob);
    return false;
  }
  // Anyone may record, and a second attestation overwrites the first.
  bool overwrite = self.attestations.contains(job_id);
  self.attestations.insert(job_id,
                           JobAttestation{job_id, result_hash, attestation_proof, tee_worker_pubkey, ctx.env.timestamp});
  ctx.emit(kAttestationRecorded, {job_id});
  ctx.cover(overwrite ? kRecordOverwrite : kRecordFirst);
  return true;
}

namespace {
enum ProcessedBranch : unsigned { kProcessedNoJob, kProcessedNoAttestation, kProcessedAgain, kProcessedOk };
}  // namespace

bool mark_job_processed(State& self, Ctx& ctx, const u128& job_id) {
  const ConfidentialJob* found = self.jobs.find(job_id);
  if (!found) {
    ctx.cover(kProcessedNoJob);
    return false;
  }
  if (!self.attestations.contains(job_id)) {
    ctx.cover(kProcessedNoAttestation);
    return false;
  }
  ConfidentialJob job = *found;
  bool again = job.processed;
  job.processed = true;
  self.jobs.insert(job_id, job);
  ctx.emit(kJobProcessed, {job_id});
  ctx.cover(again ? kProcessedAgain : kProcessedOk);
  return true;
}

namespace {
enum GetJobBranch : unsigned { kGetJobNone, kGetJobSome };
enum GetAttestationBranch : unsigned { kGetAttestationNone, kGetAttestationSome };
enum VerifyBranch : unsigned { kVerifyNoAttestation, kVerifyAttested };
}  // namespace

Value to_value(const ConfidentialJob& j) {
  return Value::seq({j.job_id, j.owner, j.encrypted_payload, j.public_key, j.created_at, j.processed});
}
Value to_value(const JobAttestation& a) {
  return Value::seq({a.job_id, a.result_hash, a.attestation_proof, a.tee_worker_pubkey, a.timestamp});
}

const ContractSpec& spec() {
  static const ContractSpec s{
      "phala_job_processor",
      InkVersion::V5,
      {},
      [](const CallEnv& env, Args) -> std::shared_ptr<ContractState> {
        return std::make_shared<State>(construct(env));
      },
      {
          {"submit_confidential_job", {{"encrypted_payload", types::string()}, {"public_key", types::string()}},
           types::u128(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return submit_confidential_job(s, c, arg_string(a, 0), arg_string(a, 1));
           }>,
           {"job_counter saturated", "ok"}},
          {"record_attestation",
           {{"job_id", types::u128()},
            {"result_hash", types::string()},
            {"attestation_proof", types::string()},
            {"tee_worker_pubkey", types::string()}},
           types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return record_attestation(s, c, arg_u128(a, 0), arg_string(a, 1), arg_string(a, 2), arg_string(a, 3));
           }>,
           {"no such job", "first attestation", "overwrites an attestation"}},
          {"get_job", {{"job_id", types::u128()}}, types::option(job_type()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const ConfidentialJob* j = s.jobs.find(arg_u128(a, 0));
             c.cover(j ? kGetJobSome : kGetJobNone);
             return j ? Value::some(to_value(*j)) : Value::none();
           }>,
           {"no such job", "found"}},
          {"get_attestation", {{"job_id", types::u128()}}, types::option(attestation_type()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const JobAttestation* at = s.attestations.find(arg_u128(a, 0));
             c.cover(at ? kGetAttestationSome : kGetAttestationNone);
             return at ? Value::some(to_value(*at)) : Value::none();
           }>,
           {"no attestation", "found"}},
          {"get_job_counter", {}, types::u128(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.job_counter; }>},
          {"verify_attestation", {{"job_id", types::u128()}}, types::boolean(), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             bool attested = s.attestations.contains(arg_u128(a, 0));
             c.cover(attested ? kVerifyAttested : kVerifyNoAttestation);
             return attested;
           }>,
           {"no attestation", "attested"}},
          {"mark_job_processed", {{"job_id", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value { return mark_job_processed(s, c, arg_u128(a, 0)); }>,
           {"no such job", "no attestation", "job already processed", "ok"}},
      },
      {&kJobSubmitted, &kAttestationRecorded, &kJobProcessed},
  };
  return s;
}

}  // namespace meshcheck::model::deployed::phala_job_processor
