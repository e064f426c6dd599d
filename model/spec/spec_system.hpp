// The spec profile's system (its six contracts) and the standard deployment of
// ../shared/spec-profile.md §2.3.
#pragma once

#include "model/spec/ai_job_queue_messages.hpp"
#include "model/spec/mev_protection.hpp"
#include "model/spec/phala_job_processor_messages.hpp"

namespace meshcheck::model::spec {

template <class D>
using SpecSystem =
    System<D, AiJobQueue, PaymentEscrow, ComputeProviderRegistry, DataNftRegistry, PhalaJobProcessor, MevProtection>;

namespace standard {
inline Address filled(u8 b) { return Address::filled(AddressKind::H160, b); }
inline const Address kQueue = filled(0xc1), kRegistry = filled(0xc2), kNft = filled(0xc3), kEscrow = filled(0xc4),
                     kPhala = filled(0xc5), kMev = filled(0xc6), kAdmin = filled(0x01), kVerifier = filled(0x06),
                     kExecutor = filled(0x07);
inline Wiring<Concrete> wiring() { return {kQueue, kEscrow, kRegistry, kNft, kPhala, kMev}; }

// The TEE worker keys K1, K2, K3 (§2.3): the compressed public keys of the secret keys 1, 2,
// 3 (worker_secret), which the tests and the fuzzer sign with. K1 and K2 are trusted at
// deployment, K3 never.
inline PubKey33 worker_key(int i) {
  static const PubKey33 keys[3] = {
      PubKey33::from_hex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"),
      PubKey33::from_hex("02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5"),
      PubKey33::from_hex("02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9")};
  return keys[i - 1];
}
inline crypto::Secret32 worker_secret(int i) { return crypto::secret_of(std::uint64_t(i)); }
}  // namespace standard

// §2.3: the constructors (queue min_budget 1000, registry min_stake 5000, mev executor
// 0x07…07), then escrow and registry set_verifier(0x06…06, true), and phala
// set_trusted_worker(K1, true), (K2, true). Balances start at 0.
inline SpecSystem<Concrete> standard_system() {
  using namespace standard;
  SpecSystem<Concrete> s;
  s.slot<AiJobQueue>() = {true, kQueue, U256(0), ai_job_queue::construct<Concrete>(kAdmin, wiring(), 1000)};
  s.slot<PaymentEscrow>() = {true, kEscrow, U256(0), payment_escrow::construct<Concrete>(kAdmin, wiring())};
  s.slot<ComputeProviderRegistry>() = {true, kRegistry, U256(0),
                                       compute_provider_registry::construct<Concrete>(kAdmin, wiring(), 5000)};
  s.slot<DataNftRegistry>() = {true, kNft, U256(0), data_nft_registry::construct<Concrete>(kAdmin, wiring())};
  s.slot<PhalaJobProcessor>() = {true, kPhala, U256(0), phala_job_processor::construct<Concrete>(kAdmin, wiring())};
  s.slot<MevProtection>() = {true, kMev, U256(0), mev_protection::construct<Concrete>(kAdmin, wiring(), kExecutor)};
  s.slot<PaymentEscrow>().state.verifiers.set(kVerifier, true);
  s.slot<ComputeProviderRegistry>().state.verifiers.set(kVerifier, true);
  s.slot<PhalaJobProcessor>().state.trusted_workers.set(worker_key(1), true);
  s.slot<PhalaJobProcessor>().state.trusted_workers.set(worker_key(2), true);
  return s;
}

}  // namespace meshcheck::model::spec
