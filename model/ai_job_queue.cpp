#include "model/ai_job_queue.hpp"

namespace meshcheck::model::deployed::ai_job_queue {

namespace {
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

// Branch coverage: each message's guard outcomes, in the order of its
// MessageSpec::branches in spec() below. A "... saturated" branch is marked where a
// saturating_add saturates, alongside the message's outcome.
namespace {
enum SubmitJobBranch : unsigned {
  kSubmitJobValueAboveU128,
  kSubmitJobBelowMinBudget,
  kSubmitJobDeadlineNotAfterBlock,
  kSubmitJobCounterSaturated,
  kSubmitJobOk,
};
}  // namespace

u128 submit_job(State& self, Ctx& ctx, const std::string& model_ref, const std::string& data_ref, u32 deadline,
                bool privacy_required) {
  const Address& caller = ctx.env.caller;
  if (ctx.env.value > kU128MaxAsU256) ctx.cover(kSubmitJobValueAboveU128);
  u128 payment = ctx.transferred_value_as_u128();
  if (!(payment >= self.min_budget)) {
    ctx.cover(kSubmitJobBelowMinBudget);
    throw Panic("Insufficient payment");
  }
  if (!(deadline > ctx.env.block)) {
    ctx.cover(kSubmitJobDeadlineNotAfterBlock);
    throw Panic("Invalid deadline");
  }
  if (self.job_counter == kU128Max) ctx.cover(kSubmitJobCounterSaturated);
  self.job_counter = saturating_add(self.job_counter, u128(1));
  u128 job_id = self.job_counter;
  self.jobs.insert(job_id, Job{job_id, caller, model_ref, data_ref, payment, JobStatus::Registered, std::nullopt,
                               deadline, privacy_required});
  ctx.emit(kJobSubmitted, {job_id, caller, payment});
  ctx.cover(kSubmitJobOk);
  return job_id;
}

namespace {
enum AssignBranch : unsigned { kAssignNoJob, kAssignNotOwner, kAssignNotRegistered, kAssignOk };
}  // namespace

bool assign_provider(State& self, Ctx& ctx, const u128& job_id, const Address& provider) {
  const Job* found = self.jobs.find(job_id);
  if (!found) {
    ctx.cover(kAssignNoJob);
    return false;
  }
  Job job = *found;
  if (ctx.env.caller != job.owner || job.status != JobStatus::Registered) {
    ctx.cover(ctx.env.caller != job.owner ? kAssignNotOwner : kAssignNotRegistered);
    return false;
  }
  job.assigned_provider = provider;
  job.status = JobStatus::Assigned;
  self.jobs.insert(job_id, job);
  ctx.emit(kJobAssigned, {job_id, provider});
  ctx.cover(kAssignOk);
  return true;
}

namespace {
enum InProgressBranch : unsigned { kInProgressNoJob, kInProgressNotProvider, kInProgressNotAssigned, kInProgressOk };
}  // namespace

bool mark_in_progress(State& self, Ctx& ctx, const u128& job_id) {
  const Job* found = self.jobs.find(job_id);
  if (!found) {
    ctx.cover(kInProgressNoJob);
    return false;
  }
  Job job = *found;
  if (job.assigned_provider != ctx.env.caller || job.status != JobStatus::Assigned) {
    ctx.cover(job.assigned_provider != ctx.env.caller ? kInProgressNotProvider : kInProgressNotAssigned);
    return false;
  }
  job.status = JobStatus::InProgress;
  self.jobs.insert(job_id, job);
  ctx.emit(kJobStatusChanged, {job_id, status_value(JobStatus::InProgress)});
  ctx.cover(kInProgressOk);
  return true;
}

namespace {
enum CompletedBranch : unsigned { kCompletedNoJob, kCompletedNotProvider, kCompletedNotInProgress, kCompletedOk };
}  // namespace

bool mark_completed(State& self, Ctx& ctx, const u128& job_id, const std::string& result_hash) {
  const Job* found = self.jobs.find(job_id);
  if (!found) {
    ctx.cover(kCompletedNoJob);
    return false;
  }
  Job job = *found;
  if (job.assigned_provider != ctx.env.caller || job.status != JobStatus::InProgress) {
    ctx.cover(job.assigned_provider != ctx.env.caller ? kCompletedNotProvider : kCompletedNotInProgress);
    return false;
  }
  job.status = JobStatus::Completed;
  self.jobs.insert(job_id, job);
  ctx.emit(kJobCompleted, {job_id, ctx.env.caller, result_hash});
  ctx.cover(kCompletedOk);
  return true;
}

namespace {
enum CancelBranch : unsigned { kCancelNoJob, kCancelNotOwner, kCancelCompleted, kCancelAgain, kCancelOk };
}  // namespace

bool cancel_job(State& self, Ctx& ctx, const u128& job_id) {
  const Job* found = self.jobs.find(job_id);
  if (!found) {
    ctx.cover(kCancelNoJob);
    return false;
  }
  Job job = *found;
  // Only Completed is refused: an already Cancelled job is cancelled again. The budget
  // is not refunded.
  if (ctx.env.caller != job.owner || job.status == JobStatus::Completed) {
    ctx.cover(ctx.env.caller != job.owner ? kCancelNotOwner : kCancelCompleted);
    return false;
  }
  bool again = job.status == JobStatus::Cancelled;
  job.status = JobStatus::Cancelled;
  self.jobs.insert(job_id, job);
  ctx.emit(kJobCancelled, {job_id});
  ctx.cover(again ? kCancelAgain : kCancelOk);
  return true;
}

namespace {
enum SetMinBudgetBranch : unsigned { kSetMinBudgetNotOwner, kSetMinBudgetOk };
}  // namespace

bool set_min_budget(State& self, Ctx& ctx, const u128& new_min_budget) {
  if (ctx.env.caller != self.owner) {
    ctx.cover(kSetMinBudgetNotOwner);
    return false;
  }
  self.min_budget = new_min_budget;
  ctx.cover(kSetMinBudgetOk);
  return true;
}

namespace {
enum GetJobBranch : unsigned { kGetJobNone, kGetJobSome };
}  // namespace

Value to_value(const Job& j) {
  return Value::seq({j.id, j.owner, j.model_ref, j.data_ref, j.budget, status_value(j.status),
                     Value::optional(j.assigned_provider), j.deadline, j.privacy_required});
}

const ContractSpec& spec() {
  static const ContractSpec s{
      "ai_job_queue",
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
           {"value above u128::MAX", "payment below min_budget", "deadline not after the block",
            "job_counter saturated", "ok"}},
          {"get_job", {{"job_id", types::u128()}}, types::option(job_type()), false, false,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             const Job* j = s.jobs.find(arg_u128(a, 0));
             c.cover(j ? kGetJobSome : kGetJobNone);
             return j ? Value::some(to_value(*j)) : Value::none();
           }>,
           {"no such job", "found"}},
          {"assign_provider", {{"job_id", types::u128()}, {"provider", types::h160()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return assign_provider(s, c, arg_u128(a, 0), arg_address(a, 1));
           }>,
           {"no such job", "caller is not the owner", "job is not Registered", "ok"}},
          {"mark_in_progress", {{"job_id", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value { return mark_in_progress(s, c, arg_u128(a, 0)); }>,
           {"no such job", "caller is not the assigned provider", "job is not Assigned", "ok"}},
          {"mark_completed", {{"job_id", types::u128()}, {"result_hash", types::string()}}, types::boolean(), false,
           true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value {
             return mark_completed(s, c, arg_u128(a, 0), arg_string(a, 1));
           }>,
           {"no such job", "caller is not the assigned provider", "job is not InProgress", "ok"}},
          {"cancel_job", {{"job_id", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value { return cancel_job(s, c, arg_u128(a, 0)); }>,
           {"no such job", "caller is not the owner", "job is Completed", "job already Cancelled", "ok"}},
          {"get_job_counter", {}, types::u128(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.job_counter; }>},
          {"get_min_budget", {}, types::u128(), false, false,
           typed_body<State, [](State& s, Ctx&, Args) -> Value { return s.min_budget; }>},
          {"set_min_budget", {{"new_min_budget", types::u128()}}, types::boolean(), false, true,
           typed_body<State, [](State& s, Ctx& c, Args a) -> Value { return set_min_budget(s, c, arg_u128(a, 0)); }>,
           {"caller is not the owner", "ok"}},
      },
      {&kJobSubmitted, &kJobAssigned, &kJobStatusChanged, &kJobCompleted, &kJobCancelled},
  };
  return s;
}

}  // namespace meshcheck::model::deployed::ai_job_queue
