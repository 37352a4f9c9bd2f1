// System tests of user processes (firmware/kernel + firmware/user): the
// kernel boots with --cmdline="init=/<program> mmcosim.selftests=0", so
// pid 1 is one of the initramfs programs and the run ends with its status
// (a shell's form: 128 + signal when it was killed).  Each test is one
// simulator process; each run is a kernel boot without the self-tests
// (about 25-35 M cycles).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <regex>
#include <string>
#include <vector>

#include "kernel_run.h"
#include "run_child.h"

namespace {

using mmcosim_test::Has;
using mmcosim_test::KernelRun;
using mmcosim_test::RunKernel;

KernelRun RunInit(const std::string& program, const std::string& more = "") {
  return RunKernel("init=/" + program + " mmcosim.selftests=0" + (more.empty() ? "" : " " + more));
}

TEST(ProcessTest, ForkCopyOnWrite) {
  KernelRun r = RunInit("fork_cow");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(Has(r.output, "\nKernel command line: init=/fork_cow mmcosim.selftests=0\n")) << r.output;
  EXPECT_TRUE(Has(r.output, "\nfork_cow: child sees data 2 heap 20 area\\[3\\] 103\n")) << r.output;
  EXPECT_TRUE(Has(r.output, "\nfork_cow: parent sees data 3 heap 30 area\\[3\\] 3 shared 42\n"))
      << r.output;
  EXPECT_TRUE(Has(r.output, "\nPASS fork_cow\n")) << r.output;
  EXPECT_FALSE(Has(r.output, "PASS kernel")) << "the self-tests ran:\n" << r.output;
}

// mprotect then write, munmap then read, a NULL write: each child gets the
// segfault line and dies of SIGSEGV (139); the kernel and the parent go on.
TEST(ProcessTest, SegfaultsEndOnlyTheProcess) {
  KernelRun r = RunInit("segv");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(Has(r.output, "\nsegv\\[2\\]: segfault at [0-9a-f]+000 ip [0-9a-f]{8} sp [0-9a-f]{8} error 7\n"))
      << r.output;  // present page, write, user
  EXPECT_TRUE(Has(r.output, "\nsegv\\[3\\]: segfault at [0-9a-f]+000 ip [0-9a-f]{8} sp [0-9a-f]{8} error 4\n"))
      << r.output;  // no page, read, user
  EXPECT_TRUE(Has(r.output, "\nsegv\\[4\\]: segfault at 00000000 ip [0-9a-f]{8} sp [0-9a-f]{8} error 6\n"))
      << r.output;
  for (const char* what : {"mprotect then write", "munmap then read", "NULL write"})
    EXPECT_TRUE(Has(r.output, std::string("\nsegv: ") + what + ": child [0-9]+ exit status 139\n"))
        << what << "\n" << r.output;
  EXPECT_TRUE(Has(r.output, "\nPASS segv\n")) << r.output;
}

TEST(ProcessTest, BrkGrowsAndShrinks) {
  KernelRun r = RunInit("brk");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(Has(r.output, "\nbrk: grew by 64 pages to 0x[0-9a-f]+, free pages [0-9]+ -> [0-9]+\n"))
      << r.output;
  EXPECT_TRUE(Has(r.output, "\nbrk\\[[0-9]+\\]: segfault at ")) << r.output;
  EXPECT_TRUE(Has(r.output, "\nPASS brk\n")) << r.output;
}

// asid_bits=2 leaves 3 user ASIDs for 9 processes: rollovers must happen
// and no process may see another's page through a stale TLB entry.
TEST(ProcessTest, MoreProcessesThanAsids) {
  KernelRun r = RunInit("asid", "asid_bits=2");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(Has(r.output, "\nasid: 8 processes, 20 rounds of yields, 8 saw only their own page\n"))
      << r.output;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.output, m, std::regex(
      "\nasid: on, 2 bits; [0-9]+ switches, [0-9]+ allocated, ([0-9]+) rollovers")))
      << r.output;
  EXPECT_GE(std::stoul(m[1]), 1u) << r.output;
  EXPECT_TRUE(Has(r.output, "\nPASS asid\n")) << r.output;
}

TEST(ProcessTest, ForkExitLoopLeaksNothing) {
  KernelRun r = RunKernel("init=/forkloop mmcosim.selftests=0", "--max-cycles=120000000");
  EXPECT_EQ(r.status, 0) << r.output;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.output, m, std::regex(
      "\nforkloop: 4 fork\\+exit and 4 fork\\+execve\\+exit: free pages ([0-9]+) before, ([0-9]+) after\n")))
      << r.output;
  EXPECT_EQ(m[1], m[2]) << r.output;
  EXPECT_TRUE(Has(r.output, "\nPASS forkloop\n")) << r.output;
}

TEST(ProcessTest, BadSyscallArgumentsReturnLinuxErrnos) {
  KernelRun r = RunInit("errno");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_FALSE(Has(r.output, "CHECK failed")) << r.output;
  EXPECT_TRUE(Has(r.output, "\nerrno: bad calls checked, pid 1 still running\n")) << r.output;
  EXPECT_TRUE(Has(r.output, "\nPASS errno\n")) << r.output;
}

// A kernel bug (lkdtm=, kernel/lkdtm.c): a bad access without an
// exception-table fixup prints Linux's oops lines and halts with status 4.
// Runs pid 1 with lkdtm=`type`; the oops must name `oops` and the same
// address as lkdtm's line and stval.  Returns that address (0 when absent).
unsigned long RunOops(const std::string& type, const std::string& oops) {
  KernelRun r = RunInit("init", "lkdtm=" + type);
  EXPECT_EQ(r.status, 4) << r.output;
  EXPECT_TRUE(Has(r.output, "\nCPU: 0 PID: 1 Comm: init\nKernel panic - not syncing: Fatal exception\n"))
      << r.output;
  EXPECT_FALSE(Has(r.output, "survived|PASS init")) << r.output;
  std::smatch m;
  if (!std::regex_search(r.output, m, std::regex(
          "\nlkdtm: Performing direct entry " + type + "\nlkdtm: attempting bad [a-z ]+ at ([0-9a-f]{8})\n"
          "Unable to handle kernel " + oops + " at virtual address ([0-9a-f]{8})\n"
          "Oops \\[#1\\]: scause 0000000[df] sepc c[0-9a-f]{7} stval ([0-9a-f]{8}) "))) {
    ADD_FAILURE() << "no oops for " << type << ":\n" << r.output;
    return 0;
  }
  EXPECT_EQ(m[1], m[2]);
  EXPECT_EQ(m[1], m[3]);
  return std::stoul(m[1], nullptr, 16);
}

TEST(ProcessTest, KernelAccessToUserMemoryWithoutUaccessOopses) {
  unsigned long addr = RunOops("ACCESS_USERSPACE", "access to user memory without uaccess routines");
  EXPECT_GT(addr, 0xb0000000ul);  // init's user stack, below TASK_SIZE
  EXPECT_LT(addr, 0xc0000000ul);
}

TEST(ProcessTest, KernelWriteToRodataOopses) {
  EXPECT_GE(RunOops("WRITE_RO", "paging request"), 0xc0000000ul);  // the kernel's .rodata
}

// The bounded run of make bench-vm's program (vmbench "tiny": 8 faults of
// each kind, a 1 MiB fork, 8 switch pairs, 1/4/16-page mmap rows): every
// row runs, cleared and copied pages hold what they must (vmbench checks).
TEST(ProcessTest, VmBenchTinyRunsEveryRow) {
  KernelRun r = RunKernel("init=/vmbench mmcosim.selftests=0 -- tiny");
  EXPECT_EQ(r.status, 0) << r.output;
  for (const char* row : {"0 ops 1 empty region", "1 ops 8 anon read fault", "2 ops 8 anon write fault",
                          "3 ops 8 COW fault", "4 ops 1 fork\\+exit 1 MiB", "7 ops 8 context switch",
                          "8 ops 1 mmap\\+touch\\+munmap 1 pages", "10 ops 1 mmap\\+touch\\+munmap 16 pages"})
    EXPECT_TRUE(Has(r.output, std::string("\nvmbench: row ") + row)) << row << "\n" << r.output;
  EXPECT_FALSE(Has(r.output, "vmbench: row (5|6|11) ")) << r.output;
  EXPECT_TRUE(Has(r.output, "\nPASS vmbench\n")) << r.output;
}

// Bad boot arguments: a one-line refusal naming them, a failing status.
TEST(ProcessTest, UnknownBootParameterIsRefused) {
  KernelRun r = RunKernel("mmcosim.selftests=0 bogus=1");
  EXPECT_NE(r.status, 0) << r.output;
  EXPECT_TRUE(Has(r.output, "cmdline: unknown parameter 'bogus=1'")) << r.output;
}

TEST(ProcessTest, UnknownLkdtmTypeIsRefused) {
  KernelRun r = RunKernel("mmcosim.selftests=0 lkdtm=BOGUS");
  EXPECT_NE(r.status, 0) << r.output;
  EXPECT_TRUE(Has(r.output, "cmdline: lkdtm= takes ACCESS_USERSPACE, ACCESS_NULL or WRITE_RO, got 'BOGUS'"))
      << r.output;
}

TEST(ProcessTest, MissingInitIsReported) {
  KernelRun r = RunInit("no_such_init");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_TRUE(Has(r.output, "\nKernel panic - not syncing: Requested init /no_such_init failed \\(error -2\\)\\.\n"))
      << r.output;
}

// The simulator refuses a command line the kernel's array cannot hold, and
// one for a program without boot_command_line (no run happens).
TEST(ProcessTest, CmdlineErrorsOfTheSimulator) {
  const std::string kernel = std::string(MMCOSIM_FIRMWARE_DIR) + "/kernel.elf";
  auto c = mmcosim_test::run_child({MMCOSIM_CLI, "--cmdline=" + std::string(300, 'x'), kernel}, 60);
  EXPECT_EQ(c.status, 2);
  EXPECT_NE(c.err.find("--cmdline is 300 characters; the program's boot_command_line holds 255"),
            std::string::npos) << c.err;
  const std::string hello = std::string(MMCOSIM_FIRMWARE_DIR) + "/hello.elf";
  c = mmcosim_test::run_child({MMCOSIM_CLI, "--cmdline=init=/x", hello}, 60);
  EXPECT_EQ(c.status, 2);
  EXPECT_NE(c.err.find("the program has no boot_command_line array for --cmdline"), std::string::npos)
      << c.err;
}

}  // namespace
