// Bounded model checking of the spec profile (smt/spec/bmc.hpp): the design keeps an
// invariant to a small depth, a broken variant of the model (a spec mutant) breaks it at
// the minimal depth, and the counterexample is concrete, canonical and replays through
// the model and the Monitor to the same invariant.
#include <gtest/gtest.h>

#include <string>

#include "mutation/catalog.hpp"
#include "smt/spec/bmc.hpp"
#include "tests/support/active_mutant.hpp"
#include "trace/replay.hpp"

namespace meshcheck::smt::spec {
namespace {

using Kind = ProofVerdict::Kind;

using Variant = meshcheck::testing::ActiveMutant;

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
  // Canonical: the first actor, the least budget and deadline.
  EXPECT_NE(v.trace.back().find("\"caller\":\"0x0101010101010101010101010101010101010101\""), std::string::npos);
  EXPECT_NE(v.trace.back().find("\"value\":\"1000\""), std::string::npos) << v.trace.back();
  EXPECT_NE(v.trace.back().find("\"deadline\":\"0\""), std::string::npos) << v.trace.back();
}

// sig_ok is free in the search; a model that lets it accept is made concrete by signing
// the digest with the worker key's secret, which the concrete model accepts on replay.
TEST(SpecBmc, AnAcceptedSignatureIsSignedWithTheWorkersSecret) {
  Variant broken("spec:phala_job_processor:record_attestation:NoSuchJob#1:drop-guard");
  ProofVerdict v = bounded_model_check("P-EXISTS", standard_start(), small(1));
  ASSERT_EQ(v.kind, Kind::Violated) << dump(v);
  const std::string& call = v.trace.back();
  ASSERT_NE(call.find("record_attestation"), std::string::npos) << call;
  auto at = call.find("\"attestation_proof\":\"0x");
  ASSERT_NE(at, std::string::npos) << call;
  const std::string proof = call.substr(at + 23, 130);
  EXPECT_NE(proof, std::string(130, '0')) << "a zero signature is never accepted";
}

TEST(SpecBmc, AStartThatCannotBeReadNamesTheFile) {
  try {
    start_from_trace("/nonexistent/flow.jsonl", 1);
    FAIL() << "no error";
  } catch (const BmcInputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/flow.jsonl"), std::string::npos);
  }
}

}  // namespace
}  // namespace meshcheck::smt::spec
