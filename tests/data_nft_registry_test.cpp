// data_nft_registry (profile `deployed`, ink! 6): every message's success path, every
// `return false` guard and every revert, the payable rules of mint and grant_access,
// value narrowing, the deployed quirks (burn leaves approvals and grants behind, a
// transfer to oneself, total_supply saturation), and every field of every event and
// read-only answer.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "model/data_nft_registry.hpp"
#include "support/harness.hpp"

namespace meshcheck::testing {
namespace {

using model::CallEnv;
using model::Ctx;
namespace dnr = model::deployed::data_nft_registry;

const Address kAlice = h160(0x01);  // the deployer: admin
const Address kBob = h160(0x02);
const Address kCharlie = h160(0x03);
const Address kDave = h160(0x04);
const Address kRegistry = h160(0xd0);

Address deploy(Harness& h, const Address& deployer = kAlice) {
  return h.deploy("data_nft_registry", kRegistry, deployer);
}

CallResult mint(Harness& h, const Address& who, const std::string& uri = "ipfs://data", u8 privacy = 1,
                u128 price = 100, bool transferable = true, const U256& value = 0) {
  return h.call(kRegistry, who, "mint", {Value(uri), Value(privacy), Value(price), Value(transferable)}, value);
}

// Mints and returns the new token id (as a u128).
u128 mint_ok(Harness& h, const Address& who, const std::string& uri = "ipfs://data", u8 privacy = 1, u128 price = 100,
             bool transferable = true) {
  CallResult r = mint(h, who, uri, privacy, price, transferable);
  EXPECT_FALSE(r.outcome.reverted) << r.outcome.reason;
  return r.outcome.reverted ? u128(0) : u128(r.outcome.returned.as_int());
}

// The DataNFT struct as get_nft returns it (fields in declaration order).
Value nft(u128 token_id, const Address& owner, const std::string& uri, u8 privacy, u64 minted_at, u128 price,
          bool transferable) {
  return Value::seq({token_id, owner, uri, privacy, minted_at, price, transferable});
}

Value get_nft(Harness& h, u128 id) { return h.read(kRegistry, "get_nft", {Value(id)}); }
Value balance_of(Harness& h, const Address& who) { return h.read(kRegistry, "balance_of", {who}); }
Value get_approved(Harness& h, u128 id) { return h.read(kRegistry, "get_approved", {Value(id)}); }
Value has_access(Harness& h, u128 id, const Address& who) { return h.read(kRegistry, "has_access", {Value(id), who}); }
Value total_supply(Harness& h) { return h.read(kRegistry, "total_supply"); }

CallResult call(Harness& h, const Address& caller, std::string_view message, std::vector<Value> args,
                const U256& value = 0) {
  return h.call(kRegistry, caller, message, std::move(args), value);
}

// ----------------------------------------------------------------- constructor

TEST(DataNftRegistryNew, StartsEmptyWithDeployerAsAdmin) {
  Harness h;
  deploy(h);
  EXPECT_EQ(total_supply(h), Value(u128(0)));
  EXPECT_EQ(h.read(kRegistry, "get_admin"), Value(kAlice));
  EXPECT_EQ(balance_of(h, kAlice), Value(u128(0)));
  EXPECT_EQ(get_nft(h, 1), Value::none());
  EXPECT_EQ(get_approved(h, 1), Value::none());
  EXPECT_EQ(has_access(h, 1, kAlice), Value(false));
}

TEST(DataNftRegistryNew, AdminIsWhoeverDeploys) {
  Harness h;
  deploy(h, kDave);
  EXPECT_EQ(h.read(kRegistry, "get_admin"), Value(kDave));
}

// ------------------------------------------------------------------------ mint

TEST(DataNftRegistryMint, CreatesTokenOneWithAllFieldsAndEvent) {
  Harness h;
  deploy(h);
  h.timestamp = 424242;
  CallResult r = mint(h, kBob, "ipfs://example", 3, 250, true);
  expect_returned(r, Value(u128(1)));
  ASSERT_EQ(r.events.size(), 1u);
  expect_event(r, 0, dnr::spec(), "NFTMinted", {u128(1), kBob, "ipfs://example", u8{3}});
  EXPECT_TRUE(r.transfers.empty());
  // minted_at is the call's block timestamp.
  EXPECT_EQ(get_nft(h, 1), Value::some(nft(1, kBob, "ipfs://example", 3, 424242, 250, true)));
  EXPECT_EQ(total_supply(h), Value(u128(1)));
  EXPECT_EQ(balance_of(h, kBob), Value(u128(1)));
  EXPECT_EQ(balance_of(h, kAlice), Value(u128(0)));
}

TEST(DataNftRegistryMint, IdsFollowTotalSupplyAndCountsArePerOwner) {
  Harness h;
  deploy(h);
  CallResult r1 = mint(h, kAlice, "uri1", 0, 50, true);
  h.timestamp += 6000;
  CallResult r2 = mint(h, kAlice, "uri2", 2, 200, false);
  h.timestamp += 6000;
  CallResult r3 = mint(h, kBob, "uri3", 255, 0, true);
  expect_returned(r1, Value(u128(1)));
  expect_returned(r2, Value(u128(2)));
  expect_returned(r3, Value(u128(3)));
  expect_event(r2, 0, dnr::spec(), "NFTMinted", {u128(2), kAlice, "uri2", u8{2}});
  expect_event(r3, 0, dnr::spec(), "NFTMinted", {u128(3), kBob, "uri3", u8{255}});
  EXPECT_EQ(get_nft(h, 1), Value::some(nft(1, kAlice, "uri1", 0, 6000, 50, true)));
  EXPECT_EQ(get_nft(h, 2), Value::some(nft(2, kAlice, "uri2", 2, 12000, 200, false)));
  EXPECT_EQ(get_nft(h, 3), Value::some(nft(3, kBob, "uri3", 255, 18000, 0, true)));
  EXPECT_EQ(total_supply(h), Value(u128(3)));
  EXPECT_EQ(balance_of(h, kAlice), Value(u128(2)));
  EXPECT_EQ(balance_of(h, kBob), Value(u128(1)));
}

TEST(DataNftRegistryMint, IsPayableAndKeepsTheValue) {
  Harness h;
  deploy(h);
  h.world.set_balance(kBob, 1000);
  CallResult r = mint(h, kBob, "ipfs://paid", 1, 100, true, 300);
  expect_returned(r, Value(u128(1)));
  expect_event(r, 0, dnr::spec(), "NFTMinted", {u128(1), kBob, "ipfs://paid", u8{1}});
  EXPECT_TRUE(r.transfers.empty());
  EXPECT_EQ(h.balance(kRegistry), U256(300));
  EXPECT_EQ(h.balance(kBob), U256(700));
}

TEST(DataNftRegistryMint, NeverNarrowsTheValueSoAboveU128MaxIsKept) {
  Harness h;
  deploy(h);
  // mint never calls as_u128(): a value beyond u128::MAX is accepted and kept.
  CallResult r = mint(h, kBob, "ipfs://big", 1, 100, true, kU128MaxAsU256 + 1);
  expect_returned(r, Value(u128(1)));
  EXPECT_EQ(h.balance(kRegistry), U256(kU128MaxAsU256 + 1));
}

TEST(DataNftRegistryMint, TrackedCallerShortOfValueReverts) {
  Harness h;
  deploy(h);
  h.world.set_balance(kBob, 299);
  h.expect_reverted_unchanged(kRegistry, kBob, "mint", {Value("ipfs://x"), Value(u8{1}), Value(u128(100)), Value(true)},
                              300, "short of value");
  EXPECT_EQ(total_supply(h), Value(u128(0)));
  EXPECT_EQ(h.balance(kBob), U256(299));
}

TEST(DataNftRegistryMint, AtU128MaxTotalSupplyTheLastTokenIsOverwritten) {
  const CallEnv deploy_env{kAlice, kRegistry, U256(0), 1, 6000, U256(0)};
  dnr::State s = dnr::construct(deploy_env);
  s.total_supply = kU128Max;
  s.nfts.insert(kU128Max, dnr::DataNFT{kU128Max, kBob, "ipfs://old", 2, 5000, u128(9), true});
  s.owner_nft_count.insert(kBob, u128(1));
  s.approvals.insert(kU128Max, kCharlie);

  const CallEnv env{kDave, kRegistry, U256(0), 2, 12000, U256(0)};
  Ctx ctx(env);
  EXPECT_EQ(dnr::mint(s, ctx, "ipfs://new", 4, u128(77), false), kU128Max);
  // token_id saturates to u128::MAX again: Dave's token replaces Bob's under the same id.
  EXPECT_EQ(s.total_supply, kU128Max);
  ASSERT_NE(s.nfts.find(kU128Max), nullptr);
  EXPECT_EQ(*s.nfts.find(kU128Max), (dnr::DataNFT{kU128Max, kDave, "ipfs://new", 4, 12000, u128(77), false}));
  EXPECT_EQ(s.nfts.size(), 1u);
  EXPECT_EQ(s.owner_nft_count.get_or(kDave, u128(0)), u128(1));
  // Bob's count is not decremented, and the old approval survives on the new token.
  EXPECT_EQ(s.owner_nft_count.get_or(kBob, u128(0)), u128(1));
  ASSERT_NE(s.approvals.find(kU128Max), nullptr);
  EXPECT_EQ(*s.approvals.find(kU128Max), kCharlie);
  ASSERT_EQ(ctx.events.size(), 1u);
  EXPECT_EQ(ctx.events[0].spec->name, "NFTMinted");
  EXPECT_EQ(ctx.events[0].fields, (std::vector<Value>{kU128Max, kDave, "ipfs://new", u8{4}}));
}

// -------------------------------------------------------------------- transfer

TEST(DataNftRegistryTransfer, MovesTokenAndCounts) {
  Harness h;
  deploy(h);
  const u64 minted_at = h.timestamp;
  u128 id = mint_ok(h, kAlice, "uri", 0, 100, true);
  CallResult r = call(h, kAlice, "transfer", {Value(id), kBob});
  expect_returned(r, Value(true));
  ASSERT_EQ(r.events.size(), 1u);
  expect_event(r, 0, dnr::spec(), "NFTTransferred", {id, kAlice, kBob});
  EXPECT_EQ(get_nft(h, id), Value::some(nft(id, kBob, "uri", 0, minted_at, 100, true)));
  EXPECT_EQ(balance_of(h, kAlice), Value(u128(0)));
  EXPECT_EQ(balance_of(h, kBob), Value(u128(1)));
  EXPECT_EQ(total_supply(h), Value(u128(1)));
  // Only the new owner can move it on.
  h.expect_refused_unchanged(kRegistry, kAlice, "transfer", {Value(id), kCharlie});
  expect_returned(call(h, kBob, "transfer", {Value(id), kCharlie}), Value(true));
  EXPECT_EQ(balance_of(h, kBob), Value(u128(0)));
  EXPECT_EQ(balance_of(h, kCharlie), Value(u128(1)));
}

TEST(DataNftRegistryTransfer, ClearsTheApproval) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kAlice);
  ASSERT_EQ(call(h, kAlice, "approve", {Value(id), kCharlie}).outcome.returned, Value(true));
  ASSERT_EQ(get_approved(h, id), Value::some(kCharlie));
  expect_returned(call(h, kAlice, "transfer", {Value(id), kBob}), Value(true));
  EXPECT_EQ(get_approved(h, id), Value::none());
}

TEST(DataNftRegistryTransfer, KeepsAccessGrantsAndOwnerAccessFollowsOwnership) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kAlice, "uri", 0, 0, true);
  ASSERT_EQ(call(h, kAlice, "grant_access", {Value(id), kCharlie}).outcome.returned, Value(true));
  expect_returned(call(h, kAlice, "transfer", {Value(id), kBob}), Value(true));
  EXPECT_EQ(has_access(h, id, kCharlie), Value(true));
  EXPECT_EQ(has_access(h, id, kBob), Value(true));
  EXPECT_EQ(has_access(h, id, kAlice), Value(false));
}

TEST(DataNftRegistryTransfer, ToOneselfKeepsBalanceAndClearsApproval) {
  Harness h;
  deploy(h);
  const u64 minted_at = h.timestamp;
  u128 id = mint_ok(h, kAlice, "uri", 0, 100, true);
  ASSERT_EQ(call(h, kAlice, "approve", {Value(id), kBob}).outcome.returned, Value(true));
  CallResult r = call(h, kAlice, "transfer", {Value(id), kAlice});
  expect_returned(r, Value(true));
  expect_event(r, 0, dnr::spec(), "NFTTransferred", {id, kAlice, kAlice});
  // The sender's count is written before the receiver's is read: it nets to zero.
  EXPECT_EQ(balance_of(h, kAlice), Value(u128(1)));
  EXPECT_EQ(get_nft(h, id), Value::some(nft(id, kAlice, "uri", 0, minted_at, 100, true)));
  EXPECT_EQ(get_approved(h, id), Value::none());
}

TEST(DataNftRegistryTransfer, UnknownTokenIsRefused) {
  Harness h;
  deploy(h);
  mint_ok(h, kAlice);
  h.expect_refused_unchanged(kRegistry, kAlice, "transfer", {Value(u128(2)), kBob});
  h.expect_refused_unchanged(kRegistry, kAlice, "transfer", {Value(u128(0)), kBob});
}

TEST(DataNftRegistryTransfer, NonOwnerIsRefusedEvenIfApprovedOrAdmin) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob);
  ASSERT_EQ(call(h, kBob, "approve", {Value(id), kCharlie}).outcome.returned, Value(true));
  h.expect_refused_unchanged(kRegistry, kCharlie, "transfer", {Value(id), kCharlie});  // approved: no effect
  h.expect_refused_unchanged(kRegistry, kAlice, "transfer", {Value(id), kAlice});      // admin
  h.expect_refused_unchanged(kRegistry, kDave, "transfer", {Value(id), kDave});
  EXPECT_EQ(balance_of(h, kBob), Value(u128(1)));
}

TEST(DataNftRegistryTransfer, NonTransferableTokenIsRefused) {
  Harness h;
  deploy(h);
  const u64 minted_at = h.timestamp;
  u128 id = mint_ok(h, kAlice, "uri", 0, 100, false);
  h.expect_refused_unchanged(kRegistry, kAlice, "transfer", {Value(id), kBob});
  EXPECT_EQ(get_nft(h, id), Value::some(nft(id, kAlice, "uri", 0, minted_at, 100, false)));
  EXPECT_EQ(balance_of(h, kBob), Value(u128(0)));
}

TEST(DataNftRegistryTransfer, ValueSentRevertsNonPayable) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kAlice);
  h.world.set_balance(kAlice, 10);
  h.expect_reverted_unchanged(kRegistry, kAlice, "transfer", {Value(id), kBob}, 1, "non-payable message transfer");
  EXPECT_EQ(balance_of(h, kAlice), Value(u128(1)));
  EXPECT_EQ(h.balance(kAlice), U256(10));
}

// --------------------------------------------------------------------- approve

TEST(DataNftRegistryApprove, OwnerApprovesAndMayReapprove) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kAlice);
  CallResult r = call(h, kAlice, "approve", {Value(id), kBob});
  expect_returned(r, Value(true));
  ASSERT_EQ(r.events.size(), 1u);
  expect_event(r, 0, dnr::spec(), "NFTApproved", {id, kAlice, kBob});
  EXPECT_EQ(get_approved(h, id), Value::some(kBob));
  CallResult again = call(h, kAlice, "approve", {Value(id), kCharlie});
  expect_returned(again, Value(true));
  expect_event(again, 0, dnr::spec(), "NFTApproved", {id, kAlice, kCharlie});
  EXPECT_EQ(get_approved(h, id), Value::some(kCharlie));
}

TEST(DataNftRegistryApprove, UnknownTokenIsRefused) {
  Harness h;
  deploy(h);
  h.expect_refused_unchanged(kRegistry, kAlice, "approve", {Value(u128(1)), kBob});
  EXPECT_EQ(get_approved(h, 1), Value::none());
}

TEST(DataNftRegistryApprove, NonOwnerIsRefusedEvenAdmin) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob);
  h.expect_refused_unchanged(kRegistry, kCharlie, "approve", {Value(id), kCharlie});
  h.expect_refused_unchanged(kRegistry, kAlice, "approve", {Value(id), kAlice});
  EXPECT_EQ(get_approved(h, id), Value::none());
}

TEST(DataNftRegistryApprove, ValueSentRevertsNonPayable) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kAlice);
  h.expect_reverted_unchanged(kRegistry, kAlice, "approve", {Value(id), kBob}, 1, "non-payable message approve");
  EXPECT_EQ(get_approved(h, id), Value::none());
}

// ---------------------------------------------------------------- grant_access

TEST(DataNftRegistryGrantAccess, OwnerPayingThePriceGrants) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kAlice, "uri", 0, 100, true);
  h.world.set_balance(kAlice, 1000);
  CallResult r = call(h, kAlice, "grant_access", {Value(id), kBob}, 100);
  expect_returned(r, Value(true));
  ASSERT_EQ(r.events.size(), 1u);
  expect_event(r, 0, dnr::spec(), "AccessGranted", {id, kBob, u128(100)});
  EXPECT_TRUE(r.transfers.empty());
  EXPECT_EQ(has_access(h, id, kBob), Value(true));
  // The payment stays in the contract (the owner pays itself nothing back).
  EXPECT_EQ(h.balance(kRegistry), U256(100));
  EXPECT_EQ(h.balance(kAlice), U256(900));
}

TEST(DataNftRegistryGrantAccess, OverpaymentIsReportedInFull) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kAlice, "uri", 0, 100, true);
  CallResult r = call(h, kAlice, "grant_access", {Value(id), kBob}, 150);
  expect_returned(r, Value(true));
  expect_event(r, 0, dnr::spec(), "AccessGranted", {id, kBob, u128(150)});
  EXPECT_EQ(h.balance(kRegistry), U256(150));
}

TEST(DataNftRegistryGrantAccess, FreeTokenGrantsWithoutValue) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kAlice, "uri", 0, 0, true);
  CallResult r = call(h, kAlice, "grant_access", {Value(id), kBob});
  expect_returned(r, Value(true));
  expect_event(r, 0, dnr::spec(), "AccessGranted", {id, kBob, u128(0)});
  EXPECT_EQ(has_access(h, id, kBob), Value(true));
}

TEST(DataNftRegistryGrantAccess, ExactlyU128MaxIsAccepted) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kAlice, "uri", 0, kU128Max, true);
  CallResult r = call(h, kAlice, "grant_access", {Value(id), kBob}, kU128MaxAsU256);
  expect_returned(r, Value(true));
  expect_event(r, 0, dnr::spec(), "AccessGranted", {id, kBob, kU128Max});
}

TEST(DataNftRegistryGrantAccess, UnderpayingOwnerGetsFalseAndValueStays) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kAlice, "uri", 0, 100, true);
  h.world.set_balance(kAlice, 1000);
  h.expect_refused_storage_unchanged(kRegistry, kAlice, "grant_access", {Value(id), kBob}, 99);
  EXPECT_EQ(has_access(h, id, kBob), Value(false));
  EXPECT_EQ(h.balance(kRegistry), U256(99));
  EXPECT_EQ(h.balance(kAlice), U256(901));
}

TEST(DataNftRegistryGrantAccess, NonOwnerGetsFalseAndValueStays) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kAlice, "uri", 0, 100, true);
  h.world.set_balance(kBob, 1000);
  // Bob pays enough, but only the owner may grant (even to Bob himself).
  h.expect_refused_storage_unchanged(kRegistry, kBob, "grant_access", {Value(id), kBob}, 500);
  EXPECT_EQ(has_access(h, id, kBob), Value(false));
  EXPECT_EQ(h.balance(kRegistry), U256(500));
  EXPECT_EQ(h.balance(kBob), U256(500));
}

TEST(DataNftRegistryGrantAccess, AdminIsNotTheOwner) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob, "uri", 0, 0, true);
  h.expect_refused_storage_unchanged(kRegistry, kAlice, "grant_access", {Value(id), kCharlie});
}

TEST(DataNftRegistryGrantAccess, UnknownTokenGetsFalseAndValueStays) {
  Harness h;
  deploy(h);
  h.world.set_balance(kBob, 1000);
  h.expect_refused_storage_unchanged(kRegistry, kBob, "grant_access", {Value(u128(7)), kCharlie}, 40);
  EXPECT_EQ(h.balance(kRegistry), U256(40));
  EXPECT_EQ(h.balance(kBob), U256(960));
}

TEST(DataNftRegistryGrantAccess, NonOwnerAboveU128MaxGetsFalseWithoutRevert) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kAlice, "uri", 0, 100, true);
  // The owner check comes before the narrowing: no panic, and the value is kept.
  h.expect_refused_storage_unchanged(kRegistry, kBob, "grant_access", {Value(id), kBob}, kU128MaxAsU256 + 1);
  EXPECT_EQ(h.balance(kRegistry), U256(kU128MaxAsU256 + 1));
}

TEST(DataNftRegistryGrantAccess, UnknownTokenAboveU128MaxGetsFalseWithoutRevert) {
  Harness h;
  deploy(h);
  CallResult r = call(h, kBob, "grant_access", {Value(u128(1)), kBob}, kU128MaxAsU256 + 1);
  expect_refused(r);
  EXPECT_EQ(h.balance(kRegistry), U256(kU128MaxAsU256 + 1));
}

TEST(DataNftRegistryGrantAccess, OwnerAboveU128MaxReverts) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kAlice, "uri", 0, 100, true);
  h.expect_reverted_unchanged(kRegistry, kAlice, "grant_access", {Value(id), kBob}, kU128MaxAsU256 + 1,
                              "Integer overflow when casting to u128");
  EXPECT_EQ(has_access(h, id, kBob), Value(false));
  EXPECT_EQ(h.balance(kRegistry), U256(0));
}

TEST(DataNftRegistryGrantAccess, TrackedCallerShortOfValueReverts) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kAlice, "uri", 0, 100, true);
  h.world.set_balance(kAlice, 99);
  h.expect_reverted_unchanged(kRegistry, kAlice, "grant_access", {Value(id), kBob}, 100, "short of value");
  EXPECT_EQ(has_access(h, id, kBob), Value(false));
}

// --------------------------------------------------------------- revoke_access

TEST(DataNftRegistryRevokeAccess, OwnerRevokes) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob, "uri", 0, 0, true);
  ASSERT_EQ(call(h, kBob, "grant_access", {Value(id), kCharlie}).outcome.returned, Value(true));
  ASSERT_EQ(has_access(h, id, kCharlie), Value(true));
  CallResult r = call(h, kBob, "revoke_access", {Value(id), kCharlie});
  expect_returned(r, Value(true));
  ASSERT_EQ(r.events.size(), 1u);
  expect_event(r, 0, dnr::spec(), "AccessRevoked", {id, kCharlie});
  EXPECT_EQ(has_access(h, id, kCharlie), Value(false));
}

TEST(DataNftRegistryRevokeAccess, AdminRevokesOnSomeoneElsesToken) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob, "uri", 0, 0, true);
  ASSERT_EQ(call(h, kBob, "grant_access", {Value(id), kCharlie}).outcome.returned, Value(true));
  CallResult r = call(h, kAlice, "revoke_access", {Value(id), kCharlie});
  expect_returned(r, Value(true));
  expect_event(r, 0, dnr::spec(), "AccessRevoked", {id, kCharlie});
  EXPECT_EQ(has_access(h, id, kCharlie), Value(false));
}

TEST(DataNftRegistryRevokeAccess, RevokingAbsentGrantSucceedsAndEmits) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob);
  const dnr::State before = h.state<dnr::State>(kRegistry);
  CallResult r = call(h, kBob, "revoke_access", {Value(id), kDave});
  expect_returned(r, Value(true));
  expect_event(r, 0, dnr::spec(), "AccessRevoked", {id, kDave});
  EXPECT_TRUE(h.state<dnr::State>(kRegistry) == before);
}

TEST(DataNftRegistryRevokeAccess, OthersAreRefused) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob, "uri", 0, 0, true);
  ASSERT_EQ(call(h, kBob, "grant_access", {Value(id), kCharlie}).outcome.returned, Value(true));
  h.expect_refused_unchanged(kRegistry, kDave, "revoke_access", {Value(id), kCharlie});
  // Not even the grantee may revoke its own grant.
  h.expect_refused_unchanged(kRegistry, kCharlie, "revoke_access", {Value(id), kCharlie});
  EXPECT_EQ(has_access(h, id, kCharlie), Value(true));
}

TEST(DataNftRegistryRevokeAccess, UnknownTokenIsRefusedEvenForAdmin) {
  Harness h;
  deploy(h);
  h.expect_refused_unchanged(kRegistry, kAlice, "revoke_access", {Value(u128(1)), kBob});
}

TEST(DataNftRegistryRevokeAccess, ValueSentRevertsNonPayable) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob, "uri", 0, 0, true);
  ASSERT_EQ(call(h, kBob, "grant_access", {Value(id), kCharlie}).outcome.returned, Value(true));
  h.expect_reverted_unchanged(kRegistry, kBob, "revoke_access", {Value(id), kCharlie}, 1,
                              "non-payable message revoke_access");
  EXPECT_EQ(has_access(h, id, kCharlie), Value(true));
}

// ------------------------------------------------------------- update_data_uri

TEST(DataNftRegistryUpdateDataUri, OwnerUpdatesUri) {
  Harness h;
  deploy(h);
  const u64 minted_at = h.timestamp;
  u128 id = mint_ok(h, kBob, "ipfs://old", 2, 100, false);
  CallResult r = call(h, kBob, "update_data_uri", {Value(id), Value("ipfs://new")});
  expect_returned(r, Value(true));
  ASSERT_EQ(r.events.size(), 1u);
  expect_event(r, 0, dnr::spec(), "DataURIUpdated", {id, "ipfs://new"});
  EXPECT_EQ(get_nft(h, id), Value::some(nft(id, kBob, "ipfs://new", 2, minted_at, 100, false)));
}

TEST(DataNftRegistryUpdateDataUri, NonOwnerIsRefusedEvenAdmin) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob, "ipfs://old");
  h.expect_refused_unchanged(kRegistry, kCharlie, "update_data_uri", {Value(id), Value("ipfs://evil")});
  h.expect_refused_unchanged(kRegistry, kAlice, "update_data_uri", {Value(id), Value("ipfs://admin")});
}

TEST(DataNftRegistryUpdateDataUri, UnknownTokenIsRefused) {
  Harness h;
  deploy(h);
  h.expect_refused_unchanged(kRegistry, kBob, "update_data_uri", {Value(u128(1)), Value("ipfs://new")});
  EXPECT_EQ(get_nft(h, 1), Value::none());
}

TEST(DataNftRegistryUpdateDataUri, ValueSentRevertsNonPayable) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob, "ipfs://old");
  h.expect_reverted_unchanged(kRegistry, kBob, "update_data_uri", {Value(id), Value("ipfs://new")}, 1,
                              "non-payable message update_data_uri");
}

// --------------------------------------------------------- update_access_price

TEST(DataNftRegistryUpdateAccessPrice, OwnerUpdatesPriceAndGrantsUseIt) {
  Harness h;
  deploy(h);
  const u64 minted_at = h.timestamp;
  u128 id = mint_ok(h, kBob, "uri", 1, 100, true);
  CallResult r = call(h, kBob, "update_access_price", {Value(id), Value(u128(500))});
  expect_returned(r, Value(true));
  ASSERT_EQ(r.events.size(), 1u);
  expect_event(r, 0, dnr::spec(), "AccessPriceUpdated", {id, u128(500)});
  EXPECT_EQ(get_nft(h, id), Value::some(nft(id, kBob, "uri", 1, minted_at, 500, true)));
  expect_refused(call(h, kBob, "grant_access", {Value(id), kCharlie}, 499));
  expect_returned(call(h, kBob, "grant_access", {Value(id), kCharlie}, 500), Value(true));
}

TEST(DataNftRegistryUpdateAccessPrice, NonOwnerIsRefusedEvenAdmin) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob, "uri", 1, 100, true);
  h.expect_refused_unchanged(kRegistry, kCharlie, "update_access_price", {Value(id), Value(u128(0))});
  h.expect_refused_unchanged(kRegistry, kAlice, "update_access_price", {Value(id), Value(u128(0))});
}

TEST(DataNftRegistryUpdateAccessPrice, UnknownTokenIsRefused) {
  Harness h;
  deploy(h);
  h.expect_refused_unchanged(kRegistry, kBob, "update_access_price", {Value(u128(3)), Value(u128(1))});
}

TEST(DataNftRegistryUpdateAccessPrice, ValueSentRevertsNonPayable) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob);
  h.expect_reverted_unchanged(kRegistry, kBob, "update_access_price", {Value(id), Value(u128(1))}, 1,
                              "non-payable message update_access_price");
}

// ------------------------------------------------------------------------ burn

TEST(DataNftRegistryBurn, OwnerBurns) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob);
  mint_ok(h, kBob);
  CallResult r = call(h, kBob, "burn", {Value(id)});
  expect_returned(r, Value(true));
  ASSERT_EQ(r.events.size(), 1u);
  expect_event(r, 0, dnr::spec(), "NFTBurned", {id, kBob});
  EXPECT_EQ(get_nft(h, id), Value::none());
  EXPECT_EQ(balance_of(h, kBob), Value(u128(1)));
  EXPECT_EQ(total_supply(h), Value(u128(2)));  // not decremented
  EXPECT_EQ(has_access(h, id, kBob), Value(false));
  // Burnt ids are not reused.
  expect_returned(mint(h, kBob), Value(u128(3)));
}

TEST(DataNftRegistryBurn, AdminBurnsSomeoneElsesTokenAndEventNamesTheOwner) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob);
  CallResult r = call(h, kAlice, "burn", {Value(id)});
  expect_returned(r, Value(true));
  expect_event(r, 0, dnr::spec(), "NFTBurned", {id, kBob});
  EXPECT_EQ(get_nft(h, id), Value::none());
  EXPECT_EQ(balance_of(h, kBob), Value(u128(0)));
  EXPECT_EQ(balance_of(h, kAlice), Value(u128(0)));
}

TEST(DataNftRegistryBurn, OthersAreRefused) {
  Harness h;
  deploy(h);
  const u64 minted_at = h.timestamp;
  u128 id = mint_ok(h, kBob, "uri", 1, 100, true);
  ASSERT_EQ(call(h, kBob, "approve", {Value(id), kCharlie}).outcome.returned, Value(true));
  h.expect_refused_unchanged(kRegistry, kCharlie, "burn", {Value(id)});  // approved is not enough
  h.expect_refused_unchanged(kRegistry, kDave, "burn", {Value(id)});
  EXPECT_EQ(get_nft(h, id), Value::some(nft(id, kBob, "uri", 1, minted_at, 100, true)));
}

TEST(DataNftRegistryBurn, UnknownOrAlreadyBurntTokenIsRefused) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob);
  h.expect_refused_unchanged(kRegistry, kAlice, "burn", {Value(u128(2))});
  ASSERT_EQ(call(h, kBob, "burn", {Value(id)}).outcome.returned, Value(true));
  h.expect_refused_unchanged(kRegistry, kBob, "burn", {Value(id)});
  h.expect_refused_unchanged(kRegistry, kAlice, "burn", {Value(id)});
  EXPECT_EQ(balance_of(h, kBob), Value(u128(0)));
}

TEST(DataNftRegistryBurn, LeavesApprovalAndAccessGrantsInStorage) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob, "uri", 0, 0, true);
  ASSERT_EQ(call(h, kBob, "approve", {Value(id), kDave}).outcome.returned, Value(true));
  ASSERT_EQ(call(h, kBob, "grant_access", {Value(id), kCharlie}).outcome.returned, Value(true));
  expect_returned(call(h, kBob, "burn", {Value(id)}), Value(true));
  EXPECT_EQ(get_nft(h, id), Value::none());
  // Deployed behaviour: neither the approval nor the grant is removed by burn.
  EXPECT_EQ(get_approved(h, id), Value::some(kDave));
  EXPECT_EQ(has_access(h, id, kCharlie), Value(true));
  EXPECT_EQ(has_access(h, id, kBob), Value(false));
  const dnr::State& s = h.state<dnr::State>(kRegistry);
  EXPECT_EQ(s.granted_access.get_or({id, kCharlie}, false), true);
  // And the token is gone, so nobody can revoke the stale grant any more.
  h.expect_refused_unchanged(kRegistry, kAlice, "revoke_access", {Value(id), kCharlie});
  EXPECT_EQ(has_access(h, id, kCharlie), Value(true));
}

TEST(DataNftRegistryBurn, ValueSentRevertsNonPayable) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob);
  h.expect_reverted_unchanged(kRegistry, kBob, "burn", {Value(id)}, 1, "non-payable message burn");
  EXPECT_NE(get_nft(h, id), Value::none());
}

// ------------------------------------------------------------------ has_access

TEST(DataNftRegistryHasAccess, OwnerGranteeAndOthers) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob, "uri", 0, 0, true);
  u128 other = mint_ok(h, kDave, "uri2", 0, 0, true);
  ASSERT_EQ(call(h, kBob, "grant_access", {Value(id), kCharlie}).outcome.returned, Value(true));
  EXPECT_EQ(has_access(h, id, kBob), Value(true));       // owner, without a grant
  EXPECT_EQ(has_access(h, id, kCharlie), Value(true));   // grantee
  EXPECT_EQ(has_access(h, id, kDave), Value(false));     // owner of another token
  EXPECT_EQ(has_access(h, id, kAlice), Value(false));    // admin has no implicit access
  EXPECT_EQ(has_access(h, other, kCharlie), Value(false));  // grants are per token
  EXPECT_EQ(has_access(h, u128(99), kBob), Value(false));   // unknown token
}

// ------------------------------------------------------------------- read-only

TEST(DataNftRegistryGetters, AnswerFromStateWithoutChangingIt) {
  Harness h;
  deploy(h);
  const u64 minted_at = h.timestamp;
  u128 id = mint_ok(h, kBob, "ipfs://q", 7, 33, false);
  ASSERT_EQ(call(h, kBob, "approve", {Value(id), kCharlie}).outcome.returned, Value(true));
  const World before = h.world;
  EXPECT_EQ(get_nft(h, id), Value::some(nft(id, kBob, "ipfs://q", 7, minted_at, 33, false)));
  EXPECT_EQ(get_nft(h, id + 1), Value::none());
  EXPECT_EQ(balance_of(h, kBob), Value(u128(1)));
  EXPECT_EQ(balance_of(h, kCharlie), Value(u128(0)));
  EXPECT_EQ(get_approved(h, id), Value::some(kCharlie));
  EXPECT_EQ(get_approved(h, id + 1), Value::none());
  EXPECT_EQ(has_access(h, id, kBob), Value(true));
  EXPECT_EQ(total_supply(h), Value(u128(1)));
  EXPECT_EQ(h.read(kRegistry, "get_admin"), Value(kAlice));
  EXPECT_TRUE(h.world == before);
}

TEST(DataNftRegistryGetters, ValueSentToAGetterReverts) {
  Harness h;
  deploy(h);
  u128 id = mint_ok(h, kBob);
  h.expect_reverted_unchanged(kRegistry, kBob, "get_nft", {Value(id)}, 1, "non-payable message get_nft");
  h.expect_reverted_unchanged(kRegistry, kBob, "balance_of", {kBob}, 1, "non-payable message balance_of");
  h.expect_reverted_unchanged(kRegistry, kBob, "get_approved", {Value(id)}, 1, "non-payable message get_approved");
  h.expect_reverted_unchanged(kRegistry, kBob, "has_access", {Value(id), kBob}, 1, "non-payable message has_access");
  h.expect_reverted_unchanged(kRegistry, kBob, "total_supply", {}, 1, "non-payable message total_supply");
  h.expect_reverted_unchanged(kRegistry, kBob, "get_admin", {}, 1, "non-payable message get_admin");
}

}  // namespace
}  // namespace meshcheck::testing
