// The two-run obligation by self-composition (two_runs.hpp).
#include "smt/spec/two_runs.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "smt/query.hpp"
#include "smt/spec/solver.hpp"
#include "smt/spec/step.hpp"

namespace meshcheck::smt::spec {

namespace is = ::meshcheck::invariants::spec;

namespace {

// A path's outcome as the concrete check compares it: ok, or the revert reason.
std::string outcome_class(const SymPath& p) { return p.ok ? "ok" : p.reason(); }

// Every contract's balance and state equal in two systems of one deployment.
z3::expr same_system(const SSys& a, const SSys& b) {
  z3::expr eq = ms::current_context().bool_val(true);
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((eq = eq && ms::sym_equal(std::get<I>(a.slots).balance, std::get<I>(b.slots).balance) &&
           ms::sym_equal(std::get<I>(a.slots).state, std::get<I>(b.slots).state)),
     ...);
  }
  (std::make_index_sequence<SSys::kSize>{});
  return eq;
}

// Leaf lists equal (false when their lengths differ: a static difference).
z3::expr same_leaves(const std::vector<z3::expr>& a, const std::vector<z3::expr>& b) {
  z3::context& c = ms::current_context();
  if (a.size() != b.size()) return c.bool_val(false);
  z3::expr eq = c.bool_val(true);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!z3::eq(a[i].get_sort(), b[i].get_sort())) return c.bool_val(false);
    eq = eq && a[i] == b[i];
  }
  return eq;
}

// Two paths of one outcome class end alike: the same post-state, returned value and
// events. Two refusals that kept no value both leave the pre-state and emit nothing.
z3::expr end_alike(const SymPath& a, const SymPath& b) {
  z3::context& c = ms::current_context();
  if (!a.ok && !b.ok && !a.kept_value && !b.kept_value) return c.bool_val(true);
  z3::expr eq = same_system(a.post, b.post) && same_leaves(a.returned, b.returned);
  if (a.events.size() != b.events.size()) return c.bool_val(false);
  for (std::size_t e = 0; e < a.events.size(); ++e) {
    if (a.events[e].contract != b.events[e].contract || a.events[e].name != b.events[e].name) return c.bool_val(false);
    eq = eq && same_leaves(a.events[e].fields, b.events[e].fields);
  }
  return eq;
}

// The runs end differently: some path of each holds, and the two end apart. Paths of
// different classes are grouped (their guards or'ed per class): a class-to-class pair
// differs whenever both hold, which asks (classes)² disjuncts instead of (paths)².
z3::expr runs_differ(const std::vector<SymPath>& first, const std::vector<SymPath>& second) {
  z3::context& c = ms::current_context();
  std::vector<std::pair<std::string, z3::expr>> a_classes, b_classes;
  auto add = [&](std::vector<std::pair<std::string, z3::expr>>& to, const SymPath& p) {
    const std::string k = outcome_class(p);
    for (auto& [name, guard] : to)
      if (name == k) {
        guard = guard || p.guard.e;
        return;
      }
    to.emplace_back(k, p.guard.e);
  };
  for (const SymPath& p : first) add(a_classes, p);
  for (const SymPath& p : second) add(b_classes, p);
  z3::expr out = c.bool_val(false);
  for (auto& [ka, ga] : a_classes)
    for (auto& [kb, gb] : b_classes)
      if (ka != kb) out = out || (ga && gb);
  for (const SymPath& a : first)
    for (const SymPath& b : second) {
      if (outcome_class(a) != outcome_class(b)) continue;
      z3::expr alike = end_alike(a, b);
      if (alike.is_true()) continue;
      out = out || (a.guard.e && b.guard.e && !alike);
    }
  return out;
}

const StepSite& site_of(const std::vector<StepSite>& sites, std::string_view contract, std::string_view message) {
  for (const StepSite& s : sites)
    if (s.kind == StepKind::kMessage && s.contract == contract && s.message == message) return s;
  throw std::logic_error("two-run form: no step " + std::string(contract) + "." + std::string(message));
}

std::string form_name(const is::TwoRunForm& f) {
  return f.part.empty() ? std::string(f.id) : std::string(f.id) + " (" + std::string(f.part) + ")";
}

}  // namespace

namespace {

// What a case fixes: each conjunct of `when` that equates a constant with a numeral, to be
// substituted in `f` (exact under `when`), which is then simplified: a path whose guard
// decides that constant otherwise folds to false.
struct Fixed {
  z3::expr_vector from, to;
  explicit Fixed(const z3::expr& when) : from(when.ctx()), to(when.ctx()) {
    std::vector<z3::expr> todo{when};
    while (!todo.empty()) {
      z3::expr e = todo.back();
      todo.pop_back();
      if (e.is_and()) {
        for (unsigned i = 0; i < e.num_args(); ++i) todo.push_back(e.arg(i));
        continue;
      }
      if (!e.is_eq()) continue;
      const z3::expr l = e.arg(0), r = e.arg(1);
      if (l.is_const() && !l.is_numeral() && r.is_numeral())
        from.push_back(l), to.push_back(r);
      else if (r.is_const() && !r.is_numeral() && l.is_numeral())
        from.push_back(r), to.push_back(l);
    }
  }
  z3::expr operator()(z3::expr f) { return (from.empty() ? f : f.substitute(from, to)).simplify(); }
};

// The conjuncts of `f` (itself when it is no conjunction).
std::vector<z3::expr> conjuncts(const z3::expr& f) {
  std::vector<z3::expr> out, todo{f};
  while (!todo.empty()) {
    z3::expr e = todo.back();
    todo.pop_back();
    if (e.is_and())
      for (unsigned i = 0; i < e.num_args(); ++i) todo.push_back(e.arg(i));
    else
      out.push_back(e);
  }
  return out;
}

}  // namespace

TwoRunAnswer two_run_answer(const is::TwoRunForm& form, const QueryLimits& limits, bool with_facts) {
  z3::context ctx;
  ms::SymbolicScope scope(ctx);
  const std::vector<StepSite> sites = step_sites(true);
  const StepSite& site = site_of(sites, form.contract, form.message);
  const ComposedState pre = free_state();
  const StepEnv env = free_env(pre);
  const MessagePaths first = explore_step(site, pre, env.env, "first.");
  const MessagePaths second = explore_step(site, pre, env.env, "second.");
  const z3::expr rest =
      abstract_lengths(env.assumptions && form.tie(first.args, second.args) && runs_differ(first.paths, second.paths));
  const z3::expr facts = with_facts && form.facts ? form.facts(first.args, second.args) : ctx.bool_val(true);
  const std::vector<z3::expr> cases =
      form.cases ? form.cases(first.args, second.args) : std::vector<z3::expr>{ctx.bool_val(true)};
  TwoRunAnswer out;
  out.result = z3::unsat;
  for (std::size_t k = 0; k < cases.size(); ++k) {
    const std::string name = "case " + std::to_string(k + 1) + " of " + std::to_string(cases.size());
    z3::solver s = make_spec_solver(ctx, limits);
    Fixed fixed(cases[k]);
    // The facts as the case leaves them; each equality of two terms among them is applied
    // to the rest of the query, the second term replaced by the first, the equality kept:
    // Q ∧ s = t is equivalent to Q[t := s] ∧ s = t. What it saves: Z3 no longer has to
    // carry each of the second run's network outputs to the first's by congruence.
    const z3::expr case_facts = fixed(cases[k] && facts);
    z3::expr case_rest = fixed(rest);
    z3::expr_vector from(ctx), to(ctx);
    for (const z3::expr& e : conjuncts(case_facts))
      if (e.is_eq() && !e.arg(0).is_numeral() && !e.arg(1).is_numeral() && !e.arg(0).is_bool()) {
        from.push_back(e.arg(1));
        to.push_back(e.arg(0));
      }
    if (!from.empty()) case_rest = case_rest.substitute(from, to).simplify();
    s.add(case_facts && case_rest);
    const Checked checked = check_confirmed(s, limits, AskAgain::kFailedSatOrUnknown);
    const Answer& a = checked.answer;
    out.case_names.push_back(name);
    out.cases.push_back(a);
    out.rlimit += a.rlimit;
    if (std::getenv("MESHCHECK_SPEC_TRACE"))
      std::fprintf(stderr, "two runs %s at %s, %s (%zu and %zu paths%s): %s %llu %.2f s\n", form_name(form).c_str(),
                   site.name().c_str(), name.c_str(), first.paths.size(), second.paths.size(),
                   with_facts ? "" : ", no facts", a.text().c_str(), (unsigned long long)a.rlimit, a.seconds);
    if (a.result == z3::unknown) out.result = z3::unknown;
    if (a.result != z3::sat) continue;
    out.result = z3::sat;
    const z3::model& m = *checked.model;
    // The case's substituted constants are not in the solved formula: the case gives them.
    auto value = [&](const z3::expr& e) {
      const z3::expr v = m.eval(fixed(e), true);
      return v.is_bv() && v.is_numeral() ? v.get_decimal_string(0) : v.to_string();
    };
    for (const z3::expr& x : first.args) out.first_args.push_back(value(x));
    for (const z3::expr& x : second.args) out.second_args.push_back(value(x));
    for (const SymPath& p : first.paths)
      if (m.eval(fixed(p.guard.e), true).is_true()) out.first_end = outcome_class(p);
    for (const SymPath& p : second.paths)
      if (m.eval(fixed(p.guard.e), true).is_true()) out.second_end = outcome_class(p);
    break;
  }
  return out;
}

std::vector<FormOutcome> prove_two_run_forms(const std::vector<const is::TwoRunForm*>& forms,
                                             const ProveOptions& options, Progress* progress) {
  const QueryLimits limits = query_limits(options);
  std::vector<FormOutcome> out(forms.size());
  std::vector<std::function<void()>> tasks;
  if (progress) progress->planned(forms.size());
  for (std::size_t f = 0; f < forms.size(); ++f)
    tasks.push_back([&, f] {
      const is::TwoRunForm& form = *forms[f];
      const TwoRunAnswer a = two_run_answer(form, limits);
      FormOutcome& o = out[f];
      for (std::size_t k = 0; k < a.cases.size(); ++k)
        o.obligations.push_back(obligation(std::string(form.contract),
                                           "two runs of " + std::string(form.message) + " (" + form_name(form) + "), " +
                                               a.case_names[k] + ": can they end apart?",
                                           a.cases[k]));
      o.proved = a.result == z3::unsat;
      o.unknown = a.result == z3::unknown;
      if (a.result == z3::sat) {
        auto list = [](const std::vector<std::string>& v) {
          std::string t;
          for (auto& x : v) t += (t.empty() ? "" : ", ") + x;
          return "(" + t + ")";
        };
        o.why = "from a free state, " + std::string(form.message) + " with the arguments " + list(a.first_args) +
                " ends " + a.first_end + ", with " + list(a.second_args) + " ends " + a.second_end +
                (a.first_end == a.second_end ? " with another state, value or events" : "");
      } else if (o.unknown) {
        for (std::size_t k = 0; k < a.cases.size(); ++k)
          if (a.cases[k].result == z3::unknown) {
            o.why = "the two-run query is undecided (" + a.case_names[k] + "): " + a.cases[k].text();
            break;
          }
      }
      if (progress) progress->tick();
    });
  run_parallel(tasks, options.jobs);
  return out;
}

}  // namespace meshcheck::smt::spec
