// Branch coverage of the `deployed` model (MessageSpec::branches, Ctx::cover): every
// message's branch names are well-formed, and one scenario per contract takes every
// branch of every message. Each call checks the exact set of branches it reports (so
// the names line up with the indices the bodies pass to Ctx::cover), and at the end
// the union per message must be all of its branches: a branch name that is never
// covered fails the test. Saturated counters and other states no sequence of calls
// reaches in a test are built directly and run through run_message.
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/ai_job_queue.hpp"
#include "model/compute_provider_registry.hpp"
#include "model/data_nft_registry.hpp"
#include "model/mev_protection.hpp"
#include "model/payment_escrow.hpp"
#include "model/phala_job_processor.hpp"
#include "support/harness.hpp"

namespace {

using namespace meshcheck;
using meshcheck::testing::account;
using meshcheck::testing::h160;
using meshcheck::testing::Harness;
using model::CallEnv;
using model::CallResult;
using model::ContractSpec;
using model::MessageResult;
using model::MessageSpec;
using model::StatePtr;

namespace ajq = meshcheck::model::deployed::ai_job_queue;
namespace pe = meshcheck::model::deployed::payment_escrow;
namespace cpr = meshcheck::model::deployed::compute_provider_registry;
namespace dnr = meshcheck::model::deployed::data_nft_registry;
namespace pjp = meshcheck::model::deployed::phala_job_processor;
namespace mev = meshcheck::model::deployed::mev_protection;

const U256 kAboveU128 = kU128MaxAsU256 + 1;

// The names of the bits set in `covered` (an out-of-range bit shows as "#<index>").
std::vector<std::string> names_of(const MessageSpec& m, std::uint64_t covered) {
  std::vector<std::string> names;
  for (unsigned i = 0; i < 64; ++i)
    if (covered >> i & 1) names.push_back(i < m.branches.size() ? m.branches[i] : "#" + std::to_string(i));
  return names;
}

// The build a deploy at an address of `kind` picks (payment_escrow has two), as
// Harness::deploy picks it.
const model::ContractSpec* build_of(const model::Profile& profile, std::string_view contract, AddressKind kind) {
  const model::ContractSpec* spec = profile.build_for(contract, kind);
  return spec ? spec : profile.contract(contract);
}

// One contract deployed in a Harness world, plus the union of the branches its calls
// covered, message by message.
class Scenario {
 public:
  Scenario(std::string_view contract, const Address& address, const Address& deployer, std::vector<Value> args = {})
      : c(address), spec_(*build_of(h.world.profile(), contract, address.kind)) {
    h.deploy(contract, address, deployer, std::move(args));
  }

  Harness h;

  // Calls `message` and expects exactly the branches `expected` to be covered.
  CallResult call(const Address& caller, std::string_view message, std::vector<Value> args, const U256& value,
                  std::initializer_list<std::string_view> expected) {
    CallResult r = h.call(c, caller, message, std::move(args), value);
    check(message, r.covered, expected);
    return r;
  }
  CallResult call(const Address& caller, std::string_view message, std::vector<Value> args,
                  std::initializer_list<std::string_view> expected) {
    return call(caller, message, std::move(args), 0, expected);
  }

  // Runs `message` on a directly built state (caller, value) and expects exactly
  // `expected` to be covered.
  template <class State>
  MessageResult run(const State& state, const Address& caller, std::string_view message, std::vector<Value> args,
                    const U256& value, std::initializer_list<std::string_view> expected) {
    const MessageSpec* m = spec_.message(message);
    EXPECT_NE(m, nullptr) << message;
    if (!m) return MessageResult{};
    StatePtr sp = std::make_shared<State>(state);
    CallEnv env{caller, c, value, h.block, h.timestamp, value};
    MessageResult s = model::run_message(*m, sp, env, args);
    check(message, s.covered, expected);
    return s;
  }

  // Every message's branches were all covered (and a message without branches covered none).
  void expect_every_branch_covered() const {
    for (const MessageSpec& m : spec_.messages) {
      std::uint64_t all = m.branches.size() >= 64 ? ~std::uint64_t(0) : (std::uint64_t(1) << m.branches.size()) - 1;
      auto it = seen_.find(m.label);
      std::uint64_t seen = it == seen_.end() ? 0 : it->second;
      EXPECT_EQ(names_of(m, seen), names_of(m, all)) << spec_.name << "::" << m.label << " never covered: "
                                                     << ::testing::PrintToString(names_of(m, all & ~seen));
      if (!m.branches.empty()) {
        EXPECT_NE(it, seen_.end()) << spec_.name << "::" << m.label << " was never called";
      }
    }
  }

  const Address c;

 private:
  void check(std::string_view message, std::uint64_t covered, std::initializer_list<std::string_view> expected) {
    const MessageSpec* m = spec_.message(message);
    ASSERT_NE(m, nullptr) << message;
    std::uint64_t want = 0;
    for (std::string_view name : expected) {
      unsigned i = 0;
      while (i < m->branches.size() && m->branches[i] != name) ++i;
      ASSERT_LT(i, m->branches.size()) << spec_.name << "::" << message << " has no branch \"" << name << "\"";
      want |= std::uint64_t(1) << i;
    }
    EXPECT_EQ(names_of(*m, covered), names_of(*m, want)) << spec_.name << "::" << message;
    seen_[m->label] |= covered;
  }

  const ContractSpec& spec_;
  std::map<std::string, std::uint64_t, std::less<>> seen_;
};

// ---------------------------------------------------------------- the branch tables

TEST(Coverage, BranchNamesFitInTheMaskAndAreDistinct) {
  for (const ContractSpec* spec : model::deployed_profile().contracts) {
    for (const MessageSpec& m : spec->messages) {
      EXPECT_LE(m.branches.size(), 64u) << spec->name << "::" << m.label;
      std::set<std::string> distinct(m.branches.begin(), m.branches.end());
      EXPECT_EQ(distinct.size(), m.branches.size()) << spec->name << "::" << m.label << " repeats a branch name";
      for (const std::string& b : m.branches) EXPECT_FALSE(b.empty()) << spec->name << "::" << m.label;
    }
  }
}

TEST(Coverage, EveryMutatingMessageNamesItsBranches) {
  for (const ContractSpec* spec : model::deployed_profile().contracts)
    for (const MessageSpec& m : spec->messages)
      if (m.mutates) {
        EXPECT_FALSE(m.branches.empty()) << spec->name << "::" << m.label;
      }
}

// ---------------------------------------------------------------- payment_escrow

// The deployed (ink! 6) build; the ink! 5.1.1 build runs the same code on other types.
TEST(Coverage, PaymentEscrowEveryBranch) {
  const Address admin = h160(0x09), alice = h160(0x01), bob = h160(0x02), charlie = h160(0x03);
  Scenario s("payment_escrow", h160(0xc0), admin);

  s.call(alice, "deposit_for_job", {u128(1), bob}, 0, {"amount is zero"});
  s.call(alice, "deposit_for_job", {u128(1), bob}, 100, {"new escrow"});
  s.call(charlie, "deposit_for_job", {u128(1), charlie}, 50, {"active escrow exists"});

  s.call(alice, "set_provider", {u128(99), bob}, {"no such escrow"});
  s.call(charlie, "set_provider", {u128(1), bob}, {"caller is not the owner"});
  s.call(alice, "set_provider", {u128(1), charlie}, {"ok"});

  s.call(alice, "release_to_provider", {u128(99)}, {"no such escrow"});
  s.call(charlie, "release_to_provider", {u128(1)}, {"caller is not the owner"});
  U256 held = s.h.balance(s.c);
  s.h.world.set_balance(s.c, 0);
  s.call(alice, "release_to_provider", {u128(1)}, {"transfer failed"});
  s.h.world.set_balance(s.c, held);
  s.call(alice, "release_to_provider", {u128(1)}, {"ok"});
  s.call(alice, "release_to_provider", {u128(1)}, {"already released or refunded"});
  s.call(alice, "set_provider", {u128(1), bob}, {"already released or refunded"});

  s.call(alice, "deposit_for_job", {u128(1), bob}, 30, {"over a closed escrow"});
  s.call(alice, "refund_to_owner", {u128(99)}, {"no such escrow"});
  s.call(bob, "refund_to_owner", {u128(1)}, {"caller is not the owner"});
  held = s.h.balance(s.c);
  s.h.world.set_balance(s.c, 0);
  s.call(alice, "refund_to_owner", {u128(1)}, {"transfer failed"});
  s.h.world.set_balance(s.c, held);
  s.call(alice, "refund_to_owner", {u128(1)}, {"ok"});
  s.call(alice, "refund_to_owner", {u128(1)}, {"already released or refunded"});

  // Escrows no call creates: without a provider, and active with amount 0.
  pe::State st;
  st.admin = admin;
  st.escrows.insert(u128(3), pe::Escrow{alice, std::nullopt, U256(5), false, false});
  st.escrows.insert(u128(4), pe::Escrow{alice, bob, U256(0), false, false});
  s.run(st, alice, "release_to_provider", {u128(3)}, 0, {"no provider"});
  s.run(st, alice, "release_to_provider", {u128(4)}, 0, {"amount is zero"});
  s.run(st, alice, "refund_to_owner", {u128(4)}, 0, {"amount is zero"});

  s.call(bob, "get_escrow", {u128(1)}, {"found"});
  s.call(bob, "get_escrow", {u128(99)}, {"no such escrow"});
  s.call(bob, "get_admin", {}, {});

  s.expect_every_branch_covered();
}

// ---------------------------------------------------------------- ai_job_queue

TEST(Coverage, AiJobQueueEveryBranch) {
  const Address owner = h160(0x09), alice = h160(0x01), bob = h160(0x02), charlie = h160(0x03);
  Scenario s("ai_job_queue", h160(0xa0), owner, {u128(100)});
  auto submit = [&](const U256& value, u32 deadline, std::initializer_list<std::string_view> expected) {
    return s.call(alice, "submit_job", {"model", "data", deadline, false}, value, expected);
  };

  EXPECT_TRUE(submit(kAboveU128, 10, {"value above u128::MAX"}).outcome.reverted);
  EXPECT_TRUE(submit(50, 10, {"payment below min_budget"}).outcome.reverted);
  EXPECT_TRUE(submit(100, s.h.block, {"deadline not after the block"}).outcome.reverted);
  EXPECT_EQ(submit(100, 10, {"ok"}).outcome.returned, Value(u128(1)));
  EXPECT_EQ(submit(100, 10, {"ok"}).outcome.returned, Value(u128(2)));

  ajq::State full;
  full.owner = owner;
  full.job_counter = kU128Max;
  full.min_budget = 100;
  MessageResult sat =
      s.run(full, alice, "submit_job", {"model", "data", u32(10), false}, 100, {"job_counter saturated", "ok"});
  EXPECT_EQ(sat.outcome.returned, Value(kU128Max));

  s.call(bob, "get_job", {u128(1)}, {"found"});
  s.call(bob, "get_job", {u128(99)}, {"no such job"});

  s.call(alice, "assign_provider", {u128(99), bob}, {"no such job"});
  s.call(bob, "assign_provider", {u128(1), bob}, {"caller is not the owner"});
  s.call(alice, "assign_provider", {u128(1), bob}, {"ok"});
  s.call(alice, "assign_provider", {u128(1), bob}, {"job is not Registered"});
  s.call(alice, "assign_provider", {u128(2), bob}, {"ok"});

  s.call(bob, "mark_in_progress", {u128(99)}, {"no such job"});
  s.call(charlie, "mark_in_progress", {u128(1)}, {"caller is not the assigned provider"});
  s.call(bob, "mark_in_progress", {u128(1)}, {"ok"});
  s.call(bob, "mark_in_progress", {u128(1)}, {"job is not Assigned"});

  s.call(bob, "mark_completed", {u128(99), "h"}, {"no such job"});
  s.call(charlie, "mark_completed", {u128(1), "h"}, {"caller is not the assigned provider"});
  s.call(bob, "mark_completed", {u128(2), "h"}, {"job is not InProgress"});
  s.call(bob, "mark_completed", {u128(1), "h"}, {"ok"});

  s.call(alice, "cancel_job", {u128(99)}, {"no such job"});
  s.call(bob, "cancel_job", {u128(2)}, {"caller is not the owner"});
  s.call(alice, "cancel_job", {u128(1)}, {"job is Completed"});
  s.call(alice, "cancel_job", {u128(2)}, {"ok"});
  s.call(alice, "cancel_job", {u128(2)}, {"job already Cancelled"});

  s.call(bob, "set_min_budget", {u128(5)}, {"caller is not the owner"});
  s.call(owner, "set_min_budget", {u128(5)}, {"ok"});
  s.call(bob, "get_job_counter", {}, {});
  s.call(bob, "get_min_budget", {}, {});

  s.expect_every_branch_covered();
}

// ---------------------------------------------------------------- compute_provider_registry

TEST(Coverage, ComputeProviderRegistryEveryBranch) {
  const Address admin = h160(0x09), alice = h160(0x01), bob = h160(0x02), charlie = h160(0x03), dave = h160(0x04);
  Scenario s("compute_provider_registry", h160(0xb0), admin, {u128(100)});
  auto reg = [&](const Address& who, const U256& value, std::initializer_list<std::string_view> expected) {
    return s.call(who, "register_provider", {"https://p", u64(8), u128(3)}, value, expected);
  };

  EXPECT_TRUE(reg(alice, kAboveU128, {"value above u128::MAX"}).outcome.reverted);
  reg(alice, 50, {"stake below min_stake"});
  reg(alice, 100, {"ok"});
  reg(alice, 100, {"caller already registered"});
  reg(charlie, 100, {"ok"});

  cpr::State full;
  full.admin = admin;
  full.min_stake = 100;
  full.provider_count = std::numeric_limits<u64>::max();
  s.run(full, alice, "register_provider", {"https://p", u64(8), u128(3)}, 100, {"provider_count saturated", "ok"});

  s.call(bob, "update_provider", {"https://q", u128(4)}, {"caller not registered"});
  s.call(alice, "update_provider", {"https://q", u128(4)}, {"ok"});
  s.call(bob, "set_active", {false}, {"caller not registered"});
  s.call(alice, "set_active", {false}, {"ok"});

  EXPECT_TRUE(s.call(alice, "add_stake", {}, kAboveU128, {"value above u128::MAX"}).outcome.reverted);
  s.call(alice, "add_stake", {}, 0, {"amount is zero"});
  s.call(bob, "add_stake", {}, 10, {"caller not registered"});
  s.call(alice, "add_stake", {}, 10, {"ok"});  // stake 110

  s.call(bob, "withdraw_stake", {u128(1)}, {"caller not registered"});
  s.call(charlie, "withdraw_stake", {u128(1)}, {"provider active and caller not the admin"});
  s.call(alice, "withdraw_stake", {u128(1000)}, {"amount above stake"});
  U256 held = s.h.balance(s.c);
  s.h.world.set_balance(s.c, 0);
  s.call(alice, "withdraw_stake", {u128(10)}, {"transfer failed"});
  s.h.world.set_balance(s.c, held);
  s.call(alice, "withdraw_stake", {u128(10)}, {"ok"});  // stake 100
  s.call(alice, "add_stake", {}, kU128MaxAsU256, {"stake saturated", "ok"});

  s.call(bob, "set_reputation", {alice, u32(5)}, {"caller is not the admin"});
  s.call(admin, "set_reputation", {dave, u32(5)}, {"no such provider"});
  s.call(admin, "set_reputation", {alice, u32(5)}, {"ok"});

  s.call(bob, "get_provider", {alice}, {"found"});
  s.call(bob, "get_provider", {dave}, {"no such provider"});
  s.call(bob, "set_min_stake", {u128(1)}, {"caller is not the admin"});
  s.call(admin, "set_min_stake", {u128(1)}, {"ok"});
  s.call(bob, "get_admin", {}, {});
  s.call(bob, "get_provider_count", {}, {});
  s.call(bob, "get_min_stake", {}, {});

  s.expect_every_branch_covered();
}

// ---------------------------------------------------------------- data_nft_registry

TEST(Coverage, DataNftRegistryEveryBranch) {
  const Address admin = h160(0x09), alice = h160(0x01), bob = h160(0x02), charlie = h160(0x03), dave = h160(0x04);
  Scenario s("data_nft_registry", h160(0xd0), admin);
  auto mint = [&](bool transferable) {
    return s.call(alice, "mint", {"ipfs://x", u8(1), u128(100), transferable}, 0, {"ok"});
  };

  EXPECT_EQ(mint(true).outcome.returned, Value(u128(1)));
  EXPECT_EQ(mint(false).outcome.returned, Value(u128(2)));
  {
    dnr::State full;
    full.admin = admin;
    full.total_supply = kU128Max;
    full.owner_nft_count.insert(alice, kU128Max);
    s.run(full, alice, "mint", {"ipfs://x", u8(1), u128(100), true}, 0,
          {"total_supply saturated", "owner count saturated", "ok"});
  }

  s.call(alice, "transfer", {u128(99), bob}, {"no such token"});
  s.call(bob, "transfer", {u128(1), charlie}, {"caller is not the owner"});
  s.call(alice, "transfer", {u128(2), bob}, {"token not transferable"});
  s.call(alice, "transfer", {u128(1), bob}, {"ok"});  // bob owns 1 from here on
  {
    dnr::State odd;  // counts out of line with the tokens
    odd.admin = admin;
    odd.total_supply = 1;
    odd.nfts.insert(u128(1), dnr::DataNFT{u128(1), alice, "ipfs://x", 1, 0, u128(100), true});
    odd.owner_nft_count.insert(bob, kU128Max);
    s.run(odd, alice, "transfer", {u128(1), bob}, 0, {"sender count already zero", "receiver count saturated", "ok"});
    s.run(odd, alice, "burn", {u128(1)}, 0, {"owner count already zero", "burnt by the owner"});
  }

  s.call(bob, "approve", {u128(99), charlie}, {"no such token"});
  s.call(alice, "approve", {u128(1), charlie}, {"caller is not the owner"});
  s.call(bob, "approve", {u128(1), charlie}, {"ok"});
  s.call(dave, "get_approved", {u128(1)}, {"found"});
  s.call(dave, "get_approved", {u128(2)}, {"no approval"});

  s.call(bob, "grant_access", {u128(99), dave}, 0, {"no such token"});
  s.call(alice, "grant_access", {u128(1), dave}, kAboveU128, {"caller is not the owner"});
  EXPECT_TRUE(s.call(bob, "grant_access", {u128(1), dave}, kAboveU128, {"value above u128::MAX"}).outcome.reverted);
  s.call(bob, "grant_access", {u128(1), dave}, 5, {"payment below access_price"});
  s.call(bob, "grant_access", {u128(1), dave}, 100, {"ok"});

  s.call(charlie, "has_access", {u128(1), bob}, {"account is the owner"});
  s.call(charlie, "has_access", {u128(1), dave}, {"access granted"});
  s.call(charlie, "has_access", {u128(1), charlie}, {"no access"});

  s.call(bob, "revoke_access", {u128(99), dave}, {"no such token"});
  s.call(charlie, "revoke_access", {u128(1), dave}, {"caller is neither the owner nor the admin"});
  s.call(bob, "revoke_access", {u128(1), dave}, {"revoked by the owner"});
  s.call(admin, "revoke_access", {u128(1), dave}, {"revoked by the admin"});

  s.call(bob, "update_data_uri", {u128(99), "ipfs://y"}, {"no such token"});
  s.call(alice, "update_data_uri", {u128(1), "ipfs://y"}, {"caller is not the owner"});
  s.call(bob, "update_data_uri", {u128(1), "ipfs://y"}, {"ok"});
  s.call(bob, "update_access_price", {u128(99), u128(7)}, {"no such token"});
  s.call(alice, "update_access_price", {u128(1), u128(7)}, {"caller is not the owner"});
  s.call(bob, "update_access_price", {u128(1), u128(7)}, {"ok"});

  s.call(dave, "get_nft", {u128(1)}, {"found"});
  s.call(dave, "get_nft", {u128(99)}, {"no such token"});
  s.call(dave, "balance_of", {bob}, {});
  s.call(dave, "total_supply", {}, {});
  s.call(dave, "get_admin", {}, {});

  s.call(bob, "burn", {u128(99)}, {"no such token"});
  s.call(charlie, "burn", {u128(1)}, {"caller is neither the owner nor the admin"});
  s.call(bob, "burn", {u128(1)}, {"burnt by the owner"});
  s.call(admin, "burn", {u128(2)}, {"burnt by the admin"});

  s.expect_every_branch_covered();
}

// ---------------------------------------------------------------- phala_job_processor

TEST(Coverage, PhalaJobProcessorEveryBranch) {
  const Address admin = account(0x09), alice = account(0x01), bob = account(0x02), charlie = account(0x03);
  Scenario s("phala_job_processor", account(0xe0), admin);

  s.call(alice, "submit_confidential_job", {"payload", "pk"}, {"ok"});
  s.call(alice, "submit_confidential_job", {"payload", "pk"}, {"ok"});
  pjp::State full;
  full.admin = admin;
  full.job_counter = kU128Max;
  s.run(full, alice, "submit_confidential_job", {"payload", "pk"}, 0, {"job_counter saturated", "ok"});

  auto record = [&](const Address& who, u128 id, std::initializer_list<std::string_view> expected) {
    return s.call(who, "record_attestation", {id, "hash", "proof", "tee"}, expected);
  };
  record(bob, 99, {"no such job"});
  record(bob, 1, {"first attestation"});
  record(charlie, 1, {"overwrites an attestation"});

  s.call(bob, "mark_job_processed", {u128(99)}, {"no such job"});
  s.call(bob, "mark_job_processed", {u128(2)}, {"no attestation"});
  s.call(bob, "mark_job_processed", {u128(1)}, {"ok"});
  s.call(bob, "mark_job_processed", {u128(1)}, {"job already processed"});

  s.call(bob, "get_job", {u128(1)}, {"found"});
  s.call(bob, "get_job", {u128(99)}, {"no such job"});
  s.call(bob, "get_attestation", {u128(1)}, {"found"});
  s.call(bob, "get_attestation", {u128(2)}, {"no attestation"});
  s.call(bob, "verify_attestation", {u128(1)}, {"attested"});
  s.call(bob, "verify_attestation", {u128(2)}, {"no attestation"});
  s.call(bob, "get_job_counter", {}, {});

  s.expect_every_branch_covered();
}

// ---------------------------------------------------------------- mev_protection

TEST(Coverage, MevProtectionEveryBranch) {
  const Address admin = account(0x09), alice = account(0x01), bob = account(0x02);
  Scenario s("mev_protection", account(0xf0), admin);
  auto ids = [](std::initializer_list<unsigned> list) {
    Value::Seq seq;
    for (unsigned i : list) seq.emplace_back(u128(i));
    return Value(std::move(seq));
  };
  auto submit = [&](const u128& min_output) {
    return s.call(alice, "submit_intent", {"enc", "DOT", "USDT", min_output}, {"ok"});
  };

  for (int i = 0; i < 6; ++i) submit(10);  // intents 1..6
  submit(kU128Max);                         // 7
  submit(kU128Max);                         // 8
  mev::State full;
  full.admin = admin;
  full.intent_counter = kU128Max;
  s.run(full, alice, "submit_intent", {"enc", "DOT", "USDT", u128(1)}, 0, {"intent_counter saturated", "ok"});

  s.call(bob, "create_batch", {ids({1, 2}), "route"}, {"fewer ids than min_batch_size"});
  s.call(bob, "set_batch_config", {u32(6), u32(2)}, {"caller is not the admin"});
  s.call(admin, "set_batch_config", {u32(3), u32(5)}, {"min_batch_size above batch_size"});
  s.call(admin, "set_batch_config", {u32(6), u32(2)}, {"ok"});
  s.call(bob, "create_batch", {ids({1, 2, 3, 4, 5, 6, 1}), "route"}, {"more ids than batch_size"});
  s.call(bob, "create_batch", {ids({1, 2, 3, 99}), "route"}, {"unknown id skipped", "ok"});  // batch 1
  s.call(bob, "create_batch", {ids({1, 4, 4}), "route"},                                    // batch 2
         {"intent re-batched from another batch", "intent already in this batch", "ok"});
  s.call(bob, "create_batch", {ids({7, 8}), "route"}, {"total_volume saturated", "ok"});  // batch 3
  {
    mev::State last;
    last.admin = admin;
    last.batch_counter = kU128Max;
    s.run(last, bob, "create_batch", {ids({1, 2, 3, 4, 5}), "route"}, 0,
          {"batch_counter saturated", "unknown id skipped", "ok"});
  }

  s.call(bob, "execute_batch", {u128(99), u128(1), "1.0"}, {"no such batch"});
  s.call(bob, "execute_batch", {u128(1), u128(1), "1.0"}, {"unknown id skipped", "ok"});
  s.call(bob, "execute_batch", {u128(1), u128(1), "1.0"}, {"unknown id skipped", "batch already executed"});
  s.call(bob, "execute_batch", {u128(3), u128(1), "1.0"}, {"total_input saturated", "ok"});

  s.call(bob, "get_intent", {u128(1)}, {"found"});
  s.call(bob, "get_intent", {u128(99)}, {"no such intent"});
  s.call(bob, "get_batch", {u128(1)}, {"found"});
  s.call(bob, "get_batch", {u128(99)}, {"no such batch"});
  s.call(bob, "get_batch_result", {u128(1)}, {"found"});
  s.call(bob, "get_batch_result", {u128(2)}, {"no batch result"});
  s.call(bob, "get_batch_stats", {u128(1)}, {"found"});
  s.call(bob, "get_batch_stats", {u128(99)}, {"no such batch"});
  s.call(bob, "get_intent_counter", {}, {});
  s.call(bob, "get_batch_counter", {}, {});
  s.call(bob, "get_pending_intents", {}, {});

  s.expect_every_branch_covered();
}

// ---------------------------------------------------------------- reverts keep the bits

TEST(Coverage, RevertKeepsCoveredBitsAndLeavesTheWorld) {
  Scenario s("ai_job_queue", h160(0xa0), h160(0x09), {u128(100)});
  model::World before = s.h.world;
  CallResult r = s.call(h160(0x01), "submit_job", {"m", "d", u32(10), false}, 1, {"payment below min_budget"});
  EXPECT_TRUE(r.outcome.reverted);
  EXPECT_TRUE(r.events.empty());
  EXPECT_TRUE(s.h.world == before);
}

}  // namespace
