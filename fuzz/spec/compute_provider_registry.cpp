// compute_provider_registry's spec handler (spec §3.3, flows 1–3 of §4): providers
// registered with a stake and capabilities, bidding on the queue's jobs with an SLA,
// (de)activating, unbonding and withdrawing, rated and slashed by the verifier.
#include <algorithm>
#include <limits>

#include "fuzz/spec/common.hpp"

namespace meshcheck::fuzz::spec {

namespace {
using Provider = ms::Provider<Concrete>;
using Job = ms::Job<Concrete>;

std::vector<Address> providers(const GeneratorView& m, bool (*pred)(const Provider&) = nullptr) {
  std::vector<Address> out;
  registry(m).providers.entries.for_each([&](const Address& a, const Provider& p) {
    if (!pred || pred(p)) out.push_back(a);
  });
  std::sort(out.begin(), out.end());
  return out;
}
// Mostly a registered provider (one that `pred` accepts, when there is one).
Address provider_caller(const GeneratorView& m, bool (*pred)(const Provider&) = nullptr) {
  return pick::Choice<Address>()
      .one_of(6, providers(m, pred))
      .one_of(2, providers(m))
      .one_of(2, deployment::spec_actors())
      .draw();
}
const Provider* provider(const GeneratorView& m, const Address& a) { return registry(m).providers.entries.find(a); }

struct RegisterProvider : SpecCall {
  explicit RegisterProvider(const GeneratorView& m) : SpecCall(m, st::kRegistry, "register_provider") {
    caller_ = actor();
    std::vector<U256> near;
    pick::add_around(near, U256(registry(m).min_stake), kU256Max);
    near.push_back(U256(10000));
    value_ = value(m, contract_, caller_, near);
    // Capabilities: bit 1 Cpu, 2 Gpu, 4 PhalaTee; 0 and 8 are refused.
    u8 caps = pick::Choice<u8>().range(4, 1, 7).item(6, 7).item(2, 4).item(1, 0).item(1, 8).draw();
    args_ = {Value(text()), Value(caps), Value(pick::amount({50}))};
  }
};

struct UpdateProvider : SpecCall {
  explicit UpdateProvider(const GeneratorView& m) : SpecCall(m, st::kRegistry, "update_provider") {
    caller_ = provider_caller(m);
    value_ = pick::no_value();
    args_ = {Value(text()), Value(pick::amount({50}))};
  }
};

struct SetActive : SpecCall {
  explicit SetActive(const GeneratorView& m) : SpecCall(m, st::kRegistry, "set_active") {
    caller_ = provider_caller(m);
    value_ = pick::no_value();
    const Provider* p = provider(m, caller_);
    // Mostly a change: deactivating an active provider starts its unbonding.
    bool active = p ? pick::Choice<bool>().item(3, !p->is_active).item(1, p->is_active).draw() : pick::flag();
    args_ = {Value(active)};
  }
};

struct AddStake : SpecCall {
  explicit AddStake(const GeneratorView& m) : SpecCall(m, st::kRegistry, "add_stake") {
    caller_ = provider_caller(m);
    std::vector<U256> near{U256(5000)};
    if (const Provider* p = provider(m, caller_); p && p->stake < registry(m).min_stake)
      near.push_back(U256(registry(m).min_stake - p->stake));
    value_ = value(m, contract_, caller_, near);
  }
};

struct WithdrawStake : SpecCall {
  explicit WithdrawStake(const GeneratorView& m) : SpecCall(m, st::kRegistry, "withdraw_stake") {
    caller_ = provider_caller(m, [](const Provider& p) { return !p.is_active; });
    value_ = pick::no_value();
    std::vector<u128> near;
    if (const Provider* p = provider(m, caller_)) pick::add_around(near, p->stake, kU128Max);
    args_ = {Value(pick::amount(near))};
  }
};

struct SubmitBid : SpecCall {
  explicit SubmitBid(const GeneratorView& m) : SpecCall(m, st::kRegistry, "submit_bid") {
    value_ = pick::no_value();
    // Mostly a job that waits for a provider, by an active provider with the job's
    // capability, priced within its budget, with an SLA that fits its deadline (the guards
    // of assign_provider), and the edges of each.
    const auto& q = queue(m);
    std::vector<u128> open = pick::keys_where(q.jobs.entries, [](const Job& j) { return j.status == ms::JobStatus::Registered; });
    u128 id = pick::id(pick::keys(q.jobs.entries), next_id(q.job_counter), {}, open);
    const Job* job = q.jobs.entries.find(id);
    std::vector<Address> capable;
    if (job) {
      const u8 bit = u8(1u << static_cast<unsigned>(job->compute_type));
      registry(m).providers.entries.for_each([&](const Address& a, const Provider& p) {
        if (p.is_active && (p.capabilities & bit)) capable.push_back(a);
      });
      std::sort(capable.begin(), capable.end());
    }
    caller_ = capable.empty() || pick::uniform(0, 5) == 0
                  ? provider_caller(m, [](const Provider& p) { return p.is_active; })
                  : pick::one_of(capable);
    std::vector<u128> prices{1000};
    std::vector<u32> durations{5};
    if (job) {
      prices = {job->budget / 2, job->budget};
      if (job->budget < kU128Max) prices.push_back(job->budget + 1);
      if (job->deadline > m.block) {
        u32 room = job->deadline - m.block;
        durations = {1, room};
        if (room > 2) durations.push_back(room / 2);
        durations.push_back(room + 1);
      }
    }
    u128 price = pick::Choice<u128>().one_of(8, prices).item(1, 0).item(1, 1).draw();
    u32 duration = pick::Choice<u32>().one_of(8, durations).item(1, 0).item(1, ~u32(0)).draw();
    u128 penalty = pick::Choice<u128>().item(2, 0).item(4, 500).item(2, 100000).item(1, kU128Max).draw();
    args_ = {Value(id), Value(price), Value(Value::Seq{Value(duration), Value(penalty)})};
  }
};

struct UpdateReputation : SpecCall {
  explicit UpdateReputation(const GeneratorView& m) : SpecCall(m, st::kRegistry, "update_reputation") {
    caller_ = caller(st::kVerifier);
    value_ = pick::no_value();
    Address who = pick::Choice<Address>().one_of(8, providers(m)).one_of(2, deployment::spec_actors()).draw();
    std::int32_t delta = pick::Choice<std::int32_t>()
                             .item(2, 0)
                             .item(2, -1)
                             .item(2, 1)
                             .item(3, -60)
                             .item(2, 100)
                             .item(1, 1000)
                             .item(1, std::numeric_limits<std::int32_t>::min())
                             .item(1, std::numeric_limits<std::int32_t>::max())
                             .draw();
    args_ = {Value(who), i32(delta)};
  }
};

struct SlashStake : SpecCall {
  explicit SlashStake(const GeneratorView& m) : SpecCall(m, st::kRegistry, "slash_stake") {
    caller_ = caller(st::kVerifier);
    value_ = pick::no_value();
    // Mostly a job that failed its provider (Expired with one assigned, or Failed).
    const auto& q = queue(m);
    std::vector<u128> slashable = pick::keys_where(q.jobs.entries, [](const Job& j) {
      return j.assigned_provider.some && (j.status == ms::JobStatus::Expired || j.status == ms::JobStatus::Failed);
    });
    u128 id = pick::id(pick::keys(q.jobs.entries), next_id(q.job_counter), {}, slashable);
    std::optional<Address> assigned;
    if (const Job* j = q.jobs.entries.find(id); j && j->assigned_provider.some) assigned = j->assigned_provider.value;
    Address who = pick::Choice<Address>()
                      .one_of(assigned ? 1 : 6, providers(m))
                      .item(assigned ? 8 : 0, assigned.value_or(Address{}))
                      .one_of(1, deployment::spec_actors())
                      .draw();
    args_ = {Value(who), Value(id)};
  }
};

struct SetMinStake : SpecCall {
  explicit SetMinStake(const GeneratorView& m) : SpecCall(m, st::kRegistry, "set_min_stake") {
    caller_ = caller(registry(m).admin);
    value_ = pick::no_value();
    std::vector<u128> near;
    pick::add_around(near, registry(m).min_stake, kU128Max);
    args_ = {Value(pick::amount(near))};
  }
};

struct SetVerifier : SpecCall {
  explicit SetVerifier(const GeneratorView& m) : SpecCall(m, st::kRegistry, "set_verifier") {
    caller_ = caller(registry(m).admin);
    value_ = pick::no_value();
    Address who = account(st::kVerifier);
    // Mostly enabling: a disabled verifier stops the slash flow.
    args_ = {Value(who), Value(pick::Choice<bool>().item(3, true).item(1, false).draw())};
  }
};
}  // namespace

rc::Gen<CommandPtr> compute_provider_registry_commands(const SharedGeneratorView& model) {
  const bool any = !registry(*model).providers.entries.empty();
  bool failed = false;  // a job that failed its assigned provider: the slash flow
  queue(*model).jobs.entries.for_each([&](const u128&, const Job& j) {
    failed = failed || (j.assigned_provider.some &&
                        (j.status == ms::JobStatus::Expired || j.status == ms::JobStatus::Failed));
  });
  const int p = any ? 3 : 1;  // provider messages once someone is registered
  return rc::gen::weightedOneOf<CommandPtr>({
      {any ? 3 : 8, one_of_commands<RegisterProvider>(model)},
      {1, one_of_commands<UpdateProvider>(model)},
      {p, one_of_commands<SetActive>(model)},
      {p, one_of_commands<AddStake>(model)},
      {p, one_of_commands<WithdrawStake>(model)},
      {any ? 8 : 1, one_of_commands<SubmitBid>(model)},
      {p, one_of_commands<UpdateReputation>(model)},
      {p + 1 + (failed ? 8 : 0), one_of_commands<SlashStake>(model)},
      {1, one_of_commands<SetMinStake>(model)},
      {1, one_of_commands<SetVerifier>(model)},
  });
}

}  // namespace meshcheck::fuzz::spec
