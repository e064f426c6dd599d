// secp256k1 ECDSA with public-key recovery (libsecp256k1 and its recovery module, Debian's
// libsecp256k1-dev): what ink!'s `ecdsa_recover` does on chain, and what a TEE worker does
// to sign. The spec profile checks attestations with it (../shared/spec-profile.md §3.5);
// the tests and the fuzzer sign with it.
//
// A signature is 65 bytes r ‖ s ‖ v (Sig65), r and s big-endian.
#pragma once

#include <array>
#include <optional>

#include "model/spec/domain/concrete.hpp"

namespace meshcheck::model::spec::crypto {

using Digest32 = std::array<u8, 32>;
using Secret32 = std::array<u8, 32>;  // a secret key, big-endian, in [1, n−1]

// The secret key whose value is `k` (the design's K1, K2, K3 are 1, 2, 3).
Secret32 secret_of(std::uint64_t k);

// The compressed public key of `secret`; none when the secret is 0 or not below n.
std::optional<PubKey33> public_key_of(const Secret32& secret);

// r ‖ s ‖ recid (0 or 1) over `digest`, with libsecp256k1's default nonce (RFC 6979, so the
// same inputs always give the same signature); s is always low. Throws on an invalid secret.
Sig65 sign_recoverable(const Secret32& secret, const Digest32& digest);

// The design's rule 2 (§3.5): v = sig[64] ∈ {0, 1, 27, 28}; r, s ∈ [1, n−1]; s ≤ n/2 (low-S,
// so that a signature cannot be re-encoded as a second valid one).
bool well_formed(const Sig65& sig);

// ecdsa_recover: the compressed key that produced `sig` over `digest`, with recovery id
// v mod 27; none when libsecp256k1 recovers no key. It does not apply the low-S rule:
// `well_formed` does (a high-S signature recovers a key here).
std::optional<PubKey33> recover(const Sig65& sig, const Digest32& digest);

// The high-S twin of a low-S signature: s' = n − s and the recovery id flipped. It
// recovers the same key; only the low-S rule refuses it (a test vector, and the fuzzer's).
Sig65 high_s_twin(const Sig65& sig);

}  // namespace meshcheck::model::spec::crypto
