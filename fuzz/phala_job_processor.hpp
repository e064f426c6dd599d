// The fuzzer's handler for phala_job_processor: one command kind per mutating message
// (submit_confidential_job, record_attestation, mark_job_processed), each drawing a caller, value and arguments that make sense for the
// contract's current state.
#pragma once

#include "fuzz/machine.hpp"

namespace meshcheck::fuzz {

rc::Gen<CommandPtr> phala_job_processor_commands(const SharedGeneratorView& model);

}  // namespace meshcheck::fuzz
