// phala_job_processor, profile `deployed` (ink! 5, AccountId): confidential jobs and
// their TEE attestations.
#pragma once

#include <string>

#include "model/contract.hpp"
#include "model/pmap.hpp"

namespace meshcheck::model::deployed::phala_job_processor {

struct ConfidentialJob {
  u128 job_id;
  Address owner;
  std::string encrypted_payload;
  std::string public_key;
  u64 created_at = 0;
  bool processed = false;
  friend bool operator==(const ConfidentialJob&, const ConfidentialJob&) = default;
};

struct JobAttestation {
  u128 job_id;
  std::string result_hash;
  std::string attestation_proof;
  std::string tee_worker_pubkey;
  u64 timestamp = 0;
  friend bool operator==(const JobAttestation&, const JobAttestation&) = default;
};

struct State : StateBase<State> {
  PMap<u128, ConfidentialJob> jobs;
  PMap<u128, JobAttestation> attestations;
  u128 job_counter;
  Address admin;
  friend bool operator==(const State& a, const State& b) {
    return a.jobs == b.jobs && a.attestations == b.attestations && a.job_counter == b.job_counter &&
           a.admin == b.admin;
  }
};

State construct(const CallEnv& env);

// The branches of the mutating messages (model/branch.hpp): their guard outcomes, which
// the Z3 encoding (smt/phala_job_processor.cpp) names too. A "... saturated" branch is
// marked where a saturating_add saturates, alongside the message's outcome.
enum class SubmitConfidentialJobBranch : unsigned { kCounterSaturated, kOk, kCount };
constexpr BranchNames<SubmitConfidentialJobBranch> branch_names(SubmitConfidentialJobBranch) {
  using enum SubmitConfidentialJobBranch;
  return {{{kCounterSaturated, "job_counter saturated"}, {kOk, "ok"}}};
}

enum class RecordAttestationBranch : unsigned { kNoJob, kFirst, kOverwrite, kCount };
constexpr BranchNames<RecordAttestationBranch> branch_names(RecordAttestationBranch) {
  using enum RecordAttestationBranch;
  return {{{kNoJob, "no such job"}, {kFirst, "first attestation"}, {kOverwrite, "overwrites an attestation"}}};
}

enum class MarkJobProcessedBranch : unsigned { kNoJob, kNoAttestation, kAgain, kOk, kCount };
constexpr BranchNames<MarkJobProcessedBranch> branch_names(MarkJobProcessedBranch) {
  using enum MarkJobProcessedBranch;
  return {{{kNoJob, "no such job"},
           {kNoAttestation, "no attestation"},
           {kAgain, "job already processed"},
           {kOk, "ok"}}};
}

u128 submit_confidential_job(State& self, Ctx& ctx, const std::string& encrypted_payload,
                             const std::string& public_key);
bool record_attestation(State& self, Ctx& ctx, const u128& job_id, const std::string& result_hash,
                        const std::string& attestation_proof, const std::string& tee_worker_pubkey);
bool mark_job_processed(State& self, Ctx& ctx, const u128& job_id);

Value to_value(const ConfidentialJob& j);
Value to_value(const JobAttestation& a);

const ContractSpec& spec();

}  // namespace meshcheck::model::deployed::phala_job_processor
