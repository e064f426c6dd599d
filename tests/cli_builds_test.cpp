// `meshcheck replay` and payment_escrow's two builds (model/payment_escrow.hpp): a deploy
// line at an H160 address replays against the ink! 6 build (the one deployed on Paseo),
// at an AccountId address against the ink! 5.1.1 build, and an explicit "code_hash"
// picks one (../shared/trace-format.md); an unknown code hash exits 2 naming the file and
// line; and a raw trace of the ink! 6 escrow replays with --metadata, reading the
// synthesized metadata in abi/synthesized/.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "abi/metadata.hpp"
#include "model/payment_escrow.hpp"
#include "model/world.hpp"
#include "support/command.hpp"
#include "support/temp_dir.hpp"
#include "trace/raw_call.hpp"
#include "trace/writer.hpp"

namespace fs = std::filesystem;

namespace meshcheck {
namespace {

namespace pe = model::deployed::payment_escrow;
using testing::CommandRun;
CommandRun run(const std::string& args) { return testing::run_meshcheck(args); }

const std::string kInk6Hash(pe::kBuilds[pe::Build::kInk6].code_hash);
const std::string kInk5Hash(pe::kBuilds[pe::Build::kInk5].code_hash);
const std::string kAlice20 = "0x0101010101010101010101010101010101010101";
const std::string kBob20 = "0x0202020202020202020202020202020202020202";
const std::string kEscrow20 = "0xc4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4";
// 2^128 + 1: above u128, so only the ink! 6 build takes it.
const std::string kAboveU128 = "340282366920938463463374607431768211457";

fs::path write(const std::string& name, const std::vector<std::string>& lines) {
  fs::path p = testing::temp_dir("cli-builds") / name;
  std::ofstream out(p);
  for (auto& l : lines) out << l << "\n";
  return p;
}

std::string deploy(const std::string& address, const std::string& deployer, const std::string& extra = "") {
  return R"({"deploy":{"contract":"payment_escrow","address":")" + address + R"(","deployer":")" + deployer +
         R"(","args":{})" + extra + "}}";
}

// A deposit of 2^128 + 1 from alice for bob, with what the ink! 6 build answers: a U256
// amount in Deposited and in get_escrow.
std::vector<std::string> ink6_deposit_lines(const std::string& deploy_extra = "") {
  return {
      deploy(kEscrow20, kAlice20, deploy_extra),
      R"({"call":{"contract":"payment_escrow","caller":")" + kAlice20 + R"(","value":")" + kAboveU128 +
          R"(","message":"deposit_for_job","args":{"job_id":"7","provider":")" + kBob20 +
          R"("},"expect":{"status":"ok","return":true,"events":[{"event":"Deposited","fields":{"job_id":"7","owner":")" +
          kAlice20 + R"(","provider":")" + kBob20 + R"(","amount":")" + kAboveU128 + R"("}}]}}})",
      R"({"call":{"contract":"payment_escrow","caller":")" + kBob20 +
          R"(","message":"get_escrow","args":{"job_id":"7"},"expect":{"status":"ok","return":{"owner":")" + kAlice20 +
          R"(","provider":")" + kBob20 + R"(","amount":")" + kAboveU128 + R"(","released":false,"refunded":false}}}})",
      R"({"balance":{"account":")" + kEscrow20 + R"(","expect":")" + kAboveU128 + R"("}})",
  };
}

TEST(CliBuilds, AnH160DeployReplaysAgainstTheInk6Build) {
  auto r = run("replay " + write("h160.jsonl", ink6_deposit_lines()).string());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("2 calls, 0 divergences"), std::string::npos) << r.output;
  // The same with the build named by its code hash (upper-case hex is the same hash).
  std::string upper = kInk6Hash;
  for (std::size_t i = 2; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  r = run("replay " + write("h160-hash.jsonl", ink6_deposit_lines(R"(,"code_hash":")" + upper + "\"")).string());
  EXPECT_EQ(r.status, 0) << r.output;
  // And the bundled upstream scenario, ported as the upstream test has it (H160).
  r = run("replay " + (fs::path(MESHCHECK_SOURCE_DIR) / "tests/traces/upstream/payment_escrow/test_release_to_provider.jsonl")
                          .string());
  EXPECT_EQ(r.status, 0) << r.output;
}

TEST(CliBuilds, TheInk6BuildsU256AmountIsCompared) {
  auto lines = ink6_deposit_lines();
  lines[2].replace(lines[2].find(kAboveU128), kAboveU128.size(), "340282366920938463463374607431768211456");
  fs::path p = write("h160-altered.jsonl", lines);
  auto r = run("replay " + p.string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find(p.string() + ":3: payment_escrow.get_escrow: return"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(kAboveU128), std::string::npos) << r.output;
}

TEST(CliBuilds, AnAccountIdDeployIsTheInk5BuildWhichRefusesAValueAboveU128) {
  std::string a = "0x";
  for (int i = 0; i < 32; ++i) a += "01";
  std::string escrow = "0x";
  for (int i = 0; i < 32; ++i) escrow += "c4";
  fs::path p = write("account.jsonl", {deploy(escrow, a, R"(,"code_hash":")" + kInk5Hash + "\""),
                                       R"({"call":{"contract":"payment_escrow","caller":")" + a + R"(","value":")" +
                                           kAboveU128 + R"(","message":"deposit_for_job","args":{"job_id":"7","provider":")" +
                                           a + R"("}}})"});
  auto r = run("replay " + p.string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(p.string() + ":2: error:"), std::string::npos) << r.output;
}

TEST(CliBuilds, AnUnknownCodeHashExitsTwoNamingTheFileAndLine) {
  const std::string unknown = "0x" + std::string(64, 'a');
  fs::path p = write("unknown-hash.jsonl", ink6_deposit_lines(R"(,"code_hash":")" + unknown + "\""));
  auto r = run("replay " + p.string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(r.output.rfind(p.string() + ":1: error: deploy.code_hash: unknown code hash " + unknown +
                               " for payment_escrow",
                           0),
            0u)
      << r.output;
  EXPECT_NE(r.output.find(kInk6Hash), std::string::npos) << r.output;  // the known builds are listed
  EXPECT_NE(r.output.find(kInk5Hash), std::string::npos) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;

  p = write("bad-hash.jsonl", ink6_deposit_lines(R"(,"code_hash":"0x7bff")"));
  r = run("replay " + p.string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(p.string() + ":1: error: deploy.code_hash: \"0x7bff\" is not a code hash"), std::string::npos)
      << r.output;
  // The ink! 5.1.1 build's hash at an H160 address: that build has AccountId addresses.
  p = write("wrong-width.jsonl", ink6_deposit_lines(R"(,"code_hash":")" + kInk5Hash + "\""));
  r = run("replay " + p.string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(p.string() + ":1: error: deploy: "), std::string::npos) << r.output;
}

// A raw trace of the ink! 6 escrow (input, output, topics and data as the chain records
// them), written from the model with the synthesized metadata, replayed by the command
// with --metadata reading abi/synthesized/. Its bytes are checked against what ink! 6
// writes, computed apart from meshcheck: the Deposited signature topic is BLAKE2b-256 of
// "Deposited(u128,H160,H160,U256)" (Python's hashlib gives 0xad56e97e…fa32), and the
// amount is the last 32 bytes of the event data, little-endian.
TEST(CliBuilds, ARawTraceOfTheInk6EscrowReplaysWithTheSynthesizedMetadata) {
  const fs::path synthesized = fs::path(MESHCHECK_SOURCE_DIR) / "abi/synthesized";
  auto meta = abi::Metadata::load(synthesized / "payment_escrow.ink6.json");
  const model::ContractSpec& spec = pe::spec(pe::Build::kInk6);
  const Address escrow = Address::filled(AddressKind::H160, 0xc4), alice = Address::filled(AddressKind::H160, 1),
                bob = Address::filled(AddressKind::H160, 2);
  const U256 amount = (U256(1) << 128) + 1;
  model::World world(model::deployed_profile());
  world.deploy(spec, escrow, alice, {}, 0, 1, 6000);
  std::vector<std::string> lines{trace::deploy_line(spec, escrow, alice, {}, 0, 1, 6000).dump()};
  auto call = [&](const Address& caller, const char* message, std::vector<Value> args, const U256& value) {
    model::Call c{escrow, caller, value, spec.message(message), std::move(args), 1, 6000};
    model::CallResult r = world.call(c);
    lines.push_back(trace::raw_call_line(*meta, spec, c, &r).dump());
  };
  call(alice, "deposit_for_job", {u128(7), bob}, amount);
  call(bob, "get_escrow", {u128(7)}, 0);
  call(alice, "release_to_provider", {u128(7)}, 0);

  const std::string deposit = lines[1];
  EXPECT_NE(deposit.find("\"input\":\"0x3ef41400"), std::string::npos) << deposit;  // deposit_for_job's selector
  EXPECT_NE(deposit.find("0xad56e97eab0290d0e25b09e74dfea700623150b9f78944a88a0003a536e2fa32"), std::string::npos)
      << deposit;
  // 2^128 + 1 in 32 little-endian bytes: 01, 15 zeros, 01, 15 zeros.
  const std::string le = "01" + std::string(30, '0') + "01" + std::string(30, '0');
  EXPECT_NE(deposit.find(le + "\""), std::string::npos) << deposit;

  std::vector<std::string> metadata_args = {"--metadata " + synthesized.string()};
  if (fs::exists(fs::path(MESHCHECK_SHARED_DIR) / "abis/payment_escrow.json"))  // the published ones beside it
    metadata_args.push_back("--metadata " + (fs::path(MESHCHECK_SHARED_DIR) / "abis").string());
  std::string flags;
  for (auto& m : metadata_args) flags += m + " ";
  fs::path p = write("raw-ink6.jsonl", lines);
  auto r = run("replay " + flags + p.string());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("3 calls, 0 divergences"), std::string::npos) << r.output;

  // One byte of the U256 amount in the event data altered: a divergence on that field.
  std::string altered = deposit;
  altered.replace(altered.find(le + "\""), le.size(), "02" + le.substr(2));
  fs::path q = write("raw-ink6-altered.jsonl", {lines[0], altered});
  r = run("replay --no-invariants " + flags + q.string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find(q.string() + ":2: payment_escrow.deposit_for_job: events[0].data (Deposited.amount)"),
            std::string::npos)
      << r.output;

  // Without metadata for the ink! 6 build, the raw line cannot be read: exit 2, saying which.
  if (metadata_args.size() == 2) {
    r = run("replay " + metadata_args[1] + " " + p.string());
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find(p.string() + ":2: error: call.input: the raw SCALE form needs the ink! metadata of "
                                         "payment_escrow (version 6, code hash " +
                                kInk6Hash + ")"),
              std::string::npos)
        << r.output;
  }
}

}  // namespace
}  // namespace meshcheck
