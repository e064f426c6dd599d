// ai_job_queue, profile `spec` (spec-profile.md §3.1): success paths and errors at their
// first guard, with the nested calls into escrow, registry, data NFT registry and phala.
#include <gtest/gtest.h>

#include "queue_fixture.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace testing;
using namespace ai_job_queue;

void expect_refused(const Result<Concrete, Sys>& r, std::string_view error) {
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.branch(), error) << r.reason();
}
const Job<Concrete>& job_of(const Sys& s, u128 id) { return *s.slot<AiJobQueue>().state.jobs.entries.find(id); }

TEST(SpecQueueSubmit, PublicJobLocksItsBudgetInEscrow) {
  auto r = submit_public(standard_system());
  ASSERT_TRUE(r.ok) << r.reason();
  EXPECT_EQ(r.returned, leaves<ConcreteLeaf>(u128(1)));
  EXPECT_EQ(job_of(r.post, 1).status, JobStatus::Registered);
  EXPECT_EQ(r.post.slot<AiJobQueue>().balance, U256(0));  // R7: the queue forwards every unit
  EXPECT_EQ(r.post.slot<PaymentEscrow>().balance, U256(1500));
  ASSERT_EQ(r.frames.size(), 2u);
  EXPECT_EQ(r.frames[1].message, "deposit_escrow");
  EXPECT_EQ(r.frames[1].caller, kQueue);
  EXPECT_EQ(r.frames[1].value, U256(1500));
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].name, "PaymentDeposited");
  EXPECT_EQ(r.events[1].name, "JobSubmitted");
}

TEST(SpecQueueSubmit, PrivateJobIsRoutedToPhala) {
  Sys s = standard_system();
  auto r = run<SubmitJob>(s, at(kOwner, 1, 2000), std::string("m"), std::string("d"), NoNft::none(),
                          ComputeType::PhalaTee, u32(50), true, std::string("payload"), std::string("key"));
  ASSERT_TRUE(r.ok) << r.reason();
  EXPECT_TRUE(job_of(r.post, 1).confidential_id.holds(1));
  auto c = r.post.slot<PhalaJobProcessor>().state.jobs.get(1);
  ASSERT_TRUE(c.some);
  EXPECT_TRUE(c.value.queue_job.holds(1));
  EXPECT_EQ(c.value.owner, kOwner);
  ASSERT_EQ(r.frames.size(), 3u);
  EXPECT_EQ(r.frames[1].message, "route_confidential_job");
  // Phala refuses an empty payload: the whole submission reverts with the innermost reason.
  auto bad = run<SubmitJob>(s, at(kOwner, 1, 2000), std::string("m"), std::string("d"), NoNft::none(),
                            ComputeType::PhalaTee, u32(50), true, std::string(""), std::string("key"));
  EXPECT_EQ(bad.reason(), "Error::CalleeFailed (phala_job_processor.route_confidential_job: EmptyPayload)");
}

TEST(SpecQueueSubmit, Errors) {
  Sys s = standard_system();
  put_nft(s, 1, kOther, PrivacyLevel::Private);
  put_nft(s, 2, kOwner, PrivacyLevel::Confidential);
  auto submit = [&](U256 value, u32 deadline, bool priv, ComputeType t, std::string payload, NoNft nft) {
    return run<SubmitJob>(s, at(kOwner, 5, value), std::string("m"), std::string("d"), nft, t, deadline, priv, payload,
                          std::string(priv ? "k" : ""));
  };
  expect_refused(submit(kU128MaxAsU256 + 1, 50, false, ComputeType::Cpu, "", NoNft::none()), "ValueTooLarge");
  expect_refused(submit(999, 50, false, ComputeType::Cpu, "", NoNft::none()), "BudgetTooLow");
  expect_refused(submit(1000, 5, false, ComputeType::Cpu, "", NoNft::none()), "InvalidDeadline");
  expect_refused(submit(1000, 50, true, ComputeType::Gpu, "p", NoNft::none()), "PrivateNeedsTee");
  expect_refused(submit(1000, 50, false, ComputeType::Cpu, "p", NoNft::none()), "UnexpectedPayload");
  expect_refused(submit(1000, 50, false, ComputeType::Cpu, "", NoNft::of(1)), "NoDataAccess");
  expect_refused(submit(1000, 50, false, ComputeType::Cpu, "", NoNft::of(2)), "ConfidentialDataNeedsPrivacy");
  EXPECT_TRUE(submit(1000, 50, true, ComputeType::PhalaTee, "p", NoNft::of(2)).ok);
  Sys full = s;
  full.slot<AiJobQueue>().state.job_counter = kU128Max;
  auto exhausted = run<SubmitJob>(full, at(kOwner, 5, 1000), std::string("m"), std::string("d"), NoNft::none(),
                                  ComputeType::Cpu, u32(50), false, std::string(""), std::string(""));
  expect_refused(exhausted, "IdsExhausted");
}

// A job submitted, with provider kProv registered (Cpu|Gpu) and bidding 1200 over 10 blocks.
Sys with_bid() {
  Sys s = submit_public(standard_system()).post;
  put_provider(s, kProv, 3);
  put_bid(s, 1, kProv, 1200, 10);
  return s;
}

TEST(SpecQueueAssign, SuccessFixesPayeeAndPrice) {
  auto r = run<AssignProvider>(with_bid(), at(kOwner, 2), u128(1), kProv);
  ASSERT_TRUE(r.ok) << r.reason();
  const auto& j = job_of(r.post, 1);
  EXPECT_EQ(j.status, JobStatus::Assigned);
  EXPECT_EQ(j.price, u128(1200));
  EXPECT_EQ(j.penalty, u128(100));
  auto e = r.post.slot<PaymentEscrow>().state.jobs.get(1);
  EXPECT_TRUE(e.value.payee.holds(kProv));
  EXPECT_EQ(e.value.price, u128(1200));
  ASSERT_EQ(r.frames.size(), 4u);  // get_bid, get_provider_info, assign_payee
  EXPECT_EQ(r.frames[1].message, "get_bid");
  EXPECT_EQ(r.frames[2].message, "get_provider_info");
  EXPECT_EQ(r.frames[3].message, "assign_payee");
}

TEST(SpecQueueAssign, Errors) {
  Sys s = with_bid();
  expect_refused(run<AssignProvider>(s, at(kOwner, 2), u128(9), kProv), "NoSuchJob");
  expect_refused(run<AssignProvider>(s, at(kOther, 2), u128(1), kProv), "NotOwner");
  Sys assigned = run<AssignProvider>(s, at(kOwner, 2), u128(1), kProv).post;
  expect_refused(run<AssignProvider>(assigned, at(kOwner, 2), u128(1), kProv), "WrongStatus");
  expect_refused(run<AssignProvider>(s, at(kOwner, 50), u128(1), kProv), "DeadlinePassed");
  expect_refused(run<AssignProvider>(s, at(kOwner, 2), u128(1), kOther), "NoSuchBid");
  Sys unregistered = s;
  put_bid(unregistered, 1, kOther, 100, 5);
  expect_refused(run<AssignProvider>(unregistered, at(kOwner, 2), u128(1), kOther), "NotAProvider");
  put_provider(unregistered, kOther, 3, 10);  // stake below min_stake
  expect_refused(run<AssignProvider>(unregistered, at(kOwner, 2), u128(1), kOther), "ProviderNotEligible");
  put_provider(unregistered, kOther, 2);  // Gpu only; the job is Cpu
  expect_refused(run<AssignProvider>(unregistered, at(kOwner, 2), u128(1), kOther), "MissingCapability");
  Sys pricey = s;
  put_bid(pricey, 1, kProv, 1501, 10);
  expect_refused(run<AssignProvider>(pricey, at(kOwner, 2), u128(1), kProv), "BidAboveBudget");
  Sys slow = s;
  put_bid(slow, 1, kProv, 1200, 49);
  expect_refused(run<AssignProvider>(slow, at(kOwner, 2), u128(1), kProv), "SlaExceedsDeadline");
}

Sys assigned() { return run<AssignProvider>(with_bid(), at(kOwner, 2), u128(1), kProv).post; }
Sys in_progress() { return run<MarkInProgress>(assigned(), at(kProv, 3), u128(1)).post; }

TEST(SpecQueueWork, InProgressAndCompleted) {
  Sys a = assigned();
  expect_refused(run<MarkInProgress>(a, at(kProv, 3), u128(9)), "NoSuchJob");
  expect_refused(run<MarkInProgress>(a, at(kOther, 3), u128(1)), "NotAssignedProvider");
  expect_refused(run<MarkInProgress>(a, at(kProv, 50), u128(1)), "DeadlinePassed");
  auto p = run<MarkInProgress>(a, at(kProv, 3), u128(1));
  ASSERT_TRUE(p.ok) << p.reason();
  expect_refused(run<MarkInProgress>(p.post, at(kProv, 3), u128(1)), "WrongStatus");

  expect_refused(run<MarkCompleted>(p.post, at(kProv, 4), u128(9), hash(1)), "NoSuchJob");
  expect_refused(run<MarkCompleted>(p.post, at(kOther, 4), u128(1), hash(1)), "NotAssignedProvider");
  expect_refused(run<MarkCompleted>(a, at(kProv, 4), u128(1), hash(1)), "WrongStatus");
  expect_refused(run<MarkCompleted>(p.post, at(kProv, 50), u128(1), hash(1)), "DeadlinePassed");
  expect_refused(run<MarkCompleted>(p.post, at(kProv, 4), u128(1), hash(0)), "InvalidResultHash");
  auto c = run<MarkCompleted>(p.post, at(kProv, 4), u128(1), hash(7));
  ASSERT_TRUE(c.ok) << c.reason();
  EXPECT_TRUE(job_of(c.post, 1).result_hash.holds(hash(7)));
  // Then a verifier releases the payment (flow 1 of §4).
  auto paid = run<payment_escrow::ReleasePayment>(c.post, at(kVerifier, 5), u128(1), kProv);
  ASSERT_TRUE(paid.ok) << paid.reason();
  EXPECT_EQ(paid.transfers.size(), 2u);
}

TEST(SpecQueueWork, PrivateJobsNeedAnAttestation) {
  Sys s = standard_system();
  s = run<SubmitJob>(s, at(kOwner, 1, 2000), std::string("m"), std::string("d"), NoNft::none(), ComputeType::PhalaTee,
                     u32(50), true, std::string("payload"), std::string("key"))
          .post;
  put_provider(s, kProv, 4);
  put_bid(s, 1, kProv, 1500, 10);
  s = run<AssignProvider>(s, at(kOwner, 2), u128(1), kProv).post;
  s = run<MarkInProgress>(s, at(kProv, 3), u128(1)).post;
  expect_refused(run<MarkCompleted>(s, at(kProv, 4), u128(1), hash(1)), "AttestationRequired");
  expect_refused(run<CompleteAttested>(s, at(kOwner, 4), u128(1), u128(1), hash(1)), "NotProcessor");
  expect_refused(run<CompleteAttested>(s, at(kPhala, 4), u128(9), u128(1), hash(1)), "NoSuchJob");
  expect_refused(run<CompleteAttested>(s, at(kPhala, 4), u128(1), u128(2), hash(1)), "NotLinked");
  expect_refused(run<CompleteAttested>(s, at(kPhala, 50), u128(1), u128(1), hash(1)), "DeadlinePassed");
  expect_refused(run<CompleteAttested>(s, at(kPhala, 4), u128(1), u128(1), hash(0)), "InvalidResultHash");
  auto ok = run<CompleteAttested>(s, at(kPhala, 4), u128(1), u128(1), hash(3));
  ASSERT_TRUE(ok.ok) << ok.reason();
  EXPECT_EQ(ok.returned, leaves<ConcreteLeaf>(kProv));
  expect_refused(run<CompleteAttested>(ok.post, at(kPhala, 4), u128(1), u128(1), hash(3)), "WrongStatus");
  Sys pub = in_progress();
  expect_refused(run<CompleteAttested>(pub, at(kPhala, 4), u128(1), u128(1), hash(1)), "NotPrivate");
}

TEST(SpecQueueExit, CancelExpireDisputeResolve) {
  Sys a = assigned();
  expect_refused(run<CancelJob>(a, at(kOwner, 3), u128(9)), "NoSuchJob");
  expect_refused(run<CancelJob>(a, at(kOther, 3), u128(1)), "NotOwner");
  auto cancelled = run<CancelJob>(a, at(kOwner, 3), u128(1));
  ASSERT_TRUE(cancelled.ok) << cancelled.reason();
  EXPECT_EQ(cancelled.transfers[0].to, kOwner);
  EXPECT_EQ(cancelled.transfers[0].amount, U256(1500));
  expect_refused(run<CancelJob>(cancelled.post, at(kOwner, 3), u128(1)), "WrongStatus");

  Sys p = in_progress();
  expect_refused(run<ExpireJob>(p, at(kOther, 49), u128(9)), "NoSuchJob");
  expect_refused(run<ExpireJob>(p, at(kOther, 49), u128(1)), "DeadlineNotReached");
  auto expired = run<ExpireJob>(p, at(kOther, 50), u128(1));  // anyone; the owner is refunded
  ASSERT_TRUE(expired.ok) << expired.reason();
  EXPECT_EQ(expired.transfers[0].to, kOwner);
  expect_refused(run<ExpireJob>(expired.post, at(kOther, 51), u128(1)), "WrongStatus");

  expect_refused(run<DisputeJob>(p, at(kOwner, 4), u128(9)), "NoSuchJob");
  expect_refused(run<DisputeJob>(p, at(kOther, 4), u128(1)), "NotOwner");
  expect_refused(run<DisputeJob>(a, at(kOwner, 4), u128(1)), "WrongStatus");
  Sys done = run<MarkCompleted>(p, at(kProv, 4), u128(1), hash(7)).post;
  Sys paid = run<payment_escrow::ReleasePayment>(done, at(kVerifier, 5), u128(1), kProv).post;
  expect_refused(run<DisputeJob>(paid, at(kOwner, 6), u128(1)), "AlreadyPaid");
  auto disputed = run<DisputeJob>(done, at(kOwner, 6), u128(1));
  ASSERT_TRUE(disputed.ok) << disputed.reason();
  EXPECT_EQ(disputed.frames.size(), 2u);  // read get_escrow

  Sys d = disputed.post;
  expect_refused(run<ResolveDispute>(d, at(kOwner, 7), u128(1), true), "NotAdmin");
  expect_refused(run<ResolveDispute>(d, at(kAdmin, 7), u128(9), true), "NoSuchJob");
  expect_refused(run<ResolveDispute>(p, at(kAdmin, 7), u128(1), true), "WrongStatus");
  auto won = run<ResolveDispute>(d, at(kAdmin, 7), u128(1), true);
  ASSERT_TRUE(won.ok) << won.reason();
  EXPECT_EQ(job_of(won.post, 1).status, JobStatus::Completed);
  EXPECT_EQ(won.transfers[0].to, kProv);
  auto lost = run<ResolveDispute>(d, at(kAdmin, 7), u128(1), false);
  ASSERT_TRUE(lost.ok) << lost.reason();
  EXPECT_EQ(job_of(lost.post, 1).status, JobStatus::Failed);
  EXPECT_EQ(lost.transfers[0].to, kOwner);
  // Disputed while InProgress (no result): a win dismisses the dispute, no payment.
  Sys d2 = run<DisputeJob>(p, at(kOwner, 6), u128(1)).post;
  auto dismissed = run<ResolveDispute>(d2, at(kAdmin, 7), u128(1), true);
  ASSERT_TRUE(dismissed.ok) << dismissed.reason();
  EXPECT_EQ(job_of(dismissed.post, 1).status, JobStatus::InProgress);
  EXPECT_TRUE(dismissed.transfers.empty());
}

TEST(SpecQueueAdmin, SetMinBudgetAndReads) {
  Sys s = standard_system();
  expect_refused(run<SetMinBudget>(s, at(kOwner, 1), u128(5)), "NotAdmin");
  auto r = run<SetMinBudget>(s, at(kAdmin, 1), u128(5));
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.events.empty());  // C3
  EXPECT_EQ(run<GetMinBudget>(r.post, at(kOwner, 1)).returned, leaves<ConcreteLeaf>(u128(5)));
  Sys j = submit_public(s).post;
  EXPECT_EQ(run<GetJobCounter>(j, at(kOwner, 1)).returned, leaves<ConcreteLeaf>(u128(1)));
  EXPECT_EQ(run<GetJob>(j, at(kOwner, 1), u128(1)).returned,
            leaves<ConcreteLeaf>(Option<Concrete, Job<Concrete>>::of(job_of(j, 1))));
  EXPECT_EQ(run<GetAdmin>(j, at(kOwner, 1)).returned, leaves<ConcreteLeaf>(kAdmin));
}

}  // namespace
}  // namespace meshcheck::model::spec
