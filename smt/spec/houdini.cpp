// Houdini over the composed system (houdini.hpp).
#include "smt/spec/houdini.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <cstdio>
#include <cstdlib>

#include "smt/query.hpp"

namespace meshcheck::smt::spec {

namespace {

std::string value_text(const z3::model& m, const z3::expr& e) { return m.eval(e, true).to_string(); }

// Resource units of a candidate's first attempt on a path, assuming only itself
// (deterministic, as every limit here).
constexpr std::uint64_t kAloneRlimit = 2'000'000;

const char* tier_name(Tier t) {
  switch (t) {
    case Tier::kAlone: return "alone";
    case Tier::kSet: return "under the set";
    case Tier::kApart: return "apart";
  }
  return "";
}

// A candidate's step over one path, proved: its obligation, and the candidates the query
// assumed. The proof stands as long as they all stay in the set (a step that holds from
// fewer candidates holds from more), so a later round asks only what lost a premise.
struct Proof {
  bool proved = false;
  std::vector<char> under;
  Obligation obligation;
};

struct Drop {
  std::size_t candidate;
  bool unknown;
  std::string why;
};

// A query the set could not decide within the limit, kept for the round's end.
struct Undecided {
  std::size_t path;
  std::size_t candidate;
  Answer answer;
};

bool within(const std::vector<char>& under, const std::vector<char>& alive) {
  for (std::size_t c = 0; c < under.size(); ++c)
    if (under[c] && !alive[c]) return false;
  return true;
}

std::vector<char> only(std::size_t n, std::size_t c) {
  std::vector<char> v(n, 0);
  v[c] = 1;
  return v;
}

// One round over the ok paths of one site from the set `alive_in`: what a counterexample
// drops (in path order), and what stays undecided. Per path and candidate, in order:
// - a proof from an earlier round whose premises are all still in the set stands;
// - a path after which the candidate's formula is the one before (equal up to Z3's
//   simplifier: the path writes nothing it reads) keeps it;
// - the candidate alone at its keys, with a small share of the limit (kAlone): most
//   candidates are preserved for reasons of their own, and those queries are small;
// - the whole set, with the run's limit (kSet): unsat proves it, sat is a counterexample
//   to induction (from the set: it drops the candidate), unknown is left for the round's
//   end (see search()).
void check_site(std::size_t site, StepQueries& q, std::vector<std::vector<Proof>>& proofs,
                const std::vector<StateCandidate>& cands, const std::vector<char>& alive_in, std::vector<Drop>& drops,
                std::vector<Undecided>& undecided, Progress* progress) {
  std::vector<char> alive = alive_in;
  const std::size_t k = cands.size();
  if (proofs.empty()) proofs.assign(q.paths(site), std::vector<Proof>(k));
  const std::string contract = q.contract(site);
  for (std::size_t n = 0; n < q.paths(site); ++n) {
    if (!q.ok(site, n)) continue;  // a refused call changes no state (and the candidates ignore the clock)
    const std::string what = q.what(site, n);
    for (std::size_t c = 0; c < k; ++c) {
      if (!alive[c]) continue;
      if (progress) progress->tick();
      Proof& pr = proofs[n][c];
      if (pr.proved && within(pr.under, alive)) continue;
      pr = Proof{};
      const std::vector<char> self = only(k, c);
      const std::string for_c = what + " for " + cands[c].name();
      if (q.unchanged(site, n, c)) {
        // `P ∧ ¬P`: unsat without a search (a solver set up for each would cost more than
        // the step's other queries together: thousands of them).
        pr = Proof{true, self, Obligation{contract, for_c + " (unchanged: its formula after the step is the one before)", "unsat", 0, 0}};
        continue;
      }
      Answer a = q.ask(site, n, c, self, Tier::kAlone, nullptr);
      if (a.result == z3::unsat) {
        pr = Proof{true, self, obligation(contract, for_c, a)};
        continue;
      }
      std::string cti;
      Answer b = q.ask(site, n, c, alive, Tier::kSet, &cti);
      if (b.result == z3::unsat) {
        pr = Proof{true, alive, obligation(contract, for_c + " under the set", b)};
      } else if (b.result == z3::sat) {
        alive[c] = 0;
        drops.push_back({c, false, "counterexample to induction: " + cti});
      } else {
        undecided.push_back({n, c, b});
      }
    }
  }
}

// The undecided queries of a site asked again, each from the set less the other
// candidates left undecided in the round (`open`): a step that holds from fewer
// candidates holds from more, so unsat proves what the first query would have. Without
// this, two candidates that each make the other's step too hard to decide would both be
// dropped for the other's sake. Still undecided: the candidate leaves the set as UNKNOWN.
void ask_apart(std::size_t site, StepQueries& q, std::vector<std::vector<Proof>>& proofs,
               const std::vector<StateCandidate>& cands, const std::vector<char>& alive,
               const std::vector<char>& open, const std::vector<Undecided>& undecided, std::vector<Drop>& drops,
               Progress* progress) {
  std::vector<char> dropped(cands.size(), 0);
  for (const Undecided& u : undecided) {
    if (progress) progress->tick();
    if (dropped[u.candidate]) continue;
    std::vector<char> fewer = alive;
    std::string left_out;
    for (std::size_t c = 0; c < cands.size(); ++c)
      if (open[c] && c != u.candidate && fewer[c]) {
        fewer[c] = 0;
        left_out += (left_out.empty() ? "" : ", ") + cands[c].name();
      }
    const std::string what = q.what(site, u.path);
    Answer a = u.answer;
    std::string cti;
    if (!left_out.empty()) a = q.ask(site, u.path, u.candidate, fewer, Tier::kApart, &cti);
    if (a.result == z3::unsat) {
      proofs[u.path][u.candidate] =
          Proof{true, fewer,
                obligation(q.contract(site), what + " for " + cands[u.candidate].name() + " under the set without " + left_out, a)};
      continue;
    }
    dropped[u.candidate] = 1;
    if (a.result == z3::sat)
      drops.push_back({u.candidate, false,
                       "counterexample to induction (from the set without " + left_out +
                           ", undecided with them): " + cti});
    else
      drops.push_back({u.candidate, true, what + ": " + a.text()});
  }
}

// One case of a candidate's goal after a path: `side ⇒ goal`, at `key`.
struct Case {
  z3::expr goal, side, key;
  std::string label;     // "" for k*, " at <key>" for a written key
  bool trivial = false;  // the goal is the candidate before the step, assumed: nothing to ask
};

// `e` with every read at key `k` of an array the path wrote (select(store(A, i, v), k))
// read from before the writes (select(A, k)): `e` where k is none of the written indices,
// which are collected in `written`.
class StripWrites {
 public:
  explicit StripWrites(const z3::expr& k) : k_(k) {}
  std::vector<z3::expr> written;
  z3::expr operator()(const z3::expr& e) {
    if (!e.is_app() || e.is_quantifier() || e.is_lambda()) return e;
    auto hit = memo_.find(e.id());
    if (hit != memo_.end()) return hit->second;
    z3::expr out = e;
    if (e.decl().decl_kind() == Z3_OP_SELECT && e.num_args() == 2 && z3::eq(e.arg(1), k_)) {
      out = read(e.arg(0));
    } else if (e.num_args() > 0) {
      z3::expr_vector args(e.ctx());
      bool changed = false;
      for (unsigned i = 0; i < e.num_args(); ++i) {
        args.push_back((*this)(e.arg(i)));
        changed = changed || !z3::eq(args.back(), e.arg(i));
      }
      if (changed) out = e.decl()(args);
    }
    memo_.emplace(e.id(), out);
    return out;
  }

 private:
  z3::expr read(const z3::expr& a) {
    if (a.is_app() && a.decl().decl_kind() == Z3_OP_STORE && a.num_args() == 3) {
      if (seen_.insert(a.arg(1).id()).second) written.push_back(a.arg(1));
      return read(a.arg(0));
    }
    if (a.is_app() && a.decl().decl_kind() == Z3_OP_ITE) return z3::ite((*this)(a.arg(0)), read(a.arg(1)), read(a.arg(2)));
    return z3::select(a, k_);
  }
  z3::expr k_;
  std::unordered_map<unsigned, z3::expr> memo_;
  std::unordered_set<unsigned> seen_;
};

// Candidate c's goal after path n of `s`, split by where k* is: at each index i the path
// wrote into a map the goal reads at k* (the goal at i: c after the path, at key i), or
// at none of them (the goal with those writes skipped, under k* ≠ each i). Together the
// cases are the goal at every key. What it saves: a goal at a fresh key over written maps
// makes Z3 weigh k* = i against k* ≠ i at the level of bits, which cost millions of units
// for a goal as small as M-ORDER's at create_batch; split, the k* ≠ i case is most often
// the candidate before the step itself (nothing to ask), and each i case reads the
// written entry directly.
std::vector<Case> split_at_written_keys(SiteWork& s, std::size_t n, const std::vector<StateCandidate>& cands,
                                        std::size_t c) {
  StripWrites strip(*s.kstar);
  const z3::expr rest = strip(s.after[n][c]);
  z3::expr apart = s.ctx->bool_val(true);
  for (auto& i : strip.written) apart = apart && *s.kstar != i;
  std::vector<Case> out;
  out.push_back(Case{rest, apart, *s.kstar, "", z3::eq(rest, s.before[c]) || z3::eq(rest.simplify(), s.before[c].simplify())});
  for (auto& i : strip.written)
    out.push_back(Case{cands[c].at(*s.post[n], i), s.ctx->bool_val(true), i, " at a written key", false});
  return out;
}

// The step queries of a Workspace, in Z3.
class WorkspaceQueries final : public StepQueries {
 public:
  WorkspaceQueries(Workspace& work, const std::vector<StateCandidate>& cands, const QueryLimits& limits)
      : work_(work), cands_(cands), limits_(limits), alone_(limits), trace_(std::getenv("MESHCHECK_SPEC_TRACE") != nullptr) {
    if (alone_.rlimit == 0 || alone_.rlimit > kAloneRlimit) alone_.rlimit = kAloneRlimit;
  }
  std::size_t sites() const override { return work_.sites().size(); }
  std::size_t paths(std::size_t site) const override { return w(site).mp->paths.size(); }
  bool ok(std::size_t site, std::size_t path) const override { return w(site).mp->paths[path].ok; }
  std::string what(std::size_t site, std::size_t path) const override {
    const SiteWork& s = w(site);
    return "step " + s.site->name() + " (" + std::string(s.mp->paths[path].branch()) + ")";
  }
  std::string contract(std::size_t site) const override { return std::string(w(site).site->contract); }
  bool unchanged(std::size_t site, std::size_t n, std::size_t c) override {
    const SiteWork& s = w(site);
    const z3::expr& after = s.after[n][c];
    const z3::expr& before = s.before[c];
    return z3::eq(after, before) || z3::eq(after.simplify(), before.simplify());
  }
  Answer ask(std::size_t site, std::size_t n, std::size_t c, const std::vector<char>& under, Tier tier,
             std::string* cti) override {
    SiteWork& s = w(site);
    const QueryLimits& limits = tier == Tier::kAlone ? alone_ : limits_;
    Answer total{z3::unsat, "", 0, 0, false};
    for (const Case& k : cases_for(site, n, c)) {
      if (k.trivial) continue;
      z3::solver& solver = solver_for(site, n, tier == Tier::kAlone ? nullptr : &under);
      solver.push();
      if (tier == Tier::kAlone) solver.add(abstract_lengths(assumed(cands_, under, s, n)));
      solver.add(abstract_lengths(k.side && !k.goal));
      set_limits(solver, limits);
      Answer a = check(solver, limits);
      if (trace_)
        std::fprintf(stderr, "%s [%s %s%s]: %s %llu %.2f s\n", what(site, n).c_str(), cands_[c].name().c_str(),
                     tier_name(tier), k.label.c_str(), a.text().c_str(), (unsigned long long)a.rlimit, a.seconds);
      total.rlimit += a.rlimit;
      total.seconds += a.seconds;
      if (a.result == z3::sat) {
        total.result = z3::sat;
        if (cti) {
          z3::model m = solver.get_model();
          *cti = what(site, n) + " breaks it at key " + value_text(m, k.key) + " (caller " +
                 value_text(m, s.env->env.caller.e) + ", block " + value_text(m, s.env->env.block.e) + ")";
        }
        solver.pop();
        break;
      }
      if (a.result == z3::unknown && total.result == z3::unsat) {
        total.result = z3::unknown;
        total.reason = a.reason;
        total.safety_net = a.safety_net;
      }
      solver.pop();
    }
    return total;
  }
  void for_each_site(const std::function<void(std::size_t)>& f) override {
    work_.for_each([&](std::size_t i, SiteWork&) { f(i); });
  }

 private:
  SiteWork& w(std::size_t site) const { return work_.sites()[site]; }
  // The solvers of the path a site is at: its step alone (the path's guard, the call's
  // environment and the ghosts' facts), where a candidate's query alone is a push, its own
  // formulas, a check and a pop (the path is set up once for all its candidates, not
  // once for each: most of those queries are decided in a few thousand units, and setting
  // up a path costs more); and the step under a set of candidates.
  struct Open {
    std::size_t path = SIZE_MAX;
    std::optional<z3::solver> step, set;
  };
  z3::solver& solver_for(std::size_t site, std::size_t n, const std::vector<char>* under) {
    SiteWork& s = w(site);
    Open& o = open_[site];
    if (o.path != n) o = Open{n, {}, {}};
    const z3::expr premise = s.env->assumptions && s.mp->paths[n].guard.e && s.facts[n];
    if (!under) {
      if (!o.step) {
        o.step.emplace(*s.ctx);
        o.step->add(abstract_lengths(premise));
      }
      return *o.step;
    }
    // Under the set, a solver of its own each time: those are the hard queries, and Z3
    // decides them in fewer units from scratch (its preprocessing of the whole query)
    // than incrementally (measured: 77M against 118M units over submit_job and
    // execute_batch).
    o.set.emplace(*s.ctx);
    o.set->add(abstract_lengths(premise && assumed(cands_, *under, s, n)));
    return *o.set;
  }
  // A candidate's goal after a path, by cases (split_at_written_keys).
  const std::vector<Case>& cases_for(std::size_t site, std::size_t n, std::size_t c) {
    SiteWork& s = w(site);
    auto& per_site = cases_[site];
    if (per_site.empty()) per_site.resize(s.mp->paths.size() * cands_.size());
    std::vector<Case>& out = per_site[n * cands_.size() + c];
    if (out.empty()) out = split_at_written_keys(s, n, cands_, c);
    return out;
  }
  Workspace& work_;
  const std::vector<StateCandidate>& cands_;
  QueryLimits limits_, alone_;
  bool trace_;
  std::vector<Open> open_ = std::vector<Open>(work_.sites().size());
  std::vector<std::vector<std::vector<Case>>> cases_ = std::vector<std::vector<std::vector<Case>>>(work_.sites().size());
};

}  // namespace

void search(const std::vector<StateCandidate>& cands, StepQueries& q, HoudiniOutcome& out, Progress* progress) {
  std::vector<std::vector<std::vector<Proof>>> proofs(q.sites());  // per site, per path, per candidate
  // Drops in site order (the reasons given do not depend on the threads); true if any.
  auto apply = [&](std::vector<std::vector<Drop>>& site_drops) {
    bool dropped = false;
    for (auto& d : site_drops)
      for (auto& x : d) {
        if (!out.inductive[x.candidate]) continue;  // an earlier site dropped it: it said why
        out.inductive[x.candidate] = 0;
        out.unknown[x.candidate] = x.unknown;
        out.why[x.candidate] = x.why;
        dropped = true;
      }
    return dropped;
  };
  for (;;) {
    ++out.rounds;
    std::vector<std::vector<Drop>> site_drops(q.sites());
    std::vector<std::vector<Undecided>> site_undecided(q.sites());
    std::size_t planned = 0, live = 0;
    for (char c : out.inductive) live += c;
    for (std::size_t i = 0; i < q.sites(); ++i)
      for (std::size_t n = 0; n < q.paths(i); ++n) planned += q.ok(i, n) * live;
    if (progress) progress->planned(planned);
    q.for_each_site([&](std::size_t i) {
      check_site(i, q, proofs[i], cands, out.inductive, site_drops[i], site_undecided[i], progress);
    });
    if (apply(site_drops)) continue;  // the undecided are asked again from the smaller set
    std::vector<char> open(cands.size(), 0);
    bool any = false;
    for (auto& u : site_undecided)
      for (auto& x : u) {
        open[x.candidate] = 1;
        any = true;
      }
    if (!any) break;
    if (progress)
      for (auto& u : site_undecided) progress->planned(u.size());
    std::vector<std::vector<Drop>> apart_drops(q.sites());
    q.for_each_site([&](std::size_t i) {
      ask_apart(i, q, proofs[i], cands, out.inductive, open, site_undecided[i], apart_drops[i], progress);
    });
    if (!apply(apart_drops)) break;
  }
  // The proof of the final set: every proof that stands (each within the set).
  out.steps.clear();
  out.step_proofs.assign(cands.size(), {});
  for (auto& site : proofs)
    for (auto& path : site)
      for (std::size_t c = 0; c < cands.size(); ++c)
        if (out.inductive[c] && path[c].proved) {
          out.steps.push_back(path[c].obligation);
          out.step_proofs[c].push_back(path[c].obligation);
        }
}

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
  WorkspaceQueries queries(workspace, cands, limits);
  search(cands, queries, out, progress);
  return out;
}

}  // namespace meshcheck::smt::spec
