// mev_protection's transition relation, branch for branch as model/mev_protection.cpp
// runs it. Its invariants' predicates are with their concrete checks, in
// invariants/mev_protection.cpp.
//
// The batch loops are unrolled: create_batch's over its Vec argument (kMaxVec items, the
// symbolic length saying which are real), execute_batch's over the stored list of the
// batch (kMaxVec positions on a symbolic state; on a concrete state whose list is longer,
// as many as it has, so the encoding test can check every call the model runs). Each
// iteration's effect is a store of an ite (the unchanged value when the id is skipped).
//
// The loops mark several guard outcomes in one call (an unknown id, a re-batched intent,
// a saturated sum) alongside the call's outcome ("ok", or "batch already executed").
// Those per-id markers are not branches of their own: a successful create_batch is one
// branch "ok" (plus "batch_counter saturated", split off by its own guard), a successful
// execute_batch is "batch already executed" or "ok", each with the loops' ite-effects
// inside. The model sets the outcome's marker on every such call, so the branch taken is
// always one it names. (Splitting the success by the loop markers, with the same effect
// in each, was tried: the unrolled runs put one ite per branch into every state field,
// and bounded model checking of M-LIFECYCLE and M-OUTPUT took 2-4 times as long, past
// the prover's default per-query timeout.)
#include "smt/mev_protection.hpp"

#include <algorithm>

#include "model/mev_protection.hpp"
#include "mutation/mev_protection.hpp"
#include "mutation/symbolic.hpp"

namespace meshcheck::smt {

namespace {
namespace mp = model::deployed::mev_protection;
using namespace mev_protection;
// The mutation sites, as model/mev_protection.cpp reads them (mutation/mev_protection.hpp).
namespace mut = mutation;
using Site = mutation::mev_protection::Site;

z3::expr u128_max(z3::context& c) { return bv_val(c, U256(kU128Max), 128); }

std::vector<FieldDecl> schema(z3::context& c) {
  z3::sort id = c.bv_sort(128), account = c.bv_sort(256), u128 = c.bv_sort(128), u64 = c.bv_sort(64),
           u32 = c.bv_sort(32), status = c.bv_sort(32), flag = c.bool_sort(), text = sort_of(c, types::string());
  z3::sort list = c.array_sort(c.bv_sort(32), u128);
  return {
      {kIntentExists, c.array_sort(id, flag)},
      {kIntentId, c.array_sort(id, u128)},
      {kIntentUser, c.array_sort(id, account)},
      {kIntentEncrypted, c.array_sort(id, text)},
      {kIntentTokenIn, c.array_sort(id, text)},
      {kIntentTokenOut, c.array_sort(id, text)},
      {kIntentMinOutput, c.array_sort(id, u128)},
      {kIntentStatus, c.array_sort(id, status)},
      {kIntentCreatedAt, c.array_sort(id, u64)},
      {kIntentHasBatch, c.array_sort(id, flag)},
      {kIntentBatch, c.array_sort(id, u128)},
      {kBatchExists, c.array_sort(id, flag)},
      {kBatchId, c.array_sort(id, u128)},
      {kBatchLen, c.array_sort(id, u32)},
      {kBatchIds, c.array_sort(id, list)},
      {kBatchCount, c.array_sort(id, u32)},
      {kBatchVolume, c.array_sort(id, u128)},
      {kBatchRoute, c.array_sort(id, text)},
      {kBatchStatus, c.array_sort(id, status)},
      {kBatchCreatedAt, c.array_sort(id, u64)},
      {kBatchHasExecutedAt, c.array_sort(id, flag)},
      {kBatchExecutedAt, c.array_sort(id, u64)},
      {kResultExists, c.array_sort(id, flag)},
      {kResultBatchId, c.array_sort(id, u128)},
      {kResultSuccess, c.array_sort(id, flag)},
      {kResultInput, c.array_sort(id, u128)},
      {kResultOutput, c.array_sort(id, u128)},
      {kResultPrice, c.array_sort(id, text)},
      {kResultTimestamp, c.array_sort(id, u64)},
      {kIntentCounter, u128},
      {kBatchCounter, u128},
      {kAdmin, account},
      {kBatchSize, u32},
      {kMinBatchSize, u32},
  };
}

z3::expr u128_lit(z3::context& c, const u128& v) { return bv_val(c, U256(v), 128); }

SymState from_model(z3::context& c, const model::ContractState& state, const U256& balance) {
  const auto& s = static_cast<const mp::State&>(state);
  SymState out = SymState::zeroed(c, schema(c), balance);
  for (auto& [id, in] : s.intents.sorted()) {
    z3::expr key = u128_lit(c, id);
    put(out, kIntentExists, key, c.bool_val(true));
    put(out, kIntentId, key, u128_lit(c, in.intent_id));
    put(out, kIntentUser, key, address_val(c, in.user));
    put(out, kIntentEncrypted, key, string_val(c, in.encrypted_intent));
    put(out, kIntentTokenIn, key, string_val(c, in.token_in));
    put(out, kIntentTokenOut, key, string_val(c, in.token_out));
    put(out, kIntentMinOutput, key, u128_lit(c, in.min_output));
    put(out, kIntentStatus, key, status_val(c, in.status));
    put(out, kIntentCreatedAt, key, c.bv_val(static_cast<std::uint64_t>(in.created_at), 64));
    put(out, kIntentHasBatch, key, c.bool_val(in.batch_id.has_value()));
    if (in.batch_id) put(out, kIntentBatch, key, u128_lit(c, *in.batch_id));
  }
  for (auto& [id, b] : s.batches.sorted()) {
    z3::expr key = u128_lit(c, id);
    put(out, kBatchExists, key, c.bool_val(true));
    put(out, kBatchId, key, u128_lit(c, b.batch_id));
    put(out, kBatchLen, key, c.bv_val(static_cast<unsigned>(b.intent_ids.size()), 32));
    // Positions past the length keep the default 0.
    z3::expr list = empty_array(c.bv_sort(32), c.bv_sort(128));
    for (std::size_t i = 0; i < b.intent_ids.size(); ++i)
      list = z3::store(list, pos(c, static_cast<unsigned>(i)), u128_lit(c, b.intent_ids[i]));
    put(out, kBatchIds, key, list);
    put(out, kBatchCount, key, c.bv_val(static_cast<unsigned>(b.intent_count), 32));
    put(out, kBatchVolume, key, u128_lit(c, b.total_volume));
    put(out, kBatchRoute, key, string_val(c, b.execution_route));
    put(out, kBatchStatus, key, status_val(c, b.status));
    put(out, kBatchCreatedAt, key, c.bv_val(static_cast<std::uint64_t>(b.created_at), 64));
    put(out, kBatchHasExecutedAt, key, c.bool_val(b.executed_at.has_value()));
    if (b.executed_at) put(out, kBatchExecutedAt, key, c.bv_val(static_cast<std::uint64_t>(*b.executed_at), 64));
  }
  for (auto& [id, r] : s.batch_results.sorted()) {
    z3::expr key = u128_lit(c, id);
    put(out, kResultExists, key, c.bool_val(true));
    put(out, kResultBatchId, key, u128_lit(c, r.batch_id));
    put(out, kResultSuccess, key, c.bool_val(r.success));
    put(out, kResultInput, key, u128_lit(c, r.total_input_amount));
    put(out, kResultOutput, key, u128_lit(c, r.total_output_amount));
    put(out, kResultPrice, key, string_val(c, r.execution_price));
    put(out, kResultTimestamp, key, c.bv_val(static_cast<std::uint64_t>(r.timestamp), 64));
  }
  out.set(kIntentCounter, u128_lit(c, s.intent_counter));
  out.set(kBatchCounter, u128_lit(c, s.batch_counter));
  out.set(kAdmin, address_val(c, s.admin));
  out.set(kBatchSize, c.bv_val(static_cast<unsigned>(s.batch_size), 32));
  out.set(kMinBatchSize, c.bv_val(static_cast<unsigned>(s.min_batch_size), 32));
  return out;
}


const model::EventSpec* event(const char* name) { return mp::spec().event(name); }

// --- submit_intent --------------------------------------------------------------------

std::vector<SymBranch> submit_intent(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  z3::expr saturated = pre[kIntentCounter] == u128_max(c);
  z3::expr id = mut::add(Site::kSubmitCounter, pre[kIntentCounter], c.bv_val(1, 128));
  SymState post = pre;
  if (mut::writes(Site::kSubmitCounterWrite)) post.set(kIntentCounter, id);
  // Mapping::insert: every field of the new Intent (at a saturated counter, over the
  // intent already stored at u128::MAX).
  if (mut::writes(Site::kSubmitWrite)) {
    put(post, kIntentExists, id, c.bool_val(true));
    put(post, kIntentId, id, id);
    put(post, kIntentUser, id, env.caller);
    put(post, kIntentEncrypted, id, args[0].expr());
    put(post, kIntentTokenIn, id, args[1].expr());
    put(post, kIntentTokenOut, id, args[2].expr());
    put(post, kIntentMinOutput, id, args[3].expr());
    put(post, kIntentStatus, id, status_val(c, mp::IntentStatus::Pending));
    put(post, kIntentCreatedAt, id, env.timestamp);
    put(post, kIntentHasBatch, id, c.bool_val(false));
    put(post, kIntentBatch, id, c.bv_val(0, 128));
  }
  using Branch = mp::SubmitIntentBranch;
  std::vector<SymEvent> events;
  if (mut::emits(Site::kSubmitEvent))
    events = {{event("IntentSubmitted"), {u128_value(mut::field(Site::kSubmitEvent, id))}}};
  SymBranch sat = returns(Branch::kCounterSaturated, saturated, post, u128_value(id));
  sat.events = events;
  SymBranch ok = returns(Branch::kOk, !saturated, post, u128_value(id));
  ok.events = events;
  return {sat, ok};
}

}  // namespace

std::vector<SymBranch> mev_protection::create_batch(const SymState& pre, const SymEnv& env,
                                                    const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const SymValue& ids = args[0];
  const z3::expr& n = *ids.tag;  // bv32, the Vec's length (at most kMaxVec: only items[0..n) are real)
  const z3::expr& route = args[1].expr();
  // intent_count: u32 = len (a Vec of at most kMaxVec items fits u32).
  z3::expr too_few = mut::less(Site::kBatchTooFew, n, pre[kMinBatchSize], false);
  z3::expr too_many = !too_few && mut::more(Site::kBatchTooMany, n, pre[kBatchSize], false);
  z3::expr go = !too_few && !too_many;

  z3::expr counter_saturated = pre[kBatchCounter] == u128_max(c);
  z3::expr batch_id = mut::add(Site::kBatchCounter, pre[kBatchCounter], c.bv_val(1, 128));
  SymState post = pre;
  if (mut::writes(Site::kBatchCounterWrite)) post.set(kBatchCounter, batch_id);

  z3::expr total_volume = c.bv_val(0, 128);
  z3::expr list = empty_array(c.bv_sort(32), c.bv_sort(128));
  for (unsigned i = 0; i < kMaxVec; ++i) {
    z3::expr real = z3::ult(pos(c, i), n);
    const z3::expr& id = ids.items[i].expr();
    // Stored as listed (unknown and repeated ids too); positions past the length hold 0.
    list = z3::store(list, pos(c, i), z3::ite(real, id, c.bv_val(0, 128)));
    // The loop only rewrites existing intents, so whether `id` exists (and its
    // min_output) is as in `pre`; an unknown id is skipped, a repeated or already batched
    // one is counted and re-batched like any other.
    z3::expr found = real && at(pre, kIntentExists, id);
    z3::expr min_output = at(pre, kIntentMinOutput, id);
    total_volume = z3::ite(found, mut::add(Site::kBatchVolume, total_volume, min_output), total_volume);
    if (!mut::writes(Site::kBatchIntentWrite)) continue;
    put(post, kIntentStatus, id,
        z3::ite(found, status_val(c, mp::IntentStatus::Batched), at(post, kIntentStatus, id)));
    put(post, kIntentHasBatch, id, found || at(post, kIntentHasBatch, id));
    put(post, kIntentBatch, id, z3::ite(found, batch_id, at(post, kIntentBatch, id)));
  }
  // Mapping::insert of the whole Batch (at a saturated counter, over batch u128::MAX).
  if (mut::writes(Site::kBatchWrite)) {
    put(post, kBatchExists, batch_id, c.bool_val(true));
    put(post, kBatchId, batch_id, batch_id);
    put(post, kBatchLen, batch_id, n);
    put(post, kBatchIds, batch_id, list);
    put(post, kBatchCount, batch_id, n);
    put(post, kBatchVolume, batch_id, total_volume);
    put(post, kBatchRoute, batch_id, route);
    put(post, kBatchStatus, batch_id, status_val(c, mp::IntentStatus::Pending));
    put(post, kBatchCreatedAt, batch_id, env.timestamp);
    put(post, kBatchHasExecutedAt, batch_id, c.bool_val(false));
    put(post, kBatchExecutedAt, batch_id, c.bv_val(0, 64));
  }

  using Branch = mp::CreateBatchBranch;
  SymValue zero = u128_value(c.bv_val(0, 128));
  std::vector<SymBranch> out{returns(Branch::kTooFew, too_few, pre, zero),
                             returns(Branch::kTooMany, too_many, pre, zero)};
  // The successful outcomes (see the top of the file).
  std::vector<std::pair<BranchName, z3::expr>> outcomes{{Branch::kCounterSaturated, counter_saturated},
                                                        {Branch::kOk, c.bool_val(true)}};
  z3::expr none_before = go;
  for (auto& [name, holds] : outcomes) {
    SymBranch b = returns(name, none_before && holds, post, u128_value(batch_id));
    if (mut::emits(Site::kBatchEvent))
      b.events = {{event("BatchCreated"), {u128_value(mut::field(Site::kBatchEvent, batch_id))}}};
    out.push_back(std::move(b));
    none_before = none_before && !holds;
  }
  return out;
}

namespace {

// --- execute_batch --------------------------------------------------------------------

std::vector<SymBranch> execute_batch(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& batch_id = args[0].expr();
  const z3::expr& actual_output = args[1].expr();
  const z3::expr& price = args[2].expr();
  z3::expr found = at(pre, kBatchExists, batch_id);
  z3::expr len = at(pre, kBatchLen, batch_id);
  z3::expr list = at(pre, kBatchIds, batch_id);

  // How many positions to unroll: kMaxVec (every list a world reached through calls
  // with Vec arguments of at most kMaxVec items holds: lemma
  // mev_protection/lists-bounded), or the length itself when the state is concrete and
  // its list is longer.
  unsigned unrolled = kMaxVec;
  if (z3::expr l = len.simplify(); l.is_numeral()) {
    std::uint64_t v = 0;
    if (l.is_numeral_u64(v)) unrolled = static_cast<unsigned>(std::max<std::uint64_t>(v, kMaxVec));
  }

  // First loop: the intents' min_output summed, saturating (intents do not change here).
  z3::expr total_input = c.bv_val(0, 128);
  std::vector<std::pair<z3::expr, z3::expr>> listed;  // (id, is a real position with an existing intent)
  for (unsigned i = 0; i < unrolled; ++i) {
    z3::expr real = z3::ult(pos(c, i), len);
    z3::expr id = z3::select(list, pos(c, i));
    z3::expr exists = at(pre, kIntentExists, id);
    z3::expr min_output = at(pre, kIntentMinOutput, id);
    total_input = z3::ite(real && exists, mut::add(Site::kExecuteInput, total_input, min_output), total_input);
    listed.emplace_back(id, real && exists);
  }
  z3::expr again = at(pre, kBatchStatus, batch_id) == status_val(c, mp::IntentStatus::Executed);

  SymState post = pre;
  if (mut::writes(Site::kExecuteBatchWrite)) {
    put(post, kBatchStatus, batch_id, status_val(c, mp::IntentStatus::Executed));
    put(post, kBatchHasExecutedAt, batch_id, c.bool_val(true));
    put(post, kBatchExecutedAt, batch_id, env.timestamp);
  }
  if (mut::writes(Site::kExecuteResultWrite)) {
    put(post, kResultExists, batch_id, c.bool_val(true));
    put(post, kResultBatchId, batch_id, batch_id);
    put(post, kResultSuccess, batch_id, c.bool_val(true));
    put(post, kResultInput, batch_id, total_input);
    put(post, kResultOutput, batch_id, actual_output);
    put(post, kResultPrice, batch_id, price);
    put(post, kResultTimestamp, batch_id, env.timestamp);
  }
  // Second loop: every listed intent that exists becomes Executed.
  if (mut::writes(Site::kExecuteIntentWrite))
    for (auto& [id, hit] : listed)
      put(post, kIntentStatus, id,
          z3::ite(hit, status_val(c, mp::IntentStatus::Executed), at(post, kIntentStatus, id)));

  using Branch = mp::ExecuteBatchBranch;
  std::vector<SymBranch> out{returns(Branch::kNoBatch, !found, pre, bool_value(c, false))};
  std::vector<std::pair<BranchName, z3::expr>> outcomes{{Branch::kAgain, again}, {Branch::kOk, c.bool_val(true)}};
  z3::expr none_before = found;
  for (auto& [name, holds] : outcomes) {
    SymBranch b = returns(name, none_before && holds, post, bool_value(c, mut::returned(Site::kExecuteReturn, true)));
    if (mut::emits(Site::kExecuteEvent))
      b.events = {{event("BatchExecuted"), {u128_value(mut::field(Site::kExecuteEvent, batch_id))}}};
    out.push_back(std::move(b));
    none_before = none_before && !holds;
  }
  return out;
}

// --- set_batch_config -----------------------------------------------------------------

std::vector<SymBranch> set_batch_config(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& size = args[0].expr();
  const z3::expr& min_size = args[1].expr();
  z3::expr admin = mut::allows(Site::kConfigNotAdmin, env.caller == pre[kAdmin]);
  z3::expr min_above = mut::more(Site::kConfigMinAboveSize, min_size, size, false);
  SymState post = pre;
  if (mut::writes(Site::kConfigSizeWrite)) post.set(kBatchSize, size);
  if (mut::writes(Site::kConfigMinWrite)) post.set(kMinBatchSize, min_size);
  using Branch = mp::SetBatchConfigBranch;
  return {returns(Branch::kNotAdmin, !admin, pre, bool_value(c, false)),
          returns(Branch::kMinAboveSize, admin && min_above, pre, bool_value(c, false)),
          returns(Branch::kOk, admin && !min_above, post, bool_value(c, mut::returned(Site::kConfigReturn, true)))};
}

std::vector<SymMessage> messages(z3::context&) {
  const auto& spec = mp::spec();
  return {
      {spec.message("submit_intent"), submit_intent},
      {spec.message("create_batch"), mev_protection::create_batch},
      {spec.message("execute_batch"), execute_batch},
      {spec.message("set_batch_config"), set_batch_config},
  };
}

}  // namespace

const ContractEncoding& mev_protection_encoding() {
  static const ContractEncoding e{&mp::spec(), schema, from_model, messages};
  return e;
}

}  // namespace meshcheck::smt
