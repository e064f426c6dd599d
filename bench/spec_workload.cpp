// The spec profile's workload (bench/workload.hpp): the flows of spec §4 from the spec
// standard deployment, round after round with fresh accounts, every call succeeding.
#include "bench/workload.hpp"

#include "deployment/deployment.hpp"
#include "model/spec/bridge/table.hpp"
#include "model/spec/crypto/attestation.hpp"

namespace meshcheck::bench {

namespace {
namespace ms = model::spec;
namespace st = model::spec::standard;
using model::Call;

// A distinct H160 account per (role, n).
Address account(u8 role, std::uint64_t n) {
  Address a = Address::filled(AddressKind::H160, 0);
  a.bytes[0] = role;
  for (int i = 0; i < 8; ++i) a.bytes[a.size() - 1 - i] = static_cast<u8>(n >> (8 * i));
  return a;
}
template <std::size_t N> Value bytes(const ms::ByteArray<N>& b) {
  return Value(std::string(reinterpret_cast<const char*>(b.bytes.data()), N));
}
ms::Hash32 hash(u8 fill) {
  ms::Hash32 h;
  h.bytes.fill(fill);
  return h;
}
}  // namespace

deployment::StandardDeployment spec_workload_deployment() {
  return deployment::deploy_spec_standard(model::spec_profile());
}

void generate_spec_workload(std::size_t count, const std::function<void(const Call&)>& sink) {
  const model::Profile& p = model::spec_profile();
  auto message = [&](const char* contract, const char* label) { return p.contract(contract)->message(label); };
  u32 block = deployment::kStartBlock;
  u64 timestamp = deployment::kStartTimestamp;
  std::size_t emitted = 0;
  u128 jobs = 0, phala_jobs = 0, nfts = 0, receipts = 0, intents = 0, batches = 0;
  auto call = [&](const Address& contract, const char* name, const char* label, const Address& caller,
                  const U256& value, std::vector<Value> args) {
    if (emitted == count) return;
    if (emitted % 6 == 5) ++block, timestamp += 6000;
    sink(Call{contract, caller, value, message(name, label), std::move(args), block, timestamp});
    ++emitted;
  };
  const Value none = Value::none();
  const Value sla = Value(Value::Seq{Value(u32(10)), Value(u128(500))});
  for (std::uint64_t round = 0; emitted < count; ++round) {
    const Address owner = account(0xa0, round), provider = account(0xb0, round), user = account(0xd0, round);
    // A provider with every capability; a public job: bid, assign, start, complete, paid by
    // the verifier (§4 flow 1).
    call(st::kRegistry, "compute_provider_registry", "register_provider", provider, U256(5000),
         {Value("https://p"), Value(u8(7)), Value(u128(50))});
    call(st::kQueue, "ai_job_queue", "submit_job", owner, U256(5000),
         {Value("m"), Value("d"), none, Value::variant(0), Value(u32(block + 10000)), Value(false), Value(""),
          Value("")});
    const u128 job = ++jobs;
    call(st::kRegistry, "compute_provider_registry", "submit_bid", provider, U256(0), {Value(job), Value(u128(3000)), sla});
    call(st::kQueue, "ai_job_queue", "assign_provider", owner, U256(0), {Value(job), Value(provider)});
    call(st::kQueue, "ai_job_queue", "mark_in_progress", provider, U256(0), {Value(job)});
    call(st::kQueue, "ai_job_queue", "mark_completed", provider, U256(0), {Value(job), bytes(hash(0xab))});
    call(st::kEscrow, "payment_escrow", "release_payment", st::kVerifier, U256(0), {Value(job), Value(provider)});
    // A private job, completed and paid by a trusted worker's attestation (flow 2).
    call(st::kQueue, "ai_job_queue", "submit_job", owner, U256(5000),
         {Value("m"), Value("d"), none, Value::variant(2), Value(u32(block + 10000)), Value(true), Value("enc"),
          Value("pk")});
    const u128 priv = ++jobs, confidential = ++phala_jobs;
    call(st::kRegistry, "compute_provider_registry", "submit_bid", provider, U256(0), {Value(priv), Value(u128(4000)), sla});
    call(st::kQueue, "ai_job_queue", "assign_provider", owner, U256(0), {Value(priv), Value(provider)});
    call(st::kQueue, "ai_job_queue", "mark_in_progress", provider, U256(0), {Value(priv)});
    {
      // Signed at the attesting call's time (the clock moves on every sixth call).
      u64 at = emitted % 6 == 5 ? timestamp + 6000 : timestamp;
      ms::Sig65 proof = ms::sign_attestation(st::worker_secret(1), st::kPhala, confidential, hash(0xcd), at);
      call(st::kPhala, "phala_job_processor", "record_attestation", user, U256(0),
           {Value(confidential), bytes(hash(0xcd)), Value(at), bytes(st::worker_key(1)), bytes(proof)});
    }
    call(st::kPhala, "phala_job_processor", "mark_job_processed", owner, U256(0), {Value(confidential)});
    // Data: mint, subscribe, access, the owner withdraws the revenue (flow 4).
    call(st::kNft, "data_nft_registry", "mint_data_nft", owner, U256(0),
         {Value("ipfs://d"), Value(Value::Seq{Value::variant(1), Value(u128(100)), Value(u32(3))}), Value(true)});
    const u128 nft = ++nfts;
    call(st::kNft, "data_nft_registry", "purchase_subscription", user, U256(100), {Value(nft), Value(u32(1))});
    const u128 receipt = ++receipts;
    call(st::kNft, "data_nft_registry", "access_data", user, U256(0), {Value(nft), Value(receipt)});
    call(st::kEscrow, "payment_escrow", "withdraw_rewards", owner, U256(0), {});
    // MEV: two intents batched and executed (flow 5).
    for (int k = 0; k < 2; ++k)
      call(st::kMev, "mev_protection", "submit_intent", user, U256(1000),
           {Value("enc"), Value("DOT"), Value("USDC"), Value(u128(100))});
    const u128 first = intents + 1;
    intents += 2;
    call(st::kMev, "mev_protection", "create_batch", st::kExecutor, U256(0),
         {Value(Value::Seq{Value(first + 1), Value(first)}), Value("route")});
    const u128 batch = ++batches;
    call(st::kMev, "mev_protection", "execute_batch", st::kExecutor, U256(0),
         {Value(batch), Value(u128(200)), Value("1.0")});
  }
}

}  // namespace meshcheck::bench
