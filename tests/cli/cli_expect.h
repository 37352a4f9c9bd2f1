// Shared by the CLI tests: a bad-input run of the simulator.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "run_child.h"

namespace mmcosim_test {

// One line on stderr that names the problem, status 2, nothing on stdout.
inline void expect_bad_input(const std::string& sim, const std::vector<std::string>& args,
                             const std::string& needle) {
  std::vector<std::string> argv{sim};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = run_child(argv);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not one line: " << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

}  // namespace mmcosim_test
