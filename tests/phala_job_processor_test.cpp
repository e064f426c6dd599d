// phala_job_processor (profile `deployed`, ink! 5): every message's success branch and
// every `return false` branch, the payable rules, every event field, and the full values
// of the read-only messages, against the deployed Rust source.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "model/phala_job_processor.hpp"
#include "support/harness.hpp"
#include "support/non_payable_ink5_suite.hpp"

using namespace meshcheck;
using namespace meshcheck::testing;
namespace pjp = meshcheck::model::deployed::phala_job_processor;

namespace {

constexpr u8 kContractFill = 0xC0;
const Address kContract = account(kContractFill);
const Address kAlice = account(0x01);  // the deployer, hence the admin
const Address kBob = account(0x02);
const Address kCharlie = account(0x03);
const Address kDave = account(0x04);

Value U(const u128& v) { return Value(v); }

// A ConfidentialJob as get_job returns it (inside the Option).
Value job_value(const u128& id, const Address& owner, const std::string& payload, const std::string& key,
                u64 created_at, bool processed) {
  return Value::seq({U(id), owner, payload, key, created_at, processed});
}

// A JobAttestation as get_attestation returns it (inside the Option).
Value attestation_value(const u128& id, const std::string& hash, const std::string& proof, const std::string& worker,
                        u64 timestamp) {
  return Value::seq({U(id), hash, proof, worker, timestamp});
}

struct Phala : Harness {
  Phala() { deploy("phala_job_processor", kContract, kAlice); }

  CallResult submit(const Address& caller, const std::string& payload, const std::string& key) {
    return call(kContract, caller, "submit_confidential_job", {payload, key});
  }
  CallResult attest(const Address& caller, const u128& job_id, const std::string& hash, const std::string& proof,
                    const std::string& worker) {
    return call(kContract, caller, "record_attestation", {U(job_id), hash, proof, worker});
  }
  CallResult mark(const Address& caller, const u128& job_id) {
    return call(kContract, caller, "mark_job_processed", {U(job_id)});
  }
  Value get_job(const u128& id) { return read(kContract, "get_job", {U(id)}); }
  Value get_attestation(const u128& id) { return read(kContract, "get_attestation", {U(id)}); }
  Value counter() { return read(kContract, "get_job_counter"); }
  Value verify(const u128& id) { return read(kContract, "verify_attestation", {U(id)}); }
  const pjp::State& st() const { return state<pjp::State>(kContract); }
};

// Arguments of the right types for every message, to send value to each.
std::vector<Value> sample_args(const std::string& label) {
  if (label == "submit_confidential_job") return {Value("p"), Value("k")};
  if (label == "record_attestation") return {U(1), Value("h"), Value("p"), Value("w")};
  if (label == "get_job_counter") return {};
  return {U(1)};  // get_job, get_attestation, verify_attestation, mark_job_processed
}

// phala_job_processor for the shared suite (support/non_payable_ink5_suite.hpp): its spec
// and its payable and address-width rules.
struct PhalaContract {
  using Fixture = Phala;
  static constexpr std::string_view kName = "phala_job_processor";
  static constexpr u8 kAddressFill = kContractFill;
  static const model::ContractSpec& spec() { return pjp::spec(); }
  static inline const std::vector<std::string> kMessages{
      "submit_confidential_job", "record_attestation", "get_job",           "get_attestation",
      "get_job_counter",         "verify_attestation", "mark_job_processed"};
  static inline const std::vector<std::string> kMutating{"submit_confidential_job", "record_attestation",
                                                         "mark_job_processed"};
  static inline const std::vector<std::pair<std::string, std::string>> kIdEvents{
      {"JobSubmitted", "job_id"}, {"AttestationRecorded", "job_id"}, {"JobProcessed", "job_id"}};
  static std::vector<Value> sample_args(const std::string& label) { return ::sample_args(label); }
  static inline const Address kPayer = kCharlie;
  static void fill(Phala& h) {
    h.submit(kBob, "d", "k");
    h.attest(kBob, 1, "h", "p", "w");
  }
  static void expect_filled(Phala& h) { EXPECT_EQ(h.counter(), U(1)); }
  static constexpr u8 kH160CallerFill = 0x02;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Phala, NonPayableInk5Contract, PhalaContract);

// ---------------------------------------------------------------- spec / constructor

TEST(PhalaConstructor, SetsAdminToDeployerAndCounterToZero) {
  Phala h;
  EXPECT_EQ(h.st().admin, kAlice);
  EXPECT_EQ(h.st().job_counter, u128(0));
  EXPECT_EQ(h.counter(), U(0));
  EXPECT_EQ(h.get_job(0), Value::none());
  EXPECT_EQ(h.get_job(1), Value::none());
  EXPECT_EQ(h.balance(kContract), U256(0));
}

// ---------------------------------------------------------------- submit_confidential_job

TEST(PhalaSubmitConfidentialJob, AssignsSequentialIdsFromOne) {
  Phala h;
  for (unsigned i = 1; i <= 3; ++i) {
    auto r = h.submit(kBob, "data" + std::to_string(i), "key" + std::to_string(i));
    ASSERT_FALSE(r.outcome.reverted) << r.outcome.reason;
    EXPECT_EQ(r.outcome.returned, U(i));
    expect_single_event(r, "JobSubmitted", {U(i)});
    EXPECT_TRUE(r.transfers.empty());
    EXPECT_EQ(h.counter(), U(i));
  }
}

TEST(PhalaSubmitConfidentialJob, StoresTheFullJobWithCallerAndCallTimestamp) {
  Phala h;
  h.timestamp = 12345;
  auto r = h.submit(kBob, "encrypted_data_123", "public_key_abc");
  ASSERT_FALSE(r.outcome.reverted);
  EXPECT_EQ(r.outcome.returned, U(1));
  h.timestamp = 20000;
  auto r2 = h.submit(kCharlie, "other", "pk2");
  EXPECT_EQ(r2.outcome.returned, U(2));

  EXPECT_EQ(h.get_job(1), Value::some(job_value(1, kBob, "encrypted_data_123", "public_key_abc", 12345, false)));
  EXPECT_EQ(h.get_job(2), Value::some(job_value(2, kCharlie, "other", "pk2", 20000, false)));
  EXPECT_EQ(h.get_job(3), Value::none());
  EXPECT_EQ(h.get_attestation(1), Value::none());
}

TEST(PhalaSubmitConfidentialJob, AcceptsEmptyStringsAndAdminAsCaller) {
  Phala h;
  auto r = h.submit(kAlice, "", "");
  EXPECT_EQ(r.outcome.returned, U(1));
  EXPECT_EQ(h.get_job(1), Value::some(job_value(1, kAlice, "", "", 6000, false)));
}

TEST(PhalaSubmitConfidentialJob, JobCounterSaturatesAndTheSaturatedIdOverwritesTheExistingJob) {
  // Deployed behaviour: job_counter.saturating_add(1) stays at u128::MAX, so every
  // submission at the cap reuses id u128::MAX and replaces the job stored there.
  model::CallEnv env{kBob, kContract, U256(0), 5, 7000, U256(0)};
  pjp::State s = pjp::construct(env);
  s.job_counter = kU128Max - 1;

  model::Ctx ctx1(env);
  EXPECT_EQ(pjp::submit_confidential_job(s, ctx1, "first", "k1"), kU128Max);
  EXPECT_EQ(s.job_counter, kU128Max);
  ASSERT_EQ(ctx1.events.size(), 1u);
  EXPECT_EQ(ctx1.events[0].spec->name, "JobSubmitted");
  EXPECT_EQ(ctx1.events[0].fields, (std::vector<Value>{U(kU128Max)}));
  ASSERT_NE(s.jobs.find(kU128Max), nullptr);
  EXPECT_EQ(*s.jobs.find(kU128Max), (pjp::ConfidentialJob{kU128Max, kBob, "first", "k1", 7000, false}));

  // An attestation for the job at u128::MAX, then a second submission at the cap.
  model::Ctx ctxa(env);
  EXPECT_TRUE(pjp::record_attestation(s, ctxa, kU128Max, "h", "p", "w"));

  model::CallEnv env2{kCharlie, kContract, U256(0), 6, 8000, U256(0)};
  model::Ctx ctx2(env2);
  EXPECT_EQ(pjp::submit_confidential_job(s, ctx2, "second", "k2"), kU128Max);
  EXPECT_EQ(s.job_counter, kU128Max);
  ASSERT_EQ(ctx2.events.size(), 1u);
  EXPECT_EQ(ctx2.events[0].fields, (std::vector<Value>{U(kU128Max)}));
  ASSERT_NE(s.jobs.find(kU128Max), nullptr);
  EXPECT_EQ(*s.jobs.find(kU128Max), (pjp::ConfidentialJob{kU128Max, kCharlie, "second", "k2", 8000, false}));
  EXPECT_EQ(s.jobs.find(kU128Max - 1), nullptr);
  // The old attestation stays under the reused id and now vouches for the new job.
  ASSERT_NE(s.attestations.find(kU128Max), nullptr);
  EXPECT_EQ(s.attestations.find(kU128Max)->result_hash, "h");
  model::Ctx ctxm(env2);
  EXPECT_TRUE(pjp::mark_job_processed(s, ctxm, kU128Max));
  EXPECT_TRUE(s.jobs.find(kU128Max)->processed);
}

TEST(PhalaSubmitConfidentialJob, SaturatedSubmissionThroughTheDispatcherDoesNotRevert) {
  model::CallEnv env{kDave, kContract, U256(0), 5, 9000, U256(0)};
  auto s = std::make_shared<pjp::State>(pjp::construct(env));
  s->job_counter = kU128Max;
  model::StatePtr before = s;
  std::vector<Value> args{Value("x"), Value("y")};
  model::MessageResult step = model::run_message(*pjp::spec().message("submit_confidential_job"), before, env, args);
  ASSERT_FALSE(step.outcome.reverted) << step.outcome.reason;
  EXPECT_EQ(step.outcome.returned, U(kU128Max));
  ASSERT_EQ(step.events.size(), 1u);
  EXPECT_EQ(step.events[0].fields, (std::vector<Value>{U(kU128Max)}));
  const auto& after = dynamic_cast<const pjp::State&>(*step.state);
  EXPECT_EQ(after.job_counter, kU128Max);
  EXPECT_EQ(*after.jobs.find(kU128Max), (pjp::ConfidentialJob{kU128Max, kDave, "x", "y", 9000, false}));
  // The input state is untouched.
  EXPECT_EQ(s->jobs.find(kU128Max), nullptr);
}

// ---------------------------------------------------------------- record_attestation

TEST(PhalaRecordAttestation, MissingJobReturnsFalseWithNoEventAndNoStateChange) {
  Phala h;
  World before = h.world;
  auto r = h.attest(kBob, 999, "result", "proof", "worker");
  ASSERT_FALSE(r.outcome.reverted);
  EXPECT_EQ(r.outcome.returned, Value(false));
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(h.world == before);
  EXPECT_EQ(h.get_attestation(999), Value::none());
  EXPECT_EQ(h.verify(999), Value(false));
}

TEST(PhalaRecordAttestation, JobIdZeroIsMissingEvenAfterSubmissions) {
  Phala h;
  h.submit(kBob, "d", "k");
  World before = h.world;
  auto r = h.attest(kBob, 0, "h", "p", "w");
  EXPECT_EQ(r.outcome.returned, Value(false));
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(h.world == before);
}

TEST(PhalaRecordAttestation, StoresTheFullAttestationWithCallTimestampAndEmitsEvent) {
  Phala h;
  h.submit(kBob, "encrypted_data", "public_key");
  h.timestamp = 31000;
  auto r = h.attest(kBob, 1, "result_hash_123", "attestation_proof_456", "worker_pubkey_789");
  ASSERT_FALSE(r.outcome.reverted);
  EXPECT_EQ(r.outcome.returned, Value(true));
  expect_single_event(r, "AttestationRecorded", {U(1)});
  EXPECT_EQ(h.get_attestation(1), Value::some(attestation_value(1, "result_hash_123", "attestation_proof_456",
                                                                "worker_pubkey_789", 31000)));
  // The job itself is not touched by an attestation.
  EXPECT_EQ(h.get_job(1), Value::some(job_value(1, kBob, "encrypted_data", "public_key", 6000, false)));
}

TEST(PhalaRecordAttestation, AnyoneMayRecordNotOnlyAdminOrOwner) {
  Phala h;
  h.submit(kBob, "d", "k");  // owner bob, admin alice
  auto r = h.attest(kCharlie, 1, "h", "p", "w");
  EXPECT_EQ(r.outcome.returned, Value(true));
  expect_single_event(r, "AttestationRecorded", {U(1)});
  EXPECT_EQ(h.verify(1), Value(true));
  EXPECT_EQ(h.get_attestation(1), Value::some(attestation_value(1, "h", "p", "w", 6000)));
}

TEST(PhalaRecordAttestation, SecondAttestationReplacesTheFirstAndEmitsAgain) {
  Phala h;
  h.submit(kBob, "data", "key");
  h.timestamp = 7000;
  auto r1 = h.attest(kCharlie, 1, "hash1", "proof1", "worker_pubkey_1");
  EXPECT_EQ(r1.outcome.returned, Value(true));
  expect_single_event(r1, "AttestationRecorded", {U(1)});

  h.timestamp = 8000;
  auto r2 = h.attest(kDave, 1, "hash2", "proof2", "worker_pubkey_2");
  EXPECT_EQ(r2.outcome.returned, Value(true));
  expect_single_event(r2, "AttestationRecorded", {U(1)});
  EXPECT_EQ(h.get_attestation(1), Value::some(attestation_value(1, "hash2", "proof2", "worker_pubkey_2", 8000)));
}

TEST(PhalaRecordAttestation, AttestationAfterProcessingIsStillAcceptedAndKeepsJobProcessed) {
  Phala h;
  h.submit(kBob, "d", "k");
  h.attest(kBob, 1, "h1", "p1", "w1");
  EXPECT_EQ(h.mark(kBob, 1).outcome.returned, Value(true));
  auto r = h.attest(kCharlie, 1, "h2", "p2", "w2");
  EXPECT_EQ(r.outcome.returned, Value(true));
  expect_single_event(r, "AttestationRecorded", {U(1)});
  EXPECT_EQ(h.get_job(1), Value::some(job_value(1, kBob, "d", "k", 6000, true)));
  EXPECT_EQ(h.get_attestation(1), Value::some(attestation_value(1, "h2", "p2", "w2", 6000)));
}

TEST(PhalaRecordAttestation, AttestsOnlyTheNamedJob) {
  Phala h;
  h.submit(kBob, "a", "ka");
  h.submit(kBob, "b", "kb");
  EXPECT_EQ(h.attest(kBob, 2, "h", "p", "w").outcome.returned, Value(true));
  EXPECT_EQ(h.verify(1), Value(false));
  EXPECT_EQ(h.verify(2), Value(true));
  EXPECT_EQ(h.get_attestation(1), Value::none());
}

// ---------------------------------------------------------------- mark_job_processed

TEST(PhalaMarkJobProcessed, MissingJobReturnsFalseWithNoEventAndNoStateChange) {
  Phala h;
  World before = h.world;
  auto r = h.mark(kAlice, 999);
  ASSERT_FALSE(r.outcome.reverted);
  EXPECT_EQ(r.outcome.returned, Value(false));
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(h.world == before);
}

TEST(PhalaMarkJobProcessed, WithoutAttestationReturnsFalseAndLeavesJobUnprocessed) {
  Phala h;
  h.submit(kBob, "data", "key");
  World before = h.world;
  auto r = h.mark(kBob, 1);
  ASSERT_FALSE(r.outcome.reverted);
  EXPECT_EQ(r.outcome.returned, Value(false));
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(h.world == before);
  EXPECT_EQ(h.get_job(1), Value::some(job_value(1, kBob, "data", "key", 6000, false)));
}

TEST(PhalaMarkJobProcessed, WithAttestationSetsProcessedAndEmitsEvent) {
  Phala h;
  h.submit(kBob, "data", "key");
  h.attest(kCharlie, 1, "hash", "proof", "worker");
  auto r = h.mark(kBob, 1);
  ASSERT_FALSE(r.outcome.reverted);
  EXPECT_EQ(r.outcome.returned, Value(true));
  expect_single_event(r, "JobProcessed", {U(1)});
  EXPECT_EQ(h.get_job(1), Value::some(job_value(1, kBob, "data", "key", 6000, true)));
  // The attestation is not consumed.
  EXPECT_EQ(h.get_attestation(1), Value::some(attestation_value(1, "hash", "proof", "worker", 6000)));
}

TEST(PhalaMarkJobProcessed, AnyoneMayMarkAnAttestedJob) {
  Phala h;
  h.submit(kBob, "data", "key");
  h.attest(kBob, 1, "hash", "proof", "worker");
  auto r = h.mark(kDave, 1);  // neither admin nor owner
  EXPECT_EQ(r.outcome.returned, Value(true));
  expect_single_event(r, "JobProcessed", {U(1)});
  EXPECT_EQ(h.st().jobs.find(u128(1))->processed, true);
}

TEST(PhalaMarkJobProcessed, ProcessingTwiceIsAllowedAndEmitsTwice) {
  Phala h;
  h.submit(kBob, "data", "key");
  h.attest(kBob, 1, "hash", "proof", "worker");
  auto r1 = h.mark(kBob, 1);
  EXPECT_EQ(r1.outcome.returned, Value(true));
  expect_single_event(r1, "JobProcessed", {U(1)});
  World after_first = h.world;
  auto r2 = h.mark(kBob, 1);
  EXPECT_EQ(r2.outcome.returned, Value(true));
  expect_single_event(r2, "JobProcessed", {U(1)});
  EXPECT_TRUE(h.world == after_first);  // the job is already processed: same state
  EXPECT_EQ(h.get_job(1), Value::some(job_value(1, kBob, "data", "key", 6000, true)));
}

TEST(PhalaMarkJobProcessed, OnlyTheNamedJobIsProcessed) {
  Phala h;
  for (int i = 0; i < 5; ++i) h.submit(kBob, "data_" + std::to_string(i), "key_" + std::to_string(i));
  for (unsigned id = 1; id <= 5; ++id) h.attest(kBob, id, "h", "p", "w");
  for (unsigned id : {1u, 3u, 5u}) EXPECT_EQ(h.mark(kBob, id).outcome.returned, Value(true));
  for (unsigned id = 1; id <= 5; ++id)
    EXPECT_EQ(h.get_job(id), Value::some(job_value(id, kBob, "data_" + std::to_string(id - 1),
                                                   "key_" + std::to_string(id - 1), 6000, id % 2 == 1)))
        << id;
}

// ---------------------------------------------------------------- read-only messages

TEST(PhalaGetJob, ReturnsNoneForMissingAndSomeFullStructForExisting) {
  Phala h;
  EXPECT_EQ(h.get_job(1), Value::none());
  h.timestamp = 6500;
  h.submit(kCharlie, "secret", "pk");
  EXPECT_EQ(h.get_job(1), Value::some(job_value(1, kCharlie, "secret", "pk", 6500, false)));
  EXPECT_EQ(h.get_job(0), Value::none());
  EXPECT_EQ(h.get_job(2), Value::none());
  EXPECT_EQ(h.get_job(kU128Max), Value::none());
}

TEST(PhalaGetAttestation, ReturnsNoneForMissingAndSomeFullStructForExisting) {
  Phala h;
  h.submit(kBob, "d", "k");
  EXPECT_EQ(h.get_attestation(1), Value::none());
  h.timestamp = 9999;
  h.attest(kBob, 1, "rh", "ap", "tw");
  EXPECT_EQ(h.get_attestation(1), Value::some(attestation_value(1, "rh", "ap", "tw", 9999)));
  EXPECT_EQ(h.get_attestation(2), Value::none());
}

TEST(PhalaGetJobCounter, CountsSubmissionsOnlyNotFailedCalls) {
  Phala h;
  EXPECT_EQ(h.counter(), U(0));
  h.submit(kBob, "a", "b");
  h.attest(kBob, 5, "h", "p", "w");  // false
  h.mark(kBob, 1);                   // false: no attestation
  EXPECT_EQ(h.counter(), U(1));
  h.submit(kCharlie, "c", "d");
  EXPECT_EQ(h.counter(), U(2));
}

TEST(PhalaVerifyAttestation, FalseBeforeAndTrueAfterRecording) {
  Phala h;
  EXPECT_EQ(h.verify(1), Value(false));
  h.submit(kBob, "data", "key");
  EXPECT_EQ(h.verify(1), Value(false));
  h.attest(kBob, 1, "hash", "proof", "worker");
  EXPECT_EQ(h.verify(1), Value(true));
  EXPECT_EQ(h.verify(999), Value(false));
}

TEST(PhalaReadOnly, MessagesEmitNothingAndLeaveTheWorldUnchanged) {
  Phala h;
  h.submit(kBob, "d", "k");
  h.attest(kBob, 1, "h", "p", "w");
  expect_reads_change_nothing(h, kContract, kDave,
                              {"get_job", "get_attestation", "get_job_counter", "verify_attestation"}, sample_args);
}

// ---------------------------------------------------------------- payable rules

// The rules this contract shares with mev_protection (value sent to any message, a value
// above u128::MAX, H160 callers and deployments) are the NonPayableInk5Contract suite
// (support/non_payable_ink5_suite.hpp), instantiated above.

TEST(PhalaPayable, ValueSentFromAnExternalAccountRevertsAndNothingFlowsIn) {
  Phala h;
  World before = h.world;
  auto r = h.submit(kBob, "d", "k");  // zero value: fine
  EXPECT_FALSE(r.outcome.reverted);
  World after_submit = h.world;
  auto r2 = h.call(kContract, kBob, "submit_confidential_job", {Value("d"), Value("k")}, U256(5));
  EXPECT_TRUE(r2.outcome.reverted);
  EXPECT_TRUE(r2.events.empty());
  EXPECT_TRUE(h.world == after_submit);
  EXPECT_EQ(h.world.external_in(), BigInt(0));
  EXPECT_FALSE(h.world == before);
}

// ---------------------------------------------------------------- lifecycle

TEST(PhalaLifecycle, SubmitAttestProcessEmitsTheThreeEventsInOrder) {
  Phala h;
  std::vector<std::string> names;
  for (auto r : {h.submit(kBob, "data", "key"), h.attest(kCharlie, 1, "hash", "proof", "worker"), h.mark(kDave, 1)}) {
    EXPECT_FALSE(r.outcome.reverted);
    for (auto& n : event_names(r)) names.push_back(n);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"JobSubmitted", "AttestationRecorded", "JobProcessed"}));
  EXPECT_EQ(h.st().admin, kAlice);
  EXPECT_EQ(h.st().job_counter, u128(1));
  EXPECT_EQ(*h.st().jobs.find(u128(1)), (pjp::ConfidentialJob{1, kBob, "data", "key", 6000, true}));
  EXPECT_EQ(*h.st().attestations.find(u128(1)), (pjp::JobAttestation{1, "hash", "proof", "worker", 6000}));
}
