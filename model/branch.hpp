// The branches of a message: its guard outcomes, each declared once.
//
// A message's branches are an enum class (their order is the order of
// MessageSpec::branches and the bits of Ctx::covered) with the texts the reports print,
// declared beside it by a `branch_names` function that argument-dependent lookup finds:
//
//   enum class SetBatchConfigBranch : unsigned { kNotAdmin, kMinAboveSize, kOk, kCount };
//   constexpr BranchNames<SetBatchConfigBranch> branch_names(SetBatchConfigBranch) {
//     using enum SetBatchConfigBranch;
//     return {{{kNotAdmin, "caller is not the admin"},
//              {kMinAboveSize, "min_batch_size above batch_size"},
//              {kOk, "ok"}}};
//   }
//
// The model marks a branch with ctx.cover(SetBatchConfigBranch::kOk), the message table
// lists branch_list<SetBatchConfigBranch>(), and the Z3 encoding names its SymBranch by
// the same enumerator (smt/encoding.hpp): a misspelled branch is an unknown identifier,
// and a text out of step with its enumerator fails the build (EnumTable).
#pragma once

#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/enum_table.hpp"

namespace meshcheck::model {

// The texts of one message's branches: at most 64 (one bit each in Ctx::covered), none
// empty, no two alike (the coverage and the encoding test find a branch by its text).
template <CountedEnum E>
class BranchNames : public EnumTable<E, std::string_view> {
  using Table = EnumTable<E, std::string_view>;
  static_assert(Table::kSize <= 64, "Ctx::covered has 64 bits: at most 64 branches per message");

 public:
  consteval BranchNames(const typename Table::Entry (&entries)[Table::kSize]) : Table(entries) {
    const auto& names = this->values();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i].empty()) throw "BranchNames: a branch without a text";
      for (std::size_t j = 0; j < i; ++j)
        if (names[i] == names[j]) throw "BranchNames: two branches of one message with the same text";
    }
  }
};

// A message's branch enum: one whose `branch_names` function is declared beside it.
template <class E>
concept BranchEnum = CountedEnum<E> && requires(E e) {
  { branch_names(e) } -> std::same_as<BranchNames<E>>;
};

template <BranchEnum E>
constexpr std::string_view branch_name(E branch) {
  return branch_names(branch)[branch];
}

// MessageSpec::branches of a message whose branches are E: their texts in order.
template <BranchEnum E>
std::vector<std::string> branch_list() {
  const BranchNames<E> names = branch_names(E{});
  return std::vector<std::string>(names.values().begin(), names.values().end());
}

}  // namespace meshcheck::model
