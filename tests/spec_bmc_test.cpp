// Bounded model checking of the spec profile (smt/spec/bmc.hpp): the design keeps an
// invariant to a small depth, a broken variant of the model (a spec mutant) breaks it at
// the minimal depth, and the counterexample is concrete, canonical and replays through
// the model and the Monitor to the same invariant.
#include <gtest/gtest.h>

#include <string>

#include "mutation/catalog.hpp"
#include "smt/spec/bmc.hpp"
#include "trace/replay.hpp"

namespace meshcheck::smt::spec {
namespace {

using Kind = ProofVerdict::Kind;

// Activates a spec mutant for one test.
struct Variant {
  explicit Variant(const std::string& id) {
    const mutation::Mutant* m = mutation::find_mutant(id);
    if (!m) throw std::logic_error("no mutant " + id);
    mutation::activate(m);
  }
  ~Variant() { mutation::activate(nullptr); }
};

BmcOptions small(unsigned depth) {
  BmcOptions o;
  o.depth = depth;
  return o;
}

std::string dump(const ProofVerdict& v) {
  std::string out = std::string(verdict_name(v.kind)) + " depth " + std::to_string(v.depth) + ": " + v.detail + "\n";
  for (auto& l : v.trace) out += l.substr(0, 400) + "\n";
  for (auto& o : v.obligations) out += o.what + " " + o.result + " " + std::to_string(o.rlimit) + "\n";
  return out;
}

TEST(SpecBmc, TheDesignKeepsQDeadlineForOneCall) {
  ProofVerdict v = bounded_model_check("Q-DEADLINE", standard_start(), small(1));
  EXPECT_EQ(v.kind, Kind::HoldsToDepth) << dump(v);
  EXPECT_EQ(v.depth, 1u);
}

TEST(SpecBmc, ADroppedDeadlineGuardBreaksQDeadlineInOneCall) {
  Variant broken("spec:ai_job_queue:submit_job:InvalidDeadline#1:drop-guard");
  ProofVerdict v = bounded_model_check("Q-DEADLINE", standard_start(), small(2));
  ASSERT_EQ(v.kind, Kind::Violated) << dump(v);
  EXPECT_EQ(v.depth, 1u);
  std::cerr << dump(v);
}

}  // namespace
}  // namespace meshcheck::smt::spec
