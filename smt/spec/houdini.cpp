// Houdini over the composed system (houdini.hpp).
#include "smt/spec/houdini.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "smt/query.hpp"
#include "smt/spec/keys.hpp"
#include "smt/spec/solver.hpp"
#include "smt/spec/subterms.hpp"

namespace meshcheck::smt::spec {

namespace {

std::string value_text(const z3::model& m, const z3::expr& e) { return m.eval(e, true).to_string(); }

// Resource units of a candidate's first attempts on a path: alone, then its probe under
// its cone of the set (deterministic, as every limit here). Measured over a full
// Houdini at --rlimit 3000000: alone at 2M, 1.03G units in all; alone at 500K, 1.08G
// (what alone saved, 191M, went to more probes, more passes and more invalidated proofs).
constexpr std::uint64_t kAloneRlimit = 2'000'000;
constexpr std::uint64_t kProbeRlimit = 2'000'000;

// A candidate's step over one path, proved: its obligation, and the candidates the query
// assumed. The proof stands as long as they all stay in the set (a step that holds from
// fewer candidates holds from more), so a later round asks only what lost a premise.
struct Proof {
  bool proved = false;
  std::vector<char> under;
  Obligation obligation;
};

// What the search knows of one candidate over one path.
struct Entry {
  Proof proof;
  bool alone_failed = false;  // kAlone did not prove it (asked once: it does not depend on the set)
  std::vector<char> probed;   // the cone a probe left undecided (empty: none)
  std::vector<char> tried;    // the cone the run's limit left undecided (empty: none)
  Answer tried_answer{z3::unknown, "", 0, 0, false};
};
using SiteEntries = std::vector<std::vector<Entry>>;  // per path, per candidate

struct Drop {
  std::size_t candidate;
  bool unknown;
  std::string why;
};

// A query left for a later pass: undecided by its probe (for the run's limit), or by the
// run's limit (for the round's end).
struct Undecided {
  std::size_t path;
  std::size_t candidate;
  Answer answer;
};

// One site's share of a pass: what it drops, leaves undecided, defers and costs.
struct SitePass {
  std::vector<Drop> drops;
  std::vector<Undecided> undecided;
  std::vector<Undecided> deferred;  // expensive queries of a candidate already undecided at the site
  HoudiniCost cost;
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

// Asks `q` and counts what it cost.
Answer ask_counted(StepQueries& q, std::size_t site, std::size_t n, std::size_t c, const std::vector<char>& under,
                   Tier tier, std::string* cti, HoudiniCost& cost) {
  Answer a = q.ask(site, n, c, under, tier, cti);
  auto& t = cost.tiers[static_cast<std::size_t>(tier)];
  ++t.queries;
  t.units += a.rlimit;
  cost.candidate_units[c] += a.rlimit;
  return a;
}

// " (<note>)" for an unsat answer's note (StepQueries::ask), "" for none.
std::string noted(const std::string& note) { return note.empty() ? "" : " (" + note + ")"; }

HoudiniCost empty_cost(std::size_t sites, std::size_t candidates) {
  HoudiniCost c;
  c.site_units.assign(sites, 0);
  c.candidate_units.assign(candidates, 0);
  return c;
}

std::uint64_t units_of(const HoudiniCost& c) {
  std::uint64_t u = 0;
  for (auto& t : c.tiers) u += t.units;
  return u;
}

void add_cost(HoudiniCost& into, const HoudiniCost& from, std::size_t site) {
  for (std::size_t t = 0; t < into.tiers.size(); ++t) {
    into.tiers[t].queries += from.tiers[t].queries;
    into.tiers[t].units += from.tiers[t].units;
  }
  for (std::size_t c = 0; c < into.candidate_units.size(); ++c) into.candidate_units[c] += from.candidate_units[c];
  into.site_units[site] += units_of(from);
  into.unchanged += from.unchanged;
  into.invalidated += from.invalidated;
  into.reused += from.reused;
}

// The cheap pass over the ok paths of one site, from the set `alive_in`. Per path and
// candidate, in order:
// - a proof from an earlier round whose premises are all still in the set stands;
// - a path after which the candidate's formula is the one before (equal up to Z3's
//   simplifier: the path writes nothing it reads) keeps it;
// - the candidate alone at its keys, with the small limit (kAlone), once: most candidates
//   are preserved for reasons of their own, and those queries are small (not asked after a
//   counterexample alone at an earlier path of the site: broken_alone below);
// - its probe: its cone of the set with the small limit (kProbe): unsat proves it, sat is
//   a counterexample to induction (from the set: it drops the candidate), unknown is left
//   for the expensive pass (as is a query whose cone is one the probe, or the run's
//   limit, already left undecided: asking again would answer the same).
void cheap_pass(std::size_t site, StepQueries& q, SiteEntries& entries, const std::vector<StateCandidate>& cands,
                const std::vector<char>& alive_in, SitePass& out, Progress* progress) {
  std::vector<char> alive = alive_in;
  const std::size_t k = cands.size();
  if (entries.empty()) entries.assign(q.paths(site), std::vector<Entry>(k));
  const std::string contract = q.contract(site);
  // The candidates with a counterexample alone at an earlier path of the site: the paths of
  // one message share most of their steps, and a candidate the step alone breaks on one
  // (it needs the set: a lemma, its own other keys) is most often broken alone on the others
  // too, so their alone queries go straight to the probe (which, where alone would have
  // proved it, proves it from more premises). Measured over the full run: 527 alone queries
  // had answered sat (81M units); Houdini 49 s -> 37 s, 377M -> 314M units.
  std::vector<char> broken_alone(k, 0);
  for (std::size_t n = 0; n < q.paths(site); ++n) {
    if (!q.ok(site, n)) continue;  // a refused call changes no state (and the candidates ignore the clock)
    const std::string what = q.what(site, n);
    for (std::size_t c = 0; c < k; ++c) {
      if (!alive[c]) continue;
      if (progress) progress->tick();
      Entry& e = entries[n][c];
      if (e.proof.proved && within(e.proof.under, alive)) continue;
      if (e.proof.proved) ++out.cost.invalidated;
      e.proof = Proof{};
      const std::vector<char> self = only(k, c);
      const std::string for_c = what + " for " + cands[c].name();
      if (!e.alone_failed) {
        if (q.unchanged(site, n, c)) {
          // `P ∧ ¬P`: unsat without a search (a solver set up for each would cost more than
          // the step's other queries together: thousands of them).
          ++out.cost.unchanged;
          e.proof = Proof{true, self, Obligation{contract, for_c + " (unchanged: its formula after the step is the one before)", "unsat", 0, 0}};
          continue;
        }
        std::string cti;
        Answer a{z3::unknown, "not asked: a counterexample alone at an earlier path", 0, 0, false};
        if (!broken_alone[c]) a = ask_counted(q, site, n, c, self, Tier::kAlone, &cti, out.cost);
        if (a.result == z3::unsat) {
          e.proof = Proof{true, self, obligation(contract, for_c + noted(cti), a)};
          continue;
        }
        if (a.result == z3::sat) broken_alone[c] = 1;
        e.alone_failed = true;
        // A candidate whose cone is itself: its query alone is its query under the set (a
        // probe would ask it again), so a counterexample alone drops it.
        if (q.cone(site, n, c, alive) == self) {
          if (a.result == z3::sat) {
            alive[c] = 0;
            out.drops.push_back({c, false, "counterexample to induction: " + cti});
            continue;
          }
          e.probed = self;
        }
      }
      const std::vector<char> cone = q.cone(site, n, c, alive);
      if (cone == e.probed || cone == e.tried) {  // the expensive pass reuses what the run's limit said
        ++out.cost.reused;
        out.undecided.push_back({n, c, e.tried_answer});
        continue;
      }
      std::string cti;
      Answer b = ask_counted(q, site, n, c, cone, Tier::kProbe, &cti, out.cost);
      if (b.result == z3::unsat) {
        e.proof = Proof{true, cone, obligation(contract, for_c + " under the set" + noted(cti), b)};
      } else if (b.result == z3::sat) {
        alive[c] = 0;
        out.drops.push_back({c, false, "counterexample to induction: " + cti});
      } else {
        e.probed = cone;
        out.undecided.push_back({n, c, b});
      }
    }
  }
}

// The expensive pass over the queries one site's probes left undecided (`pending`, in
// path and candidate order), each under its cone of the set with the run's limit (kSet):
// unsat proves it; sat drops the candidate, whose other queries at the site are then
// skipped (its first counterexample is enough); unknown is left for the round's end, and
// the candidate's other expensive queries at the site are deferred to a later pass: if
// its undecided query drops it (as UNKNOWN) they are never asked.
void expensive_pass(std::size_t site, StepQueries& q, SiteEntries& entries, const std::vector<StateCandidate>& cands,
                    const std::vector<char>& alive_in, const std::vector<Undecided>& pending, SitePass& out,
                    Progress* progress) {
  std::vector<char> alive = alive_in;
  std::vector<char> stalled(cands.size(), 0);
  const std::string contract = q.contract(site);
  for (const Undecided& u : pending) {
    if (progress) progress->tick();
    if (!alive[u.candidate]) continue;
    if (stalled[u.candidate]) {
      out.deferred.push_back(u);
      continue;
    }
    Entry& e = entries[u.path][u.candidate];
    const std::vector<char> cone = q.cone(site, u.path, u.candidate, alive);
    if (cone == e.tried) {
      ++out.cost.reused;
      stalled[u.candidate] = 1;
      out.undecided.push_back({u.path, u.candidate, e.tried_answer});
      continue;
    }
    std::string cti;
    Answer b = ask_counted(q, site, u.path, u.candidate, cone, Tier::kSet, &cti, out.cost);
    if (b.result == z3::unsat) {
      e.proof = Proof{
          true, cone,
          obligation(contract,
                     q.what(site, u.path) + " for " + cands[u.candidate].name() + " under the set" + noted(cti), b)};
    } else if (b.result == z3::sat) {
      alive[u.candidate] = 0;
      out.drops.push_back({u.candidate, false, "counterexample to induction: " + cti});
    } else {
      e.tried = cone;
      e.tried_answer = b;
      stalled[u.candidate] = 1;
      out.undecided.push_back({u.path, u.candidate, b});
    }
  }
}

// The undecided queries of a site asked again, each from the set less the other
// candidates left undecided in the round (`open`): a step that holds from fewer
// candidates holds from more, so unsat proves what the first query would have. Without
// this, two candidates that each make the other's step too hard to decide would both be
// dropped for the other's sake. Still undecided: the candidate leaves the set as UNKNOWN.
void ask_apart(std::size_t site, StepQueries& q, SiteEntries& entries, const std::vector<StateCandidate>& cands,
               const std::vector<char>& alive, const std::vector<char>& open, const std::vector<Undecided>& undecided,
               SitePass& out, Progress* progress) {
  std::vector<char> dropped(cands.size(), 0);
  for (const Undecided& u : undecided) {
    if (progress) progress->tick();
    if (dropped[u.candidate]) continue;
    const std::vector<char> cone = q.cone(site, u.path, u.candidate, alive);
    std::vector<char> fewer = alive;
    std::string left_out;
    for (std::size_t c = 0; c < cands.size(); ++c)
      if (open[c] && c != u.candidate && fewer[c]) {
        fewer[c] = 0;
        if (cone[c]) left_out += (left_out.empty() ? "" : ", ") + cands[c].name();
      }
    const std::string what = q.what(site, u.path);
    const std::vector<char> apart = q.cone(site, u.path, u.candidate, fewer);
    Answer a = u.answer;
    std::string cti;
    if (!left_out.empty()) a = ask_counted(q, site, u.path, u.candidate, apart, Tier::kApart, &cti, out.cost);
    if (a.result == z3::unsat) {
      entries[u.path][u.candidate].proof =
          Proof{true, apart,
                obligation(
                    q.contract(site),
                    what + " for " + cands[u.candidate].name() + " under the set without " + left_out + noted(cti), a)};
      continue;
    }
    dropped[u.candidate] = 1;
    if (a.result == z3::sat)
      out.drops.push_back({u.candidate, false,
                           "counterexample to induction (from the set without " + left_out +
                               ", undecided with them): " + cti});
    else
      out.drops.push_back({u.candidate, true, what + ": " + a.text()});
  }
}

// One case of a candidate's goal after a path: `side ⇒ goal`, at `key`.
struct Case {
  z3::expr goal, side, key;
  std::string label;     // "" for k*, " at <key>" for a written key
  bool trivial = false;  // the goal is the candidate before the step, assumed: nothing to ask
  std::vector<char> proved;     // the candidates it was proved from (empty: not proved)
  std::vector<char> undecided;  // the candidates it was last left undecided from, and with how many units
  std::uint64_t undecided_units = 0;
  Answer undecided_answer{z3::unknown, "", 0, 0, false};
};

// Candidate c's goal after path n of `s`, split by where k* is: at each index i the path
// wrote into a map the goal reads at k* (the goal at i: c after the path, at key i), or
// at none of them (the goal with those writes skipped, under k* ≠ each i). Together the
// cases are the goal at every key. What it saves: a goal at a fresh key over written maps
// makes Z3 weigh k* = i against k* ≠ i at the level of bits, which cost millions of units
// for a goal as small as M-ORDER's at create_batch; split, the k* ≠ i case is most often
// the candidate before the step itself (nothing to ask), and each i case reads the
// written entry directly.
// The k* ≠ each i case is split the same way at each id the goal follows from k* into a
// written map (keys.hpp's read_past_writes: M-EXCLUSIVE's and X-MEV's batch positions
// follow the batch's listed id into the intents create_batch wrote): at t = each index
// written there (the goal as it is, under t = that index), and at none of them (the
// goal with those writes skipped), whose goal is again most often the candidate before
// the step. The cases still cover every key: each split divides one case's side into
// t = w for each written w and t ≠ every w. Measured at create_batch's six-id path:
// M-EXCLUSIVE's position 6 at a batch other than the new one was one query undecided at
// 15M units (or decided in 9.97M to 13.5M, by the run); split, a case with nothing to ask
// and six of under 1K units each (tests/spec_mev_test.cpp, ExclusiveIsInductiveOverCreateBatch).
// Each split adds as many cases as the map has writes; kMaxFollowedCases bounds them (a
// goal that follows more ids keeps the rest unsplit, as before).
constexpr std::size_t kMaxFollowedCases = 24;

// The free points a goal reads maps at (candidates.cpp: N-BURN's subscriptions part at
// point.token and point.subscriber, N-BALANCE at point.account): each index of a select
// in `e` that is a constant named "point.<...>" or a concatenation with such a part (a
// pair-keyed map's key: N-BURN's lemma reads its token's subscriptions at (token,
// point.subscriber)), the concatenations first, each once.
std::vector<z3::expr> point_keys(const z3::expr& e) {
  auto is_point = [](const z3::expr& x) {
    return x.is_app() && x.num_args() == 0 && x.decl().decl_kind() == Z3_OP_UNINTERPRETED &&
           x.decl().name().str().rfind("point.", 0) == 0;
  };
  std::vector<z3::expr> tuples, singles;
  std::unordered_set<unsigned> taken;
  for_each_subterm(e, [&](const z3::expr& x) {
    if (!x.is_app()) return false;
    if (x.decl().decl_kind() != Z3_OP_SELECT || x.num_args() != 2) return true;
    const z3::expr i = x.arg(1);
    if (is_point(i)) {
      if (taken.insert(i.id()).second) singles.push_back(i);
    } else if (i.is_app() && i.decl().decl_kind() == Z3_OP_CONCAT) {
      bool some = false;
      for (unsigned a = 0; a < i.num_args() && !some; ++a) some = is_point(i.arg(a));
      if (some && taken.insert(i.id()).second) tuples.push_back(i);
    }
    return true;
  });
  tuples.insert(tuples.end(), singles.begin(), singles.end());
  return tuples;
}

std::vector<Case> split_at_written_keys(SiteWork& s, std::size_t n, const std::vector<StateCandidate>& cands,
                                        std::size_t c) {
  StripWrites strip(*s.kstar);
  z3::expr rest = strip(s.after[n][c]);
  z3::expr apart = s.ctx->bool_val(true);
  for (auto& i : strip.written) apart = apart && *s.kstar != i;
  std::vector<Case> out;
  out.push_back(Case{rest, apart, *s.kstar, "", false, {}, {}});
  for (auto& i : strip.written)
    out.push_back(Case{cands[c].at(*s.post[n], i), s.ctx->bool_val(true), i, " at a written key", false, {}, {}});
  std::size_t followed = 0;
  while (std::optional<z3::expr> t = read_past_writes(rest, *s.kstar)) {
    StripWrites at(*t);
    z3::expr none = at(rest);
    if (at.written.empty() || followed + at.written.size() > kMaxFollowedCases) break;
    followed += at.written.size();
    for (auto& w : at.written)
      out.push_back(Case{rest, apart && *t == w, *s.kstar, " where the id it follows is a written key", false, {}, {}});
    for (auto& w : at.written) apart = apart && *t != w;
    rest = none;
  }
  out[0].goal = rest;
  out[0].side = apart;
  // Every case split the same way at each free point its goal reads a written map at: at
  // the point = each index written there, and at none of them (the goal with those writes
  // skipped: for the first case most often the candidate before the step, nothing to ask).
  // Measured: N-BURN's subscriptions part at purchase_subscription (at a free token and
  // subscriber; the step writes the pair (nft_id, caller) and the token nft_id) was one
  // query undecided alone at 2M units and decided under the set in 9.97M of 15M in one run,
  // undecided in another; split, 457K alone.
  std::vector<Case> split;
  for (Case& whole : out) {
    std::vector<Case> parts{whole};
    for (const z3::expr& q : point_keys(whole.goal)) {
      StripWrites at(q);
      const z3::expr none = at(parts[0].goal);
      if (at.written.empty() || followed + at.written.size() > kMaxFollowedCases) continue;
      followed += at.written.size();
      for (auto& w : at.written)
        parts.push_back(Case{parts[0].goal,
                             parts[0].side && q == w,
                             parts[0].key,
                             parts[0].label + " where the point is a written key",
                             false,
                             {},
                             {}});
      for (auto& w : at.written) parts[0].side = parts[0].side && q != w;
      parts[0].goal = none;
    }
    split.insert(split.end(), parts.begin(), parts.end());
  }
  split[0].trivial = z3::eq(split[0].goal, s.before[c]) || z3::eq(split[0].goal.simplify(), s.before[c].simplify());
  return split;
}

// The step queries of a Workspace, in Z3.
class WorkspaceQueries final : public StepQueries {
 public:
  WorkspaceQueries(Workspace& work, const std::vector<StateCandidate>& cands, const QueryLimits& limits)
      : work_(work), cands_(cands), limits_(limits), alone_(limits), probe_(limits),
        trace_(std::getenv("MESHCHECK_SPEC_TRACE") != nullptr) {
    if (alone_.rlimit == 0 || alone_.rlimit > kAloneRlimit) alone_.rlimit = kAloneRlimit;
    if (probe_.rlimit == 0 || probe_.rlimit > kProbeRlimit) probe_.rlimit = kProbeRlimit;
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
  // The cone (workspace.hpp) of c's goal after the path.
  std::vector<char> cone(std::size_t site, std::size_t n, std::size_t c, const std::vector<char>& alive) override {
    SiteWork& s = w(site);
    auto& per_site = goal_symbols_[site];
    if (per_site.empty()) per_site.resize(s.mp->paths.size() * cands_.size());
    auto& goal = per_site[n * cands_.size() + c];
    if (!goal) goal = symbols_of(s.after[n][c]);
    return spec::cone(s, n, *goal, alive, c);
  }
  Answer ask(std::size_t site, std::size_t n, std::size_t c, const std::vector<char>& under, Tier tier,
             std::string* cti) override {
    SiteWork& s = w(site);
    const QueryLimits& limits = tier == Tier::kAlone ? alone_ : tier == Tier::kProbe ? probe_ : limits_;
    Answer total{z3::unsat, "", 0, 0, false};
    bool unguarded = false;  // some case proved by without_guard
    std::vector<Case>& cases = cases_for(site, n, c);
    for (Case& k : cases) {
      if (k.trivial) continue;
      // A case proved from fewer candidates holds from these; one left undecided from these
      // very candidates with as many units would be again.
      if (!k.proved.empty() && within(k.proved, under)) continue;
      if (tier != Tier::kAlone && k.undecided == under && k.undecided_units >= limits.rlimit && limits.rlimit) {
        if (total.result == z3::unsat) total = Answer{z3::unknown, k.undecided_answer.reason, 0, 0, k.undecided_answer.safety_net};
        continue;
      }
      // Alone, the path's solver with the case in a scope of its own; probed, the path's
      // solver for this set (its probes share it) with the case in a scope; with the run's
      // limit, a solver of the case's own with nothing pushed (solver_for says why).
      const bool scoped = tier == Tier::kAlone || tier == Tier::kProbe;
      z3::solver& solver = solver_for(site, n, tier == Tier::kAlone ? nullptr : &under, tier == Tier::kProbe);
      if (scoped) solver.push();
      if (tier == Tier::kAlone) solver.add(abstract_lengths(assumed(cands_, under, s, n)));
      solver.add(abstract_lengths(k.side && !k.goal));
      set_limits(solver, limits);
      // With the run's limit nothing asks the case again (solver.hpp).
      Checked checked =
          check_confirmed(solver, limits, tier == Tier::kSet ? AskAgain::kFailedSatOrUnknown : AskAgain::kFailedSat);
      Answer a = checked.answer;
      if (trace_)
        std::fprintf(stderr, "%s [%s %s%s, %zu of %zu]: %s %llu %.2f s\n", what(site, n).c_str(), cands_[c].name().c_str(),
                     tier_name(tier), k.label.c_str(), (std::size_t)std::count(under.begin(), under.end(), 1),
                     cands_.size(), a.text().c_str(), (unsigned long long)a.rlimit, a.seconds);
      // Undecided alone: again without the path's guard (without_guard says why). Not after a
      // counterexample alone: without the guard there are more states, so it would be one too.
      if (tier == Tier::kAlone && a.result == z3::unknown) {
        const Answer g = without_guard(site, n, c, k, under);
        a.rlimit += g.rlimit;
        a.seconds += g.seconds;
        if (g.result == z3::unsat) {
          a.result = z3::unsat;
          unguarded = true;
        }
      }
      total.rlimit += a.rlimit;
      total.seconds += a.seconds;
      if (a.result == z3::unsat) k.proved = under;
      if (a.result == z3::sat) {
        total.result = z3::sat;
        if (cti) {
          const z3::model& m = *checked.model;
          *cti = what(site, n) + " breaks it at key " + value_text(m, k.key) + " (caller " +
                 value_text(m, s.env->env.caller.e) + ", block " + value_text(m, s.env->env.block.e) + ")";
        }
        if (scoped) solver.pop();
        // Alone, a counterexample drops nothing: the other cases are asked on, and those
        // proved alone are never asked again.
        if (tier == Tier::kAlone) continue;
        break;
      }
      if (a.result == z3::unknown) {
        if (tier != Tier::kAlone) {
          k.undecided = under;
          k.undecided_units = limits.rlimit;
          k.undecided_answer = a;
        }
        if (total.result == z3::unsat) {
          total.result = z3::unknown;
          total.reason = a.reason;
          total.safety_net = a.safety_net;
        }
      }
      if (scoped) solver.pop();
    }
    // Said only of a proof: after a counterexample alone (asked on to the other cases),
    // `cti` describes it.
    if (cti && unguarded && total.result == z3::unsat) *cti = "some cases without the path's guard";
    return total;
  }
  void for_each_site(const std::function<void(std::size_t)>& f, const std::vector<std::size_t>& order) override {
    work_.for_each([&](std::size_t i, SiteWork&) { f(i); }, order);
  }
  void for_each_site_and(const std::function<void(std::size_t)>& f, const std::vector<std::size_t>& order,
                         const std::function<void()>& beside) override {
    work_.for_each([&](std::size_t i, SiteWork&) { f(i); }, order, beside);
  }

 private:
  // A case of c's goal after path n, left undecided alone, asked alone again without the
  // path's guard and the ghosts' facts: `assumptions ∧ c at the keys the case reads ∧ side ∧
  // ¬goal`, with the same limit. What it saves: the guard is the whole call's (create_batch's
  // and execute_batch's grow with the batch), and a candidate the step changes only through
  // what every path changes alike needs none of it. N-BURN at create_batch, whose goal differs
  // from the one before only by the clock, was proved alone on the shorter paths (163K to
  // 1.17M units, rising with the batch) and undecided at 2M on the six-intent one (with the
  // facts but no guard, too); its query under the set then took 6.77M units in one run and
  // more than 15M in another (it depends on what else the site's context holds), which made
  // faster schedules lose it. Without guard and facts: 69K. Its unsat proves the case on
  // every path with the same goal and side (a guard or a fact only adds a premise), so a
  // proof is reused there; its sat is no counterexample (premises are left out), and the
  // case goes on to the probes as before.
  struct Unguarded {
    std::vector<char> proved;  // the set it was proved from (empty: not proved)
    std::vector<char> tried;   // the set it was last asked from
  };
  Answer without_guard(std::size_t site, std::size_t n, std::size_t c, const Case& k, const std::vector<char>& under) {
    SiteWork& s = w(site);
    Unguarded& u = unguarded_[site][{k.goal.id(), k.side.id()}];
    if (!u.proved.empty() && within(u.proved, under)) return Answer{z3::unsat, "", 0, 0, false};
    if (u.tried == under) return Answer{z3::unknown, "asked", 0, 0, false};
    u.tried = under;
    const z3::expr goal = k.side && !k.goal;
    const z3::expr premise = s.env->assumptions;
    const std::vector<std::vector<z3::expr>> keys =
        candidate_keys(s.reads, accesses({goal}, s.ctx->bv_sort(128)), *s.kstar);
    z3::solver solver = make_spec_solver(*s.ctx, alone_);
    solver.add(abstract_lengths(premise && assumed(cands_, under, *s.pre, keys) && goal));
    const Answer a = check(solver, alone_);
    if (trace_)
      std::fprintf(stderr, "%s [%s without the guard%s, %zu of %zu]: %s %llu %.2f s\n", what(site, n).c_str(),
                   cands_[c].name().c_str(), k.label.c_str(), (std::size_t)std::count(under.begin(), under.end(), 1),
                   cands_.size(), a.text().c_str(), (unsigned long long)a.rlimit, a.seconds);
    if (a.result == z3::unsat) u.proved = under;
    return a;
  }
  SiteWork& w(std::size_t site) const { return work_.sites()[site]; }
  // The solvers of the path a site is at: its step alone (the path's guard, the call's
  // environment and the ghosts' facts), where a candidate's query alone is a push, its own
  // formulas, a check and a pop (the path is set up once for all its candidates, not
  // once for each: most of those queries are decided in a few thousand units, and setting
  // up a path costs more); and the step under a set of candidates.
  struct Open {
    std::size_t path = SIZE_MAX;
    std::optional<z3::solver> step, set;
    std::map<std::vector<char>, z3::solver> probes;  // by the candidates they assume
  };
  z3::solver& solver_for(std::size_t site, std::size_t n, const std::vector<char>* under, bool probe = false) {
    SiteWork& s = w(site);
    Open& o = open_[site];
    if (o.path != n) o = Open{n, {}, {}, {}};
    const z3::expr premise = s.env->assumptions && s.mp->paths[n].guard.e && s.facts[n];
    if (!under) {
      if (!o.step) {
        o.step.emplace(spec_solver(*s.ctx));
        o.step->add(abstract_lengths(premise));
      }
      return *o.step;
    }
    // Under the set, a solver of its own for each case: those are the hard queries, and Z3
    // decides them in fewer units from scratch than incrementally (measured: 77M against
    // 118M units over submit_job and execute_batch). A probe adds its case in a scope (a
    // push makes Z3 answer with its incremental solver, which skips the preprocessing of
    // the whole query: most probes are decided in a few thousand units, and preprocessing
    // the cone costs hundreds of thousands). A query with the run's limit, which its probe
    // left undecided, adds its case with nothing pushed: Z3 preprocesses the whole query,
    // which can decide in a fraction of the units what the incremental solver cannot.
    // Measured: G-SOLVENT's escrow part at execute_batch's six-intent path took 11.98M
    // units with the case pushed and 112K without (same query, from its SMT-LIB text);
    // Houdini over execute_batch with the 25 candidates of tests/spec_mev_test.cpp cost
    // 132K units in probes with their cases pushed, 95.1M without.
    // The probes of one path under one set share a solver (each case pushed and popped):
    // setting one up is the expensive part of a probe (Z3 internalizes the step and the
    // cone at the push; the checks after it take a few hundred units), and a path's probes
    // come in runs of the same cone (a candidate's cases, candidates sharing state). Measured
    // over the full run: Houdini 107 s -> 54 s of wall (execute_batch's 365 probe cases had
    // spent 56 s in set-up against 1.2 s of checks), its units 393M -> 377M.
    if (probe) {
      auto it = o.probes.find(*under);
      if (it == o.probes.end()) {
        it = o.probes.emplace(*under, spec_solver(*s.ctx)).first;
        it->second.add(abstract_lengths(premise && assumed(cands_, *under, s, n)));
      }
      return it->second;
    }
    o.set.emplace(spec_solver(*s.ctx));
    o.set->add(abstract_lengths(premise && assumed(cands_, *under, s, n)));
    return *o.set;
  }
  // A candidate's goal after a path, by cases (split_at_written_keys).
  std::vector<Case>& cases_for(std::size_t site, std::size_t n, std::size_t c) {
    SiteWork& s = w(site);
    auto& per_site = cases_[site];
    if (per_site.empty()) per_site.resize(s.mp->paths.size() * cands_.size());
    std::vector<Case>& out = per_site[n * cands_.size() + c];
    if (out.empty()) out = split_at_written_keys(s, n, cands_, c);
    return out;
  }
  Workspace& work_;
  const std::vector<StateCandidate>& cands_;
  QueryLimits limits_, alone_, probe_;
  bool trace_;
  std::vector<Open> open_ = std::vector<Open>(work_.sites().size());
  // Per site, per path and candidate: the symbols of its goal after the path (for cones).
  std::vector<std::vector<std::optional<std::unordered_set<unsigned>>>> goal_symbols_ =
      std::vector<std::vector<std::optional<std::unordered_set<unsigned>>>>(work_.sites().size());
  std::vector<std::vector<std::vector<Case>>> cases_ = std::vector<std::vector<std::vector<Case>>>(work_.sites().size());
  // Per site: the cases asked without their path's guard, by (goal, side).
  std::vector<std::map<std::array<unsigned, 2>, Unguarded>> unguarded_ =
      std::vector<std::map<std::array<unsigned, 2>, Unguarded>>(work_.sites().size());
};

}  // namespace

const char* tier_name(Tier t) {
  switch (t) {
    case Tier::kAlone: return "alone";
    case Tier::kProbe: return "probe under the set";
    case Tier::kSet: return "under the set";
    case Tier::kApart: return "apart";
  }
  return "";
}

void search(const std::vector<StateCandidate>& cands, StepQueries& q, HoudiniOutcome& out, Progress* progress,
            const BesideExpensive& beside) {
  const std::size_t sites = q.sites();
  std::vector<SiteEntries> entries(sites);
  out.cost = empty_cost(sites, cands.size());
  // What each site cost in its last pass of each kind: the next such pass starts the
  // most expensive first. Before any: the ok paths (a site's queries grow with them).
  std::vector<std::uint64_t> estimate(sites, 0);
  for (std::size_t i = 0; i < sites; ++i)
    for (std::size_t n = 0; n < q.paths(i); ++n) estimate[i] += q.ok(i, n);
  // Drops in site order (the reasons given do not depend on the threads); true if any.
  auto apply = [&](std::vector<SitePass>& pass) {
    bool dropped = false;
    for (std::size_t i = 0; i < sites; ++i) {
      add_cost(out.cost, pass[i].cost, i);
      for (auto& x : pass[i].drops) {
        if (!out.inductive[x.candidate]) continue;  // an earlier site dropped it: it said why
        out.inductive[x.candidate] = 0;
        out.unknown[x.candidate] = x.unknown;
        out.why[x.candidate] = x.why;
        dropped = true;
      }
    }
    return dropped;
  };
  auto run = [&](std::vector<SitePass>& pass, const std::function<void(std::size_t)>& f,
                 const std::function<void()>& also = nullptr) {
    pass.assign(sites, SitePass{{}, {}, {}, empty_cost(sites, cands.size())});
    ++out.rounds;
    if (also)
      q.for_each_site_and(f, longest_first(estimate), also);
    else
      q.for_each_site(f, longest_first(estimate));
  };
  for (;;) {
    std::vector<SitePass> cheap, expensive, apart;
    std::size_t live = 0, planned = 0;
    for (char c : out.inductive) live += c;
    for (std::size_t i = 0; i < sites; ++i)
      for (std::size_t n = 0; n < q.paths(i); ++n) planned += q.ok(i, n) * live;
    if (progress) progress->planned(planned);
    ++out.cost.passes[0];
    run(cheap, [&](std::size_t i) { cheap_pass(i, q, entries[i], cands, out.inductive, cheap[i], progress); });
    if (apply(cheap)) continue;  // the cheap pass again, from the smaller set: counterexamples first
    std::size_t pending = 0;
    for (std::size_t i = 0; i < sites; ++i) {
      pending += cheap[i].undecided.size();
      estimate[i] = cheap[i].undecided.size();
    }
    if (pending == 0) break;
    if (progress) progress->planned(pending);
    ++out.cost.passes[1];
    const std::vector<char> assumed_set = out.inductive;  // what `beside` is given: no drop is applied during the pass
    run(
        expensive,
        [&](std::size_t i) {
          expensive_pass(i, q, entries[i], cands, out.inductive, cheap[i].undecided, expensive[i], progress);
        },
        beside ? std::function<void()>([&] { beside(assumed_set); }) : nullptr);
    for (std::size_t i = 0; i < sites; ++i) estimate[i] = units_of(expensive[i].cost);
    if (apply(expensive)) continue;  // the undecided are asked again from the smaller set
    std::vector<char> open(cands.size(), 0);
    std::size_t undecided = 0;
    for (auto& p : expensive)
      for (auto& x : p.undecided) {
        open[x.candidate] = 1;
        ++undecided;
      }
    if (undecided == 0) break;
    if (progress) progress->planned(undecided);
    ++out.cost.passes[2];
    run(apart, [&](std::size_t i) {
      ask_apart(i, q, entries[i], cands, out.inductive, open, expensive[i].undecided, apart[i], progress);
    });
    std::size_t deferred = 0;
    for (auto& p : expensive) deferred += p.deferred.size();
    // With no drop, what the expensive pass deferred is asked in the next (each pass asks
    // at least one query of each candidate it defers: the search ends).
    if (!apply(apart) && deferred == 0) break;
    for (std::size_t i = 0; i < sites; ++i) {
      estimate[i] = 0;
      for (std::size_t n = 0; n < q.paths(i); ++n) estimate[i] += q.ok(i, n);
    }
  }
  // The proof of the final set: every proof that stands (each within the set).
  out.steps.clear();
  out.step_proofs.assign(cands.size(), {});
  for (auto& site : entries)
    for (auto& path : site)
      for (std::size_t c = 0; c < cands.size(); ++c)
        if (out.inductive[c] && path[c].proof.proved) {
          if (!within(path[c].proof.under, out.inductive))
            throw std::logic_error("houdini: a proof stands on a dropped candidate: " + path[c].proof.obligation.what);
          out.steps.push_back(path[c].proof.obligation);
          out.step_proofs[c].push_back(path[c].proof.obligation);
        }
}

std::string cost_profile(const HoudiniOutcome& h, const std::vector<StateCandidate>& cands,
                         const std::vector<std::string>& site_names) {
  std::string out;
  char line[512];
  std::uint64_t total = 0;
  for (auto& t : h.cost.tiers) total += t.units;
  std::snprintf(line, sizeof line,
                "houdini: %zu rounds (%zu cheap, %zu expensive, %zu apart), %llu units; %zu unchanged, %zu proofs "
                "invalidated by drops and asked again, %zu answers reused\n",
                h.rounds, h.cost.passes[0], h.cost.passes[1], h.cost.passes[2], (unsigned long long)total,
                h.cost.unchanged, h.cost.invalidated, h.cost.reused);
  out += line;
  for (std::size_t t = 0; t < h.cost.tiers.size(); ++t) {
    std::snprintf(line, sizeof line, "  tier %-20s %6zu queries %12llu units\n", tier_name(static_cast<Tier>(t)),
                  h.cost.tiers[t].queries, (unsigned long long)h.cost.tiers[t].units);
    out += line;
  }
  auto top = [&](const std::vector<std::uint64_t>& units, const std::function<std::string(std::size_t)>& name,
                 const char* what) {
    std::vector<std::size_t> order(units.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return units[a] > units[b]; });
    out += std::string("  by ") + what + ":\n";
    for (std::size_t i = 0; i < order.size() && units[order[i]] > 0; ++i) {
      std::snprintf(line, sizeof line, "    %12llu  %s\n", (unsigned long long)units[order[i]], name(order[i]).c_str());
      out += line;
    }
  };
  top(h.cost.site_units, [&](std::size_t i) { return i < site_names.size() ? site_names[i] : std::to_string(i); }, "site");
  top(h.cost.candidate_units, [&](std::size_t c) { return cands[c].name() + (h.inductive[c] ? "" : " (dropped)"); },
      "candidate");
  return out;
}

HoudiniOutcome houdini(const std::vector<StateCandidate>& cands, Workspace& workspace, const ProveOptions& options,
                       Progress* progress, const BesideExpensive& beside) {
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
      z3::solver s = make_spec_solver(ctx, limits);
      s.add(!cands[c].at(standard, k));
      const Checked checked = check_confirmed(s, limits, AskAgain::kFailedSatOrUnknown);
      const Answer& a = checked.answer;
      if (progress) progress->tick();
      out.base[c] = obligation("spec", "base (standard deployment)", a);
      if (a.result == z3::unsat) continue;
      out.inductive[c] = 0;
      out.unknown[c] = a.result != z3::sat;
      out.why[c] = a.result == z3::sat ? "the standard deployment breaks it at key " + value_text(*checked.model, k)
                                       : "base case: " + a.text();
    }
  }
  WorkspaceQueries queries(workspace, cands, limits);
  search(cands, queries, out, progress, beside);
  if (std::getenv("MESHCHECK_SPEC_PROFILE")) {
    std::vector<std::string> names;
    for (auto& s : workspace.sites()) names.push_back(s.site->name());
    std::fputs(cost_profile(out, cands, names).c_str(), stderr);
  }
  return out;
}

}  // namespace meshcheck::smt::spec
