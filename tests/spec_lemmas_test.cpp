// The lemmas of the composed spec prover (invariants/spec/*: GenericForms marked as lemmas)
// and the state forms written for it (M-EXCLUSIVE's link): each holds on the honest spec
// flows, is false on a state that breaks it (in both domains: the one text), and is
// inductive over the steps that write what it reads, while a spec mutant that lets a step
// break it makes it fail that step with a counterexample to induction.
//
// The full proof is `meshcheck prove --profile spec`; here only the few steps each lemma is
// about are explored (CI time).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>

#include "invariants/spec/spec.hpp"
#include "model/profile.hpp"
#include "mutation/spec/catalog.hpp"
#include "smt/prover.hpp"
#include "smt/spec/houdini.hpp"
#include "smt/spec/obligations.hpp"
#include "tests/support/spec_lemma_checks.hpp"
#include "tests/support/spec_step_sites.hpp"

namespace {

using namespace meshcheck;
namespace ms = model::spec;
namespace sp = invariants::spec;
using namespace meshcheck::smt::spec;
using namespace meshcheck::testing::spec_lemmas;

Address addr(u8 b) { return Address::filled(AddressKind::H160, b); }
const Address kQueue = addr(0xc1), kRegistry = addr(0xc2), kNft = addr(0xc3), kEscrow = addr(0xc4), kPhala = addr(0xc5),
              kMev = addr(0xc6);

const char* const kPartiesLemmas[] = {
    "lemma: no job escrow's payer or payee is a contract", "lemma: no capital's payer is a contract",
    "lemma: no contract has a claimable balance",          "lemma: no contract is a registered provider",
    "lemma: no token's owner is a contract",               "lemma: the executor is no contract"};
const char* const kNextBatch = "lemma: 1 <= next_batch <= batch_counter + 1";
const char* const kFifo = "lemma: Pending exactly from next_batch on";
const char* const kBatchIdsLeft = "lemma: batch_counter < u128::MAX";
const char* const kBatchLemmas[] = {"lemma: every id 1..batch_counter has a batch",
                                    "lemma: a batch lists at most MAX_BATCH_SIZE ids"};
const char* const kExclusiveForms[] = {"intent i names the batch that lists it",
                                       "batch b's intents name it (position 1)"};

// On the honest flows every lemma holds at every key, in both domains.
TEST(SpecLemmas, HoldOnTheFlows) {
  std::vector<std::string> parts(std::begin(kPartiesLemmas), std::end(kPartiesLemmas));
  parts.insert(parts.end(), std::begin(kExclusiveForms), std::end(kExclusiveForms));
  parts.push_back(kNextBatch);
  parts.push_back(kFifo);
  parts.push_back(kBatchIdsLeft);
  parts.insert(parts.end(), std::begin(kBatchLemmas), std::end(kBatchLemmas));
  for (const char* flow : {"public", "private", "failure", "data", "mev"}) {
    const sp::Sys s = system_after(flow);
    for (const auto& part : parts)
      for (unsigned k = 0; k <= 6; ++k) {
        Verdict v = judge(form_by_part(part), s, u128(k));
        EXPECT_TRUE(v.concrete && v.symbolic) << part << " on " << flow << " at " << k;
      }
  }
}

// Each is false on a state that breaks it (a party replaced by a contract, an intent's
// batch_id pointing elsewhere), in both domains.
TEST(SpecLemmas, EachIsFalseOnABrokenState) {
  struct Case {
    const char* part;
    const char* flow;
    std::size_t lines;  // the flow's first lines the state is taken after
    u128 key;
    std::function<void(sp::Sys&)> edit;
  };
  const std::vector<Case> cases{
      {kPartiesLemmas[0], "public", 100000, 1,
       [](sp::Sys& s) {
         auto& jobs = s.slot<ms::PaymentEscrow>().state.jobs;
         auto e = *jobs.entries.find(u128(1));
         e.payee = ms::Option<ms::Concrete, Address>::of(kQueue);  // the released price would go to the queue
         jobs.set(u128(1), e);
       }},
      {kPartiesLemmas[1], "mev", 100000, 1,
       [](sp::Sys& s) {
         auto& cap = s.slot<ms::PaymentEscrow>().state.capital;
         auto e = *cap.entries.find(u128(1));
         e.payer = kMev;
         cap.set(u128(1), e);
       }},
      {kPartiesLemmas[2], "data", 100000, 0,
       [](sp::Sys& s) { s.slot<ms::PaymentEscrow>().state.claimable.set(kNft, u128(5)); }},
      {kPartiesLemmas[3], "public", 100000, 0,
       [](sp::Sys& s) {
         auto& providers = s.slot<ms::ComputeProviderRegistry>().state.providers;
         Address some{};
         providers.entries.for_each([&](const Address& a, const auto&) { some = a; });
         providers.set(kEscrow, *providers.entries.find(some));
       }},
      {kPartiesLemmas[4], "data", 12, 1,
       [](sp::Sys& s) {
         auto& nfts = s.slot<ms::DataNftRegistry>().state.nfts;
         auto n = *nfts.entries.find(u128(1));
         n.owner = kPhala;
         nfts.set(u128(1), n);
       }},
      {kPartiesLemmas[5], "mev", 100000, 0, [](sp::Sys& s) { s.slot<ms::MevProtection>().state.executor = kRegistry; }},
      {kNextBatch, "mev", 100000, 0,
       [](sp::Sys& s) {  // next_batch past the batch create_batch would add next
         auto& m = s.slot<ms::MevProtection>().state;
         m.next_batch = m.batch_counter + u128(2);
       }},
      {kFifo, "mev", 100000, 1,
       [](sp::Sys& s) {  // batch 1, before next_batch, neither Executed nor Failed (nor Pending)
         auto& m = s.slot<ms::MevProtection>().state;
         auto b = *m.batches.entries.find(u128(1));
         b.status = ms::IntentStatus::Batched;
         m.batches.set(u128(1), b);
         m.next_batch = u128(2);
       }},
      {kBatchIdsLeft, "mev", 100000, 0,
       [](sp::Sys& s) {  // the id u128::MAX issued: its batch could never be executed
         s.slot<ms::MevProtection>().state.batch_counter = kU128Max;
       }},
      {kBatchLemmas[0], "mev", 100000, 1,
       [](sp::Sys& s) { s.slot<ms::MevProtection>().state.batches.remove(u128(1)); }},  // batch 1 never stored
      {kBatchLemmas[1], "mev", 100000, 1,
       [](sp::Sys& s) {  // batch 1 lists seven ids
         auto& batches = s.slot<ms::MevProtection>().state.batches;
         auto b = *batches.entries.find(u128(1));
         b.intent_ids.len = u32(ms::kMaxBatchSize + 1);
         batches.set(u128(1), b);
       }},
      {kExclusiveForms[0], "mev", 100000, 1,
       [](sp::Sys& s) {  // intent 1 names a batch that does not list it
         auto& intents = s.slot<ms::MevProtection>().state.intents;
         auto i = *intents.entries.find(u128(1));
         i.batch_id = ms::Option<ms::Concrete, u128>::of(u128(7));
         intents.set(u128(1), i);
       }},
      {kExclusiveForms[1], "mev", 100000, 1,
       [](sp::Sys& s) {  // batch 1 lists an intent that names no batch
         auto& intents = s.slot<ms::MevProtection>().state.intents;
         auto& batches = s.slot<ms::MevProtection>().state.batches;
         const u128 first = batches.entries.find(u128(1))->intent_ids.items[0];
         auto i = *intents.entries.find(first);
         i.batch_id = ms::Option<ms::Concrete, u128>{};
         intents.set(first, i);
       }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.part);
    sp::Sys s = system_after(c.flow, c.lines);
    Verdict honest = judge(form_by_part(c.part), s, c.key);
    EXPECT_TRUE(honest.concrete && honest.symbolic) << "false before the edit";
    c.edit(s);
    Verdict broken = judge(form_by_part(c.part), s, c.key);
    EXPECT_FALSE(broken.concrete);
    EXPECT_FALSE(broken.symbolic);
  }
}

// --- induction over the steps each lemma is about ------------------------------------------------

using meshcheck::testing::sites_named;

// "No stored party is a contract" (the state form of "a contract signs no call") over every
// step that stores a party: inductive (with the deployment as the only other candidate).
TEST(SpecLemmas, PartiesAreInductive) {
  const auto sites = sites_named({"ai_job_queue.submit_job", "ai_job_queue.assign_provider",
                                  "compute_provider_registry.register_provider", "compute_provider_registry.slash_stake",
                                  "data_nft_registry.mint_data_nft", "data_nft_registry.transfer",
                                  "data_nft_registry.purchase_subscription", "mev_protection.submit_intent",
                                  "mev_protection.set_executor", "mev_protection.execute_batch",
                                  "payment_escrow.withdraw_rewards"});
  const auto cands = candidates_of({std::begin(kPartiesLemmas), std::end(kPartiesLemmas)}, {kDeploymentLemma});
  ASSERT_EQ(cands.size(), std::size(kPartiesLemmas) + 1);
  HoudiniOutcome h = induct(sites, cands);
  for (std::size_t c = 0; c < cands.size(); ++c) EXPECT_TRUE(h.inductive[c]) << cands[c].name() << ": " << h.why[c];
}

// The design's amendment is what keeps two of them inductive: with transfer's or
// set_executor's NotAnAccount guard dropped (the design as first written), a token can be
// given to a contract, or a contract made the executor, and the lemma fails at that step.
TEST(SpecLemmas, PartiesFailWithoutTheAmendment) {
  const auto cands = candidates_of({std::begin(kPartiesLemmas), std::end(kPartiesLemmas)}, {kDeploymentLemma});
  struct Case {
    const char* site;
    Mutant mutant;
    const char* lemma;
  };
  for (const Case& c : {Case{"data_nft_registry.transfer", {"data_nft_registry", "transfer", "NotAnAccount#1", mutation::Op::kDropGuard},
                             kPartiesLemmas[4]},
                        Case{"mev_protection.set_executor",
                             {"mev_protection", "set_executor", "NotAnAccount#1", mutation::Op::kDropGuard}, kPartiesLemmas[5]}}) {
    SCOPED_TRACE(c.site);
    HoudiniOutcome h = induct(sites_named({c.site}), cands, &c.mutant);
    const std::size_t l = index_of(cands, c.lemma);
    EXPECT_FALSE(h.inductive[l]);
    EXPECT_FALSE(h.unknown[l]) << h.why[l];
    EXPECT_NE(h.why[l].find(std::string("counterexample to induction: step ") + c.site), std::string::npos) << h.why[l];
  }
}

// X-EXIT's "batch_counter < u128::MAX" over create_batch, the one step that writes
// batch_counter: inductive (with the deployment), from the guard of design §5 decision 16
// (the id u128::MAX is never issued); with that guard dropped (the design as first
// written: only batch_counter + 1 checked) create_batch can issue u128::MAX, a
// counterexample to induction there.
TEST(SpecLemmas, BatchIdsLeftIsInductive) {
  const auto sites = sites_named({"mev_protection.create_batch"});
  const auto cands = candidates_of({kBatchIdsLeft}, {kDeploymentLemma});
  ASSERT_EQ(cands.size(), 2u);
  HoudiniOutcome h = induct(sites, cands);
  for (std::size_t c = 0; c < cands.size(); ++c) EXPECT_TRUE(h.inductive[c]) << cands[c].name() << ": " << h.why[c];
  const Mutant m{"mev_protection", "create_batch", "IdsExhausted#1", mutation::Op::kDropGuard};
  HoudiniOutcome broken = induct(sites, cands, &m);
  expect_cti_at(broken, index_of(cands, kBatchIdsLeft), "mev_protection.create_batch");
}

// M-FIFO's two lemmas (before next_batch Executed or Failed, from it on Pending; next_batch
// within 1..batch_counter + 1) over the two steps that write batches or next_batch:
// inductive, with G-COUNTER's batches (no stored id above batch_counter: next_batch + 1
// stays within batch_counter + 1), "batch_counter < u128::MAX" and the deployment. With
// execute_batch's order check dropped (any Pending batch executed), a batch after
// next_batch gets an outcome while next_batch stays: a counterexample to induction at
// execute_batch. Measured: 115 s at load 9.
TEST(SpecLemmas, FifoLemmasAreInductive) {
  const auto sites = sites_named({"mev_protection.create_batch", "mev_protection.execute_batch"});
  const auto cands = candidates_of({kFifo, kNextBatch, "batches", kBatchIdsLeft}, {kDeploymentLemma});
  ASSERT_EQ(cands.size(), 5u);
  HoudiniOutcome h = induct(sites, cands);
  for (std::size_t c = 0; c < cands.size(); ++c) EXPECT_TRUE(h.inductive[c]) << cands[c].name() << ": " << h.why[c];
  const Mutant m{"mev_protection", "execute_batch", "OutOfOrder#1", mutation::Op::kDropGuard};
  HoudiniOutcome broken = induct(sites_named({"mev_protection.execute_batch"}), cands, &m);
  expect_cti_at(broken, index_of(cands, kFifo), "mev_protection.execute_batch");
}

// The batch lemmas of the exits (every id up to batch_counter has a batch; a batch lists at
// most MAX_BATCH_SIZE ids) over the two steps that write batches: inductive, with the
// deployment.
TEST(SpecLemmas, BatchLemmasAreInductive) {
  const auto sites = sites_named({"mev_protection.create_batch", "mev_protection.execute_batch"});
  const auto cands = candidates_of({std::begin(kBatchLemmas), std::end(kBatchLemmas)}, {kDeploymentLemma});
  ASSERT_EQ(cands.size(), 3u);
  HoudiniOutcome h = induct(sites, cands);
  for (std::size_t c = 0; c < cands.size(); ++c) EXPECT_TRUE(h.inductive[c]) << cands[c].name() << ": " << h.why[c];
}

// M-EXCLUSIVE's two parts (the batch part as its six positions) and G-COUNTER's for intents and batches (the new
// batch's id is above every stored one).
std::vector<std::string> exclusive_parts() {
  std::vector<std::string> out(std::begin(kExclusiveForms), std::end(kExclusiveForms));
  for (int p = 2; p <= 6; ++p) out.push_back("batch b's intents name it (position " + std::to_string(p) + ")");
  out.push_back("intents");
  out.push_back("batches");
  return out;
}

// M-EXCLUSIVE's state form (the link: an intent's batch_id names the batch that lists it)
// over the cheap steps that write intents: inductive with G-COUNTER's intents and batches.
// (create_batch, whose queries are large for its sorting network, is
// tests/spec_mev_test.cpp's ExclusiveIsInductiveOverCreateBatch; execute_batch, with its six
// nested escrow calls, is the full prover's: `meshcheck prove --profile spec`.) With
// cancel_intent's NotPending guard dropped (a Batched intent cancelled: Cancelled, yet still
// named by its batch) it fails there.
TEST(SpecLemmas, ExclusiveLinkIsInductive) {
  const auto sites = sites_named({"mev_protection.submit_intent", "mev_protection.cancel_intent"});
  const auto cands = candidates_of(exclusive_parts(), {kDeploymentLemma});
  ASSERT_EQ(cands.size(), 10u);
  HoudiniOutcome h = induct(sites, cands);
  for (std::size_t c = 0; c < cands.size(); ++c) EXPECT_TRUE(h.inductive[c]) << cands[c].name() << ": " << h.why[c];
}
TEST(SpecLemmas, ExclusiveLinkFailsWhenABatchedIntentIsCancelled) {
  const auto sites = sites_named({"mev_protection.cancel_intent"});
  const auto cands = candidates_of(exclusive_parts(), {kDeploymentLemma});
  const Mutant m{"mev_protection", "cancel_intent", "NotPending#1", mutation::Op::kDropGuard};
  HoudiniOutcome h = induct(sites, cands, &m);
  const std::size_t c = index_of(cands, kExclusiveForms[0]);
  expect_cti_at(h, c, "mev_protection.cancel_intent");
}

// --- what the parties lemmas are for -------------------------------------------------------------
// X-FORWARD at cancel_job: without the parties lemmas a free state may hold a job escrow
// whose payer is a forwarder (the queue), and the refund raises its balance: a
// counterexample to the step; with them (and the deployment) the step keeps X-FORWARD.
// (G-VALUE, the same argument over the six balances' sum, is the full prover's: its
// queries are larger.)
TEST(SpecLemmas, PartiesGiveForward) {
  smt::ProveOptions options;
  options.jobs = 2;
  const auto sites = sites_named({"ai_job_queue.cancel_job"});
  const auto cands = candidates_of({std::begin(kPartiesLemmas), std::end(kPartiesLemmas)}, {kDeploymentLemma});
  std::vector<const sp::StepForm*> forms;
  for (auto* m : sp::modules())
    for (auto& f : m->step_forms)
      if (f.id == "X-FORWARD") forms.push_back(&f);
  ASSERT_EQ(forms.size(), 1u);
  Workspace work(sites, cands, options.jobs);
  std::vector<char> all(cands.size(), 1), deployment_only(cands.size(), 0);
  deployment_only[cands.size() - 1] = cands.back().id == kDeploymentLemma;
  ASSERT_TRUE(deployment_only.back());
  auto with = prove_step_forms(forms, cands, all, work, options);
  auto without = prove_step_forms(forms, cands, deployment_only, work, options);
  EXPECT_TRUE(with[0].proved) << with[0].why;
  EXPECT_FALSE(without[0].proved);
  EXPECT_FALSE(without[0].unknown) << without[0].why;
  EXPECT_NE(without[0].why.find("counterexample to the step: transition ai_job_queue.cancel_job"), std::string::npos)
      << without[0].why;
}

}  // namespace

namespace {
// G-SOLVENT's escrow part (the escrow's balance covers its three ghost sums) over steps that
// pay out of the escrow to an account, with the parties lemmas: inductive (as integers:
// ghosts.hpp; as bit-vectors these steps were undecided within 15M units). With
// withdraw_rewards' write dropped (the claimable paid out but left credited) it fails there.
TEST(SpecLemmas, SolventOverWithdrawals) {
  const auto sites = sites_named({"payment_escrow.withdraw_rewards", "mev_protection.cancel_intent"});
  auto cands = candidates_of({std::begin(kPartiesLemmas), std::end(kPartiesLemmas)}, {kDeploymentLemma, "G-SOLVENT"});
  std::size_t solvent = 0;
  while (cands[solvent].id != "G-SOLVENT") ++solvent;
  HoudiniOutcome h = induct(sites, cands);
  EXPECT_TRUE(h.inductive[solvent]) << h.why[solvent];
  const Mutant m{"payment_escrow", "withdraw_rewards", "write#1", mutation::Op::kDropWrite};
  HoudiniOutcome broken = induct(sites_named({"payment_escrow.withdraw_rewards"}), cands, &m);
  EXPECT_FALSE(broken.inductive[solvent]);
  EXPECT_FALSE(broken.unknown[solvent]) << broken.why[solvent];
}
}  // namespace

namespace {
// G-SOLVENT's escrow part over execute_batch, which releases (a batch that met its volume)
// or refunds (one that did not) the capital of each of its 2 to 6 intents, a nested call
// into the escrow per position: the escrow's balance and the locked capital ghost both fall
// by the sum of the amounts. With the two lemmas that keep the payees off the system's
// contracts and the deployment: inductive, each path's proof within 3M units. It was
// undecided at 15M (the first full run dropped it): int_of read one position's amount as
// another's (smt/spec/ghosts.cpp IntMemo). Measured (MESHCHECK_SPEC_TRACE=1
// spec_lemmas_test --gtest_filter=SpecLemmas.SolventOverExecuteBatch): the largest path's
// proof 1.54M units (its cases alone, together); the one path asked under the set was
// undecided by its probe (2M, its case pushed) and proved with the run's limit in 915K
// (nothing pushed: smt/spec/houdini.cpp solver_for). With release_capital's write dropped
// (the capital paid out and left Locked) it fails there on a counterexample (a probe's
// sat, 32K units).
TEST(SpecLemmas, SolventOverExecuteBatch) {
  const std::string part = "escrow balance >= locked jobs + locked capital + claimable";
  const auto sites = sites_named({"mev_protection.execute_batch"});
  const auto cands = candidates_of(
      {part, "lemma: no capital's payer is a contract", "lemma: the executor is no contract"}, {kDeploymentLemma});
  ASSERT_EQ(cands.size(), 4u);
  const std::size_t solvent = index_of(cands, part, "G-SOLVENT");
  HoudiniOutcome h = induct(sites, cands);
  for (std::size_t c = 0; c < cands.size(); ++c) EXPECT_TRUE(h.inductive[c]) << cands[c].name() << ": " << h.why[c];
  for (auto& o : h.step_proofs[solvent]) EXPECT_LE(o.rlimit, 3'000'000u) << o.what;
  const Mutant m{"payment_escrow", "release_capital", "write#1", mutation::Op::kDropWrite};
  HoudiniOutcome broken = induct(sites, cands, &m);
  expect_cti_at(broken, solvent, "mev_protection.execute_batch");
}
}  // namespace

namespace {
// On demand (skipped without the variables): Houdini over the sites named in
// MESHCHECK_MEASURE_SITES (comma-separated, "contract.message"; "all" for every mutating
// site) with the candidates whose id or part is named in MESHCHECK_MEASURE_CANDS
// (comma-separated; "*" for all), the parties lemmas and the deployment: every one is inductive. Prints
// each candidate's outcome and the units of its proof (MESHCHECK_SPEC_TRACE=1: each query).
// E.g. G-SOLVENT over the steps that move the escrow's or the registry's balance.
TEST(SpecLemmas, Measure) {
  const auto names = meshcheck::testing::env_list("MESHCHECK_MEASURE_SITES");
  if (names.empty()) GTEST_SKIP() << "MESHCHECK_MEASURE_SITES not set";
  std::vector<StepSite> sites;
  for (auto& s : step_sites(false))
    if (names[0] == "all" || std::find(names.begin(), names.end(), s.name()) != names.end()) sites.push_back(s);
  auto wanted = meshcheck::testing::env_list("MESHCHECK_MEASURE_CANDS");
  std::vector<std::string> parts(std::begin(kPartiesLemmas), std::end(kPartiesLemmas));
  parts.insert(parts.end(), wanted.begin(), wanted.end());
  std::vector<std::string> ids = wanted;
  ids.push_back(kDeploymentLemma);
  // "*": every candidate (the whole set, as the prover's run has it).
  const bool all = std::find(wanted.begin(), wanted.end(), "*") != wanted.end();
  const auto cands = all ? state_candidates() : candidates_of(parts, ids);
  HoudiniOutcome h = induct(sites, cands);
  for (std::size_t c = 0; c < cands.size(); ++c) {
    std::uint64_t units = 0;
    for (auto& o : h.step_proofs[c]) units += o.rlimit;
    std::printf("%-70s %s %llu units %s\n", cands[c].name().c_str(),
                h.inductive[c] ? "PROVED" : (h.unknown[c] ? "UNKNOWN" : "CTI"), (unsigned long long)units, h.why[c].c_str());
    EXPECT_TRUE(h.inductive[c]) << cands[c].name() << ": " << h.why[c];
  }
}
}  // namespace

namespace {
// --- N-BALANCE and N-BURN's subscriptions: candidates at a free point ----------------------------
// The composed state of a concrete system, at the clock `now`, with N-BALANCE's ghost set to
// `owned` (the other ghosts 0: the candidates judged here do not read them).
ComposedState composed(const sp::Sys& s, u64 now, std::size_t owned) {
  ComposedState c = standard_state();
  c.sys = ms::lift_system(s);
  c.clock.now = ms::SUint<64>(ms::current_context().bv_val(std::to_string(now).c_str(), 64));
  c.ghosts.at(ghost_index("nft.owned_at_point")) = ms::current_context().bv_val(unsigned(owned), 128);
  return c;
}
const StateCandidate& candidate(const std::string& id, const std::string& part_start) {
  static const std::vector<StateCandidate> all = state_candidates();
  for (auto& c : all)
    if (c.id == id && c.part.rfind(part_start, 0) == 0) return c;
  throw std::logic_error("no candidate " + id + " " + part_start);
}
// The live tokens `a` owns in `s` (N-BALANCE's statement, counted).
std::size_t live_tokens_of(const sp::Sys& s, const Address& a) {
  std::size_t n = 0;
  s.slot<ms::DataNftRegistry>().state.nfts.entries.for_each([&](const u128&, const sp::Nft& t) { n += t.owner == a; });
  return n;
}
// The symbolic candidate's verdict at account `a` (N-BALANCE's point), token `t` (the key
// and N-BURN's point), subscriber `sub`.
bool holds_at(const StateCandidate& c, const sp::Sys& s, u64 now, std::size_t owned, const Address& a, const u128& t,
              const Address& sub) {
  z3::context ctx;
  ms::SymbolicScope scope(ctx);
  z3::solver solver(ctx);
  solver.add(point_account() == ms::SAddr(a).e);
  solver.add(ctx.bv_const("point.token", 128) == ctx.bv_val(t.str().c_str(), 128));
  solver.add(ctx.bv_const("point.subscriber", 160) == ms::SAddr(sub).e);
  solver.add(!c.at(composed(s, now, owned), ctx.bv_val(t.str().c_str(), 128)));
  return solver.check() == z3::unsat;
}
const Address kActors[] = {addr(0x01), addr(0x02), addr(0x03), addr(0x04), addr(0x05)};

// N-BALANCE's candidate agrees with its concrete statement (count == live tokens owned),
// with the ghost at the true count, on the flows; and is false when a count is off by one.
TEST(SpecLemmas, BalanceAtAPointMatchesItsCheck) {
  const StateCandidate& c = candidate("N-BALANCE", "");
  for (const char* flow : {"data", "public"}) {
    sp::Sys s = system_after(flow);
    for (const Address& a : kActors) {
      const std::size_t owned = live_tokens_of(s, a);
      const bool concrete = BigInt(s.slot<ms::DataNftRegistry>().state.owner_nft_count.get_or_default(a)) == BigInt(owned);
      EXPECT_TRUE(concrete) << flow;
      EXPECT_EQ(holds_at(c, s, 0, owned, a, 0, a), concrete) << flow << " at " << a.hex();
      // A count one off (a step that forgot it): both false.
      sp::Sys broken = s;
      auto& counts = broken.slot<ms::DataNftRegistry>().state.owner_nft_count;
      counts.set(a, counts.get_or_default(a) + u128(1));
      EXPECT_FALSE(holds_at(c, broken, 0, owned, a, 0, a)) << flow << " at " << a.hex();
    }
  }
}

// N-BURN's subscriptions part and its lemmas: the candidate (the symbolic text at a point)
// and the concrete text agree at every (token, subscriber) of the data flow and at edited
// states that break each.
TEST(SpecLemmas, SubscriptionFormsMatchTheirChecks) {
  // The data flow at its end (every subscribed token burnt by then) and at the first line
  // after which a subscription to a live token exists (the broken states are edits of it).
  const sp::Sys end = system_after("data");
  auto live_keys = [](const sp::Sys& s) {
    std::vector<sp::SubKey> out;
    const auto& st = s.slot<ms::DataNftRegistry>().state;
    st.subscriptions.entries.for_each([&](const sp::SubKey& k, const auto&) {
      if (st.nfts.entries.find(k.first)) out.push_back(k);
    });
    return out;
  };
  std::size_t lines = 1;
  while (lines < 60 && live_keys(system_after("data", lines)).empty()) ++lines;
  const sp::Sys honest = system_after("data", lines);
  const std::vector<sp::SubKey> keys = live_keys(honest);
  ASSERT_FALSE(keys.empty()) << "the data flow buys a subscription";
  const sp::SubKey key = keys.front();
  // Each state judged at the latest expiry it holds (the flow burns only expired tokens),
  // the broken ones before any expiry.
  auto latest = [](const sp::Sys& s) {
    u64 late = 0;
    s.slot<ms::DataNftRegistry>().state.subscriptions.entries.for_each(
        [&](const sp::SubKey&, const sp::Subscription& sub) { late = std::max<u64>(late, sub.expires_at); });
    return late;
  };
  const u64 now = 1;
  auto agree = [&](const sp::Sys& s, const sp::SubscriptionForm& f, const u128& t, const Address& a, u64 at) {
    const bool concrete = f.concrete(s, t, a, at);
    EXPECT_EQ(holds_at(candidate(std::string(f.id), std::string(f.part)), s, at, 0, a, t, a), concrete)
        << f.part << " at token " << t.str() << ", " << a.hex() << ", now " << at;
    return concrete;
  };
  for (const auto& f : sp::subscription_forms()) {
    SCOPED_TRACE(std::string(f.part));
    for (const sp::Sys* s : {&honest, &end}) {
      for (unsigned t = 0; t <= 4; ++t)
        for (const Address& a : kActors) EXPECT_TRUE(agree(*s, f, u128(t), a, latest(*s)));
      s->slot<ms::DataNftRegistry>().state.subscriptions.entries.for_each(
          [&](const sp::SubKey& k, const auto&) { EXPECT_TRUE(agree(*s, f, k.first, k.second, latest(*s))); });
    }
  }
  const auto& forms = sp::subscription_forms();
  ASSERT_EQ(forms.size(), 2u);
  // The token burnt with its subscription live: the part fails (the lemmas do not speak of it).
  sp::Sys burnt = honest;
  burnt.slot<ms::DataNftRegistry>().state.nfts.remove(key.first);
  EXPECT_FALSE(agree(burnt, forms[0], key.first, key.second, now));
  // A subscription to a token not yet minted: the lemma fails.
  sp::Sys early = honest;
  {
    auto& st = early.slot<ms::DataNftRegistry>().state;
    const sp::SubKey ahead{st.total_supply + u128(1), key.second};
    st.subscriptions.set(ahead, *st.subscriptions.entries.find(key));
    EXPECT_FALSE(agree(early, forms[1], ahead.first, ahead.second, now));
  }
  // A subscription that outlasts its live token's subscribed_until: the lemma fails.
  sp::Sys longer = honest;
  {
    auto& st = longer.slot<ms::DataNftRegistry>().state;
    auto sub = *st.subscriptions.entries.find(key);
    sub.expires_at = st.nfts.entries.find(key.first)->subscribed_until + 1;
    st.subscriptions.set(key, sub);
    EXPECT_FALSE(agree(longer, forms[1], key.first, key.second, now));
  }
}

// Over the NFT registry's steps, N-BALANCE (at a free account) and N-BURN (both parts, with
// the subscriptions' lemmas) are inductive with G-COUNTER's tokens and the deployment;
// with transfer's count write dropped N-BALANCE fails at transfer, and with burn's
// ActiveSubscriptions guard dropped N-BURN's subscriptions part fails at burn.
const std::vector<StepSite> nft_sites() {
  return sites_named({"data_nft_registry.mint_data_nft", "data_nft_registry.transfer", "data_nft_registry.approve",
                      "data_nft_registry.update_metadata", "data_nft_registry.update_access_policy",
                      "data_nft_registry.purchase_subscription", "data_nft_registry.access_data",
                      "data_nft_registry.burn"});
}
std::vector<StateCandidate> nft_candidates() {
  return candidates_of({"tokens", "lemma: no token's owner is a contract"}, {"N-BALANCE", "N-BURN", kDeploymentLemma});
}
// At 30M units a query: N-BURN's lemma at purchase_subscription's written key took more
// than the default 15M from this small set (undecided since Houdini's full-limit queries are
// asked unpushed, stop 25). Split at the subscriber point (stop 26), its case at the step's
// own subscriber is 1.6M and the case at another subscriber about 12.6M of the 15M in the
// full run: still the margin to watch.
TEST(SpecLemmas, BalanceAndBurnAreInductive) {
  const auto cands = nft_candidates();
  HoudiniOutcome h = induct(nft_sites(), cands, nullptr, 30'000'000);
  for (std::size_t c = 0; c < cands.size(); ++c) EXPECT_TRUE(h.inductive[c]) << cands[c].name() << ": " << h.why[c];
}
// N-BURN's subscriptions part is stated at a free token and subscriber (point.token,
// point.subscriber); purchase_subscription writes the pair (nft_id, caller) and the token
// nft_id. Split at those points (houdini.cpp's split_at_written_keys), the part's step there
// is proved by its query alone within the 2M units alone gets: unsplit, that query was
// undecided alone and took 9.97M units under the set in one run and more than 15M in another.
TEST(SpecLemmas, BurnsSubscriptionsPartIsSplitAtItsPoints) {
  const auto cands = nft_candidates();
  HoudiniOutcome h = induct(sites_named({"data_nft_registry.purchase_subscription"}), cands);
  std::size_t part = 0;
  while (part < cands.size() && cands[part].part != "a burnt token keeps no unexpired subscription") ++part;
  ASSERT_LT(part, cands.size());
  ASSERT_TRUE(h.inductive[part]) << h.why[part];
  ASSERT_FALSE(h.step_proofs[part].empty());
  for (auto& o : h.step_proofs[part]) {
    EXPECT_EQ(o.what.find("under the set"), std::string::npos) << o.what;
    EXPECT_LE(o.rlimit, 2'000'000u) << o.what;
  }
}
// create_batch changes nothing N-BURN's subscriptions part reads but the clock, and its
// guard grows with the batch: in the full run (every candidate, so more keys to assume it
// at) the part alone at the six-intent path was undecided within the 2M units alone gets,
// and its query under the set took 6.77M units in one run and more than 15M in another.
// Here, with the NFT candidates only, alone takes 187K to 347K units a path, so the limit is
// set below that (250K): each path's case undecided alone is asked alone again without the
// path's guard (houdini.cpp's without_guard: 69K units, its proof then reused at the other
// paths with the same case), and every path's step is proved alone, some of them so.
TEST(SpecLemmas, BurnsSubscriptionsPartAtCreateBatchNeedsNoGuard) {
  const auto cands = nft_candidates();
  HoudiniOutcome h = induct(sites_named({"mev_protection.create_batch"}), cands, nullptr, 250'000);
  std::size_t part = 0;
  while (part < cands.size() && cands[part].part != "a burnt token keeps no unexpired subscription") ++part;
  ASSERT_LT(part, cands.size());
  ASSERT_TRUE(h.inductive[part]) << h.why[part];
  ASSERT_FALSE(h.step_proofs[part].empty());
  std::size_t unguarded = 0;
  for (auto& o : h.step_proofs[part]) {
    EXPECT_EQ(o.what.find("under the set"), std::string::npos) << o.what;
    unguarded += o.what.find("without the path's guard") != std::string::npos;
  }
  EXPECT_GE(unguarded, 1u);
}
TEST(SpecLemmas, BalanceAndBurnFailOnBrokenSteps) {
  const auto cands = nft_candidates();
  struct Case {
    const char* site;
    Mutant mutant;
    const char* id;
    const char* part;
  };
  for (const Case& c :
       {Case{"data_nft_registry.transfer", {"data_nft_registry", "transfer", "write#2", mutation::Op::kDropWrite}, "N-BALANCE", ""},
        Case{"data_nft_registry.burn",
             {"data_nft_registry", "burn", "ActiveSubscriptions#1", mutation::Op::kDropGuard},
             "N-BURN",
             "a burnt token keeps no unexpired subscription"}}) {
    SCOPED_TRACE(c.site);
    HoudiniOutcome h = induct(sites_named({c.site}), cands, &c.mutant);
    std::size_t i = 0;
    while (i < cands.size() && !(cands[i].id == c.id && (!*c.part || cands[i].part == c.part))) ++i;
    ASSERT_LT(i, cands.size());
    EXPECT_FALSE(h.inductive[i]);
    EXPECT_FALSE(h.unknown[i]) << h.why[i];
    EXPECT_NE(h.why[i].find(std::string("counterexample to induction: step ") + c.site), std::string::npos) << h.why[i];
  }
}
}  // namespace
