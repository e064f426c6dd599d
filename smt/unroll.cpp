#include "smt/unroll.hpp"

#include "invariants/invariant.hpp"

namespace meshcheck::smt {

std::vector<Address> bmc_callers(AddressKind kind) {
  return {Address::filled(kind, 0x01), Address::filled(kind, 0x05), Address::filled(kind, 0x06)};
}

std::vector<Address> bmc_addresses(AddressKind kind) {
  std::vector<Address> out;
  for (u8 fill = 1; fill <= 6; ++fill) out.push_back(Address::filled(kind, fill));
  return out;
}

namespace {
z3::expr one_of(z3::context& c, const z3::expr& e, const std::vector<Address>& pool) {
  z3::expr any = c.bool_val(false);
  for (auto& a : pool) any = any || e == address_val(c, a);
  return any;
}

// A string argument is one of "", "a" and "b": enough to tell strings apart and to be
// empty, valid UTF-8 in a trace, and cheap for the solver (ground strings only: no
// reasoning about symbolic sequences).
z3::expr short_string(z3::context& c, const std::string& name, z3::expr& constraints) {
  z3::expr which = fresh_const(c, name + ".which", c.bv_sort(2));
  constraints = constraints && z3::ule(which, c.bv_val(2, 2));
  return z3::ite(which == c.bv_val(0, 2), string_val(c, ""),
                 z3::ite(which == c.bv_val(1, 2), string_val(c, "a"), string_val(c, "b")));
}

SymValue bmc_value(z3::context& c, TypeRef type, const std::string& name, z3::expr& constraints) {
  switch (type->kind) {
    case TypeKind::String: return scalar_value(type, short_string(c, name, constraints));
    case TypeKind::H160:
    case TypeKind::AccountId: {
      SymValue v = fresh_value(c, type, name);
      AddressKind kind = type->kind == TypeKind::H160 ? AddressKind::H160 : AddressKind::AccountId;
      constraints = constraints && one_of(c, v.expr(), bmc_addresses(kind));
      return v;
    }
    case TypeKind::Option: {
      SymValue v{type, std::nullopt, fresh_const(c, name + ".some", c.bool_sort()), {}};
      v.items.push_back(bmc_value(c, type->elem, name + ".value", constraints));
      return v;
    }
    case TypeKind::Vec: {
      SymValue v{type, std::nullopt, fresh_const(c, name + ".len", c.bv_sort(32)), {}};
      constraints = constraints && z3::ule(*v.tag, c.bv_val(kMaxVec, 32));
      for (unsigned i = 0; i < kMaxVec; ++i) v.items.push_back(bmc_value(c, type->elem, name + "." + std::to_string(i), constraints));
      return v;
    }
    case TypeKind::Struct:
    case TypeKind::Tuple: {
      SymValue v{type, std::nullopt, std::nullopt, {}};
      for (std::size_t i = 0; i < type->fields.size(); ++i)
        v.items.push_back(bmc_value(c, type->fields[i].type, name + "." + std::to_string(i), constraints));
      return v;
    }
    default: return fresh_value(c, type, name);
  }
}
}  // namespace

z3::expr SymCall::takes(std::size_t message, const SymBranch& b) const {
  return choice == choice.ctx().bv_val(static_cast<unsigned>(message), 8) && b.guard;
}

Unrolling::Unrolling(z3::context& c, const ContractEncoding& encoding, const model::World& start,
                     const Address& contract)
    : ctx_(&c),
      encoding_(&encoding),
      contract_(contract),
      start_block_(start.block()),
      start_timestamp_(start.timestamp()),
      messages_(encoding.messages(c)) {
  const model::Instance* instance = start.instance(contract);
  states_.push_back(encoding.from_model(c, *instance->state, invariants::balance_in(start, contract)));
}

z3::expr Unrolling::extend() {
  z3::context& c = *ctx_;
  std::size_t i = calls_.size();
  std::string prefix = "call" + std::to_string(i + 1);
  const model::ContractSpec& spec = *encoding_->spec;
  SymEnv env = fresh_env(c, spec, prefix);
  z3::expr constraints = env.self == address_val(c, contract_) && one_of(c, env.caller, bmc_callers(spec.address_kind()));
  z3::expr prev_block = i == 0 ? c.bv_val(start_block_, 32) : calls_.back().env.block;
  z3::expr prev_time = i == 0 ? c.bv_val(static_cast<std::uint64_t>(start_timestamp_), 64) : calls_.back().env.timestamp;
  // The clock never goes back, and moves by at most 1000 blocks and a day per call, so
  // that a counterexample's clock reads like a chain's.
  constraints = constraints && z3::uge(env.block, prev_block) && z3::uge(env.timestamp, prev_time) &&
                z3::ule(env.block - prev_block, c.bv_val(1000, 32)) &&
                z3::ule(env.timestamp - prev_time, c.bv_val(86400000, 64));
  SymCall call{fresh_const(c, prefix + ".message", c.bv_sort(8)), env, {}, {}};
  constraints = constraints && z3::ult(call.choice, c.bv_val(static_cast<unsigned>(messages_.size()), 8));

  const SymState& pre = states_.back();
  SymState next = pre;
  for (std::size_t m = 0; m < messages_.size(); ++m) {
    const model::MessageSpec& ms = *messages_[m].spec;
    std::vector<SymValue> args;
    for (auto& a : ms.args) args.push_back(bmc_value(c, a.type, prefix + "." + ms.label + "." + a.label, constraints));
    call.branches.push_back(call_branches(messages_[m], pre, env, args));
    call.args.push_back(std::move(args));
  }
  // A revert leaves the state as it was: only the other branches need an ite.
  for (std::size_t m = 0; m < messages_.size(); ++m)
    for (auto& b : call.branches[m])
      if (!b.reverts) next = ite(call.takes(m, b), b.post, next);
  calls_.push_back(std::move(call));
  states_.push_back(std::move(next));
  return constraints;
}

std::vector<model::Call> Unrolling::extract(const z3::model& m, std::size_t depth) const {
  std::vector<model::Call> out;
  AddressKind kind = encoding_->spec->address_kind();
  for (std::size_t i = 0; i < depth; ++i) {
    const SymCall& call = calls_[i];
    auto chosen = static_cast<std::size_t>(to_u256(m.eval(call.choice, true)));
    model::Call concrete;
    concrete.contract = contract_;
    concrete.caller = to_address(m.eval(call.env.caller, true), kind);
    concrete.value = to_u256(m.eval(call.env.value, true));
    concrete.message = messages_[chosen].spec;
    for (auto& a : call.args[chosen]) concrete.args.push_back(smt::extract(m, a));
    concrete.block = static_cast<u32>(to_u256(m.eval(call.env.block, true)));
    concrete.timestamp = static_cast<u64>(to_u256(m.eval(call.env.timestamp, true)));
    out.push_back(std::move(concrete));
  }
  return out;
}

}  // namespace meshcheck::smt
