// The ghost sums and their hooks (ghosts.hpp).
#include "smt/spec/ghosts.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "smt/spec/subterms.hpp"

namespace meshcheck::smt::spec {

namespace {

z3::expr wide(const z3::expr& bv) { return z3::zext(bv, kGhostBits - bv.get_sort().bv_size()); }
z3::expr zero() { return ms::current_context().bv_val(0, kGhostBits); }

const ms::EscrowState<ms::Symbolic>& escrow_of(const SSys& s) { return s.slot<ms::PaymentEscrow>().state; }
const ms::RegistryState<ms::Symbolic>& registry_of(const SSys& s) {
  return s.slot<ms::ComputeProviderRegistry>().state;
}
const ms::NftState<ms::Symbolic>& nft_of(const SSys& s) { return s.slot<ms::DataNftRegistry>().state; }
const ms::MevState<ms::Symbolic>& mev_of(const SSys& s) { return s.slot<ms::MevProtection>().state; }

// A Locked escrow's amount (0 when absent or not Locked).
template <class M> z3::expr locked_amount(const M& map, const z3::expr& k) {
  auto e = map.get(ms::SUint<128>(k));
  return z3::ite(e.some.e && e.value.status.e == ms::SEnum<ms::EscrowStatus>(ms::EscrowStatus::Locked).e,
                 wide(e.value.amount.e), zero());
}

}  // namespace

// Each ghost: its map and its contribution, the hook being ghost_after (one for all).
const std::vector<GhostSum>& ghost_sums() {
  static const std::vector<GhostSum> ghosts{
      // Σ amount of Locked job escrows (G-SOLVENT, E-CONSERVE).
      {"escrow.locked_jobs", [](const SSys& s) { return escrow_of(s).jobs.present; },
       [](const SSys& s, const z3::expr& k) { return locked_amount(escrow_of(s).jobs, k); }},
      // Σ amount of Locked capital escrows (G-SOLVENT, E-CONSERVE).
      {"escrow.locked_capital", [](const SSys& s) { return escrow_of(s).capital.present; },
       [](const SSys& s, const z3::expr& k) { return locked_amount(escrow_of(s).capital, k); }},
      // Σ claimable (G-SOLVENT, E-CONSERVE, X-REVENUE).
      {"escrow.claimable_sum", [](const SSys& s) { return escrow_of(s).claimable.present; },
       [](const SSys& s, const z3::expr& k) {
         return wide(escrow_of(s).claimable.get_or_default(ms::SAddr(k)).e);
       }},
      // Σ provider stakes (G-SOLVENT, R-STAKE).
      {"registry.stake_sum", [](const SSys& s) { return registry_of(s).providers.present; },
       [](const SSys& s, const z3::expr& k) {
         auto p = registry_of(s).providers.get(ms::SAddr(k));
         return z3::ite(p.some.e, wide(p.value.stake.e), zero());
       }},
      // The number of registered providers (R-COUNT).
      {"registry.registered", [](const SSys& s) { return registry_of(s).providers.present; },
       [](const SSys& s, const z3::expr& k) {
         return z3::ite(registry_of(s).providers.contains(ms::SAddr(k)).e, ms::current_context().bv_val(1, kGhostBits),
                        zero());
       }},
      // The number of live tokens point_account() owns (N-BALANCE: the Monitor's owned[a]).
      {"nft.owned_at_point", [](const SSys& s) { return nft_of(s).nfts.present; },
       [](const SSys& s, const z3::expr& k) {
         auto n = nft_of(s).nfts.get(ms::SUint<128>(k));
         return z3::ite((n.some && n.value.owner == ms::SAddr(point_account())).e,
                        ms::current_context().bv_val(1, kGhostBits), zero());
       },
       true, 128},
      // The number of Pending intents (X-MEV's pending_count part; X-EXIT's cancel_intent,
      // whose pending_count - 1 needs pending_count >= 1: the ghost's bound at the Pending
      // intent gives it). An integer, not a count modulo 2^128 as N-BALANCE's: an exit needs
      // that bound (ghost_bounds), which a modular count does not give.
      {"mev.pending_intents", [](const SSys& s) { return mev_of(s).intents.present; },
       [](const SSys& s, const z3::expr& k) {
         auto in = mev_of(s).intents.get(ms::SUint<128>(k));
         return z3::ite((in.some && in.value.status == ms::IntentStatus::Pending).e,
                        ms::current_context().bv_val(1, kGhostBits), zero());
       }},
  };
  return ghosts;
}

z3::expr point_account() { return ms::current_context().bv_const("point.account", ms::SAddr().e.get_sort().bv_size()); }

namespace {
// 2^n as an integer literal.
z3::expr power_of_two(z3::context& c, unsigned n) {
  std::string digits = "1";  // decimal, most significant first
  for (unsigned i = 0; i < n; ++i) {
    int carry = 0;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
      int d = (*it - '0') * 2 + carry;
      *it = char('0' + d % 10);
      carry = d / 10;
    }
    if (carry) digits.insert(digits.begin(), char('0' + carry));
  }
  return c.int_val(digits.c_str());
}

// How many low bits of `e` can be set, from its shape alone: a zero extension's operand's
// width, a sum's widest operand's plus one per addition, a literal's length; else its width.
// Memoized by term (`seen`): a balance after a path is a DAG of if-then-else whose tree is
// exponential.
unsigned value_bits(const z3::expr& e, std::unordered_map<unsigned, unsigned>& seen) {
  if (auto hit = seen.find(e.id()); hit != seen.end()) return hit->second;
  const unsigned width = e.get_sort().bv_size();
  unsigned out = width;
  std::string binary;
  if (e.as_binary(binary)) {
    out = binary == "0" ? 0 : unsigned(binary.size());  // no leading zeros
  } else if (e.is_app() && e.decl().decl_kind() == Z3_OP_ZERO_EXT) {
    out = value_bits(e.arg(0), seen);
  } else if (e.is_app() && e.decl().decl_kind() == Z3_OP_ITE) {
    out = std::max(value_bits(e.arg(1), seen), value_bits(e.arg(2), seen));
  } else if (e.is_app() && e.decl().decl_kind() == Z3_OP_BADD) {
    out = value_bits(e.arg(0), seen);
    for (unsigned i = 1; i < e.num_args(); ++i) out = std::max(out, value_bits(e.arg(i), seen)) + 1;
  }
  out = std::min(out, width);
  seen.emplace(e.id(), out);
  return out;
}

// int_of's memo: by term id, each entry holding its term as well as its integer. The term
// must be held: int_of recurses into terms it builds (a select below a store or an
// if-then-else), which Z3 frees once they are out of use, and a freed term's id is given
// to the next new term, which would then read the integer of the freed one: a wrong
// integer, so a wrong query either way. (Found twice: at execute_batch's paths the amount
// one batch position transfers was read as another position's, which gave G-SOLVENT's
// step a counterexample the model does not have; and E-CONSERVE's integer form was false
// at execute_batch and resolve_dispute steps where the concrete check held,
// tests/spec_step_forms_test.cpp.)
using IntMemo = std::unordered_map<unsigned, std::pair<z3::expr, z3::expr>>;

z3::expr int_of_memo(const z3::expr& e, IntMemo& memo) {
  auto hit = memo.find(e.id());
  if (hit != memo.end()) return hit->second.second;
  z3::context& c = e.ctx();
  z3::expr out = c.int_val(0);
  if (e.is_numeral()) {
    out = c.int_val(Z3_get_numeral_string(c, e));
  } else if (e.is_app() && e.decl().decl_kind() == Z3_OP_BADD) {
    // Left to right, as the model builds it: each partial sum's wrap is its own term, but
    // for a partial sum too narrow to wrap (wide() sums of zero extensions: a form's
    // arithmetic that cannot wrap), which has none.
    const unsigned n = e.get_sort().bv_size();
    std::unordered_map<unsigned, unsigned> seen;
    z3::expr acc = e.arg(0);
    unsigned bits = value_bits(acc, seen);
    out = int_of_memo(acc, memo);
    for (unsigned i = 1; i < e.num_args(); ++i) {
      bits = std::max(bits, value_bits(e.arg(i), seen)) + 1;
      out = out + int_of_memo(e.arg(i), memo);
      if (bits > n) out = out - z3::ite(!z3::bvadd_no_overflow(acc, e.arg(i), false), power_of_two(c, n), c.int_val(0));
      acc = acc + e.arg(i);
    }
  } else if (e.is_app() && e.decl().decl_kind() == Z3_OP_BSUB && e.num_args() == 2) {
    out = int_of_memo(e.arg(0), memo) - int_of_memo(e.arg(1), memo) +
          z3::ite(z3::ult(e.arg(0), e.arg(1)), power_of_two(c, e.get_sort().bv_size()), c.int_val(0));
  } else if (e.is_app() && e.decl().decl_kind() == Z3_OP_ZERO_EXT) {
    out = int_of_memo(e.arg(0), memo);
  } else if (e.is_app() && e.decl().decl_kind() == Z3_OP_ITE) {
    out = z3::ite(e.arg(0), int_of_memo(e.arg(1), memo), int_of_memo(e.arg(2), memo));
  } else if (e.is_app() && e.decl().decl_kind() == Z3_OP_EXTRACT && e.lo() == 0) {
    // The low bits of x: x less its high part (a value's u128 from its Balance, after the
    // guard that the high part is 0); of a zero extension that kept them all, x itself.
    const z3::expr x = e.arg(0);
    const unsigned n = e.get_sort().bv_size(), w = x.get_sort().bv_size();
    if (n >= w)
      out = int_of_memo(x, memo);
    else if (x.is_app() && x.decl().decl_kind() == Z3_OP_ZERO_EXT && x.arg(0).get_sort().bv_size() <= n)
      out = int_of_memo(x.arg(0), memo);
    else
      out = int_of_memo(x, memo) - power_of_two(c, n) * z3::bv2int(x.extract(w - 1, n), false);
  } else if (e.is_app() && e.decl().decl_kind() == Z3_OP_SELECT && e.num_args() == 2 && e.arg(0).is_app() &&
             e.arg(0).decl().decl_kind() == Z3_OP_STORE && e.arg(0).num_args() == 3) {
    // A read of a written entry: the value written there, else the read below the write
    // (so a count a path stored as `c - 1` is read as the integer c - 1).
    const z3::expr a = e.arg(0);
    out = z3::ite(e.arg(1) == a.arg(1), int_of_memo(a.arg(2), memo), int_of_memo(z3::select(a.arg(0), e.arg(1)), memo));
  } else if (e.is_app() && e.decl().decl_kind() == Z3_OP_SELECT && e.num_args() == 2 && e.arg(0).is_app() &&
             e.arg(0).decl().decl_kind() == Z3_OP_ITE) {
    const z3::expr a = e.arg(0);
    out = z3::ite(a.arg(0), int_of_memo(z3::select(a.arg(1), e.arg(1)), memo),
                  int_of_memo(z3::select(a.arg(2), e.arg(1)), memo));
  } else {
    out = z3::bv2int(e, false);
  }
  memo.emplace(e.id(), std::make_pair(e, out));
  return out;
}
}  // namespace

z3::expr within_ranges(const z3::expr& f) {
  z3::context& c = f.ctx();
  z3::expr ranges = c.bool_val(true);
  for_each_subterm(f, [&](const z3::expr& e) {
    if (!e.is_app()) return false;
    if (e.decl().decl_kind() != Z3_OP_BV2INT) return true;
    ranges = ranges && e >= c.int_val(0) && e < power_of_two(c, e.arg(0).get_sort().bv_size());
    return false;
  });
  return z3::implies(ranges, f);
}

namespace {
// The ids of the bv2int terms in `f`.
std::unordered_set<unsigned> bv2int_terms(const z3::expr& f) {
  std::unordered_set<unsigned> out;
  for_each_subterm(f, [&](const z3::expr& e) {
    if (!e.is_app()) return false;
    if (e.decl().decl_kind() == Z3_OP_BV2INT) out.insert(e.id());
    return true;
  });
  return out;
}
}  // namespace

z3::expr comparisons_as_integers(const z3::expr& f) {
  z3::context& c = f.ctx();
  const std::unordered_set<unsigned> read = bv2int_terms(f);
  IntMemo memo;
  z3::expr out = c.bool_val(true);
  for_each_subterm(f, [&](const z3::expr& e) {
    if (!e.is_app()) return false;
    const Z3_decl_kind k = e.decl().decl_kind();
    if (k != Z3_OP_ULEQ && k != Z3_OP_ULT && k != Z3_OP_UGEQ && k != Z3_OP_UGT) return true;
    const z3::expr x = int_of_memo(e.arg(0), memo), y = int_of_memo(e.arg(1), memo);
    bool shared = false;
    for (unsigned id : bv2int_terms(x >= 0 && y >= 0)) shared = shared || read.count(id);
    if (!shared) return true;
    const z3::expr as_int = k == Z3_OP_ULEQ ? x <= y : k == Z3_OP_ULT ? x < y : k == Z3_OP_UGEQ ? x >= y : x > y;
    out = out && (e == as_int);
    return true;
  });
  return out;
}

z3::expr equalities_as_integers(const z3::expr& f) {
  z3::context& c = f.ctx();
  IntMemo memo;
  // A sum or a difference, maybe zero-extended: what int_of reads as arithmetic.
  auto arithmetic = [](z3::expr e) {
    while (e.is_app() && e.decl().decl_kind() == Z3_OP_ZERO_EXT) e = e.arg(0);
    return e.is_app() && (e.decl().decl_kind() == Z3_OP_BADD || e.decl().decl_kind() == Z3_OP_BSUB);
  };
  z3::expr_vector from(c), to(c);
  for_each_subterm(f, [&](const z3::expr& e) {
    if (!e.is_app()) return false;
    if (e.decl().decl_kind() != Z3_OP_EQ || e.num_args() != 2 || !e.arg(0).get_sort().is_bv()) return true;
    if (!arithmetic(e.arg(0)) && !arithmetic(e.arg(1))) return true;
    from.push_back(e);
    to.push_back(int_of_memo(e.arg(0), memo) == int_of_memo(e.arg(1), memo));
    return false;
  });
  if (from.empty()) return f;
  z3::expr g = f;
  return g.substitute(from, to);
}

z3::expr int_of(const z3::expr& bv) {
  IntMemo memo;
  return int_of_memo(bv, memo);
}

z3::expr ghost_zero(const GhostSum& g) {
  return g.modulo_bits ? ms::current_context().bv_val(0, g.modulo_bits) : ms::current_context().int_val(0);
}
z3::expr ghost_fresh(const GhostSum& g, const std::string& name) {
  return g.modulo_bits ? ms::current_context().bv_const(name.c_str(), g.modulo_bits)
                       : ms::current_context().int_const(name.c_str());
}

std::size_t ghost_index(std::string_view name) {
  const auto& g = ghost_sums();
  for (std::size_t i = 0; i < g.size(); ++i)
    if (g[i].name == name) return i;
  throw std::logic_error("no ghost " + std::string(name));
}

namespace {
// The store keys of the chain from `top` down to `stop` (or to its leaves: the terms that
// are neither a store nor an if-then-else), added to `out` once each.
void chain_keys(const z3::expr& top, const z3::expr* stop, std::vector<z3::expr>& out, std::unordered_set<unsigned>& seen_keys,
                std::vector<z3::expr>& leaves) {
  std::unordered_set<unsigned> seen;
  std::vector<z3::expr> todo{top};
  while (!todo.empty()) {
    z3::expr e = todo.back();
    todo.pop_back();
    if (!seen.insert(e.id()).second) continue;
    if (stop && z3::eq(e, *stop)) continue;
    if (e.is_app() && e.decl().decl_kind() == Z3_OP_STORE) {
      if (seen_keys.insert(e.arg(1).id()).second) out.push_back(e.arg(1));
      todo.push_back(e.arg(0));
    } else if (e.is_app() && e.decl().decl_kind() == Z3_OP_ITE) {
      todo.push_back(e.arg(1));
      todo.push_back(e.arg(2));
    } else {
      leaves.push_back(e);
    }
  }
}
}  // namespace

std::vector<z3::expr> written_keys(const z3::expr& post_present, const z3::expr& pre_present) {
  std::vector<z3::expr> out, leaves;
  std::unordered_set<unsigned> seen_keys;
  chain_keys(post_present, &pre_present, out, seen_keys, leaves);
  if (leaves.empty()) return out;
  // Not a chain over pre's map: both must be chains over the same leaves.
  std::vector<z3::expr> pre_leaves;
  chain_keys(pre_present, nullptr, out, seen_keys, pre_leaves);
  for (const z3::expr& l : leaves) {
    bool shared = false;
    for (const z3::expr& m : pre_leaves) shared = shared || z3::eq(l, m);
    if (!shared) throw std::logic_error("ghost hook: a map write the hook cannot follow: " + l.to_string().substr(0, 200));
  }
  return out;
}

namespace {
// Σ over the distinct keys (a key equal to an earlier one counts 0) of f(k), from `zero`.
template <class F> z3::expr distinct_sum(const std::vector<z3::expr>& keys, const z3::expr& zero, F f) {
  z3::expr sum = zero;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    z3::expr fresh_key = ms::current_context().bool_val(true);
    for (std::size_t j = 0; j < i; ++j) fresh_key = fresh_key && keys[i] != keys[j];
    sum = sum + z3::ite(fresh_key, f(keys[i]), zero);
  }
  return sum;
}
}  // namespace

z3::expr ghost_after(const GhostSum& g, const z3::expr& before, const SSys& pre, const SSys& post) {
  const std::vector<z3::expr> keys = written_keys(g.present(post), g.present(pre));
  if (g.modulo_bits)
    return before + distinct_sum(keys, ghost_zero(g), [&](const z3::expr& k) {
             return (g.contribution(post, k) - g.contribution(pre, k)).extract(g.modulo_bits - 1, 0);
           });
  return before + distinct_sum(keys, ghost_zero(g), [&](const z3::expr& k) {
           return int_of(g.contribution(post, k)) - int_of(g.contribution(pre, k));
         });
}

namespace {
// A balance's change over a path, as an integer (int_of: exact).
template <class C> z3::expr balance_change(const SSys& pre, const SSys& post) {
  return int_of(post.slot<C>().balance.e) - int_of(pre.slot<C>().balance.e);
}
// A ghost's change over a path, as an integer: ghost_after from 0.
z3::expr integer_change(std::string_view ghost, const SSys& pre, const SSys& post) {
  return ghost_after(ghost_sums()[ghost_index(ghost)], ms::current_context().int_val(0), pre, post);
}
// A plain transfer into a contract is no call: its path runs no frame.
bool is_call(const SymPath& p) { return !p.frames.empty(); }
}  // namespace

// Both forms are equalities of integers, as the statements read (the concrete checks compare
// BigInts): a change of exactly the sums' change, not one equal to it modulo 2^kGhostBits
// (which the integer equality implies). What it saves: modulo 2^260, `balance' - balance =
// Σ (stake' - stake)` at add_stake's ok path is an equivalence of 260-bit adders and
// subtractors that Z3 did not decide within 15M units under the set (nor within 250K from
// the step alone); as integers it is linear arithmetic over the model's own overflow tests
// (int_of), decided from the step alone in 32 units over the site, and E-CONSERVE at
// submit_job in 256 (tests/spec_step_form_sites_test.cpp).
const std::vector<::meshcheck::invariants::spec::StepForm>& ghost_step_forms() {
  namespace is = ::meshcheck::invariants::spec;
  static const std::vector<is::StepForm> forms{
      // E-CONSERVE: every call changes the escrow's balance by exactly the change in Σ Locked
      // job amounts + Σ Locked capital + Σ claimable.
      {"E-CONSERVE", "the balance moves with the three sums",
       [](const SSys& pre, const SEnv&, const is::SpecPath& p) -> z3::expr {
         if (!is_call(p)) return ms::current_context().bool_val(true);
         z3::expr owed = integer_change("escrow.locked_jobs", pre, p.post) +
                         integer_change("escrow.locked_capital", pre, p.post) +
                         integer_change("escrow.claimable_sum", pre, p.post);
         return balance_change<ms::PaymentEscrow>(pre, p.post) == owed;
       }},
      // R-STAKE: every call changes the registry's balance by exactly the change in Σ stakes.
      {"R-STAKE", "the balance moves with the stakes",
       [](const SSys& pre, const SEnv&, const is::SpecPath& p) -> z3::expr {
         if (!is_call(p)) return ms::current_context().bool_val(true);
         return balance_change<ms::ComputeProviderRegistry>(pre, p.post) ==
                integer_change("registry.stake_sum", pre, p.post);
       }},
  };
  return forms;
}

z3::expr ghost_bounds(const GhostSum& g, const z3::expr& value, const SSys& s, const std::vector<z3::expr>& keys) {
  if (g.modulo_bits) return ms::current_context().bool_val(true);  // a count modulo 2^bits bounds nothing
  return value >= ghost_zero(g) &&
         value >= distinct_sum(keys, ghost_zero(g), [&](const z3::expr& k) { return int_of(g.contribution(s, k)); });
}

// Each summed map of a lifted system is a store chain over its empty default (lift_into
// sets entry by entry), so its sum is over the keys stored at, each a literal (equal keys
// are one term): a concrete number.
std::vector<z3::expr> lifted_ghosts(const SSys& s) {
  std::vector<z3::expr> out;
  for (const GhostSum& g : ghost_sums()) {
    z3::expr sum = ghost_zero(g);
    std::unordered_set<unsigned> seen;
    z3::expr e = g.present(s);
    for (; e.is_app() && e.decl().decl_kind() == Z3_OP_STORE; e = e.arg(0))
      if (seen.insert(e.arg(1).id()).second)
        sum = sum + (g.modulo_bits ? g.contribution(s, e.arg(1)).extract(g.modulo_bits - 1, 0)
                                   : int_of(g.contribution(s, e.arg(1))));
    if (!(e.is_app() && e.decl().decl_kind() == Z3_OP_CONST_ARRAY))
      throw std::logic_error("lifted_ghosts: ghost " + std::string(g.name) + "'s map is not a lifted one");
    sum = sum.simplify();
    // A count at the free point (N-BALANCE's) is a term over it: the search picks the account.
    if (!g.at_point && !sum.is_numeral())
      throw std::logic_error("lifted_ghosts: ghost " + std::string(g.name) + " is not a number at the start");
    out.push_back(sum);
  }
  return out;
}

}  // namespace meshcheck::smt::spec
