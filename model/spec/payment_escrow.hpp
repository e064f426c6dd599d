// payment_escrow, profile `spec` (../shared/spec-profile.md §3.2): job escrows locked by
// the queue, intent capital locked by mev_protection, and pull payments (claimable) for
// data owners and compensated job owners. Each message once, over a domain
// (docs/spec-profile-design.md): the model runs it concretely, the prover explores it.
#pragma once

#include "model/spec/ai_job_queue.hpp"
#include "model/spec/common.hpp"

namespace meshcheck::model::spec {

enum class EscrowError : unsigned {
  kValueTooLarge, kNotAuthorized, kAmountMismatch, kEscrowExists, kNoSuchEscrow, kNotLocked, kPayeeAlreadySet,
  kPriceAboveAmount, kWrongPayee, kNotPayable, kNotRefunded, kNothingToWithdraw, kOverflow, kNotAdmin,
  kTransferFailed, kCalleeFailed, kCount,
};
constexpr ErrorNames<EscrowError> error_names(EscrowError) {
  using enum EscrowError;
  return {{
      {kValueTooLarge, "ValueTooLarge"}, {kNotAuthorized, "NotAuthorized"}, {kAmountMismatch, "AmountMismatch"},
      {kEscrowExists, "EscrowExists"}, {kNoSuchEscrow, "NoSuchEscrow"}, {kNotLocked, "NotLocked"},
      {kPayeeAlreadySet, "PayeeAlreadySet"}, {kPriceAboveAmount, "PriceAboveAmount"}, {kWrongPayee, "WrongPayee"},
      {kNotPayable, "NotPayable"}, {kNotRefunded, "NotRefunded"}, {kNothingToWithdraw, "NothingToWithdraw"},
      {kOverflow, "Overflow"}, {kNotAdmin, "NotAdmin"}, {kTransferFailed, "TransferFailed"},
      {kCalleeFailed, "CalleeFailed"},
  }};
}
constexpr std::string_view error_contract(EscrowError) { return "payment_escrow"; }

enum class EscrowEvent : unsigned {
  kPaymentDeposited, kPayeeAssigned, kPaymentReleased, kPaymentRefunded, kCapitalReleased, kCapitalRefunded,
  kRewardsDistributed, kStakeCompensated, kRewardsWithdrawn, kVerifierSet, kCount,
};
constexpr EventNames<EscrowEvent> event_names(EscrowEvent) {
  using enum EscrowEvent;
  return {{
      {kPaymentDeposited, "PaymentDeposited"}, {kPayeeAssigned, "PayeeAssigned"}, {kPaymentReleased, "PaymentReleased"},
      {kPaymentRefunded, "PaymentRefunded"}, {kCapitalReleased, "CapitalReleased"}, {kCapitalRefunded, "CapitalRefunded"},
      {kRewardsDistributed, "RewardsDistributed"}, {kStakeCompensated, "StakeCompensated"},
      {kRewardsWithdrawn, "RewardsWithdrawn"}, {kVerifierSet, "VerifierSet"},
  }};
}

// PaymentDeposited's `kind`.
enum class DepositKind : u8 { Job, Capital };

template <class D> struct Escrow {
  Addr<D> payer{};
  U128<D> amount{};
  Option<D, Addr<D>> payee{};
  U128<D> price{};
  Enum<D, EscrowStatus> status{};
  template <class S> static auto tie(S& s) { return std::tie(s.payer, s.amount, s.payee, s.price, s.status); }
  friend bool operator==(const Escrow&, const Escrow&) = default;
};

template <class D> struct EscrowState {
  Addr<D> admin{};
  Wiring<D> wiring{};
  Map<D, Addr<D>, Bool<D>> verifiers{};
  Map<D, U128<D>, Escrow<D>> jobs{};     // job escrows, by queue job id
  Map<D, U128<D>, Escrow<D>> capital{};  // intent capital, by mev intent id
  Map<D, Addr<D>, U128<D>> claimable{};
  template <class S> static auto tie(S& s) {
    return std::tie(s.admin, s.wiring, s.verifiers, s.jobs, s.capital, s.claimable);
  }
  friend bool operator==(const EscrowState&, const EscrowState&) = default;
};

struct PaymentEscrow {
  static constexpr std::string_view kName = "payment_escrow";
  template <class D> using State = EscrowState<D>;
  using Error = EscrowError;
};

namespace payment_escrow {
using E = EscrowError;
using Ev = EscrowEvent;

// new(wiring)
template <class D> EscrowState<D> construct(const Addr<D>& deployer, const Wiring<D>& wiring) {
  EscrowState<D> s;
  s.admin = deployer;
  s.wiring = wiring;
  return s;
}

// The guards release_capital and refund_capital share: mev only, the capital exists and
// is Locked. Returns it.
template <class X, class D> Escrow<D> locked_capital(X& x, EscrowState<D>& self, const U128<D>& intent_id) {
  x.require(x.caller() == self.wiring.mev_protection, E::kNotAuthorized);
  auto c = self.capital.get(intent_id);
  x.require(c.is_some(), E::kNoSuchEscrow);
  x.require(c.value.status == EscrowStatus::Locked, E::kNotLocked);
  return c.value;
}

// deposit_escrow(id, payer, amount) · payable · queue or mev only
struct DepositEscrow {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "deposit_escrow";
  static constexpr bool kPayable = true;
  template <class X, class D>
  static void run(X& x, EscrowState<D>& self, const U128<D>& id, const Addr<D>& payer, const U128<D>& amount) {
    U128<D> value = x.value_u128(E::kValueTooLarge);
    Bool<D> from_queue = x.caller() == self.wiring.job_queue;
    x.require(from_queue || x.caller() == self.wiring.mev_protection, E::kNotAuthorized);
    x.require(value == amount, E::kAmountMismatch);
    // The caller's own map: jobs for the queue, capital for mev.
    x.require(!select(from_queue, self.jobs.contains(id), self.capital.contains(id)), E::kEscrowExists);
    Escrow<D> e{payer, amount, Option<D, Addr<D>>::none(), U128<D>(0), EscrowStatus::Locked};
    if (x.decide(from_queue)) {
      self.jobs.set(id, e);
      x.emit(Ev::kPaymentDeposited, id, Enum<D, DepositKind>(DepositKind::Job), payer, amount);
    } else {
      self.capital.set(id, e);
      x.emit(Ev::kPaymentDeposited, id, Enum<D, DepositKind>(DepositKind::Capital), payer, amount);
    }
  }
};

// assign_payee(job_id, provider, price) · queue only
struct AssignPayee {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "assign_payee";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, EscrowState<D>& self, const U128<D>& job_id, const Addr<D>& provider, const U128<D>& price) {
    x.require(x.caller() == self.wiring.job_queue, E::kNotAuthorized);
    auto e = self.jobs.get(job_id);
    x.require(e.is_some(), E::kNoSuchEscrow);
    x.require(e.value.status == EscrowStatus::Locked, E::kNotLocked);
    x.require(e.value.payee.is_none(), E::kPayeeAlreadySet);
    x.require(price <= e.value.amount, E::kPriceAboveAmount);
    Escrow<D> next = e.value;
    next.payee = Option<D, Addr<D>>::of(provider);
    next.price = price;
    self.jobs.set(job_id, next);
    x.emit(Ev::kPayeeAssigned, job_id, provider, price);
  }
};

// release_payment(job_id, provider) · verifier, phala, or queue
struct ReleasePayment {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "release_payment";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, EscrowState<D>& self, const U128<D>& job_id, const Addr<D>& provider) {
    Bool<D> by_queue = x.caller() == self.wiring.job_queue;
    Bool<D> by_phala = x.caller() == self.wiring.phala_job_processor;
    x.require(by_queue || by_phala || self.verifiers.get_or_default(x.caller()), E::kNotAuthorized);
    auto e = self.jobs.get(job_id);
    x.require(e.is_some(), E::kNoSuchEscrow);
    x.require(e.value.status == EscrowStatus::Locked, E::kNotLocked);
    x.require(e.value.payee.holds(provider), E::kWrongPayee);
    // A dispute won: the queue is on the call stack and trusted. Otherwise the job must be
    // Completed, and private exactly when phala releases (a verifier pays public jobs only).
    if (!x.decide(by_queue)) {
      auto job = x.template call<ai_job_queue::GetJob>(self.wiring.job_queue, Balance<D>(0), job_id);
      x.require(job.is_some() && job.value.status == JobStatus::Completed &&
                    job.value.privacy_required == by_phala,
                E::kNotPayable);
    }
    Escrow<D> next = e.value;
    next.status = EscrowStatus::Released;
    self.jobs.set(job_id, next);
    // price <= amount since assign_payee: the subtraction never refuses.
    U128<D> remainder = x.sub(next.amount, next.price, E::kOverflow);
    x.transfer(provider, next.price, E::kTransferFailed);
    if (x.decide(remainder > U128<D>(0))) x.transfer(next.payer, remainder, E::kTransferFailed);
    x.emit(Ev::kPaymentReleased, job_id, provider, next.price, remainder);
  }
};

// refund_payment(job_id, reason) · queue only
struct RefundPayment {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "refund_payment";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, EscrowState<D>& self, const U128<D>& job_id, const Enum<D, RefundReason>& reason) {
    x.require(x.caller() == self.wiring.job_queue, E::kNotAuthorized);
    auto e = self.jobs.get(job_id);
    x.require(e.is_some(), E::kNoSuchEscrow);
    x.require(e.value.status == EscrowStatus::Locked, E::kNotLocked);
    Escrow<D> next = e.value;
    next.status = EscrowStatus::Refunded;
    self.jobs.set(job_id, next);
    x.transfer(next.payer, next.amount, E::kTransferFailed);
    x.emit(Ev::kPaymentRefunded, job_id, next.payer, next.amount, reason);
  }
};

// release_capital(intent_id, to) · mev only
struct ReleaseCapital {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "release_capital";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, EscrowState<D>& self, const U128<D>& intent_id, const Addr<D>& to) {
    Escrow<D> next = locked_capital(x, self, intent_id);
    next.status = EscrowStatus::Released;
    next.payee = Option<D, Addr<D>>::of(to);
    self.capital.set(intent_id, next);
    x.transfer(to, next.amount, E::kTransferFailed);
    x.emit(Ev::kCapitalReleased, intent_id, to, next.amount);
  }
};

// refund_capital(intent_id) · mev only
struct RefundCapital {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "refund_capital";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, EscrowState<D>& self, const U128<D>& intent_id) {
    Escrow<D> next = locked_capital(x, self, intent_id);
    next.status = EscrowStatus::Refunded;
    self.capital.set(intent_id, next);
    x.transfer(next.payer, next.amount, E::kTransferFailed);
    x.emit(Ev::kCapitalRefunded, intent_id, next.payer, next.amount);
  }
};

// distribute_rewards(nft_id, owner) · payable · data NFT registry only
struct DistributeRewards {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "distribute_rewards";
  static constexpr bool kPayable = true;
  template <class X, class D>
  static void run(X& x, EscrowState<D>& self, const U128<D>& nft_id, const Addr<D>& owner) {
    U128<D> value = x.value_u128(E::kValueTooLarge);
    x.require(x.caller() == self.wiring.data_nft_registry, E::kNotAuthorized);
    U128<D> credit = x.add(self.claimable.get_or_default(owner), value, E::kOverflow);
    self.claimable.set(owner, credit);
    x.emit(Ev::kRewardsDistributed, nft_id, owner, value);
  }
};

// slash_stake(job_id, provider) · payable · registry only: the job owner is compensated
struct SlashStake {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "slash_stake";
  static constexpr bool kPayable = true;
  template <class X, class D>
  static void run(X& x, EscrowState<D>& self, const U128<D>& job_id, const Addr<D>& provider) {
    U128<D> value = x.value_u128(E::kValueTooLarge);
    x.require(x.caller() == self.wiring.provider_registry, E::kNotAuthorized);
    auto e = self.jobs.get(job_id);
    x.require(e.is_some(), E::kNoSuchEscrow);
    x.require(e.value.status == EscrowStatus::Refunded, E::kNotRefunded);
    x.require(e.value.payee.holds(provider), E::kWrongPayee);
    const Addr<D>& payer = e.value.payer;
    U128<D> credit = x.add(self.claimable.get_or_default(payer), value, E::kOverflow);
    self.claimable.set(payer, credit);
    x.emit(Ev::kStakeCompensated, job_id, provider, payer, value);
  }
};

// withdraw_rewards() · anyone: pays the caller its claimable balance
struct WithdrawRewards {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "withdraw_rewards";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, EscrowState<D>& self) {
    U128<D> c = self.claimable.get_or_default(x.caller());
    x.require(c > U128<D>(0), E::kNothingToWithdraw);
    self.claimable.set(x.caller(), U128<D>(0));
    x.transfer(x.caller(), c, E::kTransferFailed);
    x.emit(Ev::kRewardsWithdrawn, x.caller(), c);
  }
};

// set_verifier(account, enabled) · admin
struct SetVerifier {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "set_verifier";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, EscrowState<D>& self, const Addr<D>& account, const Bool<D>& enabled) {
    x.require(x.caller() == self.admin, E::kNotAdmin);
    self.verifiers.set(account, enabled);
    x.emit(Ev::kVerifierSet, account, enabled);
  }
};

// --- reads ---
struct GetEscrow {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "get_escrow";
  static constexpr bool kPayable = false;
  template <class X, class D> static Option<D, Escrow<D>> run(X&, EscrowState<D>& self, const U128<D>& job_id) {
    return self.jobs.get(job_id);
  }
};
// get_escrow_balance(job_id) -> u128: the amount while Locked, else 0
struct GetEscrowBalance {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "get_escrow_balance";
  static constexpr bool kPayable = false;
  template <class X, class D> static U128<D> run(X&, EscrowState<D>& self, const U128<D>& job_id) {
    auto e = self.jobs.get(job_id);
    return select(e.is_some() && e.value.status == EscrowStatus::Locked, e.value.amount, U128<D>(0));
  }
};
struct GetCapital {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "get_capital";
  static constexpr bool kPayable = false;
  template <class X, class D> static Option<D, Escrow<D>> run(X&, EscrowState<D>& self, const U128<D>& intent_id) {
    return self.capital.get(intent_id);
  }
};
struct GetClaimable {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "get_claimable";
  static constexpr bool kPayable = false;
  template <class X, class D> static U128<D> run(X&, EscrowState<D>& self, const Addr<D>& account) {
    return self.claimable.get_or_default(account);
  }
};
struct IsVerifier {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "is_verifier";
  static constexpr bool kPayable = false;
  template <class X, class D> static Bool<D> run(X&, EscrowState<D>& self, const Addr<D>& account) {
    return self.verifiers.get_or_default(account);
  }
};
struct GetAdmin {
  using Contract = PaymentEscrow;
  static constexpr std::string_view kLabel = "get_admin";
  static constexpr bool kPayable = false;
  template <class X, class D> static Addr<D> run(X&, EscrowState<D>& self) { return self.admin; }
};

}  // namespace payment_escrow
}  // namespace meshcheck::model::spec
