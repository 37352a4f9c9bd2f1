// System tests of virtual memory: each Sv32 firmware program (firmware/
// tests/vm_*.c, the -v style firmware/spike/spike_vm*.S and the bench-tlb
// workload) runs in its own mmcosim process, exactly as firmware_test.cc
// runs the others; the test checks the exit status and the fixed lines.
#include <gtest/gtest.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <vector>

#include "run_child.h"

namespace {

using mmcosim_test::run_child;

struct SimResult {
  int exit_status = -1;  // 128 + signal when killed
  std::string output;    // stdout, then stderr
};

// The vm_* programs and tlb_chase start the kernel's mm first (their page
// tables come from it: firmware/lib/vm_env.h): about 9-14 M cycles each
// with the L1 caches, several times that on the uncached machine.
constexpr int kTimeoutSeconds = 300;                          // wall-clock guard
constexpr const char* kMaxCycles = "--max-cycles=200000000";  // hang guard

// Runs firmware program `name` (MMCOSIM_FIRMWARE_DIR/<name>.elf).
SimResult RunFirmware(const std::string& name) {
  const std::string elf = std::string(MMCOSIM_FIRMWARE_DIR) + "/" + name + ".elf";
  if (access(elf.c_str(), R_OK) != 0) {
    ADD_FAILURE() << "missing " << elf << ": run `make -C firmware`";
    return SimResult{};
  }
  auto c = run_child({MMCOSIM_CLI, kMaxCycles, elf}, kTimeoutSeconds);
  EXPECT_LT(c.status, 128) << name << " died by a signal or ran longer than "
                           << kTimeoutSeconds << " s";
  return SimResult{c.status, c.out + c.err};
}

// True if `text` has a line exactly equal to `line`.
bool HasLine(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) {
    if (l == line) return true;
  }
  return false;
}

// Runs `name` and expects exit status 0 and the line "PASS <name>".
void ExpectPass(const std::string& name) {
  SimResult r = RunFirmware(name);
  EXPECT_EQ(r.exit_status, 0) << r.output;
  EXPECT_TRUE(HasLine(r.output, "PASS " + name)) << r.output;
}

TEST(VmTest, Basic) { ExpectPass("vm_basic"); }
TEST(VmTest, Permissions) { ExpectPass("vm_perm"); }
TEST(VmTest, AccessedDirty) { ExpectPass("vm_ad"); }
TEST(VmTest, MalformedPtes) { ExpectPass("vm_malformed"); }
TEST(VmTest, Sfence) { ExpectPass("vm_sfence"); }
TEST(VmTest, Asid) { ExpectPass("vm_asid"); }
TEST(VmTest, DemandPaging) { ExpectPass("vm_demand"); }
TEST(VmTest, Counters) { ExpectPass("vm_counters"); }
TEST(VmTest, MisalignedAcrossPages) { ExpectPass("vm_misaligned"); }

// The -v style program: tohost = 1 after demand paging every page.
TEST(VmTest, SpikeVmPasses) {
  SimResult r = RunFirmware("spike_vm");
  EXPECT_EQ(r.exit_status, 0) << r.output;
}

// Its failing twin must end through tohost with its test number, 7.
TEST(VmTest, SpikeVmFailExitsWithTestNumber) {
  SimResult r = RunFirmware("spike_vm_fail");
  EXPECT_EQ(r.exit_status, 7) << r.output;  // tohost = (7 << 1) | 1
}

// The bench-tlb workload: every chase ends where its cycle says.
TEST(VmTest, TlbChaseRuns) {
  SimResult r = RunFirmware("tlb_chase");
  EXPECT_EQ(r.exit_status, 0) << r.output;
  EXPECT_TRUE(HasLine(r.output, "tlb_chase: 4k N=4096 ok")) << r.output;
  EXPECT_TRUE(HasLine(r.output, "tlb_chase: mega N=256 ok")) << r.output;
  EXPECT_TRUE(HasLine(r.output, "tlb_chase: done, 8192 loads per region")) << r.output;
}

}  // namespace
