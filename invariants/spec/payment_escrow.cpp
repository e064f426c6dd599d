// payment_escrow's invariants in the spec profile: E-CONSERVE and E-AUTH restated for the
// design's three kinds of obligation (job escrows, intent capital, claimable rewards) and
// its callers (queue, phala, verifiers, mev, NFT registry, registry), E-ONCE unchanged.
#include "invariants/spec/spec.hpp"

namespace meshcheck::invariants::spec {

namespace {
namespace pe = ms::payment_escrow;
using ms::EscrowStatus;

std::string status_name(EscrowStatus s) {
  static const char* names[] = {"Locked", "Released", "Refunded"};
  return names[unsigned(s)];
}

// --- E-CONSERVE (restated) --------------------------------------------------------------------
const Invariant kConserve{
    "E-CONSERVE", Kind::Transition,
    "Every call changes payment_escrow's balance by exactly the change in (Σ Locked job amounts + Σ Locked capital + "
    "Σ claimable); a closed escrow counts 0.",
    "The escrow's balance must match what it owes; otherwise deposits can be trapped in the contract or paid out of "
    "other users' escrows.",
    "payment_escrow", {"spec"}};

// Concrete: the sums are view.cpp's ghosts (a plain transfer into the escrow is no call,
// and only raises its balance).
void check_conserve(const SpecStep& v, Findings& findings) {
  if (v.first || v.step.kind != StepKind::Call) return;
  const Ghost& a = v.ghost_before;
  const Ghost& b = *v.ghost;
  BigInt owed_change = (b.locked_jobs - a.locked_jobs) + (b.locked_capital - a.locked_capital) +
                       (b.claimable_sum - a.claimable_sum);
  BigInt balance_change = v.balance_after(v.at_escrow) - v.balance_before(v.at_escrow);
  if (balance_change != owed_change)
    findings.violation("E-CONSERVE", [&] {
      return "payment_escrow's balance changed by " + balance_change.str() + " but what it owes by " +
             owed_change.str() + " in " + (v.step.call ? v.step.call->message->label : std::string("?"));
    });
}

// --- E-ONCE (unchanged: job and capital escrows) ------------------------------------------------
// An escrow that is no longer Locked never changes again (generic, per map).
template <class D, class M>
Bool<D> once_ok(const M& pre_map, const M& post_map, const U128<D>& k) {
  auto was = pre_map.get(k);
  auto now = post_map.get(k);
  return implies(was.some && was.value.status != EscrowStatus::Locked,
                 now.some && now.value.status == was.value.status && now.value.amount == was.value.amount);
}

void check_once(const SpecStep& v, Findings& findings) {
  if (v.first) return;
  auto judge = [&](const ChangedList<u128, Escrow>& list, const auto& pre_map, const auto& post_map, const char* what) {
    for (auto& c : list)
      if (!once_ok<Concrete>(pre_map, post_map, c.key))
        findings.violation("E-ONCE", [&] {
          return std::string(what) + " " + c.key.str() + " was " + status_name(c.old->status) + " and then " +
                 (c.cur ? "became " + status_name(c.cur->status) + " holding " + c.cur->amount.str()
                        : std::string("was removed"));
        });
  };
  judge(v.escrows, escrow(v.pre).jobs, escrow(v.post).jobs, "job escrow");
  judge(v.capital, escrow(v.pre).capital, escrow(v.post).capital, "capital escrow");
}

// The form: the same text at a quantified job escrow and a quantified capital escrow.
z3::expr once_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  auto j = quantified<SKey>("E-ONCE.job");
  auto i = quantified<SKey>("E-ONCE.intent");
  return once_ok<ms::Symbolic>(escrow(pre).jobs, escrow(p.post).jobs, j).e &&
         once_ok<ms::Symbolic>(escrow(pre).capital, escrow(p.post).capital, i).e;
}

// --- E-AUTH (restated) ----------------------------------------------------------------------
const Invariant kAuth{
    "E-AUTH", Kind::Transition,
    "Job funds are deposited by the queue; released by a verifier (public, Completed), phala (private, Completed) or "
    "the queue (dispute won); refunded by the queue only; capital only by mev; claimable is credited only by the NFT "
    "registry and the registry's slash, debited only by its holder. Value leaves only as: price → recorded payee and "
    "remainder → payer (release); amount → payer (refund); amount → `to` (capital release); amount → payer (capital "
    "refund); claimable → holder.",
    "Escrowed funds must move only by the parties the design authorises, and only to the agreed payee or back to the "
    "payer; anything else is theft.",
    "payment_escrow", {"spec"}};

// Concrete: by the escrow frames' immediate callers, and the escrow's transfers.
void check_auth(const SpecStep& v, Findings& findings) {
  if (v.first || !v.called) return;
  auto fail = [&](std::string what) { findings.violation("E-AUTH", [&] { return what; }); };
  auto one_by = [&](auto msg, const u128& key, auto allowed, const std::string& what) {
    using Msg = decltype(msg);
    bool ok = false;
    for (const model::Frame* f : frames_running<Msg>(v))
      if (!f->args.empty() && u128(f->args[0].as_int()) == key && allowed(*f)) ok = true;
    if (!ok) fail(what + " without a " + std::string(Msg::kLabel) + " by an authorised caller");
  };
  const auto& pre = escrow(v.pre);
  for (auto& c : v.escrows) {
    if (!c.old && c.cur)
      one_by(pe::DepositEscrow{}, c.key, [&](const model::Frame& f) { return f.caller == v.at_queue; },
             "job escrow " + c.key.str() + " was created");
    if (!c.old || !c.cur || c.old->status != EscrowStatus::Locked || c.cur->status == EscrowStatus::Locked) continue;
    if (c.cur->status == EscrowStatus::Released) {
      const Job* job = queue(v.post).jobs.entries.find(c.key);
      one_by(pe::ReleasePayment{}, c.key, [&](const model::Frame& f) {
        if (f.caller == v.at_queue) return ran(v, v.at_queue, ms::ai_job_queue::ResolveDispute::kLabel);
        bool completed = job && job->status == ms::JobStatus::Completed;
        if (f.caller == v.at_phala) return completed && job->privacy_required;
        return pre.verifiers.get_or_default(f.caller) && completed && !job->privacy_required;
      }, "job escrow " + c.key.str() + " was released");
    } else {
      one_by(pe::RefundPayment{}, c.key, [&](const model::Frame& f) { return f.caller == v.at_queue; },
             "job escrow " + c.key.str() + " was refunded");
    }
  }
  for (auto& c : v.capital) {
    auto by_mev = [&](const model::Frame& f) { return f.caller == v.at_mev; };
    if (!c.old && c.cur) one_by(pe::DepositEscrow{}, c.key, by_mev, "capital " + c.key.str() + " was created");
    if (!c.old || !c.cur || c.old->status != EscrowStatus::Locked || c.cur->status == EscrowStatus::Locked) continue;
    if (c.cur->status == EscrowStatus::Released) one_by(pe::ReleaseCapital{}, c.key, by_mev, "capital " + c.key.str() + " was released");
    else one_by(pe::RefundCapital{}, c.key, by_mev, "capital " + c.key.str() + " was refunded");
  }
  for (auto& c : v.claimable) {
    u128 was = c.old ? *c.old : u128(0), now = c.cur ? *c.cur : u128(0);
    if (now > was) {
      bool ok = false;
      for (auto& f : v.frame_list()) {
        if (f.contract != v.at_escrow) continue;
        if (is<pe::DistributeRewards>(v, f) && f.caller == v.at_nft) ok = true;
        if (is<pe::SlashStake>(v, f) && f.caller == v.at_registry) ok = true;
      }
      if (!ok) fail("claimable of " + c.key.hex() + " rose without distribute_rewards by the NFT registry or a slash");
    } else if (now < was) {
      bool ok = false;
      for (const model::Frame* f : frames_running<pe::WithdrawRewards>(v))
        if (f->caller == c.key) ok = true;
      if (!ok) fail("claimable of " + c.key.hex() + " fell without withdraw_rewards by its holder");
    }
  }
  // Value leaves only as the design's payments: build them from the escrows the step
  // closed and the claimables it withdrew, and match the escrow's transfers one to one.
  std::vector<std::pair<Address, u128>> expected;
  for (auto& c : v.escrows) {
    if (!c.old || !c.cur || c.old->status != EscrowStatus::Locked) continue;
    if (c.cur->status == EscrowStatus::Released) {
      if (c.old->payee.some) expected.push_back({c.old->payee.value, c.old->price});
      if (c.old->amount > c.old->price) expected.push_back({c.old->payer, u128(c.old->amount - c.old->price)});
    } else if (c.cur->status == EscrowStatus::Refunded) {
      expected.push_back({c.old->payer, c.old->amount});
    }
  }
  for (auto& c : v.capital) {
    if (!c.old || !c.cur || c.old->status != EscrowStatus::Locked) continue;
    if (c.cur->status == EscrowStatus::Released && c.cur->payee.some) expected.push_back({c.cur->payee.value, c.old->amount});
    else if (c.cur->status == EscrowStatus::Refunded) expected.push_back({c.old->payer, c.old->amount});
  }
  for (auto& c : v.claimable) {
    u128 was = c.old ? *c.old : u128(0), now = c.cur ? *c.cur : u128(0);
    if (now < was) expected.push_back({c.key, u128(was - now)});
  }
  const auto& ts = v.step.result->transfers;
  const auto& payers = v.step.result->payers;
  for (std::size_t i = 0; i < ts.size(); ++i) {
    if (i >= payers.size() || payers[i] != v.at_escrow) continue;
    auto it = std::find_if(expected.begin(), expected.end(),
                           [&](auto& e) { return e.first == ts[i].to && U256(e.second) == ts[i].amount; });
    if (it == expected.end()) {
      fail(ts[i].amount.str() + " left payment_escrow to " + ts[i].to.hex() +
           ", which is no payee, payer or holder the step's payments name");
      continue;
    }
    expected.erase(it);
  }
  for (auto& e : expected)
    if (e.second != 0) fail("payment_escrow owed " + e.second.str() + " to " + e.first.hex() + " by this step but did not pay it");
  for (auto& f : v.frame_list())
    if (f.caller == v.at_escrow && f.value != 0) fail("payment_escrow sent value " + f.value.str() + " with a call");
}

// The form, beside the concrete check (which reads model::Frame and the world's payers):
// at a quantified job escrow j, capital escrow i and account a, what changed was done by
// an authorised frame naming it; every transfer the escrow makes is one of the payments
// its closing frames owe (the payments of the keys those frames name), and each payment
// owed by an escrow that closed is among the transfers. (The concrete check matches
// transfers to payments one to one; the form asks membership both ways, and the escrow
// sums, E-CONSERVE's ghosts, bound how much leaves.)
z3::expr auth_form(const SSys& pre, const SEnv&, const SpecPath& p) {
  using S = ms::Symbolic;
  z3::context& ctx = ms::current_context();
  const auto& was = escrow(pre);
  const auto& now = escrow(p.post);
  const ms::SAddr at_queue = pre.slot<ms::AiJobQueue>().address;
  const ms::SAddr at_phala = pre.slot<ms::PhalaJobProcessor>().address;
  const ms::SAddr at_mev = pre.slot<ms::MevProtection>().address;
  const ms::SAddr at_nft = pre.slot<ms::DataNftRegistry>().address;
  const ms::SAddr at_registry = pre.slot<ms::ComputeProviderRegistry>().address;
  auto key_is = [](const SFrame& f, const SKey& k) { return f.args.at(0) == k.e; };
  auto by = [](const SFrame& f, const ms::SAddr& a) { return f.caller.e == a.e; };
  auto j = quantified<SKey>("E-AUTH.job");
  auto i = quantified<SKey>("E-AUTH.intent");
  auto a = quantified<ms::SAddr>("E-AUTH.account");
  z3::expr ok = ctx.bool_val(true);
  {
    auto e0 = was.jobs.get(j), e1 = now.jobs.get(j);
    auto job = queue(p.post).jobs.get(j);
    Bool<S> closes = e0.some && e1.some && e0.value.status == EscrowStatus::Locked && e1.value.status != EscrowStatus::Locked;
    Bool<S> completed = job.some && job.value.status == ms::JobStatus::Completed;
    bool resolves = false;
    for (const SFrame& f : p.frames) resolves = resolves || runs<ms::ai_job_queue::ResolveDispute>(f);
    ok = ok && z3::implies((e0.is_none() && e1.some).e, some_frame<pe::DepositEscrow>(p, [&](const SFrame& f) {
                             return key_is(f, j) && by(f, at_queue);
                           }));
    ok = ok && z3::implies((closes && e1.value.status == EscrowStatus::Released).e,
                           some_frame<pe::ReleasePayment>(p, [&](const SFrame& f) {
                             return key_is(f, j) &&
                                    z3::ite(by(f, at_queue), ctx.bool_val(resolves),
                                            z3::ite(by(f, at_phala), (completed && job.value.privacy_required).e,
                                                    (was.verifiers.get_or_default(f.caller) && completed &&
                                                     !job.value.privacy_required).e));
                           }));
    ok = ok && z3::implies((closes && e1.value.status != EscrowStatus::Released).e,
                           some_frame<pe::RefundPayment>(p, [&](const SFrame& f) { return key_is(f, j) && by(f, at_queue); }));
  }
  {
    auto c0 = was.capital.get(i), c1 = now.capital.get(i);
    Bool<S> closes = c0.some && c1.some && c0.value.status == EscrowStatus::Locked && c1.value.status != EscrowStatus::Locked;
    auto by_mev = [&](const SFrame& f) { return key_is(f, i) && by(f, at_mev); };
    ok = ok && z3::implies((c0.is_none() && c1.some).e, some_frame<pe::DepositEscrow>(p, by_mev));
    ok = ok && z3::implies((closes && c1.value.status == EscrowStatus::Released).e, some_frame<pe::ReleaseCapital>(p, by_mev));
    ok = ok && z3::implies((closes && c1.value.status != EscrowStatus::Released).e, some_frame<pe::RefundCapital>(p, by_mev));
  }
  {
    auto c0 = was.claimable.get_or_default(a), c1 = now.claimable.get_or_default(a);
    z3::expr credited = some_frame<pe::DistributeRewards>(p, [&](const SFrame& f) { return by(f, at_nft); }) ||
                        some_frame<pe::SlashStake>(p, [&](const SFrame& f) { return by(f, at_registry); });
    ok = ok && z3::implies((c1 > c0).e, credited);
    ok = ok && z3::implies((c1 < c0).e, some_frame<pe::WithdrawRewards>(p, [&](const SFrame& f) { return by(f, a); }));
  }
  // The payments owed by the keys the escrow's frames name: (to, amount) pairs, each
  // under the condition that it is owed.
  struct Owed {
    z3::expr when, to, amount;
  };
  std::vector<Owed> owed;
  auto wide = [](const SKey& v) { return ms::resize<ms::SUint<256>>(v).e; };
  for (const SFrame& f : p.frames) {
    if (f.contract != ms::PaymentEscrow::kName) continue;
    if (runs<pe::ReleasePayment>(f) || runs<pe::RefundPayment>(f)) {
      SKey k(f.args.at(0));
      auto e0 = was.jobs.get(k), e1 = now.jobs.get(k);
      Bool<S> closes = e0.some && e1.some && e0.value.status == EscrowStatus::Locked;
      Bool<S> released = closes && e1.value.status == EscrowStatus::Released;
      Bool<S> refunded = closes && e1.value.status == EscrowStatus::Refunded;
      owed.push_back({(released && e0.value.payee.some).e, e0.value.payee.value.e, wide(e0.value.price)});
      owed.push_back({(released && e0.value.amount > e0.value.price).e, e0.value.payer.e,
                      wide(ms::unchecked_sub(e0.value.amount, e0.value.price))});
      owed.push_back({refunded.e, e0.value.payer.e, wide(e0.value.amount)});
    } else if (runs<pe::ReleaseCapital>(f) || runs<pe::RefundCapital>(f)) {
      SKey k(f.args.at(0));
      auto c0 = was.capital.get(k), c1 = now.capital.get(k);
      Bool<S> closes = c0.some && c1.some && c0.value.status == EscrowStatus::Locked;
      owed.push_back({(closes && c1.value.status == EscrowStatus::Released && c1.value.payee.some).e, c1.value.payee.value.e,
                      wide(c0.value.amount)});
      owed.push_back({(closes && c1.value.status == EscrowStatus::Refunded).e, c0.value.payer.e, wide(c0.value.amount)});
    } else if (runs<pe::WithdrawRewards>(f)) {
      auto c0 = was.claimable.get_or_default(f.caller), c1 = now.claimable.get_or_default(f.caller);
      owed.push_back({(c1 < c0).e, f.caller.e, wide(ms::unchecked_sub(c0, c1))});
    }
  }
  for (const auto& t : p.transfers) {
    if (t.from != ms::PaymentEscrow::kName) continue;
    z3::expr matched = ctx.bool_val(false);
    for (const Owed& o : owed) matched = matched || (o.when && o.to == t.to.e && o.amount == t.amount.e);
    ok = ok && matched;
  }
  for (const Owed& o : owed) {
    z3::expr paid = o.amount == ctx.bv_val(0, 256);
    for (const auto& t : p.transfers)
      if (t.from == ms::PaymentEscrow::kName) paid = paid || (o.to == t.to.e && o.amount == t.amount.e);
    ok = ok && z3::implies(o.when, paid);
  }
  for (const SFrame& f : p.frames)
    if (f.depth > 0)
      ok = ok && z3::implies(f.caller.e == pre.slot<ms::PaymentEscrow>().address.e, f.value.e == ctx.bv_val(0, 256));
  return ok;
}
}  // namespace

namespace {
// --- lemmas for X-FORWARD and G-VALUE: the escrow pays no contract ---------------------------
// Lemma: every job escrow's payer, and its payee once set, is none of the six contracts (the
// payer is the top-level caller of submit_job, the payee the job's registered provider), so
// a release or refund never pays a forwarder.
template <class D> Bool<D> escrow_parties_ok(const ms::SpecSystem<D>& s, const U128<D>& j) {
  auto e = escrow(s).jobs.get(j);
  return implies(e.some, !is_contract<D>(s, e.value.payer) && no_contract_in<D>(s, e.value.payee));
}
// Lemma: every capital escrow's payer is none of the six contracts (the top-level caller of
// submit_intent), so a refund of capital never pays a forwarder.
template <class D> Bool<D> capital_payer_ok(const ms::SpecSystem<D>& s, const U128<D>& i) {
  auto e = escrow(s).capital.get(i);
  return implies(e.some, !is_contract<D>(s, e.value.payer));
}
// Lemma: none of the six contracts has a claimable balance (credits go to token owners and
// job escrow payers, none of them a contract): no contract's rewards wait for a
// withdraw_rewards that no contract can sign. Key-independent: the key is ignored.
template <class D> Bool<D> no_contract_claimable(const ms::SpecSystem<D>& s, const U128<D>&) {
  Bool<D> ok = true;
  s.for_each_slot([&](const auto& slot) { ok = ok && escrow(s).claimable.get_or_default(slot.address) == U128<D>(0); });
  return ok;
}
struct EscrowPartiesOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& j) { return escrow_parties_ok<D>(s, j); }
};
struct CapitalPayerOk {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& i) { return capital_payer_ok<D>(s, i); }
};
struct NoContractClaimable {
  template <class D> static Bool<D> at(const ms::SpecSystem<D>& s, const U128<D>& k) { return no_contract_claimable<D>(s, k); }
};
}  // namespace

const SpecModule& escrow_module() {
  static const SpecModule m{
      {kConserve, kAuth},
      {"E-ONCE"},
      {{"E-CONSERVE", check_conserve}, {"E-ONCE", check_once}, {"E-AUTH", check_auth}},
      {},
      // E-CONSERVE is the escrow's three sums against its balance: the prover's ghosts.
      {{"E-ONCE", "job and capital escrows", once_form}, {"E-AUTH", "who moves escrowed funds, and to whom", auth_form}},
      {},
      {generic_form<EscrowPartiesOk>("X-FORWARD", "lemma: no job escrow's payer or payee is a contract"),
       generic_form<CapitalPayerOk>("X-FORWARD", "lemma: no capital's payer is a contract"),
       generic_form<NoContractClaimable>("X-FORWARD", "lemma: no contract has a claimable balance")}};
  return m;
}

}  // namespace meshcheck::invariants::spec
