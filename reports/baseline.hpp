// A baseline for CI: the verdicts a repository has accepted, so that `meshcheck report
// --baseline FILE` fails only when something got worse. FILE is either
//
//   - a previous report.json (recognised by "format": "meshcheck-report"), or
//   - a small text file of accepted verdicts, one invariant of one profile a line:
//
//         # [PROFILE] ID  VERDICT   [counterexample length]
//         E-CONSERVE       VIOLATED  2
//         G-VALUE          PROVED
//         spec E-CONSERVE  HOLDS
//
//     PROFILE is a profile's name (deployed, spec); without it the line is deployed's.
//     VERDICT is PROVED, VIOLATED, HOLDS, UNKNOWN or ERROR; blank lines and text after
//     '#' are ignored; an invariant the file does not name has no accepted verdict.
//
// Verdicts are compared per profile: the design's PROVED never stands in for the deployed
// code's VIOLATED. A report.json of format_version 1 (one profile, no "profile" on its
// invariants) is read as the deployed profile's.
//
// Worse (exit 1): a new violation (not VIOLATED before, VIOLATED now), a proof lost
// (PROVED before, not now), a shorter counterexample (VIOLATED both times, fewer calls
// now), a new error, and new divergences in a trace replayed both times. Better or
// neutral changes are listed too but do not fail.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "reports/report.hpp"

namespace meshcheck::reports {

struct AcceptedVerdict {
  Merged verdict;
  std::optional<std::size_t> length;  // counterexample length of a VIOLATED verdict
};

struct Baseline {
  std::string path;
  std::string format;  // "report.json" or "accepted verdicts"
  std::map<std::pair<std::string, std::string>, AcceptedVerdict> verdicts;  // (profile, ID) -> accepted
  std::map<std::string, std::size_t> trace_divergences;  // report.json only: trace path -> divergences
};

// Reads FILE; throws std::runtime_error with one message ("FILE:LINE: reason") when it
// cannot be read or is neither format.
Baseline load_baseline(const std::string& path);

// What changed from the baseline to `report`.
BaselineResult compare(const Baseline& baseline, const Report& report);

}  // namespace meshcheck::reports
