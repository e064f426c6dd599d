// Houdini, the vacuity check and each invariant's inductive steps (induction.hpp).
#include "smt/engines/induction.hpp"

#include <algorithm>
#include <mutex>
#include <sstream>
#include <tuple>

#include "smt/canonical.hpp"
#include "smt/engines/bmc.hpp"
#include "smt/free_step.hpp"
#include "smt/query.hpp"
#include "invariants/invariant.hpp"
#include "trace/json_value.hpp"

namespace meshcheck::smt {

namespace {

using Kind = ProofVerdict::Kind;

// The budget of each query's first attempt in a Houdini round (see shrink()), and of a
// transition invariant's steps (prove_by_induction).
constexpr std::uint64_t kFirstPassRlimit = 2'000'000;


// The violation of predicate `p` on a step: some branch is taken and breaks it.
z3::expr breaks(const SymInvariant& p, const FreeStep& st, const SymMessage& message) {
  z3::context& c = st.pre.ctx();
  z3::expr any = c.bool_val(false);
  for (auto& b : st.branches) {
    z3::expr broken = p.state ? !p.state(b.post) : !p.step(SymStep{st.pre, st.env, message, st.args, b});
    any = any || (b.guard && broken);
  }
  return any;
}

// The branch a model of a step query took, and the call it made, for a person to read.
std::string describe_step(const z3::model& m, const FreeStep& st, const SymMessage& message) {
  std::ostringstream out;
  out << message.spec->label << "(";
  for (std::size_t i = 0; i < st.args.size(); ++i) {
    if (i) out << ", ";
    out << message.spec->args[i].label << "="
        << trace::value_to_json(message.spec->args[i].type, extract(m, st.args[i])).dump();
  }
  out << ")";
  for (std::size_t i = 0; i < st.branches.size(); ++i)
    if (m.eval(st.taken[i], true).is_true()) out << ", branch '" << st.branches[i].name << "'";
  out << ", caller " << m.eval(st.env.caller, true).to_string() << ", from a state with balance "
      << m.eval(st.pre.balance, true).to_string();
  return out.str();
}

// The inductive step of predicate `id` over message number `message` of `enc`: the
// predicates `assumed` and the assumptions `assumptions` before, one call, `id` broken
// after? In its own context (one per task). Returns Z3's answer and, when sat and
// `describe`, the counterexample to induction (canonical: minimized).
std::pair<Answer, std::string> ask_step(const ContractEncoding& enc, const std::set<std::string>& assumed,
                                        const std::vector<std::string>& assumptions, const std::string& id,
                                        std::size_t message, const QueryLimits& limits, bool describe) {
  Context c;
  auto all = invariants::predicates_of(enc.spec->name, c);
  auto messages = enc.messages(c);
  FreeStep st = free_step(c, enc, messages[message]);
  z3::solver s = make_solver(c, limits);
  s.add(assume_all(c, all, assumed, st.pre));
  s.add(invariants::assumed(enc.spec->name, assumptions, st.pre));
  s.add(st.definitions);
  s.add(breaks(*find_predicate(all, id), st, messages[message]));
  Answer a = check(s, limits);
  std::string cti =
      a.result == z3::sat && describe ? describe_step(canonical_step(s, st, limits), st, messages[message]) : "";
  return {a, cti};
}

// A counterexample to induction, described when a verdict shows it: the same query
// asked again in a context of its own, then minimized. Most are never shown (a lemma
// dropped by Houdini, an invariant that bounded model checking then refutes), and their
// minimization is most of a step's work.
std::function<std::string()> later_cti(const ContractEncoding& enc, const std::set<std::string>& assumed,
                                       const std::vector<std::string>& assumptions, const std::string& id,
                                       std::size_t message, const QueryLimits& limits) {
  return [&enc, assumed, assumptions, id, message, limits] {
    return ask_step(enc, assumed, assumptions, id, message, limits, true).second;
  };
}

// The labels of an encoding's messages, in message order: read once per encoding (each
// read builds the messages in a context of its own).
const std::vector<std::string>& labels_of(const ContractEncoding& enc) {
  static std::mutex mutex;
  static std::map<const ContractEncoding*, std::vector<std::string>> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(&enc);
  if (it == cache.end()) {
    Context c;
    std::vector<std::string> labels;
    for (auto& m : enc.messages(c)) labels.push_back(m.spec->label);
    it = cache.emplace(&enc, std::move(labels)).first;
  }
  return it->second;
}

// Whether state predicate `p` is a candidate of a search that makes `assumptions`: a
// lemma with an assumption of its own (Lemma::under) only where that is made.
bool candidate_under(const SymInvariant& p, const std::vector<std::string>& assumptions) {
  return p.under.empty() || std::find(assumptions.begin(), assumptions.end(), p.under) != assumptions.end();
}

// One Houdini search: a contract's candidate set, shrunk in place, the statuses it
// records its obligations and failures in, and the assumptions its steps make.
struct Search {
  ContractInduction* contract;
  std::set<std::string>* set;
  std::map<std::string, PredicateStatus>* status;
  std::vector<std::string> assumptions;
  bool ran_searches;  // its shallow searches for runs (see shrink()) are behind it
};

// Shrinks every search's set until each of its predicates holds at the base case and
// after every message's step from the whole set (and the assumptions): the greatest
// such subset, whatever order the queries run in.
//
// Each round first asks every query with a small budget (kFirstPassRlimit): most are
// decided well within it, and a counterexample to induction found there drops its
// predicate at once. Only when such a round drops nothing are the queries it left
// undecided asked again, with the full budget (--rlimit), from the same set: so a
// predicate that is cheap to refute (N-BURN by its burn step) is gone before the
// expensive queries are attempted, and an expensive proof is not attempted from a set
// that still holds a candidate about to fall (with N-BURN assumed, a step costs more, and
// may run out of budget where it holds without). A query undecided with the full budget drops
// its predicate, as a counterexample does; then every query is asked again, cheaply
// first, from the smaller set. Both budgets are resource units: the rounds, and what
// each decides, are the same on every machine. An obligation asked twice counts the
// units of both attempts.
void shrink(std::vector<Search>& searches, const EngineContext& ctx) {
  const QueryLimits full = query_limits(ctx.options);
  QueryLimits first = full;
  first.rlimit = full.rlimit ? std::min(full.rlimit, kFirstPassRlimit) : kFirstPassRlimit;
  struct Query {
    Search* search;
    std::string id;
    int message;  // -1: base case
    Answer answer;
    std::string cti;  // the base case's
    std::set<std::string> assumed;  // the set its step assumed (for the counterexample, later)
    std::uint64_t earlier_rlimit = 0;  // spent by its first, undecided attempt
    double earlier_seconds = 0;
  };
  // The steps a full pass left undecided, when they are of two predicates or more of one
  // search (N-BURN's burn step and N-BALANCE's mint step, each assuming the other): each
  // is asked again from its set less the other undecided predicates, and its predicate is
  // dropped only if that too is undecided. A step that holds from fewer predicates holds
  // from more, so an unsat answer proves what the first one would have; without this,
  // each would be dropped for the other's sake (N-BALANCE's mint step holds in 2.8M units
  // without N-BURN, and is undecided within any budget tried with it).
  auto retry_apart = [](std::vector<Query>& queries, const QueryLimits& limits, const EngineContext& ctx) {
    auto undecided_here = [](const Query& q) {
      return q.message >= 0 && q.answer.result == z3::unknown && !q.answer.safety_net;
    };
    std::map<Search*, std::set<std::string>> open;  // per search, the predicates left undecided
    for (auto& q : queries)
      if (undecided_here(q)) open[q.search].insert(q.id);
    std::vector<Query*> again;
    for (auto& q : queries)
      if (undecided_here(q) && open[q.search].size() > 1) again.push_back(&q);
    if (again.empty()) return;
    ctx.progress.planned(again.size());
    std::vector<std::function<void()>> tasks;
    for (Query* q : again)
      tasks.push_back([q, &open, &limits, &ctx] {
        std::set<std::string> fewer = q->assumed;
        for (auto& other : open.at(q->search))
          if (other != q->id) fewer.erase(other);
        Answer first_try = q->answer;
        q->answer = ask_step(*q->search->contract->enc, fewer, q->search->assumptions, q->id,
                             static_cast<std::size_t>(q->message), limits, false).first;
        q->assumed = std::move(fewer);
        q->earlier_rlimit += first_try.rlimit;
        q->earlier_seconds += first_try.seconds;
        ctx.progress.tick();
      });
    run_parallel(tasks, ctx.options.jobs);
  };
  // Before the queries a first pass left undecided are asked in full: a shallow search
  // for a run that breaks their predicates (bounded model checking from the standard
  // deployment, shallow_search_options). A predicate a real run breaks is in no
  // inductive set, so dropping it leaves the greatest one as it was; and its expensive
  // step is never asked in full (N-BURN's burn step: undecided within 2 x 15M units,
  // broken by a run of 3 calls found in 11M). The search is kept as the part's own
  // (search_runs: the same queries, decided the same within the larger budget), so the
  // prover does not search again.
  // A search for runs costs as much as the full pass it may spare, and most find nothing
  // (a predicate left undecided beside one that falls): so each Houdini search searches
  // in one round only, the first its first pass leaves undecided, one candidate at a
  // time, those with fewest undecided steps first (a single undecided step: the step
  // that breaks it), and stops at the first run found; the rounds then go on from the
  // smaller set, and what is left undecided later is asked in full (N-BALANCE, undecided
  // beside N-BURN, holds in full without it: its search found nothing in 15M units).
  // Catalog invariants only: a lemma (invariants::Lemma) is the prover's own, written to
  // be inductive, and one left undecided is asked in full (data_nft_registry's two
  // lemmas' searches found nothing, at 2 x 15M units, before their steps held in full
  // once N-BURN was gone). Returns the searches it dropped a predicate of.
  auto refute_by_runs = [](std::vector<Query>& queries, const EngineContext& ctx) {
    // Per search that has not searched yet, its candidates, fewest undecided steps first
    // (then in the order of predicates_of()).
    std::map<Search*, std::vector<std::pair<std::size_t, std::string>>> todo;
    for (auto& q : queries) {
      if (q.search->ran_searches || q.search->contract->searched_shallow.count(q.id) ||
          !invariants::find_invariant(q.id))
        continue;
      auto& mine = todo[q.search];
      auto it = std::find_if(mine.begin(), mine.end(), [&q](const auto& e) { return e.second == q.id; });
      if (it == mine.end()) mine.push_back({1, q.id});
      else ++it->first;
    }
    std::set<Search*> dropped;
    if (todo.empty()) return dropped;
    const ProveOptions shallow = shallow_search_options(ctx.options);
    const EngineContext one{shallow, ctx.deployment, ctx.progress};
    std::vector<std::function<void()>> tasks;
    std::mutex dropped_mutex;
    for (auto& entry : todo) {
      Search& search = *entry.first;
      search.ran_searches = true;
      std::stable_sort(entry.second.begin(), entry.second.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      tasks.push_back([&search, &entry, &one, &dropped, &dropped_mutex] {
        for (auto& candidate : entry.second) {
          const std::string& id = candidate.second;
          ProofVerdict found = search_runs(*search.contract, id, one);
          search.contract->searched_shallow.insert(id);
          if (found.kind != Kind::Violated) {
            search.contract->shallow_costs[id] = shallow_obligations(found);
            continue;
          }
          PredicateStatus& st = (*search.status)[id];
          st.in_set = false;
          st.failure = InductionFailure{"bmc depth " + std::to_string(found.depth),
                                        "a run of " + std::to_string(found.depth) +
                                            " call(s) from the standard deployment breaks it"};
          search.set->erase(id);
          search.contract->refuted.emplace(id, std::move(found));
          std::lock_guard lock(dropped_mutex);
          dropped.insert(&search);
          return;  // the rounds go on from the smaller set
        }
      });
    }
    run_parallel(tasks, ctx.options.jobs);
    return dropped;
  };
  // Each search goes its own way, its rounds batched with the others' (one pool of
  // queries per round, whatever mix of budgets they ask): a search whose set a round
  // left as it was and whose queries it all decided is done, and is not asked again
  // because another search dropped a predicate (its queries, asked again from the same
  // set, would answer the same). What each search ends with is what it would end with
  // alone.
  std::map<Search*, std::vector<Query>> undecided;  // per search, what its last first pass left undecided
  std::set<Search*> cheap;                          // the searches whose next round is a first pass
  for (auto& search : searches) cheap.insert(&search);
  while (!cheap.empty() || !undecided.empty()) {
    if (!undecided.empty()) {
      std::vector<Query> all_undecided;
      for (auto& entry : undecided) all_undecided.insert(all_undecided.end(), entry.second.begin(), entry.second.end());
      for (Search* dropped : refute_by_runs(all_undecided, ctx)) {
        undecided.erase(dropped);  // every query asked again from the smaller set, cheaply first
        cheap.insert(dropped);
      }
    }
    std::vector<Query> queries;
    std::set<Search*> full_pass;  // the searches this round asks in full
    for (auto& entry : undecided) {
      full_pass.insert(entry.first);
      queries.insert(queries.end(), entry.second.begin(), entry.second.end());
    }
    undecided.clear();
    for (auto& search : searches) {
      if (!cheap.count(&search)) continue;
      const ContractEncoding& enc = *search.contract->enc;
      const std::vector<std::string>& labels = labels_of(enc);
      Context c;
      for (auto& p : invariants::predicates_of(enc.spec->name, c)) {
        if (!p.state || !(*search.status)[p.id].in_set) continue;
        (*search.status)[p.id].obligations.clear();
        for (int m = -1; m < static_cast<int>(labels.size()); ++m) queries.push_back({&search, p.id, m, {}, "", {}});
      }
    }
    cheap.clear();
    ctx.progress.planned(queries.size());
    std::vector<std::function<void()>> tasks;
    for (auto& q : queries) {
      const QueryLimits& limits = full_pass.count(q.search) ? full : first;
      tasks.push_back([&q, &ctx, &limits] {
        const ContractInduction& contract = *q.search->contract;
        const ContractEncoding& enc = *contract.enc;
        if (q.message < 0) {
          Context c;
          auto all = invariants::predicates_of(enc.spec->name, c);
          const SymInvariant& p = *find_predicate(all, q.id);
          z3::solver s = make_solver(c, limits);
          const model::World& world = ctx.deployment.world;
          const model::Instance* inst = world.instance(contract.address);
          SymState init = enc.from_model(c, *inst->state, invariants::balance_in(world, contract.address));
          s.add(!p.state(init));
          q.answer = check(s, limits);
          if (q.answer.result == z3::sat) q.cti = "the standard deployment's state breaks it";
        } else {
          q.assumed = *q.search->set;
          q.answer = ask_step(enc, q.assumed, q.search->assumptions, q.id, q.message, limits, false).first;
        }
        ctx.progress.tick();
      });
    }
    run_parallel(tasks, ctx.options.jobs);
    if (!full_pass.empty()) {
      std::vector<Query> asked_in_full;
      std::vector<std::size_t> where;
      for (std::size_t i = 0; i < queries.size(); ++i)
        if (full_pass.count(queries[i].search)) {
          asked_in_full.push_back(queries[i]);
          where.push_back(i);
        }
      retry_apart(asked_in_full, full, ctx);
      for (std::size_t i = 0; i < where.size(); ++i) queries[where[i]] = std::move(asked_in_full[i]);
    }
    std::set<Search*> changed;
    for (auto& q : queries) {
      PredicateStatus& st = (*q.search->status)[q.id];
      const ContractEncoding& enc = *q.search->contract->enc;
      const bool in_full = full_pass.count(q.search) > 0;
      std::string what = q.message < 0 ? "base" : "step " + labels_of(enc)[q.message];
      // Out of the first pass's budget only (not the safety net's, not Z3's own reason):
      // the full budget decides it, if nothing else drops first.
      bool defer = !in_full && q.answer.result == z3::unknown && !q.answer.safety_net &&
                   first.rlimit != full.rlimit && q.answer.rlimit >= first.rlimit;
      if (defer) {
        // Recorded as undecided, which it stays if its predicate is dropped before the
        // full pass; the full pass replaces it.
        Answer first_try = q.answer;
        first_try.reason = "first pass: " + q.answer.reason + "; not asked again, its predicate was dropped first";
        st.obligations.push_back(obligation(enc.spec->name, what, first_try));
        if (st.in_set) {
          q.earlier_rlimit = q.answer.rlimit;
          q.earlier_seconds = q.answer.seconds;
          undecided[q.search].push_back(q);
        }
        continue;
      }
      // The obligation counts both attempts of a query the first pass left undecided.
      Answer counted = q.answer;
      counted.rlimit += q.earlier_rlimit;
      counted.seconds += q.earlier_seconds;
      Obligation o = obligation(enc.spec->name, what, counted);
      auto earlier = std::find_if(st.obligations.begin(), st.obligations.end(),
                                  [&what](const Obligation& e) { return e.what == what; });
      if (in_full && earlier != st.obligations.end()) *earlier = o;
      else st.obligations.push_back(o);
      if (q.answer.result != z3::unsat && st.in_set) {
        st.in_set = false;
        st.failure = InductionFailure{what, q.answer.result == z3::sat ? q.cti : q.answer.reason,
                                      q.answer.result != z3::sat};
        if (q.answer.result == z3::sat && q.message >= 0)
          st.failure->cti = later_cti(enc, q.assumed, q.search->assumptions, q.id,
                                      static_cast<std::size_t>(q.message), full);
        q.search->set->erase(q.id);
        changed.insert(q.search);
      }
    }
    for (Search* search : changed) {
      undecided.erase(search);  // asked again from the smaller set, cheaply first
      cheap.insert(search);
    }
  }
}

}  // namespace

std::vector<Obligation> shallow_obligations(const ProofVerdict& search) {
  std::vector<Obligation> out = search.obligations;
  for (auto& o : out) o.what = "shallow search: " + o.what;
  return out;
}

ContractInduction start_induction(const ContractEncoding& enc, const std::vector<std::string>& assumptions) {
  ContractInduction contract{&enc, deployment::contract_address(enc.spec->name),
                             invariants::assumptions_concerning(enc.spec->name, assumptions), {}, {}, {}, {}};
  Context c;
  for (auto& p : invariants::predicates_of(enc.spec->name, c)) {
    contract.status[p.id] = PredicateStatus{};
    if (!p.state) continue;
    if (candidate_under(p, contract.assumptions)) contract.assisted.insert(p.id);
    else contract.status[p.id].in_set = false;  // not asked: see Lemma::under
  }
  return contract;
}

void houdini(std::vector<ContractInduction>& contracts, const EngineContext& ctx) {
  // With the assumptions: `assisted`.
  std::vector<Search> with;
  for (auto& contract : contracts) with.push_back({&contract, &contract.assisted, &contract.status, contract.assumptions, false});
  shrink(with, ctx);
  // Without them, from what they proved (a predicate that fails with them fails without),
  // less the lemmas that are candidates only under an assumption (Lemma::under):
  // `inductive`, with statuses of its own so that `status` keeps the first search's
  // failures.
  std::vector<std::map<std::string, PredicateStatus>> bare(contracts.size());
  std::vector<Search> without;
  for (std::size_t i = 0; i < contracts.size(); ++i) {
    ContractInduction& contract = contracts[i];
    contract.inductive = contract.assisted;
    if (contract.assumptions.empty()) continue;
    Context c;
    for (auto& p : invariants::predicates_of(contract.enc->spec->name, c))
      if (!candidate_under(p, {})) contract.inductive.erase(p.id);
    for (auto& entry : contract.status) bare[i][entry.first].in_set = contract.inductive.count(entry.first) > 0;
    without.push_back({&contract, &contract.inductive, &bare[i], {}, false});
  }
  if (without.empty()) return;
  shrink(without, ctx);
  for (std::size_t i = 0; i < contracts.size(); ++i) {
    ContractInduction& contract = contracts[i];
    if (contract.assumptions.empty()) continue;
    for (auto& id : contract.assisted) {
      PredicateStatus& st = contract.status[id];
      if (contract.inductive.count(id)) st.obligations = bare[i][id].obligations;  // the proof without
      else st.needs_assumptions = true;
    }
  }
}

void check_vacuity(std::vector<ContractInduction>& contracts, const EngineContext& ctx) {
  for (auto& contract : contracts) {
    Context c;
    auto all = invariants::predicates_of(contract.enc->spec->name, c);
    auto messages = contract.enc->messages(c);
    for (auto& message : messages) {
      FreeStep st = free_step(c, *contract.enc, message);
      const QueryLimits limits = query_limits(ctx.options);
      z3::solver s = make_solver(c, limits);
      s.add(assume_all(c, all, contract.assisted, st.pre));
      s.add(invariants::assumed(contract.enc->spec->name, contract.assumptions, st.pre));
      z3::expr some = c.bool_val(false);
      for (auto& b : st.branches) some = some || b.guard;
      s.add(some);
      Answer a = check(s, limits);
      if (a.result == z3::unsat)
        contract.vacuous[message.spec->label] = "no call of " + message.spec->label + " satisfies the proof's premises";
    }
  }
}

ProofVerdict prove_by_induction(const invariants::Invariant& inv, const ContractInduction& contract,
                                const EngineContext& ctx, const RunSearch& search_first) {
  ProofVerdict v{inv.id, Kind::Proved, "", {}, {}, 0, {}, {}, 0};
  Context c;
  auto all = invariants::predicates_of(contract.enc->spec->name, c);
  const SymInvariant* p = find_predicate(all, inv.id);
  if (!p) {
    v.kind = Kind::Error;
    v.detail = contract.enc->spec->name + "'s encoding has no predicate for " + inv.id;
    return v;
  }
  std::optional<InductionFailure> failure;
  bool needs_assumptions = false;
  if (p->state) {
    // Houdini asked its base case and steps already.
    const PredicateStatus& st = contract.status.at(inv.id);
    v.obligations = st.obligations;
    if (auto it = contract.shallow_costs.find(inv.id); it != contract.shallow_costs.end())
      v.obligations.insert(v.obligations.end(), it->second.begin(), it->second.end());
    failure = st.failure;
    needs_assumptions = st.needs_assumptions;
  } else {
    auto messages = contract.enc->messages(c);
    // Every message's step from `lemmas` and `assumptions`: the obligations, and the
    // first that did not hold.
    // Every message's step from `lemmas` and `assumptions`: the obligations, and the
    // first that did not hold. With `search_first`, each step is first asked within the
    // first-pass budget (kFirstPassRlimit), and before any is asked again in full the
    // search for a run that breaks the invariant runs: when it finds one, no step is
    // asked in full (the part is then VIOLATED by that run whatever the steps would
    // say). Either way, a step asked twice counts the units of both attempts.
    auto ask_steps = [&](const std::set<std::string>& lemmas, const std::vector<std::string>& assumptions,
                         std::vector<Obligation>& obligations, const RunSearch& search) {
      const QueryLimits full = query_limits(ctx.options);
      QueryLimits first = full;
      if (search) first.rlimit = full.rlimit ? std::min(full.rlimit, kFirstPassRlimit) : kFirstPassRlimit;
      ctx.progress.planned(messages.size());
      std::vector<Answer> answers(messages.size());
      auto ask_all = [&](const std::vector<std::size_t>& which, const QueryLimits& limits) {
        std::vector<std::function<void()>> tasks;
        for (std::size_t m : which)
          tasks.push_back([&, m] {
            Answer before = answers[m];
            answers[m] = ask_step(*contract.enc, lemmas, assumptions, inv.id, m, limits, false).first;
            answers[m].rlimit += before.rlimit;
            answers[m].seconds += before.seconds;
            ctx.progress.tick();
          });
        run_parallel(tasks, ctx.options.jobs);
      };
      std::vector<std::size_t> all_messages;
      for (std::size_t m = 0; m < messages.size(); ++m) all_messages.push_back(m);
      ask_all(all_messages, first);
      // Out of the first pass's budget only (not the safety net's, not Z3's own reason).
      std::vector<std::size_t> again;
      for (std::size_t m = 0; m < messages.size(); ++m)
        if (first.rlimit != full.rlimit && answers[m].result == z3::unknown && !answers[m].safety_net &&
            answers[m].rlimit >= first.rlimit)
          again.push_back(m);
      if (!again.empty()) {
        if (search()) {
          for (std::size_t m : again)
            answers[m].reason = "first pass: " + answers[m].reason +
                                "; not asked again, a run from the standard deployment breaks it";
        } else {
          ctx.progress.planned(again.size());
          ask_all(again, full);
        }
      }
      std::optional<InductionFailure> first_failure;
      for (std::size_t m = 0; m < messages.size(); ++m) {
        std::string what = "step " + messages[m].spec->label;
        obligations.push_back(obligation(contract.enc->spec->name, what, answers[m]));
        if (answers[m].result != z3::unsat && !first_failure) {
          first_failure = InductionFailure{what, answers[m].result == z3::sat ? "" : answers[m].reason,
                                           answers[m].result != z3::sat};
          if (answers[m].result == z3::sat)
            first_failure->cti = later_cti(*contract.enc, lemmas, assumptions, inv.id, m, full);
        }
      }
      return first_failure;
    };
    // Only the first attempt searches: without the assumptions the steps are asked only
    // when they all hold with them, and then no run breaks the invariant.
    failure = ask_steps(contract.assisted, contract.assumptions, v.obligations, search_first);
    if (!failure && !contract.assumptions.empty()) {
      std::vector<Obligation> bare;
      if (ask_steps(contract.inductive, {}, bare, {})) needs_assumptions = true;
      else v.obligations = std::move(bare);  // the proof without
    }
  }
  if (!failure) {
    const std::set<std::string>& lemmas = needs_assumptions ? contract.assisted : contract.inductive;
    for (auto& lemma : lemmas)
      if (lemma != inv.id && lemma.find('/') != std::string::npos) v.lemmas.push_back(lemma);
    if (needs_assumptions) v.assumptions = contract.assumptions;
    if (!contract.vacuous.empty()) {
      v.kind = Kind::Vacuous;
      v.detail = contract.vacuous.begin()->second;
    }
    return v;
  }
  // Not inductive (or undecided): bounded model checking searches for a real violation.
  v.kind = Kind::HoldsToDepth;
  v.detail = (failure->unknown ? "undecided: " : "not inductive: ") + failure->what + ": " + failure->detail;
  v.unknown_step = failure->unknown;
  v.detail_tail = failure->cti;
  return v;
}

}  // namespace meshcheck::smt
