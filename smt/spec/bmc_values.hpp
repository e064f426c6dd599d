// The values a bounded search of the spec profile gives a call, and the way back from a
// Z3 model to the call's concrete values.
//
// A fresh argument is a free term of its type (smt/spec/fresh.hpp). Left free, a search
// would pick addresses nobody holds, enum indices past the last variant and strings no
// trace can show; so each argument is restricted, by its declared type (the bridge
// table's ArgSpec), to what the spec fuzzer draws from:
//   - an address: one of the seven spec actors (0x01…0x07) or the six contracts;
//   - a String: "", "a" or "b" (empty and non-empty, two that differ; a candidate of
//     MAX_PAYLOAD_LEN + 1 bytes made Z3's string solver run out of memory, so the upper
//     size limits are left to the fuzzer);
//   - an enum: one of its variants; an Option: None carries the default payload; a Vec:
//     at most its bound, the slots past its length at their defaults;
//   - a compressed public key ([u8; 33], only ever a TEE worker's key): K1, K2 or K3
//     (spec-profile.md §5 "Crypto in Z3"), whose secrets the concretization signs with.
// Integers, hashes, booleans and signatures stay free.
#pragma once

#include <z3++.h>

#include <string>
#include <vector>

#include "model/contract.hpp"
#include "model/spec/domain/record.hpp"
#include "model/value.hpp"

namespace meshcheck::smt::spec {

namespace ms = ::meshcheck::model::spec;

// What an argument may be.
struct ArgDomain {
  std::vector<Address> addresses;
  std::vector<std::string> strings;
  std::vector<ms::PubKey33> keys;  // K1, K2, K3
};
// The spec fuzzer's: spec_actors() then the six contracts, the strings above, K1–K3.
const ArgDomain& bmc_arg_domain();

// The restriction of a message's arguments, given as the flattened leaves of its fresh
// arguments (model/spec/domain/record.hpp's order) with their declared types. Throws
// std::logic_error when the leaves do not match the types (a table out of step).
z3::expr restrict_args(const std::vector<model::ArgSpec>& args, const std::vector<z3::expr>& leaves,
                       const ArgDomain& domain);

// For each leaf of those arguments, the candidates a canonical counterexample tries in
// order (an address: the domain's order; a string: its order; a key: K1, K2, K3), empty
// where the least value is wanted (numbers, booleans false first).
std::vector<std::vector<z3::expr>> leaf_candidates(const std::vector<model::ArgSpec>& args,
                                                   const std::vector<z3::expr>& leaves, const ArgDomain& domain);

// A leaf's value in `m` as the concrete domain records it (width from the sort: a Bool
// 0, a bit-vector its width, a String kStringLeaf; byte arrays wider than 256 bits keep
// their bytes in `text`).
ms::ConcreteLeaf concrete_leaf(const z3::model& m, const z3::expr& leaf);

}  // namespace meshcheck::smt::spec
