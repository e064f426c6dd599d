#include "fuzz/sequence.hpp"

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
constexpr std::array<Handler, 7> kHandlers{
    ai_job_queue_commands,        payment_escrow_commands, compute_provider_registry_commands,
    data_nft_registry_commands,   phala_job_processor_commands, mev_protection_commands,
    common_commands};
constexpr std::array<const char*, 6> kContracts{"ai_job_queue",      "payment_escrow",      "compute_provider_registry",
                                                "data_nft_registry", "phala_job_processor", "mev_protection"};
}  // namespace

Mix mix_for(const invariants::Invariant& focus) {
  Mix mix;
  for (std::size_t i = 0; i < kContracts.size(); ++i)
    if (focus.contract == kContracts[i]) mix.weights[i] *= 4;
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
