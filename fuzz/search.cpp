#include "fuzz/search.hpp"

#include <rapidcheck.h>

#include "fuzz/sequence.hpp"
#include "model/pmap.hpp"

namespace meshcheck::fuzz {

std::uint64_t seed_for(std::uint64_t seed, const std::string& id) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  for (unsigned char c : id) h = (h ^ c) * 0x100000001b3ULL;
  // splitmix64 of splitmix64: mix64 is its finaliser, after adding the golden ratio.
  constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;
  return mix64((seed ^ mix64(h + kGolden)) + kGolden);
}

namespace {
// One RapidCheck search from `setup` (checking `id`, or nothing when id is "").
Verdict search(const Setup& setup, const Mix& mix, const std::string& id, const std::string& statement,
               std::uint64_t seed, const SearchParams& params);
}  // namespace

Verdict fuzz_invariant(const model::Profile& profile, const invariants::Invariant& invariant,
                       const SearchParams& params) {
  Verdict v;
  v.id = invariant.id;
  if (!invariant.checkable_on_runs(profile.name)) {
    v.kind = Verdict::Kind::NotCheckable;
    return v;
  }
  const Setup setup = make_setup(profile, {invariant.id});
  return search(setup, mix_for(invariant), invariant.id, invariant.statement_in(profile.name), seed_for(params.seed, invariant.id),
                params);
}

Verdict fuzz_unchecked(const model::Profile& profile, const std::string& contract, const SearchParams& params) {
  Setup setup = make_setup(profile, {});
  setup.checked = false;
  invariants::Invariant focus;
  focus.contract = contract;
  const std::string id = "coverage/" + (contract.empty() ? std::string("all") : contract);
  Verdict v = search(setup, mix_for(focus), "", "coverage", seed_for(params.seed, id), params);
  v.id = id;
  return v;
}

namespace {
Verdict search(const Setup& setup, const Mix& mix, const std::string& id, const std::string& statement,
               std::uint64_t seed, const SearchParams& params) {
  Verdict v;
  v.id = id;
  Recorder recorder;
  CaseCounter listener(recorder);
  const auto property = rc::detail::toProperty([&] { run_sequence(setup, mix, recorder, true, std::max(0, params.max_calls - 1)); });

  rc::detail::TestParams test;
  test.seed = seed;
  test.maxSuccess = params.runs;
  test.maxSize = std::max(0, params.max_calls - 1);  // a sequence has 1..maxSize+1 commands
  test.disableShrinking = !params.shrink;
  rc::detail::TestMetadata metadata{id, statement};
  // No reproduce map: the global configuration (RC_PARAMS) plays no part.
  const rc::detail::TestResult result = rc::detail::checkProperty(property, metadata, test, listener, {});

  v.calls = listener.calls;
  v.coverage = recorder.coverage();
  if (result.is<rc::detail::SuccessResult>()) {
    v.sequences = result.get<rc::detail::SuccessResult>().numSuccess;
  } else if (result.is<rc::detail::FailureResult>()) {
    const auto* failed = &result.get<rc::detail::FailureResult>();
    v.sequences = failed->numSuccess + 1;
    // The last case RapidCheck ran is the minimal one (unshrunk: the first failing one):
    // the recorder holds its run.
    if (recorder.failure && !id.empty() && recorder.failure->id == id) {
      v.kind = Verdict::Kind::Violated;
      v.detail = recorder.failure->detail;
      v.counterexample = setup.header;
      for (auto& step : recorder.failure->steps) v.counterexample.push_back(trace_line(setup.world, step));
      v.length = recorder.failure->steps.size();
    } else {
      v.kind = Verdict::Kind::Error;
      v.detail = failed->description;
    }
  } else if (result.is<rc::detail::GaveUpResult>()) {
    const auto* gave_up = &result.get<rc::detail::GaveUpResult>();
    v.kind = Verdict::Kind::Error;
    v.detail = "RapidCheck gave up: " + gave_up->description;
  } else {
    const auto* error = &result.get<rc::detail::Error>();
    v.kind = Verdict::Kind::Error;
    v.detail = "RapidCheck: " + error->description;
  }
  return v;
}
}  // namespace

}  // namespace meshcheck::fuzz
