// compute_provider_registry, profile `spec` (spec-profile.md §3.3): every message's success
// path and every error at its first guard; slashing through the queue and the escrow.
#include <gtest/gtest.h>

#include "queue_fixture.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace testing;
using namespace compute_provider_registry;

void expect_refused(const Result<Concrete, Sys>& r, std::string_view error) {
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.branch(), error) << r.reason();
}
const Provider<Concrete>& provider_of(const Sys& s, const Address& p) {
  return *s.slot<ComputeProviderRegistry>().state.providers.entries.find(p);
}
Result<Concrete, Sys> register_as(const Sys& s, const Address& p, const U256& stake, u8 caps = 3) {
  return run<RegisterProvider>(s, at(p, 2, stake), std::string("https://p"), caps, u128(10));
}
Sys registered_system() {
  auto r = register_as(standard_system(), kProv, 6000);
  EXPECT_TRUE(r.ok) << r.reason();
  return r.post;
}

TEST(SpecRegistry, RegisterProvider) {
  auto r = register_as(standard_system(), kProv, 6000);
  ASSERT_TRUE(r.ok) << r.reason();
  const auto& p = provider_of(r.post, kProv);
  EXPECT_EQ(p.stake, u128(6000));
  EXPECT_EQ(p.reputation, kInitialReputation);
  EXPECT_TRUE(p.is_active);
  EXPECT_EQ(r.post.slot<ComputeProviderRegistry>().balance, U256(6000));  // the registry holds stakes (R7)
  EXPECT_EQ(r.post.slot<ComputeProviderRegistry>().state.provider_count, u64(1));
  Sys s = r.post;
  expect_refused(register_as(s, kOther, kU128MaxAsU256 + 1), "ValueTooLarge");
  expect_refused(register_as(s, kOther, 4999), "StakeBelowMinimum");
  expect_refused(register_as(s, kProv, 6000), "AlreadyRegistered");
  expect_refused(register_as(s, kOther, 6000, 0), "InvalidCapabilities");
  expect_refused(register_as(s, kOther, 6000, 8), "InvalidCapabilities");
  Sys full = s;
  full.slot<ComputeProviderRegistry>().state.provider_count = ~u64(0);
  expect_refused(register_as(full, kOther, 6000), "CountExhausted");
}

TEST(SpecRegistry, UpdateActivateAndStake) {
  Sys s = registered_system();
  expect_refused(run<UpdateProvider>(s, at(kOther, 3), std::string("e"), u128(1)), "NotRegistered");
  auto u = run<UpdateProvider>(s, at(kProv, 3), std::string("https://q"), u128(99));
  ASSERT_TRUE(u.ok);
  EXPECT_EQ(provider_of(u.post, kProv).endpoint, "https://q");

  expect_refused(run<SetActive>(s, at(kOther, 3), false), "NotRegistered");
  auto off = run<SetActive>(s, at(kProv, 3), false);
  ASSERT_TRUE(off.ok);
  EXPECT_EQ(provider_of(off.post, kProv).deactivated_at, u32(3));
  Sys poor = off.post;
  poor.slot<ComputeProviderRegistry>().state.min_stake = 7000;
  expect_refused(run<SetActive>(poor, at(kProv, 4), true), "StakeBelowMinimum");

  expect_refused(run<AddStake>(s, at(kProv, 3, kU128MaxAsU256 + 1)), "ValueTooLarge");
  expect_refused(run<AddStake>(s, at(kProv, 3, 0)), "ZeroAmount");
  expect_refused(run<AddStake>(s, at(kOther, 3, 5)), "NotRegistered");
  auto add = run<AddStake>(s, at(kProv, 3, 5));
  ASSERT_TRUE(add.ok);
  EXPECT_EQ(provider_of(add.post, kProv).stake, u128(6005));
  expect_refused(run<AddStake>(s, at(kProv, 3, U256(kU128Max))), "Overflow");

  expect_refused(run<WithdrawStake>(s, at(kOther, 30), u128(1)), "NotRegistered");
  expect_refused(run<WithdrawStake>(s, at(kProv, 30), u128(1)), "StillActive");
  Sys inactive = off.post;  // deactivated at block 3: unbonded from block 23
  expect_refused(run<WithdrawStake>(inactive, at(kProv, 22), u128(1)), "Unbonding");
  expect_refused(run<WithdrawStake>(inactive, at(kProv, 23), u128(0)), "ZeroAmount");
  expect_refused(run<WithdrawStake>(inactive, at(kProv, 23), u128(6001)), "InsufficientStake");
  auto w = run<WithdrawStake>(inactive, at(kProv, 23), u128(6000));
  ASSERT_TRUE(w.ok) << w.reason();
  EXPECT_EQ(w.transfers[0].to, kProv);
  EXPECT_EQ(w.post.slot<ComputeProviderRegistry>().balance, U256(0));
  Sys short_of = inactive;
  short_of.slot<ComputeProviderRegistry>().balance = 10;
  expect_refused(run<WithdrawStake>(short_of, at(kProv, 23), u128(11)), "TransferFailed");
}

TEST(SpecRegistry, BidsAndReputation) {
  Sys s = registered_system();
  SlaCommitment<Concrete> sla{10, 100};
  expect_refused(run<SubmitBid>(s, at(kOther, 3), u128(1), u128(5), sla), "NotRegistered");
  Sys low = s;
  low.slot<ComputeProviderRegistry>().state.min_stake = 7000;
  expect_refused(run<SubmitBid>(low, at(kProv, 3), u128(1), u128(5), sla), "NotEligible");
  expect_refused(run<SubmitBid>(s, at(kProv, 3), u128(1), u128(0), sla), "ZeroPrice");
  expect_refused(run<SubmitBid>(s, at(kProv, 3), u128(1), u128(5), SlaCommitment<Concrete>{0, 1}), "InvalidSla");
  auto b = run<SubmitBid>(s, at(kProv, 3), u128(1), u128(5), sla);
  ASSERT_TRUE(b.ok) << b.reason();
  EXPECT_EQ(b.post.slot<ComputeProviderRegistry>().state.bids.get({u128(1), kProv}).value,
            (Bid<Concrete>{5, sla, 3}));

  expect_refused(run<UpdateReputation>(s, at(kOther, 3), kProv, std::int32_t(5)), "NotVerifier");
  expect_refused(run<UpdateReputation>(s, at(kVerifier, 3), kOther, std::int32_t(5)), "NotRegistered");
  auto down = run<UpdateReputation>(s, at(kVerifier, 3), kProv, std::int32_t(-500));
  ASSERT_TRUE(down.ok);
  EXPECT_EQ(provider_of(down.post, kProv).reputation, u32(0));  // clamped at 0
  auto up = run<UpdateReputation>(s, at(kVerifier, 3), kProv, std::int32_t(2'000'000'000));
  EXPECT_EQ(provider_of(up.post, kProv).reputation, kMaxReputation);  // clamped at MAX_REPUTATION
}

// kProv registered and assigned to job 1 (penalty 700), which then expired: refunded.
Sys expired_job() {
  Sys s = registered_system();
  s = submit_public(s).post;
  s = run<SubmitBid>(s, at(kProv, 3), u128(1), u128(1200), SlaCommitment<Concrete>{10, 700}).post;
  s = run<ai_job_queue::AssignProvider>(s, at(kOwner, 4), u128(1), kProv).post;
  auto e = run<ai_job_queue::ExpireJob>(s, at(kOther, 50), u128(1));
  EXPECT_TRUE(e.ok) << e.reason();
  return e.post;
}

TEST(SpecRegistry, SlashCompensatesTheOwnerOnce) {
  Sys s = expired_job();
  auto r = run<SlashStake>(s, at(kVerifier, 51), kProv, u128(1));
  ASSERT_TRUE(r.ok) << r.reason();
  EXPECT_EQ(provider_of(r.post, kProv).stake, u128(5300));
  EXPECT_EQ(r.post.slot<PaymentEscrow>().state.claimable.get_or_default(kOwner), u128(700));
  EXPECT_EQ(r.post.slot<PaymentEscrow>().balance, U256(700));
  EXPECT_EQ(r.post.slot<ComputeProviderRegistry>().balance, U256(5300));
  ASSERT_EQ(r.frames.size(), 3u);  // get_job, then escrow.slash_stake with the value
  EXPECT_EQ(r.frames[2].message, "slash_stake");
  EXPECT_EQ(r.frames[2].value, U256(700));
  EXPECT_TRUE(provider_of(r.post, kProv).is_active);
  expect_refused(run<SlashStake>(r.post, at(kVerifier, 52), kProv, u128(1)), "AlreadySlashed");
  // Stake falling below min_stake deactivates the provider.
  Sys tight = s;
  tight.slot<ComputeProviderRegistry>().state.min_stake = 5500;
  auto d = run<SlashStake>(tight, at(kVerifier, 51), kProv, u128(1));
  ASSERT_TRUE(d.ok) << d.reason();
  EXPECT_FALSE(provider_of(d.post, kProv).is_active);
  EXPECT_EQ(provider_of(d.post, kProv).deactivated_at, u32(51));

  expect_refused(run<SlashStake>(s, at(kOther, 51), kProv, u128(1)), "NotVerifier");
  expect_refused(run<SlashStake>(s, at(kVerifier, 51), kOther, u128(1)), "NotRegistered");
  expect_refused(run<SlashStake>(s, at(kVerifier, 51), kProv, u128(2)), "NotSlashable");
  Sys zero = s;
  Job<Concrete> j = zero.slot<AiJobQueue>().state.jobs.get(1).value;
  j.penalty = 0;
  zero.slot<AiJobQueue>().state.jobs.set(1, j);
  expect_refused(run<SlashStake>(zero, at(kVerifier, 51), kProv, u128(1)), "NothingToSlash");
}

TEST(SpecRegistry, AdminAndReads) {
  Sys s = registered_system();
  expect_refused(run<SetMinStake>(s, at(kOther, 3), u128(1)), "NotAdmin");
  auto m = run<SetMinStake>(s, at(kAdmin, 3), u128(1));
  ASSERT_TRUE(m.ok);
  EXPECT_TRUE(m.events.empty());
  EXPECT_EQ(run<GetMinStake>(m.post, at(kOther, 3)).returned, leaves<ConcreteLeaf>(u128(1)));
  expect_refused(run<SetVerifier>(s, at(kOther, 3), kOther, true), "NotAdmin");
  auto v = run<SetVerifier>(s, at(kAdmin, 3), kOther, true);
  EXPECT_EQ(run<IsVerifier>(v.post, at(kOther, 3), kOther).returned, leaves<ConcreteLeaf>(true));
  EXPECT_EQ(run<GetProviderCount>(s, at(kOther, 3)).returned, leaves<ConcreteLeaf>(u64(1)));
  auto info = run<GetProviderInfo>(s, at(kOther, 3), kProv);
  ASSERT_TRUE(info.ok);
  EXPECT_EQ(info.returned.back(), leaf_of(true));  // eligible
}

}  // namespace
}  // namespace meshcheck::model::spec
