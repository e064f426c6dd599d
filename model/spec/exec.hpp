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

// The result of one top-level call along one path (concretely: the path it took).
template <class D, class Sys> struct Result {
  Bool<D> guard = true;      // the path condition (concrete: true)
  bool ok = false;
  // Refused: the top-level error (the top contract's own, or its CalleeFailed); empty for
  // a trap of the top-level call itself (value to a non-payable message).
  std::optional<ErrorRef> error;
  std::optional<Failure> innermost;  // where it failed
  Sys post;                          // the pre-state when refused
  std::vector<Leaf<D>> returned;     // the Ok value, flattened (empty for `()`)
  std::vector<EventRec<D>> events;   // empty when refused
  std::vector<TransferRec<D>> transfers;
  std::vector<FrameRec<D>> frames;

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
  template <ErrorEnum E> void require(const Bool<D>& cond, E error) {
    check_owner(error);
    x().fail_if(!cond, failure(error_ref(error)));
  }
  // Spec R1: a payable message first narrows its U256 value to u128.
  template <ErrorEnum E> U128<D> value_u128(E error) {
    require(value() <= Balance<D>(kU128MaxAsU256), error);
    return resize<U128<D>>(value());
  }
  template <class T, ErrorEnum E> T add(const T& a, const T& b, E error) {
    require(!add_overflows(a, b), error);
    return unchecked_add(a, b);
  }
  template <class T, ErrorEnum E> T sub(const T& a, const T& b, E error) {
    require(!sub_underflows(a, b), error);
    return unchecked_sub(a, b);
  }
  template <class T, ErrorEnum E> T mul(const T& a, const T& b, E error) {
    require(!mul_overflows(a, b), error);
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
  template <EventEnum Ev, class... F> void emit(Ev event, const F&... fields) {
    events_.push_back(EventRec<D>{stack_.back().contract, event_names(event)[event], leaves<Leaf<D>>(fields...)});
  }
  // `self.env().transfer(to, amount)`; a short balance refuses with `error`
  // (TransferFailed). Value paid to a contract of the system raises its balance.
  template <ErrorEnum E> void transfer(const Addr<D>& to, const U128<D>& amount, E error) {
    Balance<D> wide = resize<Balance<D>>(amount);
    Balance<D>& mine = *stack_.back().balance;
    require(wide <= mine, error);
    mine = unchecked_sub(mine, wide);
    credit(to, wide);
    transfers_.push_back(TransferRec<D>{stack_.back().contract, to, wide});
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
    slot.balance = unchecked_add(slot.balance, value);
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
  };

  ExecCore(const Sys& pre, const Env<D>& env) : sys_(pre), env_(env) {}
  X& x() { return static_cast<X&>(*this); }

  template <ErrorEnum E> void check_owner(E error) const {
    if (error_contract(error) != stack_.back().contract)
      throw std::logic_error(std::string(stack_.back().contract) + " refused with an error of " +
                             std::string(error_contract(error)));
  }
  Failure failure(ErrorRef e) const {
    return Failure{stack_.back().contract, stack_.back().message, unsigned(stack_.size() - 1), e, ""};
  }

  void credit(const Addr<D>& to, const Balance<D>& amount) {
    sys_.for_each_slot([&](auto& s) {
      if (!s.deployed) return;
      if constexpr (D::kSymbolic) s.balance = select(to == s.address, unchecked_add(s.balance, amount), s.balance);
      else if (to == s.address) s.balance = unchecked_add(s.balance, amount);
    });
  }

  // Runs Msg on `slot` as a new frame.
  template <class Msg, class SlotT, class... A>
  auto enter(SlotT& slot, const Addr<D>& caller, const Balance<D>& value, const A&... args) {
    using C = typename Msg::Contract;
    frames_.push_back(FrameRec<D>{C::kName, Msg::kLabel, caller, value, leaves<Leaf<D>>(args...), unsigned(stack_.size())});
    stack_.push_back(Frame{C::kName, Msg::kLabel, slot.address, caller, value, &slot.balance});
    struct Pop {
      std::deque<Frame>& s;
      ~Pop() { s.pop_back(); }
    } pop{stack_};
    return Msg::run(x(), slot.state, args...);
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
    slot.balance = unchecked_add(slot.balance, env_.value);
    return enter<Msg>(slot, env_.caller, env_.value, args...);
  }

  // The top-level error of a failure.
  std::optional<ErrorRef> top_error(const Failure& f) const {
    if (f.depth == 0) return f.error;
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
      for (auto& f : x.failures_)
        out.push_back(Result<Symbolic, Sys>{f.guard, false, x.top_error(f.failure), f.failure, pre, {}, {}, {}, {}});
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
