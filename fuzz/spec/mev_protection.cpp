// mev_protection's spec handler (spec §3.6, flow 5 of §4): intents submitted with their
// capital locked in escrow, batched by the executor (same pair, any order: the contract
// sorts them), executed in creation order with enough output or not (all released to the
// executor, or all refunded), and pending intents cancelled.
#include <algorithm>

#include "fuzz/spec/common.hpp"

namespace meshcheck::fuzz::spec {

namespace {
using Intent = ms::Intent<Concrete>;
using ms::IntentStatus;

const std::vector<std::pair<std::string, std::string>>& pairs() {
  static const std::vector<std::pair<std::string, std::string>> all{{"DOT", "USDC"}, {"USDC", "DOT"}, {"DOT", "DOT"}};
  return all;
}

u128 intent_id(const GeneratorView& m, const std::vector<u128>& preferred = {}) {
  const auto& s = mev(m);
  return pick::id(pick::keys(s.intents.entries), next_id(s.intent_counter), {}, preferred);
}
std::vector<u128> pending(const GeneratorView& m) {
  return pick::keys_where(mev(m).intents.entries, [](const Intent& i) { return i.status == IntentStatus::Pending; });
}

struct SubmitIntent : SpecCall {
  explicit SubmitIntent(const GeneratorView& m) : SpecCall(m, st::kMev, "submit_intent") {
    caller_ = actor();
    value_ = value(m, contract_, caller_, {U256(100), U256(1000), U256(5000)});
    auto pair = pick::Choice<std::pair<std::string, std::string>>().item(6, pairs()[0]).item(3, pairs()[1]).item(1, pairs()[2]).draw();
    u128 min_output = pick::Choice<u128>().item(1, 0).item(2, 1).item(4, 100).item(2, 1000).item(1, kU128Max).draw();
    args_ = {Value(text()), Value(pair.first), Value(pair.second), Value(min_output)};
  }
};

struct CancelIntent : SpecCall {
  explicit CancelIntent(const GeneratorView& m) : SpecCall(m, st::kMev, "cancel_intent") {
    u128 id = intent_id(m, pending(m));
    std::optional<Address> user;
    if (const Intent* i = mev(m).intents.entries.find(id)) user = i->user;
    caller_ = caller(user);
    value_ = pick::no_value();
    args_ = {Value(id)};
  }
};

struct CreateBatch : SpecCall {
  explicit CreateBatch(const GeneratorView& m) : SpecCall(m, st::kMev, "create_batch") {
    const auto& s = mev(m);
    caller_ = caller(s.executor);
    value_ = pick::no_value();
    // Mostly pending intents of one pair, as many as the configuration allows, in any
    // order; now and then a duplicate, a mixed pair, a batched one or an unknown id.
    std::vector<u128> open = pending(m);
    std::vector<u128> ids;
    if (!open.empty()) {
      const Intent& first = *s.intents.entries.find(pick::one_of(open));
      for (auto& id : open) {
        const Intent& i = *s.intents.entries.find(id);
        if (i.token_in == first.token_in && i.token_out == first.token_out) ids.push_back(id);
      }
    }
    std::size_t want = pick::Choice<std::size_t>().range(8, 2, 5).item(1, 1).item(1, 0).draw();
    if (ids.size() > want) ids.resize(want);
    switch (pick::uniform(0, 8)) {
      case 0: if (!ids.empty()) ids.push_back(ids.front()); break;         // a duplicate
      case 1: ids.push_back(intent_id(m)); break;                          // any intent, or none
      case 2: std::reverse(ids.begin(), ids.end()); break;                 // another order, same batch
      default: break;
    }
    if (ids.size() > ms::kMaxBatchSize) ids.resize(ms::kMaxBatchSize);  // a Vec past the bound cannot be sent
    Value::Seq items;
    for (auto& id : ids) items.push_back(Value(id));
    args_ = {Value(std::move(items)), Value(text())};
  }
};

struct ExecuteBatch : SpecCall {
  explicit ExecuteBatch(const GeneratorView& m) : SpecCall(m, st::kMev, "execute_batch") {
    const auto& s = mev(m);
    caller_ = caller(s.executor);
    value_ = pick::no_value();
    u128 id = pick::Choice<u128>()
                  .item(8, s.next_batch)
                  .item(1, next_id(s.next_batch))
                  .one_of(1, pick::keys(s.batches.entries))
                  .item(1, 0)
                  .draw();
    std::vector<u128> outputs{0, 1000};
    if (auto* b = s.batches.entries.find(id)) pick::add_around(outputs, b->total_volume, kU128Max);
    args_ = {Value(id), Value(pick::Choice<u128>().one_of(1, outputs).draw()), Value(text())};
  }
};

struct SetBatchConfig : SpecCall {
  explicit SetBatchConfig(const GeneratorView& m) : SpecCall(m, st::kMev, "set_batch_config") {
    caller_ = caller(mev(m).admin);
    value_ = pick::no_value();
    u32 size = pick::Choice<u32>().range(4, 1, ms::kMaxBatchSize).item(1, 0).item(1, ms::kMaxBatchSize + 1).draw();
    u32 min = pick::Choice<u32>().range(4, 1, 3).item(1, 0).item(1, size + 1).draw();
    args_ = {Value(size), Value(min)};
  }
};

struct SetExecutor : SpecCall {
  explicit SetExecutor(const GeneratorView& m) : SpecCall(m, st::kMev, "set_executor") {
    caller_ = caller(mev(m).admin);
    value_ = pick::no_value();
    // Mostly the deployment's executor: another stops the batch flow for the sequence.
    args_ = {Value(pick::Choice<Address>().item(4, st::kExecutor).item(1, account()).draw())};
  }
};
}  // namespace

rc::Gen<CommandPtr> mev_protection_commands(const SharedGeneratorView& model) {
  const auto& s = mev(*model);
  const bool open = s.pending_count > 0, batch = s.next_batch <= s.batch_counter;
  return rc::gen::weightedOneOf<CommandPtr>({
      {5, one_of_commands<SubmitIntent>(model)},
      {1 + (open ? 1 : 0), one_of_commands<CancelIntent>(model)},
      {1 + (open ? 4 : 0), one_of_commands<CreateBatch>(model)},
      {1 + (batch ? 5 : 0), one_of_commands<ExecuteBatch>(model)},
      {1, one_of_commands<SetBatchConfig>(model)},
      {1, one_of_commands<SetExecutor>(model)},
  });
}

}  // namespace meshcheck::fuzz::spec
