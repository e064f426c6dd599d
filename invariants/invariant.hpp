// The invariant catalog: named properties that must hold over every run of the six
// contracts, each with a stable ID and its one-sentence statement.
//
// Invariants are checked step by step by a Monitor (monitor.hpp): after every trace
// line, with the world before and after it. Each contract's invariants live in
// invariants/<contract>.cpp; the global ones in invariants/global.cpp. Like Certora's
// ghosts, sums over maps (open escrow amounts, stakes) are kept as ghost values that
// each step updates from the entries it changed (PMap::diff), so a check costs what the
// step changed, never the size of the state.
#pragma once

#include <any>
#include <boost/container/small_vector.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "model/world.hpp"

namespace meshcheck::invariants {

enum class Kind {
  State,       // looks at one world
  Transition,  // looks at (world before, call, outcome, world after)
  Messages,    // a property of the messages, not of a run: the prover judges it
  TwoRun,      // compares two runs: the prover judges it by self-composition
};
const char* kind_name(Kind kind);

struct Invariant {
  std::string id;         // "E-CONSERVE"
  Kind kind;
  std::string statement;  // one sentence
  std::string contract;   // "payment_escrow", or "" for a global invariant
  std::vector<std::string> profiles;
  // Whether a run can violate it (false for Messages and TwoRun kinds).
  bool checkable_on_runs() const { return kind == Kind::State || kind == Kind::Transition; }
};

// One step of a run: one trace line taking `before` to `after`.
enum class StepKind { Balances, Deploy, Call, Transfer };

struct Step {
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
class Report {
 public:
  Report(std::vector<Violation>& out, const std::vector<std::string>& only) : out_(out), only_(only) {}
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

// The invariants of one contract kind, and how to check them on one instance.
struct ContractInvariants {
  std::string contract;
  std::vector<Invariant> invariants;
  // Ghost values computed from scratch for a state (once, when the monitor first sees it).
  std::any (*init_ghost)(const model::ContractState& state);
  // Checks one step for one instance. `before` is null when the step deployed it. Updates the ghost.
  void (*check)(const Step& step, const model::Instance* before, const model::Instance& after, std::any& ghost,
                Report& report);
};

// Every invariant, in catalog order: the global ones, then contract by contract.
const std::vector<Invariant>& catalog();
// The invariants of each contract kind, in the profile's order.
const std::vector<const ContractInvariants*>& contract_invariants();
// Those of the contract named `contract_name`, or nullptr.
const ContractInvariants* invariants_of(std::string_view contract_name);
const Invariant* find_invariant(std::string_view id);

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
LedgerChange ledger_change(const Step& step);
// Checks the world-level global invariants (G-VALUE, G-ATOMIC) on one step.
void check_global(const Step& step, const LedgerChange& ledger, Report& report);

// The balance of `address` in a world (0 when untracked).
U256 balance_in(const model::World& world, const Address& address);

}  // namespace meshcheck::invariants
