// data_nft_registry's ghost numbering (smt/data_nft_registry.hpp): its concrete hook
// (Numbering::on_write, which the Monitor runs) and its Z3 hook (in the encoding's
// write_nft and erase_nft) leave the same numbering after every step of fuzzed runs.
// The encoding test cannot check it (from_model numbers a state's tokens in id order,
// which a swap-remove does not keep: FieldDecl::history), so this test does: it carries
// the run's numbering along, hands it to the encoding as the pre-state's, and compares
// the state after the call with the concrete hook's. It also holds every numbering the run
// reaches to the counting statements `numbered` and `free_slots_empty` (the prover's
// lemmas), and shows that the comparison fails when the concrete numbering is not updated.
#include <gtest/gtest.h>

#include <functional>
#include <iostream>
#include <string>

#include "fuzz/sequence.hpp"
#include "model/data_nft_registry.hpp"
#include "smt/data_nft_registry.hpp"
#include "support/encoding_check.hpp"
#include "support/fuzzed_sequences.hpp"
#include "support/harness.hpp"

namespace meshcheck {
namespace {

namespace dnr = model::deployed::data_nft_registry;
using smt::data_nft_registry::Numbering;
using testing::Truth;

// The concrete hook on one step, as the Monitor runs it: once per changed token.
void step_numbering(Numbering& numbering, const dnr::State& was, const dnr::State& now) {
  PMap<u128, dnr::DataNFT>::diff(was.nfts, now.nfts, [&](const u128& id, const dnr::DataNFT* old,
                                                         const dnr::DataNFT* cur) {
    numbering.on_write(id, old ? &old->owner : nullptr, cur ? &cur->owner : nullptr);
  });
}

struct Outcome {
  std::string disagreement;     // the first step where the two hooks differ ("" when none)
  std::size_t compared = 0;     // calls whose state after was compared
  std::size_t renumbered = 0;   // of them, transfers and burns of an owner's not-last token
};

// Runs fuzzed sequences on data_nft_registry; `update` is the concrete hook the
// comparison trusts (the real one, or a broken one for the self-test).
Outcome compare(const std::function<void(Numbering&, const dnr::State&, const dnr::State&)>& update) {
  const smt::ContractEncoding& enc = *smt::encoding_of("data_nft_registry");
  Outcome out;
  testing::Tally tally;
  testing::for_each_fuzzed_sequence("data_nft_registry", 5, 100, 50, [&](const model::World& start,
                                                                       const std::vector<fuzz::TraceStep>& steps) {
    model::World world = start;
    std::map<Address, Numbering> numberings;  // per registry instance, from the state first seen
    for (auto& step : steps) {
      model::World before = world;
      if (auto* t = std::get_if<fuzz::TransferStep>(&step)) {
        world.transfer(t->from, t->to, t->value);
        continue;
      }
      const model::Call& call = std::get<fuzz::CallStep>(step).call;
      world.call(call);
      const model::Instance* was = before.instance(call.contract);
      if (!was || was->spec != enc.spec) continue;
      const auto& was_state = static_cast<const dnr::State&>(*was->state);
      const auto& now_state = static_cast<const dnr::State&>(*world.instance(call.contract)->state);
      auto it = numberings.try_emplace(call.contract, Numbering::of(was_state)).first;
      Numbering numbering_before = it->second;
      update(it->second, was_state, now_state);
      const Numbering& numbering_after = it->second;

      z3::context c;
      testing::ConcreteCall encoded;
      std::string why = testing::encode_call(c, enc, before, call, encoded, tally);
      if (!why.empty()) {
        out.disagreement = call.message->label + ": " + why;
        return false;
      }
      if (!encoded.taken) continue;
      // The same call from the run's numbering rather than from_model's.
      smt::SymState pre = *encoded.pre;
      smt::data_nft_registry::put_numbering(pre, numbering_before);
      auto branches = smt::call_branches(*encoded.message, pre, *encoded.env, encoded.args);
      const smt::SymBranch& taken = branches.at(encoded.taken - encoded.branches.data());
      smt::SymState expected = pre;
      smt::data_nft_registry::put_numbering(expected, numbering_after);
      for (smt::StateField f : {smt::data_nft_registry::kOwned, smt::data_nft_registry::kSlot,
                                smt::data_nft_registry::kNumber})
        if (testing::truth(c, taken.post[f] == expected[f]) != Truth::True) {
          out.disagreement = call.message->label + " (branch '" + taken.name + "'): " + std::string(f.name()) +
                             " differs from the concrete hook's";
          return false;
        }
      if (testing::truth(c, smt::data_nft_registry::numbered(taken.post)) != Truth::True) {
        out.disagreement = call.message->label + ": after it a live token is not in its owner's slot of its number";
        return false;
      }
      if (testing::truth(c, smt::data_nft_registry::free_slots_empty(taken.post)) != Truth::True) {
        out.disagreement = call.message->label + ": after it a slot at or above its owner's count holds a token";
        return false;
      }
      ++out.compared;
      // A token left its owner and was not that owner's last-numbered one: the swap.
      PMap<u128, dnr::DataNFT>::diff(was_state.nfts, now_state.nfts, [&](const u128& id, const dnr::DataNFT* old,
                                                                         const dnr::DataNFT* cur) {
        if (!old || (cur && cur->owner == old->owner)) return;
        const std::vector<u128>& tokens = numbering_before.tokens_of(old->owner);
        if (!tokens.empty() && tokens.back() != id) ++out.renumbered;
      });
    }
    return true;
  });
  return out;
}

TEST(NftNumbering, ConcreteAndZ3HooksAgreeOnFuzzedRuns) {
  const Outcome out = compare(step_numbering);
  EXPECT_EQ(out.disagreement, "");
  EXPECT_GE(out.compared, 200u);
  std::cout << out.compared << " calls compared, " << out.renumbered << " of them swap-removes\n";
  EXPECT_GE(out.renumbered, 5u) << "too few swap-removes to say the hooks agree on them";
}

// The comparison can fail: a concrete numbering the steps do not update differs from the
// encoding's after the first mint.
TEST(NftNumbering, NoticesAHookThatDoesNotUpdate) {
  const Outcome out = compare([](Numbering&, const dnr::State&, const dnr::State&) {});
  EXPECT_NE(out.disagreement.find("differs from the concrete hook's"), std::string::npos) << out.disagreement;
}

// The concrete hook itself: a swap-remove hands the removed number to the last token.
TEST(NftNumbering, SwapRemoveMovesTheLastToken) {
  const Address alice = testing::h160(0x01), bob = testing::h160(0x02);
  Numbering n;
  for (unsigned id = 1; id <= 3; ++id) n.on_write(u128(id), nullptr, &alice);
  n.on_write(u128(1), &alice, &bob);  // transferred: 3 takes number 0
  EXPECT_EQ(n.tokens_of(alice), (std::vector<u128>{u128(3), u128(2)}));
  EXPECT_EQ(n.tokens_of(bob), (std::vector<u128>{u128(1)}));
  n.on_write(u128(2), &alice, &alice);  // an update keeps its number
  EXPECT_EQ(n.tokens_of(alice), (std::vector<u128>{u128(3), u128(2)}));
  n.on_write(u128(2), &alice, nullptr);  // burnt, the last one: nothing moves
  n.on_write(u128(3), &alice, nullptr);
  EXPECT_EQ(n.owned(alice), 0u);
  EXPECT_TRUE(n.owners().count(alice) == 0);
}

}  // namespace
}  // namespace meshcheck
