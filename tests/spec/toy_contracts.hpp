// Two small contracts written like spec contracts, to test the domains and the nested
// calls apart from any PolkaMesh contract: `bank` holds value per account, `relay`
// forwards calls (and value) into it.
#pragma once

#include "model/spec/exec.hpp"

namespace meshcheck::model::spec::toy {

enum class BankError : unsigned { kValueTooLarge, kZero, kOverflow, kNotFound, kInsufficient, kTransferFailed, kCalleeFailed, kCount };
constexpr ErrorNames<BankError> error_names(BankError) {
  using enum BankError;
  return {{{kValueTooLarge, "ValueTooLarge"}, {kZero, "Zero"}, {kOverflow, "Overflow"}, {kNotFound, "NotFound"},
           {kInsufficient, "Insufficient"}, {kTransferFailed, "TransferFailed"}, {kCalleeFailed, "CalleeFailed"}}};
}
constexpr std::string_view error_contract(BankError) { return "bank"; }
enum class BankEvent : unsigned { kDeposited, kBig, kSmall, kCount };
constexpr EventNames<BankEvent> event_names(BankEvent) {
  using enum BankEvent;
  return {{{kDeposited, "Deposited"}, {kBig, "Big"}, {kSmall, "Small"}}};
}

template <class D> struct Account {
  U128<D> credit{};
  U32<D> deposits{};
  template <class S> static auto tie(S& s) { return std::tie(s.credit, s.deposits); }
  friend bool operator==(const Account&, const Account&) = default;
};

template <class D> struct BankState {
  U128<D> total{};
  Map<D, Addr<D>, Account<D>> accounts{};
  Option<D, Addr<D>> last{};
  template <class S> static auto tie(S& s) { return std::tie(s.total, s.accounts, s.last); }
  friend bool operator==(const BankState&, const BankState&) = default;
};

struct Bank {
  static constexpr std::string_view kName = "bank";
  template <class D> using State = BankState<D>;
  using Error = BankError;
};

enum class RelayError : unsigned { kValueTooLarge, kRefuse, kOverflow, kCalleeFailed, kCount };
constexpr ErrorNames<RelayError> error_names(RelayError) {
  using enum RelayError;
  return {{{kValueTooLarge, "ValueTooLarge"}, {kRefuse, "Refuse"}, {kOverflow, "Overflow"}, {kCalleeFailed, "CalleeFailed"}}};
}
constexpr std::string_view error_contract(RelayError) { return "relay"; }
enum class RelayEvent : unsigned { kForwarded, kCount };
constexpr EventNames<RelayEvent> event_names(RelayEvent) { return {{{RelayEvent::kForwarded, "Forwarded"}}}; }

template <class D> struct RelayState {
  Addr<D> bank{};
  U32<D> forwarded{};
  template <class S> static auto tie(S& s) { return std::tie(s.bank, s.forwarded); }
  friend bool operator==(const RelayState&, const RelayState&) = default;
};

struct Relay {
  static constexpr std::string_view kName = "relay";
  template <class D> using State = RelayState<D>;
  using Error = RelayError;
};

namespace bank {
using E = BankError;
// deposit() · payable: credits the caller; "Big" once the total passes 10.
struct Deposit {
  using Contract = Bank;
  static constexpr std::string_view kLabel = "deposit";
  static constexpr bool kPayable = true;
  template <class X, class D> static void run(X& x, BankState<D>& self) {
    U128<D> amount = x.value_u128(E::kValueTooLarge);
    x.require(amount > U128<D>(0), E::kZero);
    Account<D> a = self.accounts.get_or_default(x.caller());
    a.credit = x.add(a.credit, amount, E::kOverflow);
    a.deposits = x.add(a.deposits, U32<D>(1), E::kOverflow);
    self.total = x.add(self.total, amount, E::kOverflow);
    self.accounts.set(x.caller(), a);
    self.last = Option<D, Addr<D>>::of(x.caller());
    x.emit(BankEvent::kDeposited, x.caller(), amount);
    if (x.decide(self.total > U128<D>(10))) x.emit(BankEvent::kBig, self.total);
    else x.emit(BankEvent::kSmall, self.total);
  }
};
// withdraw(amount): pays the caller from its credit.
struct Withdraw {
  using Contract = Bank;
  static constexpr std::string_view kLabel = "withdraw";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, BankState<D>& self, const U128<D>& amount) {
    auto a = self.accounts.get(x.caller());
    x.require(a.is_some(), E::kNotFound);
    x.require(amount <= a.value.credit, E::kInsufficient);
    Account<D> next = a.value;
    next.credit = x.sub(next.credit, amount, E::kInsufficient);
    self.accounts.set(x.caller(), next);
    self.total = x.sub(self.total, amount, E::kOverflow);
    x.transfer(x.caller(), amount, E::kTransferFailed);
  }
};
// get_credit(account) -> Option<u128>: a read.
struct GetCredit {
  using Contract = Bank;
  static constexpr std::string_view kLabel = "get_credit";
  static constexpr bool kPayable = false;
  template <class X, class D> static Option<D, U128<D>> run(X& x, BankState<D>& self, const Addr<D>& account) {
    auto a = self.accounts.get(account);
    return Option<D, U128<D>>{a.some, a.value.credit};
  }
};
}  // namespace bank

namespace relay {
using E = RelayError;
// forward() · payable: deposits its whole value into the bank (as the relay), then
// refuses if `refuse`.
struct Forward {
  using Contract = Relay;
  static constexpr std::string_view kLabel = "forward";
  static constexpr bool kPayable = true;
  template <class X, class D> static void run(X& x, RelayState<D>& self, const Bool<D>& refuse) {
    U128<D> v = x.value_u128(E::kValueTooLarge);
    self.forwarded = x.add(self.forwarded, U32<D>(1), E::kOverflow);
    x.template call<bank::Deposit>(self.bank, resize<Balance<D>>(v));
    x.require(!refuse, E::kRefuse);
    x.emit(RelayEvent::kForwarded, v);
  }
};
// send_more(extra) · payable: deposits its value plus `extra` (which it does not hold).
struct SendMore {
  using Contract = Relay;
  static constexpr std::string_view kLabel = "send_more";
  static constexpr bool kPayable = true;
  template <class X, class D> static void run(X& x, RelayState<D>& self, const U128<D>& extra) {
    U128<D> v = x.value_u128(E::kValueTooLarge);
    U128<D> total = x.add(v, extra, E::kOverflow);
    x.template call<bank::Deposit>(self.bank, resize<Balance<D>>(total));
  }
};
// pay_read(): sends 1 unit to the non-payable get_credit.
struct PayRead {
  using Contract = Relay;
  static constexpr std::string_view kLabel = "pay_read";
  static constexpr bool kPayable = true;
  template <class X, class D> static void run(X& x, RelayState<D>& self) {
    x.template call<bank::GetCredit>(self.bank, Balance<D>(1), x.self_address());
  }
};
// credit_of(account) -> u128: reads the bank (0 if none).
struct CreditOf {
  using Contract = Relay;
  static constexpr std::string_view kLabel = "credit_of";
  static constexpr bool kPayable = false;
  template <class X, class D> static U128<D> run(X& x, RelayState<D>& self, const Addr<D>& account) {
    auto c = x.template call<bank::GetCredit>(self.bank, Balance<D>(0), account);
    return select(c.some, c.value, U128<D>(0));
  }
};
// reenter(): calls credit_of on itself, through the bank's address... directly: a
// contract on the stack (relay) called again.
struct Reenter {
  using Contract = Relay;
  static constexpr std::string_view kLabel = "reenter";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, RelayState<D>& self) {
    x.template call<CreditOf>(x.self_address(), Balance<D>(0), x.caller());
  }
};
}  // namespace relay

template <class D> using ToySystem = System<D, Bank, Relay>;

inline const Address kBankAddr = Address::filled(AddressKind::H160, 0xb1);
inline const Address kRelayAddr = Address::filled(AddressKind::H160, 0xb2);
inline const Address kAlice = Address::filled(AddressKind::H160, 0x0a);

inline ToySystem<Concrete> toy_system() {
  ToySystem<Concrete> s;
  s.slot<Bank>() = {true, kBankAddr, U256(0), {}};
  s.slot<Relay>() = {true, kRelayAddr, U256(0), {kBankAddr, 0}};
  return s;
}

}  // namespace meshcheck::model::spec::toy
