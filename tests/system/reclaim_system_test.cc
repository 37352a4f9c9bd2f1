// System tests of memory pressure on the co-simulation (firmware/kernel +
// firmware/user): the kernel runs with most of DRAM taken out of its
// memory (mem=) or turned into the RAM swap area (mmcosim.ramswap=), and
// prints meminfo, vmstat and /proc/swaps when init exits
// (mmcosim.vmstat=1).  Each test is one simulator process.
#include <gtest/gtest.h>
#include <unistd.h>

#include <regex>
#include <string>

#include "kernel_run.h"

namespace {

using mmcosim_test::Has;
using mmcosim_test::KernelRun;
using mmcosim_test::RunKernel;

// The value of a "name value" vmstat line.
unsigned long Vmstat(const std::string& out, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("\n" + name + " ([0-9]+)\n"))) return ~0ul;
  return std::stoul(m[1]);
}

TEST(ReclaimSystemTest, OomWithoutSwapKillsTheHogAndTheKernelGoesOn) {
  KernelRun r = RunKernel("init=/oom mmcosim.selftests=0 mem=6M mmcosim.vmstat=1", "--max-cycles=150000000");
  EXPECT_EQ(r.status, 0) << r.output;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.output, m, std::regex("\noom: keeper ([0-9]+) filled 256 pages, hog is pid ([0-9]+)\n")))
      << r.output;
  const std::string hog = m[2];
  EXPECT_TRUE(Has(r.output, "\noom invoked oom-killer: gfp_mask=0x[0-9a-f]+\\([A-Za-z_|]+\\), order=0, "
                  "oom_score_adj=0\n"))
      << r.output;
  EXPECT_TRUE(Has(r.output, "\nOut of memory: Killed process " + hog + " \\(oom\\) total-vm:[0-9]+kB, anon-rss:[0-9]+kB, "
                  "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:[0-9]+kB oom_score_adj:0\n"))
      << r.output;
  EXPECT_TRUE(Has(r.output, "\noom: hog " + hog + " ended by signal 9\n")) << r.output;
  EXPECT_TRUE(Has(r.output, "\noom: keeper's pages: 0 bad words\n")) << r.output;
  EXPECT_TRUE(Has(r.output, "\noom: keeper exited with status 0\n")) << r.output;
  EXPECT_TRUE(Has(r.output, "\nPASS oom\n")) << r.output;
  EXPECT_EQ(Vmstat(r.output, "oom_kill"), 1u) << r.output;
  EXPECT_EQ(Vmstat(r.output, "pswpout"), 0u) << r.output;
}

TEST(ReclaimSystemTest, BadPressureParametersAreRefused) {
  KernelRun r = RunKernel("mmcosim.selftests=0 mmcosim.ramswap=60M", "--max-cycles=20000000");
  EXPECT_NE(r.status, 0) << r.output;
  EXPECT_TRUE(Has(r.output, "cmdline: mmcosim.ramswap= takes a page-aligned size of 64K\\.\\.48M, got '60M'"))
      << r.output;
  r = RunKernel("mmcosim.selftests=0 mem=12x", "--max-cycles=20000000");
  EXPECT_NE(r.status, 0) << r.output;
  EXPECT_TRUE(Has(r.output, "cmdline: mem= takes a page-aligned size of at least 4M, got '12x'")) << r.output;
}

}  // namespace
