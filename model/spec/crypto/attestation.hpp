// A TEE worker's attestation signature, as phala_job_processor's record_attestation checks
// it (../shared/spec-profile.md §3.5, "Signature scheme"), in both domains.
//
// Concretely, sig_ok(contract, job_id, result_hash, timestamp, key, proof) holds iff
//   1. digest = BLAKE2b-256(preimage), the preimage being the SCALE encoding of
//      (b"PMATTEST", contract: H160, job_id: u128, result_hash: [u8; 32], timestamp: u64),
//      84 bytes;
//   2. the proof is well formed (v ∈ {0, 1, 27, 28}, r, s ∈ [1, n−1], s ≤ n/2);
//   3. ecdsa_recover(proof, digest) is `key`.
// Symbolically, sig_ok is an uninterpreted Boolean function of the same six arguments, so
// that whatever is proved of the encoding holds for every signature scheme. `contract`
// (phala's own address, in the preimage) is an argument too: the concrete answer depends
// on it, and an oracle that ignored it could not agree with libsecp256k1 pointwise.
// The agreement test fixes the function at each of its applications to libsecp256k1's
// answer (fix_sig_ok).
#pragma once

#include <array>

#include "model/spec/crypto/secp256k1.hpp"
#include "model/spec/domain/record.hpp"

namespace meshcheck::model::spec {

inline constexpr std::size_t kAttestationPreimageLen = 84;
using AttestationPreimage = std::array<u8, kAttestationPreimageLen>;

AttestationPreimage attestation_preimage(const Address& contract, const u128& job_id, const Hash32& result_hash,
                                         const u64& timestamp);
crypto::Digest32 attestation_digest(const Address& contract, const u128& job_id, const Hash32& result_hash,
                                    const u64& timestamp);

bool sig_ok(const Address& contract, const u128& job_id, const Hash32& result_hash, const u64& timestamp,
            const PubKey33& key, const Sig65& proof);
SBool sig_ok(const SAddr& contract, const SUint<128>& job_id, const SBytes<32>& result_hash, const SUint<64>& timestamp,
             const SBytes<33>& key, const SBytes<65>& proof);

// What a TEE worker holding `secret` sends for (contract, job_id, result_hash, timestamp).
Sig65 sign_attestation(const crypto::Secret32& secret, const Address& contract, const u128& job_id,
                       const Hash32& result_hash, const u64& timestamp);

// `e` with every application of the symbolic sig_ok to literals replaced by the concrete
// sig_ok's answer on those values (the agreement test's oracle). Applications to
// non-literal terms stay as they are.
z3::expr fix_sig_ok(const z3::expr& e);

}  // namespace meshcheck::model::spec
