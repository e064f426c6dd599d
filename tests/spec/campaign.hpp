// The scaffolding every encoding-versus-model campaign shares: a seeded generator, the
// world the calls run on, a tally of the branches reached, and the first disagreement.
// Each contract's campaign derives from it and adds its own callers, values and flows.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <utility>

#include "agreement.hpp"

namespace meshcheck::model::spec::testing {

template <class Sys> struct AgreementCampaign {
  std::mt19937_64 rng;
  Sys world;
  std::map<std::string, int> branches;  // "message: branch" -> calls
  std::string failure;                  // the first disagreement, "" while there is none

  AgreementCampaign(std::uint64_t seed, Sys start) : rng(seed), world(std::move(start)) {}

  template <class T> const T& pick(std::initializer_list<T> items) { return items.begin()[rng() % items.size()]; }

  // Checks the call's agreement (agreement.hpp), tallies its branch, and applies it to the
  // world when the model lets it through.
  template <class Msg, class... A> void call(const Env<Concrete>& e, const A&... args) {
    std::string branch;
    std::string why = check_agreement<Msg>(world, e, &branch, args...);
    ++branches[std::string(Msg::kLabel) + ": " + branch];
    if (!why.empty() && failure.empty()) failure = std::string(Msg::kLabel) + ": " + why;
    auto r = ConcreteExec<Sys>::template run<Msg>(world, e, args...);
    if (r.ok) world = r.post;
  }

  // The campaign's verdict: no disagreement, and every branch of `must_reach` reached.
  // Lists every branch reached, with its count.
  void expect_agreed_and_reached(std::initializer_list<const char*> must_reach) const {
    EXPECT_EQ(failure, "");
    int calls = 0;
    for (const auto& b : branches) calls += b.second;
    std::cout << calls << " calls checked; branches reached:\n";
    for (const auto& b : branches) std::cout << "  " << b.first << " x" << b.second << "\n";
    for (const char* b : must_reach) EXPECT_TRUE(branches.count(b)) << "never reached: " << b;
  }
};

}  // namespace meshcheck::model::spec::testing
