// A small spec deployment for payment_escrow's tests: the queue (for get_job) and the
// escrow at the standard addresses of ../shared/spec-profile.md §2.3, admin 0x01…01.
#pragma once

#include "model/spec/payment_escrow.hpp"

namespace meshcheck::model::spec::testing {

inline Address addr(u8 fill) { return Address::filled(AddressKind::H160, fill); }
inline const Address kQueue = addr(0xc1), kRegistry = addr(0xc2), kNft = addr(0xc3), kEscrow = addr(0xc4),
                     kPhala = addr(0xc5), kMev = addr(0xc6), kAdmin = addr(0x01), kVerifier = addr(0x06),
                     kAlice = addr(0x0a), kProvider = addr(0x0b);

using EscrowSys = System<Concrete, AiJobQueue, PaymentEscrow>;

inline Wiring<Concrete> standard_wiring() { return {kQueue, kEscrow, kRegistry, kNft, kPhala, kMev}; }

inline EscrowSys escrow_system() {
  EscrowSys s;
  s.slot<AiJobQueue>() = {true, kQueue, U256(0), ai_job_queue::construct<Concrete>(kAdmin, standard_wiring(), 1000)};
  s.slot<PaymentEscrow>() = {true, kEscrow, U256(0), payment_escrow::construct<Concrete>(kAdmin, standard_wiring())};
  return s;
}

// A queue job as get_job would answer it (the queue's messages are not written yet).
inline void put_job(EscrowSys& s, u128 id, JobStatus status, bool private_job) {
  Job<Concrete> j;
  j.id = id;
  j.owner = kAlice;
  j.status = status;
  j.privacy_required = private_job;
  j.compute_type = private_job ? ComputeType::PhalaTee : ComputeType::Cpu;
  s.slot<AiJobQueue>().state.jobs.set(id, j);
}

inline Env<Concrete> as(const Address& caller, const U256& value = 0) { return Env<Concrete>{caller, value, 10, 100000}; }

template <class Msg, class... A> Result<Concrete, EscrowSys> run(const EscrowSys& s, const Env<Concrete>& env, const A&... args) {
  return ConcreteExec<EscrowSys>::run<Msg>(s, env, args...);
}

}  // namespace meshcheck::model::spec::testing
