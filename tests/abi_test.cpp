// abi/: SCALE round trips and every defensive error with its byte offset, BLAKE2b,
// SS58, the metadata loader (v5 and v6), computed selectors and topics, and the check
// of metadata against the model's specs.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "abi/blake2.hpp"
#include "abi/event_codec.hpp"
#include "abi/scale.hpp"
#include "abi/spec_check.hpp"
#include "abi/ss58.hpp"
#include "abi/topics.hpp"
#include "model/payment_escrow.hpp"
#include "support/abi_fixtures.hpp"
#include "support/harness.hpp"

namespace meshcheck {
namespace {

using abi::Bytes;
using abi::ScaleError;

Bytes hex(const char* s) { return *abi::from_hex(s); }

// The offset and reason of the ScaleError that decoding `bytes` as `type` throws.
std::pair<std::size_t, std::string> decode_error(TypeRef type, const Bytes& bytes) {
  try {
    abi::decode_all(type, bytes);
  } catch (const ScaleError& e) {
    return {e.offset, e.reason};
  }
  ADD_FAILURE() << "decoding " << abi::to_hex(bytes) << " as " << type->name << " did not fail";
  return {0, ""};
}

// --- SCALE: known encodings ---------------------------------------------------------

TEST(Scale, KnownEncodings) {
  EXPECT_EQ(abi::encode(types::u32(), Value(u32(1))), hex("0x01000000"));
  EXPECT_EQ(abi::encode(types::u128(), Value(kU128Max)), Bytes(16, 0xff));
  EXPECT_EQ(abi::encode(types::u256(), Value(U256(1))), [] { Bytes b(32, 0); b[0] = 1; return b; }());
  EXPECT_EQ(abi::encode(types::string(), Value("abc")), hex("0x0c616263"));
  EXPECT_EQ(abi::encode(types::option(types::u8()), Value::none()), hex("0x00"));
  EXPECT_EQ(abi::encode(types::option(types::u8()), Value::some(Value(u8(5)))), hex("0x0105"));
  // Option<bool> is a single byte in parity-scale-codec.
  EXPECT_EQ(abi::encode(types::option(types::boolean()), Value::some(Value(false))), hex("0x02"));
  EXPECT_EQ(abi::encode(types::vec(types::u8()), Value(Value::Seq{Value(u8(1)), Value(u8(2))})), hex("0x080102"));
  EXPECT_EQ(abi::encode(types::unit_enum("E", {"A", "B", "C"}), Value::variant(2)), hex("0x02"));
}

TEST(Scale, CompactBoundaries) {
  struct Case {
    U256 n;
    const char* hex;
  };
  for (auto [n, h] : {Case{0, "0x00"}, Case{63, "0xfc"}, Case{64, "0x0101"}, Case{16383, "0xfdff"},
                      Case{16384, "0x02000100"}, Case{(u64(1) << 30) - 1, "0xfeffffff"},
                      Case{u64(1) << 30, "0x0300000040"}, Case{~u64(0), "0x13ffffffffffffffff"}}) {
    Bytes b;
    abi::encode_compact(n, b);
    EXPECT_EQ(abi::to_hex(b), h) << n.str();
    abi::Reader r(b);
    EXPECT_EQ(r.compact("n"), n);
    EXPECT_TRUE(r.at_end());
  }
  Bytes b;
  abi::encode_compact(kU256Max, b);
  abi::Reader r(b);
  EXPECT_EQ(r.compact("n"), kU256Max);
}

// --- SCALE: hostile input, each error with its offset ------------------------------------

TEST(ScaleErrors, TruncatedInteger) {
  auto [at, why] = decode_error(types::u128(), Bytes(15, 1));
  EXPECT_EQ(at, 0u);
  EXPECT_NE(why.find("needs 16 bytes, 15 left"), std::string::npos) << why;
}

TEST(ScaleErrors, CompactLengthLargerThanTheBytesLeft) {
  // A String claiming 2^30 bytes: refused before anything is allocated.
  auto [at, why] = decode_error(types::string(), hex("0x030000004041"));
  EXPECT_EQ(at, 0u);
  EXPECT_NE(why.find("more than the 1 bytes left"), std::string::npos) << why;
  // Inside a struct, the offset is where the length starts.
  TypeRef s = types::struct_("S", {{"a", types::u32()}, {"b", types::vec(types::u128())}});
  auto [at2, why2] = decode_error(s, hex("0x0100000008ffff"));
  EXPECT_EQ(at2, 4u) << why2;
}

TEST(ScaleErrors, TrailingBytes) {
  auto [at, why] = decode_error(types::u8(), hex("0x0102"));
  EXPECT_EQ(at, 1u);
  EXPECT_NE(why.find("1 trailing byte"), std::string::npos) << why;
}

TEST(ScaleErrors, InvalidUtf8) {
  // "ab" then a lone continuation byte.
  auto [at, why] = decode_error(types::string(), hex("0x0c616280"));
  EXPECT_EQ(at, 3u);
  EXPECT_NE(why.find("invalid UTF-8"), std::string::npos);
  // Overlong "/" and a UTF-16 surrogate are invalid too.
  EXPECT_EQ(decode_error(types::string(), hex("0x08c0af")).first, 1u);
  EXPECT_EQ(decode_error(types::string(), hex("0x0ceda080")).first, 1u);
  // A truncated sequence at the end.
  EXPECT_EQ(decode_error(types::string(), hex("0x0861e2")).first, 2u);
}

TEST(ScaleErrors, UnknownEnumIndexAndBadTags) {
  TypeRef e = types::unit_enum("JobStatus", {"Registered", "Assigned"});
  auto [at, why] = decode_error(types::tuple({types::u8(), e}), hex("0x0007"));
  EXPECT_EQ(at, 1u);
  EXPECT_NE(why.find("unknown variant index 7"), std::string::npos) << why;
  EXPECT_EQ(decode_error(types::option(types::u8()), hex("0x0205")).first, 0u);
  EXPECT_EQ(decode_error(types::boolean(), hex("0x02")).first, 0u);
  EXPECT_EQ(decode_error(types::option(types::boolean()), hex("0x03")).first, 0u);
}

TEST(ScaleErrors, NonCanonicalCompact) {
  auto [at, why] = decode_error(types::vec(types::u8()), hex("0x0100"));  // 0 in two-byte mode
  EXPECT_EQ(at, 0u);
  EXPECT_NE(why.find("shortest form"), std::string::npos) << why;
}

TEST(ScaleErrors, NestingDeeperThanAllowed) {
  TypeRef t = types::u8();
  for (int i = 0; i < 40; ++i) t = types::option(t);
  Bytes b(41, 1);
  auto [at, why] = decode_error(t, b);
  EXPECT_NE(why.find("nesting deeper"), std::string::npos) << why;
  EXPECT_EQ(at, abi::kMaxDepth + 1);
}

TEST(ScaleErrors, ZeroSizedItemsAreCapped) {
  // Vec<()> costs no bytes per item: a huge length must not make a huge vector.
  auto [at, why] = decode_error(types::vec(types::unit()), hex("0x13ffffffffffffffff"));
  EXPECT_EQ(at, 0u);
  EXPECT_NE(why.find("length"), std::string::npos);
}

TEST(ScaleErrors, EncodingAValueThatDoesNotFit) {
  EXPECT_THROW(abi::encode(types::u32(), Value(U256(u64(1) << 32))), abi::EncodeError);
  EXPECT_THROW(abi::encode(types::h160(), Value(Address::filled(AddressKind::AccountId, 1))), abi::EncodeError);
  EXPECT_THROW(abi::encode(types::u8(), Value("x")), abi::EncodeError);
}

// --- SCALE: round trips over random types and values ---------------------------------

rc::Gen<TypeRef> gen_type(int depth) {
  auto leaf = rc::gen::element(types::boolean(), types::u8(), types::u32(), types::u64(), types::u128(), types::u256(),
                               types::string(), types::h160(), types::account_id(),
                               types::unit_enum("E", {"A", "B", "C"}), types::unit(), types::i32(),
                               types::byte_array(1), types::byte_array(33));
  if (depth == 0) return leaf;
  return rc::gen::oneOf(
      leaf, rc::gen::map(gen_type(depth - 1), [](TypeRef t) { return types::option(t); }),
      rc::gen::map(gen_type(depth - 1), [](TypeRef t) { return types::vec(t); }),
      rc::gen::map(rc::gen::container<std::vector<TypeRef>>(3, gen_type(depth - 1)),
                   [](std::vector<TypeRef> ts) {
                     std::vector<Field> fs;
                     for (std::size_t i = 0; i < ts.size(); ++i) fs.push_back({"f" + std::to_string(i), ts[i]});
                     return types::struct_("S", fs);
                   }));
}

rc::Gen<Value> gen_value(TypeRef t);
rc::Gen<Value> gen_value(TypeRef t) {
  switch (t->kind) {
    case TypeKind::Bool: return rc::gen::map(rc::gen::arbitrary<bool>(), [](bool b) { return Value(b); });
    case TypeKind::U8:
    case TypeKind::U32:
    case TypeKind::U64:
    case TypeKind::U128:
    case TypeKind::U256:
      return rc::gen::map(rc::gen::container<std::vector<u64>>(4, rc::gen::arbitrary<u64>()), [t](std::vector<u64> w) {
        U256 x = 0;
        for (u64 limb : w) x = (x << 64) | U256(limb);
        return Value(U256(x & t->max_value()));
      });
    case TypeKind::String:
      return rc::gen::map(rc::gen::arbitrary<std::string>(), [](std::string s) {
        for (auto& c : s) c = static_cast<char>(c & 0x7f);  // ASCII: always valid UTF-8
        return Value(s + "é");
      });
    case TypeKind::H160:
    case TypeKind::AccountId:
      return rc::gen::map(rc::gen::arbitrary<u8>(), [t](u8 f) {
        return Value(Address::filled(t->kind == TypeKind::H160 ? AddressKind::H160 : AddressKind::AccountId, f));
      });
    case TypeKind::Option:
      return rc::gen::oneOf(rc::gen::just(Value::none()),
                            rc::gen::map(gen_value(t->elem), [](Value v) { return Value::some(std::move(v)); }));
    case TypeKind::Vec:
      return rc::gen::map(rc::gen::container<std::vector<Value>>(gen_value(t->elem)),
                          [](std::vector<Value> v) { return Value(Value::Seq(std::move(v))); });
    case TypeKind::Enum:
      return rc::gen::map(rc::gen::inRange<u32>(0, u32(t->variants.size())), [](u32 i) { return Value::variant(i); });
    case TypeKind::I32: return rc::gen::map(rc::gen::arbitrary<u32>(), [](u32 x) { return Value(U256(x)); });
    case TypeKind::ByteArray:
      return rc::gen::map(rc::gen::container<std::string>(t->length, rc::gen::arbitrary<char>()),
                          [](std::string b) { return Value(std::move(b)); });
    default: {  // Tuple, Struct
      std::vector<rc::Gen<Value>> gens;
      for (auto& f : t->fields) gens.push_back(gen_value(f.type));
      return rc::gen::exec([gens] {
        Value::Seq items;
        for (auto& g : gens) items.push_back(*g);
        return Value(std::move(items));
      });
    }
  }
}

RC_GTEST_PROP(ScaleProperty, DecodeInvertsEncode, ()) {
  TypeRef t = *gen_type(2);
  Value v = *gen_value(t);
  Bytes b = abi::encode(t, v);
  RC_ASSERT(abi::decode_all(t, b) == v);
  RC_ASSERT(b.size() >= abi::min_encoded_size(t));
}

RC_GTEST_PROP(ScaleProperty, RandomBytesNeverCrash, (std::vector<u8> bytes)) {
  TypeRef t = *gen_type(2);
  try {
    Value v = abi::decode_all(t, bytes);
    RC_ASSERT(abi::encode(t, v) == bytes);  // canonical: what decodes re-encodes to the same bytes
  } catch (const ScaleError& e) {
    RC_ASSERT(e.offset <= bytes.size());
  }
}

// --- BLAKE2b and SS58 -------------------------------------------------------------------

TEST(Blake2, KnownDigest) {
  // BLAKE2b-256("") from the BLAKE2 reference.
  EXPECT_EQ(abi::to_hex(abi::blake2b_256(std::string_view(""))),
            "0x0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

const char* kAlice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const char* kAliceHex = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";

TEST(Ss58, DecodesAliceWithGoodChecksum) {
  std::string why;
  auto s = abi::ss58_decode(kAlice, why);
  ASSERT_TRUE(s) << why;
  EXPECT_EQ(s->account.hex(), kAliceHex);
  EXPECT_EQ(s->prefix, 42);
  EXPECT_EQ(abi::ss58_encode(s->account, 42), kAlice);
}

TEST(Ss58, RejectsABadChecksum) {
  std::string bad = kAlice;
  bad.back() = bad.back() == 'Y' ? 'Z' : 'Y';
  std::string why;
  EXPECT_FALSE(abi::ss58_decode(bad, why));
  EXPECT_NE(why.find("checksum"), std::string::npos) << why;
  EXPECT_FALSE(abi::ss58_decode("0OIl", why));  // not base58
  EXPECT_NE(why.find("base58"), std::string::npos);
  EXPECT_FALSE(abi::ss58_decode("5Grwva", why));  // too short
}

TEST(Ss58, TwoBytePrefixesRoundTrip) {
  Address a = Address::filled(AddressKind::AccountId, 7);
  for (u16 prefix : {0, 2, 42, 63, 64, 1000, 16383}) {
    std::string why;
    auto s = abi::ss58_decode(abi::ss58_encode(a, prefix), why);
    ASSERT_TRUE(s) << prefix << ": " << why;
    EXPECT_EQ(s->prefix, prefix);
    EXPECT_EQ(s->account, a);
  }
}

// --- metadata: the project's own (synthesized) fixtures ----------------------------------

TEST(Metadata, SynthesizedMetadataLoadsAndAgreesWithTheModel) {
  for (auto* spec : model::deployed_profile().builds) {  // payment_escrow's two builds included
    auto m = abi::Metadata::parse(abi::synthesize_metadata(*spec), spec->name);
    EXPECT_EQ(m->contract_name, spec->name);
    EXPECT_EQ(m->version, spec->ink == model::InkVersion::V6 ? 6 : 5);
    EXPECT_EQ(m->messages.size(), spec->messages.size());
    EXPECT_TRUE(abi::check_computed_hashes(*m).empty());
    auto problems = abi::check_against_spec(*m, *spec);
    EXPECT_TRUE(problems.empty()) << problems.front();
  }
}

TEST(Metadata, DisagreementsAreNamed) {
  const auto* spec = model::deployed_profile().contract("payment_escrow");
  auto j = abi::synthesize_metadata(*spec);
  for (auto& m : j["spec"]["messages"]) {
    if (m["label"] == "deposit_for_job") m["payable"] = false;
    if (m["label"] == "set_provider") m["args"][0]["type"]["type"] = j["spec"]["messages"][0]["returnType"]["type"];
    if (m["label"] == "get_admin") m["selector"] = "0x01020304";
  }
  j["spec"]["events"][0]["args"][0]["indexed"] = !j["spec"]["events"][0]["args"][0]["indexed"].get<bool>();
  auto m = abi::Metadata::parse(j, "edited.json");
  auto problems = abi::check_against_spec(*m, *spec);
  auto has = [&](const std::string& s) {
    return std::any_of(problems.begin(), problems.end(), [&](auto& p) { return p.find(s) != std::string::npos; });
  };
  EXPECT_TRUE(has("message deposit_for_job: payable in the model only"));
  EXPECT_TRUE(has("message set_provider(job_id)"));
  EXPECT_TRUE(has("indexed (a topic)"));
  auto hashes = abi::check_computed_hashes(*m);
  ASSERT_EQ(hashes.size(), 1u);
  EXPECT_NE(hashes[0].find("get_admin: selector 0x01020304 in the metadata"), std::string::npos) << hashes[0];
}

TEST(Metadata, MalformedMetadataIsAClearError) {
  auto expect_error = [](const nlohmann::json& j, const std::string& needle) {
    try {
      abi::Metadata::parse(j, "bad.json");
      ADD_FAILURE() << "no error for " << needle;
    } catch (const abi::MetadataError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos) << e.what();
    }
  };
  auto good = abi::synthesize_metadata(*model::deployed_profile().contract("mev_protection"));
  auto j = good;
  j["version"] = 4;
  expect_error(j, "version 4 is not supported");
  j = good;
  j["types"].push_back({{"id", 999}, {"type", {{"def", {{"primitive", "i64"}}}}}});
  j["spec"]["messages"][0]["args"][0]["type"]["type"] = 999;
  expect_error(j, "primitive \"i64\" is not supported (unsigned integers, i32, bool and str are)");
  j = good;
  j["spec"]["messages"][0]["args"][0]["type"]["type"] = 12345;
  expect_error(j, "type id 12345 is not in the registry");
  j = good;
  j["spec"]["messages"][0]["selector"] = "0x12";
  expect_error(j, "selector is not 0x and 8 hex digits");
  j = good;
  // A type that contains itself.
  j["types"].push_back({{"id", 998}, {"type", {{"def", {{"sequence", {{"type", 998}}}}}}}});
  j["spec"]["messages"][0]["args"][0]["type"]["type"] = 998;
  expect_error(j, "recursive");
}

TEST(Metadata, AFileThatIsNotJsonIsAClearError) {
  const auto dir = testing::temp_dir("not-json");
  auto expect_error = [&](const std::string& name, const std::string& text, const std::string& needle) {
    const auto file = dir / name;
    std::ofstream(file) << text;
    try {
      abi::Metadata::load(file);
      ADD_FAILURE() << "no error for " << name;
    } catch (const abi::MetadataError& e) {
      EXPECT_NE(std::string(e.what()).find(file.string() + ": not JSON"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expect_error("truncated.json", R"({"version": )", "parse error");
  // A number beyond double is nlohmann's out_of_range, not a parse_error.
  expect_error("overflow.json", R"({"version": 1e999})", "number overflow");
  std::filesystem::remove_all(dir);
}

TEST(Metadata, EventsEncodeWithTopicsAndDecodeBack) {
  // payment_escrow's two builds: AccountId topics are exactly 32 bytes, H160 ones 20 bytes
  // zero-padded; the amount is 16 bytes of data (u128) or 32 (U256).
  namespace pe = model::deployed::payment_escrow;
  for (pe::Build build : pe::kAllBuilds) {
    const model::ContractSpec& spec = pe::spec(build);
    SCOPED_TRACE(spec.code_hash);
    const bool v6 = spec.ink == model::InkVersion::V6;
    auto m = abi::Metadata::parse(abi::synthesize_metadata(spec), "synth");
    const abi::AbiEvent* e = m->event("Deposited");
    ASSERT_NE(e, nullptr);
    const Address owner = Address::filled(spec.address_kind(), 1), provider = Address::filled(spec.address_kind(), 2);
    const U256 amount = v6 ? (U256(1) << 130) + 500 : U256(500);
    std::vector<Value> fields = {Value(u128(7)), Value(owner), Value(provider), Value(amount)};
    abi::RawEvent raw = abi::encode_event(*e, fields);
    ASSERT_EQ(raw.topics.size(), 4u);  // signature + three indexed fields
    EXPECT_EQ(raw.topics[0], abi::compute_signature_topic(*e));
    // job_id: its 16-byte encoding, zero-padded.
    abi::Hash32 job{};
    job[0] = 7;
    EXPECT_EQ(raw.topics[1], job);
    EXPECT_EQ(raw.topics[2], owner.bytes);  // 20 bytes then zeros, or 32 bytes
    const std::size_t width = owner.size();
    EXPECT_EQ(raw.data.size(), 16u + width + width + (v6 ? 32 : 16));
    auto back = abi::decode_event(*m, raw);
    EXPECT_EQ(back.event, e);
    EXPECT_EQ(back.fields, fields);
  }
  // A topic value longer than 32 bytes is hashed.
  EXPECT_EQ(abi::field_topic(types::string(), Value(std::string(40, 'a'))),
            abi::blake2b_256(abi::encode(types::string(), Value(std::string(40, 'a')))));
}


// --- metadata: payment_escrow's ink! 6 build, synthesized (abi/synthesized/) ---------------

std::filesystem::path synthesized_ink6_escrow() {
  return std::filesystem::path(MESHCHECK_SOURCE_DIR) / "abi/synthesized/payment_escrow.ink6.json";
}

// The committed file is what meshcheck_synthesize_metadata writes from today's model: a
// change to the model's ink! 6 escrow that leaves it stale fails here.
TEST(SynthesizedInk6Escrow, TheCommittedFileIsWhatTheModelSynthesizes) {
  namespace pe = model::deployed::payment_escrow;
  std::ifstream in(synthesized_ink6_escrow());
  ASSERT_TRUE(in) << synthesized_ink6_escrow();
  std::string committed((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(committed, abi::synthesize_metadata(pe::spec(pe::Build::kInk6)).dump(1) + "\n")
      << "regenerate it: build/meshcheck_synthesize_metadata abi/synthesized";
}

// Checked as the shipped files are (selectors and topics recomputed, every message, type
// and event against the model), it describes the ink! 6 build, and its selectors and
// signature topics are those ink! 6 computes. The expected values were computed apart
// from meshcheck, with Python's hashlib.blake2b(digest_size=32): a selector is the first
// 4 bytes of the label's hash, a topic the hash of "Name(T1,...)" with the field types as
// the source writes them (H160, U256). The selectors equal the ink! 5.1.1 build's.
TEST(SynthesizedInk6Escrow, IsCheckedAsTheShippedFilesAreAndHasInk6Hashes) {
  namespace pe = model::deployed::payment_escrow;
  abi::MetadataSet set = abi::MetadataSet::load({synthesized_ink6_escrow().string()});
  EXPECT_TRUE(abi::check_against_profile(set, model::deployed_profile()).empty());
  const abi::Metadata* m = set.find(pe::spec(pe::Build::kInk6));
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->version, 6);
  EXPECT_EQ(m->code_hash, pe::kBuilds[pe::Build::kInk6].code_hash);
  EXPECT_EQ(m->native_to_eth_ratio, 100000000u);
  EXPECT_EQ(set.find(pe::spec(pe::Build::kInk5)), nullptr);
  const std::map<std::string, std::string> selectors{
      {"deposit_for_job", "0x3ef41400"},     {"set_provider", "0x9962531f"}, {"release_to_provider", "0x437ab00a"},
      {"refund_to_owner", "0x106f1eac"},     {"get_escrow", "0x5d715835"},   {"get_admin", "0x57b8a8a7"}};
  ASSERT_EQ(m->messages.size(), selectors.size());
  for (auto& msg : m->messages) EXPECT_EQ(abi::to_hex(msg.selector), selectors.at(msg.label)) << msg.label;
  const std::map<std::string, std::string> topics{
      {"Deposited(u128,H160,H160,U256)", "0xad56e97eab0290d0e25b09e74dfea700623150b9f78944a88a0003a536e2fa32"},
      {"Released(u128,H160,U256)", "0x5b0178312f733dfca1a7bc3df5e64f992e3180152a50d130729d1eb921660685"},
      {"Refunded(u128,H160,U256)", "0x679797400f6a38caf83c1556c4210e8cd4347b35b2e345ed2f194cf0df004bbc"},
      {"ProviderSet(u128,H160)", "0x2e42af928a8e5bdd59c66505232de9477ebc59667936931af20fc8b0ef660e8e"}};
  ASSERT_EQ(m->events.size(), topics.size());
  for (auto& e : m->events) {
    ASSERT_TRUE(e.signature_topic) << e.label;
    EXPECT_EQ(abi::to_hex(*e.signature_topic), topics.at(abi::event_signature(e))) << abi::event_signature(e);
  }
  // The U256 amount in get_escrow's answer and in the events: 32 bytes, little-endian.
  const U256 amount = (U256(1) << 200) + 3;
  const abi::AbiEvent* deposited = m->event("Deposited");
  abi::Bytes data = abi::encode(deposited->fields[3].type, Value(amount));
  ASSERT_EQ(data.size(), 32u);
  EXPECT_EQ(data[0], 3);
  EXPECT_EQ(data[25], 1);
  EXPECT_EQ(abi::decode_all(deposited->fields[3].type, data), Value(amount));
}

// Beside the shipped metadata, whose payment_escrow.json is the ink! 5.1.1 build's: one
// file per build, each matched to its build, no disagreement.
TEST(SynthesizedInk6Escrow, SitsBesideTheShippedInk5File) {
  MESHCHECK_NEED_SHARED_ABIS();
  namespace pe = model::deployed::payment_escrow;
  auto set = abi::MetadataSet::load({testing::shared_abis().string(), synthesized_ink6_escrow().string()});
  auto problems = abi::check_against_profile(set, model::deployed_profile());
  for (auto& p : problems) ADD_FAILURE() << p;
  EXPECT_EQ(set.find(pe::spec(pe::Build::kInk6))->code_hash, pe::kBuilds[pe::Build::kInk6].code_hash);
  EXPECT_EQ(set.find(pe::spec(pe::Build::kInk5))->code_hash, pe::kBuilds[pe::Build::kInk5].code_hash);
  // A second file for the same build is refused.
  EXPECT_THROW(abi::MetadataSet::load({synthesized_ink6_escrow().string(), synthesized_ink6_escrow().string()}),
               abi::MetadataError);
}

// A version 6 file whose source.hash is the ink! 5.1.1 build's is not that build's metadata.
TEST(SynthesizedInk6Escrow, ACodeHashOfTheOtherBuildIsADisagreement) {
  namespace pe = model::deployed::payment_escrow;
  auto j = abi::synthesize_metadata(pe::spec(pe::Build::kInk6));
  j["source"]["hash"] = std::string(pe::kBuilds[pe::Build::kInk5].code_hash);
  abi::MetadataSet set;
  set.add(abi::Metadata::parse(j, "swapped.json"));
  auto problems = abi::check_against_profile(set, model::deployed_profile());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("swapped.json: its source.hash 0xfe15"), std::string::npos) << problems[0];
}

// --- metadata: the real files of the deployed contracts ------------------------------------

TEST(RealMetadata, EverySelectorAndSignatureTopicIsComputedExactly) {
  MESHCHECK_NEED_SHARED_ABIS();
  auto set = abi::MetadataSet::load({testing::shared_abis().string()});
  ASSERT_EQ(set.all().size(), 6u);
  std::size_t selectors = 0, topics = 0;
  for (auto& m : set.all()) {
    for (auto& msg : m->messages) {
      EXPECT_EQ(abi::compute_selector(msg.label), msg.selector) << msg.label;
      ++selectors;
    }
    for (auto& c : m->constructors) {
      EXPECT_EQ(abi::compute_selector(c.label), c.selector) << c.label;
      ++selectors;
    }
    for (auto& e : m->events) {
      ASSERT_TRUE(e.signature_topic) << e.label;
      EXPECT_EQ(abi::compute_signature_topic(e), *e.signature_topic) << abi::event_signature(e);
      ++topics;
    }
    EXPECT_TRUE(abi::check_computed_hashes(*m).empty());
  }
  EXPECT_EQ(selectors, 64u);  // 58 messages, 6 constructors
  EXPECT_EQ(topics, 29u);
}

TEST(RealMetadata, AgreesWithTheModelOfEveryContract) {
  MESHCHECK_NEED_SHARED_ABIS();
  auto set = abi::MetadataSet::load({testing::shared_abis().string()});
  auto problems = abi::check_against_profile(set, model::deployed_profile());
  for (auto& p : problems) ADD_FAILURE() << p;
  EXPECT_EQ(set.find("ai_job_queue", 6)->version, 6);
  EXPECT_EQ(set.find("payment_escrow", 5)->version, 5);
  EXPECT_EQ(set.find("ai_job_queue", 6)->native_to_eth_ratio, 100000000u);
}

TEST(RealMetadata, EveryMessageAndEventRoundTripsSampleValues) {
  MESHCHECK_NEED_SHARED_ABIS();
  auto set = abi::MetadataSet::load({testing::shared_abis().string()});
  for (auto& m : set.all()) {
    for (auto& msg : m->messages) {
      for (unsigned seed = 0; seed < 3; ++seed) {
        for (auto& a : msg.args) {
          Value v = testing::sample_value(a.type, seed);
          EXPECT_EQ(abi::decode_all(a.type, abi::encode(a.type, v)), v) << msg.label << "." << a.label;
        }
        Value r = testing::sample_value(msg.returns, seed);
        Value wrapped(Value::Enum{0, {r}});
        EXPECT_EQ(abi::decode_all(msg.result_type, abi::encode(msg.result_type, wrapped)), wrapped) << msg.label;
      }
    }
    for (auto& e : m->events) {
      std::vector<Value> fields;
      for (auto& f : e.fields) fields.push_back(testing::sample_value(f.type, 1));
      auto back = abi::decode_event(*m, abi::encode_event(e, fields));
      EXPECT_EQ(back.event, &e);
      EXPECT_EQ(back.fields, fields) << e.label;
    }
  }
}

}  // namespace
}  // namespace meshcheck
