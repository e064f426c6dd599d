// mev_protection's invariants (together: no batch can be reordered, padded, shared or
// replayed), and its part of G-COUNTER: each one's statement, its concrete check and its
// Z3 predicate, side by side. (M-PERMUTE is a two-run property: its check reruns the
// step's create_batch with the ids in another order; the prover judges it by
// self-composition, smt/engines/self_composition.cpp, with smt::mev_protection's
// create_batch.)
//
// Ghosts, updated from each step's changed batches (view_of below):
//  - listed_by: intent id -> the ids of the batches whose list names it (M-EXCLUSIVE);
//  - unexecuted: the ids of the batches not yet executed, ordered, so "is an older batch
//    still waiting?" is one look at the smallest (M-FIFO).
// The encoding keeps no field for either: both are functions of the state after the
// step, and the predicates write them as such (listed_by(k): the stored batches whose
// list holds k, `lists` below; unexecuted: the stored batches whose status is not
// Executed), so no message of smt/mev_protection.cpp updates them.
//
// Every check looks only at the intents, batches and results the step changed
// (PMap::diff), and at the intents those changed batches list. The predicates say the
// same of the entries that differ between the states before and after (`*_changed`
// below). List membership and list equality quantify over positions (exact for any
// length); the sum M-OUTPUT recomputes is unrolled over kMaxVec positions (exact for the
// lists every reachable world holds: lemma mev_protection/lists-bounded).
#include <map>
#include <optional>
#include <set>

#include "invariants/invariant.hpp"
#include "model/mev_protection.hpp"
#include "smt/mev_protection.hpp"

namespace meshcheck::invariants {

namespace {
namespace mp = model::deployed::mev_protection;
using mp::IntentStatus;
using namespace smt::mev_protection;  // the encoding's field names

struct Ghost {
  std::map<u128, std::set<u128>> listed_by;  // only intents some batch lists
  std::set<u128> unexecuted;
};

void list(Ghost& g, const u128& batch_id, const mp::Batch& b) {
  for (auto& id : b.intent_ids) g.listed_by[id].insert(batch_id);
}
void unlist(Ghost& g, const u128& batch_id, const mp::Batch& b) {
  for (auto& id : b.intent_ids) {
    auto it = g.listed_by.find(id);
    if (it == g.listed_by.end()) continue;
    it->second.erase(batch_id);
    if (it->second.empty()) g.listed_by.erase(it);
  }
}

std::any init_ghost(const model::ContractState& state) {
  Ghost g;
  static_cast<const mp::State&>(state).batches.for_each([&](const u128& batch_id, const mp::Batch& b) {
    list(g, batch_id, b);
    if (b.status != IntentStatus::Executed) g.unexecuted.insert(batch_id);
  });
  return g;
}

// The same created batch / submitted intent: every field its creation set. Only the
// status, executed_at (batch) and batch_id (intent) may change afterwards; any other
// difference means a new creation overwrote the entry in place (possible only when the
// counter saturates at u128::MAX and the id is issued again).
bool same_creation(const mp::Batch& a, const mp::Batch& b) {
  return a.batch_id == b.batch_id && a.intent_ids == b.intent_ids && a.intent_count == b.intent_count &&
         a.total_volume == b.total_volume && a.execution_route == b.execution_route && a.created_at == b.created_at;
}
bool same_submission(const mp::Intent& a, const mp::Intent& b) {
  return a.intent_id == b.intent_id && a.user == b.user && a.encrypted_intent == b.encrypted_intent &&
         a.token_in == b.token_in && a.token_out == b.token_out && a.min_output == b.min_output &&
         a.created_at == b.created_at;
}

std::string id_list(const std::vector<u128>& ids) {
  std::string s = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) s += ", ";
    if (i == 16) return s + "... " + std::to_string(ids.size()) + " ids]";
    s += ids[i].str();
  }
  return s + "]";
}
std::string id_set(const std::set<u128>& ids) { return id_list(std::vector<u128>(ids.begin(), ids.end())); }

// One step as mev_protection's checks see it.
struct MevStep {
  const RunStep& step;
  const model::Instance& after;
  const mp::State& now;
  // The state before the step; at deployment the state itself, so that no check sees a
  // change (the constructor stores no intent, batch or result, and the ghost starts from
  // it).
  const mp::State& was;
  const model::Instance* before;  // null when the step deployed it
  const Ghost& ghost;             // brought up to date by the step
  bool called;                    // the step is a call to this instance that did not revert
  struct IntentChange {
    u128 id;
    const mp::Intent *old, *cur;  // null: no such intent (they point into the states before and after)
  };
  struct BatchChange {
    u128 id;
    const mp::Batch *old, *cur;
    bool list_changed;  // added, removed, or a new list
    // Stored now, and absent before or differing in a field its creation set.
    bool created() const { return cur && (!old || !same_creation(*old, *cur)); }
  };
  struct ResultChange {
    u128 id;
    const mp::BatchResult *old, *cur;
  };
  boost::container::small_vector<IntentChange, 2> intents{};  // the entries the step changed
  boost::container::small_vector<BatchChange, 1> batches{};
  boost::container::small_vector<ResultChange, 1> results{};

  // Report texts, built only for a violation.
  std::string at() const { return std::string(" (mev_protection at " + after.address.hex() + ")"); }
  std::string intent(const u128& id) const { return "intent " + id.str() + at(); }
  std::string batch(const u128& id) const { return "batch " + id.str() + at(); }
};

MevStep view_of(const RunStep& step, const model::Instance* before, const model::Instance& after,
                std::any& ghost_any) {
  Ghost& ghost = std::any_cast<Ghost&>(ghost_any);
  const auto& now = static_cast<const mp::State&>(*after.state);
  const auto& was = before ? static_cast<const mp::State&>(*before->state) : now;
  bool called = step.kind == StepKind::Call && step.call->contract == after.address && !step.result->outcome.reverted;
  MevStep v{.step = step, .after = after, .now = now, .was = was, .before = before, .ghost = ghost, .called = called};
  if (!before) return v;
  PMap<u128, mp::Intent>::diff(was.intents, now.intents,
                               [&](const u128& id, const mp::Intent* old, const mp::Intent* cur) {
                                 v.intents.push_back({id, old, cur});
                               });
  PMap<u128, mp::Batch>::diff(
      was.batches, now.batches, [&](const u128& id, const mp::Batch* old, const mp::Batch* cur) {
        bool list_changed = !old || !cur || old->intent_ids != cur->intent_ids;
        // The ghosts: listed_by follows the lists, unexecuted the statuses.
        if (list_changed) {
          if (old) unlist(ghost, id, *old);
          if (cur) list(ghost, id, *cur);
        }
        if (cur && cur->status != IntentStatus::Executed)
          ghost.unexecuted.insert(id);
        else
          ghost.unexecuted.erase(id);
        v.batches.push_back({id, old, cur, list_changed});
      });
  PMap<u128, mp::BatchResult>::diff(
      was.batch_results, now.batch_results,
      [&](const u128& id, const mp::BatchResult* old, const mp::BatchResult* cur) {
        v.results.push_back({id, old, cur});
      });
  return v;
}

// The batches this step executed (M-ONCE, M-FIFO): a move to Executed or a new execution
// time, a result written (or rewritten), and the executions the state cannot show (same
// time, same output: nothing changed) but BatchExecuted still announces.
std::set<u128> executed_now(const MevStep& v) {
  std::set<u128> out;
  for (const auto& batch : v.batches)
    if (batch.cur && batch.cur->status == IntentStatus::Executed &&
        (!batch.old || batch.old->status != IntentStatus::Executed ||
         batch.old->executed_at != batch.cur->executed_at))
      out.insert(batch.id);
  for (const auto& result : v.results)
    if (result.cur) out.insert(result.id);
  if (v.called) {
    const model::EventSpec* executed = v.after.spec->event("BatchExecuted");
    for (auto& e : v.step.result->events) {
      if (e.spec != executed || e.fields.empty()) continue;
      const U256& n = e.fields[0].as_int();
      if (n <= U256(kU128Max)) out.insert(static_cast<u128>(n));
    }
  }
  return out;
}

// A quantified id for the predicates.
z3::expr key(z3::context& c, const char* name) { return c.constant(name, c.bv_sort(128)); }

// Option<T> equality from its `.some` and payload arrays.
z3::expr option_eq(const smt::SymState& a, const smt::SymState& b, smt::StateField some, smt::StateField value,
                   const z3::expr& k) {
  return at(a, some, k) == at(b, some, k) && z3::implies(at(a, some, k), at(a, value, k) == at(b, value, k));
}

z3::expr all_eq(const smt::SymState& a, const smt::SymState& b, const z3::expr& k,
                std::initializer_list<smt::StateField> fields) {
  z3::expr all = a.ctx().bool_val(true);
  for (smt::StateField f : fields) all = all && at(a, f, k) == at(b, f, k);
  return all;
}

// Batch k's intent_ids are equal in a and b (same length, same ids up to it).
z3::expr list_eq(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  z3::context& c = a.ctx();
  z3::expr i = c.constant("list_position", c.bv_sort(32));
  z3::expr len = at(a, kBatchLen, k);
  return len == at(b, kBatchLen, k) &&
         z3::forall(i, z3::implies(z3::ult(i, len), z3::select(at(a, kBatchIds, k), i) ==
                                                        z3::select(at(b, kBatchIds, k), i)));
}

// Batch b (stored in s) lists intent id `iid`.
z3::expr lists(const smt::SymState& s, const z3::expr& b, const z3::expr& iid) {
  z3::context& c = s.ctx();
  z3::expr i = c.constant("member_position", c.bv_sort(32));
  return at(s, kBatchExists, b) &&
         z3::exists(i, z3::ult(i, at(s, kBatchLen, b)) && z3::select(at(s, kBatchIds, b), i) == iid);
}

// The stored entry at k differs between a and b (Intent / Batch / BatchResult ==).
z3::expr intent_changed(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  z3::expr same = all_eq(a, b, k,
                         {kIntentId, kIntentUser, kIntentEncrypted, kIntentTokenIn, kIntentTokenOut, kIntentMinOutput,
                          kIntentStatus, kIntentCreatedAt}) &&
                  option_eq(a, b, kIntentHasBatch, kIntentBatch, k);
  return at(a, kIntentExists, k) != at(b, kIntentExists, k) || (at(a, kIntentExists, k) && !same);
}
z3::expr batch_changed(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  z3::expr same = all_eq(a, b, k, {kBatchId, kBatchCount, kBatchVolume, kBatchRoute, kBatchStatus, kBatchCreatedAt}) &&
                  list_eq(a, b, k) && option_eq(a, b, kBatchHasExecutedAt, kBatchExecutedAt, k);
  return at(a, kBatchExists, k) != at(b, kBatchExists, k) || (at(a, kBatchExists, k) && !same);
}
z3::expr result_changed(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  z3::expr same = all_eq(a, b, k,
                         {kResultBatchId, kResultSuccess, kResultInput, kResultOutput, kResultPrice, kResultTimestamp});
  return at(a, kResultExists, k) != at(b, kResultExists, k) || (at(a, kResultExists, k) && !same);
}

// The fields a batch creation sets and nothing later changes.
z3::expr same_creation(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  return all_eq(a, b, k, {kBatchId, kBatchCount, kBatchVolume, kBatchRoute, kBatchCreatedAt}) && list_eq(a, b, k);
}

// The check's `list_changed` for a batch in the diff: added, removed, or a new list.
z3::expr list_changed(const smt::SymState& pre, const smt::SymState& post, const z3::expr& k) {
  z3::expr was = at(pre, kBatchExists, k), is = at(post, kBatchExists, k);
  return was != is || (was && is && !list_eq(pre, post, k));
}

z3::expr executed_status(const smt::SymState& s, const z3::expr& k) {
  return at(s, kBatchStatus, k) == status_val(s.ctx(), IntentStatus::Executed);
}

// The check's `executed_now`: batch k moved to Executed or got a new execution time, a
// result was written for k, or the call emitted BatchExecuted(k).
z3::expr executed_now(const smt::SymStep& s, const z3::expr& k) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::expr by_batch = at(post, kBatchExists, k) && executed_status(post, k) &&
                      (!at(pre, kBatchExists, k) || !executed_status(pre, k) ||
                       !option_eq(pre, post, kBatchHasExecutedAt, kBatchExecutedAt, k));
  z3::expr by_result = at(post, kResultExists, k) && result_changed(pre, post, k);
  z3::expr by_event = pre.ctx().bool_val(false);
  const model::EventSpec* executed = mp::spec().event("BatchExecuted");
  if (!s.branch.reverts)
    for (auto& e : s.branch.events)
      if (e.spec == executed && !e.fields.empty()) by_event = by_event || e.fields[0].expr() == k;
  return by_batch || by_result || by_event;
}

// --- M-ORDER ------------------------------------------------------------------------
const Invariant kOrder{
    "M-ORDER", Kind::State,
    "Every batch lists its intents in strictly increasing id order: one canonical order, no duplicates.",
    "MEV protection depends on a canonical order of intents in a batch; with duplicates or a chosen "
    "order, a batcher can reorder or double-count trades.",
    "mev_protection", {"deployed"}};

// Checked where the list is new or changed.
void check_order(const MevStep& v, Findings& findings) {
  for (const auto& batch : v.batches) {
    if (!batch.cur || !batch.list_changed) continue;
    const std::vector<u128>& ids = batch.cur->intent_ids;
    for (std::size_t i = 1; i < ids.size(); ++i)
      if (!(ids[i - 1] < ids[i])) {
        findings.violation("M-ORDER", [&] {
          return std::string(v.batch(batch.id) + " lists its intents out of strictly increasing order: " +
                             ids[i - 1].str() + " then " + ids[i].str() + " in " + id_list(ids));
        });
        break;
      }
  }
}

// As the check does: on each batch whose list the step created or changed.
z3::expr order_holds(const smt::SymStep& s) {
  const smt::SymState& post = s.branch.post;
  z3::context& c = post.ctx();
  z3::expr b = key(c, "batch_id");
  z3::expr i = c.constant("order_position", c.bv_sort(32));
  z3::expr len = at(post, kBatchLen, b);
  z3::expr ids = at(post, kBatchIds, b);
  z3::expr adjacent = z3::ult(i, len) && z3::ult(i + 1, len);
  return z3::forall(b, i, z3::implies(at(post, kBatchExists, b) && list_changed(s.pre, post, b) && adjacent,
                                      z3::ult(z3::select(ids, i), z3::select(ids, i + 1))));
}

// --- M-EXCLUSIVE --------------------------------------------------------------------
const Invariant kExclusive{
    "M-EXCLUSIVE", Kind::State,
    "An intent belongs to at most one batch, and its batch_id names the batch that lists it.",
    "An intent in two batches can be executed twice: the user's trade happens twice.",
    "mev_protection", {"deployed"}};

// Each intent the step touched (its entry changed, or a batch whose list changed lists it
// before or after) is listed by at most one batch, and its batch_id names exactly the
// batch that lists it (none when no batch does).
void check_exclusive(const MevStep& v, Findings& findings) {
  std::set<u128> touched;
  for (const auto& intent : v.intents) touched.insert(intent.id);
  for (const auto& batch : v.batches) {
    if (!batch.list_changed) continue;
    if (batch.old) touched.insert(batch.old->intent_ids.begin(), batch.old->intent_ids.end());
    if (batch.cur) touched.insert(batch.cur->intent_ids.begin(), batch.cur->intent_ids.end());
  }
  for (auto& iid : touched) {
    const mp::Intent* in = v.now.intents.find(iid);
    if (!in) continue;  // an id no intent has: M-MEMBERS's business
    auto it = v.ghost.listed_by.find(iid);
    static const std::set<u128> none;
    const std::set<u128>& by = it == v.ghost.listed_by.end() ? none : it->second;
    if (by.size() > 1)
      findings.violation("M-EXCLUSIVE",
                         [&] { return std::string(v.intent(iid) + " is listed by batches " + id_set(by)); });
    if (in->batch_id && !by.count(*in->batch_id))
      findings.violation("M-EXCLUSIVE", [&] {
        return std::string(v.intent(iid) + " names batch " + in->batch_id->str() + ", which does not list it");
      });
    if (!in->batch_id && !by.empty())
      findings.violation("M-EXCLUSIVE", [&] {
        return std::string(v.intent(iid) + " names no batch, but batch " + by.begin()->str() + " lists it");
      });
  }
}

// On each intent the step touched that exists.
z3::expr exclusive_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::context& c = pre.ctx();
  z3::expr k = key(c, "intent_id");
  z3::expr b = key(c, "listing_batch");
  z3::expr b2 = key(c, "other_batch");
  z3::expr touched =
      intent_changed(pre, post, k) ||
      z3::exists(b, list_changed(pre, post, b) && (lists(pre, b, k) || lists(post, b, k)));
  z3::expr at_most_one = z3::forall(b, b2, z3::implies(lists(post, b, k) && lists(post, b2, k), b == b2));
  z3::expr names_lister = z3::implies(at(post, kIntentHasBatch, k), lists(post, at(post, kIntentBatch, k), k));
  z3::expr none_lists = z3::implies(!at(post, kIntentHasBatch, k), z3::forall(b, !lists(post, b, k)));
  return z3::forall(k, z3::implies(touched && at(post, kIntentExists, k), at_most_one && names_lister && none_lists));
}

// --- M-MEMBERS ----------------------------------------------------------------------
const Invariant kMembers{
    "M-MEMBERS", Kind::State,
    "A batch holds only intents that existed and were Pending when it was created, and its size lies within "
    "[min_batch_size, batch_size].",
    "Batches that include unknown, already-used or too many or too few intents can execute trades "
    "that were never submitted or that already ran.",
    "mev_protection", {"deployed"}};

// A batch created by this step holds only intents Pending in `before`, and its size lies
// within the bounds then in force.
void check_members(const MevStep& v, Findings& findings) {
  for (auto& change : v.batches) {
    if (!change.created()) continue;
    const u128& id = change.id;
    for (auto& iid : change.cur->intent_ids) {
      const mp::Intent* in = v.was.intents.find(iid);
      if (!in)
        findings.violation("M-MEMBERS", [&] {
          return std::string(v.batch(id) + " lists intent " + iid.str() + ", which did not exist");
        });
      else if (in->status != IntentStatus::Pending)
        findings.violation("M-MEMBERS", [&] {
          return std::string(v.batch(id) + " lists intent " + iid.str() + ", which was " +
                             mp::status_name(in->status) + ", not Pending");
        });
    }
    std::size_t size = change.cur->intent_ids.size();
    if (size < v.was.min_batch_size || size > v.was.batch_size)
      findings.violation("M-MEMBERS", [&] {
        return std::string(v.batch(id) + " holds " + std::to_string(size) + " intents, outside [" +
                           std::to_string(v.was.min_batch_size) + ", " + std::to_string(v.was.batch_size) + "]");
      });
  }
}

// The check's `created`: a batch stored now that was absent or differs in a creation field.
z3::expr created(const smt::SymState& pre, const smt::SymState& post, const z3::expr& k) {
  return at(post, kBatchExists, k) && (!at(pre, kBatchExists, k) || !same_creation(pre, post, k));
}

z3::expr members_hold(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::context& c = pre.ctx();
  z3::expr b = key(c, "batch_id");
  z3::expr i = c.constant("member_position", c.bv_sort(32));
  z3::expr len = at(post, kBatchLen, b);
  z3::expr iid = z3::select(at(post, kBatchIds, b), i);
  z3::expr pending_before =
      at(pre, kIntentExists, iid) && at(pre, kIntentStatus, iid) == status_val(c, IntentStatus::Pending);
  z3::expr members = z3::forall(i, z3::implies(z3::ult(i, len), pending_before));
  z3::expr sized = z3::uge(len, pre[kMinBatchSize]) && z3::ule(len, pre[kBatchSize]);
  return z3::forall(b, z3::implies(created(pre, post, b), members && sized));
}

// --- M-ONCE -------------------------------------------------------------------------
const Invariant kOnce{
    "M-ONCE", Kind::Transition,
    "A batch's list never changes after creation, and it is executed at most once.",
    "A batch that can change after creation or execute twice lets a batcher alter or replay the "
    "users' trades.",
    "mev_protection", {"deployed"}};

void check_once(const MevStep& v, Findings& findings) {
  // The list is fixed at creation (an overwrite or a removal changes it too).
  for (const auto& batch : v.batches)
    if (batch.old && batch.list_changed)
      findings.violation("M-ONCE", [&] {
        return std::string(v.batch(batch.id) + "'s list changed after creation: " + id_list(batch.old->intent_ids) +
                           " -> " +
                           (batch.cur ? id_list(batch.cur->intent_ids) : std::string("removed")));
      });
  // Executed at most once.
  for (auto& id : executed_now(v)) {
    const mp::Batch* old = v.was.batches.find(id);
    if ((old && old->status == IntentStatus::Executed) || v.was.batch_results.contains(id))
      findings.violation("M-ONCE", [&] { return std::string(v.batch(id) + " was executed again"); });
  }
}

// No list changes (nor is it removed), and no execution of a batch already Executed or
// with a result.
z3::expr once_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::expr b = key(pre.ctx(), "batch_id");
  z3::expr fixed = z3::implies(at(pre, kBatchExists, b), !list_changed(pre, post, b));
  z3::expr executed_before = (at(pre, kBatchExists, b) && executed_status(pre, b)) || at(pre, kResultExists, b);
  return z3::forall(b, fixed && z3::implies(executed_now(s, b), !executed_before));
}

// --- M-FIFO -------------------------------------------------------------------------
const Invariant kFifo{
    "M-FIFO", Kind::Transition, "Batches execute in the order they were created.",
    "Executing batches out of creation order lets whoever executes them front-run earlier batches.",
    "mev_protection", {"deployed"}};

// No older batch still waits after this one ran.
void check_fifo(const MevStep& v, Findings& findings) {
  const std::set<u128>& unexecuted = v.ghost.unexecuted;
  for (auto& id : executed_now(v))
    if (!unexecuted.empty() && *unexecuted.begin() < id)
      findings.violation("M-FIFO", [&] {
        return std::string(v.batch(id) + " was executed while older batch " + unexecuted.begin()->str() + " is not");
      });
}

// When a batch is executed, no batch with a smaller id is stored and not Executed after
// the step.
z3::expr fifo_holds(const smt::SymStep& s) {
  const smt::SymState& post = s.branch.post;
  z3::expr b = key(post.ctx(), "batch_id");
  z3::expr older = key(post.ctx(), "older_batch");
  z3::expr waiting = at(post, kBatchExists, older) && !executed_status(post, older);
  return z3::forall(b, older, z3::implies(executed_now(s, b) && z3::ult(older, b), !waiting));
}

// --- M-PERMUTE ----------------------------------------------------------------------
const Invariant kPermute{
    "M-PERMUTE", Kind::TwoRun,
    "Creating a batch from any permutation of the same intent ids yields the same world (a two-run "
    "property).",
    "If the order of intent ids given to create_batch changes the outcome, the batcher chooses "
    "the order and so extracts exactly the MEV the contract is meant to prevent.",
    "mev_protection", {"deployed"}};

// The second run the check makes: the same ids with the first moved to the end. That is
// another order exactly when one exists (the list holds two different ids), and it is a
// function of the call alone, so a replay of the run finds the same violation. The prover
// (smt/engines/self_composition.cpp) tries every order of up to kMaxVec ids.
std::optional<Value::Seq> other_order(const Value::Seq& ids) {
  if (ids.size() < 2) return std::nullopt;
  Value::Seq moved(ids.begin() + 1, ids.end());
  moved.push_back(ids.front());
  if (moved == ids) return std::nullopt;  // every id the same: every order is this one
  return moved;
}

std::string ids_text(const Value::Seq& ids) {
  std::vector<u128> out;
  for (auto& id : ids) out.emplace_back(id.as_int());
  return id_list(out);
}

// Where two states made from the same state by two runs differ (O(what the runs changed):
// the maps share every entry neither run wrote), or "" when they are equal. `a` is the
// given order's, `b` the other order's.
std::string state_difference(const MevStep& v, const mp::State& a, const mp::State& b) {
  std::string first;
  auto note = [&](std::string what) {
    if (first.empty()) first = std::move(what);
  };
  PMap<u128, mp::Batch>::diff(a.batches, b.batches, [&](const u128& id, const mp::Batch* x, const mp::Batch* y) {
    if (x && y && x->intent_ids != y->intent_ids)
      note(v.batch(id) + " lists " + id_list(x->intent_ids) + " in one and " + id_list(y->intent_ids) + " in the other");
    else if (x && y)
      note(v.batch(id) + " differs between them (volume " + x->total_volume.str() + " and " + y->total_volume.str() + ")");
    else
      note(v.batch(id) + " is stored in only one of them");
  });
  PMap<u128, mp::Intent>::diff(a.intents, b.intents, [&](const u128& id, const mp::Intent* x, const mp::Intent* y) {
    note(v.intent(id) + (x && y ? " differs between them" : " is stored in only one of them"));
  });
  PMap<u128, mp::BatchResult>::diff(a.batch_results, b.batch_results,
                                    [&](const u128& id, const mp::BatchResult*, const mp::BatchResult*) {
                                      note("the result of " + v.batch(id) + " differs between them");
                                    });
  if (a.intent_counter != b.intent_counter || a.batch_counter != b.batch_counter)
    note("the counters differ" + v.at());
  if (a.admin != b.admin || a.batch_size != b.batch_size || a.min_batch_size != b.min_batch_size)
    note("the configuration differs" + v.at());
  return first;
}

// A create_batch that returned is run again from the world before it with the ids in the
// other order; the world it leaves must be the step's. The call is not payable (a
// returning call carries no value), so the two worlds differ exactly where the
// contract's state or its payouts do.
void check_permute(const MevStep& v, Findings& findings) {
  if (!v.called || !v.before) return;
  const model::Call& call = *v.step.call;
  if (call.message->label != "create_batch" || call.args.size() != call.message->args.size()) return;
  const Value::Seq& ids = call.args[0].as_seq();
  std::optional<Value::Seq> other = other_order(ids);
  if (!other) return;
  std::vector<Value> args = call.args;
  args[0] = Value(*other);
  const model::CallEnv env{call.caller, call.contract,  call.value,
                           call.block,  call.timestamp, balance_in(v.step.before, call.contract) + call.value};
  const model::MessageResult second = model::run_message(*call.message, v.before->state, env, args);
  // A revert leaves the world as it was (the clock aside, which both runs move alike).
  const bool reverted = second.outcome.reverted;
  const mp::State& other_state = reverted ? v.was : static_cast<const mp::State&>(*second.state);
  static const std::vector<model::Transfer> kNone;
  std::string difference = (reverted ? kNone : second.transfers) != v.step.result->transfers
                               ? "they pay out differently"
                               : state_difference(v, v.now, other_state);
  if (difference.empty()) return;
  if (reverted) difference = "the second reverts (" + second.outcome.reason + "): " + difference;
  findings.violation("M-PERMUTE", [&] {
    return std::string("create_batch with the intent ids " + ids_text(ids) + " and with " + ids_text(*other) +
                       " from the same world end in different worlds: " + difference);
  });
}

// --- M-LIFECYCLE --------------------------------------------------------------------
const Invariant kLifecycle{
    "M-LIFECYCLE", Kind::Transition,
    "An intent's status moves only Pending→Batched→Executed or Failed, or Pending→Cancelled.",
    "An intent's status tells the user whether the trade happened; an executed intent that goes "
    "back to batched can be executed again.",
    "mev_protection", {"deployed"}};

bool lifecycle_allows(IntentStatus from, IntentStatus to) {
  if (from == to) return true;
  switch (from) {
    case IntentStatus::Pending: return to == IntentStatus::Batched || to == IntentStatus::Cancelled;
    case IntentStatus::Batched: return to == IntentStatus::Executed || to == IntentStatus::Failed;
    default: return false;  // Executed, Failed and Cancelled are final
  }
}

// New intents start Pending; only the allowed moves after that. An overwrite in place is
// judged as a move of the id's status, like any other change.
void check_lifecycle(const MevStep& v, Findings& findings) {
  for (const auto& intent : v.intents) {
    if (intent.cur && !intent.old && intent.cur->status != IntentStatus::Pending)
      findings.violation("M-LIFECYCLE", [&] {
        return std::string(v.intent(intent.id) + " starts as " + mp::status_name(intent.cur->status) + ", not Pending");
      });
    if (intent.cur && intent.old && !lifecycle_allows(intent.old->status, intent.cur->status))
      findings.violation("M-LIFECYCLE", [&] {
        return std::string(v.intent(intent.id) + " moved " + mp::status_name(intent.old->status) + " -> " +
                           mp::status_name(intent.cur->status));
      });
  }
}

// The status move from -> to is one the lifecycle allows (any bv32 value outside the
// five variants allows nothing: the table lists only the variants' moves).
z3::expr lifecycle_move(z3::context& c, const z3::expr& from, const z3::expr& to) {
  z3::expr any = c.bool_val(false);
  for (unsigned f = 0; f < 5; ++f)
    for (unsigned t = 0; t < 5; ++t)
      if (lifecycle_allows(static_cast<IntentStatus>(f), static_cast<IntentStatus>(t)))
        any = any || (from == c.bv_val(f, 32) && to == c.bv_val(t, 32));
  return any || from == to;
}

// A new intent starts Pending; a stored intent's status moves only as the lifecycle
// allows (or stays).
z3::expr lifecycle_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::context& c = pre.ctx();
  z3::expr k = key(c, "intent_id");
  z3::expr was = at(pre, kIntentExists, k), is = at(post, kIntentExists, k);
  z3::expr starts_pending = z3::implies(is && !was, at(post, kIntentStatus, k) == status_val(c, IntentStatus::Pending));
  z3::expr moves = z3::implies(was && is, lifecycle_move(c, at(pre, kIntentStatus, k), at(post, kIntentStatus, k)));
  return z3::forall(k, starts_pending && moves);
}

// --- M-OUTPUT -----------------------------------------------------------------------
const Invariant kOutput{
    "M-OUTPUT", Kind::Transition,
    "A batch is recorded as successfully executed only when its actual output covers the sum of its intents' "
    "min_output.",
    "Recording a batch as successful when its output does not cover what its intents demanded hides "
    "that users received less than their minimum.",
    "mev_protection", {"deployed"}};

// Success only when the output covers the sum of the intents' min_output. The bar is the
// higher of two sums: total_input_amount as the contract computed it (counting an id once
// per listing, saturating at u128::MAX), and the exact sum over the distinct intents the
// batch lists, recomputed from `before` (from `after` for an intent `before` lacks;
// min_output never changes). The recomputation guards against a contract that
// under-reports its input; taking the higher one never weakens the check.
void check_output(const MevStep& v, Findings& findings) {
  for (const auto& result : v.results) {
    if (!result.cur || !result.cur->success) continue;
    BigInt required = BigInt(result.cur->total_input_amount);
    const mp::Batch* batch = v.now.batches.find(result.id);
    if (!batch) batch = v.was.batches.find(result.id);
    if (batch) {
      BigInt recomputed = 0;
      std::set<u128> counted;
      for (auto& iid : batch->intent_ids) {
        if (!counted.insert(iid).second) continue;
        const mp::Intent* in = v.was.intents.find(iid);
        if (!in) in = v.now.intents.find(iid);
        if (in) recomputed += BigInt(in->min_output);
      }
      if (recomputed > required) required = recomputed;
    }
    if (BigInt(result.cur->total_output_amount) < required)
      findings.violation("M-OUTPUT", [&] {
        return std::string(v.batch(result.id) + " is recorded as a success with output " +
                           result.cur->total_output_amount.str() + " below its intents' min_output sum " +
                           required.str());
      });
  }
}

// The recomputed bar: the exact sum of min_output over the distinct ids that batch r
// lists (after the step, or before it when removed), each intent read from the state
// before (after, for an intent absent before).
z3::expr recomputed_input(const smt::SymState& pre, const smt::SymState& post, const z3::expr& r) {
  z3::context& c = pre.ctx();
  z3::expr in_post = at(post, kBatchExists, r), in_pre = at(pre, kBatchExists, r);
  z3::expr len = z3::ite(in_post, at(post, kBatchLen, r), at(pre, kBatchLen, r));
  z3::expr list = z3::ite(in_post, at(post, kBatchIds, r), at(pre, kBatchIds, r));
  z3::expr sum = smt::int_val(c, BigInt(0));
  std::vector<z3::expr> seen;
  for (unsigned i = 0; i < smt::kMaxVec; ++i) {
    z3::expr id = z3::select(list, pos(c, i));
    z3::expr first = z3::ult(pos(c, i), len);
    for (auto& earlier : seen) first = first && earlier != id;
    seen.push_back(id);
    z3::expr min_output = z3::ite(
        at(pre, kIntentExists, id), smt::to_int(at(pre, kIntentMinOutput, id)),
        z3::ite(at(post, kIntentExists, id), smt::to_int(at(post, kIntentMinOutput, id)), smt::int_val(c, BigInt(0))));
    sum = sum + z3::ite(first, min_output, smt::int_val(c, BigInt(0)));
  }
  return z3::ite(in_post || in_pre, sum, smt::int_val(c, BigInt(0)));
}

// A result the step wrote with success = true has total_output_amount at least the higher
// of its total_input_amount and the exact sum of min_output over the distinct intents its
// batch lists.
z3::expr output_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::expr r = key(pre.ctx(), "batch_id");
  z3::expr input = smt::to_int(at(post, kResultInput, r));
  z3::expr recomputed = recomputed_input(pre, post, r);
  z3::expr required = z3::ite(recomputed > input, recomputed, input);
  z3::expr written = at(post, kResultExists, r) && result_changed(pre, post, r) && at(post, kResultSuccess, r);
  return z3::forall(r, z3::implies(written, smt::to_int(at(post, kResultOutput, r)) >= required));
}

// --- G-COUNTER, mev_protection's part (the statement is in global.cpp) ----------------
// The counters never go back; stored ids lie in 1..their counter (results:
// batch_counter), and each is issued once (see phala_job_processor.cpp: an overwrite in
// place at a saturated counter is reported here as an id issued twice).
void check_counter(const MevStep& v, Findings& findings) {
  const mp::State& was = v.was;
  const mp::State& now = v.now;
  if (now.intent_counter < was.intent_counter)
    findings.violation("G-COUNTER", [&] {
      return std::string("intent_counter went from " + was.intent_counter.str() + " back to " +
                         now.intent_counter.str() + v.at());
    });
  if (now.batch_counter < was.batch_counter)
    findings.violation("G-COUNTER", [&] {
      return std::string("batch_counter went from " + was.batch_counter.str() + " back to " + now.batch_counter.str() +
                         v.at());
    });
  for (const auto& intent : v.intents) {
    if (intent.cur && (intent.id == 0 || intent.id > now.intent_counter))
      findings.violation("G-COUNTER", [&] {
        return std::string(v.intent(intent.id) + " is stored but lies outside 1..intent_counter = 1.." +
                           now.intent_counter.str());
      });
    if (intent.old && intent.cur && !same_submission(*intent.old, *intent.cur))
      findings.violation("G-COUNTER", [&] {
        return std::string(v.intent(intent.id) + " was issued again: a new submission overwrote the stored intent");
      });
  }
  for (auto& change : v.batches) {
    const u128& id = change.id;
    if (change.cur && (id == 0 || id > now.batch_counter))
      findings.violation("G-COUNTER", [&] {
        return std::string(v.batch(id) + " is stored but lies outside 1..batch_counter = 1.." +
                           now.batch_counter.str());
      });
    if (change.old && change.created())
      findings.violation("G-COUNTER", [&] {
        return std::string(v.batch(id) + " was issued again: a new batch overwrote the stored one");
      });
  }
  for (const auto& result : v.results)
    if (result.cur && (result.id == 0 || result.id > now.batch_counter))
      findings.violation("G-COUNTER", [&] {
        return std::string("a result is stored for " + v.batch(result.id) + ", outside 1..batch_counter = 1.." +
                           now.batch_counter.str());
      });
}

// The fields a submission sets and nothing later changes.
z3::expr same_submission(const smt::SymState& a, const smt::SymState& b, const z3::expr& k) {
  return all_eq(a, b, k,
                {kIntentId, kIntentUser, kIntentEncrypted, kIntentTokenIn, kIntentTokenOut, kIntentMinOutput,
                 kIntentCreatedAt});
}

// intent_counter and batch_counter never decrease; every intent, batch or result the
// step wrote has an id in 1..its counter (results: batch_counter); no stored intent or
// batch is overwritten by a new submission or creation (a creation field differs).
z3::expr counter_holds(const smt::SymStep& s) {
  const smt::SymState& pre = s.pre;
  const smt::SymState& post = s.branch.post;
  z3::context& c = pre.ctx();
  z3::expr k = key(c, "id");
  z3::expr zero = c.bv_val(0, 128);
  z3::expr ic = post[kIntentCounter], bc = post[kBatchCounter];
  z3::expr intents =
      z3::implies(intent_changed(pre, post, k) && at(post, kIntentExists, k), k != zero && z3::ule(k, ic)) &&
      z3::implies(at(pre, kIntentExists, k) && at(post, kIntentExists, k), same_submission(pre, post, k));
  z3::expr batches =
      z3::implies(batch_changed(pre, post, k) && at(post, kBatchExists, k), k != zero && z3::ule(k, bc)) &&
      z3::implies(at(pre, kBatchExists, k) && at(post, kBatchExists, k), same_creation(pre, post, k));
  z3::expr results =
      z3::implies(result_changed(pre, post, k) && at(post, kResultExists, k), k != zero && z3::ule(k, bc));
  return z3::uge(ic, pre[kIntentCounter]) && z3::uge(bc, pre[kBatchCounter]) &&
         z3::forall(k, intents && batches && results);
}

// --- lemmas the proofs may lean on once proved ------------------------------------------
z3::expr lists_bounded(const smt::SymState& s) {
  z3::context& c = s.ctx();
  z3::expr b = key(c, "batch_id");
  return z3::forall(b, z3::implies(at(s, kBatchExists, b), z3::ule(at(s, kBatchLen, b), c.bv_val(smt::kMaxVec, 32))));
}
z3::expr intent_ids_in_range(const smt::SymState& s) {
  z3::context& c = s.ctx();
  z3::expr k = key(c, "intent_id");
  return z3::forall(k, z3::implies(at(s, kIntentExists, k), k != c.bv_val(0, 128) && z3::ule(k, s[kIntentCounter])));
}
z3::expr batch_ids_in_range(const smt::SymState& s) {
  z3::context& c = s.ctx();
  z3::expr k = key(c, "batch_id");
  z3::expr in_range = k != c.bv_val(0, 128) && z3::ule(k, s[kBatchCounter]);
  return z3::forall(k, z3::implies(at(s, kBatchExists, k) || at(s, kResultExists, k), in_range));
}

// --- A-COUNTERS, mev_protection's part (the statement is in assumptions.cpp) ----------
// intent_counter and batch_counter are below u128::MAX: a submission or a batch then
// takes a fresh id.
bool counters_below_max(const model::ContractState& state) {
  const auto& s = static_cast<const mp::State&>(state);
  return s.intent_counter != kU128Max && s.batch_counter != kU128Max;
}
z3::expr counters_below_max(const smt::SymState& s) {
  z3::expr max = smt::bv_val(s.ctx(), U256(kU128Max), 128);
  return s[kIntentCounter] != max && s[kBatchCounter] != max;
}
}  // namespace

const ContractInvariants& mev_protection_invariants() {
  static const Checks<MevStep> checks{
      init_ghost,
      view_of,
      {
          {"M-ORDER", check_order, nullptr, order_holds},
          {"M-EXCLUSIVE", check_exclusive, nullptr, exclusive_holds},
          {"M-MEMBERS", check_members, nullptr, members_hold},
          {"M-ONCE", check_once, nullptr, once_holds},
          {"M-FIFO", check_fifo, nullptr, fifo_holds},
          {"M-PERMUTE", check_permute},  // its Z3 form: smt/engines/self_composition.cpp
          {"M-LIFECYCLE", check_lifecycle, nullptr, lifecycle_holds},
          {"M-OUTPUT", check_output, nullptr, output_holds},
          {"G-COUNTER", check_counter, nullptr, counter_holds},
      },
      {
          {"mev_protection/lists-bounded",
           "every stored batch lists at most kMaxVec intent ids (the longest Vec a call carries)", lists_bounded},
          {"mev_protection/intent-ids-in-range", "every stored intent id lies in 1..intent_counter",
           intent_ids_in_range},
          {"mev_protection/batch-ids-in-range",
           "every stored batch id and every stored result's id lies in 1..batch_counter", batch_ids_in_range},
      },
      {
          {"A-COUNTERS", counters_below_max, counters_below_max},
      },
  };
  static const ContractInvariants ci = contract_invariants(
      "mev_protection", {kOrder, kExclusive, kMembers, kOnce, kFifo, kPermute, kLifecycle, kOutput}, checks);
  return ci;
}

}  // namespace meshcheck::invariants
