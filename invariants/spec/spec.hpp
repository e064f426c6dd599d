// The spec profile's invariants (../shared/spec-profile.md §6): the 33 catalog invariants
// as the design keeps or restates them, P-TRUSTED and P-LIMITS, and the twelve cross-
// contract X- invariants, checked by the Monitor on every step of a spec run.
//
// The spec contracts call one another, so their invariants are judged on the whole
// system at once, not per instance: a step is seen as (pre, post, frames), where pre and
// post are the spec system (model::spec::SpecSystem<Concrete>) assembled from the worlds
// before and after, and frames are the call's nested calls (who called whom, with what
// value). Each invariant is one block in invariants/spec/<contract>.cpp (cross.cpp for
// the X- ones, global.cpp for the G- ones, exits.cpp for the enabledness ones): its
// catalog record (ID, kind, statement, why it matters) right above its check.
//
// One text, two domains. Where an invariant is a property of each entry of a map (or of
// each pair of entries the design couples: a job and its escrow), its predicate is
// written once as a template over the domain D of model/spec/domain/, over the spec
// system's state (`SpecSystem<D>`) and a key: the Monitor instantiates it with Concrete
// on the keys the step changed (a check costs what the step changed), and the composed
// prover can instantiate the same text with Symbolic under a universally quantified
// key. Checks that need the frames, the ghosts as numbers, or a rerun of the world
// (enabledness) are concrete, and say so.
//
// Ghosts (§6 "ghost" column) are kept per run, like the deployed catalog's: sums over maps
// updated from the entries each step changed (PMap::diff), and the few histories the
// design names (att_ok, revenue_paid, rewards_credited, the ids ever listed or minted).
#pragma once

#include <any>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "invariants/invariant.hpp"
#include "model/spec/bridge/table.hpp"
#include "model/spec/spec_system.hpp"

namespace meshcheck::invariants::spec {

namespace ms = model::spec;
using ms::Addr;
using ms::Bool;
using ms::Concrete;
using ms::U128;
using ms::U32;
using ms::U64;
using ms::U8;
using ms::Pair;
using Sys = ms::bridge::Sys;  // SpecSystem<Concrete>
using Job = ms::Job<Concrete>;
using Escrow = ms::Escrow<Concrete>;
using Provider = ms::Provider<Concrete>;
using Bid = ms::Bid<Concrete>;
using Nft = ms::DataNft<Concrete>;
using Subscription = ms::Subscription<Concrete>;
using ConfJob = ms::ConfidentialJob<Concrete>;
using Attestation = ms::JobAttestation<Concrete>;
using RateWindow = ms::RateWindow<Concrete>;
using Intent = ms::Intent<Concrete>;
using Batch = ms::Batch<Concrete>;
using BatchResult = ms::BatchResult<Concrete>;
using SubKey = std::pair<u128, Address>;  // (nft_id, subscriber), also (job_id, provider)

// `a ⇒ b` in either domain.
template <class B> B implies(const B& a, const B& b) { return !a || b; }

// Whether `a` is the address of one of the six contracts of `s` (the deployment fixes
// them: R8). A contract signs no top-level call and no contract's code calls another on
// its own behalf as a party, so no record should name one as a party (the parties lemmas).
template <class D> Bool<D> is_contract(const ms::SpecSystem<D>& s, const Addr<D>& a) {
  Bool<D> out = false;
  s.for_each_slot([&](const auto& slot) { out = out || a == slot.address; });
  return out;
}
// An optional party that, when present, is no contract.
template <class D, class O> Bool<D> no_contract_in(const ms::SpecSystem<D>& s, const O& party) {
  return implies(party.some, !is_contract<D>(s, party.value));
}

// The state of each contract of a system.
template <class D> const ms::QueueState<D>& queue(const ms::SpecSystem<D>& s) { return s.template slot<ms::AiJobQueue>().state; }
template <class D> const ms::EscrowState<D>& escrow(const ms::SpecSystem<D>& s) { return s.template slot<ms::PaymentEscrow>().state; }
template <class D> const ms::RegistryState<D>& registry(const ms::SpecSystem<D>& s) {
  return s.template slot<ms::ComputeProviderRegistry>().state;
}
template <class D> const ms::NftState<D>& nft(const ms::SpecSystem<D>& s) { return s.template slot<ms::DataNftRegistry>().state; }
template <class D> const ms::PhalaState<D>& phala(const ms::SpecSystem<D>& s) {
  return s.template slot<ms::PhalaJobProcessor>().state;
}
template <class D> const ms::MevState<D>& mev(const ms::SpecSystem<D>& s) { return s.template slot<ms::MevProtection>().state; }

// One entry a step changed: its key, and the entry before and after (null: absent). The
// pointers point into the view's pre and post systems.
template <class K, class V> struct Changed {
  K key;
  const V* old;
  const V* cur;
};
template <class K, class V> using ChangedList = std::vector<Changed<K, V>>;

// The ghosts of §6, for one run.
struct Ghost {
  BigInt locked_jobs = 0;     // Σ amount of Locked job escrows
  BigInt locked_capital = 0;  // Σ amount of Locked capital escrows
  BigInt claimable_sum = 0;   // Σ claimable
  BigInt stake_sum = 0;       // Σ provider stakes
  BigInt registered = 0;      // number of registered providers (R-COUNT)
  std::map<Address, BigInt> owned;  // live tokens per owner (N-BALANCE)
  u128 highest_token = 0;           // the highest token id ever minted (N-IDS)
  std::set<u128> att_ok;            // confidential jobs whose attestation met P-TRUSTED when recorded
  std::map<u128, u128> listed_by;   // intent -> the batch that lists it (M-EXCLUSIVE)
  BigInt revenue_paid = 0;          // Σ prices of successful subscription purchases (X-REVENUE)
  BigInt rewards_credited = 0;      // Σ distribute_rewards credits (X-REVENUE)
  BigInt revenue_held = 0;          // Σ total_revenue of live tokens
  BigInt revenue_burnt = 0;         // Σ total_revenue of burnt tokens
};

// One step as the spec checks see it, built once per step (view.cpp).
struct SpecStep {
  const RunStep& step;
  Sys pre, post;
  bool first = false;  // the system was just completed (the monitor's first look): no pre to compare with
  bool called = false;  // a call that succeeded (frames, transfers and events are its)
  const std::vector<model::Frame>* frames = nullptr;
  Ghost* ghost = nullptr;         // after the step
  Ghost ghost_before;             // the scalar ghosts before the step (maps not copied)
  u32 block = 0;                  // the clock after the step
  u64 now = 0;

  ChangedList<u128, Job> jobs;
  ChangedList<u128, Escrow> escrows, capital;
  ChangedList<Address, u128> claimable;
  ChangedList<Address, Provider> providers;
  ChangedList<SubKey, Bid> bids;
  ChangedList<u128, bool> slashed;
  ChangedList<u128, Nft> nfts;
  ChangedList<Address, u128> owner_counts;
  ChangedList<u128, Address> approvals;
  ChangedList<SubKey, Subscription> subscriptions;
  ChangedList<u128, ConfJob> conf_jobs;
  ChangedList<u128, Attestation> attestations;
  ChangedList<Address, RateWindow> rates;
  ChangedList<u128, Intent> intents;
  ChangedList<u128, Batch> batches;
  ChangedList<u128, BatchResult> batch_results;

  // The frames of the call (empty unless `called`).
  const std::vector<model::Frame>& frame_list() const;
  // The label of frame f's message.
  static const std::string& label(const model::Frame& f);
  // The address of each contract (wiring never changes, R8).
  Address at_queue, at_escrow, at_registry, at_nft, at_phala, at_mev;
  // The step's top-level caller ("no call" when none), for messages.
  std::string caller_text() const;
  // The balance of a contract address in the worlds after and before the step.
  BigInt balance_after(const Address& a) const;
  BigInt balance_before(const Address& a) const;
};

// A spec invariant's concrete check.
struct SpecRule {
  std::string_view id;
  void (*check)(const SpecStep& view, Findings& findings);
};

// A state invariant's per-entry predicate at a u128 key, in both domains: the one generic
// text instantiated twice. The Monitor's check uses the concrete one on the keys a step
// changed; the composed prover takes the symbolic one under a quantified key (a bv128);
// tests/invariants_spec_test.cpp holds the two to the same verdict on the same states.
struct GenericForm {
  std::string_view id;
  std::string_view part;  // which part of the invariant, when it has several
  bool (*concrete)(const Sys& s, const u128& key);
  z3::expr (*symbolic)(const ms::SpecSystem<ms::Symbolic>& s, const z3::expr& key);
};
// The form of `P::at<D>(system, key)`.
template <class P> GenericForm generic_form(std::string_view id, std::string_view part) {
  return {id, part, [](const Sys& s, const u128& k) -> bool { return P::template at<Concrete>(s, k); },
          [](const ms::SpecSystem<ms::Symbolic>& s, const z3::expr& k) -> z3::expr {
            return P::template at<ms::Symbolic>(s, ms::SUint<128>(k)).e;
          }};
}

// A transition invariant's judgement of one path of one top-level call, in the symbolic
// domain: whether it holds on the path `path` of a call made in `env` from `pre` (the
// path's condition, path.guard, is the prover's premise, not part of the form). The
// composed prover (smt/spec/) proves `invariants(pre) ∧ path.guard ⇒ form` for every
// path of every message; where the concrete check and the form share one generic text,
// the form instantiates it with Symbolic, else a test holds the two to the same verdict.
using SpecPath = ms::Result<ms::Symbolic, ms::SpecSystem<ms::Symbolic>>;
struct StepForm {
  std::string_view id;
  std::string_view part;
  z3::expr (*symbolic)(const ms::SpecSystem<ms::Symbolic>& pre, const ms::Env<ms::Symbolic>& env,
                       const SpecPath& path);
};

// An enabledness invariant's obligation (X-DEADLINE, X-EXIT, G-FUNDS-EXIT): from a state
// `pre` that satisfies the invariants, for the entity at `key` (a job, an intent, a
// batch, an account as a bv160 widened to the key's sort, as the form says), in `env`:
// `when ⇒ the exit call's ok-path guard` (the exit call explored with
// SymbolicExec::explore on pre). Returns that implication.
// One case of an exit form's query (ExitForm::cases): a condition on the state, the
// environment or the key, and its name for the obligation and the trace.
struct ExitCase {
  std::string label;
  z3::expr when;
};
struct ExitForm {
  std::string_view id;
  std::string_view part;
  z3::expr (*symbolic)(const ms::SpecSystem<ms::Symbolic>& pre, const ms::Env<ms::Symbolic>& env,
                       const z3::expr& key);
  // Optional: cases in which the prover asks the form's query apart, each `query ∧ when`,
  // and then the rest, `query ∧ ¬(when_1 ∨ … ∨ when_n)`: together they are the whole query
  // whatever the cases are (they need not cover, nor exclude each other), so the form is
  // proved exactly when every part is unsat. For a query whose exit call forks into many
  // ok paths (execute_batch: one per batch length and outcome), each part is a small one.
  std::vector<ExitCase> (*cases)(const ms::SpecSystem<ms::Symbolic>& pre, const ms::Env<ms::Symbolic>& env,
                                 const z3::expr& key) = nullptr;
};

// A two-run invariant's form (M-PERMUTE), judged by self-composition: the composed prover
// explores the step `contract`.`message` twice from one free pre-state in one environment,
// each run with fresh arguments, ties the second run's arguments to the first's (`tie`),
// and asks whether the two runs can end differently: one ok and the other refused, two
// different errors, or both ok with another post-state, returned value or events
// (smt/spec/two_runs.hpp). unsat: every state and every pair of tied arguments end alike.
// `first` and `second` are the runs' argument leaves as message_paths flattens them.
// `facts` (null: none) are formulas valid under the tie, each proved apart by an obligation
// of every run (smt/spec/network_facts.hpp), handed to the query so that Z3 need not
// rediscover them: conjoining a valid formula changes no answer.
struct TwoRunForm {
  std::string_view id;
  std::string_view part;
  std::string_view contract;
  std::string_view message;
  z3::expr (*tie)(const std::vector<z3::expr>& first, const std::vector<z3::expr>& second);
  z3::expr (*facts)(const std::vector<z3::expr>& first, const std::vector<z3::expr>& second) = nullptr;
  // Cases that together cover every pair of arguments (null: one case, true), each asked
  // as its own query. A case's conjuncts of the form `constant = numeral` are substituted
  // into its query, which is then simplified: the paths another case takes fold away.
  std::vector<z3::expr> (*cases)(const std::vector<z3::expr>& first, const std::vector<z3::expr>& second) = nullptr;
};

// --- writing step and exit forms -------------------------------------------------------------
using SSys = ms::SpecSystem<ms::Symbolic>;
using SEnv = ms::Env<ms::Symbolic>;
using SFrame = ms::FrameRec<ms::Symbolic>;
using SKey = ms::SUint<128>;

// Equality of two values of one record type in either domain (Concrete: ==).
template <class D, class T> Bool<D> same(const T& a, const T& b) {
  if constexpr (D::kSymbolic) return ms::SBool(ms::sym_equal(a, b));
  else return a == b;
}

// The key a step form judges "for every key": a free constant named `name` of K's sort.
// The prover proves the form valid, so a free constant stands for every value; forms name
// their keys "<ID>.<what>" so that two forms never share one by accident.
template <class K> K quantified(const std::string& name) {
  K k{};
  k.e = ms::current_context().constant(name.c_str(), k.e.get_sort());
  return k;
}

// The frames of a symbolic path that ran message Msg (by contract and label, which are
// static along a path).
template <class Msg> bool runs(const SFrame& f) {
  return f.contract == Msg::Contract::kName && f.message == Msg::kLabel;
}
// Some frame of Msg satisfies `pred` (false when none ran).
template <class Msg, class P> z3::expr some_frame(const SpecPath& p, P pred) {
  z3::expr out = ms::current_context().bool_val(false);
  for (const SFrame& f : p.frames)
    if (runs<Msg>(f)) out = out || pred(f);
  return out;
}
// At least one frame of Msg ran, and every one satisfies `pred`.
template <class Msg, class P> z3::expr every_frame(const SpecPath& p, P pred) {
  bool any = false;
  z3::expr out = ms::current_context().bool_val(true);
  for (const SFrame& f : p.frames)
    if (runs<Msg>(f)) {
      any = true;
      out = out && pred(f);
    }
  return any ? out : ms::current_context().bool_val(false);
}
// A frame's i-th argument leaf as the symbolic type T.
template <class T> T arg_of(const SFrame& f, std::size_t i) { return T(f.args.at(i)); }

// The address of the contract named `name` in a symbolic system.
inline ms::SAddr address_named(const SSys& s, std::string_view name) {
  ms::SAddr out;
  s.for_each_slot([&]<class C>(const ms::Slot<ms::Symbolic, C>& slot) {
    if (C::kName == name) out = slot.address;
  });
  return out;
}
// Value arithmetic that cannot wrap: a bv256 (or narrower) amount widened to 264 bits.
inline z3::expr wide(const z3::expr& v) { return z3::zext(v, 264 - v.get_sort().bv_size()); }
// Whether `p` has a transfer by contract `from` of exactly `amount` (any width) to `to`.
inline z3::expr path_pays(const SpecPath& p, std::string_view from, const z3::expr& to, const z3::expr& amount) {
  z3::expr out = ms::current_context().bool_val(false);
  for (const auto& t : p.transfers)
    if (t.from == from) out = out || (t.to.e == to && wide(t.amount.e) == wide(amount));
  return out;
}

// N-BURN's subscriptions part and the lemmas its proof needs, at a (token, subscriber)
// point with the clock's `now`, in both domains: one generic text each
// (data_nft_registry.cpp). A (token, subscriber) pair is no u128 key, so the composed
// prover states each at a free point that every query leaves unconstrained, which proves
// it for every point (smt/spec/candidates.cpp); the Monitor's check_burn uses the same
// text on the pairs a step touched; tests/spec_lemmas_test.cpp holds the two to the same
// verdict.
struct SubscriptionForm {
  std::string_view id;
  std::string_view part;
  bool lemma = false;
  bool (*concrete)(const Sys& s, const u128& token, const Address& subscriber, u64 now);
  z3::expr (*symbolic)(const SSys& s, const z3::expr& token, const z3::expr& subscriber, const z3::expr& now);
};
const std::vector<SubscriptionForm>& subscription_forms();

// A part of an invariant's statement with no symbolic form (SpecModule::unstated).
struct UnstatedPart {
  std::string_view id;
  std::string_view part;
  std::string_view why;
};

// What a spec module (one file) declares: the invariants it states (new or restated:
// profiles {"spec"}), the IDs it keeps unchanged from the deployed catalog, its checks,
// and the generic forms of its per-entry state predicates.
struct SpecModule {
  std::vector<Invariant> stated;
  std::vector<std::string> unchanged;
  std::vector<SpecRule> rules;
  std::vector<GenericForm> forms = {};
  std::vector<StepForm> step_forms = {};
  std::vector<ExitForm> exit_forms = {};
  // The lemmas the design names (§6 "ghost / lemmas") that are per-entry state predicates:
  // not invariants of their own, candidates of the composed prover's induction beside
  // `forms` (smt/spec/candidates.hpp), named after the invariant whose proof needs them.
  std::vector<GenericForm> lemmas = {};
  // The parts of a statement that no form above states yet. A verdict is never PROVED
  // while its invariant has one (smt/spec/prover.cpp): proving every form of it would prove
  // less than the statement says. Each names the part and why it has no form.
  std::vector<UnstatedPart> unstated = {};
  // Last, so that the modules that leave it out keep their positional initializers.
  std::vector<TwoRunForm> two_run_forms = {};
};

// Per file.
const SpecModule& global_module();
const SpecModule& queue_module();
const SpecModule& escrow_module();
const SpecModule& registry_module();
const SpecModule& nft_module();
const SpecModule& phala_module();
const SpecModule& mev_module();
const SpecModule& cross_module();
const SpecModule& exits_module();
const std::vector<const SpecModule*>& modules();

// The Monitor's entry: checks one step of a spec world. `ghost` holds the run's Ghost
// (empty until the system is complete). Returns without checking while the six
// contracts are not all deployed.
void check_step(const RunStep& step, std::any& ghost, Findings& findings);

// Helpers shared by the checks.
std::string hex(const Address& a);
std::string job_text(const u128& id);
// The frames of `contract_address` running `label`.
std::vector<const model::Frame*> frames_of(const SpecStep& v, const Address& contract, std::string_view label);
// The frames that ran message `Msg` (on its contract's deployed address).
template <class Msg> std::vector<const model::Frame*> frames_running(const SpecStep& v) {
  return frames_of(v, v.post.template slot<typename Msg::Contract>().address, Msg::kLabel);
}
template <class Msg> bool is(const SpecStep& v, const model::Frame& f) {
  return f.contract == v.post.template slot<typename Msg::Contract>().address && f.message->label == Msg::kLabel;
}
// Whether any frame of the step ran `label` on `contract`.
bool ran(const SpecStep& v, const Address& contract, std::string_view label);
// P-TRUSTED's condition on an attestation stored by this step (its worker key trusted
// before the step, sig_ok, a nonzero hash, created_at <= timestamp <= now <= timestamp +
// MAX_ATTESTATION_AGE_MS): "" when it holds, else what failed. The ghost att_ok records it.
std::string untrusted_because(const SpecStep& v, const u128& job_id, const Attestation& a);

// Enabledness (exits.cpp): runs `label` of `contract` on a copy of `world` by `caller`,
// with `args` and `value`, at a block and time no earlier than the world's (and at least
// `block`, `now`): the call, its result and the world after (ran false when the contract
// or message is not found).
struct TryResult {
  bool ran = false;  // the message exists and the call was made
  model::Call call;
  model::CallResult result;
  std::optional<model::World> after;
};
TryResult try_call(const model::World& world, const Address& contract, std::string_view label, const Address& caller,
                   std::vector<Value> args, u32 block = 0, u64 now = 0, const U256& value = U256(0));

}  // namespace meshcheck::invariants::spec
