// The six contracts meshcheck models, declared once.
//
// Every list of them (the profile's specs, the catalog's invariants, the Z3 encodings,
// the fuzzer's command handlers) maps a ContractKind to what it holds with a
// PerContract table, which must name every kind, in this order (model/enum_table.hpp),
// and is walked in kContractKinds order unless it says why not.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "model/enum_table.hpp"
#include "model/types.hpp"

namespace meshcheck::model {

// In the profile's order, which is the order every report lists the contracts in.
enum class ContractKind : u8 {
  kAiJobQueue,
  kPaymentEscrow,
  kComputeProviderRegistry,
  kDataNftRegistry,
  kPhalaJobProcessor,
  kMevProtection,
  kCount,
};
inline constexpr std::size_t kContractCount = index_of(ContractKind::kCount);
inline constexpr std::array<ContractKind, kContractCount> kContractKinds = all_of<ContractKind>();

// A T for each contract kind.
template <class T>
using PerContract = EnumTable<ContractKind, T>;

// Their names: ContractSpec::name, the contract's name in its ink! metadata, and what
// reports and traces call it.
inline constexpr PerContract<std::string_view> kContractNames{{
    {ContractKind::kAiJobQueue, "ai_job_queue"},
    {ContractKind::kPaymentEscrow, "payment_escrow"},
    {ContractKind::kComputeProviderRegistry, "compute_provider_registry"},
    {ContractKind::kDataNftRegistry, "data_nft_registry"},
    {ContractKind::kPhalaJobProcessor, "phala_job_processor"},
    {ContractKind::kMevProtection, "mev_protection"},
}};
constexpr std::string_view contract_name(ContractKind kind) { return kContractNames[kind]; }

// Whether `order` lists every contract kind once: for a list walked in another order
// than kContractKinds (static_assert it).
consteval bool lists_every_contract_once(const std::array<ContractKind, kContractCount>& order) {
  std::array<bool, kContractCount> seen{};
  for (ContractKind kind : order) {
    if (seen[index_of(kind)]) return false;
    seen[index_of(kind)] = true;
  }
  return true;
}

// The objects that per-contract accessors (`const T& ai_job_queue_encoding()`, ...)
// return, gathered in `order`.
template <class T>
std::vector<const T*> gather(const PerContract<const T& (*)()>& accessors,
                             const std::array<ContractKind, kContractCount>& order = kContractKinds) {
  std::vector<const T*> out;
  out.reserve(order.size());
  for (ContractKind kind : order) out.push_back(&accessors[kind]());
  return out;
}

}  // namespace meshcheck::model
