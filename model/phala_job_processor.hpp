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

u128 submit_confidential_job(State& self, Ctx& ctx, const std::string& encrypted_payload,
                             const std::string& public_key);
bool record_attestation(State& self, Ctx& ctx, const u128& job_id, const std::string& result_hash,
                        const std::string& attestation_proof, const std::string& tee_worker_pubkey);
bool mark_job_processed(State& self, Ctx& ctx, const u128& job_id);

Value to_value(const ConfidentialJob& j);
Value to_value(const JobAttestation& a);

const ContractSpec& spec();

}  // namespace meshcheck::model::deployed::phala_job_processor
