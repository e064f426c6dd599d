// `meshcheck metadata` (issue 13 item 5): the ink! metadata of a profile's contracts,
// synthesized from the model. For spec: every message and constructor with its argument
// and return types (Result<T, Error> with the contract's errors in order), every event
// with its fields, topics and signature topic; accepted by check_against_profile for
// its profile and by nothing else. For deployed: what the model says, which agrees with
// the shipped metadata (../shared/abis) on every selector and signature topic. Bad
// arguments: one message, exit 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "abi/blake2.hpp"
#include "abi/spec_check.hpp"
#include "abi/synthesize.hpp"
#include "abi/topics.hpp"
#include "model/profile.hpp"
#include "support/abi_fixtures.hpp"
#include "support/command.hpp"

namespace meshcheck {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_meshcheck;

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `meshcheck metadata --profile P --out DIR`, checked to succeed; DIR.
fs::path written(const std::string& profile) {
  fs::path dir = testing::fresh_temp_dir("metadata-" + profile);
  auto r = run_meshcheck("metadata --profile " + profile + " --out " + dir.string());
  EXPECT_EQ(r.status, 0) << r.output;
  return dir;
}

TEST(MetadataCommand, SpecWritesSixFilesTheProfileAccepts) {
  fs::path dir = written("spec");
  const model::Profile& spec = model::spec_profile();
  for (auto* c : spec.contracts) EXPECT_TRUE(fs::exists(dir / (c->name + ".json"))) << c->name;
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 6);
  auto set = abi::MetadataSet::load({dir.string()});
  EXPECT_EQ(abi::check_against_profile(set, spec), std::vector<std::string>{});
  std::size_t messages = 0, events = 0;
  for (auto& m : set.all()) {
    EXPECT_EQ(m->version, 6) << m->contract_name;
    const model::ContractSpec* c = spec.contract(m->contract_name);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(m->messages.size(), c->messages.size()) << m->contract_name;
    EXPECT_EQ(m->events.size(), c->events.size()) << m->contract_name;
    EXPECT_EQ(abi::check_computed_hashes(*m), std::vector<std::string>{}) << m->contract_name;
    messages += m->messages.size(), events += m->events.size();
  }
  EXPECT_GE(events, 42u);  // the design's events, phala's included
  EXPECT_GE(messages, 80u);
  // ... and the deployed profile refuses it (other return types, no errors).
  EXPECT_FALSE(abi::check_against_profile(set, model::deployed_profile()).empty());
}

// What a spec message's metadata says, in the file's own words.
TEST(MetadataCommand, SpecMessagesReturnResultWithTheContractsErrorsInOrder) {
  fs::path dir = written("spec");
  json queue = json::parse(read(dir / "ai_job_queue.json"));
  const auto& types = queue["types"];
  auto type = [&](std::uint64_t id) -> const json& { return types.at(id).at("type"); };
  auto message = [&](const std::string& label) -> const json& {
    for (auto& m : queue["spec"]["messages"])
      if (m["label"] == label) return m;
    ADD_FAILURE() << "no message " << label;
    return queue;
  };
  // submit_job: MessageResult<Result<u128, Error>>, payable, its selector as ink! computes it.
  const json& submit = message("submit_job");
  EXPECT_EQ(submit["selector"], abi::to_hex(abi::compute_selector("submit_job")));
  EXPECT_TRUE(submit["payable"].get<bool>());
  const json& mr = type(submit["returnType"]["type"]);
  ASSERT_EQ(mr["path"], json::array({"Result"}));
  const json& result = type(mr["def"]["variant"]["variants"][0]["fields"][0]["type"]);
  ASSERT_EQ(result["path"], json::array({"Result"}));
  EXPECT_EQ(type(result["params"][0]["type"])["def"]["primitive"], "u128");
  const json& error = type(result["params"][1]["type"]);
  EXPECT_EQ(error["path"], json::array({"ai_job_queue", "Error"}));
  const auto& errors = model::spec_profile().contract("ai_job_queue")->errors;
  ASSERT_EQ(error["def"]["variant"]["variants"].size(), errors.size());
  for (std::size_t i = 0; i < errors.size(); ++i) {
    EXPECT_EQ(error["def"]["variant"]["variants"][i]["index"], i);
    EXPECT_EQ(error["def"]["variant"]["variants"][i]["name"], errors[i]);
  }
  EXPECT_EQ(errors.front(), "ValueTooLarge");  // the design's order (spec-profile.md §3.1)
  EXPECT_EQ(errors.back(), "CalleeFailed");
  // A read returns its value plainly: get_job → MessageResult<Option<Job>>, Job a struct.
  const json& get_job = type(type(message("get_job")["returnType"]["type"])["params"][0]["type"]);
  EXPECT_EQ(get_job["path"], json::array({"Option"}));
  const json& job = type(get_job["params"][0]["type"]);
  EXPECT_EQ(job["path"], json::array({"ai_job_queue", "Job"}));
  EXPECT_EQ(job["def"]["composite"]["fields"][0]["name"], "id");
  // The constructor: new(wiring, min_budget), wiring the six addresses.
  const json& ctor = queue["spec"]["constructors"][0];
  EXPECT_EQ(ctor["label"], "new");
  EXPECT_EQ(ctor["args"][0]["label"], "wiring");
  EXPECT_EQ(type(ctor["args"][0]["type"]["type"])["def"]["composite"]["fields"].size(), 6u);
  EXPECT_EQ(ctor["args"][1]["label"], "min_budget");
  EXPECT_EQ(queue["spec"]["lang_error"]["type"], mr["params"][1]["type"]);  // ink::LangError
}

TEST(MetadataCommand, SpecByteArraysI32AndEventTopicsAreAsInkWritesThem) {
  fs::path dir = written("spec");
  auto set = abi::MetadataSet::load({dir.string()});
  const abi::Metadata* phala = set.find("phala_job_processor", 6);
  const abi::Metadata* registry = set.find("compute_provider_registry", 6);
  ASSERT_TRUE(phala && registry);
  const abi::AbiMessage* record = phala->message("record_attestation");
  ASSERT_NE(record, nullptr);
  ASSERT_EQ(record->args.size(), 5u);
  EXPECT_EQ(record->args[1].type->kind, TypeKind::ByteArray);
  EXPECT_EQ(record->args[1].type->length, 32u);
  EXPECT_EQ(record->args[1].display, "Hash32");
  EXPECT_EQ(record->args[3].type->length, 33u);
  EXPECT_EQ(record->args[3].display, "PubKey33");
  EXPECT_EQ(record->args[4].type->length, 65u);
  EXPECT_EQ(record->args[4].display, "Sig65");
  const abi::AbiMessage* update = registry->message("update_reputation");
  ASSERT_NE(update, nullptr);
  EXPECT_EQ(update->args[1].type->kind, TypeKind::I32);
  // Signature topics: BLAKE2b-256 of the event's name and its fields' types as the source
  // writes them, generic arguments and aliases included.
  auto topic_of = [](const abi::Metadata& m, const std::string& event) {
    const abi::AbiEvent* e = m.event(event);
    EXPECT_NE(e, nullptr) << event;
    return e && e->signature_topic ? abi::to_hex(*e->signature_topic) : std::string();
  };
  EXPECT_EQ(topic_of(*phala, "JobSubmitted"), abi::to_hex(abi::blake2b_256("JobSubmitted(u128,H160,Option<u128>)")));
  EXPECT_EQ(topic_of(*phala, "AttestationRecorded"),
            abi::to_hex(abi::blake2b_256("AttestationRecorded(u128,PubKey33,Hash32)")));
  EXPECT_EQ(topic_of(*set.find("mev_protection", 6), "BatchCreated"),
            abi::to_hex(abi::blake2b_256("BatchCreated(u128,Vec<u128>)")));
  const abi::AbiEvent* submitted = phala->event("JobSubmitted");
  ASSERT_NE(submitted, nullptr);
  EXPECT_TRUE(submitted->fields[0].indexed);   // job_id: an id
  EXPECT_TRUE(submitted->fields[1].indexed);   // owner: an address
  EXPECT_FALSE(submitted->fields[2].indexed);  // queue_job
}

// check_against_profile holds a spec file to the model: an error variant out of place, a
// byte array of another length, a read returning a Result are each named.
TEST(MetadataCommand, CheckAgainstProfileNamesWhatATamperedSpecFileGetsWrong) {
  const model::Profile& spec = model::spec_profile();
  auto problems_with = [&](const std::string& contract, const std::function<void(json&)>& edit) {
    json j = abi::synthesize_metadata(*spec.contract(contract));
    edit(j);
    abi::MetadataSet set;
    set.add(abi::Metadata::parse(j, contract + ".json"));
    std::string all;
    for (auto& p : abi::check_against_profile(set, spec)) all += p + "\n";
    return all;
  };
  EXPECT_EQ(problems_with("payment_escrow", [](json&) {}), "");
  auto find_type = [](json& j, const std::function<bool(const json&)>& pred) -> json& {
    for (auto& t : j["types"])
      if (pred(t["type"])) return t["type"];
    ADD_FAILURE() << "no such type";
    return j;
  };
  // Two error variants swapped.
  std::string swapped = problems_with("payment_escrow", [&](json& j) {
    json& e = find_type(j, [](const json& t) { return t.value("path", json()) == json::array({"payment_escrow", "Error"}); });
    auto& v = e["def"]["variant"]["variants"];
    std::swap(v[0]["name"], v[1]["name"]);
  });
  EXPECT_NE(swapped.find("returns Err: error variant 0 is ValueTooLarge in the model"), std::string::npos) << swapped;
  // PubKey33 written as 32 bytes.
  std::string short_key = problems_with("phala_job_processor", [&](json& j) {
    json& a = find_type(j, [](const json& t) { return t["def"].contains("array") && t["def"]["array"]["len"] == 33; });
    a["def"]["array"]["len"] = 32;
  });
  EXPECT_NE(short_key.find("33 vs 32 bytes"), std::string::npos) << short_key;
  // i32 written as u32.
  std::string unsigned_delta = problems_with("compute_provider_registry", [&](json& j) {
    find_type(j, [](const json& t) { return t["def"].value("primitive", "") == "i32"; })["def"]["primitive"] = "u32";
  });
  EXPECT_NE(unsigned_delta.find("update_reputation(score_delta): model i32 vs metadata u32"), std::string::npos)
      << unsigned_delta;
}

TEST(MetadataCommand, OneContractGoesToStandardOutput) {
  fs::path dir = written("spec");
  auto r = testing::run_command(std::string(MESHCHECK_BINARY) + " metadata --profile spec --contract mev_protection 2>/dev/null");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(json::parse(r.output), json::parse(read(dir / "mev_protection.json")));
  // And the same bytes every time.
  auto again = testing::run_command(std::string(MESHCHECK_BINARY) + " metadata --profile spec --contract mev_protection 2>/dev/null");
  EXPECT_EQ(again.output, r.output);
}

// --profile deployed writes what the model says of each build: the six contracts' files,
// and payment_escrow's ink! 5.1.1 build as payment_escrow.ink5.json. The ink! 6 escrow's
// is the file kept in abi/synthesized/.
TEST(MetadataCommand, DeployedWritesEveryBuildFromTheModel) {
  fs::path dir = written("deployed");
  const model::Profile& deployed = model::deployed_profile();
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 7);
  auto set = abi::MetadataSet::load({dir.string()});
  EXPECT_EQ(set.all().size(), deployed.builds.size());
  EXPECT_EQ(abi::check_against_profile(set, deployed), std::vector<std::string>{});
  EXPECT_EQ(json::parse(read(dir / "payment_escrow.json")),
            json::parse(read(fs::path(MESHCHECK_SOURCE_DIR) / "abi/synthesized/payment_escrow.ink6.json")));
  EXPECT_EQ(set.find("payment_escrow", 5)->code_hash, std::string(deployed.builds_of("payment_escrow")[1]->code_hash));
}

// The shipped metadata (cargo contract build's) and meshcheck's agree on every selector and
// signature topic, message, argument and event: both pass check_against_profile, and
// their selectors and topics are equal one by one.
TEST(MetadataCommand, DeployedAgreesWithTheShippedMetadata) {
  MESHCHECK_NEED_SHARED_ABIS();
  fs::path dir = written("deployed");
  auto mine = abi::MetadataSet::load({dir.string()});
  auto shipped = abi::MetadataSet::load({testing::shared_abis().string()});
  EXPECT_EQ(abi::check_against_profile(shipped, model::deployed_profile()), std::vector<std::string>{});
  std::size_t compared = 0;
  for (auto& s : shipped.all()) {
    const abi::Metadata* m = mine.find(s->contract_name, s->version);
    ASSERT_NE(m, nullptr) << s->source;
    ASSERT_EQ(m->messages.size(), s->messages.size()) << s->source;
    for (auto& sm : s->messages) {
      const abi::AbiMessage* mm = m->message(sm.label);
      ASSERT_NE(mm, nullptr) << sm.label;
      EXPECT_EQ(mm->selector, sm.selector) << s->contract_name << "." << sm.label;
      EXPECT_EQ(mm->payable, sm.payable) << sm.label;
      EXPECT_EQ(abi::type_difference(mm->returns, sm.returns), "") << sm.label;
      ++compared;
    }
    ASSERT_EQ(m->events.size(), s->events.size()) << s->source;
    for (auto& se : s->events) {
      const abi::AbiEvent* me = m->event(se.label);
      ASSERT_NE(me, nullptr) << se.label;
      EXPECT_EQ(me->signature_topic, se.signature_topic) << s->contract_name << "." << se.label;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 58u + 29u);  // every message and event of the six shipped files
}

TEST(MetadataCommand, BadArgumentsAreOneMessageAndExitTwo) {
  fs::path file = testing::temp_dir("metadata-bad") / "a-file";
  std::ofstream(file) << "x";
  struct Case {
    std::string args, says;
  };
  for (const Case& c : {Case{"metadata", "--profile is required"},
                        Case{"metadata --profile nosuch --out /tmp/x", "unknown profile \"nosuch\" (one of deployed, spec)"},
                        Case{"metadata --profile spec --contract nosuch", "profile spec has no contract \"nosuch\" (one of ai_job_queue"},
                        Case{"metadata --profile spec", "6 contracts to write: give --out DIR"},
                        Case{"metadata --profile spec --contract ai_job_queue --contract mev_protection",
                             "2 contracts to write: give --out DIR"},
                        Case{"metadata --profile spec --out " + file.string(), "cannot create the folder " + file.string()},
                        Case{"metadata --profile spec --bogus", "The following argument was not expected: --bogus"}}) {
    auto r = run_meshcheck(c.args);
    EXPECT_EQ(r.status, 2) << c.args << "\n" << r.output;
    EXPECT_NE(r.output.find(c.says), std::string::npos) << c.args << "\n" << r.output;
    EXPECT_EQ(r.output.find("terminate"), std::string::npos) << r.output;
  }
}

}  // namespace
}  // namespace meshcheck
