// phala_job_processor's Z3 encoding (profile `deployed`): see smt/encoding.hpp.
#pragma once

#include "smt/encoding.hpp"

namespace meshcheck::smt::phala_job_processor {

// The stored fields: confidential jobs by id and attestations by job id (one array per
// struct field, plus `exists` for each map), the job counter and the admin. No ghost:
// every invariant of this contract looks at the entries a step changed, never at a sum.
inline constexpr const char* kExists = "jobs.exists";
inline constexpr const char* kJobId = "jobs.job_id";
inline constexpr const char* kOwner = "jobs.owner";
inline constexpr const char* kPayload = "jobs.encrypted_payload";
inline constexpr const char* kPublicKey = "jobs.public_key";
inline constexpr const char* kCreatedAt = "jobs.created_at";
inline constexpr const char* kProcessed = "jobs.processed";
inline constexpr const char* kAttExists = "attestations.exists";
inline constexpr const char* kAttJobId = "attestations.job_id";
inline constexpr const char* kResultHash = "attestations.result_hash";
inline constexpr const char* kProof = "attestations.attestation_proof";
inline constexpr const char* kTeeKey = "attestations.tee_worker_pubkey";
inline constexpr const char* kAttTimestamp = "attestations.timestamp";
inline constexpr const char* kCounter = "job_counter";
inline constexpr const char* kAdmin = "admin";

}  // namespace meshcheck::smt::phala_job_processor
