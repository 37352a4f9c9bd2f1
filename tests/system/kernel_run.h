// kernel_run.h -- the system tests' way to boot the firmware kernel: one
// simulator process per run (build/mmcosim --cmdline=...), its exit
// status and its whole output; Has() searches the output with a regex.
#ifndef TESTS_SYSTEM_KERNEL_RUN_H
#define TESTS_SYSTEM_KERNEL_RUN_H

#include <gtest/gtest.h>
#include <unistd.h>

#include <regex>
#include <string>

#include "run_child.h"

namespace mmcosim_test {

constexpr int kKernelTimeoutSeconds = 280;  // below ctest's 300 s on a loaded machine

struct KernelRun {
  int status = -1;
  std::string output;
};

// Runs the kernel with `cmdline`; `max_cycles` bounds the run.
inline KernelRun RunKernel(const std::string& cmdline, const char* max_cycles = "--max-cycles=80000000") {
  const std::string elf = std::string(MMCOSIM_FIRMWARE_DIR) + "/kernel.elf";
  if (access(elf.c_str(), R_OK) != 0) {
    ADD_FAILURE() << "missing " << elf << ": run `make -C firmware`";
    return KernelRun{};
  }
  auto c = run_child({MMCOSIM_CLI, max_cycles, "--cmdline=" + cmdline, elf}, kKernelTimeoutSeconds);
  return KernelRun{c.status, c.out + c.err};
}

inline bool Has(const std::string& text, const std::string& pattern) {
  return std::regex_search(text, std::regex(pattern));
}

}  // namespace mmcosim_test

#endif  // TESTS_SYSTEM_KERNEL_RUN_H
