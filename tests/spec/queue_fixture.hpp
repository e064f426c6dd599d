// The spec system at its standard deployment (model/spec/spec_system.hpp), with helpers
// that put providers, bids and data NFTs straight into the registries' states (their
// messages are not written yet).
#pragma once

#include "model/spec/spec_system.hpp"

namespace meshcheck::model::spec::testing {

using Sys = SpecSystem<Concrete>;
using namespace standard;
inline const Address kOwner = filled(0x0a), kProv = filled(0x0b), kOther = filled(0x0c);

inline Env<Concrete> at(const Address& caller, u32 block, const U256& value = 0) {
  return Env<Concrete>{caller, value, block, u64(block) * 6000};
}

// A registered provider with `caps`, stake and reputation as given.
inline void put_provider(Sys& s, const Address& p, u8 caps, u128 stake = 5000, u32 reputation = 100, bool active = true) {
  Provider<Concrete> v;
  v.endpoint = "https://p";
  v.capabilities = caps;
  v.stake = stake;
  v.reputation = reputation;
  v.is_active = active;
  s.slot<ComputeProviderRegistry>().state.providers.set(p, v);
}
inline void put_bid(Sys& s, u128 job, const Address& p, u128 price, u32 sla_blocks, u128 penalty = 100) {
  s.slot<ComputeProviderRegistry>().state.bids.set({job, p}, Bid<Concrete>{price, {sla_blocks, penalty}, 1});
}
inline void put_nft(Sys& s, u128 id, const Address& owner, PrivacyLevel privacy) {
  DataNft<Concrete> n;
  n.token_id = id;
  n.owner = owner;
  n.policy.privacy = privacy;
  s.slot<DataNftRegistry>().state.nfts.set(id, n);
}

template <class Msg, class... A> Result<Concrete, Sys> run(const Sys& s, const Env<Concrete>& env, const A&... args) {
  return ConcreteExec<Sys>::run<Msg>(s, env, args...);
}

using NoNft = Option<Concrete, u128>;
inline Hash32 hash(u8 b) {
  Hash32 h;
  h.bytes.fill(b);
  return h;
}

// submit_job of a public Cpu job with `budget` and `deadline`, by kOwner at block 1.
inline Result<Concrete, Sys> submit_public(const Sys& s, u128 budget = 1500, u32 deadline = 50) {
  return run<ai_job_queue::SubmitJob>(s, at(kOwner, 1, U256(budget)), std::string("model"), std::string("data"),
                                      NoNft::none(), ComputeType::Cpu, deadline, false, std::string(""),
                                      std::string(""));
}

}  // namespace meshcheck::model::spec::testing
