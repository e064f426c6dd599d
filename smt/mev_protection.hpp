// mev_protection's Z3 encoding (profile `deployed`): see smt/encoding.hpp.
#pragma once

#include <vector>

#include "model/mev_protection.hpp"
#include "smt/encoding.hpp"

namespace meshcheck::smt::mev_protection {

// The stored fields. Each storage map (intents, batches, batch_results by u128 id) is one
// array per struct field plus `exists`; absent keys hold the defaults (zero_of).
// Statuses (IntentStatus) are bv32 variant indices, as a SymValue enum tag is; an
// Option field is a `.some` Bool array plus a payload array that holds 0 when None.
inline constexpr StateField kIntentExists{"intents.exists"};
inline constexpr StateField kIntentId{"intents.intent_id"};
inline constexpr StateField kIntentUser{"intents.user"};
inline constexpr StateField kIntentEncrypted{"intents.encrypted_intent"};
inline constexpr StateField kIntentTokenIn{"intents.token_in"};
inline constexpr StateField kIntentTokenOut{"intents.token_out"};
inline constexpr StateField kIntentMinOutput{"intents.min_output"};
inline constexpr StateField kIntentStatus{"intents.status"};
inline constexpr StateField kIntentCreatedAt{"intents.created_at"};
inline constexpr StateField kIntentHasBatch{"intents.batch_id.some"};
inline constexpr StateField kIntentBatch{"intents.batch_id"};

// A batch's intent id list (Vec<u128>) is its length (bv32) and a nested array
// batch id -> (bv32 position -> bv128 intent id). Positions at or past the length hold
// 0, so that two states are equal exactly when their arrays are; a nested array (not
// one array per position) holds lists of any length, as the model's state may have
// after a create_batch longer than kMaxVec (calls the encoding test skips but the
// model still runs).
inline constexpr StateField kBatchExists{"batches.exists"};
inline constexpr StateField kBatchId{"batches.batch_id"};
inline constexpr StateField kBatchLen{"batches.intent_ids.len"};
inline constexpr StateField kBatchIds{"batches.intent_ids"};
inline constexpr StateField kBatchCount{"batches.intent_count"};
inline constexpr StateField kBatchVolume{"batches.total_volume"};
inline constexpr StateField kBatchRoute{"batches.execution_route"};
inline constexpr StateField kBatchStatus{"batches.status"};
inline constexpr StateField kBatchCreatedAt{"batches.created_at"};
inline constexpr StateField kBatchHasExecutedAt{"batches.executed_at.some"};
inline constexpr StateField kBatchExecutedAt{"batches.executed_at"};

inline constexpr StateField kResultExists{"batch_results.exists"};
inline constexpr StateField kResultBatchId{"batch_results.batch_id"};
inline constexpr StateField kResultSuccess{"batch_results.success"};
inline constexpr StateField kResultInput{"batch_results.total_input_amount"};
inline constexpr StateField kResultOutput{"batch_results.total_output_amount"};
inline constexpr StateField kResultPrice{"batch_results.execution_price"};
inline constexpr StateField kResultTimestamp{"batch_results.timestamp"};

inline constexpr StateField kIntentCounter{"intent_counter"};
inline constexpr StateField kBatchCounter{"batch_counter"};
inline constexpr StateField kAdmin{"admin"};
inline constexpr StateField kBatchSize{"batch_size"};
inline constexpr StateField kMinBatchSize{"min_batch_size"};

// Literals the encoding's messages and the invariants' predicates
// (invariants/mev_protection.cpp) share: a status, and a position in a batch's list.
inline z3::expr status_val(z3::context& c, model::deployed::mev_protection::IntentStatus s) {
  return c.bv_val(static_cast<unsigned>(s), 32);
}
inline z3::expr pos(z3::context& c, unsigned i) { return c.bv_val(i, 32); }

// create_batch's body: its branches on `pre` (the body's view; the non-payable revert is
// added by call_branches), for args {intent_ids: Vec<u128>, execution_route: String}.
// The same function as the encoding's SymMessage::encode, exposed for M-PERMUTE's
// self-composition (two copies of the world, two calls with permuted ids).
std::vector<SymBranch> create_batch(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args);

}  // namespace meshcheck::smt::mev_protection
