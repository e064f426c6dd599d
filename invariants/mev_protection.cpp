// mev_protection's invariants (together: no batch can be reordered, padded, shared or
// replayed), and its part of G-COUNTER.
//
// Ghosts, updated from each step's changed batches:
//  - listed_by: intent id -> the ids of the batches whose list names it (M-EXCLUSIVE);
//  - unexecuted: the ids of the batches not yet executed, ordered, so "is an older batch
//    still waiting?" is one look at the smallest (M-FIFO).
// Every check looks only at the intents, batches and results the step changed
// (PMap::diff), and at the intents those changed batches list.
#include <map>
#include <set>

#include "invariants/invariant.hpp"
#include "model/mev_protection.hpp"

namespace meshcheck::invariants {

namespace {
namespace mp = model::deployed::mev_protection;
using mp::IntentStatus;

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

bool lifecycle_allows(IntentStatus from, IntentStatus to) {
  if (from == to) return true;
  switch (from) {
    case IntentStatus::Pending: return to == IntentStatus::Batched || to == IntentStatus::Cancelled;
    case IntentStatus::Batched: return to == IntentStatus::Executed || to == IntentStatus::Failed;
    default: return false;  // Executed, Failed and Cancelled are final
  }
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

void check(const RunStep& step, const model::Instance* before, const model::Instance& after, std::any& ghost_any,
           Findings& report) {
  Ghost& ghost = std::any_cast<Ghost&>(ghost_any);
  const auto& now = static_cast<const mp::State&>(*after.state);
  // Texts are built only for a violation.
  auto at = [&] { return std::string(" (mev_protection at " + after.address.hex() + ")"); };
  if (!before) return;  // the constructor stores no intent, batch or result (the ghost starts from it)
  const auto& was = static_cast<const mp::State&>(*before->state);
  bool called = step.kind == StepKind::Call && step.call->contract == after.address && !step.result->outcome.reverted;

  // G-COUNTER: the counters never go back.
  if (now.intent_counter < was.intent_counter)
    report.violation("G-COUNTER", [&] {
      return std::string("intent_counter went from " + was.intent_counter.str() + " back to " +
                         now.intent_counter.str() + at());
    });
  if (now.batch_counter < was.batch_counter)
    report.violation("G-COUNTER", [&] {
      return std::string("batch_counter went from " + was.batch_counter.str() + " back to " + now.batch_counter.str() +
                         at());
    });

  std::set<u128> touched_intents;  // whose membership (M-EXCLUSIVE) must be looked at again
  std::set<u128> executed_now;     // batches this step executed (M-ONCE, M-FIFO)

  // --- intents ---------------------------------------------------------------------
  PMap<u128, mp::Intent>::diff(
      was.intents, now.intents, [&](const u128& id, const mp::Intent* old, const mp::Intent* cur) {
        auto which = [&] { return "intent " + id.str() + at(); };
        touched_intents.insert(id);
        // G-COUNTER: stored ids in 1..intent_counter, and each issued once (see phala_job_processor.cpp:
        // an overwrite in place at a saturated counter is reported here as an id issued twice).
        if (cur && (id == 0 || id > now.intent_counter))
          report.violation("G-COUNTER", [&] {
            return std::string(which() + " is stored but lies outside 1..intent_counter = 1.." +
                               now.intent_counter.str());
          });
        bool reissued = old && cur && !same_submission(*old, *cur);
        if (reissued)
          report.violation("G-COUNTER", [&] {
            return std::string(which() + " was issued again: a new submission overwrote the stored intent");
          });
        // M-LIFECYCLE: new intents start Pending; only the allowed moves after that. An
        // overwrite in place is judged as a move of the id's status, like any other change.
        if (cur && !old && cur->status != IntentStatus::Pending)
          report.violation("M-LIFECYCLE", [&] {
            return std::string(which() + " starts as " + mp::status_name(cur->status) + ", not Pending");
          });
        if (cur && old && !lifecycle_allows(old->status, cur->status))
          report.violation("M-LIFECYCLE", [&] {
            return std::string(which() + " moved " + mp::status_name(old->status) + " -> " +
                               mp::status_name(cur->status));
          });
      });

  // --- batches ---------------------------------------------------------------------
  PMap<u128, mp::Batch>::diff(
      was.batches, now.batches, [&](const u128& id, const mp::Batch* old, const mp::Batch* cur) {
        auto which = [&] { return "batch " + id.str() + at(); };
        bool list_changed = !old || !cur || old->intent_ids != cur->intent_ids;
        bool created = cur && (!old || !same_creation(*old, *cur));

        // G-COUNTER: stored ids in 1..batch_counter, each issued once.
        if (cur && (id == 0 || id > now.batch_counter))
          report.violation("G-COUNTER", [&] {
            return std::string(which() + " is stored but lies outside 1..batch_counter = 1.." +
                               now.batch_counter.str());
          });
        if (old && created)
          report.violation("G-COUNTER", [&] {
            return std::string(which() + " was issued again: a new batch overwrote the stored one");
          });

        // M-ORDER: strictly increasing ids (checked where the list is new or changed).
        if (cur && list_changed) {
          for (std::size_t i = 1; i < cur->intent_ids.size(); ++i)
            if (!(cur->intent_ids[i - 1] < cur->intent_ids[i])) {
              report.violation("M-ORDER", [&] {
                return std::string(
                    which() + " lists its intents out of strictly increasing order: " + cur->intent_ids[i - 1].str() +
                    " then " + cur->intent_ids[i].str() + " in " + id_list(cur->intent_ids));
              });
              break;
            }
        }

        // M-MEMBERS: a batch created by this step holds only intents Pending in `before`,
        // and its size lies within the bounds then in force.
        if (created) {
          for (auto& iid : cur->intent_ids) {
            const mp::Intent* in = was.intents.find(iid);
            if (!in)
              report.violation("M-MEMBERS", [&] {
                return std::string(which() + " lists intent " + iid.str() + ", which did not exist");
              });
            else if (in->status != IntentStatus::Pending)
              report.violation("M-MEMBERS", [&] {
                return std::string(which() + " lists intent " + iid.str() + ", which was " +
                                   mp::status_name(in->status) + ", not Pending");
              });
          }
          std::size_t size = cur->intent_ids.size();
          if (size < was.min_batch_size || size > was.batch_size)
            report.violation("M-MEMBERS", [&] {
              return std::string(which() + " holds " + std::to_string(size) + " intents, outside [" +
                                 std::to_string(was.min_batch_size) + ", " + std::to_string(was.batch_size) + "]");
            });
        }

        // M-ONCE: the list is fixed at creation (an overwrite or a removal changes it too).
        if (old && list_changed)
          report.violation("M-ONCE", [&] {
            return std::string(which() + "'s list changed after creation: " + id_list(old->intent_ids) + " -> " +
                               (cur ? id_list(cur->intent_ids) : std::string("removed")));
          });

        // Executions: a move to Executed, or a new execution time.
        if (cur && cur->status == IntentStatus::Executed &&
            (!old || old->status != IntentStatus::Executed || old->executed_at != cur->executed_at))
          executed_now.insert(id);

        // Ghosts.
        if (list_changed) {
          if (old) unlist(ghost, id, *old);
          if (cur) list(ghost, id, *cur);
          if (old)
            for (auto& iid : old->intent_ids) touched_intents.insert(iid);
          if (cur)
            for (auto& iid : cur->intent_ids) touched_intents.insert(iid);
        }
        if (cur && cur->status != IntentStatus::Executed)
          ghost.unexecuted.insert(id);
        else
          ghost.unexecuted.erase(id);
      });

  // --- results -------------------------------------------------------------------
  PMap<u128, mp::BatchResult>::diff(
      was.batch_results, now.batch_results,
      [&](const u128& id, const mp::BatchResult* old, const mp::BatchResult* cur) {
        auto which = [&] { return "batch " + id.str() + at(); };
        if (cur && (id == 0 || id > now.batch_counter))
          report.violation("G-COUNTER", [&] {
            return std::string("a result is stored for " + which() + ", outside 1..batch_counter = 1.." +
                               now.batch_counter.str());
          });
        // A result written (or rewritten) is an execution.
        if (cur) executed_now.insert(id);
        // M-OUTPUT: success only when the output covers the sum of the intents' min_output.
        // The bar is the higher of two sums: total_input_amount as the contract computed it
        // (counting an id once per listing, saturating at u128::MAX), and the exact sum over
        // the distinct intents the batch lists, recomputed from `before` (from `after` for an
        // intent `before` lacks; min_output never changes). The recomputation guards against a
        // contract that under-reports its input; taking the higher one never weakens the check.
        if (cur && cur->success && report.wants("M-OUTPUT")) {
          BigInt required = BigInt(cur->total_input_amount);
          const mp::Batch* batch = now.batches.find(id);
          if (!batch) batch = was.batches.find(id);
          if (batch) {
            BigInt recomputed = 0;
            std::set<u128> counted;
            for (auto& iid : batch->intent_ids) {
              if (!counted.insert(iid).second) continue;
              const mp::Intent* in = was.intents.find(iid);
              if (!in) in = now.intents.find(iid);
              if (in) recomputed += BigInt(in->min_output);
            }
            if (recomputed > required) required = recomputed;
          }
          if (BigInt(cur->total_output_amount) < required)
            report.violation("M-OUTPUT", [&] {
              return std::string(which() + " is recorded as a success with output " + cur->total_output_amount.str() +
                                 " below its intents' min_output sum " + required.str());
            });
        }
      });

  // Executions the state cannot show (same time, same output: nothing changed) still
  // emit BatchExecuted.
  if (called) {
    const model::EventSpec* executed = after.spec->event("BatchExecuted");
    for (auto& e : step.result->events) {
      if (e.spec != executed || e.fields.empty()) continue;
      const U256& v = e.fields[0].as_int();
      if (v <= U256(kU128Max)) executed_now.insert(static_cast<u128>(v));
    }
  }

  for (auto& id : executed_now) {
    auto which = [&] { return "batch " + id.str() + at(); };
    const mp::Batch* old = was.batches.find(id);
    // M-ONCE: executed at most once.
    if ((old && old->status == IntentStatus::Executed) || was.batch_results.contains(id))
      report.violation("M-ONCE", [&] { return std::string(which() + " was executed again"); });
    // M-FIFO: no older batch still waits after this one ran.
    if (!ghost.unexecuted.empty() && *ghost.unexecuted.begin() < id)
      report.violation("M-FIFO", [&] {
        return std::string(which() + " was executed while older batch " + ghost.unexecuted.begin()->str() + " is not");
      });
  }

  // M-EXCLUSIVE: each touched intent is listed by at most one batch, and its batch_id
  // names exactly the batch that lists it (none when no batch does).
  if (report.wants("M-EXCLUSIVE")) {
    for (auto& iid : touched_intents) {
      const mp::Intent* in = now.intents.find(iid);
      if (!in) continue;  // an id no intent has: M-MEMBERS's business
      auto which = [&] { return "intent " + iid.str() + at(); };
      auto it = ghost.listed_by.find(iid);
      static const std::set<u128> none;
      const std::set<u128>& by = it == ghost.listed_by.end() ? none : it->second;
      if (by.size() > 1)
        report.violation("M-EXCLUSIVE", [&] { return std::string(which() + " is listed by batches " + id_set(by)); });
      if (in->batch_id && !by.count(*in->batch_id))
        report.violation("M-EXCLUSIVE", [&] {
          return std::string(which() + " names batch " + in->batch_id->str() + ", which does not list it");
        });
      if (!in->batch_id && !by.empty())
        report.violation("M-EXCLUSIVE", [&] {
          return std::string(which() + " names no batch, but batch " + by.begin()->str() + " lists it");
        });
    }
  }
}
}  // namespace

const ContractInvariants& mev_protection_invariants() {
  static const ContractInvariants ci = legacy_contract_invariants(
      "mev_protection",
      {
          {"M-ORDER", Kind::State,
           "Every batch lists its intents in strictly increasing id order: one canonical order, no duplicates.",
           "MEV protection depends on a canonical order of intents in a batch; with duplicates or a chosen "
                  "order, a batcher can reorder or double-count trades.",
           "mev_protection", {"deployed"}},
          {"M-EXCLUSIVE", Kind::State,
           "An intent belongs to at most one batch, and its batch_id names the batch that lists it.",
           "An intent in two batches can be executed twice: the user's trade happens twice.",
           "mev_protection", {"deployed"}},
          {"M-MEMBERS", Kind::State,
           "A batch holds only intents that existed and were Pending when it was created, and its size lies within "
           "[min_batch_size, batch_size].",
           "Batches that include unknown, already-used or too many or too few intents can execute trades "
                    "that were never submitted or that already ran.",
           "mev_protection", {"deployed"}},
          {"M-ONCE", Kind::Transition,
           "A batch's list never changes after creation, and it is executed at most once.", "A batch that can change after creation or execute twice lets a batcher alter or replay the "
                 "users' trades.",
           "mev_protection",
           {"deployed"}},
          {"M-FIFO", Kind::Transition, "Batches execute in the order they were created.", "Executing batches out of creation order lets whoever executes them front-run earlier batches.",
           "mev_protection",
           {"deployed"}},
          {"M-PERMUTE", Kind::TwoRun,
           "Creating a batch from any permutation of the same intent ids yields the same world (a two-run "
           "property).",
           "If the order of intent ids given to create_batch changes the outcome, the batcher chooses "
                    "the order and so extracts exactly the MEV the contract is meant to prevent.",
           "mev_protection", {"deployed"}},
          {"M-LIFECYCLE", Kind::Transition,
           "An intent's status moves only Pending→Batched→Executed or Failed, or Pending→Cancelled.",
           "An intent's status tells the user whether the trade happened; an executed intent that goes "
                      "back to batched can be executed again.",
           "mev_protection", {"deployed"}},
          {"M-OUTPUT", Kind::Transition,
           "A batch is recorded as successfully executed only when its actual output covers the sum of its intents' "
           "min_output.",
           "Recording a batch as successful when its output does not cover what its intents demanded hides "
                   "that users received less than their minimum.",
           "mev_protection", {"deployed"}},
      },
      init_ghost,
      check, smt::mev_protection_encoding());
  return ci;
}

}  // namespace meshcheck::invariants
