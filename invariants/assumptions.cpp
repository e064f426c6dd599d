// The catalog's assumptions: what `meshcheck prove` may take for granted about the runs
// it proves an invariant over, stated instead of proved, as a Certora spec states its
// `require`s. Each is one record here; each contract it concerns gives its part (an
// AssumedFact: concrete and Z3 forms) in invariants/<contract>.cpp, beside its
// invariants. A proof that needed one carries its id into every output, and
// `--no-assume ID` drops it (see smt/engines/induction.hpp for when a proof "needs" it).
#include <algorithm>

#include "invariants/invariant.hpp"

namespace meshcheck::invariants {

namespace {
// --- A-COUNTERS ---------------------------------------------------------------------
// Its parts: ai_job_queue and phala_job_processor (job_counter), mev_protection
// (intent_counter, batch_counter), data_nft_registry (total_supply, each owner's
// owner_nft_count), compute_provider_registry (provider_count).
const Assumption kCounters{
    "A-COUNTERS",
    "No counter reaches its maximum: the id counters (job_counter of ai_job_queue and phala_job_processor, "
    "intent_counter and batch_counter of mev_protection, total_supply of data_nft_registry) and the counts "
    "(provider_count of compute_provider_registry, each owner's owner_nft_count of data_nft_registry) stay below "
    "the largest value of their type (that needs at least 2^64 calls).",
    "A call raises each counter by at most 1, so a counter reaches its maximum only after 2^64 - 1 calls "
    "(provider_count is a u64) or 2^128 - 1 (the others): at one call per block, longer than any chain will run. "
    "There the deployed code saturates and re-issues or miscounts, which is the only counterexample to induction "
    "these proofs have; a proof under A-COUNTERS covers every run shorter than that, and says nothing about a "
    "longer one.",
    {"deployed"}};
}  // namespace

const std::vector<Assumption>& assumptions() {
  static const std::vector<Assumption> all{kCounters};
  return all;
}

const Assumption* find_assumption(std::string_view id) {
  for (auto& a : assumptions())
    if (a.id == id) return &a;
  return nullptr;
}

std::vector<std::string> assumptions_concerning(std::string_view contract_name, const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  const ContractInvariants* ci = invariants_of(contract_name);
  if (!ci) return out;
  for (auto& a : assumptions()) {
    bool wanted = std::find(ids.begin(), ids.end(), a.id) != ids.end();
    bool concerns = std::any_of(ci->assumptions.begin(), ci->assumptions.end(),
                                [&](const AssumedFact& f) { return f.id == a.id; });
    if (wanted && concerns) out.push_back(a.id);
  }
  return out;
}

z3::expr assumed(std::string_view contract_name, const std::vector<std::string>& ids, const smt::SymState& state) {
  z3::expr all = state.ctx().bool_val(true);
  const ContractInvariants* ci = invariants_of(contract_name);
  if (!ci) return all;
  for (auto& f : ci->assumptions)
    if (std::find(ids.begin(), ids.end(), f.id) != ids.end()) all = all && f.state(state);
  return all;
}

}  // namespace meshcheck::invariants
