// Running a spec message: the executor a message body talks to (`x`), the same
// interface in both domains, and the two ways to run a top-level call.
//
// A spec message is "guards in order, then effects" (spec R3), written once:
//
//   struct DepositEscrow {
//     using Contract = PaymentEscrow;
//     static constexpr std::string_view kLabel = "deposit_escrow";
//     static constexpr bool kPayable = true;
//     template <class X, class D> static void run(X& x, EscrowState<D>& self, const U128<D>& id, ...) {
//       U128<D> value = x.value_u128(Error::kValueTooLarge);
//       x.require(x.caller() == self.wiring.job_queue || ..., Error::kNotAuthorized);
//       ...
//       self.jobs.set(id, ...);
//       x.emit(Event::kPaymentDeposited, id, ...);
//     }
//   };
//
// - `require(cond, Error::X)`: concretely, a false cond ends the call: the executor
//   throws a Refusal that unwinds every frame, and the top-level call reverts. Symbolically
//   it records the path `pc ∧ ¬cond` as that failure and goes on under `pc ∧ cond`.
// - `decide(cond)` (an `if` whose branches both go on, such as "transfer the remainder if
//   any"): concretely `cond`; symbolically it answers from a decision script, and the
//   explorer re-runs the message once per feasible combination (explore() below).
// - `add/sub/mul(a, b, Error::Overflow)`: checked arithmetic, a require on the overflow.
// - `call<Msg>(to, value, args...)`: a nested call (spec R5, §5): the callee runs on the
//   transaction's current system; a trap (no such contract at `to`, re-entry, value to a
//   non-payable message, the calling contract short of the value) or a refusal in the
//   callee fails the whole top-level call, whose error is then the top contract's
//   CalleeFailed with the innermost failure in the reason (§9 C1, C4).
// - The world's refusals (errors.hpp's WorldRefusal), as model::World makes them: a call
//   whose value, a nested call's value or a payment would push a balance of the system
//   past U256::MAX, or whose String argument is 2^32 bytes or longer, is refused outright
//   (no contract error, post = pre; the bridge throws the WorldError the deployed world
//   throws). Symbolically each is a refused path, so no encoding of a step wraps a balance
//   or measures a string the model's u32 byte length would wrap.
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "model/spec/errors.hpp"
#include "model/spec/system.hpp"
#include "mutation/spec/hooks.hpp"

namespace meshcheck::model::spec {

template <class D> struct Env {
  Addr<D> caller{};
  Balance<D> value{};
  U32<D> block{};
  U64<D> now{};
};

template <class D> struct EventRec {
  std::string_view contract;  // the emitter
  std::string_view name;
  std::vector<Leaf<D>> fields;  // flattened (record.hpp)
};

template <class D> struct TransferRec {
  std::string_view from;  // the paying contract
  Addr<D> to;
  Balance<D> amount;
};

// One (nested) call, in the order calls began. The top-level call is frames[0].
template <class D> struct FrameRec {
  std::string_view contract;
  std::string_view message;
  Addr<D> caller;  // the immediate caller: a contract's address for a nested call
  Balance<D> value;
  std::vector<Leaf<D>> args;
  unsigned depth = 0;
};

// The mutation hooks (mutation/spec/hooks.hpp): each operation below takes where it is
// called from as a defaulted last argument, which identifies its mutation site; with no
// spec mutant active the hooks cost one comparison.
namespace mut = ::meshcheck::mutation::spec;
using MutOp = ::meshcheck::mutation::Op;
using MutKind = ::meshcheck::mutation::SiteKind;

// An event as `emit` takes it: its name, and the line emitting it (an implicit
// conversion from the Event enumerator, so the line is the message's).
struct EventAt {
  std::string_view name;
  mut::Where where;
  template <EventEnum Ev> EventAt(Ev e, mut::Where w = mut::Where::here()) : name(event_names(e)[e]), where(w) {}
};

// The zero of a flattened scalar's type (the corrupted event field): the same value in
// both domains (lift_leaf of the concrete zero is the symbolic one).
inline ConcreteLeaf zero_leaf(const ConcreteLeaf& l) {
  std::string text = l.width != kStringLeaf && l.width > 256 ? std::string(l.width / 8, '\0') : std::string();
  return ConcreteLeaf{l.width, U256(0), std::move(text)};
}
inline z3::expr zero_leaf(const z3::expr& l) {
  if (l.is_bool()) return l.ctx().bool_val(false);
  if (l.is_bv()) return l.ctx().bv_val(0, l.get_sort().bv_size());
  return l.ctx().string_val("");
}

// The contract of a system's slot.
template <class S> struct SlotContract;
template <class D, class C> struct SlotContract<Slot<D, C>> {
  using type = C;
};

// The result of one top-level call along one path (concretely: the path it took).
template <class D, class Sys> struct Result {
  Bool<D> guard = true;      // the path condition (concrete: true)
  bool ok = false;
  // Refused: the top-level error (the top contract's own, or its CalleeFailed); empty for
  // a trap of the top-level call itself (value to a non-payable message) and for a call
  // the world refuses (world_refused()).
  std::optional<ErrorRef> error;
  std::optional<Failure> innermost;  // where it failed
  Sys post;                          // the pre-state when refused
  std::vector<Leaf<D>> returned;     // the Ok value, flattened (empty for `()`)
  std::vector<EventRec<D>> events;   // empty when refused
  std::vector<TransferRec<D>> transfers;
  std::vector<FrameRec<D>> frames;
  // Refused, and yet the called contract kept the value (the spec mutant keep-on-revert,
  // mutation/spec/hooks.hpp): post is then the pre-state with that value added, and the
  // bridge commits it. Never set by the design.
  bool kept_value = false;

  // Refused by the world (errors.hpp's WorldRefusal), not by a contract.
  bool world_refused() const { return !ok && innermost && innermost->world != WorldRefusal::kNone; }
  // The branch this path is: the error's variant, or "ok".
  std::string_view branch() const { return ok ? std::string_view("ok") : error ? error->name : innermost->trap; }
  // The revert reason, as §5 writes it: "Error::NotLocked",
  // "Error::CalleeFailed (payment_escrow.deposit_escrow: EscrowExists)".
  std::string reason() const {
    if (ok) return "";
    if (!error) return std::string(innermost->trap);
    std::string r = "Error::" + std::string(error->name);
    if (innermost->depth > 0) r += " (" + innermost->where() + ")";
    return r;
  }
};

// What a message needs from both executors, written once; `X` is the executor itself,
// which supplies fail_if() and decide().
template <class X, class D, class Sys> class ExecCore {
 public:
  using Domain = D;

  // --- the call's environment (self.env()) ---
  const Addr<D>& caller() const { return stack_.back().caller; }
  const Balance<D>& value() const { return stack_.back().value; }
  const Addr<D>& self_address() const { return stack_.back().self; }
  const U32<D>& block() const { return env_.block; }
  const U64<D>& now() const { return env_.now; }

  // --- guards ---
  // A guard is a mutation site: its error and line (negate-guard, drop-guard).
  template <ErrorEnum E> void require(const Bool<D>& cond, E error, mut::Where at = mut::Where::here()) {
    check_owner(error);
    if (mut::g_hooks.on) [[unlikely]] {
      const ErrorRef e = error_ref(error);
      const MutOp op = mut::hit_any(mut::Met{stack_.back().contract, stack_.back().message, MutKind::kGuard, e.name, at});
      if (op == MutOp::kDropGuard) return;
      if (op == MutOp::kNegateGuard) return x().fail_if(cond, failure(e));
      return x().fail_if(!cond, failure(e));
    }
    x().fail_if(!cond, failure(error_ref(error)));
  }
  // Spec R1: a payable message first narrows its U256 value to u128.
  template <ErrorEnum E> U128<D> value_u128(E error, mut::Where at = mut::Where::here()) {
    require(value() <= Balance<D>(kU128MaxAsU256), error, at);
    return resize<U128<D>>(value());
  }
  // Checked arithmetic is a mutation site (wrapping: no overflow check; swap-plus-minus).
  template <class T, ErrorEnum E> T add(const T& a, const T& b, E error, mut::Where at = mut::Where::here()) {
    if (mut::g_hooks.on) [[unlikely]] {
      const MutOp op = arith_hit("add", at, literal_one(b));
      if (op == MutOp::kWrapping) return unchecked_add(a, b);
      if (op == MutOp::kSwapPlusMinus) return checked_sub(a, b, error);
      if (op == MutOp::kDropIncrement) return a;  // a counter's next id: its current one
    }
    return checked_add(a, b, error);
  }
  template <class T, ErrorEnum E> T sub(const T& a, const T& b, E error, mut::Where at = mut::Where::here()) {
    if (mut::g_hooks.on) [[unlikely]] {
      const MutOp op = arith_hit("sub", at);
      if (op == MutOp::kWrapping) return unchecked_sub(a, b);
      if (op == MutOp::kSwapPlusMinus) return checked_add(a, b, error);
    }
    return checked_sub(a, b, error);
  }
  template <class T, ErrorEnum E> T mul(const T& a, const T& b, E error, mut::Where at = mut::Where::here()) {
    if (mut::g_hooks.on) [[unlikely]] {
      if (arith_hit("mul", at) == MutOp::kWrapping) return unchecked_mul(a, b);
    }
    check(!mul_overflows(a, b), error);
    return unchecked_mul(a, b);
  }

  // The length of a bounded Vec as a plain number, so that loops over its items are plain
  // loops: concretely its length; symbolically one path per possible length (a decide per
  // length). A length past the bound cannot be decoded: a trap.
  template <class T, std::size_t N> unsigned length_of(const BoundedVec<D, T, N>& v) {
    for (unsigned k = 0; k <= N; ++k)
      if (x().decide(v.len == U32<D>(k))) return k;
    x().fail_if(true, Failure{stack_.back().contract, stack_.back().message, unsigned(stack_.size() - 1), std::nullopt,
                              "a Vec longer than its bound"});
    return unsigned(N);
  }

  // --- effects ---
  // An event is a mutation site by its name in the message (drop-event, and
  // corrupt-event-field: its last field's first scalar zeroed).
  template <class... F> void emit(EventAt event, const F&... fields) {
    if (mut::g_hooks.on) [[unlikely]] {
      const MutOp op = mut::hit_any(mut::Met{stack_.back().contract, stack_.back().message, MutKind::kEvent, event.name,
                                             event.where, sizeof...(F) > 0});
      if (op == MutOp::kDropEvent) return;
      if constexpr (sizeof...(F) > 0) {
        if (op == MutOp::kCorruptEventField) {
          std::vector<Leaf<D>> all = leaves<Leaf<D>>(fields...);
          const std::size_t last = leaves<Leaf<D>>(std::get<sizeof...(F) - 1>(std::tie(fields...))).size();
          if (last > 0) all[all.size() - last] = zero_leaf(all[all.size() - last]);
          events_.push_back(EventRec<D>{stack_.back().contract, event.name, std::move(all)});
          return;
        }
      }
    }
    events_.push_back(EventRec<D>{stack_.back().contract, event.name, leaves<Leaf<D>>(fields...)});
  }
  // `self.env().transfer(to, amount)`; a short balance refuses with `error`
  // (TransferFailed). Value paid to a contract of the system raises its balance.
  // A mutation site (drop-transfer: nothing moves and the call goes on; redirect-transfer:
  // paid to the paying contract's admin).
  template <ErrorEnum E>
  void transfer(const Addr<D>& to, const U128<D>& amount, E error, mut::Where at = mut::Where::here()) {
    const Addr<D>* payee = &to;
    if (mut::g_hooks.on) [[unlikely]] {
      const MutOp op = mut::hit_any(mut::Met{stack_.back().contract, stack_.back().message, MutKind::kTransfer, "", at});
      if (op == MutOp::kDropTransfer) return;
      if (op == MutOp::kRedirectTransfer) payee = stack_.back().admin ? stack_.back().admin : &env_.caller;
    }
    Balance<D> wide = resize<Balance<D>>(amount);
    Balance<D>& mine = *stack_.back().balance;
    check(wide <= mine, error);
    mine = unchecked_sub(mine, wide);
    credit(*payee, wide);
    transfers_.push_back(TransferRec<D>{stack_.back().contract, *payee, wide});
  }

  // A nested call of `Msg` on the contract at `to`, carrying `value`.
  template <class Msg, class... A> auto call(const Addr<D>& to, const Balance<D>& value, const A&... args) {
    using C = typename Msg::Contract;
    auto& slot = sys_.template slot<C>();
    const Frame& me = stack_.back();
    const Addr<D> me_self = me.self;  // `me` dangles once the callee's frame is pushed
    Failure trap{C::kName, Msg::kLabel, unsigned(stack_.size()), std::nullopt, ""};
    auto trap_if = [&](const Bool<D>& bad, std::string_view why) {
      trap.trap = why;
      x().fail_if(bad, trap);
    };
    if (!slot.deployed) trap_if(true, "no contract at the address");
    else trap_if(!(slot.address == to), "no contract at the address");
    bool reentry = false;
    for (auto& f : stack_) reentry = reentry || f.contract == C::kName;
    if (reentry) trap_if(true, "re-entry into a contract on the call stack");
    if constexpr (!Msg::kPayable) trap_if(!(value == Balance<D>(0)), "value sent to a non-payable message");
    trap_if(!(value <= *me.balance), "the calling contract cannot pay the value");
    *me.balance = unchecked_sub(*me.balance, value);
    if (!(mut::g_hooks.on && credit_hit<Msg>() == MutOp::kDropCredit)) {
      // (A non-payable callee's value is 0 past its trap: nothing to refuse, and no path.)
      if constexpr (Msg::kPayable)
        x().fail_if(add_overflows(slot.balance, value),
                    world_overflow(C::kName, Msg::kLabel, unsigned(stack_.size()), C::kName));
      slot.balance = unchecked_add(slot.balance, value);
    }
    return enter<Msg>(slot, me_self, value, args...);
  }

 protected:
  struct Frame {
    std::string_view contract;
    std::string_view message;
    Addr<D> self;
    Addr<D> caller;
    Balance<D> value;
    Balance<D>* balance;
    const Addr<D>* admin = nullptr;  // the contract's admin (a redirected transfer's payee)
  };

  ExecCore(const Sys& pre, const Env<D>& env) : sys_(pre), env_(env) {}
  X& x() { return static_cast<X&>(*this); }

  template <ErrorEnum E> void check_owner(E error) const {
    if (error_contract(error) != stack_.back().contract)
      throw std::logic_error(std::string(stack_.back().contract) + " refused with an error of " +
                             std::string(error_contract(error)));
  }
  // A refusal that is no mutation site of its own (inside checked arithmetic, a transfer).
  template <ErrorEnum E> void check(const Bool<D>& cond, E error) {
    check_owner(error);
    x().fail_if(!cond, failure(error_ref(error)));
  }
  template <class T, ErrorEnum E> T checked_add(const T& a, const T& b, E error) {
    check(!add_overflows(a, b), error);
    return unchecked_add(a, b);
  }
  template <class T, ErrorEnum E> T checked_sub(const T& a, const T& b, E error) {
    check(!sub_underflows(a, b), error);
    return unchecked_sub(a, b);
  }
  MutOp arith_hit(std::string_view what, const mut::Where& at, bool increment = false) {
    return mut::hit_any(mut::Met{stack_.back().contract, stack_.back().message, MutKind::kArith, what, at, true, increment});
  }
  // Whether an addition's second operand is the literal 1 (a counter's step). Only the
  // catalog asks, while it explores symbolically, where a literal is a numeral term; a
  // concrete run matches the site by its line alone.
  template <class T> static bool literal_one(const T& b) {
    if constexpr (D::kSymbolic) return b.e.is_numeral() && Z3_get_numeral_string(b.e.ctx(), b.e) == std::string("1");
    else return false;
  }
  // The value a payable message receives is a mutation site of the executor's, one per
  // message (drop-credit: not credited, the value vanishes; keep-on-revert: a refused
  // call keeps it, see ConcreteExec::run and SymbolicExec::explore).
  template <class Msg> MutOp credit_hit() {
    if constexpr (!Msg::kPayable) return MutOp::kCount;
    else return mut::hit_any(mut::Met{Msg::Contract::kName, Msg::kLabel, MutKind::kCredit, "", {}});
  }

  Failure failure(ErrorRef e) const {
    return Failure{stack_.back().contract, stack_.back().message, unsigned(stack_.size() - 1), e, ""};
  }
  // The world's refusal of a credit that would push `account`'s balance past U256::MAX,
  // met in `contract`.`message` at `depth`.
  static Failure world_overflow(std::string_view contract, std::string_view message, unsigned depth,
                                std::string_view account) {
    return Failure{contract, message, depth, std::nullopt, kBalanceOverflowWhy, WorldRefusal::kBalanceOverflow, account};
  }

  // A payment to `to`: a contract of the system gains it, unless that would push its
  // balance past U256::MAX, which the world refuses (World::credit). Symbolically one
  // refused path per contract the payee may be.
  void credit(const Addr<D>& to, const Balance<D>& amount) {
    const Frame& me = stack_.back();
    const unsigned depth = unsigned(stack_.size() - 1);
    sys_.for_each_slot([&](auto& s) {
      if (!s.deployed) return;
      using C = typename SlotContract<std::remove_cvref_t<decltype(s)>>::type;
      if constexpr (D::kSymbolic) {
        const Bool<D> here = to == s.address;
        x().fail_if(here && add_overflows(s.balance, amount), world_overflow(me.contract, me.message, depth, C::kName));
        s.balance = select(here, unchecked_add(s.balance, amount), s.balance);
      } else if (to == s.address) {
        x().fail_if(add_overflows(s.balance, amount), world_overflow(me.contract, me.message, depth, C::kName));
        s.balance = unchecked_add(s.balance, amount);
      }
    });
  }

  // Runs Msg on `slot` as a new frame.
  template <class Msg, class SlotT, class... A>
  auto enter(SlotT& slot, const Addr<D>& caller, const Balance<D>& value, const A&... args) {
    using C = typename Msg::Contract;
    frames_.push_back(FrameRec<D>{C::kName, Msg::kLabel, caller, value, leaves<Leaf<D>>(args...), unsigned(stack_.size())});
    // The world refuses a top-level call with a String argument of 2^32 bytes or more
    // (errors.hpp). A nested call's strings come from its caller's arguments or storage,
    // hence are shorter already.
    if (stack_.empty()) {
      for (const Leaf<D>& a : frames_.back().args)
        if (is_string_leaf(a))
          x().fail_if(string_too_long(a), Failure{C::kName, Msg::kLabel, 0, std::nullopt, kStringTooLongWhy,
                                                WorldRefusal::kStringTooLong, ""});
    }
    const Addr<D>* admin = nullptr;
    if constexpr (requires { slot.state.admin; }) admin = &slot.state.admin;
    stack_.push_back(Frame{C::kName, Msg::kLabel, slot.address, caller, value, &slot.balance, admin});
    const bool hooked = mut::g_hooks.on;
    if (hooked) [[unlikely]] mut::t_frames.push_back({C::kName, Msg::kLabel});
    struct Pop {
      std::deque<Frame>& s;
      bool hooked;
      ~Pop() {
        s.pop_back();
        if (hooked) mut::t_frames.pop_back();
      }
    } pop{stack_, hooked};
    // A returned bool is a mutation site (flip-return): what a nested read such as
    // verify_data_access answers its caller.
    if constexpr (std::is_same_v<decltype(Msg::run(x(), slot.state, args...)), Bool<D>>) {
      Bool<D> r = Msg::run(x(), slot.state, args...);
      if (hooked) [[unlikely]] {
        if (mut::hit(mut::Met{C::kName, Msg::kLabel, MutKind::kReturn, "", {}}, MutOp::kFlipReturn)) r = !r;
      }
      return r;
    } else {
      return Msg::run(x(), slot.state, args...);
    }
  }

  // The top-level call: the value arrives from outside (spec C4: a value sent to a
  // non-payable message traps before any guard).
  template <class Msg, class... A> auto start(const A&... args) {
    using C = typename Msg::Contract;
    auto& slot = sys_.template slot<C>();
    if (!slot.deployed) throw std::logic_error(std::string(C::kName) + " is not deployed");
    callee_failed_ = error_ref(C::Error::kCalleeFailed);
    if constexpr (!Msg::kPayable) {
      stack_.push_back(Frame{C::kName, Msg::kLabel, slot.address, env_.caller, env_.value, &slot.balance});
      x().fail_if(!(env_.value == Balance<D>(0)),
                  Failure{C::kName, Msg::kLabel, 0, std::nullopt, "value sent to a non-payable message"});
      stack_.pop_back();
    }
    // The world refuses a value that would push the contract's balance past U256::MAX
    // (World::call checks it before the contract runs, whatever the contract does with it;
    // a non-payable message's value is 0 past its trap).
    if constexpr (Msg::kPayable)
      x().fail_if(add_overflows(slot.balance, env_.value), world_overflow(C::kName, Msg::kLabel, 0, C::kName));
    if (mut::g_hooks.on) [[unlikely]] top_credit_ = credit_hit<Msg>();
    if (top_credit_ != MutOp::kDropCredit) slot.balance = unchecked_add(slot.balance, env_.value);
    return enter<Msg>(slot, env_.caller, env_.value, args...);
  }

  // The top-level error of a failure.
  std::optional<ErrorRef> top_error(const Failure& f) const {
    if (f.depth == 0 || f.world != WorldRefusal::kNone) return f.error;
    return callee_failed_;
  }

  Sys sys_;  // the transaction's working copy
  Env<D> env_;
  // A deque: a frame's fields stay put while callees push theirs (a message passes
  // x.caller() on to a nested call by reference).
  std::deque<Frame> stack_;
  std::vector<FrameRec<D>> frames_;
  std::vector<EventRec<D>> events_;
  std::vector<TransferRec<D>> transfers_;
  ErrorRef callee_failed_;
  MutOp top_credit_ = MutOp::kCount;  // the active mutant at the top-level message's credit site

  // keep-on-revert: a refused call's post-state is the pre-state with the value it
  // brought left with the called contract (a contract's refusal: a call the world refuses
  // never ran, and start() checked that pre balance + value fits).
  template <class Msg> static Sys kept_value(const Sys& pre, const Env<D>& env) {
    Sys post = pre;
    auto& slot = post.template slot<typename Msg::Contract>();
    slot.balance = unchecked_add(slot.balance, env.value);
    return post;
  }
};

// --- the concrete executor -------------------------------------------------------------

// How a refused or trapped call unwinds (concrete domain only).
struct Refusal {
  Failure failure;
};

template <class Sys> class ConcreteExec : public ExecCore<ConcreteExec<Sys>, Concrete, Sys> {
  using Core = ExecCore<ConcreteExec<Sys>, Concrete, Sys>;

 public:
  void fail_if(bool bad, const Failure& f) {
    if (bad) throw Refusal{f};
  }
  bool decide(bool cond) { return cond; }
  // A fact proved valid apart from the model (e.g. mev's sorting network sorts: tested in
  // tests/spec_mev_test.cpp): concretely it must hold, and a false one is a bug.
  void known(bool fact, std::string_view what) {
    if (!fact) throw std::logic_error("a proved fact is false: " + std::string(what));
  }

  // Runs Msg as a top-level call on `pre` (which it never changes): the whole call commits
  // or none of it does.
  template <class Msg, class... A>
  static Result<Concrete, Sys> run(const Sys& pre, const Env<Concrete>& env, const A&... args) {
    ConcreteExec x(pre, env);
    Result<Concrete, Sys> r{true, false, std::nullopt, std::nullopt, pre, {}, {}, {}, {}};
    try {
      using Ret = decltype(x.template start<Msg>(args...));
      if constexpr (std::is_void_v<Ret>) x.template start<Msg>(args...);
      else r.returned = leaves<ConcreteLeaf>(x.template start<Msg>(args...));
    } catch (const Refusal& refusal) {
      r.error = x.top_error(refusal.failure);
      r.innermost = refusal.failure;
      if (x.top_credit_ == MutOp::kKeepOnRevert && refusal.failure.world == WorldRefusal::kNone) [[unlikely]] {
        r.post = Core::template kept_value<Msg>(pre, env);
        r.kept_value = true;
      }
      return r;
    }
    r.ok = true;
    r.post = std::move(x.sys_);
    r.events = std::move(x.events_);
    r.transfers = std::move(x.transfers_);
    r.frames = std::move(x.frames_);
    return r;
  }

 private:
  friend Core;
  ConcreteExec(const Sys& pre, const Env<Concrete>& env) : Core(pre, env) {}
};

// --- the symbolic executor -----------------------------------------------------------

template <class Sys> class SymbolicExec : public ExecCore<SymbolicExec<Sys>, Symbolic, Sys> {
  using Core = ExecCore<SymbolicExec<Sys>, Symbolic, Sys>;

 public:
  // Records the failure `pc ∧ bad` (once: only past the decisions the script replays)
  // and goes on under `pc ∧ ¬bad`.
  void fail_if(const SBool& bad, const Failure& f) {
    if (next_ >= script_.size()) failures_.push_back({SBool(pc_.e && bad.e), f});
    pc_ = SBool(pc_.e && !bad.e);
  }
  // A fact proved valid apart from the model (ConcreteExec::known): conjoined to the path
  // condition, where it changes no path's meaning (a valid formula) and hands Z3 what it
  // would otherwise have to find (that a 6-input network over 128-bit ids sorts: tens of
  // millions of units in every query that needs it).
  void known(const SBool& fact, std::string_view) { pc_ = SBool(pc_.e && fact.e); }
  bool decide(const SBool& cond) {
    bool d = next_ < script_.size() ? script_[next_] : true;
    ++next_;
    taken_.push_back(d);
    pc_ = SBool(pc_.e && (d ? cond.e : !cond.e));
    return d;
  }

  // Every path of Msg as a top-level call on `pre`: one Result per failure (guard, error,
  // post = pre) and one per ok path (guard, post, return, events, transfers, frames).
  // The guards are mutually exclusive and cover every case.
  template <class Msg, class... A>
  static std::vector<Result<Symbolic, Sys>> explore(const Sys& pre, const Env<Symbolic>& env, const A&... args) {
    std::vector<Result<Symbolic, Sys>> out;
    std::vector<bool> script;
    for (;;) {
      SymbolicExec x(pre, env, script);
      Result<Symbolic, Sys> ok{SBool(true), true, std::nullopt, std::nullopt, pre, {}, {}, {}, {}};
      using Ret = decltype(x.template start<Msg>(args...));
      if constexpr (std::is_void_v<Ret>) x.template start<Msg>(args...);
      else ok.returned = leaves<z3::expr>(x.template start<Msg>(args...));
      const bool kept = x.top_credit_ == MutOp::kKeepOnRevert;
      for (auto& f : x.failures_) {
        out.push_back(Result<Symbolic, Sys>{f.guard, false, x.top_error(f.failure), f.failure, pre, {}, {}, {}, {}});
        if (kept && f.failure.world == WorldRefusal::kNone) [[unlikely]] {
          out.back().post = Core::template kept_value<Msg>(pre, env);
          out.back().kept_value = true;
        }
      }
      ok.guard = x.pc_;
      ok.post = std::move(x.sys_);
      ok.events = std::move(x.events_);
      ok.transfers = std::move(x.transfers_);
      ok.frames = std::move(x.frames_);
      out.push_back(std::move(ok));
      // The next script: the last `true` decision flipped, what followed it dropped.
      script = std::move(x.taken_);
      while (!script.empty() && !script.back()) script.pop_back();
      if (script.empty()) break;
      script.back() = false;
    }
    return out;
  }

 private:
  friend Core;
  struct Recorded {
    SBool guard;
    Failure failure;
  };
  SymbolicExec(const Sys& pre, const Env<Symbolic>& env, const std::vector<bool>& script)
      : Core(pre, env), script_(script) {}

  SBool pc_ = SBool(true);
  std::vector<bool> script_;
  std::size_t next_ = 0;
  std::vector<bool> taken_;
  std::vector<Recorded> failures_;
};

}  // namespace meshcheck::model::spec
