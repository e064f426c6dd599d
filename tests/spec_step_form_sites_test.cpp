// The step forms Z3 could not decide at one site within the default 15M units per query
// (X-BIDDER at assign_provider, X-DATA at submit_job, X-REVENUE at purchase_subscription,
// X-SLASH at slash_stake, G-VALUE at resolve_dispute and submit_job, E-ONCE at execute_batch,
// R-STAKE at add_stake, E-CONSERVE at submit_job and execute_batch, E-AUTH and N-AUTH at
// purchase_subscription, M-LIFECYCLE at execute_batch), each decided
// there by the prover's own obligation (smt/spec/obligations.hpp prove_step_forms: by cases
// of where the form's quantified keys are; under the set, as integers and at the level of
// bits first: smt/spec/ask.hpp)
// within that limit. Each can fail there: under a spec mutant that breaks what the form
// states, the form is not proved and the step alone admits its negation (its first query
// is sat). X-REVENUE's two sums are measured here too, at every site that writes what they
// read (they were a part of its statement no form stated until they became step forms).
//
// The candidates assumed are every state candidate but X-MEV's and M-EXCLUSIVE's (the
// full proof's induction does not yet keep those; M-LIFECYCLE's test assumes X-MEV, which it
// needs): the cone of each query takes from them only what shares state with the step and
// the form. Only the one site is explored
// (CI time); the full proof is `meshcheck prove --profile spec`.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "invariants/spec/spec.hpp"
#include "smt/spec/ghosts.hpp"
#include "smt/spec/obligations.hpp"
#include "smt/spec/step.hpp"
#include "smt/spec/workspace.hpp"
#include "tests/support/spec_lemma_checks.hpp"
#include "tests/support/spec_step_sites.hpp"

namespace {

using namespace meshcheck;
namespace sp = invariants::spec;
using namespace meshcheck::smt::spec;
using meshcheck::testing::sites_named;
using meshcheck::testing::spec_lemmas::Mutant;

struct Decided {
  FormOutcome outcome;
  std::uint64_t units = 0;    // over every obligation of the site
  bool broken_alone = false;  // some path's guard and the environment alone admit the form's negation (sat)
  std::size_t refused_paths = 0;  // of the site
};

// The limit of a mutant's run: enough for every attempt before the query itself (ask.hpp:
// 500K as integers, 4M at the level of bits), the only ones that could prove a broken form
// (the query itself is exact); the query itself, undecided at these sites under 15M too,
// would take 15M more units (a test of 30 s).
constexpr std::uint64_t kMutantRlimit = 4'000'000;

// The step forms of invariant `id` (only its part `part`, when given) at `site` (with
// `mutant` active while it is explored), as prove_step_forms decides them on two threads:
// with the default limit, or kMutantRlimit under a mutant.
Decided decide(const std::string& site, const std::string& id, const Mutant* mutant = nullptr,
               const std::string& part = "", bool ask_alone = true, bool with_mev = false) {
  const std::vector<StepSite> sites = sites_named({site});
  const std::vector<StateCandidate> cands = state_candidates();
  std::vector<char> inductive(cands.size(), 1);
  for (std::size_t c = 0; c < cands.size(); ++c)
    if ((cands[c].id == "X-MEV" && !with_mev) || cands[c].id == "M-EXCLUSIVE") inductive[c] = 0;
  std::vector<const sp::StepForm*> forms;
  for (auto* m : sp::modules())
    for (auto& f : m->step_forms)
      if (f.id == id && (part.empty() || f.part == part)) forms.push_back(&f);
  for (auto& f : ghost_step_forms())  // E-CONSERVE, R-STAKE: the prover's own, over the ghost sums
    if (f.id == id && (part.empty() || f.part == part)) forms.push_back(&f);
  EXPECT_FALSE(forms.empty()) << id << " " << part;
  smt::ProveOptions options;
  options.jobs = 2;
  if (mutant) options.rlimit = kMutantRlimit;
  if (mutant) {
    const mutation::spec::SpecSite* at = nullptr;
    for (auto& s : mutation::spec::spec_sites())
      if (s.contract == mutant->contract && s.message == mutant->message && s.key == mutant->key) at = &s;
    EXPECT_NE(at, nullptr) << mutant->message << ":" << mutant->key;
    if (at) mutation::spec::activate(*at, mutant->op);
  }
  Workspace work(sites, cands, options.jobs);
  mutation::spec::deactivate();
  Decided out;
  for (auto& w : work.sites())
    for (auto& p : w.mp->paths) out.refused_paths += !p.ok;
  // Under a mutant, the prover's first query on each path, `assumptions ∧ guard ∧ ghost
  // facts ∧ ¬form`: sat when the step itself breaks the form. (Not asked of the true model:
  // there it is undecided on some paths, 15M units each.)
  if (mutant && ask_alone)
    work.for_each([&](std::size_t, SiteWork& w) {
      for (std::size_t n = 0; n < w.mp->paths.size(); ++n)
        for (const sp::StepForm* f : forms) {
          z3::solver s(*w.ctx);
          z3::params limits(*w.ctx);
          limits.set("rlimit", unsigned(options.rlimit));
          s.set(limits);
          s.add(abstract_lengths(w.env->assumptions && w.mp->paths[n].guard.e && w.facts[n] &&
                                 !f->symbolic(w.pre->sys, w.env->env, w.mp->paths[n])));
          if (s.check() == z3::sat) out.broken_alone = true;
        }
    });
  std::vector<FormOutcome> outs = prove_step_forms(forms, cands, inductive, work, options);
  out.outcome = outs.empty() ? FormOutcome{} : outs.front();
  for (auto& o : outs) {
    if (!o.proved && out.outcome.proved) out.outcome = o;
    for (auto& ob : o.obligations) out.units += ob.rlimit;
  }
  return out;
}

void expect_proved(const std::string& site, const std::string& id, std::uint64_t at_most, const std::string& part = "",
                   bool with_mev = false) {
  Decided d = decide(site, id, nullptr, part, true, with_mev);
  const std::string what = id + (part.empty() ? "" : " (" + part + ")");
  EXPECT_TRUE(d.outcome.proved) << what << " at " << site << ": " << d.outcome.why;
  EXPECT_LE(d.units, at_most) << what << " at " << site;
  std::cout << what << " at " << site << ": " << (d.outcome.proved ? "proved" : "not proved") << " in " << d.units
            << " units; the step alone " << (d.broken_alone ? "admits" : "does not admit") << " its negation\n";
}

// Under the mutant the form is not proved, and the step alone breaks it: its first query is
// sat. (From the set, Z3's default solver does not find the counterexample within the
// limit at these sites: the prover reports the form UNKNOWN there, never PROVED.)
// `alone_decided` false: that first query, unsplit, is not decided within kMutantRlimit
// either (a form the prover decides only by cases), so it is not asked; the test then holds
// the prover to not proving the broken form.
void expect_refuted(const std::string& site, const std::string& id, const Mutant& m, const std::string& part = "",
                    bool alone_decided = true, bool with_mev = false) {
  Decided d = decide(site, id, &m, part, alone_decided, with_mev);
  EXPECT_FALSE(d.outcome.proved) << id << " at " << site << " under " << m.message << ":" << m.key;
  if (alone_decided) {
    EXPECT_TRUE(d.broken_alone) << id << " at " << site << " under " << m.message << ":" << m.key;
  }
  std::cout << id << " at " << site << " under " << m.message << ":" << m.key << ": "
            << (d.outcome.unknown ? "UNKNOWN" : "counterexample") << " (" << d.outcome.why << ")\n";
}

// Measured units over the whole site (every path, every case) with Z3 4.8.12; the bounds
// leave room, and stay below the 15M of one query.
TEST(SpecStepFormSites, BidderAtAssignProvider) {
  expect_proved("ai_job_queue.assign_provider", "X-BIDDER", 1'000'000);
}
TEST(SpecStepFormSites, BidderFailsWhenAnIneligibleProviderIsAssigned) {
  expect_refuted("ai_job_queue.assign_provider", "X-BIDDER",
                 {"ai_job_queue", "assign_provider", "ProviderNotEligible#1", mutation::Op::kDropGuard});
}

TEST(SpecStepFormSites, DataAtSubmitJob) { expect_proved("ai_job_queue.submit_job", "X-DATA", 1'000'000); }
TEST(SpecStepFormSites, DataFailsWhenAccessIsNotChecked) {
  expect_refuted("ai_job_queue.submit_job", "X-DATA",
                 {"ai_job_queue", "submit_job", "NoDataAccess#1", mutation::Op::kDropGuard});
}

TEST(SpecStepFormSites, RevenueAtPurchaseSubscription) {
  expect_proved("data_nft_registry.purchase_subscription", "X-REVENUE", 4'000'000);
}
TEST(SpecStepFormSites, RevenueFailsWhenTheOwnerIsNotCredited) {
  expect_refuted("data_nft_registry.purchase_subscription", "X-REVENUE",
                 {"payment_escrow", "distribute_rewards", "write#1", mutation::Op::kDropWrite});
}

// X-REVENUE's sums (invariants/spec/cross.cpp: step forms, no ghost state), at every site
// that writes what they read: the frames of purchase_subscription and distribute_rewards
// (a top-level distribute_rewards is refused: its caller is no contract), the tokens'
// total_revenue (every message of data_nft_registry that stores a token). Elsewhere a
// path runs neither frame and keeps the token map, so each form is true as built.
const char* const kRevenueCredited = "Σ subscription prices paid = Σ distribute_rewards credits";
const char* const kRevenueHeld = "Σ subscription prices paid = Σ total_revenue of live and burnt tokens";
TEST(SpecStepFormSites, RevenueSumsAtPurchaseSubscription) {
  expect_proved("data_nft_registry.purchase_subscription", "X-REVENUE", 2'000'000, kRevenueCredited);
  expect_proved("data_nft_registry.purchase_subscription", "X-REVENUE", 8'000'000, kRevenueHeld);
}
TEST(SpecStepFormSites, RevenueSumsAtTheOtherSitesThatWriteThem) {
  expect_proved("payment_escrow.distribute_rewards", "X-REVENUE", 1'000'000, kRevenueCredited);
  expect_proved("payment_escrow.withdraw_rewards", "X-REVENUE", 1'000'000, kRevenueCredited);
  for (const char* site :
       {"data_nft_registry.mint_data_nft", "data_nft_registry.transfer", "data_nft_registry.update_metadata",
        "data_nft_registry.update_access_policy", "data_nft_registry.access_data", "data_nft_registry.burn"})
    expect_proved(site, "X-REVENUE", 2'000'000, kRevenueHeld);
}
// A purchase that takes a payment other than its price (the exact-payment check dropped)
// pays the escrow the price: Σ paid and Σ credited part.
TEST(SpecStepFormSites, RevenueCreditedFailsWhenThePaymentIsNotThePrice) {
  expect_refuted("data_nft_registry.purchase_subscription", "X-REVENUE",
                 {"data_nft_registry", "purchase_subscription", "WrongPayment#1", mutation::Op::kDropGuard},
                 kRevenueCredited);
}
// A purchase whose token is not stored back (its total_revenue not raised).
TEST(SpecStepFormSites, RevenueHeldFailsWhenAPurchaseDoesNotRaiseTotalRevenue) {
  expect_refuted("data_nft_registry.purchase_subscription", "X-REVENUE",
                 {"data_nft_registry", "purchase_subscription", "write#2", mutation::Op::kDropWrite}, kRevenueHeld);
}

// Decided as integers (smt/spec/ask.hpp): the j = job_id case under the set took 11.9M
// units (all candidates assumed) and exhausted 15M without X-MEV's and M-EXCLUSIVE's; its
// `after + amount = before` equalities read as integers, it takes tens of thousands
// (measured: 72 039 units over the site; 0.8 s at load 12).
TEST(SpecStepFormSites, SlashAtSlashStake) {
  expect_proved("compute_provider_registry.slash_stake", "X-SLASH", 1'000'000);
}
// The slash raises the stake by the amount instead of lowering it: the arithmetic the
// attempt as integers reads is wrong, and it must not prove the form (measured: UNKNOWN, the
// query itself exhausting kMutantRlimit; 4.2 s at load 12).
TEST(SpecStepFormSites, SlashFailsWhenTheStakeRises) {
  expect_refuted("compute_provider_registry.slash_stake", "X-SLASH",
                 {"compute_provider_registry", "slash_stake", "sub#1", mutation::Op::kSwapPlusMinus});
}

// Decided as integers: the dispute's ok paths that move value (release, refund) exhausted
// 15M under the set; their sums of the six balances read as integers, tens of thousands
// (measured: 108 373 units over the site; 4.2 s at load 12, most of it exploring the site).
TEST(SpecStepFormSites, ValueAtResolveDispute) { expect_proved("ai_job_queue.resolve_dispute", "G-VALUE", 1'000'000); }
// No spec mutant breaks G-VALUE at resolve_dispute: no value enters it (neither it nor its
// callees is payable) and a transfer, dropped or redirected, moves value without making or
// destroying it. Its failing variant is at the registry's slash, whose nested call pays
// the escrow: with that value never credited to the escrow, the balances' sums (the same
// integer reading) fall by it (measured: UNKNOWN, kMutantRlimit exhausted; 4.0 s at load 12).
TEST(SpecStepFormSites, ValueFailsWhenASlashsValueVanishes) {
  expect_refuted("compute_provider_registry.slash_stake", "G-VALUE",
                 {"payment_escrow", "slash_stake", "credit", mutation::Op::kDropCredit});
}
TEST(SpecStepFormSites, OnceAtExecuteBatch) { expect_proved("mev_protection.execute_batch", "E-ONCE", 2'000'000); }
TEST(SpecStepFormSites, OnceFailsWhenAClosedCapitalIsReleased) {
  expect_refuted("mev_protection.execute_batch", "E-ONCE",
                 {"payment_escrow", "release_capital", "NotLocked#1", mutation::Op::kDropGuard});
}

// The ghost forms (smt/spec/ghosts.hpp), equalities of integers: modulo 2^260 they were
// undecided at these sites within 15M units (the first full run); as integers each is
// decided from the step alone (measured: R-STAKE 32 units over add_stake, E-CONSERVE 256
// over submit_job).
TEST(SpecStepFormSites, StakeAtAddStake) { expect_proved("compute_provider_registry.add_stake", "R-STAKE", 100'000); }
// The stake added is not stored: the registry's balance rises, Σ stakes does not.
TEST(SpecStepFormSites, StakeFailsWhenAnAddedStakeIsNotStored) {
  expect_refuted("compute_provider_registry.add_stake", "R-STAKE",
                 {"compute_provider_registry", "add_stake", "write#1", mutation::Op::kDropWrite});
}
TEST(SpecStepFormSites, ConserveAtSubmitJob) { expect_proved("ai_job_queue.submit_job", "E-CONSERVE", 100'000); }
// The job's escrow is not stored: the escrow's balance rises by the budget, Σ Locked does not.
TEST(SpecStepFormSites, ConserveFailsWhenADepositIsNotRecorded) {
  expect_refuted("ai_job_queue.submit_job", "E-CONSERVE",
                 {"payment_escrow", "deposit_escrow", "write#1", mutation::Op::kDropWrite});
}
// A refused call leaves the state as it was, so a form is most often the same formula on
// every refused path of a site, and the prover asks it once for all of them, without their
// guards (obligations.cpp prove_refused_together): at submit_job, E-CONSERVE's refused paths
// are proved by one obligation, not one each.
TEST(SpecStepFormSites, RefusedPathsAreProvedTogether) {
  Decided d = decide("ai_job_queue.submit_job", "E-CONSERVE");
  ASSERT_TRUE(d.outcome.proved) << d.outcome.why;
  ASSERT_GE(d.refused_paths, 2u);
  std::size_t together = 0, paths_in_them = 0;
  for (auto& o : d.outcome.obligations) {
    const auto at = o.what.find("(refused, ");
    if (at == std::string::npos) continue;
    ++together;
    paths_in_them += std::stoul(o.what.substr(at + 10));
    EXPECT_NE(o.what.find("without the guards"), std::string::npos) << o.what;
  }
  EXPECT_EQ(together, 1u);
  EXPECT_EQ(paths_in_them, d.refused_paths);
}
// Not a proof by leaving the guards out: a refused deposit that keeps the value it brought
// (the spec mutant keep-on-revert) breaks G-ATOMIC (a refused call changes nothing) on the
// refused paths themselves (the step alone admits its negation there). The query without
// the guards is not unsat, and its sat is no counterexample: the paths are then asked one by
// one, and what the form's outcome names is a path (here undecided within the mutant's
// limit at the first refused path, as expect_refuted allows: never PROVED).
TEST(SpecStepFormSites, AtomicFailsWhenARefusedDepositKeepsItsValue) {
  const Mutant keep{"payment_escrow", "deposit_escrow", "credit", mutation::Op::kKeepOnRevert};
  Decided d = decide("payment_escrow.deposit_escrow", "G-ATOMIC", &keep);
  EXPECT_FALSE(d.outcome.proved);
  EXPECT_TRUE(d.broken_alone);
  EXPECT_EQ(d.outcome.why.find("(ok)"), std::string::npos) << d.outcome.why;
  EXPECT_EQ(d.outcome.why.find("refused, "), std::string::npos) << d.outcome.why;
  EXPECT_EQ(d.outcome.why.find("without the guards"), std::string::npos) << d.outcome.why;
  for (auto& o : d.outcome.obligations) EXPECT_EQ(o.what.find("(refused, "), std::string::npos) << o.what;
  std::cout << "G-ATOMIC at deposit_escrow under keep-on-revert: " << d.outcome.why << "\n";
}
// The same form on the true model: its refused paths proved together.
TEST(SpecStepFormSites, AtomicAtDepositEscrow) {
  Decided d = decide("payment_escrow.deposit_escrow", "G-ATOMIC");
  EXPECT_TRUE(d.outcome.proved) << d.outcome.why;
  EXPECT_TRUE(std::any_of(d.outcome.obligations.begin(), d.outcome.obligations.end(),
                          [](const auto& o) { return o.what.find("(refused, ") != std::string::npos; }));
}

// E-CONSERVE at execute_batch (the first full run stopped at submit_job, the first site in
// table order): undecided at 15M units as an equality modulo 2^260, and as integers too
// until int_of's memo kept its terms alive (ghosts.cpp); now each ok path is decided under
// the set, by the query itself (measured: 8 508 118 units over the site; 12 050 994 with
// every candidate assumed, at most 3.3M a path; 47 s at load 12, most of it exploring the
// site).
TEST(SpecStepFormSites, ConserveAtExecuteBatch) {
  expect_proved("mev_protection.execute_batch", "E-CONSERVE", 20'000'000);
}

// G-VALUE at submit_job: undecided in the first full run (before the attempt as integers);
// each of its four ok paths is now decided under the set as integers (measured: 20 162 units
// over the site, beside the 250K each first attempt alone spends).
TEST(SpecStepFormSites, ValueAtSubmitJob) { expect_proved("ai_job_queue.submit_job", "G-VALUE", 500'000); }
// The escrow is never credited the budget the queue forwards to it: the six balances' sum
// falls by it.
TEST(SpecStepFormSites, ValueFailsWhenADepositsValueVanishes) {
  expect_refuted("ai_job_queue.submit_job", "G-VALUE",
                 {"payment_escrow", "deposit_escrow", "credit", mutation::Op::kDropCredit});
}

// E-AUTH at purchase_subscription: the case at the credited owner's claimable (E-AUTH.account
// at the key distribute_rewards wrote) is decided at the level of bits, the price's product
// abstracted (measured: 875 706 units over the site).
TEST(SpecStepFormSites, AuthAtPurchaseSubscription) {
  expect_proved("data_nft_registry.purchase_subscription", "E-AUTH", 3'000'000);
}
// The owner's claimable falls by the price instead of rising: a debit no withdraw_rewards made.
TEST(SpecStepFormSites, AuthFailsWhenACreditIsADebit) {
  expect_refuted("data_nft_registry.purchase_subscription", "E-AUTH",
                 {"payment_escrow", "distribute_rewards", "add#1", mutation::Op::kSwapPlusMinus}, "", false);
}

// E-AUTH at slash_stake (outside the six: found undecided at 15M in SurveyForms over every
// site, the case at the credited payer's claimable, where the same query alone took 13.2M
// units): an undecided case is asked conjunct by conjunct (obligations.cpp), each under the
// cone of its conjunct (with SurveyForms' MESHCHECK_SURVEY_RLIMIT=5000000, the ten took
// 2 613 478 units, the claimable conjunct 2.59M of them; measured here: 3 702 249 units).
TEST(SpecStepFormSites, AuthAtSlashStake) {
  expect_proved("compute_provider_registry.slash_stake", "E-AUTH", 20'000'000);
}
// The payer's claimable falls by the slashed amount instead of rising.
TEST(SpecStepFormSites, AuthFailsWhenASlashDebits) {
  expect_refuted("compute_provider_registry.slash_stake", "E-AUTH",
                 {"payment_escrow", "slash_stake", "add#1", mutation::Op::kSwapPlusMinus}, "", false);
}

// N-AUTH at purchase_subscription: split at the subscription's key, the pair (n, subscriber)
// (obligations.cpp quantified_tuples: the map is read at the pair, never at n or the
// subscriber alone), the case at the written pair is decided at the level of bits; unsplit,
// the query exhausted 15M units (measured: 2 823 550 units over the site).
TEST(SpecStepFormSites, NftAuthAtPurchaseSubscription) {
  expect_proved("data_nft_registry.purchase_subscription", "N-AUTH", 6'000'000);
}
// A purchase that shortens a live subscription (its length subtracted from the expiry).
TEST(SpecStepFormSites, NftAuthFailsWhenAPurchaseShortensASubscription) {
  expect_refuted("data_nft_registry.purchase_subscription", "N-AUTH",
                 {"data_nft_registry", "purchase_subscription", "add#1", mutation::Op::kSwapPlusMinus}, "", false);
}

// X-FORWARD judges calls (its statement and check_forward): a plain transfer into a
// forwarder raises its balance but is no call. (Judged on the transfer's path, the form
// was sat alone and undecided at 15M under the set in the full run at 71c7e4d.)
TEST(SpecStepFormSites, ForwardAtAPlainTransferIntoAForwarder) {
  expect_proved("plain transfer to ai_job_queue", "X-FORWARD", 100'000);
}

// M-LIFECYCLE at execute_batch: undecided in the first full run, where Houdini had dropped
// X-MEV's batch parts. It needs them (a listed intent of a Pending batch is Batched: §6.3
// X-MEV, the design's lemma): without X-MEV assumed, its case at the first listed intent
// exhausts 15M units; with X-MEV (not M-EXCLUSIVE) each case (an ok path, the intent at each
// listed position) is decided under the set by the query itself (measured: 12 129 907 units
// over the site; 59 s at load 12, most of it exploring the site). So the form stands once
// X-MEV is proved inductive, not before.
TEST(SpecStepFormSites, LifecycleAtExecuteBatch) {
  expect_proved("mev_protection.execute_batch", "M-LIFECYCLE", 20'000'000, "", true);
}
// No single spec mutant of execute_batch breaks the form from the set: its listed intents
// get Executed or Failed, and a batch run twice (AlreadyExecuted dropped) or out of order
// (OutOfOrder dropped) is refused by the other guard under M-FIFO's lemma (measured: the
// first proved under the mutant). Its failing variant is at cancel_intent, the other site
// that moves an intent: a Batched intent cancelled (the NotPending guard dropped), from the
// step alone.
TEST(SpecStepFormSites, LifecycleFailsWhenABatchedIntentIsCancelled) {
  expect_refuted("mev_protection.cancel_intent", "M-LIFECYCLE",
                 {"mev_protection", "cancel_intent", "NotPending#1", mutation::Op::kDropGuard});
}
}  // namespace
