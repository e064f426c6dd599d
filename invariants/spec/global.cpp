// The spec profile's global invariants: G-SOLVENT restated over the escrow's three sums and
// the registry's stakes, G-COUNTER unchanged (its scope grows by receipt_counter and
// phala's job_counter). G-VALUE and G-ATOMIC are unchanged and judged on the world by the
// Monitor for every profile (invariants/global.cpp); G-FUNDS-EXIT is in exits.cpp.
#include "invariants/spec/spec.hpp"

namespace meshcheck::invariants::spec {

namespace {
// --- G-SOLVENT (restated) ---------------------------------------------------------------
const Invariant kSolvent{
    "G-SOLVENT", Kind::State,
    "payment_escrow's balance covers Σ Locked job amounts + Σ Locked capital + Σ claimable; "
    "compute_provider_registry's covers Σ stakes; the other four owe nothing.",
    "A contract that owes more than it holds cannot pay everyone out: the last job owner, trader, data owner or "
    "provider to withdraw loses their funds.",
    "", {"spec"}};

// Concrete: the sums are the ghosts locked_jobs, locked_capital, claimable_sum, stake_sum
// (numbers, kept by view.cpp); the composed prover keeps the same ghosts as fields.
void check_solvent(const SpecStep& v, Findings& findings) {
  const Ghost& g = *v.ghost;
  BigInt owed = g.locked_jobs + g.locked_capital + g.claimable_sum;
  if (v.balance_after(v.at_escrow) < owed)
    findings.violation("G-SOLVENT", [&] {
      return "payment_escrow holds " + v.balance_after(v.at_escrow).str() + " but owes " + owed.str() +
             " (locked jobs " + g.locked_jobs.str() + ", locked capital " + g.locked_capital.str() + ", claimable " +
             g.claimable_sum.str() + ")";
    });
  if (v.balance_after(v.at_registry) < g.stake_sum)
    findings.violation("G-SOLVENT", [&] {
      return "compute_provider_registry holds " + v.balance_after(v.at_registry).str() + " but its stakes sum to " +
             g.stake_sum.str();
    });
}

// --- G-COUNTER (unchanged; scope: queue and phala job_counter, intent_counter,
// batch_counter, total_supply, receipt_counter) ---------------------------------------------
// Every stored id lies in 1..counter: one text per map, over the domain.
template <class D> Bool<D> in_range(const U128<D>& id, const U128<D>& counter) {
  return U128<D>(1) <= id && id <= counter;
}
template <class D> Bool<D> queue_id_ok(const ms::SpecSystem<D>& s, const U128<D>& j) {
  return implies(queue(s).jobs.contains(j), in_range<D>(j, queue(s).job_counter));
}
template <class D> Bool<D> phala_id_ok(const ms::SpecSystem<D>& s, const U128<D>& c) {
  return implies(phala(s).jobs.contains(c), in_range<D>(c, phala(s).job_counter));
}
template <class D> Bool<D> intent_id_ok(const ms::SpecSystem<D>& s, const U128<D>& i) {
  return implies(mev(s).intents.contains(i), in_range<D>(i, mev(s).intent_counter));
}
template <class D> Bool<D> batch_id_ok(const ms::SpecSystem<D>& s, const U128<D>& b) {
  return implies(mev(s).batches.contains(b), in_range<D>(b, mev(s).batch_counter));
}
template <class D> Bool<D> token_id_ok(const ms::SpecSystem<D>& s, const U128<D>& t) {
  return implies(nft(s).nfts.contains(t), in_range<D>(t, nft(s).total_supply));
}
template <class D, class K> Bool<D> receipt_ok(const ms::SpecSystem<D>& s, const K& key) {
  auto sub = nft(s).subscriptions.get(key);
  return implies(sub.is_some(), in_range<D>(sub.value.receipt, nft(s).receipt_counter));
}

void check_counter(const SpecStep& v, Findings& findings) {
  auto counter = [&](const char* name, const u128& was, const u128& is) {
    if (!v.first && is < was)
      findings.violation("G-COUNTER", [&] { return std::string(name) + " went down from " + was.str() + " to " + is.str(); });
  };
  counter("ai_job_queue.job_counter", queue(v.pre).job_counter, queue(v.post).job_counter);
  counter("phala_job_processor.job_counter", phala(v.pre).job_counter, phala(v.post).job_counter);
  counter("mev_protection.intent_counter", mev(v.pre).intent_counter, mev(v.post).intent_counter);
  counter("mev_protection.batch_counter", mev(v.pre).batch_counter, mev(v.post).batch_counter);
  counter("data_nft_registry.total_supply", nft(v.pre).total_supply, nft(v.post).total_supply);
  counter("data_nft_registry.receipt_counter", nft(v.pre).receipt_counter, nft(v.post).receipt_counter);
  auto stored = [&](const char* what, const u128& id, bool ok) {
    if (!ok) findings.violation("G-COUNTER", [&] { return std::string(what) + " " + id.str() + " lies outside 1..counter"; });
  };
  for (auto& c : v.jobs) stored("queue job", c.key, queue_id_ok<Concrete>(v.post, c.key));
  for (auto& c : v.conf_jobs) stored("confidential job", c.key, phala_id_ok<Concrete>(v.post, c.key));
  for (auto& c : v.intents) stored("intent", c.key, intent_id_ok<Concrete>(v.post, c.key));
  for (auto& c : v.batches) stored("batch", c.key, batch_id_ok<Concrete>(v.post, c.key));
  for (auto& c : v.nfts) stored("token", c.key, token_id_ok<Concrete>(v.post, c.key));
  for (auto& c : v.subscriptions)
    if (!receipt_ok<Concrete>(v.post, c.key))
      findings.violation("G-COUNTER", [&] {
        return "the subscription of " + c.key.second.hex() + " to token " + c.key.first.str() +
               " holds a receipt outside 1..receipt_counter";
      });
}
struct QueueIdOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return queue_id_ok<D>(s, j); }
};
struct PhalaIdOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return phala_id_ok<D>(s, j); }
};
struct IntentIdOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return intent_id_ok<D>(s, j); }
};
struct BatchIdOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return batch_id_ok<D>(s, j); }
};
struct TokenIdOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return token_id_ok<D>(s, j); }
};


// --- G-VALUE, G-ATOMIC (unchanged; their concrete checks are invariants/global.cpp's, on the
// world, for every profile) ----------------------------------------------------------------
// G-VALUE's form: over the six contracts, what they hold after a path is what they held
// before, plus the value the call brought (on a success path), less what they paid to
// accounts outside the system (a payment to one of the six stays in the system).
z3::expr value_form(const SSys& pre, const SEnv& env, const SpecPath& p) {
  z3::context& ctx = ms::current_context();
  z3::expr before = ctx.bv_val(0, 264), after = ctx.bv_val(0, 264), out = ctx.bv_val(0, 264);
  pre.for_each_slot([&](const auto& s) { before = before + wide(s.balance.e); });
  p.post.for_each_slot([&](const auto& s) { after = after + wide(s.balance.e); });
  for (const auto& t : p.transfers) {
    z3::expr inside = ctx.bool_val(false);
    pre.for_each_slot([&](const auto& s) { inside = inside || t.to.e == s.address.e; });
    out = out + z3::ite(inside, ctx.bv_val(0, 264), wide(t.amount.e));
  }
  z3::expr in = p.ok ? wide(env.value.e) : ctx.bv_val(0, 264);
  return after + out == before + in;
}
// G-ATOMIC's form: a refused path leaves the whole system as it was and emits nothing.
// The encoding makes every revert branch's post-state the pre-state (§5), so this form
// holds by construction of the one-step relation; it is stated so that an encoding that
// ever broke that would be refuted.
z3::expr atomic_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  if (p.ok) return ms::current_context().bool_val(true);
  return ms::systems_equal(pre, p.post) && ms::current_context().bool_val(p.events.empty() && p.transfers.empty());
}

// G-COUNTER's transition part (the stored ids' part is the generic forms): no counter
// goes down.
template <class D> Bool<D> counters_kept(const ms::SpecSystem<D>& pre, const ms::SpecSystem<D>& post) {
  return queue(pre).job_counter <= queue(post).job_counter && phala(pre).job_counter <= phala(post).job_counter &&
         mev(pre).intent_counter <= mev(post).intent_counter && mev(pre).batch_counter <= mev(post).batch_counter &&
         nft(pre).total_supply <= nft(post).total_supply && nft(pre).receipt_counter <= nft(post).receipt_counter;
}
z3::expr counter_form(const SSys& pre, const SEnv&, const SpecPath& p) { return counters_kept<ms::Symbolic>(pre, p.post).e; }

}  // namespace

const SpecModule& global_module() {
  static const SpecModule m{{kSolvent},
                            {"G-VALUE", "G-ATOMIC", "G-COUNTER"},
                            {{"G-SOLVENT", check_solvent}, {"G-COUNTER", check_counter}},
                            {generic_form<QueueIdOk>("G-COUNTER", "queue jobs"), generic_form<PhalaIdOk>("G-COUNTER", "confidential jobs"), generic_form<IntentIdOk>("G-COUNTER", "intents"), generic_form<BatchIdOk>("G-COUNTER", "batches"), generic_form<TokenIdOk>("G-COUNTER", "tokens")},
                            // G-SOLVENT is over the escrow's and the registry's sums: the prover's ghosts.
                            {{"G-VALUE", "", value_form},
                             {"G-ATOMIC", "", atomic_form},
                             {"G-COUNTER", "no counter goes down", counter_form}}};
  return m;
}

}  // namespace meshcheck::invariants::spec
