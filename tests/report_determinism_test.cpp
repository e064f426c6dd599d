// "The same seed gives the same files, on any machine, under any load": the same report
// run on a quiet machine, then twice at once while busy threads of this process load
// every core, and with a different job count, gives the same bytes apart from the
// timing fields. The prover's queries are bounded by Z3 resource units, not seconds, and
// its counterexamples are canonical, so neither the load nor the threads can change a
// verdict or a value; a firing of the wall-clock safety net would show here as a
// non-zero safety_net_fired.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/command.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json strip_timing(json j) {
  if (j.is_object()) {
    j.erase("timing");
    for (auto& item : j.items()) item.value() = strip_timing(item.value());
  } else if (j.is_array()) {
    for (auto& v : j) v = strip_timing(v);
  }
  return j;
}

// Every file of a report folder with its timing fields taken out (README: JSON keys
// `timing`, JUnit `time` attributes, HTML elements of class `timing`), by relative path.
std::map<std::string, std::string> files_apart_from_timing(const fs::path& dir) {
  static const std::regex time_attr(" time=\"[0-9.]+\"");
  static const std::regex timing_el("<(span|td) class=\"timing\">[^<]*</(span|td)>");
  std::map<std::string, std::string> out;
  for (auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::string name = fs::relative(e.path(), dir).string();
    std::string text = slurp(e.path());
    std::string ext = e.path().extension().string();
    if (ext == ".json" || ext == ".sarif")
      text = strip_timing(json::parse(text)).dump(1);
    else if (ext == ".xml")
      text = std::regex_replace(text, time_attr, "");
    else if (ext == ".html")
      text = std::regex_replace(text, timing_el, "");
    out[name] = text;
  }
  return out;
}

// Spins on every core until stopped: the "parallel job" that loads the machine.
class Load {
 public:
  Load() {
    unsigned n = std::max(2u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < 2 * n; ++i)
      threads_.emplace_back([this] {
        volatile std::uint64_t x = 0;
        while (!stop_.load(std::memory_order_relaxed)) x = x * 6364136223846793005ULL + 1;
      });
  }
  ~Load() {
    stop_ = true;
    for (auto& t : threads_) t.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
};

// Both profiles side by side (the default). In the deployed one, invariants the prover
// proves (G-VALUE), violates with a counterexample (E-CONSERVE, R-MINSTAKE, Q-LIFECYCLE),
// and leaves with a counterexample to induction (R-COUNT), with the fuzzer's verdicts
// beside them; in the design's spec profile the same ones (E-CONSERVE and R-MINSTAKE
// restated) and three only it has (X-ESCROW, a state invariant; X-FORWARD, judged by
// the calls' frames; X-EXIT, an enabledness invariant whose check runs the exit calls),
// judged by the spec fuzzer and by the spec prover when the build has it.
const char* kSubset =
    "--invariant G-VALUE --invariant E-CONSERVE --invariant R-MINSTAKE --invariant R-COUNT --invariant Q-LIFECYCLE "
    "--invariant X-ESCROW --invariant X-FORWARD --invariant X-EXIT";

std::string report_cmd(const fs::path& out, unsigned jobs) {
  return std::string(MESHCHECK_BINARY) + " report --profile all " + kSubset + " --budget small --seed 7 --jobs " +
         std::to_string(jobs) + " --out " + out.string();
}

void expect_same_files(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b,
                       const std::string& what) {
  ASSERT_FALSE(a.empty());
  std::vector<std::string> names_a, names_b;
  for (auto& f : a) names_a.push_back(f.first);
  for (auto& f : b) names_b.push_back(f.first);
  ASSERT_EQ(names_a, names_b) << what;
  for (auto& f : a) EXPECT_EQ(f.second, b.at(f.first)) << what << ": " << f.first;
}

TEST(ReportDeterminism, SameSeedSameFilesUnderLoadAndWhateverTheJobs) {
  fs::path dir = meshcheck::testing::fresh_temp_dir("report-determinism");
  // Quiet, one job.
  meshcheck::testing::CommandRun quiet = meshcheck::testing::run_command(report_cmd(dir / "quiet", 1));
  ASSERT_LT(quiet.status, 2) << quiet.output;
  json j = json::parse(slurp(dir / "quiet" / "report.json"));
  EXPECT_EQ(j["summary"]["safety_net_fired"], 0);
  // The report does find something, so there are counterexamples to compare.
  ASSERT_TRUE(fs::exists(dir / "quiet" / "counterexamples" / "deployed" / "prove" / "E-CONSERVE.jsonl")) << quiet.output;
  // The spec half is in the files being compared: every one of its invariants judged
  // by the fuzzer (so its sequences, too, must not depend on the load or the jobs).
  std::size_t spec = 0;
  for (auto& i : j["invariants"]) {
    if (i["profile"] != "spec") continue;
    ++spec;
    EXPECT_FALSE(i["fuzz"].is_null()) << i["id"];
    EXPECT_GT(i["fuzz"]["calls"].get<std::size_t>(), 0u) << i["id"];
  }
  EXPECT_EQ(spec, 8u);

  // Two jobs each, two reports at once, every core spun by this process's threads.
  meshcheck::testing::CommandRun loaded1, loaded2;
  {
    Load load;
    std::thread second([&] { loaded2 = meshcheck::testing::run_command(report_cmd(dir / "loaded2", 2)); });
    loaded1 = meshcheck::testing::run_command(report_cmd(dir / "loaded1", 2));
    second.join();
  }
  EXPECT_EQ(loaded1.status, quiet.status) << loaded1.output;
  EXPECT_EQ(loaded2.status, quiet.status) << loaded2.output;
  auto files = files_apart_from_timing(dir / "quiet");
  expect_same_files(files, files_apart_from_timing(dir / "loaded1"), "loaded, first");
  expect_same_files(files, files_apart_from_timing(dir / "loaded2"), "loaded, second");
  fs::remove_all(dir);
}

}  // namespace
