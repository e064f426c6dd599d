// How a step form's query under the set is asked (ask.hpp).
#include "smt/spec/ask.hpp"

#include <algorithm>
#include <initializer_list>

#include "smt/spec/ghosts.hpp"
#include "smt/spec/solver.hpp"
#include "smt/spec/subterms.hpp"

namespace meshcheck::smt::spec {

namespace {

// The share of the limit the attempt as integers gets: what it decides, it decides in
// tens of thousands of units (61K, 52K above); one that cannot give up within this wastes
// little beside the 15M the query itself may take.
constexpr std::uint64_t kIntegerRlimit = 500'000;

// The share of the limit the attempt at the level of bits gets: what it decides, it
// decides in a few million units; what it cannot, it gives up on within a few hundred
// thousand.
constexpr std::uint64_t kBitLevelRlimit = 4'000'000;

// `f` with each application of the kinds `kinds` to two non-literal terms `name<width>`
// of them, an uninterpreted function.
template <class Name>
z3::expr abstract_apps(const z3::expr& f, std::initializer_list<Z3_decl_kind> kinds, unsigned arity, Name name) {
  z3::context& c = f.ctx();
  z3::expr_vector from(c), to(c);
  for_each_subterm(f, [&](const z3::expr& e) {
    if (!e.is_app()) return false;
    const Z3_decl_kind k = e.decl().decl_kind();
    if (std::find(kinds.begin(), kinds.end(), k) == kinds.end() || e.num_args() != arity) return true;
    for (unsigned i = 0; i < arity; ++i)
      if (e.arg(i).is_numeral()) return true;
    z3::sort_vector domain(c);
    z3::expr_vector args(c);
    for (unsigned i = 0; i < arity; ++i) {
      domain.push_back(e.arg(i).get_sort());
      args.push_back(e.arg(i));
    }
    const std::string n = name(k) + std::to_string(e.arg(0).get_sort().bv_size());
    from.push_back(e);
    to.push_back(c.function(n.c_str(), domain, e.get_sort())(args));
    return false;
  });
  if (from.empty()) return f;
  z3::expr g = f;
  return g.substitute(from, to);
}

// A solver that simplifies the query, solves its equations, drops the terms nothing else
// constrains (a product abstract_products left free), and decides what is left by
// bit-blasting and SAT: no theory combination, so it fails at once (unknown) on a query
// that still reads arrays, integers or strings after preprocessing. Each step preserves
// satisfiability, so its unsat is a proof.
z3::solver bit_level_solver(z3::context& c) {
  z3::tactic t = z3::tactic(c, "simplify") & z3::tactic(c, "propagate-values") & z3::tactic(c, "solve-eqs") &
                 z3::tactic(c, "elim-uncnstr") & z3::tactic(c, "simplify") & z3::tactic(c, "bit-blast") &
                 z3::tactic(c, "sat");
  return t.mk_solver();
}

// Whether `f` reads some bit-vector as an integer (bv2int): a goal stated over integers
// (ghosts.hpp's E-CONSERVE and R-STAKE), which is asked as integers though no equality of
// the query is read as one.
bool reads_integers(const z3::expr& f) {
  bool found = false;
  for_each_subterm(f, [&](const z3::expr& e) {
    if (found || !e.is_app()) return false;
    found = e.decl().decl_kind() == Z3_OP_BV2INT;
    return !found;
  });
  return found;
}

QueryLimits share(const QueryLimits& limits, std::uint64_t at_most) {
  QueryLimits out = limits;
  if (out.rlimit == 0 || out.rlimit > at_most) out.rlimit = at_most;
  return out;
}

}  // namespace

z3::expr abstract_bv2int(const z3::expr& f) {
  return abstract_apps(f, {Z3_OP_BV2INT}, 1, [](Z3_decl_kind) { return std::string("int_of_bv"); });
}

z3::expr abstract_products(const z3::expr& f) {
  return abstract_apps(f, {Z3_OP_BMUL, Z3_OP_BUMUL_NO_OVFL}, 2,
                       [](Z3_decl_kind k) { return std::string(k == Z3_OP_BMUL ? "product" : "product_fits"); });
}

Asked ask_abstractions(const z3::expr& query, const z3::expr& goal, const QueryLimits& limits,
                       const std::function<void(const std::string& how, const Answer&)>& trace) {
  z3::context& c = query.ctx();
  // What the attempts that did not decide cost is counted in the answer that did: the
  // obligation's units are what its case cost.
  Asked out{Answer{z3::unknown, "no abstraction of the query differs from it", 0, 0}, "", std::nullopt};
  auto attempt = [&](Asked a) {
    trace(a.how, a.answer);
    a.answer.rlimit += out.answer.rlimit;
    a.answer.seconds += out.answer.seconds;
    out = std::move(a);
    return out.answer.result == z3::unsat;
  };
  if (const z3::expr ints = equalities_as_integers(query); !z3::eq(ints, query) || reads_integers(goal)) {
    const QueryLimits l = share(limits, kIntegerRlimit);
    z3::solver s = make_spec_solver(c, l);
    s.add(abstract_bv2int(abstract_products(ints)));
    if (attempt(Asked{check(s, l), "as integers", std::nullopt})) return out;
  }
  if (const z3::expr bits = abstract_products(query); !z3::eq(bits, query)) {
    const QueryLimits l = share(limits, kBitLevelRlimit);
    z3::solver s = bit_level_solver(c);
    set_limits(s, l);
    s.add(bits);
    if (attempt(Asked{check(s, l), "at the level of bits", std::nullopt})) return out;
    out.bits_gave_up = out.answer.result == z3::unknown;
  }
  // A sat of an abstraction is no model of the query: what the caller reads is unknown.
  if (out.answer.result == z3::sat)
    out.answer = Answer{z3::unknown, "an abstraction is satisfiable", out.answer.seconds, out.answer.rlimit};
  return out;
}

Asked ask_exact(const z3::expr& query, const QueryLimits& limits,
                const std::function<void(const std::string& how, const Answer&)>& trace, const Asked& before) {
  z3::solver s = make_spec_solver(query.ctx(), limits);
  s.add(query);  // the query itself: a model of an abstraction need not be one of it
  Checked checked = check_confirmed(s, limits, AskAgain::kFailedSatOrUnknown);
  Asked a{checked.answer, "", std::move(checked.model), before.bits_gave_up};
  trace(a.how, a.answer);
  a.answer.rlimit += before.answer.rlimit;
  a.answer.seconds += before.answer.seconds;
  return a;
}

Asked ask_under_set(const z3::expr& query, const z3::expr& goal, const QueryLimits& limits,
                    const std::function<void(const std::string& how, const Answer&)>& trace) {
  Asked a = ask_abstractions(query, goal, limits, trace);
  if (a.answer.result == z3::unsat) return a;
  return ask_exact(query, limits, trace, a);
}

}  // namespace meshcheck::smt::spec
