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

// Searches one part `v` (invariant `id`'s part in `contract`) if induction left it at
// HOLDS TO DEPTH: it becomes VIOLATED (with its trace), ERROR, UNKNOWN (Z3 undecided, or
// out of its --bmc-rlimit or --bmc-budget), or stays HOLDS TO DEPTH with the depth
// searched. In a context, a solver and a budget of its own: the verdict is the same
// whichever other invariants the run judges (a shared solver's learnt state, or a shared
// budget, would make it depend on them), and the parts run in parallel.
//
// It is search_runs then apply_search: the search alone depends on nothing induction
// found, so an engine may run it first (a cheap violation spares induction an expensive
// step) and apply it later to the part's verdict, with the same result.
void bounded_model_check(const ContractInduction& contract, const std::string& id, ProofVerdict& v,
                         const EngineContext& ctx);

// The search of one part from the standard deployment, on its own: VIOLATED (with its
// trace), ERROR (encoding and model disagree), UNKNOWN (its detail ends "; ", to be
// followed by induction's), or HOLDS TO DEPTH (nothing found) with the depth searched.
ProofVerdict search_runs(const ContractInduction& contract, const std::string& id, const EngineContext& ctx);
// The options of a shallow search, which induction runs before it asks an expensive
// query in full: to at most kShallowDepth calls (the violations the fuzzer finds in the
// deployed contracts take at most 3), within one query's --rlimit units, on one thread.
// A violation it finds is the full search's own (the same queries in the same order,
// each decided the same within the larger budget); anything else says nothing.
inline constexpr unsigned kShallowDepth = 3;
ProveOptions shallow_search_options(const ProveOptions& options);

// What the search `found` makes of the part's verdict `v` from induction, if `v` is
// HOLDS TO DEPTH: its obligations added, and its verdict as bounded_model_check gives it.
void apply_search(const ProofVerdict& found, ProofVerdict& v);

}  // namespace meshcheck::smt
