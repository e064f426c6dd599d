// G-FUNDS-EXIT, for one contract that accepts value: value paid in can leave again.
// First, from any state the inductive set allows, can some message lower the balance?
// Then, from the standard deployment, a run in which it does (PROVED, with the
// witness), or, when no step ever can, a run in which value comes in for good
// (VIOLATED: the value is locked).
#pragma once

#include <vector>

#include "smt/engines/engine.hpp"
#include "smt/engines/induction.hpp"

namespace meshcheck::smt {

ProofVerdict prove_funds_exit(const ContractInduction& contract, const EngineContext& ctx);

// G-FUNDS-EXIT's parts: one per contract among `contracts` that accepts value (has a
// payable message), in their order. The verdict shows the first VIOLATED part's detail
// and trace, so when several contracts lock value that part's detail names them all.
std::vector<ProofVerdict> prove_funds_exit(const std::vector<ContractInduction>& contracts, const EngineContext& ctx);

}  // namespace meshcheck::smt
