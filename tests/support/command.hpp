// Running commands from tests: the meshcheck binary under test, node, chromium.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace meshcheck::testing {

struct CommandRun {
  int status = -1;     // the exit status, -1 when it did not exit normally
  std::string output;  // stdout and stderr together
};

// Runs a shell command line and collects what it prints.
inline CommandRun run_command(const std::string& command) {
  CommandRun r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) r.output.append(buf, n);
  int status = ::pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

#ifdef MESHCHECK_BINARY
// Runs the meshcheck binary this build made, with `args`.
inline CommandRun run_meshcheck(const std::string& args) { return run_command(std::string(MESHCHECK_BINARY) + " " + args); }
#endif

}  // namespace meshcheck::testing
