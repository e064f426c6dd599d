// payment_escrow, profile `spec` (spec-profile.md §3.2): every message's success path and
// every error variant at the first guard that names it; the reads.
#include <gtest/gtest.h>

#include "escrow_fixture.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace testing;
using namespace payment_escrow;

// The queue locks `amount` for job `id`, paid by alice.
EscrowSys with_job(EscrowSys s, u128 id, u128 amount) {
  auto r = run<DepositEscrow>(s, as(kQueue, U256(amount)), id, kAlice, amount);
  EXPECT_TRUE(r.ok) << r.reason();
  return r.post;
}
EscrowSys with_payee(EscrowSys s, u128 id, u128 price) {
  auto r = run<AssignPayee>(s, as(kQueue), id, kProvider, price);
  EXPECT_TRUE(r.ok) << r.reason();
  return r.post;
}
const Escrow<Concrete>& job_escrow(const EscrowSys& s, u128 id) {
  return *s.slot<PaymentEscrow>().state.jobs.entries.find(id);
}
void expect_refused(const Result<Concrete, EscrowSys>& r, std::string_view error) {
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.branch(), error) << r.reason();
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(r.transfers.empty());
}

TEST(SpecEscrowDeposit, QueueLocksAJobEscrowAndMevCapital) {
  EscrowSys s = escrow_system();
  auto r = run<DepositEscrow>(s, as(kQueue, 1500), u128(1), kAlice, u128(1500));
  ASSERT_TRUE(r.ok) << r.reason();
  EXPECT_EQ(job_escrow(r.post, 1), (Escrow<Concrete>{kAlice, 1500, {}, 0, EscrowStatus::Locked}));
  EXPECT_EQ(r.post.slot<PaymentEscrow>().balance, U256(1500));
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].name, "PaymentDeposited");
  EXPECT_EQ(r.events[0].fields[1], leaf_of(DepositKind::Job));
  // The same id from mev is capital, a separate map.
  auto c = run<DepositEscrow>(r.post, as(kMev, 7), u128(1), kAlice, u128(7));
  ASSERT_TRUE(c.ok) << c.reason();
  EXPECT_TRUE(c.post.slot<PaymentEscrow>().state.capital.contains(1));
  EXPECT_EQ(c.events[0].fields[1], leaf_of(DepositKind::Capital));
}

TEST(SpecEscrowDeposit, Errors) {
  EscrowSys s = with_job(escrow_system(), 1, 1500);
  expect_refused(run<DepositEscrow>(s, as(kQueue, kU128MaxAsU256 + 1), u128(2), kAlice, u128(0)), "ValueTooLarge");
  expect_refused(run<DepositEscrow>(s, as(kAlice, 10), u128(2), kAlice, u128(10)), "NotAuthorized");
  expect_refused(run<DepositEscrow>(s, as(kQueue, 10), u128(2), kAlice, u128(11)), "AmountMismatch");
  expect_refused(run<DepositEscrow>(s, as(kQueue, 10), u128(1), kAlice, u128(10)), "EscrowExists");
}

TEST(SpecEscrowAssignPayee, SuccessAndErrors) {
  EscrowSys s = with_job(escrow_system(), 1, 1500);
  auto ok = run<AssignPayee>(s, as(kQueue), u128(1), kProvider, u128(1200));
  ASSERT_TRUE(ok.ok) << ok.reason();
  EXPECT_TRUE(job_escrow(ok.post, 1).payee.holds(kProvider));
  EXPECT_EQ(job_escrow(ok.post, 1).price, u128(1200));
  EXPECT_EQ(ok.events[0].name, "PayeeAssigned");
  expect_refused(run<AssignPayee>(s, as(kAlice), u128(1), kProvider, u128(1)), "NotAuthorized");
  expect_refused(run<AssignPayee>(s, as(kQueue), u128(2), kProvider, u128(1)), "NoSuchEscrow");
  EscrowSys refunded = run<RefundPayment>(s, as(kQueue), u128(1), RefundReason::Cancelled).post;
  expect_refused(run<AssignPayee>(refunded, as(kQueue), u128(1), kProvider, u128(1)), "NotLocked");
  expect_refused(run<AssignPayee>(ok.post, as(kQueue), u128(1), kProvider, u128(1)), "PayeeAlreadySet");
  expect_refused(run<AssignPayee>(s, as(kQueue), u128(1), kProvider, u128(1501)), "PriceAboveAmount");
}

TEST(SpecEscrowRelease, AVerifierPaysACompletedPublicJob) {
  EscrowSys s = with_payee(with_job(escrow_system(), 1, 1500), 1, 1200);
  s = run<SetVerifier>(s, as(kAdmin), kVerifier, true).post;
  put_job(s, 1, JobStatus::Completed, false);
  auto r = run<ReleasePayment>(s, as(kVerifier), u128(1), kProvider);
  ASSERT_TRUE(r.ok) << r.reason();
  EXPECT_EQ(job_escrow(r.post, 1).status, EscrowStatus::Released);
  ASSERT_EQ(r.transfers.size(), 2u);
  EXPECT_EQ(r.transfers[0].to, kProvider);
  EXPECT_EQ(r.transfers[0].amount, U256(1200));
  EXPECT_EQ(r.transfers[1].to, kAlice);  // the remainder to the payer
  EXPECT_EQ(r.transfers[1].amount, U256(300));
  EXPECT_EQ(r.post.slot<PaymentEscrow>().balance, U256(0));
  ASSERT_EQ(r.frames.size(), 2u);  // the escrow read the queue
  EXPECT_EQ(r.frames[1].contract, "ai_job_queue");
  EXPECT_EQ(r.frames[1].message, "get_job");
  EXPECT_EQ(r.frames[1].caller, kEscrow);
  EXPECT_EQ(r.events.back().name, "PaymentReleased");
}

TEST(SpecEscrowRelease, QueueAndPhala) {
  EscrowSys s = with_payee(with_job(escrow_system(), 1, 1500), 1, 1500);
  // The queue (a dispute won) pays without reading the job; no remainder, one transfer.
  auto q = run<ReleasePayment>(s, as(kQueue), u128(1), kProvider);
  ASSERT_TRUE(q.ok) << q.reason();
  EXPECT_EQ(q.frames.size(), 1u);
  EXPECT_EQ(q.transfers.size(), 1u);
  // Phala pays a completed private job only.
  put_job(s, 1, JobStatus::Completed, true);
  EXPECT_TRUE(run<ReleasePayment>(s, as(kPhala), u128(1), kProvider).ok);
  put_job(s, 1, JobStatus::Completed, false);
  expect_refused(run<ReleasePayment>(s, as(kPhala), u128(1), kProvider), "NotPayable");
}

TEST(SpecEscrowRelease, Errors) {
  EscrowSys s = with_payee(with_job(escrow_system(), 1, 1500), 1, 1200);
  s = run<SetVerifier>(s, as(kAdmin), kVerifier, true).post;
  expect_refused(run<ReleasePayment>(s, as(kAlice), u128(1), kProvider), "NotAuthorized");
  expect_refused(run<ReleasePayment>(s, as(kVerifier), u128(2), kProvider), "NoSuchEscrow");
  EscrowSys refunded = run<RefundPayment>(s, as(kQueue), u128(1), RefundReason::Cancelled).post;
  expect_refused(run<ReleasePayment>(refunded, as(kVerifier), u128(1), kProvider), "NotLocked");
  expect_refused(run<ReleasePayment>(s, as(kVerifier), u128(1), kAlice), "WrongPayee");
  expect_refused(run<ReleasePayment>(s, as(kVerifier), u128(1), kProvider), "NotPayable");  // no such queue job
  put_job(s, 1, JobStatus::InProgress, false);
  expect_refused(run<ReleasePayment>(s, as(kVerifier), u128(1), kProvider), "NotPayable");
  put_job(s, 1, JobStatus::Completed, true);  // private: phala's to pay
  expect_refused(run<ReleasePayment>(s, as(kVerifier), u128(1), kProvider), "NotPayable");
  put_job(s, 1, JobStatus::Completed, false);
  EscrowSys poor = s;
  poor.slot<PaymentEscrow>().balance = 1000;
  expect_refused(run<ReleasePayment>(poor, as(kVerifier), u128(1), kProvider), "TransferFailed");
  EscrowSys no_queue = s;
  no_queue.slot<AiJobQueue>().deployed = false;
  auto r = run<ReleasePayment>(no_queue, as(kVerifier), u128(1), kProvider);
  expect_refused(r, "CalleeFailed");
  EXPECT_EQ(r.reason(), "Error::CalleeFailed (ai_job_queue.get_job: no contract at the address)");
}

TEST(SpecEscrowRefund, SuccessAndErrors) {
  EscrowSys s = with_job(escrow_system(), 1, 1500);
  auto r = run<RefundPayment>(s, as(kQueue), u128(1), RefundReason::DeadlineMissed);
  ASSERT_TRUE(r.ok) << r.reason();
  EXPECT_EQ(job_escrow(r.post, 1).status, EscrowStatus::Refunded);
  ASSERT_EQ(r.transfers.size(), 1u);
  EXPECT_EQ(r.transfers[0].to, kAlice);
  EXPECT_EQ(r.events[0].fields.back(), leaf_of(RefundReason::DeadlineMissed));
  expect_refused(run<RefundPayment>(s, as(kVerifier), u128(1), RefundReason::Cancelled), "NotAuthorized");
  expect_refused(run<RefundPayment>(s, as(kQueue), u128(2), RefundReason::Cancelled), "NoSuchEscrow");
  expect_refused(run<RefundPayment>(r.post, as(kQueue), u128(1), RefundReason::Cancelled), "NotLocked");
  EscrowSys poor = s;
  poor.slot<PaymentEscrow>().balance = 1;
  expect_refused(run<RefundPayment>(poor, as(kQueue), u128(1), RefundReason::Cancelled), "TransferFailed");
}

TEST(SpecEscrowCapital, ReleaseAndRefund) {
  EscrowSys s = run<DepositEscrow>(escrow_system(), as(kMev, 70), u128(3), kAlice, u128(70)).post;
  const Address executor = addr(0x07);
  auto rel = run<ReleaseCapital>(s, as(kMev), u128(3), executor);
  ASSERT_TRUE(rel.ok) << rel.reason();
  EXPECT_EQ(rel.transfers[0].to, executor);
  EXPECT_TRUE(rel.post.slot<PaymentEscrow>().state.capital.get(3).value.payee.holds(executor));
  auto ref = run<RefundCapital>(s, as(kMev), u128(3));
  ASSERT_TRUE(ref.ok) << ref.reason();
  EXPECT_EQ(ref.transfers[0].to, kAlice);
  EXPECT_EQ(ref.events[0].name, "CapitalRefunded");
  expect_refused(run<ReleaseCapital>(s, as(kQueue), u128(3), executor), "NotAuthorized");
  expect_refused(run<ReleaseCapital>(s, as(kMev), u128(4), executor), "NoSuchEscrow");
  expect_refused(run<ReleaseCapital>(rel.post, as(kMev), u128(3), executor), "NotLocked");
  expect_refused(run<RefundCapital>(s, as(kQueue), u128(3)), "NotAuthorized");
  expect_refused(run<RefundCapital>(s, as(kMev), u128(4)), "NoSuchEscrow");
  expect_refused(run<RefundCapital>(ref.post, as(kMev), u128(3)), "NotLocked");
  EscrowSys poor = s;
  poor.slot<PaymentEscrow>().balance = 0;
  expect_refused(run<RefundCapital>(poor, as(kMev), u128(3)), "TransferFailed");
}

TEST(SpecEscrowRewards, DistributeSlashWithdraw) {
  EscrowSys s = escrow_system();
  auto d = run<DistributeRewards>(s, as(kNft, 40), u128(9), kProvider);
  ASSERT_TRUE(d.ok) << d.reason();
  EXPECT_EQ(d.post.slot<PaymentEscrow>().state.claimable.get_or_default(kProvider), u128(40));
  expect_refused(run<DistributeRewards>(s, as(kNft, kU128MaxAsU256 + 1), u128(9), kProvider), "ValueTooLarge");
  expect_refused(run<DistributeRewards>(s, as(kAlice, 1), u128(9), kProvider), "NotAuthorized");
  expect_refused(run<DistributeRewards>(d.post, as(kNft, U256(kU128Max)), u128(9), kProvider), "Overflow");

  auto w = run<WithdrawRewards>(d.post, as(kProvider));
  ASSERT_TRUE(w.ok) << w.reason();
  EXPECT_EQ(w.transfers[0].amount, U256(40));
  EXPECT_EQ(w.post.slot<PaymentEscrow>().state.claimable.get_or_default(kProvider), u128(0));
  expect_refused(run<WithdrawRewards>(w.post, as(kProvider)), "NothingToWithdraw");
  EscrowSys poor = d.post;
  poor.slot<PaymentEscrow>().balance = 39;
  expect_refused(run<WithdrawRewards>(poor, as(kProvider)), "TransferFailed");
}

TEST(SpecEscrowSlash, CompensatesTheJobOwner) {
  EscrowSys assigned = with_payee(with_job(escrow_system(), 1, 1500), 1, 1200);
  EscrowSys s = run<RefundPayment>(assigned, as(kQueue), u128(1), RefundReason::DeadlineMissed).post;
  auto r = run<SlashStake>(s, as(kRegistry, 300), u128(1), kProvider);
  ASSERT_TRUE(r.ok) << r.reason();
  EXPECT_EQ(r.post.slot<PaymentEscrow>().state.claimable.get_or_default(kAlice), u128(300));
  EXPECT_EQ(r.events[0].name, "StakeCompensated");
  expect_refused(run<SlashStake>(s, as(kRegistry, kU128MaxAsU256 + 1), u128(1), kProvider), "ValueTooLarge");
  expect_refused(run<SlashStake>(s, as(kAlice, 3), u128(1), kProvider), "NotAuthorized");
  expect_refused(run<SlashStake>(s, as(kRegistry, 3), u128(2), kProvider), "NoSuchEscrow");
  expect_refused(run<SlashStake>(assigned, as(kRegistry, 3), u128(1), kProvider), "NotRefunded");
  expect_refused(run<SlashStake>(s, as(kRegistry, 3), u128(1), kAlice), "WrongPayee");
  EscrowSys full = s;
  full.slot<PaymentEscrow>().state.claimable.set(kAlice, kU128Max);
  expect_refused(run<SlashStake>(full, as(kRegistry, 3), u128(1), kProvider), "Overflow");
}

TEST(SpecEscrowAdmin, SetVerifierAndReads) {
  EscrowSys s = escrow_system();
  expect_refused(run<SetVerifier>(s, as(kAlice), kVerifier, true), "NotAdmin");
  auto r = run<SetVerifier>(s, as(kAdmin), kVerifier, true);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.events[0].name, "VerifierSet");
  EXPECT_EQ(run<IsVerifier>(r.post, as(kAlice), kVerifier).returned, leaves<ConcreteLeaf>(true));
  EXPECT_EQ(run<GetAdmin>(s, as(kAlice)).returned, leaves<ConcreteLeaf>(kAdmin));

  EscrowSys j = with_job(s, 1, 1500);
  EXPECT_EQ(run<GetEscrowBalance>(j, as(kAlice), u128(1)).returned, leaves<ConcreteLeaf>(u128(1500)));
  EXPECT_EQ(run<GetEscrowBalance>(j, as(kAlice), u128(2)).returned, leaves<ConcreteLeaf>(u128(0)));
  EscrowSys refunded = run<RefundPayment>(j, as(kQueue), u128(1), RefundReason::Cancelled).post;
  EXPECT_EQ(run<GetEscrowBalance>(refunded, as(kAlice), u128(1)).returned, leaves<ConcreteLeaf>(u128(0)));
  EXPECT_EQ(run<GetEscrow>(j, as(kAlice), u128(1)).returned, leaves<ConcreteLeaf>(Option<Concrete, Escrow<Concrete>>::of(job_escrow(j, 1))));
  EXPECT_EQ(run<GetCapital>(j, as(kAlice), u128(1)).returned, leaves<ConcreteLeaf>(Option<Concrete, Escrow<Concrete>>::none()));
  EXPECT_EQ(run<GetClaimable>(j, as(kAlice), kAlice).returned, leaves<ConcreteLeaf>(u128(0)));
  // Reads are not payable: value traps before any guard (C4).
  auto paid = run<GetClaimable>(j, as(kAlice, 1), kAlice);
  EXPECT_FALSE(paid.ok);
  EXPECT_FALSE(paid.error.has_value());
}

}  // namespace
}  // namespace meshcheck::model::spec
