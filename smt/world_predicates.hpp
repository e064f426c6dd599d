// The world-level invariants every contract's encoding is held to, G-VALUE and G-ATOMIC,
// as Z3 predicates over one step, and the list of a contract's predicates with them
// added: what the prover's engines prove, assume and search for.
#pragma once

#include <vector>

#include "smt/encoding.hpp"

namespace meshcheck::smt {

// G-VALUE: no call creates or destroys value: what the contract holds after, plus what
// it paid out, is what it held before plus what the call brought in.
z3::expr value_conserved(const SymStep& s);

// G-ATOMIC: a reverted call leaves the whole world unchanged: state, balances, and no events.
z3::expr atomic(const SymStep& s);

// The predicates of one contract as the prover uses them: its encoding's, plus the
// two world-level ones.
std::vector<SymInvariant> predicates_of(const ContractEncoding& enc, z3::context& c);

}  // namespace meshcheck::smt
