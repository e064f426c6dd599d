// Transition, enabledness and vacuity obligations (obligations.hpp).
#include "smt/spec/obligations.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>

#include "smt/query.hpp"
#include "smt/spec/ask.hpp"
#include "smt/spec/exit_query.hpp"
#include "smt/spec/keys.hpp"
#include "smt/spec/solver.hpp"
#include "smt/spec/subterms.hpp"

namespace meshcheck::smt::spec {

namespace is = ::meshcheck::invariants::spec;

namespace {

// Resource units of a form's first attempt on a path, from the step alone. Most are
// decided in a few thousand (the full run's trace: 99% of 13 848 proofs alone within 31K
// units); what is not decided within 250K is cheaper under the set (there, 374 proofs
// took 24M units in all, where the 458 first attempts that failed alone had taken 223M).
constexpr std::uint64_t kAloneRlimit = 250'000;

std::string form_name(std::string_view id, std::string_view part) {
  return part.empty() ? std::string(id) : std::string(id) + " (" + std::string(part) + ")";
}

// The keys a form quantifies over: its free constants named "<ID>." (spec.hpp's
// quantified(): a form names its keys after its invariant), in the order met.
std::vector<z3::expr> quantified_keys(const z3::expr& form, std::string_view id) {
  const std::string prefix = std::string(id) + ".";
  std::vector<z3::expr> out;
  std::unordered_set<unsigned> seen;
  std::vector<z3::expr> todo{form};
  while (!todo.empty()) {
    z3::expr e = todo.back();
    todo.pop_back();
    if (!e.is_app() || !seen.insert(e.id()).second) continue;
    if (e.num_args() == 0 && e.decl().decl_kind() == Z3_OP_UNINTERPRETED && e.decl().name().str().rfind(prefix, 0) == 0)
      out.push_back(e);
    for (unsigned i = 0; i < e.num_args(); ++i) todo.push_back(e.arg(i));
  }
  std::sort(out.begin(), out.end(), [](const z3::expr& a, const z3::expr& b) { return a.id() < b.id(); });
  return out;
}

// The tuples of those keys the form reads a map at: each index concat(q1, .., qn) of a
// select whose parts are all quantified keys (N-AUTH's subscription (n, subscriber)), once
// each. A map keyed by a pair is read at the pair, never at one of its parts: the split
// below finds its writes only at the tuple.
std::vector<z3::expr> quantified_tuples(const z3::expr& form, const std::vector<z3::expr>& keys) {
  std::unordered_set<unsigned> key_ids, seen;
  for (const z3::expr& q : keys) key_ids.insert(q.id());
  std::vector<z3::expr> out;
  for_each_subterm(form, [&](const z3::expr& e) {
    if (!e.is_app()) return false;
    if (e.decl().decl_kind() == Z3_OP_SELECT && e.num_args() == 2) {
      const z3::expr i = e.arg(1);
      bool tuple = i.is_app() && i.decl().decl_kind() == Z3_OP_CONCAT;
      for (unsigned a = 0; tuple && a < i.num_args(); ++a) tuple = key_ids.count(i.arg(a).id()) > 0;
      if (tuple && seen.insert(i.id()).second) out.push_back(i);
    }
    return true;
  });
  return out;
}

// `e` at the case q = i: q replaced by i. A tuple of keys against a tuple of terms of the
// same parts is replaced part by part (q = i exactly when each part is); else the case keeps
// q = i as a side condition (the `side` returned) and replaces q where it occurs whole.
std::pair<z3::expr, z3::expr> at_key(const z3::expr& side, const z3::expr& goal, const z3::expr& q, const z3::expr& i) {
  z3::context& c = q.ctx();
  z3::expr_vector src(c), to(c);
  z3::expr extra = c.bool_val(true);
  const bool parts = q.is_app() && q.decl().decl_kind() == Z3_OP_CONCAT && i.is_app() &&
                     i.decl().decl_kind() == Z3_OP_CONCAT && i.num_args() == q.num_args();
  bool same_widths = parts;
  for (unsigned a = 0; same_widths && a < q.num_args(); ++a)
    same_widths = q.arg(a).get_sort().bv_size() == i.arg(a).get_sort().bv_size();
  if (same_widths) {
    for (unsigned a = 0; a < q.num_args(); ++a) {
      src.push_back(q.arg(a));
      to.push_back(i.arg(a));
    }
  } else {
    if (q.num_args() > 0) extra = q == i;
    src.push_back(q);
    to.push_back(i);
  }
  return {z3::expr(side).substitute(src, to) && extra, z3::expr(goal).substitute(src, to)};
}

// The conjuncts of `f`: its nested conjunctions flattened (a form built as `ok = ok && ...`
// is a left-leaning chain of binary ands), the literal true left out.
std::vector<z3::expr> conjuncts_of(const z3::expr& f) {
  std::vector<z3::expr> out, todo{f};
  while (!todo.empty()) {
    z3::expr e = todo.back();
    todo.pop_back();
    if (e.is_app() && e.decl().decl_kind() == Z3_OP_AND) {
      for (unsigned i = e.num_args(); i-- > 0;) todo.push_back(e.arg(i));
    } else if (!e.is_true()) {
      out.push_back(e);
    }
  }
  return out;
}

// One case of a step form: `side ⇒ goal`.
struct FormCase {
  z3::expr side, goal;
  std::string label;  // "" when the form is not split
};

// The form split by where each quantified key q, or tuple of them, is (keys.hpp's
// StripWrites): at each index
// i the path wrote into a map the form reads at q (the form with q = i), or at none of them
// (the form with those writes skipped, under q ≠ each i); then each case by the next key.
// Together the cases are the form at every value of its keys. What it saves: a form at a
// free key over written maps makes Z3 weigh q = i against q ≠ i at the level of bits (the
// split Houdini's queries make at k*, houdini.cpp).
std::vector<FormCase> split_form_at_written_keys(const z3::expr& form, const std::vector<z3::expr>& keys) {
  z3::context& c = form.ctx();
  std::vector<FormCase> out{FormCase{c.bool_val(true), form, ""}};
  for (const z3::expr& q : keys) {
    std::vector<FormCase> next;
    for (const FormCase& k : out) {
      StripWrites strip(q);
      const z3::expr rest = strip(k.goal);
      if (strip.written.empty()) {
        next.push_back(k);
        continue;
      }
      std::string name;
      if (q.num_args() == 0) {
        name = q.decl().name().str();
      } else {
        for (unsigned a = 0; a < q.num_args(); ++a) name += (a ? ", " : "(") + q.arg(a).decl().name().str();
        name += ")";
      }
      z3::expr apart = k.side;
      for (const z3::expr& i : strip.written) apart = apart && q != i;
      next.push_back(FormCase{apart, rest, k.label + (k.label.empty() ? "" : ", ") + name + " unwritten"});
      for (std::size_t w = 0; w < strip.written.size(); ++w) {
        auto [side, goal] = at_key(k.side, k.goal, q, strip.written[w]);
        next.push_back(FormCase{
            side, goal, k.label + (k.label.empty() ? "" : ", ") + name + " at written key " + std::to_string(w + 1)});
      }
    }
    out = std::move(next);
  }
  return out;
}

// "refused, 3 paths: CalleeFailed ×2, Overflow": the branches of the refused paths `paths`.
std::string refused_label(const SiteWork& w, const std::vector<std::size_t>& paths) {
  std::vector<std::pair<std::string, std::size_t>> branches;  // in the order met
  for (std::size_t n : paths) {
    const std::string b(w.mp->paths[n].branch());
    auto it = std::find_if(branches.begin(), branches.end(), [&](const auto& x) { return x.first == b; });
    if (it == branches.end())
      branches.emplace_back(b, 1);
    else
      ++it->second;
  }
  std::string out = "refused, " + std::to_string(paths.size()) + " paths: ";
  for (std::size_t i = 0; i < branches.size(); ++i)
    out +=
        (i ? ", " : "") + branches[i].first + (branches[i].second > 1 ? " ×" + std::to_string(branches[i].second) : "");
  return out;
}

// The refused paths of one site, each form proved over all of them at once where it can be.
// A refused call leaves the state as it was (SymPath::post is the pre-state, and the ghosts'
// facts are those of the pre-state), so a form is most often the very same formula (the same
// Z3 term) on every refused path of a site: execute_batch has hundreds of them (each
// CalleeFailed and each overflow of the batch's callees), and the forms were asked on each,
// path by path. Where the form and the ghosts' facts are the same term on several refused
// paths, one query without their guards, `assumptions ∧ facts ∧ ¬form`, proves the form on
// all of them (a path's guard only adds a premise to it): first alone, with the first
// attempts' limit, then under its cone of the inductive set (the candidates at the keys the
// form and the facts read). Its sat is no counterexample (the guards are left out): a group
// it does not prove is asked path by path, as every other path is. Marks in `settled` (per
// path, per form) what it proved, with one obligation per group in `outs`.
void prove_refused_together(SiteWork& w, const std::vector<const is::StepForm*>& forms,
                            const std::vector<StateCandidate>& cands, const std::vector<char>& inductive,
                            const QueryLimits& limits, const QueryLimits& alone, bool trace,
                            std::vector<FormOutcome>& outs, std::vector<std::vector<char>>& settled) {
  struct Group {
    z3::expr form, facts;
    std::vector<std::size_t> paths;
  };
  std::vector<std::pair<unsigned, z3::solver>> first;  // by the facts' term: its premise asserted once
  for (std::size_t f = 0; f < forms.size(); ++f) {
    std::vector<Group> groups;
    for (std::size_t n = 0; n < w.mp->paths.size(); ++n) {
      const SymPath& p = w.mp->paths[n];
      if (p.ok) continue;
      const z3::expr form = forms[f]->symbolic(w.pre->sys, w.env->env, p);
      auto g = std::find_if(groups.begin(), groups.end(),
                            [&](const Group& x) { return z3::eq(x.form, form) && z3::eq(x.facts, w.facts[n]); });
      if (g == groups.end())
        groups.push_back(Group{form, w.facts[n], {n}});
      else
        g->paths.push_back(n);
    }
    const std::string name = form_name(forms[f]->id, forms[f]->part);
    for (const Group& g : groups) {
      if (g.paths.size() < 2) continue;  // one path: asked as the others are
      const std::string what = "transition " + w.site->name() + " (" + refused_label(w, g.paths) + ")";
      const z3::expr premise = w.env->assumptions && g.facts;
      const z3::expr goal = !g.form;
      auto s = std::find_if(first.begin(), first.end(), [&](const auto& x) { return x.first == g.facts.id(); });
      if (s == first.end()) {
        first.emplace_back(g.facts.id(), make_spec_solver(*w.ctx, alone));
        s = first.end() - 1;
        s->second.add(abstract_lengths(premise));
      }
      s->second.push();
      s->second.add(abstract_lengths(goal));
      Answer a = check(s->second, alone);
      s->second.pop();
      if (trace)
        std::fprintf(stderr, "%s [%s alone, without the guards]: %s %llu %.2f s\n", what.c_str(), name.c_str(),
                     a.text().c_str(), (unsigned long long)a.rlimit, a.seconds);
      std::string how = "from the state alone, without the guards";
      if (a.result != z3::unsat) {
        std::vector<std::vector<z3::expr>> keys =
            candidate_keys(w.reads, accesses({g.facts, goal}, w.ctx->bv_sort(128)), *w.kstar);
        const std::vector<char> use = cone(w.own_symbols, key_symbols_of(keys), symbols_of(premise && goal), inductive);
        const Asked x =
            ask_under_set(abstract_lengths(premise && assumed(cands, use, *w.pre, keys) && goal), goal, limits,
                          [&](const std::string& h, const Answer& y) {
                            if (trace)
                              std::fprintf(stderr, "%s [%s under the set, without the guards%s]: %s %llu %.2f s\n",
                                           what.c_str(), name.c_str(), h.empty() ? "" : (", " + h).c_str(),
                                           y.text().c_str(), (unsigned long long)y.rlimit, y.seconds);
                          });
        a.result = x.answer.result;
        a.rlimit += x.answer.rlimit;
        a.seconds += x.answer.seconds;
        if (a.result != z3::unsat) continue;  // asked path by path
        how = "under the set, without the guards" + (x.how.empty() ? "" : ", " + x.how);
      }
      outs[f].obligations.push_back(obligation(std::string(w.site->contract), what + " (" + how + ")", a));
      for (std::size_t n : g.paths) settled[n][f] = 1;
    }
  }
}

}  // namespace

std::vector<FormOutcome> prove_step_forms(const std::vector<const is::StepForm*>& forms,
                                          const std::vector<StateCandidate>& cands, const std::vector<char>& inductive,
                                          Workspace& work, const ProveOptions& options, Progress* progress,
                                          const std::vector<std::uint64_t>& estimate,
                                          const std::function<void()>& beside) {
  const QueryLimits limits = query_limits(options);
  const std::vector<std::size_t> order = longest_first(
      estimate.size() == work.sites().size() ? estimate : std::vector<std::uint64_t>(work.sites().size(), 0));
  QueryLimits alone = limits;
  if (alone.rlimit == 0 || alone.rlimit > kAloneRlimit) alone.rlimit = kAloneRlimit;
  const bool trace = std::getenv("MESHCHECK_SPEC_TRACE") != nullptr;
  std::vector<std::vector<FormOutcome>> per_site(work.sites().size(), std::vector<FormOutcome>(forms.size()));
  if (progress)
    for (auto& w : work.sites()) progress->planned(w.mp->paths.size() * forms.size());
  auto prove_site = [&](std::size_t i, SiteWork& w) {
    auto& outs = per_site[i];
    std::vector<std::vector<char>> settled(w.mp->paths.size(), std::vector<char>(forms.size(), 0));
    prove_refused_together(w, forms, cands, inductive, limits, alone, trace, outs, settled);
    // The first attempts (by form and case label; "": the whole form) the step alone did not
    // prove at an earlier path of the site, undecided or refuted: at the later paths the case
    // goes to its cone of the set directly. What the step alone cannot prove at one path it
    // most often cannot at the others (the paths of a site differ in their guards, not in
    // what the form reads). Over the full run, of the 259 attempts asked after an undecided
    // one, 123 were undecided too (30.8M units), 24 refuted (2.2M), 112 proofs (2.5M); of the
    // 199 asked after a refuted one, 126 refuted (6.6M), 27 undecided (6.8M), 46 proofs
    // (0.1M). Those proofs are now asked under the set: the step forms' queries went from
    // 410.7M units to 358.0M (undecided) and 337.5M (refuted too). Deterministic: a site's
    // paths are asked in order on one thread.
    std::set<std::pair<std::size_t, std::string>> unproved_alone;
    for (std::size_t n = 0; n < w.mp->paths.size(); ++n) {
      const SymPath& p = w.mp->paths[n];
      const std::string what = "transition " + w.site->name() + " (" + std::string(p.branch()) + ")";
      const z3::expr step = w.env->assumptions && p.guard.e && w.facts[n];
      // One solver per path for the first attempts, the step asserted once: each form is a
      // push, its negation, a check and a pop (the path's guard is set up once, not once
      // per form: most of these queries are decided in a few hundred units). Set up at the
      // first form the refused paths' joint proofs left to it.
      std::optional<z3::solver> first_solver;
      // `negated` (a form's or a case's negation) from the step alone, traced with `label`;
      // an attempt it does not prove is remembered for the site's later paths.
      auto alone_attempt = [&](std::size_t f, const std::string& name, const std::string& label,
                               const z3::expr& negated) {
        if (!first_solver) {
          first_solver.emplace(make_spec_solver(*w.ctx, alone));
          first_solver->add(abstract_lengths(step));
        }
        first_solver->push();
        first_solver->add(abstract_lengths(negated));
        const Answer a = check(*first_solver, alone);
        first_solver->pop();
        if (trace)
          std::fprintf(stderr, "%s [%s alone%s]: %s %llu %.2f s\n", what.c_str(), name.c_str(),
                       label.empty() ? "" : (", " + label).c_str(), a.text().c_str(), (unsigned long long)a.rlimit,
                       a.seconds);
        if (a.result != z3::unsat) unproved_alone.insert({f, label});
        return a;
      };
      for (std::size_t f = 0; f < forms.size(); ++f) {
        if (!outs[f].proved || settled[n][f]) {
          if (progress) progress->tick();
          continue;  // one counterexample is enough; or proved with the other refused paths
        }
        const z3::expr form = forms[f]->symbolic(w.pre->sys, w.env->env, p);
        const std::string name = form_name(forms[f]->id, forms[f]->part);
        // First from the step alone, with a small share of the limit: most forms hold by
        // the path's own guard (who may call, what it writes), and that query is small.
        Answer a{z3::unknown, "not proved alone at an earlier path", 0, 0};
        if (!unproved_alone.count({f, ""})) a = alone_attempt(f, name, "", !form);
        if (a.result == z3::unsat) {
          if (progress) progress->tick();
          outs[f].obligations.push_back(obligation(std::string(w.site->contract), what + " (from the step alone)", a));
          continue;
        }
        // Else by cases of where its quantified keys are (split_form_at_written_keys), each from
        // the step alone, then under the case's cone of the inductive set (workspace.hpp):
        // the candidates sharing state with the step and the case; the others cannot help
        // (nor be needed).
        // The tuples first: a case at a written tuple replaces its parts, which a later
        // split at a part then no longer finds.
        const std::vector<z3::expr> keys = quantified_keys(form, forms[f]->id);
        std::vector<z3::expr> split_at = quantified_tuples(form, keys);
        split_at.insert(split_at.end(), keys.begin(), keys.end());
        const std::vector<FormCase> cases = split_form_at_written_keys(form, split_at);
        for (const FormCase& k : cases) {
          const std::string label = what + (k.label.empty() ? "" : " (" + k.label + ")");
          const z3::expr goal = k.side && !k.goal;
          if (cases.size() > 1 && !unproved_alone.count({f, k.label})) {
            a = alone_attempt(f, name, k.label, goal);
            if (a.result == z3::unsat) {
              outs[f].obligations.push_back(
                  obligation(std::string(w.site->contract), label + " (from the step alone)", a));
              continue;
            }
          }
          // The case's negation `g` under its cone of the set, asked as ask.hpp says: its
          // abstractions first, each with a share of the limit, then the query itself.
          auto under_set = [&](const z3::expr& g) {
            return abstract_lengths(step && assumed(cands, cone(w, n, symbols_of(g), inductive), w, n, {g}) && g);
          };
          auto traced = [&](const std::string& part) {
            return [&, part](const std::string& how, const Answer& x) {
              if (trace)
                std::fprintf(stderr, "%s [%s under the set%s%s%s]: %s %llu %.2f s\n", what.c_str(), name.c_str(),
                             how.empty() ? "" : (", " + how).c_str(), k.label.empty() ? "" : (", " + k.label).c_str(),
                             part.c_str(), x.text().c_str(), (unsigned long long)x.rlimit, x.seconds);
            };
          };
          // The case conjunct by conjunct, when the form is a conjunction: the case holds
          // exactly when each conjunct does, and each query's cone is the set's part that
          // shares state with that conjunct alone. True when each is proved (their
          // obligations then listed); else `failed` is the first that is not. Split only when
          // asked: holding the parts changes which of Z3's ids are free for the next terms
          // (Z3 reuses a deleted term's id), and so, a little, every later query's work.
          auto by_conjuncts = [&](const std::vector<z3::expr>& conjuncts, Asked& failed) {
            std::vector<Obligation> parts;
            for (std::size_t c = 0; c < conjuncts.size(); ++c) {
              const std::string part =
                  ", conjunct " + std::to_string(c + 1) + " of " + std::to_string(conjuncts.size());
              const z3::expr g = k.side && !conjuncts[c];
              Asked x = ask_under_set(under_set(g), g, limits, traced(part));
              if (x.answer.result != z3::unsat) {
                failed = std::move(x);
                return false;
              }
              parts.push_back(obligation(std::string(w.site->contract),
                                         label + " (" + part.substr(2) + (x.how.empty() ? "" : ", " + x.how) + ")",
                                         x.answer));
            }
            outs[f].obligations.insert(outs[f].obligations.end(), parts.begin(), parts.end());
            return true;
          };
          const z3::expr query = under_set(goal);
          Asked asked = ask_abstractions(query, goal, limits, traced(""));
          bool parts_asked = false;
          // When the attempt at the level of bits gave up on the whole case, its conjuncts
          // before the whole query itself: what could not bit-blast the disjunction of their
          // negations decides each one, where the query itself is most often undecided too
          // (purchase_subscription's G-COUNTER and E-AUTH: the whole undecided at 4M units at
          // the level of bits and at 15M itself, 5.7 and 6.0 s; each of its conjuncts
          // proved within 1.1M at the level of bits). Where it is not the case, the whole is
          // asked first: execute_batch's E-AUTH, proved whole in 87M units over its 29
          // cases, took 318M asked conjunct by conjunct.
          if (asked.answer.result != z3::unsat && asked.bits_gave_up)
            if (const std::vector<z3::expr> conjuncts = conjuncts_of(k.goal); conjuncts.size() > 1) {
              parts_asked = true;
              Asked failed;
              if (by_conjuncts(conjuncts, failed)) continue;
              if (failed.answer.result == z3::sat) asked = std::move(failed);  // a counterexample: the whole is sat too
            }
          if (asked.answer.result == z3::unknown) asked = ask_exact(query, limits, traced(""), asked);
          a = asked.answer;
          if (a.result == z3::unsat) {
            outs[f].obligations.push_back(obligation(std::string(w.site->contract),
                                                     label + (asked.how.empty() ? "" : " (" + asked.how + ")"), a));
            continue;
          }
          // Undecided whole: conjunct by conjunct (E-AUTH at slash_stake: the claimable part of
          // the form, undecided at 15M units whole).
          if (a.result == z3::unknown && !parts_asked)
            if (const std::vector<z3::expr> conjuncts = conjuncts_of(k.goal); conjuncts.size() > 1) {
              Asked failed;
              if (by_conjuncts(conjuncts, failed)) continue;
              asked = std::move(failed);
              a = asked.answer;
            }
          outs[f].proved = false;
          outs[f].unknown = a.result != z3::sat;
          if (a.result == z3::sat) {
            const z3::model& m = *asked.model;
            outs[f].why = "counterexample to the step: " + label + " (caller " +
                          m.eval(w.env->env.caller.e, true).to_string() + ", value " +
                          m.eval(w.env->env.value.e, true).to_string() + ")";
          } else {
            outs[f].why = label + ": " + a.text();
          }
          break;  // one failing case is enough
        }
        if (progress) progress->tick();
      }
    }
  };
  work.for_each(prove_site, order, beside);
  // Merged in site order: the first failing site (in table order) explains.
  std::vector<FormOutcome> out(forms.size());
  for (auto& site : per_site)
    for (std::size_t f = 0; f < forms.size(); ++f) {
      auto& o = out[f];
      o.obligations.insert(o.obligations.end(), site[f].obligations.begin(), site[f].obligations.end());
      if (o.proved && !site[f].proved) {
        o.proved = false;
        o.unknown = site[f].unknown;
        o.why = site[f].why;
      }
    }
  for (std::size_t f = 0; f < forms.size(); ++f)
    if (out[f].proved) out[f].obligations.shrink_to_fit();
  return out;
}

std::vector<FormOutcome> prove_exit_forms(const std::vector<const is::ExitForm*>& forms,
                                          const std::vector<StateCandidate>& cands, const std::vector<char>& inductive,
                                          const ProveOptions& options, Progress* progress) {
  const QueryLimits limits = query_limits(options);
  std::vector<FormOutcome> out(forms.size());
  // Forms with one query (the same symbolic form and cases: G-FUNDS-EXIT's batched capital
  // stands on X-EXIT's next_batch exit) are asked once, by the first; its obligations are
  // listed under each, named after the first and marked shared (totals count them once).
  std::vector<std::size_t> asker(forms.size());
  std::vector<std::size_t> asked;
  for (std::size_t f = 0; f < forms.size(); ++f) {
    asker[f] = f;
    for (std::size_t g = 0; g < f && asker[f] == f; ++g)
      if (forms[g]->symbolic == forms[f]->symbolic && forms[g]->cases == forms[f]->cases) asker[f] = g;
    if (asker[f] == f) asked.push_back(f);
  }
  std::vector<std::function<void()>> tasks;
  if (progress) progress->planned(asked.size());
  for (std::size_t f : asked)
    tasks.push_back([&, f] {
      // From the form's cone of the inductive set, with the ghosts' definition at its keys
      // (exit_query.hpp): nothing assumed that is not proved or a fact of every reachable state.
      const ExitAnswer a = ask_exit_form(*forms[f], cands, inductive, limits);
      if (progress) progress->tick();
      const std::string what = "enabledness " + form_name(forms[f]->id, forms[f]->part);
      // One obligation per part of a form asked in cases (ExitForm::cases), each its own query.
      for (auto& p : a.parts)
        out[f].obligations.push_back(
            obligation("spec", a.parts.size() > 1 ? what + " [" + p.label + "]" : what, p.answer));
      if (a.answer.result == z3::unsat) return;
      out[f].proved = false;
      out[f].unknown = a.answer.result != z3::sat;
      out[f].why = a.answer.result == z3::sat ? "counterexample: from a state of the inductive set, " +
                                                    a.counterexample + ", the exit is not enabled"
                                              : what + ": " + a.answer.text();
    });
  run_parallel(tasks, options.jobs);
  for (std::size_t f = 0; f < forms.size(); ++f) {
    if (asker[f] == f) continue;
    for (auto& o : out[asker[f]].obligations) o.shared = true;
    out[f] = out[asker[f]];
  }
  return out;
}

std::vector<VacuityOutcome> check_vacuity(const std::vector<StateCandidate>& cands, const std::vector<char>& inductive,
                                          Workspace& work, const ProveOptions& options, Progress* progress,
                                          const std::vector<std::optional<StepWitness>>& witnesses) {
  const QueryLimits limits = query_limits(options);
  std::vector<VacuityOutcome> out(work.sites().size());
  if (progress) progress->planned(work.sites().size());
  work.for_each([&](std::size_t i, SiteWork& w) {
    z3::expr any_ok = w.ctx->bool_val(false);
    std::vector<std::vector<z3::expr>> keys(cands.size());  // each candidate at its keys of every ok path
    std::vector<std::size_t> ok_paths;
    for (std::size_t n = 0; n < w.mp->paths.size(); ++n) {
      if (!w.mp->paths[n].ok) continue;
      ok_paths.push_back(n);
      any_ok = any_ok || w.mp->paths[n].guard.e;
      for (std::size_t c = 0; c < cands.size(); ++c)
        for (auto& k : w.cand_keys[n][c])
          if (std::none_of(keys[c].begin(), keys[c].end(), [&](const z3::expr& x) { return z3::eq(x, k); }))
            keys[c].push_back(k);
    }
    // From the cone of the inductive set (workspace.hpp): a state of the cone where some ok
    // path is feasible extends to one of the whole set (what the cone leaves out takes the
    // standard deployment's values). With no ok path the site is vacuous whatever is assumed.
    const std::vector<char> use = ok_paths.empty() ? inductive : cone(w, ok_paths, {}, inductive);
    const z3::expr query = abstract_lengths(w.env->assumptions && any_ok && assumed(cands, use, *w.pre, keys));
    // Here sat is the evidence (a state of the set takes the step): kept only with a model
    // that satisfies the query (check_confirmed).
    auto ask = [&](const z3::expr& q) {
      z3::solver s = make_spec_solver(*w.ctx, limits);
      s.add(q);
      return check_confirmed(s, limits, AskAgain::kFailedSatOrUnknown).answer;
    };
    std::string what = "vacuity " + w.site->name();
    Answer a{};
    bool answered = false;
    if (i < witnesses.size() && witnesses[i]) {
      // Pinned to the witness: sat is a model of the query (witness.hpp); anything else
      // leaves the site to the search, its units counted with it.
      const Pinning pinned = pin_to_witness(*w.pre, w.env->env, w.mp->args, *witnesses[i]);
      if (pinned.why.empty()) {
        z3::expr at_witness = query;  // substitute() is not const
        a = ask(at_witness.substitute(pinned.from, pinned.to));
        answered = a.result == z3::sat;
        what += answered ? " (witness: " + witnesses[i]->where + ")"
                         : " (witness " + witnesses[i]->where + " " + a.text() + "; searched)";
      } else {
        what += " (witness " + witnesses[i]->where + " unusable: " + pinned.why + "; searched)";
      }
    }
    if (!answered) {
      const Answer pinned = a;
      a = ask(query);
      a.rlimit += pinned.rlimit;
      a.seconds += pinned.seconds;
    }
    if (progress) progress->tick();
    out[i].site = w.site->name();
    out[i].obligation = obligation(std::string(w.site->contract), what, a);
    out[i].feasible = a.result == z3::sat;
    out[i].unknown = a.result == z3::unknown;
  });
  return out;
}

StringsOutcome check_strings_copied(Workspace& work) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::string> per_site(work.sites().size());
  work.for_each([&](std::size_t i, SiteWork& w) {
    if (std::string why = strings_copied(*w.pre, *w.mp); !why.empty()) per_site[i] = w.site->name() + ": " + why;
  });
  // The base of the induction: the standard deployment, as the state of one path from a
  // state that holds nothing (so only literals count as copied).
  std::string base;
  {
    z3::context ctx;
    ms::SymbolicScope scope(ctx);
    const ComposedState standard = standard_state();
    const MessagePaths deployed{
        {}, {SymPath{ms::SBool(true), true, std::nullopt, std::nullopt, standard.sys, {}, {}, {}, {}}}};
    if (std::string why = strings_copied(ComposedState{}, deployed); !why.empty())
      base = "the standard deployment: " + why;
  }
  std::string why = base;
  for (auto& w : per_site)
    if (why.empty()) why = w;
  StringsOutcome out;
  out.holds = why.empty();
  out.obligation = Obligation{"spec",
                              "strings copied: the standard deployment and every state-changing path of the " +
                                  std::to_string(work.sites().size()) +
                                  " explored steps store only strings given or held (abstract_lengths exact)",
                              out.holds ? kStringsCopiedHold : "fails: " + why, seconds_since(t0), 0};
  return out;
}

}  // namespace meshcheck::smt::spec
