// Restricting a bounded search's arguments, and reading them back (bmc_values.hpp).
#include "smt/spec/bmc_values.hpp"

#include <functional>
#include <stdexcept>

#include "deployment/deployment.hpp"
#include "model/spec/common.hpp"
#include "model/spec/spec_system.hpp"

namespace meshcheck::smt::spec {

const ArgDomain& bmc_arg_domain() {
  static const ArgDomain d = [] {
    ArgDomain out;
    out.addresses = deployment::spec_actors();
    namespace st = ms::standard;
    for (const Address& a : {st::kQueue, st::kRegistry, st::kNft, st::kEscrow, st::kPhala, st::kMev})
      out.addresses.push_back(a);
    // Short strings only: a literal of MAX_PAYLOAD_LEN + 1 bytes as a candidate made Z3's
    // string solver run out of memory building a model (the sizes' upper limits are
    // searched with a longer bound only by the fuzzer; the lower ones, 1 <=, are here).
    out.strings = {"", "a", "b"};
    for (int i = 1; i <= 3; ++i) out.keys.push_back(st::worker_key(i));
    return out;
  }();
  return d;
}

namespace {

// What to do with one leaf: its type and whether the Option or Vec slot holding it is
// in use (a term: None and slots past a Vec's length must hold defaults).
using LeafVisit = std::function<void(TypeRef type, const z3::expr& leaf, const z3::expr& used)>;

z3::expr default_of(const z3::expr& leaf) {
  z3::context& c = leaf.ctx();
  if (leaf.is_bool()) return c.bool_val(false);
  if (leaf.is_bv()) return c.bv_val(0, leaf.get_sort().bv_size());
  return c.string_val("");
}

// Walks `type` over leaves[at..], in the flattening order of model/spec/domain/record.hpp
// (an Option: its flag, then its payload; a Vec: its length, then every slot).
void walk(TypeRef type, const std::vector<z3::expr>& leaves, std::size_t& at, const z3::expr& used,
          const LeafVisit& visit) {
  auto next = [&]() -> const z3::expr& {
    if (at >= leaves.size()) throw std::logic_error("spec bmc: fewer argument leaves than the declared types have");
    return leaves[at++];
  };
  switch (type->kind) {
    case TypeKind::Option: {
      const z3::expr& some = next();
      visit(type, some, used);
      walk(type->elem, leaves, at, used && some, visit);
      return;
    }
    case TypeKind::Vec: {
      // The spec's only Vec argument is create_batch's intent ids, bounded by
      // MAX_BATCH_SIZE (model/spec/mev_protection.hpp IntentIds); restrict_args checks
      // that the leaves add up.
      const z3::expr& len = next();
      visit(type, len, used);
      for (unsigned i = 0; i < ms::kMaxBatchSize; ++i)
        walk(type->elem, leaves, at, used && z3::ult(len.ctx().bv_val(i, 32), len), visit);
      return;
    }
    case TypeKind::Struct:
    case TypeKind::Tuple:
      for (auto& f : type->fields) walk(f.type, leaves, at, used, visit);
      return;
    default: visit(type, next(), used);
  }
}

void walk_args(const std::vector<model::ArgSpec>& args, const std::vector<z3::expr>& leaves, const LeafVisit& visit) {
  if (leaves.empty() && args.empty()) return;
  std::size_t at = 0;
  z3::expr used = leaves.empty() ? z3::expr(ms::current_context().bool_val(true)) : leaves[0].ctx().bool_val(true);
  for (auto& a : args) walk(a.type, leaves, at, used, visit);
  if (at != leaves.size()) throw std::logic_error("spec bmc: more argument leaves than the declared types have");
}

z3::expr one_of(const z3::expr& leaf, const std::vector<z3::expr>& values) {
  z3::expr any = leaf.ctx().bool_val(false);
  for (auto& v : values) any = any || leaf == v;
  return any;
}

std::vector<z3::expr> address_terms(z3::context& c, const ArgDomain& d) {
  std::vector<z3::expr> out;
  for (auto& a : d.addresses) out.push_back(ms::SAddr(a).e);
  (void)c;
  return out;
}
std::vector<z3::expr> string_terms(z3::context& c, const ArgDomain& d) {
  std::vector<z3::expr> out;
  for (auto& s : d.strings) out.push_back(c.string_val(s));
  return out;
}
std::vector<z3::expr> key_terms(const ArgDomain& d) {
  std::vector<z3::expr> out;
  for (auto& k : d.keys) out.push_back(ms::SBytes<33>(k).e);
  return out;
}

// The candidates of a leaf of `type`, or none (free, minimized as a number).
std::vector<z3::expr> candidates_of(TypeRef type, const z3::expr& leaf, const ArgDomain& d) {
  z3::context& c = leaf.ctx();
  if (type->is_address()) return address_terms(c, d);
  if (type->kind == TypeKind::String) return string_terms(c, d);
  if (type->kind == TypeKind::ByteArray && type->length == 33) return key_terms(d);
  return {};
}

}  // namespace

z3::expr restrict_args(const std::vector<model::ArgSpec>& args, const std::vector<z3::expr>& leaves,
                       const ArgDomain& domain) {
  z3::expr out = ms::current_context().bool_val(true);
  walk_args(args, leaves, [&](TypeRef type, const z3::expr& leaf, const z3::expr& used) {
    z3::context& c = leaf.ctx();
    if (type->kind == TypeKind::Option || type->kind == TypeKind::Vec) {
      // The flag or the length: a Vec holds at most its bound.
      if (type->kind == TypeKind::Vec) out = out && z3::ule(leaf, c.bv_val(ms::kMaxBatchSize, 32));
      out = out && z3::implies(!used, leaf == default_of(leaf));
      return;
    }
    // An unused payload or slot holds the default (so that the trace's value, which has
    // none, and the search's agree); a used one is restricted.
    out = out && z3::implies(!used, leaf == default_of(leaf));
    std::vector<z3::expr> allowed = candidates_of(type, leaf, domain);
    if (!allowed.empty()) out = out && z3::implies(used, one_of(leaf, allowed));
    if (type->kind == TypeKind::Enum)
      out = out && z3::ult(leaf, c.bv_val(static_cast<unsigned>(type->variants.size()), 8));
  });
  return out;
}

std::vector<std::vector<z3::expr>> leaf_candidates(const std::vector<model::ArgSpec>& args,
                                                   const std::vector<z3::expr>& leaves, const ArgDomain& domain) {
  std::vector<std::vector<z3::expr>> out;
  walk_args(args, leaves, [&](TypeRef type, const z3::expr& leaf, const z3::expr&) {
    if (type->kind == TypeKind::Option || type->kind == TypeKind::Vec) out.emplace_back();
    else out.push_back(candidates_of(type, leaf, domain));
  });
  return out;
}

ms::ConcreteLeaf concrete_leaf(const z3::model& m, const z3::expr& leaf) {
  z3::expr v = m.eval(leaf, true);
  if (leaf.is_bool()) return ms::ConcreteLeaf{0, U256(v.is_true() ? 1 : 0), {}};
  if (leaf.is_bv()) {
    unsigned width = leaf.get_sort().bv_size();
    std::string digits = Z3_get_numeral_string(v.ctx(), v);
    boost::multiprecision::cpp_int n(digits);
    if (width <= 256) return ms::ConcreteLeaf{width, U256(n), {}};
    // A byte array wider than a U256: its bytes, most significant first.
    std::string bytes(width / 8, '\0');
    for (std::size_t i = bytes.size(); i-- > 0; n >>= 8) bytes[i] = static_cast<char>(static_cast<unsigned>(n & 0xff));
    return ms::ConcreteLeaf{width, U256(0), bytes};
  }
  if (v.is_string_value()) return ms::ConcreteLeaf{ms::kStringLeaf, U256(0), v.get_string()};
  throw std::logic_error("spec bmc: a leaf of an unexpected sort: " + leaf.get_sort().to_string());
}

}  // namespace meshcheck::smt::spec
