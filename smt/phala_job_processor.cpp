// phala_job_processor's transition relation, branch for branch as
// model/phala_job_processor.cpp runs it. Its invariants' Z3 predicates are in
// invariants/phala_job_processor.cpp.
#include "smt/phala_job_processor.hpp"

#include "model/phala_job_processor.hpp"
#include "mutation/phala_job_processor.hpp"
#include "mutation/symbolic.hpp"

namespace meshcheck::smt {

namespace {
namespace pj = model::deployed::phala_job_processor;
using namespace phala_job_processor;
// The mutation sites, as model/phala_job_processor.cpp reads them
// (mutation/phala_job_processor.hpp).
namespace mut = mutation;
using Site = mutation::phala_job_processor::Site;

std::vector<FieldDecl> schema(z3::context& c) {
  z3::sort id = c.bv_sort(128), account = c.bv_sort(256), time = c.bv_sort(64), flag = c.bool_sort();
  z3::sort text = sort_of(c, types::string());
  return {
      {kExists, c.array_sort(id, flag)},      {kJobId, c.array_sort(id, id)},
      {kOwner, c.array_sort(id, account)},    {kPayload, c.array_sort(id, text)},
      {kPublicKey, c.array_sort(id, text)},   {kCreatedAt, c.array_sort(id, time)},
      {kProcessed, c.array_sort(id, flag)},   {kAttExists, c.array_sort(id, flag)},
      {kAttJobId, c.array_sort(id, id)},      {kResultHash, c.array_sort(id, text)},
      {kProof, c.array_sort(id, text)},       {kTeeKey, c.array_sort(id, text)},
      {kAttTimestamp, c.array_sort(id, time)}, {kCounter, id},
      {kAdmin, account},
  };
}

SymState from_model(z3::context& c, const model::ContractState& state, const U256& balance) {
  const auto& s = static_cast<const pj::State&>(state);
  SymState out = SymState::zeroed(c, schema(c), balance);
  for (auto& [job_id, j] : s.jobs.sorted()) {
    z3::expr key = bv_val(c, U256(job_id), 128);
    put(out, kExists, key, c.bool_val(true));
    put(out, kJobId, key, bv_val(c, U256(j.job_id), 128));
    put(out, kOwner, key, address_val(c, j.owner));
    put(out, kPayload, key, string_val(c, j.encrypted_payload));
    put(out, kPublicKey, key, string_val(c, j.public_key));
    put(out, kCreatedAt, key, c.bv_val(static_cast<std::uint64_t>(j.created_at), 64));
    put(out, kProcessed, key, c.bool_val(j.processed));
  }
  for (auto& [job_id, a] : s.attestations.sorted()) {
    z3::expr key = bv_val(c, U256(job_id), 128);
    put(out, kAttExists, key, c.bool_val(true));
    put(out, kAttJobId, key, bv_val(c, U256(a.job_id), 128));
    put(out, kResultHash, key, string_val(c, a.result_hash));
    put(out, kProof, key, string_val(c, a.attestation_proof));
    put(out, kTeeKey, key, string_val(c, a.tee_worker_pubkey));
    put(out, kAttTimestamp, key, c.bv_val(static_cast<std::uint64_t>(a.timestamp), 64));
  }
  out.set(kCounter, bv_val(c, U256(s.job_counter), 128));
  out.set(kAdmin, address_val(c, s.admin));
  return out;
}


const model::EventSpec* event(const char* name) { return pj::spec().event(name); }

std::vector<SymBranch> submit_confidential_job(const SymState& pre, const SymEnv& env,
                                               const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  const z3::expr& payload = args[0].expr();
  const z3::expr& public_key = args[1].expr();
  // saturating_add: at u128::MAX the id MAX is issued again and overwrites that job.
  z3::expr saturated = pre[kCounter] == bv_val(c, U256(kU128Max), 128);
  z3::expr job_id = mut::add(Site::kSubmitCounter, pre[kCounter], c.bv_val(1, 128));
  SymState post = pre;
  if (mut::writes(Site::kSubmitCounterWrite)) post.set(kCounter, job_id);
  if (mut::writes(Site::kSubmitWrite)) {
    put(post, kExists, job_id, c.bool_val(true));
    put(post, kJobId, job_id, job_id);
    put(post, kOwner, job_id, env.caller);
    put(post, kPayload, job_id, payload);
    put(post, kPublicKey, job_id, public_key);
    put(post, kCreatedAt, job_id, env.timestamp);
    put(post, kProcessed, job_id, c.bool_val(false));
  }
  using Branch = pj::SubmitConfidentialJobBranch;
  auto ok = [&](Branch branch, const z3::expr& guard) {
    SymBranch b = returns(branch, guard, post, u128_value(job_id));
    if (mut::emits(Site::kSubmitEvent))
      b.events = {{event("JobSubmitted"), {u128_value(mut::field(Site::kSubmitEvent, job_id))}}};
    return b;
  };
  return {ok(Branch::kCounterSaturated, saturated), ok(Branch::kOk, !saturated)};
}

std::vector<SymBranch> record_attestation(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  const z3::expr& job_id = args[0].expr();
  z3::expr exists = mut::allows(Site::kRecordNoJob, at(pre, kExists, job_id));
  z3::expr attested = at(pre, kAttExists, job_id);
  // Anyone may record, and a second attestation overwrites the first.
  SymState post = pre;
  if (mut::writes(Site::kRecordWrite)) {
    put(post, kAttExists, job_id, pre.ctx().bool_val(true));
    put(post, kAttJobId, job_id, job_id);
    put(post, kResultHash, job_id, args[1].expr());
    put(post, kProof, job_id, args[2].expr());
    put(post, kTeeKey, job_id, args[3].expr());
    put(post, kAttTimestamp, job_id, env.timestamp);
  }
  std::vector<SymEvent> recorded;
  if (mut::emits(Site::kRecordEvent))
    recorded = {{event("AttestationRecorded"), {u128_value(mut::field(Site::kRecordEvent, job_id))}}};
  const bool returned = mut::returned(Site::kRecordReturn, true);
  using Branch = pj::RecordAttestationBranch;
  SymBranch first = returns(Branch::kFirst, exists && !attested, post, returned);
  first.events = recorded;
  SymBranch overwrite = returns(Branch::kOverwrite, exists && attested, post, returned);
  overwrite.events = recorded;
  return {returns(Branch::kNoJob, !exists, pre, false), first, overwrite};
}

std::vector<SymBranch> mark_job_processed(const SymState& pre, const SymEnv&, const std::vector<SymValue>& args) {
  const z3::expr& job_id = args[0].expr();
  z3::expr exists = at(pre, kExists, job_id);
  z3::expr attested = mut::allows(Site::kProcessNoAttestation, at(pre, kAttExists, job_id));
  z3::expr processed = at(pre, kProcessed, job_id);
  SymState post = pre;
  if (mut::writes(Site::kProcessWrite)) put(post, kProcessed, job_id, pre.ctx().bool_val(true));
  std::vector<SymEvent> events;
  if (mut::emits(Site::kProcessEvent))
    events = {{event("JobProcessed"), {u128_value(mut::field(Site::kProcessEvent, job_id))}}};
  const bool returned = mut::returned(Site::kProcessReturn, true);
  using Branch = pj::MarkJobProcessedBranch;
  SymBranch again = returns(Branch::kAgain, exists && attested && processed, post, returned);
  again.events = events;
  SymBranch ok = returns(Branch::kOk, exists && attested && !processed, post, returned);
  ok.events = events;
  return {returns(Branch::kNoJob, !exists, pre, false),
          returns(Branch::kNoAttestation, exists && !attested, pre, false), again, ok};
}

std::vector<SymMessage> messages(z3::context&) {
  const auto& spec = pj::spec();
  return {
      {spec.message("submit_confidential_job"), submit_confidential_job},
      {spec.message("record_attestation"), record_attestation},
      {spec.message("mark_job_processed"), mark_job_processed},
  };
}

}  // namespace

const ContractEncoding& phala_job_processor_encoding() {
  static const ContractEncoding e{&pj::spec(), schema, from_model, messages};
  return e;
}

}  // namespace meshcheck::smt
