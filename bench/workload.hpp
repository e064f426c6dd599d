// A deterministic workload over all six contracts, for the replay benchmarks: each
// contract runs a short lifecycle over and over (submit → assign → start → complete,
// deposit → release, register → stake → deactivate → withdraw, mint → grant → transfer
// → burn, submit → attest → process, five intents → batch → execute), interleaved
// round-robin, with fresh ids and accounts as it goes, the clock advancing every six
// calls. Almost every call succeeds, so the model does its full work.
#pragma once

#include <functional>

#include "deployment/deployment.hpp"
#include "model/world.hpp"

namespace meshcheck::bench {

struct Deployment {
  const model::ContractSpec* spec;
  Address address;
  Address deployer;
  std::vector<Value> args;
};

// The six deployments the workload calls.
std::vector<Deployment> workload_deployments();

// Produces `count` calls in order, handing each to `sink`.
void generate_workload(std::size_t count, const std::function<void(const model::Call&)>& sink);

// The spec profile's workload (bench/spec_workload.cpp): from the spec standard deployment
// (deployment::deploy_spec_standard), round after round with fresh accounts, the flows of
// spec §4 that end in a payment: a public job paid by the verifier, a private job paid
// through a trusted worker's attestation (a secp256k1 recovery per round), a data NFT's
// subscription bought, used and withdrawn, two intents batched and executed. Every call
// succeeds.
deployment::StandardDeployment spec_workload_deployment();
void generate_spec_workload(std::size_t count, const std::function<void(const model::Call&)>& sink);

}  // namespace meshcheck::bench
