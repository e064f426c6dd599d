#include "model/mev_protection.hpp"

#include "model/contract_kind.hpp"
#include "mutation/mev_protection.hpp"

namespace meshcheck::model::deployed::mev_protection {

namespace {
// The mutation sites (mutation/mev_protection.hpp): with no mutant active, each hook
// returns what it is given.
namespace mut = mutation;
using Site = mutation::mev_protection::Site;

TypeRef status_type() {
  static TypeRef t = types::unit_enum("IntentStatus", {"Pending", "Batched", "Executed", "Failed", "Cancelled"});
  return t;
}
TypeRef intent_type() {
  static TypeRef t = types::struct_("Intent", {{"intent_id", types::u128()},
                                               {"user", types::account_id()},
                                               {"encrypted_intent", types::string()},
                                               {"token_in", types::string()},
                                               {"token_out", types::string()},
                                               {"min_output", types::u128()},
                                               {"status", status_type()},
                                               {"created_at", types::u64()},
                                               {"batch_id", types::option(types::u128())}});
  return t;
}
TypeRef batch_type() {
  static TypeRef t = types::struct_("Batch", {{"batch_id", types::u128()},
                                              {"intent_ids", types::vec(types::u128())},
                                              {"intent_count", types::u32()},
                                              {"total_volume", types::u128()},
                                              {"execution_route", types::string()},
                                              {"status", status_type()},
                                              {"created_at", types::u64()},
                                              {"executed_at", types::option(types::u64())}});
  return t;
}
TypeRef batch_result_type() {
  static TypeRef t = types::struct_("BatchResult", {{"batch_id", types::u128()},
                                                    {"success", types::boolean()},
                                                    {"total_input_amount", types::u128()},
                                                    {"total_output_amount", types::u128()},
                                                    {"execution_price", types::string()},
                                                    {"timestamp", types::u64()}});
  return t;
}
Value status_value(IntentStatus s) { return Value::variant(static_cast<u32>(s)); }

const EventSpec kIntentSubmitted{"IntentSubmitted", {{"intent_id", types::u128(), true}}};
const EventSpec kBatchCreated{"BatchCreated", {{"batch_id", types::u128(), true}}};
const EventSpec kBatchExecuted{"BatchExecuted", {{"batch_id", types::u128(), true}}};

std::vector<u128> arg_ids(Args a, std::size_t i) {
  std::vector<u128> ids;
  ids.reserve(a[i].as_seq().size());
  for (auto& v : a[i].as_seq()) ids.emplace_back(v.as_int());
  return ids;
}
}  // namespace

const char* status_name(IntentStatus s) {
  static const char* names[] = {"Pending", "Batched", "Executed", "Failed", "Cancelled"};
  return names[static_cast<int>(s)];
}

State construct(const CallEnv& env) {
  State s;
  s.intent_counter = 0;
  s.batch_counter = 0;
  s.admin = env.caller;
  return s;
}

u128 submit_intent(State& self, Ctx& ctx, const std::string& encrypted_intent, const std::string& token_in,
                   const std::string& token_out, const u128& min_output) {
  using enum SubmitIntentBranch;
  if (self.intent_counter == kU128Max) ctx.cover(kCounterSaturated);
  u128 intent_id = mut::add(Site::kSubmitCounter, self.intent_counter, u128(1));
  if (mut::writes(Site::kSubmitCounterWrite)) self.intent_counter = intent_id;
  if (mut::writes(Site::kSubmitWrite))
    self.intents.insert(intent_id, Intent{intent_id, ctx.env.caller, encrypted_intent, token_in, token_out,
                                          min_output, IntentStatus::Pending, ctx.env.timestamp, std::nullopt});
  if (mut::emits(Site::kSubmitEvent)) ctx.emit(kIntentSubmitted, {mut::field(Site::kSubmitEvent, intent_id)});
  ctx.cover(kOk);
  return intent_id;
}

u128 create_batch(State& self, Ctx& ctx, const std::vector<u128>& intent_ids, const std::string& execution_route) {
  using enum CreateBatchBranch;
  if (intent_ids.size() > 0xffffffffu) {  // does not fit u32: more than batch_size too
    ctx.cover(kTooMany);
    return 0;
  }
  u32 intent_count = static_cast<u32>(intent_ids.size());
  const bool too_few = mut::less(Site::kBatchTooFew, intent_count, self.min_batch_size, false);
  if (too_few || mut::more(Site::kBatchTooMany, intent_count, self.batch_size, false)) {
    ctx.cover(too_few ? kTooFew : kTooMany);
    return 0;
  }
  if (self.batch_counter == kU128Max) ctx.cover(kCounterSaturated);
  u128 batch_id = mut::add(Site::kBatchCounter, self.batch_counter, u128(1));
  if (mut::writes(Site::kBatchCounterWrite)) self.batch_counter = batch_id;
  // Any caller, any ids in any order: unknown ids are skipped (but stay listed), a
  // repeated id is counted again, an intent already batched or executed is re-batched.
  u128 total_volume = 0;
  for (const u128& id : intent_ids) {
    const Intent* found = self.intents.find(id);
    if (!found) {
      ctx.cover(kUnknownId);
      continue;
    }
    if (found->batch_id == batch_id) ctx.cover(kAlreadyInBatch);  // a repeated id
    else if (found->batch_id) ctx.cover(kRebatched);
    if (total_volume > kU128Max - found->min_output) ctx.cover(kVolumeSaturated);
    total_volume = mut::add(Site::kBatchVolume, total_volume, found->min_output);
    Intent updated = *found;
    updated.status = IntentStatus::Batched;
    updated.batch_id = batch_id;
    if (mut::writes(Site::kBatchIntentWrite)) self.intents.insert(id, updated);
  }
  if (mut::writes(Site::kBatchWrite))
    self.batches.insert(batch_id, Batch{batch_id, intent_ids, intent_count, total_volume, execution_route,
                                        IntentStatus::Pending, ctx.env.timestamp, std::nullopt});
  if (mut::emits(Site::kBatchEvent)) ctx.emit(kBatchCreated, {mut::field(Site::kBatchEvent, batch_id)});
  ctx.cover(kOk);
  return batch_id;
}

bool execute_batch(State& self, Ctx& ctx, const u128& batch_id, const u128& actual_output,
                   const std::string& execution_price) {
  using enum ExecuteBatchBranch;
  const Batch* found = self.batches.find(batch_id);
  if (!found) {
    ctx.cover(kNoBatch);
    return false;
  }
  Batch batch = *found;
  u128 total_input = 0;
  for (const u128& id : batch.intent_ids) {
    const Intent* intent = self.intents.find(id);
    if (!intent) {
      ctx.cover(kUnknownId);
      continue;
    }
    if (total_input > kU128Max - intent->min_output) ctx.cover(kInputSaturated);
    total_input = mut::add(Site::kExecuteInput, total_input, intent->min_output);
  }
  // Any caller, any number of times; success is recorded whatever actual_output is.
  bool again = batch.status == IntentStatus::Executed;
  batch.status = IntentStatus::Executed;
  batch.executed_at = ctx.env.timestamp;
  if (mut::writes(Site::kExecuteBatchWrite)) self.batches.insert(batch_id, batch);
  if (mut::writes(Site::kExecuteResultWrite))
    self.batch_results.insert(
        batch_id, BatchResult{batch_id, true, total_input, actual_output, execution_price, ctx.env.timestamp});
  for (const u128& id : batch.intent_ids) {
    const Intent* intent = self.intents.find(id);
    if (!intent) continue;
    Intent updated = *intent;
    updated.status = IntentStatus::Executed;
    if (mut::writes(Site::kExecuteIntentWrite)) self.intents.insert(id, updated);
  }
  if (mut::emits(Site::kExecuteEvent)) ctx.emit(kBatchExecuted, {mut::field(Site::kExecuteEvent, batch_id)});
  ctx.cover(again ? kAgain : kOk);
  return mut::returned(Site::kExecuteReturn, true);
}

bool set_batch_config(State& self, Ctx& ctx, u32 batch_size, u32 min_batch_size) {
  using enum SetBatchConfigBranch;
  if (mut::guard(Site::kConfigNotAdmin, ctx.env.caller != self.admin)) {
    ctx.cover(kNotAdmin);
    return false;
  }
  if (mut::more(Site::kConfigMinAboveSize, min_batch_size, batch_size, false)) {
    ctx.cover(kMinAboveSize);
    return false;
  }
  if (mut::writes(Site::kConfigSizeWrite)) self.batch_size = batch_size;
  if (mut::writes(Site::kConfigMinWrite)) self.min_batch_size = min_batch_size;
  ctx.cover(kOk);
  return mut::returned(Site::kConfigReturn, true);
}

// The branches of the read-only messages, which only spec() below names.
namespace {
enum class GetIntentBranch : unsigned { kNone, kFound, kCount };
constexpr BranchNames<GetIntentBranch> branch_names(GetIntentBranch) {
  using enum GetIntentBranch;
  return {{{kNone, "no such intent"}, {kFound, "found"}}};
}

// get_batch and get_batch_stats.
enum class BatchLookupBranch : unsigned { kNone, kFound, kCount };
constexpr BranchNames<BatchLookupBranch> branch_names(BatchLookupBranch) {
  using enum BatchLookupBranch;
  return {{{kNone, "no such batch"}, {kFound, "found"}}};
}

enum class GetBatchResultBranch : unsigned { kNone, kFound, kCount };
constexpr BranchNames<GetBatchResultBranch> branch_names(GetBatchResultBranch) {
  using enum GetBatchResultBranch;
  return {{{kNone, "no batch result"}, {kFound, "found"}}};
}
}  // namespace

Value to_value(const Intent& i) {
  return Value::seq({i.intent_id, i.user, i.encrypted_intent, i.token_in, i.token_out, i.min_output,
                     status_value(i.status), i.created_at, Value::optional(i.batch_id)});
}
Value to_value(const Batch& b) {
  Value::Seq ids;
  ids.reserve(b.intent_ids.size());
  for (auto& id : b.intent_ids) ids.emplace_back(id);
  return Value::seq({b.batch_id, Value(std::move(ids)), b.intent_count, b.total_volume, b.execution_route,
                     status_value(b.status), b.created_at, Value::optional(b.executed_at)});
}
Value to_value(const BatchResult& r) {
  return Value::seq(
      {r.batch_id, r.success, r.total_input_amount, r.total_output_amount, r.execution_price, r.timestamp});
}

const ContractSpec& spec() {
  static const ContractSpec s{
      std::string(contract_name(ContractKind::kMevProtection)),
      InkVersion::V5,
      {},
      [](const CallEnv& env, Args) -> std::shared_ptr<ContractState> {
        return std::make_shared<State>(construct(env));
      },
      {
          {"submit_intent",
           {{"encrypted_intent", types::string()},
            {"token_in", types::string()},
            {"token_out", types::string()},
            {"min_output", types::u128()}},
           types::u128(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return submit_intent(s, c, arg_string(a, 0), arg_string(a, 1), arg_string(a, 2), arg_u128(a, 3));
           }>,
           branch_list<SubmitIntentBranch>()},
          {"create_batch", {{"intent_ids", types::vec(types::u128())}, {"execution_route", types::string()}},
           types::u128(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return create_batch(s, c, arg_ids(a, 0), arg_string(a, 1));
           }>,
           branch_list<CreateBatchBranch>()},
          {"execute_batch",
           {{"batch_id", types::u128()}, {"actual_output", types::u128()}, {"execution_price", types::string()}},
           types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return execute_batch(s, c, arg_u128(a, 0), arg_u128(a, 1), arg_string(a, 2));
           }>,
           branch_list<ExecuteBatchBranch>()},
          {"get_intent", {{"intent_id", types::u128()}}, types::option(intent_type()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const Intent* i = s.intents.find(arg_u128(a, 0));
             c.cover(i ? GetIntentBranch::kFound : GetIntentBranch::kNone);
             return i ? Value::some(to_value(*i)) : Value::none();
           }>,
           branch_list<GetIntentBranch>()},
          {"get_batch", {{"batch_id", types::u128()}}, types::option(batch_type()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const Batch* b = s.batches.find(arg_u128(a, 0));
             c.cover(b ? BatchLookupBranch::kFound : BatchLookupBranch::kNone);
             return b ? Value::some(to_value(*b)) : Value::none();
           }>,
           branch_list<BatchLookupBranch>()},
          {"get_batch_result", {{"batch_id", types::u128()}}, types::option(batch_result_type()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const BatchResult* r = s.batch_results.find(arg_u128(a, 0));
             c.cover(r ? GetBatchResultBranch::kFound : GetBatchResultBranch::kNone);
             return r ? Value::some(to_value(*r)) : Value::none();
           }>,
           branch_list<GetBatchResultBranch>()},
          {"get_intent_counter", {}, types::u128(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.intent_counter; }>},
          {"get_batch_counter", {}, types::u128(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.batch_counter; }>},
          {"get_pending_intents", {}, types::u32(), false, false,
           typed_body<State, [](State&, Ctx&, Args) -> Value { return u32(0); }>},  // a constant in the deployed code
          {"get_batch_stats", {{"batch_id", types::u128()}},
           types::tuple({types::u32(), types::u128(), types::boolean()}), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             if (const Batch* b = s.batches.find(arg_u128(a, 0))) {
               c.cover(BatchLookupBranch::kFound);
               return Value::seq({b->intent_count, b->total_volume, b->status == IntentStatus::Executed});
             }
             c.cover(BatchLookupBranch::kNone);
             return Value::seq({u32(0), u128(0), false});
           }>,
           branch_list<BatchLookupBranch>()},
          {"set_batch_config", {{"batch_size", types::u32()}, {"min_batch_size", types::u32()}}, types::boolean(),
           false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return set_batch_config(s, c, arg_u32(a, 0), arg_u32(a, 1));
           }>,
           branch_list<SetBatchConfigBranch>()},
      },
      {&kIntentSubmitted, &kBatchCreated, &kBatchExecuted},
      "0x9949de08fb997fafab3ee00110b252c2625281abf439093a2b85245cc2475233",  // its code hash (deployments/paseo.json)
  };
  return s;
}

}  // namespace meshcheck::model::deployed::mev_protection
