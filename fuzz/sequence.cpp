#include "fuzz/sequence.hpp"

#include <algorithm>
#include <numeric>

#include "fuzz/ai_job_queue.hpp"
#include "fuzz/common.hpp"
#include "fuzz/compute_provider_registry.hpp"
#include "fuzz/data_nft_registry.hpp"
#include "fuzz/mev_protection.hpp"
#include "fuzz/payment_escrow.hpp"
#include "fuzz/phala_job_processor.hpp"

namespace meshcheck::fuzz {

namespace {
using Handler = rc::Gen<CommandPtr> (*)(const SharedGeneratorView&);
constexpr model::PerContract<Handler> kContractHandlers{{
    {model::ContractKind::kAiJobQueue, ai_job_queue_commands},
    {model::ContractKind::kPaymentEscrow, payment_escrow_commands},
    {model::ContractKind::kComputeProviderRegistry, compute_provider_registry_commands},
    {model::ContractKind::kDataNftRegistry, data_nft_registry_commands},
    {model::ContractKind::kPhalaJobProcessor, phala_job_processor_commands},
    {model::ContractKind::kMevProtection, mev_protection_commands},
}};
// In Mix::weights' order.
constexpr std::array<Handler, model::kContractCount + 1> kHandlers = [] {
  std::array<Handler, model::kContractCount + 1> all{};
  std::copy(kContractHandlers.values().begin(), kContractHandlers.values().end(), all.begin());
  all.back() = common_commands;
  return all;
}();
}  // namespace

Mix mix_for(const invariants::Invariant& focus) {
  Mix mix;
  for (model::ContractKind kind : model::kContractKinds)
    if (focus.contract == model::contract_name(kind)) mix.weights[model::index_of(kind)] *= 4;
  return mix;
}

Mix aimed_at(model::ContractKind kind) {
  Mix mix;
  mix.weights.fill(0);
  mix.weights[model::index_of(kind)] = 10;
  mix.weights.back() = 1;  // plain transfers and the clock
  return mix;
}

rc::Gen<CommandPtr> fuzz_commands(const GeneratorView& model, const Mix& mix) {
  // Like execOneOfWithArgs: the choice of handler is not shrunk (a shrink keeps the
  // command's kind and simplifies its arguments).
  // One copy of the GeneratorView, shared by every generator and shrink of this step.
  return rc::Gen<CommandPtr>(
      [model = std::make_shared<const GeneratorView>(model), mix](const rc::Random& random, int size) {
        rc::Random r = random;
        std::size_t total = std::accumulate(mix.weights.begin(), mix.weights.end(), std::size_t(0));
        std::size_t n = r.split().next() % total, k = 0;
        while (n >= mix.weights[k]) n -= mix.weights[k++];
        return kHandlers[k](model)(r, size);
      });
}

void run_sequence(const Setup& setup, const Mix& mix, Recorder& recorder, bool fail) {
  GeneratorView initial{setup.world, kStartBlock, kStartTimestamp};
  MonitoredRun sut(setup.world, setup.monitor, recorder, fail);
  rc::state::check(initial, sut, [mix](const GeneratorView& m) { return fuzz_commands(m, mix); });
}

void check_generated_sequence(const model::Profile& profile, std::vector<std::string> ids) {
  static thread_local Recorder recorder;
  Setup setup = make_setup(profile, std::move(ids));
  run_sequence(setup, Mix{}, recorder, true);
}

}  // namespace meshcheck::fuzz
