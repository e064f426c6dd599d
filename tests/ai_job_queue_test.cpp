// ai_job_queue (profile `deployed`, ink! 6: H160 addresses, U256 transferred value):
// every message's success branch, every `return false` guard and every panic, the
// payable rules, the u128 narrowing of the transferred value, the saturating job
// counter, the deadline and min_budget boundaries, every event field, the read-only
// messages, and the purity of run_message.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "model/ai_job_queue.hpp"
#include "support/harness.hpp"

namespace meshcheck::testing {
namespace {

using model::CallEnv;
using model::Ctx;
namespace aq = model::deployed::ai_job_queue;
using aq::JobStatus;

const Address kDeployer = h160(0x09);
const Address kAlice = h160(0x01);
const Address kBob = h160(0x02);
const Address kCharlie = h160(0x03);
const Address kContract = h160(0xc0);
constexpr u32 kBlock = 100;

Value status(JobStatus s) { return Value::variant(static_cast<u32>(s)); }

Value job_value(u128 id, const Address& owner, const std::string& model_ref, const std::string& data_ref, u128 budget,
                JobStatus st, const Value& provider, u32 deadline, bool privacy) {
  return Value::seq({id, owner, model_ref, data_ref, budget, status(st), provider, deadline, privacy});
}

// A fresh world at block 100 with ai_job_queue(min_budget) deployed by kDeployer.
struct Fixture {
  Harness h;
  Address c;
  explicit Fixture(u128 min_budget = 500) {
    h.block = kBlock;
    c = h.deploy("ai_job_queue", kContract, kDeployer, {min_budget});
  }

  CallResult submit(const Address& caller, const U256& value, u32 deadline = 300, bool privacy = false,
                    const std::string& model_ref = "model", const std::string& data_ref = "data") {
    return h.call(c, caller, "submit_job", {model_ref, data_ref, deadline, privacy}, value);
  }
  // Submits a job as kAlice (budget 1000, deadline 300) and returns its id.
  u128 submit_ok(const Address& caller = kAlice, const U256& value = 1000) {
    auto r = submit(caller, value);
    EXPECT_FALSE(r.outcome.reverted) << r.outcome.reason;
    return u128(r.outcome.returned.as_int());
  }
  CallResult assign(const Address& caller, u128 job_id, const Address& provider, const U256& value = 0) {
    return h.call(c, caller, "assign_provider", {job_id, provider}, value);
  }
  CallResult in_progress(const Address& caller, u128 job_id, const U256& value = 0) {
    return h.call(c, caller, "mark_in_progress", {job_id}, value);
  }
  CallResult completed(const Address& caller, u128 job_id, const std::string& hash = "result",
                       const U256& value = 0) {
    return h.call(c, caller, "mark_completed", {job_id, hash}, value);
  }
  CallResult cancel(const Address& caller, u128 job_id, const U256& value = 0) {
    return h.call(c, caller, "cancel_job", {job_id}, value);
  }
  CallResult set_min(const Address& caller, u128 v, const U256& value = 0) {
    return h.call(c, caller, "set_min_budget", {v}, value);
  }
  Value job(u128 id) { return h.read(c, "get_job", {id}); }
  Value counter() { return h.read(c, "get_job_counter"); }
  Value min_budget() { return h.read(c, "get_min_budget"); }
  const aq::State& state() const { return h.state<aq::State>(c); }

  // A job of kAlice in the given status (provider kBob from Assigned on).
  u128 job_in(JobStatus st) {
    u128 id = submit_ok();
    if (st == JobStatus::Registered) return id;
    if (st == JobStatus::Cancelled) {
      EXPECT_EQ(cancel(kAlice, id).outcome.returned, Value(true));
      return id;
    }
    EXPECT_EQ(assign(kAlice, id, kBob).outcome.returned, Value(true));
    if (st == JobStatus::Assigned) return id;
    EXPECT_EQ(in_progress(kBob, id).outcome.returned, Value(true));
    if (st == JobStatus::InProgress) return id;
    EXPECT_EQ(completed(kBob, id).outcome.returned, Value(true));
    return id;
  }
};

// A `return true`. ai_job_queue never pays anything out: no transfers either.
void expect_returned_true(const CallResult& r) {
  expect_returned(r, Value(true));
  EXPECT_TRUE(r.transfers.empty());
}

CallEnv env_of(const Address& caller, const U256& value = 0, u32 block = kBlock) {
  return CallEnv{caller, kContract, value, block, 6000, value};
}

aq::State fresh_state(u128 min_budget = 500) {
  aq::State s;
  s.job_counter = 0;
  s.min_budget = min_budget;
  s.owner = kDeployer;
  return s;
}

// ---------------------------------------------------------------- constructor / getters

TEST(AiJobQueueConstructor, SetsMinBudgetOwnerAndZeroCounter) {
  Fixture f(1000);
  EXPECT_EQ(f.state().owner, kDeployer);
  EXPECT_EQ(f.state().min_budget, u128(1000));
  EXPECT_EQ(f.state().job_counter, u128(0));
  EXPECT_TRUE(f.state().jobs.empty());
  EXPECT_EQ(f.min_budget(), Value(u128(1000)));
  EXPECT_EQ(f.counter(), Value(u128(0)));
}

TEST(AiJobQueueConstructor, DeployWithAccountIdIsWorldError) {
  Harness h;
  EXPECT_THROW(h.deploy("ai_job_queue", kContract, account(0x09), {u128(1)}), model::WorldError);
  EXPECT_THROW(h.deploy("ai_job_queue", account(0xc0), kDeployer, {u128(1)}), model::WorldError);
}

TEST(AiJobQueueGetJobCounter, CountsSubmittedJobs) {
  Fixture f;
  EXPECT_EQ(f.counter(), Value(u128(0)));
  f.submit_ok();
  f.submit_ok(kBob, 700);
  EXPECT_EQ(f.counter(), Value(u128(2)));
}

TEST(AiJobQueueGetJobCounter, RevertsWithValueAsNonPayable) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.h.call(f.c, kAlice, "get_job_counter", {}, 1)); });
}

TEST(AiJobQueueGetMinBudget, ReturnsCurrentMinBudget) {
  Fixture f(123);
  EXPECT_EQ(f.min_budget(), Value(u128(123)));
  expect_returned_true(f.set_min(kDeployer, 456));
  EXPECT_EQ(f.min_budget(), Value(u128(456)));
}

TEST(AiJobQueueGetMinBudget, RevertsWithValueAsNonPayable) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.h.call(f.c, kAlice, "get_min_budget", {}, 1)); });
}

TEST(AiJobQueueGetJob, NoneForUnknownJob) {
  Fixture f;
  EXPECT_EQ(f.job(0), Value::none());
  EXPECT_EQ(f.job(999), Value::none());
}

TEST(AiJobQueueGetJob, ReturnsFullJob) {
  Fixture f;
  auto r = f.submit(kAlice, 1500, 500, true, "model_uri", "dataset_uri");
  ASSERT_FALSE(r.outcome.reverted);
  EXPECT_EQ(f.job(1), Value::some(job_value(1, kAlice, "model_uri", "dataset_uri", 1500, JobStatus::Registered,
                                            Value::none(), 500, true)));
  EXPECT_EQ(f.job(2), Value::none());
}

TEST(AiJobQueueGetJob, ReflectsAssignedProvider) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Assigned);
  EXPECT_EQ(f.job(id), Value::some(job_value(id, kAlice, "model", "data", 1000, JobStatus::Assigned,
                                             Value::some(kBob), 300, false)));
}

TEST(AiJobQueueGetJob, RevertsWithValueAsNonPayable) {
  Fixture f;
  f.submit_ok();
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.h.call(f.c, kAlice, "get_job", {u128(1)}, 1)); });
}

// ---------------------------------------------------------------- submit_job

TEST(AiJobQueueSubmitJob, StoresJobEmitsJobSubmittedAndKeepsPayment) {
  Fixture f;
  f.h.world.set_balance(kAlice, 2000);
  auto r = f.submit(kAlice, 1500, 500, true, "model_uri", "dataset_uri");
  EXPECT_FALSE(r.outcome.reverted) << r.outcome.reason;
  EXPECT_EQ(r.outcome.returned, Value(u128(1)));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].spec->name, "JobSubmitted");
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(1), kAlice, u128(1500)}));
  EXPECT_TRUE(r.transfers.empty());
  EXPECT_EQ(f.h.balance(f.c), U256(1500));
  EXPECT_EQ(f.h.balance(kAlice), U256(500));
  EXPECT_EQ(f.state().job_counter, u128(1));
  const aq::Job* j = f.state().jobs.find(u128(1));
  ASSERT_NE(j, nullptr);
  EXPECT_EQ(*j, (aq::Job{u128(1), kAlice, "model_uri", "dataset_uri", u128(1500), JobStatus::Registered,
                         std::nullopt, 500, true}));
}

TEST(AiJobQueueSubmitJob, SequentialIdsAndIndependentJobs) {
  Fixture f;
  auto r1 = f.submit(kAlice, 1000, 300, true, "alice_model", "alice_data");
  auto r2 = f.submit(kBob, 1500, 400, false, "bob_model", "bob_data");
  EXPECT_EQ(r1.outcome.returned, Value(u128(1)));
  EXPECT_EQ(r2.outcome.returned, Value(u128(2)));
  EXPECT_EQ(r2.events[0].fields, (std::vector<Value>{u128(2), kBob, u128(1500)}));
  EXPECT_EQ(f.job(1), Value::some(job_value(1, kAlice, "alice_model", "alice_data", 1000, JobStatus::Registered,
                                            Value::none(), 300, true)));
  EXPECT_EQ(f.job(2), Value::some(job_value(2, kBob, "bob_model", "bob_data", 1500, JobStatus::Registered,
                                            Value::none(), 400, false)));
  EXPECT_EQ(f.counter(), Value(u128(2)));
  EXPECT_EQ(f.h.balance(f.c), U256(2500));
}

TEST(AiJobQueueSubmitJob, PaymentEqualToMinBudgetWorks) {
  Fixture f(1000);
  auto r = f.submit(kAlice, 1000);
  EXPECT_FALSE(r.outcome.reverted) << r.outcome.reason;
  EXPECT_EQ(r.outcome.returned, Value(u128(1)));
}

TEST(AiJobQueueSubmitJob, PaymentBelowMinBudgetReverts) {
  Fixture f(1000);
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.submit(kAlice, 999), "Insufficient payment"); });
  EXPECT_EQ(f.counter(), Value(u128(0)));
  EXPECT_EQ(f.h.balance(f.c), U256(0));
}

TEST(AiJobQueueSubmitJob, ZeroPaymentWorksWhenMinBudgetIsZero) {
  Fixture f(0);
  auto r = f.submit(kAlice, 0);
  EXPECT_FALSE(r.outcome.reverted) << r.outcome.reason;
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(1), kAlice, u128(0)}));
  EXPECT_EQ(f.job(1), Value::some(job_value(1, kAlice, "model", "data", 0, JobStatus::Registered, Value::none(),
                                            300, false)));
}

TEST(AiJobQueueSubmitJob, ZeroPaymentRevertsWhenMinBudgetPositive) {
  Fixture f(1);
  expect_reverted(f.submit(kAlice, 0), "Insufficient payment");
}

TEST(AiJobQueueSubmitJob, DeadlineEqualToBlockReverts) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.submit(kAlice, 1000, kBlock), "Invalid deadline"); });
}

TEST(AiJobQueueSubmitJob, DeadlineBeforeBlockReverts) {
  Fixture f;
  expect_reverted(f.submit(kAlice, 1000, kBlock - 1), "Invalid deadline");
  expect_reverted(f.submit(kAlice, 1000, 0), "Invalid deadline");
  EXPECT_EQ(f.counter(), Value(u128(0)));
}

TEST(AiJobQueueSubmitJob, DeadlineOneAfterBlockWorks) {
  Fixture f;
  auto r = f.submit(kAlice, 1000, kBlock + 1);
  EXPECT_FALSE(r.outcome.reverted) << r.outcome.reason;
  EXPECT_EQ(f.job(1), Value::some(job_value(1, kAlice, "model", "data", 1000, JobStatus::Registered, Value::none(),
                                            kBlock + 1, false)));
}

TEST(AiJobQueueSubmitJob, DeadlineComparedWithCallBlock) {
  Fixture f;
  f.h.block = 300;
  expect_reverted(f.submit(kAlice, 1000, 300), "Invalid deadline");
  EXPECT_FALSE(f.submit(kAlice, 1000, 301).outcome.reverted);
}

TEST(AiJobQueueSubmitJob, MaxU32DeadlineWorks) {
  Fixture f;
  auto r = f.submit(kAlice, 1000, ~u32(0));
  EXPECT_FALSE(r.outcome.reverted) << r.outcome.reason;
  EXPECT_EQ(f.state().jobs.find(u128(1))->deadline, ~u32(0));
}

TEST(AiJobQueueSubmitJob, PaymentCheckedBeforeDeadline) {
  Fixture f(1000);
  expect_reverted(f.submit(kAlice, 999, kBlock), "Insufficient payment");
}

TEST(AiJobQueueSubmitJob, ValueExactlyU128MaxWorks) {
  Fixture f;
  auto r = f.submit(kAlice, kU128MaxAsU256);
  EXPECT_FALSE(r.outcome.reverted) << r.outcome.reason;
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{u128(1), kAlice, kU128Max}));
  EXPECT_EQ(f.state().jobs.find(u128(1))->budget, kU128Max);
  EXPECT_EQ(f.h.balance(f.c), kU128MaxAsU256);
}

TEST(AiJobQueueSubmitJob, ValueAboveU128MaxReverts) {
  Fixture f(0);
  expect_world_unchanged(f.h.world, [&] {
    expect_reverted(f.submit(kAlice, kU128MaxAsU256 + 1), "Integer overflow when casting to u128");
  });
  EXPECT_EQ(f.h.balance(f.c), U256(0));
  EXPECT_EQ(f.counter(), Value(u128(0)));
}

TEST(AiJobQueueSubmitJob, ValueU256MaxReverts) {
  Fixture f(0);
  expect_world_unchanged(f.h.world,
                         [&] { expect_reverted(f.submit(kAlice, kU256Max), "Integer overflow when casting to u128"); });
}

TEST(AiJobQueueSubmitJob, NarrowingCheckedBeforeDeadline) {
  Fixture f(0);
  expect_reverted(f.submit(kAlice, kU128MaxAsU256 + 1, kBlock), "Integer overflow when casting to u128");
}

TEST(AiJobQueueSubmitJob, TrackedCallerShortOfValueReverts) {
  Fixture f;
  f.h.world.set_balance(kAlice, 999);
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.submit(kAlice, 1000)); });
  EXPECT_EQ(f.h.balance(kAlice), U256(999));
  EXPECT_EQ(f.counter(), Value(u128(0)));
}

TEST(AiJobQueueSubmitJob, AccountIdCallerIsWorldError) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { EXPECT_THROW(f.submit(account(0x01), 1000), model::WorldError); });
}

TEST(AiJobQueueSubmitJob, CounterSaturatesAtU128Max) {
  aq::State s = fresh_state(0);
  s.job_counter = kU128Max - 1;
  CallEnv env1 = env_of(kAlice, 10);
  Ctx ctx1(env1);
  EXPECT_EQ(aq::submit_job(s, ctx1, "m1", "d1", 200, false), kU128Max);
  EXPECT_EQ(s.job_counter, kU128Max);

  // At the maximum the counter stays put and the new job overwrites job u128::MAX.
  CallEnv env2 = env_of(kBob, 20);
  Ctx ctx2(env2);
  EXPECT_EQ(aq::submit_job(s, ctx2, "m2", "d2", 300, true), kU128Max);
  EXPECT_EQ(s.job_counter, kU128Max);
  EXPECT_EQ(s.jobs.size(), 1u);
  EXPECT_EQ(*s.jobs.find(kU128Max),
            (aq::Job{kU128Max, kBob, "m2", "d2", u128(20), JobStatus::Registered, std::nullopt, 300, true}));
  ASSERT_EQ(ctx2.events.size(), 1u);
  EXPECT_EQ(ctx2.events[0].spec->name, "JobSubmitted");
  EXPECT_EQ(ctx2.events[0].fields, (std::vector<Value>{kU128Max, kBob, u128(20)}));
}

TEST(AiJobQueueSubmitJob, SaturatedCounterThroughRunMessage) {
  aq::State s = fresh_state(0);
  s.job_counter = kU128Max;
  s.jobs.insert(kU128Max, aq::Job{kU128Max, kAlice, "old", "old", u128(5), JobStatus::Assigned, kBob, 150, false});
  model::StatePtr sp = std::make_shared<aq::State>(s);
  std::vector<Value> args{Value("new"), Value("new"), Value(u32(400)), Value(false)};
  auto step = model::run_message(*aq::spec().message("submit_job"), sp, env_of(kCharlie, 7), args);
  ASSERT_FALSE(step.outcome.reverted) << step.outcome.reason;
  EXPECT_EQ(step.outcome.returned, Value(kU128Max));
  const auto& next = static_cast<const aq::State&>(*step.state);
  EXPECT_EQ(next.job_counter, kU128Max);
  EXPECT_EQ(*next.jobs.find(kU128Max),
            (aq::Job{kU128Max, kCharlie, "new", "new", u128(7), JobStatus::Registered, std::nullopt, 400, false}));
  // The input state still has the old job.
  EXPECT_EQ(static_cast<const aq::State&>(*sp).jobs.find(kU128Max)->owner, kAlice);
}

TEST(AiJobQueueSubmitJob, TypedPanicsCarryReasons) {
  aq::State s = fresh_state(100);
  {
    CallEnv env = env_of(kAlice, 99);
    Ctx ctx(env);
    EXPECT_THROW(aq::submit_job(s, ctx, "m", "d", 200, false), model::Panic);
  }
  {
    CallEnv env = env_of(kAlice, 100, 200);
    Ctx ctx(env);
    EXPECT_THROW(aq::submit_job(s, ctx, "m", "d", 200, false), model::Panic);
  }
  {
    CallEnv env = env_of(kAlice, kU128MaxAsU256 + 1);
    Ctx ctx(env);
    EXPECT_THROW(aq::submit_job(s, ctx, "m", "d", 200, false), model::Panic);
  }
  EXPECT_EQ(s.job_counter, u128(0));
}

// ---------------------------------------------------------------- assign_provider

TEST(AiJobQueueAssignProvider, OwnerAssignsAndEmitsJobAssigned) {
  Fixture f;
  u128 id = f.submit_ok();
  auto r = f.assign(kAlice, id, kBob);
  expect_returned_true(r);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].spec->name, "JobAssigned");
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{id, kBob}));
  EXPECT_EQ(f.job(id), Value::some(job_value(id, kAlice, "model", "data", 1000, JobStatus::Assigned,
                                             Value::some(kBob), 300, false)));
}

TEST(AiJobQueueAssignProvider, OwnerMayAssignThemselves) {
  Fixture f;
  u128 id = f.submit_ok();
  expect_returned_true(f.assign(kAlice, id, kAlice));
  expect_returned_true(f.in_progress(kAlice, id));
}

TEST(AiJobQueueAssignProvider, FailsForUnknownJob) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.assign(kAlice, 999, kBob)); });
}

TEST(AiJobQueueAssignProvider, FailsWhenCallerIsNotOwner) {
  Fixture f;
  u128 id = f.submit_ok();
  expect_world_unchanged(f.h.world, [&] {
    expect_refused(f.assign(kBob, id, kCharlie));
    expect_refused(f.assign(kDeployer, id, kCharlie));  // contract owner is not job owner
  });
  EXPECT_EQ(f.job(id), Value::some(job_value(id, kAlice, "model", "data", 1000, JobStatus::Registered,
                                             Value::none(), 300, false)));
}

TEST(AiJobQueueAssignProvider, FailsWhenAlreadyAssigned) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Assigned);
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.assign(kAlice, id, kCharlie)); });
  EXPECT_EQ(f.state().jobs.find(id)->assigned_provider, std::optional<Address>(kBob));
}

TEST(AiJobQueueAssignProvider, FailsWhenInProgress) {
  Fixture f;
  u128 id = f.job_in(JobStatus::InProgress);
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.assign(kAlice, id, kCharlie)); });
}

TEST(AiJobQueueAssignProvider, FailsWhenCompleted) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Completed);
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.assign(kAlice, id, kCharlie)); });
}

TEST(AiJobQueueAssignProvider, FailsWhenCancelled) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Cancelled);
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.assign(kAlice, id, kCharlie)); });
}

TEST(AiJobQueueAssignProvider, RevertsWithValueAsNonPayable) {
  Fixture f;
  u128 id = f.submit_ok();
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.assign(kAlice, id, kBob, 1)); });
  EXPECT_EQ(f.state().jobs.find(id)->status, JobStatus::Registered);
}

TEST(AiJobQueueAssignProvider, AccountIdCallerIsWorldError) {
  Fixture f;
  u128 id = f.submit_ok();
  EXPECT_THROW(f.assign(account(0x01), id, kBob), model::WorldError);
}

// ---------------------------------------------------------------- mark_in_progress

TEST(AiJobQueueMarkInProgress, ProviderStartsAndEmitsJobStatusChanged) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Assigned);
  auto r = f.in_progress(kBob, id);
  expect_returned_true(r);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].spec->name, "JobStatusChanged");
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{id, status(JobStatus::InProgress)}));
  EXPECT_EQ(f.job(id), Value::some(job_value(id, kAlice, "model", "data", 1000, JobStatus::InProgress,
                                             Value::some(kBob), 300, false)));
}

TEST(AiJobQueueMarkInProgress, FailsForUnknownJob) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.in_progress(kBob, 999)); });
}

TEST(AiJobQueueMarkInProgress, FailsWhenCallerIsNotProvider) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Assigned);
  expect_world_unchanged(f.h.world, [&] {
    expect_refused(f.in_progress(kCharlie, id));
    expect_refused(f.in_progress(kAlice, id));  // the owner is not the provider
  });
}

TEST(AiJobQueueMarkInProgress, FailsWhenNoProviderAssigned) {
  Fixture f;
  u128 id = f.submit_ok();
  expect_world_unchanged(f.h.world, [&] {
    expect_refused(f.in_progress(kBob, id));
    expect_refused(f.in_progress(kAlice, id));
  });
}

TEST(AiJobQueueMarkInProgress, FailsWhenAlreadyInProgress) {
  Fixture f;
  u128 id = f.job_in(JobStatus::InProgress);
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.in_progress(kBob, id)); });
}

TEST(AiJobQueueMarkInProgress, FailsWhenCompleted) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Completed);
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.in_progress(kBob, id)); });
}

TEST(AiJobQueueMarkInProgress, FailsWhenCancelledAfterAssignment) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Assigned);
  expect_returned_true(f.cancel(kAlice, id));
  // The provider matches, the status does not.
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.in_progress(kBob, id)); });
}

TEST(AiJobQueueMarkInProgress, RevertsWithValueAsNonPayable) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Assigned);
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.in_progress(kBob, id, 5)); });
}

TEST(AiJobQueueMarkInProgress, AccountIdCallerIsWorldError) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Assigned);
  EXPECT_THROW(f.in_progress(account(0x02), id), model::WorldError);
}

// ---------------------------------------------------------------- mark_completed

TEST(AiJobQueueMarkCompleted, ProviderCompletesAndEmitsJobCompleted) {
  Fixture f;
  u128 id = f.job_in(JobStatus::InProgress);
  f.h.block = 200;
  auto r = f.completed(kBob, id, "final_result_hash");
  expect_returned_true(r);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].spec->name, "JobCompleted");
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{id, kBob, Value("final_result_hash")}));
  EXPECT_EQ(f.job(id), Value::some(job_value(id, kAlice, "model", "data", 1000, JobStatus::Completed,
                                             Value::some(kBob), 300, false)));
}

TEST(AiJobQueueMarkCompleted, CompletionAfterDeadlineIsNotChecked) {
  Fixture f;
  u128 id = f.job_in(JobStatus::InProgress);
  f.h.block = 10'000;  // far past the deadline 300
  expect_returned_true(f.completed(kBob, id, ""));
  EXPECT_EQ(f.state().jobs.find(id)->status, JobStatus::Completed);
}

TEST(AiJobQueueMarkCompleted, FailsForUnknownJob) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.completed(kBob, 999)); });
}

TEST(AiJobQueueMarkCompleted, FailsWhenCallerIsNotProvider) {
  Fixture f;
  u128 id = f.job_in(JobStatus::InProgress);
  expect_world_unchanged(f.h.world, [&] {
    expect_refused(f.completed(kCharlie, id));
    expect_refused(f.completed(kAlice, id));
  });
  EXPECT_EQ(f.state().jobs.find(id)->status, JobStatus::InProgress);
}

TEST(AiJobQueueMarkCompleted, FailsWhenNoProviderAssigned) {
  Fixture f;
  u128 id = f.submit_ok();
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.completed(kAlice, id)); });
}

TEST(AiJobQueueMarkCompleted, FailsWhenOnlyAssigned) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Assigned);
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.completed(kBob, id)); });
  EXPECT_EQ(f.state().jobs.find(id)->status, JobStatus::Assigned);
}

TEST(AiJobQueueMarkCompleted, FailsWhenAlreadyCompleted) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Completed);
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.completed(kBob, id, "again")); });
}

TEST(AiJobQueueMarkCompleted, FailsWhenCancelled) {
  Fixture f;
  u128 id = f.job_in(JobStatus::InProgress);
  expect_returned_true(f.cancel(kAlice, id));
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.completed(kBob, id)); });
  EXPECT_EQ(f.state().jobs.find(id)->status, JobStatus::Cancelled);
}

TEST(AiJobQueueMarkCompleted, RevertsWithValueAsNonPayable) {
  Fixture f;
  u128 id = f.job_in(JobStatus::InProgress);
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.completed(kBob, id, "r", 1)); });
}

TEST(AiJobQueueMarkCompleted, AccountIdCallerIsWorldError) {
  Fixture f;
  u128 id = f.job_in(JobStatus::InProgress);
  EXPECT_THROW(f.completed(account(0x02), id), model::WorldError);
}

// ---------------------------------------------------------------- cancel_job

TEST(AiJobQueueCancelJob, OwnerCancelsRegisteredAndEmitsJobCancelled) {
  Fixture f;
  u128 id = f.submit_ok();
  auto r = f.cancel(kAlice, id);
  expect_returned_true(r);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].spec->name, "JobCancelled");
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{id}));
  EXPECT_EQ(f.job(id), Value::some(job_value(id, kAlice, "model", "data", 1000, JobStatus::Cancelled,
                                             Value::none(), 300, false)));
}

TEST(AiJobQueueCancelJob, OwnerCancelsAssigned) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Assigned);
  expect_returned_true(f.cancel(kAlice, id));
  // The provider stays recorded.
  EXPECT_EQ(f.job(id), Value::some(job_value(id, kAlice, "model", "data", 1000, JobStatus::Cancelled,
                                             Value::some(kBob), 300, false)));
}

TEST(AiJobQueueCancelJob, OwnerCancelsInProgress) {
  Fixture f;
  u128 id = f.job_in(JobStatus::InProgress);
  auto r = f.cancel(kAlice, id);
  expect_returned_true(r);
  EXPECT_EQ(event_names(r), std::vector<std::string>{"JobCancelled"});
  EXPECT_EQ(f.state().jobs.find(id)->status, JobStatus::Cancelled);
}

TEST(AiJobQueueCancelJob, CancellingCancelledJobSucceedsAgainAndEmitsAgain) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Cancelled);
  auto r = f.cancel(kAlice, id);
  expect_returned_true(r);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].spec->name, "JobCancelled");
  EXPECT_EQ(r.events[0].fields, (std::vector<Value>{id}));
  EXPECT_EQ(f.state().jobs.find(id)->status, JobStatus::Cancelled);
}

TEST(AiJobQueueCancelJob, DoesNotRefundBudget) {
  Fixture f;
  f.h.world.set_balance(kAlice, 1000);
  u128 id = f.submit_ok(kAlice, 1000);
  EXPECT_EQ(f.h.balance(f.c), U256(1000));
  auto r = f.cancel(kAlice, id);
  expect_returned_true(r);
  EXPECT_TRUE(r.transfers.empty());
  EXPECT_EQ(f.h.balance(f.c), U256(1000));
  EXPECT_EQ(f.h.balance(kAlice), U256(0));
  // The budget stays recorded on the cancelled job.
  EXPECT_EQ(f.state().jobs.find(id)->budget, u128(1000));
}

TEST(AiJobQueueCancelJob, FailsForUnknownJob) {
  Fixture f;
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.cancel(kAlice, 999)); });
}

TEST(AiJobQueueCancelJob, FailsWhenCallerIsNotOwner) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Assigned);
  expect_world_unchanged(f.h.world, [&] {
    expect_refused(f.cancel(kCharlie, id));
    expect_refused(f.cancel(kBob, id));       // the provider cannot
    expect_refused(f.cancel(kDeployer, id));  // nor the contract owner
  });
  EXPECT_EQ(f.state().jobs.find(id)->status, JobStatus::Assigned);
}

TEST(AiJobQueueCancelJob, FailsWhenCompleted) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Completed);
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.cancel(kAlice, id)); });
  EXPECT_EQ(f.state().jobs.find(id)->status, JobStatus::Completed);
}

TEST(AiJobQueueCancelJob, RevertsWithValueAsNonPayable) {
  Fixture f;
  u128 id = f.submit_ok();
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.cancel(kAlice, id, 1)); });
}

TEST(AiJobQueueCancelJob, AccountIdCallerIsWorldError) {
  Fixture f;
  u128 id = f.submit_ok();
  EXPECT_THROW(f.cancel(account(0x01), id), model::WorldError);
}

// ---------------------------------------------------------------- set_min_budget

TEST(AiJobQueueSetMinBudget, OwnerSetsWithoutEvents) {
  Fixture f(500);
  auto r = f.set_min(kDeployer, 2000);
  expect_returned_true(r);
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(f.state().min_budget, u128(2000));
  EXPECT_EQ(f.min_budget(), Value(u128(2000)));
}

TEST(AiJobQueueSetMinBudget, NewMinimumAppliesToSubmitJob) {
  Fixture f(500);
  expect_returned_true(f.set_min(kDeployer, 2000));
  expect_reverted(f.submit(kAlice, 1999), "Insufficient payment");
  EXPECT_FALSE(f.submit(kAlice, 2000).outcome.reverted);
}

TEST(AiJobQueueSetMinBudget, AcceptsZeroAndU128Max) {
  Fixture f(500);
  expect_returned_true(f.set_min(kDeployer, kU128Max));
  EXPECT_EQ(f.min_budget(), Value(kU128Max));
  expect_reverted(f.submit(kAlice, kU128MaxAsU256 - 1), "Insufficient payment");
  EXPECT_FALSE(f.submit(kAlice, kU128MaxAsU256).outcome.reverted);
  expect_returned_true(f.set_min(kDeployer, 0));
  EXPECT_EQ(f.min_budget(), Value(u128(0)));
}

TEST(AiJobQueueSetMinBudget, FailsWhenCallerIsNotOwner) {
  Fixture f(500);
  expect_world_unchanged(f.h.world, [&] { expect_refused(f.set_min(kAlice, 1)); });
  EXPECT_EQ(f.min_budget(), Value(u128(500)));
}

TEST(AiJobQueueSetMinBudget, RevertsWithValueAsNonPayable) {
  Fixture f(500);
  expect_world_unchanged(f.h.world, [&] { expect_reverted(f.set_min(kDeployer, 1, 1)); });
}

TEST(AiJobQueueSetMinBudget, AccountIdCallerIsWorldError) {
  Fixture f(500);
  EXPECT_THROW(f.set_min(account(0x09), 1), model::WorldError);
}

// ---------------------------------------------------------------- lifecycle, spec, purity

TEST(AiJobQueueLifecycle, FullLifecycleKeepsBudgetInContract) {
  Fixture f;
  u128 id = f.job_in(JobStatus::Completed);
  EXPECT_EQ(f.job(id), Value::some(job_value(id, kAlice, "model", "data", 1000, JobStatus::Completed,
                                             Value::some(kBob), 300, false)));
  // Nothing ever pays the provider: the budget stays in the contract.
  EXPECT_EQ(f.h.balance(f.c), U256(1000));
}

TEST(AiJobQueueSpec, OnlySubmitJobIsPayableAndAddressesAreH160) {
  const auto& s = aq::spec();
  EXPECT_EQ(s.ink, model::InkVersion::V6);
  EXPECT_EQ(s.address_kind(), AddressKind::H160);
  EXPECT_EQ(s.max_value(), kU256Max);
  for (auto& m : s.messages) EXPECT_EQ(m.payable, m.label == "submit_job") << m.label;
  for (const char* ro : {"get_job", "get_job_counter", "get_min_budget"}) EXPECT_FALSE(s.message(ro)->mutates) << ro;
  for (const char* rw :
       {"submit_job", "assign_provider", "mark_in_progress", "mark_completed", "cancel_job", "set_min_budget"})
    EXPECT_TRUE(s.message(rw)->mutates) << rw;
}

TEST(AiJobQueuePurity, RunMessageNeverModifiesInputState) {
  aq::State s = fresh_state(500);
  s.job_counter = 3;
  s.jobs.insert(u128(1), aq::Job{1, kAlice, "m", "d", 1000, JobStatus::Registered, std::nullopt, 300, false});
  s.jobs.insert(u128(2), aq::Job{2, kAlice, "m", "d", 1000, JobStatus::Assigned, kBob, 300, false});
  s.jobs.insert(u128(3), aq::Job{3, kAlice, "m", "d", 1000, JobStatus::InProgress, kBob, 300, true});
  const aq::State snapshot = s;
  model::StatePtr sp = std::make_shared<aq::State>(s);
  const auto& spec = aq::spec();

  struct Case {
    const char* label;
    std::vector<Value> args;
    Address caller;
    U256 value;
    bool reverts;
  };
  std::vector<Case> cases = {
      {"submit_job", {Value("a"), Value("b"), Value(u32(400)), Value(true)}, kAlice, 600, false},
      {"submit_job", {Value("a"), Value("b"), Value(u32(400)), Value(true)}, kAlice, 1, true},
      {"submit_job", {Value("a"), Value("b"), Value(u32(kBlock)), Value(true)}, kAlice, 600, true},
      {"assign_provider", {u128(1), kCharlie}, kAlice, 0, false},
      {"mark_in_progress", {u128(2)}, kBob, 0, false},
      {"mark_completed", {u128(3), Value("h")}, kBob, 0, false},
      {"cancel_job", {u128(1)}, kAlice, 0, false},
      {"cancel_job", {u128(3)}, kBob, 0, false},
      {"set_min_budget", {u128(7)}, kDeployer, 0, false},
      {"get_job", {u128(2)}, kBob, 0, false},
      {"get_job_counter", {}, kBob, 0, false},
      {"get_min_budget", {}, kBob, 0, false},
  };
  for (auto& c : cases) {
    auto step = model::run_message(*spec.message(c.label), sp, env_of(c.caller, c.value), c.args);
    EXPECT_EQ(step.outcome.reverted, c.reverts) << c.label << ": " << step.outcome.reason;
    if (c.reverts) {
      EXPECT_EQ(step.state, sp) << c.label;
    }
    EXPECT_TRUE(static_cast<const aq::State&>(*sp) == snapshot) << c.label;
  }
}

TEST(AiJobQueuePurity, ReadOnlyMessagesAnswerFromState) {
  aq::State s = fresh_state(42);
  s.job_counter = 9;
  s.jobs.insert(u128(9), aq::Job{9, kBob, "mr", "dr", 77, JobStatus::InProgress, kCharlie, 555, true});
  model::StatePtr sp = std::make_shared<aq::State>(s);
  const auto& spec = aq::spec();
  std::vector<Value> job_args{u128(9)};
  auto j = model::run_message(*spec.message("get_job"), sp, env_of(kAlice), job_args);
  EXPECT_EQ(j.outcome.returned,
            Value::some(job_value(9, kBob, "mr", "dr", 77, JobStatus::InProgress, Value::some(kCharlie), 555, true)));
  EXPECT_EQ(j.state, sp);
  auto c = model::run_message(*spec.message("get_job_counter"), sp, env_of(kAlice), {});
  EXPECT_EQ(c.outcome.returned, Value(u128(9)));
  auto m = model::run_message(*spec.message("get_min_budget"), sp, env_of(kAlice), {});
  EXPECT_EQ(m.outcome.returned, Value(u128(42)));
}

}  // namespace
}  // namespace meshcheck::testing
