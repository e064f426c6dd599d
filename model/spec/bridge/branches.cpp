// The spec messages' branches as coverage bits (table.hpp): a refusal's error variant or
// an ok frame's path, for the top-level frame and for every nested one.
#include <optional>
#include <stdexcept>

#include "model/spec/bridge/table.hpp"

namespace meshcheck::model::spec::bridge {

namespace {
std::uint64_t bit_of(const MessageSpec& message, std::string_view branch) {
  for (std::size_t i = 0; i < message.branches.size(); ++i)
    if (message.branches[i] == branch) return std::uint64_t(1) << i;
  throw std::logic_error("spec bridge: " + message.label + " took branch " + std::string(branch) +
                         ", which its table does not declare");
}

std::size_t index_in(const SpecTable& table, const MessageSpec& message) {
  std::size_t i = std::size_t(&message - table.spec.messages.data());
  if (i >= table.spec.messages.size()) throw std::logic_error("spec bridge: a message of another table");
  return i;
}

// "Error::CalleeFailed (payment_escrow.deposit_escrow: EscrowExists)": the innermost
// failure's contract, message and variant (or trap), as Result::reason writes them.
struct Innermost {
  std::string contract, message, branch;
};
std::optional<Innermost> innermost_of(const std::string& reason) {
  auto open = reason.find(" (");
  if (open == std::string::npos || reason.empty() || reason.back() != ')') return std::nullopt;
  std::string inner = reason.substr(open + 2, reason.size() - open - 3);
  auto dot = inner.find('.'), colon = inner.find(": ");
  if (dot == std::string::npos || colon == std::string::npos || colon < dot) return std::nullopt;
  return Innermost{inner.substr(0, dot), inner.substr(dot + 1, colon - dot - 1), inner.substr(colon + 2)};
}
}  // namespace

std::uint64_t error_bit(const MessageSpec& message, std::string_view error) {
  return message.branches.empty() ? 0 : bit_of(message, error);
}

std::uint64_t ok_bit(const SpecTable& table, const MessageSpec& message, const FrameShape& shape) {
  if (message.branches.empty()) return 0;  // a read: no branches
  for (auto& ok : table.ok_paths.at(index_in(table, message)))
    if (!ok.took || ok.took(shape)) return bit_of(message, ok.name);
  throw std::logic_error("spec bridge: no ok path of " + message.label + " fits the frame");
}

std::vector<FrameBranch> frame_branches(const World& world, const Call& call, const CallResult& result) {
  std::vector<FrameBranch> out;
  const Instance* top = world.instance(call.contract);
  if (!top) return out;
  out.push_back(FrameBranch{top->spec, call.message, result.covered});
  if (result.outcome.reverted) {
    auto inner = innermost_of(result.outcome.reason);
    if (!inner) return out;
    const ContractSpec* c = world.profile().contract(inner->contract);
    const MessageSpec* m = c ? c->message(inner->message) : nullptr;
    if (!m || m->branches.empty()) return out;
    if (std::find(c->errors.begin(), c->errors.end(), inner->branch) == c->errors.end()) return out;  // a trap
    out.push_back(FrameBranch{c, m, error_bit(*m, inner->branch)});
    return out;
  }
  const auto& frames = result.frames;
  for (std::size_t i = 1; i < frames.size(); ++i) {
    const Frame& f = frames[i];
    if (f.message->branches.empty()) continue;  // a read
    const Instance* inst = world.instance(f.contract);
    const SpecTable* table = inst ? spec_table(inst->spec->name) : nullptr;
    if (!table) continue;
    FrameShape shape;
    for (std::size_t j = i; j-- > 0;) {
      if (frames[j].depth + 1 != f.depth) continue;
      if (const Instance* p = world.instance(frames[j].contract)) shape.parent = p->spec->name;
      break;
    }
    for (std::size_t k = i + 1; k < frames.size() && frames[k].depth > f.depth; ++k)
      if (frames[k].depth == f.depth + 1) shape.callees.push_back(frames[k].message->label);
    out.push_back(FrameBranch{inst->spec, f.message, ok_bit(*table, *f.message, shape)});
  }
  return out;
}

}  // namespace meshcheck::model::spec::bridge
