// The keys at which the composed prover instantiates a per-entry invariant ∀k. P(s, k).
//
// A step assumes P before the step at every key it could matter for, and proves it after
// the step at one fresh key k*: if P(pre, k) held for all k, it holds at those keys in
// particular, so the proof is sound for any choice of keys; the choice only decides
// whether it succeeds, and how large the query is.
//
// The keys chosen for P are the indices of the key's sort at which the step's formulas
// (its guard, its post-state, the candidates after it) select or store into one of P's
// own maps, those P(s, k) reads at k itself (the entries the call touched, the ids it
// computed, the links it followed), plus k*. At any other index i, P's own maps are not
// read by the step, so P(pre, i) says nothing of what the step did that P(pre, k*) does
// not say when k* = i. (A map P reaches through a stored id, as X-MEV reaches a batch's
// intents, is not its own: an intent id is no batch key; at such an index the intent's
// own candidates are assumed.) A P that reads no map at its key (a ghost sum, the
// deployment) is one formula, assumed once.
#pragma once

#include <z3++.h>

#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace meshcheck::smt::spec {

// The ids of the uninterpreted constants `e` reads (its free maps, scalars and keys).
std::unordered_set<unsigned> constants_of(const z3::expr& e);

// The ids of the declarations of the uninterpreted symbols `e` reads: its free constants
// (maps, scalars, keys) and functions (lambda and quantifier bodies not entered).
std::unordered_set<unsigned> symbols_of(const z3::expr& e);

// One index of sort `key` that a formula selects or stores at, and the free maps the
// accessed array is built on (by id: a store chain or an if-then-else of them ends there).
// Lambda and quantifier bodies are not entered: their indices are bound variables.
struct Access {
  z3::expr index;
  std::vector<unsigned> maps;
};
std::vector<Access> accesses(const std::vector<z3::expr>& roots, const z3::sort& key);

// The distinct indices of `all` into a map of `reads`.
std::vector<z3::expr> indices_into(const std::vector<Access>& all, const std::unordered_set<unsigned>& reads);

// `e` with every read at key `k` of an array a step wrote (select(store(A, i, v), k)) read
// from before the writes (select(A, k)): `e` where k is none of the written indices, which
// are collected in `written` (each once, in the order met). With the cases k = i for each
// written i, the goal at every k: what a query over a fresh key is split into (a goal at
// a fresh key over written maps makes Z3 weigh k = i against k ≠ i at the level of bits;
// split, each case reads the entry directly).
class StripWrites {
 public:
  explicit StripWrites(const z3::expr& k) : k_(k) {}
  std::vector<z3::expr> written;
  z3::expr operator()(const z3::expr& e);

 private:
  z3::expr read(const z3::expr& a);
  z3::expr k_;
  std::unordered_map<unsigned, z3::expr> memo_;
  std::unordered_set<unsigned> seen_;
};

// An index `e` reads a written map at, other than `k`: the first (in a walk of `e`) term t
// of the sort of `k` such that `e` selects at t from an array a step stored into
// (select(store(..), t), or an if-then-else of such), t itself reading no stored-to array
// (a pre-state term: an id the goal follows, as M-EXCLUSIVE follows a batch's listed id
// into the intents create_batch wrote). None if there is none. What a goal already split
// at k (StripWrites) is split at next: at t = each index written into that array, and at
// none of them (StripWrites(t)), so that Z3 is not left to weigh t against the writes at
// the level of bits (houdini.cpp's split_at_written_keys).
std::optional<z3::expr> read_past_writes(const z3::expr& e, const z3::expr& k);

}  // namespace meshcheck::smt::spec
