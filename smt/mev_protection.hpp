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
inline constexpr const char* kIntentExists = "intents.exists";
inline constexpr const char* kIntentId = "intents.intent_id";
inline constexpr const char* kIntentUser = "intents.user";
inline constexpr const char* kIntentEncrypted = "intents.encrypted_intent";
inline constexpr const char* kIntentTokenIn = "intents.token_in";
inline constexpr const char* kIntentTokenOut = "intents.token_out";
inline constexpr const char* kIntentMinOutput = "intents.min_output";
inline constexpr const char* kIntentStatus = "intents.status";
inline constexpr const char* kIntentCreatedAt = "intents.created_at";
inline constexpr const char* kIntentHasBatch = "intents.batch_id.some";
inline constexpr const char* kIntentBatch = "intents.batch_id";

// A batch's intent id list (Vec<u128>) is its length (bv32) and a nested array
// batch id -> (bv32 position -> bv128 intent id). Positions at or past the length hold
// 0, so that two states are equal exactly when their arrays are; a nested array (not
// one array per position) holds lists of any length, as the model's state may have
// after a create_batch longer than kMaxVec (calls the encoding test skips but the
// model still runs).
inline constexpr const char* kBatchExists = "batches.exists";
inline constexpr const char* kBatchId = "batches.batch_id";
inline constexpr const char* kBatchLen = "batches.intent_ids.len";
inline constexpr const char* kBatchIds = "batches.intent_ids";
inline constexpr const char* kBatchCount = "batches.intent_count";
inline constexpr const char* kBatchVolume = "batches.total_volume";
inline constexpr const char* kBatchRoute = "batches.execution_route";
inline constexpr const char* kBatchStatus = "batches.status";
inline constexpr const char* kBatchCreatedAt = "batches.created_at";
inline constexpr const char* kBatchHasExecutedAt = "batches.executed_at.some";
inline constexpr const char* kBatchExecutedAt = "batches.executed_at";

inline constexpr const char* kResultExists = "batch_results.exists";
inline constexpr const char* kResultBatchId = "batch_results.batch_id";
inline constexpr const char* kResultSuccess = "batch_results.success";
inline constexpr const char* kResultInput = "batch_results.total_input_amount";
inline constexpr const char* kResultOutput = "batch_results.total_output_amount";
inline constexpr const char* kResultPrice = "batch_results.execution_price";
inline constexpr const char* kResultTimestamp = "batch_results.timestamp";

inline constexpr const char* kIntentCounter = "intent_counter";
inline constexpr const char* kBatchCounter = "batch_counter";
inline constexpr const char* kAdmin = "admin";
inline constexpr const char* kBatchSize = "batch_size";
inline constexpr const char* kMinBatchSize = "min_batch_size";

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
