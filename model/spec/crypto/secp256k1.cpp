#include "model/spec/crypto/secp256k1.hpp"

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <stdexcept>

namespace meshcheck::model::spec::crypto {
namespace {

// One context for the process. Contexts are safe to share between threads as long as no
// one randomizes them (we never do: signing here is for tests and fuzzing, not secrecy).
const secp256k1_context* context() {
  static const secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  return ctx;
}

using Scalar = std::array<u8, 32>;
// The group order n and ⌊n/2⌋, big-endian.
constexpr Scalar kOrder = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                           0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                           0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
constexpr Scalar kHalfOrder = {0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                               0xff, 0xff, 0xff, 0xff, 0xff, 0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4,
                               0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

Scalar part(const Sig65& sig, std::size_t at) {
  Scalar s;
  for (std::size_t i = 0; i < 32; ++i) s[i] = sig.bytes[at + i];
  return s;
}
bool is_zero(const Scalar& s) {
  for (u8 b : s)
    if (b) return false;
  return true;
}
// Big-endian comparison is lexicographic.
bool less(const Scalar& a, const Scalar& b) { return a < b; }

std::optional<int> recovery_id(u8 v) {
  if (v == 0 || v == 27) return 0;
  if (v == 1 || v == 28) return 1;
  return std::nullopt;
}

PubKey33 serialize(const secp256k1_pubkey& key) {
  PubKey33 out;
  std::size_t len = out.bytes.size();
  secp256k1_ec_pubkey_serialize(context(), out.bytes.data(), &len, &key, SECP256K1_EC_COMPRESSED);
  return out;
}

}  // namespace

Secret32 secret_of(std::uint64_t k) {
  Secret32 s{};
  for (std::size_t i = 0; i < 8; ++i) s[31 - i] = u8(k >> (8 * i));
  return s;
}

std::optional<PubKey33> public_key_of(const Secret32& secret) {
  secp256k1_pubkey key;
  if (!secp256k1_ec_pubkey_create(context(), &key, secret.data())) return std::nullopt;
  return serialize(key);
}

Sig65 sign_recoverable(const Secret32& secret, const Digest32& digest) {
  secp256k1_ecdsa_recoverable_signature sig;
  // A null nonce function is secp256k1_nonce_function_default: RFC 6979.
  if (!secp256k1_ecdsa_sign_recoverable(context(), &sig, digest.data(), secret.data(), nullptr, nullptr))
    throw std::invalid_argument("secp256k1: invalid secret key");
  Sig65 out;
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(context(), out.bytes.data(), &recid, &sig);
  out.bytes[64] = u8(recid);
  return out;
}

bool well_formed(const Sig65& sig) {
  if (!recovery_id(sig.bytes[64])) return false;
  Scalar r = part(sig, 0), s = part(sig, 32);
  if (is_zero(r) || !less(r, kOrder)) return false;
  if (is_zero(s) || !less(s, kOrder)) return false;
  return !less(kHalfOrder, s);  // s ≤ n/2
}

std::optional<PubKey33> recover(const Sig65& sig, const Digest32& digest) {
  std::optional<int> recid = recovery_id(sig.bytes[64]);
  if (!recid) return std::nullopt;
  secp256k1_ecdsa_recoverable_signature parsed;
  if (!secp256k1_ecdsa_recoverable_signature_parse_compact(context(), &parsed, sig.bytes.data(), *recid))
    return std::nullopt;
  secp256k1_pubkey key;
  if (!secp256k1_ecdsa_recover(context(), &key, &parsed, digest.data())) return std::nullopt;
  return serialize(key);
}

Sig65 high_s_twin(const Sig65& sig) {
  Sig65 out = sig;
  // s' = n − s, byte by byte with a borrow.
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    int d = int(kOrder[std::size_t(i)]) - int(sig.bytes[32 + std::size_t(i)]) - borrow;
    borrow = d < 0;
    out.bytes[32 + std::size_t(i)] = u8(d + (borrow ? 256 : 0));
  }
  // Negating s negates the nonce point's role: the recovery id's parity flips.
  std::optional<int> recid = recovery_id(sig.bytes[64]);
  out.bytes[64] = u8(recid ? (*recid ^ 1) : sig.bytes[64]);
  return out;
}

}  // namespace meshcheck::model::spec::crypto
