// phala_job_processor's transition relation and invariants, branch for branch as
// model/phala_job_processor.cpp runs them.
#include "smt/phala_job_processor.hpp"

#include "model/phala_job_processor.hpp"

namespace meshcheck::smt {

namespace {
namespace pj = model::deployed::phala_job_processor;
using namespace phala_job_processor;

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
  z3::expr job_id = saturating_add(pre[kCounter], c.bv_val(1, 128));
  SymState post = pre;
  post.set(kCounter, job_id);
  put(post, kExists, job_id, c.bool_val(true));
  put(post, kJobId, job_id, job_id);
  put(post, kOwner, job_id, env.caller);
  put(post, kPayload, job_id, payload);
  put(post, kPublicKey, job_id, public_key);
  put(post, kCreatedAt, job_id, env.timestamp);
  put(post, kProcessed, job_id, c.bool_val(false));
  using Branch = pj::SubmitConfidentialJobBranch;
  auto ok = [&](Branch branch, const z3::expr& guard) {
    SymBranch b = returns(branch, guard, post, u128_value(job_id));
    b.events = {{event("JobSubmitted"), {u128_value(job_id)}}};
    return b;
  };
  return {ok(Branch::kCounterSaturated, saturated), ok(Branch::kOk, !saturated)};
}

std::vector<SymBranch> record_attestation(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args) {
  const z3::expr& job_id = args[0].expr();
  z3::expr exists = at(pre, kExists, job_id);
  z3::expr attested = at(pre, kAttExists, job_id);
  // Anyone may record, and a second attestation overwrites the first.
  SymState post = pre;
  put(post, kAttExists, job_id, pre.ctx().bool_val(true));
  put(post, kAttJobId, job_id, job_id);
  put(post, kResultHash, job_id, args[1].expr());
  put(post, kProof, job_id, args[2].expr());
  put(post, kTeeKey, job_id, args[3].expr());
  put(post, kAttTimestamp, job_id, env.timestamp);
  std::vector<SymEvent> recorded{{event("AttestationRecorded"), {u128_value(job_id)}}};
  using Branch = pj::RecordAttestationBranch;
  SymBranch first = returns(Branch::kFirst, exists && !attested, post, true);
  first.events = recorded;
  SymBranch overwrite = returns(Branch::kOverwrite, exists && attested, post, true);
  overwrite.events = recorded;
  return {returns(Branch::kNoJob, !exists, pre, false), first, overwrite};
}

std::vector<SymBranch> mark_job_processed(const SymState& pre, const SymEnv&, const std::vector<SymValue>& args) {
  const z3::expr& job_id = args[0].expr();
  z3::expr exists = at(pre, kExists, job_id);
  z3::expr attested = at(pre, kAttExists, job_id);
  z3::expr processed = at(pre, kProcessed, job_id);
  SymState post = pre;
  put(post, kProcessed, job_id, pre.ctx().bool_val(true));
  std::vector<SymEvent> events{{event("JobProcessed"), {u128_value(job_id)}}};
  using Branch = pj::MarkJobProcessedBranch;
  SymBranch again = returns(Branch::kAgain, exists && attested && processed, post, true);
  again.events = events;
  SymBranch ok = returns(Branch::kOk, exists && attested && !processed, post, true);
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

// --- invariants ---------------------------------------------------------------------
// Each predicate reads the concrete check (invariants/phala_job_processor.cpp)
// literally. That check looks at the entries a step changed (PMap::diff: added,
// removed, or any field different); `job_changed` and `attestation_changed` are that
// test.

z3::expr key_of(z3::context& c) { return c.constant("job_id", c.bv_sort(128)); }

// same_submission of the concrete check: every field the submission set is equal.
z3::expr same_submission(const SymState& a, const SymState& b, const z3::expr& k) {
  return at(a, kJobId, k) == at(b, kJobId, k) && at(a, kOwner, k) == at(b, kOwner, k) &&
         at(a, kPayload, k) == at(b, kPayload, k) && at(a, kPublicKey, k) == at(b, kPublicKey, k) &&
         at(a, kCreatedAt, k) == at(b, kCreatedAt, k);
}

z3::expr job_changed(const SymState& a, const SymState& b, const z3::expr& k) {
  z3::expr differs = !same_submission(a, b, k) || at(a, kProcessed, k) != at(b, kProcessed, k);
  return at(a, kExists, k) != at(b, kExists, k) || (at(a, kExists, k) && differs);
}

z3::expr same_attestation(const SymState& a, const SymState& b, const z3::expr& k) {
  return at(a, kAttJobId, k) == at(b, kAttJobId, k) && at(a, kResultHash, k) == at(b, kResultHash, k) &&
         at(a, kProof, k) == at(b, kProof, k) && at(a, kTeeKey, k) == at(b, kTeeKey, k) &&
         at(a, kAttTimestamp, k) == at(b, kAttTimestamp, k);
}

z3::expr attestation_changed(const SymState& a, const SymState& b, const z3::expr& k) {
  return at(a, kAttExists, k) != at(b, kAttExists, k) || (at(a, kAttExists, k) && !same_attestation(a, b, k));
}

z3::expr in_range(const SymState& s, const z3::expr& k) {
  return k != s.ctx().bv_val(0, 128) && z3::ule(k, s[kCounter]);
}

std::vector<SymInvariant> invariants(z3::context& c) {
  std::vector<SymInvariant> out;
  // P-SINGLE: a job gets at most one attestation, and once recorded it is never
  // replaced: a stored attestation stays exactly as it is, no AttestationRecorded event
  // names a job that already had one (an identical overwrite shows only in the event),
  // and no call records one job twice.
  out.push_back({"P-SINGLE", "", nullptr, [&c](const SymStep& s) {
                   const SymState& pre = s.pre;
                   const SymState& post = s.branch.post;
                   z3::expr k = key_of(c);
                   z3::expr kept = z3::forall(k, z3::implies(at(pre, kAttExists, k),
                                                             at(post, kAttExists, k) && same_attestation(pre, post, k)));
                   const model::EventSpec* recorded = event("AttestationRecorded");
                   z3::expr events = c.bool_val(true);
                   std::vector<z3::expr> ids;
                   for (auto& e : s.branch.events) {
                     if (e.spec != recorded) continue;
                     const z3::expr& id = e.fields[0].expr();
                     events = events && !at(pre, kAttExists, id);
                     for (auto& earlier : ids) events = events && id != earlier;
                     ids.push_back(id);
                   }
                   return kept && events;
                 }});
  // P-PROCESSED: a processed job has an attestation, and processed never returns to
  // false. Checked as the concrete check does: a job this step wrote that is processed
  // has an attestation; a processed job stays stored and processed; an attestation
  // removed by this step did not belong to a processed job.
  out.push_back({"P-PROCESSED", "", nullptr, [&c](const SymStep& s) {
                   const SymState& pre = s.pre;
                   const SymState& post = s.branch.post;
                   z3::expr k = key_of(c);
                   z3::expr processed_now = at(post, kExists, k) && at(post, kProcessed, k);
                   return z3::forall(
                       k, z3::implies(job_changed(pre, post, k) && processed_now, at(post, kAttExists, k)) &&
                              z3::implies(at(pre, kExists, k) && at(pre, kProcessed, k), processed_now) &&
                              z3::implies(at(pre, kAttExists, k) && !at(post, kAttExists, k), !processed_now));
                 }});
  // P-EXISTS: attestations exist only for submitted jobs. Checked as the concrete check
  // does: an attestation this step wrote belongs to a stored job with an issued id (in
  // 1..job_counter); a job removed, or replaced in place by another submission, leaves no
  // attestation behind.
  out.push_back({"P-EXISTS", "", nullptr, [&c](const SymStep& s) {
                   const SymState& pre = s.pre;
                   const SymState& post = s.branch.post;
                   z3::expr k = key_of(c);
                   z3::expr gone_or_reissued =
                       at(pre, kExists, k) && (!at(post, kExists, k) || !same_submission(pre, post, k));
                   return z3::forall(
                       k, z3::implies(gone_or_reissued, !at(post, kAttExists, k)) &&
                              z3::implies(attestation_changed(pre, post, k) && at(post, kAttExists, k),
                                          at(post, kExists, k) && in_range(post, k)));
                 }});
  // G-COUNTER (phala_job_processor's part): job_counter never decreases, every job a
  // step writes has its id in 1..job_counter, and an id is issued once: a stored job is
  // never overwritten by another submission.
  out.push_back({"G-COUNTER", "", nullptr, [&c](const SymStep& s) {
                   const SymState& pre = s.pre;
                   const SymState& post = s.branch.post;
                   z3::expr k = key_of(c);
                   return z3::uge(post[kCounter], pre[kCounter]) &&
                          z3::forall(k, z3::implies(job_changed(pre, post, k) && at(post, kExists, k), in_range(post, k)) &&
                                            z3::implies(at(pre, kExists, k) && at(post, kExists, k),
                                                        same_submission(pre, post, k)));
                 }});
  // Lemmas the proofs may lean on once proved.
  // Without it, a stored job at job_counter + 1 is a counterexample to induction for
  // every invariant a submission overwriting that job would break.
  out.push_back({"phala_job_processor/ids-in-range", "every stored job id lies in 1..job_counter",
                 [&c](const SymState& s) {
                   z3::expr k = key_of(c);
                   return z3::forall(k, z3::implies(at(s, kExists, k), in_range(s, k)));
                 },
                 nullptr});
  return out;
}

}  // namespace

const ContractEncoding& phala_job_processor_encoding() {
  static const ContractEncoding e{&pj::spec(), schema, from_model, messages, invariants};
  return e;
}

}  // namespace meshcheck::smt
