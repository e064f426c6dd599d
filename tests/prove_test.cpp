// meshcheck prove: verdicts, minimal counterexamples that the model reproduces, and
// agreement with the fuzzer.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "deployment/deployment.hpp"
#include "fuzz/campaign.hpp"
#include "fuzz/setup.hpp"
#include "invariants/invariant.hpp"
#include "model/ai_job_queue.hpp"
#include "model/compute_provider_registry.hpp"
#include "model/data_nft_registry.hpp"
#include "model/mev_protection.hpp"
#include "model/payment_escrow.hpp"
#include "model/phala_job_processor.hpp"
#include "model/profile.hpp"
#include "mutation/catalog.hpp"
#include "smt/encoding.hpp"
#include <nlohmann/json.hpp>

#include "smt/canonical.hpp"
#include "smt/counterexample.hpp"
#include "smt/prover.hpp"
#include "smt/query.hpp"
#include "support/harness.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace meshcheck {
namespace {

namespace fs = std::filesystem;
using Kind = smt::ProofVerdict::Kind;

smt::ProveOptions options_for(std::vector<std::string> ids, const fs::path& out) {
  smt::ProveOptions o;
  o.invariants = std::move(ids);
  o.out_dir = out.string();
  o.jobs = 2;
  return o;
}

const smt::ProofVerdict& verdict(const smt::ProveResult& r, const std::string& id) {
  for (auto& v : r.verdicts)
    if (v.id == id) return v;
  throw std::logic_error("no verdict for " + id);
}

using CliRun = meshcheck::testing::CommandRun;
using meshcheck::testing::fresh_temp_dir;
using meshcheck::testing::run_meshcheck;

TEST(Prove, EscrowOnceIsProvedFromUnsatObligationsOnly) {
  fs::path out = fresh_temp_dir("prove-once");
  smt::ProveResult r = smt::prove(options_for({"E-ONCE"}, out));
  const auto& v = verdict(r, "E-ONCE");
  ASSERT_EQ(v.kind, Kind::Proved) << v.detail;
  ASSERT_FALSE(v.obligations.empty());
  for (auto& o : v.obligations) EXPECT_EQ(o.result, "unsat") << o.what;
}

// The deployed escrow keeps the value of a deposit it refuses: found with two calls (the
// first deposit, then one onto the active escrow), not one, and reproduced by replay.
TEST(Prove, EscrowConservationIsViolatedAtMinimalDepthAndReplays) {
  fs::path out = fresh_temp_dir("prove-conserve");
  smt::ProveOptions o = options_for({"E-CONSERVE"}, out);
  smt::ProveResult r = smt::prove(o);
  const auto& v = verdict(r, "E-CONSERVE");
  ASSERT_EQ(v.kind, Kind::Violated) << v.detail;
  EXPECT_EQ(v.depth, 2u);
  ASSERT_EQ(smt::write_counterexamples(o, r), "");
  std::string file = smt::counterexample_path(o, "E-CONSERVE");
  CliRun replay = run_meshcheck("replay --invariant E-CONSERVE " + file);
  EXPECT_EQ(replay.status, 1) << replay.output;
  EXPECT_NE(replay.output.find("E-CONSERVE"), std::string::npos) << replay.output;
  EXPECT_EQ(replay.output.find("trace says"), std::string::npos) << replay.output;  // no divergence
  fs::remove_all(out);
}

// mev_protection's two violated invariants, proved together once for the suite (the
// run takes most of these tests' time; ctest runs the suite in one process,
// tests/CMakeLists.txt), into a folder the suite keeps until it ends.
class ProveMev : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    out_ = fresh_temp_dir("prove-mev");
    options_ = options_for({"M-LIFECYCLE", "M-OUTPUT"}, out_);
    both_ = smt::prove(*options_);
  }
  static void TearDownTestSuite() {
    both_.reset();
    fs::remove_all(out_);
  }
  static inline fs::path out_;
  static inline std::optional<smt::ProveOptions> options_;
  static inline std::optional<smt::ProveResult> both_;  // M-LIFECYCLE and M-OUTPUT, judged in one run
};

// mev_protection's intents change status behind the batches' backs: an intent submitted
// after a batch that lists its id is executed straight from Pending (M-LIFECYCLE), and a
// batch whose intents want more than its output is still recorded a success (M-OUTPUT).
// The fuzzer breaks each in 3 calls; bounded model checking, with the default options,
// finds each at that depth (so none shorter exists) and the model replays it.
TEST_F(ProveMev, LifecycleAndOutputAreViolatedAtMinimalDepthAndReplay) {
  const smt::ProveOptions& o = *options_;
  const smt::ProveResult& r = *both_;
  ASSERT_EQ(smt::write_counterexamples(o, r), "");
  for (std::string id : {"M-LIFECYCLE", "M-OUTPUT"}) {
    const auto& v = verdict(r, id);
    ASSERT_EQ(v.kind, Kind::Violated) << id << ": " << v.detail;
    EXPECT_EQ(v.depth, 3u) << id;
    // Every shallower query was answered unsat: nothing shorter breaks it.
    for (auto& ob : v.obligations)
      if (ob.what.rfind("bmc depth 1", 0) == 0 || ob.what.rfind("bmc depth 2", 0) == 0) {
        EXPECT_EQ(ob.result, "unsat") << id << ": " << ob.what;
      }
    std::string file = smt::counterexample_path(o, id);
    CliRun replay = run_meshcheck("replay --invariant " + id + " " + file);
    EXPECT_EQ(replay.status, 1) << replay.output;
    EXPECT_NE(replay.output.find("invariant " + id + " violated"), std::string::npos) << replay.output;
    EXPECT_EQ(replay.output.find("trace says"), std::string::npos) << replay.output;  // no divergence
  }
}

// A verdict does not depend on what else the run judges: each invariant's bounded model
// checking has its solver and its budget to itself. M-OUTPUT alone (its depth-3 query is
// the hardest of the catalog's counterexamples) is VIOLATED at depth 3 within the default
// budget, with the same queries, the same units and the same counterexample as beside
// M-LIFECYCLE; and minimizing the counterexample is an obligation of its own, whose units
// are counted.
TEST_F(ProveMev, OutputAloneIsJudgedAsBesideOtherInvariants) {
  fs::path out = fresh_temp_dir("prove-mev-alone");
  smt::ProveResult alone = smt::prove(options_for({"M-OUTPUT"}, out));
  const auto& a = verdict(alone, "M-OUTPUT");
  const auto& b = verdict(*both_, "M-OUTPUT");
  ASSERT_EQ(a.kind, Kind::Violated) << a.detail;
  EXPECT_EQ(a.depth, 3u);
  EXPECT_EQ(a.trace, b.trace);
  ASSERT_EQ(a.obligations.size(), b.obligations.size());
  bool minimized = false;
  for (std::size_t i = 0; i < a.obligations.size(); ++i) {
    EXPECT_EQ(a.obligations[i].what, b.obligations[i].what);
    EXPECT_EQ(a.obligations[i].result, b.obligations[i].result) << a.obligations[i].what;
    EXPECT_EQ(a.obligations[i].rlimit, b.obligations[i].rlimit) << a.obligations[i].what;
    if (a.obligations[i].what == "bmc depth 3, last call execute_batch: canonical counterexample")
      minimized = a.obligations[i].rlimit > 0;
  }
  EXPECT_TRUE(minimized) << "no counted minimization of the depth-3 counterexample";
  fs::remove_all(out);
}

// The obligation `what` of verdict `v`.
const smt::Obligation& obligation_of(const smt::ProofVerdict& v, const std::string& what) {
  for (auto& o : v.obligations)
    if (o.what == what) return o;
  throw std::logic_error("no obligation " + what + " for " + v.id);
}

// M-OUTPUT's depth-3 case (last call execute_batch), undecided within its first 2M units,
// is asked one message sequence at a time in increasing order, each in the query with its
// messages put in: the first sat one is the least sequence, so the counterexample is the
// canonical one (the least values the query allows: one intent with min_output 1, a batch
// of the minimum size listing it last, executed with output 0, all by the first actor),
// for far fewer units than the whole query (34M units before). And its transition steps
// are asked within 2M units first: execute_batch's is left undecided, the search breaks
// the invariant, and the step is not asked in full (13M units before).
TEST(ProveEngineOrder, MevOutputIsFoundSequenceBySequenceWithItsCanonicalCounterexample) {
  fs::path out = fresh_temp_dir("prove-mev-sequences");
  smt::ProveOptions o = options_for({"M-OUTPUT"}, out);
  smt::ProveResult r = smt::prove(o);
  const auto& v = verdict(r, "M-OUTPUT");
  ASSERT_EQ(v.kind, Kind::Violated) << v.detail;
  ASSERT_EQ(v.depth, 3u);
  const smt::Obligation& d3 = obligation_of(v, "bmc depth 3, last call execute_batch");
  EXPECT_EQ(d3.result, "sat");
  EXPECT_LT(d3.rlimit, 15'000'000u);
  const smt::Obligation& step = obligation_of(v, "step execute_batch");
  EXPECT_EQ(step.result.rfind("unknown: first pass: resource limit reached (2000000 rlimit units)", 0), 0u)
      << step.result;
  EXPECT_NE(step.result.find("a run from the standard deployment breaks it"), std::string::npos) << step.result;
  EXPECT_LT(step.rlimit, 2'100'000u);
  // The three calls, as the canonical minimization gives them.
  ASSERT_GE(v.trace.size(), 3u);
  std::vector<nlohmann::json> calls;
  for (std::size_t i = v.trace.size() - 3; i < v.trace.size(); ++i) calls.push_back(nlohmann::json::parse(v.trace[i]).at("call"));
  EXPECT_EQ(calls[0]["message"], "submit_intent");
  EXPECT_EQ(calls[0]["args"]["min_output"], "1");
  EXPECT_EQ(calls[1]["message"], "create_batch");
  EXPECT_EQ(calls[1]["args"]["intent_ids"], nlohmann::json({"0", "0", "0", "0", "1"}));
  EXPECT_EQ(calls[2]["message"], "execute_batch");
  EXPECT_EQ(calls[2]["args"]["batch_id"], "1");
  EXPECT_EQ(calls[2]["args"]["actual_output"], "0");
  for (auto& call : calls) EXPECT_EQ(call["caller"], calls[0]["caller"]);
  fs::remove_all(out);
}

// A counterexample the model does not reproduce is an error, never a verdict.
TEST(Prove, CallsThatBreakNothingAreNotAcceptedAsACounterexample) {
  const fuzz::Setup setup = fuzz::make_setup(model::deployed_profile(), {});
  model::Call call;
  call.contract = fuzz::contract_address("payment_escrow");
  call.caller = Address::filled(AddressKind::H160, 0x05);  // the deployed escrow is the ink! 6 build
  call.value = U256(10);
  call.message = model::deployed::payment_escrow::spec().message("deposit_for_job");
  call.args = {Value(u128(1)), Value(Address::filled(AddressKind::H160, 0x02))};
  call.block = 1;
  call.timestamp = 6000;
  smt::Replayed r = smt::replay_counterexample(setup, {call}, "E-CONSERVE");
  EXPECT_NE(r.error.find("breaks no E-CONSERVE"), std::string::npos) << r.error;
  EXPECT_EQ(r.lines.size(), setup.header.size() + 1);
}

TEST(Prove, PermutedIntentIdsAreRefutedWithTwoReplayableRuns) {
  fs::path out = fresh_temp_dir("prove-permute");
  smt::ProveOptions o = options_for({"M-PERMUTE"}, out);
  smt::ProveResult r = smt::prove(o);
  const auto& v = verdict(r, "M-PERMUTE");
  ASSERT_EQ(v.kind, Kind::Violated) << v.detail;
  ASSERT_EQ(smt::write_counterexamples(o, r), "");
  for (std::string name : {"M-PERMUTE.jsonl", "M-PERMUTE.permuted.jsonl"}) {
    CliRun replay = run_meshcheck("replay --no-invariants " + (out / name).string());
    EXPECT_EQ(replay.status, 0) << name << ": " << replay.output;
  }
  // The runs' own check agrees: replay reruns the last create_batch in another order.
  CliRun judged = run_meshcheck("replay --invariant M-PERMUTE " + (out / "M-PERMUTE.jsonl").string());
  EXPECT_EQ(judged.status, 1) << judged.output;
  EXPECT_NE(judged.output.find("invariant M-PERMUTE violated: create_batch with the intent ids"), std::string::npos)
      << judged.output;
  fs::remove_all(out);
}

// Two deployed contracts take value that no message can pay out again: ai_job_queue
// (submit_job's budget) and data_nft_registry (mint's payment). The verdict names both,
// each with the run that pays value in, not only the first one found.
TEST(Prove, FundsExitNamesEveryContractThatLocksValue) {
  fs::path out = fresh_temp_dir("prove-funds-exit");
  smt::ProveResult r = smt::prove(options_for({"G-FUNDS-EXIT"}, out));
  const auto& v = verdict(r, "G-FUNDS-EXIT");
  ASSERT_EQ(v.kind, Kind::Violated) << v.detail;
  EXPECT_NE(v.detail.find("value is locked for good in 2 contracts, ai_job_queue and data_nft_registry"),
            std::string::npos)
      << v.detail;
  for (std::string name : {"ai_job_queue", "data_nft_registry"}) {
    EXPECT_NE(v.detail.find(name + " accepts value but no message, from any state, lowers its balance: the value "
                                   "paid with "),
              std::string::npos)
        << name << ": " << v.detail;
    bool comes_in = std::any_of(v.obligations.begin(), v.obligations.end(), [&](const smt::Obligation& o) {
      return o.contract == name && o.what.rfind("value comes in", 0) == 0 && o.result == "sat";
    });
    EXPECT_TRUE(comes_in) << name;
  }
  EXPECT_FALSE(v.trace.empty());
  fs::remove_all(out);
}

// --- A-COUNTERS ------------------------------------------------------------------------

// The invariants whose only counterexample to induction is a step from a saturated
// counter (2^64 or more calls away): PROVED under A-COUNTERS, and only under it.
// (N-BALANCE has a second one, which no counter bound removes: a transfer from an owner
// whose count is 0 while it owns a token; its own tests are below.)
const std::vector<std::string> kNeedCounters{"G-COUNTER", "Q-BUDGET", "R-COUNT",     "N-SOULBOUND",
                                             "N-IDS",     "N-AUTH",   "P-PROCESSED", "P-EXISTS"};

TEST(ProveAssuming, CounterBoundInvariantsAreProvedNamingACounters) {
  fs::path out = fresh_temp_dir("prove-assume");
  smt::ProveResult r = smt::prove(options_for(kNeedCounters, out));
  for (auto& id : kNeedCounters) {
    const auto& v = verdict(r, id);
    ASSERT_EQ(v.kind, Kind::Proved) << id << ": " << v.detail;
    EXPECT_EQ(v.assumptions, std::vector<std::string>{"A-COUNTERS"}) << id;
    for (auto& o : v.obligations) EXPECT_EQ(o.result, "unsat") << id << ": " << o.contract << " " << o.what;
  }
  fs::remove_all(out);
}

TEST(ProveAssuming, WithoutACountersNoneOfThemIsProved) {
  fs::path out = fresh_temp_dir("prove-no-assume");
  smt::ProveOptions o = options_for(kNeedCounters, out);
  o.no_assume = {"A-COUNTERS"};
  o.depth = 1;  // a bounded search cannot reach a saturated counter anyway
  smt::ProveResult r = smt::prove(o);
  for (auto& id : kNeedCounters) {
    const auto& v = verdict(r, id);
    EXPECT_NE(v.kind, Kind::Proved) << id;
    EXPECT_NE(v.kind, Kind::Violated) << id;
    EXPECT_NE(v.kind, Kind::Error) << id << ": " << v.detail;
    EXPECT_TRUE(v.assumptions.empty()) << id;
    // What stands in the way is the saturated counter.
    EXPECT_NE(v.detail.find("saturated"), std::string::npos) << id << ": " << v.detail;
  }
  fs::remove_all(out);
}

// N-BALANCE's other counterexample to induction, a transfer or burn by an owner whose
// count is 0 while it owns a token, is ruled out by the ghost numbering's lemmas
// (smt/data_nft_registry.hpp), which are candidates under A-COUNTERS only: PROVED
// assuming A-COUNTERS, leaning on both, every obligation unsat within the default budget.
TEST(ProveAssuming, NftBalanceIsProvedUnderACountersByTheNumbering) {
  fs::path out = fresh_temp_dir("prove-nft-balance");
  smt::ProveResult r = smt::prove(options_for({"N-BALANCE"}, out));
  const auto& v = verdict(r, "N-BALANCE");
  ASSERT_EQ(v.kind, Kind::Proved) << v.detail;
  EXPECT_EQ(v.assumptions, std::vector<std::string>{"A-COUNTERS"});
  for (std::string lemma : {"data_nft_registry/numbered", "data_nft_registry/free-slots-empty",
                            "data_nft_registry/live-ids"})
    EXPECT_NE(std::find(v.lemmas.begin(), v.lemmas.end(), lemma), v.lemmas.end()) << lemma;
  ASSERT_FALSE(v.obligations.empty());
  // The proof's obligations are all unsat. A shallow search asked before an undecided step
  // (smt/engines/induction.cpp) is listed too, so its units are counted, but it is no part
  // of the proof: it found no run (never sat), and may have run out of its own budget.
  std::size_t proof_obligations = 0;
  for (auto& o : v.obligations) {
    if (o.what.rfind("shallow search: ", 0) == 0) {
      EXPECT_NE(o.result, "sat") << o.contract << " " << o.what;
      continue;
    }
    ++proof_obligations;
    EXPECT_EQ(o.result, "unsat") << o.contract << " " << o.what;
  }
  EXPECT_GT(proof_obligations, 0u);
  fs::remove_all(out);
}

// Without A-COUNTERS the numbering's lemmas are not candidates (they fail at a saturated
// count), so a saturated count or a transfer from a count of 0 breaks N-BALANCE's step:
// not PROVED, and nothing found either (no bounded run reaches either).
TEST(ProveAssuming, NftBalanceWithoutACountersIsNotProved) {
  fs::path out = fresh_temp_dir("prove-nft-balance-bare");
  smt::ProveOptions o = options_for({"N-BALANCE"}, out);
  o.no_assume = {"A-COUNTERS"};
  o.depth = 1;
  smt::ProveResult r = smt::prove(o);
  const auto& v = verdict(r, "N-BALANCE");
  EXPECT_NE(v.kind, Kind::Proved) << v.detail;
  EXPECT_NE(v.kind, Kind::Violated) << v.detail;
  EXPECT_NE(v.kind, Kind::Error) << v.detail;
  EXPECT_TRUE(v.assumptions.empty());
  // A counterexample to induction, not a query left undecided (the numbering's lemmas,
  // which Z3 does not refute within any budget tried, were not asked).
  EXPECT_NE(v.detail.find("not inductive: step "), std::string::npos) << v.detail;
  fs::remove_all(out);
}

// Deactivates a mutant when a test ends, whatever happens.
struct ActiveMutant {
  explicit ActiveMutant(const mutation::Mutant* m) { mutation::activate(m); }
  ~ActiveMutant() { mutation::activate(nullptr); }
};

// A transfer that does not store one of the two new counts (deployed mutants of the model
// and the encoding alike): the numbering's lemmas still hold, but N-BALANCE does not, and
// the prover refutes it with the shortest run (a mint, then a transfer), replayed through
// the mutated model, rather than proving it.
TEST(ProveAssuming, NftBalanceIsRefutedWhenATransferDropsACountWrite) {
  for (std::string id : {"data_nft_registry:transfer.sender_write:drop-write",
                         "data_nft_registry:transfer.receiver_write:drop-write"}) {
    const mutation::Mutant* m = mutation::find_mutant(id);
    ASSERT_NE(m, nullptr) << id;
    ActiveMutant active(m);
    fs::path out = fresh_temp_dir("prove-nft-balance-mutant");
    smt::ProveResult r = smt::prove(options_for({"N-BALANCE"}, out));
    const auto& v = verdict(r, "N-BALANCE");
    EXPECT_EQ(v.kind, Kind::Violated) << id << ": " << v.detail;
    EXPECT_EQ(v.depth, 2u) << id;
    fs::remove_all(out);
  }
}

// A proof that holds without an assumption names none, whether its contract has a part in
// the assumption (ai_job_queue, compute_provider_registry) or not (payment_escrow).
TEST(ProveAssuming, ProofsThatNeedNoAssumptionNameNone) {
  fs::path out = fresh_temp_dir("prove-unassisted");
  smt::ProveResult r = smt::prove(options_for({"Q-ASSIGNED", "Q-AUTH", "E-ONCE", "R-AUTH"}, out));
  for (auto& id : {"Q-ASSIGNED", "Q-AUTH", "E-ONCE", "R-AUTH"}) {
    const auto& v = verdict(r, id);
    ASSERT_EQ(v.kind, Kind::Proved) << id << ": " << v.detail;
    EXPECT_TRUE(v.assumptions.empty()) << id << " names " << v.assumptions.front();
  }
  fs::remove_all(out);
}

TEST(ProveAssuming, TheCommandNamesTheAssumptionBesideTheVerdict) {
  fs::path out = fresh_temp_dir("prove-assume-cli");
  CliRun with = run_meshcheck("prove --invariant Q-BUDGET --jobs 2 --out " + out.string());
  EXPECT_EQ(with.status, 0) << with.output;
  EXPECT_NE(with.output.find("Q-BUDGET  PROVED assuming A-COUNTERS ("), std::string::npos) << with.output;
  EXPECT_NE(with.output.find("assuming A-COUNTERS: No counter reaches its maximum"), std::string::npos) << with.output;
  CliRun without =
      run_meshcheck("prove --invariant Q-BUDGET --jobs 2 --depth 1 --no-assume A-COUNTERS --out " + out.string());
  EXPECT_EQ(without.status, 0) << without.output;
  EXPECT_EQ(without.output.find("PROVED"), std::string::npos) << without.output;
  EXPECT_EQ(without.output.find("A-COUNTERS"), std::string::npos) << without.output;
  EXPECT_NE(without.output.find("no assumptions"), std::string::npos) << without.output;
  fs::remove_all(out);
}

// Each contract's part of A-COUNTERS gives the same answer in its two forms: on the
// standard deployment (it holds) and with each of its counters at the maximum (it does not).
TEST(ProveAssuming, ConcreteAndZ3FormsOfACountersAgree) {
  namespace aq = model::deployed::ai_job_queue;
  namespace pj = model::deployed::phala_job_processor;
  namespace mp = model::deployed::mev_protection;
  namespace dnr = model::deployed::data_nft_registry;
  namespace cpr = model::deployed::compute_provider_registry;
  const deployment::StandardDeployment deployed = deployment::deploy_standard(model::deployed_profile());
  auto state_of = [&](const std::string& name) -> const model::ContractState& {
    return *deployed.world.instance(deployment::contract_address(name))->state;
  };
  struct Case {
    std::string contract;
    std::shared_ptr<model::ContractState> state;
    bool holds;
  };
  std::vector<Case> cases;
  auto add = [&](const std::string& name, auto copy, bool holds) {
    cases.push_back({name, std::make_shared<decltype(copy)>(std::move(copy)), holds});
  };
  const auto& queue = static_cast<const aq::State&>(state_of("ai_job_queue"));
  const auto& phala = static_cast<const pj::State&>(state_of("phala_job_processor"));
  const auto& mev = static_cast<const mp::State&>(state_of("mev_protection"));
  const auto& nft = static_cast<const dnr::State&>(state_of("data_nft_registry"));
  const auto& registry = static_cast<const cpr::State&>(state_of("compute_provider_registry"));
  add("ai_job_queue", queue, true);
  add("phala_job_processor", phala, true);
  add("mev_protection", mev, true);
  add("data_nft_registry", nft, true);
  add("compute_provider_registry", registry, true);
  // A copy of `state` with one counter at `max`, where the part does not hold.
  auto add_at_max = [&](const std::string& name, auto state, auto counter, auto max) {
    state.*counter = max;
    add(name, std::move(state), false);
  };
  add_at_max("ai_job_queue", queue, &aq::State::job_counter, kU128Max);
  add_at_max("phala_job_processor", phala, &pj::State::job_counter, kU128Max);
  add_at_max("mev_protection", mev, &mp::State::intent_counter, kU128Max);
  add_at_max("mev_protection", mev, &mp::State::batch_counter, kU128Max);
  add_at_max("data_nft_registry", nft, &dnr::State::total_supply, kU128Max);
  auto owner_max = nft;
  owner_max.owner_nft_count.insert(Address::filled(AddressKind::H160, 0x01), kU128Max);
  add("data_nft_registry", owner_max, false);
  add_at_max("compute_provider_registry", registry, &cpr::State::provider_count, std::numeric_limits<u64>::max());

  // Every contract with a part is among the cases, and no other.
  std::set<std::string> with_part, covered;
  for (auto* enc : smt::encodings())
    if (!invariants::assumptions_concerning(enc->spec->name, {"A-COUNTERS"}).empty()) with_part.insert(enc->spec->name);
  for (auto& k : cases) covered.insert(k.contract);
  EXPECT_EQ(with_part, covered);

  for (auto& k : cases) {
    const invariants::ContractInvariants* ci = invariants::invariants_of(k.contract);
    ASSERT_NE(ci, nullptr);
    const smt::ContractEncoding* enc = nullptr;
    for (auto* e : smt::encodings())
      if (e->spec->name == k.contract) enc = e;
    ASSERT_NE(enc, nullptr);
    for (auto& fact : ci->assumptions) {
      EXPECT_EQ(fact.holds(*k.state), k.holds) << k.contract << " " << fact.id;
      z3::context c;
      smt::SymState sym = enc->from_model(c, *k.state, U256(0));
      z3::solver s(c);
      s.add(!fact.state(sym));
      EXPECT_EQ(s.check(), k.holds ? z3::unsat : z3::sat) << k.contract << " " << fact.id;
    }
  }
}

// Canonical counterexamples: whatever model Z3 finds first (its random seed changes
// it), the counterexample is the same bytes, and its values are the least ones: the
// first actor, the smallest amounts, the earliest clock.
TEST(Prove, CounterexampleIsTheSameWhateverZ3FindsFirst) {
  std::vector<std::string> first;
  for (const char* seed : {"0", "7", "12345"}) {
    z3::set_param("smt.random_seed", seed);
    z3::set_param("sat.random_seed", seed);
    fs::path out = fresh_temp_dir("prove-canonical");
    smt::ProveResult r = smt::prove(options_for({"E-CONSERVE"}, out));
    const auto& v = verdict(r, "E-CONSERVE");
    ASSERT_EQ(v.kind, Kind::Violated) << v.detail;
    if (first.empty()) {
      first = v.trace;
    } else {
      EXPECT_EQ(v.trace, first) << "seed " << seed;
    }
  }
  z3::reset_params();
  // The deployment's header, then the two calls; each call's value is the least that
  // breaks E-CONSERVE (the deployed escrow keeps a refused deposit: 1 unit suffices)
  // and both come from the first actor.
  ASSERT_GE(first.size(), 2u);
  auto second = nlohmann::json::parse(first.back());
  ASSERT_TRUE(second.contains("call")) << first.back();
  EXPECT_EQ(second["call"]["value"], "1") << first.back();
  auto one = nlohmann::json::parse(first[first.size() - 2]);
  EXPECT_EQ(one["call"]["caller"], second["call"]["caller"]);
}

// The minimizer alone: the least values a query allows, in the order asked, from any
// first model.
TEST(Prove, MinimizerFindsTheLeastValuesInOrder) {
  smt::Context c;
  z3::expr x = c.bv_const("x", 64), y = c.bv_const("y", 64), b = c.bool_const("b");
  for (const char* seed : {"0", "3"}) {
    z3::solver s(c);
    z3::params p(c);
    p.set("random_seed", static_cast<unsigned>(std::stoul(seed)));
    s.set(p);
    // x above 1000 and odd, x + y = 2^40 (no wrap), b forces y even.
    s.add(z3::ugt(x, c.bv_val(1000, 64)) && (x & c.bv_val(1, 64)) == c.bv_val(1, 64));
    s.add(x + y == c.bv_val(static_cast<std::uint64_t>(1) << 40, 64) && z3::ule(y, c.bv_val(static_cast<std::uint64_t>(1) << 40, 64)));
    s.add(z3::implies(b, (y & c.bv_val(1, 64)) == c.bv_val(0, 64)));
    ASSERT_EQ(s.check(), z3::sat);
    z3::model m = [&] {
      smt::Minimizer min(s, smt::QueryLimits{}, 0);
      min.boolean(b);
      min.unsigned_bits(x);
      min.unsigned_bits(y);
      return min.model();
    }();
    EXPECT_TRUE(m.eval(b, true).is_false());
    EXPECT_EQ(m.eval(x, true).get_numeral_uint64(), 1001u);
    EXPECT_EQ(m.eval(y, true).get_numeral_uint64(), (std::uint64_t(1) << 40) - 1001);
    EXPECT_EQ(s.check(), z3::sat);  // the minimizer's constraints are gone with it
  }
}

// Resource limits decide UNKNOWN, the same on every machine: a query cut by its rlimit
// says so, and the count of units it used is the same every time.
TEST(Prove, ResourceLimitIsDeterministic) {
  smt::ProveOptions o = options_for({"R-COUNT"}, fresh_temp_dir("prove-rlimit"));
  o.rlimit = 200'000;
  // Bounded model checking's queries take what is left of it: its depth-4 query needs
  // more than is left after depth 3.
  o.bmc_rlimit = 1'000'000;
  o.depth = 4;
  // Without A-COUNTERS R-COUNT is not inductive, so bounded model checking searches.
  o.no_assume = {"A-COUNTERS"};
  smt::ProveResult a = smt::prove(o);
  smt::ProveResult b = smt::prove(o);
  const auto& va = verdict(a, "R-COUNT");
  const auto& vb = verdict(b, "R-COUNT");
  EXPECT_EQ(va.kind, vb.kind);
  EXPECT_EQ(va.detail, vb.detail);
  ASSERT_EQ(va.obligations.size(), vb.obligations.size());
  bool limited = false;
  for (std::size_t i = 0; i < va.obligations.size(); ++i) {
    EXPECT_EQ(va.obligations[i].result, vb.obligations[i].result) << va.obligations[i].what;
    EXPECT_EQ(va.obligations[i].rlimit, vb.obligations[i].rlimit) << va.obligations[i].what;
    if (va.obligations[i].result.find("resource limit") != std::string::npos) limited = true;
  }
  EXPECT_TRUE(limited) << "no query reached its resource limit: the test does not test it";
  EXPECT_EQ(a.safety_net_fired, 0u);
}

// Houdini asks each round's queries with a small budget first, and with the full one only
// what that left undecided once nothing cheap drops: without A-COUNTERS, N-BALANCE falls
// to its mint step (a counterexample, a saturated owner count, in under 2M units), so its
// transfer step (more than 2M units) is never asked in full; with --rlimit at the first
// pass's budget there is no second attempt to put off.
TEST(ProveHoudini, ACheaplyRefutedCandidateFallsBeforeItsExpensiveStepIsAskedInFull) {
  auto step = [](const smt::ProofVerdict& v, const std::string& what) {
    for (auto& o : v.obligations)
      if (o.what == what) return o;
    throw std::logic_error("no obligation " + what + " for " + v.id);
  };
  // Without A-COUNTERS: under it N-BALANCE is proved (NftBalance tests), without it its
  // numbering lemmas are no candidates and the transfer step has a counterexample.
  smt::ProveOptions o = options_for({"N-BALANCE"}, fresh_temp_dir("prove-first-pass"));
  o.depth = 1;
  o.no_assume = {"A-COUNTERS"};
  smt::ProveResult r = smt::prove(o);
  const auto& v = verdict(r, "N-BALANCE");
  ASSERT_EQ(v.kind, Kind::HoldsToDepth) << v.detail;
  EXPECT_NE(v.detail.find("not inductive: step mint"), std::string::npos) << v.detail;
  EXPECT_EQ(step(v, "step mint").result, "sat");
  EXPECT_LT(step(v, "step mint").rlimit, 2'000'000u);
  const smt::Obligation transfer = step(v, "step transfer");
  EXPECT_EQ(transfer.result.rfind("unknown: first pass: resource limit reached (2000000 rlimit units)", 0), 0u)
      << transfer.result;
  EXPECT_EQ(transfer.rlimit, 2'000'000u);

  o.rlimit = 2'000'000;
  smt::ProveResult small = smt::prove(o);
  const smt::Obligation once = step(verdict(small, "N-BALANCE"), "step transfer");
  EXPECT_EQ(once.result, "unknown: resource limit reached (2000000 rlimit units)");
}

// A Houdini candidate whose step is undecided within the first pass's budget is searched
// for a short run that breaks it before that step is asked in full: N-BURN's burn step
// (undecided within 2 x 15M units with N-BALANCE's lemmas assumed) is never asked in
// full, a run of 3 calls breaks N-BURN, and that search is its verdict; N-BALANCE,
// judged from the set without N-BURN, is still proved.
TEST(ProveHoudini, ACandidateAShortRunBreaksFallsBeforeItsUndecidedStepIsAskedInFull) {
  smt::ProveOptions o = options_for({"N-BURN", "N-BALANCE"}, fresh_temp_dir("prove-houdini-run"));
  smt::ProveResult r = smt::prove(o);
  const auto& burn = verdict(r, "N-BURN");
  ASSERT_EQ(burn.kind, Kind::Violated) << burn.detail;
  EXPECT_EQ(burn.depth, 3u);
  const smt::Obligation& step = obligation_of(burn, "step burn");
  EXPECT_EQ(step.result.rfind("unknown: first pass: resource limit reached (2000000 rlimit units)", 0), 0u)
      << step.result;
  EXPECT_LT(step.rlimit, 2'100'000u);
  EXPECT_EQ(obligation_of(burn, "bmc depth 3").result, "sat");
  const auto& balance = verdict(r, "N-BALANCE");
  EXPECT_EQ(balance.kind, Kind::Proved) << balance.detail;
  EXPECT_EQ(balance.assumptions, std::vector<std::string>{"A-COUNTERS"});
}

// A counterexample to induction is minimized only when a verdict shows it (afterwards,
// from its query asked again), and then it is there: the message, its arguments, the
// branch that breaks the invariant, the caller.
TEST(Prove, AShownCounterexampleToInductionIsDescribed) {
  smt::ProveOptions o = options_for({"R-COUNT"}, fresh_temp_dir("prove-cti"));
  o.depth = 2;
  o.no_assume = {"A-COUNTERS"};
  smt::ProveResult r = smt::prove(o);
  const auto& v = verdict(r, "R-COUNT");
  ASSERT_EQ(v.kind, Kind::HoldsToDepth) << v.detail;
  EXPECT_NE(v.detail.find("not inductive: step register_provider: register_provider(endpoint=\"\""), std::string::npos)
      << v.detail;
  EXPECT_NE(v.detail.find("branch 'provider_count saturated', caller "), std::string::npos) << v.detail;
  EXPECT_FALSE(v.detail_tail) << "a verdict leaves the prover fully described";
}

// The wall-clock safety net: when it fires (here a second per query, and no resource
// limit), the verdicts say so and the run exits 1.
TEST(Prove, SafetyNetFiringIsUnknownAndExitsOne) {
  fs::path out = fresh_temp_dir("prove-safety-net");
  CliRun r = run_meshcheck("prove --invariant R-COUNT --no-assume A-COUNTERS --rlimit 0 --bmc-rlimit 0 --timeout 1 "
                           "--out " + out.string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("UNKNOWN (wall-clock safety net fired)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("the wall-clock safety net fired"), std::string::npos) << r.output;
  fs::remove_all(out);
}

TEST(Prove, UnusableOptionsExitTwo) {
  EXPECT_EQ(run_meshcheck("prove --invariant NOPE").status, 2);
  EXPECT_EQ(run_meshcheck("prove --depth 0").status, 2);
  EXPECT_EQ(run_meshcheck("prove --profile nope").status, 2);
  EXPECT_EQ(run_meshcheck("prove --jobs x").status, 2);
  EXPECT_EQ(run_meshcheck("prove --bmc-budget 0").status, 2);
  CliRun nope = run_meshcheck("prove --no-assume A-NOPE");
  EXPECT_EQ(nope.status, 2);
  EXPECT_NE(nope.output.find("unknown assumption 'A-NOPE'"), std::string::npos) << nope.output;
  EXPECT_EQ(run_meshcheck("prove --timeout 0").status, 2);
  EXPECT_EQ(run_meshcheck("prove --rlimit 4294967296").status, 2);
}

// The fuzzer and the prover never contradict each other: nothing the default fuzz
// campaign (seed 1) violates is PROVED, and every VIOLATED verdict of the prover is a
// real run (its counterexample replayed through the model).
TEST(Prove, AgreesWithTheFuzzerOnTheDefaultSeed) {
  fs::path out = fresh_temp_dir("prove-agree");
  smt::ProveOptions o = options_for({}, out);
  o.depth = 4;
  o.rlimit = 4'000'000;  // the small budget's
  o.bmc_rlimit = 20'000'000;
  smt::ProveResult proved = smt::prove(o);
  fuzz::FuzzOptions f;
  f.seed = 1;
  f.out_dir = (out / "fuzz").string();
  fuzz::CampaignResult fuzzed = fuzz::run_campaign(f);
  for (auto& fv : fuzzed.verdicts) {
    const auto& pv = verdict(proved, fv.id);
    EXPECT_NE(pv.kind, Kind::Error) << fv.id << ": " << pv.detail;
    if (fv.kind == fuzz::Verdict::Kind::Violated) {
      EXPECT_NE(pv.kind, Kind::Proved) << fv.id << " is violated by the fuzzer";
    }
    if (pv.kind == Kind::Violated && fv.kind == fuzz::Verdict::Kind::Violated) {
      EXPECT_LE(pv.depth, fv.length) << fv.id << ": the prover's counterexample is minimal";
    }
  }
  fs::remove_all(out);
}

// The pool prove() runs its pipelines on: chains that each wait for nested batches of
// their own, on two threads, every task run exactly once; a task's exception comes back
// from the run_parallel that ran it, and the pool goes on serving the others.
TEST(ProvePool, NestedBatchesRunEveryTaskOnceAndReportFailures) {
  smt::TaskPool pool(2);
  constexpr std::size_t kChains = 5, kTasks = 40;
  std::vector<std::atomic<int>> runs(kChains * kTasks);
  std::vector<std::string> failures(kChains);
  std::vector<std::function<void()>> chains;
  for (std::size_t c = 0; c < kChains; ++c)
    chains.push_back([&runs, &failures, c] {
      for (int round = 0; round < 2; ++round) {  // two batches one after the other, as Houdini's rounds
        std::vector<std::function<void()>> tasks;
        for (std::size_t t = round; t < kTasks; t += 2)
          tasks.push_back([&runs, c, t] {
            ++runs[c * kTasks + t];
            if (c == 3 && t == 7) throw std::runtime_error("task 7 of chain 3");
          });
        try {
          smt::run_parallel(tasks, 2);
        } catch (const std::exception& e) {
          failures[c] = e.what();
        }
      }
    });
  pool.run_chains(chains);
  for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(runs[i].load(), 1) << "task " << i;
  for (std::size_t c = 0; c < kChains; ++c)
    EXPECT_EQ(failures[c], c == 3 ? "the encoding is ill-formed: task 7 of chain 3" : "") << "chain " << c;
}

// A failure inside a nested batch (the spec prover's phases: chains that start chains of
// their own, whose batches fail) comes back through every level with its cause said once,
// on the pool and without one.
TEST(ProvePool, NestedFailureSaysItsCauseOnce) {
  for (bool pooled : {false, true}) {
    std::optional<smt::TaskPool> pool;
    if (pooled) pool.emplace(2);
    auto chains_of = [&](std::vector<std::function<void()>>& chains) {
      if (pool)
        pool->run_chains(chains);
      else
        for (auto& c : chains) c();
    };
    std::string failure;
    std::vector<std::function<void()>> inner = {[] {}, [] { throw std::runtime_error("task 1 of the inner batch"); }};
    std::vector<std::function<void()>> middle = {[&] { smt::run_parallel(inner, 2); }, [] {}};
    std::vector<std::function<void()>> outer = {[&] {
      try {
        chains_of(middle);
      } catch (const std::exception& e) {
        failure = e.what();
      }
    }};
    chains_of(outer);
    EXPECT_EQ(failure, "the encoding is ill-formed: task 1 of the inner batch") << (pooled ? "pool" : "no pool");
  }
}

// The pipelines interleave differently with one thread and with two, and what they
// compute does not change: the same verdicts, obligations (their resource units
// included) and counterexamples. Three contracts' pipelines side by side (mev, escrow,
// registry), one proof (E-ONCE) and three counterexamples; chosen for their cost: each
// run about 7 s of CPU (measured one by one, `meshcheck prove --invariant ID --depth 2
// --jobs 1`: M-ORDER 2.5 s, R-STAKE 2.0 s, E-CONSERVE 1.3 s, E-ONCE 1.1 s user), where
// N-IDS, the proof this test judged before, took 64 s by itself (the NFT registry's
// induction).
TEST(ProvePool, OneThreadAndTwoJudgeAlike) {
  smt::ProveOptions o = options_for({"M-ORDER", "E-CONSERVE", "R-STAKE", "E-ONCE"}, fresh_temp_dir("prove-pool"));
  o.depth = 2;
  o.jobs = 1;
  smt::ProveResult one = smt::prove(o);
  o.jobs = 2;
  smt::ProveResult two = smt::prove(o);
  ASSERT_EQ(one.verdicts.size(), two.verdicts.size());
  bool violated = false, proved = false;
  for (std::size_t i = 0; i < one.verdicts.size(); ++i) {
    const smt::ProofVerdict &a = one.verdicts[i], &b = two.verdicts[i];
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.kind, b.kind) << a.id;
    EXPECT_EQ(a.detail, b.detail) << a.id;
    EXPECT_EQ(a.trace, b.trace) << a.id;
    violated = violated || a.kind == Kind::Violated;
    proved = proved || a.kind == Kind::Proved;
    ASSERT_EQ(a.obligations.size(), b.obligations.size()) << a.id;
    for (std::size_t j = 0; j < a.obligations.size(); ++j) {
      EXPECT_EQ(a.obligations[j].what, b.obligations[j].what) << a.id;
      EXPECT_EQ(a.obligations[j].result, b.obligations[j].result) << a.id << " " << a.obligations[j].what;
      EXPECT_EQ(a.obligations[j].rlimit, b.obligations[j].rlimit) << a.id << " " << a.obligations[j].what;
    }
  }
  EXPECT_TRUE(violated) << "no counterexample to compare: the test does not test it";
  EXPECT_TRUE(proved) << "no proof to compare: the test does not test it";
}

}  // namespace
}  // namespace meshcheck
