// phala_job_processor's Z3 encoding (profile `deployed`): see smt/encoding.hpp.
#pragma once

#include "smt/encoding.hpp"

namespace meshcheck::smt::phala_job_processor {

// The stored fields: confidential jobs by id and attestations by job id (one array per
// struct field, plus `exists` for each map), the job counter and the admin. No ghost:
// every invariant of this contract looks at the entries a step changed, never at a sum.
inline constexpr StateField kExists{"jobs.exists"};
inline constexpr StateField kJobId{"jobs.job_id"};
inline constexpr StateField kOwner{"jobs.owner"};
inline constexpr StateField kPayload{"jobs.encrypted_payload"};
inline constexpr StateField kPublicKey{"jobs.public_key"};
inline constexpr StateField kCreatedAt{"jobs.created_at"};
inline constexpr StateField kProcessed{"jobs.processed"};
inline constexpr StateField kAttExists{"attestations.exists"};
inline constexpr StateField kAttJobId{"attestations.job_id"};
inline constexpr StateField kResultHash{"attestations.result_hash"};
inline constexpr StateField kProof{"attestations.attestation_proof"};
inline constexpr StateField kTeeKey{"attestations.tee_worker_pubkey"};
inline constexpr StateField kAttTimestamp{"attestations.timestamp"};
inline constexpr StateField kCounter{"job_counter"};
inline constexpr StateField kAdmin{"admin"};

}  // namespace meshcheck::smt::phala_job_processor
