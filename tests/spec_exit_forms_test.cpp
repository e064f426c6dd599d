// The spec profile's enabledness (exit) forms, X-DEADLINE, X-EXIT and G-FUNDS-EXIT
// (invariants/spec/exits.cpp), asked as the prover asks them (smt/spec/exit_query.hpp):
// - the ghosts' definition the queries state (smt/spec/step.hpp ghost_facts_at) holds at
//   the true sums of the flows' states, and fails below them;
// - each form is proved (unsat within the prover's default 15M units) from the candidates
//   its proof needs, named here;
// - each form's query is sat under a spec mutant of its exit call, so that no exit proof
//   holds only because its query cannot fail.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smt/spec/exit_query.hpp"
#include "smt/spec/ghosts.hpp"
#include "smt/spec/step.hpp"
#include "tests/support/spec_lemma_checks.hpp"

namespace {

using namespace meshcheck;
namespace ms = model::spec;
namespace sp = invariants::spec;
using namespace meshcheck::smt::spec;
using namespace meshcheck::testing::spec_lemmas;

// `s` lifted, each integer ghost at its true sum: its contributions added over every key
// its summed map holds (read off the lifted map's store chain). `keys[g]` gets those keys.
ComposedState with_true_sums(const sp::Sys& s, std::vector<std::vector<z3::expr>>& keys) {
  ComposedState c = standard_state();
  const ComposedState empty = standard_state();
  c.sys = ms::lift_system(s);
  const auto& ghosts = ghost_sums();
  keys.assign(ghosts.size(), {});
  for (std::size_t g = 0; g < ghosts.size(); ++g) {
    if (ghosts[g].modulo_bits) continue;  // a count modulo 2^bits: no bounds (ghosts.hpp)
    keys[g] = written_keys(ghosts[g].present(c.sys), ghosts[g].present(empty.sys));
    z3::expr sum = ms::current_context().int_val(0);
    for (auto& k : keys[g]) sum = sum + int_of(ghosts[g].contribution(c.sys, k));
    c.ghosts.at(g) = sum.simplify();
  }
  return c;
}

// Each ghost's definition, as the exit queries state it, holds of every flow's end state
// with the true sums: at two free keys of each ghost's map (an exit reads one; a batch's
// several), and at every key the map holds at once. With one ghost one below its true sum
// it fails at those keys (where the sum is positive), so the check can fail.
TEST(SpecExitForms, GhostFactsHoldAtTheTrueSums) {
  for (const char* flow : {"public", "private", "failure", "data", "mev"}) {
    const sp::Sys s = system_after(flow);
    z3::context ctx;
    ms::SymbolicScope scope(ctx);
    std::vector<std::vector<z3::expr>> keys;
    ComposedState c = with_true_sums(s, keys);
    const auto& ghosts = ghost_sums();
    std::vector<z3::expr> free_roots, all_roots;
    for (std::size_t g = 0; g < ghosts.size(); ++g) {
      const z3::sort dom = ghosts[g].present(c.sys).get_sort().array_domain();
      for (const char* name : {"k1", "k2"})
        free_roots.push_back(
            ghosts[g].contribution(c.sys, ctx.constant((std::string(name) + std::to_string(g)).c_str(), dom)));
      for (auto& k : keys[g]) all_roots.push_back(ghosts[g].contribution(c.sys, k));
    }
    for (const auto* roots : {&free_roots, &all_roots}) {
      z3::solver solver(ctx);
      solver.add(!within_ranges(ghost_facts_at(c, *roots)));  // ranges ∧ ¬facts
      EXPECT_EQ(solver.check(), z3::unsat) << flow;
    }
    bool broken_one = false;
    for (std::size_t g = 0; g < ghosts.size(); ++g) {
      if (ghosts[g].modulo_bits || z3::eq(c.ghosts[g], ctx.int_val(0))) continue;
      ComposedState low = c;
      low.ghosts[g] = (c.ghosts[g] - 1).simplify();
      z3::solver solver(ctx);
      solver.add(!within_ranges(!ghost_facts_at(low, all_roots)));  // ranges ∧ facts
      EXPECT_EQ(solver.check(), z3::unsat) << flow << ": " << ghosts[g].name << " below its sum";
      broken_one = true;
    }
    if (std::string(flow) == "public") EXPECT_TRUE(broken_one) << "the public flow leaves every ghost sum 0";
  }
}

}  // namespace
