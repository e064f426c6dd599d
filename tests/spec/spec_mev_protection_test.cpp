// mev_protection, profile `spec` (spec-profile.md §3.6): every message's success path and
// every error at its first guard; capital through the escrow; canonical order.
#include <gtest/gtest.h>

#include "queue_fixture.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace testing;
using namespace mev_protection;

void expect_refused(const Result<Concrete, Sys>& r, std::string_view error) {
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.branch(), error) << r.reason();
}
IntentIds<Concrete> ids(std::initializer_list<u128> list) {
  IntentIds<Concrete> v;
  v.len = u32(list.size());
  unsigned i = 0;
  for (u128 id : list) v.items[i++] = id;
  return v;
}
Result<Concrete, Sys> submit(const Sys& s, const U256& value, const char* in = "DOT", const char* out = "USDC",
                             u128 min_output = 10) {
  return run<SubmitIntent>(s, at(kOwner, 1, value), std::string("enc"), std::string(in), std::string(out), min_output);
}
// Three intents of kOwner: DOT->USDC (100, 200) and DOT->ETH (50).
Sys three() {
  Sys s = submit(standard_system(), 100).post;
  s = submit(s, 200).post;
  return submit(s, 50, "DOT", "ETH").post;
}
const Intent<Concrete>& intent_of(const Sys& s, u128 id) { return *s.slot<MevProtection>().state.intents.entries.find(id); }

TEST(SpecMev, SubmitAndCancel) {
  auto r = submit(standard_system(), 100);
  ASSERT_TRUE(r.ok) << r.reason();
  EXPECT_EQ(r.post.slot<MevProtection>().balance, U256(0));  // R7
  EXPECT_TRUE(r.post.slot<PaymentEscrow>().state.capital.contains(1));
  EXPECT_EQ(r.post.slot<MevProtection>().state.pending_count, u128(1));
  expect_refused(submit(standard_system(), kU128MaxAsU256 + 1), "ValueTooLarge");
  expect_refused(submit(standard_system(), 0), "ZeroAmount");
  expect_refused(submit(standard_system(), 5, "DOT", "DOT"), "SameToken");
  Sys full = standard_system();
  full.slot<MevProtection>().state.intent_counter = kU128Max;
  expect_refused(submit(full, 5), "IdsExhausted");

  Sys s = r.post;
  expect_refused(run<CancelIntent>(s, at(kOwner, 2), u128(2)), "NoSuchIntent");
  expect_refused(run<CancelIntent>(s, at(kOther, 2), u128(1)), "NotIntentOwner");
  auto c = run<CancelIntent>(s, at(kOwner, 2), u128(1));
  ASSERT_TRUE(c.ok) << c.reason();
  EXPECT_EQ(c.transfers[0].to, kOwner);
  EXPECT_EQ(c.transfers[0].amount, U256(100));
  EXPECT_EQ(c.post.slot<MevProtection>().state.pending_count, u128(0));
  expect_refused(run<CancelIntent>(c.post, at(kOwner, 2), u128(1)), "NotPending");
}

TEST(SpecMev, CreateBatchIsCanonical) {
  Sys s = three();
  auto a = run<CreateBatch>(s, at(kExecutor, 2), ids({2, 1}), std::string("route"));
  auto b = run<CreateBatch>(s, at(kExecutor, 2), ids({1, 2}), std::string("route"));
  ASSERT_TRUE(a.ok) << a.reason();
  EXPECT_EQ(a.post.slot<MevProtection>().state, b.post.slot<MevProtection>().state);  // M-PERMUTE
  auto batch = a.post.slot<MevProtection>().state.batches.get(1).value;
  EXPECT_EQ(batch.intent_ids, ids({1, 2}));
  EXPECT_EQ(batch.total_input, u128(300));
  EXPECT_EQ(intent_of(a.post, 2).status, IntentStatus::Batched);
  EXPECT_EQ(a.post.slot<MevProtection>().state.pending_count, u128(1));

  expect_refused(run<CreateBatch>(s, at(kOwner, 2), ids({1, 2}), std::string("r")), "NotExecutor");
  expect_refused(run<CreateBatch>(s, at(kExecutor, 2), ids({1}), std::string("r")), "BatchSizeOutOfRange");
  expect_refused(run<CreateBatch>(s, at(kExecutor, 2), ids({2, 2}), std::string("r")), "DuplicateIntent");
  expect_refused(run<CreateBatch>(s, at(kExecutor, 2), ids({1, 9}), std::string("r")), "NoSuchIntent");
  expect_refused(run<CreateBatch>(a.post, at(kExecutor, 2), ids({1, 3}), std::string("r")), "NotPending");
  expect_refused(run<CreateBatch>(s, at(kExecutor, 2), ids({1, 3}), std::string("r")), "MixedPairs");
  Sys big = s;
  Intent<Concrete> i1 = intent_of(s, 1);
  i1.min_output = kU128Max;
  big.slot<MevProtection>().state.intents.set(1, i1);
  expect_refused(run<CreateBatch>(big, at(kExecutor, 2), ids({1, 2}), std::string("r")), "Overflow");
  Sys full = s;
  full.slot<MevProtection>().state.batch_counter = kU128Max;
  expect_refused(run<CreateBatch>(full, at(kExecutor, 2), ids({1, 2}), std::string("r")), "IdsExhausted");
}

TEST(SpecMev, ExecuteBatchAllOrNothingInOrder) {
  Sys s = run<CreateBatch>(three(), at(kExecutor, 2), ids({1, 2}), std::string("r")).post;
  auto ok = run<ExecuteBatch>(s, at(kExecutor, 3), u128(1), u128(20), std::string("1.0"));
  ASSERT_TRUE(ok.ok) << ok.reason();
  EXPECT_EQ(intent_of(ok.post, 1).status, IntentStatus::Executed);
  ASSERT_EQ(ok.transfers.size(), 2u);
  EXPECT_EQ(ok.transfers[0].to, kExecutor);
  EXPECT_EQ(ok.transfers[1].amount, U256(200));
  EXPECT_EQ(ok.post.slot<MevProtection>().state.next_batch, u128(2));
  auto fail = run<ExecuteBatch>(s, at(kExecutor, 3), u128(1), u128(19), std::string("1.0"));
  ASSERT_TRUE(fail.ok) << fail.reason();  // a failed batch is an Ok outcome that refunds everyone
  EXPECT_EQ(intent_of(fail.post, 2).status, IntentStatus::Failed);
  EXPECT_EQ(fail.transfers[0].to, kOwner);
  EXPECT_EQ(fail.returned.at(1), leaf_of(false));

  expect_refused(run<ExecuteBatch>(s, at(kOwner, 3), u128(1), u128(20), std::string("p")), "NotExecutor");
  expect_refused(run<ExecuteBatch>(s, at(kExecutor, 3), u128(2), u128(20), std::string("p")), "NoSuchBatch");
  expect_refused(run<ExecuteBatch>(ok.post, at(kExecutor, 3), u128(1), u128(20), std::string("p")), "AlreadyExecuted");
  Sys two = s;
  two.slot<MevProtection>().state.next_batch = 2;  // as if batch 1 were skipped
  expect_refused(run<ExecuteBatch>(two, at(kExecutor, 3), u128(1), u128(20), std::string("p")), "OutOfOrder");
  EXPECT_EQ(run<GetBatchStats>(ok.post, at(kOther, 3), u128(1)).returned,
            leaves<ConcreteLeaf>(BatchStats<Concrete>{2, 20, true}));
  EXPECT_EQ(run<GetBatchStats>(ok.post, at(kOther, 3), u128(7)).returned,
            leaves<ConcreteLeaf>(BatchStats<Concrete>{0, 0, false}));
}

// Design §5 decision 16: create_batch never issues the id u128::MAX, which execute_batch
// could not run (next_batch + 1 would overflow). With batch_counter at u128::MAX - 2 the
// last id, u128::MAX - 1, is issued and executes (next_batch reaches u128::MAX); one more
// create_batch refuses with IdsExhausted, as at u128::MAX.
TEST(SpecMev, LastBatchIdStillExecutes) {
  Sys s = three();
  auto& m = s.slot<MevProtection>().state;
  m.batch_counter = kU128Max - u128(2);
  m.next_batch = kU128Max - u128(1);
  auto last = run<CreateBatch>(s, at(kExecutor, 2), ids({1, 2}), std::string("r"));
  ASSERT_TRUE(last.ok) << last.reason();
  EXPECT_EQ(last.post.slot<MevProtection>().state.batch_counter, kU128Max - u128(1));
  auto done = run<ExecuteBatch>(last.post, at(kExecutor, 3), kU128Max - u128(1), u128(0), std::string(""));
  ASSERT_TRUE(done.ok) << done.reason();
  EXPECT_EQ(done.post.slot<MevProtection>().state.next_batch, kU128Max);
  EXPECT_EQ(done.transfers.size(), 2u);  // failed (output 0): both capitals refunded
  Sys one_left = three();
  one_left.slot<MevProtection>().state.batch_counter = kU128Max - u128(1);
  expect_refused(run<CreateBatch>(one_left, at(kExecutor, 2), ids({1, 2}), std::string("r")), "IdsExhausted");
}

TEST(SpecMev, Admin) {
  Sys s = standard_system();
  expect_refused(run<SetBatchConfig>(s, at(kOther, 1), u32(3), u32(1)), "NotAdmin");
  expect_refused(run<SetBatchConfig>(s, at(kAdmin, 1), u32(7), u32(1)), "InvalidConfig");
  expect_refused(run<SetBatchConfig>(s, at(kAdmin, 1), u32(2), u32(3)), "InvalidConfig");
  expect_refused(run<SetBatchConfig>(s, at(kAdmin, 1), u32(2), u32(0)), "InvalidConfig");
  EXPECT_TRUE(run<SetBatchConfig>(s, at(kAdmin, 1), u32(3), u32(1)).ok);
  expect_refused(run<SetExecutor>(s, at(kOther, 1), kOther), "NotAdmin");
  expect_refused(run<SetExecutor>(s, at(kOther, 1), kEscrow), "NotAdmin");
  // The amendment (docs/spec-profile-design.md §7): never one of the six wired contracts,
  // which could not sign execute_batch.
  for (const Address& c : {kQueue, kEscrow, kRegistry, kNft, kPhala, kMev})
    expect_refused(run<SetExecutor>(s, at(kAdmin, 1), c), "NotAnAccount");
  auto e = run<SetExecutor>(s, at(kAdmin, 1), kOther);
  ASSERT_TRUE(e.ok);
  EXPECT_EQ(e.post.slot<MevProtection>().state.executor, kOther);
  EXPECT_EQ(run<GetPendingIntents>(three(), at(kOther, 1)).returned, leaves<ConcreteLeaf>(u128(3)));
}

}  // namespace
}  // namespace meshcheck::model::spec
