#include "smt/sym.hpp"

#include <map>
#include <stdexcept>

namespace meshcheck::smt {

unsigned width_of(TypeKind kind) {
  switch (kind) {
    case TypeKind::U8: return 8;
    case TypeKind::U16: return 16;
    case TypeKind::U32: return 32;
    case TypeKind::U64: return 64;
    case TypeKind::U128: return 128;
    case TypeKind::U256: return 256;
    case TypeKind::H160: return 160;
    case TypeKind::AccountId: return 256;
    default: throw std::invalid_argument("width_of: not an integer or address type");
  }
}

unsigned width_of(AddressKind kind) { return kind == AddressKind::H160 ? 160 : 256; }

namespace {
// Strings are byte sequences: the contracts only store, copy and compare them, and a
// byte sequence keeps any UTF-8 exactly (Z3's own String sort would read escapes).
z3::sort byte_string_sort(z3::context& c) {
  z3::sort byte = c.bv_sort(8);
  return c.seq_sort(byte);
}
}  // namespace

z3::sort sort_of(z3::context& c, TypeRef type) {
  switch (type->kind) {
    case TypeKind::Bool: return c.bool_sort();
    case TypeKind::String: return byte_string_sort(c);
    default:
      if (type->is_integer() || type->is_address()) return c.bv_sort(width_of(type->kind));
      throw std::invalid_argument("sort_of: " + type->name + " is not a scalar type");
  }
}

z3::expr bv_val(z3::context& c, const U256& v, unsigned width) { return c.bv_val(v.str().c_str(), width); }

namespace {
thread_local AmountMode current_amount_mode = AmountMode::Int;
}  // namespace

void set_amount_mode(AmountMode mode) { current_amount_mode = mode; }
AmountMode amount_mode() { return current_amount_mode; }

z3::sort amount_sort(z3::context& c) {
  return current_amount_mode == AmountMode::Int ? c.int_sort() : c.bv_sort(kAmountWidth);
}

z3::expr int_val(z3::context& c, const BigInt& v) {
  if (current_amount_mode == AmountMode::Int) return c.int_val(v.str().c_str());
  BigInt modulus = BigInt(1) << kAmountWidth;
  BigInt wrapped = v < 0 ? v + modulus : v;
  return c.bv_val(wrapped.str().c_str(), kAmountWidth);
}

z3::expr address_val(z3::context& c, const Address& a) {
  U256 n = 0;
  for (std::size_t i = 0; i < a.size(); ++i) n = (n << 8) | a.bytes[i];
  return bv_val(c, n, width_of(a.kind));
}

z3::expr string_val(z3::context& c, const std::string& s) {
  z3::sort sort = byte_string_sort(c);
  if (s.empty()) return z3::empty(sort);
  z3::expr_vector units(c);
  for (unsigned char ch : s) units.push_back(c.bv_val(static_cast<unsigned>(ch), 8).unit());
  return units.size() == 1 ? units[0] : z3::concat(units);
}

U256 to_u256(const z3::expr& numeral) {
  if (!numeral.is_numeral()) throw std::invalid_argument("to_u256: not a numeral: " + numeral.to_string());
  return U256(Z3_get_numeral_string(numeral.ctx(), numeral));
}

BigInt to_bigint(const z3::expr& numeral) {
  if (!numeral.is_numeral()) throw std::invalid_argument("to_bigint: not a numeral: " + numeral.to_string());
  BigInt n(Z3_get_numeral_string(numeral.ctx(), numeral));
  if (numeral.is_bv() && numeral.get_sort().bv_size() == kAmountWidth && n >= (BigInt(1) << (kAmountWidth - 1)))
    n -= BigInt(1) << kAmountWidth;
  return n;
}

Address to_address(const z3::expr& numeral, AddressKind kind) {
  U256 n = to_u256(numeral);
  Address a;
  a.kind = kind;
  for (std::size_t i = a.size(); i-- > 0;) {
    a.bytes[i] = static_cast<u8>(n & 0xff);
    n >>= 8;
  }
  return a;
}

namespace {
void collect_bytes(const z3::expr& e, std::string& out) {
  if (!e.is_app()) throw std::invalid_argument("to_string: not a string value: " + e.to_string());
  Z3_decl_kind k = e.decl().decl_kind();
  if (k == Z3_OP_SEQ_EMPTY) return;
  if (k == Z3_OP_SEQ_UNIT) {
    out.push_back(static_cast<char>(static_cast<unsigned>(to_u256(e.arg(0)))));
    return;
  }
  if (k == Z3_OP_SEQ_CONCAT) {
    for (unsigned i = 0; i < e.num_args(); ++i) collect_bytes(e.arg(i), out);
    return;
  }
  throw std::invalid_argument("to_string: not a string value: " + e.to_string());
}
}  // namespace

std::string to_string(const z3::expr& string_value) {
  std::string out;
  collect_bytes(string_value, out);
  return out;
}

z3::expr to_int(const z3::expr& bv) {
  return current_amount_mode == AmountMode::Int ? z3::bv2int(bv, false) : widen(bv, kAmountWidth);
}

z3::expr add_overflows(const z3::expr& a, const z3::expr& b) { return !z3::bvadd_no_overflow(a, b, false); }

z3::expr sub_underflows(const z3::expr& a, const z3::expr& b) { return z3::ult(a, b); }

z3::expr saturating_add(const z3::expr& a, const z3::expr& b) {
  unsigned w = a.get_sort().bv_size();
  return z3::ite(add_overflows(a, b), bv_val(a.ctx(), (U256(1) << w) - 1, w), a + b);
}

z3::expr saturating_sub(const z3::expr& a, const z3::expr& b) {
  return z3::ite(z3::ult(a, b), a.ctx().bv_val(0, a.get_sort().bv_size()), a - b);
}

z3::expr widen(const z3::expr& bv, unsigned width) {
  unsigned w = bv.get_sort().bv_size();
  if (w == width) return bv;
  if (w > width) throw std::invalid_argument("widen: narrowing");
  return z3::zext(bv, width - w);
}

namespace {
// Z3 keeps constants apart by name and sort; a per-context counter keeps names unique.
thread_local std::map<Z3_context, unsigned> name_counters;
}  // namespace

Context::~Context() { name_counters.erase(*this); }

z3::expr fresh_const(z3::context& c, const std::string& prefix, const z3::sort& sort) {
  unsigned n = name_counters[c]++;
  std::string name = n == 0 ? prefix : prefix + "!" + std::to_string(n);
  return c.constant(name.c_str(), sort);
}

SymValue scalar_value(TypeRef type, const z3::expr& e) { return SymValue{type, e, std::nullopt, {}}; }

SymValue fresh_value(z3::context& c, TypeRef type, const std::string& name) {
  SymValue v{type, std::nullopt, std::nullopt, {}};
  switch (type->kind) {
    case TypeKind::Option:
      v.tag = fresh_const(c, name + ".some", c.bool_sort());
      v.items.push_back(fresh_value(c, type->elem, name + ".value"));
      return v;
    case TypeKind::Vec:
      v.tag = fresh_const(c, name + ".len", c.bv_sort(32));
      for (unsigned i = 0; i < kMaxVec; ++i) v.items.push_back(fresh_value(c, type->elem, name + "." + std::to_string(i)));
      return v;
    case TypeKind::Struct:
    case TypeKind::Tuple:
      for (std::size_t i = 0; i < type->fields.size(); ++i) {
        const Field& f = type->fields[i];
        v.items.push_back(fresh_value(c, f.type, name + "." + (f.name.empty() ? std::to_string(i) : f.name)));
      }
      return v;
    case TypeKind::Enum:
      v.tag = fresh_const(c, name + ".variant", c.bv_sort(32));
      for (auto& variant : type->variants)
        for (auto& f : variant.fields) v.items.push_back(fresh_value(c, f.type, name + "." + variant.name + "." + f.name));
      return v;
    default: v.scalar = fresh_const(c, name, sort_of(c, type)); return v;
  }
}

SymValue literal(z3::context& c, TypeRef type, const Value& value) {
  SymValue v{type, std::nullopt, std::nullopt, {}};
  switch (type->kind) {
    case TypeKind::Bool: v.scalar = c.bool_val(value.as_bool()); return v;
    case TypeKind::String: v.scalar = string_val(c, value.as_string()); return v;
    case TypeKind::H160:
    case TypeKind::AccountId: v.scalar = address_val(c, value.as_address()); return v;
    case TypeKind::Option: {
      const auto& e = value.as_enum();
      v.tag = c.bool_val(e.index == 1);
      v.items.push_back(e.index == 1 ? literal(c, type->elem, e.fields[0]) : fresh_value(c, type->elem, "none"));
      return v;
    }
    case TypeKind::Vec: {
      const auto& items = value.as_seq();
      if (items.size() > kMaxVec)
        throw std::invalid_argument("a " + type->name + " of " + std::to_string(items.size()) +
                                    " items is longer than the encodings unroll (" + std::to_string(kMaxVec) + ")");
      v.tag = c.bv_val(static_cast<unsigned>(items.size()), 32);
      for (unsigned i = 0; i < kMaxVec; ++i)
        v.items.push_back(i < items.size() ? literal(c, type->elem, items[i]) : fresh_value(c, type->elem, "unused"));
      return v;
    }
    case TypeKind::Struct:
    case TypeKind::Tuple: {
      const auto& items = value.as_seq();
      for (std::size_t i = 0; i < type->fields.size(); ++i) v.items.push_back(literal(c, type->fields[i].type, items[i]));
      return v;
    }
    case TypeKind::Enum: {
      const auto& e = value.as_enum();
      v.tag = c.bv_val(e.index, 32);
      for (u32 vi = 0; vi < type->variants.size(); ++vi)
        for (std::size_t fi = 0; fi < type->variants[vi].fields.size(); ++fi)
          v.items.push_back(vi == e.index ? literal(c, type->variants[vi].fields[fi].type, e.fields[fi])
                                          : fresh_value(c, type->variants[vi].fields[fi].type, "unused"));
      return v;
    }
    default:
      if (type->is_integer()) {
        v.scalar = bv_val(c, value.as_int(), width_of(type->kind));
        return v;
      }
      throw std::invalid_argument("literal: unsupported type " + type->name);
  }
}

namespace {
z3::context& ctx_of(const SymValue& v) {
  if (v.scalar) return v.scalar->ctx();
  if (v.tag) return v.tag->ctx();
  return ctx_of(v.items.front());
}
}  // namespace

SymValue some_value(TypeRef option_type, const SymValue& payload) {
  return SymValue{option_type, std::nullopt, ctx_of(payload).bool_val(true), {payload}};
}

SymValue none_value(z3::context& c, TypeRef option_type) {
  return SymValue{option_type, std::nullopt, c.bool_val(false), {fresh_value(c, option_type->elem, "none")}};
}

z3::expr equals(const SymValue& a, const SymValue& b) {
  z3::context& c = ctx_of(a);
  switch (a.type->kind) {
    case TypeKind::Option:
      return *a.tag == *b.tag && z3::implies(*a.tag, equals(a.items[0], b.items[0]));
    case TypeKind::Vec: {
      z3::expr all = *a.tag == *b.tag;
      for (unsigned i = 0; i < kMaxVec; ++i)
        all = all && z3::implies(z3::ult(c.bv_val(i, 32), *a.tag), equals(a.items[i], b.items[i]));
      return all;
    }
    case TypeKind::Struct:
    case TypeKind::Tuple: {
      z3::expr all = c.bool_val(true);
      for (std::size_t i = 0; i < a.items.size(); ++i) all = all && equals(a.items[i], b.items[i]);
      return all;
    }
    case TypeKind::Enum: {
      z3::expr all = *a.tag == *b.tag;
      std::size_t item = 0;
      for (u32 vi = 0; vi < a.type->variants.size(); ++vi)
        for (std::size_t fi = 0; fi < a.type->variants[vi].fields.size(); ++fi, ++item)
          all = all && z3::implies(*a.tag == c.bv_val(vi, 32), equals(a.items[item], b.items[item]));
      return all;
    }
    default: return *a.scalar == *b.scalar;
  }
}

SymValue ite(const z3::expr& cond, const SymValue& a, const SymValue& b) {
  SymValue v{a.type, std::nullopt, std::nullopt, {}};
  if (a.scalar) v.scalar = z3::ite(cond, *a.scalar, *b.scalar);
  if (a.tag) v.tag = z3::ite(cond, *a.tag, *b.tag);
  for (std::size_t i = 0; i < a.items.size(); ++i) v.items.push_back(ite(cond, a.items[i], b.items[i]));
  return v;
}

Value extract(const z3::model& m, const SymValue& v) {
  auto eval = [&](const z3::expr& e) { return m.eval(e, true); };
  switch (v.type->kind) {
    case TypeKind::Bool: return Value(eval(*v.scalar).is_true());
    case TypeKind::String: return Value(to_string(eval(*v.scalar)));
    case TypeKind::H160:
    case TypeKind::AccountId:
      return Value(to_address(eval(*v.scalar), v.type->kind == TypeKind::H160 ? AddressKind::H160 : AddressKind::AccountId));
    case TypeKind::Option:
      if (eval(*v.tag).is_true()) return Value::some(extract(m, v.items[0]));
      return Value::none();
    case TypeKind::Vec: {
      auto n = static_cast<unsigned>(to_u256(eval(*v.tag)));
      Value::Seq items;
      for (unsigned i = 0; i < n && i < kMaxVec; ++i) items.push_back(extract(m, v.items[i]));
      return Value(std::move(items));
    }
    case TypeKind::Struct:
    case TypeKind::Tuple: {
      Value::Seq items;
      for (auto& item : v.items) items.push_back(extract(m, item));
      return Value(std::move(items));
    }
    case TypeKind::Enum: {
      auto index = static_cast<u32>(to_u256(eval(*v.tag)));
      Value::Enum e{index, {}};
      std::size_t item = 0;
      for (u32 vi = 0; vi < v.type->variants.size(); ++vi)
        for (std::size_t fi = 0; fi < v.type->variants[vi].fields.size(); ++fi, ++item)
          if (vi == index) e.fields.push_back(extract(m, v.items[item]));
      return Value(std::move(e));
    }
    default: return Value(to_u256(eval(*v.scalar)));
  }
}

}  // namespace meshcheck::smt
