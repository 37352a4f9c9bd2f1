// Runs a command as a child process and captures its output and status:
// every co-simulation in the tests runs in a process of its own.
#pragma once

#include <string>
#include <vector>

namespace mmcosim_test {

struct ChildResult {
  int status = -1;      // exit status, or 128+signal when killed
  std::string out;      // stdout
  std::string err;      // stderr
};

// argv[0] is the program path.  `timeout_s` kills a hung child (status 137).
ChildResult run_child(const std::vector<std::string>& argv, int timeout_s = 300);

// Reads a whole file; empty string when missing.
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& data);

}  // namespace mmcosim_test
