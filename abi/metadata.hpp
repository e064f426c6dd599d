// ink! metadata, as `cargo contract build` writes it: versions 5 (ink! 5,
// pallet-contracts, AccountId) and 6 (ink! 6, pallet-revive, H160). What replay needs
// of it: each constructor and message (label, selector, arguments, return type,
// payable, mutates), each event (label, signature topic, fields and which are
// indexed), all resolved through the type registry into meshcheck Types.
#pragma once

#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "abi/bytes.hpp"
#include "abi/type_registry.hpp"
#include "model/contract.hpp"

namespace meshcheck::abi {

using Selector = std::array<u8, 4>;

struct AbiArg {
  std::string label;
  TypeRef type;
  std::string display;  // the type as the source names it: displayName joined by "::"
};

struct AbiMessage {
  std::string label;
  Selector selector{};
  std::vector<AbiArg> args;
  // The message's own return type T; on chain it comes back wrapped in
  // MessageResult = Result<T, LangError> (`result_type`).
  TypeRef returns = nullptr;
  TypeRef result_type = nullptr;
  bool payable = false;
  bool mutates = false;
  bool constructor = false;
};

struct AbiEventField {
  std::string label;
  TypeRef type;
  bool indexed;
  std::string display;
};

struct AbiEvent {
  std::string label;
  std::optional<Hash32> signature_topic;  // absent for anonymous events
  std::vector<AbiEventField> fields;
  std::string module_path;
};

class Metadata {
 public:
  // Reads one metadata file; MetadataError (naming the file) when it is not ink! 5 or
  // 6 metadata or uses what meshcheck cannot decode.
  static std::shared_ptr<const Metadata> load(const std::filesystem::path& file);
  static std::shared_ptr<const Metadata> parse(const nlohmann::json& j, const std::string& source);

  std::string source;         // file name, for messages
  std::string contract_name;  // contract.name: matched to the model's contract names
  int version = 0;            // 5 or 6
  std::string language;       // "ink! 5.1.1"
  std::string code_hash;      // source.hash, lower-case ("0x…"); empty when absent
  std::optional<u64> native_to_eth_ratio;  // ink! 6: spec.environment.nativeToEthRatio
  std::vector<AbiMessage> constructors;
  std::vector<AbiMessage> messages;
  std::vector<AbiEvent> events;

  const AbiMessage* message_by_selector(std::span<const u8> selector) const;
  const AbiMessage* message(std::string_view label) const;
  const AbiEvent* event_by_topic(std::span<const u8> topic) const;
  const AbiEvent* event(std::string_view label) const;

 private:
  std::unique_ptr<TypeRegistry> registry_;  // owns every TypeRef above
};

using MetadataPtr = std::shared_ptr<const Metadata>;

// Metadata for several contracts, by contract name and ink! version: one file per build
// of a contract (payment_escrow has an ink! 6 and an ink! 5.1.1 build, whose metadata
// are versions 6 and 5).
class MetadataSet {
 public:
  // Each path is a metadata file or a directory whose *.json files are all read.
  // MetadataError when a file cannot be read or two files describe the same contract
  // with the same metadata version.
  static MetadataSet load(const std::vector<std::string>& paths);
  void add(MetadataPtr m);
  // The metadata of `contract_name` of that version, or nullptr.
  const Metadata* find(std::string_view contract_name, int version) const;
  // The metadata of the build `build`: of its name and ink! version, or nullptr.
  const Metadata* find(const model::ContractSpec& build) const;
  const std::vector<MetadataPtr>& all() const { return all_; }
  bool empty() const { return all_.empty(); }

 private:
  std::vector<MetadataPtr> all_;
};

}  // namespace meshcheck::abi
