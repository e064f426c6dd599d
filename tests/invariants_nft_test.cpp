// data_nft_registry's invariants (N-BALANCE, N-SOULBOUND, N-BURN, N-IDS, N-AUTH) and its
// part of G-COUNTER: each holds along an honest run, and each is shown to fire, on a run
// of the deployed code where that code violates it (the deployed mint itself, run on a
// hand-built state at total_supply == u128::MAX, where no run can get in practice),
// otherwise on a hand-built step.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "invariants/monitor.hpp"
#include "model/data_nft_registry.hpp"
#include "support/monitored.hpp"

namespace meshcheck::testing {
namespace {

using invariants::data_nft_registry_invariants;
using invariants::Violation;
using model::CallEnv;
using model::Ctx;
namespace dnr = model::deployed::data_nft_registry;

const Address kAlice = h160(0x01);  // the deployer: admin
const Address kBob = h160(0x02);
const Address kCharlie = h160(0x03);
const Address kDave = h160(0x04);
const Address kRegistry = h160(0xd0);

const std::vector<std::string> kNftIds{"N-BALANCE", "N-SOULBOUND", "N-BURN", "N-IDS", "N-AUTH", "G-COUNTER"};

// The contract under test, every deploy and call observed by a Monitor, step by step.
struct Observed : MonitoredContract {
  Observed() : MonitoredContract(kRegistry) {}
  void deploy(const Address& deployer = kAlice) { Monitored::deploy("data_nft_registry", kRegistry, deployer); }

  u128 mint(const Address& who, bool transferable = true, u128 price = 100) {
    CallResult r = call(who, "mint", {Value("ipfs://data"), Value(u8{1}), Value(price), Value(transferable)});
    EXPECT_FALSE(r.outcome.reverted) << r.outcome.reason;
    return r.outcome.reverted ? u128(0) : u128(r.outcome.returned.as_int());
  }
};

// One hand-built step of the registry: the check run directly on two states.
struct HandStep : ContractStep<dnr::State> {
  HandStep(const Address& caller, std::string_view message)
      : ContractStep<dnr::State>(data_nft_registry_invariants(), dnr::spec(), kRegistry, caller, message) { result.outcome.returned = Value(true); }
};

dnr::DataNFT token(u128 id, const Address& owner, bool transferable = true) {
  return dnr::DataNFT{id, owner, "ipfs://t", 1, 6000, 100, transferable};
}

// A consistent state holding `tokens`, with total_supply `supply`.
dnr::State state_with(std::vector<dnr::DataNFT> tokens, u128 supply) {
  dnr::State s;
  s.admin = kAlice;
  s.total_supply = supply;
  for (auto& t : tokens) {
    s.nfts.insert(t.token_id, t);
    s.owner_nft_count.insert(t.owner, s.owner_nft_count.get_or(t.owner, u128(0)) + 1);
  }
  return s;
}

// The deployed mint, run by `who` on `was` (a hand-built state), and the check of that step.
std::vector<Violation> deployed_mint_on(const dnr::State& was, const Address& who, bool transferable = true) {
  HandStep step(who, "mint");
  CallEnv env{who, kRegistry, U256(0), 1, 6000, U256(0)};
  Ctx ctx(env);
  dnr::State now = was;
  u128 id = dnr::mint(now, ctx, "ipfs://new", 2, 5, transferable);
  EXPECT_EQ(id, kU128Max);
  step.call.args = {Value("ipfs://new"), Value(u8{2}), Value(u128(5)), Value(transferable)};
  step.result.outcome.returned = Value(id);
  step.result.events = ctx.events;
  return step.check(was, now);
}

// ------------------------------------------------------------------ honest runs

TEST(NftInvariants, CatalogEntries) {
  const auto& ci = data_nft_registry_invariants();
  EXPECT_EQ(ci.contract, "data_nft_registry");
  ASSERT_EQ(ci.invariants.size(), 5u);
  EXPECT_EQ(ci.invariants[0].id, "N-BALANCE");
  EXPECT_EQ(ci.invariants[0].statement,
            "Each owner's balance_of equals the number of live tokens it owns (so their sum is the number of live "
            "tokens).");
  EXPECT_EQ(ci.invariants[1].id, "N-SOULBOUND");
  EXPECT_EQ(ci.invariants[1].statement, "A token minted non-transferable never changes owner.");
  EXPECT_EQ(ci.invariants[2].id, "N-BURN");
  EXPECT_EQ(ci.invariants[2].statement, "A burnt token leaves nothing behind: no access grant, no approval, no metadata.");
  EXPECT_EQ(ci.invariants[3].id, "N-IDS");
  EXPECT_EQ(ci.invariants[3].statement, "Token ids are unique and never reused; total_supply is at least every id.");
  EXPECT_EQ(ci.invariants[4].id, "N-AUTH");
  EXPECT_EQ(ci.invariants[4].statement,
            "Only the owner transfers, approves, updates or grants; only the owner or the admin burns or revokes.");
  for (auto& inv : ci.invariants) {
    EXPECT_EQ(inv.contract, "data_nft_registry");
    EXPECT_EQ(inv.profiles, std::vector<std::string>{"deployed"});
    EXPECT_TRUE(inv.checkable_on_runs());
  }
}

TEST(NftInvariants, HonestRunViolatesNothing) {
  Observed run;
  run.deploy();
  u128 t1 = run.mint(kAlice);
  u128 t2 = run.mint(kAlice, false);  // soulbound
  u128 t3 = run.mint(kBob);
  u128 t4 = run.mint(kBob);
  EXPECT_EQ(t4, u128(4));
  expect_returned(run.call(kAlice, "approve", {Value(t1), kCharlie}), Value(true));
  expect_returned(run.call(kAlice, "grant_access", {Value(t1), kDave}, 100), Value(true));
  expect_returned(run.call(kAlice, "transfer", {Value(t1), kBob}), Value(true));  // clears the approval
  expect_returned(run.call(kBob, "transfer", {Value(t1), kBob}), Value(true));    // to oneself
  expect_returned(run.call(kBob, "update_data_uri", {Value(t1), Value("ipfs://b")}), Value(true));
  expect_returned(run.call(kBob, "update_access_price", {Value(t1), Value(u128(7))}), Value(true));
  expect_returned(run.call(kBob, "revoke_access", {Value(t1), kDave}), Value(true));
  expect_returned(run.call(kBob, "grant_access", {Value(t3), kDave}, 100), Value(true));
  expect_returned(run.call(kAlice, "revoke_access", {Value(t3), kDave}), Value(true));  // the admin
  expect_returned(run.call(kAlice, "burn", {Value(t2)}), Value(true));                  // nothing left behind
  expect_returned(run.call(kAlice, "burn", {Value(t3)}), Value(true));                  // the admin burns bob's
  // Refusals.
  expect_returned(run.call(kCharlie, "transfer", {Value(t1), kCharlie}), Value(false));
  expect_returned(run.call(kCharlie, "approve", {Value(t4), kCharlie}), Value(false));
  expect_returned(run.call(kCharlie, "burn", {Value(t4)}), Value(false));
  expect_returned(run.call(kBob, "transfer", {Value(t2), kCharlie}), Value(false));  // burnt
  u128 t5 = run.mint(kCharlie);
  EXPECT_EQ(t5, u128(5));  // never 2 or 3 again
  EXPECT_EQ(run.state<dnr::State>(kRegistry).owner_nft_count.get_or(kBob, 0), u128(2));
  for (auto& id : kNftIds) EXPECT_EQ(count(run.out, id), 0u) << id << "\n" << dump(run.out);
}

// -------------------------------------------------------------------- N-BALANCE

TEST(NftInvariants, BalanceHoldsAcrossMintTransferBurn) {
  Observed run;
  run.deploy();
  u128 a = run.mint(kAlice);
  run.mint(kAlice);
  run.call(kAlice, "transfer", {Value(a), kBob});
  run.call(kBob, "transfer", {Value(a), kBob});
  run.call(kBob, "burn", {Value(a)});
  EXPECT_EQ(count(run.out, "N-BALANCE"), 0u) << dump(run.out);
}

TEST(NftInvariants, BalanceViolatedByDeployedMintOverwritingTokenMax) {
  // At total_supply == u128::MAX, mint overwrites token u128::MAX: bob's count keeps the
  // token he lost, alice's counts the one she gained.
  dnr::State was = state_with({token(kU128Max, kBob)}, kU128Max);
  auto out = deployed_mint_on(was, kAlice);
  EXPECT_EQ(count(out, "N-BALANCE"), 1u) << dump(out);  // bob: balance_of 1, owns 0
  // Minting over one's own token: balance_of 2, one live token.
  auto own = deployed_mint_on(was, kBob);
  EXPECT_EQ(count(own, "N-BALANCE"), 1u) << dump(own);
}

TEST(NftInvariants, BalanceViolatedByIdenticalRemintAtSaturation) {
  // A mint that rewrites token u128::MAX identically (no token changes) still counts it again.
  dnr::State was = state_with({dnr::DataNFT{kU128Max, kBob, "ipfs://new", 2, 6000, 5, true}}, kU128Max);
  auto out = deployed_mint_on(was, kBob);
  EXPECT_EQ(count(out, "N-BALANCE"), 1u) << dump(out);
  EXPECT_EQ(count(out, "N-IDS"), 1u) << dump(out);  // the returned id was minted before
}

// ------------------------------------------------------------------ N-SOULBOUND

TEST(NftInvariants, SoulboundHoldsWhenTransferIsRefused) {
  Observed run;
  run.deploy();
  u128 t = run.mint(kAlice, false);
  expect_returned(run.call(kAlice, "transfer", {Value(t), kBob}), Value(false));
  run.call(kAlice, "update_data_uri", {Value(t), Value("ipfs://x")});
  run.call(kAlice, "burn", {Value(t)});
  EXPECT_EQ(count(run.out, "N-SOULBOUND"), 0u) << dump(run.out);
}

TEST(NftInvariants, SoulboundViolatedByDeployedMintOverwritingTokenMax) {
  dnr::State was = state_with({token(kU128Max, kBob, /*transferable=*/false)}, kU128Max);
  auto out = deployed_mint_on(was, kAlice);
  EXPECT_EQ(count(out, "N-SOULBOUND"), 1u) << dump(out);
  // The same owner minting over it changes no owner.
  auto own = deployed_mint_on(was, kBob);
  EXPECT_EQ(count(own, "N-SOULBOUND"), 0u) << dump(own);
}

// ----------------------------------------------------------------------- N-BURN

TEST(NftInvariants, BurnHoldsForATokenWithoutApprovalOrGrants) {
  Observed run;
  run.deploy();
  u128 t = run.mint(kAlice);
  run.call(kAlice, "approve", {Value(t), kBob});
  run.call(kAlice, "grant_access", {Value(t), kCharlie}, 100);
  run.call(kAlice, "revoke_access", {Value(t), kCharlie});
  run.call(kAlice, "transfer", {Value(t), kDave});  // clears the approval
  expect_returned(run.call(kDave, "burn", {Value(t)}), Value(true));
  EXPECT_EQ(count(run.out, "N-BURN"), 0u) << dump(run.out);
}

TEST(NftInvariants, BurnViolatedByBurnAfterApprove) {
  Observed run;
  run.deploy();
  u128 t = run.mint(kAlice);
  run.call(kAlice, "approve", {Value(t), kBob});
  expect_returned(run.call(kAlice, "burn", {Value(t)}), Value(true));
  EXPECT_EQ(count(run.last, "N-BURN"), 1u) << dump(run.last);
  // Reported by the burn only: later steps that leave the stale approval alone are not.
  run.mint(kAlice);
  EXPECT_EQ(count(run.last, "N-BURN"), 0u) << dump(run.last);
}

TEST(NftInvariants, BurnViolatedByBurnAfterGrant) {
  Observed run;
  run.deploy();
  u128 t = run.mint(kAlice);
  run.call(kAlice, "grant_access", {Value(t), kBob}, 100);
  run.call(kAlice, "grant_access", {Value(t), kCharlie}, 100);
  expect_returned(run.call(kAlice, "burn", {Value(t)}), Value(true));  // by the owner
  EXPECT_EQ(count(run.last, "N-BURN"), 1u) << dump(run.last);
  EXPECT_NE(dump(run.last).find(kCharlie.hex()), std::string::npos) << dump(run.last);
  // Also by the admin.
  u128 u = run.mint(kBob);
  run.call(kBob, "grant_access", {Value(u), kCharlie}, 100);
  expect_returned(run.call(kAlice, "burn", {Value(u)}), Value(true));
  EXPECT_EQ(count(run.last, "N-BURN"), 1u) << dump(run.last);
  EXPECT_EQ(count(run.out, "N-AUTH"), 0u) << dump(run.out);
}

TEST(NftInvariants, BurnFiresOnGrantStoredForNonLiveToken) {
  // Hand-built: a step granting access to a token that no longer exists.
  dnr::State was = state_with({token(1, kBob)}, 2);
  dnr::State now = was;
  now.granted_access.insert({u128(2), kCharlie}, true);
  now.approvals.insert(u128(2), kCharlie);
  HandStep step(kBob, "grant_access");
  auto out = step.check(was, now);
  EXPECT_EQ(count(out, "N-BURN"), 2u) << dump(out);
  EXPECT_EQ(count(out, "N-AUTH"), 2u) << dump(out);  // no owner granted or approved it
}

// ------------------------------------------------------------------------ N-IDS

TEST(NftInvariants, IdsHoldAcrossMintsAndBurns) {
  Observed run;
  run.deploy();
  for (int i = 0; i < 5; ++i) run.mint(kAlice);
  run.call(kAlice, "burn", {Value(u128(5))});
  run.call(kAlice, "burn", {Value(u128(1))});
  EXPECT_EQ(run.mint(kBob), u128(6));
  EXPECT_EQ(count(run.out, "N-IDS"), 0u) << dump(run.out);
}

TEST(NftInvariants, IdsViolatedByDeployedMintAtSaturation) {
  // total_supply saturates: the mint returns u128::MAX a second time.
  dnr::State was = state_with({token(kU128Max, kBob)}, kU128Max);
  auto out = deployed_mint_on(was, kAlice);
  EXPECT_EQ(count(out, "N-IDS"), 1u) << dump(out);
  EXPECT_EQ(count(out, "G-COUNTER"), 0u) << dump(out);  // the counter did not go back
  // Also when token u128::MAX was burnt before: the id comes back.
  dnr::State burnt = state_with({}, kU128Max);
  auto again = deployed_mint_on(burnt, kAlice);
  EXPECT_EQ(count(again, "N-IDS"), 1u) << dump(again);
}

TEST(NftInvariants, IdsFireOnHandBuiltReuseAndIdsAboveTotalSupply) {
  dnr::State was = state_with({token(1, kBob)}, 3);  // 2 and 3 were burnt
  dnr::State now = was;
  now.nfts.insert(u128(2), token(2, kBob));       // re-used
  now.nfts.insert(u128(9), token(9, kBob));       // above total_supply
  now.owner_nft_count.insert(kBob, u128(3));
  HandStep step(kBob, "mint");
  auto out = step.check(was, now);
  EXPECT_EQ(count(out, "N-IDS"), 2u) << dump(out);
  EXPECT_EQ(count(out, "G-COUNTER"), 1u) << dump(out);
  EXPECT_EQ(count(out, "N-BALANCE"), 0u) << dump(out);
}

// ----------------------------------------------------------------------- N-AUTH

TEST(NftInvariants, AuthHoldsForOwnersAndAdmin) {
  Observed run;
  run.deploy();
  u128 t = run.mint(kBob);
  run.call(kBob, "approve", {Value(t), kCharlie});
  run.call(kBob, "grant_access", {Value(t), kDave}, 100);
  run.call(kAlice, "revoke_access", {Value(t), kDave});
  run.call(kBob, "update_data_uri", {Value(t), Value("x")});
  run.call(kCharlie, "transfer", {Value(t), kCharlie});  // the approved account may not: refused
  run.call(kBob, "transfer", {Value(t), kCharlie});
  run.call(kAlice, "burn", {Value(t)});
  EXPECT_EQ(count(run.out, "N-AUTH"), 0u) << dump(run.out);
}

TEST(NftInvariants, AuthViolatedByDeployedMintTakingTokenMax) {
  // alice's mint at saturation takes bob's token u128::MAX.
  dnr::State was = state_with({token(kU128Max, kBob)}, kU128Max);
  auto out = deployed_mint_on(was, kAlice);
  EXPECT_EQ(count(out, "N-AUTH"), 1u) << dump(out);
}

TEST(NftInvariants, AuthFiresOnHandBuiltChangesByOthers) {
  dnr::State was = state_with({token(1, kBob), token(2, kBob)}, 2);
  was.granted_access.insert({u128(1), kDave}, true);
  dnr::State now = was;
  auto moved = token(1, kCharlie);
  now.nfts.insert(u128(1), moved);                  // transferred by charlie
  now.owner_nft_count.insert(kBob, u128(1));
  now.owner_nft_count.insert(kCharlie, u128(1));
  now.approvals.insert(u128(2), kCharlie);           // approved by charlie
  now.granted_access.erase({u128(1), kDave});        // revoked by charlie
  HandStep step(kCharlie, "transfer");
  auto out = step.check(was, now);
  EXPECT_EQ(count(out, "N-AUTH"), 3u) << dump(out);
  EXPECT_EQ(count(out, "N-BALANCE"), 0u) << dump(out);
  // Burnt by a non-owner, non-admin.
  dnr::State burnt = was;
  burnt.nfts.erase(u128(2));
  burnt.owner_nft_count.insert(kBob, u128(1));
  auto out2 = step.check(was, burnt);
  EXPECT_EQ(count(out2, "N-AUTH"), 1u) << dump(out2);
}

// -------------------------------------------------------------------- G-COUNTER

TEST(NftInvariants, CounterHoldsAlongMints) {
  Observed run;
  run.deploy();
  for (int i = 0; i < 3; ++i) run.mint(kBob);
  run.call(kBob, "burn", {Value(u128(3))});
  run.mint(kBob);
  EXPECT_EQ(count(run.out, "G-COUNTER"), 0u) << dump(run.out);
}

TEST(NftInvariants, CounterFiresWhenTotalSupplyDecreases) {
  dnr::State was = state_with({token(1, kBob), token(3, kBob)}, 3);
  dnr::State now = was;
  now.total_supply = 2;  // token 3 (untouched) now lies above it
  HandStep step(kBob, "burn");
  auto out = step.check(was, now);
  EXPECT_EQ(count(out, "G-COUNTER"), 2u) << dump(out);  // the decrease, and token 3
  EXPECT_EQ(count(out, "N-IDS"), 1u) << dump(out);
}

TEST(NftInvariants, CounterFiresOnTokenIdZero) {
  dnr::State was = state_with({}, 0);
  dnr::State now = state_with({token(0, kBob)}, 0);
  HandStep step(kBob, "mint");
  auto out = step.check(was, now);
  EXPECT_EQ(count(out, "G-COUNTER"), 1u) << dump(out);
}

}  // namespace
}  // namespace meshcheck::testing
