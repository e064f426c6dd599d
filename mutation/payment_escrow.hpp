// payment_escrow's mutation sites (mutation/site.hpp), read by model/payment_escrow.cpp
// and smt/payment_escrow.cpp alike. Both builds run the same code, so a site mutates both.
//
// Not sites: the "no such escrow" refusals (dropping one reads an absent escrow: the
// contract would unwrap None, the model would read through a null pointer, which says
// nothing about the suite) and the "transfer failed" refusals (dropping one pays out
// money the contract does not hold: the transfer itself fails first).
#pragma once

#include "model/payment_escrow.hpp"
#include "mutation/site.hpp"

namespace meshcheck::mutation::payment_escrow {

namespace pe = model::deployed::payment_escrow;

enum class Site : unsigned {
  kDepositZero,
  kDepositActive,
  kDepositWrite,
  kDepositEvent,
  kDepositReturn,
  kSetProviderNotOwner,
  kSetProviderClosed,
  kSetProviderWrite,
  kSetProviderEvent,
  kSetProviderReturn,
  kReleaseNotOwner,
  kReleaseClosed,
  kReleaseNoProvider,
  kReleaseZero,
  kReleaseTransfer,
  kReleaseMark,
  kReleaseClear,
  kReleaseEvent,
  kReleaseReturn,
  kRefundNotOwner,
  kRefundClosed,
  kRefundZero,
  kRefundTransfer,
  kRefundMark,
  kRefundClear,
  kRefundEvent,
  kRefundReturn,
  kCount,
};

constexpr model::ContractKind site_contract(Site) { return model::ContractKind::kPaymentEscrow; }

constexpr SiteTable<Site> site_table(Site) {
  using enum Site;
  using K = SiteKind;
  using D = pe::DepositForJobBranch;
  using S = pe::SetProviderBranch;
  using R = pe::ReleaseToProviderBranch;
  using F = pe::RefundToOwnerBranch;
  using model::branch_name;
  return {{
      {kDepositZero, {"kDepositZero", "deposit.zero", "deposit_for_job", branch_name(D::kZero), K::kGuard,
                      "refuses a deposit of 0 (`amount == 0`)"}},
      {kDepositActive, {"kDepositActive", "deposit.active", "deposit_for_job", branch_name(D::kActive), K::kGuard,
                        "refuses to overwrite an active escrow (neither released nor refunded, amount > 0)"}},
      {kDepositWrite, {"kDepositWrite", "deposit.write", "deposit_for_job", branch_name(D::kNew), K::kWrite,
                       "stores the new escrow"}},
      {kDepositEvent, {"kDepositEvent", "deposit.event", "deposit_for_job", branch_name(D::kNew), K::kEvent,
                       "emits Deposited (the corruption zeroes its amount)"}},
      {kDepositReturn, {"kDepositReturn", "deposit.return", "deposit_for_job", branch_name(D::kNew), K::kReturn,
                        "returns true"}},
      {kSetProviderNotOwner, {"kSetProviderNotOwner", "set_provider.not_owner", "set_provider",
                              branch_name(S::kNotOwner), K::kGuard, "refuses a caller other than the owner"}},
      {kSetProviderClosed, {"kSetProviderClosed", "set_provider.closed", "set_provider", branch_name(S::kClosed),
                            K::kGuard, "refuses a released or refunded escrow"}},
      {kSetProviderWrite, {"kSetProviderWrite", "set_provider.write", "set_provider", branch_name(S::kOk), K::kWrite,
                           "stores the new provider"}},
      {kSetProviderEvent, {"kSetProviderEvent", "set_provider.event", "set_provider", branch_name(S::kOk), K::kEvent,
                           "emits ProviderSet (the corruption zeroes its provider)"}},
      {kSetProviderReturn, {"kSetProviderReturn", "set_provider.return", "set_provider", branch_name(S::kOk),
                            K::kReturn, "returns true"}},
      {kReleaseNotOwner, {"kReleaseNotOwner", "release.not_owner", "release_to_provider", branch_name(R::kNotOwner),
                          K::kGuard, "refuses a caller other than the owner"}},
      {kReleaseClosed, {"kReleaseClosed", "release.closed", "release_to_provider", branch_name(R::kClosed), K::kGuard,
                        "refuses a released or refunded escrow"}},
      {kReleaseNoProvider, {"kReleaseNoProvider", "release.no_provider", "release_to_provider",
                            branch_name(R::kNoProvider), K::kGuard, "refuses an escrow without a provider"}},
      {kReleaseZero, {"kReleaseZero", "release.zero", "release_to_provider", branch_name(R::kZero), K::kGuard,
                      "refuses an escrow of amount 0"}},
      {kReleaseTransfer, {"kReleaseTransfer", "release.transfer", "release_to_provider", branch_name(R::kOk),
                          K::kTransfer, "pays the amount to the provider"}},
      {kReleaseMark, {"kReleaseMark", "release.mark", "release_to_provider", branch_name(R::kOk), K::kWrite,
                      "marks the escrow released"}},
      {kReleaseClear, {"kReleaseClear", "release.clear", "release_to_provider", branch_name(R::kOk), K::kWrite,
                       "sets the escrow's amount to 0"}},
      {kReleaseEvent, {"kReleaseEvent", "release.event", "release_to_provider", branch_name(R::kOk), K::kEvent,
                       "emits Released (the corruption zeroes its amount)"}},
      {kReleaseReturn, {"kReleaseReturn", "release.return", "release_to_provider", branch_name(R::kOk), K::kReturn,
                        "returns true"}},
      {kRefundNotOwner, {"kRefundNotOwner", "refund.not_owner", "refund_to_owner", branch_name(F::kNotOwner),
                         K::kGuard, "refuses a caller other than the owner"}},
      {kRefundClosed, {"kRefundClosed", "refund.closed", "refund_to_owner", branch_name(F::kClosed), K::kGuard,
                       "refuses a released or refunded escrow"}},
      {kRefundZero, {"kRefundZero", "refund.zero", "refund_to_owner", branch_name(F::kZero), K::kGuard,
                     "refuses an escrow of amount 0"}},
      {kRefundTransfer, {"kRefundTransfer", "refund.transfer", "refund_to_owner", branch_name(F::kOk), K::kTransfer,
                         "pays the amount back to the owner"}},
      {kRefundMark, {"kRefundMark", "refund.mark", "refund_to_owner", branch_name(F::kOk), K::kWrite,
                     "marks the escrow refunded"}},
      {kRefundClear, {"kRefundClear", "refund.clear", "refund_to_owner", branch_name(F::kOk), K::kWrite,
                      "sets the escrow's amount to 0"}},
      {kRefundEvent, {"kRefundEvent", "refund.event", "refund_to_owner", branch_name(F::kOk), K::kEvent,
                      "emits Refunded (the corruption zeroes its amount)"}},
      {kRefundReturn, {"kRefundReturn", "refund.return", "refund_to_owner", branch_name(F::kOk), K::kReturn,
                       "returns true"}},
  }};
}

}  // namespace meshcheck::mutation::payment_escrow
