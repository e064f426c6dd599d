#include "smt/encoding.hpp"

#include <array>
#include <stdexcept>

#include "model/contract_kind.hpp"
#include "smt/payment_escrow.hpp"

namespace meshcheck::smt {

SymState SymState::fresh(z3::context& c, const std::vector<FieldDecl>& schema, const std::string& prefix) {
  SymState s(c, fresh_const(c, prefix + ".balance", amount_sort(c)));
  for (auto& f : schema)
    s.fields_.insert_or_assign(f.field, fresh_const(c, prefix + "." + std::string(f.field.name()), f.sort));
  return s;
}

SymState SymState::zeroed(z3::context& c, const std::vector<FieldDecl>& schema, const U256& balance) {
  SymState s(c, int_val(c, BigInt(balance)));
  for (auto& f : schema)
    s.fields_.insert_or_assign(
        f.field, f.sort.is_array() ? empty_array(f.sort.array_domain(), f.sort.array_range()) : zero_of(f.sort));
  return s;
}

namespace {
// The expression of `field` in `fields` (a SymState's), for reading or for writing.
template <class Fields>
auto& expr_of(Fields& fields, StateField field) {
  auto it = fields.find(field);
  if (it == fields.end()) throw std::out_of_range("symbolic state has no field '" + std::string(field.name()) + "'");
  return it->second;
}
}  // namespace

const z3::expr& SymState::operator[](StateField field) const { return expr_of(fields_, field); }

void SymState::set(StateField field, const z3::expr& value) { expr_of(fields_, field) = value; }

z3::expr balance_in_range(const SymState& s) {
  return s.balance >= int_val(s.ctx(), 0) && s.balance < int_val(s.ctx(), BigInt(1) << 256);
}

z3::expr equals(const SymState& a, const SymState& b) {
  z3::expr all = a.balance == b.balance;
  for (auto& [field, e] : a.fields()) all = all && e == b[field];
  return all;
}

SymState ite(const z3::expr& c, const SymState& a, const SymState& b) {
  SymState s = a;  // the fields of a, each replaced below
  s.balance = z3::ite(c, a.balance, b.balance);
  for (auto& [field, e] : a.fields()) s.set(field, z3::ite(c, e, b[field]));
  return s;
}

SymEnv fresh_env(z3::context& c, const model::ContractSpec& spec, const std::string& prefix) {
  unsigned address_width = width_of(spec.address_kind());
  unsigned value_width = spec.ink == model::InkVersion::V6 ? 256 : 128;
  return SymEnv{fresh_const(c, prefix + ".caller", c.bv_sort(address_width)),
                fresh_const(c, prefix + ".self", c.bv_sort(address_width)),
                fresh_const(c, prefix + ".value", c.bv_sort(value_width)),
                fresh_const(c, prefix + ".block", c.bv_sort(32)),
                fresh_const(c, prefix + ".timestamp", c.bv_sort(64))};
}

std::vector<SymBranch> call_branches(const SymMessage& message, const SymState& pre, const SymEnv& env,
                                     const std::vector<SymValue>& args) {
  z3::context& c = pre.ctx();
  z3::expr no_value = env.value == c.bv_val(0, env.value.get_sort().bv_size());
  std::vector<SymBranch> out;
  if (!message.spec->payable) out.push_back(revert_branch(kValueToNonPayable, !no_value, pre));
  SymState body_pre = pre;
  if (message.spec->payable) body_pre.balance = pre.balance + to_int(env.value);
  for (SymBranch& b : message.encode(body_pre, env, args)) {
    if (!message.spec->payable) b.guard = b.guard && no_value;
    if (b.reverts) {
      // A revert restores everything, the transferred value included.
      b.post = pre;
      b.returned.reset();
      b.events.clear();
      b.transfers.clear();
    }
    // A payout to the contract itself comes back to it once the call commits (the
    // world credits every payee, World::call): the body saw its balance drop, the
    // world after the call does not. Found by tests/invariant_agreement_test.
    for (const SymTransfer& t : b.transfers) b.post.balance = b.post.balance + z3::ite(t.to == env.self, t.amount, int_val(c, 0));
    out.push_back(std::move(b));
  }
  return out;
}

z3::expr transfer_succeeds(const SymState& state, const z3::expr& amount) { return to_int(amount) <= state.balance; }

void pay(SymBranch& branch, const z3::expr& to, const z3::expr& amount) {
  branch.post.balance = branch.post.balance - to_int(amount);
  branch.transfers.push_back(SymTransfer{to, to_int(amount)});
}

SymBranch revert_branch(BranchName name, const z3::expr& guard, const SymState& pre) {
  return SymBranch{std::move(name), guard, true, pre, std::nullopt, {}, {}};
}

z3::expr zero_of(const z3::sort& sort) {
  z3::context& c = sort.ctx();
  if (sort.is_bool()) return c.bool_val(false);
  if (sort.is_bv()) return c.bv_val(0, sort.bv_size());
  if (sort.is_int()) return c.int_val(0);
  if (sort.is_seq()) return z3::empty(sort);
  if (sort.is_array()) return z3::const_array(sort.array_domain(), zero_of(sort.array_range()));
  throw std::invalid_argument("zero_of: unsupported sort " + sort.to_string());
}

z3::expr empty_array(const z3::sort& key, const z3::sort& range) { return z3::const_array(key, zero_of(range)); }

const std::vector<const ContractEncoding*>& encodings() {
  using enum model::ContractKind;
  static constexpr model::PerContract<const ContractEncoding& (*)()> kEncodingOf{{
      {kAiJobQueue, &ai_job_queue_encoding},
      {kPaymentEscrow, &payment_escrow_encoding},
      {kComputeProviderRegistry, &compute_provider_registry_encoding},
      {kDataNftRegistry, &data_nft_registry_encoding},
      {kPhalaJobProcessor, &phala_job_processor_encoding},
      {kMevProtection, &mev_protection_encoding},
  }};
  // Not the profile's order but the one fuzz/setup.cpp deploys the contracts in (at
  // 0xc1 ... 0xc6): the prover works through the contracts in this order, and a verdict
  // made of parts in several contracts (G-FUNDS-EXIT) lists their obligations, and picks
  // the part whose detail it shows, in it. Another order would change what `meshcheck
  // prove` prints.
  static constexpr std::array<model::ContractKind, model::kContractCount> kProverOrder{
      kAiJobQueue, kComputeProviderRegistry, kDataNftRegistry, kPaymentEscrow, kPhalaJobProcessor, kMevProtection};
  static_assert(model::lists_every_contract_once(kProverOrder));
  static const std::vector<const ContractEncoding*> all = model::gather(kEncodingOf, kProverOrder);
  return all;
}

const ContractEncoding* encoding_of(std::string_view contract_name) {
  for (auto* e : encodings())
    if (e->spec->name == contract_name) return e;
  return nullptr;
}

const ContractEncoding* encoding_of(const model::ContractSpec& build) {
  for (auto* e : encodings())
    if (e->spec == &build) return e;
  // The builds the standard deployment does not use (model/profile.hpp).
  for (auto b : model::deployed::payment_escrow::kAllBuilds)
    if (payment_escrow_encoding(b).spec == &build)
      return &payment_escrow_encoding(b);
  return nullptr;
}

}  // namespace meshcheck::smt
