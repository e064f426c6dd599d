// phala_job_processor, profile `spec` (../shared/spec-profile.md §3.5): confidential jobs
// (standalone, or routed by the queue for its private jobs) under payload limits and a rate
// limit, and the signed attestations of trusted TEE workers that complete them.
//
// This header holds what the queue sees (state, records, errors, events, the shared
// admission, route_confidential_job, the reads); phala_job_processor_messages.hpp holds
// the messages, record_attestation among them, which calls the queue and the escrow back.
#pragma once

#include "model/spec/common.hpp"

namespace meshcheck::model::spec {

enum class PhalaError : unsigned {
  kNotQueue, kEmptyPayload, kPayloadTooLarge, kEmptyPublicKey, kPublicKeyTooLarge, kRateLimited, kIdsExhausted,
  kNoSuchJob, kAlreadyAttested, kUntrustedWorker, kInvalidResultHash, kFutureTimestamp, kTimestampBeforeJob,
  kStaleAttestation, kInvalidSignature, kNotOwner, kNoAttestation, kAlreadyProcessed, kNotAdmin, kCalleeFailed, kCount,
};
constexpr ErrorNames<PhalaError> error_names(PhalaError) {
  using enum PhalaError;
  return {{
      {kNotQueue, "NotQueue"}, {kEmptyPayload, "EmptyPayload"}, {kPayloadTooLarge, "PayloadTooLarge"},
      {kEmptyPublicKey, "EmptyPublicKey"}, {kPublicKeyTooLarge, "PublicKeyTooLarge"}, {kRateLimited, "RateLimited"},
      {kIdsExhausted, "IdsExhausted"}, {kNoSuchJob, "NoSuchJob"}, {kAlreadyAttested, "AlreadyAttested"},
      {kUntrustedWorker, "UntrustedWorker"}, {kInvalidResultHash, "InvalidResultHash"},
      {kFutureTimestamp, "FutureTimestamp"}, {kTimestampBeforeJob, "TimestampBeforeJob"},
      {kStaleAttestation, "StaleAttestation"}, {kInvalidSignature, "InvalidSignature"}, {kNotOwner, "NotOwner"},
      {kNoAttestation, "NoAttestation"}, {kAlreadyProcessed, "AlreadyProcessed"}, {kNotAdmin, "NotAdmin"},
      {kCalleeFailed, "CalleeFailed"},
  }};
}
constexpr std::string_view error_contract(PhalaError) { return "phala_job_processor"; }

enum class PhalaEvent : unsigned { kJobSubmitted, kAttestationRecorded, kJobProcessed, kTrustedWorkerSet, kCount };
constexpr EventNames<PhalaEvent> event_names(PhalaEvent) {
  using enum PhalaEvent;
  return {{{kJobSubmitted, "JobSubmitted"}, {kAttestationRecorded, "AttestationRecorded"},
           {kJobProcessed, "JobProcessed"}, {kTrustedWorkerSet, "TrustedWorkerSet"}}};
}

template <class D> struct ConfidentialJob {
  U128<D> job_id{};
  Addr<D> owner{};
  Str<D> encrypted_payload{};
  Str<D> public_key{};
  U64<D> created_at{};
  Bool<D> processed{};
  Option<D, U128<D>> queue_job{};
  template <class S> static auto tie(S& s) {
    return std::tie(s.job_id, s.owner, s.encrypted_payload, s.public_key, s.created_at, s.processed, s.queue_job);
  }
  friend bool operator==(const ConfidentialJob&, const ConfidentialJob&) = default;
};

template <class D> struct RateWindow {
  U32<D> window_start{};
  U32<D> count{};
  template <class S> static auto tie(S& s) { return std::tie(s.window_start, s.count); }
  friend bool operator==(const RateWindow&, const RateWindow&) = default;
};

template <class D> struct JobAttestation {
  U128<D> job_id{};
  Bytes<D, 32> result_hash{};
  Bytes<D, 65> attestation_proof{};
  Bytes<D, 33> tee_worker_pubkey{};
  U64<D> timestamp{};
  U64<D> recorded_at{};
  template <class S> static auto tie(S& s) {
    return std::tie(s.job_id, s.result_hash, s.attestation_proof, s.tee_worker_pubkey, s.timestamp, s.recorded_at);
  }
  friend bool operator==(const JobAttestation&, const JobAttestation&) = default;
};

template <class D> struct PhalaState {
  Addr<D> admin{};
  Wiring<D> wiring{};
  U128<D> job_counter{};
  Map<D, U128<D>, ConfidentialJob<D>> jobs{};
  Map<D, U128<D>, JobAttestation<D>> attestations{};
  Map<D, Bytes<D, 33>, Bool<D>> trusted_workers{};
  Map<D, Addr<D>, RateWindow<D>> rate{};
  template <class S> static auto tie(S& s) {
    return std::tie(s.admin, s.wiring, s.job_counter, s.jobs, s.attestations, s.trusted_workers, s.rate);
  }
  friend bool operator==(const PhalaState&, const PhalaState&) = default;
};

struct PhalaJobProcessor {
  static constexpr std::string_view kName = "phala_job_processor";
  template <class D> using State = PhalaState<D>;
  using Error = PhalaError;
};

namespace phala_job_processor {
using E = PhalaError;

template <class D> PhalaState<D> construct(const Addr<D>& deployer, const Wiring<D>& wiring) {
  PhalaState<D> s;
  s.admin = deployer;
  s.wiring = wiring;
  return s;
}

// admit(owner, payload, key), shared by both submissions: the limits, the owner's rate
// window (a new one once RATE_WINDOW_BLOCKS have passed), the id. Stores the job; returns its id.
template <class X, class D>
U128<D> admit_and_store(X& x, PhalaState<D>& self, const Addr<D>& owner, const Str<D>& payload, const Str<D>& key,
                        const Option<D, U128<D>>& queue_job) {
  x.require(payload != Str<D>(""), E::kEmptyPayload);
  x.require(byte_len(payload) <= U32<D>(kMaxPayloadLen), E::kPayloadTooLarge);
  x.require(key != Str<D>(""), E::kEmptyPublicKey);
  x.require(byte_len(key) <= U32<D>(kMaxPublicKeyLen), E::kPublicKeyTooLarge);
  RateWindow<D> w = self.rate.get_or_default(owner);
  // block ≥ window_start + RATE_WINDOW_BLOCKS, in u64 (R4: sums that mix widths)
  Bool<D> expired = resize<U64<D>>(x.block()) >= unchecked_add(resize<U64<D>>(w.window_start), U64<D>(kRateWindowBlocks));
  w = RateWindow<D>{select(expired, x.block(), w.window_start), select(expired, U32<D>(0), w.count)};
  x.require(w.count < U32<D>(kRateMaxPerWindow), E::kRateLimited);
  x.require(self.job_counter < U128<D>(kU128Max), E::kIdsExhausted);
  w.count = unchecked_add(w.count, U32<D>(1));  // below RATE_MAX_PER_WINDOW
  self.rate.set(owner, w);
  U128<D> id = unchecked_add(self.job_counter, U128<D>(1));  // below u128::MAX
  self.job_counter = id;
  self.jobs.set(id, ConfidentialJob<D>{id, owner, payload, key, x.now(), false, queue_job});
  x.emit(PhalaEvent::kJobSubmitted, id, owner, queue_job);
  return id;
}

// route_confidential_job(queue_job_id, owner, encrypted_payload, public_key) -> u128 · queue only
struct RouteConfidentialJob {
  using Contract = PhalaJobProcessor;
  static constexpr std::string_view kLabel = "route_confidential_job";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static U128<D> run(X& x, PhalaState<D>& self, const U128<D>& queue_job_id, const Addr<D>& owner,
                     const Str<D>& encrypted_payload, const Str<D>& public_key) {
    x.require(x.caller() == self.wiring.job_queue, E::kNotQueue);
    return admit_and_store(x, self, owner, encrypted_payload, public_key, Option<D, U128<D>>::of(queue_job_id));
  }
};

// --- reads ---
struct GetConfidentialJob {
  using Contract = PhalaJobProcessor;
  static constexpr std::string_view kLabel = "get_job";
  static constexpr bool kPayable = false;
  template <class X, class D> static Option<D, ConfidentialJob<D>> run(X&, PhalaState<D>& self, const U128<D>& job_id) {
    return self.jobs.get(job_id);
  }
};
struct GetAttestation {
  using Contract = PhalaJobProcessor;
  static constexpr std::string_view kLabel = "get_attestation";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static Option<D, JobAttestation<D>> run(X&, PhalaState<D>& self, const U128<D>& job_id) {
    return self.attestations.get(job_id);
  }
};
struct GetJobCounter {
  using Contract = PhalaJobProcessor;
  static constexpr std::string_view kLabel = "get_job_counter";
  static constexpr bool kPayable = false;
  template <class X, class D> static U128<D> run(X&, PhalaState<D>& self) { return self.job_counter; }
};
// verify_attestation(job_id) -> bool: an attestation is stored (each was verified when stored).
struct VerifyAttestation {
  using Contract = PhalaJobProcessor;
  static constexpr std::string_view kLabel = "verify_attestation";
  static constexpr bool kPayable = false;
  template <class X, class D> static Bool<D> run(X&, PhalaState<D>& self, const U128<D>& job_id) {
    return self.attestations.contains(job_id);
  }
};
struct IsTrustedWorker {
  using Contract = PhalaJobProcessor;
  static constexpr std::string_view kLabel = "is_trusted_worker";
  static constexpr bool kPayable = false;
  template <class X, class D> static Bool<D> run(X&, PhalaState<D>& self, const Bytes<D, 33>& pubkey) {
    return self.trusted_workers.get_or_default(pubkey);
  }
};
// get_rate_window(account): the stored window ({0, 0} if none), not the one a new
// submission would open (§9 C5).
struct GetRateWindow {
  using Contract = PhalaJobProcessor;
  static constexpr std::string_view kLabel = "get_rate_window";
  static constexpr bool kPayable = false;
  template <class X, class D> static RateWindow<D> run(X&, PhalaState<D>& self, const Addr<D>& account) {
    return self.rate.get_or_default(account);
  }
};
struct GetAdmin {
  using Contract = PhalaJobProcessor;
  static constexpr std::string_view kLabel = "get_admin";
  static constexpr bool kPayable = false;
  template <class X, class D> static Addr<D> run(X&, PhalaState<D>& self) { return self.admin; }
};

}  // namespace phala_job_processor
}  // namespace meshcheck::model::spec
