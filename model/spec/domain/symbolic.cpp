#include "model/spec/domain/record.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <stdexcept>

namespace meshcheck::model::spec {

namespace {
thread_local z3::context* g_current = nullptr;
}

z3::context& current_context() {
  if (!g_current) throw std::logic_error("spec symbolic domain: no current z3 context (SymbolicScope)");
  return *g_current;
}

SymbolicScope::SymbolicScope(z3::context& c) : previous_(g_current) { g_current = &c; }
SymbolicScope::~SymbolicScope() { g_current = previous_; }

z3::expr bv_literal(const U256& v, unsigned width) {
  return current_context().bv_val(v.str().c_str(), width);
}

z3::expr bv_from_bytes(std::span<const u8> bytes) {
  if (bytes.size() <= 32) {
    U256 v = 0;
    for (u8 b : bytes) v = (v << 8) | U256(b);
    return bv_literal(v, unsigned(8 * bytes.size()));
  }
  boost::multiprecision::cpp_int v = 0;
  for (u8 b : bytes) v = (v << 8) | unsigned(b);
  return current_context().bv_val(v.str().c_str(), unsigned(8 * bytes.size()));
}

SAddr::SAddr(const Address& a) : SymLeaf{bv_literal(leaf_of(a).v, unsigned(a.size() * 8))} {}

SStr::SStr(const std::string& s) : SymLeaf{current_context().string_val(s)} {}

z3::expr lift_leaf(const ConcreteLeaf& leaf) {
  if (leaf.width == kStringLeaf) return current_context().string_val(leaf.text);
  if (leaf.width == 0) return current_context().bool_val(leaf.v != 0);
  if (leaf.width > 256)  // a wide byte array: its bytes in `text`
    return bv_from_bytes(std::span<const u8>(reinterpret_cast<const u8*>(leaf.text.data()), leaf.text.size()));
  return bv_literal(leaf.v, leaf.width);
}

}  // namespace meshcheck::model::spec
