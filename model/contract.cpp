#include "model/contract.hpp"

namespace meshcheck::model {

const MessageSpec* ContractSpec::message(std::string_view label) const {
  for (auto& m : messages)
    if (m.label == label) return &m;
  return nullptr;
}

const EventSpec* ContractSpec::event(std::string_view event_name) const {
  for (auto* e : events)
    if (e->name == event_name) return e;
  return nullptr;
}

MessageResult run_message(const MessageSpec& message, const StatePtr& state, const CallEnv& env, Args args) {
  Ctx ctx(env);
  try {
    std::shared_ptr<ContractState> next = state->clone();
    Value ret = message.body(*next, ctx, args);
    // A read-only (`&self`) message cannot write storage: its copy is dropped.
    StatePtr after = message.mutates ? StatePtr(std::move(next)) : state;
    return MessageResult{std::move(after), Outcome{false, std::move(ret), {}}, std::move(ctx.events),
                         std::move(ctx.transfers), ctx.covered};
  } catch (const Panic& p) {
    return MessageResult{state, Outcome::revert(p.what()), {}, {}, ctx.covered};
  } catch (const std::overflow_error& e) {
    return MessageResult{state, Outcome::revert(std::string("arithmetic overflow: ") + e.what()), {}, {}, ctx.covered};
  }
}

}  // namespace meshcheck::model
