# The attestation test vectors of tests/spec/spec_phala_job_processor_test.cpp, computed
# independently of libsecp256k1 and libb2: Python's hashlib BLAKE2b and a textbook
# secp256k1 ECDSA with the RFC 6979 nonce, low-S and the recovery id. Run: python3 tests/spec/vectors/attestation_vectors.py
import hashlib, hmac
p = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F
n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G = (0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
     0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)
def add(P, Q):
    if P is None: return Q
    if Q is None: return P
    if P[0] == Q[0] and (P[1] + Q[1]) % p == 0: return None
    if P == Q: l = 3 * P[0] * P[0] * pow(2 * P[1], -1, p) % p
    else: l = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
    x = (l * l - P[0] - Q[0]) % p
    return (x, (l * (P[0] - x) - P[1]) % p)
def mul(k, P):
    R = None
    while k:
        if k & 1: R = add(R, P)
        P = add(P, P); k >>= 1
    return R
def compressed(P): return bytes([2 + (P[1] & 1)]) + P[0].to_bytes(32, 'big')
def rfc6979(x, h):
    xb = x.to_bytes(32, 'big'); hb = (int.from_bytes(h, 'big') % n).to_bytes(32, 'big')
    V = b'\x01' * 32; K = b'\x00' * 32
    K = hmac.new(K, V + b'\x00' + xb + hb, hashlib.sha256).digest(); V = hmac.new(K, V, hashlib.sha256).digest()
    K = hmac.new(K, V + b'\x01' + xb + hb, hashlib.sha256).digest(); V = hmac.new(K, V, hashlib.sha256).digest()
    while True:
        V = hmac.new(K, V, hashlib.sha256).digest(); k = int.from_bytes(V, 'big')
        if 1 <= k < n: return k
        K = hmac.new(K, V + b'\x00', hashlib.sha256).digest(); V = hmac.new(K, V, hashlib.sha256).digest()
def sign(x, h):
    k = rfc6979(x, h); R = mul(k, G); r = R[0] % n
    s = pow(k, -1, n) * (int.from_bytes(h, 'big') + r * x) % n
    recid = (R[1] & 1) | (2 if R[0] >= n else 0)
    if s > n // 2: s = n - s; recid ^= 1
    return r.to_bytes(32, 'big') + s.to_bytes(32, 'big') + bytes([recid])
def digest(contract, job_id, result_hash, timestamp):
    """BLAKE2b-256 of the 84-byte preimage (spec §3.5): b"PMATTEST", H160, u128, [u8; 32], u64 (SCALE)."""
    pre = b'PMATTEST' + contract + job_id.to_bytes(16, 'little') + result_hash + timestamp.to_bytes(8, 'little')
    assert len(pre) == 84
    return hashlib.blake2b(pre, digest_size=32).digest()
# Importable (tests/traces/spec/make_flows.py signs the private flow's attestations with it).
if __name__ == "__main__":
    for i in (1, 2, 3): print('K%d' % i, compressed(mul(i, G)).hex())
    pre = b'PMATTEST' + bytes([0xc5]) * 20 + (1).to_bytes(16, 'little') + bytes([7]) * 32 + (60000).to_bytes(8, 'little')
    assert len(pre) == 84
    print('preimage', pre.hex())
    d = hashlib.blake2b(pre, digest_size=32).digest()
    print('digest', d.hex())
    print('sig K1', sign(1, d).hex())
    print('sig K2', sign(2, d).hex())
