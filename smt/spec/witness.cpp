// Vacuity witnesses from the spec fuzzer, and their pinning (witness.hpp).
#include "smt/spec/witness.hpp"

#include <span>
#include <stdexcept>

#include "fuzz/setup.hpp"
#include "fuzz/throughput.hpp"
#include "model/profile.hpp"
#include "model/spec/bridge/table.hpp"
#include "model/spec/exec.hpp"
#include "smt/spec/ghosts.hpp"

namespace meshcheck::smt::spec {

namespace {

namespace br = ::meshcheck::model::spec::bridge;

// The site `sites` has for a call of `message` (a label) on contract `contract`, or npos;
// message "" for a plain transfer.
std::size_t site_of(const std::vector<StepSite>& sites, std::string_view contract, std::string_view message) {
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const StepSite& s = sites[i];
    if (s.contract != contract) continue;
    if (message.empty() ? s.kind == StepKind::kPlainTransfer : s.kind == StepKind::kMessage && s.message == message)
      return i;
  }
  return std::string::npos;
}

bool is_free_constant(const z3::expr& e) {
  return e.is_app() && e.num_args() == 0 && e.decl().decl_kind() == Z3_OP_UNINTERPRETED;
}

}  // namespace

std::vector<std::optional<StepWitness>> fuzz_witnesses(const std::vector<StepSite>& sites, std::uint64_t seed,
                                                       std::uint64_t calls) {
  std::vector<std::optional<StepWitness>> out(sites.size());
  const fuzz::Setup setup = fuzz::make_setup(model::spec_profile(), {});
  std::size_t n_sequence = 0;
  for (const auto& sequence : fuzz::record_sequences(setup, seed, calls)) {
    ++n_sequence;
    model::World world = setup.world;
    std::size_t n_step = 0;
    for (const auto& step : sequence) {
      ++n_step;
      const std::string where = "spec fuzz seed " + std::to_string(seed) + ", sequence " + std::to_string(n_sequence) +
                                ", step " + std::to_string(n_step);
      if (auto* c = std::get_if<fuzz::CallStep>(&step)) {
        const model::Instance* inst = world.instance(c->call.contract);
        const std::size_t site = inst ? site_of(sites, inst->spec->name, c->call.message->label) : std::string::npos;
        model::World before = world;  // persistent maps: a copy is cheap
        const model::CallResult result = world.call(c->call);
        if (site != std::string::npos && !out[site] && !result.outcome.reverted)
          out[site] = StepWitness{std::move(before), c->call, where};
      } else {
        const auto& t = std::get<fuzz::TransferStep>(step);
        const model::Instance* inst = world.instance(t.to);
        const std::size_t site = inst ? site_of(sites, inst->spec->name, "") : std::string::npos;
        model::World before = world;
        if (world.transfer(t.from, t.to, t.value) && site != std::string::npos && !out[site])
          out[site] = StepWitness{std::move(before), WitnessTransfer{t.from, t.to, t.value}, where};
      }
    }
  }
  return out;
}

void arg_literals(TypeRef t, const Value* v, const std::vector<z3::expr>& leaves, std::size_t& at,
                  std::vector<z3::expr>& out) {
  auto leaf = [&](const z3::expr& lit) {
    out.push_back(lit);
    ++at;
  };
  const z3::expr& term = leaves.at(at);
  switch (t->kind) {
    case TypeKind::Bool:
      return leaf(term.ctx().bool_val(v && v->as_bool()));
    case TypeKind::String:
      return leaf(ms::SStr(v ? v->as_string() : std::string()).e);
    case TypeKind::H160:
    case TypeKind::AccountId:
      return leaf(v ? ms::SAddr(v->as_address()).e : ms::zero_leaf(term));
    case TypeKind::ByteArray: {
      if (!v) return leaf(ms::zero_leaf(term));
      const std::string& b = v->as_string();
      return leaf(ms::bv_from_bytes(std::span<const u8>(reinterpret_cast<const u8*>(b.data()), b.size())));
    }
    case TypeKind::Option: {  // its flag, then its payload (the default when None)
      const bool some = v && v->as_enum().index == 1;
      leaf(term.ctx().bool_val(some));
      return arg_literals(t->elem, some ? &v->as_enum().fields[0] : nullptr, leaves, at, out);
    }
    case TypeKind::Enum:
      if (t->variants.size() == 2 && t->variants[1].fields.size() == 1 && t->variants[0].fields.empty()) {
        // Option<T>: its flag, then its payload (the default when None).
        const bool some = v && v->as_enum().index == 1;
        leaf(term.ctx().bool_val(some));
        return arg_literals(t->variants[1].fields[0].type, some ? &v->as_enum().fields[0] : nullptr, leaves, at, out);
      }
      return leaf(ms::bv_literal(U256(v ? v->as_enum().index : 0), term.get_sort().bv_size()));
    case TypeKind::Vec: {  // BoundedVec: its length, then every slot
      const std::size_t n = v ? v->as_seq().size() : 0;
      leaf(ms::bv_literal(U256(u64(n)), 32));
      for (std::size_t i = 0; i < ms::kMaxBatchSize; ++i)
        arg_literals(t->elem, i < n ? &v->as_seq()[i] : nullptr, leaves, at, out);
      return;
    }
    case TypeKind::Struct:
    case TypeKind::Tuple:
      for (std::size_t i = 0; i < t->fields.size(); ++i)
        arg_literals(t->fields[i].type, v ? &v->as_seq().at(i) : nullptr, leaves, at, out);
      return;
    default:  // the integers and i32
      return leaf(ms::bv_literal(v ? v->as_int() : U256(0), term.get_sort().bv_size()));
  }
}

Pinning pin_to_witness(const ComposedState& pre, const SEnv& env, const std::vector<z3::expr>& args,
                       const StepWitness& witness) {
  z3::context& c = ms::current_context();
  Pinning out{z3::expr_vector(c), z3::expr_vector(c), ""};
  auto fail = [&](std::string why) {
    out.from.resize(0);
    out.to.resize(0);
    out.why = std::move(why);
    return out;
  };
  auto pin = [&](const z3::expr& free, const z3::expr& value) {
    out.from.push_back(free);
    out.to.push_back(value);
  };
  // The state: every free term of the site's pre-state becomes the lifted world's; the
  // rest (the deployment's addresses, wiring and admins, literals in both) must agree.
  const SSys lifted = ms::lift_system(br::assemble(witness.before));
  const std::vector<z3::expr> free_terms = state_terms(pre.sys), values = state_terms(lifted);
  if (free_terms.size() != values.size()) return fail("the witness's system has another shape");
  for (std::size_t i = 0; i < free_terms.size(); ++i) {
    if (is_free_constant(free_terms[i]))
      pin(free_terms[i], values[i]);
    else if (!z3::eq(free_terms[i], values[i]))
      return fail("the witness's world is not of the standard deployment: " + free_terms[i].to_string().substr(0, 120));
  }
  if (!z3::eq(immutables_kept(pre.sys, lifted).simplify(), c.bool_val(true)))
    return fail("the witness's world has other addresses, wiring or admins than the standard deployment");
  pin(pre.clock.block.e, ms::SUint<32>(witness.before.block()).e);
  pin(pre.clock.now.e, ms::SUint<64>(witness.before.timestamp()).e);
  const std::vector<z3::expr> ghosts = lifted_ghosts(lifted);
  for (std::size_t i = 0; i < pre.ghosts.size(); ++i)
    if (is_free_constant(pre.ghosts[i])) pin(pre.ghosts[i], ghosts.at(i));
  // The environment and the arguments.
  if (const auto* call = std::get_if<model::Call>(&witness.step)) {
    pin(env.caller.e, ms::SAddr(call->caller).e);
    pin(env.value.e, ms::bv_literal(call->value, 256));
    pin(env.block.e, ms::SUint<32>(call->block).e);
    pin(env.now.e, ms::SUint<64>(call->timestamp).e);
    std::vector<z3::expr> literals;
    std::size_t at = 0;
    if (call->args.size() != call->message->args.size()) return fail("the witness's call has another arity");
    try {
      for (std::size_t i = 0; i < call->message->args.size(); ++i)
        arg_literals(call->message->args[i].type, &call->args[i], args, at, literals);
    } catch (const std::out_of_range&) {
      return fail("the witness's values overfill the message's arguments");
    }
    if (at != args.size()) return fail("the witness's values do not fill the message's arguments");
    for (std::size_t i = 0; i < at; ++i) pin(args[i], literals[i]);
  } else {
    const auto& t = std::get<WitnessTransfer>(witness.step);
    pin(env.caller.e, ms::SAddr(t.from).e);
    pin(env.value.e, ms::bv_literal(t.value, 256));
    pin(env.block.e, ms::SUint<32>(witness.before.block()).e);
    pin(env.now.e, ms::SUint<64>(witness.before.timestamp()).e);
  }
  return out;
}

}  // namespace meshcheck::smt::spec
