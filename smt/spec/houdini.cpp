// Houdini over the composed system (houdini.hpp).
#include "smt/spec/houdini.hpp"

#include <cstdio>
#include <cstdlib>

#include "smt/query.hpp"

namespace meshcheck::smt::spec {

namespace {

std::string value_text(const z3::model& m, const z3::expr& e) { return m.eval(e, true).to_string(); }

// Resource units of a first, self-inductive attempt (deterministic, as every limit here).
constexpr std::uint64_t kAloneRlimit = 2'000'000;

struct Drop {
  std::size_t candidate;
  bool unknown;
  std::string why;
};

// Checks the ok paths of one site against the set `alive_in`: what fails (in path
// order), and the obligations of the queries that proved the rest.
//
// Per path, first each candidate alone (assuming only itself, at the step's keys): most
// candidates are preserved for reasons of their own, and a query with one candidate's
// instances is far smaller than one with the whole set's. What that does not prove is
// then checked under the whole set, as Houdini states it.
void check_site(SiteWork& w, const std::vector<StateCandidate>& cands, const std::vector<char>& alive_in,
                const QueryLimits& limits, std::vector<Drop>& drops, std::vector<Obligation>& obligations,
                Progress* progress) {
  std::vector<char> alive = alive_in;
  const bool trace = std::getenv("MESHCHECK_SPEC_TRACE") != nullptr;
  for (std::size_t n = 0; n < w.mp->paths.size(); ++n) {
    const SymPath& p = w.mp->paths[n];
    if (!p.ok) continue;  // a refused call changes no state (and the candidates ignore the clock)
    const std::string what = "step " + w.site->name() + " (" + std::string(p.branch()) + ")";
    const z3::expr premise = w.env->assumptions && p.guard.e && w.facts[n];
    // Phase 1: self-inductive on this path, with a small share of the limit (a candidate
    // not proved alone goes on to phase 2 with the full one).
    QueryLimits alone = limits;
    if (alone.rlimit == 0 || alone.rlimit > kAloneRlimit) alone.rlimit = kAloneRlimit;
    std::vector<std::size_t> open;
    for (std::size_t c = 0; c < cands.size(); ++c) {
      if (!alive[c]) continue;
      std::vector<char> self(cands.size(), 0);
      self[c] = 1;
      z3::solver s = make_solver(*w.ctx, alone);
      s.add(premise && assumed(cands, self, *w.pre, w.keys[n]));
      s.add(!cands[c].at(*w.post[n], *w.kstar));
      Answer a = check(s, alone);
      if (progress) progress->tick();
      if (trace)
        std::fprintf(stderr, "%s [%s alone]: %s %llu %.2f s\n", what.c_str(), cands[c].name().c_str(),
                     a.text().c_str(), (unsigned long long)a.rlimit, a.seconds);
      if (a.result == z3::unsat) obligations.push_back(obligation(std::string(w.site->contract), what + " for " + cands[c].name(), a));
      else open.push_back(c);
    }
    // Phase 2: the rest under the whole set.
    for (;;) {
      std::vector<std::size_t> live;
      for (std::size_t c : open)
        if (alive[c]) live.push_back(c);
      if (live.empty()) break;
      const z3::expr before = premise && assumed(cands, alive, *w.pre, w.keys[n]);
      std::vector<z3::expr> goals;
      z3::expr all = w.ctx->bool_val(true);
      for (std::size_t c : live) {
        goals.push_back(cands[c].at(*w.post[n], *w.kstar));
        all = all && goals.back();
      }
      z3::solver s = make_solver(*w.ctx, limits);
      s.add(before);
      s.add(!all);
      Answer a = check(s, limits);
      if (progress) progress->tick();
      if (trace)
        std::fprintf(stderr, "%s [%zu under the set]: %s %llu %.2f s\n", what.c_str(), live.size(), a.text().c_str(),
                     (unsigned long long)a.rlimit, a.seconds);
      if (a.result == z3::unsat) {
        obligations.push_back(obligation(std::string(w.site->contract), what + " under the inductive set", a));
        break;
      }
      if (a.result == z3::sat) {
        z3::model m = s.get_model();
        bool dropped = false;
        for (std::size_t i = 0; i < live.size(); ++i) {
          if (!m.eval(goals[i], true).is_false()) continue;
          alive[live[i]] = false;
          dropped = true;
          drops.push_back({live[i], false,
                           "counterexample to induction: " + what + " breaks it at key " + value_text(m, *w.kstar) +
                               " (caller " + value_text(m, w.env->env.caller.e) + ", block " +
                               value_text(m, w.env->env.block.e) + ")"});
        }
        if (!dropped) break;  // cannot happen: the model falsifies the conjunction
        continue;
      }
      // Undecided as a whole: candidate by candidate.
      for (std::size_t i = 0; i < live.size(); ++i) {
        z3::solver one = make_solver(*w.ctx, limits);
        one.add(before);
        one.add(!goals[i]);
        Answer b = check(one, limits);
        if (progress) progress->tick();
        if (b.result == z3::unsat) {
          obligations.push_back(obligation(std::string(w.site->contract), what + " for " + cands[live[i]].name(), b));
          continue;
        }
        alive[live[i]] = false;
        drops.push_back({live[i], b.result != z3::sat,
                         b.result == z3::sat ? "counterexample to induction: " + what + " breaks it"
                                             : what + ": " + b.text()});
      }
      break;
    }
  }
}

}  // namespace

HoudiniOutcome houdini(const std::vector<StateCandidate>& cands, Workspace& workspace, const ProveOptions& options,
                       Progress* progress) {
  const QueryLimits limits = query_limits(options);
  HoudiniOutcome out;
  out.inductive.assign(cands.size(), 1);
  out.unknown.assign(cands.size(), 0);
  out.why.assign(cands.size(), "");
  out.base.resize(cands.size());

  // Base case: the standard deployment, each candidate at a free key.
  {
    z3::context ctx;
    ms::SymbolicScope scope(ctx);
    ComposedState standard = standard_state();
    z3::expr k = ctx.bv_const("k", 128);
    if (progress) progress->planned(cands.size());
    for (std::size_t c = 0; c < cands.size(); ++c) {
      z3::solver s = make_solver(ctx, limits);
      s.add(!cands[c].at(standard, k));
      Answer a = check(s, limits);
      if (progress) progress->tick();
      out.base[c] = obligation("spec", "base (standard deployment)", a);
      if (a.result == z3::unsat) continue;
      out.inductive[c] = 0;
      out.unknown[c] = a.result != z3::sat;
      out.why[c] = a.result == z3::sat ? "the standard deployment breaks it at key " + value_text(s.get_model(), k)
                                       : "base case: " + a.text();
    }
  }

  std::vector<SiteWork>& work = workspace.sites();
  for (;;) {
    ++out.rounds;
    // Per site, merged in site order: the reasons given do not depend on the threads.
    std::vector<std::vector<Drop>> site_drops(work.size());
    std::vector<std::vector<Obligation>> site_obligations(work.size());
    std::size_t planned = 0, live = 0;
    for (char c : out.inductive) live += c;
    for (auto& w : work)
      for (auto& p : w.mp->paths) planned += p.ok * live;
    if (progress) progress->planned(planned);
    workspace.for_each([&](std::size_t i, SiteWork& w) {
      check_site(w, cands, out.inductive, limits, site_drops[i], site_obligations[i], progress);
    });
    bool dropped = false;
    for (auto& d : site_drops)
      for (auto& x : d) {
        if (!out.inductive[x.candidate]) continue;  // an earlier site dropped it: it said why
        out.inductive[x.candidate] = 0;
        out.unknown[x.candidate] = x.unknown;
        out.why[x.candidate] = x.why;
        dropped = true;
      }
    if (!dropped) {
      for (auto& o : site_obligations) out.steps.insert(out.steps.end(), o.begin(), o.end());
      break;
    }
  }
  return out;
}

}  // namespace meshcheck::smt::spec
