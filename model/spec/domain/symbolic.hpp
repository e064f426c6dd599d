// The symbolic domain of the spec profile: the same spec messages instantiated on Z3
// terms, which makes their Z3 encoding (one guarded path per branch) the very text the
// concrete model runs.
//
// Every integer is a bit-vector of its Rust width, an address a bv160, an enum a bv8
// holding its variant index, a bool a Z3 Bool, a storage Mapping one Z3 array per
// scalar of its value plus a Bool array of present keys. The unsigned comparison
// operators are the bit-vector ones (ule, ult), never z3++'s signed `<`.
//
// Terms are built in the *current context* (SymbolicScope), so that literals such as
// `U128<D>(0)`, default members and `Option::none()` are written the same way in both
// domains. One thread builds in one context at a time.
#pragma once

#include <z3++.h>

#include <span>
#include <type_traits>

#include "model/spec/domain/concrete.hpp"

namespace meshcheck::model::spec {

z3::context& current_context();

// Makes `c` the current context of this thread for the scope's lifetime.
class SymbolicScope {
 public:
  explicit SymbolicScope(z3::context& c);
  ~SymbolicScope();
  SymbolicScope(const SymbolicScope&) = delete;
  SymbolicScope& operator=(const SymbolicScope&) = delete;

 private:
  z3::context* previous_;
};

z3::expr bv_literal(const U256& v, unsigned width);
// The bv(8·size) whose bytes, most significant first, are `bytes` (any width: PubKey33 and
// Sig65 are wider than a U256).
z3::expr bv_from_bytes(std::span<const u8> bytes);

// Every symbolic scalar is a term; what distinguishes the types is its sort.
struct SymLeaf {
  z3::expr e;
};

struct SBool : SymLeaf {
  SBool(bool b = false) : SymLeaf{current_context().bool_val(b)} {}
  explicit SBool(z3::expr t) : SymLeaf{std::move(t)} {}
  friend SBool operator&&(const SBool& a, const SBool& b) { return SBool(a.e && b.e); }
  friend SBool operator||(const SBool& a, const SBool& b) { return SBool(a.e || b.e); }
  friend SBool operator!(const SBool& a) { return SBool(!a.e); }
  friend SBool operator==(const SBool& a, const SBool& b) { return SBool(a.e == b.e); }
  friend SBool operator!=(const SBool& a, const SBool& b) { return SBool(a.e != b.e); }
};

template <unsigned W>
struct SUint : SymLeaf {
  static constexpr unsigned kWidth = W;
  SUint() : SymLeaf{bv_literal(U256(0), W)} {}
  // Literals: any concrete unsigned value that fits (the concrete types of the same
  // width convert implicitly, so generic code writes `U128<D>(0)` or compares with
  // `kU128Max`).
  template <class T> requires(std::is_integral_v<T> || ConcreteUint<T>)
  SUint(const T& v) : SymLeaf{bv_literal(U256(v), W)} {}
  explicit SUint(z3::expr t) : SymLeaf{std::move(t)} {}

  friend SBool operator==(const SUint& a, const SUint& b) { return SBool(a.e == b.e); }
  friend SBool operator!=(const SUint& a, const SUint& b) { return SBool(a.e != b.e); }
  friend SBool operator<(const SUint& a, const SUint& b) { return SBool(z3::ult(a.e, b.e)); }
  friend SBool operator<=(const SUint& a, const SUint& b) { return SBool(z3::ule(a.e, b.e)); }
  friend SBool operator>(const SUint& a, const SUint& b) { return SBool(z3::ugt(a.e, b.e)); }
  friend SBool operator>=(const SUint& a, const SUint& b) { return SBool(z3::uge(a.e, b.e)); }
};

// i32, two's complement in a bv32.
struct SInt32 : SymLeaf {
  SInt32() : SymLeaf{bv_literal(U256(0), 32)} {}
  SInt32(std::int32_t v) : SymLeaf{bv_literal(U256(std::uint32_t(v)), 32)} {}
  explicit SInt32(z3::expr t) : SymLeaf{std::move(t)} {}
};

struct SAddr : SymLeaf {
  SAddr() : SymLeaf{bv_literal(U256(0), 160)} {}
  SAddr(const Address& a);
  explicit SAddr(z3::expr t) : SymLeaf{std::move(t)} {}
  friend SBool operator==(const SAddr& a, const SAddr& b) { return SBool(a.e == b.e); }
  friend SBool operator!=(const SAddr& a, const SAddr& b) { return SBool(a.e != b.e); }
};

struct SStr : SymLeaf {
  SStr() : SymLeaf{current_context().string_val("")} {}
  SStr(const std::string& s);
  explicit SStr(z3::expr t) : SymLeaf{std::move(t)} {}
  friend SBool operator==(const SStr& a, const SStr& b) { return SBool(a.e == b.e); }
  friend SBool operator!=(const SStr& a, const SStr& b) { return SBool(a.e != b.e); }
};

// `[u8; N]`: a bv(8N), big-endian (byte 0 the most significant).
template <std::size_t N>
struct SBytes : SUint<unsigned(8 * N)> {
  using Base = SUint<unsigned(8 * N)>;
  SBytes() = default;
  SBytes(const ByteArray<N>& b) : Base(bv_from_bytes(b.bytes)) {}
  explicit SBytes(z3::expr t) : Base(std::move(t)) {}
  SBool is_zero() const { return SBool(this->e == current_context().bv_val(0, 8 * N)); }
};

// A composite map key, `(job_id, provider)`: the concatenation of its two scalars.
template <class A, class B>
struct SPair : SymLeaf {
  SPair() : SymLeaf{z3::concat(A().e, B().e)} {}
  SPair(const A& a, const B& b) : SymLeaf{z3::concat(a.e, b.e)} {}
  template <class CA, class CB> SPair(const std::pair<CA, CB>& p) : SPair(A(p.first), B(p.second)) {}
};

template <class E>
struct SEnum : SymLeaf {
  SEnum() : SymLeaf{bv_literal(U256(0), 8)} {}
  SEnum(E v) : SymLeaf{bv_literal(U256(unsigned(v)), 8)} {}
  explicit SEnum(z3::expr t) : SymLeaf{std::move(t)} {}
  friend SBool operator==(const SEnum& a, const SEnum& b) { return SBool(a.e == b.e); }
  friend SBool operator!=(const SEnum& a, const SEnum& b) { return SBool(a.e != b.e); }
};

// The symbolic twins of concrete.hpp's primitives.
template <unsigned W> SBool add_overflows(const SUint<W>& a, const SUint<W>& b) {
  return SBool(!z3::bvadd_no_overflow(a.e, b.e, false));
}
template <unsigned W> SBool sub_underflows(const SUint<W>& a, const SUint<W>& b) { return SBool(z3::ult(a.e, b.e)); }
template <unsigned W> SBool mul_overflows(const SUint<W>& a, const SUint<W>& b) {
  return SBool(!z3::bvmul_no_overflow(a.e, b.e, false));
}
template <unsigned W> SUint<W> unchecked_add(const SUint<W>& a, const SUint<W>& b) { return SUint<W>(a.e + b.e); }
template <unsigned W> SUint<W> unchecked_sub(const SUint<W>& a, const SUint<W>& b) { return SUint<W>(a.e - b.e); }
template <unsigned W> SUint<W> unchecked_mul(const SUint<W>& a, const SUint<W>& b) { return SUint<W>(a.e * b.e); }
inline SUint<32> add_signed_clamped(const SUint<32>& a, const SInt32& delta, u32 hi) {
  z3::context& c = current_context();
  z3::expr sum = z3::zext(a.e, 32) + z3::sext(delta.e, 32);  // in i64: never wraps
  z3::expr top = c.bv_val(std::uint64_t(hi), 64);
  return SUint<32>(z3::ite(sum < c.bv_val(0, 64), c.bv_val(0, 32),
                           z3::ite(sum > top, c.bv_val(hi, 32), sum.extract(31, 0))));
}
template <unsigned W> SUint<W> bit_and(const SUint<W>& a, const SUint<W>& b) { return SUint<W>(a.e & b.e); }
// The length of a string literal of ASCII characters (design §5): bytes = characters.
inline SUint<32> byte_len(const SStr& s) { return SUint<32>(z3::int2bv(32, s.e.length())); }
// Whether a flattened String is 2^32 bytes or more, which the world refuses (errors.hpp):
// `str.len(s) > u32::MAX`, the one shape smt/spec/step.hpp's abstract_lengths turns into
// its uninterpreted `too_long`.
inline bool is_string_leaf(const z3::expr& leaf) { return Z3_is_string_sort(leaf.ctx(), leaf.get_sort()); }
inline SBool string_too_long(const z3::expr& s) {
  return SBool(s.length() > s.ctx().int_val(std::uint64_t(kMaxStringBytes)));
}
template <class To, unsigned W> To resize(const SUint<W>& v) {
  constexpr unsigned T = To::kWidth;
  if constexpr (T == W) return v;
  else if constexpr (T > W) return To(z3::zext(v.e, T - W));
  else return To(v.e.extract(T - 1, 0));
}
template <class T> requires std::is_base_of_v<SymLeaf, T>
T select(const SBool& c, const T& a, const T& b) { return T(z3::ite(c.e, a.e, b.e)); }

template <class D, class T> struct Option;  // record.hpp

// A storage Mapping: `present[k]` says whether k has an entry, and arrays[i][k] is the
// i-th scalar of its value (record.hpp flattens values). An absent key holds the
// value's defaults in every array, so two maps are equal exactly when their arrays are.
template <class K, class V> struct SymMap {
  using Key = K;
  using Value = V;
  SymMap();
  z3::expr present;
  std::vector<z3::expr> arrays;

  SBool contains(const K& k) const { return SBool(z3::select(present, k.e)); }
  // A write inside a message is a mutation site, as ConcreteMap's (record.hpp).
  void set(const K& k, const V& v, ::meshcheck::mutation::spec::Where at = ::meshcheck::mutation::spec::Where::here());
  // The entry's scalars go back to their defaults (see above).
  void remove(const K& k, ::meshcheck::mutation::spec::Where at = ::meshcheck::mutation::spec::Where::here());
  Option<struct Symbolic, V> get(const K& k) const;
  V get_or_default(const K& k) const;
};

struct Symbolic {
  static constexpr bool kSymbolic = true;
  using Bool = SBool;
  using U8 = SUint<8>;
  using I32 = SInt32;
  using U32 = SUint<32>;
  using U64 = SUint<64>;
  using U128 = SUint<128>;
  using U256 = SUint<256>;
  using Addr = SAddr;
  using Str = SStr;
  template <std::size_t N> using Bytes = SBytes<N>;
  template <class E> using Enum = SEnum<E>;
  template <class A, class B> using Pair = SPair<A, B>;
  template <class K, class V> using Map = SymMap<K, V>;
  using Leaf = z3::expr;
};

}  // namespace meshcheck::model::spec
