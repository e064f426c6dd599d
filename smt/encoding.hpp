// What a contract's Z3 encoding is made of: its symbolic state, the transition relation
// of each mutating message as a list of guarded branches. (Its invariants' Z3 predicates
// are in the catalog, invariants/<contract>.cpp, beside their concrete checks.) One
// encoding per contract, in smt/<contract>.cpp; the prover (prover.hpp)
// knows nothing of any contract.
//
// A message's encoding mirrors its model (model/<contract>.cpp) branch for branch: each
// SymBranch is one guard outcome, named by the model's own branch (the enumerator that
// model/<contract>.hpp declares and Ctx::cover marks), and the encoding test
// (tests/smt_encoding_test.cpp) checks on random concrete calls that exactly one branch's
// guard holds, that it is the one the model took, and that it computes the model's
// successor state, outcome and events. That test is what makes a proof about the
// encoding a proof about the model.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/contract.hpp"
#include "smt/sym.hpp"

namespace meshcheck::smt {

// The name of one stored field of a contract's symbolic state ("escrows.owner"): the key
// SymState keeps the field's expression under, and part of the names of its Z3 constants
// ("pre.escrows.owner"). Each encoding declares its fields once, as constants in
// smt/<contract>.hpp, and SymState is addressed by nothing else: a misspelled field is an
// unknown identifier, not a new field.
class StateField {
 public:
  // From a literal, at compile time only: a field is declared, never computed.
  consteval explicit StateField(const char* name) : name_(name) {}

  constexpr std::string_view name() const { return name_; }
  // By name: a SymState walks its fields in name order, so the formulas built from a
  // walk (equals, ite) are the same in every run.
  friend constexpr auto operator<=>(const StateField&, const StateField&) = default;

 private:
  std::string_view name_;
};

// One stored field of a contract's symbolic state. Storage maps become one Z3 array per
// struct field (plus a Bool array saying which keys are present); scalars stay scalars.
// Ghost fields (sums over maps, kept the way Certora's ghosts are: every write updates
// them by the old/new difference) are fields like any other, named "ghost.<what>".
struct FieldDecl {
  StateField field;
  z3::sort sort;
  // A ghost whose value depends on the order of the writes that built the state, not on
  // the state alone (data_nft_registry's numbering of each owner's tokens): from_model
  // gives it one canonical value, which the state after a step need not have, so the
  // encoding test does not compare it with from_model's; the ghost's own test ties its hook
  // to its concrete form instead.
  bool history = false;
};

// A symbolic contract state: one expression per field of its contract's schema, plus the
// contract's native balance (an Int). Fields are kept in a sorted map so every walk is
// deterministic.
class SymState {
 public:
  // Fresh constants for every field of `schema` (and the balance), named prefix.field.
  static SymState fresh(z3::context& c, const std::vector<FieldDecl>& schema, const std::string& prefix);
  // Every field of `schema` at its default (empty maps, zero scalars), holding `balance`:
  // where each encoding's from_model starts before it writes the model's entries.
  static SymState zeroed(z3::context& c, const std::vector<FieldDecl>& schema, const U256& balance);

  // Both throw std::out_of_range naming the field when it is not one of the schema's (a
  // field declared in smt/<contract>.hpp but left out of the encoding's schema).
  const z3::expr& operator[](StateField field) const;
  void set(StateField field, const z3::expr& value);
  const std::map<StateField, z3::expr>& fields() const { return fields_; }
  z3::context& ctx() const { return *ctx_; }

  z3::expr balance;  // an amount (sym.hpp), >= 0

 private:
  // Empty: fresh() and zeroed() add the schema's fields.
  SymState(z3::context& c, z3::expr balance) : balance(std::move(balance)), ctx_(&c) {}

  z3::context* ctx_;
  std::map<StateField, z3::expr> fields_;
};

// 0 <= balance < 2^256: what every reachable state's balance satisfies (the ledger is
// U256), assumed of the arbitrary states of inductive steps.
z3::expr balance_in_range(const SymState& s);

// a == b, field by field (balance included).
z3::expr equals(const SymState& a, const SymState& b);
// if c then a else b, field by field.
SymState ite(const z3::expr& c, const SymState& a, const SymState& b);

// The call's environment, as the contract sees it.
struct SymEnv {
  z3::expr caller;     // address bit-vector of the contract's width
  z3::expr self;       // the contract's own address
  z3::expr value;      // transferred value: bv128 on ink! 5, bv256 on ink! 6
  z3::expr block;      // bv32
  z3::expr timestamp;  // bv64
};
SymEnv fresh_env(z3::context& c, const model::ContractSpec& spec, const std::string& prefix);

struct SymEvent {
  const model::EventSpec* spec;
  std::vector<SymValue> fields;  // in EventSpec::fields order
};

struct SymTransfer {
  z3::expr to;      // address
  z3::expr amount;  // an amount (sym.hpp)
};

// A path through a call that the model marks with no branch (model/branch.hpp): a revert
// it does not name, such as the world refusing a value sent to a non-payable message.
// Its text starts with "revert: ", which tells the encoding test not to look for it among
// MessageSpec::branches.
struct RevertPath {
  consteval explicit RevertPath(std::string_view text) : name(text) {
    if (!text.starts_with("revert: ")) throw "RevertPath: the text must start with \"revert: \"";
  }
  std::string_view name;
};
inline constexpr RevertPath kValueToNonPayable{"revert: value sent to a non-payable message"};

// What a SymBranch is named by: the text of a branch the model declares (an enumerator of
// a message's branch enum, as Ctx::cover takes it), or of a RevertPath. It is the
// std::string that the prover prints and compares with MessageSpec::branches, but made
// from nothing else, so that a misspelled branch is a compile error rather than a branch
// the encoding test finds no model branch for.
class BranchName : public std::string {
 public:
  template <model::BranchEnum E>
  BranchName(E branch) : std::string(model::branch_name(branch)) {}
  BranchName(RevertPath path) : std::string(path.name) {}
};

// One guard outcome of a message.
struct SymBranch {
  // The model's branch for this outcome (its text an entry of MessageSpec::branches), or a
  // RevertPath for a path the model marks with no branch (a panic, an overflow).
  BranchName name;
  z3::expr guard;  // over the pre-state, the environment and the arguments
  bool reverts;
  SymState post;                    // the pre-state itself when the branch reverts
  std::optional<SymValue> returned; // when it does not revert (absent for `()`)
  std::vector<SymEvent> events;     // empty when it reverts
  std::vector<SymTransfer> transfers;
};

// A mutating message's transition relation: its branches on a pre-state whose balance
// already includes the transferred value (the body's view, as model::Ctx sees it).
// The guards of the branches must be mutually exclusive and cover every case.
struct SymMessage {
  const model::MessageSpec* spec;
  std::function<std::vector<SymBranch>(const SymState& pre, const SymEnv& env, const std::vector<SymValue>& args)>
      encode;
};

// One step as the invariants see it.
struct SymStep {
  const SymState& pre;  // before the call (balance without the transferred value)
  const SymEnv& env;
  const SymMessage& message;
  const std::vector<SymValue>& args;
  const SymBranch& branch;  // its post is the state after the call
};

// An invariant of the catalog (or a supporting lemma) as a Z3 predicate.
struct SymInvariant {
  // A catalog ID ("E-CONSERVE"), or, for a lemma the prover may assume once it has
  // proved it, "<contract>/<name>".
  std::string id;
  std::string statement;  // for a lemma: what it says; a catalog invariant's is in the catalog
  // Exactly one of these: a predicate over a state, or over a step.
  std::function<z3::expr(const SymState&)> state;
  std::function<z3::expr(const SymStep&)> step;
  // A lemma's assumption ("" for none): it is a candidate only in a search that makes it
  // (invariants::Lemma::under).
  std::string under = {};
  bool is_lemma() const { return id.find('/') != std::string::npos; }
};

// A contract's whole encoding.
struct ContractEncoding {
  const model::ContractSpec* spec;
  std::function<std::vector<FieldDecl>(z3::context&)> schema;
  // A concrete model state and the contract's balance as literals (the encoding test's
  // input, and the prover's starting world: the standard deployment's state).
  std::function<SymState(z3::context&, const model::ContractState&, const U256& balance)> from_model;
  // One per mutating message of spec, in spec order.
  std::function<std::vector<SymMessage>(z3::context&)> messages;
};

// The branches of one call as the world runs it: a value sent to a non-payable message
// reverts; otherwise the value is credited before the body runs, and a revert restores
// the state and balance the call started from.
std::vector<SymBranch> call_branches(const SymMessage& message, const SymState& pre, const SymEnv& env,
                                     const std::vector<SymValue>& args);

// --- helpers for encodings -----------------------------------------------------------
// Storage maps. A key that is absent holds its field's default (zero_of) in every
// array: from_model builds them that way, and a removal writes the defaults back, so
// that two states are equal exactly when their arrays are.
inline z3::expr at(const SymState& s, StateField field, const z3::expr& key) { return z3::select(s[field], key); }
inline void put(SymState& s, StateField field, const z3::expr& key, const z3::expr& value) {
  s.set(field, z3::store(s[field], key, value));
}
// The default of a sort: 0, false, the empty string, or an array of defaults.
z3::expr zero_of(const z3::sort& sort);
// A sorted map's entries as a Z3 array over zero_of(range) (the encodings' from_model).
z3::expr empty_array(const z3::sort& key, const z3::sort& range);

// `self.env().transfer(to, amount)` inside a branch: Ok when the balance covers amount.
// `amount` is an unsigned bit-vector of any width.
z3::expr transfer_succeeds(const SymState& state, const z3::expr& amount);
// The state after a successful transfer, and the transfer itself, appended to `branch`.
void pay(SymBranch& branch, const z3::expr& to, const z3::expr& amount);
// A revert branch.
SymBranch revert_branch(BranchName name, const z3::expr& guard, const SymState& pre);
// A branch that returns `value` with `post` as the state after (no events or transfers
// yet: the encoding appends them).
inline SymBranch returns(BranchName name, const z3::expr& guard, const SymState& post, const SymValue& value) {
  return SymBranch{std::move(name), guard, false, post, value, {}, {}};
}
inline SymBranch returns(BranchName name, const z3::expr& guard, const SymState& post, bool value) {
  return returns(std::move(name), guard, post, bool_value(post.ctx(), value));
}

// Every contract's encoding, in the order the prover works through them (not the
// profile's: see encodings() in encoding.cpp).
const std::vector<const ContractEncoding*>& encodings();
// The encoding of the build the standard deployment uses.
const ContractEncoding* encoding_of(std::string_view contract_name);
// The encoding of any build of the profile (model::Profile::builds), or nullptr.
const ContractEncoding* encoding_of(const model::ContractSpec& build);

const ContractEncoding& ai_job_queue_encoding();
const ContractEncoding& payment_escrow_encoding();
const ContractEncoding& compute_provider_registry_encoding();
const ContractEncoding& data_nft_registry_encoding();
const ContractEncoding& phala_job_processor_encoding();
const ContractEncoding& mev_protection_encoding();

}  // namespace meshcheck::smt
