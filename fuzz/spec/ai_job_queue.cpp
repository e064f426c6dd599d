// ai_job_queue's spec handler (spec §3.1, flows 1–4 of §4): jobs submitted public or
// private, with and without a data NFT, assigned to a provider that bid on them, started,
// completed, cancelled, expired once their deadline passed, disputed and resolved.
#include <algorithm>
#include <array>

#include "deployment/deployment.hpp"
#include "fuzz/spec/common.hpp"

namespace meshcheck::fuzz::spec {

namespace {
using Job = ms::Job<Concrete>;
using ms::JobStatus;

// A job id that collides: an existing job (most often one whose status is in `wanted`),
// the next one, 0, u128::MAX.
u128 job_id(const GeneratorView& m, std::initializer_list<JobStatus> wanted, bool past_deadline = false) {
  const auto& s = queue(m);
  std::vector<u128> preferred = pick::keys_where(s.jobs.entries, [&](const Job& j) {
    bool in = std::find(wanted.begin(), wanted.end(), j.status) != wanted.end();
    return in && (!past_deadline || m.block >= j.deadline);
  });
  return pick::id(pick::keys(s.jobs.entries), next_id(s.job_counter), {}, preferred);
}
const Job* job(const GeneratorView& m, const u128& id) { return queue(m).jobs.entries.find(id); }
std::optional<Address> owner_of(const GeneratorView& m, const u128& id) {
  if (auto* j = job(m, id)) return j->owner;
  return std::nullopt;
}
std::optional<Address> provider_of(const GeneratorView& m, const u128& id) {
  if (auto* j = job(m, id); j && j->assigned_provider.some) return j->assigned_provider.value;
  return std::nullopt;
}

struct SubmitJob : SpecCall {
  explicit SubmitJob(const GeneratorView& m) : SpecCall(m, st::kQueue, "submit_job") {
    const bool priv = pick::flag();
    // A private job's owner is rate limited (3 a window): mostly one who submitted already.
    std::vector<Address> submitters;
    if (priv) phala(m).rate.entries.for_each([&](const Address& a, const auto&) { submitters.push_back(a); });
    std::sort(submitters.begin(), submitters.end());
    caller_ = pick::Choice<Address>().one_of(5, submitters).one_of(5, deployment::spec_actors()).draw();
    const auto& s = queue(m);
    std::vector<U256> near;
    near = {U256(s.min_budget), U256(s.min_budget) + 1, U256(5000), U256(20000)};  // 999 is an edge
    value_ = value(m, contract_, caller_, near);
    // Public or private (§4 flows 1 and 2); now and then a mismatch the guards refuse.
    const ms::ComputeType type = pick::Choice<ms::ComputeType>()
                                     .item(priv ? 8 : 1, ms::ComputeType::PhalaTee)
                                     .item(priv ? 1 : 5, ms::ComputeType::Cpu)
                                     .item(priv ? 1 : 5, ms::ComputeType::Gpu)
                                     .draw();
    std::vector<u32> deadlines;
    // Mostly far enough for a flow (the clock moves ~7 blocks a call), now and then one
    // that passes soon (expiry) or already has.
    for (u32 ahead : {0u, 3u, 30u}) deadlines.push_back(m.block + ahead);
    std::vector<u32> far;
    for (u32 ahead : {300u, 2000u, 20000u}) far.push_back(m.block + ahead);
    const u32 deadline = pick::Choice<u32>().one_of(4, deadlines).one_of(8, far).item(1, 0).item(1, ~u32(0)).draw();
    // A data NFT (§4 flow 4): mostly none, else an existing one or the next.
    const auto& n = nfts(m);
    std::vector<u128> tokens = pick::keys(n.nfts.entries);
    std::optional<u128> nft;
    if (pick::uniform(0, 4) == 0) nft = pick::id(tokens, next_id(n.total_supply));
    std::string payload = priv ? text(ms::kMaxPayloadLen) : pick::Choice<std::string>().item(8, "").item(1, "x").draw();
    std::string key = priv ? text(ms::kMaxPublicKeyLen) : pick::Choice<std::string>().item(8, "").item(1, "k").draw();
    args_ = {Value(text()), Value(text()), some_u128(nft), variant(type), Value(deadline), Value(priv),
             Value(std::move(payload)), Value(std::move(key))};
  }
};

struct AssignProvider : SpecCall {
  explicit AssignProvider(const GeneratorView& m) : SpecCall(m, st::kQueue, "assign_provider") {
    // Mostly a registered job a provider bid on, assigned to that provider by its owner.
    const auto& s = queue(m);
    std::vector<u128> bid_on;
    registry(m).bids.entries.for_each([&](const std::pair<u128, Address>& k, const auto&) {
      if (auto* j = s.jobs.entries.find(k.first); j && j->status == JobStatus::Registered) bid_on.push_back(k.first);
    });
    std::sort(bid_on.begin(), bid_on.end());
    u128 id = bid_on.empty() || pick::uniform(0, 4) == 0 ? job_id(m, {JobStatus::Registered}) : pick::one_of(bid_on);
    caller_ = caller(owner_of(m, id));
    value_ = pick::no_value();
    std::vector<Address> bidders;
    registry(m).bids.entries.for_each([&](const std::pair<u128, Address>& k, const auto&) {
      if (k.first == id) bidders.push_back(k.second);
    });
    std::sort(bidders.begin(), bidders.end());
    Address provider = pick::Choice<Address>().one_of(8, bidders).one_of(2, deployment::spec_actors()).draw();
    args_ = {Value(id), Value(provider)};
  }
};

struct MarkInProgress : SpecCall {
  explicit MarkInProgress(const GeneratorView& m) : SpecCall(m, st::kQueue, "mark_in_progress") {
    u128 id = job_id(m, {JobStatus::Assigned});
    caller_ = caller(provider_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id)};
  }
};

struct MarkCompleted : SpecCall {
  explicit MarkCompleted(const GeneratorView& m) : SpecCall(m, st::kQueue, "mark_completed") {
    u128 id = job_id(m, {JobStatus::InProgress});
    caller_ = caller(provider_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id), bytes(result_hash())};
  }
};

// Only phala may call it (NotProcessor for everyone else): it succeeds nested in
// record_attestation.
struct CompleteAttested : SpecCall {
  explicit CompleteAttested(const GeneratorView& m) : SpecCall(m, st::kQueue, "complete_attested") {
    u128 id = job_id(m, {JobStatus::InProgress});
    caller_ = actor();
    value_ = pick::no_value();
    args_ = {Value(id), Value(pick::id({}, u128(1))), bytes(result_hash())};
  }
};

struct CancelJob : SpecCall {
  explicit CancelJob(const GeneratorView& m) : SpecCall(m, st::kQueue, "cancel_job") {
    u128 id = job_id(m, {JobStatus::Registered, JobStatus::Assigned});
    caller_ = caller(owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id)};
  }
};

struct ExpireJob : SpecCall {
  explicit ExpireJob(const GeneratorView& m) : SpecCall(m, st::kQueue, "expire_job") {
    // Mostly one whose deadline has passed (the refund path of §3.1), else any open one.
    const bool past = pick::uniform(0, 4) != 0;
    u128 id = job_id(m, {JobStatus::Registered, JobStatus::Assigned, JobStatus::InProgress}, past);
    caller_ = actor();
    value_ = pick::no_value();
    args_ = {Value(id)};
  }
};

struct DisputeJob : SpecCall {
  explicit DisputeJob(const GeneratorView& m) : SpecCall(m, st::kQueue, "dispute_job") {
    u128 id = job_id(m, {JobStatus::InProgress, JobStatus::Completed});
    caller_ = caller(owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id)};
  }
};

struct ResolveDispute : SpecCall {
  explicit ResolveDispute(const GeneratorView& m) : SpecCall(m, st::kQueue, "resolve_dispute") {
    u128 id = job_id(m, {JobStatus::Disputed});
    caller_ = caller(queue(m).admin);
    value_ = pick::no_value();
    args_ = {Value(id), Value(pick::flag())};
  }
};

struct SetMinBudget : SpecCall {
  explicit SetMinBudget(const GeneratorView& m) : SpecCall(m, st::kQueue, "set_min_budget") {
    const auto& s = queue(m);
    caller_ = caller(s.admin);
    value_ = pick::no_value();
    args_ = {Value(pick::amount_around(s.min_budget))};
  }
};
}  // namespace

rc::Gen<CommandPtr> ai_job_queue_commands(const SharedGeneratorView& model) {
  // Each lifecycle step is chosen more often while a job waits for it, so that sequences
  // carry jobs through the flows of §4 rather than refusing at the first guard.
  std::array<bool, 8> waits{};  // by JobStatus
  bool expirable = false;
  queue(*model).jobs.entries.for_each([&](const u128&, const Job& j) {
    waits[static_cast<std::size_t>(j.status)] = true;
    bool open = j.status == JobStatus::Registered || j.status == JobStatus::Assigned ||
                j.status == JobStatus::InProgress;
    expirable = expirable || (open && model->block >= j.deadline);
  });
  auto waiting = [&](JobStatus st) { return waits[static_cast<std::size_t>(st)] ? 16 : 0; };
  return rc::gen::weightedOneOf<CommandPtr>({
      {4, one_of_commands<SubmitJob>(model)},
      {1 + waiting(JobStatus::Registered), one_of_commands<AssignProvider>(model)},
      {1 + waiting(JobStatus::Assigned), one_of_commands<MarkInProgress>(model)},
      {1 + waiting(JobStatus::InProgress), one_of_commands<MarkCompleted>(model)},
      {1, one_of_commands<CompleteAttested>(model)},
      {1 + waiting(JobStatus::Registered) / 2, one_of_commands<CancelJob>(model)},
      {1 + (expirable ? 16 : 0), one_of_commands<ExpireJob>(model)},
      {1 + waiting(JobStatus::Completed) / 2 + waiting(JobStatus::InProgress) / 4, one_of_commands<DisputeJob>(model)},
      {1 + waiting(JobStatus::Disputed), one_of_commands<ResolveDispute>(model)},
      {1, one_of_commands<SetMinBudget>(model)},
  });
}

}  // namespace meshcheck::fuzz::spec
