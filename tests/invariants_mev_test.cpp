// mev_protection's invariants (M-ORDER, M-EXCLUSIVE, M-MEMBERS, M-ONCE, M-FIFO,
// M-PERMUTE, M-LIFECYCLE, M-OUTPUT, and its part of G-COUNTER): each holds on an honest
// run (M-PERMUTE excepted: no batch of the deployed code keeps it), and each is violated
// by the shortest sequence of deployed calls that breaks it. Where no sequence of deployed calls reaches
// a violation, a hand-built step (or the deployed message run on a hand-built state, for
// a counter saturated at u128::MAX) shows the check fires.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "invariants/monitor.hpp"
#include "model/mev_protection.hpp"
#include "support/honest_run_suite.hpp"
#include "support/monitored.hpp"

using namespace meshcheck;
using namespace meshcheck::testing;
namespace inv = meshcheck::invariants;
namespace mev = meshcheck::model::deployed::mev_protection;
using mev::IntentStatus;

namespace {

const Address kContract = account(0xC6);
const Address kAlice = account(0x01);  // the deployer, hence the admin
const Address kBob = account(0x02);
const Address kCharlie = account(0x03);
const Address kKeeper = account(0x09);

Value U(const u128& v) { return Value(v); }

// A deployed mev_protection watched by a Monitor: every deploy and call is one observed
// step. The scenarios here expect no call to revert.
struct Watched : MonitoredContract {
  Watched() : MonitoredContract("mev_protection", kContract, kAlice) { expect_no_revert = true; }

  CallResult submit(const Address& who, const u128& min_output = 10) {
    return call(who, "submit_intent", {"enc", "DOT", "USDT", U(min_output)});
  }
  void submit_n(unsigned n, const u128& min_output = 10) {
    for (unsigned i = 0; i < n; ++i) submit(i % 2 ? kBob : kCharlie, min_output);
  }
  CallResult create(const std::vector<u128>& list) { return call(kKeeper, "create_batch", {u128_vec(list), "route"}); }
  CallResult execute(const u128& batch, const u128& output) {
    return call(kKeeper, "execute_batch", {U(batch), U(output), "1.0"});
  }
  void set_min_batch_size(u32 n) { call(kAlice, "set_batch_config", {u32(100), n}); }
};

// An honest run: intents submitted, batched once each in increasing order with sizes in
// bounds, batches executed oldest first with enough output, a reconfiguration by the
// admin; plus calls the contract refuses and read-only calls.
std::vector<inv::Violation> honest_run() {
  Watched r;
  r.submit_n(5, 10);
  r.tick();
  EXPECT_EQ(r.create(id_range(1, 5)).outcome.returned, Value(u128(1)));
  r.submit_n(6, 20);
  EXPECT_EQ(r.create(id_range(6, 9)).outcome.returned, Value(u128(0)));  // too small: refused, nothing changes
  EXPECT_EQ(r.create(id_range(6, 11)).outcome.returned, Value(u128(2)));
  r.tick();
  EXPECT_EQ(r.execute(1, 50).outcome.returned, Value(true));  // exactly 5 * 10
  EXPECT_EQ(r.execute(7, 50).outcome.returned, Value(false));  // no such batch
  r.tick();
  EXPECT_EQ(r.execute(2, 1000).outcome.returned, Value(true));
  EXPECT_EQ(r.call(kAlice, "set_batch_config", {u32(3), u32(2)}).outcome.returned, Value(true));
  EXPECT_EQ(r.call(kBob, "set_batch_config", {u32(1), u32(1)}).outcome.returned, Value(false));  // not the admin
  r.submit_n(3, 7);
  EXPECT_EQ(r.create({u128(12), u128(14)}).outcome.returned, Value(u128(3)));
  r.call(kBob, "get_batch", {U(3)});
  r.call(kBob, "get_intent", {U(12)});
  r.tick();
  EXPECT_EQ(r.execute(3, 14).outcome.returned, Value(true));
  r.submit(kBob);  // intent 15, left pending; intent 13 too
  // The deployed create_batch stores the ids in the order given, so every batch of two
  // different ids or more breaks M-PERMUTE (see the M-PERMUTE tests below): no run that
  // creates a batch keeps it, however honest. Everything else must hold.
  std::erase_if(r.out, [](const inv::Violation& v) { return v.id == "M-PERMUTE"; });
  return r.out;
}

// Checks one hand-built step of the instance at kContract, taking `was` to `now`.
std::vector<inv::Violation> check_by_hand(const mev::State& was, const mev::State& now,
                                          std::vector<model::Event> events = {}) {
  ContractStep<mev::State> step(inv::mev_protection_invariants(), mev::spec(), kContract, kKeeper, "create_batch");
  step.result.events = std::move(events);
  return step.check(was, now);
}

mev::Intent intent(const u128& id, IntentStatus st = IntentStatus::Pending, std::optional<u128> batch = {},
                   const u128& min_output = 10) {
  return mev::Intent{id, kBob, "enc", "DOT", "USDT", min_output, st, 6000, batch};
}
// n pending intents, no batch.
mev::State with_intents(unsigned n) {
  mev::State s;
  s.admin = kAlice;
  s.intent_counter = n;
  s.batch_counter = 0;
  for (unsigned i = 1; i <= n; ++i) s.intents.insert(u128(i), intent(u128(i)));
  return s;
}
// Adds batch `id` listing `list` (intents marked Batched into it), as an honest create would.
void add_batch(mev::State& s, const u128& id, const std::vector<u128>& list) {
  u128 volume = 0;
  for (auto& i : list) {
    auto in = *s.intents.find(i);
    volume += in.min_output;
    in.status = IntentStatus::Batched;
    in.batch_id = id;
    s.intents.insert(i, in);
  }
  s.batches.insert(id, mev::Batch{id, list, static_cast<u32>(list.size()), volume, "route", IntentStatus::Pending,
                                  6000, std::nullopt});
  if (s.batch_counter < id) s.batch_counter = id;
}

// The deployed message `label` run by the keeper on a hand-built state.
model::MessageResult run_deployed(const mev::State& state, std::string_view label, std::vector<Value> args) {
  return run_on_state(mev::spec(), state, kContract, kKeeper, label, std::move(args));
}

}  // namespace

TEST(MevInvariants, CatalogEntries) {
  struct Want {
    const char* id;
    inv::Kind kind;
    const char* statement;
  };
  const std::vector<Want> wants{
      {"M-ORDER", inv::Kind::State,
       "Every batch lists its intents in strictly increasing id order: one canonical order, no duplicates."},
      {"M-EXCLUSIVE", inv::Kind::State,
       "An intent belongs to at most one batch, and its batch_id names the batch that lists it."},
      {"M-MEMBERS", inv::Kind::State,
       "A batch holds only intents that existed and were Pending when it was created, and its size lies within "
       "[min_batch_size, batch_size]."},
      {"M-ONCE", inv::Kind::Transition,
       "A batch's list never changes after creation, and it is executed at most once."},
      {"M-FIFO", inv::Kind::Transition, "Batches execute in the order they were created."},
      {"M-PERMUTE", inv::Kind::TwoRun,
       "Creating a batch from any permutation of the same intent ids yields the same world (a two-run property)."},
      {"M-LIFECYCLE", inv::Kind::Transition,
       "An intent's status moves only Pending→Batched→Executed or Failed, or Pending→Cancelled."},
      {"M-OUTPUT", inv::Kind::Transition,
       "A batch is recorded as successfully executed only when its actual output covers the sum of its intents' "
       "min_output."},
  };
  const auto& ci = inv::mev_protection_invariants();
  EXPECT_EQ(ci.contract, "mev_protection");
  ASSERT_EQ(ci.invariants.size(), wants.size());
  for (std::size_t k = 0; k < wants.size(); ++k) {
    const auto& w = wants[k];
    EXPECT_EQ(ci.invariants[k].id, w.id);
    const inv::Invariant* i = inv::find_invariant(w.id);
    ASSERT_NE(i, nullptr) << w.id;
    EXPECT_EQ(i->kind, w.kind) << w.id;
    EXPECT_EQ(i->statement, w.statement);
    EXPECT_EQ(i->contract, "mev_protection");
    EXPECT_EQ(i->profiles, (std::vector<std::string>{"deployed", "spec"}));  // spec keeps it unchanged
  }
}

// --- M-PERMUTE ----------------------------------------------------------------------------

// A two-run property that a run can break: the check reruns each create_batch that
// returned from the world before it, with the ids in another order (the first moved to
// the end), and compares the worlds.
TEST(MevInvariants, PermuteIsATwoRunPropertyCheckedOnRuns) {
  const inv::Invariant* i = inv::find_invariant("M-PERMUTE");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->kind, inv::Kind::TwoRun);
  EXPECT_TRUE(i->checkable_on_runs());
}

// Shortest: one create_batch of two different ids (they need not exist): the batch keeps
// its list in the order given, so the other order leaves another world.
TEST(MevInvariants, PermuteViolatedByOneCreate) {
  Watched r;
  r.set_min_batch_size(2);
  r.create({u128(1), u128(2)});
  ASSERT_EQ(r.count("M-PERMUTE"), 1u) << dump(r.out);
  EXPECT_NE(last_detail(r.out, "M-PERMUTE")
                .find("create_batch with the intent ids [1, 2] and with [2, 1] from the same world end in different "
                      "worlds: batch 1 (mev_protection at "),
            std::string::npos)
      << dump(r.out);
  EXPECT_NE(last_detail(r.out, "M-PERMUTE").find("lists [1, 2] in one and [2, 1] in the other"), std::string::npos)
      << dump(r.out);
}

// With real pending intents, in the canonical (increasing) order, too: the honest order
// is one order among several, and the contract does not make them equal.
TEST(MevInvariants, PermuteViolatedByAnIncreasingListOfPendingIntents) {
  Watched r;
  r.submit_n(5);
  r.create(id_range(1, 5));
  EXPECT_EQ(r.count("M-PERMUTE"), 1u) << dump(r.out);
  EXPECT_EQ(r.count("M-ORDER"), 0u) << dump(r.out);
}

// Not reported where every order gives the same world: a refused size (nothing stored),
// a list of one id, a list of one id repeated; nor on other messages.
TEST(MevInvariants, PermuteHoldsWhereTheOrderCannotMatter) {
  Watched r;
  r.submit_n(6);
  EXPECT_EQ(r.create(id_range(1, 4)).outcome.returned, Value(u128(0)));  // too few: refused
  EXPECT_EQ(r.create({u128(3), u128(3), u128(3), u128(3), u128(3)}).outcome.returned, Value(u128(1)));
  r.set_min_batch_size(1);
  EXPECT_EQ(r.create({u128(6)}).outcome.returned, Value(u128(2)));
  r.execute(1, 1000);
  EXPECT_EQ(r.count("M-PERMUTE"), 0u) << dump(r.out);
}

// --- honest runs: nothing reported ----------------------------------------------------

INSTANTIATE_TEST_SUITE_P(MevInvariants, HonestRun,
                         ::testing::ValuesIn(honest_run_cases(honest_run,
                                                              {"M-ORDER", "M-EXCLUSIVE", "M-MEMBERS", "M-ONCE",
                                                               "M-FIFO", "M-LIFECYCLE", "M-OUTPUT", "G-COUNTER"})),
                         honest_run_case_name);

// --- M-ORDER -----------------------------------------------------------------------------

// Shortest: one create_batch listing ids out of order (they need not even exist).
TEST(MevInvariants, OrderViolatedByOneCreate) {
  Watched r;
  r.create({u128(2), u128(1), u128(3), u128(4), u128(5)});
  EXPECT_EQ(r.count("M-ORDER"), 1u) << dump(r.out);
}

// With real pending intents, only the order is wrong: a permutation, or a duplicate.
TEST(MevInvariants, OrderViolatedByPermutedOrDuplicatedPendingIntents) {
  Watched r;
  r.submit_n(10);
  r.create({u128(5), u128(4), u128(3), u128(2), u128(1)});
  EXPECT_EQ(r.count("M-ORDER"), 1u) << dump(r.out);
  EXPECT_EQ(r.count("M-MEMBERS"), 0u) << dump(r.out);
  r.create({u128(6), u128(7), u128(7), u128(8), u128(9)});
  EXPECT_EQ(r.count("M-ORDER"), 2u) << dump(r.out);
  EXPECT_EQ(r.count("M-MEMBERS"), 0u) << dump(r.out);
}

// --- M-EXCLUSIVE ---------------------------------------------------------------------------

// Shortest: a batch listing a not-yet-submitted id, then the intent is submitted: it is
// listed by batch 1 but its batch_id names none.
TEST(MevInvariants, ExclusiveViolatedByBatchListingAFutureIntent) {
  Watched r;
  r.create(id_range(1, 5));
  EXPECT_EQ(r.count("M-EXCLUSIVE"), 0u) << dump(r.out);
  r.submit(kBob);
  EXPECT_EQ(r.count("M-EXCLUSIVE"), 1u) << dump(r.out);
  EXPECT_NE(last_detail(r.out, "M-EXCLUSIVE").find("names no batch"), std::string::npos) << dump(r.out);
}

// The same intents batched twice: listed by two batches.
TEST(MevInvariants, ExclusiveViolatedByBatchingTwice) {
  Watched r;
  r.submit_n(5);
  r.create(id_range(1, 5));
  EXPECT_EQ(r.count("M-EXCLUSIVE"), 0u) << dump(r.out);
  r.create(id_range(1, 5));
  EXPECT_EQ(r.count("M-EXCLUSIVE"), 5u) << dump(r.out);  // one per intent
  EXPECT_NE(last_detail(r.out, "M-EXCLUSIVE").find("listed by batches [1, 2]"), std::string::npos) << dump(r.out);
}

TEST(MevInvariants, ExclusiveFiresOnBatchIdNamingTheWrongBatch) {
  mev::State was = with_intents(5);
  add_batch(was, 1, id_range(1, 5));
  mev::State now = was;
  auto in = *now.intents.find(u128(3));
  in.batch_id = u128(2);
  now.intents.insert(u128(3), in);
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "M-EXCLUSIVE"), 1u) << dump(out);
}

// --- M-MEMBERS -----------------------------------------------------------------------------

// Shortest: one create_batch of ids no intent has.
TEST(MevInvariants, MembersViolatedByOneCreateOfUnknownIds) {
  Watched r;
  r.create(id_range(1, 5));
  EXPECT_EQ(r.count("M-MEMBERS"), 5u) << dump(r.out);
}

// Re-batching intents that are no longer Pending.
TEST(MevInvariants, MembersViolatedByRebatchingBatchedIntents) {
  Watched r;
  r.submit_n(5);
  r.create(id_range(1, 5));
  EXPECT_EQ(r.count("M-MEMBERS"), 0u) << dump(r.out);
  r.create(id_range(1, 5));
  EXPECT_EQ(r.count("M-MEMBERS"), 5u) << dump(r.out);
  EXPECT_NE(last_detail(r.out, "M-MEMBERS").find("Batched, not Pending"), std::string::npos) << dump(r.out);
}

// create_batch checks the size bounds itself: a hand-built batch outside them.
TEST(MevInvariants, MembersFiresOnSizeOutsideTheBounds) {
  mev::State was = with_intents(3);
  mev::State now = was;
  add_batch(now, 1, id_range(1, 3));  // min_batch_size is 5
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "M-MEMBERS"), 1u) << dump(out);
  EXPECT_NE(last_detail(out, "M-MEMBERS").find("outside [5, 100]"), std::string::npos) << dump(out);
}

// --- M-ONCE ----------------------------------------------------------------------------------

// Shortest: create, execute, execute again.
TEST(MevInvariants, OnceViolatedByExecutingTwice) {
  Watched r;
  r.create(id_range(1, 5));
  r.execute(1, 0);
  EXPECT_EQ(r.count("M-ONCE"), 0u) << dump(r.out);
  r.tick();
  r.execute(1, 0);
  EXPECT_EQ(r.count("M-ONCE"), 1u) << dump(r.out);
}

// Executed again in the same block with the same output: no state changes, the
// BatchExecuted event still shows the second execution.
TEST(MevInvariants, OnceViolatedByIdenticalReexecution) {
  Watched r;
  r.create(id_range(1, 5));
  r.execute(1, 0);
  World before = r.world;
  r.execute(1, 0);
  EXPECT_TRUE(before == r.world);
  EXPECT_EQ(r.count("M-ONCE"), 1u) << dump(r.out);
}

TEST(MevInvariants, OnceFiresOnAListChangedAfterCreation) {
  mev::State was = with_intents(6);
  add_batch(was, 1, id_range(1, 5));
  mev::State now = was;
  auto b = *now.batches.find(u128(1));
  b.intent_ids = id_range(2, 6);
  now.batches.insert(u128(1), b);
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "M-ONCE"), 1u) << dump(out);
}

// The deployed create_batch, once batch_counter has saturated at u128::MAX, issues id
// MAX again and overwrites the stored batch: its list changes.
TEST(MevInvariants, SaturatedBatchCounterOverwritesABatch) {
  mev::State was = with_intents(10);
  add_batch(was, kU128Max, id_range(1, 5));
  model::MessageResult s = run_deployed(was, "create_batch", {u128_vec(id_range(6, 10)), "route2"});
  ASSERT_FALSE(s.outcome.reverted) << s.outcome.reason;
  EXPECT_EQ(s.outcome.returned, Value(kU128Max));
  const auto& now = static_cast<const mev::State&>(*s.state);
  auto out = check_by_hand(was, now, s.events);
  EXPECT_EQ(count(out, "M-ONCE"), 1u) << dump(out);
  EXPECT_EQ(count(out, "G-COUNTER"), 1u) << dump(out);
  // Intents 1..5 still name batch MAX, which no longer lists them.
  EXPECT_EQ(count(out, "M-EXCLUSIVE"), 5u) << dump(out);
}

// --- M-FIFO ----------------------------------------------------------------------------------

// Shortest: two batches, the newer executed first.
TEST(MevInvariants, FifoViolatedByExecutingTheNewerBatchFirst) {
  Watched r;
  r.create(id_range(1, 5));
  r.create(id_range(6, 10));
  r.execute(2, 0);
  EXPECT_EQ(r.count("M-FIFO"), 1u) << dump(r.out);
  r.execute(1, 0);  // the older one, now: in order
  EXPECT_EQ(r.count("M-FIFO"), 1u) << dump(r.out);
}

// --- M-LIFECYCLE -------------------------------------------------------------------------------

// Shortest: a batch listing a future id; the intent is submitted (Pending) and the batch
// executed: Pending -> Executed.
TEST(MevInvariants, LifecycleViolatedByExecutingAPendingIntent) {
  Watched r;
  r.create(id_range(1, 5));
  r.submit(kBob);
  EXPECT_EQ(r.count("M-LIFECYCLE"), 0u) << dump(r.out);
  r.execute(1, 0);
  EXPECT_EQ(r.count("M-LIFECYCLE"), 1u) << dump(r.out);
  EXPECT_NE(last_detail(r.out, "M-LIFECYCLE").find("Pending -> Executed"), std::string::npos) << dump(r.out);
}

// An executed intent re-batched: Executed -> Batched.
TEST(MevInvariants, LifecycleViolatedByRebatchingAnExecutedIntent) {
  Watched r;
  r.submit_n(5);
  r.create(id_range(1, 5));
  r.execute(1, 100);
  EXPECT_EQ(r.count("M-LIFECYCLE"), 0u) << dump(r.out);
  r.create(id_range(1, 5));
  EXPECT_EQ(r.count("M-LIFECYCLE"), 5u) << dump(r.out);
}

TEST(MevInvariants, LifecycleFiresOnANewIntentNotPending) {
  mev::State was = with_intents(1);
  mev::State now = was;
  now.intent_counter = 2;
  now.intents.insert(u128(2), intent(u128(2), IntentStatus::Executed));
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "M-LIFECYCLE"), 1u) << dump(out);
}

// --- M-OUTPUT ---------------------------------------------------------------------------------

// Shortest: an intent with a min_output, a batch listing it, executed with output 0.
TEST(MevInvariants, OutputViolatedByExecutingWithTooLittleOutput) {
  Watched r;
  r.submit(kBob, 100);
  r.create(id_range(1, 5));
  r.execute(1, 99);
  EXPECT_EQ(r.count("M-OUTPUT"), 1u) << dump(r.out);
  EXPECT_NE(last_detail(r.out, "M-OUTPUT").find("below its intents' min_output sum 100"), std::string::npos)
      << dump(r.out);
}

TEST(MevInvariants, OutputHoldsAtExactlyTheSum) {
  Watched r;
  r.submit_n(5, 100);
  r.create(id_range(1, 5));
  r.execute(1, 500);
  EXPECT_EQ(r.count("M-OUTPUT"), 0u) << dump(r.out);
}

// The check recomputes the sum from the intents: a result whose total_input_amount
// under-reports still fires.
TEST(MevInvariants, OutputRecomputesTheSumFromTheIntents) {
  mev::State was = with_intents(5);
  add_batch(was, 1, id_range(1, 5));
  mev::State now = was;
  auto b = *now.batches.find(u128(1));
  b.status = IntentStatus::Executed;
  b.executed_at = 12000;
  now.batches.insert(u128(1), b);
  now.batch_results.insert(u128(1), mev::BatchResult{u128(1), true, u128(0), u128(10), "1.0", 12000});
  for (unsigned i = 1; i <= 5; ++i) {
    auto in = *now.intents.find(u128(i));
    in.status = IntentStatus::Executed;
    now.intents.insert(u128(i), in);
  }
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "M-OUTPUT"), 1u) << dump(out);
  EXPECT_EQ(out.size(), 1u) << dump(out);
}

// --- G-COUNTER ----------------------------------------------------------------------------------

TEST(MevInvariants, CounterFiresWhenACounterGoesBack) {
  mev::State was = with_intents(5);
  add_batch(was, 1, id_range(1, 5));
  mev::State now = was;
  now.intent_counter = 4;
  now.batch_counter = 0;
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "G-COUNTER"), 2u) << dump(out);
}

TEST(MevInvariants, CounterFiresOnIdsOutsideOneToCounter) {
  mev::State was = with_intents(5);
  mev::State now = was;
  now.intents.insert(u128(9), intent(u128(9)));  // intent_counter is 5
  now.batches.insert(u128(3), mev::Batch{u128(3), id_range(1, 5), 5, u128(50), "r", IntentStatus::Pending, 6000,
                                         std::nullopt});  // batch_counter is 0
  auto out = check_by_hand(was, now);
  EXPECT_EQ(count(out, "G-COUNTER"), 2u) << dump(out);
}

TEST(MevInvariants, SaturatedIntentCounterOverwritesAnIntent) {
  mev::State was = with_intents(0);
  was.intent_counter = kU128Max;
  was.intents.insert(kU128Max, intent(kU128Max, IntentStatus::Executed));
  model::MessageResult s = run_deployed(was, "submit_intent", {"enc2", "KSM", "USDC", U(5)});
  ASSERT_FALSE(s.outcome.reverted) << s.outcome.reason;
  const auto& now = static_cast<const mev::State&>(*s.state);
  auto out = check_by_hand(was, now, s.events);
  EXPECT_EQ(count(out, "G-COUNTER"), 1u) << dump(out);
  EXPECT_EQ(count(out, "M-LIFECYCLE"), 1u) << dump(out);  // Executed -> Pending
}

// Many batches: the checks look only at what each step changed (smoke test).
TEST(MevInvariants, ManyBatchesHonestRun) {
  Watched r;
  for (unsigned b = 0; b < 100; ++b) {
    r.submit_n(5);
    r.create(id_range(5 * b + 1, 5 * b + 5));
    if (b >= 2) r.execute(b - 1, 50);  // oldest first, two behind
  }
  // Every batch breaks M-PERMUTE (the deployed code keeps the order given), and nothing else.
  EXPECT_EQ(r.count("M-PERMUTE"), 100u) << dump(r.out);
  EXPECT_EQ(r.out.size(), 100u) << dump(r.out);
}
