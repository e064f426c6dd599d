#include "bench/workload.hpp"

#include <array>

#include "model/payment_escrow.hpp"

namespace meshcheck::bench {

namespace {
using model::Call;

const model::ContractSpec& contract(const char* name) { return *model::deployed_profile().contract(name); }
// payment_escrow's ink! 5.1.1 build, not the deployed ink! 6 one: the workload's raw form
// is checked against ../shared/abis (whose payment_escrow.json is that build's) and
// @polkadot/api-contract.
const model::ContractSpec& escrow_ink5() {
  return model::deployed::payment_escrow::spec(model::deployed::payment_escrow::Build::kInk5);
}

// A distinct account per (role, n): the counter in the last bytes, the role in the first.
Address actor(AddressKind kind, u8 role, std::uint64_t n) {
  Address a = Address::filled(kind, 0);
  a.bytes[0] = role;
  for (int i = 0; i < 8; ++i) a.bytes[a.size() - 1 - i] = static_cast<u8>(n >> (8 * i));
  return a;
}

const Address kQueue = Address::filled(AddressKind::H160, 0xc1);
const Address kRegistry = Address::filled(AddressKind::H160, 0xc2);
const Address kNft = Address::filled(AddressKind::H160, 0xc3);
const Address kEscrow = Address::filled(AddressKind::AccountId, 0xc4);
const Address kPhala = Address::filled(AddressKind::AccountId, 0xc5);
const Address kMev = Address::filled(AddressKind::AccountId, 0xc6);
}  // namespace

std::vector<Deployment> workload_deployments() {
  Address admin20 = Address::filled(AddressKind::H160, 1);
  Address admin32 = Address::filled(AddressKind::AccountId, 1);
  return {
      {&contract("ai_job_queue"), kQueue, admin20, {Value(u128(1000))}},
      {&contract("compute_provider_registry"), kRegistry, admin20, {Value(u128(5000))}},
      {&contract("data_nft_registry"), kNft, admin20, {}},
      {&escrow_ink5(), kEscrow, admin32, {}},
      {&contract("phala_job_processor"), kPhala, admin32, {}},
      {&contract("mev_protection"), kMev, admin32, {}},
  };
}

void generate_workload(std::size_t count, const std::function<void(const Call&)>& sink) {
  const auto& queue = contract("ai_job_queue");
  const auto& registry = contract("compute_provider_registry");
  const auto& nft = contract("data_nft_registry");
  const auto& escrow = escrow_ink5();
  const auto& phala = contract("phala_job_processor");
  const auto& mev = contract("mev_protection");
  std::array<std::uint64_t, 6> step{};  // per-contract position in its lifecycle
  u32 block = 1;
  u64 timestamp = 6000;
  Call c;
  for (std::size_t i = 0; i < count; ++i) {
    if (i % 6 == 0) {
      ++block;
      timestamp += 6000;
    }
    c.block = block;
    c.timestamp = timestamp;
    c.value = 0;
    c.args.clear();
    std::size_t which = i % 6;
    std::uint64_t s = step[which]++;
    switch (which) {
      case 0: {  // ai_job_queue: submit, assign, start, complete
        std::uint64_t n = s / 4;
        Address owner = actor(AddressKind::H160, 0x10, n % 1000), provider = actor(AddressKind::H160, 0x11, n % 1000);
        u128 job = u128(n + 1);
        c.contract = kQueue;
        switch (s % 4) {
          case 0:
            c.caller = owner, c.value = 1000, c.message = queue.message("submit_job");
            c.args = {Value("model://llama"), Value("ipfs://data"), Value(u32(block + 100)), Value(false)};
            break;
          case 1: c.caller = owner, c.message = queue.message("assign_provider"), c.args = {job, provider}; break;
          case 2: c.caller = provider, c.message = queue.message("mark_in_progress"), c.args = {job}; break;
          default:
            c.caller = provider, c.message = queue.message("mark_completed"), c.args = {job, Value("0xresult")};
        }
        break;
      }
      case 1: {  // compute_provider_registry: register, add stake, deactivate, withdraw
        Address p = actor(AddressKind::H160, 0x20, s / 4);
        c.contract = kRegistry;
        c.caller = p;
        switch (s % 4) {
          case 0:
            c.value = 5000, c.message = registry.message("register_provider");
            c.args = {Value("https://node"), Value(u64(64)), Value(u128(10))};
            break;
          case 1: c.value = 100, c.message = registry.message("add_stake"); break;
          case 2: c.message = registry.message("set_active"), c.args = {Value(false)}; break;
          default: c.message = registry.message("withdraw_stake"), c.args = {Value(u128(5100))};
        }
        break;
      }
      case 2: {  // data_nft_registry: mint, grant access, transfer, burn
        std::uint64_t n = s / 4;
        Address owner = actor(AddressKind::H160, 0x30, n % 1000), buyer = actor(AddressKind::H160, 0x31, n % 1000);
        u128 token = u128(n + 1);
        c.contract = kNft;
        switch (s % 4) {
          case 0:
            c.caller = owner, c.message = nft.message("mint");
            c.args = {Value("ipfs://dataset"), Value(u8(2)), Value(u128(50)), Value(true)};
            break;
          case 1: c.caller = owner, c.value = 50, c.message = nft.message("grant_access"), c.args = {token, buyer}; break;
          case 2: c.caller = owner, c.message = nft.message("transfer"), c.args = {token, buyer}; break;
          default: c.caller = buyer, c.message = nft.message("burn"), c.args = {token};
        }
        break;
      }
      case 3: {  // payment_escrow: deposit, release
        std::uint64_t n = s / 2;
        c.contract = kEscrow;
        c.caller = actor(AddressKind::AccountId, 0x40, n % 1000);
        if (s % 2 == 0) {
          c.value = 2500, c.message = escrow.message("deposit_for_job");
          c.args = {u128(n + 1), actor(AddressKind::AccountId, 0x41, n % 1000)};
        } else {
          c.message = escrow.message("release_to_provider"), c.args = {u128(n + 1)};
        }
        break;
      }
      case 4: {  // phala_job_processor: submit, attest, process
        std::uint64_t n = s / 3;
        c.contract = kPhala;
        c.caller = actor(AddressKind::AccountId, 0x50, n % 1000);
        switch (s % 3) {
          case 0:
            c.message = phala.message("submit_confidential_job"), c.args = {Value("enc:payload"), Value("pk")};
            break;
          case 1:
            c.message = phala.message("record_attestation");
            c.args = {u128(n + 1), Value("hash"), Value("proof"), Value("worker")};
            break;
          default: c.message = phala.message("mark_job_processed"), c.args = {u128(n + 1)};
        }
        break;
      }
      default: {  // mev_protection: five intents, a batch of them, its execution
        std::uint64_t n = s / 7;
        c.contract = kMev;
        c.caller = actor(AddressKind::AccountId, 0x60, n % 1000);
        if (s % 7 < 5) {
          c.message = mev.message("submit_intent");
          c.args = {Value("enc"), Value("DOT"), Value("USDC"), Value(u128(100))};
        } else if (s % 7 == 5) {
          Value::Seq ids;
          for (std::uint64_t k = 1; k <= 5; ++k) ids.emplace_back(u128(n * 5 + k));
          c.message = mev.message("create_batch"), c.args = {Value(std::move(ids)), Value("route")};
        } else {
          c.message = mev.message("execute_batch"), c.args = {u128(n + 1), Value(u128(600)), Value("1.0")};
        }
      }
    }
    sink(c);
  }
}

}  // namespace meshcheck::bench
