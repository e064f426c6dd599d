// The spec messages' branches (coverage, the fuzzer's report) against their one text: each
// mutating message's declared errors (model/spec/bridge/<contract>.cpp, `branches<Msg>`)
// are exactly the top-level errors that SymbolicExec::explore finds in its text (every
// `require` and checked operation, and CalleeFailed for every nested call), and every
// message of every table declares its branches.
//
// explore is syntactic here: it records every guard it passes, feasible or not, so the
// declared list is every guard of the text; the fuzzer's coverage test says which of them
// no run reaches, and why.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "agreement.hpp"
#include "model/spec/bridge/table.hpp"

namespace meshcheck::model::spec {
namespace {

using namespace testing;

// The top-level errors of Msg's paths from the standard deployment, with default arguments.
template <class Msg> std::set<std::string> explored_errors() {
  using Args = typename bridge::Run<Msg>::Args;
  z3::context& ctx = agreement_context();
  SymbolicScope scope(ctx);
  using Sys = SpecSystem<Concrete>;
  using SSys = typename Rebind<Symbolic, Sys>::type;
  SSys pre = lift_system(standard_system());
  Env<Concrete> env{standard::kAdmin, U256(0), 1, 6000};
  Env<Symbolic> senv{lift_arg(env.caller), lift_arg(env.value), lift_arg(env.block), lift_arg(env.now)};
  std::set<std::string> out;
  std::vector<std::string> order;  // first appearance (guard order along the first paths)
  std::apply(
      [&](const auto&... a) {
        for (auto& p : SymbolicExec<SSys>::template explore<Msg>(pre, senv, lift_arg(a)...))
          if (p.error && out.insert(std::string(p.error->name)).second) order.push_back(std::string(p.error->name));
      },
      Args{});
  if (std::getenv("MESHCHECK_PRINT_BRANCHES")) {
    std::printf("%s.%s:", std::string(Msg::Contract::kName).c_str(), std::string(Msg::kLabel).c_str());
    for (auto& e : order) std::printf(" %s", e.c_str());
    std::printf("\n");
  }
  return out;
}

// The errors among a message's declared branches (the others are its ok paths).
std::set<std::string> declared_errors(const ContractSpec& c, std::string_view label) {
  const MessageSpec* m = c.message(label);
  std::set<std::string> out;
  if (!m) return out;
  for (auto& b : m->branches)
    if (std::find(c.errors.begin(), c.errors.end(), b) != c.errors.end()) out.insert(b);
  return out;
}

std::string joined(const std::set<std::string>& s) {
  std::string out;
  for (auto& x : s) out += (out.empty() ? "" : ", ") + x;
  return out;
}

template <class Msg> void expect_declared() {
  const bridge::SpecTable* t = bridge::spec_table(Msg::Contract::kName);
  ASSERT_NE(t, nullptr) << Msg::Contract::kName;
  const ContractSpec& c = t->spec;
  std::set<std::string> want = explored_errors<Msg>();
  EXPECT_EQ(joined(declared_errors(c, Msg::kLabel)), joined(want))
      << c.name << "." << Msg::kLabel << ": declared errors differ from the text's";
}

template <class... Msgs> std::size_t expect_all() {
  (expect_declared<Msgs>(), ...);
  return sizeof...(Msgs);
}

TEST(SpecBranches, DeclaredErrorsAreTheTextsGuards) {
  std::size_t checked = 0;
  {
    using namespace ai_job_queue;
    checked += expect_all<SubmitJob, AssignProvider, MarkInProgress, MarkCompleted, CompleteAttested, CancelJob,
                          ExpireJob, DisputeJob, ResolveDispute, SetMinBudget>();
  }
  {
    using namespace payment_escrow;
    checked += expect_all<DepositEscrow, AssignPayee, ReleasePayment, RefundPayment, ReleaseCapital, RefundCapital,
                          DistributeRewards, SlashStake, WithdrawRewards, SetVerifier>();
  }
  {
    using namespace compute_provider_registry;
    checked += expect_all<RegisterProvider, UpdateProvider, SetActive, AddStake, WithdrawStake, SubmitBid,
                          UpdateReputation, SlashStake, SetMinStake, SetVerifier>();
  }
  {
    using namespace data_nft_registry;
    checked += expect_all<MintDataNft, Transfer, Approve, UpdateMetadata, UpdateAccessPolicy, PurchaseSubscription,
                          AccessData, Burn>();
  }
  {
    using namespace phala_job_processor;
    checked += expect_all<SubmitConfidentialJob, RouteConfidentialJob, RecordAttestation, MarkJobProcessed,
                          SetTrustedWorker>();
  }
  {
    using namespace mev_protection;
    checked += expect_all<SubmitIntent, CancelIntent, CreateBatch, ExecuteBatch, SetBatchConfig, SetExecutor>();
  }
  // Every mutating message of the profile was checked (a new message must be added here).
  std::size_t mutating = 0;
  for (auto* c : spec_profile().contracts)
    for (auto& m : c->messages) mutating += m.mutates;
  EXPECT_EQ(checked, mutating);
}

TEST(SpecBranches, EveryMutatingMessageDeclaresItsBranches) {
  for (auto* c : spec_profile().contracts) {
    for (auto& m : c->messages) {
      if (!m.mutates) {
        EXPECT_TRUE(m.branches.empty()) << c->name << "." << m.label << ": a read has no branches";
        continue;
      }
      ASSERT_FALSE(m.branches.empty()) << c->name << "." << m.label;
      // At least one ok path, after the errors.
      bool seen_ok = false;
      for (auto& b : m.branches) {
        bool is_error = std::find(c->errors.begin(), c->errors.end(), b) != c->errors.end();
        if (!is_error) seen_ok = true;
        else EXPECT_FALSE(seen_ok) << c->name << "." << m.label << ": error " << b << " after an ok path";
      }
      EXPECT_TRUE(seen_ok) << c->name << "." << m.label << " has no ok path";
    }
  }
}

}  // namespace
}  // namespace meshcheck::model::spec
