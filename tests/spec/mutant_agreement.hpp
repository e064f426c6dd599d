// The encoding-versus-model check under the spec mutants (issue 15): a spec mutant is a
// hook in the executor or a domain operation (mutation/spec/hooks.hpp), so it must change
// the concrete and the symbolic interpreter alike. Each contract's encoding test runs its
// campaign of agreement-checked calls unmutated and then under every mutant of the
// contract's messages: no call may disagree. So that the check cannot pass by the hooks
// being dead, enough mutants must change what the campaign sees (its tally of branches
// or its calls' results).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "mutation/spec/catalog.hpp"

namespace meshcheck::model::spec::testing {

struct CampaignOutcome {
  std::string failure;                  // the first disagreement, or ""
  std::map<std::string, int> branches;  // "message: branch" -> calls
};

// `run()` runs a fresh campaign and returns its outcome. Every mutant of `contract`'s
// sites (mutation/spec/catalog.hpp) is activated in turn.
template <class Run> void expect_agreement_under_mutants(std::string_view contract, Run run) {
  namespace mut = ::meshcheck::mutation::spec;
  const CampaignOutcome base = run();
  ASSERT_EQ(base.failure, "") << "the unmutated campaign disagrees";
  int mutants = 0, visible = 0;
  for (const mut::SpecSite& site : mut::spec_sites()) {
    if (site.contract != contract) continue;
    for (::meshcheck::mutation::Op op : site.operators()) {
      mut::activate(site, op);
      const CampaignOutcome o = run();
      mut::deactivate();
      ++mutants;
      if (o.branches != base.branches) ++visible;
      EXPECT_EQ(o.failure, "") << "under " << site.name << ":" << ::meshcheck::mutation::op_name(op) << " at "
                               << site.location();
    }
  }
  std::cout << mutants << " mutants of " << contract << ", " << visible << " of them change the campaign's branches\n";
  EXPECT_GT(mutants, 0);
  // Most guards the campaign reaches change its branches when dropped or negated.
  EXPECT_GE(visible * 4, mutants) << "the mutants hardly change the campaign: are the hooks live?";
}

}  // namespace meshcheck::model::spec::testing
