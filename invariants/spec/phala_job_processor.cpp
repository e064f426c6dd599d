// phala_job_processor's invariants in the spec profile: P-SINGLE, P-PROCESSED and P-EXISTS
// unchanged; the design's own P-TRUSTED (the production enhancements of S0: trusted
// workers, signatures, hash and timestamp validation) and P-LIMITS (size and rate limits).
#include "invariants/spec/spec.hpp"
#include "model/spec/crypto/attestation.hpp"

namespace meshcheck::invariants::spec {

namespace {
// --- P-SINGLE (unchanged) ----------------------------------------------------------------------
template <class D>
Bool<D> single_ok(const ms::SpecSystem<D>& pre, const ms::SpecSystem<D>& post, const U128<D>& c) {
  auto was = phala(pre).attestations.get(c);
  auto now = phala(post).attestations.get(c);
  return implies(was.some, now.some && now.value.result_hash == was.value.result_hash &&
                               now.value.tee_worker_pubkey == was.value.tee_worker_pubkey &&
                               now.value.attestation_proof == was.value.attestation_proof &&
                               now.value.timestamp == was.value.timestamp && now.value.recorded_at == was.value.recorded_at);
}

void check_single(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  for (auto& c : v.attestations)
    if (!single_ok<Concrete>(v.pre, v.post, c.key))
      findings.violation("P-SINGLE", [&] { return "the attestation of confidential job " + c.key.str() + " was replaced or removed"; });
}

z3::expr single_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  return single_ok<ms::Symbolic>(pre, p.post, quantified<SKey>("P-SINGLE.c")).e;
}

// --- P-PROCESSED (unchanged) ---------------------------------------------------------------------
template <class D>
Bool<D> processed_ok(const ms::SpecSystem<D>& pre, const ms::SpecSystem<D>& post, const U128<D>& c) {
  auto was = phala(pre).jobs.get(c);
  auto now = phala(post).jobs.get(c);
  return implies(now.some && now.value.processed, phala(post).attestations.contains(c)) &&
         implies(was.some && was.value.processed, now.some && now.value.processed);
}

void check_processed(const SpecStep& v, Findings& findings) {
  for (auto& c : v.conf_jobs)
    if (!processed_ok<Concrete>(v.first ? Sys{} : v.pre, v.post, c.key))
      findings.violation("P-PROCESSED", [&] {
        return "confidential job " + c.key.str() + " is processed without an attestation, or stopped being processed";
      });
}

z3::expr processed_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  return processed_ok<ms::Symbolic>(pre, p.post, quantified<SKey>("P-PROCESSED.c")).e;
}

// Lemma for P-PROCESSED: a processed confidential job has an attestation (mark_job_processed
// sets the flag only once the attestation is stored, and no step removes an attestation).
// Why it is needed: the transition form's first half is a property of the state after the
// step, so on a step that does not touch phala (a refused call, say) it holds only if it
// held before: without this lemma in the inductive set a free state may hold a processed,
// unattested job, and P-PROCESSED fails at every step.
template <class D> Bool<D> processed_attested(const ms::SpecSystem<D>& s, const U128<D>& c) {
  auto job = phala(s).jobs.get(c);
  return implies(job.some && job.value.processed, phala(s).attestations.contains(c));
}
struct ProcessedAttested {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& c) { return processed_attested<D>(s, c); }
};

// --- P-EXISTS (unchanged) ------------------------------------------------------------------------
template <class D> Bool<D> exists_ok(const ms::SpecSystem<D>& s, const U128<D>& c) {
  return implies(phala(s).attestations.contains(c), phala(s).jobs.contains(c));
}

void check_exists(const SpecStep& v, Findings& findings) {
  auto judge = [&](const u128& c) {
    if (!exists_ok<Concrete>(v.post, c))
      findings.violation("P-EXISTS", [&] { return "confidential job " + c.str() + " has an attestation but does not exist"; });
  };
  for (auto& c : v.attestations) judge(c.key);
  for (auto& c : v.conf_jobs) judge(c.key);
}

// --- P-TRUSTED (new) -----------------------------------------------------------------------------
const Invariant kTrusted{
    "P-TRUSTED", Kind::Transition,
    "A step stores an attestation only if, at that step, its worker key is trusted, sig_ok holds over (job_id, "
    "result_hash, timestamp), result_hash ≠ 0 and created_at ≤ timestamp ≤ now ≤ timestamp + "
    "MAX_ATTESTATION_AGE_MS.",
    "The attestation is the only proof that a confidential job ran in a trusted enclave, and it releases the "
    "provider's payment; an unsigned, untrusted, stale or empty one pays for work nobody can vouch for.",
    "phala_job_processor", {"spec"}};

// Concrete: sig_ok is the model's libsecp256k1 check (the prover's is uninterpreted);
// untrusted_because (view.cpp) also sets the ghost att_ok, which X-PRIVATE reads.
void check_trusted(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  for (auto& c : v.attestations) {
    if (!c.cur || c.old) continue;
    std::string why = untrusted_because(v, c.key, *c.cur);
    if (!why.empty())
      findings.violation("P-TRUSTED", [&] { return "the attestation of confidential job " + c.key.str() + " was stored, but " + why; });
  }
}

// The form, beside the concrete check (view.cpp's untrusted_because, which also keeps
// the ghost att_ok): the same conditions at a quantified confidential job, sig_ok the
// symbolic domain's uninterpreted predicate.
z3::expr trusted_form(const SSys& pre, const SEnv& env, const SpecPath& p) {
  auto c = quantified<SKey>("P-TRUSTED.c");
  auto was = phala(pre).attestations.get(c);
  auto now = phala(p.post).attestations.get(c);
  const auto& a = now.value;
  auto job = phala(p.post).jobs.get(c);
  ms::SBool trusted =
      job.some && phala(pre).trusted_workers.get_or_default(a.tee_worker_pubkey) && !a.result_hash.is_zero() &&
      job.value.created_at <= a.timestamp && a.timestamp <= env.now &&
      ms::unchecked_sub(env.now, a.timestamp) <= U64<ms::Symbolic>(ms::kMaxAttestationAgeMs) &&
      ms::sig_ok(pre.slot<ms::PhalaJobProcessor>().address, c, a.result_hash, a.timestamp, a.tee_worker_pubkey,
                 a.attestation_proof);
  return z3::implies((was.is_none() && now.some).e, trusted.e);
}

// --- P-LIMITS (new) ------------------------------------------------------------------------------
const Invariant kLimits{
    "P-LIMITS", Kind::State,
    "Every stored confidential job has 1 ≤ len(payload) ≤ MAX_PAYLOAD_LEN and 1 ≤ len(key) ≤ MAX_PUBLIC_KEY_LEN; "
    "every rate[a] has count ≤ RATE_MAX_PER_WINDOW and window_start ≤ clock.block: no account submits more than "
    "RATE_MAX_PER_WINDOW jobs in a window it opened.",
    "Unbounded payloads and unthrottled submissions let one account exhaust the enclave workers and the chain's "
    "storage, denying confidential compute to everyone else.",
    "phala_job_processor", {"spec"}};

template <class D> Bool<D> job_limits_ok(const ms::SpecSystem<D>& s, const U128<D>& c) {
  auto job = phala(s).jobs.get(c);
  auto payload = ms::byte_len(job.value.encrypted_payload);
  auto key = ms::byte_len(job.value.public_key);
  return implies(job.some, U32<D>(1) <= payload && payload <= U32<D>(ms::kMaxPayloadLen) && U32<D>(1) <= key &&
                               key <= U32<D>(ms::kMaxPublicKeyLen));
}
template <class D> Bool<D> rate_ok(const ms::SpecSystem<D>& s, const Addr<D>& a, const U32<D>& block) {
  auto w = phala(s).rate.get(a);
  return implies(w.some, w.value.count <= U32<D>(ms::kRateMaxPerWindow) && w.value.window_start <= block);
}

void check_limits(const SpecStep& v, Findings& findings) {
  for (auto& c : v.conf_jobs)
    if (!job_limits_ok<Concrete>(v.post, c.key))
      findings.violation("P-LIMITS", [&] {
        return "confidential job " + c.key.str() + " stores a payload of " + std::to_string(c.cur->encrypted_payload.size()) +
               " bytes and a key of " + std::to_string(c.cur->public_key.size());
      });
  for (auto& c : v.rates)
    if (!rate_ok<Concrete>(v.post, c.key, v.block))
      findings.violation("P-LIMITS", [&] {
        return c.key.hex() + "'s rate window opened at block " + std::to_string(c.cur->window_start) + " counts " +
               std::to_string(c.cur->count) + " (block " + std::to_string(v.block) + ")";
      });
}
struct ExistsOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return exists_ok<D>(s, j); }
};
struct JobLimitsOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return job_limits_ok<D>(s, j); }
};

}  // namespace

const SpecModule& phala_module() {
  static const SpecModule m{{kTrusted, kLimits},
                            {"P-SINGLE", "P-PROCESSED", "P-EXISTS"},
                            {{"P-SINGLE", check_single},
                             {"P-PROCESSED", check_processed},
                             {"P-EXISTS", check_exists},
                             {"P-TRUSTED", check_trusted},
                             {"P-LIMITS", check_limits}},
                            {generic_form<ExistsOk>("P-EXISTS", ""), generic_form<JobLimitsOk>("P-LIMITS", "confidential job sizes")},
                            {{"P-SINGLE", "", single_form},
                             {"P-PROCESSED", "", processed_form},
                             {"P-TRUSTED", "", trusted_form}},
                            {},
                            {generic_form<ProcessedAttested>("P-PROCESSED", "lemma: a processed confidential job is attested")}};
  return m;
}

}  // namespace meshcheck::invariants::spec
