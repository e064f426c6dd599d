// The raw form of call lines (../shared/trace-format.md, "Raw form"): SCALE call data
// in `input`, the encoded MessageResult in `expect.output`, and events as
// {"topics", "data"}, read and compared through the contract's ink! metadata.
//
// The model computes decoded values; to compare with raw observations it encodes its
// own return value and events exactly as the chain would (MessageResult-wrapped
// output; signature topic, indexed-field topics and data), compares bytes, and when
// they differ decodes the observation to say which field differs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "abi/event_codec.hpp"
#include "abi/metadata.hpp"
#include "trace/replay.hpp"

namespace meshcheck::trace {

struct RawInput {
  const model::MessageSpec* message = nullptr;
  const abi::AbiMessage* abi = nullptr;
  std::vector<Value> args;
};

// Decodes `input` (0x-hex call data): the message by its selector, then its arguments.
// TraceError (with the byte offset) when the input cannot be decoded.
RawInput decode_input(const abi::Metadata& meta, const model::ContractSpec& spec, const Json& input, std::size_t line);

// Compares a raw `expect.output` with the model's result of `msg`, a message of `spec`.
// The output of a spec contract's refusal is its Err (trace-format.md: 0x00 01 and the
// variant's index), so it may come with status "reverted"; a trap has none.
void compare_output(const abi::Metadata& meta, const model::ContractSpec& spec, const model::MessageSpec& msg,
                    const Json& output, const model::CallResult& r, std::size_t line, const std::string& where,
                    std::vector<Divergence>& out);

// A raw event of `expect.events` ({"topics": [...], "data": "0x...", and "contract", its
// emitter, for an event of a nested call), decoded far enough to know it can be
// compared: TraceError when malformed. `meta` is the emitter's metadata.
struct ObservedEvent {
  abi::RawEvent raw;
  abi::DecodedEvent decoded;
};
ObservedEvent read_raw_event(const abi::Metadata& meta, const Json& j, std::size_t line, const std::string& path);

// Compares the i-th observed raw event with the model's i-th event.
void compare_raw_event(const abi::Metadata& meta, const ObservedEvent& observed, const model::Event& computed,
                       std::size_t index, std::size_t line, const std::string& where, std::vector<Divergence>& out);

// Human-readable forms of raw events, for divergences that list whole event lists.
Json raw_event_json(const abi::Metadata& meta, const ObservedEvent& e);
Json model_raw_event_json(const abi::Metadata& meta, const model::Event& e);

// --- writing the raw form ---------------------------------------------------------
abi::Bytes encode_input(const abi::AbiMessage& msg, model::Args args);
// 0x00 followed by the encoded return value (MessageResult::Ok).
abi::Bytes encode_output(const abi::AbiMessage& msg, const Value& returned);
// The MessageResult the chain returns for the model's result `r` of `msg` (a message of
// `spec`, `am` its metadata): 0x00 then the return value; for a spec contract's mutating
// message 0x00 00 then the Ok value, or 0x00 01 and the index of its Err variant.
// nullopt when the call gives no output: a trap, or a deployed contract's revert.
std::optional<abi::Bytes> model_output(const abi::AbiMessage& am, const model::ContractSpec& spec,
                                       const model::MessageSpec& msg, const model::CallResult& r);
// The value of `am`'s return type (Result<T, Error> for a spec contract's mutating
// message, else T) that an Ok value `returned` or an error named `error` is.
Value return_value(const abi::AbiMessage& am, const model::ContractSpec& spec, const model::MessageSpec& msg,
                   const Value* returned, const std::string& error);
abi::RawEvent encode_model_event(const abi::Metadata& meta, const model::Event& e);
Json raw_event_to_json(const abi::RawEvent& e);
// A call line in raw form (input instead of message/args; with `observed`, an expect
// with status, output and raw events).
Json raw_call_line(const abi::Metadata& meta, const model::ContractSpec& spec, const model::Call& c,
                   const model::CallResult* observed = nullptr);

}  // namespace meshcheck::trace
