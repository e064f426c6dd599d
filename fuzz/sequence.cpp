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
#include "fuzz/spec/common.hpp"

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
// The spec profile's (fuzz/spec/): the same kinds, the spec contracts' messages.
constexpr model::PerContract<Handler> kSpecContractHandlers{{
    {model::ContractKind::kAiJobQueue, spec::ai_job_queue_commands},
    {model::ContractKind::kPaymentEscrow, spec::payment_escrow_commands},
    {model::ContractKind::kComputeProviderRegistry, spec::compute_provider_registry_commands},
    {model::ContractKind::kDataNftRegistry, spec::data_nft_registry_commands},
    {model::ContractKind::kPhalaJobProcessor, spec::phala_job_processor_commands},
    {model::ContractKind::kMevProtection, spec::mev_protection_commands},
}};
using Handlers = std::array<Handler, model::kContractCount + 1>;
// In Mix::weights' order.
constexpr Handlers handlers(const model::PerContract<Handler>& contracts, Handler common) {
  Handlers all{};
  std::copy(contracts.values().begin(), contracts.values().end(), all.begin());
  all.back() = common;
  return all;
}
constexpr Handlers kHandlers = handlers(kContractHandlers, common_commands);
constexpr Handlers kSpecHandlers = handlers(kSpecContractHandlers, spec::common_commands);

const Handlers& handlers_for(const model::Profile& profile) {
  return &profile == &model::spec_profile() ? kSpecHandlers : kHandlers;
}
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
        std::array<std::size_t, model::kContractCount + 1> weights = mix.weights;
        // The spec's flows wait on one contract at a time (a bid, a provider's step, a
        // verifier's release): that contract is chosen more often while it does.
        if (&model->world.profile() == &model::spec_profile()) {
          const auto waiting = spec::waiting(*model);
          for (std::size_t i = 0; i < weights.size(); ++i)
            if (weights[i] > 0 && waiting[i]) weights[i] += 30;
        }
        std::size_t total = std::accumulate(weights.begin(), weights.end(), std::size_t(0));
        std::size_t n = r.split().next() % total, k = 0;
        while (n >= weights[k]) n -= weights[k++];
        return handlers_for(model->world.profile())[k](model)(r, size);
      });
}

void run_sequence(const Setup& setup, const Mix& mix, Recorder& recorder, bool fail, int max_size) {
  GeneratorView initial{setup.world, kStartBlock, kStartTimestamp};
  MonitoredRun sut(setup.world, setup.monitor, recorder, fail, setup.checked);
  auto generate = [mix](const GeneratorView& m) { return fuzz_commands(m, mix); };
  if (max_size >= 0 && &setup.world.profile() == &model::spec_profile()) {
    // rc::state::check, at the full size.
    const auto commands = *rc::gen::resize(max_size, rc::state::gen::commands(initial, generate));
    rc::state::runAll(commands, initial, sut);
    return;
  }
  rc::state::check(initial, sut, generate);
}

void check_generated_sequence(const model::Profile& profile, std::vector<std::string> ids) {
  static thread_local Recorder recorder;
  Setup setup = make_setup(profile, std::move(ids));
  run_sequence(setup, Mix{}, recorder, true);
}

}  // namespace meshcheck::fuzz
