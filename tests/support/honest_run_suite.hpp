// "Each invariant holds on an honest run" as one parameterized test, one case per
// invariant: a contract's invariants test instantiates it with its honest run and the ids
// that run must not report, plus a case for "nothing reported at all":
//
//   INSTANTIATE_TEST_SUITE_P(MevInvariants, HonestRun,
//                            ::testing::ValuesIn(honest_run_cases(honest_run, {"M-ORDER", ..., "G-COUNTER"})),
//                            honest_run_case_name);
//
// gives MevInvariants/HonestRun.ReportsNothing/M_ORDER ... /G_COUNTER and /AtAll.
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "support/monitored.hpp"

namespace meshcheck::testing {

struct HonestRunCase {
  std::vector<invariants::Violation> (*run)();  // the honest run; what its Monitor reported
  std::string id;                               // the invariant it must not report; "" for any
};

// In failure messages and test lists: the id, not the bytes of the case.
inline void PrintTo(const HonestRunCase& c, std::ostream* os) { *os << (c.id.empty() ? "any invariant" : c.id); }

// One case per id in `ids`, then the "nothing at all" case.
inline std::vector<HonestRunCase> honest_run_cases(std::vector<invariants::Violation> (*run)(),
                                                   const std::vector<std::string>& ids) {
  std::vector<HonestRunCase> cases;
  for (const std::string& id : ids) cases.push_back({run, id});
  cases.push_back({run, ""});
  return cases;
}

// The invariant id as a test name ("M-ORDER" -> "M_ORDER"), or "AtAll".
inline std::string honest_run_case_name(const ::testing::TestParamInfo<HonestRunCase>& info) {
  std::string name = info.param.id.empty() ? "AtAll" : info.param.id;
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

class HonestRun : public ::testing::TestWithParam<HonestRunCase> {};

TEST_P(HonestRun, ReportsNothing) {
  auto out = GetParam().run();
  if (GetParam().id.empty()) {
    EXPECT_TRUE(out.empty()) << dump(out);
  } else {
    EXPECT_EQ(count(out, GetParam().id), 0u) << dump(out);
  }
}

}  // namespace meshcheck::testing
