// The spec profile's cross-contract invariants (spec-profile.md §6.3), but for the two
// enabledness ones (exits.cpp). Each couples two contracts' states, or judges a call by
// its frames (who called whom, with what value).
#include "invariants/spec/spec.hpp"

namespace meshcheck::invariants::spec {

namespace {
using ms::EscrowStatus;
using ms::IntentStatus;
using ms::JobStatus;

// --- X-ESCROW -----------------------------------------------------------------------------------
const Invariant kEscrow{
    "X-ESCROW", Kind::State,
    "For every j: a job escrow exists iff 1 ≤ j ≤ job_counter (iff job j exists), with payer = owner and amount = "
    "budget; once assigned, payee = assigned_provider and price = job.price; Registered/Assigned/InProgress/Disputed "
    "⇒ Locked; Cancelled/Expired/Failed ⇔ Refunded; Released ⇒ Completed; Completed ∧ private ⇒ Released; "
    "Completed ∧ public ⇒ Locked or Released.",
    "The queue and the escrow are two ledgers of one promise; if they disagree, a job can be worked on with no money "
    "behind it, paid while it is open, or refunded and paid both.",
    "", {"spec"}};

template <class D> Bool<D> escrow_coupled(const ms::SpecSystem<D>& s, const U128<D>& j) {
  auto job = queue(s).jobs.get(j);
  auto e = escrow(s).jobs.get(j);
  const auto& J = job.value;
  const auto& E = e.value;
  auto st = J.status;
  Bool<D> open = st == JobStatus::Registered || st == JobStatus::Assigned || st == JobStatus::InProgress ||
                 st == JobStatus::Disputed;
  Bool<D> closed = st == JobStatus::Cancelled || st == JobStatus::Expired || st == JobStatus::Failed;
  return (job.some == e.some) && implies(job.some, U128<D>(1) <= j && j <= queue(s).job_counter) &&
         implies(job.some, E.payer == J.owner && E.amount == J.budget &&
                               implies(J.assigned_provider.some, E.payee.some && E.payee.value == J.assigned_provider.value &&
                                                                     E.price == J.price) &&
                               implies(open, E.status == EscrowStatus::Locked) &&
                               (closed == (E.status == EscrowStatus::Refunded)) &&
                               implies(E.status == EscrowStatus::Released, st == JobStatus::Completed) &&
                               implies(st == JobStatus::Completed && J.privacy_required, E.status == EscrowStatus::Released) &&
                               implies(st == JobStatus::Completed && !J.privacy_required,
                                       E.status == EscrowStatus::Locked || E.status == EscrowStatus::Released));
}

void check_escrow(const SpecStep& v, Findings& findings) {
  std::set<u128> keys;
  for (auto& c : v.jobs) keys.insert(c.key);
  for (auto& c : v.escrows) keys.insert(c.key);
  for (const u128& j : keys)
    if (!escrow_coupled<Concrete>(v.post, j))
      findings.violation("X-ESCROW", [&] { return job_text(j) + " and its job escrow disagree"; });
}

// --- X-PAY ----------------------------------------------------------------------------------------
const Invariant kPay{
    "X-PAY", Kind::Transition,
    "A job escrow is Released only if its job is Completed (and stays so), paying exactly price ≤ budget to the job's "
    "assigned provider and budget − price to its owner; a job escrow pays no one but its payee (price, on release) and "
    "its payer (remainder, or the whole amount on refund).",
    "Payment must follow completed work: paying for unfinished work, paying the wrong party, or paying more than the "
    "agreed price takes money the owner never agreed to spend.",
    "", {"spec"}};

template <class D> Bool<D> released_only_completed(const ms::SpecSystem<D>& s, const U128<D>& j) {
  auto job = queue(s).jobs.get(j);
  auto e = escrow(s).jobs.get(j);
  return implies(e.some && e.value.status == EscrowStatus::Released,
                 job.some && job.value.status == JobStatus::Completed && e.value.price <= e.value.amount &&
                     job.value.assigned_provider.some);
}

void check_pay(const SpecStep& v, Findings& findings) {
  std::set<u128> keys;
  for (auto& c : v.jobs) keys.insert(c.key);
  for (auto& c : v.escrows) keys.insert(c.key);
  for (const u128& j : keys)
    if (!released_only_completed<Concrete>(v.post, j))
      findings.violation("X-PAY", [&] { return "the escrow of " + job_text(j) + " is Released but the job is not Completed with a provider"; });
  if (!v.called) return;
  const auto& ts = v.step.result->transfers;
  const auto& payers = v.step.result->payers;
  auto paid = [&](const Address& to, const u128& amount) {
    for (std::size_t i = 0; i < ts.size() && i < payers.size(); ++i)
      if (payers[i] == v.at_escrow && ts[i].to == to && ts[i].amount == U256(amount)) return true;
    return false;
  };
  for (auto& c : v.escrows) {
    if (!c.old || !c.cur || c.old->status != EscrowStatus::Locked || c.cur->status != EscrowStatus::Released) continue;
    const Job* job = queue(v.post).jobs.entries.find(c.key);
    if (!job || !job->assigned_provider.some) continue;  // the state part reported it
    bool ok = job->price <= job->budget && paid(job->assigned_provider.value, job->price) &&
              (job->budget == job->price || paid(job->owner, u128(job->budget - job->price)));
    if (!ok)
      findings.violation("X-PAY", [&] {
        return "releasing " + job_text(c.key) + " did not pay its price " + job->price.str() + " to " +
               job->assigned_provider.value.hex() + " and the rest of " + job->budget.str() + " to " + job->owner.hex();
      });
  }
}

// The form of the transition part (the state part is the generic form below): a job
// escrow the path moves Locked → Released pays exactly price ≤ budget to the assigned
// provider and budget − price to the owner.
z3::expr pay_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  auto j = quantified<SKey>("X-PAY.j");
  auto e0 = escrow(pre).jobs.get(j);
  auto e1 = escrow(p.post).jobs.get(j);
  auto job = queue(p.post).jobs.get(j);
  const auto& J = job.value;
  ms::SBool released = e0.some && e1.some && e0.value.status == EscrowStatus::Locked &&
                       e1.value.status == EscrowStatus::Released && job.some && J.assigned_provider.some;
  z3::expr ok = (J.price <= J.budget).e && path_pays(p, ms::PaymentEscrow::kName, J.assigned_provider.value.e, J.price.e) &&
                ((J.budget == J.price).e ||
                 path_pays(p, ms::PaymentEscrow::kName, J.owner.e, ms::unchecked_sub(J.budget, J.price).e));
  return z3::implies(released.e, ok);
}

// --- X-PRIVATE ------------------------------------------------------------------------------------
const Invariant kPrivate{
    "X-PRIVATE", Kind::State,
    "A private job is Completed iff its confidential job has an attestation; that attestation satisfied P-TRUSTED "
    "when recorded (att_ok), and its result_hash equals the job's. Governance never completes a private job.",
    "A private job's provider is paid on completion; completing it without a trusted enclave's attestation of that "
    "very result pays for confidential work nobody can vouch for.",
    "", {"spec"}};

template <class D> Bool<D> private_ok(const ms::SpecSystem<D>& s, const U128<D>& j) {
  auto job = queue(s).jobs.get(j);
  const auto& J = job.value;
  auto att = phala(s).attestations.get(J.confidential_id.value);
  Bool<D> linked = job.some && J.privacy_required && J.confidential_id.some;
  return implies(linked, (J.status == JobStatus::Completed) == att.some &&
                             implies(att.some, J.result_hash.some && J.result_hash.value == att.value.result_hash));
}

// Lemma for X-PRIVATE: a private job linked to a confidential job holds a result hash only
// once that confidential job has an attestation (complete_attested, the one message that
// records a private job's hash, runs inside record_attestation after the write). Why it is
// needed: a private job disputed while InProgress and resolved for its provider is
// Completed by resolve_dispute only if it holds a result hash; without this lemma a free
// state may give it one with no attestation, and the resolution completes it unattested.
template <class D> Bool<D> private_hash_attested(const ms::SpecSystem<D>& s, const U128<D>& j) {
  auto job = queue(s).jobs.get(j);
  const auto& J = job.value;
  auto att = phala(s).attestations.get(J.confidential_id.value);
  return implies(job.some && J.privacy_required && J.confidential_id.some && J.result_hash.some, att.some);
}

void check_private(const SpecStep& v, Findings& findings) {
  std::set<u128> keys;
  for (auto& c : v.jobs) keys.insert(c.key);
  // A new attestation concerns the queue job its confidential job links to.
  for (auto& c : v.attestations)
    if (const ConfJob* cj = phala(v.post).jobs.entries.find(c.key); cj && cj->queue_job.some) keys.insert(cj->queue_job.value);
  for (const u128& j : keys) {
    if (!private_ok<Concrete>(v.post, j))
      findings.violation("X-PRIVATE", [&] { return "private " + job_text(j) + "'s completion and its attestation disagree"; });
    const Job* job = queue(v.post).jobs.entries.find(j);
    if (job && job->privacy_required && job->status == JobStatus::Completed && job->confidential_id.some &&
        !v.ghost->att_ok.count(job->confidential_id.value))
      findings.violation("X-PRIVATE", [&] {
        return "private " + job_text(j) + " is Completed on an attestation that did not meet P-TRUSTED when recorded";
      });
  }
}

// --- X-LINK ---------------------------------------------------------------------------------------
const Invariant kLink{
    "X-LINK", Kind::State,
    "A job is private iff confidential_id = Some(c) with phala.jobs[c].queue_job = Some(j) and the same owner; every "
    "phala job with queue_job = Some(j) is that job's. Standalone phala jobs link to nothing.",
    "The link decides which attestation completes which job; a broken or shared link lets one attestation pay for "
    "another job, or leaves a private job that nothing can complete.",
    "", {"spec"}};

template <class D> Bool<D> queue_link_ok(const ms::SpecSystem<D>& s, const U128<D>& j) {
  auto job = queue(s).jobs.get(j);
  const auto& J = job.value;
  auto cj = phala(s).jobs.get(J.confidential_id.value);
  return implies(job.some, J.privacy_required == J.confidential_id.some &&
                               implies(J.confidential_id.some, cj.some && cj.value.queue_job.some &&
                                                                   cj.value.queue_job.value == j && cj.value.owner == J.owner));
}
template <class D> Bool<D> phala_link_ok(const ms::SpecSystem<D>& s, const U128<D>& c) {
  auto cj = phala(s).jobs.get(c);
  auto job = queue(s).jobs.get(cj.value.queue_job.value);
  return implies(cj.some && cj.value.queue_job.some,
                 job.some && job.value.confidential_id.some && job.value.confidential_id.value == c);
}

void check_link(const SpecStep& v, Findings& findings) {
  for (auto& c : v.jobs)
    if (c.cur && !queue_link_ok<Concrete>(v.post, c.key))
      findings.violation("X-LINK", [&] { return job_text(c.key) + "'s privacy and its confidential job's link disagree"; });
  for (auto& c : v.conf_jobs) {
    if (!c.cur) continue;
    if (!phala_link_ok<Concrete>(v.post, c.key))
      findings.violation("X-LINK", [&] {
        return "confidential job " + c.key.str() + " links to a queue job that does not link back to it";
      });
    // Its queue job's side of the link (same owner) is judged too.
    if (c.cur->queue_job.some && !queue_link_ok<Concrete>(v.post, c.cur->queue_job.value))
      findings.violation("X-LINK", [&] {
        return "confidential job " + c.key.str() + " and " + job_text(c.cur->queue_job.value) + " disagree on the link";
      });
  }
}

// --- X-BIDDER ---------------------------------------------------------------------------------------
const Invariant kBidder{
    "X-BIDDER", Kind::Transition,
    "A step that assigns p to j sees, in the registry at that step, a bid (j, p) with price = job.price ≤ budget, "
    "penalty = job.penalty, block + max_duration_blocks ≤ deadline, and p registered, active, stake ≥ min_stake, "
    "reputation ≥ MIN_BID_REPUTATION, with the capability of compute_type.",
    "Owners pay the assigned provider; assigning someone who never bid, is not staked, has lost its reputation or "
    "cannot run the job hands the budget to a party with nothing at risk.",
    "", {"spec"}};

template <class D>
Bool<D> bidder_ok(const ms::SpecSystem<D>& pre, const ms::SpecSystem<D>& post, const U128<D>& j, const U32<D>& block) {
  auto was = queue(pre).jobs.get(j);
  auto now = queue(post).jobs.get(j);
  const auto& J = now.value;
  const Addr<D>& p = J.assigned_provider.value;
  Bool<D> assigned_now = now.some && J.assigned_provider.some && !(was.some && was.value.assigned_provider.some);
  auto bid = registry(pre).bids.get(Pair<D, U128<D>, Addr<D>>(j, p));
  auto prov = registry(pre).providers.get(p);
  auto ct = J.compute_type;
  U8<D> bit = ms::select(ct == ms::ComputeType::Cpu, U8<D>(1), ms::select(ct == ms::ComputeType::Gpu, U8<D>(2), U8<D>(4)));
  // block + max_duration in u64 (R4), as the guard computes it.
  U64<D> end = ms::unchecked_add(ms::resize<U64<D>>(block), ms::resize<U64<D>>(bid.value.sla.max_duration_blocks));
  return implies(assigned_now,
                 bid.some && bid.value.price == J.price && J.price <= J.budget && bid.value.sla.penalty == J.penalty &&
                     end <= ms::resize<U64<D>>(J.deadline) && prov.some && prov.value.is_active &&
                     prov.value.stake >= registry(pre).min_stake && prov.value.reputation >= U32<D>(ms::kMinBidReputation) &&
                     ms::bit_and(prov.value.capabilities, bit) != U8<D>(0));
}

void check_bidder(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  for (auto& c : v.jobs)
    if (!bidder_ok<Concrete>(v.pre, v.post, c.key, v.block))
      findings.violation("X-BIDDER", [&] {
        return job_text(c.key) + " was assigned to " + c.cur->assigned_provider.value.hex() +
               " without an eligible, matching bid at that step";
      });
}

z3::expr bidder_form(const SSys& pre, const SEnv& env, const SpecPath& p) {
  return bidder_ok<ms::Symbolic>(pre, p.post, quantified<SKey>("X-BIDDER.j"), env.block).e;
}

// --- X-DATA ---------------------------------------------------------------------------------------
const Invariant kData{
    "X-DATA", Kind::Transition,
    "A step that stores a job with data_nft = Some(n) sees verify_data_access(n, owner) true at that step; if n's "
    "privacy is Confidential the job is private.",
    "A job that names a data NFT runs on that data; without access the job owner uses data it never paid for, and "
    "Confidential data outside a TEE leaks to the provider.",
    "", {"spec"}};

template <class D>
Bool<D> data_ok(const ms::SpecSystem<D>& pre, const ms::SpecSystem<D>& post, const U128<D>& j, const U64<D>& now) {
  auto was = queue(pre).jobs.get(j);
  auto job = queue(post).jobs.get(j);
  const auto& J = job.value;
  const U128<D>& n = J.data_nft.value;
  auto token = nft(pre).nfts.get(n);
  auto sub = nft(pre).subscriptions.get(Pair<D, U128<D>, Addr<D>>(n, J.owner));
  Bool<D> access = token.some && (J.owner == token.value.owner || token.value.policy.privacy == ms::PrivacyLevel::Public ||
                                  (sub.some && now < sub.value.expires_at));
  return implies(job.some && was.is_none() && J.data_nft.some,
                 access && implies(token.value.policy.privacy == ms::PrivacyLevel::Confidential, J.privacy_required));
}

void check_data(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  for (auto& c : v.jobs)
    if (!data_ok<Concrete>(v.pre, v.post, c.key, v.now))
      findings.violation("X-DATA", [&] {
        return job_text(c.key) + " was stored on data NFT " + c.cur->data_nft.value.str() +
               " without its owner's access (or Confidential data on a public job)";
      });
}

z3::expr data_form(const SSys& pre, const SEnv& env, const SpecPath& p) {
  return data_ok<ms::Symbolic>(pre, p.post, quantified<SKey>("X-DATA.j"), env.now).e;
}

// --- X-FORWARD ------------------------------------------------------------------------------------
const Invariant kForward{
    "X-FORWARD", Kind::Transition,
    "No call changes the balance of ai_job_queue, data_nft_registry, mev_protection or phala_job_processor; every "
    "value a call receives is, within the call, either (a) returned by revert (G-ATOMIC), or (b) recorded in escrow "
    "as a Locked amount or a claimable credit, or (c) added to a stake.",
    "Value that stops in a contract with no ledger for it is stranded: no message can pay it out, and users lose it.",
    "", {"spec"}};

// Concrete, by frames: a frame that brings value into a forwarder must pass exactly that
// value on, within the call, to a recording message of the escrow (or the registry).
void check_forward(const SpecStep& v, Findings& findings) {
  if (v.first || v.step.kind != StepKind::Call) return;
  const Address forwarders[] = {v.at_queue, v.at_nft, v.at_mev, v.at_phala};
  for (const Address& a : forwarders)
    if (v.balance_after(a) != v.balance_before(a))
      findings.violation("X-FORWARD", [&] {
        return "the balance of forwarder " + a.hex() + " changed from " + v.balance_before(a).str() + " to " +
               v.balance_after(a).str();
      });
  if (!v.called) return;
  const auto& frames = v.frame_list();
  auto recording = [&](const model::Frame& f) {
    namespace pe = ms::payment_escrow;
    namespace cpr = ms::compute_provider_registry;
    return is<pe::DepositEscrow>(v, f) || is<pe::DistributeRewards>(v, f) || is<pe::SlashStake>(v, f) ||
           is<cpr::RegisterProvider>(v, f) || is<cpr::AddStake>(v, f);
  };
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const model::Frame& f = frames[i];
    if (f.value == 0) continue;
    bool into_forwarder = std::find(std::begin(forwarders), std::end(forwarders), f.contract) != std::end(forwarders);
    if (!into_forwarder) {
      if (!recording(f))
        findings.violation("X-FORWARD", [&] { return f.value.str() + " was received by " + SpecStep::label(f) + ", which records no obligation"; });
      continue;
    }
    bool passed = false;
    for (std::size_t k = i + 1; k < frames.size() && frames[k].depth > f.depth; ++k)
      if (frames[k].caller == f.contract && frames[k].value == f.value && recording(frames[k])) passed = true;
    if (!passed)
      findings.violation("X-FORWARD", [&] {
        return f.value.str() + " received by " + SpecStep::label(f) + " of " + f.contract.hex() + " was not passed on to a recording message";
      });
  }
}

// The form, beside the concrete check: the same two parts over the path's frames (which
// contract each frame ran is static along a path; its caller and value are terms).
bool is_forwarder(std::string_view contract) {
  return contract == ms::AiJobQueue::kName || contract == ms::DataNftRegistry::kName ||
         contract == ms::MevProtection::kName || contract == ms::PhalaJobProcessor::kName;
}
bool is_recording(const SFrame& f) {
  namespace pe = ms::payment_escrow;
  namespace cpr = ms::compute_provider_registry;
  return runs<pe::DepositEscrow>(f) || runs<pe::DistributeRewards>(f) || runs<pe::SlashStake>(f) ||
         runs<cpr::RegisterProvider>(f) || runs<cpr::AddStake>(f);
}
z3::expr forward_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  z3::context& ctx = ms::current_context();
  // The statement is about calls, as check_forward judges only call steps: a plain
  // transfer (a path with no frame) raises its recipient's balance by the sender's own
  // act, which no contract can refuse, and no call made it.
  if (p.frames.empty()) return ctx.bool_val(true);
  z3::expr ok = ctx.bool_val(true);
  auto same_balance = [&](const auto& a, const auto& b) { ok = ok && a.balance.e == b.balance.e; };
  same_balance(pre.slot<ms::AiJobQueue>(), p.post.slot<ms::AiJobQueue>());
  same_balance(pre.slot<ms::DataNftRegistry>(), p.post.slot<ms::DataNftRegistry>());
  same_balance(pre.slot<ms::MevProtection>(), p.post.slot<ms::MevProtection>());
  same_balance(pre.slot<ms::PhalaJobProcessor>(), p.post.slot<ms::PhalaJobProcessor>());
  const z3::expr zero = ctx.bv_val(0, 256);
  for (std::size_t i = 0; i < p.frames.size(); ++i) {
    const SFrame& f = p.frames[i];
    if (!is_forwarder(f.contract)) {
      if (!is_recording(f)) ok = ok && f.value.e == zero;
      continue;
    }
    const ms::SAddr self = address_named(pre, f.contract);
    z3::expr passed = ctx.bool_val(false);
    for (std::size_t k = i + 1; k < p.frames.size() && p.frames[k].depth > f.depth; ++k)
      if (is_recording(p.frames[k])) passed = passed || (p.frames[k].caller.e == self.e && p.frames[k].value.e == f.value.e);
    ok = ok && z3::implies(f.value.e != zero, passed);
  }
  return ok;
}

// --- X-REVENUE ------------------------------------------------------------------------------------
const Invariant kRevenue{
    "X-REVENUE", Kind::Transition,
    "A successful purchase of price p for a token owned by o raises claimable[o] by exactly p and no other claimable, "
    "and raises total_revenue by p; Σ of all subscription prices ever paid = Σ of distribute_rewards credits; a "
    "claimable balance falls only by withdraw_rewards of its holder, paying exactly it.",
    "Subscribers pay data owners through the escrow; revenue that is credited to the wrong account, lost on the way, "
    "or withdrawn by someone else takes the data owner's income.",
    "", {"spec"}};

// Concrete: ghosts revenue_paid, rewards_credited, revenue_held, revenue_burnt (view.cpp).
void check_revenue(const SpecStep& v, Findings& findings) {
  const Ghost& g = *v.ghost;
  if (g.revenue_paid != g.rewards_credited || g.revenue_paid != g.revenue_held + g.revenue_burnt)
    findings.violation("X-REVENUE", [&] {
      return "subscriptions paid " + g.revenue_paid.str() + ", rewards credited " + g.rewards_credited.str() +
             ", total_revenue " + g.revenue_held.str() + " (+ " + g.revenue_burnt.str() + " of burnt tokens)";
    });
  if (v.first) return;
  namespace dn = ms::data_nft_registry;
  auto purchases = frames_running<dn::PurchaseSubscription>(v);
  std::map<Address, BigInt> expected;  // claimable rises by the purchases' prices to their owners
  for (const model::Frame* f : purchases) {
    u128 n = u128(f->args.at(0).as_int());
    const Nft* token = nft(v.pre).nfts.entries.find(n);
    const Nft* after = nft(v.post).nfts.entries.find(n);
    if (!token || !after) continue;
    expected[token->owner] += BigInt(f->value);
    if (BigInt(after->total_revenue) - BigInt(token->total_revenue) != BigInt(f->value))
      findings.violation("X-REVENUE", [&] { return "token " + n.str() + "'s total_revenue did not rise by the price " + f->value.str(); });
  }
  bool withdrew = !frames_running<ms::payment_escrow::WithdrawRewards>(v).empty();
  bool slashed = !frames_running<ms::payment_escrow::SlashStake>(v).empty();
  for (auto& c : v.claimable) {
    BigInt change = BigInt(c.cur ? *c.cur : u128(0)) - BigInt(c.old ? *c.old : u128(0));
    BigInt want = expected.count(c.key) ? expected[c.key] : BigInt(0);
    if (change > 0 && !purchases.empty() && !slashed && change != want)
      findings.violation("X-REVENUE", [&] {
        return "claimable of " + c.key.hex() + " rose by " + change.str() + " on purchases owing it " + want.str();
      });
    if (change < 0 && !withdrew)
      findings.violation("X-REVENUE", [&] { return "claimable of " + c.key.hex() + " fell without withdraw_rewards"; });
    if (change < 0 && withdrew) {
      bool paid = false;
      const auto& ts = v.step.result->transfers;
      for (std::size_t i = 0; i < ts.size(); ++i)
        if (ts[i].to == c.key && BigInt(ts[i].amount) == -change && v.step.result->payers.at(i) == v.at_escrow) paid = true;
      if (!paid || (c.cur && *c.cur != 0) || v.step.call->caller != c.key)
        findings.violation("X-REVENUE", [&] { return "withdraw_rewards did not pay " + c.key.hex() + " exactly its claimable"; });
    }
  }
  for (auto& e : expected)
    if (e.second > 0 && std::none_of(v.claimable.begin(), v.claimable.end(), [&](auto& c) { return c.key == e.first; }))
      findings.violation("X-REVENUE", [&] { return "a purchase owed " + e.first.hex() + " " + e.second.str() + " but its claimable did not change"; });
}

// The form of the per-call part (the sums are the two forms below): at a quantified
// account a, a purchase's price reaches the token's owner's claimable, and a claimable
// falls only by its holder's withdraw_rewards paying exactly the fall. "Raises
// total_revenue by p" is revenue_held_form's (at a quantified token, so at the purchase's
// own): stated here too, conjoined to every case of a, it cost purchase_subscription's ok
// path 3.9M units more (X-REVENUE's three forms there: 6.25M with it, 2.31M without).
z3::expr revenue_form(const SSys& pre, const SEnv& env, const SpecPath& p) {
  namespace dn = ms::data_nft_registry;
  namespace pe = ms::payment_escrow;
  z3::context& ctx = ms::current_context();
  auto a = quantified<ms::SAddr>("X-REVENUE.account");
  z3::expr ok = ctx.bool_val(true);
  z3::expr expected = ctx.bv_val(0, 264);
  bool purchased = false, withdrew = false, slashed = false;
  for (const SFrame& f : p.frames) {
    withdrew = withdrew || runs<pe::WithdrawRewards>(f);
    slashed = slashed || runs<pe::SlashStake>(f);
    if (!runs<dn::PurchaseSubscription>(f)) continue;
    purchased = true;
    SKey n(f.args.at(0));
    auto t0 = nft(pre).nfts.get(n);
    auto t1 = nft(p.post).nfts.get(n);
    z3::expr both = (t0.some && t1.some).e;
    expected = expected + z3::ite(both && t0.value.owner.e == a.e, wide(f.value.e), ctx.bv_val(0, 264));
  }
  const z3::expr c0 = escrow(pre).claimable.get_or_default(a).e;
  const z3::expr c1 = escrow(p.post).claimable.get_or_default(a).e;
  z3::expr rose = z3::ugt(c1, c0), fell = z3::ult(c1, c0);
  if (purchased && !slashed) ok = ok && z3::implies(rose, wide(c1) == wide(c0) + expected);
  if (!withdrew) ok = ok && !fell;
  else
    ok = ok && z3::implies(fell, path_pays(p, pe::WithdrawRewards::Contract::kName, a.e, (c0 - c1)) &&
                                     c1 == ctx.bv_val(0, 128) && env.caller.e == a.e);
  ok = ok && z3::implies(z3::ugt(expected, ctx.bv_val(0, 264)), c1 != c0);
  return ok;
}

// The sums: Σ of the prices of every successful purchase (revenue_paid, view.cpp) =
// Σ of every distribute_rewards credit (rewards_credited) = Σ total_revenue of the live
// tokens + Σ total_revenue the burnt ones held (revenue_held + revenue_burnt), the
// equalities check_revenue holds the Monitor's ghosts to.
//
// Why step forms and no ghost in the prover's state: each of these ghosts is a history
// counter (0 at the deployment, where no token exists and no call was made) that only a
// step changes, by an amount the step alone fixes: the prices its purchase frames
// received, the values its distribute_rewards frames received, what it adds to its
// tokens' total_revenue (a burnt token's revenue moves from held to burnt and changes
// neither sum). As free integers in the composed state, `paid = credited` would be
// inductive exactly when every step adds the same to both, with the counters cancelled
// from both sides: the candidate would read nothing else, and its step query would be
// the step form below with two more free terms. Stated per step, the equality holds after
// every step of every run from the deployment (0 = 0) by induction over the run: the
// statement exactly, with no state, no hook and no cone to keep.

// The prices a path's purchases received, as 264-bit sums (they cannot wrap).
z3::expr prices_paid(const SpecPath& p) {
  z3::expr out = ms::current_context().bv_val(0, 264);
  for (const SFrame& f : p.frames)
    if (runs<ms::data_nft_registry::PurchaseSubscription>(f)) out = out + wide(f.value.e);
  return out;
}

// Σ prices paid = Σ distribute_rewards credits: every path's purchases received what its
// distribute_rewards calls received (a refused path runs no frame).
z3::expr revenue_credited_form(const SSys&, const SEnv&, const SpecPath& p) {
  z3::expr credited = ms::current_context().bv_val(0, 264);
  for (const SFrame& f : p.frames)
    if (runs<ms::payment_escrow::DistributeRewards>(f)) credited = credited + wide(f.value.e);
  return prices_paid(p) == credited;
}

// Σ prices paid = Σ total_revenue of live and burnt tokens, at a quantified token n: a
// token there before and after the path gains exactly the prices its purchases on the
// path received; a token the path creates starts at 0; no price is received for a token
// not there before and after. Summed over every n these say the path raises Σ total_revenue
// (a burnt token's counted as it was when burnt) by Σ prices paid: the tokens there before
// and after gain their purchases' prices, a new one adds 0, a burnt one moves its revenue
// from the live tokens' sum to the burnt ones', and every purchase is on a token there
// before and after.
z3::expr revenue_held_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  z3::context& ctx = ms::current_context();
  auto n = quantified<SKey>("X-REVENUE.token");
  z3::expr bought = ctx.bv_val(0, 264);
  for (const SFrame& f : p.frames)
    if (runs<ms::data_nft_registry::PurchaseSubscription>(f))
      bought = bought + z3::ite(f.args.at(0) == n.e, wide(f.value.e), ctx.bv_val(0, 264));
  auto t0 = nft(pre).nfts.get(n);
  auto t1 = nft(p.post).nfts.get(n);
  const z3::expr both = (t0.some && t1.some).e;
  return z3::implies(both, wide(t1.value.total_revenue.e) == wide(t0.value.total_revenue.e) + bought) &&
         z3::implies((!t0.some && t1.some).e, t1.value.total_revenue.e == ctx.bv_val(0, 128)) &&
         z3::implies(!both, bought == ctx.bv_val(0, 264));
}

// --- X-SLASH --------------------------------------------------------------------------------------
const Invariant kSlash{
    "X-SLASH", Kind::Transition,
    "A slash moves exactly min(job.penalty, stake) from the assigned provider's stake to claimable[job.owner], at most "
    "once per job, only for a job that is Expired with that provider assigned, or Failed.",
    "Slashing takes a provider's collateral; slashing the wrong provider, twice, more than the agreed penalty, or into "
    "the wrong pocket is theft from providers or owners.",
    "", {"spec"}};

void check_slash(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  for (auto& c : v.slashed) {
    if (c.old && *c.old && !(c.cur && *c.cur))
      findings.violation("X-SLASH", [&] { return job_text(c.key) + " was unmarked as slashed"; });
    if (!c.cur || !*c.cur || (c.old && *c.old)) continue;
    const Job* job = queue(v.pre).jobs.entries.find(c.key);
    bool ok = job && job->assigned_provider.some &&
              (job->status == JobStatus::Expired || job->status == JobStatus::Failed);
    if (!ok) {
      findings.violation("X-SLASH", [&] { return job_text(c.key) + " was slashed, but is not Expired or Failed with a provider"; });
      continue;
    }
    const Address& p = job->assigned_provider.value;
    const Provider* was = registry(v.pre).providers.entries.find(p);
    const Provider* now = registry(v.post).providers.entries.find(p);
    u128 s = was ? std::min(job->penalty, was->stake) : u128(0);
    BigInt owner_gain = BigInt(escrow(v.post).claimable.get_or_default(job->owner)) -
                        BigInt(escrow(v.pre).claimable.get_or_default(job->owner));
    if (!was || !now || BigInt(was->stake) - BigInt(now->stake) != BigInt(s) || owner_gain != BigInt(s))
      findings.violation("X-SLASH", [&] {
        return "slashing " + job_text(c.key) + " did not move exactly min(penalty, stake) = " + s.str() + " from " +
               p.hex() + "'s stake to " + job->owner.hex() + "'s claimable";
      });
  }
  // A stake that falls by a slash (not a withdrawal) must belong to a job marked slashed now.
  if (!v.called) return;
  if (!frames_running<ms::compute_provider_registry::SlashStake>(v).empty() && v.slashed.empty())
    findings.violation("X-SLASH", [&] { return std::string("a slash succeeded without marking its job slashed"); });
}

// The form, beside the concrete check: at a quantified job j.
z3::expr slash_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  using S = ms::Symbolic;
  z3::context& ctx = ms::current_context();
  auto j = quantified<SKey>("X-SLASH.j");
  (void)ctx;
  auto m0 = registry(pre).slashed.get(j);
  auto m1 = registry(p.post).slashed.get(j);
  Bool<S> was = m0.some && m0.value, is = m1.some && m1.value;
  z3::expr ok = !(was && !is).e;
  auto job = queue(pre).jobs.get(j);
  const auto& J = job.value;
  Bool<S> eligible = job.some && J.assigned_provider.some && (J.status == JobStatus::Expired || J.status == JobStatus::Failed);
  auto p0 = registry(pre).providers.get(J.assigned_provider.value);
  auto p1 = registry(p.post).providers.get(J.assigned_provider.value);
  U128<S> amount = ms::select(J.penalty < p0.value.stake, J.penalty, p0.value.stake);
  auto g0 = escrow(pre).claimable.get_or_default(J.owner);
  auto g1 = escrow(p.post).claimable.get_or_default(J.owner);
  // "falls by exactly amount" as after + amount = before, in arithmetic that cannot wrap (the
  // same as before − after = amount ∧ after ≤ before, in fewer of Z3's resource units).
  z3::expr moved = (p0.some && p1.some).e && wide(p1.value.stake.e) + wide(amount.e) == wide(p0.value.stake.e) &&
                   wide(g0.e) + wide(amount.e) == wide(g1.e);
  ok = ok && z3::implies((is && !was).e, eligible.e && moved);
  bool slash_ran = false;
  for (const SFrame& f : p.frames) slash_ran = slash_ran || runs<ms::compute_provider_registry::SlashStake>(f);
  if (slash_ran) ok = ok && !ms::sym_equal(registry(pre).slashed, registry(p.post).slashed);
  return ok;
}

// --- X-MEV ----------------------------------------------------------------------------------------
const Invariant kMev{
    "X-MEV", Kind::State,
    "A Pending batch's intents are all Batched; an Executed batch's all Executed with every capital Released to the "
    "executor of that step; a Failed batch's all Failed with every capital Refunded; capital mirrors status "
    "(Pending/Batched ⇔ Locked, Executed ⇔ Released, Failed/Cancelled ⇔ Refunded) and exists iff 1 ≤ i ≤ "
    "intent_counter; pending_count = the number of Pending intents.",
    "Batches are all-or-nothing; a batch that pays some traders and refunds others, or capital that does not follow "
    "its intent, hands value to the executor or strands it.",
    "", {"spec"}};

template <class D> Bool<D> capital_mirrors(const ms::SpecSystem<D>& s, const U128<D>& i) {
  auto in = mev(s).intents.get(i);
  auto cap = escrow(s).capital.get(i);
  auto st = in.value.status;
  auto es = cap.value.status;
  return (in.some == cap.some) && implies(in.some, U128<D>(1) <= i && i <= mev(s).intent_counter) &&
         implies(in.some, ((st == IntentStatus::Pending || st == IntentStatus::Batched) == (es == EscrowStatus::Locked)) &&
                              ((st == IntentStatus::Executed) == (es == EscrowStatus::Released)) &&
                              ((st == IntentStatus::Failed || st == IntentStatus::Cancelled) == (es == EscrowStatus::Refunded)) &&
                              cap.value.payer == in.value.user && cap.value.amount == in.value.amount_in);
}
// Batch b, at position k of its list: the intent listed there shares its outcome.
template <class D>
Bool<D> batch_member_mirrors(const ms::SpecSystem<D>& s, const U128<D>& b, std::size_t k) {
  auto batch = mev(s).batches.get(b);
  const auto& B = batch.value;
  auto in = mev(s).intents.get(B.intent_ids.items[k]);
  auto want = ms::select(B.status == IntentStatus::Pending, ms::Enum<D, IntentStatus>(IntentStatus::Batched), B.status);
  return implies(batch.some && U32<D>(u32(k)) < B.intent_ids.len, in.some && in.value.status == want);
}
template <class D>
Bool<D> batch_members_mirror(const ms::SpecSystem<D>& s, const U128<D>& b) {
  Bool<D> ok = true;
  for (std::size_t k = 0; k < ms::kMaxBatchSize; ++k) ok = ok && batch_member_mirrors<D>(s, b, k);
  return ok;
}

void check_mev(const SpecStep& v, Findings& findings) {
  std::set<u128> intents;
  for (auto& c : v.intents) intents.insert(c.key);
  for (auto& c : v.capital) intents.insert(c.key);
  for (const u128& i : intents)
    if (!capital_mirrors<Concrete>(v.post, i))
      findings.violation("X-MEV", [&] { return "intent " + i.str() + " and its capital disagree"; });
  std::set<u128> batches;
  for (auto& c : v.batches) batches.insert(c.key);
  for (auto& c : v.intents) {
    if (c.cur && c.cur->batch_id.some) batches.insert(c.cur->batch_id.value);
    if (c.old && c.old->batch_id.some) batches.insert(c.old->batch_id.value);
  }
  for (const u128& b : batches)
    if (!batch_members_mirror<Concrete>(v.post, b))
      findings.violation("X-MEV", [&] { return "batch " + b.str() + "'s intents do not all share its outcome"; });
  // Executed now: every capital Released to the executor of that step.
  for (auto& c : v.capital)
    if (c.old && c.cur && c.old->status == EscrowStatus::Locked && c.cur->status == EscrowStatus::Released &&
        !c.cur->payee.holds(mev(v.pre).executor))
      findings.violation("X-MEV", [&] { return "the capital of intent " + c.key.str() + " was released to someone other than the executor"; });
  // pending_count, from the intents the step changed (the prover states it over the ghost
  // mev.pending_intents, smt/spec/ghosts.cpp: the same sum, kept by the same changes).
  BigInt pending_change = 0;
  for (auto& c : v.intents)
    pending_change += BigInt(c.cur && c.cur->status == IntentStatus::Pending ? 1 : 0) -
                      BigInt(c.old && c.old->status == IntentStatus::Pending ? 1 : 0);
  BigInt was = v.first ? BigInt(0) : BigInt(mev(v.pre).pending_count);
  if (BigInt(mev(v.post).pending_count) != was + pending_change && !v.first)
    findings.violation("X-MEV", [&] {
      return "pending_count is " + mev(v.post).pending_count.str() + " but the Pending intents changed by " + pending_change.str() +
             " from " + was.str();
    });
}
// The form of the transition part: a capital escrow the path releases goes to the
// executor of that step (mev's executor before the step).
z3::expr mev_release_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  auto i = quantified<SKey>("X-MEV.i");
  auto c0 = escrow(pre).capital.get(i);
  auto c1 = escrow(p.post).capital.get(i);
  ms::SBool released = c0.some && c1.some && c0.value.status == EscrowStatus::Locked && c1.value.status == EscrowStatus::Released;
  return z3::implies(released.e, c1.value.payee.holds(mev(pre).executor).e);
}

// The generic forms (spec.hpp) of the per-entry state predicates above.
struct EscrowCoupled {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return escrow_coupled<D>(s, j); }
};
struct ReleasedOnlyCompleted {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return released_only_completed<D>(s, j); }
};
struct PrivateOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return private_ok<D>(s, j); }
};
struct PrivateHashAttested {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return private_hash_attested<D>(s, j); }
};
struct QueueLinkOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return queue_link_ok<D>(s, j); }
};
struct PhalaLinkOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return phala_link_ok<D>(s, j); }
};
struct CapitalMirrors {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return capital_mirrors<D>(s, j); }
};
// The batch part per position of the list, a candidate each (as M-EXCLUSIVE's batch part,
// invariants/spec/mev_protection.cpp: one position's query at create_batch has n cases
// where the whole list's had 6 x n).
template <std::size_t K>
struct BatchMemberMirrors {
  template <class D>
  static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& b) {
    return batch_member_mirrors<D>(s, b, K);
  }
};

}  // namespace

const SpecModule& cross_module() {
  static const SpecModule m{
      {kEscrow, kPay, kPrivate, kLink, kBidder, kData, kForward, kRevenue, kSlash, kMev},
      {},
      {{"X-ESCROW", check_escrow},
       {"X-PAY", check_pay},
       {"X-PRIVATE", check_private},
       {"X-LINK", check_link},
       {"X-BIDDER", check_bidder},
       {"X-DATA", check_data},
       {"X-FORWARD", check_forward},
       {"X-REVENUE", check_revenue},
       {"X-SLASH", check_slash},
       {"X-MEV", check_mev}},
      {generic_form<EscrowCoupled>("X-ESCROW", "job j and its escrow"),
       generic_form<ReleasedOnlyCompleted>("X-PAY", "released only when completed"),
       generic_form<PrivateOk>("X-PRIVATE", "completed iff attested, same hash"),
       generic_form<QueueLinkOk>("X-LINK", "queue job j"), generic_form<PhalaLinkOk>("X-LINK", "confidential job c"),
       generic_form<CapitalMirrors>("X-MEV", "intent i and its capital"),
       generic_form<BatchMemberMirrors<0>>("X-MEV", "batch b and its intents (position 1)"),
       generic_form<BatchMemberMirrors<1>>("X-MEV", "batch b and its intents (position 2)"),
       generic_form<BatchMemberMirrors<2>>("X-MEV", "batch b and its intents (position 3)"),
       generic_form<BatchMemberMirrors<3>>("X-MEV", "batch b and its intents (position 4)"),
       generic_form<BatchMemberMirrors<4>>("X-MEV", "batch b and its intents (position 5)"),
       generic_form<BatchMemberMirrors<5>>("X-MEV", "batch b and its intents (position 6)")},
      {{"X-PAY", "a release pays price to the provider and the rest to the owner", pay_form},
       {"X-BIDDER", "", bidder_form},
       {"X-DATA", "", data_form},
       {"X-FORWARD", "", forward_form},
       {"X-REVENUE", "per-call credits and withdrawals", revenue_form},
       {"X-REVENUE", "Σ subscription prices paid = Σ distribute_rewards credits", revenue_credited_form},
       {"X-REVENUE", "Σ subscription prices paid = Σ total_revenue of live and burnt tokens", revenue_held_form},
       {"X-SLASH", "", slash_form},
       {"X-MEV", "capital released to the executor of that step", mev_release_form}},
      {},
      // The lemmas (§6 "ghost / lemmas"): state predicates the proofs of the
      // invariants above need, candidates of the composed prover's induction.
      {generic_form<PrivateHashAttested>("X-PRIVATE", "lemma: a private job holds a result hash only when attested")},
      // What no form states: nothing today. (X-MEV's pending_count part is a candidate over the
      // ghost mev.pending_intents, smt/spec/candidates.cpp; X-REVENUE's sums are step forms.)
      {}};
  return m;
}

}  // namespace meshcheck::invariants::spec
