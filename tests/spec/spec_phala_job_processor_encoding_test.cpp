// phala_job_processor's Z3 encoding against its model: random submissions, trust changes,
// attestations of every kind (valid, untrusted, zero hash, future, before the job, stale,
// wrong hash, job, key or deployment, high-S, malformed), acknowledgements and reads, and
// private jobs of the queue whose attestation completes them and releases their escrow
// (nested calls phala → queue, phala → escrow → queue). Each call is run by both
// interpreters of the one text (agreement.hpp), with the symbolic sig_ok fixed to
// libsecp256k1's answer at the call's values.
#include <gtest/gtest.h>

#include <string>

#include "campaign.hpp"
#include "mutant_agreement.hpp"
#include "phala_fixture.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace testing;
using namespace phala_job_processor;

struct Campaign : AgreementCampaign<Sys> {
  Campaign() : AgreementCampaign(13, standard_system()) {}
  u64 now = 60000;
  int routed_attestations = 0;  // ok attestations that completed a queue job

  Env<Concrete> env(const Address& caller) { return Env<Concrete>{caller, U256(0), u32(now / 6000), now}; }
  Address user() { return pick({kOwner, kOwner, kOther}); }
  u128 job() { return u128(1 + rng() % (world.slot<PhalaJobProcessor>().state.job_counter + 1)); }
  u64 created(u128 id) { return world.slot<PhalaJobProcessor>().state.jobs.get(id).value.created_at; }

  // Steps the campaign does not check (the queue's and the registry's own campaigns do).
  template <class Msg, class... A> void setup(const Env<Concrete>& e, const A&... args) {
    auto r = ConcreteExec<Sys>::run<Msg>(world, e, args...);
    if (r.ok) world = r.post;
  }

  // A private job of the queue, in progress, assigned to kProv: its phala job's id.
  u128 private_job() {
    u128 q = world.slot<AiJobQueue>().state.job_counter + 1;
    setup<ai_job_queue::SubmitJob>(Env<Concrete>{kOwner, U256(2000), u32(now / 6000), now}, std::string("m"), std::string("d"), NoNft::none(),
                                   ComputeType::PhalaTee, u32(now / 6000 + 40), true, std::string("s"), std::string("k"));
    if (!world.slot<ComputeProviderRegistry>().state.providers.contains(kProv))
      setup<compute_provider_registry::RegisterProvider>(Env<Concrete>{kProv, U256(5000), u32(now / 6000), now},
                                                         std::string("tee"), u8(4), u128(1));
    setup<compute_provider_registry::SubmitBid>(env(kProv), q, pick<u128>({1500, 2000}), SlaCommitment<Concrete>{5, 0});
    setup<ai_job_queue::AssignProvider>(env(kOwner), q, kProv);
    if (rng() % 4) setup<ai_job_queue::MarkInProgress>(env(kProv), q);  // else complete_attested refuses
    return world.slot<AiJobQueue>().state.jobs.get(q).value.confidential_id.value;
  }

  // An attestation of job `id` of a random kind.
  Attestation attestation(u128 id) {
    u64 ts = std::max(created(id), now - std::min<u64>(now, 1000));
    switch (rng() % 15) {
      case 11: return attest(1, id, hash(7), created(id));                 // stale once the clock moved on
      case 0: return attest(3, id, hash(7), ts);                           // untrusted
      case 1: return attest(1, id, hash(0), ts);                           // zero hash
      case 2: return attest(1, id, hash(7), now + 1);                      // future
      case 3: return attest(1, id, hash(7), created(id) - std::min<u64>(created(id), 1));  // before the job
      case 4: {                                                            // wrong hash
        Attestation a = attest(2, id, hash(7), ts);
        a.result_hash = hash(8);
        return a;
      }
      case 5: {                                                            // signed for another job
        Attestation a = attest(1, id + 1, hash(7), ts);
        a.job_id = id;
        return a;
      }
      case 6: {                                                            // another key claimed
        Attestation a = attest(1, id, hash(7), ts);
        a.key = worker_key(2);
        return a;
      }
      case 7: {
        Attestation a = attest(1, id, hash(7), ts);
        a.proof = crypto::high_s_twin(a.proof);
        return a;
      }
      case 8: {
        Attestation a = attest(2, id, hash(7), ts);
        a.proof.bytes[64] = pick<u8>({2, 29, 0xff});
        return a;
      }
      case 9: {                                                            // another deployment's
        Attestation a = attest(1, id, hash(7), ts);
        a.proof = sign_attestation(worker_secret(1), kQueue, id, hash(7), ts);
        return a;
      }
      case 10: {
        Attestation a = attest(1, id, hash(7), ts);
        a.proof = Sig65{};
        return a;
      }
      default: return attest(pick({1, 2}), id, hash(pick<u8>({7, 9})), ts);  // valid
    }
  }

  void record_checked(const Attestation& a) {
    u64 before = world.slot<PhalaJobProcessor>().state.attestations.contains(a.job_id);
    call<RecordAttestation>(env(pick({kOther, kProv, kOwner})), a.job_id, a.result_hash, a.timestamp, a.key, a.proof);
    if (!before && world.slot<PhalaJobProcessor>().state.attestations.contains(a.job_id) &&
        world.slot<PhalaJobProcessor>().state.jobs.get(a.job_id).value.queue_job.some)
      ++routed_attestations;
  }

  void step() {
    if (rng() % 3 == 0) now += pick<u64>({2000, 6000, kMaxAttestationAgeMs});
    switch (rng() % 10) {
      case 0: {  // a burst, into the rate limit
        Address who = user();
        for (int n = 1 + int(rng() % 4); n > 0; --n)
          call<SubmitConfidentialJob>(env(who), std::string(pick<const char*>({"p", "p", "", "p"})),
                                      std::string(pick<const char*>({"k", "k", "k", ""})));
        break;
      }
      case 1:
        call<RouteConfidentialJob>(env(pick({kQueue, kOwner})), u128(rng() % 3), user(), std::string("p"),
                                   std::string("k"));
        break;
      case 2: {  // a private job of the queue: its attestation completes it (or the queue refuses)
        u128 id = private_job();
        record_checked(rng() % 2 ? attestation(id) : attest(1, id, hash(9), now));
        break;
      }
      case 3:
      case 4:
      case 5: record_checked(attestation(job())); break;
      case 6: {
        Address who = user();
        u128 id = job();
        for (int n = 1 + int(rng() % 2); n > 0; --n) call<MarkJobProcessed>(env(who), id);
        break;
      }
      // K1 stays trusted (most attestations are K1's); K2 comes and goes, K3 too.
      case 7: call<SetTrustedWorker>(env(pick({kAdmin, kAdmin, kOther})), worker_key(pick({2, 3})), bool(rng() % 3)); break;
      case 8: {
        u128 id = job();
        if (world.slot<PhalaJobProcessor>().state.attestations.contains(id)) {
          auto a = world.slot<PhalaJobProcessor>().state.attestations.get(id).value;
          record_checked(Attestation{id, a.result_hash, a.timestamp, a.tee_worker_pubkey, a.attestation_proof});  // a replay
        } else {
          call<GetAttestation>(env(kOther), id);
        }
        break;
      }
      default:
        switch (rng() % 4) {
          case 0: call<VerifyAttestation>(env(kOther), job()); break;
          case 1: call<IsTrustedWorker>(env(kOther), worker_key(pick({1, 3}))); break;
          case 2: call<GetRateWindow>(env(kOther), user()); break;
          default: call<GetConfidentialJob>(env(kOther), job());
        }
    }
  }
};

TEST(SpecPhalaEncoding, AgreesWithTheModelOnRandomCalls) {
  Campaign c;
  for (int i = 0; i < 300 && c.failure.empty(); ++i) {
    if (i % 50 == 0) {
      c.world = standard_system();
      c.now = 60000;
    }
    c.step();
  }
  c.expect_agreed_and_reached(
      {"submit_confidential_job: ok", "submit_confidential_job: EmptyPayload", "submit_confidential_job: EmptyPublicKey",
       "submit_confidential_job: RateLimited", "route_confidential_job: ok", "route_confidential_job: NotQueue",
       "record_attestation: ok", "record_attestation: NoSuchJob", "record_attestation: AlreadyAttested",
       "record_attestation: UntrustedWorker", "record_attestation: InvalidResultHash",
       "record_attestation: FutureTimestamp", "record_attestation: TimestampBeforeJob",
       "record_attestation: StaleAttestation", "record_attestation: InvalidSignature",
       "record_attestation: CalleeFailed", "mark_job_processed: ok", "mark_job_processed: NotOwner",
       "mark_job_processed: NoAttestation", "mark_job_processed: AlreadyProcessed", "set_trusted_worker: ok",
       "set_trusted_worker: NotAdmin"});
  EXPECT_GT(c.routed_attestations, 0) << "no attestation completed a queue job";
}

// R9's `len` is the UTF-8 byte length in both interpreters: Z3 takes each byte of a lifted
// string as one character, so str.len counts bytes ("é" is 2).
TEST(SpecPhalaEncoding, PayloadLimitCountsBytes) {
  const std::string e_acute = "\xc3\xa9";
  for (std::size_t ascii : {kMaxPayloadLen - 2, kMaxPayloadLen - 1}) {
    std::string payload = std::string(ascii, 'p') + e_acute;
    std::string branch;
    EXPECT_EQ(check_agreement<SubmitConfidentialJob>(standard_system(), at(kOwner, 10), &branch, payload,
                                                     std::string("k")),
              "");
    EXPECT_EQ(branch, payload.size() <= kMaxPayloadLen ? "ok" : "PayloadTooLarge") << payload.size() << " bytes";
  }
}

// Issue 15: every spec mutant of phala_job_processor changes both interpreters alike (a shorter
// campaign, run once unmutated and once under each mutant).
TEST(SpecPhalaEncoding, AgreesUnderEveryMutantOfTheContract) {
  expect_agreement_under_mutants("phala_job_processor", [] {
    Campaign c;
    for (int i = 0; i < 100 && c.failure.empty(); ++i) {
      if (i % 50 == 0) {
        c.world = standard_system();
        c.now = 60000;
      }
      c.step();
    }
    return CampaignOutcome{c.failure, c.branches};
  });
}

}  // namespace
}  // namespace meshcheck::model::spec
