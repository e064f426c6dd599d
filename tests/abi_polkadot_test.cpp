// The ecosystem's own client as the referee: @polkadot/api-contract (pinned in
// js/package-lock.json, installed by scripts/install-deps.sh with `npm ci`) encodes the
// call data, MessageResult return value and event data of every message and event of
// all six contracts from their real metadata (../shared/abis), through
// js/crosscheck.mjs. meshcheck must decode each of the library's encodings to the
// values it was given, and its own encodings must equal the library's byte for byte.
//
// The library cannot emit event topics (only a chain does), so topics are not
// compared with it: meshcheck derives them by ink!'s documented rules (abi/topics.hpp),
// the signature topics are checked against the metadata in abi_test.cpp, and here the
// library must find each event by the signature topic meshcheck computed.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>

#include "abi/event_codec.hpp"
#include "abi/scale.hpp"
#include "abi/topics.hpp"
#include "model/profile.hpp"
#include "support/abi_fixtures.hpp"
#include "support/command.hpp"

namespace meshcheck {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// polkadot.js names struct fields in camelCase.
std::string camel(const std::string& s) {
  std::string out;
  bool up = false;
  for (char c : s) {
    if (c == '_') up = true;
    else out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c, up = false;
  }
  return out;
}

// A value as the library's createType takes it.
json polkadot_json(TypeRef t, const Value& v) {
  switch (t->kind) {
    case TypeKind::Struct: {
      json out = json::object();
      for (std::size_t i = 0; i < t->fields.size(); ++i)
        out[camel(t->fields[i].name)] = polkadot_json(t->fields[i].type, v.as_seq()[i]);
      return out;
    }
    case TypeKind::Tuple:
    case TypeKind::Vec: {
      json out = json::array();
      for (std::size_t i = 0; i < v.as_seq().size(); ++i)
        out.push_back(polkadot_json(t->kind == TypeKind::Vec ? t->elem : t->fields[i].type, v.as_seq()[i]));
      return out;
    }
    case TypeKind::Option:
      return v.as_enum().index == 0 ? json(nullptr) : polkadot_json(t->elem, v.as_enum().fields[0]);
    case TypeKind::Enum: {
      // A variant with a field (Result's Ok and Err) as {Name: value}; a unit variant by its name.
      const auto& e = v.as_enum();
      const auto& variant = t->variants.at(e.index);
      if (variant.fields.empty()) return variant.name;
      return json{{variant.name, polkadot_json(variant.fields[0].type, e.fields.at(0))}};
    }
    default: return json::parse(trace::value_to_json(t, v).dump());
  }
}

std::string run_node(const std::string& args) {
  meshcheck::testing::CommandRun r = testing::run_command("node " + args);
  EXPECT_EQ(r.status, 0) << r.output.substr(0, 2000);
  return r.output;
}

// What the cross-check counted.
struct Counts {
  std::size_t calls = 0, returns = 0, events = 0;
};

// Has the library encode every message, return value and event of the metadata in `set`
// (files named <contract>.json in `abi_dir`, which js/crosscheck.mjs reads), and checks
// meshcheck against each: the library's bytes decode in meshcheck to the values given and
// equal meshcheck's encoding of them, and meshcheck's bytes decode in the library (the
// message found by its selector, the event by its topic) and encode back to the same.
// `every_error`: also a return case of each variant of the Err of a Result return (the
// spec profile's Error enums), once per contract.
Counts cross_check(const abi::MetadataSet& set, const fs::path& abi_dir, bool every_error = false) {
  fs::path js = fs::path(MESHCHECK_SOURCE_DIR) / "js";
  // What each case expects of meshcheck, beside the JSON sent to the library.
  struct Expect {
    const abi::Metadata* meta;
    std::string kind;
    const abi::AbiMessage* msg = nullptr;
    const abi::AbiEvent* event = nullptr;
    std::vector<Value> values;
  };
  std::vector<Expect> expects;
  json cases = json::array();
  for (auto& m : set.all()) {
    for (auto& msg : m->messages) {
      for (unsigned seed : {0u, 1u, 2u}) {  // seed 2 makes Options None; seed 1 a Result's Err
        Expect call{m.get(), "call", &msg, nullptr, {}};
        json values = json::array();
        for (auto& a : msg.args) {
          call.values.push_back(testing::sample_value(a.type, seed));
          values.push_back(polkadot_json(a.type, call.values.back()));
        }
        cases.push_back({{"contract", m->contract_name},
                         {"kind", "call"},
                         {"label", msg.label},
                         {"values", values},
                         {"ours", abi::to_hex(trace::encode_input(msg, call.values))}});
        expects.push_back(std::move(call));
        Expect ret{m.get(), "return", &msg, nullptr, {testing::sample_value(msg.returns, seed)}};
        cases.push_back({{"contract", m->contract_name},
                         {"kind", "return"},
                         {"label", msg.label},
                         {"values", json::array({polkadot_json(msg.returns, ret.values[0])})},
                         {"ours", abi::to_hex(trace::encode_output(msg, ret.values[0]))}});
        expects.push_back(std::move(ret));
      }
    }
    // Every error variant, as the first message returning Result<T, Error> gives it.
    for (auto& msg : m->messages) {
      const Type& r = *msg.returns;
      if (!every_error || r.kind != TypeKind::Enum || r.variants.size() != 2 || r.variants[1].name != "Err") continue;
      TypeRef error = r.variants[1].fields.at(0).type;
      for (u32 i = 0; i < error->variants.size(); ++i) {
        Value err(Value::Enum{1, {Value::variant(i)}});
        Expect ret{m.get(), "return", &msg, nullptr, {err}};
        cases.push_back({{"contract", m->contract_name},
                         {"kind", "return"},
                         {"label", msg.label},
                         {"values", json::array({polkadot_json(msg.returns, err)})},
                         {"ours", abi::to_hex(trace::encode_output(msg, err))}});
        expects.push_back(std::move(ret));
      }
      break;
    }
    for (auto& e : m->events) {
      Expect ev{m.get(), "event", nullptr, &e, {}};
      json values = json::array();
      for (auto& f : e.fields) {
        ev.values.push_back(testing::sample_value(f.type, 1));
        values.push_back(polkadot_json(f.type, ev.values.back()));
      }
      cases.push_back({{"contract", m->contract_name},
                       {"kind", "event"},
                       {"label", e.label},
                       {"values", values},
                       {"topic", abi::to_hex(abi::compute_signature_topic(e))},
                       {"ours", abi::to_hex(abi::encode_event(e, ev.values).data)}});
      expects.push_back(std::move(ev));
    }
  }
  fs::path cases_file = testing::temp_dir("polkadot") / "cases.json";
  std::ofstream(cases_file) << cases.dump();
  std::string out = run_node((js / "crosscheck.mjs").string() + " " + abi_dir.string() + " " + cases_file.string());
  json results = json::parse(out, nullptr, false);
  EXPECT_TRUE(results.is_array() && results.size() == expects.size()) << out.substr(0, 2000);
  if (!results.is_array() || results.size() != expects.size()) return {};

  std::size_t calls = 0, returns = 0, events = 0;
  for (std::size_t i = 0; i < expects.size(); ++i) {
    auto& x = expects[i];
    auto& r = results[i];
    std::string what = x.meta->contract_name + " " + x.kind + " " + cases[i]["label"].get<std::string>();
    EXPECT_FALSE(r.contains("error")) << what << ": the library failed: " << r["error"];
    if (r.contains("error")) return {};
    abi::Bytes theirs = *abi::from_hex(r["hex"].get<std::string>());
    // meshcheck's own bytes, read by the library and written again.
    EXPECT_EQ(r.value("ours_reencoded", ""), cases[i]["ours"]) << what << ": the library read meshcheck's bytes otherwise";
    if (x.kind == "call") EXPECT_EQ(r.value("ours_decoded_as", ""), x.msg->label) << what;
    if (x.kind == "event") EXPECT_TRUE(r.value("ours_decoded_as", "").ends_with("::" + x.event->label)) << what;
    if (x.kind == "call") {
      EXPECT_EQ(abi::to_hex(trace::encode_input(*x.msg, x.values)), r["hex"]) << what;
      EXPECT_GE(theirs.size(), 4u);
      if (theirs.size() < 4) return {};
      EXPECT_EQ(x.meta->message_by_selector(std::span<const u8>(theirs).first(4)), x.msg) << what;
      abi::Reader rd(std::span<const u8>(theirs).subspan(4), 4);
      for (std::size_t a = 0; a < x.msg->args.size(); ++a)
        EXPECT_EQ(abi::decode(x.msg->args[a].type, rd), x.values[a]) << what << " " << x.msg->args[a].label;
      EXPECT_TRUE(rd.at_end()) << what;
      ++calls;
    } else if (x.kind == "return") {
      EXPECT_EQ(abi::to_hex(trace::encode_output(*x.msg, x.values[0])), r["hex"]) << what;
      EXPECT_EQ(abi::decode_all(x.msg->result_type, theirs), Value(Value::Enum{0, {x.values[0]}})) << what;
      ++returns;
    } else {
      abi::RawEvent mine = abi::encode_event(*x.event, x.values);
      EXPECT_EQ(abi::to_hex(mine.data), r["hex"]) << what;
      auto decoded = abi::decode_event(*x.meta, abi::RawEvent{{mine.topics[0]}, theirs});
      EXPECT_EQ(decoded.event, x.event) << what;
      EXPECT_EQ(decoded.fields, x.values) << what;
      std::string found = r["decoded_as"];
      EXPECT_TRUE(found.ends_with("::" + x.event->label)) << what << ": the library found " << found;
      EXPECT_EQ(r["reencoded"], r["hex"]) << what;
      ++events;
    }
  }
  return Counts{calls, returns, events};
}

TEST(PolkadotJs, EveryMessageAndEventEncodesAndDecodesTheSame) {
  MESHCHECK_NEED_SHARED_ABIS();
  fs::path js = fs::path(MESHCHECK_SOURCE_DIR) / "js";
  ASSERT_TRUE(fs::exists(js / "node_modules/@polkadot/api-contract"))
      << "js/node_modules is missing: scripts/install-deps.sh installs @polkadot/api-contract with npm ci in js/";
  Counts n = cross_check(abi::MetadataSet::load({testing::shared_abis().string()}), testing::shared_abis());
  EXPECT_EQ(n.calls, 58u * 3);
  EXPECT_EQ(n.returns, 58u * 3);
  EXPECT_EQ(n.events, 29u);
}

// payment_escrow's ink! 6 build, the one deployed, through its synthesized metadata
// (abi/synthesized/): H160 addresses and U256 amounts, in get_escrow's Escrow and in the
// events, encode as the library encodes them.
TEST(PolkadotJs, TheSynthesizedInk6EscrowEncodesAndDecodesTheSame) {
  fs::path js = fs::path(MESHCHECK_SOURCE_DIR) / "js";
  ASSERT_TRUE(fs::exists(js / "node_modules/@polkadot/api-contract"))
      << "js/node_modules is missing: scripts/install-deps.sh installs @polkadot/api-contract with npm ci in js/";
  fs::path dir = testing::temp_dir("polkadot-ink6");
  fs::copy_file(fs::path(MESHCHECK_SOURCE_DIR) / "abi/synthesized/payment_escrow.ink6.json", dir / "payment_escrow.json",
                fs::copy_options::overwrite_existing);
  auto set = abi::MetadataSet::load({(dir / "payment_escrow.json").string()});
  ASSERT_EQ(set.all().front()->version, 6);
  Counts n = cross_check(set, dir);
  EXPECT_EQ(n.calls, 6u * 3);
  EXPECT_EQ(n.returns, 6u * 3);
  EXPECT_EQ(n.events, 4u);
}

// The spec profile's metadata, as `meshcheck metadata --profile spec --out DIR` writes it
// (issue 13 item 5): the library loads all six files, and every message's arguments and
// return value (Result<T, Error>: Ok and Err, every error variant), and every event, with
// byte arrays ([u8; 32], [u8; 33], [u8; 65]), i32, Options, Vecs, records and enums,
// encode and decode to the same bytes and values as in meshcheck.
TEST(PolkadotJs, TheSpecMetadataEncodesAndDecodesTheSame) {
  fs::path js = fs::path(MESHCHECK_SOURCE_DIR) / "js";
  if (testing::run_command("node --version").status != 0)
    GTEST_SKIP() << "node is not installed: the cross-check with @polkadot/api-contract needs it "
                    "(scripts/install-deps.sh installs it)";
  ASSERT_TRUE(fs::exists(js / "node_modules/@polkadot/api-contract"))
      << "js/node_modules is missing: scripts/install-deps.sh installs @polkadot/api-contract with npm ci in js/";
  fs::path dir = testing::fresh_temp_dir("polkadot-spec");
  auto written = testing::run_meshcheck("metadata --profile spec --out " + dir.string());
  ASSERT_EQ(written.status, 0) << written.output;
  auto set = abi::MetadataSet::load({dir.string()});
  ASSERT_EQ(set.all().size(), 6u);
  std::size_t messages = 0, events = 0, errors = 0;
  for (auto* c : model::spec_profile().contracts) {
    messages += c->messages.size(), events += c->events.size(), errors += c->errors.size();
    ASSERT_NE(set.find(*c), nullptr) << c->name;
  }
  Counts n = cross_check(set, dir, true);
  EXPECT_EQ(n.calls, messages * 3);
  EXPECT_EQ(n.returns, messages * 3 + errors);
  EXPECT_EQ(n.events, events);
  EXPECT_GE(n.events, 42u);
}

}  // namespace
}  // namespace meshcheck
