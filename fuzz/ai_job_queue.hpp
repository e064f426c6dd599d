// The fuzzer's handler for ai_job_queue: one command kind per mutating message
// (submit_job, assign_provider, mark_in_progress, mark_completed, cancel_job, set_min_budget), each drawing a caller, value and arguments that make sense for the
// contract's current state.
#pragma once

#include "fuzz/machine.hpp"

namespace meshcheck::fuzz {

rc::Gen<CommandPtr> ai_job_queue_commands(const SharedGeneratorView& model);

}  // namespace meshcheck::fuzz
