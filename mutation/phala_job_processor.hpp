// phala_job_processor's mutation sites (mutation/site.hpp), read by
// model/phala_job_processor.cpp and smt/phala_job_processor.cpp alike.
//
// Not a site: mark_job_processed's "no such job" refusal (dropping it reads an absent
// job, which the contract's `if let Some(job)` never does). record_attestation's is one:
// dropping it records an attestation for a job never submitted, which the contract could
// do. submit_confidential_job returns the id (a u128, not a bool to flip).
#pragma once

#include "model/phala_job_processor.hpp"
#include "mutation/site.hpp"

namespace meshcheck::mutation::phala_job_processor {

namespace pj = model::deployed::phala_job_processor;

enum class Site : unsigned {
  kSubmitCounter,
  kSubmitCounterWrite,
  kSubmitWrite,
  kSubmitEvent,
  kRecordNoJob,
  kRecordWrite,
  kRecordEvent,
  kRecordReturn,
  kProcessNoAttestation,
  kProcessWrite,
  kProcessEvent,
  kProcessReturn,
  kCount,
};

constexpr model::ContractKind site_contract(Site) { return model::ContractKind::kPhalaJobProcessor; }

constexpr SiteTable<Site> site_table(Site) {
  using enum Site;
  using K = SiteKind;
  using S = pj::SubmitConfidentialJobBranch;
  using R = pj::RecordAttestationBranch;
  using P = pj::MarkJobProcessedBranch;
  using model::branch_name;
  return {{
      {kSubmitCounter, {"kSubmitCounter", "submit.counter", "submit_confidential_job", branch_name(S::kOk), K::kArith,
                        "issues the next id (`job_counter.saturating_add(1)`)"}},
      {kSubmitCounterWrite, {"kSubmitCounterWrite", "submit.counter_write", "submit_confidential_job",
                             branch_name(S::kOk), K::kWrite, "stores the new job_counter"}},
      {kSubmitWrite, {"kSubmitWrite", "submit.write", "submit_confidential_job", branch_name(S::kOk), K::kWrite,
                      "stores the new job"}},
      {kSubmitEvent, {"kSubmitEvent", "submit.event", "submit_confidential_job", branch_name(S::kOk), K::kEvent,
                      "emits JobSubmitted (the corruption zeroes its job_id)"}},
      {kRecordNoJob, {"kRecordNoJob", "record.no_job", "record_attestation", branch_name(R::kNoJob), K::kGuard,
                      "refuses an attestation for a job never submitted"}},
      {kRecordWrite, {"kRecordWrite", "record.write", "record_attestation", branch_name(R::kFirst), K::kWrite,
                      "stores the attestation"}},
      {kRecordEvent, {"kRecordEvent", "record.event", "record_attestation", branch_name(R::kFirst), K::kEvent,
                      "emits AttestationRecorded (the corruption zeroes its job_id)"}},
      {kRecordReturn, {"kRecordReturn", "record.return", "record_attestation", branch_name(R::kFirst), K::kReturn,
                       "returns true"}},
      {kProcessNoAttestation, {"kProcessNoAttestation", "process.no_attestation", "mark_job_processed",
                               branch_name(P::kNoAttestation), K::kGuard, "refuses a job with no attestation"}},
      {kProcessWrite, {"kProcessWrite", "process.write", "mark_job_processed", branch_name(P::kOk), K::kWrite,
                       "stores processed = true"}},
      {kProcessEvent, {"kProcessEvent", "process.event", "mark_job_processed", branch_name(P::kOk), K::kEvent,
                       "emits JobProcessed (the corruption zeroes its job_id)"}},
      {kProcessReturn, {"kProcessReturn", "process.return", "mark_job_processed", branch_name(P::kOk), K::kReturn,
                        "returns true"}},
  }};
}

}  // namespace meshcheck::mutation::phala_job_processor
