// mev_protection (profile `deployed`, ink! 5): every message's success branch and every
// `return 0` / `return false` branch, the payable rules, every event field, and the full
// values of the read-only messages, against the deployed Rust source.
#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "model/mev_protection.hpp"
#include "support/harness.hpp"
#include "support/non_payable_ink5_suite.hpp"

using namespace meshcheck;
using namespace meshcheck::testing;
namespace mev = meshcheck::model::deployed::mev_protection;

namespace {

constexpr u8 kContractFill = 0xC1;
const Address kContract = account(kContractFill);
const Address kAlice = account(0x01);  // the deployer, hence the admin
const Address kBob = account(0x02);
const Address kCharlie = account(0x03);
const Address kDave = account(0x04);

Value U(const u128& v) { return Value(v); }

Value status(mev::IntentStatus s) { return Value::variant(static_cast<u32>(s)); }
const Value kPending = status(mev::IntentStatus::Pending);
const Value kBatched = status(mev::IntentStatus::Batched);
const Value kExecuted = status(mev::IntentStatus::Executed);

// An Intent as get_intent returns it (inside the Option).
Value intent_value(const u128& id, const Address& user, const std::string& enc, const std::string& tin,
                   const std::string& tout, const u128& min_output, const Value& st, u64 created_at,
                   const Value& batch_id) {
  return Value::seq({U(id), user, enc, tin, tout, U(min_output), st, created_at, batch_id});
}
// A Batch as get_batch returns it (inside the Option).
Value batch_value(const u128& id, const std::vector<u128>& intent_ids, u32 count, const u128& volume,
                  const std::string& route, const Value& st, u64 created_at, const Value& executed_at) {
  return Value::seq({U(id), u128_vec(intent_ids), count, U(volume), route, st, created_at, executed_at});
}
// A BatchResult as get_batch_result returns it (inside the Option).
Value result_value(const u128& id, bool success, const u128& input, const u128& output, const std::string& price,
                   u64 timestamp) {
  return Value::seq({U(id), success, U(input), U(output), price, timestamp});
}
Value stats(u32 count, const u128& volume, bool executed) { return Value::seq({count, U(volume), executed}); }

struct Mev : Harness {
  Mev() { deploy("mev_protection", kContract, kAlice); }

  CallResult submit(const Address& caller, const std::string& enc, const std::string& tin, const std::string& tout,
                    const u128& min_output) {
    return call(kContract, caller, "submit_intent", {enc, tin, tout, U(min_output)});
  }
  // Submits `n` intents from bob: "intent_<i>", USDT -> DOT, min_output base + i (i from 1).
  void submit_n(unsigned n, const u128& base = 100) {
    for (unsigned i = 1; i <= n; ++i) {
      auto r = submit(kBob, "intent_" + std::to_string(i), "USDT", "DOT", base + i);
      ASSERT_FALSE(r.outcome.reverted);
    }
  }
  CallResult create(const Address& caller, const std::vector<u128>& list, const std::string& route) {
    return call(kContract, caller, "create_batch", {u128_vec(list), route});
  }
  CallResult execute(const Address& caller, const u128& batch_id, const u128& output, const std::string& price) {
    return call(kContract, caller, "execute_batch", {U(batch_id), U(output), price});
  }
  CallResult config(const Address& caller, u32 batch_size, u32 min_batch_size) {
    return call(kContract, caller, "set_batch_config", {batch_size, min_batch_size});
  }
  Value get_intent(const u128& id) { return read(kContract, "get_intent", {U(id)}); }
  Value get_batch(const u128& id) { return read(kContract, "get_batch", {U(id)}); }
  Value get_result(const u128& id) { return read(kContract, "get_batch_result", {U(id)}); }
  Value get_stats(const u128& id) { return read(kContract, "get_batch_stats", {U(id)}); }
  Value intent_counter() { return read(kContract, "get_intent_counter"); }
  Value batch_counter() { return read(kContract, "get_batch_counter"); }
  const mev::State& st() const { return state<mev::State>(kContract); }
  // Status and batch_id of a stored intent.
  mev::IntentStatus intent_status(const u128& id) const { return st().intents.find(id)->status; }
  std::optional<u128> intent_batch(const u128& id) const { return st().intents.find(id)->batch_id; }
};

// bob's create_batch of `list` fails the size check: it returns 0 with no event and no
// state change, so no batch exists and intent 1 is still Pending.
void expect_size_refused(Mev& h, const std::vector<u128>& list, const std::string& route) {
  World before = h.world;
  auto r = h.create(kBob, list, route);
  ASSERT_FALSE(r.outcome.reverted);
  EXPECT_EQ(r.outcome.returned, U(0));
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(h.world == before);
  EXPECT_EQ(h.batch_counter(), U(0));
  EXPECT_EQ(h.intent_status(1), mev::IntentStatus::Pending);
}

// Arguments of the right types for every message, to send value to each.
std::vector<Value> sample_args(const std::string& label) {
  if (label == "submit_intent") return {Value("e"), Value("USDT"), Value("DOT"), U(1)};
  if (label == "create_batch") return {u128_vec(id_range(1, 5)), Value("route")};
  if (label == "execute_batch") return {U(1), U(10), Value("1.0")};
  if (label == "set_batch_config") return {Value(u32(10)), Value(u32(2))};
  if (label == "get_intent_counter" || label == "get_batch_counter" || label == "get_pending_intents") return {};
  return {U(1)};  // get_intent, get_batch, get_batch_result, get_batch_stats
}

// mev_protection for the shared suite (support/non_payable_ink5_suite.hpp): its spec and
// its payable and address-width rules.
struct MevContract {
  using Fixture = Mev;
  static constexpr std::string_view kName = "mev_protection";
  static constexpr u8 kAddressFill = kContractFill;
  static const model::ContractSpec& spec() { return mev::spec(); }
  static inline const std::vector<std::string> kMessages{
      "submit_intent",       "create_batch",     "execute_batch",      "get_intent",
      "get_batch",           "get_batch_result", "get_intent_counter", "get_batch_counter",
      "get_pending_intents", "get_batch_stats",  "set_batch_config"};
  static inline const std::vector<std::string> kMutating{"submit_intent", "create_batch", "execute_batch",
                                                         "set_batch_config"};
  static inline const std::vector<std::pair<std::string, std::string>> kIdEvents{
      {"IntentSubmitted", "intent_id"}, {"BatchCreated", "batch_id"}, {"BatchExecuted", "batch_id"}};
  static std::vector<Value> sample_args(const std::string& label) { return ::sample_args(label); }
  static inline const Address kPayer = kAlice;  // the admin, too
  static void fill(Mev& h) {
    h.submit_n(5);
    h.create(kBob, id_range(1, 5), "r");
  }
  static void expect_filled(Mev& h) {
    EXPECT_EQ(h.intent_counter(), U(5));
    EXPECT_EQ(h.batch_counter(), U(1));
    EXPECT_EQ(h.st().batch_size, 100u);
    EXPECT_EQ(h.get_result(1), Value::none());
  }
  static constexpr u8 kH160CallerFill = 0x01;
};

}  // namespace

INSTANTIATE_TYPED_TEST_SUITE_P(Mev, NonPayableInk5Contract, MevContract);

// ---------------------------------------------------------------- spec / constructor

TEST(MevConstructor, SetsAdminCountersAndDefaultBatchBounds) {
  Mev h;
  EXPECT_EQ(h.st().admin, kAlice);
  EXPECT_EQ(h.st().intent_counter, u128(0));
  EXPECT_EQ(h.st().batch_counter, u128(0));
  EXPECT_EQ(h.st().batch_size, 100u);
  EXPECT_EQ(h.st().min_batch_size, 5u);
  EXPECT_EQ(h.intent_counter(), U(0));
  EXPECT_EQ(h.batch_counter(), U(0));
  EXPECT_EQ(h.balance(kContract), U256(0));
}

// ---------------------------------------------------------------- submit_intent

TEST(MevSubmitIntent, AssignsSequentialIdsAndEmitsIntentSubmitted) {
  Mev h;
  for (unsigned i = 1; i <= 3; ++i) {
    auto r = h.submit(kBob, "enc", "USDT", "DOT", 100);
    ASSERT_FALSE(r.outcome.reverted) << r.outcome.reason;
    EXPECT_EQ(r.outcome.returned, U(i));
    expect_single_event(r, "IntentSubmitted", {U(i)});
    EXPECT_TRUE(r.transfers.empty());
    EXPECT_EQ(h.intent_counter(), U(i));
  }
  EXPECT_EQ(h.batch_counter(), U(0));
}

TEST(MevSubmitIntent, StoresTheFullPendingIntentWithCallerAndTimestamp) {
  Mev h;
  h.timestamp = 11111;
  h.submit(kBob, "secret_intent_1", "USDT", "DOT", 1000);
  h.timestamp = 22222;
  h.submit(kCharlie, "secret_intent_2", "USDC", "ETH", 2000);
  EXPECT_EQ(h.get_intent(1), Value::some(intent_value(1, kBob, "secret_intent_1", "USDT", "DOT", 1000, kPending,
                                                      11111, Value::none())));
  EXPECT_EQ(h.get_intent(2), Value::some(intent_value(2, kCharlie, "secret_intent_2", "USDC", "ETH", 2000, kPending,
                                                      22222, Value::none())));
  EXPECT_EQ(h.get_intent(3), Value::none());
}

TEST(MevSubmitIntent, AcceptsZeroAndMaxMinOutputAndEmptyStrings) {
  Mev h;
  EXPECT_EQ(h.submit(kAlice, "", "", "", 0).outcome.returned, U(1));
  EXPECT_EQ(h.submit(kAlice, "x", "y", "z", kU128Max).outcome.returned, U(2));
  EXPECT_EQ(h.get_intent(1), Value::some(intent_value(1, kAlice, "", "", "", 0, kPending, 6000, Value::none())));
  EXPECT_EQ(h.get_intent(2),
            Value::some(intent_value(2, kAlice, "x", "y", "z", kU128Max, kPending, 6000, Value::none())));
}

TEST(MevSubmitIntent, IntentCounterSaturatesAndTheSaturatedIdOverwritesTheExistingIntent) {
  model::CallEnv env{kBob, kContract, U256(0), 3, 7000, U256(0)};
  mev::State s = mev::construct(env);
  s.intent_counter = kU128Max - 1;
  model::Ctx c1(env);
  EXPECT_EQ(mev::submit_intent(s, c1, "first", "A", "B", 1), kU128Max);
  ASSERT_EQ(c1.events.size(), 1u);
  EXPECT_EQ(c1.events[0].fields, (std::vector<Value>{U(kU128Max)}));
  model::CallEnv env2{kCharlie, kContract, U256(0), 4, 8000, U256(0)};
  model::Ctx c2(env2);
  EXPECT_EQ(mev::submit_intent(s, c2, "second", "C", "D", 2), kU128Max);
  EXPECT_EQ(s.intent_counter, kU128Max);
  ASSERT_EQ(c2.events.size(), 1u);
  EXPECT_EQ(c2.events[0].spec->name, "IntentSubmitted");
  EXPECT_EQ(c2.events[0].fields, (std::vector<Value>{U(kU128Max)}));
  ASSERT_NE(s.intents.find(kU128Max), nullptr);
  EXPECT_EQ(*s.intents.find(kU128Max), (mev::Intent{kU128Max, kCharlie, "second", "C", "D", 2,
                                                    mev::IntentStatus::Pending, 8000, std::nullopt}));
}

// ---------------------------------------------------------------- create_batch: size bounds

TEST(MevCreateBatch, FourIdsBelowMinReturnZeroWithNoStateChangeAndNoEvent) {
  Mev h;
  h.submit_n(5);
  expect_size_refused(h, id_range(1, 4), "hydradx");
}

TEST(MevCreateBatch, EmptyListReturnsZero) {
  Mev h;
  World before = h.world;
  auto r = h.create(kBob, {}, "hydradx");
  EXPECT_EQ(r.outcome.returned, U(0));
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(h.world == before);
}

TEST(MevCreateBatch, ExactlyMinOfFiveSucceedsWithFullBatchAndIntentsBatched) {
  Mev h;
  h.submit_n(5);  // min_outputs 101..105
  h.timestamp = 9000;
  auto r = h.create(kCharlie, id_range(1, 5), "hydradx");
  ASSERT_FALSE(r.outcome.reverted);
  EXPECT_EQ(r.outcome.returned, U(1));
  expect_single_event(r, "BatchCreated", {U(1)});
  EXPECT_EQ(h.get_batch(1), Value::some(batch_value(1, id_range(1, 5), 5, 101 + 102 + 103 + 104 + 105, "hydradx",
                                                    kPending, 9000, Value::none())));
  for (unsigned i = 1; i <= 5; ++i)
    EXPECT_EQ(h.get_intent(i), Value::some(intent_value(i, kBob, "intent_" + std::to_string(i), "USDT", "DOT",
                                                        100 + i, kBatched, 6000, Value::some(U(1)))))
        << i;
  EXPECT_EQ(h.batch_counter(), U(1));
  EXPECT_EQ(h.get_result(1), Value::none());
}

TEST(MevCreateBatch, ExactlyMaxOfHundredSucceeds) {
  Mev h;
  h.submit_n(100, 0);  // min_outputs 1..100
  auto r = h.create(kBob, id_range(1, 100), "route");
  EXPECT_EQ(r.outcome.returned, U(1));
  expect_single_event(r, "BatchCreated", {U(1)});
  EXPECT_EQ(h.get_stats(1), stats(100, 5050, false));
  EXPECT_EQ(h.get_batch(1),
            Value::some(batch_value(1, id_range(1, 100), 100, 5050, "route", kPending, 6000, Value::none())));
  EXPECT_EQ(h.intent_status(100), mev::IntentStatus::Batched);
}

TEST(MevCreateBatch, HundredAndOneAboveMaxReturnsZeroWithNoStateChangeAndNoEvent) {
  Mev h;
  h.submit_n(101);
  expect_size_refused(h, id_range(1, 101), "route");
}

TEST(MevCreateBatch, FailedSizeCheckDoesNotConsumeABatchId) {
  Mev h;
  h.submit_n(5);
  EXPECT_EQ(h.create(kBob, id_range(1, 4), "r").outcome.returned, U(0));
  EXPECT_EQ(h.create(kBob, id_range(1, 5), "r").outcome.returned, U(1));
  EXPECT_EQ(h.create(kBob, id_range(1, 3), "r").outcome.returned, U(0));
  EXPECT_EQ(h.create(kBob, id_range(1, 5), "r").outcome.returned, U(2));
  EXPECT_EQ(h.batch_counter(), U(2));
}

// ---------------------------------------------------------------- create_batch: ids

TEST(MevCreateBatch, UnknownIdsAreSkippedInVolumeButKeptInIdsAndCount) {
  Mev h;
  h.submit_n(3);  // 101, 102, 103
  auto r = h.create(kBob, {1, 2, 3, 999, 1000}, "hydradx");
  EXPECT_EQ(r.outcome.returned, U(1));
  expect_single_event(r, "BatchCreated", {U(1)});
  EXPECT_EQ(h.get_batch(1), Value::some(batch_value(1, {1, 2, 3, 999, 1000}, 5, 306, "hydradx", kPending, 6000,
                                                    Value::none())));
  EXPECT_EQ(h.get_intent(999), Value::none());
  EXPECT_EQ(h.get_intent(1000), Value::none());
  EXPECT_EQ(h.get_stats(1), stats(5, 306, false));
}

TEST(MevCreateBatch, AllUnknownIdsMakeAnEmptyVolumeBatch) {
  Mev h;
  auto r = h.create(kBob, {7, 8, 9, 10, 11}, "r");
  EXPECT_EQ(r.outcome.returned, U(1));
  expect_single_event(r, "BatchCreated", {U(1)});
  EXPECT_EQ(h.get_batch(1),
            Value::some(batch_value(1, {7, 8, 9, 10, 11}, 5, 0, "r", kPending, 6000, Value::none())));
  EXPECT_EQ(h.intent_counter(), U(0));
}

TEST(MevCreateBatch, DuplicateIdsAreCountedTwiceInVolume) {
  Mev h;
  h.submit_n(3);  // 101, 102, 103
  auto r = h.create(kBob, {1, 1, 1, 2, 3}, "r");
  EXPECT_EQ(r.outcome.returned, U(1));
  EXPECT_EQ(h.get_batch(1),
            Value::some(batch_value(1, {1, 1, 1, 2, 3}, 5, 3 * 101 + 102 + 103, "r", kPending, 6000, Value::none())));
  EXPECT_EQ(h.get_intent(1), Value::some(intent_value(1, kBob, "intent_1", "USDT", "DOT", 101, kBatched, 6000,
                                                      Value::some(U(1)))));
}

TEST(MevCreateBatch, UnorderedIdsAreKeptInTheCallersOrder) {
  Mev h;
  h.submit_n(5);
  std::vector<u128> order{5, 3, 1, 4, 2};
  EXPECT_EQ(h.create(kBob, order, "r").outcome.returned, U(1));
  EXPECT_EQ(h.get_batch(1), Value::some(batch_value(1, order, 5, 515, "r", kPending, 6000, Value::none())));
  EXPECT_EQ(h.st().batches.find(u128(1))->intent_ids, order);
}

TEST(MevCreateBatch, AlreadyBatchedIntentsAreRebatchedIntoTheNewBatch) {
  Mev h;
  h.submit_n(5);
  EXPECT_EQ(h.create(kBob, id_range(1, 5), "first").outcome.returned, U(1));
  h.timestamp = 7000;
  auto r = h.create(kCharlie, {1, 2, 3, 4, 5}, "second");
  EXPECT_EQ(r.outcome.returned, U(2));
  expect_single_event(r, "BatchCreated", {U(2)});
  for (unsigned i = 1; i <= 5; ++i) {
    EXPECT_EQ(h.intent_status(i), mev::IntentStatus::Batched) << i;
    EXPECT_EQ(h.intent_batch(i), std::optional<u128>(2)) << i;
  }
  // The first batch still lists them, unchanged.
  EXPECT_EQ(h.get_batch(1),
            Value::some(batch_value(1, id_range(1, 5), 5, 515, "first", kPending, 6000, Value::none())));
  EXPECT_EQ(h.get_batch(2),
            Value::some(batch_value(2, id_range(1, 5), 5, 515, "second", kPending, 7000, Value::none())));
}

TEST(MevCreateBatch, ExecutedIntentsAreRebatchedBackToBatched) {
  Mev h;
  h.submit_n(5);
  h.create(kBob, id_range(1, 5), "first");
  EXPECT_EQ(h.execute(kBob, 1, 600, "1.1").outcome.returned, Value(true));
  EXPECT_EQ(h.intent_status(3), mev::IntentStatus::Executed);
  auto r = h.create(kBob, id_range(1, 5), "again");
  EXPECT_EQ(r.outcome.returned, U(2));
  for (unsigned i = 1; i <= 5; ++i) {
    EXPECT_EQ(h.get_intent(i), Value::some(intent_value(i, kBob, "intent_" + std::to_string(i), "USDT", "DOT",
                                                        100 + i, kBatched, 6000, Value::some(U(2)))))
        << i;
  }
  // Batch 1 stays Executed.
  EXPECT_EQ(h.get_stats(1), stats(5, 515, true));
  EXPECT_EQ(h.get_stats(2), stats(5, 515, false));
}

TEST(MevCreateBatch, AnyoneMayCreateABatchOfOthersIntents) {
  Mev h;
  h.submit_n(5);  // bob's intents
  auto r = h.create(kDave, id_range(1, 5), "r");  // neither admin nor owner
  EXPECT_EQ(r.outcome.returned, U(1));
  expect_single_event(r, "BatchCreated", {U(1)});
  EXPECT_EQ(h.intent_status(1), mev::IntentStatus::Batched);
}

TEST(MevCreateBatch, TotalVolumeSaturatesAtU128Max) {
  Mev h;
  h.submit(kBob, "a", "X", "Y", kU128Max);
  h.submit(kBob, "b", "X", "Y", kU128Max);
  h.submit(kBob, "c", "X", "Y", 5);
  auto r = h.create(kBob, {1, 2, 3, 3, 3}, "r");
  ASSERT_FALSE(r.outcome.reverted) << r.outcome.reason;
  EXPECT_EQ(r.outcome.returned, U(1));
  expect_single_event(r, "BatchCreated", {U(1)});
  EXPECT_EQ(h.get_stats(1), stats(5, kU128Max, false));
  EXPECT_EQ(h.get_batch(1), Value::some(batch_value(1, {1, 2, 3, 3, 3}, 5, kU128Max, "r", kPending, 6000,
                                                    Value::none())));
}

TEST(MevCreateBatch, BatchCounterSaturatesAndTheSaturatedIdOverwritesTheExistingBatch) {
  model::CallEnv env{kBob, kContract, U256(0), 3, 7000, U256(0)};
  mev::State s = mev::construct(env);
  s.batch_counter = kU128Max - 1;
  model::Ctx c1(env);
  std::vector<u128> first{1, 2, 3, 4, 5};
  EXPECT_EQ(mev::create_batch(s, c1, first, "one"), kU128Max);
  model::Ctx c2(env);
  std::vector<u128> second{6, 7, 8, 9, 10};
  EXPECT_EQ(mev::create_batch(s, c2, second, "two"), kU128Max);
  EXPECT_EQ(s.batch_counter, kU128Max);
  ASSERT_EQ(c2.events.size(), 1u);
  EXPECT_EQ(c2.events[0].spec->name, "BatchCreated");
  EXPECT_EQ(c2.events[0].fields, (std::vector<Value>{U(kU128Max)}));
  ASSERT_NE(s.batches.find(kU128Max), nullptr);
  EXPECT_EQ(s.batches.find(kU128Max)->intent_ids, second);
  EXPECT_EQ(s.batches.find(kU128Max)->execution_route, "two");
}

// ---------------------------------------------------------------- execute_batch

TEST(MevExecuteBatch, MissingBatchReturnsFalseWithNoEventAndNoStateChange) {
  Mev h;
  h.submit_n(5);
  h.create(kBob, id_range(1, 5), "r");
  World before = h.world;
  for (u128 id : {u128(0), u128(2), u128(999)}) {
    auto r = h.execute(kAlice, id, 1000, "1.5");
    ASSERT_FALSE(r.outcome.reverted);
    EXPECT_EQ(r.outcome.returned, Value(false));
    EXPECT_TRUE(r.events.empty());
    EXPECT_TRUE(h.world == before);
  }
  EXPECT_EQ(h.get_result(999), Value::none());
}

TEST(MevExecuteBatch, SetsBatchExecutedRecordsResultAndExecutesIntents) {
  Mev h;
  h.submit_n(5);  // 101..105 = 515
  h.create(kBob, id_range(1, 5), "hydradx");
  h.timestamp = 15000;
  auto r = h.execute(kCharlie, 1, 520, "1.04");
  ASSERT_FALSE(r.outcome.reverted);
  EXPECT_EQ(r.outcome.returned, Value(true));
  expect_single_event(r, "BatchExecuted", {U(1)});
  EXPECT_EQ(h.get_batch(1),
            Value::some(batch_value(1, id_range(1, 5), 5, 515, "hydradx", kExecuted, 6000, Value::some(u64(15000)))));
  EXPECT_EQ(h.get_result(1), Value::some(result_value(1, true, 515, 520, "1.04", 15000)));
  for (unsigned i = 1; i <= 5; ++i)
    EXPECT_EQ(h.get_intent(i), Value::some(intent_value(i, kBob, "intent_" + std::to_string(i), "USDT", "DOT",
                                                        100 + i, kExecuted, 6000, Value::some(U(1)))))
        << i;
  EXPECT_EQ(h.get_stats(1), stats(5, 515, true));
}

TEST(MevExecuteBatch, SuccessIsRecordedEvenWithZeroOutputBelowInput) {
  Mev h;
  h.submit_n(5);
  h.create(kBob, id_range(1, 5), "r");
  auto r = h.execute(kDave, 1, 0, "0");
  EXPECT_EQ(r.outcome.returned, Value(true));
  expect_single_event(r, "BatchExecuted", {U(1)});
  EXPECT_EQ(h.get_result(1), Value::some(result_value(1, true, 515, 0, "0", 6000)));
}

TEST(MevExecuteBatch, InputSkipsUnknownIdsAndCountsDuplicatesAndLeavesUnknownIdsAbsent) {
  Mev h;
  h.submit_n(2);  // 101, 102
  h.create(kBob, {1, 1, 2, 77, 78}, "r");
  auto r = h.execute(kBob, 1, 1, "p");
  EXPECT_EQ(r.outcome.returned, Value(true));
  EXPECT_EQ(h.get_result(1), Value::some(result_value(1, true, 101 + 101 + 102, 1, "p", 6000)));
  EXPECT_EQ(h.get_intent(77), Value::none());
  EXPECT_EQ(h.intent_status(1), mev::IntentStatus::Executed);
  EXPECT_EQ(h.intent_status(2), mev::IntentStatus::Executed);
}

TEST(MevExecuteBatch, TotalInputSaturatesAtU128Max) {
  Mev h;
  h.submit(kBob, "a", "X", "Y", kU128Max);
  h.submit(kBob, "b", "X", "Y", 1);
  h.create(kBob, {1, 2, 2, 2, 2}, "r");
  auto r = h.execute(kBob, 1, kU128Max, "max");
  ASSERT_FALSE(r.outcome.reverted) << r.outcome.reason;
  EXPECT_EQ(r.outcome.returned, Value(true));
  EXPECT_EQ(h.get_result(1), Value::some(result_value(1, true, kU128Max, kU128Max, "max", 6000)));
}

TEST(MevExecuteBatch, ExecutingTwiceIsAllowedAndOverwritesTheResult) {
  Mev h;
  h.submit_n(5);
  h.create(kBob, id_range(1, 5), "r");
  h.timestamp = 7000;
  EXPECT_EQ(h.execute(kBob, 1, 520, "1.04").outcome.returned, Value(true));
  h.timestamp = 8000;
  auto r = h.execute(kCharlie, 1, 10, "0.02");
  EXPECT_EQ(r.outcome.returned, Value(true));
  expect_single_event(r, "BatchExecuted", {U(1)});
  EXPECT_EQ(h.get_result(1), Value::some(result_value(1, true, 515, 10, "0.02", 8000)));
  EXPECT_EQ(h.get_batch(1),
            Value::some(batch_value(1, id_range(1, 5), 5, 515, "r", kExecuted, 6000, Value::some(u64(8000)))));
  EXPECT_EQ(h.intent_status(5), mev::IntentStatus::Executed);
}

TEST(MevExecuteBatch, ExecutingAnOlderBatchExecutesRebatchedIntentsButKeepsTheirNewBatchId) {
  Mev h;
  h.submit_n(5);
  h.create(kBob, id_range(1, 5), "first");
  h.create(kBob, id_range(1, 5), "second");
  EXPECT_EQ(h.execute(kBob, 1, 1, "p").outcome.returned, Value(true));
  for (unsigned i = 1; i <= 5; ++i) {
    EXPECT_EQ(h.intent_status(i), mev::IntentStatus::Executed) << i;
    EXPECT_EQ(h.intent_batch(i), std::optional<u128>(2)) << i;
  }
  EXPECT_EQ(h.get_stats(1), stats(5, 515, true));
  EXPECT_EQ(h.get_stats(2), stats(5, 515, false));
  EXPECT_EQ(h.get_result(2), Value::none());
}

TEST(MevExecuteBatch, OnlyTheNamedBatchIsExecuted) {
  Mev h;
  h.submit_n(10);
  EXPECT_EQ(h.create(kBob, id_range(1, 5), "hydradx").outcome.returned, U(1));
  EXPECT_EQ(h.create(kBob, id_range(6, 10), "polkadex").outcome.returned, U(2));
  h.execute(kBob, 1, 510, "1.02");
  EXPECT_EQ(h.get_stats(1), stats(5, 515, true));
  EXPECT_EQ(h.get_stats(2), stats(5, 106 + 107 + 108 + 109 + 110, false));
  EXPECT_EQ(h.get_result(2), Value::none());
  EXPECT_EQ(h.intent_status(6), mev::IntentStatus::Batched);
  EXPECT_EQ(h.intent_status(1), mev::IntentStatus::Executed);
}

// ---------------------------------------------------------------- read-only messages

TEST(MevGetIntent, NoneForMissingSomeFullStructForExisting) {
  Mev h;
  EXPECT_EQ(h.get_intent(0), Value::none());
  EXPECT_EQ(h.get_intent(1), Value::none());
  h.submit(kDave, "e", "A", "B", 42);
  EXPECT_EQ(h.get_intent(1), Value::some(intent_value(1, kDave, "e", "A", "B", 42, kPending, 6000, Value::none())));
  EXPECT_EQ(h.get_intent(kU128Max), Value::none());
}

TEST(MevGetBatch, NoneForMissingSomeFullStructForExisting) {
  Mev h;
  EXPECT_EQ(h.get_batch(1), Value::none());
  h.submit_n(5);
  h.create(kBob, id_range(1, 5), "x");
  EXPECT_EQ(h.get_batch(1), Value::some(batch_value(1, id_range(1, 5), 5, 515, "x", kPending, 6000, Value::none())));
  EXPECT_EQ(h.get_batch(0), Value::none());
  EXPECT_EQ(h.get_batch(2), Value::none());
}

TEST(MevGetBatchResult, NoneBeforeExecutionSomeAfter) {
  Mev h;
  h.submit_n(5);
  h.create(kBob, id_range(1, 5), "x");
  EXPECT_EQ(h.get_result(1), Value::none());
  h.execute(kBob, 1, 5, "price");
  EXPECT_EQ(h.get_result(1), Value::some(result_value(1, true, 515, 5, "price", 6000)));
}

TEST(MevGetBatchStats, MissingBatchGivesZeroTuple) {
  Mev h;
  EXPECT_EQ(h.get_stats(1), stats(0, 0, false));
  EXPECT_EQ(h.get_stats(0), stats(0, 0, false));
}

TEST(MevGetBatchStats, ExistingBatchGivesCountVolumeAndExecutedFlag) {
  Mev h;
  h.submit_n(5, 0);  // 1..5
  h.create(kBob, {1, 2, 3, 4, 5, 5}, "r");
  EXPECT_EQ(h.get_stats(1), stats(6, 20, false));
  h.execute(kBob, 1, 0, "p");
  EXPECT_EQ(h.get_stats(1), stats(6, 20, true));
}

TEST(MevGetPendingIntents, IsAlwaysZero) {
  Mev h;
  EXPECT_EQ(h.read(kContract, "get_pending_intents"), Value(u32(0)));
  h.submit_n(7);
  EXPECT_EQ(h.read(kContract, "get_pending_intents"), Value(u32(0)));
  h.create(kBob, id_range(1, 5), "r");
  EXPECT_EQ(h.read(kContract, "get_pending_intents"), Value(u32(0)));
}

TEST(MevCounters, CountSuccessfulSubmissionsAndBatchesOnly) {
  Mev h;
  EXPECT_EQ(h.intent_counter(), U(0));
  EXPECT_EQ(h.batch_counter(), U(0));
  h.submit_n(6);
  h.create(kBob, id_range(1, 4), "r");  // 0
  h.create(kBob, id_range(1, 5), "r");  // 1
  h.execute(kBob, 9, 1, "p");        // false
  h.create(kBob, id_range(2, 6), "r");  // 2
  EXPECT_EQ(h.intent_counter(), U(6));
  EXPECT_EQ(h.batch_counter(), U(2));
  EXPECT_EQ(h.st().intent_counter, u128(6));
  EXPECT_EQ(h.st().batch_counter, u128(2));
}

TEST(MevReadOnly, MessagesEmitNothingAndLeaveTheWorldUnchanged) {
  Mev h;
  h.submit_n(5);
  h.create(kBob, id_range(1, 5), "r");
  h.execute(kBob, 1, 1, "p");
  expect_reads_change_nothing(h, kContract, kDave,
                              {"get_intent", "get_batch", "get_batch_result", "get_intent_counter", "get_batch_counter",
                               "get_pending_intents", "get_batch_stats"},
                              sample_args);
}

// ---------------------------------------------------------------- set_batch_config

TEST(MevSetBatchConfig, NonAdminReturnsFalseWithNoStateChange) {
  Mev h;
  World before = h.world;
  for (const Address& who : {kBob, kCharlie, kDave}) {
    auto r = h.config(who, 50, 3);
    ASSERT_FALSE(r.outcome.reverted);
    EXPECT_EQ(r.outcome.returned, Value(false));
    EXPECT_TRUE(r.events.empty());
    EXPECT_TRUE(h.world == before);
  }
  EXPECT_EQ(h.st().batch_size, 100u);
  EXPECT_EQ(h.st().min_batch_size, 5u);
}

TEST(MevSetBatchConfig, MinAboveMaxReturnsFalseWithNoStateChange) {
  Mev h;
  World before = h.world;
  auto r = h.config(kAlice, 5, 10);
  ASSERT_FALSE(r.outcome.reverted);
  EXPECT_EQ(r.outcome.returned, Value(false));
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(h.world == before);
  auto r2 = h.config(kAlice, 0, 1);
  EXPECT_EQ(r2.outcome.returned, Value(false));
  EXPECT_TRUE(h.world == before);
}

TEST(MevSetBatchConfig, AdminSetsNewBoundsWithoutEvent) {
  Mev h;
  auto r = h.config(kAlice, 50, 3);
  ASSERT_FALSE(r.outcome.reverted);
  EXPECT_EQ(r.outcome.returned, Value(true));
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(h.st().batch_size, 50u);
  EXPECT_EQ(h.st().min_batch_size, 3u);
  EXPECT_EQ(h.st().admin, kAlice);
}

TEST(MevSetBatchConfig, NewBoundsAreEnforcedByCreateBatch) {
  Mev h;
  h.submit_n(60);
  ASSERT_EQ(h.config(kAlice, 50, 3).outcome.returned, Value(true));
  World before = h.world;
  EXPECT_EQ(h.create(kBob, id_range(1, 2), "r").outcome.returned, U(0));
  EXPECT_EQ(h.create(kBob, id_range(1, 51), "r").outcome.returned, U(0));
  EXPECT_TRUE(h.world == before);
  EXPECT_EQ(h.create(kBob, id_range(1, 3), "r").outcome.returned, U(1));
  EXPECT_EQ(h.create(kBob, id_range(1, 50), "r").outcome.returned, U(2));
  EXPECT_EQ(h.get_stats(1), stats(3, 101 + 102 + 103, false));
}

TEST(MevSetBatchConfig, EqualMinAndMaxAcceptsOnlyThatSize) {
  Mev h;
  h.submit_n(5);
  auto r = h.config(kAlice, 3, 3);
  EXPECT_EQ(r.outcome.returned, Value(true));
  EXPECT_EQ(h.create(kBob, id_range(1, 2), "r").outcome.returned, U(0));
  EXPECT_EQ(h.create(kBob, id_range(1, 4), "r").outcome.returned, U(0));
  EXPECT_EQ(h.create(kBob, id_range(1, 3), "r").outcome.returned, U(1));
  EXPECT_EQ(h.batch_counter(), U(1));
}

TEST(MevSetBatchConfig, ZeroBoundsAllowAnEmptyBatch) {
  Mev h;
  ASSERT_EQ(h.config(kAlice, 0, 0).outcome.returned, Value(true));
  auto r = h.create(kBob, {}, "empty");
  EXPECT_EQ(r.outcome.returned, U(1));
  expect_single_event(r, "BatchCreated", {U(1)});
  EXPECT_EQ(h.get_batch(1), Value::some(batch_value(1, {}, 0, 0, "empty", kPending, 6000, Value::none())));
  EXPECT_EQ(h.create(kBob, {1}, "one").outcome.returned, U(0));
  auto e = h.execute(kBob, 1, 0, "p");
  EXPECT_EQ(e.outcome.returned, Value(true));
  EXPECT_EQ(h.get_result(1), Value::some(result_value(1, true, 0, 0, "p", 6000)));
}

TEST(MevSetBatchConfig, AdminMayChangeTheBoundsRepeatedly) {
  Mev h;
  h.submit_n(5);
  EXPECT_EQ(h.config(kAlice, 10, 8).outcome.returned, Value(true));
  EXPECT_EQ(h.create(kBob, id_range(1, 5), "r").outcome.returned, U(0));
  EXPECT_EQ(h.config(kAlice, 100, 5).outcome.returned, Value(true));
  EXPECT_EQ(h.create(kBob, id_range(1, 5), "r").outcome.returned, U(1));
}

// ---------------------------------------------------------------- payable rules

// The rules this contract shares with phala_job_processor (value sent to any message, a value
// above u128::MAX, H160 callers and deployments) are the NonPayableInk5Contract suite
// (support/non_payable_ink5_suite.hpp), instantiated above.

TEST(MevPayable, ValueFromAnExternalAccountRevertsAndNothingFlowsIn) {
  Mev h;
  World before = h.world;
  auto r = h.call(kContract, kBob, "submit_intent", sample_args("submit_intent"), U256(7));
  EXPECT_TRUE(r.outcome.reverted);
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(h.world == before);
  EXPECT_EQ(h.world.external_in(), BigInt(0));
  EXPECT_EQ(h.submit(kBob, "e", "USDT", "DOT", 1).outcome.returned, U(1));  // same call, no value: fine
}

// ---------------------------------------------------------------- lifecycle

TEST(MevLifecycle, SubmitBatchExecuteEmitsEventsInOrder) {
  Mev h;
  std::vector<std::string> names;
  for (unsigned i = 0; i < 5; ++i)
    for (auto& n : event_names(h.submit(kBob, "encrypted_intent_" + std::to_string(i), "USDT", "DOT", 1000)))
      names.push_back(n);
  for (auto& n : event_names(h.create(kCharlie, id_range(1, 5), "optimal_route"))) names.push_back(n);
  for (auto& n : event_names(h.execute(kDave, 1, 5100, "1.02"))) names.push_back(n);
  EXPECT_EQ(names, (std::vector<std::string>{"IntentSubmitted", "IntentSubmitted", "IntentSubmitted",
                                             "IntentSubmitted", "IntentSubmitted", "BatchCreated", "BatchExecuted"}));
  EXPECT_EQ(h.get_result(1), Value::some(result_value(1, true, 5000, 5100, "1.02", 6000)));
  EXPECT_EQ(*h.st().batches.find(u128(1)),
            (mev::Batch{1, id_range(1, 5), 5, 5000, "optimal_route", mev::IntentStatus::Executed, 6000, u64(6000)}));
}
