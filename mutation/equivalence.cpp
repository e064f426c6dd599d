#include "mutation/equivalence.hpp"

#include <z3++.h>

#include "invariants/invariant.hpp"
#include "smt/encoding.hpp"
#include "smt/free_step.hpp"

namespace meshcheck::mutation {

namespace {

using smt::SymBranch;

// Whether two branches, both taken, end in outcomes someone could tell apart.
z3::expr differ(z3::context& c, const SymBranch& a, const SymBranch& b) {
  if (a.reverts != b.reverts) return c.bool_val(true);
  if (a.reverts) return c.bool_val(false);  // both revert: nothing is kept
  z3::expr out = a.post.balance != b.post.balance;
  for (auto& entry : a.post.fields()) {
    // Ghosts follow the stored fields; a history ghost may legitimately take another path.
    if (std::string_view(entry.first.name()).rfind("ghost.", 0) == 0) continue;
    out = out || entry.second != b.post[entry.first];
  }
  if (a.returned.has_value() != b.returned.has_value()) return c.bool_val(true);
  if (a.returned) out = out || !smt::equals(*a.returned, *b.returned);
  if (a.events.size() != b.events.size()) return c.bool_val(true);
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    if (a.events[i].spec != b.events[i].spec) return c.bool_val(true);
    for (std::size_t f = 0; f < a.events[i].fields.size(); ++f)
      out = out || !smt::equals(a.events[i].fields[f], b.events[i].fields[f]);
  }
  if (a.transfers.size() != b.transfers.size()) return c.bool_val(true);
  for (std::size_t i = 0; i < a.transfers.size(); ++i)
    out = out || a.transfers[i].to != b.transfers[i].to || a.transfers[i].amount != b.transfers[i].amount;
  return out;
}

// Restores "no mutant active" however the query ends.
struct Deactivate {
  ~Deactivate() { activate(nullptr); }
};

}  // namespace

EquivalenceVerdict check_equivalence(const Mutant& mutant, const std::vector<std::string>& assumed, unsigned rlimit) {
  using Kind = EquivalenceVerdict::Kind;
  Deactivate deactivate;
  activate(nullptr);
  const std::string contract = mutant.contract_name();
  const smt::ContractEncoding* enc = smt::encoding_of(contract);
  const invariants::ContractInvariants* ci = invariants::invariants_of(contract);
  if (!enc || !ci) return {Kind::kError, "no encoding or invariants for " + contract};

  z3::context c;
  std::vector<smt::SymMessage> messages = enc->messages(c);
  const smt::SymMessage* message = nullptr;
  for (auto& m : messages)
    if (m.spec->label == mutant.facts.message) message = &m;
  if (!message) return {Kind::kError, std::string(mutant.facts.message) + " has no encoding"};

  // One arbitrary call, encoded twice: the encodings read the active mutant as they build.
  smt::FreeStep original = smt::free_step(c, *enc, *message);
  activate(&mutant);
  std::vector<SymBranch> mutated = smt::call_branches(*message, original.pre, original.env, original.args);
  activate(nullptr);

  // The facts assumed of the pre-state.
  z3::expr facts = smt::balance_in_range(original.pre);
  const std::vector<smt::SymInvariant> predicates = invariants::predicates_of(contract, c);
  for (const std::string& id : assumed) {
    bool found = false;
    for (const auto& a : ci->assumptions)
      if (a.id == id) {
        facts = facts && a.state(original.pre);
        found = true;
      }
    if (const smt::SymInvariant* p = smt::find_predicate(predicates, id); p && p->state) {
      facts = facts && p->state(original.pre);
      found = true;
    }
    if (!found) return {Kind::kError, id + " is no assumption or state predicate of " + contract};
  }

  z3::solver solver(c);
  z3::params params(c);
  params.set("rlimit", rlimit);
  solver.set(params);
  solver.add(facts);
  z3::expr some_difference = c.bool_val(false);
  for (const SymBranch& a : original.branches)
    for (const SymBranch& b : mutated) some_difference = some_difference || (a.guard && b.guard && differ(c, a, b));
  solver.add(some_difference);
  switch (solver.check()) {
    case z3::unsat: return {Kind::kEquivalent, ""};
    case z3::sat: {
      z3::model model = solver.get_model();
      for (const SymBranch& a : original.branches)
        for (const SymBranch& b : mutated)
          if (model.eval(a.guard && b.guard && differ(c, a, b), true).is_true())
            return {Kind::kDiffers, "the original's branch '" + a.name + "' and the mutant's '" + b.name +
                                        "' end differently"};
      return {Kind::kDiffers, "the two end differently"};
    }
    case z3::unknown: return {Kind::kUnknown, solver.reason_unknown()};
  }
  return {Kind::kError, "unreachable"};
}

}  // namespace meshcheck::mutation
