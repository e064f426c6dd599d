// payment_escrow, profile `deployed`: escrowed payments per job id.
//
// The contract exists in two builds of the same logic, both modelled exactly:
// - ink! 6 (6.0.0-alpha.4, pallet-revive), the source at HEAD and the build deployed on
//   Paseo at 0x5a86a13ef7fc1c5e58f022be183de015dfb702ae: H160 addresses, the amount is
//   `transferred_value()` as a U256, never narrowed, and it is a U256 in the Escrow
//   struct, in get_escrow's answer and in every event;
// - ink! 5.1.1 (pallet-contracts), an older build whose metadata is
//   ../shared/abis/payment_escrow.json: AccountId addresses and u128 amounts.
// Neither build does arithmetic on an amount (it is stored, compared with 0 and paid
// out), so the two differ only in their types: one State serves both, its amounts held
// as U256 (an ink! 5.1.1 amount comes from a u128 Balance, so it is below 2^128), and
// each build has its own ContractSpec (spec(Build)), events and message types.
#pragma once

#include <optional>
#include <string_view>

#include "model/contract.hpp"
#include "model/enum_table.hpp"
#include "model/pmap.hpp"

namespace meshcheck::model::deployed::payment_escrow {

// The builds, declared once: everything that differs between them is looked up here.
enum class Build : u8 { kInk6, kInk5, kCount };
struct BuildFacts {
  std::string_view code_hash;  // as the chain and the metadata's source.hash write it
  InkVersion ink;
  std::string_view release;    // the ink! release it was built with
};
inline constexpr EnumTable<Build, BuildFacts> kBuilds{{
    // deployments/paseo.json of the contracts repository
    {Build::kInk6, {"0x7bfff2dbd2e6783b711fa04a552b3646809e52d70cf35f13ed9f0ee27346bcb4", InkVersion::V6,
                    "ink! 6.0.0-alpha.4"}},
    // ../shared/abis/payment_escrow.json (source.hash)
    {Build::kInk5, {"0xfe15cf54bbd7fac359f8f5a409ee445b20004b7448e3e7b5099f6f46593c2cde", InkVersion::V5,
                    "ink! 5.1.1"}},
}};
inline constexpr std::array<Build, index_of(Build::kCount)> kAllBuilds = all_of<Build>();
// The build really deployed: what the standard deployment (fuzz, prove, report) uses.
inline constexpr Build kDeployedBuild = Build::kInk6;

struct Escrow {
  Address owner;
  std::optional<Address> provider;
  U256 amount;  // U256 in the ink! 6 build; below 2^128 (a u128) in the ink! 5.1.1 build
  bool released = false;
  bool refunded = false;
  friend bool operator==(const Escrow&, const Escrow&) = default;
};

struct State : StateBase<State> {
  PMap<u128, Escrow> escrows;  // job_id -> escrow
  Address admin;
  friend bool operator==(const State& a, const State& b) { return a.escrows == b.escrows && a.admin == b.admin; }
};

State construct(const CallEnv& env);

// The branches of the mutating messages (model/branch.hpp): their guard outcomes, which
// the Z3 encoding (smt/payment_escrow.cpp) names too.
enum class DepositForJobBranch : unsigned { kZero, kActive, kOverClosed, kNew, kCount };
constexpr BranchNames<DepositForJobBranch> branch_names(DepositForJobBranch) {
  using enum DepositForJobBranch;
  return {{{kZero, "amount is zero"},
           {kActive, "active escrow exists"},
           {kOverClosed, "over a closed escrow"},
           {kNew, "new escrow"}}};
}

// set_provider, release_to_provider and refund_to_owner start with the same three
// refusals (kNoEscrow, kNotOwner, kClosed), which the encoding writes once for all three.
enum class SetProviderBranch : unsigned { kNoEscrow, kNotOwner, kClosed, kOk, kCount };
constexpr BranchNames<SetProviderBranch> branch_names(SetProviderBranch) {
  using enum SetProviderBranch;
  return {{{kNoEscrow, "no such escrow"},
           {kNotOwner, "caller is not the owner"},
           {kClosed, "already released or refunded"},
           {kOk, "ok"}}};
}

enum class ReleaseToProviderBranch : unsigned {
  kNoEscrow,
  kNotOwner,
  kClosed,
  kNoProvider,
  kZero,
  kTransferFailed,
  kOk,
  kCount,
};
constexpr BranchNames<ReleaseToProviderBranch> branch_names(ReleaseToProviderBranch) {
  using enum ReleaseToProviderBranch;
  return {{{kNoEscrow, "no such escrow"},
           {kNotOwner, "caller is not the owner"},
           {kClosed, "already released or refunded"},
           {kNoProvider, "no provider"},
           {kZero, "amount is zero"},
           {kTransferFailed, "transfer failed"},
           {kOk, "ok"}}};
}

enum class RefundToOwnerBranch : unsigned { kNoEscrow, kNotOwner, kClosed, kZero, kTransferFailed, kOk, kCount };
constexpr BranchNames<RefundToOwnerBranch> branch_names(RefundToOwnerBranch) {
  using enum RefundToOwnerBranch;
  return {{{kNoEscrow, "no such escrow"},
           {kNotOwner, "caller is not the owner"},
           {kClosed, "already released or refunded"},
           {kZero, "amount is zero"},
           {kTransferFailed, "transfer failed"},
           {kOk, "ok"}}};
}

// The messages, as build B runs them. `self` is the call's copy of the state. The builds
// run the same code on different types: B decides the events' types.
template <Build B>
bool deposit_for_job(State& self, Ctx& ctx, const u128& job_id, const Address& provider);
template <Build B>
bool set_provider(State& self, Ctx& ctx, const u128& job_id, const Address& provider);
template <Build B>
bool release_to_provider(State& self, Ctx& ctx, const u128& job_id);
template <Build B>
bool refund_to_owner(State& self, Ctx& ctx, const u128& job_id);

Value to_value(const Escrow& e);

// Each build's messages and events, as its ink! metadata lists them.
const ContractSpec& spec(Build build);
// The build really deployed (kDeployedBuild).
inline const ContractSpec& spec() { return spec(kDeployedBuild); }

}  // namespace meshcheck::model::deployed::payment_escrow
