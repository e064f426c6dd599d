// Writing trace lines (../shared/trace-format.md): what --emit, the fuzzer's
// counterexamples and the benchmarks' generated traces are made of.
#pragma once

#include "model/world.hpp"
#include "trace/json_value.hpp"

namespace meshcheck::trace {

Json event_json(const model::Event& e);
Json events_json(const std::vector<model::Event>& events);
// {"status": ..., "return": ... (when ok), "events": [...]}; for the spec profile also
// "error" (an Err), each nested call's event with its emitting "contract" (its address),
// and no "return" for a unit Ok(()) (spec §9 C7).
Json expect_json(const model::MessageSpec& message, const model::CallResult& r);

Json deploy_line(const model::ContractSpec& spec, const Address& address, const Address& deployer, model::Args args,
                 const U256& value, u32 block, u64 timestamp);
Json transfer_line(const Address& from, const Address& to, const U256& value);
// A call line naming the contract by address; with `observed`, its expect.
Json call_line(const model::ContractSpec& spec, const model::Call& c, const model::CallResult* observed = nullptr);

}  // namespace meshcheck::trace
