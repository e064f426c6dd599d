// The composed system's step sites (smt/spec/step.hpp) a test names, for the spec prover's
// tests that ask induction over a few steps rather than all of them.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "smt/spec/step.hpp"

namespace meshcheck::testing {

// The mutating step sites with these names ("contract.message"), in step order; a name
// that names no site fails the calling test.
inline std::vector<smt::spec::StepSite> sites_named(std::initializer_list<std::string> names) {
  std::vector<smt::spec::StepSite> out;
  for (auto& s : smt::spec::step_sites(false))
    if (std::find(names.begin(), names.end(), s.name()) != names.end()) out.push_back(s);
  EXPECT_EQ(out.size(), names.size());
  return out;
}

// The comma-separated items of environment variable `name` (empty items dropped; none when
// it is unset): what the on-demand surveys and measurements read their sites, forms and
// candidates from.
inline std::vector<std::string> env_list(const char* name) {
  std::vector<std::string> out;
  const char* text = std::getenv(name);
  if (!text) return out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

// Whether `name` is one of `list` (env_list's items): each item a name or "*" (every name);
// an empty list names every one.
inline bool listed(const std::string& name, const std::vector<std::string>& list) {
  if (list.empty()) return true;
  for (auto& x : list)
    if (x == "*" || x == name) return true;
  return false;
}

}  // namespace meshcheck::testing
