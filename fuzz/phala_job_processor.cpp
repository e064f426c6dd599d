#include "fuzz/phala_job_processor.hpp"

#include "fuzz/pick.hpp"
#include "fuzz/setup.hpp"
#include "model/phala_job_processor.hpp"

namespace meshcheck::fuzz {

namespace {
namespace pj = model::deployed::phala_job_processor;
constexpr AddressKind kKind = AddressKind::AccountId;

// The contract's address in the fuzzer's world, looked up once.
const Address& address() {
  static const Address a = contract_address("phala_job_processor");
  return a;
}
const pj::State& state(const GeneratorView& m) { return m.state<pj::State>(address()); }

// A job id that collides: an existing job, the next one, 0, u128::MAX.
u128 job_id(const GeneratorView& m) {
  const auto& s = state(m);
  return pick::id(pick::keys(s.jobs), saturating_add(s.job_counter, u128(1)));
}
std::optional<Address> owner_of(const GeneratorView& m, const u128& id) {
  if (auto* j = state(m).jobs.find(id)) return j->owner;
  return std::nullopt;
}

struct PhalaCall : CallCommand {
  PhalaCall(const GeneratorView& m, std::string_view message) : CallCommand(m, address(), message) {}
};

struct SubmitConfidentialJob : PhalaCall {
  explicit SubmitConfidentialJob(const GeneratorView& m) : PhalaCall(m, "submit_confidential_job") {
    caller_ = pick::actor(kKind);
    value_ = pick::no_value();
    args_ = {Value(pick::text()), Value(pick::text())};
  }
};

struct RecordAttestation : PhalaCall {
  explicit RecordAttestation(const GeneratorView& m) : PhalaCall(m, "record_attestation") {
    u128 id = job_id(m);
    // Anyone may record: the owner, the admin (a TEE worker's stand-in) or another.
    caller_ = pick::uniform(0, 3) == 0 ? state(m).admin : pick::caller(kKind, owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id), Value(pick::text()), Value(pick::text()), Value(pick::text())};
  }
};

struct MarkJobProcessed : PhalaCall {
  explicit MarkJobProcessed(const GeneratorView& m) : PhalaCall(m, "mark_job_processed") {
    u128 id = job_id(m);
    caller_ = pick::uniform(0, 3) == 0 ? state(m).admin : pick::caller(kKind, owner_of(m, id));
    value_ = pick::no_value();
    args_ = {Value(id)};
  }
};
}  // namespace

rc::Gen<CommandPtr> phala_job_processor_commands(const SharedGeneratorView& model) {
  return one_of_commands<SubmitConfidentialJob, RecordAttestation, MarkJobProcessed>(model);
}

}  // namespace meshcheck::fuzz
