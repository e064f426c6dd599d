// What the six spec contracts share (../shared/spec-profile.md §1.1): the wiring, the
// shared enums and the constants.
#pragma once

#include <tuple>

#include "model/spec/exec.hpp"

namespace meshcheck::model::spec {

// The six addresses every constructor takes (spec R8); never changes.
template <class D> struct Wiring {
  Addr<D> job_queue{};
  Addr<D> payment_escrow{};
  Addr<D> provider_registry{};
  Addr<D> data_nft_registry{};
  Addr<D> phala_job_processor{};
  Addr<D> mev_protection{};
  template <class S> static auto tie(S& s) {
    return std::tie(s.job_queue, s.payment_escrow, s.provider_registry, s.data_nft_registry, s.phala_job_processor,
                    s.mev_protection);
  }
  friend bool operator==(const Wiring&, const Wiring&) = default;
};

// Whether `a` is one of the six wired contracts. A contract signs no top-level call (it
// calls only through its own code), so a party who must later sign a call to get value
// out (a token's owner, who withdraws its revenue; mev's executor, who executes the
// pending batches) must never be one: the messages that store such a party from an
// argument refuse a wired contract (`NotAnAccount`, docs/spec-profile-design.md §7, the
// amendment). Parties taken from the caller need no such guard: no contract's code calls
// a message that stores its caller as a party.
template <class D> Bool<D> is_wired_contract(const Wiring<D>& w, const Addr<D>& a) {
  return a == w.job_queue || a == w.payment_escrow || a == w.provider_registry || a == w.data_nft_registry ||
         a == w.phala_job_processor || a == w.mev_protection;
}

enum class ComputeType : u8 { Cpu, Gpu, PhalaTee };
enum class PrivacyLevel : u8 { Public, Private, Confidential };
enum class RefundReason : u8 { Cancelled, DeadlineMissed, DisputeLost };
enum class EscrowStatus : u8 { Locked, Released, Refunded };

inline constexpr u32 kMaxPayloadLen = 4096;
inline constexpr u32 kMaxPublicKeyLen = 256;
inline constexpr u32 kRateWindowBlocks = 10;
inline constexpr u32 kRateMaxPerWindow = 3;
inline constexpr u64 kMaxAttestationAgeMs = 600'000;
inline constexpr u32 kMaxBatchSize = 6;
inline constexpr u64 kPeriodMs = 3'600'000;
inline constexpr u32 kMaxPeriods = 720;
inline constexpr u64 kTokenTtlMs = 600'000;
inline constexpr u32 kUnbondingBlocks = 20;
inline constexpr u32 kInitialReputation = 100;
inline constexpr u32 kMaxReputation = 1000;
inline constexpr u32 kMinBidReputation = 50;

}  // namespace meshcheck::model::spec
