// phala_job_processor, profile `spec` (spec-profile.md §3.5): the attestation signature
// (test vectors signed with the fixed worker keys), every message's success path and every
// error variant at the first guard that names it, the reads, and the private flow of §4
// end to end on the standard system.
#include <gtest/gtest.h>

#include "phala_fixture.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace testing;

void expect_refused(const Result<Concrete, Sys>& r, std::string_view error) {
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.branch(), error) << r.reason();
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(r.transfers.empty());
}
const PhalaState<Concrete>& phala_of(const Sys& s) { return s.slot<PhalaJobProcessor>().state; }
template <std::size_t N> std::string hex(const ByteArray<N>& b) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (u8 x : b.bytes) out += std::string{digits[x >> 4], digits[x & 15]};
  return out;
}

// --- the signature (crypto/attestation.hpp) --------------------------------------------

TEST(SpecPhalaSignature, WorkerKeysAreTheDesignsK1K2K3) {
  for (int i = 1; i <= 3; ++i) {
    auto key = crypto::public_key_of(worker_secret(i));
    ASSERT_TRUE(key) << i;
    EXPECT_EQ(*key, worker_key(i)) << "K" << i;
  }
  EXPECT_FALSE(crypto::public_key_of(crypto::secret_of(0)));
}

// The vectors below were computed by an independent implementation (Python's hashlib
// BLAKE2b and a textbook secp256k1 with RFC 6979, tests/spec/vectors/attestation_vectors.py).
const Hash32 kH7 = hash(7);
constexpr u64 kTs = 60000;
const char* kPreimage =
    "504d415454455354c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c501000000000000000000000000000000"
    "070707070707070707070707070707070707070707070707070707070707070760ea000000000000";

TEST(SpecPhalaSignature, PreimageAndDigestAreSection35s) {
  AttestationPreimage p = attestation_preimage(kPhala, 1, kH7, kTs);
  EXPECT_EQ(p.size(), 84u);
  EXPECT_EQ(hex(ByteArray<84>{p}), kPreimage);
  EXPECT_EQ(hex(ByteArray<32>{attestation_digest(kPhala, 1, kH7, kTs)}),
            "eefc0b7f91d0ed28c1fef7c6d96925612e1110a41cf2895012216fc9f76fc09d");
  // Every field is bound: another contract, job, hash or time is another digest.
  auto d = attestation_digest(kPhala, 1, kH7, kTs);
  EXPECT_NE(d, attestation_digest(kQueue, 1, kH7, kTs));
  EXPECT_NE(d, attestation_digest(kPhala, 2, kH7, kTs));
  EXPECT_NE(d, attestation_digest(kPhala, 1, hash(8), kTs));
  EXPECT_NE(d, attestation_digest(kPhala, 1, kH7, kTs + 1));
}

TEST(SpecPhalaSignature, SigningIsDeterministicRfc6979) {
  Sig65 k1 = sign_attestation(worker_secret(1), kPhala, 1, kH7, kTs);
  EXPECT_EQ(hex(k1),
            "4c286ed16b04f6ed38150155e0e1f8dccb46b6142650066777d45265b311bc56"
            "0204ac3d1726141a1b3a6e8254a1f5128711894100cb484736748d7adfbd8ea601");
  EXPECT_EQ(hex(sign_attestation(worker_secret(2), kPhala, 1, kH7, kTs)),
            "4f80ed19f89593039f91ae636c048040ff33d377d377806f7fb13266266d9c10"
            "769ff552e124f94506724d3e037d9fe368e36398c4a4ff0e46853bc734537c8200");
  EXPECT_EQ(k1, sign_attestation(worker_secret(1), kPhala, 1, kH7, kTs));
}

TEST(SpecPhalaSignature, Vectors) {
  const PubKey33 k1 = worker_key(1), k2 = worker_key(2), k3 = worker_key(3);
  Sig65 good = sign_attestation(worker_secret(1), kPhala, 1, kH7, kTs);
  auto ok = [&](const PubKey33& key, const Sig65& sig) { return sig_ok(kPhala, 1, kH7, kTs, key, sig); };
  EXPECT_TRUE(ok(k1, good));  // valid
  Sig65 v27 = good;
  v27.bytes[64] = u8(27 + good.bytes[64]);  // Ethereum-style v
  EXPECT_TRUE(ok(k1, v27));
  EXPECT_TRUE(sig_ok(kPhala, 1, kH7, kTs, k3, sign_attestation(worker_secret(3), kPhala, 1, kH7, kTs)))
      << "K3's signature is valid: trust is record_attestation's guard, not the signature's";
  EXPECT_FALSE(ok(k2, good));                                              // another key claimed
  EXPECT_FALSE(sig_ok(kPhala, 2, kH7, kTs, k1, good));                     // wrong job
  EXPECT_FALSE(sig_ok(kPhala, 1, hash(8), kTs, k1, good));                 // wrong result hash
  EXPECT_FALSE(sig_ok(kPhala, 1, kH7, kTs + 1, k1, good));                 // wrong timestamp
  EXPECT_FALSE(sig_ok(kQueue, 1, kH7, kTs, k1, good));                     // another deployment
  // High-S: the same signature with s' = n − s recovers K1, yet the low-S rule refuses it.
  Sig65 high = crypto::high_s_twin(good);
  EXPECT_NE(high, good);
  EXPECT_EQ(crypto::recover(high, attestation_digest(kPhala, 1, kH7, kTs)), std::optional<PubKey33>(k1));
  EXPECT_FALSE(crypto::well_formed(high));
  EXPECT_FALSE(ok(k1, high));
  // Malformed: a recovery byte outside {0, 1, 27, 28}; r or s zero or not below n; garbage.
  for (u8 v : {2, 3, 26, 29, 255}) {
    Sig65 bad = good;
    bad.bytes[64] = v;
    EXPECT_FALSE(ok(k1, bad)) << "v = " << unsigned(v);
  }
  Sig65 zero_r = good, zero_s = good, big_r = good, big_s = good;
  std::fill(zero_r.bytes.begin(), zero_r.bytes.begin() + 32, u8(0));
  std::fill(zero_s.bytes.begin() + 32, zero_s.bytes.begin() + 64, u8(0));
  std::fill(big_r.bytes.begin(), big_r.bytes.begin() + 32, u8(0xff));
  std::fill(big_s.bytes.begin() + 32, big_s.bytes.begin() + 64, u8(0xff));
  for (const Sig65* bad : {&zero_r, &zero_s, &big_r, &big_s}) EXPECT_FALSE(ok(k1, *bad));
  EXPECT_FALSE(ok(k1, Sig65{}));
  Sig65 garbage;
  for (std::size_t i = 0; i < 65; ++i) garbage.bytes[i] = u8(i * 37 + 11);
  garbage.bytes[64] = 0;
  EXPECT_FALSE(ok(k1, garbage));
}

// Symbolically sig_ok is uninterpreted; the agreement test fixes it at literal arguments.
TEST(SpecPhalaSignature, SymbolicSigOkIsFixedPointwise) {
  z3::context c;
  SymbolicScope scope(c);
  Sig65 good = sign_attestation(worker_secret(1), kPhala, 1, kH7, kTs);
  auto symbolic = [&](const SUint<128>& job, const PubKey33& key) {
    return sig_ok(SAddr(kPhala), job, SBytes<32>(kH7), SUint<64>(kTs), SBytes<33>(key), SBytes<65>(good)).e;
  };
  z3::expr yes = symbolic(SUint<128>(u128(1)), worker_key(1)), no = symbolic(SUint<128>(u128(1)), worker_key(2));
  for (const z3::expr& e : {yes, !yes}) {  // on its own, either answer is possible
    z3::solver s(c);
    s.add(e);
    EXPECT_EQ(s.check(), z3::sat);
  }
  EXPECT_TRUE(fix_sig_ok(yes).simplify().is_true());
  EXPECT_TRUE(fix_sig_ok(no).simplify().is_false());
  EXPECT_TRUE(fix_sig_ok(yes && !no).simplify().is_true());
  z3::expr open = symbolic(SUint<128>(c.bv_const("job", 128)), worker_key(1));
  EXPECT_TRUE(z3::eq(fix_sig_ok(open), open));  // not literal: stays uninterpreted
}

// --- admission: submit_confidential_job, route_confidential_job -------------------------

TEST(SpecPhalaSubmit, StandaloneJob) {
  auto r = run<phala::SubmitConfidentialJob>(standard_system(), at(kOwner, 10), std::string("sealed"),
                                             std::string("pk"));
  ASSERT_TRUE(r.ok) << r.reason();
  EXPECT_EQ(r.returned, leaves<ConcreteLeaf>(u128(1)));
  auto j = phala_of(r.post).jobs.get(1);
  ASSERT_TRUE(j.some);
  EXPECT_EQ(j.value, (ConfidentialJob<Concrete>{1, kOwner, "sealed", "pk", 60000, false, {}}));
  EXPECT_EQ(phala_of(r.post).rate.get_or_default(kOwner), (RateWindow<Concrete>{10, 1}));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].name, "JobSubmitted");
  EXPECT_EQ(r.events[0].fields, (leaves<ConcreteLeaf>(u128(1), kOwner, Option<Concrete, u128>::none())));
}

TEST(SpecPhalaSubmit, Errors) {
  Sys s = standard_system();
  auto submit = [&](const Sys& w, u32 block, std::string payload, std::string key) {
    return run<phala::SubmitConfidentialJob>(w, at(kOwner, block), payload, key);
  };
  expect_refused(submit(s, 10, "", "pk"), "EmptyPayload");
  EXPECT_TRUE(submit(s, 10, std::string(kMaxPayloadLen, 'p'), "pk").ok);
  expect_refused(submit(s, 10, std::string(kMaxPayloadLen + 1, 'p'), "pk"), "PayloadTooLarge");
  expect_refused(submit(s, 10, "p", ""), "EmptyPublicKey");
  EXPECT_TRUE(submit(s, 10, "p", std::string(kMaxPublicKeyLen, 'k')).ok);
  expect_refused(submit(s, 10, "p", std::string(kMaxPublicKeyLen + 1, 'k')), "PublicKeyTooLarge");
  // Three per window of RATE_WINDOW_BLOCKS, counted from the window's first submission.
  Sys w = s;
  for (u32 b : {10, 12, 19}) w = submit(w, b, "p", "k").post;
  expect_refused(submit(w, 19, "p", "k"), "RateLimited");
  EXPECT_TRUE(run<phala::SubmitConfidentialJob>(w, at(kOther, 19), std::string("p"), std::string("k")).ok)
      << "the limit binds each account";
  auto next = submit(w, 20, "p", "k");  // a new window
  ASSERT_TRUE(next.ok) << next.reason();
  EXPECT_EQ(phala_of(next.post).rate.get_or_default(kOwner), (RateWindow<Concrete>{20, 1}));
  Sys full = s;
  full.slot<PhalaJobProcessor>().state.job_counter = kU128Max;
  expect_refused(submit(full, 10, "p", "k"), "IdsExhausted");
}

TEST(SpecPhalaRoute, QueueOnlyAndTheOwnersRateLimit) {
  Sys s = standard_system();
  auto route = [&](const Sys& w, const Address& caller, std::string payload) {
    return run<phala::RouteConfidentialJob>(w, at(caller, 10), u128(7), kOwner, payload, std::string("pk"));
  };
  expect_refused(route(s, kOwner, "p"), "NotQueue");
  auto r = route(s, kQueue, "p");
  ASSERT_TRUE(r.ok) << r.reason();
  EXPECT_TRUE(phala_of(r.post).jobs.get(1).value.queue_job.holds(7));
  EXPECT_EQ(phala_of(r.post).jobs.get(1).value.owner, kOwner);
  EXPECT_EQ(phala_of(r.post).rate.get_or_default(kOwner).count, 1u);  // the person, not the queue
  expect_refused(route(s, kQueue, ""), "EmptyPayload");
}

// --- record_attestation ------------------------------------------------------------------

// kOwner's standalone job 1, submitted at block 10 (created_at 60000).
Sys standalone() {
  return run<phala::SubmitConfidentialJob>(standard_system(), at(kOwner, 10), std::string("sealed"), std::string("pk"))
      .post;
}
Env<Concrete> at_ms(const Address& caller, u64 now) { return Env<Concrete>{caller, U256(0), u32(now / 6000), now}; }

TEST(SpecPhalaAttest, AnyoneRelaysATrustedWorkersAttestation) {
  Sys s = standalone();
  Attestation a = attest(2, 1, kH7, 61000);
  auto r = record(s, at_ms(kOther, 62000), a);
  ASSERT_TRUE(r.ok) << r.reason();
  auto stored = phala_of(r.post).attestations.get(1);
  ASSERT_TRUE(stored.some);
  EXPECT_EQ(stored.value, (JobAttestation<Concrete>{1, kH7, a.proof, a.key, 61000, 62000}));
  ASSERT_EQ(r.frames.size(), 1u);  // a standalone job: no queue, no escrow
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].name, "AttestationRecorded");
  EXPECT_EQ(r.events[0].fields, (leaves<ConcreteLeaf>(u128(1), a.key, kH7)));
  EXPECT_EQ(r.events[0].fields[1].width, 264u);  // a PubKey33 leaf keeps its 33 bytes
  EXPECT_EQ(r.events[0].fields[1].text.size(), 33u);
  // The boundaries: a timestamp equal to created_at, or to now; an age of exactly
  // MAX_ATTESTATION_AGE_MS.
  EXPECT_TRUE(record(s, at_ms(kOther, 60000), attest(1, 1, kH7, 60000)).ok);
  EXPECT_TRUE(record(s, at_ms(kOther, 60000 + kMaxAttestationAgeMs), attest(1, 1, kH7, 60000)).ok);
}

TEST(SpecPhalaAttest, ErrorsAtTheirFirstGuard) {
  Sys s = standalone();
  const u64 now = 62000;
  expect_refused(record(s, at_ms(kOther, now), attest(1, 2, kH7, 61000)), "NoSuchJob");
  Sys attested = record(s, at_ms(kOther, now), attest(1, 1, kH7, 61000)).post;
  expect_refused(record(attested, at_ms(kOther, now), attest(2, 1, hash(8), 61500)), "AlreadyAttested");
  expect_refused(record(s, at_ms(kOther, now), attest(3, 1, kH7, 61000)), "UntrustedWorker");  // valid, K3
  expect_refused(record(s, at_ms(kOther, now), attest(1, 1, hash(0), 61000)), "InvalidResultHash");
  expect_refused(record(s, at_ms(kOther, now), attest(1, 1, kH7, now + 1)), "FutureTimestamp");
  expect_refused(record(s, at_ms(kOther, now), attest(1, 1, kH7, 59999)), "TimestampBeforeJob");
  expect_refused(record(s, at_ms(kOther, 60000 + kMaxAttestationAgeMs + 1), attest(1, 1, kH7, 60000)),
                 "StaleAttestation");
  // InvalidSignature, every way: each attestation below passes every guard before it.
  Attestation good = attest(1, 1, kH7, 61000);
  Attestation wrong_hash = good, wrong_job = attest(1, 2, kH7, 61000), wrong_key = good, wrong_time = good,
              high_s = good, malformed = good, other_deployment = good;
  wrong_hash.result_hash = hash(8);
  wrong_job.job_id = 1;  // signed for job 2
  wrong_key.key = worker_key(2);
  wrong_time.timestamp = 61001;
  high_s.proof = crypto::high_s_twin(good.proof);
  malformed.proof.bytes[64] = 5;
  other_deployment.proof = sign_attestation(worker_secret(1), kQueue, 1, kH7, 61000);
  for (const Attestation* bad : {&wrong_hash, &wrong_job, &wrong_key, &wrong_time, &high_s, &malformed, &other_deployment})
    expect_refused(record(s, at_ms(kOther, now), *bad), "InvalidSignature");
  Attestation garbage = good;
  garbage.proof = Sig65{};
  expect_refused(record(s, at_ms(kOther, now), garbage), "InvalidSignature");
  EXPECT_TRUE(record(s, at_ms(kOther, now), good).ok);  // the control
}

TEST(SpecPhalaAttest, RevokingAKeyKeepsItsAttestations) {
  Sys s = record(standalone(), at_ms(kOther, 62000), attest(1, 1, kH7, 61000)).post;
  auto revoke = run<phala::SetTrustedWorker>(s, at(kAdmin, 11), worker_key(1), false);
  ASSERT_TRUE(revoke.ok) << revoke.reason();
  EXPECT_TRUE(phala_of(revoke.post).attestations.contains(1));
  Sys two = run<phala::SubmitConfidentialJob>(revoke.post, at(kOwner, 11), std::string("p"), std::string("k")).post;
  expect_refused(record(two, at_ms(kOther, 67000), attest(1, 2, kH7, 66000)), "UntrustedWorker");
}

// --- mark_job_processed, set_trusted_worker -------------------------------------------------

TEST(SpecPhalaProcessed, SuccessAndErrors) {
  Sys s = standalone();
  expect_refused(run<phala::MarkJobProcessed>(s, at(kOwner, 11), u128(2)), "NoSuchJob");
  expect_refused(run<phala::MarkJobProcessed>(s, at(kOther, 11), u128(1)), "NotOwner");
  expect_refused(run<phala::MarkJobProcessed>(s, at(kOwner, 11), u128(1)), "NoAttestation");
  Sys attested = record(s, at_ms(kOther, 62000), attest(1, 1, kH7, 61000)).post;
  auto r = run<phala::MarkJobProcessed>(attested, at(kOwner, 11), u128(1));
  ASSERT_TRUE(r.ok) << r.reason();
  EXPECT_TRUE(phala_of(r.post).jobs.get(1).value.processed);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].name, "JobProcessed");
  expect_refused(run<phala::MarkJobProcessed>(r.post, at(kOwner, 12), u128(1)), "AlreadyProcessed");
}

TEST(SpecPhalaTrustedWorker, AdminOnly) {
  Sys s = standard_system();
  EXPECT_TRUE(phala_of(s).trusted_workers.get_or_default(worker_key(1)));  // §2.3
  EXPECT_TRUE(phala_of(s).trusted_workers.get_or_default(worker_key(2)));
  EXPECT_FALSE(phala_of(s).trusted_workers.get_or_default(worker_key(3)));
  expect_refused(run<phala::SetTrustedWorker>(s, at(kOwner, 1), worker_key(3), true), "NotAdmin");
  auto r = run<phala::SetTrustedWorker>(s, at(kAdmin, 1), worker_key(3), true);
  ASSERT_TRUE(r.ok) << r.reason();
  EXPECT_TRUE(phala_of(r.post).trusted_workers.get_or_default(worker_key(3)));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].name, "TrustedWorkerSet");
  EXPECT_EQ(r.events[0].fields, (leaves<ConcreteLeaf>(worker_key(3), true)));
  // K3 trusted: its attestation now records.
  Sys j = run<phala::SubmitConfidentialJob>(r.post, at(kOwner, 10), std::string("p"), std::string("k")).post;
  EXPECT_TRUE(record(j, at_ms(kOther, 62000), attest(3, 1, kH7, 61000)).ok);
}

// --- reads -----------------------------------------------------------------------------------

TEST(SpecPhalaReads, AnswerFromState) {
  Sys s = record(standalone(), at_ms(kOther, 62000), attest(1, 1, kH7, 61000)).post;
  auto read = [&](auto r) {
    EXPECT_TRUE(r.ok) << r.reason();
    EXPECT_TRUE(r.events.empty());
    return r.returned;
  };
  EXPECT_EQ(read(run<phala::GetConfidentialJob>(s, at(kOther, 11), u128(1))),
            leaves<ConcreteLeaf>(phala_of(s).jobs.get(1)));
  EXPECT_EQ(read(run<phala::GetConfidentialJob>(s, at(kOther, 11), u128(2))),
            leaves<ConcreteLeaf>(Option<Concrete, ConfidentialJob<Concrete>>::none()));
  EXPECT_EQ(read(run<phala::GetAttestation>(s, at(kOther, 11), u128(1))),
            leaves<ConcreteLeaf>(phala_of(s).attestations.get(1)));
  EXPECT_EQ(read(run<phala::GetJobCounter>(s, at(kOther, 11))), leaves<ConcreteLeaf>(u128(1)));
  EXPECT_EQ(read(run<phala::VerifyAttestation>(s, at(kOther, 11), u128(1))), leaves<ConcreteLeaf>(true));
  EXPECT_EQ(read(run<phala::VerifyAttestation>(s, at(kOther, 11), u128(2))), leaves<ConcreteLeaf>(false));
  EXPECT_EQ(read(run<phala::IsTrustedWorker>(s, at(kOther, 11), worker_key(2))), leaves<ConcreteLeaf>(true));
  EXPECT_EQ(read(run<phala::IsTrustedWorker>(s, at(kOther, 11), worker_key(3))), leaves<ConcreteLeaf>(false));
  // §9 C5: the stored window, even when a new one would open.
  EXPECT_EQ(read(run<phala::GetRateWindow>(s, at(kOther, 500), kOwner)),
            leaves<ConcreteLeaf>(RateWindow<Concrete>{10, 1}));
  EXPECT_EQ(read(run<phala::GetRateWindow>(s, at(kOther, 11), kOther)), leaves<ConcreteLeaf>(RateWindow<Concrete>{}));
  EXPECT_EQ(read(run<phala::GetAdmin>(s, at(kOther, 11))), leaves<ConcreteLeaf>(kAdmin));
}

// --- the private flow of §4, end to end ------------------------------------------------------

TEST(SpecPhalaPrivateFlow, AttestationCompletesTheJobAndReleasesItsEscrow) {
  Sys s = private_job_in_progress();
  ASSERT_TRUE(phala_of(s).jobs.get(1).value.queue_job.holds(1));
  EXPECT_EQ(s.slot<PaymentEscrow>().balance, U256(2000));
  // The worker signs at block 5; anyone relays it at block 6.
  Attestation a = attest(1, 1, hash(9), 5 * 6000);
  auto r = record(s, at(kOther, 6), a);
  ASSERT_TRUE(r.ok) << r.reason();
  // phala → queue.complete_attested; phala → escrow.release_payment → queue.get_job.
  ASSERT_EQ(r.frames.size(), 4u);
  EXPECT_EQ(r.frames[0].message, "record_attestation");
  EXPECT_EQ(r.frames[1].message, "complete_attested");
  EXPECT_EQ(r.frames[1].caller, kPhala);
  EXPECT_EQ(r.frames[2].message, "release_payment");
  EXPECT_EQ(r.frames[2].caller, kPhala);
  EXPECT_EQ(r.frames[3].message, "get_job");
  EXPECT_EQ(r.frames[3].caller, kEscrow);
  EXPECT_EQ(r.frames[3].depth, 2u);
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[0].contract, "ai_job_queue");
  EXPECT_EQ(r.events[0].name, "JobCompleted");
  EXPECT_EQ(r.events[1].contract, "payment_escrow");
  EXPECT_EQ(r.events[1].name, "PaymentReleased");
  EXPECT_EQ(r.events[2].contract, "phala_job_processor");
  EXPECT_EQ(r.events[2].name, "AttestationRecorded");
  // The provider gets the price, the owner the rest of the budget.
  ASSERT_EQ(r.transfers.size(), 2u);
  EXPECT_EQ(r.transfers[0].to, kProv);
  EXPECT_EQ(r.transfers[0].amount, U256(1500));
  EXPECT_EQ(r.transfers[1].to, kOwner);
  EXPECT_EQ(r.transfers[1].amount, U256(500));
  EXPECT_EQ(r.post.slot<PaymentEscrow>().balance, U256(0));
  EXPECT_EQ(r.post.slot<PhalaJobProcessor>().balance, U256(0));
  auto job = r.post.slot<AiJobQueue>().state.jobs.get(1).value;
  EXPECT_EQ(job.status, JobStatus::Completed);
  EXPECT_TRUE(job.result_hash.holds(hash(9)));
  EXPECT_EQ(r.post.slot<PaymentEscrow>().state.jobs.get(1).value.status, EscrowStatus::Released);

  // After: one attestation per job; the owner acknowledges; governance cannot reopen a paid job.
  Sys done = r.post;
  expect_refused(record(done, at(kOther, 7), attest(2, 1, hash(9), 6 * 6000)), "AlreadyAttested");
  EXPECT_TRUE(run<phala::MarkJobProcessed>(done, at(kOwner, 7), u128(1)).ok);
  expect_refused(run<ai_job_queue::DisputeJob>(done, at(kOwner, 7), u128(1)), "AlreadyPaid");
  expect_refused(run<payment_escrow::ReleasePayment>(done, at(kVerifier, 7), u128(1), kProv), "NotLocked");
}

TEST(SpecPhalaPrivateFlow, TheQueueRefusingRevertsTheAttestation) {
  // Not yet in progress: complete_attested refuses, so nothing of the attestation stays.
  Sys s = private_job_in_progress();
  Sys assigned = s;
  {
    auto j = assigned.slot<AiJobQueue>().state.jobs.get(1).value;
    j.status = JobStatus::Assigned;
    assigned.slot<AiJobQueue>().state.jobs.set(1, j);
  }
  auto early = record(assigned, at(kOther, 6), attest(1, 1, hash(9), 5 * 6000));
  expect_refused(early, "CalleeFailed");
  EXPECT_EQ(early.reason(), "Error::CalleeFailed (ai_job_queue.complete_attested: WrongStatus)");
  EXPECT_FALSE(phala_of(early.post).attestations.contains(1));
  // Past the deadline the attestation cannot complete the job; the owner's refund path is
  // expire_job.
  auto late = record(s, at(kOther, 50), attest(1, 1, hash(9), 49 * 6000));
  EXPECT_EQ(late.reason(), "Error::CalleeFailed (ai_job_queue.complete_attested: DeadlinePassed)");
  auto expired = run<ai_job_queue::ExpireJob>(s, at(kOther, 50), u128(1));
  ASSERT_TRUE(expired.ok) << expired.reason();
  EXPECT_EQ(expired.transfers.at(0).to, kOwner);
  EXPECT_EQ(expired.transfers.at(0).amount, U256(2000));
}

}  // namespace
}  // namespace meshcheck::model::spec
