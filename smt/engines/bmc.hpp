// Bounded model checking: from the standard deployment, one call more at a time up to
// --depth, a run of one contract that breaks a part of an invariant induction did not
// prove. The first depth at which it breaks is minimal; the calls found there are
// written as a trace and replayed through the C++ model, which must report the same
// invariant (else the encoding and the model disagree: an ERROR, never a verdict).
#pragma once

#include <map>
#include <string>

#include "smt/engines/engine.hpp"
#include "smt/engines/induction.hpp"

namespace meshcheck::smt {

// Searches every part of `parts` (invariant id -> one contract's part) that induction
// left at HOLDS TO DEPTH: it becomes VIOLATED (with its trace), ERROR, UNKNOWN (Z3
// undecided, or out of the contract's --bmc-budget), or stays HOLDS TO DEPTH with the
// depth searched. All of them on one unrolling of the contract.
void bounded_model_check(const ContractInduction& contract, std::map<std::string, ProofVerdict>& parts,
                         const EngineContext& ctx);

}  // namespace meshcheck::smt
