// mev_protection's invariants in the spec profile: all eight unchanged (M-ORDER,
// M-EXCLUSIVE, M-MEMBERS, M-ONCE, M-FIFO, M-PERMUTE, M-LIFECYCLE, M-OUTPUT).
#include <stdexcept>

#include "invariants/spec/permutation.hpp"
#include "invariants/spec/spec.hpp"

namespace meshcheck::invariants::spec {

namespace {
namespace mp = ms::mev_protection;
using ms::IntentStatus;

std::string status_name(IntentStatus s) {
  static const char* names[] = {"Pending", "Batched", "Executed", "Failed", "Cancelled"};
  return names[unsigned(s)];
}

// --- M-ORDER (unchanged) -----------------------------------------------------------------------
template <class D> Bool<D> order_ok(const ms::SpecSystem<D>& s, const U128<D>& b) {
  auto batch = mev(s).batches.get(b);
  const auto& ids = batch.value.intent_ids;
  Bool<D> ok = true;
  for (std::size_t i = 0; i + 1 < ids.items.size(); ++i)
    ok = ok && implies(U32<D>(u32(i + 1)) < ids.len, ids.items[i] < ids.items[i + 1]);
  return implies(batch.some, ok);
}

// M-ORDER's lemma: a batch's ids strictly ascend pair by pair, not only neighbour by
// neighbour (so any two of them differ). The same fact as M-ORDER, by transitivity, but
// stated where Z3 needs it: execute_batch writes each listed intent and its capital, and
// every read of one past the write of another asks whether the two ids differ, which from
// M-ORDER alone is a chain of 128-bit comparisons per pair.
template <class D> Bool<D> order_pairwise(const ms::SpecSystem<D>& s, const U128<D>& b) {
  auto batch = mev(s).batches.get(b);
  const auto& ids = batch.value.intent_ids;
  Bool<D> ok = true;
  for (std::size_t i = 0; i < ids.items.size(); ++i)
    for (std::size_t j = i + 1; j < ids.items.size(); ++j)
      ok = ok && implies(U32<D>(u32(j)) < ids.len, ids.items[i] != ids.items[j] && ids.items[i] < ids.items[j]);
  return implies(batch.some, ok);
}

void check_order(const SpecStep& v, Findings& findings) {
  for (auto& c : v.batches)
    if (c.cur && !order_ok<Concrete>(v.post, c.key))
      findings.violation("M-ORDER", [&] { return "batch " + c.key.str() + " does not list its intents in increasing order"; });
}

// --- M-EXCLUSIVE (unchanged; ghost listed_by, and its state form: the link lemma of §6) -------
// The state form is the design's lemma "intent.batch_id = Some(b) ⇔ b lists it", per entry,
// in two parts that together give M-EXCLUSIVE (two batches listing i would both be i's
// batch_id):
// Intent i: it has a batch_id exactly when it left Pending for a batch (Batched, Executed,
// Failed), and the batch it names exists and lists it.
template <class D> Bool<D> intent_names_its_batch(const ms::SpecSystem<D>& s, const U128<D>& i) {
  auto in = mev(s).intents.get(i);
  const auto& I = in.value;
  auto st = I.status;
  Bool<D> batched = st == IntentStatus::Batched || st == IntentStatus::Executed || st == IntentStatus::Failed;
  auto batch = mev(s).batches.get(I.batch_id.value);
  const auto& ids = batch.value.intent_ids;
  Bool<D> listed = false;
  for (std::size_t k = 0; k < ids.items.size(); ++k) listed = listed || (U32<D>(u32(k)) < ids.len && ids.items[k] == i);
  return implies(in.some, (I.batch_id.some == batched) && implies(I.batch_id.some, batch.some && listed));
}
// Batch b, at position k of its list: the intent listed there exists and names b as its batch.
template <class D>
Bool<D> batch_member_names_it(const ms::SpecSystem<D>& s, const U128<D>& b, std::size_t k) {
  auto batch = mev(s).batches.get(b);
  const auto& ids = batch.value.intent_ids;
  auto in = mev(s).intents.get(ids.items[k]);
  return implies(batch.some && U32<D>(u32(k)) < ids.len,
                 in.some && in.value.batch_id.some && in.value.batch_id.value == b);
}
// Batch b: every intent it lists exists and names b as its batch.
template <class D>
Bool<D> batch_members_name_it(const ms::SpecSystem<D>& s, const U128<D>& b) {
  Bool<D> ok = true;
  for (std::size_t k = 0; k < ms::kMaxBatchSize; ++k) ok = ok && batch_member_names_it<D>(s, b, k);
  return ok;
}

void check_exclusive(const SpecStep& v, Findings& findings) {
  // The state form, at every intent and batch the step changed (and the batches those
  // intents name before and after).
  std::set<u128> intents, batches;
  for (auto& c : v.intents) {
    intents.insert(c.key);
    if (c.old && c.old->batch_id.some) batches.insert(c.old->batch_id.value);
    if (c.cur && c.cur->batch_id.some) batches.insert(c.cur->batch_id.value);
  }
  for (auto& c : v.batches) batches.insert(c.key);
  for (const u128& i : intents)
    if (!intent_names_its_batch<Concrete>(v.post, i))
      findings.violation("M-EXCLUSIVE", [&] { return "intent " + i.str() + "'s batch_id and status disagree with the batches"; });
  for (const u128& b : batches)
    if (!batch_members_name_it<Concrete>(v.post, b))
      findings.violation("M-EXCLUSIVE", [&] { return "batch " + b.str() + " lists an intent that does not name it"; });
  const auto& listed = v.ghost->listed_by;
  for (auto& c : v.batches) {
    if (!c.cur || c.old) continue;
    for (u32 i = 0; i < c.cur->intent_ids.len && i < c.cur->intent_ids.items.size(); ++i) {
      u128 id = c.cur->intent_ids.items[i];
      auto it = listed.find(id);
      if (it != listed.end() && it->second != c.key)
        findings.violation("M-EXCLUSIVE", [&] {
          return "intent " + id.str() + " is listed by batch " + c.key.str() + " and by batch " + it->second.str();
        });
    }
  }
  for (auto& c : v.intents) {
    if (!c.cur) continue;
    auto it = listed.find(c.key);
    bool ok = c.cur->batch_id.some ? it != listed.end() && it->second == c.cur->batch_id.value : it == listed.end();
    if (!ok)
      findings.violation("M-EXCLUSIVE", [&] {
        return "intent " + c.key.str() + "'s batch_id " + (c.cur->batch_id.some ? c.cur->batch_id.value.str() : "None") +
               " is not the batch that lists it (" + (it == listed.end() ? std::string("none") : it->second.str()) + ")";
      });
  }
}

// --- M-MEMBERS (unchanged; judged at creation) -------------------------------------------------------
void check_members(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  const auto& was = mev(v.pre);
  for (auto& c : v.batches) {
    if (!c.cur || c.old) continue;
    const auto& ids = c.cur->intent_ids;
    if (ids.len < was.min_batch_size || ids.len > was.batch_size)
      findings.violation("M-MEMBERS", [&] {
        return "batch " + c.key.str() + " has " + std::to_string(ids.len) + " intents, outside [" +
               std::to_string(was.min_batch_size) + ", " + std::to_string(was.batch_size) + "]";
      });
    for (u32 i = 0; i < ids.len && i < ids.items.size(); ++i) {
      const Intent* in = was.intents.entries.find(ids.items[i]);
      if (!in || in->status != IntentStatus::Pending)
        findings.violation("M-MEMBERS", [&] {
          return "batch " + c.key.str() + " lists intent " + ids.items[i].str() +
                 (in ? ", which was " + status_name(in->status) : std::string(", which did not exist"));
        });
    }
  }
}

// The form: at a quantified batch b created by the path, its size within the bounds in
// force before it, and each listed intent Pending before it.
z3::expr members_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  using S = ms::Symbolic;
  auto b = quantified<SKey>("M-MEMBERS.b");
  const auto& was = mev(pre);
  auto now = mev(p.post).batches.get(b);
  const auto& ids = now.value.intent_ids;
  Bool<S> ok = ids.len >= was.min_batch_size && ids.len <= was.batch_size;
  for (std::size_t i = 0; i < ids.items.size(); ++i) {
    auto in = was.intents.get(ids.items[i]);
    ok = ok && implies<Bool<S>>(U32<S>(u32(i)) < ids.len, in.some && in.value.status == IntentStatus::Pending);
  }
  return z3::implies((!was.batches.contains(b) && now.some).e, ok.e);
}

// --- M-ONCE (unchanged) ---------------------------------------------------------------------------
template <class D>
Bool<D> batch_once_ok(const ms::SpecSystem<D>& pre, const ms::SpecSystem<D>& post, const U128<D>& b) {
  auto was = mev(pre).batches.get(b);
  auto now = mev(post).batches.get(b);
  Bool<D> same_list = now.value.intent_ids.len == was.value.intent_ids.len;
  for (std::size_t i = 0; i < was.value.intent_ids.items.size(); ++i)
    same_list = same_list && now.value.intent_ids.items[i] == was.value.intent_ids.items[i];
  return implies(was.some, now.some && same_list &&
                               implies(was.value.status != IntentStatus::Pending,
                                       now.value.status == was.value.status &&
                                           now.value.executed_at.some == was.value.executed_at.some &&
                                           now.value.executed_at.value == was.value.executed_at.value));
}

void check_once(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  for (auto& c : v.batches)
    if (!batch_once_ok<Concrete>(v.pre, v.post, c.key))
      findings.violation("M-ONCE", [&] { return "batch " + c.key.str() + " changed its list or was executed again"; });
}

z3::expr once_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  return batch_once_ok<ms::Symbolic>(pre, p.post, quantified<SKey>("M-ONCE.b")).e;
}

// --- M-FIFO (unchanged) ---------------------------------------------------------------------------
// Batch c leaves Pending only when no earlier batch b is Pending (generic; the check
// takes every b of the map, the form two quantified batches).
template <class D>
Bool<D> fifo_ok(const ms::SpecSystem<D>& pre, const ms::SpecSystem<D>& post, const U128<D>& c, const U128<D>& b) {
  auto was = mev(pre).batches.get(c);
  auto now = mev(post).batches.get(c);
  auto other = mev(pre).batches.get(b);
  Bool<D> leaves = was.some && now.some && was.value.status == IntentStatus::Pending && now.value.status != IntentStatus::Pending;
  return implies(leaves && b < c && other.some, other.value.status != IntentStatus::Pending);
}
void check_fifo(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  for (auto& c : v.batches) {
    if (!c.old || !c.cur || c.old->status != IntentStatus::Pending || c.cur->status == IntentStatus::Pending) continue;
    mev(v.pre).batches.entries.for_each([&](const u128& b, const Batch&) {
      if (!fifo_ok<Concrete>(v.pre, v.post, c.key, b))
        findings.violation("M-FIFO", [&] {
          return "batch " + c.key.str() + " executed while the earlier batch " + b.str() + " was still Pending";
        });
    });
  }
}

z3::expr fifo_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  return fifo_ok<ms::Symbolic>(pre, p.post, quantified<SKey>("M-FIFO.c"), quantified<SKey>("M-FIFO.b")).e;
}

// --- M-PERMUTE (unchanged; two runs) -------------------------------------------------------------
// Concrete: the step's create_batch is rerun on the world before with its ids reversed,
// and must give the same world, outcome and events.
void check_permute(const SpecStep& v, Findings& findings) {
  const model::Call* call = v.step.call;
  if (v.first || !call || call->contract != v.at_mev || call->message->label != mp::CreateBatch::kLabel) return;
  model::Call twin = *call;
  Value::Seq ids = twin.args.at(0).as_seq();
  if (ids.size() < 2) return;
  std::reverse(ids.begin(), ids.end());
  twin.args[0] = Value(ids);
  model::World other = v.step.before;
  model::CallResult r = other.call(twin);
  const model::Outcome& o = v.step.result->outcome;
  bool same = other == v.step.after && r.outcome.reverted == o.reverted && r.outcome.returned == o.returned &&
              r.outcome.error == o.error && r.events == v.step.result->events;
  if (!same)
    findings.violation("M-PERMUTE", [&] { return std::string("create_batch with its ids reversed gives another world or outcome"); });
}

// Symbolic (the prover's self-composition, smt/spec/two_runs.hpp): create_batch run twice
// from one state in one environment, the second run's ids any permutation of the first's.
// create_batch's arguments as message_paths flattens them: intent_ids' length and its
// kMaxBatchSize slots, then execution_route.
struct CreateBatchArgs {
  ms::SUint<32> len;
  std::array<SKey, ms::kMaxBatchSize> items;
  z3::expr route;
};
CreateBatchArgs create_batch_args(const std::vector<z3::expr>& leaves) {
  if (leaves.size() != ms::kMaxBatchSize + 2)
    throw std::logic_error("M-PERMUTE: create_batch has " + std::to_string(leaves.size()) + " argument leaves, not " +
                           std::to_string(ms::kMaxBatchSize + 2));
  CreateBatchArgs a{ms::SUint<32>(leaves[0]), {}, leaves.back()};
  for (std::size_t i = 0; i < ms::kMaxBatchSize; ++i) a.items[i] = SKey(leaves[1 + i]);
  return a;
}
// The tie: the same length and route; the second's first `len` ids a permutation of the
// first's (permutation.hpp: free indices, so every permutation is one model); the slots
// past the length at their default in both runs, as in a concrete call, whose Vec has no
// slot past its length (the model reads none: `sorted` copies the first n).
z3::expr permute_tie(const std::vector<z3::expr>& first, const std::vector<z3::expr>& second) {
  const CreateBatchArgs a = create_batch_args(first), b = create_batch_args(second);
  z3::expr tie =
      b.len.e == a.len.e && b.route == a.route &&
      permutation_tie(a.items, b.items, a.len.e, "M-PERMUTE.", [](const SKey& x, const SKey& y) { return x.e == y.e; });
  for (std::size_t i = 0; i < ms::kMaxBatchSize; ++i)
    tie = tie && z3::implies(!(U32<ms::Symbolic>(u32(i)) < a.len).e,
                             a.items[i].e == SKey(u128(0)).e && b.items[i].e == SKey(u128(0)).e);
  return tie;
}
// The cases: each length 0..kMaxBatchSize (both runs' lengths, equal by the tie), and every
// longer one (a Vec past its bound: both runs trap as they decode it).
std::vector<z3::expr> permute_cases(const std::vector<z3::expr>& first, const std::vector<z3::expr>& second) {
  const CreateBatchArgs a = create_batch_args(first), b = create_batch_args(second);
  std::vector<z3::expr> out;
  for (unsigned n = 0; n <= ms::kMaxBatchSize; ++n)
    out.push_back(a.len.e == U32<ms::Symbolic>(u32(n)).e && b.len.e == U32<ms::Symbolic>(u32(n)).e);
  out.push_back((U32<ms::Symbolic>(u32(ms::kMaxBatchSize)) < a.len).e);
  return out;
}
// The fact the query is handed: at each length n, the network (create_batch's own text,
// mp::transposition_network, with `sorted`'s comparison and pick) gives the two lists'
// first n ids out equal. Valid under the tie: smt/spec/network_facts.hpp proves, for every
// strict total order, that a list and the list with two neighbours swapped sort alike
// (swap_sorts_alike_answer, at every length and swap), the swaps generate every
// permutation, and the ids' `<` is a strict total order. The terms are those create_batch's
// paths read, so the two runs' guards and writes become equal (two_runs.cpp applies each
// equality as a substitution) instead of Z3 finding, id by id, that two sorted
// permutations agree.
z3::expr permute_facts(const std::vector<z3::expr>& first, const std::vector<z3::expr>& second) {
  using S = ms::Symbolic;
  const CreateBatchArgs a = create_batch_args(first), b = create_batch_args(second);
  auto less = [](const U128<S>& x, const U128<S>& y) { return x < y; };
  auto pick = [](const Bool<S>& c, const U128<S>& x, const U128<S>& y) { return ms::select(c, x, y); };
  z3::expr out = ms::current_context().bool_val(true);
  for (unsigned n = 0; n <= ms::kMaxBatchSize; ++n) {
    auto sa = a.items, sb = b.items;
    mp::transposition_network(sa, n, less, pick);
    mp::transposition_network(sb, n, less, pick);
    z3::expr alike = ms::current_context().bool_val(true);
    for (unsigned i = 0; i < n; ++i) alike = alike && sa[i].e == sb[i].e;
    out = out && z3::implies(a.len.e == U32<S>(u32(n)).e, alike);
  }
  return out;
}

// --- M-LIFECYCLE (unchanged) ----------------------------------------------------------------------
template <class D>
Bool<D> intent_move_ok(const ms::SpecSystem<D>& pre, const ms::SpecSystem<D>& post, const U128<D>& i) {
  auto was = mev(pre).intents.get(i);
  auto now = mev(post).intents.get(i);
  auto a = was.value.status;
  auto b = now.value.status;
  Bool<D> move = a == b || (a == IntentStatus::Pending && (b == IntentStatus::Batched || b == IntentStatus::Cancelled)) ||
                 (a == IntentStatus::Batched && (b == IntentStatus::Executed || b == IntentStatus::Failed));
  return implies(was.some, now.some && move) && implies(was.is_none() && now.some, b == IntentStatus::Pending);
}

void check_lifecycle(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  for (auto& c : v.intents)
    if (!intent_move_ok<Concrete>(v.pre, v.post, c.key))
      findings.violation("M-LIFECYCLE", [&] {
        return "intent " + c.key.str() + " moved " + (c.old ? status_name(c.old->status) : std::string("(new)")) + " → " +
               (c.cur ? status_name(c.cur->status) : std::string("(removed)"));
      });
}

z3::expr lifecycle_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  return intent_move_ok<ms::Symbolic>(pre, p.post, quantified<SKey>("M-LIFECYCLE.i")).e;
}

// --- M-OUTPUT (unchanged) -------------------------------------------------------------------------
template <class D> Bool<D> output_ok(const ms::SpecSystem<D>& s, const U128<D>& b) {
  auto batch = mev(s).batches.get(b);
  auto result = mev(s).batch_results.get(b);
  return implies(batch.some && batch.value.status == IntentStatus::Executed,
                 result.some && result.value.success && result.value.total_output_amount >= batch.value.total_volume) &&
         implies(result.some && result.value.success,
                 batch.some && result.value.total_output_amount >= batch.value.total_volume);
}

void check_output(const SpecStep& v, Findings& findings) {
  std::set<u128> keys;
  for (auto& c : v.batches) keys.insert(c.key);
  for (auto& c : v.batch_results) keys.insert(c.key);
  for (const u128& b : keys)
    if (!output_ok<Concrete>(v.post, b))
      findings.violation("M-OUTPUT", [&] { return "batch " + b.str() + " is recorded executed without covering its min outputs"; });
}

// The form: on every path, output_ok at a quantified batch in the post-state. The check
// looks only at the batches the step wrote; the form may look at every one, as the state
// form (OutputOk, a candidate of the inductive set) gives it output_ok at every batch
// before the step, and a batch the step did not write is unchanged.
z3::expr output_form(const SSys&, const SEnv&, const SpecPath& p) {
  return output_ok<ms::Symbolic>(p.post, quantified<SKey>("M-OUTPUT.b")).e;
}

// M-FIFO's lemma (§6): the batches before next_batch are Executed or Failed, those from
// next_batch to batch_counter still Pending (batches run one at a time, in creation
// order). "Executed or Failed", as the design states it, not merely "not Pending":
// G-FUNDS-EXIT's batched capital needs a batch before next_batch to have an outcome its
// intents mirror (X-MEV), which a Batched intent then cannot share.
template <class D> Bool<D> fifo_lemma(const ms::SpecSystem<D>& s, const U128<D>& b) {
  const auto& m = mev(s);
  auto batch = m.batches.get(b);
  auto st = batch.value.status;
  return implies(batch.some && b < m.next_batch, st == IntentStatus::Executed || st == IntentStatus::Failed) &&
         implies(batch.some && m.next_batch <= b, batch.value.status == IntentStatus::Pending);
}
// Lemma for X-FORWARD and X-EXIT: mev's executor is none of the six contracts (the
// constructor's 0x07…07; set_executor must refuse the six addresses, the design's
// amendment), so a successful batch's capital is released to an account, and the executor
// can sign execute_batch. Key-independent: the key is ignored.
template <class D> Bool<D> executor_ok(const ms::SpecSystem<D>& s, const U128<D>&) {
  return !is_contract<D>(s, mev(s).executor);
}
struct ExecutorOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& k) { return executor_ok<D>(s, k); }
};
struct IntentNamesItsBatch {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& i) { return intent_names_its_batch<D>(s, i); }
};
// The batch part per position of the list (a candidate each, the six together the part):
// at create_batch, the goal at a batch other than the new one asks, for each listed
// intent, whether it is one the step wrote (a 128-bit comparison with each sorted id);
// over the whole list that is 6 x n such cases in one query, undecided at 15M units for
// n = 5 and 6, where one position's query has n.
template <std::size_t K>
struct BatchMemberNamesIt {
  template <class D>
  static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& b) {
    return batch_member_names_it<D>(s, b, K);
  }
};
// M-FIFO's second lemma: next_batch runs from 1 to batch_counter + 1 (the batch
// create_batch adds next is at or after it; without it a free state's next_batch may lie
// past the new batch, which the first lemma then calls not Pending). Key-independent.
template <class D> Bool<D> next_batch_lemma(const ms::SpecSystem<D>& s, const U128<D>&) {
  const auto& m = mev(s);
  return U128<D>(1) <= m.next_batch && ms::unchecked_sub(m.next_batch, U128<D>(1)) <= m.batch_counter;
}
// X-EXIT's lemma: batch_counter < u128::MAX (create_batch never issues the id u128::MAX,
// design §5 decision 16), so next_batch, at most batch_counter while a batch waits, has a
// successor and execute_batch(next_batch)'s next_batch + 1 cannot overflow. Key-independent.
template <class D>
Bool<D> batch_ids_left(const ms::SpecSystem<D>& s, const U128<D>&) {
  return mev(s).batch_counter < U128<D>(kU128Max);
}
struct BatchIdsLeft {
  template <class D>
  static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& k) {
    return batch_ids_left<D>(s, k);
  }
};
// G-FUNDS-EXIT's lemma: every id from 1 to batch_counter has a batch (create_batch stores
// batch batch_counter + 1 as it raises the counter, and no message removes a batch), so
// the batch next_batch exists while a Batched intent waits at or after it: the first exit
// of that intent's capital is execute_batch(next_batch).
template <class D>
Bool<D> batch_issued(const ms::SpecSystem<D>& s, const U128<D>& b) {
  const auto& m = mev(s);
  return implies(U128<D>(1) <= b && b <= m.batch_counter, m.batches.contains(b));
}
struct BatchIssued {
  template <class D>
  static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& b) {
    return batch_issued<D>(s, b);
  }
};
// X-EXIT's lemma: a stored batch lists at most MAX_BATCH_SIZE ids (create_batch stores the
// n ≤ batch_size ids it was given, execute_batch writes the list back unchanged), so
// execute_batch's walk over the list is never the trap of a Vec longer than its bound.
template <class D>
Bool<D> batch_within_bound(const ms::SpecSystem<D>& s, const U128<D>& b) {
  auto batch = mev(s).batches.get(b);
  return implies(batch.some, batch.value.intent_ids.len <= U32<D>(ms::kMaxBatchSize));
}
struct BatchWithinBound {
  template <class D>
  static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& b) {
    return batch_within_bound<D>(s, b);
  }
};
struct NextBatchLemma {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& k) { return next_batch_lemma<D>(s, k); }
};
struct FifoLemma {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& b) { return fifo_lemma<D>(s, b); }
};
struct OrderPairwise {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& b) { return order_pairwise<D>(s, b); }
};
struct OrderOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return order_ok<D>(s, j); }
};
struct OutputOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return output_ok<D>(s, j); }
};

}  // namespace

const SpecModule& mev_module() {
  static const SpecModule m{
      {},
      {"M-ORDER", "M-EXCLUSIVE", "M-MEMBERS", "M-ONCE", "M-FIFO", "M-PERMUTE", "M-LIFECYCLE", "M-OUTPUT"},
      {{"M-ORDER", check_order},
       {"M-EXCLUSIVE", check_exclusive},
       {"M-MEMBERS", check_members},
       {"M-ONCE", check_once},
       {"M-FIFO", check_fifo},
       {"M-PERMUTE", check_permute},
       {"M-LIFECYCLE", check_lifecycle},
       {"M-OUTPUT", check_output}},
      {generic_form<OrderOk>("M-ORDER", ""), generic_form<OutputOk>("M-OUTPUT", ""),
       generic_form<IntentNamesItsBatch>("M-EXCLUSIVE", "intent i names the batch that lists it"),
       generic_form<BatchMemberNamesIt<0>>("M-EXCLUSIVE", "batch b's intents name it (position 1)"),
       generic_form<BatchMemberNamesIt<1>>("M-EXCLUSIVE", "batch b's intents name it (position 2)"),
       generic_form<BatchMemberNamesIt<2>>("M-EXCLUSIVE", "batch b's intents name it (position 3)"),
       generic_form<BatchMemberNamesIt<3>>("M-EXCLUSIVE", "batch b's intents name it (position 4)"),
       generic_form<BatchMemberNamesIt<4>>("M-EXCLUSIVE", "batch b's intents name it (position 5)"),
       generic_form<BatchMemberNamesIt<5>>("M-EXCLUSIVE", "batch b's intents name it (position 6)")},
      {{"M-MEMBERS", "at creation", members_form},
       {"M-ONCE", "", once_form},
       {"M-FIFO", "", fifo_form},
       {"M-LIFECYCLE", "", lifecycle_form},
       {"M-OUTPUT", "", output_form}},
      {},
      {generic_form<FifoLemma>("M-FIFO", "lemma: Pending exactly from next_batch on"),
       generic_form<NextBatchLemma>("M-FIFO", "lemma: 1 <= next_batch <= batch_counter + 1"),
       generic_form<BatchIdsLeft>("X-EXIT", "lemma: batch_counter < u128::MAX"),
       generic_form<BatchWithinBound>("X-EXIT", "lemma: a batch lists at most MAX_BATCH_SIZE ids"),
       generic_form<BatchIssued>("G-FUNDS-EXIT", "lemma: every id 1..batch_counter has a batch"),
       generic_form<ExecutorOk>("X-FORWARD", "lemma: the executor is no contract"),
       generic_form<OrderPairwise>("M-ORDER", "lemma: a batch's ids ascend pair by pair")},
      {},
      {{"M-PERMUTE", "", "mev_protection", mp::CreateBatch::kLabel, permute_tie, permute_facts, permute_cases}}};
  return m;
}

}  // namespace meshcheck::invariants::spec
