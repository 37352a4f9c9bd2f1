// System tests: each firmware program (firmware/, built into
// MMCOSIM_FIRMWARE_DIR) runs in its own mmcosim process; the test checks
// the exit status and the program's fixed output lines.  Self-checking
// programs print "PASS <name>" and exit 0; the *_bad programs prove that
// failures are reported.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "run_child.h"

namespace {

using mmcosim_test::run_child;

// What a test needs of a run: its status and everything it printed.
struct SimResult {
  int exit_status = -1;  // 128 + signal when killed
  std::string output;    // stdout, then stderr
};

constexpr int kTimeoutSeconds = 120;                   // wall-clock guard
constexpr int kLongTimeoutSeconds = 280;               // below ctest's 300 s
constexpr const char* kMaxCycles = "--max-cycles=20000000";  // hang guard

std::string ElfPath(const std::string& name) {
  return std::string(MMCOSIM_FIRMWARE_DIR) + "/" + name + ".elf";
}

// Runs firmware program `name` with `extra` options before the ELF; the
// run is killed after `timeout_seconds` of wall-clock time.
SimResult RunFirmware(const std::string& name,
                      const std::vector<std::string>& extra = {},
                      int timeout_seconds = kTimeoutSeconds) {
  const std::string elf = ElfPath(name);
  if (access(elf.c_str(), R_OK) != 0) {
    ADD_FAILURE() << "missing " << elf << ": run `make -C firmware`";
    return SimResult{};
  }
  std::vector<std::string> args = {kMaxCycles};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(elf);
  args.insert(args.begin(), MMCOSIM_CLI);
  auto c = run_child(args, timeout_seconds);
  EXPECT_LT(c.status, 128) << name << " died by a signal or ran longer than "
                           << timeout_seconds << " s";
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

TEST(FirmwareTest, Hello) {
  SimResult r = RunFirmware("hello");
  EXPECT_EQ(r.exit_status, 0) << r.output;
  EXPECT_TRUE(HasLine(r.output, "Hello from mmcosim")) << r.output;
  std::smatch m;
  std::regex counters(R"(config=\S+ cycles=(\d+) instret=(\d+))");
  ASSERT_TRUE(std::regex_search(r.output, m, counters)) << r.output;
  const unsigned long long cycles = std::stoull(m[1]);
  const unsigned long long instret = std::stoull(m[2]);
  EXPECT_GT(instret, 0u);
  EXPECT_GE(cycles, instret);
}

TEST(FirmwareTest, IsaAlu) { ExpectPass("isa_alu"); }
TEST(FirmwareTest, IsaBranch) { ExpectPass("isa_branch"); }
TEST(FirmwareTest, IsaMem) { ExpectPass("isa_mem"); }
TEST(FirmwareTest, IsaMul) { ExpectPass("isa_mul"); }
TEST(FirmwareTest, IsaAmo) { ExpectPass("isa_amo"); }
TEST(FirmwareTest, IsaC) { ExpectPass("isa_c"); }
TEST(FirmwareTest, Csr) { ExpectPass("csr"); }
TEST(FirmwareTest, Traps) { ExpectPass("traps"); }
TEST(FirmwareTest, Deleg) { ExpectPass("deleg"); }
TEST(FirmwareTest, IrqTimer) { ExpectPass("irq_timer"); }
TEST(FirmwareTest, IrqSoft) { ExpectPass("irq_soft"); }
TEST(FirmwareTest, IrqVectored) { ExpectPass("irq_vectored"); }
TEST(FirmwareTest, Umode) { ExpectPass("umode"); }
TEST(FirmwareTest, Hpm) { ExpectPass("hpm"); }
// Self-modifying code: stores, FENCE.I, then the new code runs (docs/cache.md).
TEST(FirmwareTest, FenceISmc) { ExpectPass("fencei_smc"); }
TEST(FirmwareTest, Cbo) { ExpectPass("cbo"); }
TEST(FirmwareTest, TriggerCkpt) { ExpectPass("trigger_ckpt"); }

// The kernel memory manager (firmware/mm, docs/kernel-mm.md) on the
// machine: memblock over all of DRAM, the buddy allocator's mem_map for
// every page, a mix of orders and migrate types written and read back, and
// the free counts per order back at their start, the zone views and the
// pcp fast-path bench.  About 85 M cycles: the last --max-cycles wins
// over the default hang guard, and the wall-clock guard is the long one
// (over 120 s beside other simulations).
TEST(FirmwareTest, MmBuddy) {
  SimResult r = RunFirmware("mm_buddy", {"--max-cycles=150000000"}, kLongTimeoutSeconds);
  EXPECT_EQ(r.exit_status, 0) << r.output;
  EXPECT_TRUE(HasLine(r.output, "PASS mm_buddy")) << r.output;
  EXPECT_NE(r.output.find("Node 0, zone   Normal"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Number of blocks type     Unmovable      Movable  Reclaimable"),
            std::string::npos) << r.output;
}

// The slab allocator and kmalloc (firmware/mm/slab*.c) on the machine: a
// cache with a constructor, a mix of kmalloc sizes (small classes and
// large buddy blocks) written and read back, slabinfo, and every page back
// in the buddy after freeing and shrinking.  About 76 M cycles.
TEST(FirmwareTest, MmSlab) {
  SimResult r = RunFirmware("mm_slab", {"--max-cycles=150000000"}, kLongTimeoutSeconds);
  EXPECT_EQ(r.exit_status, 0) << r.output;
  EXPECT_TRUE(HasLine(r.output, "PASS mm_slab")) << r.output;
  EXPECT_TRUE(HasLine(r.output, "slabinfo - version: 2.1")) << r.output;
}

// vmalloc, ioremap and kmap (firmware/mm/vmalloc.c, ioremap.c, highmem.c)
// on the machine: the kernel's swapper_pg_dir built by the mm, every
// access to a vmalloc / ioremap / pkmap / fixmap address a supervisor
// access through the RTL MMU; the guard page faults, a vfree'd page's
// stale TLB entry serves until the lazy purge's one flush, simctl is
// written through ioremap, a pkmap wrap is one flush.  About 19 M cycles.
TEST(FirmwareTest, MmVmalloc) {
  SimResult r = RunFirmware("mm_vmalloc", {"--max-cycles=60000000"}, kLongTimeoutSeconds);
  EXPECT_EQ(r.exit_status, 0) << r.output;
  EXPECT_TRUE(HasLine(r.output, "PASS mm_vmalloc")) << r.output;
  EXPECT_TRUE(HasLine(r.output, "ioremap: simctl putchar through the MMU")) << r.output;
  EXPECT_NE(r.output.find(" phys=0x10100000 ioremap\n"), std::string::npos) << r.output;
  EXPECT_TRUE(HasLine(r.output, "nr_tlb_flush_kernel_range 3")) << r.output;
}

// The kernel (firmware/kernel, docs/kernel-mm.md "Kernel page tables and
// boot"): from the M-mode shim to S mode, Sv32 on through the RTL MMU, the
// image at PAGE_OFFSET, swapper_pg_dir with per-section permissions, the
// boot lines Linux prints about memory, faults on a store to .rodata and
// .text (15), a fetch from .data and freed .init (12) and a load from the
// dropped identity map (13), buddy and slab checks through the linear map,
// vmalloc / vmap / kmap through swapper_pg_dir, the devices moved from the
// early fixmap to ioremap, then the views (kernel_page_tables, vmallocinfo
// too).  About 32 M cycles.
TEST(FirmwareTest, KernelBoots) {
  // --max-cycles bounds the run; the wall-clock guard leaves room for a
  // loaded machine (about 40 s alone, over 100 s beside other simulations).
  SimResult r = RunFirmware("kernel", {"--max-cycles=60000000"}, kLongTimeoutSeconds);
  EXPECT_EQ(r.exit_status, 0) << r.output;
  EXPECT_TRUE(HasLine(r.output, "PASS kernel")) << r.output;
  // then user space: /init from the initramfs as pid 1, a fork and a wait
  EXPECT_TRUE(HasLine(r.output, "init: child 2 exited with status 7")) << r.output;
  EXPECT_TRUE(HasLine(r.output, "init: the timer preempted a spinning parent; child 3 ran"))
      << r.output;
  EXPECT_TRUE(HasLine(r.output, "PASS init")) << r.output;
  EXPECT_TRUE(HasLine(r.output, "mmcosim: Sv32 on, start_kernel at its virtual address"))
      << r.output;  // the early console: an SBI ecall to the M-mode shim
  EXPECT_TRUE(HasLine(r.output, "Zone ranges:")) << r.output;
  EXPECT_TRUE(HasLine(r.output, "  DMA      [mem 0x0000000080000000-0x0000000080ffffff]"))
      << r.output;
  EXPECT_TRUE(HasLine(r.output, "  Normal   [mem 0x0000000081000000-0x0000000083ffffff]"))
      << r.output;
  EXPECT_TRUE(HasLine(r.output, "  HighMem  empty")) << r.output;
  EXPECT_TRUE(std::regex_search(
      r.output, std::regex(R"(Memory: \d+K/65536K available \(\d+K kernel code, \d+K rwdata, )"
                           R"(\d+K rodata, \d+K init, \d+K bss, \d+K reserved, 4096K cma-reserved, )"
                           R"(0K highmem\))")))
      << r.output;
  EXPECT_TRUE(HasLine(r.output, "virtual kernel memory layout:")) << r.output;
  EXPECT_TRUE(HasLine(r.output, "    lowmem  : 0xc0000000 - 0xc4000000   (  64 MB)")) << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex(R"(Freeing unused kernel memory: [1-9]\d*K)")))
      << r.output;
  for (const char* fault : {"store to .rodata             -> scause 15",
                            "store to .text               -> scause 15",
                            "fetch from .data             -> scause 12",
                            "fetch from freed .init       -> scause 12",
                            "load from the identity map   -> scause 13 stval 80000000"})
    EXPECT_NE(r.output.find(fault), std::string::npos) << fault << "\n" << r.output;
  // kernel_page_tables: lowmem in megapages, the UART behind ioremap
  EXPECT_TRUE(HasLine(r.output,
                      "0xc0400000-0xc4000000    0x80400000        60M PGD   .. D A G . . W R V"))
      << r.output;
  EXPECT_TRUE(HasLine(r.output,
                      "0xc4800000-0xc4801000    0x10000000         4K PTE   IO D A G . . W R V"))
      << r.output;
  EXPECT_NE(r.output.find("Node 0, zone   Normal"), std::string::npos) << r.output;
  EXPECT_TRUE(HasLine(r.output, "slabinfo - version: 2.1")) << r.output;
  // After boot the devices are reached only through ioremap (vmallocinfo).
  for (const char* io : {" phys=0x10000000 ioremap\n", " phys=0x10100000 ioremap\n",
                         " phys=0x02000000 ioremap\n"})
    EXPECT_NE(r.output.find(io), std::string::npos) << io << "\n" << r.output;
  EXPECT_TRUE(HasLine(r.output, "nr_tlb_flush_kernel_range 1")) << r.output;
  // the figures line from the simulator's counters, read through the fixmap
  EXPECT_TRUE(std::regex_search(
      r.output, std::regex(R"(boot: \d+ cycles, \d+ instructions; I-TLB \d+ hits \d+ misses, )"
                           R"(D-TLB \d+ hits \d+ misses, [1-9]\d* walks)")))
      << r.output;
}

// The kernel built for config/highmem.toml (firmware/Makefile builds it as
// highmem/kernel.elf): the vmalloc reserve leaves 32 MiB of lowmem; the
// upper 32 MiB is ZONE_HIGHMEM, which vmalloc takes its pages from (the
// self-test reads them back through kmap_local).
TEST(FirmwareTest, KernelBootsHighmemConfig) {
  SimResult r = RunFirmware("highmem/kernel", {"--config=highmem", "--max-cycles=60000000"},
                            kLongTimeoutSeconds);
  EXPECT_EQ(r.exit_status, 0) << r.output;
  EXPECT_TRUE(HasLine(r.output, "PASS kernel")) << r.output;
  EXPECT_TRUE(HasLine(r.output, "  Normal   [mem 0x0000000081000000-0x0000000081ffffff]"))
      << r.output;
  EXPECT_TRUE(HasLine(r.output, "  HighMem  [mem 0x0000000082000000-0x0000000083ffffff]"))
      << r.output;
  EXPECT_TRUE(std::regex_search(r.output, std::regex(R"(, 32768K highmem\)\n)"))) << r.output;
  EXPECT_TRUE(std::regex_search(r.output,
                                std::regex(R"(Node    0, zone  HighMem, type    Unmovable +0 +0 +[1-9])")))
      << r.output;  // vmalloc's pages come from HighMem
  EXPECT_TRUE(HasLine(r.output, "    lowmem  : 0xc0000000 - 0xc2000000   (  32 MB)")) << r.output;
  EXPECT_TRUE(HasLine(r.output,
                      "0xc0400000-0xc2000000    0x80400000        28M PGD   .. D A G . . W R V"))
      << r.output;
}

TEST(FirmwareTest, Simctl) {
  SimResult r = RunFirmware("simctl");
  EXPECT_EQ(r.exit_status, 0) << r.output;
  EXPECT_TRUE(HasLine(r.output, "simctl putchar ok")) << r.output;
  EXPECT_TRUE(HasLine(r.output, "PASS simctl")) << r.output;
}

TEST(FirmwareTest, HtifHello) {
  SimResult r = RunFirmware("htif_hello");
  EXPECT_EQ(r.exit_status, 0) << r.output;
  EXPECT_TRUE(HasLine(r.output, "htif: hello through SYS_write")) << r.output;
  EXPECT_TRUE(HasLine(r.output, "PASS htif_hello")) << r.output;
}

// Reads a --signature file: one hex word per line.
std::vector<unsigned long> ReadSignature(const std::string& path) {
  std::vector<unsigned long> words;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) words.push_back(std::stoul(line, nullptr, 16));
  }
  return words;
}

TEST(FirmwareTest, SpikePassSignature) {
  const std::string sig = ::testing::TempDir() + "spike_pass.signature";
  std::remove(sig.c_str());
  SimResult r = RunFirmware("spike_pass", {"--signature=" + sig});
  EXPECT_EQ(r.exit_status, 0) << r.output;
  const std::vector<unsigned long> want = {
      0xdeadbeef, 0x01234567, 0x89abcdef, 0x00000000,   // static data
      0x0000000c, 0xfffffffe, 0x00000078, 0xcafef00d};  // written by tests
  EXPECT_EQ(ReadSignature(sig), want) << r.output;
  std::remove(sig.c_str());
}

TEST(FirmwareTest, SpikeFailExitsWithTestNumber) {
  SimResult r = RunFirmware("spike_fail");
  EXPECT_EQ(r.exit_status, 5) << r.output;  // tohost = (5 << 1) | 1
}

TEST(FirmwareTest, SpikeWrite) {
  SimResult r = RunFirmware("spike_write");
  EXPECT_EQ(r.exit_status, 0) << r.output;
  EXPECT_TRUE(HasLine(r.output, "spike_write: hello via SYS_write")) << r.output;
}

TEST(FirmwareTest, FailBadReportsCheck) {
  SimResult r = RunFirmware("fail_bad");
  EXPECT_EQ(r.exit_status, 1) << r.output;
  EXPECT_NE(r.output.find("CHECK failed tests/fail_bad.c:"), std::string::npos)
      << r.output;
  EXPECT_TRUE(HasLine(r.output, "FAIL fail_bad: 1 of 2 checks failed"))
      << r.output;
}

TEST(FirmwareTest, TrapBadReportsTrap) {
  SimResult r = RunFirmware("trap_bad");
  EXPECT_EQ(r.exit_status, 4) << r.output;  // FW_EXIT_UNEXPECTED_TRAP
  EXPECT_NE(r.output.find("unexpected trap in M-mode: cause=0x00000003"),
            std::string::npos)
      << r.output;
}

}  // namespace
