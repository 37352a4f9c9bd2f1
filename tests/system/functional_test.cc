// Functional mode, fast-forward and checkpoints against the co-simulation
// (docs/simulator.md): every firmware program and Spike-style ELF gives the
// same exit status, console output and signature
//   - in the functional mode (--functional) and straight in the
//     co-simulation (programs of at most kStraightMax instructions: the
//     co-simulated runs are what cost),
//   - switched from functional to co-simulation at several points (--ff=N:
//     the middle of the short programs, a few thousand instructions before
//     the end of every program),
//   - saved to a checkpoint and restored (the functional part, then the
//     rest functionally and in the co-simulation).
// Console lines that report cycle counts differ between the two timings and
// are compared with their numbers masked.
//
// Three programs assert what the RTL's TLBs do beyond the architecture
// (exact hit counts, entries a selective SFENCE.VMA keeps, a stale
// translation served before a flush) and are left out: vm_counters,
// vm_sfence, mm_vmalloc.  Each process is one simulation.
#include <gtest/gtest.h>
#include <unistd.h>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "run_child.h"

namespace {

using mmcosim_test::read_file;
using mmcosim_test::run_child;

constexpr uint64_t kStraightMax = 200000;  // co-simulate whole programs this short
constexpr uint64_t kTail = 3000;           // instructions co-simulated at the end
constexpr int kTimeout = 280;

struct SimRun {
  int status = -1;
  std::string out, err, signature;
};

std::string Elf(const std::string& name) {
  return std::string(MMCOSIM_FIRMWARE_DIR) + "/" + name + ".elf";
}

bool HasSignature(const std::string& name) {
  return name == "spike_pass" || name == "spike_fail" || name == "spike_write";
}

// Runs `name` with `opts`; a signature file when the program has one.
SimRun Sim(const std::string& name, std::vector<std::string> opts) {
  const std::string sig = "/tmp/mmcosim_func_" + std::to_string(getpid()) + ".sig";
  unlink(sig.c_str());
  if (HasSignature(name)) opts.push_back("--signature=" + sig);
  opts.insert(opts.begin(), MMCOSIM_CLI);
  opts.push_back(Elf(name));
  auto c = run_child(opts, kTimeout);
  SimRun r{c.status, c.out, c.err, read_file(sig)};
  unlink(sig.c_str());
  EXPECT_LT(r.status, 128) << name << ": killed\n" << r.err;
  return r;
}

// The console with the numbers of cycle-count lines masked.
std::string Masked(const std::string& out) {
  static const std::regex digits("[0-9]+");
  std::istringstream in(out);
  std::string line, res;
  while (std::getline(in, line)) {
    if (line.find("cycle") != std::string::npos) line = std::regex_replace(line, digits, "#");
    res += line + "\n";
  }
  return res;
}

// Instructions the functional run retired (from its summary line).
uint64_t Instructions(const SimRun& r) {
  std::smatch m;
  static const std::regex re(R"(after (\d+) cycles, (\d+) instructions)");
  if (!std::regex_search(r.err, m, re)) return 0;
  return std::stoull(m[2]);
}

void ExpectSame(const SimRun& ref, const SimRun& got, const std::string& what) {
  EXPECT_EQ(got.status, ref.status) << what << "\n" << got.err;
  EXPECT_EQ(Masked(got.out), Masked(ref.out)) << what;
  EXPECT_EQ(got.signature, ref.signature) << what;
}

class FunctionalEquivalence : public ::testing::TestWithParam<std::string> {};

TEST_P(FunctionalEquivalence, SameResultFunctionalCosimSwitchedRestored) {
  const std::string name = GetParam();
  ASSERT_EQ(access(Elf(name).c_str(), R_OK), 0) << "missing " << Elf(name);
  const SimRun func = Sim(name, {"--functional"});
  const uint64_t n = Instructions(func);
  ASSERT_GT(n, 0u) << func.err;

  std::vector<uint64_t> points;
  if (n <= kStraightMax) {
    ExpectSame(func, Sim(name, {"--quiet"}), "co-simulation straight");
    points.push_back(n / 2);
  }
  points.push_back(n > kTail ? n - kTail : 1);
  for (uint64_t p : points)
    ExpectSame(func, Sim(name, {"--quiet", "--ff=" + std::to_string(p)}),
               "switched after " + std::to_string(p) + " instructions");

  // Checkpoint at the last point: the part before it, then the rest
  // restored, functionally and co-simulated.
  const std::string ckpt = "/tmp/mmcosim_func_" + std::to_string(getpid()) + ".ckpt";
  const uint64_t p = points.back();
  SimRun head = Sim(name, {"--quiet", "--ff=" + std::to_string(p), "--save=" + ckpt,
                        "--max-cycles=0"});
  ASSERT_EQ(head.status, 3) << head.err;  // stopped at the switch: cycle limit 0
  for (const char* mode : {"--functional", "--quiet"}) {
    SimRun tail = Sim(name, {mode, "--restore=" + ckpt});
    tail.out = head.out + tail.out;
    ExpectSame(func, tail, std::string("restored after ") + std::to_string(p) +
                               " instructions, " + mode);
  }
  unlink(ckpt.c_str());
}

INSTANTIATE_TEST_SUITE_P(
    Programs, FunctionalEquivalence,
    ::testing::Values(
        // firmware/tests (vm_counters, vm_sfence, mm_vmalloc: see above)
        "csr", "deleg", "fail_bad", "fencei_smc", "hpm", "htif_hello",
        "irq_soft", "irq_timer", "irq_vectored", "isa_alu", "isa_amo",
        "isa_branch", "isa_c", "isa_mem", "isa_mul", "mm_buddy", "mm_slab",
        "simctl", "trap_bad", "traps", "umode", "vm_ad", "vm_asid",
        "vm_basic", "vm_demand", "vm_malformed", "vm_perm",
        // apps and the kernel
        "hello", "kernel", "cpubound", "tlb_chase",
        // Spike-style ELFs (HTIF, signatures, -v style demand paging)
        "spike_pass", "spike_fail", "spike_write", "spike_vm",
        "spike_vm_fail"),
    [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

}  // namespace
