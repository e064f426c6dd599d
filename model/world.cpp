#include "model/world.hpp"

namespace meshcheck::model {

std::optional<U256> World::balance(const Address& a) const {
  if (const U256* b = balances_.find(a)) return *b;
  return std::nullopt;
}

void World::set_balance(const Address& a, const U256& amount) { balances_.insert(a, amount); }

const Instance* World::instance(const Address& address) const {
  for (auto& i : instances_)
    if (i.address == address) return &i;
  return nullptr;
}

Instance* World::find(const Address& address) {
  for (auto& i : instances_)
    if (i.address == address) return &i;
  return nullptr;
}

std::vector<const Instance*> World::instances_of(std::string_view contract_name) const {
  std::vector<const Instance*> out;
  for (auto& i : instances_)
    if (i.spec->name == contract_name) out.push_back(&i);
  return out;
}

void World::advance_clock(u32 block, u64 timestamp) {
  if (block < block_)
    throw WorldError("block " + std::to_string(block) + " is before the current block " + std::to_string(block_));
  if (timestamp < timestamp_)
    throw WorldError("timestamp " + std::to_string(timestamp) + " is before the current timestamp " +
                     std::to_string(timestamp_));
  block_ = block;
  timestamp_ = timestamp;
}

void World::credit(const Address& to, const U256& amount) {
  if (const U256* b = balances_.find(to)) {
    if (*b > kU256Max - amount) throw WorldError("balance of " + to.hex() + " would exceed U256");
    balances_.insert(to, *b + amount);
  } else {
    external_out_ += BigInt(amount);
  }
}

void World::deploy(const ContractSpec& spec, const Address& address, const Address& deployer, Args args,
                   const U256& value, u32 block, u64 timestamp) {
  if (address.kind != spec.address_kind())
    throw WorldError(spec.name + " is an ink! " + (spec.ink == InkVersion::V6 ? "6" : "5") +
                     " contract: its address must be " + address_kind_name(spec.address_kind()));
  if (deployer.kind != spec.address_kind())
    throw WorldError(std::string("the deployer of ") + spec.name + " must be " + address_kind_name(spec.address_kind()));
  if (find(address)) throw WorldError("a contract is already deployed at " + address.hex());
  if (spec.returns_result() && !instances_of(spec.name).empty())
    throw WorldError("the spec profile's contracts call one another by kind: a world holds one " + spec.name +
                     ", already deployed at " + instances_of(spec.name).front()->address.hex());
  if (value > spec.max_value()) throw WorldError("value exceeds the Balance type of " + spec.name);
  auto deployer_balance = balance(deployer);
  if (deployer_balance && *deployer_balance < value)
    throw WorldError("deployer " + deployer.hex() + " cannot pay the endowment");
  U256 existing = balance(address).value_or(U256(0));
  if (existing > kU256Max - value) throw WorldError("balance of " + address.hex() + " would exceed U256");
  advance_clock(block, timestamp);
  if (deployer_balance) balances_.insert(deployer, *deployer_balance - value);
  else external_in_ += BigInt(value);
  CallEnv env{deployer, address, value, block, timestamp, value};
  instances_.push_back(Instance{&spec, address, spec.construct(env, args)});
  balances_.insert(address, existing + value);
}

CallResult World::call(const Call& c) {
  Instance* inst = find(c.contract);
  if (!inst) throw WorldError("no contract is deployed at " + c.contract.hex());
  const ContractSpec& spec = *inst->spec;
  if (c.caller.kind != spec.address_kind())
    throw WorldError("caller " + c.caller.hex() + " is not a valid " + address_kind_name(spec.address_kind()) +
                     " address for " + spec.name);
  if (c.value > spec.max_value()) throw WorldError("value exceeds the u128 Balance of ink! 5 contract " + spec.name);
  advance_clock(c.block, c.timestamp);

  if (c.value != 0 && !c.message->payable)
    return CallResult{Outcome::revert("value sent to non-payable message " + c.message->label), {}, {}};
  std::optional<U256> caller_balance = balance(c.caller);
  if (caller_balance && *caller_balance < c.value)
    return CallResult{Outcome::revert("caller balance " + caller_balance->str() + " is short of value " +
                                      c.value.str()),
                      {}, {}};

  U256 contract_balance = balance(c.contract).value_or(U256(0));
  if (contract_balance > kU256Max - c.value) throw WorldError("balance of " + c.contract.hex() + " would exceed U256");
  // A contract system's message (spec) runs on the whole world: its nested calls reach
  // the other contracts, and it commits every change itself, or none.
  if (c.message->on_world) return c.message->on_world(*this, c);
  // A contract calling itself pays itself: the value is already in its balance, and
  // nothing moves (as on chain, where a transfer to oneself changes no balance).
  const bool self_call = c.caller == c.contract;
  CallEnv env{c.caller, c.contract,  c.value,
              c.block,  c.timestamp, self_call ? contract_balance : contract_balance + c.value};
  MessageResult s = run_message(*c.message, inst->state, env, c.args);
  if (s.outcome.reverted) return CallResult{std::move(s.outcome), {}, {}, s.covered};

  // Commit: the value, the new state, then the payouts.
  if (!self_call) {
    if (caller_balance) balances_.insert(c.caller, *caller_balance - c.value);
    else external_in_ += BigInt(c.value);
  }
  U256 after = env.balance;
  for (auto& t : s.transfers) after -= t.amount;  // Ctx::transfer never lets this go below 0
  if (after != contract_balance) balances_.insert(c.contract, after);
  for (auto& t : s.transfers) credit(t.to, t.amount);
  inst->state = std::move(s.state);
  return CallResult{std::move(s.outcome), std::move(s.events), std::move(s.transfers), s.covered};
}

void World::pay_in(const Address& payer, const U256& amount) {
  if (const U256* b = balances_.find(payer)) balances_.insert(payer, *b - amount);
  else external_in_ += BigInt(amount);
}

void World::set_state(const Address& address, StatePtr state) {
  Instance* inst = find(address);
  if (!inst) throw WorldError("no contract is deployed at " + address.hex());
  inst->state = std::move(state);
}

bool World::transfer(const Address& from, const Address& to, const U256& value) {
  if (auto b = balance(from)) {
    if (*b < value) return false;
    balances_.insert(from, *b - value);
  } else {
    external_in_ += BigInt(value);
  }
  credit(to, value);
  return true;
}

bool operator==(const World& a, const World& b) {
  if (a.profile_ != b.profile_ || a.instances_.size() != b.instances_.size()) return false;
  for (std::size_t i = 0; i < a.instances_.size(); ++i) {
    auto& x = a.instances_[i];
    auto& y = b.instances_[i];
    if (x.spec != y.spec || x.address != y.address) return false;
    if (x.state != y.state && !x.state->equals(*y.state)) return false;
  }
  return a.balances_ == b.balances_ && a.external_in_ == b.external_in_ && a.external_out_ == b.external_out_;
}

bool same_storage(const World& a, const World& b) {
  if (a.profile_ != b.profile_ || a.instances_.size() != b.instances_.size() || a.block_ != b.block_ ||
      a.timestamp_ != b.timestamp_ || !a.balances_.same_storage(b.balances_))
    return false;
  for (std::size_t i = 0; i < a.instances_.size(); ++i)
    if (a.instances_[i].state != b.instances_[i].state || a.instances_[i].address != b.instances_[i].address) return false;
  return a.external_in_ == b.external_in_ && a.external_out_ == b.external_out_;
}

std::pair<World, CallResult> step(const World& world, const Call& c) {
  World next = world;
  CallResult r = next.call(c);
  return {std::move(next), std::move(r)};
}

}  // namespace meshcheck::model
