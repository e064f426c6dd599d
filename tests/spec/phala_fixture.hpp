// phala_job_processor's tests on the standard spec system: attestations as a TEE worker
// sends them (signed with §2.3's worker secrets), and the private flow of §4 up to the
// attestation, built from the contracts' own messages.
#pragma once

#include <string>

#include "model/spec/crypto/attestation.hpp"
#include "queue_fixture.hpp"

namespace meshcheck::model::spec::testing {

namespace phala = phala_job_processor;

// What record_attestation takes.
struct Attestation {
  u128 job_id;
  Hash32 result_hash;
  u64 timestamp;
  PubKey33 key;
  Sig65 proof;
};

// Worker `i` (K1, K2, K3 of §2.3) attests `result_hash` of phala job `job_id` at `timestamp`.
inline Attestation attest(int worker, u128 job_id, const Hash32& result_hash, u64 timestamp) {
  return {job_id, result_hash, timestamp, worker_key(worker),
          sign_attestation(worker_secret(worker), kPhala, job_id, result_hash, timestamp)};
}

inline Result<Concrete, Sys> record(const Sys& s, const Env<Concrete>& env, const Attestation& a) {
  return run<phala::RecordAttestation>(s, env, a.job_id, a.result_hash, a.timestamp, a.key, a.proof);
}

// The private flow of §4 up to the work: kOwner submits a private PhalaTee job (budget 2000,
// deadline 50) at block 1, which phala admits as its job 1; kProv registers (stake 5000,
// the TEE capability) and bids 1500 over 10 blocks; kOwner assigns it; kProv starts at
// block 3. Every step a message of the standard system.
inline Sys private_job_in_progress(Sys s = standard_system()) {
  auto step = [&s](Result<Concrete, Sys> r) {
    if (!r.ok) throw std::logic_error("private_job_in_progress: " + r.reason());
    s = r.post;
  };
  step(run<ai_job_queue::SubmitJob>(s, at(kOwner, 1, 2000), std::string("model"), std::string("data"), NoNft::none(),
                                    ComputeType::PhalaTee, u32(50), true, std::string("sealed"), std::string("pk")));
  step(run<compute_provider_registry::RegisterProvider>(s, at(kProv, 1, 5000), std::string("https://tee"), u8(4),
                                                        u128(10)));
  step(run<compute_provider_registry::SubmitBid>(s, at(kProv, 2), u128(1), u128(1500),
                                                 SlaCommitment<Concrete>{10, 100}));
  step(run<ai_job_queue::AssignProvider>(s, at(kOwner, 2), u128(1), kProv));
  step(run<ai_job_queue::MarkInProgress>(s, at(kProv, 3), u128(1)));
  return s;
}

}  // namespace meshcheck::model::spec::testing
