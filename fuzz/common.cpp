#include "fuzz/common.hpp"

#include "fuzz/pick.hpp"
#include "fuzz/setup.hpp"

namespace meshcheck::fuzz {

namespace {
U256 room(const GeneratorView& m, const Address& to) {
  U256 b = m.balance(to);
  return b < kTransferCeiling ? kTransferCeiling - b : U256(0);
}

class PlainTransfer : public Command {
 public:
  explicit PlainTransfer(const GeneratorView& m) {
    auto kind = pick::one_of(std::vector<AddressKind>{AddressKind::H160, AddressKind::AccountId});
    from_ = pick::actor(kind);
    const std::vector<Address> contracts = contract_addresses(kind);
    to_ = pick::Choice<Address>().one_of(1, contracts).one_of(3, actors(kind)).draw();
    pick::Choice<U256> amount;
    amount.item(2, U256(0)).item(2, U256(1)).range(3, U256(2), 100000 - 2).item(1, kU128MaxAsU256);
    if (auto b = m.world.balance(from_)) amount.item(2, *b);
    value_ = std::min(amount.draw(), room(m, to_));
    if (auto b = m.world.balance(from_)) value_ = std::min(value_, *b);
  }

  void checkPreconditions(const GeneratorView& m) const override {
    if (auto b = m.world.balance(from_)) RC_PRE(*b >= value_);
    RC_PRE(value_ <= room(m, to_) || !m.world.tracked(to_));
  }
  void apply(GeneratorView& m) const override { m.world.transfer(from_, to_, value_); }
  void run(const GeneratorView&, MonitoredRun& sut) const override {
    const model::World before = sut.world;
    try {
      RC_ASSERT(sut.world.transfer(from_, to_, value_));
    } catch (const model::WorldError& e) {
      RC_FAIL(std::string("the fuzzer generated a transfer the chain would not carry: ") + e.what());
    }
    sut.observed(before, TransferStep{from_, to_, value_});
  }
  void show(std::ostream& os) const override {
    os << "transfer " << value_.str() << " from " << from_.hex() << " to " << to_.hex();
  }

 private:
  Address from_, to_;
  U256 value_;
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
  return one_of_commands<PlainTransfer, AdvanceClock>(model);
}

}  // namespace meshcheck::fuzz
