// Canonical counterexamples: once a query is sat, the values a person reads (messages,
// callers, amounts, ids, strings, the clock) are minimized one after the other in a
// fixed order, each to the smallest value the query still allows given those fixed
// before it. The result depends on the query alone, not on the model Z3 happened to
// find first, so the prover's counterexample is the same bytes on every run and reads
// like the fuzzer's shrunk one (small ids and amounts, the first actors, "" before "a").
//
// Each minimizing check is bounded by the query's rlimit, and the whole minimization by
// a budget of resource units of its own (minimization_budget), so that it never eats
// into the search's; a check that runs out leaves its value where the last model put it,
// which is deterministic too. Every model along the way satisfies the query, so the
// counterexample still breaks what it broke. Most values can be 0: each is asked that
// first (one check), and searched bit by bit only when it cannot.
#pragma once

#include <z3++.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/types.hpp"
#include "smt/proof.hpp"
#include "smt/free_step.hpp"
#include "smt/query.hpp"
#include "smt/sym.hpp"
#include "smt/unroll.hpp"

namespace meshcheck::smt {

// Minimizes terms of a sat solver one at a time, inside a push() of its own (popped
// when it is destroyed). Each term is fixed to its least value before the next.
class Minimizer {
 public:
  // `s` has just answered sat. `budget`: resource units for all the minimizing checks.
  Minimizer(z3::solver& s, const QueryLimits& limits, std::uint64_t budget);
  // `start`: a model of what `s` holds (found by another solver of the same query).
  Minimizer(z3::solver& s, const z3::model& start, const QueryLimits& limits, std::uint64_t budget);
  ~Minimizer();
  Minimizer(const Minimizer&) = delete;
  Minimizer& operator=(const Minimizer&) = delete;

  // An unsigned bit-vector, a non-negative Int (a negative one is kept), a Bool
  // (`prefer` first), or a term equal to the first of `candidates` it can be.
  void unsigned_bits(const z3::expr& t);
  void integer(const z3::expr& t);
  void boolean(const z3::expr& t, bool prefer = false);
  void first_of(const z3::expr& t, const std::vector<z3::expr>& candidates);
  // A symbolic value, part by part: tags first (None, the first variant, the shortest
  // Vec), then the items that count; strings as "", "a", "b" first.
  void value(const SymValue& v);

  // The last model: it gives every minimized term its least value.
  const z3::model& model() const { return model_; }
  // What the minimizing checks cost: resource units (deterministic), checks, seconds.
  std::uint64_t used() const { return used_; }
  std::size_t checks() const { return checks_; }
  double seconds() const { return seconds_; }

 private:
  // Asks whether `t` can also satisfy `c`; when sat, takes the new model.
  z3::check_result ask(const z3::expr& c);
  void fix(const z3::expr& t);
  // Fixes `t` to the least value for which at_most(bound) (t <= bound) can hold.
  void least(const z3::expr& t, const std::function<z3::expr(const BigInt&)>& at_most);

  z3::solver& s_;
  QueryLimits limits_;
  std::uint64_t left_;
  z3::model model_;
  std::uint64_t used_ = 0;
  std::size_t checks_ = 0;
  double seconds_ = 0;
};

// The units a counterexample's minimization may use: a few queries' worth.
std::uint64_t minimization_budget(const QueryLimits& limits);

// A canonical model, and what minimizing it cost (an obligation of its own).
struct Canonical {
  z3::model model;
  std::uint64_t rlimit = 0;
  std::size_t checks = 0;
  double seconds = 0;
  // As the obligation `what` of `contract` records it ("sat": the last model).
  Obligation obligation(const std::string& contract, const std::string& what) const;
};

// What of a run is made canonical: all its values, or only which messages it calls
// (enough for a verdict that names them, and much cheaper).
enum class CanonicalParts { All, Messages };

// The query `query` with each call's message put in (`choices` replaced by `chosen`, and
// each asserted equal to it), simplified: every other message's branches drop out. The
// solver canonical_run minimizes a run's values in, and the one bounded model checking
// asks a run of given messages in (smt/engines/bmc.cpp).
z3::solver with_messages(z3::context& c, const z3::expr_vector& query, const z3::expr_vector& choices,
                         const z3::expr_vector& chosen, const QueryLimits& limits);

// The first half of a run made canonical, the same for both profiles' unrollings (`Run`:
// smt::Unrolling, smt::spec::Unrolling; call(i).choice is the message call i makes): the
// messages of its `depth` calls, minimized in `s` itself from the first call on. When
// `values` is given, it is then set to a solver of its own holding s's query with those
// messages put in and simplified: every other message's branches drop out, so each check
// that minimizes the callers, values and arguments next is far cheaper there than in `s`,
// with the same models, so the same least values. Returns the messages' canonical model
// and what minimizing them cost (`budget`: the units they may use).
template <class Run>
Canonical canonical_messages(z3::solver& s, const Run& u, std::size_t depth, const QueryLimits& limits,
                             std::uint64_t budget, std::optional<z3::solver>* values = nullptr) {
  z3::context& c = s.ctx();
  z3::expr_vector choices(c), chosen(c), query(c);
  Canonical out{s.get_model()};
  {
    Minimizer min(s, limits, budget);
    for (std::size_t i = 0; i < depth; ++i) min.unsigned_bits(u.call(i).choice);
    out = Canonical{min.model(), min.used(), min.checks(), min.seconds()};
    if (!values) return out;
    for (std::size_t i = 0; i < depth; ++i) {
      choices.push_back(u.call(i).choice);
      chosen.push_back(min.model().eval(u.call(i).choice, true));
    }
    query = s.assertions();
  }
  values->emplace(with_messages(c, query, choices, chosen, limits));
  return out;
}

// A run of `depth` calls of an unrolling that `s` found sat, made canonical: the
// messages first (in `s`, canonical_messages), then, in a solver of their own that holds the query with
// those messages put in, every call's caller (fewest distinct actors), then each call's
// value and arguments from the last call back to the first, then the clock; then `extra`
// values in order. `limits`: each minimizing check's (the budget is
// minimization_budget(limits)).
Canonical canonical_run(z3::solver& s, const Unrolling& u, std::size_t depth, const QueryLimits& limits,
                        const std::vector<SymValue>& extra = {}, CanonicalParts parts = CanonicalParts::All);

// canonical_run's second half: `f` (from with_messages) holds the query with the run's
// messages put in, and `start` is a model of it. The callers, then each call's value and
// arguments from the last call back to the first, then the clock, then `extra`, within
// `budget` units (0: none when limits.rlimit is 0).
Canonical canonical_values(z3::solver& f, const z3::model& start, const Unrolling& u, std::size_t depth,
                           const QueryLimits& limits, std::uint64_t budget, const std::vector<SymValue>& extra = {});

// A counterexample to induction that `s` found sat, made canonical: the first branch
// that breaks it, then the caller, the arguments and the balance before.
z3::model canonical_step(z3::solver& s, const FreeStep& st, const QueryLimits& limits);

}  // namespace meshcheck::smt
