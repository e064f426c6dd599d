#include "model/phala_job_processor.hpp"

#include "model/contract_kind.hpp"
#include "mutation/phala_job_processor.hpp"

namespace meshcheck::model::deployed::phala_job_processor {

namespace {
// The mutation sites (mutation/phala_job_processor.hpp): with no mutant active, each
// hook returns what it is given.
namespace mut = mutation;
using Site = mutation::phala_job_processor::Site;

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

u128 submit_confidential_job(State& self, Ctx& ctx, const std::string& encrypted_payload,
                             const std::string& public_key) {
  using enum SubmitConfidentialJobBranch;
  if (self.job_counter == kU128Max) ctx.cover(kCounterSaturated);
  u128 job_id = mut::add(Site::kSubmitCounter, self.job_counter, u128(1));
  if (mut::writes(Site::kSubmitCounterWrite)) self.job_counter = job_id;
  if (mut::writes(Site::kSubmitWrite))
    self.jobs.insert(job_id,
                     ConfidentialJob{job_id, ctx.env.caller, encrypted_payload, public_key, ctx.env.timestamp, false});
  if (mut::emits(Site::kSubmitEvent)) ctx.emit(kJobSubmitted, {mut::field(Site::kSubmitEvent, job_id)});
  ctx.cover(kOk);
  return job_id;
}

bool record_attestation(State& self, Ctx& ctx, const u128& job_id, const std::string& result_hash,
                        const std::string& attestation_proof, const std::string& tee_worker_pubkey) {
  using enum RecordAttestationBranch;
  if (mut::guard(Site::kRecordNoJob, !self.jobs.contains(job_id))) {
    ctx.cover(kNoJob);
    return false;
  }
  // Anyone may record, and a second attestation overwrites the first.
  bool overwrite = self.attestations.contains(job_id);
  if (mut::writes(Site::kRecordWrite))
    self.attestations.insert(
        job_id, JobAttestation{job_id, result_hash, attestation_proof, tee_worker_pubkey, ctx.env.timestamp});
  if (mut::emits(Site::kRecordEvent)) ctx.emit(kAttestationRecorded, {mut::field(Site::kRecordEvent, job_id)});
  ctx.cover(overwrite ? kOverwrite : kFirst);
  return mut::returned(Site::kRecordReturn, true);
}

bool mark_job_processed(State& self, Ctx& ctx, const u128& job_id) {
  using enum MarkJobProcessedBranch;
  const ConfidentialJob* found = self.jobs.find(job_id);
  if (!found) {
    ctx.cover(kNoJob);
    return false;
  }
  if (mut::guard(Site::kProcessNoAttestation, !self.attestations.contains(job_id))) {
    ctx.cover(kNoAttestation);
    return false;
  }
  ConfidentialJob job = *found;
  bool again = job.processed;
  job.processed = true;
  if (mut::writes(Site::kProcessWrite)) self.jobs.insert(job_id, job);
  if (mut::emits(Site::kProcessEvent)) ctx.emit(kJobProcessed, {mut::field(Site::kProcessEvent, job_id)});
  ctx.cover(again ? kAgain : kOk);
  return mut::returned(Site::kProcessReturn, true);
}

// The branches of the read-only messages, which only spec() below names.
namespace {
enum class GetJobBranch : unsigned { kNone, kFound, kCount };
constexpr BranchNames<GetJobBranch> branch_names(GetJobBranch) {
  using enum GetJobBranch;
  return {{{kNone, "no such job"}, {kFound, "found"}}};
}

enum class GetAttestationBranch : unsigned { kNone, kFound, kCount };
constexpr BranchNames<GetAttestationBranch> branch_names(GetAttestationBranch) {
  using enum GetAttestationBranch;
  return {{{kNone, "no attestation"}, {kFound, "found"}}};
}

enum class VerifyAttestationBranch : unsigned { kNone, kAttested, kCount };
constexpr BranchNames<VerifyAttestationBranch> branch_names(VerifyAttestationBranch) {
  using enum VerifyAttestationBranch;
  return {{{kNone, "no attestation"}, {kAttested, "attested"}}};
}
}  // namespace

Value to_value(const ConfidentialJob& j) {
  return Value::seq({j.job_id, j.owner, j.encrypted_payload, j.public_key, j.created_at, j.processed});
}
Value to_value(const JobAttestation& a) {
  return Value::seq({a.job_id, a.result_hash, a.attestation_proof, a.tee_worker_pubkey, a.timestamp});
}

const ContractSpec& spec() {
  static const ContractSpec s{
      std::string(contract_name(ContractKind::kPhalaJobProcessor)),
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
           branch_list<SubmitConfidentialJobBranch>()},
          {"record_attestation",
           {{"job_id", types::u128()},
            {"result_hash", types::string()},
            {"attestation_proof", types::string()},
            {"tee_worker_pubkey", types::string()}},
           types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return record_attestation(s, c, arg_u128(a, 0), arg_string(a, 1), arg_string(a, 2), arg_string(a, 3));
           }>,
           branch_list<RecordAttestationBranch>()},
          {"get_job", {{"job_id", types::u128()}}, types::option(job_type()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const ConfidentialJob* j = s.jobs.find(arg_u128(a, 0));
             c.cover(j ? GetJobBranch::kFound : GetJobBranch::kNone);
             return j ? Value::some(to_value(*j)) : Value::none();
           }>,
           branch_list<GetJobBranch>()},
          {"get_attestation", {{"job_id", types::u128()}}, types::option(attestation_type()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const JobAttestation* at = s.attestations.find(arg_u128(a, 0));
             c.cover(at ? GetAttestationBranch::kFound : GetAttestationBranch::kNone);
             return at ? Value::some(to_value(*at)) : Value::none();
           }>,
           branch_list<GetAttestationBranch>()},
          {"get_job_counter", {}, types::u128(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.job_counter; }>},
          {"verify_attestation", {{"job_id", types::u128()}}, types::boolean(), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             bool attested = s.attestations.contains(arg_u128(a, 0));
             c.cover(attested ? VerifyAttestationBranch::kAttested : VerifyAttestationBranch::kNone);
             return attested;
           }>,
           branch_list<VerifyAttestationBranch>()},
          {"mark_job_processed", {{"job_id", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value { return mark_job_processed(s, c, arg_u128(a, 0)); }>,
           branch_list<MarkJobProcessedBranch>()},
      },
      {&kJobSubmitted, &kAttestationRecorded, &kJobProcessed},
      "0x7086fddde65c083d00210feaae8fc333f3cb2254220f71834d55fa316a54c9d6",  // its code hash (deployments/paseo.json)
  };
  return s;
}

}  // namespace meshcheck::model::deployed::phala_job_processor
