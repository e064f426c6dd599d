// Bounded model checking of the spec profile (bmc.hpp).
#include "smt/spec/bmc.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>

#include "deployment/deployment.hpp"
#include "invariants/spec/spec.hpp"
#include "model/profile.hpp"
#include "model/spec/bridge/table.hpp"
#include "model/spec/crypto/attestation.hpp"
#include "smt/canonical.hpp"
#include "smt/counterexample.hpp"
#include "smt/query.hpp"
#include "smt/spec/bmc_forms.hpp"
#include "smt/spec/bmc_values.hpp"
#include "smt/spec/candidates.hpp"
#include "smt/spec/message_paths.hpp"
#include "smt/spec/prover.hpp"
#include "smt/spec/step.hpp"
#include "trace/replay.hpp"

namespace meshcheck::smt::spec {

namespace {

namespace br = ::meshcheck::model::spec::bridge;

// MESHCHECK_BMC_TRACE=1: each query and minimizing stage on stderr, with its time.
bool tracing() {
  static const bool on = std::getenv("MESHCHECK_BMC_TRACE") != nullptr;
  return on;
}
void trace_line(const std::string& what) {
  if (tracing()) std::cerr << "[spec bmc] " << what << std::endl;
}
namespace iv = ::meshcheck::invariants::spec;
namespace st = ::meshcheck::model::spec::standard;

const model::Profile& spec_profile() {
  const model::Profile* p = model::find_profile("spec");
  if (!p) throw std::logic_error("spec bmc: no spec profile in this build");
  return *p;
}

// --- the state after a call: one ite per field the call's paths change ------------------

// b := c ? a : b, field by field; a field no path changed is the same term in both and
// stays as it is (most paths change a few fields).
template <class T> void ite_into(const z3::expr& c, const T& a, T& b) {
  auto pick = [&](const z3::expr& x, z3::expr& y) {
    if (!z3::eq(x, y)) y = z3::ite(c, x, y);
  };
  if constexpr (ms::IsSymMap<T>::value) {
    pick(a.present, b.present);
    for (std::size_t i = 0; i < a.arrays.size(); ++i) pick(a.arrays[i], b.arrays[i]);
  } else if constexpr (ms::IsStdArray<T>::value) {
    for (std::size_t i = 0; i < a.size(); ++i) ite_into(c, a[i], b[i]);
  } else if constexpr (ms::Record<T>) {
    auto ta = T::tie(a);
    auto tb = T::tie(b);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (ite_into(c, std::get<I>(ta), std::get<I>(tb)), ...);
    }(std::make_index_sequence<std::tuple_size_v<decltype(ta)>>{});
  } else {
    pick(a.e, b.e);
  }
}
void ite_system(const z3::expr& c, const SSys& a, SSys& b) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((ite_into(c, std::get<I>(a.slots).balance, std::get<I>(b.slots).balance),
      ite_into(c, std::get<I>(a.slots).state, std::get<I>(b.slots).state)),
     ...);
  }(std::make_index_sequence<SSys::kSize>{});
}

// --- the ghost sums (ghosts.hpp) ----------------------------------------------------------

// The ghosts after a call from `pre` to `post` (every path of it merged, or one site's).
std::vector<z3::expr> ghosts_after(const ComposedState& pre, const SSys& post) {
  std::vector<z3::expr> out;
  const auto& sums = ghost_sums();
  for (std::size_t i = 0; i < sums.size(); ++i) out.push_back(ghost_after(sums[i], pre.ghosts.at(i), pre.sys, post));
  return out;
}

// Whether a path's post-state is not its pre-state: an ok path, or a refused one that kept
// its value (the spec mutant keep-on-revert; the design never does).
bool changes(const SymPath& p) { return p.ok || p.kept_value; }

// --- the unrolling ---------------------------------------------------------------------

template <class S> struct ContractOf;
template <class D, class C> struct ContractOf<ms::Slot<D, C>> {
  using type = C;
};

// One symbolic top-level call.
struct SymCall {
  StepEnv env;
  z3::expr choice;                    // which site (a bv16 index into the sites)
  std::vector<MessagePaths> by_site;  // every site explored from the state before
  z3::expr takes(std::size_t site) const { return choice == choice.ctx().bv_val(static_cast<unsigned>(site), 16); }
};

class Unrolling {
 public:
  Unrolling(z3::context& c, const model::World& start) : c_(c), sites_(message_sites()) {
    SSys lifted = ms::lift_system(br::assemble(start));
    std::vector<z3::expr> ghosts = lifted_ghosts(lifted);
    states_.push_back(ComposedState{std::move(lifted),
                                    Clock{ms::SUint<32>(start.block()), ms::SUint<64>(start.timestamp())},
                                    std::move(ghosts)});
    // Each contract's address in the start world (the spec deployment puts all six at
    // H160 addresses; deployment::contract_address gives the deployed profile's widths).
    br::assemble(start).for_each_slot([&](const auto& slot) {
      using S = std::remove_cvref_t<decltype(slot)>;
      addresses_[std::string(ContractOf<S>::type::kName)] = slot.address;
    });
    for (const Address& a : deployment::spec_actors()) {
      actors_.push_back(ms::SAddr(a).e);
      if (start.tracked(a)) budgets_.push_back(Budget{ms::SAddr(a).e, *start.balance(a), c.bv_val(0, 264)});
    }
  }

  // The next call: its constraints (the search asserts them).
  z3::expr extend() {
    const std::size_t i = calls_.size();
    const std::string prefix = "call" + std::to_string(i + 1) + ".";
    const ComposedState& pre = states_.back();
    SymCall call{free_env(pre, prefix + "env."), c_.constant((prefix + "site").c_str(), c_.bv_sort(16)), {}};
    const ms::Env<ms::Symbolic>& env = call.env.env;
    z3::expr any_actor = c_.bool_val(false);
    for (auto& a : actors_) any_actor = any_actor || env.caller.e == a;
    z3::expr k = call.env.assumptions && any_actor &&
                 z3::ule(env.value.e, c_.bv_val("340282366920938463463374607431768211456", 256)) &&
                 z3::ule(env.block.e - pre.clock.block.e, c_.bv_val(1000, 32)) &&
                 z3::ule(env.now.e - pre.clock.now.e, c_.bv_val(86400000, 64)) &&
                 z3::ult(call.choice, c_.bv_val(static_cast<unsigned>(sites_.size()), 16));
    // A tracked actor pays at most what it held at the start, over the whole run (what
    // it is paid back is not counted: stricter, never wrong).
    for (auto& b : budgets_) {
      b.spent = b.spent + z3::ite(env.caller.e == b.who, z3::zext(env.value.e, 8), c_.bv_val(0, 264));
      k = k && z3::ule(b.spent, c_.bv_val(b.held.str().c_str(), 264));
    }
    SSys post = pre.sys;
    for (std::size_t s = 0; s < sites_.size(); ++s) {
      // Named per contract too: two contracts have a slash_stake and a set_verifier.
      MessagePaths mp = explore_step(sites_[s], pre, env, prefix + std::string(sites_[s].contract) + ".");
      k = k && restrict_args(message_of(sites_[s]).args, mp.args, bmc_arg_domain());
      for (auto& p : mp.paths)
        if (changes(p)) ite_system(call.takes(s) && p.guard.e, p.post, post);
      call.by_site.push_back(std::move(mp));
    }
    std::vector<z3::expr> ghosts = ghosts_after(pre, post);
    states_.push_back(ComposedState{std::move(post), Clock{env.block, env.now}, std::move(ghosts)});
    calls_.push_back(std::move(call));
    return k;
  }

  const ComposedState& state(std::size_t k) const { return states_[k]; }
  const SymCall& call(std::size_t i) const { return calls_[i]; }
  const std::vector<StepSite>& sites() const { return sites_; }
  const std::vector<z3::expr>& actors() const { return actors_; }
  const Address& address_of_contract(std::string_view name) const { return addresses_.at(std::string(name)); }

  static const model::MessageSpec& message_of(const StepSite& s) {
    return br::spec_table(s.contract)->spec.messages.at(s.table_index);
  }

 private:
  // The mutating messages (a read changes nothing); plain transfers are left out: they
  // only raise a contract's balance, which the trace writes as a transfer line, not a
  // call, and which no form of the design's invariants is broken by alone.
  static std::vector<StepSite> message_sites() {
    std::vector<StepSite> out;
    for (auto& s : step_sites(false))
      if (s.kind == StepKind::kMessage) out.push_back(s);
    return out;
  }
  struct Budget {
    z3::expr who;
    U256 held;
    z3::expr spent;
  };
  z3::context& c_;
  std::vector<StepSite> sites_;
  std::vector<ComposedState> states_;
  std::vector<SymCall> calls_;
  std::vector<z3::expr> actors_;
  std::vector<Budget> budgets_;
  std::map<std::string, Address> addresses_;
};

// --- the forms of an invariant ------------------------------------------------------------

// An invariant's state forms are its state candidates (candidates.hpp): its generic forms
// and those stated over the ghost sums, not the lemmas named after it (a lemma broken is
// not the invariant broken).
struct Forms {
  std::vector<StateCandidate> state;
  std::vector<iv::StepForm> step;
  std::vector<iv::ExitForm> exit;
  bool permute = false;  // M-PERMUTE: the two-run form (permuted_twin below)
  std::size_t size() const { return state.size() + step.size() + exit.size() + (permute ? 1 : 0); }
};
Forms forms_of(const std::string& id) {
  Forms f;
  for (StateCandidate& c : state_candidates())
    if (c.id == id && !c.lemma) f.state.push_back(std::move(c));
  for (const iv::SpecModule* m : iv::modules()) {
    for (auto& s : m->step_forms)
      if (s.id == id) f.step.push_back(s);
    for (auto& x : m->exit_forms)
      if (x.id == id) f.exit.push_back(x);
  }
  for (auto& s : ghost_step_forms())  // E-CONSERVE, R-STAKE: over the ghost sums' changes
    if (s.id == id) f.step.push_back(s);
  for (auto& s : bmc_step_forms())
    if (s.id == id) f.step.push_back(s);
  f.permute = id == "M-PERMUTE";
  return f;
}

std::string part_name(std::string_view kind, std::string_view part) {
  return part.empty() ? std::string(kind) : std::string(kind) + " " + std::string(part);
}

// One query of a depth: the negation of one form, and what to minimize beside the run.
struct Case {
  std::string what;
  z3::expr broken;
  std::vector<z3::expr> extra;  // keys, the exit's environment
};

// The state after call k-1 took site `site` (ok paths only: a refused call leaves the
// state before it, judged at the depth before; but see changes()), its ghosts updated.
ComposedState site_post(const SymCall& call, std::size_t site, const ComposedState& pre) {
  SSys post = pre.sys;
  for (auto& p : call.by_site[site].paths)
    if (changes(p)) ite_system(p.guard.e, p.post, post);
  std::vector<z3::expr> ghosts = ghosts_after(pre, post);
  return ComposedState{std::move(post), Clock{call.env.env.block, call.env.env.now}, std::move(ghosts)};
}

// --- M-PERMUTE: two runs ------------------------------------------------------------------
// M-PERMUTE is a property of two runs: create_batch called with a permutation of the same
// ids, from the same state, in the same environment, gives the same outcome and state.
// The last call, when it is create_batch, is run a second time (a twin, from the same
// pre-state, in the same environment) with its ids reversed, as the Monitor's check reruns
// it (invariants/spec/mev_protection.cpp); the form is broken when the two succeed
// differently or leave different systems.

// A call's paths merged: whether it succeeds, and the system after it.
struct Merged {
  z3::expr ok;
  SSys post;
};
Merged merged(const std::vector<SymPath>& paths, const SSys& pre) {
  Merged m{ms::current_context().bool_val(false), pre};
  for (auto& p : paths)
    if (p.ok) {
      m.ok = m.ok || p.guard.e;
      ite_system(p.guard.e, p.post, m.post);
    }
  return m;
}

// The broken two-run form at the last call, if it took create_batch (else false).
z3::expr permuted_twin(const SymCall& call, const SSys& pre, std::size_t site, const std::string& name) {
  z3::context& c = ms::current_context();
  const MessagePaths& a = call.by_site[site];
  MessagePaths b = message_paths<ms::mev_protection::CreateBatch>(pre, call.env.env, name);
  // The leaves: intent_ids (len, items[0..N-1]), execution_route.
  if (a.args.size() != b.args.size() || a.args.size() < 3)
    throw std::logic_error("spec bmc: create_batch's arguments changed");
  const std::size_t n = a.args.size() - 2;
  const z3::expr& len = a.args[0];
  z3::expr same = b.args[0] == len && b.args.back() == a.args.back();
  for (std::size_t i = 0; i < n; ++i) {
    // Item i of the twin: item len-1-i of the call's when i < len, else the call's own
    // (what lies past len is the same, as in the Monitor's rerun).
    z3::expr want = a.args[1 + i];
    for (std::size_t l = i + 1; l <= n; ++l)
      want = z3::ite(len == c.bv_val(static_cast<unsigned>(l), 32), a.args[1 + (l - 1 - i)], want);
    same = same && b.args[1 + i] == want;
  }
  Merged one = merged(a.paths, pre), two = merged(b.paths, pre);
  return call.takes(site) && same && (one.ok != two.ok || (one.ok && !ms::systems_equal(one.post, two.post)));
}

// The queries of depth k >= 1, one per form and site of the last call (in form order,
// then site order): each holds one message's paths only, which keeps each query small
// (the deployed search splits its last call per message for the same reason).
std::vector<Case> cases_at(const Forms& f, const Unrolling& u, std::size_t k, z3::context& c) {
  std::vector<Case> out;
  const SymCall& call = u.call(k - 1);
  const SSys& pre = u.state(k - 1).sys;
  const std::size_t sites = call.by_site.size();
  std::vector<std::optional<ComposedState>> posts(sites);
  auto post_of_site = [&](std::size_t site) -> const ComposedState& {
    if (!posts[site]) posts[site] = site_post(call, site, u.state(k - 1));
    return *posts[site];
  };
  auto named = [&](std::string_view kind, std::string_view part, std::size_t site) {
    return part_name(kind, part) + ", last call " + u.sites()[site].name();
  };
  for (auto& g : f.state) {
    z3::expr key = c.constant(("bmc.key." + g.id + "." + g.part).c_str(), c.bv_sort(g.key_bits));
    for (std::size_t site = 0; site < sites; ++site)
      out.push_back(Case{named("state", g.part, site), call.takes(site) && !g.at(post_of_site(site), key), {key}});
  }
  for (auto& s : f.step)
    for (std::size_t site = 0; site < sites; ++site) {
      z3::expr any = c.bool_val(false);
      for (auto& p : call.by_site[site].paths) any = any || (p.guard.e && !s.symbolic(pre, call.env.env, p));
      out.push_back(Case{named("step", s.part, site), call.takes(site) && any, {}});
    }
  if (f.permute)
    for (std::size_t site = 0; site < sites; ++site)
      if (u.sites()[site].contract == ms::MevProtection::kName && u.sites()[site].message == ms::mev_protection::CreateBatch::kLabel)
        out.push_back(Case{named("two runs", "create_batch with its ids reversed", site),
                           permuted_twin(call, pre, site, "bmc.twin" + std::to_string(k) + "."), {}});
  for (auto& x : f.exit) {
    const std::string name = "bmc.exit." + std::string(x.id) + "." + std::string(x.part) + ".";
    ComposedState after{u.state(k).sys, u.state(k).clock, {}};
    StepEnv env = free_env(after, name);
    z3::expr any_actor = c.bool_val(false);
    for (auto& a : u.actors()) any_actor = any_actor || env.env.caller.e == a;
    z3::expr key = c.constant((name + "key").c_str(), c.bv_sort(128));
    for (std::size_t site = 0; site < sites; ++site)
      out.push_back(Case{named("exit", x.part, site),
                         call.takes(site) && env.assumptions && any_actor &&
                             !x.symbolic(post_of_site(site).sys, env.env, key),
                         {key, env.env.caller.e, env.env.block.e, env.env.now.e}});
  }
  return out;
}

// --- from a model back to calls ------------------------------------------------------------

std::uint64_t numeral_u64(const z3::model& m, const z3::expr& t) {
  return std::stoull(Z3_get_numeral_string(t.ctx(), m.eval(t, true)));
}

Address address_of(const z3::model& m, const z3::expr& t) {
  ms::ConcreteLeaf l = concrete_leaf(m, t);
  Address a = Address::filled(AddressKind::H160, 0);
  U256 v = l.v;
  for (int i = 19; i >= 0; --i, v >>= 8) a.bytes[i] = static_cast<u8>(v & 0xff);
  return a;
}

// record_attestation's signature (spec-profile.md §5 "Crypto in Z3"): sig_ok is free in
// the search, so the model only says whether it accepts. Accepted: the worker key is K1,
// K2 or K3 (bmc_values.hpp), and its secret signs the concrete digest (RFC 6979), which
// the concrete sig_ok accepts. Rejected: the all-zero signature, which it never accepts.
void concretize_signature(const z3::model& m, const std::vector<z3::expr>& leaves,
                          std::vector<ms::ConcreteLeaf>& values) {
  // run(job_id, result_hash, timestamp, tee_worker_pubkey, attestation_proof)
  if (leaves.size() != 5) throw std::logic_error("spec bmc: record_attestation's arguments changed");
  const ms::SAddr phala(st::kPhala);
  z3::expr accepted = ms::sig_ok(phala, ms::SUint<128>(leaves[0]), ms::SBytes<32>(leaves[1]), ms::SUint<64>(leaves[2]),
                                 ms::SBytes<33>(leaves[3]), ms::SBytes<65>(leaves[4]))
                          .e;
  ms::Sig65 proof{};
  if (m.eval(accepted, true).is_true()) {
    std::size_t at = 0;
    const u128 job = static_cast<u128>(br::from_leaves<u128>(values, at));
    const auto hash = br::from_leaves<ms::Hash32>(values, at);
    const u64 timestamp = br::from_leaves<u64>(values, at);
    const auto key = br::from_leaves<ms::PubKey33>(values, at);
    int which = 0;
    for (int i = 1; i <= 3; ++i)
      if (st::worker_key(i) == key) which = i;
    if (!which) throw std::logic_error("spec bmc: a model accepts a signature of a key outside K1-K3");
    proof = ms::sign_attestation(st::worker_secret(which), st::kPhala, job, hash, timestamp);
  }
  values[4] = ms::leaf_of(proof);
}

std::vector<model::Call> extract(const z3::model& m, const Unrolling& u, std::size_t depth) {
  std::vector<model::Call> out;
  for (std::size_t i = 0; i < depth; ++i) {
    const SymCall& call = u.call(i);
    const auto site = static_cast<std::size_t>(numeral_u64(m, call.choice));
    const StepSite& s = u.sites().at(site);
    const br::SpecTable& table = *br::spec_table(s.contract);
    const std::vector<z3::expr>& leaves = call.by_site[site].args;
    std::vector<ms::ConcreteLeaf> values;
    for (auto& l : leaves) values.push_back(concrete_leaf(m, l));
    if (s.contract == ms::PhalaJobProcessor::kName && s.message == "record_attestation")
      concretize_signature(m, leaves, values);
    model::Call c;
    c.contract = u.address_of_contract(s.contract);
    c.caller = address_of(m, call.env.env.caller.e);
    c.value = concrete_leaf(m, call.env.env.value.e).v;
    c.message = &table.spec.messages.at(s.table_index);
    c.args = table.message_args.at(s.table_index)(values);
    c.block = static_cast<u32>(numeral_u64(m, call.env.env.block.e));
    c.timestamp = numeral_u64(m, call.env.env.now.e);
    out.push_back(std::move(c));
  }
  return out;
}

// The run made canonical (as smt/canonical.cpp's canonical_run does for the deployed
// profile): the sites first in the query's solver, then, in a solver holding the query
// with those sites put in, the callers, each call's value and arguments from the last
// call back, the clock, and the case's extra terms.
Canonical canonical(z3::solver& s, const Unrolling& u, std::size_t depth, const QueryLimits& limits,
                    const std::vector<z3::expr>& extra) {
  std::uint64_t budget = minimization_budget(limits);
  std::optional<z3::solver> f;
  Canonical out = canonical_messages(s, u, depth, limits, budget, &f);
  trace_line("sites minimized: " + std::to_string(out.checks) + " checks " + std::to_string(out.seconds) + " s");
  Minimizer min(*f, out.model, limits, budget ? budget - std::min(budget, out.rlimit) : 0);
  trace_line("the query with its sites put in: " + std::to_string(f->assertions().size() - depth) + " assertions");
  for (std::size_t i = 0; i < depth; ++i) min.first_of(u.call(i).env.env.caller.e, u.actors());
  trace_line("callers minimized: " + std::to_string(min.checks()) + " checks " + std::to_string(min.seconds()) + " s");
  for (std::size_t i = depth; i-- > 0;) {
    const SymCall& call = u.call(i);
    min.unsigned_bits(call.env.env.value.e);
    const auto site = static_cast<std::size_t>(numeral_u64(min.model(), call.choice));
    const std::vector<z3::expr>& leaves = call.by_site[site].args;
    auto candidates = leaf_candidates(Unrolling::message_of(u.sites()[site]).args, leaves, bmc_arg_domain());
    for (std::size_t l = 0; l < leaves.size(); ++l) {
      if (!candidates[l].empty()) min.first_of(leaves[l], candidates[l]);
      else if (leaves[l].is_bool()) min.boolean(leaves[l]);
      else if (leaves[l].is_bv()) min.unsigned_bits(leaves[l]);
    }
  }
  trace_line("values and arguments minimized: " + std::to_string(min.checks()) + " checks " + std::to_string(min.seconds()) + " s");
  for (std::size_t i = 0; i < depth; ++i) {
    min.unsigned_bits(u.call(i).env.env.block.e);
    min.unsigned_bits(u.call(i).env.env.now.e);
  }
  for (auto& e : extra)
    if (e.is_bv()) min.unsigned_bits(e);
  return Canonical{min.model(), out.rlimit + min.used(), out.checks + min.checks(), out.seconds + min.seconds()};
}

// The model's own report of `id` on the start's lines ("" when none).
std::string start_breaks(const BmcStart& start, const std::string& id) {
  trace::ReplayOptions options;
  options.only_invariants = {id};
  trace::Replayer replayer(spec_profile(), options);
  for (std::size_t i = 0; i < start.lines.size(); ++i) {
    trace::LineFindings findings;
    replayer.run_line(start.lines[i], i + 1, findings);
    for (auto& f : findings.violations)
      if (f.id == id) return "already in " + start.name + ", line " + std::to_string(i + 1) + ": " + f.detail;
  }
  return "";
}

}  // namespace

BmcStart standard_start() {
  deployment::StandardDeployment d = deployment::deploy_spec_standard(spec_profile());
  return BmcStart{std::move(d.world), std::move(d.header)};
}

BmcStart start_from_trace(const std::string& path, std::size_t calls) {
  std::ifstream in(path);
  if (!in) throw BmcInputError(path + ": cannot be read");
  trace::ReplayOptions options;
  options.check_invariants = false;
  trace::Replayer replayer(spec_profile(), options);
  BmcStart out{model::World(spec_profile()), {}, path + " (" + std::to_string(calls) + " calls)"};
  std::string text;
  std::size_t line = 0, seen = 0;
  while (std::getline(in, text)) {
    ++line;
    if (text.empty()) continue;
    if (text.find("\"call\"") != std::string::npos && text.rfind("{\"call\"", 0) == 0 && seen++ == calls) break;
    trace::LineFindings findings;
    trace::Json emitted;
    try {
      replayer.run_line(text, line, findings, &emitted);
    } catch (const std::exception& e) {
      throw BmcInputError(path + ":" + std::to_string(line) + ": " + e.what());
    }
    out.lines.push_back(emitted.dump());
  }
  if (seen < calls) throw BmcInputError(path + ": has " + std::to_string(seen) + " call lines, not " + std::to_string(calls));
  if (replayer.world().profile().name != "spec") throw BmcInputError(path + ": not a trace of the spec profile");
  out.world = replayer.world();
  return out;
}

std::size_t searchable_forms(const std::string& id) { return forms_of(id).size(); }

ProofVerdict bounded_model_check(const std::string& id, const BmcStart& start, const BmcOptions& options) {
  using Kind = ProofVerdict::Kind;
  ProofVerdict v;
  v.id = id;
  const Forms forms = forms_of(id);
  if (forms.size() == 0) {
    v.kind = Kind::Error;
    v.detail = id + " has no symbolic form to search for";
    return v;
  }
  const auto t0 = std::chrono::steady_clock::now();
  z3::context c;
  ms::SymbolicScope scope(c);
  Unrolling u(c, start.world);
  QueryLimits limits{options.query_rlimit, options.safety_net_seconds};
  z3::solver s = make_solver(c, limits);
  const std::string where = "spec (" + start.name + ")";
  std::uint64_t used = 0;
  auto out_of_budget = [&](unsigned k, const std::string& why) {
    v.kind = Kind::Unknown;
    v.depth = k;
    v.detail = "holds to depth " + std::to_string(k) + "; depth " + std::to_string(k + 1) + " undecided: " + why;
    v.seconds = seconds_since(t0);
    return v;
  };
  // A start that already breaks the invariant (a prefix run under a broken variant) is
  // judged by the model alone: depth 0, its own lines the trace.
  if (std::string broken = start_breaks(start, id); !broken.empty()) {
    v.kind = Kind::Violated;
    v.detail = broken;
    v.trace = start.lines;
    v.depth = 0;
    return v;
  }
  for (unsigned k = 1; k <= options.depth; ++k) {
    s.add(u.extend());
    std::vector<Case> cases = cases_at(forms, u, k, c);
    for (auto& q : cases) {
      QueryLimits budget = limits;
      if (options.rlimit) {
        std::uint64_t left = options.rlimit > used ? options.rlimit - used : 0;
        if (left == 0)
          return out_of_budget(k - 1, "the budget of " + std::to_string(options.rlimit) + " rlimit units ran out");
        budget.rlimit = std::min(left, kMaxRlimit);
      }
      if (options.safety_net_seconds && seconds_since(t0) > options.safety_net_seconds) {
        safety_net_fired();
        v.safety_net = true;
        return out_of_budget(k - 1, "the wall-clock safety net fired");
      }
      const std::string what = "bmc depth " + std::to_string(k) + ", " + q.what;
      set_limits(s, budget);
      s.push();
      s.add(q.broken);
      Answer a = check(s, budget);
      used += a.rlimit;
      trace_line(what + ": " + a.text() + " " + std::to_string(a.rlimit) + " units " + std::to_string(a.seconds) + " s");
      v.obligations.push_back(obligation(where, what, a));
      if (a.result == z3::unknown) {
        s.pop();
        v.safety_net = a.safety_net;
        return out_of_budget(k - 1, a.reason);
      }
      if (a.result == z3::unsat) {
        s.pop();
        continue;
      }
      Canonical run = canonical(s, u, k, limits, q.extra);
      v.obligations.push_back(run.obligation(where, what + ": canonical counterexample"));
      std::vector<model::Call> calls = extract(run.model, u, k);
      s.pop();
      Replayed r = replay_counterexample(deployment::StandardDeployment{start.world, start.lines}, calls, id);
      v.trace = std::move(r.lines);
      v.depth = k;
      v.seconds = seconds_since(t0);
      if (!r.error.empty()) {
        v.kind = Kind::Error;
        v.detail = "the encoding and the model disagree: Z3 found a violation of " + id + " (" + q.what + ") in " +
                   std::to_string(k) + " call(s) from " + start.name + " that the model does not reproduce: " +
                   r.error;
      } else {
        v.kind = Kind::Violated;
        v.detail = r.violation;
      }
      return v;
    }
  }
  v.kind = Kind::HoldsToDepth;
  v.depth = options.depth;
  v.detail = "no violation in " + std::to_string(options.depth) + " call(s) from " + start.name;
  v.seconds = seconds_since(t0);
  return v;
}

void refute_unproved(ProofVerdict& v, const ProveOptions& options) {
  using Kind = ProofVerdict::Kind;
  if (v.kind == Kind::Proved || v.kind == Kind::Vacuous || v.kind == Kind::Error || v.kind == Kind::Violated) return;
  if (searchable_forms(v.id) == 0) return;
  BmcOptions o;
  o.depth = options.depth;
  o.rlimit = options.bmc_rlimit;
  o.query_rlimit = options.rlimit;
  o.safety_net_seconds = options.bmc_budget_seconds;
  ProofVerdict found = bounded_model_check(v.id, standard_start(), o);
  v.obligations.insert(v.obligations.end(), found.obligations.begin(), found.obligations.end());
  v.seconds += found.seconds;
  v.safety_net = v.safety_net || found.safety_net;
  switch (found.kind) {
    case Kind::Violated:
    case Kind::Error:
      v.kind = found.kind;
      v.detail = found.detail;
      v.trace = std::move(found.trace);
      v.depth = found.depth;
      v.lemmas.clear();
      return;
    case Kind::HoldsToDepth:
      // As the deployed prover says it: not inductive (a counterexample to induction, not
      // an undecided step) and no run found to the depth: HOLDS TO DEPTH.
      if (v.kind == Kind::Unknown && !v.unknown_step) v.kind = Kind::HoldsToDepth;
      if (v.kind == Kind::HoldsToDepth) v.depth = found.depth;
      v.detail = "bounded model checking from the standard deployment: " + found.detail + "; " + v.detail;
      return;
    default:
      v.kind = Kind::Unknown;
      v.detail = "bounded model checking from the standard deployment: " + found.detail + "; " + v.detail;
      return;
  }
}

void install_spec_refuter() {
  set_spec_refuter([](const ProofVerdict& not_proved, const ProveOptions& options) -> std::optional<ProofVerdict> {
    ProofVerdict v = not_proved;
    refute_unproved(v, options);
    // Only a run found (VIOLATED) or a disagreement (ERROR) replaces the prover's verdict;
    // otherwise it stands, with the depth the search reached in its detail.
    return v;
  });
}

}  // namespace meshcheck::smt::spec
