#include "model/spec/domain/record.hpp"

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

SAddr::SAddr(const Address& a) : SymLeaf{bv_literal(leaf_of(a).v, unsigned(a.size() * 8))} {}

SStr::SStr(const std::string& s) : SymLeaf{current_context().string_val(s)} {}

z3::expr lift_leaf(const ConcreteLeaf& leaf) {
  if (leaf.width == kStringLeaf) return current_context().string_val(leaf.text);
  if (leaf.width == 0) return current_context().bool_val(leaf.v != 0);
  return bv_literal(leaf.v, leaf.width);
}

}  // namespace meshcheck::model::spec
