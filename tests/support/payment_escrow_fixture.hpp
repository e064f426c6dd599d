// A fresh world with payment_escrow deployed, and its messages as one-line calls: shared by
// the tests of its two builds (payment_escrow_test.cpp, ink! 5.1.1; payment_escrow_ink6_test.cpp,
// ink! 6), which deploy it at an address of their build's width.
#pragma once

#include <gtest/gtest.h>

#include "model/payment_escrow.hpp"
#include "support/harness.hpp"

namespace meshcheck::testing {

struct PaymentEscrowFixture {
  Harness h;
  Address c;
  // The deployment address's width picks the build.
  PaymentEscrowFixture(const Address& contract, const Address& admin) { c = h.deploy("payment_escrow", contract, admin); }

  CallResult deposit(const Address& caller, u128 job_id, const Address& provider, const U256& value) {
    return h.call(c, caller, "deposit_for_job", {job_id, provider}, value);
  }
  CallResult set_provider(const Address& caller, u128 job_id, const Address& provider, const U256& value = 0) {
    return h.call(c, caller, "set_provider", {job_id, provider}, value);
  }
  CallResult release(const Address& caller, u128 job_id, const U256& value = 0) {
    return h.call(c, caller, "release_to_provider", {job_id}, value);
  }
  CallResult refund(const Address& caller, u128 job_id, const U256& value = 0) {
    return h.call(c, caller, "refund_to_owner", {job_id}, value);
  }
  Value escrow(u128 job_id) { return h.read(c, "get_escrow", {job_id}); }
  const model::deployed::payment_escrow::State& state() const {
    return h.state<model::deployed::payment_escrow::State>(c);
  }
};

// The boolean messages' success: no revert, and `true` returned.
inline void expect_returned_true(const CallResult& r) {
  EXPECT_FALSE(r.outcome.reverted) << r.outcome.reason;
  EXPECT_EQ(r.outcome.returned, Value(true));
}

}  // namespace meshcheck::testing
