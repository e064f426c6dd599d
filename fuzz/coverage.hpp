// Branch coverage of a campaign: the Ctx::cover bits of every call, added up per
// (contract, message), and reported against MessageSpec::branches.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <utility>

#include "model/profile.hpp"

namespace meshcheck::fuzz {

class Coverage {
 public:
  void add(const model::ContractSpec& contract, const model::MessageSpec& message, std::uint64_t bits) {
    if (bits) bits_[{contract.name, message.label}] |= bits;
  }
  void add_bits(const std::string& contract, const std::string& message, std::uint64_t bits) {
    if (bits) bits_[{contract, message}] |= bits;
  }
  void merge(const Coverage& other) {
    for (auto& [key, bits] : other.bits_) bits_[key] |= bits;
  }
  std::uint64_t bits(const std::string& contract, const std::string& message) const {
    auto it = bits_.find({contract, message});
    return it == bits_.end() ? 0 : it->second;
  }
  const std::map<std::pair<std::string, std::string>, std::uint64_t>& all() const { return bits_; }

  // Per mutating message of `profile`: branches reached / total and the missed ones'
  // names, or "no branch markers". Ends with the totals.
  void report(const model::Profile& profile, std::ostream& out) const;

 private:
  std::map<std::pair<std::string, std::string>, std::uint64_t> bits_;
};

}  // namespace meshcheck::fuzz
