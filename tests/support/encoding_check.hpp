// Checking one concrete call through a contract's Z3 encoding against the C++ model:
// the core of smt_encoding_test (fuzzed calls) and smt_encoding_edges_test (hand-built
// calls that reach the branches the fuzzer does not).
#pragma once

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "invariants/invariant.hpp"
#include "model/contract_kind.hpp"
#include "model/world.hpp"
#include "smt/encoding.hpp"

namespace meshcheck::testing {

// Rewrites every array read of a formula, quantifier bodies included, into the ite over
// the array's stores that it equals: select(store(a, j, v), i) is ite(i == j, v,
// select(a, i)), a read of an ite array reads both sides, a read of a constant array is
// its value. A concrete state's maps are stores at literal keys over a constant array, so
// on it no read is left. Z3 decides a read of a long store chain at a symbolic index (a
// quantified key or list position) lazily, one read-over-write axiom at a time: on
// mev_protection's states, whose fuzzed batches list up to 100 intents, M-EXCLUSIVE ("for
// each intent, some position of the batch it names holds it") and M-OUTPUT took from
// seconds to a minute per step that way; resolved, milliseconds.
class ReadResolver {
 public:
  explicit ReadResolver(z3::context& c) : c_(c) {}
  z3::expr operator()(const z3::expr& e) {
    unsigned id = Z3_get_ast_id(c_, e);
    if (auto it = done_.find(id); it != done_.end()) return it->second.second;
    z3::expr out = rewrite(e);
    done_.emplace(id, std::make_pair(e, out));  // keeping `e` keeps its id from being reused
    return out;
  }

 private:
  z3::expr rewrite(const z3::expr& e) {
    if (e.is_quantifier()) {
      Z3_ast body = (*this)(e.body());
      return z3::expr(c_, Z3_update_term(c_, e, 1, &body));
    }
    if (!e.is_app() || e.num_args() == 0) return e;
    z3::expr_vector args(c_);
    for (unsigned i = 0; i < e.num_args(); ++i) args.push_back((*this)(e.arg(i)));
    if (e.decl().decl_kind() == Z3_OP_SELECT && args.size() == 2) return read(args[0], args[1]);
    std::vector<Z3_ast> raw;
    for (unsigned i = 0; i < args.size(); ++i) raw.push_back(args[i]);
    return z3::expr(c_, Z3_update_term(c_, e, static_cast<unsigned>(raw.size()), raw.data()));
  }
  // select(array, index), its arguments already rewritten.
  z3::expr read(const z3::expr& array, const z3::expr& index) {
    if (!array.is_app()) return z3::select(array, index);
    switch (array.decl().decl_kind()) {
      case Z3_OP_STORE:
        return z3::ite(index == array.arg(1), array.arg(2), (*this)(z3::select(array.arg(0), index)));
      case Z3_OP_ITE:
        return z3::ite(array.arg(0), (*this)(z3::select(array.arg(1), index)),
                       (*this)(z3::select(array.arg(2), index)));
      case Z3_OP_CONST_ARRAY: return array.arg(0);
      default: return z3::select(array, index);
    }
  }

  z3::context& c_;
  std::unordered_map<unsigned, std::pair<z3::expr, z3::expr>> done_;  // by AST id: the term, and it rewritten
};

// The truth value of a closed formula (every symbol concrete, except payloads that
// must not matter: then the solver decides whether it holds for all of them).
enum class Truth { True, False, Depends };
inline Truth truth(z3::context& c, const z3::expr& e) {
  z3::expr s = e.simplify();
  if (s.is_true()) return Truth::True;
  if (s.is_false()) return Truth::False;
  s = ReadResolver(c)(s).simplify();
  if (s.is_true()) return Truth::True;
  if (s.is_false()) return Truth::False;
  z3::solver solver(c);
  solver.add(!s);
  if (solver.check() == z3::unsat) return Truth::True;
  solver.reset();
  solver.add(s);
  if (solver.check() == z3::unsat) return Truth::False;
  return Truth::Depends;
}

// The six contracts' names, in the profile's order: the parameters of the tests that
// go through every encoding.
inline std::vector<std::string> contract_names() {
  std::vector<std::string> out;
  for (model::ContractKind kind : model::kContractKinds) out.emplace_back(model::contract_name(kind));
  return out;
}
inline model::ContractKind contract_kind(const std::string& name) {
  for (model::ContractKind kind : model::kContractKinds)
    if (model::contract_name(kind) == name) return kind;
  throw std::invalid_argument("no contract named " + name);
}

struct Tally {
  std::size_t checked = 0;
  std::size_t skipped_long_vec = 0;
  std::size_t skipped_unfunded = 0;
  std::map<std::string, std::size_t> per_message;
  std::set<std::string> branches_hit;  // "message: branch"
};

// One concrete call as the encoding sees it: the pre-state, environment and arguments
// as literals, every branch of the call, and the one whose guard holds.
struct ConcreteCall {
  std::vector<smt::SymMessage> messages;  // owns the message the branches came from
  const smt::SymMessage* message = nullptr;
  std::vector<smt::SymValue> args;
  std::optional<smt::SymState> pre;
  std::optional<smt::SymEnv> env;
  std::vector<smt::SymBranch> branches;
  const smt::SymBranch* taken = nullptr;
};

// Builds `call` from `before` through `enc` in context `c`. Returns "" with `out` filled,
// "" with `out.taken` null when the call is not the encoding's to judge (a read-only
// message, a caller the world refuses, a Vec longer than the encodings unroll), or why
// the encoding cannot judge it (no branch holds, two do, a guard not decided).
inline std::string encode_call(z3::context& c, const smt::ContractEncoding& enc, const model::World& before,
                               const model::Call& call, ConcreteCall& out, Tally& tally) {
  const model::MessageSpec* spec = call.message;
  out.messages = enc.messages(c);
  for (auto& m : out.messages)
    if (m.spec == spec) out.message = &m;
  if (!out.message) return spec->mutates ? "the mutating message " + spec->label + " has no encoding" : "";

  // A tracked caller that cannot pay the value is refused by the world before the
  // contract runs: not a branch of the message (the prover's callers are untracked).
  if (before.tracked(call.caller) && *before.balance(call.caller) < call.value) {
    ++tally.skipped_unfunded;
    return "";
  }
  try {
    for (std::size_t i = 0; i < spec->args.size(); ++i)
      out.args.push_back(smt::literal(c, spec->args[i].type, call.args[i]));
  } catch (const std::invalid_argument&) {
    ++tally.skipped_long_vec;  // a Vec longer than the encodings unroll
    return "";
  }
  const model::Instance& instance = *before.instance(call.contract);
  out.pre = enc.from_model(c, *instance.state, invariants::balance_in(before, call.contract));
  unsigned value_width = enc.spec->ink == model::InkVersion::V6 ? 256 : 128;
  out.env = smt::SymEnv{smt::address_val(c, call.caller), smt::address_val(c, call.contract),
                        smt::bv_val(c, call.value, value_width), c.bv_val(call.block, 32),
                        c.bv_val(static_cast<std::uint64_t>(call.timestamp), 64)};
  out.branches = smt::call_branches(*out.message, *out.pre, *out.env, out.args);
  const smt::SymBranch* taken = nullptr;
  for (auto& b : out.branches) {
    Truth t = truth(c, b.guard);
    if (t == Truth::Depends) return "the guard of branch '" + b.name + "' is not decided by the concrete call";
    if (t == Truth::False) continue;
    if (taken) return "two branches hold: '" + taken->name + "' and '" + b.name + "'";
    taken = &b;
  }
  if (!taken) return "no branch holds";
  out.taken = taken;
  return "";
}

// Checks one call; returns "" when the encoding agrees with the model, else why not.
inline std::string check_call(const smt::ContractEncoding& enc, const model::World& before, const model::Call& call,
                              Tally& tally) {
  const model::MessageSpec* spec = call.message;
  z3::context c;
  ConcreteCall encoded;
  if (std::string why = encode_call(c, enc, before, call, encoded, tally); !why.empty() || !encoded.taken) return why;
  const smt::SymBranch* taken = encoded.taken;

  model::World after = before;
  model::CallResult result = after.call(call);
  smt::SymState post =
      enc.from_model(c, *after.instance(call.contract)->state, invariants::balance_in(after, call.contract));

  ++tally.checked;
  ++tally.per_message[spec->label];
  tally.branches_hit.insert(spec->label + ": " + taken->name);

  const std::string at = "branch '" + taken->name + "': ";
  if (taken->reverts != result.outcome.reverted)
    return at + (result.outcome.reverted ? "the model reverted (" + result.outcome.reason + ")" : "the model returned");
  if (taken->name.rfind("revert: ", 0) != 0) {
    auto& names = spec->branches;
    auto it = std::find(names.begin(), names.end(), taken->name);
    if (it == names.end()) return at + "not one of the model's branch names";
    if (!(result.covered >> (it - names.begin()) & 1)) return at + "the model did not take this branch";
  }
  if (truth(c, taken->post.balance == post.balance) != Truth::True)
    return at + "balance: encoding " + taken->post.balance.simplify().to_string() + ", model " +
           post.balance.to_string();
  std::set<smt::StateField> history;  // ghosts from_model cannot give the run's value of (FieldDecl::history)
  for (auto& decl : enc.schema(c))
    if (decl.history) history.insert(decl.field);
  for (auto& [field, e] : post.fields())
    if (!history.count(field) && truth(c, taken->post[field] == e) != Truth::True)
      return at + "field " + std::string(field.name()) + " differs from the model's";
  if (taken->post.fields().size() != post.fields().size()) return at + "the encoding's state has other fields";
  if (result.outcome.reverted) return "";

  if (spec->returns->kind != TypeKind::Tuple || !spec->returns->fields.empty()) {
    if (!taken->returned) return at + "returns nothing";
    smt::SymValue expected = smt::literal(c, spec->returns, result.outcome.returned);
    if (truth(c, smt::equals(*taken->returned, expected)) != Truth::True) return at + "returned value differs";
  }
  if (taken->events.size() != result.events.size())
    return at + std::to_string(taken->events.size()) + " events, the model emitted " +
           std::to_string(result.events.size());
  for (std::size_t i = 0; i < result.events.size(); ++i) {
    const model::Event& e = result.events[i];
    if (taken->events[i].spec != e.spec) return at + "event " + std::to_string(i) + " is not " + e.spec->name;
    for (std::size_t f = 0; f < e.fields.size(); ++f)
      if (truth(c, smt::equals(taken->events[i].fields[f], smt::literal(c, e.spec->fields[f].type, e.fields[f]))) !=
          Truth::True)
        return at + "event " + e.spec->name + " field " + e.spec->fields[f].name + " differs";
  }
  if (taken->transfers.size() != result.transfers.size()) return at + "transfer count differs";
  for (std::size_t i = 0; i < result.transfers.size(); ++i) {
    if (truth(c, taken->transfers[i].to == smt::address_val(c, result.transfers[i].to)) != Truth::True ||
        truth(c, taken->transfers[i].amount == smt::int_val(c, BigInt(result.transfers[i].amount))) != Truth::True)
      return at + "transfer " + std::to_string(i) + " differs";
  }
  return "";
}

}  // namespace meshcheck::testing
