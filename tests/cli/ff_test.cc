// The functional mode's options through the CLI: bad values and bad
// checkpoints (one line, status 2), the simctl marker, statistics that
// start at the switch, the functional summary.  Each test runs
// build/mmcosim as a child process; whole-program equivalence is in
// tests/system/functional_test.cc.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <regex>
#include <string>
#include <vector>

#include "cli_expect.h"
#include "run_child.h"

using mmcosim_test::read_file;
using mmcosim_test::run_child;
using mmcosim_test::write_file;

namespace {

// The simulator and the firmware (as in cli_test.cc).
const std::string kSim = MMCOSIM_CLI, kFw = MMCOSIM_FIRMWARE_DIR;
const std::string kHello = kFw + "/hello.elf";
const std::string kSimctl = kFw + "/simctl.elf";

std::string tmp(const std::string& name) {
  return std::string(testing::TempDir()) + "mmcosim-ff-" + name;
}

void expect_bad_input(const std::vector<std::string>& args, const std::string& needle) {
  mmcosim_test::expect_bad_input(kSim, args, needle);
}

// A statistic from a --stats JSON file.
uint64_t json_stat(const std::string& json, const std::string& name) {
  std::smatch m;
  std::regex re("\"" + name + "\": ([0-9]+)");
  if (!std::regex_search(json, m, re)) return ~uint64_t{0};
  return std::stoull(m[1]);
}

// A checkpoint of hello after 500 instructions (made once per process:
// ctest -j runs these tests in parallel processes, each with its own file).
const std::string& hello_ckpt() {
  static std::string p;
  if (p.empty()) {
    p = tmp("hello-" + std::to_string(getpid()) + ".ckpt");
    auto r = run_child({kSim, "-q", "--ff=500", "--save=" + p, "--max-cycles=0", kHello});
    EXPECT_EQ(r.status, 3) << r.err;  // stopped at the switch
  }
  return p;
}

TEST(FastForwardCli, BadFfNumber) { expect_bad_input({"--ff=12x", kHello}, "--ff needs a number"); }
TEST(FastForwardCli, NegativeFf) { expect_bad_input({"--ff=-3", kHello}, "--ff needs a number"); }
TEST(FastForwardCli, UnknownSymbol) { expect_bad_input({"--ff-until=no_such_fn", kHello}, "no such symbol"); }
TEST(FastForwardCli, BadMarker) { expect_bad_input({"--ff-until=marker:x", kHello}, "marker needs a 32-bit number"); }
TEST(FastForwardCli, EmptyUntil) { expect_bad_input({"--ff-until=", kHello}, "--ff-until needs"); }
TEST(FastForwardCli, FfAndUntil) { expect_bad_input({"--ff=5", "--ff-until=main", kHello}, "exclude each other"); }
TEST(FastForwardCli, FunctionalAndFf) { expect_bad_input({"--functional", "--ff=5", kHello}, "--functional"); }
TEST(FastForwardCli, FunctionalAndTrace) {
  expect_bad_input({"--functional", "--trace=" + tmp("x.fst"), kHello}, "--trace needs the co-simulation");
}
TEST(FastForwardCli, SaveWithoutFunctionalPart) { expect_bad_input({"--save=" + tmp("a.ckpt"), kHello}, "--save needs"); }
TEST(FastForwardCli, SaveUnwritable) {
  expect_bad_input({"--functional", "--save=/nonexistent/dir/a.ckpt", kHello}, "cannot write checkpoint");
}
TEST(FastForwardCli, RestoreMissing) { expect_bad_input({"--restore=/nonexistent.ckpt", kHello}, "cannot read checkpoint"); }
TEST(FastForwardCli, RestoreNotACheckpoint) { expect_bad_input({"--restore=" + kHello, kHello}, "not an mmcosim checkpoint"); }

TEST(FastForwardCli, RestoreTruncated) {
  std::string data = read_file(hello_ckpt());
  ASSERT_GT(data.size(), 100u);
  const std::string p = tmp("truncated.ckpt");
  write_file(p, data.substr(0, data.size() - 10));
  expect_bad_input({"--restore=" + p, kHello}, "truncated checkpoint");
  write_file(p, data.substr(0, 30));
  expect_bad_input({"--restore=" + p, kHello}, "truncated checkpoint");
}

TEST(FastForwardCli, RestoreDamaged) {
  std::string data = read_file(hello_ckpt());
  const std::string p = tmp("damaged.ckpt");
  std::string bad = data;
  bad[bad.size() - 20] ^= 0x55;  // inside the compressed payload
  write_file(p, bad);
  expect_bad_input({"--restore=" + p, kHello}, "damaged checkpoint");
  bad = data;
  bad[20] ^= 0x01;  // the configuration hash: the header CRC catches it
  write_file(p, bad);
  expect_bad_input({"--restore=" + p, kHello}, "damaged checkpoint (header CRC)");
  write_file(p, data + "x");
  expect_bad_input({"--restore=" + p, kHello}, "bytes after its end");
  bad = data;
  bad[8] = 9;  // format version
  write_file(p, bad);
  expect_bad_input({"--restore=" + p, kHello}, "format version 9");
}

TEST(FastForwardCli, RestoreOtherProgram) {
  expect_bad_input({"--restore=" + hello_ckpt(), kFw + "/htif_hello.elf"}, "another program");
}

TEST(FastForwardCli, RestoreOtherConfiguration) {
  // highmem keeps this build's RTL parameters but is another configuration.
  expect_bad_input({"--config=highmem", "--restore=" + hello_ckpt(), kHello}, "another configuration");
}

TEST(FastForwardCli, FunctionalSummaryCountsOneCyclePerInstruction) {
  auto r = run_child({kSim, "--functional", kHello});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Hello from mmcosim"), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.err, m, std::regex(R"(after (\d+) cycles, (\d+) instructions \(CPI 1.00\))")))
      << r.err;
  EXPECT_EQ(m[1], m[2]);  // no WFI in hello
}

TEST(FastForwardCli, FunctionalMaxCyclesStops) {
  auto r = run_child({kSim, "--functional", "--max-cycles=100", kHello});
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("after 100 cycles, 100 instructions"), std::string::npos) << r.err;
}

// Statistics start at the switch: the JSON counts the co-simulated part.
TEST(FastForwardCli, StatsStartAtTheSwitch) {
  const std::string all = tmp("all.json"), tail = tmp("tail.json");
  auto a = run_child({kSim, "-q", "--stats=" + all, kHello});
  auto b = run_child({kSim, "-q", "--ff=2000", "--stats=" + tail, kHello});
  ASSERT_EQ(a.status, 0);
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_NE(b.out.find("Hello from mmcosim"), std::string::npos) << b.out;
  const uint64_t n_all = json_stat(read_file(all), "cpu.instret");
  const uint64_t n_tail = json_stat(read_file(tail), "cpu.instret");
  EXPECT_GT(n_tail, 0u);
  EXPECT_LT(n_tail + 1500, n_all);  // at most the last ~700 instructions co-simulated
  EXPECT_LT(json_stat(read_file(tail), "cycles"), json_stat(read_file(all), "cycles"));
}

// simctl marker 7 (firmware/tests/simctl.c, before its bench region): the
// run switches there, so the region is measured in the co-simulation.
TEST(FastForwardCli, UntilMarker) {
  const std::string js = tmp("marker.json");
  auto r = run_child({kSim, "-q", "--ff-until=marker:7", "--stats=" + js, kSimctl});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("PASS simctl"), std::string::npos) << r.out;
  const std::string j = read_file(js);
  EXPECT_NE(j.find("{\"id\": 7"), std::string::npos) << j;  // the region, co-simulated
  const uint64_t tail = json_stat(j, "cpu.instret");
  auto f = run_child({kSim, "--functional", kSimctl});
  std::smatch m;
  ASSERT_TRUE(std::regex_search(f.err, m, std::regex(R"(cycles, (\d+) instructions)")));
  EXPECT_LT(tail, std::stoull(m[1]) / 2) << "switched late";
  // A marker the firmware never writes: the whole run is functional.
  auto n = run_child({kSim, "-q", "--ff-until=marker:8", "--stats=" + js, kSimctl});
  EXPECT_EQ(n.status, 0);
  EXPECT_NE(n.out.find("PASS simctl"), std::string::npos);
  EXPECT_EQ(json_stat(read_file(js), "dram.reads"), 0u);  // no RTL cycle ran
}

// The Sdtrig state is in the checkpoint (firmware/tests/trigger_ckpt.c): a
// store trigger armed before simctl marker 11 fires after --restore, in the
// functional mode and in the co-simulation.
TEST(FastForwardCli, TriggerSurvivesCheckpoint) {
  const std::string elf = kFw + "/trigger_ckpt.elf", p = tmp("trigger.ckpt");
  auto head = run_child({kSim, "-q", "--ff-until=marker:11", "--save=" + p, "--max-cycles=0", elf});
  ASSERT_EQ(head.status, 3) << head.err;  // stopped at the switch
  EXPECT_EQ(head.out.find("PASS"), std::string::npos) << head.out;
  for (const char* mode : {"--functional", "-q"}) {
    auto r = run_child({kSim, mode, "--restore=" + p, elf});
    EXPECT_EQ(r.status, 0) << mode << "\n" << r.out << r.err;
    EXPECT_NE(r.out.find("PASS trigger_ckpt"), std::string::npos) << mode << "\n" << r.out;
  }
}

// A checkpoint whose CPU state has another version (kStateVersion in
// model/cpu/cpu_state.cc; the file's CRCs made right again) is refused with
// one line that names both versions.
TEST(FastForwardCli, RestoreOtherCpuStateVersion) {
  const std::string data = read_file(hello_ckpt());
  constexpr size_t kHeader = 56, kPlen = 32, kZlen = 40, kPcrc = 48, kHcrc = 12;
  ASSERT_GT(data.size(), kHeader);
  uint64_t plen = 0;
  std::memcpy(&plen, data.data() + kPlen, sizeof plen);
  std::vector<uint8_t> payload(plen);
  uLongf out = plen;
  ASSERT_EQ(uncompress(payload.data(), &out,
                       reinterpret_cast<const Bytef*>(data.data() + kHeader), data.size() - kHeader),
            Z_OK);
  // Payload: u32 n, then the CPU state, which opens with its version.
  uint32_t version = 0;
  std::memcpy(&version, payload.data() + 4, sizeof version);
  const uint32_t old_version = version - 1;
  std::memcpy(payload.data() + 4, &old_version, sizeof old_version);
  uLongf zlen = compressBound(plen);
  std::vector<uint8_t> z(zlen);
  ASSERT_EQ(compress2(z.data(), &zlen, payload.data(), plen, Z_BEST_SPEED), Z_OK);
  std::string head = data.substr(0, kHeader);
  const uint64_t zlen64 = zlen;
  const uint32_t pcrc = uint32_t(crc32(0L, payload.data(), uInt(plen)));
  std::memcpy(&head[kZlen], &zlen64, sizeof zlen64);
  std::memcpy(&head[kPcrc], &pcrc, sizeof pcrc);
  std::memset(&head[kHcrc], 0, 4);
  const uint32_t hcrc = uint32_t(crc32(0L, reinterpret_cast<const Bytef*>(head.data()), uInt(kHeader)));
  std::memcpy(&head[kHcrc], &hcrc, sizeof hcrc);
  const std::string p = tmp("oldcpu.ckpt");
  write_file(p, head + std::string(reinterpret_cast<const char*>(z.data()), zlen));
  expect_bad_input({"--restore=" + p, kHello},
                   "CPU state version " + std::to_string(old_version) +
                       ", this simulator's is version " + std::to_string(version));
}

TEST(FastForwardCli, UntilSymbolStopsAtIt) {
  auto r = run_child({kSim, "--ff-until=main", kHello});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Hello from mmcosim"), std::string::npos);
}

}  // namespace
