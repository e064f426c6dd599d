#include "cli/metadata_command.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "abi/synthesize.hpp"
#include "model/profile.hpp"

namespace meshcheck::cli {

namespace {
constexpr int kUsable = 0, kUnusable = 2;

std::string names_of(const model::Profile& profile) {
  std::string names;
  for (auto* c : profile.contracts) names += (names.empty() ? "" : ", ") + c->name;
  return names;
}
}  // namespace

int run_metadata_command(const MetadataOptions& options, std::ostream& out, std::ostream& err) {
  const model::Profile* profile = model::find_profile(options.profile);
  if (!profile) {
    std::string names;
    for (auto& n : model::profile_names()) names += (names.empty() ? "" : ", ") + n;
    err << "meshcheck metadata: unknown profile \"" << options.profile << "\" (one of " << names << ")\n";
    return kUnusable;
  }
  // The contracts asked for, in the profile's order, each once.
  std::vector<const model::ContractSpec*> contracts;
  for (auto& name : options.contracts) {
    if (!profile->contract(name)) {
      err << "meshcheck metadata: profile " << profile->name << " has no contract \"" << name << "\" (one of "
          << names_of(*profile) << ")\n";
      return kUnusable;
    }
  }
  for (auto* c : profile->contracts)
    if (options.contracts.empty() ||
        std::find(options.contracts.begin(), options.contracts.end(), c->name) != options.contracts.end())
      contracts.push_back(c);

  if (options.out_dir.empty()) {
    if (contracts.size() != 1) {
      err << "meshcheck metadata: " << contracts.size() << " contracts to write: give --out DIR for them all, or "
          << "--contract NAME for one on standard output\n";
      return kUnusable;
    }
    out << abi::synthesize_metadata(*contracts.front()).dump(1) << "\n";
    return kUsable;
  }

  namespace fs = std::filesystem;
  const fs::path dir(options.out_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir, ec)) {
    err << "meshcheck metadata: cannot create the folder " << options.out_dir
        << (ec ? " (" + ec.message() + ")" : std::string(" (a file of that name exists)")) << "\n";
    return kUnusable;
  }
  for (auto* contract : contracts)
    for (auto* build : profile->builds_of(contract->name)) {
      const fs::path file = dir / abi::synthesized_file_name(*build, *profile);
      std::ofstream f(file);
      f << abi::synthesize_metadata(*build).dump(1) << "\n";
      f.close();
      if (!f) {
        err << "meshcheck metadata: cannot write " << file.string() << "\n";
        return kUnusable;
      }
      out << file.string() << "\n";
    }
  return kUsable;
}

}  // namespace meshcheck::cli
