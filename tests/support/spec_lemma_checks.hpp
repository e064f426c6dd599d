// What the spec lemma tests share: a lemma judged in both domains on a flow's state, and
// Houdini over a few named steps with chosen candidates, optionally under a spec mutant.
// Each lemma test (tests/spec_lemmas_test.cpp, spec_cross_lemmas_test.cpp,
// spec_mev_test.cpp) checks its lemmas hold on the flows, fail on a broken state, are
// inductive over the steps that write what they read, and fail under a broken step.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "invariants/spec/spec.hpp"
#include "model/profile.hpp"
#include "mutation/spec/catalog.hpp"
#include "smt/prover.hpp"
#include "smt/spec/exit_query.hpp"
#include "smt/spec/houdini.hpp"
#include "trace/replay.hpp"

namespace meshcheck::testing::spec_lemmas {

inline const std::string kFlows = std::string(MESHCHECK_SOURCE_DIR) + "/tests/traces/spec/";

// The spec system after the first `lines` lines of a flow trace (all of it by default).
inline invariants::spec::Sys system_after(const std::string& flow, std::size_t lines = 100000) {
  trace::Replayer r(model::spec_profile());
  std::ifstream in(kFlows + flow + ".jsonl");
  std::string text;
  trace::LineFindings findings;
  for (std::size_t i = 1; i <= lines && std::getline(in, text); ++i) r.run_line(text, i, findings);
  EXPECT_TRUE(findings.divergences.empty()) << flow;
  return model::spec::bridge::assemble(r.world());
}

// A lemma or a form of any module, by its part.
inline const invariants::spec::GenericForm& form_by_part(const std::string& part) {
  for (auto* m : invariants::spec::modules()) {
    for (auto& f : m->lemmas)
      if (f.part == part) return f;
    for (auto& f : m->forms)
      if (f.part == part) return f;
  }
  throw std::logic_error("no form " + part);
}

// Both domains' verdict of `f` at `key` on `s`.
struct Verdict {
  bool concrete, symbolic;
};
inline Verdict judge(const invariants::spec::GenericForm& f, const invariants::spec::Sys& s, const u128& key) {
  z3::context ctx;
  model::spec::SymbolicScope scope(ctx);
  z3::solver solver(ctx);
  solver.add(!f.symbolic(model::spec::lift_system(s), ctx.bv_val(key.str().c_str(), 128)));
  return {f.concrete(s, key), solver.check() == z3::unsat};
}

// The lemma or form `part` holds, in both domains, at keys 0..max_key of the state each
// flow ends in.
inline void expect_holds_on_flows(const std::string& part, std::initializer_list<const char*> flows,
                                  unsigned max_key) {
  for (const char* flow : flows) {
    const invariants::spec::Sys s = system_after(flow);
    for (unsigned k = 0; k <= max_key; ++k) {
      Verdict v = judge(form_by_part(part), s, u128(k));
      EXPECT_TRUE(v.concrete && v.symbolic) << part << ": " << flow << " at " << k;
    }
  }
}

// Candidate `c` left Houdini's set on a counterexample to induction at `site` (not as undecided).
inline void expect_cti_at(const smt::spec::HoudiniOutcome& h, std::size_t c, const std::string& site) {
  EXPECT_FALSE(h.inductive[c]);
  EXPECT_FALSE(h.unknown[c]) << h.why[c];
  EXPECT_NE(h.why[c].find("counterexample to induction: step " + site), std::string::npos) << h.why[c];
}

// The candidates whose part is in `parts`, or whose id is in `ids`.
inline std::vector<smt::spec::StateCandidate> candidates_of(const std::vector<std::string>& parts,
                                                            const std::vector<std::string>& ids) {
  std::vector<smt::spec::StateCandidate> out;
  for (auto& c : smt::spec::state_candidates())
    if (std::find(parts.begin(), parts.end(), c.part) != parts.end() ||
        std::find(ids.begin(), ids.end(), c.id) != ids.end())
      out.push_back(c);
  return out;
}
// The index of the candidate with this part (and id, when given); a missing one fails the test.
inline std::size_t index_of(const std::vector<smt::spec::StateCandidate>& cands, const std::string& part,
                            const std::string& id = "") {
  for (std::size_t c = 0; c < cands.size(); ++c)
    if (cands[c].part == part && (id.empty() || cands[c].id == id)) return c;
  ADD_FAILURE() << "no candidate " << id << " " << part;
  return 0;
}

// A spec mutant: the site (contract, message, key) and its operator.
struct Mutant {
  std::string contract, message, key;
  mutation::Op op;
};
// Makes `mutant` the active spec mutant (a missing site fails the test).
inline void activate(const Mutant& mutant) {
  const mutation::spec::SpecSite* site = nullptr;
  for (auto& s : mutation::spec::spec_sites())
    if (s.contract == mutant.contract && s.message == mutant.message && s.key == mutant.key) site = &s;
  EXPECT_NE(site, nullptr) << mutant.message << ":" << mutant.key;
  if (site) mutation::spec::activate(*site, mutant.op);
}
// Houdini over `sites` with `cands` (default limits, two jobs), with `mutant` active while
// the sites are explored, if given.
inline smt::spec::HoudiniOutcome induct(const std::vector<smt::spec::StepSite>& sites,
                                        const std::vector<smt::spec::StateCandidate>& cands,
                                        const Mutant* mutant = nullptr, std::uint64_t rlimit = 0) {
  smt::ProveOptions options;
  options.jobs = 2;
  if (rlimit) options.rlimit = rlimit;  // 0: the prover's default
  if (mutant) activate(*mutant);
  smt::spec::Workspace work(sites, cands, options.jobs);
  mutation::spec::deactivate();
  return smt::spec::houdini(cands, work, options);
}

// An exit form, by its part; a missing one fails the test.
inline const invariants::spec::ExitForm& exit_form(const std::string& part) {
  for (auto* m : invariants::spec::modules())
    for (auto& f : m->exit_forms)
      if (f.part == part) return f;
  throw std::logic_error("no exit form " + part);
}
// The prover's enabledness query of `exit` (smt/spec/exit_query.hpp) from all of `cands`,
// within the prover's default limit, with `mutant` active while the form explores its
// exit call, if given; `probe` reads a sat model (exit_query.hpp).
inline smt::spec::ExitAnswer exit_answer(const invariants::spec::ExitForm& exit,
                                         const std::vector<smt::spec::StateCandidate>& cands,
                                         const Mutant* mutant = nullptr, const smt::spec::ExitModelProbe& probe = {}) {
  smt::QueryLimits limits;
  limits.rlimit = smt::kDefaultRlimit;
  if (mutant) activate(*mutant);
  smt::spec::ExitAnswer a = smt::spec::ask_exit_form(exit, cands, std::vector<char>(cands.size(), 1), limits, probe);
  mutation::spec::deactivate();
  return a;
}

}  // namespace meshcheck::testing::spec_lemmas
