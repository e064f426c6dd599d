#include "fuzz/spec/common.hpp"

#include <algorithm>

#include "deployment/deployment.hpp"
#include "fuzz/common.hpp"

namespace meshcheck::fuzz::spec {

Address actor() { return pick::one_of(deployment::spec_actors()); }

const std::vector<Address>& contracts() {
  static const std::vector<Address> all{st::kQueue, st::kRegistry, st::kNft, st::kEscrow, st::kPhala, st::kMev};
  return all;
}

bool is_contract(const Address& a) { return std::find(contracts().begin(), contracts().end(), a) != contracts().end(); }

Address caller(const std::optional<Address>& role) {
  pick::Choice<Address> c;
  // A role held by a contract (an executor set to a contract's address, a token
  // transferred to one) signs no top-level call: such calls are not runs.
  const bool signer = role && !is_contract(*role);
  if (signer) c.item(7, *role);
  return c.one_of(signer ? 3 : 10, deployment::spec_actors()).draw();
}

Address account(const std::optional<Address>& role) {
  pick::Choice<Address> c;
  if (role) c.item(4, *role);
  return c.one_of(role ? 15 : 19, deployment::spec_actors()).one_of(1, contracts()).draw();
}

U256 value(const GeneratorView& m, const Address& contract, const Address& caller, const std::vector<U256>& good) {
  if (good.empty() || pick::uniform(0, 4) == 0) return pick::value(m, contract, caller, good);
  return std::min(pick::one_of(good), kU256Max - m.balance(contract));
}

std::string text(std::optional<std::size_t> limit) {
  static const std::vector<std::string> texts{"", "a", "ipfs://Qm1", "model-7b"};
  if (!limit) return pick::one_of(texts);
  // Mostly a usable one; the empty one and the one a byte too long now and then.
  return pick::Choice<std::string>()
      .item(6, "enc:Qm1")
      .item(2, "a")
      .item(1, "")
      .item(1, std::string(*limit + 1, 'x'))
      .item(1, std::string(*limit, 'x'))
      .draw();
}

ms::Hash32 hash_of(u8 fill) {
  ms::Hash32 h;
  h.bytes.fill(fill);
  return h;
}

ms::Hash32 result_hash() { return hash_of(pick::Choice<u8>().item(1, 0).item(6, 0xab).item(3, 0xcd).draw()); }

std::array<bool, model::kContractCount + 1> waiting(const GeneratorView& m) {
  using model::ContractKind;
  std::array<bool, model::kContractCount + 1> out{};
  auto set = [&](ContractKind k) { out[model::index_of(k)] = true; };
  const auto& q = queue(m);
  const auto& r = registry(m);
  q.jobs.entries.for_each([&](const u128& id, const ms::Job<Concrete>& j) {
    switch (j.status) {
      case ms::JobStatus::Registered: {
        bool bid = false;
        r.bids.entries.for_each([&](const std::pair<u128, Address>& k, const auto&) { bid = bid || k.first == id; });
        if (bid) set(ContractKind::kAiJobQueue);
        else if (m.block < j.deadline) set(ContractKind::kComputeProviderRegistry);  // register, then bid
        break;
      }
      case ms::JobStatus::Assigned:
      case ms::JobStatus::Disputed: set(ContractKind::kAiJobQueue); break;
      case ms::JobStatus::InProgress:
        // Past its deadline only the queue moves it (expire_job); before, a private one
        // waits for its attestation.
        set(j.privacy_required && m.block < j.deadline ? ContractKind::kPhalaJobProcessor : ContractKind::kAiJobQueue);
        break;
      case ms::JobStatus::Completed:
        if (!j.privacy_required) set(ContractKind::kPaymentEscrow);
        break;
      case ms::JobStatus::Expired:
      case ms::JobStatus::Failed:
        if (j.assigned_provider.some) set(ContractKind::kComputeProviderRegistry);  // slash (again: AlreadySlashed)
        break;
      default: break;
    }
  });
  escrow(m).claimable.entries.for_each([&](const Address&, const u128& c) {
    if (c > 0) set(ContractKind::kPaymentEscrow);
  });
  if (!nfts(m).subscriptions.entries.empty()) set(ContractKind::kDataNftRegistry);
  const auto& v = mev(m);
  if (v.pending_count >= 2 || v.next_batch <= v.batch_counter) set(ContractKind::kMevProtection);
  return out;
}

namespace {
// A plain transfer between spec actors and contracts: value a contract did not ask for,
// which the spec's custody invariants must tolerate.
class SpecTransfer : public PlainTransfer {
 public:
  explicit SpecTransfer(const GeneratorView& m) : PlainTransfer(m, actor(), contracts(), deployment::spec_actors()) {}
};

// The blocks from now to each threshold of the state ahead: an open job's deadline, a
// deactivated provider's end of unbonding, a rate window's end, an attestation's maximum
// age past its job's creation, a subscription's expiry (6 s a block).
std::vector<u32> thresholds(const GeneratorView& m) {
  std::vector<u32> out;
  auto at_block = [&](u64 b) {
    if (b > m.block && b - m.block < (u64(1) << 31)) out.push_back(u32(b - m.block));
  };
  auto at_time = [&](u64 t) {
    if (t > m.timestamp) at_block(m.block + (t - m.timestamp + 5999) / 6000);
  };
  queue(m).jobs.entries.for_each([&](const u128&, const ms::Job<Concrete>& j) {
    if (j.status == ms::JobStatus::Registered || j.status == ms::JobStatus::Assigned ||
        j.status == ms::JobStatus::InProgress)
      at_block(j.deadline);
  });
  registry(m).providers.entries.for_each([&](const Address&, const ms::Provider<Concrete>& p) {
    if (!p.is_active) at_block(u64(p.deactivated_at) + ms::kUnbondingBlocks);
  });
  phala(m).rate.entries.for_each([&](const Address&, const ms::RateWindow<Concrete>& w) {
    at_block(u64(w.window_start) + ms::kRateWindowBlocks);
  });
  phala(m).jobs.entries.for_each([&](const u128&, const ms::ConfidentialJob<Concrete>& j) {
    at_time(j.created_at + ms::kMaxAttestationAgeMs + 1);
  });
  nfts(m).subscriptions.entries.for_each(
      [&](const std::pair<u128, Address>&, const ms::Subscription<Concrete>& s) { at_time(s.expires_at); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The chain moves on, 6 s a block: by fixed steps (1, 3, 10, 20, 100, 600 blocks) or, most
// often when the state has one ahead, exactly onto a threshold (thresholds above), so that
// deadlines, rate windows, unbonding, attestation ages and subscriptions are crossed.
class AdvanceClock : public Command {
 public:
  explicit AdvanceClock(const GeneratorView& m) {
    const std::vector<u32> ahead = thresholds(m);
    blocks_ = pick::Choice<u32>()
                  .one_of(12, ahead)
                  .item(4, 1)
                  .item(3, 3)
                  .item(3, 10)
                  .item(3, 20)
                  .item(2, 100)
                  .item(2, 600)
                  .draw();
  }
  void checkPreconditions(const GeneratorView& m) const override { RC_PRE(m.block <= ~u32(0) - blocks_); }
  void apply(GeneratorView& m) const override {
    m.block += blocks_;
    m.timestamp += u64(blocks_) * 6000;
  }
  void show(std::ostream& os) const override { os << "advance the clock by " << blocks_ << " blocks"; }

 private:
  u32 blocks_;
};
}  // namespace

rc::Gen<CommandPtr> common_commands(const SharedGeneratorView& model) {
  return rc::gen::weightedOneOf<CommandPtr>({
      {1, one_of_commands<SpecTransfer>(model)},
      {3, one_of_commands<AdvanceClock>(model)},
  });
}

}  // namespace meshcheck::fuzz::spec
