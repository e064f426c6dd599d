// phala_job_processor's invariants, and its part of G-COUNTER.
//
// No ghost values: every check looks only at the jobs and attestations the step
// changed (PMap::diff), plus the AttestationRecorded events of a call to this instance
// (an attestation re-recorded with identical fields leaves the state unchanged, so the
// diff alone would not see it).
#include <set>

#include "invariants/invariant.hpp"
#include "model/phala_job_processor.hpp"

namespace meshcheck::invariants {

namespace {
namespace pj = model::deployed::phala_job_processor;

struct Ghost {};

std::any init_ghost(const model::ContractState&) { return Ghost{}; }

// The same submitted job: every field its submission set. Only `processed` may change
// afterwards; any other difference means a new submission overwrote the job in place
// (possible only when job_counter saturates at u128::MAX and the id is issued again).
bool same_submission(const pj::ConfidentialJob& a, const pj::ConfidentialJob& b) {
  return a.job_id == b.job_id && a.owner == b.owner && a.encrypted_payload == b.encrypted_payload &&
         a.public_key == b.public_key && a.created_at == b.created_at;
}

// The id an event's first field carries (every event of this contract has job_id first).
bool event_id(const model::Event& e, u128& id) {
  if (e.fields.empty()) return false;
  const U256& v = e.fields[0].as_int();
  if (v > U256(kU128Max)) return false;
  id = static_cast<u128>(v);
  return true;
}

void check(const RunStep& step, const model::Instance* before, const model::Instance& after, std::any&,
           Findings& report) {
  const auto& now = static_cast<const pj::State&>(*after.state);
  // Texts are built only for a violation.
  auto at = [&] { return std::string(" (phala_job_processor at " + after.address.hex() + ")"); };
  bool called = step.kind == StepKind::Call && step.call->contract == after.address && !step.result->outcome.reverted;
  if (!before) return;  // the constructor stores no job and no attestation
  const auto& was = static_cast<const pj::State&>(*before->state);

  // G-COUNTER: the counter never goes back.
  if (now.job_counter < was.job_counter)
    report.violation("G-COUNTER", [&] {
      return std::string("job_counter went from " + was.job_counter.str() + " back to " + now.job_counter.str() + at());
    });

  PMap<u128, pj::ConfidentialJob>::diff(
      was.jobs, now.jobs, [&](const u128& job_id, const pj::ConfidentialJob* old, const pj::ConfidentialJob* cur) {
        auto which = [&] { return "job " + job_id.str() + at(); };
        // G-COUNTER: every stored id in 1..job_counter, and an id is issued once. A job
        // overwritten in place by a different submission (same id, another owner, payload
        // or time: job_counter saturated at u128::MAX and handed out MAX again) is reported
        // here too: the counter's purpose is a fresh id per job, and "never decreases" is
        // only the visible half of it. The overwrite's other effects (processed going back
        // to false, the old job's attestation now vouching for the new one) are reported
        // under P-PROCESSED and P-EXISTS.
        if (cur && (job_id == 0 || job_id > now.job_counter))
          report.violation("G-COUNTER", [&] {
            return std::string(which() + " is stored but lies outside 1..job_counter = 1.." + now.job_counter.str());
          });
        bool reissued = old && cur && !same_submission(*old, *cur);
        if (reissued)
          report.violation("G-COUNTER", [&] {
            return std::string(which() +
                               " was issued again: a new submission overwrote the stored job "
                               "(job_counter " +
                               now.job_counter.str() + " did not advance)");
          });
        // P-PROCESSED: processed only with an attestation, and never back to false.
        if (cur && cur->processed && !now.attestations.contains(job_id))
          report.violation("P-PROCESSED",
                           [&] { return std::string(which() + " is processed but has no attestation"); });
        if (old && old->processed && (!cur || !cur->processed))
          report.violation("P-PROCESSED", [&] {
            return std::string(which() + " was processed and " +
                               (!cur       ? std::string("is gone")
                                : reissued ? std::string("was overwritten by an unprocessed job")
                                           : std::string("is no longer processed")));
          });
        // P-EXISTS: a job removed, or replaced by another submission, while an attestation
        // for it is stored leaves an attestation for no submitted job (a replaced job
        // inherits an attestation it never got).
        if (old && (!cur || reissued) && now.attestations.contains(job_id))
          report.violation("P-EXISTS", [&] {
            return std::string("the attestation for " + which() + " remains, but the job it attests " +
                               (!cur ? std::string("is gone") : std::string("was overwritten")));
          });
      });

  PMap<u128, pj::JobAttestation>::diff(
      was.attestations, now.attestations,
      [&](const u128& job_id, const pj::JobAttestation* old, const pj::JobAttestation* cur) {
        auto which = [&] { return "job " + job_id.str() + at(); };
        // P-SINGLE: once recorded, never replaced or removed.
        if (old)
          report.violation("P-SINGLE", [&] {
            return std::string("the attestation of " + which() + " was " +
                               (cur ? "replaced (result_hash " + old->result_hash + " -> " + cur->result_hash +
                                          ", timestamp " + std::to_string(old->timestamp) + " -> " +
                                          std::to_string(cur->timestamp) + ")"
                                    : std::string("removed")));
          });
        // P-PROCESSED: a processed job keeps its attestation.
        if (!cur) {
          const pj::ConfidentialJob* job = now.jobs.find(job_id);
          if (job && job->processed)
            report.violation("P-PROCESSED",
                             [&] { return std::string(which() + " is processed but its attestation was removed"); });
        }
        // P-EXISTS: an attestation only for a stored job with an issued id.
        if (cur && (!now.jobs.contains(job_id) || job_id == 0 || job_id > now.job_counter))
          report.violation("P-EXISTS", [&] {
            return std::string("an attestation is stored for " + which() + ", which was never submitted" +
                               " (no such job, or outside 1..job_counter = 1.." + now.job_counter.str() + ")");
          });
      });

  // P-SINGLE: an attestation recorded again with identical fields (same block time) is
  // invisible in the state; the AttestationRecorded event still shows the second one.
  if (called && report.wants("P-SINGLE")) {
    const model::EventSpec* recorded = after.spec->event("AttestationRecorded");
    std::set<u128> seen;
    for (auto& e : step.result->events) {
      u128 job_id;
      if (e.spec != recorded || !event_id(e, job_id)) continue;
      const pj::JobAttestation* old = was.attestations.find(job_id);
      const pj::JobAttestation* cur = now.attestations.find(job_id);
      bool state_shows_it = old && !(cur && *cur == *old);  // already reported from the diff
      if (!seen.insert(job_id).second)
        report.violation("P-SINGLE",
                         [&] { return std::string("job " + job_id.str() + at() + " was attested twice in one call"); });
      else if (old && !state_shows_it)
        report.violation("P-SINGLE", [&] {
          return std::string("job " + job_id.str() + at() +
                             " was attested again (an identical attestation overwrote the first)");
        });
    }
  }
}
}  // namespace

const ContractInvariants& phala_job_processor_invariants() {
  static const ContractInvariants ci = legacy_contract_invariants(
      "phala_job_processor",
      {
          {"P-SINGLE", Kind::Transition,
           "A job gets at most one attestation, and once recorded it is never replaced.", "A confidential job's attestation is the proof its result came from a trusted enclave; if it "
                   "can be replaced, anyone can swap in a forged result.",
           "phala_job_processor",
           {"deployed"}},
          {"P-PROCESSED", Kind::Transition,
           "A processed job has an attestation, and processed never returns to false.", "A job counted as processed without an attestation, or un-processed later, breaks the audit "
                      "trail that payments rely on.",
           "phala_job_processor",
           {"deployed"}},
          {"P-EXISTS", Kind::State, "Attestations exist only for submitted jobs.", "An attestation for a job that was never submitted is evidence of work nobody asked for, and "
                   "can be used to claim payment.",
           "phala_job_processor",
           {"deployed"}},
      },
      init_ghost,
      check, smt::phala_job_processor_encoding());
  return ci;
}

}  // namespace meshcheck::invariants
