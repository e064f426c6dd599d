#include "fuzz/mev_protection.hpp"

#include "fuzz/pick.hpp"
#include "fuzz/setup.hpp"
#include "model/mev_protection.hpp"

namespace meshcheck::fuzz {

namespace {
namespace mp = model::deployed::mev_protection;
constexpr AddressKind kKind = AddressKind::AccountId;
constexpr u32 kLongestBatch = 128;  // keeps lines short when batch_size is huge

// The contract's address in the fuzzer's world, looked up once.
const Address& address() {
  static const Address a = contract_address("mev_protection");
  return a;
}
const mp::State& state(const GeneratorView& m) { return m.state<mp::State>(address()); }

u128 intent_id(const GeneratorView& m, const std::vector<u128>& existing) {
  return pick::id(existing, saturating_add(state(m).intent_counter, u128(1)));
}
u128 batch_id(const GeneratorView& m) {
  const auto& s = state(m);
  return pick::id(pick::keys(s.batches), saturating_add(s.batch_counter, u128(1)));
}

struct MevCall : CallCommand {
  MevCall(const GeneratorView& m, std::string_view message) : CallCommand(m, address(), message) {}
};

struct SubmitIntent : MevCall {
  explicit SubmitIntent(const GeneratorView& m) : MevCall(m, "submit_intent") {
    caller_ = pick::actor(kKind);
    value_ = pick::no_value();
    args_ = {Value(pick::text()), Value(pick::text()), Value(pick::text()), Value(pick::amount({100}))};
  }
};

struct CreateBatch : MevCall {
  explicit CreateBatch(const GeneratorView& m) : MevCall(m, "create_batch") {
    const auto& s = state(m);
    caller_ = pick::caller(kKind, s.admin);
    value_ = pick::no_value();
    // A length at the batch size limits (one under, at, one over), or none at all.
    std::vector<u32> lengths;
    pick::add_around(lengths, s.min_batch_size, ~u32(0));
    pick::add_around(lengths, s.batch_size, ~u32(0));
    std::erase_if(lengths, [](u32 n) { return n > kLongestBatch; });
    u32 length = pick::uniform(0, 5) == 0 || lengths.empty() ? 0u : pick::one_of(lengths);
    Value::Seq ids;
    const std::vector<u128> existing = pick::keys(s.intents);
    for (u32 i = 0; i < length; ++i) ids.emplace_back(intent_id(m, existing));
    args_ = {Value(std::move(ids)), Value(pick::text())};
  }
};

struct ExecuteBatch : MevCall {
  explicit ExecuteBatch(const GeneratorView& m) : MevCall(m, "execute_batch") {
    caller_ = pick::caller(kKind, state(m).admin);
    value_ = pick::no_value();
    args_ = {Value(batch_id(m)), Value(pick::amount({100})), Value(pick::text())};
  }
};

struct SetBatchConfig : MevCall {
  explicit SetBatchConfig(const GeneratorView& m) : MevCall(m, "set_batch_config") {
    const auto& s = state(m);
    caller_ = pick::caller(kKind, s.admin);
    value_ = pick::no_value();
    u32 size = pick::number32({s.batch_size, s.min_batch_size, 5, 100});
    u32 min_size = pick::number32({s.min_batch_size, size, size + 1, 5});
    args_ = {Value(size), Value(min_size)};
  }
};
}  // namespace

rc::Gen<CommandPtr> mev_protection_commands(const SharedGeneratorView& model) {
  return one_of_commands<SubmitIntent, CreateBatch, ExecuteBatch, SetBatchConfig>(model);
}

}  // namespace meshcheck::fuzz
