// The MMIO devices and HTIF, without SystemC: register semantics, interrupt
// lines, the simctl listener calls and HTIF's proxied syscalls.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "clint.h"
#include "htif.h"
#include "mmcosim_cfg.h"
#include "platform_if.h"
#include "simctl.h"
#include "uart16550.h"

namespace mmcosim {
namespace {

constexpr uint8_t kAll = 0xf;

TEST(Uart16550Test, ThrWritesBytesToConsoleAndCounts) {
  Stats stats;
  std::string out;
  Uart16550 u([&](char c) { out.push_back(c); }, &stats);
  EXPECT_TRUE(u.write(0, 0x1, 'h'));
  EXPECT_TRUE(u.write(0, 0x1, 'i'));
  EXPECT_EQ(out, "hi");
  EXPECT_EQ(stats[Stat::kUartTxBytes], 2u);
}

TEST(Uart16550Test, LsrReportsTransmitterEmpty) {
  Stats stats;
  Uart16550 u([](char) {}, &stats);
  uint32_t v = 0;
  ASSERT_TRUE(u.read(4, 0x2, &v));  // LSR is byte 5: lane 1 of word 4
  EXPECT_EQ((v >> 8) & 0x60, 0x60u);
}

TEST(Uart16550Test, DlabRedirectsThrToDivisor) {
  Stats stats;
  std::string out;
  Uart16550 u([&](char c) { out.push_back(c); }, &stats);
  ASSERT_TRUE(u.write(0, 0x8, uint32_t(Uart16550::kLcrDlab) << 24));  // LCR
  ASSERT_TRUE(u.write(0, 0x1, 0x0d));  // DLL, not a character
  EXPECT_TRUE(out.empty());
  uint32_t v = 0;
  ASSERT_TRUE(u.read(0, 0x1, &v));
  EXPECT_EQ(v & 0xff, 0x0du);
  ASSERT_TRUE(u.write(0, 0x8, 0x03u << 24));  // 8N1, DLAB off
  ASSERT_TRUE(u.write(0, 0x1, 'x'));
  EXPECT_EQ(out, "x");
}

TEST(Uart16550Test, OutsideWindowIsRefused) {
  Stats stats;
  Uart16550 u([](char) {}, &stats);
  uint32_t v;
  EXPECT_FALSE(u.read(8, kAll, &v));
  EXPECT_FALSE(u.write(0x40, kAll, 0));
}

TEST(ClintTest, MtimeAdvancesAtTheDivider) {
  uint64_t now = 0;
  Clint c(100, &now);
  uint32_t v = 1;
  ASSERT_TRUE(c.read(Clint::kMtimeLo, kAll, &v));
  EXPECT_EQ(v, 0u);
  now = 99;
  EXPECT_EQ(c.mtime(now), 0u);
  now = 100;
  ASSERT_TRUE(c.read(Clint::kMtimeLo, kAll, &v));
  EXPECT_EQ(v, 1u);
  EXPECT_EQ(c.mtime(12345), 123u);
}

TEST(ClintTest, MtipWhenMtimeReachesMtimecmp) {
  uint64_t now = 0;
  Clint c(10, &now);
  EXPECT_EQ(c.irq_lines(now) & kIrqMtip, 0u) << "reset mtimecmp is max";
  ASSERT_TRUE(c.write(Clint::kMtimecmpHi, kAll, 0));
  ASSERT_TRUE(c.write(Clint::kMtimecmpLo, kAll, 5));
  EXPECT_EQ(c.irq_lines(49) & kIrqMtip, 0u);
  EXPECT_EQ(c.irq_lines(50) & kIrqMtip, uint32_t(kIrqMtip));
  uint32_t v;
  ASSERT_TRUE(c.read(Clint::kMtimecmpLo, kAll, &v));
  EXPECT_EQ(v, 5u);
}

TEST(ClintTest, MtimeIsWritable) {
  uint64_t now = 1000;
  Clint c(10, &now);
  ASSERT_TRUE(c.write(Clint::kMtimeLo, kAll, 7));
  ASSERT_TRUE(c.write(Clint::kMtimeHi, kAll, 1));
  EXPECT_EQ(c.mtime(now), (uint64_t{1} << 32) + 7);
  EXPECT_EQ(c.mtime(now + 20), (uint64_t{1} << 32) + 9);
}

TEST(ClintTest, MsipRaisesSoftwareInterrupt) {
  uint64_t now = 0;
  Clint c(1, &now);
  ASSERT_TRUE(c.write(Clint::kMsip, kAll, 1));
  EXPECT_EQ(c.irq_lines(0) & kIrqMsip, uint32_t(kIrqMsip));
  ASSERT_TRUE(c.write(Clint::kMsip, kAll, 0));
  EXPECT_EQ(c.irq_lines(0) & kIrqMsip, 0u);
  uint32_t v;
  EXPECT_FALSE(c.read(0x8, kAll, &v)) << "hole inside the CLINT";
}

struct Recorder : SimctlListener {
  std::vector<std::string> calls;
  void sim_exit(uint32_t c) override { calls.push_back("exit " + std::to_string(c)); }
  void region_begin(uint32_t id) override { calls.push_back("begin " + std::to_string(id)); }
  void region_end(uint32_t id) override { calls.push_back("end " + std::to_string(id)); }
  void trace_enable(bool on) override { calls.push_back(on ? "trace on" : "trace off"); }
  void snapshot(uint32_t t) override { calls.push_back("snap " + std::to_string(t)); }
  void putchar(char c) override { calls.push_back(std::string("put ") + c); }
};

TEST(SimctlTest, WritesReachTheListener) {
  Stats stats;
  Recorder r;
  Simctl s(&r, &stats);
  ASSERT_TRUE(s.write(MMCOSIM_SIMCTL_REG_REGION_BEGIN, kAll, 3));
  ASSERT_TRUE(s.write(MMCOSIM_SIMCTL_REG_REGION_END, kAll, 3));
  ASSERT_TRUE(s.write(MMCOSIM_SIMCTL_REG_TRACE, kAll, 1));
  ASSERT_TRUE(s.write(MMCOSIM_SIMCTL_REG_TRACE, kAll, 0));
  ASSERT_TRUE(s.write(MMCOSIM_SIMCTL_REG_SNAPSHOT, kAll, 9));
  ASSERT_TRUE(s.write(MMCOSIM_SIMCTL_REG_PUTCHAR, kAll, 'z'));
  ASSERT_TRUE(s.write(MMCOSIM_SIMCTL_REG_EXIT, kAll, 42));
  std::vector<std::string> want{"begin 3", "end 3", "trace on", "trace off",
                                "snap 9", "put z", "exit 42"};
  EXPECT_EQ(r.calls, want);
}

TEST(SimctlTest, CounterReadByEventNumber) {
  Stats stats;
  Recorder r;
  Simctl s(&r, &stats);
  stats[Stat::kCpuInstret] = 0x123456789ull;
  ASSERT_TRUE(s.write(MMCOSIM_SIMCTL_REG_COUNTER_SEL, kAll, MMCOSIM_EVENT_CPU_INSTRET));
  uint32_t lo = 0, hi = 0;
  ASSERT_TRUE(s.read(MMCOSIM_SIMCTL_REG_COUNTER_LO, kAll, &lo));
  stats[Stat::kCpuInstret] = 0xffffffffffull;  // hi stays latched
  ASSERT_TRUE(s.read(MMCOSIM_SIMCTL_REG_COUNTER_HI, kAll, &hi));
  EXPECT_EQ(lo, 0x23456789u);
  EXPECT_EQ(hi, 0x1u);
}

TEST(SimctlTest, UnknownEventReadsZeroAndHolesAreRefused) {
  Stats stats;
  Recorder r;
  Simctl s(&r, &stats);
  ASSERT_TRUE(s.write(MMCOSIM_SIMCTL_REG_COUNTER_SEL, kAll, 9999));
  uint32_t v = 1;
  ASSERT_TRUE(s.read(MMCOSIM_SIMCTL_REG_COUNTER_LO, kAll, &v));
  EXPECT_EQ(v, 0u);
  EXPECT_FALSE(s.read(0xfc, kAll, &v));
  EXPECT_FALSE(s.write(0xfc, kAll, 0));
  EXPECT_TRUE(r.calls.empty());
}

TEST(StatsTest, SourcesRefreshBeforeReads) {
  Stats stats;
  int calls = 0;
  stats.add_source([&](Stats& s) { s[Stat::kBusMmioReqs] = 77; ++calls; });
  uint64_t v = 0;
  ASSERT_TRUE(stats.read_name("bus.mmio_reqs", &v));
  EXPECT_EQ(v, 77u);
  EXPECT_EQ(stats.read_event(MMCOSIM_EVENT_BUS_MMIO_REQS), 77u);
  EXPECT_EQ(stats.read_event(0), 0u);
  EXPECT_EQ(stats.read_event(Stats::kNum + 1), 0u);
  EXPECT_FALSE(stats.read_name("no.such", &v));
  EXPECT_EQ(calls, 2);
}

// A word-addressed memory at 0x8000_0000 standing in for the RTL backdoor.
struct MapMemory : BackdoorIf {
  std::map<uint32_t, uint32_t> words;
  bool peek32(uint32_t a, uint32_t* v) override {
    if (a < 0x80000000u) return false;
    auto it = words.find(a);
    *v = it == words.end() ? 0 : it->second;
    return true;
  }
  bool poke32(uint32_t a, uint32_t v) override {
    if (a < 0x80000000u) return false;
    words[a] = v;
    return true;
  }
  void put64(uint32_t a, uint64_t v) {
    words[a] = uint32_t(v);
    words[a + 4] = uint32_t(v >> 32);
  }
};

struct HtifFixture : testing::Test {
  MapMemory mem;
  std::string out;
  int exits = 0;
  uint32_t code = 0;
  static constexpr uint32_t kTohost = 0x80001000, kFromhost = 0x80001008,
                            kMagic = 0x80002000, kBuf = 0x80003001;
  Htif htif{&mem, kTohost, kFromhost,
            [this](uint32_t c) { ++exits; code = c; },
            [this](const std::string& s, int) { out += s; }};
};

TEST_F(HtifFixture, OddValueExitsWithCode) {
  htif.on_tohost((5u << 1) | 1);
  EXPECT_EQ(exits, 1);
  EXPECT_EQ(code, 5u);
}

TEST_F(HtifFixture, SysWriteIsProxied) {
  const char msg[] = "hello";  // at an unaligned buffer address
  for (unsigned i = 0; i < 5; ++i) {
    uint32_t a = kBuf + i, w = 0;
    mem.peek32(a & ~3u, &w);
    w = (w & ~(0xffu << (8 * (a & 3)))) | uint32_t(uint8_t(msg[i])) << (8 * (a & 3));
    mem.poke32(a & ~3u, w);
  }
  mem.put64(kMagic, Htif::kSysWrite);
  mem.put64(kMagic + 8, 1);
  mem.put64(kMagic + 16, kBuf);
  mem.put64(kMagic + 24, 5);
  mem.put64(kTohost, kMagic);
  htif.on_tohost(kMagic);
  EXPECT_EQ(out, "hello");
  EXPECT_EQ(mem.words[kMagic], 5u) << "magic_mem[0] = bytes written";
  EXPECT_EQ(mem.words[kFromhost], 1u);
  EXPECT_EQ(mem.words[kTohost], 0u);
  EXPECT_EQ(exits, 0);
}

TEST_F(HtifFixture, UnknownSyscallReturnsEnosys) {
  mem.put64(kMagic, 999);
  htif.on_tohost(kMagic);
  EXPECT_EQ(int32_t(mem.words[kMagic]), -Htif::kEnosys);
  EXPECT_EQ(mem.words[kFromhost], 1u);
  EXPECT_TRUE(out.empty());
}

TEST_F(HtifFixture, BadBufferReturnsEfault) {
  mem.put64(kMagic, Htif::kSysWrite);
  mem.put64(kMagic + 8, 1);
  mem.put64(kMagic + 16, 0x1000);  // not memory
  mem.put64(kMagic + 24, 4);
  htif.on_tohost(kMagic);
  EXPECT_EQ(int32_t(mem.words[kMagic]), -Htif::kEfault);
  EXPECT_TRUE(out.empty());
}

TEST_F(HtifFixture, BadFdReturnsEbadf) {
  mem.put64(kMagic, Htif::kSysWrite);
  mem.put64(kMagic + 8, 7);
  htif.on_tohost(kMagic);
  EXPECT_EQ(int32_t(mem.words[kMagic]), -Htif::kEbadf);
}

}  // namespace
}  // namespace mmcosim
