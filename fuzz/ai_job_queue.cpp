#include "fuzz/ai_job_queue.hpp"

#include <array>

#include "fuzz/pick.hpp"
#include "fuzz/setup.hpp"
#include "model/ai_job_queue.hpp"

namespace meshcheck::fuzz {

namespace {
namespace aq = model::deployed::ai_job_queue;
constexpr AddressKind kKind = AddressKind::H160;

// The contract's address in the fuzzer's world, looked up once.
const Address& address() {
  static const Address a = contract_address("ai_job_queue");
  return a;
}
const aq::State& state(const GeneratorView& m) { return m.state<aq::State>(address()); }

// A job id that collides: an existing job (most often one in `status`, which the
// message moves on), the next one, 0, u128::MAX.
u128 job_id(const GeneratorView& m, std::optional<aq::JobStatus> status = std::nullopt) {
  const auto& s = state(m);
  std::vector<u128> preferred;
  if (status) preferred = pick::keys_where(s.jobs, [&](const aq::Job& j) { return j.status == *status; });
  return pick::id(pick::keys(s.jobs), saturating_add(s.job_counter, u128(1)), {}, preferred);
}
std::optional<Address> owner_of(const GeneratorView& m, const u128& id) {
  if (auto* j = state(m).jobs.find(id)) return j->owner;
  return std::nullopt;
}
std::optional<Address> provider_of(const GeneratorView& m, const u128& id) {
  if (auto* j = state(m).jobs.find(id)) return j->assigned_provider;
  return std::nullopt;
}

struct QueueCall : CallCommand {
  QueueCall(const GeneratorView& m, std::string_view message) : CallCommand(m, address(), message) {}
};

struct SubmitJob : QueueCall {
  explicit SubmitJob(const GeneratorView& m) : QueueCall(m, "submit_job") {
    caller_ = pick::actor(kKind);
    std::vector<U256> near;
    pick::add_around(near, U256(state(m).min_budget), kU256Max);
    value_ = pick::value(m, contract_, caller_, near);
    std::vector<u32> deadlines;
    pick::add_around(deadlines, m.block, ~u32(0));
    deadlines.push_back(m.block + 100);
    args_ = {Value(pick::text()), Value(pick::text()), Value(pick::number32(deadlines)), Value(pick::flag())};
  }
};

struct AssignProvider : QueueCall {
  explicit AssignProvider(const GeneratorView& m) : QueueCall(m, "assign_provider") {
    u128 id = job_id(m, aq::JobStatus::Registered);
    caller_ = pick::caller(kKind, owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id), Value(pick::account(kKind))};
  }
};

struct MarkInProgress : QueueCall {
  explicit MarkInProgress(const GeneratorView& m) : QueueCall(m, "mark_in_progress") {
    u128 id = job_id(m, aq::JobStatus::Assigned);
    caller_ = pick::caller(kKind, provider_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id)};
  }
};

struct MarkCompleted : QueueCall {
  explicit MarkCompleted(const GeneratorView& m) : QueueCall(m, "mark_completed") {
    u128 id = job_id(m, aq::JobStatus::InProgress);
    caller_ = pick::caller(kKind, provider_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id), Value(pick::text())};
  }
};

struct CancelJob : QueueCall {
  explicit CancelJob(const GeneratorView& m) : QueueCall(m, "cancel_job") {
    // A Completed job is the one guard a cancel can hit only at the end of a lifecycle
    // (submit, assign, start, complete): prefer it whenever one exists.
    u128 id = job_id(m, aq::JobStatus::Completed);
    caller_ = pick::caller(kKind, owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id)};
  }
};

struct SetMinBudget : QueueCall {
  explicit SetMinBudget(const GeneratorView& m) : QueueCall(m, "set_min_budget") {
    const auto& s = state(m);
    caller_ = pick::caller(kKind, s.owner);
    value_ = pick::no_value();
    args_ = {Value(pick::amount_around(s.min_budget))};
  }
};
}  // namespace

rc::Gen<CommandPtr> ai_job_queue_commands(const SharedGeneratorView& model) {
  // The lifecycle moves one step per call, so each step is chosen more often while a job
  // waits for it: otherwise a sequence rarely carries a job all the way to Completed and
  // then cancels it (cancel_job's "job is Completed" guard).
  // Which statuses some job is in: one pass over the jobs.
  std::array<bool, 5> waits{};  // by JobStatus
  state(*model).jobs.for_each([&](const u128&, const aq::Job& j) { waits[static_cast<std::size_t>(j.status)] = true; });
  auto waiting = [&](aq::JobStatus st) { return waits[static_cast<std::size_t>(st)] ? 4 : 0; };
  return rc::gen::weightedOneOf<CommandPtr>({
      {2, one_of_commands<SubmitJob>(model)},
      {1 + waiting(aq::JobStatus::Registered), one_of_commands<AssignProvider>(model)},
      {1 + waiting(aq::JobStatus::Assigned), one_of_commands<MarkInProgress>(model)},
      {1 + waiting(aq::JobStatus::InProgress), one_of_commands<MarkCompleted>(model)},
      {1 + waiting(aq::JobStatus::Completed), one_of_commands<CancelJob>(model)},
      {1, one_of_commands<SetMinBudget>(model)},
  });
}

}  // namespace meshcheck::fuzz
