// What the spec profile's handlers (fuzz/spec/<contract>.cpp) share: the contracts' states
// as the GeneratorView holds them, the actors of the spec deployment (0x01…0x05 as in the
// deployed profile, 0x06… the verifier, 0x07… the executor), values for the spec's
// argument types, and the commands that are not contract calls (plain transfers, the
// clock crossing the spec's deadlines, rate windows, unbonding and expiries).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "deployment/deployment.hpp"
#include "fuzz/machine.hpp"
#include "fuzz/pick.hpp"
#include "model/contract_kind.hpp"
#include "model/spec/bridge/table.hpp"

namespace meshcheck::fuzz::spec {

namespace ms = model::spec;
namespace st = model::spec::standard;
using ms::Concrete;

// The state of spec contract C at `address`.
template <class C> const typename C::template State<Concrete>& state_of(const GeneratorView& m, const Address& address) {
  return static_cast<const ms::bridge::SpecState<C>&>(*m.world.instance(address)->state).s;
}
inline const auto& queue(const GeneratorView& m) { return state_of<ms::AiJobQueue>(m, st::kQueue); }
inline const auto& escrow(const GeneratorView& m) { return state_of<ms::PaymentEscrow>(m, st::kEscrow); }
inline const auto& registry(const GeneratorView& m) { return state_of<ms::ComputeProviderRegistry>(m, st::kRegistry); }
inline const auto& nfts(const GeneratorView& m) { return state_of<ms::DataNftRegistry>(m, st::kNft); }
inline const auto& phala(const GeneratorView& m) { return state_of<ms::PhalaJobProcessor>(m, st::kPhala); }
inline const auto& mev(const GeneratorView& m) { return state_of<ms::MevProtection>(m, st::kMev); }

// One of the spec actors.
Address actor();
// Mostly `role` (the owner, the provider, the verifier, the admin…), else any actor.
Address caller(const std::optional<Address>& role);
// An address argument: mostly an actor, now and then `role`, or a spec contract.
Address account(const std::optional<Address>& role = std::nullopt);
// The six spec contracts' addresses.
const std::vector<Address>& contracts();
// Whether `a` is one of the six contracts: never the signer of a top-level call (a
// contract calls only through its own code, which the nested calls model).
bool is_contract(const Address& a);

// The next id after `counter` (none past u128::MAX: the contracts refuse, R4).
inline u128 next_id(const u128& counter) { return saturating_add(counter, u128(1)); }

// A payable call's value: mostly one of `good` (what the flow needs: a budget, a stake, a
// price), else an edge (pick::value: 0, 1, past u128::MAX, the caller's balance + 1…).
U256 value(const GeneratorView& m, const Address& contract, const Address& caller, const std::vector<U256>& good);

// A string argument: "", short ones, and one byte past `limit` when given (the spec's
// payload and key size limits).
std::string text(std::optional<std::size_t> limit = std::nullopt);
// A non-zero 32-byte hash, now and then the zero one (InvalidResultHash).
ms::Hash32 result_hash();
ms::Hash32 hash_of(u8 fill);

// model::Values of the spec's types (model/spec/bridge/values.hpp's layout).
template <std::size_t N> Value bytes(const ms::ByteArray<N>& b) {
  return Value(std::string(reinterpret_cast<const char*>(b.bytes.data()), N));
}
inline Value i32(std::int32_t v) { return Value(U256(static_cast<std::uint32_t>(v))); }
inline Value some_u128(const std::optional<u128>& v) { return v ? Value::some(Value(*v)) : Value::none(); }
template <class E> Value variant(E e) { return Value::variant(static_cast<u32>(e)); }

// A call of one spec message.
struct SpecCall : CallCommand {
  SpecCall(const GeneratorView& m, const Address& contract, std::string_view message)
      : CallCommand(m, contract, message) {}
};

// Which contracts a flow of §4 waits on now (by model::ContractKind; the last entry, the
// common commands, never): the queue for an owner's or provider's next step (a bid to
// accept, a job to start or complete, a dispute to resolve), the registry for a bid on a
// registered job or a slash, the escrow for a completed public job to pay or a balance
// to withdraw, phala for an attestation of a private job in progress, the NFT registry
// for a subscription to use, mev for intents to batch and batches to execute.
std::array<bool, model::kContractCount + 1> waiting(const GeneratorView& m);

// Plain transfers between spec actors and contracts, and the clock.
rc::Gen<CommandPtr> common_commands(const SharedGeneratorView& model);

// The six handlers (fuzz/spec/<contract>.cpp), following the flows of spec §4.
rc::Gen<CommandPtr> ai_job_queue_commands(const SharedGeneratorView& model);
rc::Gen<CommandPtr> payment_escrow_commands(const SharedGeneratorView& model);
rc::Gen<CommandPtr> compute_provider_registry_commands(const SharedGeneratorView& model);
rc::Gen<CommandPtr> data_nft_registry_commands(const SharedGeneratorView& model);
rc::Gen<CommandPtr> phala_job_processor_commands(const SharedGeneratorView& model);
rc::Gen<CommandPtr> mev_protection_commands(const SharedGeneratorView& model);

}  // namespace meshcheck::fuzz::spec
