// The rules every ink! 5 contract without a payable message obeys (mev_protection,
// phala_job_processor), written once as a type-parameterized suite: the spec says so; each
// event carries a u128 id as its only, indexed, field; value sent to any message reverts
// with no effect; a value above u128::MAX, an H160 caller or an H160 deployment is a
// WorldError.
//
// A contract's test file instantiates it with a type that describes the contract:
//
//   struct MevContract {
//     using Fixture = Mev;  // a Harness that deploys the contract at account(kAddressFill)
//     static constexpr std::string_view kName = "mev_protection";
//     static constexpr u8 kAddressFill = 0xC1;
//     static const model::ContractSpec& spec();
//     static inline const std::vector<std::string> kMessages{...};  // every label, in order
//     static inline const std::vector<std::string> kMutating{...};  // the labels that write storage
//     static inline const std::vector<std::pair<std::string, std::string>> kIdEvents{...};  // event, id field
//     static std::vector<Value> sample_args(const std::string& label);  // arguments of the right types
//     static inline const Address kPayer = ...;  // who sends value (given a balance of 1000)
//     static void fill(Fixture& h);           // some state for the reverts to leave alone
//     static void expect_filled(Fixture& h);  // that state, as fill() left it
//     static constexpr u8 kH160CallerFill = 0x01;  // the H160 caller tried
//   };
//   INSTANTIATE_TYPED_TEST_SUITE_P(Mev, NonPayableInk5Contract, MevContract);
//
// The contract is deployed by account(0x01), and account(0x02) sends a value above u128::MAX.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/harness.hpp"

namespace meshcheck::testing {

template <class Contract>
class NonPayableInk5Contract : public ::testing::Test {
 protected:
  static Address contract() { return account(Contract::kAddressFill); }
};

TYPED_TEST_SUITE_P(NonPayableInk5Contract);

TYPED_TEST_P(NonPayableInk5Contract, IsInk5WithAccountIdAddressesAndNoPayableMessage) {
  const auto& s = TypeParam::spec();
  EXPECT_EQ(s.name, TypeParam::kName);
  EXPECT_EQ(s.ink, model::InkVersion::V5);
  EXPECT_EQ(s.address_kind(), AddressKind::AccountId);
  EXPECT_EQ(s.max_value(), kU128MaxAsU256);
  std::vector<std::string> labels;
  for (auto& m : s.messages) {
    labels.push_back(m.label);
    EXPECT_FALSE(m.payable) << m.label;
  }
  EXPECT_EQ(labels, TypeParam::kMessages);
  const auto& mutating = TypeParam::kMutating;
  for (const std::string& label : TypeParam::kMessages)
    EXPECT_EQ(s.message(label)->mutates, std::find(mutating.begin(), mutating.end(), label) != mutating.end()) << label;
}

TYPED_TEST_P(NonPayableInk5Contract, EventsCarryTheirIdAsTheOnlyTopic) {
  const auto& s = TypeParam::spec();
  ASSERT_EQ(s.events.size(), TypeParam::kIdEvents.size());
  for (const auto& [name, field] : TypeParam::kIdEvents) {
    const model::EventSpec* e = s.event(name);
    ASSERT_NE(e, nullptr) << name;
    ASSERT_EQ(e->fields.size(), 1u) << name;
    EXPECT_EQ(e->fields[0].name, field) << name;
    EXPECT_EQ(e->fields[0].type->kind, TypeKind::U128) << name;
    EXPECT_TRUE(e->fields[0].indexed) << name;
  }
}

TYPED_TEST_P(NonPayableInk5Contract, AnyValueSentToAnyMessageRevertsWithNoEffect) {
  typename TypeParam::Fixture h;
  TypeParam::fill(h);
  const Address& payer = TypeParam::kPayer;
  h.world.set_balance(payer, 1000);
  for (auto& m : TypeParam::spec().messages) {
    for (const U256& value : {U256(1), U256(1000), kU128MaxAsU256}) {
      World before = h.world;
      auto r = h.call(this->contract(), payer, m.label, TypeParam::sample_args(m.label), value);
      EXPECT_TRUE(r.outcome.reverted) << m.label << " value " << value;
      EXPECT_TRUE(r.events.empty()) << m.label;
      EXPECT_TRUE(r.transfers.empty()) << m.label;
      EXPECT_TRUE(h.world == before) << m.label;
    }
  }
  EXPECT_EQ(h.balance(payer), U256(1000));
  EXPECT_EQ(h.balance(this->contract()), U256(0));
  TypeParam::expect_filled(h);
}

TYPED_TEST_P(NonPayableInk5Contract, ValueAboveU128MaxIsAWorldError) {
  typename TypeParam::Fixture h;
  World before = h.world;
  for (auto& m : TypeParam::spec().messages) {
    EXPECT_THROW(h.call(this->contract(), account(0x02), m.label, TypeParam::sample_args(m.label), kU128MaxAsU256 + 1),
                 model::WorldError)
        << m.label;
    EXPECT_TRUE(h.world == before) << m.label;
  }
}

TYPED_TEST_P(NonPayableInk5Contract, H160CallerIsAWorldError) {
  typename TypeParam::Fixture h;
  World before = h.world;
  for (auto& m : TypeParam::spec().messages) {
    EXPECT_THROW(h.call(this->contract(), h160(TypeParam::kH160CallerFill), m.label, TypeParam::sample_args(m.label)),
                 model::WorldError)
        << m.label;
    EXPECT_TRUE(h.world == before) << m.label;
  }
}

TYPED_TEST_P(NonPayableInk5Contract, DeployAtOrByAnH160AddressIsAWorldError) {
  Harness h;
  EXPECT_THROW(h.deploy(TypeParam::kName, h160(TypeParam::kAddressFill), account(0x01)), model::WorldError);
  EXPECT_THROW(h.deploy(TypeParam::kName, this->contract(), h160(0x01)), model::WorldError);
}

REGISTER_TYPED_TEST_SUITE_P(NonPayableInk5Contract, IsInk5WithAccountIdAddressesAndNoPayableMessage,
                            EventsCarryTheirIdAsTheOnlyTopic, AnyValueSentToAnyMessageRevertsWithNoEffect,
                            ValueAboveU128MaxIsAWorldError, H160CallerIsAWorldError,
                            DeployAtOrByAnH160AddressIsAWorldError);

}  // namespace meshcheck::testing
