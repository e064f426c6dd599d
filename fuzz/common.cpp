#include "fuzz/common.hpp"

#include "fuzz/pick.hpp"
#include "fuzz/setup.hpp"

namespace meshcheck::fuzz {

namespace {
U256 room(const GeneratorView& m, const Address& to) {
  U256 b = m.balance(to);
  return b < kTransferCeiling ? kTransferCeiling - b : U256(0);
}
}  // namespace

PlainTransfer::PlainTransfer(const GeneratorView& m, const Address& from, const std::vector<Address>& contracts,
                             const std::vector<Address>& actors)
    : from_(from) {
  to_ = pick::Choice<Address>().one_of(1, contracts).one_of(3, actors).draw();
  pick::Choice<U256> amount;
  amount.item(2, U256(0)).item(2, U256(1)).range(3, U256(2), 100000 - 2).item(1, kU128MaxAsU256);
  if (auto b = m.world.balance(from_)) amount.item(2, *b);
  value_ = std::min(amount.draw(), room(m, to_));
  if (auto b = m.world.balance(from_)) value_ = std::min(value_, *b);
}

void PlainTransfer::checkPreconditions(const GeneratorView& m) const {
  if (auto b = m.world.balance(from_)) RC_PRE(*b >= value_);
  RC_PRE(value_ <= room(m, to_) || !m.world.tracked(to_));
}
void PlainTransfer::apply(GeneratorView& m) const { m.world.transfer(from_, to_, value_); }
void PlainTransfer::run(const GeneratorView&, MonitoredRun& sut) const {
  const model::World before = sut.world;
  try {
    RC_ASSERT(sut.world.transfer(from_, to_, value_));
  } catch (const model::WorldError& e) {
    RC_FAIL(std::string("the fuzzer generated a transfer the chain would not carry: ") + e.what());
  }
  sut.observed(before, TransferStep{from_, to_, value_});
}
void PlainTransfer::show(std::ostream& os) const {
  os << "transfer " << value_.str() << " from " << from_.hex() << " to " << to_.hex();
}

namespace {
// A plain transfer between the deployed profile's actors and contracts, of one address kind.
class DeployedTransfer : public PlainTransfer {
 public:
  explicit DeployedTransfer(const GeneratorView& m) : DeployedTransfer(m, draw_kind()) {}

 private:
  static AddressKind draw_kind() {
    return pick::one_of(std::vector<AddressKind>{AddressKind::H160, AddressKind::AccountId});
  }
  DeployedTransfer(const GeneratorView& m, AddressKind kind)
      : PlainTransfer(m, pick::actor(kind), contract_addresses(kind), actors(kind)) {}
};

// The chain moves on: 1, 10, 100 or 14400 blocks (a day), 6 s each.
class AdvanceClock : public Command {
 public:
  explicit AdvanceClock(const GeneratorView&) : blocks_(pick::one_of(std::vector<u32>{1, 10, 100, 14400})) {}

  void checkPreconditions(const GeneratorView& m) const override { RC_PRE(m.block <= ~u32(0) - blocks_); }
  void apply(GeneratorView& m) const override {
    m.block += blocks_;
    m.timestamp += u64(blocks_) * 6000;
  }
  // Nothing to run: the next call carries the new block and timestamp.
  void show(std::ostream& os) const override { os << "advance the clock by " << blocks_ << " blocks"; }

 private:
  u32 blocks_;
};
}  // namespace

rc::Gen<CommandPtr> common_commands(const SharedGeneratorView& model) {
  return one_of_commands<DeployedTransfer, AdvanceClock>(model);
}

}  // namespace meshcheck::fuzz
