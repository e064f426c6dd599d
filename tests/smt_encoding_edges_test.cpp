// The Z3 encodings checked against the C++ model on hand-built calls: the branches that
// smt_encoding_test's fuzzed sequences do not reach (a value above u128::MAX, counters
// saturated through World::set_state, a contract balance too short to pay out, ...).
//
// Each call goes through check_call (support/encoding_check.hpp), which must find the
// encoding in agreement with the model, and must record exactly the branch the call was
// built to reach: a scenario that silently stops reaching its branch (a setup that no
// longer leads there, a call the checker skips) fails.
#include <gtest/gtest.h>

#include <limits>
#include <memory>
#include <set>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

#include "model/ai_job_queue.hpp"
#include "model/compute_provider_registry.hpp"
#include "model/data_nft_registry.hpp"
#include "model/payment_escrow.hpp"
#include "model/phala_job_processor.hpp"
#include "smt/encoding.hpp"
#include "support/encoding_check.hpp"
#include "support/harness.hpp"

namespace meshcheck {
namespace {

namespace aq = model::deployed::ai_job_queue;
namespace cpr = model::deployed::compute_provider_registry;
namespace dnr = model::deployed::data_nft_registry;
namespace pjp = model::deployed::phala_job_processor;
namespace pe = model::deployed::payment_escrow;

using testing::account;
using testing::h160;

Value str(const char* s) { return Value(std::string(s)); }
Value num(const U256& v) { return Value(v); }

class EncodingEdges : public ::testing::Test {
 public:
  testing::Harness h;

  // Checks `message` called on `contract` through the contract's encoding against the
  // model, expecting the encoding to take `branch`; then applies the call to the world.
  void expect_branch(const Address& contract, const Address& caller, std::string_view message,
                     std::vector<Value> args, const U256& value, std::string_view branch,
                     std::source_location where = std::source_location::current()) {
    const std::string hit = std::string(message) + ": " + std::string(branch);
    ::testing::ScopedTrace trace(where.file_name(), static_cast<int>(where.line()), hit);
    model::Call call = h.make_call(contract, caller, message, std::move(args), value);
    const smt::ContractEncoding* enc = smt::encoding_of(*h.world.instance(contract)->spec);  // of its build
    ASSERT_NE(enc, nullptr);
    testing::Tally tally;
    std::string why = testing::check_call(*enc, h.world, call, tally);
    EXPECT_EQ(why, "") << "the encoding disagrees with the model on " << message;
    EXPECT_EQ(tally.branches_hit, std::set<std::string>{hit}) << "the call did not reach the branch it was built for";
    h.world.call(call);
  }

  // Replaces the state of the contract at `address` by a copy edited by `edit`.
  template <class State, class Edit> void edit_state(const Address& address, Edit edit) {
    auto state = std::make_shared<State>(h.state<State>(address));
    edit(*state);
    h.world.set_state(address, state);
  }
};

// --- ai_job_queue ----------------------------------------------------------------------

const Address kAlice = h160(1), kBob = h160(2), kCarol = h160(3);

// A value above u128::MAX reverts submit_job; then every refusal of the job lifecycle,
// walked by hand from Registered to Completed and Cancelled.
TEST_F(EncodingEdges, AiJobQueueOversizedValueAndLifecycleRefusals) {
  const Address q = h.deploy("ai_job_queue", h160(0xc1), kAlice, {num(10)});
  auto submit = [&](const U256& value, bool privacy, std::string_view branch,
                    std::source_location where = std::source_location::current()) {
    expect_branch(q, kAlice, "submit_job", {str("m"), str("d"), num(5), Value(privacy)}, value, branch, where);
  };
  submit(kU128MaxAsU256 + 1, false, "value above u128::MAX");
  submit(kU256Max, false, "value above u128::MAX");
  submit(10, true, "ok");  // job 1
  expect_branch(q, kBob, "assign_provider", {num(1), Value(kBob)}, 0, "caller is not the owner");
  expect_branch(q, kAlice, "assign_provider", {num(1), Value(kBob)}, 0, "ok");
  expect_branch(q, kAlice, "assign_provider", {num(1), Value(kBob)}, 0, "job is not Registered");
  expect_branch(q, kCarol, "mark_in_progress", {num(1)}, 0, "caller is not the assigned provider");
  expect_branch(q, kBob, "mark_completed", {num(1), str("h")}, 0, "job is not InProgress");
  expect_branch(q, kBob, "mark_in_progress", {num(1)}, 0, "ok");
  expect_branch(q, kBob, "mark_in_progress", {num(1)}, 0, "job is not Assigned");
  expect_branch(q, kCarol, "mark_completed", {num(1), str("h")}, 0, "caller is not the assigned provider");
  expect_branch(q, kBob, "mark_completed", {num(1), str("hash")}, 0, "ok");
  expect_branch(q, kAlice, "cancel_job", {num(1)}, 0, "job is Completed");
  expect_branch(q, kBob, "cancel_job", {num(1)}, 0, "caller is not the owner");
  expect_branch(q, kAlice, "set_min_budget", {num(0)}, 0, "ok");
  expect_branch(q, kBob, "set_min_budget", {num(0)}, 0, "caller is not the owner");
  submit(0, false, "ok");  // job 2, with min_budget 0
  expect_branch(q, kAlice, "set_min_budget", {num(7)}, 0, "ok");
  submit(6, false, "payment below min_budget");
  expect_branch(q, kAlice, "cancel_job", {num(2)}, 0, "ok");
  expect_branch(q, kAlice, "cancel_job", {num(2)}, 0, "job already Cancelled");
}

// job_counter at u128::MAX: submit_job issues job u128::MAX again, overwriting the
// Completed job stored there with a fresh Registered one, which can then be assigned.
TEST_F(EncodingEdges, AiJobQueueSaturatedCounterReissuesACompletedJob) {
  const Address q = h.deploy("ai_job_queue", h160(0xc1), kAlice, {num(7)});
  edit_state<aq::State>(q, [](aq::State& s) {
    s.job_counter = kU128Max;
    s.jobs.insert(kU128Max, aq::Job{kU128Max, kBob, "x", "y", u128(3), aq::JobStatus::Completed, kBob, 7, true});
  });
  expect_branch(q, kAlice, "submit_job", {str("m"), str("d"), num(5), Value(false)}, 7, "job_counter saturated");
  expect_branch(q, kAlice, "assign_provider", {num(U256(kU128Max)), Value(kCarol)}, 0, "ok");
}

// --- phala_job_processor -----------------------------------------------------------------

const Address kAa = account(1), kAb = account(2);

// Processing before any attestation, attesting a missing job, a second attestation
// overwriting the first, and processing a job twice.
TEST_F(EncodingEdges, PhalaJobProcessorAttestationAndProcessingBranches) {
  const Address p = h.deploy("phala_job_processor", account(0xc2), kAa);
  expect_branch(p, kAa, "submit_confidential_job", {str("pl"), str("k")}, 0, "ok");  // job 1
  expect_branch(p, kAb, "mark_job_processed", {num(1)}, 0, "no attestation");
  expect_branch(p, kAb, "mark_job_processed", {num(9)}, 0, "no such job");
  expect_branch(p, kAb, "record_attestation", {num(1), str("r"), str("p"), str("t")}, 0, "first attestation");
  expect_branch(p, kAb, "record_attestation", {num(1), str("r2"), str("p"), str("t")}, 0, "overwrites an attestation");
  expect_branch(p, kAb, "record_attestation", {num(5), str("r2"), str("p"), str("t")}, 0, "no such job");
  expect_branch(p, kAb, "mark_job_processed", {num(1)}, 0, "ok");
  expect_branch(p, kAb, "mark_job_processed", {num(1)}, 0, "job already processed");
}

// job_counter at u128::MAX: every submission reuses job u128::MAX.
TEST_F(EncodingEdges, PhalaJobProcessorSaturatedCounter) {
  const Address p = h.deploy("phala_job_processor", account(0xc2), kAa);
  expect_branch(p, kAa, "submit_confidential_job", {str("pl"), str("k")}, 0, "ok");
  edit_state<pjp::State>(p, [](pjp::State& s) { s.job_counter = kU128Max; });
  expect_branch(p, kAb, "submit_confidential_job", {str("pl2"), str("k2")}, 0, "job_counter saturated");
  expect_branch(p, kAb, "submit_confidential_job", {str("pl3"), str("k3")}, 0, "job_counter saturated");
}

// --- compute_provider_registry -----------------------------------------------------------

// provider_count at u64::MAX, a value above u128::MAX (register_provider, add_stake), and
// a stake that add_stake saturates.
TEST_F(EncodingEdges, ComputeProviderRegistrySaturationAndOversizedValues) {
  const Address admin = h160(1), provider = h160(2);
  const Address r = h.deploy("compute_provider_registry", h160(0xc1), admin, {num(10)});
  edit_state<cpr::State>(r, [](cpr::State& s) { s.provider_count = std::numeric_limits<u64>::max(); });
  const std::vector<Value> profile{str("x"), num(1), num(2)};
  expect_branch(r, provider, "register_provider", profile, 10, "provider_count saturated");
  expect_branch(r, h160(3), "register_provider", profile, kU128MaxAsU256 + 1, "value above u128::MAX");
  expect_branch(r, provider, "add_stake", {}, kU128MaxAsU256, "stake saturated");
  expect_branch(r, provider, "add_stake", {}, kU128MaxAsU256 + 1, "value above u128::MAX");
}

// withdraw_stake when the contract's balance is short of the amount: the transfer fails
// and the stake is kept; then a withdrawal the balance covers.
TEST_F(EncodingEdges, ComputeProviderRegistryWithdrawalOnAShortContractBalance) {
  const Address admin = h160(1), provider = h160(2);
  const Address r = h.deploy("compute_provider_registry", h160(0xc1), admin, {num(10)});
  expect_branch(r, provider, "register_provider", {str("x"), num(1), num(2)}, 10, "ok");
  expect_branch(r, provider, "set_active", {Value(false)}, 0, "ok");
  h.world.set_balance(r, 5);
  expect_branch(r, provider, "withdraw_stake", {num(6)}, 0, "transfer failed");
  expect_branch(r, provider, "withdraw_stake", {num(5)}, 0, "ok");
}

// --- data_nft_registry -------------------------------------------------------------------

// grant_access with a value above u128::MAX, the admin's burn and revoke, and every
// count edge: owner and receiver counts at u128::MAX, sender and owner counts at zero
// (set through World::set_state), and total_supply at u128::MAX.
TEST_F(EncodingEdges, DataNftRegistryOversizedPaymentAdminPathsAndCountEdges) {
  const Address admin = h160(1), a2 = h160(2), a5 = h160(5), a7 = h160(7), a8 = h160(8), a9 = h160(9);
  const Address n = h.deploy("data_nft_registry", h160(0xc2), admin);
  auto mint = [&](const Address& who, bool transferable, std::string_view branch,
                  std::source_location where = std::source_location::current()) {
    expect_branch(n, who, "mint", {str("u"), num(1), num(3), Value(transferable)}, 0, branch, where);
  };
  auto set_count = [&](const Address& owner, const u128& count) {
    edit_state<dnr::State>(n, [&](dnr::State& s) { s.owner_nft_count.insert(owner, count); });
  };
  mint(a2, true, "ok");   // token 1, access_price 3
  mint(a2, false, "ok");  // token 2
  expect_branch(n, a2, "grant_access", {num(1), Value(a5)}, kU256Max, "value above u128::MAX");
  expect_branch(n, a2, "grant_access", {num(1), Value(a5)}, 3, "ok");
  expect_branch(n, a2, "approve", {num(1), Value(h160(6))}, 0, "ok");
  expect_branch(n, admin, "burn", {num(1)}, 0, "burnt by the admin");
  expect_branch(n, admin, "revoke_access", {num(1), Value(a5)}, 0, "no such token");

  set_count(a2, 0);
  set_count(a7, kU128Max);
  mint(a7, true, "owner count saturated");  // token 3
  expect_branch(n, a2, "transfer", {num(3), Value(a7)}, 0, "caller is not the owner");
  // To oneself at u128::MAX: the sender's decrement comes first, so nothing saturates.
  expect_branch(n, a7, "transfer", {num(3), Value(a7)}, 0, "ok");
  expect_branch(n, a2, "burn", {num(2)}, 0, "owner count already zero");
  set_count(a7, 0);
  expect_branch(n, a7, "transfer", {num(3), Value(a8)}, 0, "sender count already zero");
  mint(a8, true, "ok");  // token 4

  edit_state<dnr::State>(n, [](dnr::State& s) { s.total_supply = kU128Max; });
  mint(a9, false, "total_supply saturated");  // token u128::MAX
  mint(a8, false, "total_supply saturated");  // token u128::MAX again, now a8's
  set_count(a9, kU128Max);
  expect_branch(n, a8, "transfer", {num(3), Value(a9)}, 0, "receiver count saturated");
  expect_branch(n, a9, "grant_access", {num(3), Value(a5)}, 3, "ok");
  expect_branch(n, admin, "revoke_access", {num(3), Value(a5)}, 0, "revoked by the admin");
  expect_branch(n, a9, "revoke_access", {num(3), Value(a5)}, 0, "revoked by the owner");
}


// --- payment_escrow ----------------------------------------------------------------------

// Every branch of both builds' messages, by hand: the ink! 6 build (H160, U256 amounts)
// with values above u128::MAX up to U256::MAX, which it deposits, reports and pays out
// whole; the ink! 5.1.1 build (AccountId, u128 amounts) at u128::MAX. A contract balance
// one short of the amount makes each payout's transfer fail; the "no provider" and
// "amount is zero" branches need a built state.
void walk_escrow_branches(EncodingEdges& t, const Address& e, const Address& alice, const Address& bob,
                          const U256& big) {
  auto deposit = [&](const Address& who, u128 id, const U256& value, std::string_view branch,
                     std::source_location where = std::source_location::current()) {
    t.expect_branch(e, who, "deposit_for_job", {num(U256(id)), Value(bob)}, value, branch, where);
  };
  deposit(alice, 1, 0, "amount is zero");
  deposit(alice, 1, big, "new escrow");
  deposit(bob, 1, big - 1, "active escrow exists");
  t.expect_branch(e, alice, "set_provider", {num(9), Value(alice)}, 0, "no such escrow");
  t.expect_branch(e, bob, "set_provider", {num(1), Value(alice)}, 0, "caller is not the owner");
  t.expect_branch(e, alice, "set_provider", {num(1), Value(bob)}, 0, "ok");
  t.expect_branch(e, alice, "release_to_provider", {num(9)}, 0, "no such escrow");
  t.expect_branch(e, bob, "release_to_provider", {num(1)}, 0, "caller is not the owner");
  t.expect_branch(e, bob, "refund_to_owner", {num(1)}, 0, "caller is not the owner");
  t.h.world.set_balance(e, big - 1);
  t.expect_branch(e, alice, "release_to_provider", {num(1)}, 0, "transfer failed");
  t.expect_branch(e, alice, "refund_to_owner", {num(1)}, 0, "transfer failed");
  t.h.world.set_balance(e, big);
  t.expect_branch(e, alice, "release_to_provider", {num(1)}, 0, "ok");
  t.expect_branch(e, alice, "release_to_provider", {num(1)}, 0, "already released or refunded");
  t.expect_branch(e, alice, "refund_to_owner", {num(1)}, 0, "already released or refunded");
  t.expect_branch(e, alice, "set_provider", {num(1), Value(bob)}, 0, "already released or refunded");
  deposit(alice, 1, big, "over a closed escrow");
  t.expect_branch(e, alice, "refund_to_owner", {num(9)}, 0, "no such escrow");
  t.expect_branch(e, alice, "refund_to_owner", {num(1)}, 0, "ok");
  t.edit_state<pe::State>(e, [&](pe::State& s) {
    s.escrows.insert(u128(2), pe::Escrow{alice, std::nullopt, big, false, false});
    s.escrows.insert(u128(3), pe::Escrow{alice, bob, U256(0), false, false});
  });
  t.h.world.set_balance(e, big);
  t.expect_branch(e, alice, "release_to_provider", {num(2)}, 0, "no provider");
  t.expect_branch(e, alice, "release_to_provider", {num(3)}, 0, "amount is zero");
  t.expect_branch(e, alice, "refund_to_owner", {num(3)}, 0, "amount is zero");
  t.expect_branch(e, alice, "refund_to_owner", {num(2)}, 0, "ok");  // no provider needed
}

TEST_F(EncodingEdges, PaymentEscrowInk6BuildWithU256Amounts) {
  const Address e = h.deploy("payment_escrow", h160(0xc4), h160(9));
  ASSERT_EQ(h.world.instance(e)->spec, &pe::spec(pe::Build::kInk6));
  walk_escrow_branches(*this, e, kAlice, kBob, (U256(1) << 128) + 5);
  // U256::MAX itself: deposited and refunded whole.
  expect_branch(e, kCarol, "deposit_for_job", {num(7), Value(kBob)}, kU256Max - h.balance(e), "new escrow");
  expect_branch(e, kCarol, "refund_to_owner", {num(7)}, 0, "ok");
}

TEST_F(EncodingEdges, PaymentEscrowInk5BuildWithU128Amounts) {
  const Address e = h.deploy("payment_escrow", account(0xc4), account(9));
  ASSERT_EQ(h.world.instance(e)->spec, &pe::spec(pe::Build::kInk5));
  walk_escrow_branches(*this, e, kAa, kAb, kU128MaxAsU256);
}

}  // namespace
}  // namespace meshcheck
