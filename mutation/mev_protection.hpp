// mev_protection's mutation sites (mutation/site.hpp), read by model/mev_protection.cpp
// and smt/mev_protection.cpp alike.
//
// Not sites: create_batch's refusal of a list longer than u32::MAX (no fuzzed or proved
// call reaches it: the encodings unroll kMaxVec items), the loops' skip of an unknown id
// and execute_batch's "no such batch" refusal (dropping one reads an absent entry, which
// the contract's `if let Some` / `unwrap` after `contains` never does). submit_intent and
// create_batch return an id (a u128, not a bool to flip).
#pragma once

#include "model/mev_protection.hpp"
#include "mutation/site.hpp"

namespace meshcheck::mutation::mev_protection {

namespace mp = model::deployed::mev_protection;

enum class Site : unsigned {
  kSubmitCounter,
  kSubmitCounterWrite,
  kSubmitWrite,
  kSubmitEvent,
  kBatchTooFew,
  kBatchTooMany,
  kBatchCounter,
  kBatchCounterWrite,
  kBatchVolume,
  kBatchIntentWrite,
  kBatchWrite,
  kBatchEvent,
  kExecuteInput,
  kExecuteBatchWrite,
  kExecuteResultWrite,
  kExecuteIntentWrite,
  kExecuteEvent,
  kExecuteReturn,
  kConfigNotAdmin,
  kConfigMinAboveSize,
  kConfigSizeWrite,
  kConfigMinWrite,
  kConfigReturn,
  kCount,
};

constexpr model::ContractKind site_contract(Site) { return model::ContractKind::kMevProtection; }

constexpr SiteTable<Site> site_table(Site) {
  using enum Site;
  using K = SiteKind;
  using S = mp::SubmitIntentBranch;
  using B = mp::CreateBatchBranch;
  using E = mp::ExecuteBatchBranch;
  using C = mp::SetBatchConfigBranch;
  using model::branch_name;
  return {{
      {kSubmitCounter, {"kSubmitCounter", "submit.counter", "submit_intent", branch_name(S::kOk), K::kArith,
                        "issues the next id (`intent_counter.saturating_add(1)`)"}},
      {kSubmitCounterWrite, {"kSubmitCounterWrite", "submit.counter_write", "submit_intent", branch_name(S::kOk),
                             K::kWrite, "stores the new intent_counter"}},
      {kSubmitWrite, {"kSubmitWrite", "submit.write", "submit_intent", branch_name(S::kOk), K::kWrite,
                      "stores the new intent"}},
      {kSubmitEvent, {"kSubmitEvent", "submit.event", "submit_intent", branch_name(S::kOk), K::kEvent,
                      "emits IntentSubmitted (the corruption zeroes its intent_id)"}},
      {kBatchTooFew, {"kBatchTooFew", "batch.too_few", "create_batch", branch_name(B::kTooFew), K::kOrderGuard,
                      "refuses fewer ids than min_batch_size (`intent_count < min_batch_size`)"}},
      {kBatchTooMany, {"kBatchTooMany", "batch.too_many", "create_batch", branch_name(B::kTooMany), K::kOrderGuard,
                       "refuses more ids than batch_size (`intent_count > batch_size`)"}},
      {kBatchCounter, {"kBatchCounter", "batch.counter", "create_batch", branch_name(B::kOk), K::kArith,
                       "issues the next batch id (`batch_counter.saturating_add(1)`)"}},
      {kBatchCounterWrite, {"kBatchCounterWrite", "batch.counter_write", "create_batch", branch_name(B::kOk),
                            K::kWrite, "stores the new batch_counter"}},
      {kBatchVolume, {"kBatchVolume", "batch.volume", "create_batch", branch_name(B::kOk), K::kArith,
                      "sums the listed intents' min_output (`total_volume.saturating_add(min_output)`)"}},
      {kBatchIntentWrite, {"kBatchIntentWrite", "batch.intent_write", "create_batch", branch_name(B::kOk), K::kWrite,
                           "stores each listed intent as Batched in the new batch"}},
      {kBatchWrite, {"kBatchWrite", "batch.write", "create_batch", branch_name(B::kOk), K::kWrite,
                     "stores the new batch"}},
      {kBatchEvent, {"kBatchEvent", "batch.event", "create_batch", branch_name(B::kOk), K::kEvent,
                     "emits BatchCreated (the corruption zeroes its batch_id)"}},
      {kExecuteInput, {"kExecuteInput", "execute.input", "execute_batch", branch_name(E::kOk), K::kArith,
                       "sums the listed intents' min_output (`total_input.saturating_add(min_output)`)"}},
      {kExecuteBatchWrite, {"kExecuteBatchWrite", "execute.batch_write", "execute_batch", branch_name(E::kOk),
                            K::kWrite, "stores the batch as Executed, with executed_at"}},
      {kExecuteResultWrite, {"kExecuteResultWrite", "execute.result_write", "execute_batch", branch_name(E::kOk),
                             K::kWrite, "stores the BatchResult"}},
      {kExecuteIntentWrite, {"kExecuteIntentWrite", "execute.intent_write", "execute_batch", branch_name(E::kOk),
                             K::kWrite, "stores each listed intent as Executed"}},
      {kExecuteEvent, {"kExecuteEvent", "execute.event", "execute_batch", branch_name(E::kOk), K::kEvent,
                       "emits BatchExecuted (the corruption zeroes its batch_id)"}},
      {kExecuteReturn, {"kExecuteReturn", "execute.return", "execute_batch", branch_name(E::kOk), K::kReturn,
                        "returns true"}},
      {kConfigNotAdmin, {"kConfigNotAdmin", "config.not_admin", "set_batch_config", branch_name(C::kNotAdmin),
                         K::kGuard, "refuses a caller other than the admin"}},
      {kConfigMinAboveSize, {"kConfigMinAboveSize", "config.min_above_size", "set_batch_config",
                             branch_name(C::kMinAboveSize), K::kOrderGuard,
                             "refuses min_batch_size above batch_size (`min_batch_size > batch_size`)"}},
      {kConfigSizeWrite, {"kConfigSizeWrite", "config.size_write", "set_batch_config", branch_name(C::kOk), K::kWrite,
                          "stores the new batch_size"}},
      {kConfigMinWrite, {"kConfigMinWrite", "config.min_write", "set_batch_config", branch_name(C::kOk), K::kWrite,
                         "stores the new min_batch_size"}},
      {kConfigReturn, {"kConfigReturn", "config.return", "set_batch_config", branch_name(C::kOk), K::kReturn,
                       "returns true"}},
  }};
}

}  // namespace meshcheck::mutation::mev_protection
