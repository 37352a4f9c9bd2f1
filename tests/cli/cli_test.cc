// The CLI's behaviour: options, bad input (one-line error, status 2, never
// a crash), exit status, reports, determinism.  Each test runs
// build/mmcosim as a child process.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "cli_expect.h"
#include "mmcosim_cfg.h"
#include "run_child.h"

using mmcosim_test::read_file;
using mmcosim_test::run_child;
using mmcosim_test::write_file;

namespace {

const std::string kSim = MMCOSIM_CLI;
const std::string kFw = MMCOSIM_FIRMWARE_DIR;
const std::string kHello = kFw + "/hello.elf";
const std::string kBadSegment = MMCOSIM_BAD_SEGMENT_ELF;

std::string tmp(const std::string& name) {
  return std::string(testing::TempDir()) + "mmcosim-cli-" + name;
}

void expect_bad_input(const std::vector<std::string>& args,
                      const std::string& needle) {
  mmcosim_test::expect_bad_input(kSim, args, needle);
}

TEST(CliTest, HelpPrintsUsageAndSucceeds) {
  auto r = run_child({kSim, "--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("usage: mmcosim"), std::string::npos);
  EXPECT_NE(r.out.find("--max-cycles"), std::string::npos);
}

TEST(CliTest, UnknownFlag) { expect_bad_input({"--frobnicate", kHello}, "unknown option '--frobnicate'"); }
TEST(CliTest, NoProgram) { expect_bad_input({"--quiet"}, "no program given"); }
TEST(CliTest, TwoPrograms) { expect_bad_input({kHello, kHello}, "more than one program"); }
TEST(CliTest, BadNumber) { expect_bad_input({"--max-cycles=12x", kHello}, "--max-cycles needs a number"); }
TEST(CliTest, NegativeNumber) { expect_bad_input({"--max-cycles=-5", kHello}, "--max-cycles needs a number"); }
TEST(CliTest, UnknownConfig) { expect_bad_input({"--config=nosuch", kHello}, "unknown config 'nosuch'"); }
TEST(CliTest, ConfigWithOtherRtl) { expect_bad_input({"--config=fpga", kHello}, "make CONFIG=fpga"); }
TEST(CliTest, TraceStartWithoutTrace) { expect_bad_input({"--trace-start=5", kHello}, "needs --trace"); }
TEST(CliTest, MissingFile) { expect_bad_input({"/nonexistent/prog.elf"}, "cannot open"); }

TEST(CliTest, NotAnElf) {
  std::string p = tmp("text.elf");
  write_file(p, "this is not an ELF file at all\n");
  expect_bad_input({p}, "not an ELF file");
}

TEST(CliTest, EmptyFile) {
  std::string p = tmp("empty.elf");
  write_file(p, "");
  expect_bad_input({p}, "not an ELF file");
}

TEST(CliTest, Elf64ForX86) {
  // The test binary itself is an x86-64 ELF.
  expect_bad_input({"/proc/self/exe"}, "64-bit ELF");
}

TEST(CliTest, Elf32ForAnotherMachine) {
  std::string img = read_file(kHello);
  ASSERT_GT(img.size(), 64u);
  img[18] = 3;  // e_machine = EM_386
  img[19] = 0;
  std::string p = tmp("i386.elf");
  write_file(p, img);
  expect_bad_input({p}, "not RISC-V");
}

TEST(CliTest, TruncatedElf) {
  std::string img = read_file(kHello);
  ASSERT_GT(img.size(), 512u);
  std::string p = tmp("truncated.elf");
  write_file(p, img.substr(0, 200));
  expect_bad_input({p}, "truncated");
}

TEST(CliTest, SegmentOutsideDram) {
  expect_bad_input({kBadSegment}, "outside DRAM");
}

TEST(CliTest, UnwritableStats) {
  expect_bad_input({"--quiet", "--stats=/nonexistent/dir/s.json", kHello},
                   "cannot write stats file");
}

TEST(CliTest, HelloRunsAndExitsZero) {
  auto r = run_child({kSim, kHello});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Hello from mmcosim"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("mmcosim: exit 0 after"), std::string::npos) << r.err;
}

TEST(CliTest, QuietPrintsNoSummary) {
  auto r = run_child({kSim, "--quiet", kHello});
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(CliTest, CycleLimitStopsWithStatus3) {
  std::string s = tmp("limit.json");
  auto r = run_child({kSim, "--quiet", "--max-cycles=500", "--stats=" + s, kHello});
  EXPECT_EQ(r.status, 3);
  EXPECT_NE(r.err.find("cycle limit 500"), std::string::npos) << r.err;
  EXPECT_NE(read_file(s).find("\"cycles\": 500,"), std::string::npos)
      << read_file(s);
}

// The clocked method runs up to 1000 cycles per activation: a window that
// ends inside a batch still stops at its exact cycle.
TEST(CliTest, CycleLimitIsExactInsideABatch) {
  for (const char* n : {"1999", "3001"}) {
    std::string s = tmp(std::string("limit") + n + ".json");
    auto r = run_child({kSim, "--quiet", std::string("--max-cycles=") + n,
                        "--stats=" + s, kHello});
    EXPECT_EQ(r.status, 3);
    EXPECT_NE(read_file(s).find(std::string("\"cycles\": ") + n + ","),
              std::string::npos) << read_file(s);
  }
}

TEST(CliTest, StatsJsonIsDeterministic) {
  std::string a = tmp("a.json"), b = tmp("b.json");
  auto r1 = run_child({kSim, "--quiet", "--stats=" + a, kHello});
  auto r2 = run_child({kSim, "--quiet", "--stats=" + b, kHello});
  ASSERT_EQ(r1.status, 0);
  ASSERT_EQ(r2.status, 0);
  std::string ja = read_file(a);
  EXPECT_NE(ja.find("\"cpu.instret\": "), std::string::npos) << ja;
  EXPECT_NE(ja.find("\"exit_code\": 0"), std::string::npos) << ja;
  EXPECT_EQ(ja, read_file(b));
}

TEST(CliTest, TraceWritesFst) {
  std::string t = tmp("hello.fst");
  std::remove(t.c_str());
  auto r = run_child({kSim, "--quiet", "--trace=" + t, "--trace-start=100", kHello});
  EXPECT_EQ(r.status, 0) << r.err;
  std::string fst = read_file(t);
  ASSERT_GT(fst.size(), 100u);
  EXPECT_EQ(fst[0], '\0') << "not an FST file (header block type 0)";
}

TEST(CliTest, SignatureWithoutSymbolsIsAnError) {
  auto r = run_child({kSim, "--quiet", "--signature=" + tmp("sig"), kHello});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("begin_signature"), std::string::npos) << r.err;
}

}  // namespace

namespace {

// The value of "key": N inside `json` after position `from`.
uint64_t json_u64(const std::string& json, const std::string& key,
                  size_t from = 0) {
  size_t p = json.find("\"" + key + "\": ", from);
  if (p == std::string::npos) return ~uint64_t{0};
  return std::stoull(json.substr(p + key.size() + 4));
}

TEST(CliTest, BenchRegionDeltasMatchTheProgramsOwnCounters) {
  std::string s = tmp("cpubound.json");
  auto r = run_child({kSim, "--quiet", "--stats=" + s, kFw + "/cpubound.elf"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  // The program reads minstret/mcycle just inside its region markers.
  size_t p = r.out.find("instret=");
  ASSERT_NE(p, std::string::npos) << r.out;
  uint64_t fw_instret = std::stoull(r.out.substr(p + 8));
  uint64_t fw_cycles = std::stoull(r.out.substr(r.out.find("cycles=") + 7));
  std::string json = read_file(s);
  size_t reg = json.find("{\"id\": 1,");
  ASSERT_NE(reg, std::string::npos) << json;
  uint64_t d_instret = json_u64(json, "cpu.instret", reg);
  uint64_t d_cycles = json_u64(json, "cpu.cycles", reg);
  EXPECT_GE(d_instret, fw_instret);
  EXPECT_LE(d_instret, fw_instret + 40) << "region markers are a few "
                                           "instructions outside the CSR reads";
  EXPECT_GE(d_cycles, fw_cycles);
  EXPECT_LE(d_cycles, fw_cycles + 400);
  EXPECT_EQ(json_u64(json, "end_cycle", reg) - json_u64(json, "begin_cycle", reg),
            d_cycles);
}

// dram.energy.* in --stats: each kind is its command (or cycle) count
// times the data-sheet energy of one (DRAMPower's equations, written out
// here from the configuration's [dram.power] and [dram.timing]), the total
// their sum; the background covers every cycle.
TEST(CliTest, StatsCarryDramEnergyPerCommand) {
  std::string s = tmp("energy.json");
  auto r = run_child({kSim, "--quiet", "--stats=" + s, kHello});
  ASSERT_EQ(r.status, 0) << r.err;
  std::string json = read_file(s);
  auto v = [&](const char* k) { return json_u64(json, k); };
  const double dev = 32.0 / MMCOSIM_DRAM_POWER_DEVICE_WIDTH;
  const double tck = 1000.0 / MMCOSIM_DRAM_TIMING_CLOCK_MHZ;  // ns
  const double vdd = MMCOSIM_DRAM_POWER_VDD_MV / 1000.0;      // V
  auto pj = [&](double ma, double ns) {                       // V x mA x ns = pJ
    return vdd * ma * ns * dev;
  };
  const double e_act = pj(MMCOSIM_DRAM_POWER_IDD0_MA - MMCOSIM_DRAM_POWER_IDD3N_MA,
                          MMCOSIM_DRAM_TIMING_RAS * tck);
  const double e_rd = pj(MMCOSIM_DRAM_POWER_IDD4R_MA - MMCOSIM_DRAM_POWER_IDD3N_MA,
                         MMCOSIM_DRAM_TIMING_BURST * tck);
  const double e_ref = pj(MMCOSIM_DRAM_POWER_IDD5B_MA - MMCOSIM_DRAM_POWER_IDD3N_MA,
                          MMCOSIM_DRAM_TIMING_RFC * tck);
  const uint64_t acts = v("dram.act"), refs = v("dram.ref");
  const uint64_t rds = v("dram.row_hit_rd") + v("dram.row_miss_rd") + v("dram.row_conflict_rd");
  ASSERT_GT(acts, 0u);
  ASSERT_GT(rds, 0u);
  EXPECT_NEAR(double(v("dram.energy.act")), acts * e_act, 1.0);
  EXPECT_NEAR(double(v("dram.energy.rd")), rds * e_rd, 1.0);
  EXPECT_NEAR(double(v("dram.energy.ref")), refs * e_ref, 1.0);
  uint64_t sum = 0;
  for (const char* k : {"dram.energy.act", "dram.energy.pre", "dram.energy.rd", "dram.energy.wr",
                        "dram.energy.ref", "dram.energy.bg_active", "dram.energy.bg_precharged"})
    sum += v(k);
  EXPECT_EQ(v("dram.energy.total"), sum);
  // the RTL counts active and precharged standby in every cycle it runs
  const uint64_t cycles = v("cpu.cycles");
  EXPECT_LE(v("dram.active_cycles") + v("dram.precharged_cycles"), cycles + 2);
  EXPECT_GE(v("dram.active_cycles") + v("dram.precharged_cycles") + 2, cycles);
  EXPECT_GT(v("dram.active_cycles"), 0u);
}

}  // namespace

namespace {

// Start and end time (ps) from an FST file's header block: block type 0,
// an 8-byte length, then start and end time, all big-endian.
bool fst_times(const std::string& fst, uint64_t* start, uint64_t* end) {
  if (fst.size() < 25 || fst[0] != 0) return false;
  auto be64 = [&](size_t at) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8; ++i) v = v << 8 | uint8_t(fst[at + i]);
    return v;
  };
  *start = be64(9);
  *end = be64(17);
  return true;
}

TEST(CliTest, FirmwareOpensAndClosesTheTraceWindow) {
  std::string t = tmp("window.fst");
  std::remove(t.c_str());
  auto r = run_child({kSim, "--quiet", "--trace=" + t,
                      "--trace-start=1000000000000", kFw + "/trace_window.elf"});
  ASSERT_EQ(r.status, 0) << r.err;
  size_t p = r.out.find("on=");
  ASSERT_NE(p, std::string::npos) << r.out;
  uint64_t on = std::stoull(r.out.substr(p + 3));
  uint64_t off = std::stoull(r.out.substr(r.out.find("off=") + 4));
  uint64_t start = 0, end = 0;
  ASSERT_TRUE(fst_times(read_file(t), &start, &end)) << "no FST written";
  const uint64_t ps = 1000;  // 1 GHz default clock
  // The window opens a few instructions after the mcycle read before the
  // simctl store and closes a few before the read after it (each fetch
  // waits for the DRAM: up to tRP + tRCD + CL cycles, docs/dram.md).
  EXPECT_GE(start, on * ps);
  EXPECT_LE(start, (on + 400) * ps);
  EXPECT_LE(end, off * ps);
  EXPECT_GE(end + 400 * ps, off * ps);
}

TEST(CliTest, TraceStartCycleIsHonoured) {
  std::string t = tmp("start.fst");
  std::remove(t.c_str());
  auto r = run_child({kSim, "--quiet", "--trace=" + t, "--trace-start=5000", kHello});
  ASSERT_EQ(r.status, 0) << r.err;
  uint64_t start = 0, end = 0;
  ASSERT_TRUE(fst_times(read_file(t), &start, &end));
  // Two reset edges precede cycle 0 of the CPU.
  EXPECT_GE(start, 5000u * 1000);
  EXPECT_LE(start, 5003u * 1000);
  EXPECT_GT(end, start);
}

}  // namespace
