#include "model/ai_job_queue.hpp"

#include "model/contract_kind.hpp"
#include "mutation/ai_job_queue.hpp"

namespace meshcheck::model::deployed::ai_job_queue {

namespace {
// The mutation sites (mutation/ai_job_queue.hpp): with no mutant active, each hook
// returns what it is given.
namespace mut = mutation;
using Site = mutation::ai_job_queue::Site;

TypeRef status_type() {
  static TypeRef t = types::unit_enum("JobStatus", {"Registered", "Assigned", "InProgress", "Completed", "Cancelled"});
  return t;
}
TypeRef job_type() {
  static TypeRef t = types::struct_("Job", {{"id", types::u128()},
                                            {"owner", types::h160()},
                                            {"model_ref", types::string()},
                                            {"data_ref", types::string()},
                                            {"budget", types::u128()},
                                            {"status", status_type()},
                                            {"assigned_provider", types::option(types::h160())},
                                            {"deadline", types::u32()},
                                            {"privacy_required", types::boolean()}});
  return t;
}
Value status_value(JobStatus s) { return Value::variant(static_cast<u32>(s)); }

const EventSpec kJobSubmitted{
    "JobSubmitted", {{"job_id", types::u128(), true}, {"owner", types::h160(), true}, {"budget", types::u128(), false}}};
const EventSpec kJobAssigned{"JobAssigned", {{"job_id", types::u128(), true}, {"provider", types::h160(), true}}};
const EventSpec kJobStatusChanged{"JobStatusChanged",
                                  {{"job_id", types::u128(), true}, {"new_status", status_type(), false}}};
const EventSpec kJobCompleted{"JobCompleted",
                              {{"job_id", types::u128(), true},
                               {"provider", types::h160(), true},
                               {"result_hash", types::string(), false}}};
const EventSpec kJobCancelled{"JobCancelled", {{"job_id", types::u128(), true}}};
}  // namespace

const char* status_name(JobStatus s) {
  static const char* names[] = {"Registered", "Assigned", "InProgress", "Completed", "Cancelled"};
  return names[static_cast<int>(s)];
}

State construct(const CallEnv& env, const u128& min_budget) {
  State s;
  s.job_counter = 0;
  s.min_budget = min_budget;
  s.owner = env.caller;
  return s;
}

u128 submit_job(State& self, Ctx& ctx, const std::string& model_ref, const std::string& data_ref, u32 deadline,
                bool privacy_required) {
  using enum SubmitJobBranch;
  const Address& caller = ctx.env.caller;
  if (ctx.env.value > kU128MaxAsU256) ctx.cover(kValueAboveU128);
  u128 payment = ctx.transferred_value_as_u128();
  if (mut::less(Site::kSubmitBelowMin, payment, self.min_budget, false)) {
    ctx.cover(kBelowMinBudget);
    throw Panic("Insufficient payment");
  }
  if (mut::less(Site::kSubmitDeadline, deadline, ctx.env.block, true)) {
    ctx.cover(kDeadlineNotAfterBlock);
    throw Panic("Invalid deadline");
  }
  if (self.job_counter == kU128Max) ctx.cover(kCounterSaturated);
  self.job_counter = mut::add(Site::kSubmitCounter, self.job_counter, u128(1));
  u128 job_id = self.job_counter;
  if (mut::writes(Site::kSubmitWrite))
    self.jobs.insert(job_id, Job{job_id, caller, model_ref, data_ref, payment, JobStatus::Registered, std::nullopt,
                                 deadline, privacy_required});
  if (mut::emits(Site::kSubmitEvent)) ctx.emit(kJobSubmitted, {job_id, caller, mut::field(Site::kSubmitEvent, payment)});
  ctx.cover(kOk);
  return job_id;
}

bool assign_provider(State& self, Ctx& ctx, const u128& job_id, const Address& provider) {
  using enum AssignProviderBranch;
  const Job* found = self.jobs.find(job_id);
  if (!found) {
    ctx.cover(kNoJob);
    return false;
  }
  Job job = *found;
  const bool not_owner = mut::guard(Site::kAssignNotOwner, ctx.env.caller != job.owner);
  if (not_owner || mut::guard(Site::kAssignNotRegistered, job.status != JobStatus::Registered)) {
    ctx.cover(not_owner ? kNotOwner : kNotRegistered);
    return false;
  }
  job.assigned_provider = provider;
  job.status = JobStatus::Assigned;
  if (mut::writes(Site::kAssignWrite)) self.jobs.insert(job_id, job);
  if (mut::emits(Site::kAssignEvent)) ctx.emit(kJobAssigned, {job_id, mut::field(Site::kAssignEvent, provider)});
  ctx.cover(kOk);
  return mut::returned(Site::kAssignReturn, true);
}

bool mark_in_progress(State& self, Ctx& ctx, const u128& job_id) {
  using enum MarkInProgressBranch;
  const Job* found = self.jobs.find(job_id);
  if (!found) {
    ctx.cover(kNoJob);
    return false;
  }
  Job job = *found;
  const bool not_provider = mut::guard(Site::kProgressNotProvider, job.assigned_provider != ctx.env.caller);
  if (not_provider || mut::guard(Site::kProgressNotAssigned, job.status != JobStatus::Assigned)) {
    ctx.cover(not_provider ? kNotProvider : kNotAssigned);
    return false;
  }
  job.status = JobStatus::InProgress;
  if (mut::writes(Site::kProgressWrite)) self.jobs.insert(job_id, job);
  ctx.emit(kJobStatusChanged, {job_id, status_value(JobStatus::InProgress)});
  ctx.cover(kOk);
  return mut::returned(Site::kProgressReturn, true);
}

bool mark_completed(State& self, Ctx& ctx, const u128& job_id, const std::string& result_hash) {
  using enum MarkCompletedBranch;
  const Job* found = self.jobs.find(job_id);
  if (!found) {
    ctx.cover(kNoJob);
    return false;
  }
  Job job = *found;
  const bool not_provider = mut::guard(Site::kCompleteNotProvider, job.assigned_provider != ctx.env.caller);
  if (not_provider || mut::guard(Site::kCompleteNotInProgress, job.status != JobStatus::InProgress)) {
    ctx.cover(not_provider ? kNotProvider : kNotInProgress);
    return false;
  }
  job.status = JobStatus::Completed;
  if (mut::writes(Site::kCompleteWrite)) self.jobs.insert(job_id, job);
  if (mut::emits(Site::kCompleteEvent))
    ctx.emit(kJobCompleted, {job_id, mut::field(Site::kCompleteEvent, ctx.env.caller), result_hash});
  ctx.cover(kOk);
  return mut::returned(Site::kCompleteReturn, true);
}

bool cancel_job(State& self, Ctx& ctx, const u128& job_id) {
  using enum CancelJobBranch;
  const Job* found = self.jobs.find(job_id);
  if (!found) {
    ctx.cover(kNoJob);
    return false;
  }
  Job job = *found;
  // Only Completed is refused: an already Cancelled job is cancelled again. The budget
  // is not refunded.
  const bool not_owner = mut::guard(Site::kCancelNotOwner, ctx.env.caller != job.owner);
  if (not_owner || mut::guard(Site::kCancelCompleted, job.status == JobStatus::Completed)) {
    ctx.cover(not_owner ? kNotOwner : kCompleted);
    return false;
  }
  bool again = job.status == JobStatus::Cancelled;
  job.status = JobStatus::Cancelled;
  if (mut::writes(Site::kCancelWrite)) self.jobs.insert(job_id, job);
  if (mut::emits(Site::kCancelEvent)) ctx.emit(kJobCancelled, {mut::field(Site::kCancelEvent, job_id)});
  ctx.cover(again ? kAgain : kOk);
  return mut::returned(Site::kCancelReturn, true);
}

bool set_min_budget(State& self, Ctx& ctx, const u128& new_min_budget) {
  using enum SetMinBudgetBranch;
  if (mut::guard(Site::kMinBudgetNotOwner, ctx.env.caller != self.owner)) {
    ctx.cover(kNotOwner);
    return false;
  }
  if (mut::writes(Site::kMinBudgetWrite)) self.min_budget = new_min_budget;
  ctx.cover(kOk);
  return mut::returned(Site::kMinBudgetReturn, true);
}

// The branches of the read-only get_job, which only spec() below names.
namespace {
enum class GetJobBranch : unsigned { kNone, kFound, kCount };
constexpr BranchNames<GetJobBranch> branch_names(GetJobBranch) {
  using enum GetJobBranch;
  return {{{kNone, "no such job"}, {kFound, "found"}}};
}
}  // namespace

Value to_value(const Job& j) {
  return Value::seq({j.id, j.owner, j.model_ref, j.data_ref, j.budget, status_value(j.status),
                     Value::optional(j.assigned_provider), j.deadline, j.privacy_required});
}

const ContractSpec& spec() {
  static const ContractSpec s{
      std::string(contract_name(ContractKind::kAiJobQueue)),
      InkVersion::V6,
      {{"min_budget", types::u128()}},
      [](const CallEnv& env, Args a) -> std::shared_ptr<ContractState> {
        return std::make_shared<State>(construct(env, arg_u128(a, 0)));
      },
      {
          {"submit_job",
           {{"model_ref", types::string()},
            {"data_ref", types::string()},
            {"deadline", types::u32()},
            {"privacy_required", types::boolean()}},
           types::u128(), true, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return submit_job(s, c, arg_string(a, 0), arg_string(a, 1), arg_u32(a, 2), arg_bool(a, 3));
           }>,
           branch_list<SubmitJobBranch>()},
          {"get_job", {{"job_id", types::u128()}}, types::option(job_type()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const Job* j = s.jobs.find(arg_u128(a, 0));
             c.cover(j ? GetJobBranch::kFound : GetJobBranch::kNone);
             return j ? Value::some(to_value(*j)) : Value::none();
           }>,
           branch_list<GetJobBranch>()},
          {"assign_provider", {{"job_id", types::u128()}, {"provider", types::h160()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return assign_provider(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           branch_list<AssignProviderBranch>()},
          {"mark_in_progress", {{"job_id", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value { return mark_in_progress(s, c, arg_u128(a, 0)); }>,
           branch_list<MarkInProgressBranch>()},
          {"mark_completed", {{"job_id", types::u128()}, {"result_hash", types::string()}}, types::boolean(), false,
           true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return mark_completed(s, c, arg_u128(a, 0), arg_string(a, 1));
           }>,
           branch_list<MarkCompletedBranch>()},
          {"cancel_job", {{"job_id", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value { return cancel_job(s, c, arg_u128(a, 0)); }>,
           branch_list<CancelJobBranch>()},
          {"get_job_counter", {}, types::u128(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.job_counter; }>},
          {"get_min_budget", {}, types::u128(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.min_budget; }>},
          {"set_min_budget", {{"new_min_budget", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value { return set_min_budget(s, c, arg_u128(a, 0)); }>,
           branch_list<SetMinBudgetBranch>()},
      },
      {&kJobSubmitted, &kJobAssigned, &kJobStatusChanged, &kJobCompleted, &kJobCancelled},
      "0xbcfb1802a1260d9e54ab8bddf701f18f215de51022b62e377f4f534b4ea461e4",  // its code hash (deployments/paseo.json)
  };
  return s;
}

}  // namespace meshcheck::model::deployed::ai_job_queue
