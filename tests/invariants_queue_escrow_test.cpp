// The global invariants and those of ai_job_queue and payment_escrow: each holds on an
// honest run, and each fires, either on the shortest deployed sequence that breaks
// it or on a hand-made broken step where the deployed code cannot break it.
#include <gtest/gtest.h>

#include <set>

#include "invariants/monitor.hpp"
#include "model/ai_job_queue.hpp"
#include "model/payment_escrow.hpp"
#include "support/monitored.hpp"

using namespace meshcheck;
using namespace meshcheck::testing;
using invariants::Monitor;
using invariants::RunStep;
using invariants::StepKind;
using invariants::Violation;
namespace aq = model::deployed::ai_job_queue;
namespace pe = model::deployed::payment_escrow;

namespace {
const Address kQueue = h160(0xc1);
const Address kEscrow = account(0xc4);

Monitored queue() {
  Monitored h;
  h.deploy("ai_job_queue", kQueue, h160(1), {Value(u128(100))});
  return h;
}
Monitored escrow() {
  Monitored h;
  h.deploy("payment_escrow", kEscrow, account(1));
  return h;
}
std::vector<Value> job_args(u32 deadline) { return {Value("m"), Value("d"), Value(deadline), Value(false)}; }

// A step from `before` to `before` with the queue's state replaced by `broken`.
std::set<std::string> broken_queue_step(const World& before, const aq::State& broken, const model::Call* call = nullptr,
                                        const CallResult* result = nullptr) {
  World after = before;
  after.set_state(kQueue, std::make_shared<aq::State>(broken));
  Monitor monitor;
  std::vector<Violation> out;
  monitor.observe(RunStep{call ? StepKind::Call : StepKind::Transfer, before, after, call, result}, out);
  std::set<std::string> ids;
  for (auto& v : out) ids.insert(v.id);
  return ids;
}
}  // namespace

// --- ai_job_queue ----------------------------------------------------------------------

TEST(QueueInvariants, HoldOnAnHonestLifecycle) {
  auto h = queue();
  h.call(kQueue, h160(2), "submit_job", job_args(10), 100);
  h.call(kQueue, h160(2), "assign_provider", {Value(u128(1)), Value(h160(3))});
  h.call(kQueue, h160(3), "mark_in_progress", {Value(u128(1))});
  h.call(kQueue, h160(3), "mark_completed", {Value(u128(1)), Value("r")});
  h.call(kQueue, h160(2), "submit_job", job_args(10), 150);
  h.call(kQueue, h160(2), "cancel_job", {Value(u128(2))});
  h.call(kQueue, h160(9), "cancel_job", {Value(u128(1))});  // refused: not the owner
  EXPECT_TRUE(h.out.empty()) << h.out.front().id << ": " << h.out.front().detail;
}

TEST(QueueInvariants, CancellingACancelledJobAgainBreaksLifecycle) {
  auto h = queue();
  h.call(kQueue, h160(2), "submit_job", job_args(10), 100);
  h.call(kQueue, h160(2), "cancel_job", {Value(u128(1))});
  EXPECT_TRUE(h.out.empty());
  h.call(kQueue, h160(2), "cancel_job", {Value(u128(1))});
  ASSERT_EQ(h.violated_ids(), std::set<std::string>{"Q-LIFECYCLE"});
  EXPECT_NE(h.out[0].detail.find("JobCancelled emitted for job 1, which was already Cancelled"),
            std::string::npos)
      << h.out[0].detail;
}

TEST(QueueInvariants, BrokenStatesAreCaught) {
  auto h = queue();
  h.call(kQueue, h160(2), "submit_job", job_args(10), 100);
  const auto& good = h.state<aq::State>(kQueue);

  aq::State no_provider = good;  // Assigned without a provider
  aq::Job j = *good.jobs.find(u128(1));
  j.status = aq::JobStatus::Assigned;
  no_provider.jobs.insert(u128(1), j);
  EXPECT_TRUE(broken_queue_step(h.world, no_provider).count("Q-ASSIGNED"));

  aq::State back = good;  // Completed, then back to Registered
  j = *good.jobs.find(u128(1));
  j.status = aq::JobStatus::Completed;
  j.assigned_provider = h160(3);
  back.jobs.insert(u128(1), j);
  h.world.set_state(kQueue, std::make_shared<aq::State>(back));
  aq::State reopened = back;
  j.status = aq::JobStatus::Registered;
  j.assigned_provider.reset();
  reopened.jobs.insert(u128(1), j);
  EXPECT_TRUE(broken_queue_step(h.world, reopened).count("Q-LIFECYCLE"));

  aq::State counter_down = back;
  counter_down.job_counter = 0;
  EXPECT_TRUE(broken_queue_step(h.world, counter_down).count("G-COUNTER"));

  aq::State rebudgeted = back;
  j = *back.jobs.find(u128(1));
  j.budget = 1;
  rebudgeted.jobs.insert(u128(1), j);
  EXPECT_TRUE(broken_queue_step(h.world, rebudgeted).count("Q-BUDGET"));
}

TEST(QueueInvariants, ASubmissionNotByItsOwnerOrUnderpaidOrLateIsCaught) {
  auto h = queue();
  World before = h.world;
  model::Call c = h.make_call(kQueue, h160(2), "submit_job", job_args(10), 100);
  CallResult r = h.world.call(c);
  ASSERT_FALSE(r.outcome.reverted);
  aq::State forged = h.state<aq::State>(kQueue);
  aq::Job j = *forged.jobs.find(u128(1));
  j.owner = h160(7);
  j.budget = 50;
  j.deadline = 1;
  forged.jobs.insert(u128(1), j);
  auto ids = broken_queue_step(before, forged, &c, &r);
  EXPECT_TRUE(ids.count("Q-AUTH"));
  EXPECT_TRUE(ids.count("Q-BUDGET"));
  EXPECT_TRUE(ids.count("Q-DEADLINE"));
}

// --- payment_escrow ----------------------------------------------------------------------

TEST(EscrowInvariants, HoldOnHonestDepositsReleasesAndRefunds) {
  auto h = escrow();
  h.call(kEscrow, account(2), "deposit_for_job", {Value(u128(1)), Value(account(3))}, 500);
  h.call(kEscrow, account(2), "deposit_for_job", {Value(u128(2)), Value(account(3))}, 700);
  h.call(kEscrow, account(2), "set_provider", {Value(u128(1)), Value(account(4))});
  h.call(kEscrow, account(2), "release_to_provider", {Value(u128(1))});
  h.call(kEscrow, account(2), "refund_to_owner", {Value(u128(2))});
  h.call(kEscrow, account(9), "refund_to_owner", {Value(u128(2))});
  h.call(kEscrow, account(2), "deposit_for_job", {Value(u128(1)), Value(account(3))}, 50);  // over a closed one
  EXPECT_TRUE(h.out.empty()) << h.out.front().id << ": " << h.out.front().detail;
  EXPECT_EQ(h.balance(kEscrow), U256(50));
}

// The deployed ink! 6 build (H160) with amounts above u128::MAX up to U256::MAX: the
// catalog holds on honest runs, and the refused deposit is caught with its U256 value.
TEST(EscrowInvariants, TheInk6BuildWithU256AmountsHoldsAndIsCaught) {
  Monitored h;
  const Address e = h160(0xc4);
  h.deploy("payment_escrow", e, h160(1));
  ASSERT_EQ(h.world.instance(e)->spec, &pe::spec(pe::Build::kInk6));
  const U256 big = (U256(1) << 200) + 7;
  h.call(e, h160(2), "deposit_for_job", {Value(u128(1)), Value(h160(3))}, big);
  h.call(e, h160(2), "deposit_for_job", {Value(u128(2)), Value(h160(3))}, kU256Max - big);
  h.call(e, h160(2), "release_to_provider", {Value(u128(1))});
  h.call(e, h160(2), "refund_to_owner", {Value(u128(2))});
  EXPECT_TRUE(h.out.empty()) << h.out.front().id << ": " << h.out.front().detail;
  EXPECT_EQ(h.balance(e), U256(0));
  h.call(e, h160(2), "deposit_for_job", {Value(u128(1)), Value(h160(3))}, big);  // over a closed one
  h.call(e, h160(5), "deposit_for_job", {Value(u128(1)), Value(h160(3))}, big);  // refused, value kept
  ASSERT_EQ(h.out.size(), 1u);
  EXPECT_EQ(h.out[0].id, "E-CONSERVE");
  EXPECT_NE(h.out[0].detail.find("balance changed by " + big.str() + " but the open escrow amounts by 0"),
            std::string::npos)
      << h.out[0].detail;
}

TEST(EscrowInvariants, ADepositRefusedOverAnActiveEscrowKeepsTheValue) {
  auto h = escrow();
  h.call(kEscrow, account(2), "deposit_for_job", {Value(u128(1)), Value(account(3))}, 500);
  auto r = h.call(kEscrow, account(5), "deposit_for_job", {Value(u128(1)), Value(account(3))}, 200);
  EXPECT_EQ(r.outcome.returned, Value(false));
  ASSERT_EQ(h.violated_ids(), std::set<std::string>{"E-CONSERVE"});
  EXPECT_NE(h.out[0].detail.find("balance changed by 200 but the open escrow amounts by 0"), std::string::npos)
      << h.out[0].detail;
}

TEST(EscrowInvariants, BrokenStepsAreCaught) {
  auto h = escrow();
  h.call(kEscrow, account(2), "deposit_for_job", {Value(u128(1)), Value(account(3))}, 500);
  ASSERT_TRUE(h.out.empty());
  World before = h.world;
  // A release that pays a stranger instead of the provider, by someone else than the owner.
  model::Call c = h.make_call(kEscrow, account(9), "release_to_provider", {Value(u128(1))});
  World after = before;
  pe::State released = h.state<pe::State>(kEscrow);
  pe::Escrow e = *released.escrows.find(u128(1));
  e.released = true;
  e.refunded = true;
  e.amount = 0;
  released.escrows.insert(u128(1), e);
  after.set_state(kEscrow, std::make_shared<pe::State>(released));
  after.set_balance(kEscrow, 0);
  CallResult r{model::Outcome{false, Value(true), {}}, {}, {model::Transfer{account(9), 500}}};
  Monitor monitor;
  std::vector<Violation> out;
  monitor.observe(RunStep{StepKind::Call, before, after, &c, &r}, out);
  std::set<std::string> ids;
  for (auto& v : out) ids.insert(v.id);
  EXPECT_TRUE(ids.count("E-ONCE"));    // both released and refunded
  EXPECT_TRUE(ids.count("E-AUTH"));    // not the owner; paid to a stranger
  EXPECT_TRUE(ids.count("G-VALUE"));   // 500 left the contract and arrived nowhere
}

TEST(EscrowInvariants, ABalanceBelowTheOpenEscrowsIsInsolvent) {
  auto h = escrow();
  h.call(kEscrow, account(2), "deposit_for_job", {Value(u128(1)), Value(account(3))}, 500);
  World before = h.world;
  h.world.set_balance(kEscrow, 499);
  std::vector<Violation> out;
  h.monitor.observe(RunStep{StepKind::Balances, before, h.world}, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].id, "G-SOLVENT");
}

// --- global ----------------------------------------------------------------------------

TEST(GlobalInvariants, AnAtomicRevertIsAccepted) {
  auto h = queue();
  auto r = h.call(kQueue, h160(2), "submit_job", job_args(10), 99);  // below min_budget
  ASSERT_TRUE(r.outcome.reverted);
  EXPECT_TRUE(h.out.empty());
}

TEST(GlobalInvariants, ARevertWithEffectsIsCaught) {
  auto h = queue();
  World before = h.world;
  model::Call c = h.make_call(kQueue, h160(2), "set_min_budget", {Value(u128(5))}, 1);
  World after = before;
  after.set_balance(h160(2), 7);  // a revert that still moved something
  CallResult r{model::Outcome::revert("test"), {}, {}};
  std::vector<Violation> out;
  Monitor().observe(RunStep{StepKind::Call, before, after, &c, &r}, out);
  std::set<std::string> ids;
  for (auto& v : out) ids.insert(v.id);
  EXPECT_TRUE(ids.count("G-ATOMIC"));
  EXPECT_TRUE(ids.count("G-VALUE"));
}

TEST(GlobalInvariants, TheCatalogHasEveryIdOnce) {
  std::set<std::string> seen;
  for (auto& i : invariants::catalog()) {
    EXPECT_TRUE(seen.insert(i.id).second) << i.id;
    EXPECT_FALSE(i.statement.empty()) << i.id;
  }
  for (const char* id : {"G-VALUE", "G-ATOMIC", "G-SOLVENT", "G-COUNTER", "G-FUNDS-EXIT", "E-CONSERVE", "E-ONCE",
                         "E-AUTH", "Q-LIFECYCLE", "Q-ASSIGNED", "Q-AUTH", "Q-BUDGET", "Q-DEADLINE", "R-STAKE",
                         "R-MINSTAKE", "R-COUNT", "R-AUTH", "N-BALANCE", "N-SOULBOUND", "N-BURN", "N-IDS", "N-AUTH",
                         "P-SINGLE", "P-PROCESSED", "P-EXISTS", "M-ORDER", "M-EXCLUSIVE", "M-MEMBERS", "M-ONCE",
                         "M-FIFO", "M-PERMUTE", "M-LIFECYCLE", "M-OUTPUT"})
    EXPECT_TRUE(seen.count(id)) << id;
  EXPECT_FALSE(invariants::find_invariant("G-FUNDS-EXIT")->checkable_on_runs());
  EXPECT_TRUE(invariants::find_invariant("M-PERMUTE")->checkable_on_runs());  // its check reruns the call
}
