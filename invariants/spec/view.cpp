// The step's view for the spec checks: the system before and after (assembled from the
// two worlds), the entries each map changed (one PMap::diff per map, O(change)), and the
// ghosts brought up to date from those changes.
#include <algorithm>
#include <stdexcept>

#include "invariants/spec/spec.hpp"
#include "model/profile.hpp"
#include "model/spec/crypto/attestation.hpp"

namespace meshcheck::invariants::spec {

namespace {
template <class K, class V>
void diff_into(const ms::ConcreteMap<K, V>& a, const ms::ConcreteMap<K, V>& b, ChangedList<K, V>& out) {
  PMap<K, V>::diff(a.entries, b.entries, [&](const K& k, const V* old, const V* cur) { out.push_back({k, old, cur}); });
}

bool complete(const Sys& s) {
  bool all = true;
  s.for_each_slot([&](const auto& slot) { all = all && slot.deployed; });
  return all;
}

BigInt locked(const Escrow* e) { return e && e->status == ms::EscrowStatus::Locked ? BigInt(e->amount) : BigInt(0); }

// Updates the ghosts from the view's changed entries.
void update_ghost(SpecStep& v) {
  Ghost& g = *v.ghost;
  for (auto& c : v.escrows) g.locked_jobs += locked(c.cur) - locked(c.old);
  for (auto& c : v.capital) g.locked_capital += locked(c.cur) - locked(c.old);
  for (auto& c : v.claimable) g.claimable_sum += BigInt(c.cur ? *c.cur : u128(0)) - BigInt(c.old ? *c.old : u128(0));
  for (auto& c : v.providers) {
    g.stake_sum += BigInt(c.cur ? c.cur->stake : u128(0)) - BigInt(c.old ? c.old->stake : u128(0));
    g.registered += BigInt(c.cur ? 1 : 0) - BigInt(c.old ? 1 : 0);
  }
  for (auto& c : v.nfts) {
    if (c.old) g.owned[c.old->owner] -= 1;
    if (c.cur) g.owned[c.cur->owner] += 1;
    g.revenue_held += BigInt(c.cur ? c.cur->total_revenue : u128(0)) - BigInt(c.old ? c.old->total_revenue : u128(0));
    if (c.old && !c.cur) g.revenue_burnt += BigInt(c.old->total_revenue);
    // highest_token is raised by N-IDS's check, which compares new ids with it first.
  }
  for (auto& c : v.batches)
    if (c.cur && !c.old)
      for (u32 i = 0; i < c.cur->intent_ids.len && i < c.cur->intent_ids.items.size(); ++i)
        if (!g.listed_by.count(c.cur->intent_ids.items[i])) g.listed_by[c.cur->intent_ids.items[i]] = c.key;
  for (auto& f : v.frame_list()) {
    if (f.contract == v.at_nft && SpecStep::label(f) == "purchase_subscription") g.revenue_paid += BigInt(f.value);
    if (f.contract == v.at_escrow && SpecStep::label(f) == "distribute_rewards") g.rewards_credited += BigInt(f.value);
  }
  for (auto& c : v.attestations)
    if (c.cur && !c.old && untrusted_because(v, c.key, *c.cur).empty()) g.att_ok.insert(c.key);
}

// The view of a step from the empty system to `post`: every entry is new (the first look).
void diff_all(SpecStep& v, const Sys& from) {
  const auto& a = from;
  const auto& b = v.post;
  diff_into(queue(a).jobs, queue(b).jobs, v.jobs);
  diff_into(escrow(a).jobs, escrow(b).jobs, v.escrows);
  diff_into(escrow(a).capital, escrow(b).capital, v.capital);
  diff_into(escrow(a).claimable, escrow(b).claimable, v.claimable);
  diff_into(registry(a).providers, registry(b).providers, v.providers);
  diff_into(registry(a).bids, registry(b).bids, v.bids);
  diff_into(registry(a).slashed, registry(b).slashed, v.slashed);
  diff_into(nft(a).nfts, nft(b).nfts, v.nfts);
  diff_into(nft(a).owner_nft_count, nft(b).owner_nft_count, v.owner_counts);
  diff_into(nft(a).approvals, nft(b).approvals, v.approvals);
  diff_into(nft(a).subscriptions, nft(b).subscriptions, v.subscriptions);
  diff_into(phala(a).jobs, phala(b).jobs, v.conf_jobs);
  diff_into(phala(a).attestations, phala(b).attestations, v.attestations);
  diff_into(phala(a).rate, phala(b).rate, v.rates);
  diff_into(mev(a).intents, mev(b).intents, v.intents);
  diff_into(mev(a).batches, mev(b).batches, v.batches);
  diff_into(mev(a).batch_results, mev(b).batch_results, v.batch_results);
}
}  // namespace

const std::vector<model::Frame>& SpecStep::frame_list() const {
  static const std::vector<model::Frame> kNone;
  return called && frames ? *frames : kNone;
}

const std::string& SpecStep::label(const model::Frame& f) { return f.message->label; }

std::string untrusted_because(const SpecStep& v, const u128& job_id, const Attestation& a) {
  const ConfJob* job = phala(v.post).jobs.entries.find(job_id);
  if (!job) return "its job does not exist";
  if (!phala(v.pre).trusted_workers.get_or_default(a.tee_worker_pubkey)) return "its worker key is not trusted";
  if (a.result_hash.is_zero()) return "its result hash is zero";
  if (a.timestamp < job->created_at) return "its timestamp is before the job was created";
  if (v.now < a.timestamp) return "its timestamp is in the future";
  if (v.now - a.timestamp > ms::kMaxAttestationAgeMs) return "it is older than MAX_ATTESTATION_AGE_MS";
  if (!ms::sig_ok(v.at_phala, job_id, a.result_hash, a.timestamp, a.tee_worker_pubkey, a.attestation_proof))
    return "its signature does not verify (sig_ok)";
  return "";
}

std::string SpecStep::caller_text() const { return step.call ? step.call->caller.hex() : std::string("no call"); }

BigInt SpecStep::balance_after(const Address& a) const { return BigInt(balance_in(step.after, a)); }
BigInt SpecStep::balance_before(const Address& a) const { return BigInt(balance_in(step.before, a)); }

std::string hex(const Address& a) { return a.hex(); }
std::string job_text(const u128& id) { return "job " + id.str(); }

std::vector<const model::Frame*> frames_of(const SpecStep& v, const Address& contract, std::string_view label) {
  std::vector<const model::Frame*> out;
  for (auto& f : v.frame_list())
    if (f.contract == contract && SpecStep::label(f) == label) out.push_back(&f);
  return out;
}

bool ran(const SpecStep& v, const Address& contract, std::string_view label) {
  return !frames_of(v, contract, label).empty();
}

const std::vector<const SpecModule*>& modules() {
  static const std::vector<const SpecModule*> all{&global_module(),   &queue_module(), &escrow_module(),
                                                  &registry_module(), &nft_module(),   &phala_module(),
                                                  &mev_module(),      &cross_module(), &exits_module()};
  return all;
}

void check_step(const RunStep& step, std::any& ghost_any, Findings& findings) {
  // A balances line endows accounts by fiat; it changes no contract.
  SpecStep v{step, ms::bridge::assemble(step.before), ms::bridge::assemble(step.after)};
  if (!complete(v.post)) return;
  v.at_queue = v.post.slot<ms::AiJobQueue>().address;
  v.at_escrow = v.post.slot<ms::PaymentEscrow>().address;
  v.at_registry = v.post.slot<ms::ComputeProviderRegistry>().address;
  v.at_nft = v.post.slot<ms::DataNftRegistry>().address;
  v.at_phala = v.post.slot<ms::PhalaJobProcessor>().address;
  v.at_mev = v.post.slot<ms::MevProtection>().address;
  v.block = step.after.block();
  v.now = step.after.timestamp();
  const bool started = ghost_any.has_value();
  if (!started) ghost_any = Ghost{};
  v.ghost = &std::any_cast<Ghost&>(ghost_any);
  v.first = !started || !complete(v.pre);
  v.called = step.kind == StepKind::Call && step.result && !step.result->outcome.reverted;
  v.frames = step.result ? &step.result->frames : nullptr;
  if (v.first) {
    // The first look: every entry is new, no transition to judge; the ghosts start here.
    *v.ghost = Ghost{};
    v.called = false;
    diff_all(v, Sys{});
  } else {
    diff_all(v, v.pre);
  }
  const Ghost& g = *v.ghost;
  v.ghost_before.locked_jobs = g.locked_jobs;
  v.ghost_before.locked_capital = g.locked_capital;
  v.ghost_before.claimable_sum = g.claimable_sum;
  v.ghost_before.stake_sum = g.stake_sum;
  v.ghost_before.registered = g.registered;
  v.ghost_before.revenue_paid = g.revenue_paid;
  v.ghost_before.rewards_credited = g.rewards_credited;
  update_ghost(v);
  if (v.first) {
    // Attestations already there when the monitor first looks are taken as trusted (the
    // monitor sees spec runs from their deployment, when there are none).
    for (auto& c : v.attestations) v.ghost->att_ok.insert(c.key);
    for (auto& c : v.nfts) v.ghost->highest_token = std::max(v.ghost->highest_token, c.key);
    // Revenue earned before the first look is taken as paid and credited (the monitor sees
    // spec runs from their deployment, when there is none).
    v.ghost->revenue_paid = v.ghost->rewards_credited = v.ghost->revenue_held;
  }
  for (const SpecModule* m : modules())
    for (const SpecRule& rule : m->rules)
      if (findings.wants(rule.id)) rule.check(v, findings);
  // Ghosts the checks maintain as they judge (N-IDS, P-TRUSTED) are brought up to date
  // even when those checks are not wanted.
  for (auto& c : v.nfts)
    if (c.cur) v.ghost->highest_token = std::max(v.ghost->highest_token, c.key);
}

}  // namespace meshcheck::invariants::spec
