// Commands that are not contract calls: plain balance transfers between actors and
// contracts (with tracked senders paying only what they hold), and the clock moving on.
#pragma once

#include "fuzz/machine.hpp"

namespace meshcheck::fuzz {

// Receivers of plain transfers stay at or below this balance, so that no payout can
// ever overflow a tracked balance (the chain would refuse it: a WorldError).
inline const U256 kTransferCeiling = U256(1) << 255;

// A plain transfer from `from` to one of `contracts` or `actors` (a tracked sender pays
// only what it holds; a receiver stays at or below kTransferCeiling): value a contract
// did not ask for. Each profile's fuzzer draws the sender and names the receivers.
class PlainTransfer : public Command {
 public:
  PlainTransfer(const GeneratorView& m, const Address& from, const std::vector<Address>& contracts,
                const std::vector<Address>& actors);
  void checkPreconditions(const GeneratorView& m) const override;
  void apply(GeneratorView& m) const override;
  void run(const GeneratorView&, MonitoredRun& sut) const override;
  void show(std::ostream& os) const override;

 private:
  Address from_, to_;
  U256 value_;
};

rc::Gen<CommandPtr> common_commands(const SharedGeneratorView& model);

}  // namespace meshcheck::fuzz
