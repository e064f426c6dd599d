// A decoded trace rewritten in raw form (../shared/trace-format.md, "Raw form"), as a
// chain would record it, with the contracts' ink! metadata:
//   - a call's `message` and `args` become its `input` (selector, SCALE arguments);
//   - its `expect.return` or `expect.error` becomes `expect.output`, the encoded
//     MessageResult: 0x00 then the value; for a spec contract's mutating message 0x00 00
//     then the Ok value, or 0x00 01 and the index of the Err variant (a unit Ok(()),
//     which a decoded trace leaves without `return`, is 0x00 00 too); a trap keeps no
//     output;
//   - each decoded event becomes {"topics", "data"} as its emitter's metadata encodes it,
//     keeping its "contract" (the emitter of a nested call's event).
// Other lines and keys (status, caller, value, block, timestamp, deploy lines, balances)
// are copied unchanged.
//
// It encodes what the trace says, never what the model computes: replaying the result
// with `--metadata` checks the model against the same observations in their chain form.
#pragma once

#include <map>
#include <string>

#include "abi/metadata.hpp"
#include "model/profile.hpp"
#include "trace/json_value.hpp"

namespace meshcheck::trace {

class RawFormWriter {
 public:
  // `profile`: the profile of deploy lines without a "profile" key.
  RawFormWriter(const model::Profile& profile, const abi::MetadataSet& metadata)
      : profile_(&profile), metadata_(metadata) {}

  // One line (1-based `line_no`, for errors) in raw form: TraceError (trace/replay.hpp)
  // when it cannot be read or its contract has no metadata.
  Json rewrite(const Json& line, std::size_t line_no);

 private:
  struct Deployed {
    const model::ContractSpec* spec;
    const abi::Metadata* meta;
  };
  const Deployed& contract(const Json& ref, std::size_t line_no, const std::string& path) const;
  void deploy(const Json& body, std::size_t line_no);
  Json call(const Json& body, std::size_t line_no);

  const model::Profile* profile_;
  const abi::MetadataSet& metadata_;
  std::map<Address, Deployed> by_address_;
  std::map<std::string, Address> by_name_;  // the last deployed of each name
};

}  // namespace meshcheck::trace
