// phala_job_processor's spec handler (spec §3.5, flow 2 of §4). It holds the secrets of
// the worker keys K1, K2 (trusted at deployment) and K3 (never trusted), and relays
// attestations of every kind record_attestation must tell apart: valid, by an untrusted
// key, stale, from the future, from before the job, over another result hash, high-S,
// garbage and zero-hash ones, mostly for a private job whose queue job is in progress, so
// that a valid one completes it and releases its escrow.
#include <algorithm>

#include "fuzz/spec/common.hpp"
#include "model/spec/crypto/attestation.hpp"

namespace meshcheck::fuzz::spec {

namespace {
using CJob = ms::ConfidentialJob<Concrete>;

u128 job_id(const GeneratorView& m, const std::vector<u128>& preferred = {}) {
  const auto& s = phala(m);
  return pick::id(pick::keys(s.jobs.entries), next_id(s.job_counter), {}, preferred);
}

struct SubmitConfidentialJob : SpecCall {
  explicit SubmitConfidentialJob(const GeneratorView& m) : SpecCall(m, st::kPhala, "submit_confidential_job") {
    // Mostly someone who submitted already, so that the rate window (3 a window) fills.
    std::vector<Address> submitters;
    phala(m).rate.entries.for_each([&](const Address& a, const auto&) { submitters.push_back(a); });
    std::sort(submitters.begin(), submitters.end());
    caller_ = pick::Choice<Address>().one_of(6, submitters).one_of(4, deployment::spec_actors()).draw();
    value_ = pick::no_value();
    args_ = {Value(text(ms::kMaxPayloadLen)), Value(text(ms::kMaxPublicKeyLen))};
  }
};

// Only the queue may route (NotQueue from anyone else): it succeeds nested in submit_job.
struct RouteConfidentialJob : SpecCall {
  explicit RouteConfidentialJob(const GeneratorView& m) : SpecCall(m, st::kPhala, "route_confidential_job") {
    caller_ = actor();
    value_ = pick::no_value();
    args_ = {Value(next_id(queue(m).job_counter)), Value(account()), Value(text(ms::kMaxPayloadLen)),
             Value(text(ms::kMaxPublicKeyLen))};
  }
};

enum class Attestation { kValid, kUntrusted, kStale, kFuture, kBeforeJob, kWrongHash, kHighS, kGarbage, kWrongKey, kZeroHash };

struct RecordAttestation : SpecCall {
  explicit RecordAttestation(const GeneratorView& m) : SpecCall(m, st::kPhala, "record_attestation") {
    const auto& s = phala(m);
    const auto& q = queue(m);
    // Mostly an unattested job; first of all one linked to a queue job in progress.
    std::vector<u128> open = pick::keys_where(s.jobs.entries, [&](const CJob& j) {
      return !s.attestations.contains(j.job_id);
    });
    std::vector<u128> linked;
    for (auto& id : open) {
      const CJob& j = *s.jobs.entries.find(id);
      if (!j.queue_job.some) continue;
      if (auto* qj = q.jobs.entries.find(j.queue_job.value); qj && qj->status == ms::JobStatus::InProgress)
        linked.push_back(id);
    }
    u128 id = job_id(m, linked.empty() ? open : linked);
    const CJob* job = s.jobs.entries.find(id);
    const u64 now = m.timestamp, created = job ? job->created_at : deployment::kStartTimestamp;
    caller_ = actor();  // anyone relays: the authority is the signature's
    value_ = pick::no_value();

    const auto kind = pick::Choice<Attestation>()
                          .item(10, Attestation::kValid)
                          .item(1, Attestation::kUntrusted)
                          .item(1, Attestation::kStale)
                          .item(1, Attestation::kFuture)
                          .item(1, Attestation::kBeforeJob)
                          .item(1, Attestation::kWrongHash)
                          .item(1, Attestation::kHighS)
                          .item(1, Attestation::kGarbage)
                          .item(1, Attestation::kWrongKey)
                          .item(1, Attestation::kZeroHash)
                          .draw();
    int signer = pick::Choice<int>().item(1, 1).item(1, 2).draw();  // a trusted worker
    ms::PubKey33 key = st::worker_key(signer);
    ms::Hash32 hash = hash_of(pick::Choice<u8>().item(3, 0xab).item(1, 0xcd).draw()), signed_hash = hash;
    // Mostly the current time, or a little earlier (never before the job).
    u64 ts = now;
    if (pick::flag() && now >= 6000 && now - 6000 >= created) ts = now - 6000;
    switch (kind) {
      case Attestation::kValid: break;
      case Attestation::kUntrusted: signer = 3, key = st::worker_key(3); break;
      case Attestation::kStale:
        ts = now > ms::kMaxAttestationAgeMs && now - ms::kMaxAttestationAgeMs - 1 >= created
                 ? now - ms::kMaxAttestationAgeMs - 1
                 : created;
        break;
      case Attestation::kFuture: ts = now + 6000; break;
      case Attestation::kBeforeJob: ts = created > 0 ? created - 1 : 0; break;
      case Attestation::kWrongHash: signed_hash = hash_of(0x11); break;
      case Attestation::kZeroHash: hash = signed_hash = ms::Hash32{}; break;
      default: break;
    }
    ms::Sig65 proof = ms::sign_attestation(st::worker_secret(signer), st::kPhala, id, signed_hash, ts);
    switch (kind) {
      case Attestation::kHighS: proof = ms::crypto::high_s_twin(proof); break;
      case Attestation::kGarbage:
        proof = pick::Choice<int>().item(1, 0).item(1, 1).draw() == 0 ? ms::Sig65{} : proof;
        proof.bytes[64] = 5;  // not a recovery id
        break;
      case Attestation::kWrongKey: key = st::worker_key(signer == 1 ? 2 : 1); break;  // signed by the other
      default: break;
    }
    args_ = {Value(id), bytes(hash), Value(ts), bytes(key), bytes(proof)};
  }
};

struct MarkJobProcessed : SpecCall {
  explicit MarkJobProcessed(const GeneratorView& m) : SpecCall(m, st::kPhala, "mark_job_processed") {
    const auto& s = phala(m);
    std::vector<u128> attested =
        pick::keys_where(s.jobs.entries, [&](const CJob& j) { return s.attestations.contains(j.job_id); });
    u128 id = job_id(m, attested);
    std::optional<Address> owner;
    if (const CJob* j = s.jobs.entries.find(id)) owner = j->owner;
    caller_ = caller(owner);
    value_ = pick::no_value();
    args_ = {Value(id)};
  }
};

struct SetTrustedWorker : SpecCall {
  explicit SetTrustedWorker(const GeneratorView& m) : SpecCall(m, st::kPhala, "set_trusted_worker") {
    caller_ = caller(phala(m).admin);
    value_ = pick::no_value();
    int k = pick::Choice<int>().item(1, 1).item(1, 2).item(2, 3).draw();
    // Mostly trusting: K3 trusted for a while makes its attestations valid.
    args_ = {bytes(st::worker_key(k)), Value(pick::Choice<bool>().item(2, true).item(1, false).draw())};
  }
};
}  // namespace

rc::Gen<CommandPtr> phala_job_processor_commands(const SharedGeneratorView& model) {
  const auto& s = phala(*model);
  bool unattested = false, attested = !s.attestations.entries.empty();
  s.jobs.entries.for_each([&](const u128& id, const CJob&) { unattested = unattested || !s.attestations.contains(id); });
  return rc::gen::weightedOneOf<CommandPtr>({
      {3, one_of_commands<SubmitConfidentialJob>(model)},
      {1, one_of_commands<RouteConfidentialJob>(model)},
      {1 + (unattested ? 8 : 0), one_of_commands<RecordAttestation>(model)},
      {1 + (attested ? 2 : 0), one_of_commands<MarkJobProcessed>(model)},
      {1, one_of_commands<SetTrustedWorker>(model)},
  });
}

}  // namespace meshcheck::fuzz::spec
