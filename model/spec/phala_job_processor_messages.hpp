// phala_job_processor's messages, profile `spec` (../shared/spec-profile.md §3.5), each once
// over a domain. Apart from phala_job_processor.hpp because record_attestation calls the
// queue (complete_attested) and the escrow (release_payment), and the queue calls phala.
#pragma once

#include "model/spec/ai_job_queue_messages.hpp"
#include "model/spec/crypto/attestation.hpp"
#include "model/spec/payment_escrow.hpp"
#include "model/spec/phala_job_processor.hpp"

namespace meshcheck::model::spec::phala_job_processor {
using Ev = PhalaEvent;

// submit_confidential_job(encrypted_payload, public_key) -> u128 · anyone (standalone job)
struct SubmitConfidentialJob {
  using Contract = PhalaJobProcessor;
  static constexpr std::string_view kLabel = "submit_confidential_job";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static U128<D> run(X& x, PhalaState<D>& self, const Str<D>& encrypted_payload, const Str<D>& public_key) {
    return admit_and_store(x, self, x.caller(), encrypted_payload, public_key, Option<D, U128<D>>::none());
  }
};

// record_attestation(job_id, result_hash, timestamp, tee_worker_pubkey, attestation_proof)
// · anyone: authority comes from the signature (crypto/attestation.hpp), whoever relays it.
// The attestation of a job the queue routed completes that job and releases its escrow,
// in the same transaction (§2.2 "Phala → Escrow release_payment: release after attestation").
struct RecordAttestation {
  using Contract = PhalaJobProcessor;
  static constexpr std::string_view kLabel = "record_attestation";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, PhalaState<D>& self, const U128<D>& job_id, const Bytes<D, 32>& result_hash,
                  const U64<D>& timestamp, const Bytes<D, 33>& tee_worker_pubkey, const Bytes<D, 65>& attestation_proof) {
    auto job = self.jobs.get(job_id);
    x.require(job.is_some(), E::kNoSuchJob);
    x.require(!self.attestations.contains(job_id), E::kAlreadyAttested);
    x.require(self.trusted_workers.get_or_default(tee_worker_pubkey), E::kUntrustedWorker);
    x.require(!result_hash.is_zero(), E::kInvalidResultHash);
    x.require(timestamp <= x.now(), E::kFutureTimestamp);
    x.require(timestamp >= job.value.created_at, E::kTimestampBeforeJob);
    // now ≥ timestamp by the guard before: the age never wraps.
    x.require(unchecked_sub(x.now(), timestamp) <= U64<D>(kMaxAttestationAgeMs), E::kStaleAttestation);
    x.require(sig_ok(x.self_address(), job_id, result_hash, timestamp, tee_worker_pubkey, attestation_proof),
              E::kInvalidSignature);
    self.attestations.set(job_id, JobAttestation<D>{job_id, result_hash, attestation_proof, tee_worker_pubkey,
                                                    timestamp, x.now()});
    if (x.decide(job.value.queue_job.is_some())) {
      const U128<D>& queue_job = job.value.queue_job.value;
      Addr<D> provider = x.template call<ai_job_queue::CompleteAttested>(self.wiring.job_queue, Balance<D>(0),
                                                                         queue_job, job_id, result_hash);
      x.template call<payment_escrow::ReleasePayment>(self.wiring.payment_escrow, Balance<D>(0), queue_job, provider);
    }
    x.emit(Ev::kAttestationRecorded, job_id, tee_worker_pubkey, result_hash);
  }
};

// mark_job_processed(job_id) · the job's owner, once its attestation is stored: the owner's
// acknowledgement (payment does not wait for it).
struct MarkJobProcessed {
  using Contract = PhalaJobProcessor;
  static constexpr std::string_view kLabel = "mark_job_processed";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, PhalaState<D>& self, const U128<D>& job_id) {
    auto job = self.jobs.get(job_id);
    x.require(job.is_some(), E::kNoSuchJob);
    x.require(x.caller() == job.value.owner, E::kNotOwner);
    x.require(self.attestations.contains(job_id), E::kNoAttestation);
    x.require(!job.value.processed, E::kAlreadyProcessed);
    ConfidentialJob<D> next = job.value;
    next.processed = Bool<D>(true);
    self.jobs.set(job_id, next);
    x.emit(Ev::kJobProcessed, job_id);
  }
};

// set_trusted_worker(pubkey, trusted) · admin. Revoking a key leaves the attestations it
// signed in place. Like the escrow's set_verifier, `false` is stored, not removed.
struct SetTrustedWorker {
  using Contract = PhalaJobProcessor;
  static constexpr std::string_view kLabel = "set_trusted_worker";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, PhalaState<D>& self, const Bytes<D, 33>& pubkey, const Bool<D>& trusted) {
    x.require(x.caller() == self.admin, E::kNotAdmin);
    self.trusted_workers.set(pubkey, trusted);
    x.emit(Ev::kTrustedWorkerSet, pubkey, trusted);
  }
};

}  // namespace meshcheck::model::spec::phala_job_processor
