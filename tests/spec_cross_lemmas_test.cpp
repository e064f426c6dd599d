// The cross-contract lemmas of the composed spec prover (invariants/spec/cross.cpp and the
// queue's, escrow's, registry's and phala's files): each holds on the honest spec flows,
// is inductive over the steps that write what it reads, and a spec mutant that lets a step
// break it makes it fail that step with a counterexample to induction.
//
// The full proof is `meshcheck prove --profile spec`; here only the few steps each lemma is
// about are explored (CI time). `Survey` (skipped unless MESHCHECK_SURVEY_SITES is set) runs
// Houdini over chosen sites and candidates and prints each candidate's verdict: the tool
// used to measure what the full prover decides, site by site.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>

#include "invariants/spec/spec.hpp"
#include "model/profile.hpp"
#include "mutation/spec/catalog.hpp"
#include "smt/prover.hpp"
#include "smt/spec/ghosts.hpp"
#include "smt/spec/houdini.hpp"
#include "smt/spec/keys.hpp"
#include "smt/spec/obligations.hpp"
#include "smt/spec/workspace.hpp"
#include "tests/support/spec_lemma_checks.hpp"
#include "tests/support/spec_step_sites.hpp"

namespace {

using namespace meshcheck;
namespace ms = model::spec;
namespace sp = invariants::spec;
using namespace meshcheck::smt::spec;
using namespace meshcheck::testing::spec_lemmas;

using meshcheck::testing::sites_named;

// Whether `name` is `pattern` or starts with it ("ai_job_queue." names every queue site).
bool matches(const std::string& name, const std::vector<std::string>& patterns) {
  for (auto& p : patterns)
    if (p == "*" || name == p || (p.back() == '.' && name.rfind(p, 0) == 0)) return true;
  return false;
}

// MESHCHECK_SURVEY_SITES: site names or "contract." prefixes ("*" every mutating site and
// plain transfer); MESHCHECK_SURVEY_CANDS:
// candidate ids or parts ("*" every candidate).
TEST(SpecCrossLemmas, Survey) {
  const auto site_patterns = meshcheck::testing::env_list("MESHCHECK_SURVEY_SITES");
  if (site_patterns.empty()) GTEST_SKIP() << "set MESHCHECK_SURVEY_SITES";
  const auto cand_patterns = meshcheck::testing::env_list("MESHCHECK_SURVEY_CANDS");
  std::vector<StepSite> sites;
  for (auto& s : step_sites(false))
    if (matches(s.name(), site_patterns)) sites.push_back(s);
  std::vector<StateCandidate> cands;
  for (auto& c : state_candidates())
    if (std::find(cand_patterns.begin(), cand_patterns.end(), "*") != cand_patterns.end() ||
        std::find(cand_patterns.begin(), cand_patterns.end(), c.id) != cand_patterns.end() ||
        std::find(cand_patterns.begin(), cand_patterns.end(), c.part) != cand_patterns.end())
      cands.push_back(c);
  std::fprintf(stderr, "survey: %zu sites, %zu candidates\n", sites.size(), cands.size());
  smt::ProveOptions options;
  options.jobs = 2;
  if (const char* r = std::getenv("MESHCHECK_SURVEY_RLIMIT")) options.rlimit = std::strtoull(r, nullptr, 10);
  Workspace work(sites, cands, options.jobs);
  HoudiniOutcome h = houdini(cands, work, options);
  for (std::size_t c = 0; c < cands.size(); ++c) {
    std::uint64_t units = 0;
    for (auto& o : h.step_proofs[c]) units += o.rlimit;
    std::fprintf(stderr, "survey: %-70s %s %llu units %s\n", cands[c].name().c_str(),
                 h.inductive[c] ? "INDUCTIVE" : (h.unknown[c] ? "UNKNOWN" : "DROPPED"), (unsigned long long)units,
                 h.why[c].c_str());
  }
  std::fprintf(stderr, "survey: %zu rounds\n", h.rounds);
}

// The same sites and candidates, then the step forms and exit forms of the invariants
// MESHCHECK_SURVEY_FORMS names (ids), under the inductive set Houdini left (with
// MESHCHECK_SURVEY_ASSUME set: under every candidate, as if all were proved).
TEST(SpecCrossLemmas, SurveyForms) {
  const auto site_patterns = meshcheck::testing::env_list("MESHCHECK_SURVEY_SITES");
  const auto form_ids = meshcheck::testing::env_list("MESHCHECK_SURVEY_FORMS");
  if (form_ids.empty()) GTEST_SKIP() << "set MESHCHECK_SURVEY_FORMS";
  const auto cand_patterns = meshcheck::testing::env_list("MESHCHECK_SURVEY_CANDS");
  std::vector<StepSite> sites;
  for (auto& s : step_sites(false))
    if (matches(s.name(), site_patterns)) sites.push_back(s);
  std::vector<StateCandidate> cands;
  for (auto& c : state_candidates())
    if (std::find(cand_patterns.begin(), cand_patterns.end(), "*") != cand_patterns.end() ||
        std::find(cand_patterns.begin(), cand_patterns.end(), c.id) != cand_patterns.end() ||
        std::find(cand_patterns.begin(), cand_patterns.end(), c.part) != cand_patterns.end())
      cands.push_back(c);
  std::vector<const sp::StepForm*> steps;
  std::vector<const sp::ExitForm*> exits;
  for (auto* m : sp::modules()) {
    for (auto& f : m->step_forms)
      if (std::find(form_ids.begin(), form_ids.end(), std::string(f.id)) != form_ids.end()) steps.push_back(&f);
    for (auto& f : m->exit_forms)
      if (std::find(form_ids.begin(), form_ids.end(), std::string(f.id)) != form_ids.end()) exits.push_back(&f);
  }
  for (auto& f : ghost_step_forms())  // E-CONSERVE, R-STAKE: the prover's own, over the ghost sums
    if (std::find(form_ids.begin(), form_ids.end(), std::string(f.id)) != form_ids.end()) steps.push_back(&f);
  smt::ProveOptions options;
  options.jobs = 2;
  if (const char* r = std::getenv("MESHCHECK_SURVEY_RLIMIT")) options.rlimit = std::strtoull(r, nullptr, 10);
  std::vector<char> inductive(cands.size(), 1);
  std::unique_ptr<Workspace> work;
  if (!sites.empty()) work = std::make_unique<Workspace>(sites, cands, options.jobs);
  if (work && !std::getenv("MESHCHECK_SURVEY_ASSUME")) inductive = houdini(cands, *work, options).inductive;
  for (std::size_t c = 0; c < cands.size(); ++c)
    if (!inductive[c]) std::fprintf(stderr, "survey: not assumed (not inductive): %s\n", cands[c].name().c_str());
  auto print = [](std::string_view id, std::string_view part, const FormOutcome& o) {
    std::uint64_t units = 0;
    for (auto& ob : o.obligations) units += ob.rlimit;
    std::fprintf(stderr, "survey: %s (%s) %s %llu units %s\n", std::string(id).c_str(), std::string(part).c_str(),
                 o.proved ? "PROVED" : (o.unknown ? "UNKNOWN" : "COUNTEREXAMPLE"), (unsigned long long)units, o.why.c_str());
  };
  if (work) {
    auto outs = prove_step_forms(steps, cands, inductive, *work, options);
    for (std::size_t f = 0; f < steps.size(); ++f) print(steps[f]->id, steps[f]->part, outs[f]);
  }
  auto outs = prove_exit_forms(exits, cands, inductive, options);
  for (std::size_t f = 0; f < exits.size(); ++f) print(exits[f]->id, exits[f]->part, outs[f]);
}

// An exit form's counterexample from the candidates (all assumed), with the values a
// reader needs: MESHCHECK_SURVEY_EXIT names the form's part.
TEST(SpecCrossLemmas, SurveyExit) {
  const char* part = std::getenv("MESHCHECK_SURVEY_EXIT");
  if (!part) GTEST_SKIP() << "set MESHCHECK_SURVEY_EXIT";
  const auto cand_patterns = meshcheck::testing::env_list("MESHCHECK_SURVEY_CANDS");
  std::vector<StateCandidate> cands;
  for (auto& c : state_candidates())
    if (std::find(cand_patterns.begin(), cand_patterns.end(), c.id) != cand_patterns.end() ||
        std::find(cand_patterns.begin(), cand_patterns.end(), c.part) != cand_patterns.end())
      cands.push_back(c);
  const sp::ExitForm* exit = nullptr;
  for (auto* m : sp::modules())
    for (auto& f : m->exit_forms)
      if (f.part == part) exit = &f;
  ASSERT_NE(exit, nullptr);
  z3::context ctx;
  ms::SymbolicScope scope(ctx);
  ComposedState pre = free_state();
  StepEnv env = free_env(pre);
  z3::expr key = ctx.bv_const("key", 128);
  z3::expr f = exit->symbolic(pre.sys, env.env, key);
  const auto keys = candidate_keys(candidate_reads(cands, pre), accesses({f}, ctx.bv_sort(128)), key);
  z3::solver solver(ctx);
  z3::params limits(ctx);
  limits.set("rlimit", 15'000'000u);  // as the prover's exit queries: an undecided survey ends
  solver.set(limits);
  solver.add(abstract_lengths(env.assumptions && assumed(cands, std::vector<char>(cands.size(), 1), pre, keys) && !f));
  if (std::getenv("MESHCHECK_SURVEY_GHOSTFACTS")) {  // the ghosts' definition at the keys expire_job writes
    sp::SEnv call{env.env.caller, ms::Balance<ms::Symbolic>(0), env.env.block, env.env.now};
    for (const sp::SpecPath& p : ms::SymbolicExec<sp::SSys>::template explore<ms::ai_job_queue::ExpireJob>(pre.sys, call, sp::SKey(key)))
      if (p.ok) solver.add(ghost_facts(pre, p.post));
  }
  if (std::getenv("MESHCHECK_SURVEY_BOUNDS")) {  // each ghost ≥ its contribution at the form's key (or account)
    const auto& ghosts = ghost_sums();
    for (std::size_t g = 0; g < ghosts.size(); ++g) {
      const z3::sort dom = ghosts[g].present(pre.sys).get_sort().array_domain();
      std::vector<z3::expr> at;
      if (dom.bv_size() == 128) at.push_back(key);
      else
        for (const char* name : {"X-EXIT.account", "X-EXIT.provider", "G-FUNDS-EXIT.provider"})
          at.push_back(ctx.bv_const(name, dom.bv_size()));
      for (auto& k : at) solver.add(ghost_bounds(ghosts[g], pre.ghosts.at(g), pre.sys, {k}));
    }
  }
  auto r = solver.check();
  std::fprintf(stderr, "survey: %s\n", r == z3::sat ? "sat" : r == z3::unsat ? "unsat" : "unknown");
  if (r != z3::sat) return;
  z3::model m = solver.get_model();
  sp::SKey j(key);
  auto show = [&](const char* what, const z3::expr& e) {
    std::fprintf(stderr, "survey:   %s = %s\n", what, m.eval(e, true).to_string().c_str());
  };
  show("key", key);
  show("env.block", env.env.block.e);
  show("env.caller", env.env.caller.e);
  auto job = sp::queue(pre.sys).jobs.get(j);
  show("job.some", job.some.e);
  show("job.status", job.value.status.e);
  show("job.deadline", job.value.deadline.e);
  show("job.budget", job.value.budget.e);
  show("job.owner", job.value.owner.e);
  auto e = sp::escrow(pre.sys).jobs.get(j);
  show("escrow.some", e.some.e);
  show("escrow.status", e.value.status.e);
  show("escrow.amount", e.value.amount.e);
  show("escrow.payer", e.value.payer.e);
  show("escrow balance", pre.sys.slot<ms::PaymentEscrow>().balance.e);
  show("registry balance", pre.sys.slot<ms::ComputeProviderRegistry>().balance.e);
  for (std::size_t g = 0; g < pre.ghosts.size(); ++g) show(("ghost " + std::to_string(g)).c_str(), pre.ghosts[g]);
}

// --- X-PRIVATE's lemma: a private job's result hash comes with its attestation -------------------
const char* const kPrivateHash = "lemma: a private job holds a result hash only when attested";
const char* const kPrivateForm = "completed iff attested, same hash";

// The private queue jobs of `s` that hold a result hash.
std::vector<u128> private_with_hash(const sp::Sys& s) {
  std::vector<u128> out;
  sp::queue(s).jobs.entries.for_each([&](const u128& id, const sp::Job& j) {
    if (j.privacy_required && j.confidential_id.some && j.result_hash.some) out.push_back(id);
  });
  return out;
}

// On the flows it holds at every key, in both domains; the private flow has a job it speaks
// of, and removing that job's attestation breaks it (in both domains).
TEST(SpecCrossLemmas, PrivateHashHoldsOnTheFlowsAndFailsOnABrokenState) {
  expect_holds_on_flows(kPrivateHash, {"public", "private", "failure", "data", "mev"}, 6);
  sp::Sys s = system_after("private");
  const auto jobs = private_with_hash(s);
  ASSERT_FALSE(jobs.empty()) << "the private flow completes no private job";
  const u128 j = jobs.front();
  const u128 c = sp::queue(s).jobs.entries.find(j)->confidential_id.value;
  s.slot<ms::PhalaJobProcessor>().state.attestations.remove(c);
  Verdict broken = judge(form_by_part(kPrivateHash), s, j);
  EXPECT_FALSE(broken.concrete);
  EXPECT_FALSE(broken.symbolic);
}

// The counterexample to induction it answers: X-PRIVATE alone (with X-ESCROW, X-LINK and
// the deployment) fails at resolve_dispute, where a Disputed private job resolved for its
// provider is Completed if it holds a result hash; with the lemma both are inductive there
// and at the steps that record a private job's hash or an attestation.
TEST(SpecCrossLemmas, PrivateHashMakesPrivateInductive) {
  const std::vector<std::string> ids{"X-ESCROW", "X-LINK", kDeploymentLemma};
  {
    auto cands = candidates_of({kPrivateForm}, ids);
    HoudiniOutcome h = induct(sites_named({"ai_job_queue.resolve_dispute"}), cands);
    const std::size_t p = index_of(cands, kPrivateForm);
    EXPECT_FALSE(h.inductive[p]);
    EXPECT_FALSE(h.unknown[p]) << h.why[p];
    EXPECT_NE(h.why[p].find("counterexample to induction: step ai_job_queue.resolve_dispute"), std::string::npos) << h.why[p];
  }
  auto cands = candidates_of({kPrivateForm, kPrivateHash}, ids);
  HoudiniOutcome h = induct(sites_named({"ai_job_queue.resolve_dispute", "ai_job_queue.mark_completed",
                                         "phala_job_processor.record_attestation"}),
                            cands);
  for (std::size_t c = 0; c < cands.size(); ++c) EXPECT_TRUE(h.inductive[c]) << cands[c].name() << ": " << h.why[c];
}

// With mark_completed's AttestationRequired guard dropped, the provider of a private job
// records a hash with no attestation: the lemma fails there.
TEST(SpecCrossLemmas, PrivateHashFailsWhenAProviderCompletesAPrivateJob) {
  auto cands = candidates_of({kPrivateForm, kPrivateHash}, {"X-ESCROW", "X-LINK", kDeploymentLemma});
  const Mutant m{"ai_job_queue", "mark_completed", "AttestationRequired#1", mutation::Op::kDropGuard};
  HoudiniOutcome h = induct(sites_named({"ai_job_queue.mark_completed"}), cands, &m);
  const std::size_t l = index_of(cands, kPrivateHash);
  expect_cti_at(h, l, "ai_job_queue.mark_completed");
}

// --- P-PROCESSED's lemma: a processed confidential job is attested --------------------------------
const char* const kProcessed = "lemma: a processed confidential job is attested";

TEST(SpecCrossLemmas, ProcessedHoldsOnTheFlowsAndFailsOnABrokenState) {
  expect_holds_on_flows(kProcessed, {"public", "private", "failure", "data", "mev"}, 6);
  sp::Sys s = system_after("private");
  std::vector<u128> processed;
  sp::phala(s).jobs.entries.for_each([&](const u128& c, const sp::ConfJob& j) {
    if (j.processed) processed.push_back(c);
  });
  ASSERT_FALSE(processed.empty()) << "the private flow processes no confidential job";
  s.slot<ms::PhalaJobProcessor>().state.attestations.remove(processed.front());
  Verdict broken = judge(form_by_part(kProcessed), s, processed.front());
  EXPECT_FALSE(broken.concrete);
  EXPECT_FALSE(broken.symbolic);
}

// Inductive where the flag and the attestations are written; P-PROCESSED's step form is
// proved under it, and not without it (from a free state a step that leaves phala alone,
// here a refused cancel_job, keeps a processed job with no attestation).
TEST(SpecCrossLemmas, ProcessedGivesProcessedStepForm) {
  smt::ProveOptions options;
  options.jobs = 2;
  const auto sites = sites_named({"ai_job_queue.cancel_job", "phala_job_processor.record_attestation",
                                  "phala_job_processor.mark_job_processed"});
  const auto cands = candidates_of({kProcessed}, {kDeploymentLemma});
  ASSERT_EQ(cands.size(), 2u);
  Workspace work(sites, cands, options.jobs);
  HoudiniOutcome h = houdini(cands, work, options);
  for (std::size_t c = 0; c < cands.size(); ++c) EXPECT_TRUE(h.inductive[c]) << cands[c].name() << ": " << h.why[c];
  std::vector<const sp::StepForm*> forms;
  for (auto* m : sp::modules())
    for (auto& f : m->step_forms)
      if (f.id == "P-PROCESSED") forms.push_back(&f);
  ASSERT_EQ(forms.size(), 1u);
  std::vector<char> deployment_only{0, 1};
  ASSERT_EQ(cands[1].id, kDeploymentLemma);
  auto with = prove_step_forms(forms, cands, h.inductive, work, options);
  auto without = prove_step_forms(forms, cands, deployment_only, work, options);
  EXPECT_TRUE(with[0].proved) << with[0].why;
  EXPECT_FALSE(without[0].proved);
  EXPECT_FALSE(without[0].unknown) << without[0].why;
}

// With mark_job_processed's NoAttestation guard dropped, an owner marks an unattested job
// processed: the lemma fails there.
TEST(SpecCrossLemmas, ProcessedFailsWhenAnUnattestedJobIsMarked) {
  const auto cands = candidates_of({kProcessed}, {kDeploymentLemma});
  const Mutant m{"phala_job_processor", "mark_job_processed", "NoAttestation#1", mutation::Op::kDropGuard};
  HoudiniOutcome h = induct(sites_named({"phala_job_processor.mark_job_processed"}), cands, &m);
  const std::size_t l = index_of(cands, kProcessed);
  expect_cti_at(h, l, "phala_job_processor.mark_job_processed");
}

// --- G-FUNDS-EXIT's lemma: a stored job's status is a JobStatus -----------------------------------
const char* const kStatusValid = "lemma: a stored job's status is a JobStatus";

TEST(SpecCrossLemmas, StatusValidHoldsOnTheFlowsAndFailsOnABrokenState) {
  expect_holds_on_flows(kStatusValid, {"public", "private", "failure", "data", "mev"}, 6);
  sp::Sys s = system_after("public");
  auto& jobs = s.slot<ms::AiJobQueue>().state.jobs;
  sp::Job job = *jobs.entries.find(u128(1));
  job.status = static_cast<ms::JobStatus>(0x84);  // no variant
  jobs.set(u128(1), job);
  Verdict broken = judge(form_by_part(kStatusValid), s, u128(1));
  EXPECT_FALSE(broken.concrete);
  EXPECT_FALSE(broken.symbolic);
}

// Inductive alone over every step that writes a job (each stores a literal variant or the
// status it read).
TEST(SpecCrossLemmas, StatusValidIsInductive) {
  const auto sites = sites_named({"ai_job_queue.submit_job", "ai_job_queue.assign_provider", "ai_job_queue.mark_in_progress",
                                  "ai_job_queue.mark_completed", "ai_job_queue.cancel_job", "ai_job_queue.expire_job",
                                  "ai_job_queue.dispute_job", "ai_job_queue.resolve_dispute",
                                  "phala_job_processor.record_attestation"});
  const auto cands = candidates_of({kStatusValid}, {kDeploymentLemma});
  ASSERT_EQ(cands.size(), 2u);
  HoudiniOutcome h = induct(sites, cands);
  for (std::size_t c = 0; c < cands.size(); ++c) EXPECT_TRUE(h.inductive[c]) << cands[c].name() << ": " << h.why[c];
}

// What it is for: "a locked job escrow's first exit" from a free state under X-ESCROW, the
// parties lemmas, G-SOLVENT and the deployment (with the ghosts' definition at the job's
// key, as the prover's exit query states it) has a counterexample (a Locked escrow of a
// job whose status is no variant); with the lemma the exit is proved enabled. (No spec
// mutant stores a status outside the enum: no operator of the catalog makes one, so the
// broken state above is its failing case.)
TEST(SpecCrossLemmas, StatusValidGivesTheLockedJobExit) {
  const sp::ExitForm& exit = exit_form("a locked job escrow's first exit");
  std::vector<std::string> parts{"lemma: no job escrow's payer or payee is a contract"};
  const std::vector<std::string> ids{"X-ESCROW", "G-SOLVENT", kDeploymentLemma};
  const ExitAnswer without = exit_answer(exit, candidates_of(parts, ids));
  EXPECT_EQ(without.answer.result, z3::sat) << without.answer.text();
  parts.push_back(kStatusValid);
  const ExitAnswer with = exit_answer(exit, candidates_of(parts, ids));
  EXPECT_EQ(with.answer.result, z3::unsat) << with.answer.text();
}

}  // namespace
