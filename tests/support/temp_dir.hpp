// Scratch folders for tests, one per process (the pid is in the name) so that ctest -j
// runs of different test binaries never share one.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

namespace meshcheck::testing {

// A folder that exists, for inputs a test writes; what is in it from before stays.
inline std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("meshcheck-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

// A path with nothing at it, for a command's --out folder: the command makes it.
inline std::filesystem::path fresh_temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("meshcheck-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

}  // namespace meshcheck::testing
