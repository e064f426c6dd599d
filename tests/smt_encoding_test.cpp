// The Z3 encoding is checked against the C++ model, call by call: what makes a proof
// about the encoding a proof about the model.
//
// For each contract, RapidCheck generates fuzzed call sequences (the fuzzer's own
// handlers, with that contract chosen most of the time) and every call to that contract
// is run twice: by the model (World::call) and through the encoding on the same concrete
// pre-state, environment and arguments. Exactly one branch guard must hold; it must be
// the guard outcome the model took (its Ctx::cover marker); and it must compute the
// model's successor state (every field, the balance and the ghosts), outcome, events
// and transfers.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <map>
#include <set>
#include <sstream>

#include "fuzz/sequence.hpp"
#include "invariants/invariant.hpp"
#include "model/profile.hpp"
#include "smt/encoding.hpp"

namespace meshcheck {
namespace {

using smt::SymBranch;
using smt::SymState;

// The truth value of a closed formula (every symbol concrete, except payloads that
// must not matter: then the solver decides whether it holds for all of them).
enum class Truth { True, False, Depends };
Truth truth(z3::context& c, const z3::expr& e) {
  z3::expr s = e.simplify();
  if (s.is_true()) return Truth::True;
  if (s.is_false()) return Truth::False;
  z3::solver solver(c);
  solver.add(!e);
  if (solver.check() == z3::unsat) return Truth::True;
  solver.reset();
  solver.add(e);
  if (solver.check() == z3::unsat) return Truth::False;
  return Truth::Depends;
}

struct Tally {
  std::size_t checked = 0;
  std::size_t skipped_long_vec = 0;
  std::size_t skipped_unfunded = 0;
  std::map<std::string, std::size_t> per_message;
  std::set<std::string> branches_hit;  // "message: branch"
};

// Checks one call; returns "" when the encoding agrees with the model, else why not.
std::string check_call(const smt::ContractEncoding& enc, const model::World& before, const model::Call& call,
                       Tally& tally) {
  const model::MessageSpec* spec = call.message;
  z3::context c;
  std::vector<smt::SymMessage> messages = enc.messages(c);
  const smt::SymMessage* message = nullptr;
  for (auto& m : messages)
    if (m.spec == spec) message = &m;
  if (!message) return spec->mutates ? "the mutating message " + spec->label + " has no encoding" : "";

  // A tracked caller that cannot pay the value is refused by the world before the
  // contract runs: not a branch of the message (the prover's callers are untracked).
  if (before.tracked(call.caller) && *before.balance(call.caller) < call.value) {
    ++tally.skipped_unfunded;
    return "";
  }
  std::vector<smt::SymValue> args;
  try {
    for (std::size_t i = 0; i < spec->args.size(); ++i) args.push_back(smt::literal(c, spec->args[i].type, call.args[i]));
  } catch (const std::invalid_argument&) {
    ++tally.skipped_long_vec;  // a Vec longer than the encodings unroll
    return "";
  }
  const model::Instance& instance = *before.instance(call.contract);
  SymState pre = enc.from_model(c, *instance.state, invariants::balance_in(before, call.contract));
  unsigned value_width = enc.spec->ink == model::InkVersion::V6 ? 256 : 128;
  smt::SymEnv env{smt::address_val(c, call.caller), smt::address_val(c, call.contract),
                  smt::bv_val(c, call.value, value_width), c.bv_val(call.block, 32),
                  c.bv_val(static_cast<std::uint64_t>(call.timestamp), 64)};

  model::World after = before;
  model::CallResult result = after.call(call);
  SymState post = enc.from_model(c, *after.instance(call.contract)->state, invariants::balance_in(after, call.contract));

  std::vector<SymBranch> branches = smt::call_branches(*message, pre, env, args);
  const SymBranch* taken = nullptr;
  std::ostringstream why;
  for (auto& b : branches) {
    Truth t = truth(c, b.guard);
    if (t == Truth::Depends) return "the guard of branch '" + b.name + "' is not decided by the concrete call";
    if (t == Truth::False) continue;
    if (taken) return "two branches hold: '" + taken->name + "' and '" + b.name + "'";
    taken = &b;
  }
  if (!taken) return "no branch holds";
  ++tally.checked;
  ++tally.per_message[spec->label];
  tally.branches_hit.insert(spec->label + ": " + taken->name);

  const std::string at = "branch '" + taken->name + "': ";
  if (taken->reverts != result.outcome.reverted)
    return at + (result.outcome.reverted ? "the model reverted (" + result.outcome.reason + ")" : "the model returned");
  if (taken->name.rfind("revert: ", 0) != 0) {
    auto& names = spec->branches;
    auto it = std::find(names.begin(), names.end(), taken->name);
    if (it == names.end()) return at + "not one of the model's branch names";
    if (!(result.covered >> (it - names.begin()) & 1)) return at + "the model did not take this branch";
  }
  if (truth(c, taken->post.balance == post.balance) != Truth::True)
    return at + "balance: encoding " + taken->post.balance.simplify().to_string() + ", model " +
           post.balance.to_string();
  for (auto& [name, e] : post.fields())
    if (truth(c, taken->post[name] == e) != Truth::True) return at + "field " + name + " differs from the model's";
  if (taken->post.fields().size() != post.fields().size()) return at + "the encoding's state has other fields";
  if (result.outcome.reverted) return "";

  if (spec->returns->kind != TypeKind::Tuple || !spec->returns->fields.empty()) {
    if (!taken->returned) return at + "returns nothing";
    smt::SymValue expected = smt::literal(c, spec->returns, result.outcome.returned);
    if (truth(c, smt::equals(*taken->returned, expected)) != Truth::True) return at + "returned value differs";
  }
  if (taken->events.size() != result.events.size())
    return at + std::to_string(taken->events.size()) + " events, the model emitted " +
           std::to_string(result.events.size());
  for (std::size_t i = 0; i < result.events.size(); ++i) {
    const model::Event& e = result.events[i];
    if (taken->events[i].spec != e.spec) return at + "event " + std::to_string(i) + " is not " + e.spec->name;
    for (std::size_t f = 0; f < e.fields.size(); ++f)
      if (truth(c, smt::equals(taken->events[i].fields[f], smt::literal(c, e.spec->fields[f].type, e.fields[f]))) !=
          Truth::True)
        return at + "event " + e.spec->name + " field " + e.spec->fields[f].name + " differs";
  }
  if (taken->transfers.size() != result.transfers.size()) return at + "transfer count differs";
  for (std::size_t i = 0; i < result.transfers.size(); ++i) {
    if (truth(c, taken->transfers[i].to == smt::address_val(c, result.transfers[i].to)) != Truth::True ||
        truth(c, taken->transfers[i].amount == smt::int_val(c, BigInt(result.transfers[i].amount))) != Truth::True)
      return at + "transfer " + std::to_string(i) + " differs";
  }
  return "";
}

// The handler index of each contract in fuzz::Mix.
std::size_t handler_index(const std::string& contract) {
  static const std::vector<std::string> order{"ai_job_queue",      "payment_escrow",      "compute_provider_registry",
                                              "data_nft_registry", "phala_job_processor", "mev_protection"};
  return std::find(order.begin(), order.end(), contract) - order.begin();
}

class EncodingAgreesWithModel : public ::testing::TestWithParam<std::string> {};

TEST_P(EncodingAgreesWithModel, OnFuzzedCalls) {
  const std::string contract = GetParam();
  const smt::ContractEncoding* enc = smt::encoding_of(contract);
  ASSERT_NE(enc, nullptr);

  struct Silent : rc::detail::TestListener {
    void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
    void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
    void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
  } silent;
  const fuzz::Setup setup = fuzz::make_setup(model::deployed_profile(), {"G-VALUE"});
  fuzz::Recorder recorder;
  recorder.keep_runs = true;
  fuzz::Mix mix;
  mix.weights.fill(0);
  mix.weights[handler_index(contract)] = 10;
  mix.weights[6] = 1;  // plain transfers and the clock
  Tally tally;
  std::string failure;
  const auto property = rc::detail::toProperty([&] {
    fuzz::run_sequence(setup, mix, recorder, false);
    model::World world = setup.world;
    for (auto& step : recorder.last_run) {
      if (auto* t = std::get_if<fuzz::TransferStep>(&step)) {
        world.transfer(t->from, t->to, t->value);
        continue;
      }
      const auto& call = std::get<fuzz::CallStep>(step).call;
      if (world.instance(call.contract)->spec == enc->spec && failure.empty()) {
        std::string why = check_call(*enc, world, call, tally);
        if (!why.empty()) failure = contract + "." + call.message->label + ": " + why;
      }
      world.call(call);
    }
    RC_ASSERT(failure.empty());
  });
  rc::detail::TestParams params;
  params.seed = 7;
  params.maxSuccess = 25;
  params.maxSize = 60;
  params.disableShrinking = true;
  auto result = rc::detail::checkProperty(property, rc::detail::TestMetadata{}, params, silent, {});
  EXPECT_TRUE(failure.empty()) << failure;
  EXPECT_TRUE(result.is<rc::detail::SuccessResult>());

  // Every mutating message was checked, and the branches never reached are listed.
  std::vector<smt::SymMessage> messages;
  z3::context c;
  messages = enc->messages(c);
  for (auto* spec_message : [&] {
         std::vector<const model::MessageSpec*> v;
         for (auto& m : enc->spec->messages)
           if (m.mutates) v.push_back(&m);
         return v;
       }())
    EXPECT_GT(tally.per_message[spec_message->label], 0u) << spec_message->label << " was never checked";
  std::ostringstream report;
  report << contract << ": " << tally.checked << " calls checked against the model";
  if (tally.skipped_long_vec) report << ", " << tally.skipped_long_vec << " skipped (a Vec longer than kMaxVec)";
  if (tally.skipped_unfunded) report << ", " << tally.skipped_unfunded << " skipped (the caller could not pay)";
  report << "\n";
  for (auto& m : enc->spec->messages) {
    if (!m.mutates) continue;
    for (auto& name : m.branches)
      if (!tally.branches_hit.count(m.label + ": " + name)) report << "  not reached: " << m.label << ": " << name << "\n";
  }
  std::cout << report.str();
}

INSTANTIATE_TEST_SUITE_P(Contracts, EncodingAgreesWithModel,
                         ::testing::Values("ai_job_queue", "payment_escrow", "compute_provider_registry",
                                           "data_nft_registry", "phala_job_processor", "mev_protection"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace meshcheck
