// mev_protection, profile `deployed` (ink! 5, AccountId): trading intents executed in
// batches.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/contract.hpp"
#include "model/pmap.hpp"

namespace meshcheck::model::deployed::mev_protection {

enum class IntentStatus : u8 { Pending = 0, Batched = 1, Executed = 2, Failed = 3, Cancelled = 4 };
const char* status_name(IntentStatus s);

struct Intent {
  u128 intent_id;
  Address user;
  std::string encrypted_intent;
  std::string token_in;
  std::string token_out;
  u128 min_output;
  IntentStatus status = IntentStatus::Pending;
  u64 created_at = 0;
  std::optional<u128> batch_id;
  friend bool operator==(const Intent&, const Intent&) = default;
};

struct Batch {
  u128 batch_id;
  std::vector<u128> intent_ids;  // as the caller listed them
  u32 intent_count = 0;
  u128 total_volume;
  std::string execution_route;
  IntentStatus status = IntentStatus::Pending;
  u64 created_at = 0;
  std::optional<u64> executed_at;
  friend bool operator==(const Batch&, const Batch&) = default;
};

struct BatchResult {
  u128 batch_id;
  bool success = false;
  u128 total_input_amount;
  u128 total_output_amount;
  std::string execution_price;
  u64 timestamp = 0;
  friend bool operator==(const BatchResult&, const BatchResult&) = default;
};

struct State : StateBase<State> {
  PMap<u128, Intent> intents;
  PMap<u128, Batch> batches;
  PMap<u128, BatchResult> batch_results;
  u128 intent_counter;
  u128 batch_counter;
  Address admin;
  u32 batch_size = 100;
  u32 min_batch_size = 5;
  friend bool operator==(const State& a, const State& b) {
    return a.intents == b.intents && a.batches == b.batches && a.batch_results == b.batch_results &&
           a.intent_counter == b.intent_counter && a.batch_counter == b.batch_counter && a.admin == b.admin &&
           a.batch_size == b.batch_size && a.min_batch_size == b.min_batch_size;
  }
};

State construct(const CallEnv& env);

// The branches of the mutating messages (model/branch.hpp): their guard outcomes, which
// the Z3 encoding (smt/mev_protection.cpp) names too. A "... saturated" branch is marked
// where a saturating_add saturates, and the per-id branches of the batch loops as they
// are taken, alongside the message's outcome.
enum class SubmitIntentBranch : unsigned { kCounterSaturated, kOk, kCount };
constexpr BranchNames<SubmitIntentBranch> branch_names(SubmitIntentBranch) {
  using enum SubmitIntentBranch;
  return {{{kCounterSaturated, "intent_counter saturated"}, {kOk, "ok"}}};
}

enum class CreateBatchBranch : unsigned {
  kTooFew,
  kTooMany,
  kCounterSaturated,
  kUnknownId,
  kAlreadyInBatch,
  kRebatched,
  kVolumeSaturated,
  kOk,
  kCount,
};
constexpr BranchNames<CreateBatchBranch> branch_names(CreateBatchBranch) {
  using enum CreateBatchBranch;
  return {{{kTooFew, "fewer ids than min_batch_size"},
           {kTooMany, "more ids than batch_size"},
           {kCounterSaturated, "batch_counter saturated"},
           {kUnknownId, "unknown id skipped"},
           {kAlreadyInBatch, "intent already in this batch"},
           {kRebatched, "intent re-batched from another batch"},
           {kVolumeSaturated, "total_volume saturated"},
           {kOk, "ok"}}};
}

enum class ExecuteBatchBranch : unsigned { kNoBatch, kUnknownId, kInputSaturated, kAgain, kOk, kCount };
constexpr BranchNames<ExecuteBatchBranch> branch_names(ExecuteBatchBranch) {
  using enum ExecuteBatchBranch;
  return {{{kNoBatch, "no such batch"},
           {kUnknownId, "unknown id skipped"},
           {kInputSaturated, "total_input saturated"},
           {kAgain, "batch already executed"},
           {kOk, "ok"}}};
}

enum class SetBatchConfigBranch : unsigned { kNotAdmin, kMinAboveSize, kOk, kCount };
constexpr BranchNames<SetBatchConfigBranch> branch_names(SetBatchConfigBranch) {
  using enum SetBatchConfigBranch;
  return {{{kNotAdmin, "caller is not the admin"}, {kMinAboveSize, "min_batch_size above batch_size"}, {kOk, "ok"}}};
}

u128 submit_intent(State& self, Ctx& ctx, const std::string& encrypted_intent, const std::string& token_in,
                   const std::string& token_out, const u128& min_output);
u128 create_batch(State& self, Ctx& ctx, const std::vector<u128>& intent_ids, const std::string& execution_route);
bool execute_batch(State& self, Ctx& ctx, const u128& batch_id, const u128& actual_output,
                   const std::string& execution_price);
bool set_batch_config(State& self, Ctx& ctx, u32 batch_size, u32 min_batch_size);

Value to_value(const Intent& i);
Value to_value(const Batch& b);
Value to_value(const BatchResult& r);

const ContractSpec& spec();

}  // namespace meshcheck::model::deployed::mev_protection
