// phala_job_processor's invariants, and its part of G-COUNTER: each one's statement,
// its concrete check and its Z3 predicate, side by side.
//
// No ghost, in the Monitor or in the encoding: every check looks only at the jobs and
// attestations the step changed (one PMap::diff of each, in view_of below), plus the
// AttestationRecorded events of a call to this instance (an attestation re-recorded
// with identical fields leaves the state unchanged, so the diff alone would not see
// it). The predicates read the checks literally; `job_changed` and
// `attestation_changed` below are the diff's test.
#include <set>

#include "invariants/invariant.hpp"
#include "model/phala_job_processor.hpp"
#include "smt/phala_job_processor.hpp"

namespace meshcheck::invariants {

namespace {
namespace pj = model::deployed::phala_job_processor;
using namespace smt::phala_job_processor;  // the encoding's field names

std::any no_ghost(const model::ContractState&) { return {}; }

// The same submitted job: every field its submission set. Only `processed` may change
// afterwards; any other difference means a new submission overwrote the job in place
// (possible only when job_counter saturates at u128::MAX and the id is issued again).
bool same_submission(const pj::ConfidentialJob& a, const pj::ConfidentialJob& b) {
  return a.job_id == b.job_id && a.owner == b.owner && a.encrypted_payload == b.encrypted_payload &&
         a.public_key == b.public_key && a.created_at == b.created_at;
}

// One step as phala_job_processor's checks see it.
struct PhalaStep {
  const RunStep& step;
  const model::Instance& after;
  const pj::State* was;  // null when the step deployed it (the constructor stores no job and no attestation)
  const pj::State& now;
  bool called;  // the step is a call to this instance that did not revert
  struct ChangedJob {
    u128 job_id;
    const pj::ConfidentialJob *old, *cur;  // null: no such job (they point into the states before and after)
    bool reissued;                         // both there, but not the same submission
  };
  struct ChangedAttestation {
    u128 job_id;
    const pj::JobAttestation *old, *cur;  // null: no attestation
  };
  boost::container::small_vector<ChangedJob, 2> jobs;                  // the jobs the step changed
  boost::container::small_vector<ChangedAttestation, 2> attestations;  // the attestations it changed

  std::string at() const { return " (phala_job_processor at " + after.address.hex() + ")"; }
  std::string which(const u128& job_id) const { return "job " + job_id.str() + at(); }
};

PhalaStep view_of(const RunStep& step, const model::Instance* before, const model::Instance& after, std::any&) {
  bool called = step.kind == StepKind::Call && step.call->contract == after.address && !step.result->outcome.reverted;
  const auto* was = before ? &static_cast<const pj::State&>(*before->state) : nullptr;
  const auto& now = static_cast<const pj::State&>(*after.state);
  PhalaStep v{step, after, was, now, called, {}, {}};
  if (was) {
    PMap<u128, pj::ConfidentialJob>::diff(
        was->jobs, now.jobs, [&](const u128& job_id, const pj::ConfidentialJob* old, const pj::ConfidentialJob* cur) {
          v.jobs.push_back({job_id, old, cur, old && cur && !same_submission(*old, *cur)});
        });
    PMap<u128, pj::JobAttestation>::diff(
        was->attestations, now.attestations,
        [&](const u128& job_id, const pj::JobAttestation* old, const pj::JobAttestation* cur) {
          v.attestations.push_back({job_id, old, cur});
        });
  }
  return v;
}

// A quantified job id for the predicates.
z3::expr key_of(z3::context& c) { return c.constant("job_id", c.bv_sort(128)); }

// same_submission of the concrete check: every field the submission set is equal.
z3::expr same_submission(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  return at(a, kJobId, k) == at(b, kJobId, k) && at(a, kOwner, k) == at(b, kOwner, k) &&
         at(a, kPayload, k) == at(b, kPayload, k) && at(a, kPublicKey, k) == at(b, kPublicKey, k) &&
         at(a, kCreatedAt, k) == at(b, kCreatedAt, k);
}

// The job at `k` differs between a and b (ConfidentialJob's operator==, and presence).
z3::expr job_changed(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  z3::expr differs = !same_submission(a, b, k) || at(a, kProcessed, k) != at(b, kProcessed, k);
  return at(a, kExists, k) != at(b, kExists, k) || (at(a, kExists, k) && differs);
}

z3::expr same_attestation(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  return at(a, kAttJobId, k) == at(b, kAttJobId, k) && at(a, kResultHash, k) == at(b, kResultHash, k) &&
         at(a, kProof, k) == at(b, kProof, k) && at(a, kTeeKey, k) == at(b, kTeeKey, k) &&
         at(a, kAttTimestamp, k) == at(b, kAttTimestamp, k);
}

// The attestation at `k` differs between a and b (JobAttestation's operator==, and presence).
z3::expr attestation_changed(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  return at(a, kAttExists, k) != at(b, kAttExists, k) || (at(a, kAttExists, k) && !same_attestation(a, b, k));
}

// `k` is an issued id: in 1..job_counter.
z3::expr in_range(const smt::SymState& s, const z3::expr& k) {
  return k != s.ctx().bv_val(0, 128) && z3::ule(k, s[kCounter]);
}

// --- P-SINGLE -----------------------------------------------------------------------
const Invariant kPSingle{"P-SINGLE", Kind::Transition,
                         "A job gets at most one attestation, and once recorded it is never replaced.",
                         "A confidential job's attestation is the proof its result came from a trusted enclave; if "
                         "it can be replaced, anyone can swap in a forged result.",
                         "phala_job_processor", {"deployed"}};

// The id an event's first field carries (every event of this contract has job_id first).
bool event_id(const model::Event& e, u128& id) {
  if (e.fields.empty()) return false;
  const U256& v = e.fields[0].as_int();
  if (v > U256(kU128Max)) return false;
  id = static_cast<u128>(v);
  return true;
}

void check_single(const PhalaStep& v, Findings& findings) {
  // Once recorded, never replaced or removed.
  for (const auto& attestation : v.attestations) {
    if (attestation.old)
      findings.violation("P-SINGLE", [&] {
        return "the attestation of " + v.which(attestation.job_id) + " was " +
               (attestation.cur
                    ? "replaced (result_hash " + attestation.old->result_hash + " -> " + attestation.cur->result_hash +
                          ", timestamp " + std::to_string(attestation.old->timestamp) + " -> " +
                          std::to_string(attestation.cur->timestamp) + ")"
                    : std::string("removed"));
      });
  }
  // An attestation recorded again with identical fields (same block time) is invisible
  // in the state; the AttestationRecorded event still shows the second one.
  if (!v.called || !v.was) return;
  const model::EventSpec* recorded = v.after.spec->event("AttestationRecorded");
  std::set<u128> seen;
  for (auto& e : v.step.result->events) {
    u128 job_id;
    if (e.spec != recorded || !event_id(e, job_id)) continue;
    const pj::JobAttestation* old = v.was->attestations.find(job_id);
    const pj::JobAttestation* cur = v.now.attestations.find(job_id);
    bool state_shows_it = old && !(cur && *cur == *old);  // already reported from the diff
    if (!seen.insert(job_id).second)
      findings.violation("P-SINGLE",
                         [&] { return "job " + job_id.str() + v.at() + " was attested twice in one call"; });
    else if (old && !state_shows_it)
      findings.violation("P-SINGLE", [&] {
        return "job " + job_id.str() + v.at() + " was attested again (an identical attestation overwrote the first)";
      });
  }
}

// A stored attestation stays exactly as it is, no AttestationRecorded event names a job
// that already had one (an identical overwrite shows only in the event), and no call
// records one job twice.
z3::expr single_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::context& c = pre.ctx();
  z3::expr k = key_of(c);
  z3::expr kept =
      z3::forall(k, z3::implies(at(pre, kAttExists, k), at(post, kAttExists, k) && same_attestation(pre, post, k)));
  const model::EventSpec* recorded = pj::spec().event("AttestationRecorded");
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
}

// --- P-PROCESSED --------------------------------------------------------------------
const Invariant kPProcessed{"P-PROCESSED", Kind::Transition,
                            "A processed job has an attestation, and processed never returns to false.",
                            "A job counted as processed without an attestation, or un-processed later, breaks the "
                            "audit trail that payments rely on.",
                            "phala_job_processor", {"deployed"}};

// Judged on what the step changed: a job it wrote that is processed has an attestation;
// a processed job stays stored and processed; an attestation it removed did not belong
// to a processed job.
void check_processed(const PhalaStep& v, Findings& findings) {
  for (const auto& job : v.jobs) {
    if (job.cur && job.cur->processed && !v.now.attestations.contains(job.job_id))
      findings.violation("P-PROCESSED", [&] { return v.which(job.job_id) + " is processed but has no attestation"; });
    if (job.old && job.old->processed && (!job.cur || !job.cur->processed))
      findings.violation("P-PROCESSED", [&] {
        return v.which(job.job_id) + " was processed and " +
               (!job.cur       ? std::string("is gone")
                : job.reissued ? std::string("was overwritten by an unprocessed job")
                               : std::string("is no longer processed"));
      });
  }
  for (const auto& attestation : v.attestations) {
    if (attestation.cur) continue;
    const pj::ConfidentialJob* job = v.now.jobs.find(attestation.job_id);
    if (job && job->processed)
      findings.violation("P-PROCESSED",
                         [&] { return v.which(attestation.job_id) + " is processed but its attestation was removed"; });
  }
}

z3::expr processed_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::expr k = key_of(pre.ctx());
  z3::expr processed_now = at(post, kExists, k) && at(post, kProcessed, k);
  return z3::forall(k, z3::implies(job_changed(pre, post, k) && processed_now, at(post, kAttExists, k)) &&
                           z3::implies(at(pre, kExists, k) && at(pre, kProcessed, k), processed_now) &&
                           z3::implies(at(pre, kAttExists, k) && !at(post, kAttExists, k), !processed_now));
}

// --- P-EXISTS -----------------------------------------------------------------------
const Invariant kPExists{"P-EXISTS", Kind::State, "Attestations exist only for submitted jobs.",
                         "An attestation for a job that was never submitted is evidence of work nobody asked for, "
                         "and can be used to claim payment.",
                         "phala_job_processor", {"deployed"}};

// Judged on what the step changed: an attestation it wrote belongs to a stored job with
// an issued id (in 1..job_counter); a job it removed, or replaced in place by another
// submission, leaves no attestation behind (a replaced job inherits an attestation it
// never got).
void check_exists(const PhalaStep& v, Findings& findings) {
  for (const auto& job : v.jobs) {
    if (job.old && (!job.cur || job.reissued) && v.now.attestations.contains(job.job_id))
      findings.violation("P-EXISTS", [&] {
        return "the attestation for " + v.which(job.job_id) + " remains, but the job it attests " +
               (!job.cur ? std::string("is gone") : std::string("was overwritten"));
      });
  }
  for (const auto& attestation : v.attestations) {
    if (attestation.cur &&
        (!v.now.jobs.contains(attestation.job_id) || attestation.job_id == 0 || attestation.job_id > v.now.job_counter))
      findings.violation("P-EXISTS", [&] {
        return "an attestation is stored for " + v.which(attestation.job_id) + ", which was never submitted" +
               " (no such job, or outside 1..job_counter = 1.." + v.now.job_counter.str() + ")";
      });
  }
}

z3::expr exists_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::expr k = key_of(pre.ctx());
  z3::expr gone_or_reissued = at(pre, kExists, k) && (!at(post, kExists, k) || !same_submission(pre, post, k));
  return z3::forall(k, z3::implies(gone_or_reissued, !at(post, kAttExists, k)) &&
                           z3::implies(attestation_changed(pre, post, k) && at(post, kAttExists, k),
                                       at(post, kExists, k) && in_range(post, k)));
}

// --- G-COUNTER, phala_job_processor's part (the statement is in global.cpp) ----------
// job_counter never decreases, every stored id lies in 1..job_counter, and an id is
// issued once. A job overwritten in place by a different submission (same id, another
// owner, payload or time: job_counter saturated at u128::MAX and handed out MAX again)
// is reported here too: the counter's purpose is a fresh id per job, and "never
// decreases" is only the visible half of it. The overwrite's other effects (processed
// going back to false, the old job's attestation now vouching for the new one) are
// reported under P-PROCESSED and P-EXISTS.
void check_counter(const PhalaStep& v, Findings& findings) {
  if (v.was && v.now.job_counter < v.was->job_counter)
    findings.violation("G-COUNTER", [&] {
      return "job_counter went from " + v.was->job_counter.str() + " back to " + v.now.job_counter.str() + v.at();
    });
  for (const auto& job : v.jobs) {
    if (job.cur && (job.job_id == 0 || job.job_id > v.now.job_counter))
      findings.violation("G-COUNTER", [&] {
        return v.which(job.job_id) + " is stored but lies outside 1..job_counter = 1.." + v.now.job_counter.str();
      });
    if (job.reissued)
      findings.violation("G-COUNTER", [&] {
        return v.which(job.job_id) +
               " was issued again: a new submission overwrote the stored job "
               "(job_counter " +
               v.now.job_counter.str() + " did not advance)";
      });
  }
}

z3::expr counter_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::expr k = key_of(pre.ctx());
  return z3::uge(post[kCounter], pre[kCounter]) &&
         z3::forall(k, z3::implies(job_changed(pre, post, k) && at(post, kExists, k), in_range(post, k)) &&
                           z3::implies(at(pre, kExists, k) && at(post, kExists, k), same_submission(pre, post, k)));
}

// --- lemmas the proofs may lean on once proved ------------------------------------------
// Without it, a stored job at job_counter + 1 is a counterexample to induction for
// every invariant a submission overwriting that job would break.
z3::expr ids_in_range(const smt::SymState& s) {
  z3::expr k = key_of(s.ctx());
  return z3::forall(k, z3::implies(at(s, kExists, k), in_range(s, k)));
}

// --- A-COUNTERS, phala_job_processor's part (the statement is in assumptions.cpp) -----
// job_counter is below u128::MAX: a submission then stores its job under a fresh id.
bool counters_below_max(const model::ContractState& state) {
  return static_cast<const pj::State&>(state).job_counter != kU128Max;
}
z3::expr counters_below_max(const smt::SymState& s) { return s[kCounter] != smt::bv_val(s.ctx(), U256(kU128Max), 128); }
}  // namespace

const ContractInvariants& phala_job_processor_invariants() {
  static const Checks<PhalaStep> checks{
      no_ghost,
      view_of,
      {
          {"P-SINGLE", check_single, nullptr, single_holds},
          {"P-PROCESSED", check_processed, nullptr, processed_holds},
          {"P-EXISTS", check_exists, nullptr, exists_holds},
          {"G-COUNTER", check_counter, nullptr, counter_holds},
      },
      {
          {"phala_job_processor/ids-in-range", "every stored job id lies in 1..job_counter", ids_in_range},
      },
      {
          {"A-COUNTERS", counters_below_max, counters_below_max},
      },
  };
  static const ContractInvariants ci =
      contract_invariants("phala_job_processor", {kPSingle, kPProcessed, kPExists}, checks);
  return ci;
}

}  // namespace meshcheck::invariants
