#include "fuzz/machine.hpp"

#include "fuzz/setup.hpp"
#include "model/spec/bridge/table.hpp"
#include "trace/writer.hpp"

namespace meshcheck::fuzz {

std::string trace_line(const model::World& world, const TraceStep& step) {
  if (auto* c = std::get_if<CallStep>(&step))
    return trace::call_line(*world.instance(c->call.contract)->spec, c->call, &c->result).dump();
  auto& t = std::get<TransferStep>(step);
  return trace::transfer_line(t.from, t.to, t.value).dump();
}

void MonitoredRun::observed(const model::World& before, TraceStep step) {
  ++recorder_.steps_in_case;
  found_.clear();
  if (auto* c = std::get_if<CallStep>(&step)) {
    const model::ContractSpec* spec = world.instance(c->call.contract)->spec;
    if (spec->returns_result()) {
      // A spec call: the branch of every frame it ran (nested calls' ok paths, a nested
      // refusal's error), so that the messages only other contracts call are covered too.
      for (auto& f : model::spec::bridge::frame_branches(world, c->call, c->result)) {
        auto& hit = recorder_.hits[f.message];
        hit.first = f.contract;
        hit.second |= f.bits;
      }
    } else {
      recorder_.hits[c->call.message].second |= c->result.covered;
      recorder_.hits[c->call.message].first = spec;
    }
    if (check_) monitor_.observe({invariants::StepKind::Call, before, world, &c->call, &c->result}, found_);
  } else if (check_) {
    monitor_.observe({invariants::StepKind::Transfer, before, world}, found_);
  }
  steps_.push_back(std::move(step));
  if (found_.empty()) return;
  if (!fail_) {
    recorder_.violations += found_.size();
    return;
  }
  recorder_.failure = Failure{found_.front().id, found_.front().detail, steps_};
  RC_FAIL(found_.front().id + " violated: " + found_.front().detail);
}

Coverage Recorder::coverage() const {
  Coverage out;
  for (auto& [message, hit] : hits) out.add(*hit.first, *message, hit.second);
  return out;
}

CallCommand::CallCommand(const GeneratorView& m, const Address& contract, std::string_view message)
    : contract_(contract),
      spec_(m.world.instance(contract_)->spec),
      message_(spec_->message(message)) {
  if (!message_) throw std::logic_error(spec_->name + " has no message " + std::string(message));
}

model::Call CallCommand::make_call(const GeneratorView& m) const {
  return model::Call{contract_, caller_, value_, message_, args_, m.block, m.timestamp};
}

void CallCommand::checkPreconditions(const GeneratorView& m) const {
  // The chain would not carry a value that overflows the contract's balance (a
  // WorldError, not a revert): after shrinking, an earlier value may have moved it.
  RC_PRE(m.balance(contract_) <= kU256Max - value_);
}

const CallCommand::Ran& CallCommand::ran_from(const model::World& world, const GeneratorView& m) const {
  if (ran_ && ran_->call.block == m.block && ran_->call.timestamp == m.timestamp && same_storage(ran_->before, world))
    return *ran_;
  model::Call call = make_call(m);
  model::World after = world;
  model::CallResult result = after.call(call);
  ran_.emplace(Ran{world, std::move(call), std::move(after), std::move(result)});
  return *ran_;
}

void CallCommand::apply(GeneratorView& m) const { m.world = ran_from(m.world, m).after; }

void CallCommand::run(const GeneratorView& m, MonitoredRun& sut) const {
  const Ran* ran = nullptr;
  try {
    ran = &ran_from(sut.world, m);
  } catch (const model::WorldError& e) {
    RC_FAIL(std::string("the fuzzer generated a call the chain would not carry: ") + e.what());
  }
  model::World before = std::move(sut.world);
  sut.world = ran->after;
  sut.observed(before, CallStep{ran->call, ran->result});
}

void CallCommand::show(std::ostream& os) const {
  os << spec_->name << "." << message_->label << "(";
  for (std::size_t i = 0; i < args_.size(); ++i)
    os << (i ? ", " : "") << message_->args[i].label << "=" << trace::value_to_json(message_->args[i].type, args_[i]).dump();
  os << ") caller=" << caller_.hex() << " value=" << value_.str();
}

}  // namespace meshcheck::fuzz
