// phala_job_processor's invariants (P-SINGLE, P-PROCESSED, P-EXISTS, and its part of
// G-COUNTER): each holds on an honest run, and each is violated by the shortest sequence
// of deployed calls that breaks it. Where no sequence of deployed calls reaches a
// violation, a hand-built step (or the deployed message run on a hand-built state, for
// a counter saturated at u128::MAX) shows the check fires.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "invariants/monitor.hpp"
#include "model/phala_job_processor.hpp"
#include "support/honest_run_suite.hpp"
#include "support/monitored.hpp"

using namespace meshcheck;
using namespace meshcheck::testing;
namespace inv = meshcheck::invariants;
namespace pj = meshcheck::model::deployed::phala_job_processor;

namespace {

const Address kContract = account(0xC5);
const Address kAlice = account(0x01);  // the deployer
const Address kBob = account(0x02);
const Address kCharlie = account(0x03);
const Address kTee = account(0x07);

Value U(const u128& v) { return Value(v); }

// A deployed phala_job_processor watched by a Monitor: every deploy and call is one
// observed step. The scenarios here expect no call to revert.
struct Watched : MonitoredContract {
  Watched() : MonitoredContract("phala_job_processor", kContract, kAlice) { expect_no_revert = true; }

  CallResult submit(const Address& who) { return call(who, "submit_confidential_job", {"payload", "pubkey"}); }
  CallResult attest(const u128& job, const std::string& hash) {
    return call(kTee, "record_attestation", {U(job), hash, "proof", "tee-pubkey"});
  }
  CallResult process(const u128& job) { return call(kAlice, "mark_job_processed", {U(job)}); }
};

// An honest run: jobs submitted, each attested once, then processed; plus calls the
// contract refuses (unknown job, no attestation yet) and read-only calls.
std::vector<inv::Violation> honest_run() {
  Watched r;
  r.submit(kBob);
  r.tick();
  r.submit(kCharlie);
  r.tick();
  EXPECT_EQ(r.process(1).outcome.returned, Value(false));  // not attested yet
  EXPECT_EQ(r.attest(1, "h1").outcome.returned, Value(true));
  EXPECT_EQ(r.attest(9, "h9").outcome.returned, Value(false));  // no such job
  r.tick();
  EXPECT_EQ(r.process(1).outcome.returned, Value(true));
  EXPECT_EQ(r.process(1).outcome.returned, Value(true));  // again: already processed, stays processed
  EXPECT_EQ(r.attest(2, "h2").outcome.returned, Value(true));
  r.call(kBob, "get_job", {U(1)});
  r.call(kBob, "verify_attestation", {U(2)});
  r.tick();
  EXPECT_EQ(r.process(2).outcome.returned, Value(true));
  r.submit(kBob);
  return r.out;
}

// Checks one hand-built step of the instance at kContract, taking `was` to `now`.
std::vector<inv::Violation> check_by_hand(const pj::State& was, const pj::State& now,
                                          std::vector<model::Event> events = {}) {
  ContractStep<pj::State> step(inv::phala_job_processor_invariants(), pj::spec(), kContract, kBob, "submit_confidential_job");
  step.result.events = std::move(events);
  return step.check(was, now);
}

pj::State with_jobs(unsigned n) {
  pj::State s;
  s.admin = kAlice;
  s.job_counter = n;
  for (unsigned i = 1; i <= n; ++i) s.jobs.insert(u128(i), pj::ConfidentialJob{u128(i), kBob, "p", "k", 6000, false});
  return s;
}
pj::JobAttestation attestation(const u128& job) { return pj::JobAttestation{job, "h", "proof", "tee", 6000}; }

// The deployed message `label` run by bob on a hand-built state.
model::MessageResult run_deployed(const pj::State& state, std::string_view label, std::vector<Value> args) {
  return run_on_state(pj::spec(), state, kContract, kBob, label, std::move(args));
}

}  // namespace

TEST(PhalaInvariants, CatalogEntries) {
  struct Want {
    const char* id;
    inv::Kind kind;
    const char* statement;
  };
  for (auto& w : {Want{"P-SINGLE", inv::Kind::Transition,
                       "A job gets at most one attestation, and once recorded it is never replaced."},
                  Want{"P-PROCESSED", inv::Kind::Transition,
                       "A processed job has an attestation, and processed never returns to false."},
                  Want{"P-EXISTS", inv::Kind::State, "Attestations exist only for submitted jobs."}}) {
    const inv::Invariant* i = inv::find_invariant(w.id);
    ASSERT_NE(i, nullptr) << w.id;
    EXPECT_EQ(i->kind, w.kind) << w.id;
    EXPECT_EQ(i->statement, w.statement);
    EXPECT_EQ(i->contract, "phala_job_processor");
    EXPECT_EQ(i->profiles, (std::vector<std::string>{"deployed", "spec"}));  // spec keeps it unchanged
    EXPECT_TRUE(i->checkable_on_runs());
  }
  EXPECT_EQ(inv::phala_job_processor_invariants().invariants.size(), 3u);
  EXPECT_EQ(inv::phala_job_processor_invariants().contract, "phala_job_processor");
}

// --- honest runs: nothing reported ----------------------------------------------------

INSTANTIATE_TEST_SUITE_P(PhalaInvariants, HonestRun,
                         ::testing::ValuesIn(honest_run_cases(honest_run,
                                                              {"P-SINGLE", "P-PROCESSED", "P-EXISTS", "G-COUNTER"})),
                         honest_run_case_name);

// --- P-SINGLE: violated by the deployed code --------------------------------------------

// Shortest: submit, attest, attest again (anyone may, and the second overwrites).
TEST(PhalaInvariants, SingleViolatedBySecondAttestation) {
  Watched r;
  r.submit(kBob);
  r.attest(1, "honest-hash");
  EXPECT_EQ(r.count("P-SINGLE"), 0u) << dump(r.out);
  r.tick();
  EXPECT_EQ(r.attest(1, "forged-hash").outcome.returned, Value(true));
  EXPECT_EQ(r.count("P-SINGLE"), 1u) << dump(r.out);
  EXPECT_NE(last_detail(r.out, "P-SINGLE").find("replaced"), std::string::npos) << dump(r.out);
  EXPECT_EQ(r.out.size(), 1u) << dump(r.out);  // nothing else breaks
}

// The same attestation recorded again in the same block changes no state: the
// AttestationRecorded event still shows a second attestation.
TEST(PhalaInvariants, SingleViolatedByIdenticalReattestation) {
  Watched r;
  r.submit(kBob);
  r.attest(1, "h");
  World before = r.world;
  r.attest(1, "h");
  EXPECT_TRUE(before == r.world);  // the state did not change
  EXPECT_EQ(r.count("P-SINGLE"), 1u) << dump(r.out);
  EXPECT_NE(last_detail(r.out, "P-SINGLE").find("attested again"), std::string::npos) << dump(r.out);
}

TEST(PhalaInvariants, SingleFiresOnRemovedAttestation) {
  pj::State was = with_jobs(1);
  was.attestations.insert(u128(1), attestation(1));
  pj::State now = was;
  now.attestations.erase(u128(1));
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "P-SINGLE"), 1u) << dump(out);
}

// --- P-PROCESSED: the deployed calls cannot violate it short of a saturated counter ---

TEST(PhalaInvariants, ProcessedFiresOnProcessedWithoutAttestation) {
  pj::State was = with_jobs(1);
  pj::State now = was;
  auto job = *now.jobs.find(u128(1));
  job.processed = true;
  now.jobs.insert(u128(1), job);
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "P-PROCESSED"), 1u) << dump(out);
  EXPECT_NE(last_detail(out, "P-PROCESSED").find("no attestation"), std::string::npos) << dump(out);
}

TEST(PhalaInvariants, ProcessedFiresWhenProcessedReturnsToFalse) {
  pj::State was = with_jobs(1);
  was.attestations.insert(u128(1), attestation(1));
  auto job = *was.jobs.find(u128(1));
  job.processed = true;
  was.jobs.insert(u128(1), job);
  pj::State now = was;
  job.processed = false;
  now.jobs.insert(u128(1), job);
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "P-PROCESSED"), 1u) << dump(out);
  EXPECT_EQ(out.size(), 1u) << dump(out);
}

TEST(PhalaInvariants, ProcessedFiresWhenAProcessedJobLosesItsAttestation) {
  pj::State was = with_jobs(1);
  was.attestations.insert(u128(1), attestation(1));
  auto job = *was.jobs.find(u128(1));
  job.processed = true;
  was.jobs.insert(u128(1), job);
  pj::State now = was;
  now.attestations.erase(u128(1));
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "P-PROCESSED"), 1u) << dump(out);
}

// The deployed submit_confidential_job, once job_counter has saturated at u128::MAX,
// issues id MAX again and overwrites a processed, attested job with a fresh one.
TEST(PhalaInvariants, SaturatedCounterOverwritesAProcessedJob) {
  pj::State was;
  was.admin = kAlice;
  was.job_counter = kU128Max;
  was.jobs.insert(kU128Max, pj::ConfidentialJob{kU128Max, kCharlie, "old", "k", 6000, true});
  was.attestations.insert(kU128Max, attestation(kU128Max));
  model::MessageResult s = run_deployed(was, "submit_confidential_job", {"new", "k2"});
  ASSERT_FALSE(s.outcome.reverted) << s.outcome.reason;
  EXPECT_EQ(s.outcome.returned, Value(kU128Max));
  const auto& now = static_cast<const pj::State&>(*s.state);
  auto out = check_by_hand(was, now, s.events);
  EXPECT_EQ(count(out, "P-PROCESSED"), 1u) << dump(out);
  EXPECT_EQ(count(out, "G-COUNTER"), 1u) << dump(out);
  EXPECT_EQ(count(out, "P-EXISTS"), 1u) << dump(out);  // the old job's attestation now vouches for the new one
}

// --- P-EXISTS: record_attestation checks the job exists; hand-built steps --------------

TEST(PhalaInvariants, ExistsFiresOnAttestationForNoJob) {
  pj::State was = with_jobs(1);
  pj::State now = was;
  now.attestations.insert(u128(7), attestation(7));
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "P-EXISTS"), 1u) << dump(out);
}

TEST(PhalaInvariants, ExistsFiresOnAttestationBeyondTheCounter) {
  pj::State was = with_jobs(1);
  was.jobs.insert(u128(5), pj::ConfidentialJob{u128(5), kBob, "p", "k", 6000, false});  // beyond job_counter = 1
  pj::State now = was;
  now.attestations.insert(u128(5), attestation(5));
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "P-EXISTS"), 1u) << dump(out);
}

TEST(PhalaInvariants, ExistsFiresWhenTheAttestedJobIsRemoved) {
  pj::State was = with_jobs(2);
  was.attestations.insert(u128(2), attestation(2));
  pj::State now = was;
  now.jobs.erase(u128(2));
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "P-EXISTS"), 1u) << dump(out);
}

// --- G-COUNTER ---------------------------------------------------------------------------

TEST(PhalaInvariants, CounterFiresWhenTheCounterGoesBack) {
  pj::State was = with_jobs(3);
  pj::State now = was;
  now.job_counter = 2;
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "G-COUNTER"), 1u) << dump(out);
}

TEST(PhalaInvariants, CounterFiresOnAJobOutsideOneToCounter) {
  pj::State was = with_jobs(2);
  pj::State now = was;
  now.jobs.insert(u128(0), pj::ConfidentialJob{u128(0), kBob, "p", "k", 6000, false});
  now.jobs.insert(u128(3), pj::ConfidentialJob{u128(3), kBob, "p", "k", 6000, false});
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "G-COUNTER"), 2u) << dump(out);
}

// The monitor only looks at what a step changed: a long honest run costs per step
// what the step did (smoke test: many jobs, still nothing reported).
TEST(PhalaInvariants, ManyJobsHonestRun) {
  Watched r;
  for (unsigned i = 1; i <= 300; ++i) {
    r.submit(kBob);
    r.attest(i, "h" + std::to_string(i));
    r.process(i);
  }
  EXPECT_TRUE(r.out.empty()) << dump(r.out);
}
