// The facts of mev_protection's sorting network, proved apart from the model: what
// create_batch's encoding is handed through the symbolic executor's known()
// (model/spec/exec.hpp, model/spec/mev_protection.hpp's network_facts) instead of having
// Z3 rediscover, in every query that reads a batch, that the network sorts.
//
// A fact handed to the encoding is conjoined to every path condition of create_batch: a
// false one would make a proof over create_batch vacuous. So `prove --profile spec` asks
// these queries itself, once per run (network_obligations), and a proof whose queries
// met create_batch stands only if every one is unsat (smt/spec/prover.cpp).
//
// The argument, in two parts:
//  - the network's facts (its first n outputs never descend, and where no two neighbours
//    are equal each is below every later one) hold over every strict total order: the
//    model's own network text run over n items of an uninterpreted sort compared by a
//    free relation, whose order axioms are asserted at every pair and triple of the items
//    (the only terms the network compares: it only moves items), for n = 0..6;
//  - the ids' `<` (U128's, bvult) is a strict total order: irreflexive, transitive, total.
//
// M-PERMUTE's two-run query (smt/spec/two_runs.hpp) is handed one more fact: two lists
// whose first n items are a permutation of each other (permutation.hpp's tie) come out of
// the network with equal first n items. By the same argument over every strict total
// order, and by the generators of the permutations: the adjacent swaps (i i+1), i < n - 1,
// generate every permutation of n items, so a function that gives the same result on a
// list and on the list with any two neighbours swapped gives it on every permutation of
// the list (σ = g1 ⋯ gm, and f(g1 ⋯ gm a) = f(g2 ⋯ gm a) = … = f(a)). One query per swap
// and length (swap_sorts_alike_answer): 15 for n = 2..6, each over the same n items, with
// no symbolic permutation (the query with one, every permutation at once, was undecided
// at 15M units from 5 ids on). The two-run query stands on them as every proof stands on
// the other facts: among the run's checks (smt/spec/prover.cpp).
#pragma once

#include <z3++.h>

#include <functional>
#include <vector>

#include "model/spec/domain/symbolic.hpp"
#include "smt/proof.hpp"
#include "smt/query.hpp"

namespace meshcheck::smt::spec {

// Are the facts (network_facts over the first n items) valid when the network sorts only
// the first `sorted_prefix` of the n items, over every strict total order? unsat: valid.
// With sorted_prefix == n it is the network create_batch runs (a smaller prefix leaves
// items unsorted: a check that the query can fail).
Answer network_facts_answer(unsigned n, unsigned sorted_prefix, const QueryLimits& limits);

// M-PERMUTE's fact, by its generators: do n items and the same n with items i and i + 1
// swapped come out of the network, run over the first `sorted_prefix` items, with equal
// first n items, over every strict total order? unsat: they do. With sorted_prefix == n
// it is create_batch's network (a smaller prefix leaves an item unsorted: a check that
// the query can fail).
Answer swap_sorts_alike_answer(unsigned n, unsigned i, unsigned sorted_prefix, const QueryLimits& limits);

// Is `less` over 128-bit ids a strict total order (irreflexive, transitive, total)? unsat:
// it is. Every law in one query, at three free ids.
using IdsLess = std::function<model::spec::SBool(const model::spec::SUint<128>&, const model::spec::SUint<128>&)>;
Answer strict_total_order_answer(const IdsLess& less, const QueryLimits& limits);
// The ids' own `<`, as the network compares them.
IdsLess ids_less();

// The run's obligations: the facts at every length 0..kMaxBatchSize, M-PERMUTE's at every
// swap of every length 2..kMaxBatchSize, then the ids' order;
// each its own Z3 query in its own context, on `options.jobs` threads, within the run's
// per-query limits.
std::vector<Obligation> network_obligations(const ProveOptions& options);

}  // namespace meshcheck::smt::spec
