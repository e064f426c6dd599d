// Minimizing a sat query's values, in a fixed order (canonical.hpp).
#include "smt/canonical.hpp"

#include <algorithm>
#include <functional>

#include "model/types.hpp"

namespace meshcheck::smt {

namespace {

BigInt numeral(const z3::expr& e) { return BigInt(Z3_get_numeral_string(e.ctx(), e)); }

unsigned bit_length(const BigInt& n) { return n == 0 ? 0 : static_cast<unsigned>(boost::multiprecision::msb(n)) + 1; }

}  // namespace

std::uint64_t minimization_budget(const QueryLimits& limits) {
  // Unlimited queries minimize without a budget too (a test's, or --rlimit 0).
  return limits.rlimit ? 4 * limits.rlimit : 0;
}

Minimizer::Minimizer(z3::solver& s, const QueryLimits& limits, std::uint64_t budget)
    : Minimizer(s, s.get_model(), limits, budget) {}

Minimizer::Minimizer(z3::solver& s, const z3::model& start, const QueryLimits& limits, std::uint64_t budget)
    : s_(s), limits_(limits), left_(budget), model_(start) {
  s_.push();
}

Minimizer::~Minimizer() {
  s_.pop();
  set_limits(s_, limits_);
}

z3::check_result Minimizer::ask(const z3::expr& c) {
  bool budgeted = limits_.rlimit != 0;
  if (budgeted && left_ == 0) return z3::unknown;
  QueryLimits l = limits_;
  if (budgeted) l.rlimit = std::min(l.rlimit, left_);
  set_limits(s_, l);
  s_.push();
  s_.add(c);
  Answer a = check(s_, l);
  if (a.result == z3::sat) model_ = s_.get_model();
  s_.pop();
  if (budgeted) left_ -= std::min(left_, a.rlimit);
  used_ += a.rlimit;
  ++checks_;
  seconds_ += a.seconds;
  return a.result;
}

void Minimizer::fix(const z3::expr& t) { s_.add(t == model_.eval(t, true)); }

void Minimizer::least(const z3::expr& t, const std::function<z3::expr(const BigInt&)>& at_most) {
  BigInt hi = numeral(model_.eval(t, true));
  if (hi == 0) {
    fix(t);
    return;
  }
  // Most values a counterexample needs are 0 (an unused amount, the first id): one
  // check settles them.
  if (ask(at_most(0)) != z3::unsat) {
    fix(t);  // sat: the model has it 0; unknown: keep the model's
    return;
  }
  // Then the least value's bit length (few checks, and most values are small), then
  // its bits from the top; every sat model lowers `hi` at once. (Asking 1 right after 0
  // was tried: fewer checks for most counterexamples, but M-OUTPUT's minimization went
  // from 13.9M to 21.5M units.)
  unsigned lo_len = 1, hi_len = bit_length(hi);
  while (lo_len < hi_len) {
    unsigned mid = lo_len + (hi_len - lo_len) / 2;
    z3::check_result r = ask(at_most((BigInt(1) << mid) - 1));
    if (r == z3::sat) {
      hi = numeral(model_.eval(t, true));
      hi_len = bit_length(hi);
    } else if (r == z3::unsat) {
      lo_len = mid + 1;
    } else {
      fix(t);
      return;
    }
  }
  if (hi == 0) {
    fix(t);
    return;
  }
  // The least value is in [2^(len-1), hi]: is each lower bit clear, given the ones above?
  BigInt lo = BigInt(1) << (hi_len - 1);
  for (int bit = static_cast<int>(hi_len) - 2; bit >= 0 && lo < hi; --bit) {
    BigInt clear = lo + (BigInt(1) << bit) - 1;
    if (clear >= hi) continue;  // hi itself has it clear
    z3::check_result r = ask(at_most(clear));
    if (r == z3::sat) {
      hi = numeral(model_.eval(t, true));
    } else if (r == z3::unsat) {
      lo += BigInt(1) << bit;
    } else {
      break;
    }
  }
  fix(t);
}

void Minimizer::unsigned_bits(const z3::expr& t) {
  z3::context& c = t.ctx();
  const unsigned width = t.get_sort().bv_size();
  least(t, [&](const BigInt& bound) { return z3::ule(t, c.bv_val(bound.str().c_str(), width)); });
}

void Minimizer::integer(const z3::expr& t) {
  z3::context& c = t.ctx();
  if (numeral(model_.eval(t, true)) < 0 && ask(t >= c.int_val(0)) != z3::sat) {
    fix(t);  // no model with t >= 0 (or no answer): keep the one found
    return;
  }
  least(t, [&](const BigInt& bound) { return t >= c.int_val(0) && t <= c.int_val(bound.str().c_str()); });
}

void Minimizer::boolean(const z3::expr& t, bool prefer) {
  z3::context& c = t.ctx();
  if (model_.eval(t, true).is_true() != prefer) ask(t == c.bool_val(prefer));
  fix(t);
}

void Minimizer::first_of(const z3::expr& t, const std::vector<z3::expr>& candidates) {
  for (auto& candidate : candidates) {
    if (model_.eval(t == candidate, true).is_true()) break;
    z3::check_result r = ask(t == candidate);
    if (r != z3::unsat) break;  // sat: the model has it; unknown: keep the model's
  }
  fix(t);
}

void Minimizer::value(const SymValue& v) {
  z3::context& c = model_.ctx();
  switch (v.type->kind) {
    case TypeKind::Bool: boolean(*v.scalar); return;
    case TypeKind::String:
      first_of(*v.scalar, {string_val(c, ""), string_val(c, "a"), string_val(c, "b")});
      return;
    case TypeKind::Option:
      boolean(*v.tag);
      if (model_.eval(*v.tag, true).is_true()) value(v.items[0]);
      return;
    case TypeKind::Vec: {
      unsigned_bits(*v.tag);
      auto n = static_cast<unsigned>(numeral(model_.eval(*v.tag, true)));
      for (unsigned i = 0; i < n && i < v.items.size(); ++i) value(v.items[i]);
      return;
    }
    case TypeKind::Struct:
    case TypeKind::Tuple:
      for (auto& item : v.items) value(item);
      return;
    case TypeKind::Enum: {
      unsigned_bits(*v.tag);
      auto index = static_cast<std::size_t>(numeral(model_.eval(*v.tag, true)));
      std::size_t item = 0;
      for (std::size_t vi = 0; vi < v.type->variants.size(); ++vi)
        for (std::size_t fi = 0; fi < v.type->variants[vi].fields.size(); ++fi, ++item)
          if (vi == index) value(v.items[item]);
      return;
    }
    default:
      if (v.scalar->is_bv()) {
        unsigned_bits(*v.scalar);
      } else if (v.scalar->is_int()) {
        integer(*v.scalar);
      } else {
        fix(*v.scalar);
      }
      return;
  }
}

Obligation Canonical::obligation(const std::string& contract, const std::string& what) const {
  return Obligation{contract, what, "sat", seconds, rlimit};
}

Canonical canonical_run(z3::solver& s, const Unrolling& u, std::size_t depth, const QueryLimits& limits,
                        const std::vector<SymValue>& extra, CanonicalParts parts) {
  std::uint64_t budget = minimization_budget(limits);
  // The messages first, in the query's own solver; then the values, in the solver of the
  // query with those messages put in.
  std::optional<z3::solver> f;
  Canonical out = canonical_messages(s, u, depth, limits, budget, parts == CanonicalParts::Messages ? nullptr : &f);
  if (parts == CanonicalParts::Messages) return out;
  Canonical values =
      canonical_values(*f, out.model, u, depth, limits, budget ? budget - std::min(budget, out.rlimit) : 0, extra);
  return Canonical{values.model, out.rlimit + values.rlimit, out.checks + values.checks, out.seconds + values.seconds};
}

z3::solver with_messages(z3::context& c, const z3::expr_vector& query, const z3::expr_vector& choices,
                         const z3::expr_vector& chosen, const QueryLimits& limits) {
  z3::solver f = make_solver(c, limits);
  for (unsigned i = 0; i < query.size(); ++i) f.add(query[i].substitute(choices, chosen).simplify());
  for (unsigned i = 0; i < choices.size(); ++i) f.add(choices[i] == chosen[i]);
  return f;
}

Canonical canonical_values(z3::solver& f, const z3::model& start, const Unrolling& u, std::size_t depth,
                           const QueryLimits& limits, std::uint64_t budget, const std::vector<SymValue>& extra) {
  Minimizer min(f, start, limits, budget);
  for (std::size_t i = 0; i < depth; ++i) min.unsigned_bits(u.call(i).env.caller);
  // The last call's values first: it is the one that breaks the invariant, and with its
  // values pinned the earlier calls only have to set it up (checks many times cheaper
  // than from the first call on, and as canonical: the order is fixed).
  for (std::size_t i = depth; i-- > 0;) {
    const SymCall& call = u.call(i);
    min.unsigned_bits(call.env.value);
    auto m = static_cast<std::size_t>(numeral(min.model().eval(call.choice, true)));
    if (m < call.args.size())
      for (auto& a : call.args[m]) min.value(a);
  }
  for (std::size_t i = 0; i < depth; ++i) {
    min.unsigned_bits(u.call(i).env.block);
    min.unsigned_bits(u.call(i).env.timestamp);
  }
  for (auto& v : extra) min.value(v);
  return Canonical{min.model(), min.used(), min.checks(), min.seconds()};
}

z3::model canonical_step(z3::solver& s, const FreeStep& st, const QueryLimits& limits) {
  Minimizer min(s, limits, minimization_budget(limits));
  for (auto& taken : st.taken) min.boolean(taken, true);
  min.unsigned_bits(st.env.caller);
  for (auto& a : st.args) min.value(a);
  // An amount: an Int, or a signed bit-vector whose non-negative values come first
  // in unsigned order too.
  if (st.pre.balance.is_int()) {
    min.integer(st.pre.balance);
  } else {
    min.unsigned_bits(st.pre.balance);
  }
  return min.model();
}

}  // namespace meshcheck::smt
