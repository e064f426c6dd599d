// The invariant catalog: named properties that must hold over every run of the six
// contracts. Each invariant is one record (invariants/<contract>.cpp, or global.cpp for
// the G- ones): its ID, kind, profiles, statement and why it matters, then right below
// it its two forms, side by side:
//  - its concrete check, run by the Monitor (monitor.hpp) on every step of a trace or a
//    fuzzed sequence, with the world before and after the step;
//  - its Z3 predicate, over the contract's symbolic state (smt/encoding.hpp), which
//    `meshcheck prove` proves or refutes.
// tests/invariant_agreement_test.cpp ties the two: on fuzzed steps both must give the
// same verdict.
//
// Like Certora's ghosts, sums over maps (open escrow amounts, stakes) are kept as ghost
// values that each step updates from the entries it changed (PMap::diff), so a check
// costs what the step changed, never the size of the state. A contract's checks share
// one view of each step (its changed entries, computed once), so splitting them into
// one function per invariant costs no second diff.
#pragma once

#include <any>
#include <functional>
#include <boost/container/small_vector.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "model/world.hpp"
#include "smt/encoding.hpp"

namespace meshcheck::invariants {

enum class Kind {
  State,       // looks at one world
  Transition,  // looks at (world before, call, outcome, world after)
  Messages,    // a property of the messages, not of a run: the prover judges it
  TwoRun,      // compares two runs from one world: a check reruns the step's call
               // differently (the Monitor's view holds the world before); the prover
               // judges it by self-composition
};
const char* kind_name(Kind kind);

// A profile's own words for an invariant it restates: the spec profile keeps a deployed
// invariant's ID but states it for the design (../shared/spec-profile.md §6.1).
struct Restatement {
  std::string profile;  // "spec"
  std::string statement;
  std::string why_it_matters;
};

// A catalog entry: what `meshcheck list` and the reports show. One entry per ID, whatever
// the profiles that have it: `statement` is the first profile's, `restated` holds the
// others' where they word it differently (statement_in picks the right one).
struct Invariant {
  std::string id;  // "E-CONSERVE"
  Kind kind;
  std::string statement;       // one sentence
  std::string why_it_matters;  // what a violation costs the people using the contracts
  std::string contract;        // "payment_escrow", or "" for a global invariant
  std::vector<std::string> profiles;
  std::vector<Restatement> restated = {};
  // Whether a run can violate it (false for the Messages kind).
  bool checkable_on_runs() const { return kind != Kind::Messages; }
  // The same in `profile`: the spec profile checks its enabledness (Messages) invariants
  // on runs too, by running the exit calls after each step (invariants/spec/exits.cpp).
  bool checkable_on_runs(std::string_view profile) const { return profile == "spec" || checkable_on_runs(); }
  bool in_profile(std::string_view profile) const;
  // The statement (and why) as `profile` words it.
  const std::string& statement_in(std::string_view profile) const;
  const std::string& why_in(std::string_view profile) const;
};

// One step of a run: one trace line taking `before` to `after`.
enum class StepKind { Balances, Deploy, Call, Transfer };

struct RunStep {
  StepKind kind;
  const model::World& before;
  const model::World& after;
  const model::Call* call = nullptr;          // when the line was a call
  const model::CallResult* result = nullptr;  // its result
};

struct Violation {
  std::string id;
  std::string detail;  // what broke, with the contract address and the ids involved
};

// Where checks report. Knows which IDs are wanted, so a check can skip work.
class Findings {
 public:
  Findings(std::vector<Violation>& out, const std::vector<std::string>& only) : out_(out), only_(only) {}
  bool wants(std::string_view id) const;
  // `detail` returns the violation's text, and is called only for a wanted ID: a focused
  // search meets many violations of other invariants, and their texts (ids and
  // addresses printed) cost more than the checks.
  template <class Detail> void violation(std::string_view id, Detail&& detail) {
    if (wants(id)) out_.push_back(Violation{std::string(id), std::string(detail())});
  }

 private:
  std::vector<Violation>& out_;
  const std::vector<std::string>& only_;
};

// One invariant's (or one contract's part of a global invariant's) two forms. `View`
// is what the contract's checks share about one step (see Checks::view).
template <class View>
struct Rule {
  std::string_view id;
  void (*check)(const View& view, Findings& findings);
  // Exactly one of these: a predicate over a state (State invariants), or over a step;
  // neither for a TwoRun invariant, whose Z3 form is the prover's self-composition
  // engine (smt/engines/self_composition.cpp).
  z3::expr (*state)(const smt::SymState& state) = nullptr;
  z3::expr (*step)(const smt::SymStep& step) = nullptr;
};

// An assumption: a named fact about the runs a proof covers, which the prover states
// instead of proving, the way a Certora spec states its `require`s (A-COUNTERS: no id
// counter reaches its maximum). Declared once, in invariants/assumptions.cpp, and listed
// by `meshcheck list` beside the invariants; each contract it concerns gives its part
// (an AssumedFact) in invariants/<contract>.cpp. A proof that needed an assumption
// carries its id, and every output prints it beside PROVED; `--no-assume ID` drops it.
struct Assumption {
  std::string id;         // "A-COUNTERS"
  std::string statement;  // one sentence: what is assumed
  std::string why;        // why it is reasonable, and what a proof under it does not cover
  std::vector<std::string> profiles;
};

// One contract's part of an assumption: a predicate over the contract's state, in its two
// forms. The prover assumes the Z3 form of the pre-state of every inductive step (never
// of the state after it: the assumption is about the runs, not something the step must
// keep); the concrete form says the same of a model state (the standard deployment
// satisfies it, and tests/prove_test.cpp holds the two forms to the same answer).
struct AssumedFact {
  std::string_view id;  // the Assumption's
  bool (*holds)(const model::ContractState& state);
  z3::expr (*state)(const smt::SymState& state);
};

// A supporting lemma: a state predicate the prover may assume once it has proved it
// inductive. Not in the catalog (no run is judged by it), named "<contract>/<name>".
struct Lemma {
  std::string_view id;
  std::string_view statement;
  z3::expr (*state)(const smt::SymState& state);
  // The assumption it is a candidate under ("" for none): a lemma that is inductive only
  // with it (data_nft_registry's numbering wraps at a saturated count) is left out of
  // the prover's search without it, which would otherwise pay for a query Z3 cannot
  // decide before dropping it (smt/engines/induction.hpp).
  std::string_view under = {};
};

// The invariants of one contract kind, and how to check them on one instance.
struct ContractInvariants {
  std::string contract;
  std::vector<Invariant> invariants;  // its catalog entries (its parts of global ones are rules only)
  // Ghost values computed from scratch for a state (once, when the monitor first sees it).
  std::function<std::any(const model::ContractState& state)> init_ghost;
  // Checks one step for one instance: builds the step's view (updating the ghost), then
  // runs each wanted rule on it. `before` is null when the step deployed it.
  std::function<void(const RunStep& step, const model::Instance* before, const model::Instance& after,
                     std::any& ghost, Findings& findings)>
      check;
  // The Z3 predicates of its rules (catalog IDs) and of its lemmas, for the prover.
  std::function<std::vector<smt::SymInvariant>(z3::context& c)> predicates;
  // Its parts of the catalog's assumptions.
  std::vector<AssumedFact> assumptions;
};

// What a contract module declares; contract_invariants() below turns it into a
// ContractInvariants.
template <class View>
struct Checks {
  std::any (*init_ghost)(const model::ContractState& state);
  // The step's view: what every rule of the contract reads (its changed entries, computed
  // once), with the ghost brought up to date by the step.
  View (*view)(const RunStep& step, const model::Instance* before, const model::Instance& after, std::any& ghost);
  std::vector<Rule<View>> rules;
  std::vector<Lemma> lemmas;
  std::vector<AssumedFact> assumptions = {};  // its parts of assumptions (invariants/assumptions.cpp)
};

// A contract's ContractInvariants from its catalog entries and its Checks (which must
// outlive it: a function-local static).
template <class View>
ContractInvariants contract_invariants(std::string contract, std::vector<Invariant> invariants,
                                       const Checks<View>& checks) {
  auto check = [&checks](const RunStep& step, const model::Instance* before, const model::Instance& after,
                         std::any& ghost, Findings& findings) {
    // The view updates the ghost, so it is built even when no rule is wanted now: a later
    // step may want one. Only the checks are skipped.
    const View view = checks.view(step, before, after, ghost);
    for (auto& rule : checks.rules)
      if (findings.wants(rule.id)) rule.check(view, findings);
  };
  auto predicates = [&checks](z3::context&) {
    std::vector<smt::SymInvariant> out;
    for (auto& rule : checks.rules) {
      if (!rule.state && !rule.step) continue;  // a two-run property: no predicate over one step
      smt::SymInvariant p{std::string(rule.id), "", nullptr, nullptr};
      if (rule.state) p.state = rule.state;
      if (rule.step) p.step = rule.step;
      out.push_back(std::move(p));
    }
    for (auto& lemma : checks.lemmas)
      out.push_back({std::string(lemma.id), std::string(lemma.statement), lemma.state, nullptr, std::string(lemma.under)});
    return out;
  };
  return ContractInvariants{std::move(contract), std::move(invariants), checks.init_ghost, check, predicates,
                            checks.assumptions};
}

// Every invariant of every profile, one entry per ID, in catalog order: the global ones,
// then contract by contract (the deployed catalog's order), then the spec profile's own
// (P-TRUSTED, P-LIMITS, the X- ones). Filter with Invariant::in_profile.
const std::vector<Invariant>& catalog();
// Those of one profile, in catalog order.
std::vector<const Invariant*> catalog_of(std::string_view profile);
// The invariants of each contract kind, in the profile's order.
const std::vector<const ContractInvariants*>& contract_invariants();
// Those of the deployed contract named `contract_name`, or nullptr. (The spec profile's
// invariants are judged on the whole system at once: invariants/spec/spec.hpp.)
const ContractInvariants* invariants_of(std::string_view contract_name);
const Invariant* find_invariant(std::string_view id);

// The catalog's assumptions (invariants/assumptions.cpp), and one by id (nullptr when none).
const std::vector<Assumption>& assumptions();
const Assumption* find_assumption(std::string_view id);
// The ids among `ids` that `contract_name` has a part in, in catalog order.
std::vector<std::string> assumptions_concerning(std::string_view contract_name, const std::vector<std::string>& ids);
// The Z3 form of the assumptions `ids` on one state of `contract_name`: the conjunction of
// its parts of them (true when it has none).
z3::expr assumed(std::string_view contract_name, const std::vector<std::string>& ids, const smt::SymState& state);

// Per contract (invariants/<contract>.cpp) and global (invariants/global.cpp).
const ContractInvariants& ai_job_queue_invariants();
const ContractInvariants& payment_escrow_invariants();
const ContractInvariants& compute_provider_registry_invariants();
const ContractInvariants& data_nft_registry_invariants();
const ContractInvariants& phala_job_processor_invariants();
const ContractInvariants& mev_protection_invariants();
const std::vector<Invariant>& global_invariants();

// What one step did to the ledger, from one diff of it (O(change)): the accounts whose
// balance changed, and the net change of the value tracked accounts hold.
struct LedgerChange {
  boost::container::small_vector<Address, 4> accounts;
  BigInt held_change = 0;
};
LedgerChange ledger_change(const RunStep& step);
// Checks the world-level global invariants (G-VALUE, G-ATOMIC) on one step.
void check_global(const RunStep& step, const LedgerChange& ledger, Findings& findings);
// The Z3 predicates of G-VALUE and G-ATOMIC, which every contract's steps are held to.
std::vector<smt::SymInvariant> world_predicates();
// The Z3 predicates the prover judges `contract_name`'s steps and states by: its rules'
// and lemmas', then the world-level ones.
std::vector<smt::SymInvariant> predicates_of(std::string_view contract_name, z3::context& c);

// The balance of `address` in a world (0 when untracked).
U256 balance_in(const model::World& world, const Address& address);

}  // namespace meshcheck::invariants
