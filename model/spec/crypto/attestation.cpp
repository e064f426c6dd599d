#include "model/spec/crypto/attestation.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <span>
#include <stdexcept>
#include <unordered_set>
#include <vector>

#include "abi/blake2.hpp"

namespace meshcheck::model::spec {
namespace {

constexpr std::string_view kTag = "PMATTEST";
constexpr const char* kSigOk = "sig_ok";

z3::func_decl sig_ok_decl() {
  z3::context& c = current_context();
  z3::sort_vector domain(c);
  for (unsigned w : {160u, 128u, 256u, 64u, 264u, 520u}) domain.push_back(c.bv_sort(w));
  return c.function(kSigOk, domain, c.bool_sort());
}

// The value of a bit-vector literal as N big-endian bytes; none for any other term.
template <std::size_t N> std::optional<ByteArray<N>> literal_bytes(const z3::expr& t) {
  z3::expr v = t.simplify();
  if (!v.is_numeral() || !v.is_bv() || v.get_sort().bv_size() != 8 * N) return std::nullopt;
  boost::multiprecision::cpp_int n(v.get_decimal_string(0));
  ByteArray<N> out;
  for (std::size_t i = 0; i < N; ++i) {
    out.bytes[N - 1 - i] = u8(unsigned(n & 0xff));
    n >>= 8;
  }
  return out;
}

}  // namespace

AttestationPreimage attestation_preimage(const Address& contract, const u128& job_id, const Hash32& result_hash,
                                         const u64& timestamp) {
  if (contract.kind != AddressKind::H160) throw std::invalid_argument("attestation preimage: not an H160 address");
  AttestationPreimage p{};
  std::size_t at = 0;
  for (char ch : kTag) p[at++] = u8(ch);                                 // [u8; 8]: raw
  for (std::size_t i = 0; i < contract.size(); ++i) p[at++] = contract.bytes[i];  // H160: raw 20 bytes
  for (std::size_t i = 0; i < 16; ++i) p[at++] = u8(unsigned((job_id >> (8 * i)) & 0xff));  // u128 LE
  for (u8 b : result_hash.bytes) p[at++] = b;                           // [u8; 32]: raw
  for (std::size_t i = 0; i < 8; ++i) p[at++] = u8(timestamp >> (8 * i));  // u64 LE
  return p;
}

crypto::Digest32 attestation_digest(const Address& contract, const u128& job_id, const Hash32& result_hash,
                                    const u64& timestamp) {
  AttestationPreimage p = attestation_preimage(contract, job_id, result_hash, timestamp);
  return abi::blake2b_256(std::span<const u8>(p));
}

bool sig_ok(const Address& contract, const u128& job_id, const Hash32& result_hash, const u64& timestamp,
            const PubKey33& key, const Sig65& proof) {
  if (!crypto::well_formed(proof)) return false;
  std::optional<PubKey33> signer = crypto::recover(proof, attestation_digest(contract, job_id, result_hash, timestamp));
  return signer && *signer == key;
}

SBool sig_ok(const SAddr& contract, const SUint<128>& job_id, const SBytes<32>& result_hash, const SUint<64>& timestamp,
             const SBytes<33>& key, const SBytes<65>& proof) {
  z3::expr_vector args(current_context());
  for (const z3::expr* a : {&contract.e, &job_id.e, &result_hash.e, &timestamp.e, &key.e, &proof.e}) args.push_back(*a);
  return SBool(sig_ok_decl()(args));
}

Sig65 sign_attestation(const crypto::Secret32& secret, const Address& contract, const u128& job_id,
                       const Hash32& result_hash, const u64& timestamp) {
  return crypto::sign_recoverable(secret, attestation_digest(contract, job_id, result_hash, timestamp));
}

z3::expr fix_sig_ok(const z3::expr& e) {
  z3::context& c = e.ctx();
  z3::expr_vector from(c), to(c);
  std::unordered_set<unsigned> seen;
  std::vector<z3::expr> todo{e};
  while (!todo.empty()) {
    z3::expr t = todo.back();
    todo.pop_back();
    if (!seen.insert(t.id()).second || !t.is_app()) continue;
    if (t.decl().name().str() == kSigOk && t.num_args() == 6) {
      auto addr = literal_bytes<20>(t.arg(0));
      auto job = literal_bytes<16>(t.arg(1));
      auto hash = literal_bytes<32>(t.arg(2));
      auto ts = literal_bytes<8>(t.arg(3));
      auto key = literal_bytes<33>(t.arg(4));
      auto proof = literal_bytes<65>(t.arg(5));
      if (addr && job && hash && ts && key && proof) {
        Address a;  // H160
        for (std::size_t i = 0; i < 20; ++i) a.bytes[i] = addr->bytes[i];
        u128 j = 0;
        for (u8 b : job->bytes) j = (j << 8) | u128(b);
        u64 time = 0;
        for (u8 b : ts->bytes) time = (time << 8) | b;
        from.push_back(t);
        to.push_back(c.bool_val(sig_ok(a, j, *hash, time, *key, *proof)));
        continue;
      }
    }
    for (unsigned i = 0; i < t.num_args(); ++i) todo.push_back(t.arg(i));
  }
  z3::expr out = e;
  return from.empty() ? out : out.substitute(from, to);
}

}  // namespace meshcheck::model::spec
