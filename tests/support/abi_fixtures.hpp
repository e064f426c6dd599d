// Fixtures for the abi/ and raw-replay tests: the project's own metadata (synthesized
// from the model's specs, so that every code path runs without ../shared), the real
// metadata in ../shared/abis when it is there, sample values of any type, and raw
// traces of the six-contract workload.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "abi/metadata.hpp"
#include "abi/synthesize.hpp"
#include "bench/workload.hpp"
#include "model/profile.hpp"
#include "model/world.hpp"
#include "trace/raw_call.hpp"
#include "trace/writer.hpp"
#include "temp_dir.hpp"

namespace meshcheck::testing {

inline std::filesystem::path shared_abis() { return std::filesystem::path(MESHCHECK_SHARED_DIR) / "abis"; }
inline bool have_shared_abis() { return std::filesystem::exists(shared_abis() / "payment_escrow.json"); }
#define MESHCHECK_NEED_SHARED_ABIS()                                                                          \
  do {                                                                                                        \
    if (!::meshcheck::testing::have_shared_abis())                                                            \
      GTEST_SKIP() << "../shared/abis (the deployed contracts' real ink! metadata) is absent; the synthesized " \
                      "fixtures cover the same code paths";                                                   \
  } while (0)

// Every build's synthesized metadata (the six contracts', and payment_escrow's ink! 5.1.1
// build's), one file each (abi::synthesized_file_name), in a fresh folder.
inline std::filesystem::path synthesized_abis() {
  auto dir = temp_dir("abis");
  for (auto* spec : model::deployed_profile().builds)
    std::ofstream(dir / abi::synthesized_file_name(*spec, model::deployed_profile()))
        << abi::synthesize_metadata(*spec).dump(1);
  return dir;
}

// A deterministic value of `type`, varied by `seed`.
inline Value sample_value(TypeRef t, unsigned seed) {
  switch (t->kind) {
    case TypeKind::Bool: return Value(seed % 2 == 1);
    case TypeKind::U8: return Value(U256(200 + seed % 50));
    case TypeKind::U16: return Value(U256(60000 + seed));
    case TypeKind::U32: return Value(U256(4000000000u + seed));
    case TypeKind::U64: return Value(U256(~u64(0) - seed));
    case TypeKind::U128: return Value(U256(kU128Max - seed));
    case TypeKind::U256: return Value(kU256Max - seed);
    case TypeKind::String: return Value(std::string("ünïcødé ") + std::to_string(seed) + std::string(40, 'x'));
    case TypeKind::H160: return Value(Address::filled(AddressKind::H160, static_cast<u8>(0x10 + seed)));
    case TypeKind::AccountId: return Value(Address::filled(AddressKind::AccountId, static_cast<u8>(0x20 + seed)));
    case TypeKind::Option: return seed % 3 == 2 ? Value::none() : Value::some(sample_value(t->elem, seed + 1));
    case TypeKind::Vec: return Value(Value::Seq{sample_value(t->elem, seed), sample_value(t->elem, seed + 7)});
    case TypeKind::Tuple:
    case TypeKind::Struct: {
      Value::Seq items;
      for (std::size_t i = 0; i < t->fields.size(); ++i) items.push_back(sample_value(t->fields[i].type, seed + unsigned(i)));
      return Value(std::move(items));
    }
    case TypeKind::Enum: {
      u32 index = seed % t->variants.size();
      while (t->variants[index].name.empty()) index = (index + 1) % t->variants.size();
      Value::Enum e{index, {}};
      for (auto& f : t->variants[index].fields) e.fields.push_back(sample_value(f.type, seed));
      return Value(std::move(e));
    }
    case TypeKind::I32: return Value(U256(static_cast<std::uint32_t>(-1 - static_cast<int>(seed))));
    case TypeKind::ByteArray: return Value(std::string(t->length, static_cast<char>(0x30 + seed % 10)));
  }
  return Value();
}

// The workload (bench/workload.hpp) of `calls` calls as a trace: deploy lines, then
// each call in raw form (`raw`) or decoded, with the model's outcomes as expect.
inline void write_workload_trace(std::ostream& out, const abi::MetadataSet& metadata, std::size_t calls, bool raw) {
  model::World world(model::deployed_profile());
  for (auto& d : bench::workload_deployments()) {
    world.deploy(*d.spec, d.address, d.deployer, d.args, 0, 0, 0);
    out << trace::deploy_line(*d.spec, d.address, d.deployer, d.args, 0, 0, 0).dump() << "\n";
  }
  bench::generate_workload(calls, [&](const model::Call& c) {
    auto r = world.call(c);
    const auto* spec = world.instance(c.contract)->spec;
    out << (raw ? trace::raw_call_line(*metadata.find(*spec), *spec, c, &r) : trace::call_line(*spec, c, &r)).dump()
        << "\n";
  });
}

}  // namespace meshcheck::testing
