// mev_protection, profile `spec` (../shared/spec-profile.md §3.6): intents with capital
// locked in the escrow, fair batches in one canonical (ascending) order, executed in
// creation order and all-or-nothing. Each message once, over a domain.
#pragma once

#include "model/spec/common.hpp"
#include "model/spec/payment_escrow.hpp"

namespace meshcheck::model::spec {

enum class IntentStatus : u8 { Pending, Batched, Executed, Failed, Cancelled };

enum class MevError : unsigned {
  kValueTooLarge, kZeroAmount, kSameToken, kIdsExhausted, kNoSuchIntent, kNotIntentOwner, kNotPending, kNotExecutor,
  kBatchSizeOutOfRange, kDuplicateIntent, kMixedPairs, kOverflow, kNoSuchBatch, kAlreadyExecuted, kOutOfOrder,
  kNotAdmin, kInvalidConfig, kCalleeFailed,
  // The amendment (docs/spec-profile-design.md §7), appended so that every earlier
  // variant keeps its index (an Err's SCALE encoding, raw traces, metadata).
  kNotAnAccount, kCount,
};
constexpr ErrorNames<MevError> error_names(MevError) {
  using enum MevError;
  return {{
      {kValueTooLarge, "ValueTooLarge"}, {kZeroAmount, "ZeroAmount"}, {kSameToken, "SameToken"},
      {kIdsExhausted, "IdsExhausted"}, {kNoSuchIntent, "NoSuchIntent"}, {kNotIntentOwner, "NotIntentOwner"},
      {kNotPending, "NotPending"}, {kNotExecutor, "NotExecutor"}, {kBatchSizeOutOfRange, "BatchSizeOutOfRange"},
      {kDuplicateIntent, "DuplicateIntent"}, {kMixedPairs, "MixedPairs"}, {kOverflow, "Overflow"},
      {kNoSuchBatch, "NoSuchBatch"}, {kAlreadyExecuted, "AlreadyExecuted"}, {kOutOfOrder, "OutOfOrder"},
      {kNotAdmin, "NotAdmin"}, {kInvalidConfig, "InvalidConfig"}, {kCalleeFailed, "CalleeFailed"},
      {kNotAnAccount, "NotAnAccount"},
  }};
}
constexpr std::string_view error_contract(MevError) { return "mev_protection"; }

enum class MevEvent : unsigned { kIntentSubmitted, kIntentCancelled, kBatchCreated, kBatchExecuted, kCount };
constexpr EventNames<MevEvent> event_names(MevEvent) {
  using enum MevEvent;
  return {{{kIntentSubmitted, "IntentSubmitted"}, {kIntentCancelled, "IntentCancelled"},
           {kBatchCreated, "BatchCreated"}, {kBatchExecuted, "BatchExecuted"}}};
}

template <class D> using IntentIds = BoundedVec<D, U128<D>, kMaxBatchSize>;

template <class D> struct Intent {
  U128<D> intent_id{};
  Addr<D> user{};
  Str<D> encrypted_intent{};
  Str<D> token_in{};
  Str<D> token_out{};
  U128<D> amount_in{};
  U128<D> min_output{};
  Enum<D, IntentStatus> status{};
  U64<D> created_at{};
  Option<D, U128<D>> batch_id{};
  template <class S> static auto tie(S& s) {
    return std::tie(s.intent_id, s.user, s.encrypted_intent, s.token_in, s.token_out, s.amount_in, s.min_output,
                    s.status, s.created_at, s.batch_id);
  }
  friend bool operator==(const Intent&, const Intent&) = default;
};

template <class D> struct Batch {
  U128<D> batch_id{};
  IntentIds<D> intent_ids{};  // strictly ascending
  U32<D> intent_count{};
  U128<D> total_volume{};  // Σ min_output
  U128<D> total_input{};   // Σ amount_in
  Str<D> execution_route{};
  Enum<D, IntentStatus> status{};  // Pending | Executed | Failed
  U64<D> created_at{};
  Option<D, U64<D>> executed_at{};
  template <class S> static auto tie(S& s) {
    return std::tie(s.batch_id, s.intent_ids, s.intent_count, s.total_volume, s.total_input, s.execution_route,
                    s.status, s.created_at, s.executed_at);
  }
  friend bool operator==(const Batch&, const Batch&) = default;
};

template <class D> struct BatchResult {
  U128<D> batch_id{};
  Bool<D> success{};
  U128<D> total_input_amount{};
  U128<D> total_output_amount{};
  Str<D> execution_price{};
  U64<D> timestamp{};
  template <class S> static auto tie(S& s) {
    return std::tie(s.batch_id, s.success, s.total_input_amount, s.total_output_amount, s.execution_price, s.timestamp);
  }
  friend bool operator==(const BatchResult&, const BatchResult&) = default;
};

// get_batch_stats' (u32, u128, bool)
template <class D> struct BatchStats {
  U32<D> count{};
  U128<D> total_volume{};
  Bool<D> executed{};
  template <class S> static auto tie(S& s) { return std::tie(s.count, s.total_volume, s.executed); }
  friend bool operator==(const BatchStats&, const BatchStats&) = default;
};

template <class D> struct MevState {
  Addr<D> admin{};
  Wiring<D> wiring{};
  Addr<D> executor{};
  U32<D> batch_size{};
  U32<D> min_batch_size{};
  U128<D> intent_counter{};
  U128<D> batch_counter{};
  U128<D> next_batch{};
  U128<D> pending_count{};
  Map<D, U128<D>, Intent<D>> intents{};
  Map<D, U128<D>, Batch<D>> batches{};
  Map<D, U128<D>, BatchResult<D>> batch_results{};
  template <class S> static auto tie(S& s) {
    return std::tie(s.admin, s.wiring, s.executor, s.batch_size, s.min_batch_size, s.intent_counter, s.batch_counter,
                    s.next_batch, s.pending_count, s.intents, s.batches, s.batch_results);
  }
  friend bool operator==(const MevState&, const MevState&) = default;
};

struct MevProtection {
  static constexpr std::string_view kName = "mev_protection";
  template <class D> using State = MevState<D>;
  using Error = MevError;
};

namespace mev_protection {
using E = MevError;
using Ev = MevEvent;

// new(wiring, executor): batch_size 6, min_batch_size 2, next_batch 1.
template <class D> MevState<D> construct(const Addr<D>& deployer, const Wiring<D>& wiring, const Addr<D>& executor) {
  MevState<D> s;
  s.admin = deployer;
  s.wiring = wiring;
  s.executor = executor;
  s.batch_size = U32<D>(kMaxBatchSize);
  s.min_batch_size = U32<D>(2);
  s.next_batch = U128<D>(1);
  return s;
}

// An odd-even transposition network of compare-exchanges over the first n items (design
// §5: the same text sorts concretely and in Z3), generic over the items' order `less`
// and how a comparison picks (`pick(c, a, b)`: a if c, else b), so that
// tests/spec_mev_test.cpp runs this very text over an abstract total order.
template <class T, std::size_t N, class Less, class Pick>
void transposition_network(std::array<T, N>& items, unsigned n, Less less, Pick pick) {
  for (unsigned round = 0; round < n; ++round)
    for (unsigned i = round % 2; i + 1 < n; i += 2) {
      auto swap = less(items[i + 1], items[i]);
      T lo = pick(swap, items[i + 1], items[i]);
      T hi = pick(swap, items[i], items[i + 1]);
      items[i] = lo;
      items[i + 1] = hi;
    }
}
// The network's facts, over its first n outputs: they never descend (no item below the
// one before), and where no two neighbours are equal (create_batch's DuplicateIntent
// guards) each is below, and so differs from, every later one. Proved for every strict
// total order (tests/spec_mev_test.cpp, NetworkFactsHoldForEveryTotalOrder), hence for
// the ids' `<`: the encoding is handed them (known(), below) instead of having Z3
// rediscover, in every query that reads the batch or the intents it writes, that the
// network sorts (tens of millions of units at six ids).
template <class B, class T, std::size_t N, class Less>
B network_facts(const std::array<T, N>& items, unsigned n, Less less) {
  B non_descending = true, neighbours_differ = true, ascending = true;
  for (unsigned i = 0; i + 1 < n; ++i) {
    non_descending = non_descending && !less(items[i + 1], items[i]);
    neighbours_differ = neighbours_differ && !(items[i] == items[i + 1]);
  }
  for (unsigned i = 0; i < n; ++i)
    for (unsigned j = i + 1; j < n; ++j) ascending = ascending && !(items[i] == items[j]) && less(items[i], items[j]);
  return non_descending && (!neighbours_differ || ascending);
}

// The first n ids in ascending order, the other slots at 0. A mutation site (drop-sort:
// the first n ids as given, and no fact handed on).
template <class D, class X>
IntentIds<D> sorted(X& x, const IntentIds<D>& ids, unsigned n,
                    ::meshcheck::mutation::spec::Where at = ::meshcheck::mutation::spec::Where::here()) {
  IntentIds<D> out;
  out.len = U32<D>(n);
  for (unsigned i = 0; i < n; ++i) out.items[i] = ids.items[i];
  if (::meshcheck::mutation::spec::g_hooks.on) [[unlikely]] {
    if (::meshcheck::mutation::spec::domain_hit(::meshcheck::mutation::SiteKind::kSort, at) ==
        ::meshcheck::mutation::Op::kDropSort)
      return out;
  }
  auto less = [](const U128<D>& a, const U128<D>& b) { return a < b; };
  auto pick = [](const Bool<D>& c, const U128<D>& a, const U128<D>& b) { return select(c, a, b); };
  transposition_network(out.items, n, less, pick);
  x.known(network_facts<Bool<D>>(out.items, n, less), "mev_protection's sorting network sorts");
  return out;
}

// submit_intent(encrypted_intent, token_in, token_out, min_output) -> u128 · payable: the capital
struct SubmitIntent {
  using Contract = MevProtection;
  static constexpr std::string_view kLabel = "submit_intent";
  static constexpr bool kPayable = true;
  template <class X, class D>
  static U128<D> run(X& x, MevState<D>& self, const Str<D>& encrypted_intent, const Str<D>& token_in,
                     const Str<D>& token_out, const U128<D>& min_output) {
    U128<D> amount_in = x.value_u128(E::kValueTooLarge);
    x.require(amount_in > U128<D>(0), E::kZeroAmount);
    x.require(token_in != token_out, E::kSameToken);
    U128<D> id = x.add(self.intent_counter, U128<D>(1), E::kIdsExhausted);
    self.intent_counter = id;
    self.intents.set(id, Intent<D>{id, x.caller(), encrypted_intent, token_in, token_out, amount_in, min_output,
                                   IntentStatus::Pending, x.now(), {}});
    self.pending_count = x.add(self.pending_count, U128<D>(1), E::kOverflow);
    x.template call<payment_escrow::DepositEscrow>(self.wiring.payment_escrow, x.value(), id, x.caller(), amount_in);
    x.emit(Ev::kIntentSubmitted, id, x.caller(), amount_in, min_output);
    return id;
  }
};

// cancel_intent(intent_id) · the intent's user, while Pending: the capital is refunded
struct CancelIntent {
  using Contract = MevProtection;
  static constexpr std::string_view kLabel = "cancel_intent";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, MevState<D>& self, const U128<D>& intent_id) {
    auto found = self.intents.get(intent_id);
    x.require(found.is_some(), E::kNoSuchIntent);
    Intent<D> i = found.value;
    x.require(x.caller() == i.user, E::kNotIntentOwner);
    x.require(i.status == IntentStatus::Pending, E::kNotPending);
    i.status = IntentStatus::Cancelled;
    self.intents.set(intent_id, i);
    self.pending_count = x.sub(self.pending_count, U128<D>(1), E::kOverflow);
    x.template call<payment_escrow::RefundCapital>(self.wiring.payment_escrow, Balance<D>(0), intent_id);
    x.emit(Ev::kIntentCancelled, intent_id);
  }
};

// create_batch(intent_ids, execution_route) -> u128 · executor. Every guard reads the
// sorted list, so any permutation of the same ids gives the same result (M-PERMUTE).
struct CreateBatch {
  using Contract = MevProtection;
  static constexpr std::string_view kLabel = "create_batch";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static U128<D> run(X& x, MevState<D>& self, const IntentIds<D>& intent_ids, const Str<D>& execution_route) {
    x.require(x.caller() == self.executor, E::kNotExecutor);
    x.require(self.min_batch_size <= intent_ids.len && intent_ids.len <= self.batch_size, E::kBatchSizeOutOfRange);
    unsigned n = x.length_of(intent_ids);
    IntentIds<D> ids = sorted<D>(x, intent_ids, n);
    for (unsigned i = 0; i + 1 < n; ++i) x.require(ids.items[i] != ids.items[i + 1], E::kDuplicateIntent);
    std::vector<Intent<D>> members;
    for (unsigned i = 0; i < n; ++i) {  // §9 C6: each id's three conditions, in ascending order
      auto found = self.intents.get(ids.items[i]);
      x.require(found.is_some(), E::kNoSuchIntent);
      x.require(found.value.status == IntentStatus::Pending, E::kNotPending);
      if (i > 0)
        x.require(found.value.token_in == members[0].token_in && found.value.token_out == members[0].token_out,
                  E::kMixedPairs);
      members.push_back(found.value);
    }
    U128<D> volume{}, input{};
    for (auto& m : members) volume = x.add(volume, m.min_output, E::kOverflow);
    for (auto& m : members) input = x.add(input, m.amount_in, E::kOverflow);
    // The new id must leave next_batch a successor: execute_batch(b) sets next_batch to
    // b + 1, so an id u128::MAX could never be executed (its capital locked for good).
    // u128::MAX is never issued (docs/spec-profile-design.md §5 decision 16).
    x.require(self.batch_counter < U128<D>(kU128Max - u128(1)), E::kIdsExhausted);
    U128<D> b = x.add(self.batch_counter, U128<D>(1), E::kIdsExhausted);
    self.batch_counter = b;
    for (unsigned i = 0; i < n; ++i) {
      members[i].status = IntentStatus::Batched;
      members[i].batch_id = Option<D, U128<D>>::of(b);
      self.intents.set(ids.items[i], members[i]);
    }
    self.pending_count = x.sub(self.pending_count, U128<D>(n), E::kOverflow);
    self.batches.set(b, Batch<D>{b, ids, U32<D>(n), volume, input, execution_route, IntentStatus::Pending, x.now(), {}});
    x.emit(Ev::kBatchCreated, b, ids);
    return b;
  }
};

// execute_batch(batch_id, actual_output, execution_price) -> BatchResult · executor, in
// creation order; all-or-nothing: every capital to the executor, or every one refunded.
struct ExecuteBatch {
  using Contract = MevProtection;
  static constexpr std::string_view kLabel = "execute_batch";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static BatchResult<D> run(X& x, MevState<D>& self, const U128<D>& batch_id, const U128<D>& actual_output,
                            const Str<D>& execution_price) {
    x.require(x.caller() == self.executor, E::kNotExecutor);
    auto found = self.batches.get(batch_id);
    x.require(found.is_some(), E::kNoSuchBatch);
    Batch<D> batch = found.value;
    x.require(batch.status == IntentStatus::Pending, E::kAlreadyExecuted);
    x.require(batch_id == self.next_batch, E::kOutOfOrder);
    Bool<D> success = actual_output >= batch.total_volume;
    unsigned n = x.length_of(batch.intent_ids);
    const Addr<D>& escrow = self.wiring.payment_escrow;
    bool paid = x.decide(success);
    for (unsigned i = 0; i < n; ++i) {
      const U128<D>& id = batch.intent_ids.items[i];
      Intent<D> intent = self.intents.get_or_default(id);
      intent.status = paid ? IntentStatus::Executed : IntentStatus::Failed;
      self.intents.set(id, intent);
      if (paid) x.template call<payment_escrow::ReleaseCapital>(escrow, Balance<D>(0), id, self.executor);
      else x.template call<payment_escrow::RefundCapital>(escrow, Balance<D>(0), id);
    }
    batch.status = paid ? IntentStatus::Executed : IntentStatus::Failed;
    batch.executed_at = Option<D, U64<D>>::of(x.now());
    self.batches.set(batch_id, batch);
    BatchResult<D> result{batch_id, success, batch.total_input, actual_output, execution_price, x.now()};
    self.batch_results.set(batch_id, result);
    self.next_batch = x.add(self.next_batch, U128<D>(1), E::kOverflow);
    x.emit(Ev::kBatchExecuted, batch_id, success);
    return result;
  }
};

// set_batch_config(batch_size, min_batch_size) · admin; no event (§9 C3)
struct SetBatchConfig {
  using Contract = MevProtection;
  static constexpr std::string_view kLabel = "set_batch_config";
  static constexpr bool kPayable = false;
  template <class X, class D>
  static void run(X& x, MevState<D>& self, const U32<D>& batch_size, const U32<D>& min_batch_size) {
    x.require(x.caller() == self.admin, E::kNotAdmin);
    x.require(U32<D>(1) <= min_batch_size && min_batch_size <= batch_size && batch_size <= U32<D>(kMaxBatchSize),
              E::kInvalidConfig);
    self.batch_size = batch_size;
    self.min_batch_size = min_batch_size;
  }
};

// set_executor(executor) · admin; never a wired contract (it could not sign
// execute_batch, and the pending batches' capital would be locked for good: the
// amendment, docs/spec-profile-design.md §7); no event (§9 C3)
struct SetExecutor {
  using Contract = MevProtection;
  static constexpr std::string_view kLabel = "set_executor";
  static constexpr bool kPayable = false;
  template <class X, class D> static void run(X& x, MevState<D>& self, const Addr<D>& executor) {
    x.require(x.caller() == self.admin, E::kNotAdmin);
    x.require(!is_wired_contract(self.wiring, executor), E::kNotAnAccount);
    self.executor = executor;
  }
};

struct GetIntent {
  using Contract = MevProtection;
  static constexpr std::string_view kLabel = "get_intent";
  static constexpr bool kPayable = false;
  template <class X, class D> static Option<D, Intent<D>> run(X&, MevState<D>& self, const U128<D>& id) {
    return self.intents.get(id);
  }
};
struct GetBatch {
  using Contract = MevProtection;
  static constexpr std::string_view kLabel = "get_batch";
  static constexpr bool kPayable = false;
  template <class X, class D> static Option<D, Batch<D>> run(X&, MevState<D>& self, const U128<D>& id) {
    return self.batches.get(id);
  }
};
struct GetPendingIntents {
  using Contract = MevProtection;
  static constexpr std::string_view kLabel = "get_pending_intents";
  static constexpr bool kPayable = false;
  template <class X, class D> static U128<D> run(X&, MevState<D>& self) { return self.pending_count; }
};
// get_batch_stats(batch_id) -> (u32, u128, bool); (0, 0, false) for an absent batch (§9 C5)
struct GetBatchStats {
  using Contract = MevProtection;
  static constexpr std::string_view kLabel = "get_batch_stats";
  static constexpr bool kPayable = false;
  template <class X, class D> static BatchStats<D> run(X&, MevState<D>& self, const U128<D>& id) {
    Batch<D> b = self.batches.get_or_default(id);
    return BatchStats<D>{b.intent_count, b.total_volume, self.batches.contains(id) && b.status == IntentStatus::Executed};
  }
};

}  // namespace mev_protection
}  // namespace meshcheck::model::spec
