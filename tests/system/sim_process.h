// Runs the mmcosim CLI as a child process and captures what it printed.
#pragma once

#include <string>
#include <vector>

namespace mmcosim_test {

struct SimResult {
  int exit_status = -1;   // the child's exit status; -1 if it did not exit
  int term_signal = 0;    // the signal that ended it, or 0
  bool timed_out = false; // killed by the wall-clock guard
  std::string output;     // stdout and stderr, interleaved as written
};

// Runs `program` with `args` (argv[1..]) and waits at most `timeout_s`
// seconds of wall-clock time, then kills it.  Never throws; a failure to
// start shows as exit status 127 with the reason in `output`.
SimResult RunProcess(const std::string& program,
                     const std::vector<std::string>& args, int timeout_s);

}  // namespace mmcosim_test
