// The spec profile's system (its six contracts) and the standard deployment of
// ../shared/spec-profile.md §2.3.
#pragma once

#include "model/spec/ai_job_queue_messages.hpp"
#include "model/spec/mev_protection.hpp"

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
}  // namespace standard

// §2.3: the constructors (queue min_budget 1000, registry min_stake 5000, mev executor
// 0x07…07), then escrow and
// registry set_verifier(0x06…06, true). Balances start at 0.
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
  return s;
}

}  // namespace meshcheck::model::spec
