// The encoding-versus-model check under the spec mutants (issue 15): a spec mutant is a
// hook in the executor or a domain operation (mutation/spec/hooks.hpp), so it must change
// the concrete and the symbolic interpreter alike. Each contract's encoding test runs its
// campaign of agreement-checked calls unmutated and then under every mutant of the
// contract's messages: no call may disagree. So that the check cannot pass by the hooks
// being dead, enough mutants must change what the campaign sees (its tally of branches
// or its calls' results).
//
// In ctest the check runs on a fixed sample: of each operator kind of the contract's
// mutants, every kSampleStride-th in catalog order (the first of each kind included), so
// every kind is exercised and a run costs about a quarter of the full set. The full set
// (the "every mutant") runs with MESHCHECK_SPEC_MUTANTS=all in the environment:
//   MESHCHECK_SPEC_MUTANTS=all ctest --test-dir build -R AgreesUnderEveryMutant
#pragma once

#include <cstdlib>

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "mutation/spec/catalog.hpp"

namespace meshcheck::model::spec::testing {

struct CampaignOutcome {
  std::string failure;                  // the first disagreement, or ""
  std::map<std::string, int> branches;  // "message: branch" -> calls
};

inline constexpr int kSampleStride = 4;

// Whether the full set was asked for (MESHCHECK_SPEC_MUTANTS=all).
inline bool every_spec_mutant() {
  const char* v = std::getenv("MESHCHECK_SPEC_MUTANTS");
  return v && std::string_view(v) == "all";
}

// `run()` runs a fresh campaign and returns its outcome. The mutants of `contract`'s
// sites (mutation/spec/catalog.hpp), the sample or all of them (above), are activated in
// turn.
template <class Run> void expect_agreement_under_mutants(std::string_view contract, Run run) {
  namespace mut = ::meshcheck::mutation::spec;
  const CampaignOutcome base = run();
  ASSERT_EQ(base.failure, "") << "the unmutated campaign disagrees";
  const bool all = every_spec_mutant();
  std::map<::meshcheck::mutation::Op, int> seen;  // per operator kind, the mutants met so far
  int mutants = 0, visible = 0, left_domain = 0, skipped = 0;
  for (const mut::SpecSite& site : mut::spec_sites()) {
    if (site.contract != contract) continue;
    for (::meshcheck::mutation::Op op : site.operators()) {
      if (!all && seen[op]++ % kSampleStride != 0) {
        ++skipped;
        continue;
      }
      const std::string id = site.name + ":" + std::string(::meshcheck::mutation::op_name(op));
      mut::activate(site, op);
      CampaignOutcome o;
      try {
        o = run();
      } catch (const std::overflow_error& e) {
        // A mutant's wrapping u128 or U256 operation in the concrete domain, whose types
        // are checked (a balance pushed past U256::MAX is the world's refusal in both
        // domains, spec-profile-design §5.7, and never gets here): the concrete
        // interpreter stops where the symbolic one wraps. Nothing to compare
        // past that point; the mutate run counts it as a kill (the replay errs).
        ++left_domain;
        std::cout << "  " << id << ": the campaign left the U256 domain (" << e.what() << ")\n";
        mut::deactivate();
        continue;
      }
      mut::deactivate();
      ++mutants;
      if (o.branches != base.branches) ++visible;
      EXPECT_EQ(o.failure, "") << "under " << id << " at " << site.location();
    }
  }
  std::cout << mutants << " mutants of " << contract << " compared (" << (all ? "all" : "the sample") << ", "
            << skipped << " left out), " << visible << " of them change the campaign's branches; " << left_domain
            << " left the U256 domain\n";
  EXPECT_GT(mutants, 0);
  EXPECT_LE(left_domain * 10, mutants) << "too few mutants compared";
  // Most guards the campaign reaches change its branches when dropped or negated.
  EXPECT_GE(visible * 4, mutants) << "the mutants hardly change the campaign: are the hooks live?";
}

}  // namespace meshcheck::model::spec::testing
