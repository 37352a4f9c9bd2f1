// Counters: mcycle/minstret (writes, inhibit), the user shadows and their
// counteren gating, time from the platform, hpm counters and events.
#include "cpu_test_util.h"

namespace mmcosim {
namespace test {
namespace {

using namespace rvasm;
using namespace mmcosim::rv;

class CounterTest : public CpuTest {
 protected:
  void SetUp() override { SetLatencies(1); }
  // Runs `insns` in `priv` with mcounteren/scounteren preset; EBREAK ends.
  // Returns true if no other trap happened.
  bool RunIn(unsigned priv, uint32_t mcounteren, uint32_t scounteren,
             std::initializer_list<uint32_t> insns) {
    rvasm::Program p(kBase);
    if (priv != kPrivM) EmitEnterPriv(p, priv);
    for (uint32_t i : insns) p.i(i);
    p.i(ebreak());
    Boot(p);
    cpu->csr_poke(kCsrMcounteren, mcounteren);
    cpu->csr_poke(kCsrScounteren, scounteren);
    if (!RunUntilTrap()) return false;
    return traps[0].cause == kCauseBreakpoint;
  }
};

TEST_F(CounterTest, McycleCountsEdges) {
  // Ideal memory, L=1: one instruction per edge, so two reads of mcycle
  // one instruction apart differ by exactly 2.
  ASSERT_TRUE(
      RunIn(kPrivM, 0, 0, {csrr(a0, kCsrMcycle), nop(), csrr(a1, kCsrMcycle)}));
  EXPECT_EQ(cpu->reg(a1) - cpu->reg(a0), 2u);
  EXPECT_EQ(cpu->reg(a0), 2u);  // issued at edge 2
}

TEST_F(CounterTest, McycleWriteSetsValue) {
  ASSERT_TRUE(
      RunIn(kPrivM, 0, 0,
            {addi(a0, zero, 1000), csrw(kCsrMcycle, a0), csrr(a1, kCsrMcycle),
             addi(a2, zero, 3), csrw(kCsrMcycleh, a2), csrr(a3, kCsrMcycleh)}));
  EXPECT_EQ(cpu->reg(a1), 1001u);
  EXPECT_EQ(cpu->reg(a3), 3u);
}

TEST_F(CounterTest, MinstretWriteIsWhatTheNextInstructionReads) {
  ASSERT_TRUE(RunIn(kPrivM, 0, 0,
                    {addi(a0, zero, 100), csrw(kCsrMinstret, a0),
                     csrr(a1, kCsrMinstret), csrr(a2, kCsrMinstret)}));
  EXPECT_EQ(cpu->reg(a1), 100u);
  EXPECT_EQ(cpu->reg(a2), 101u);
  EXPECT_EQ(cpu->instret(), 4u);  // the model's own count is unaffected
}

TEST_F(CounterTest, MinstretCountsRetired) {
  ASSERT_TRUE(
      RunIn(kPrivM, 0, 0,
            {nop(), nop(), csrr(a0, kCsrMinstret), csrr(a1, kCsrMinstreth)}));
  EXPECT_EQ(cpu->reg(a0), 2u);
  EXPECT_EQ(cpu->reg(a1), 0u);
}

TEST_F(CounterTest, MinstrethWrite) {
  ASSERT_TRUE(RunIn(kPrivM, 0, 0,
                    {addi(a0, zero, 7), csrw(kCsrMinstreth, a0),
                     csrr(a1, kCsrMinstreth), csrr(a2, kCsrInstreth)}));
  EXPECT_EQ(cpu->reg(a1), 7u);
  EXPECT_EQ(cpu->reg(a2), 7u);
}

TEST_F(CounterTest, McountinhibitStopsCycleAndInstret) {
  ASSERT_TRUE(RunIn(
      kPrivM, 0, 0,
      {addi(a0, zero, kCounterCy | kCounterIr), csrw(kCsrMcountinhibit, a0),
       csrr(a1, kCsrMcycle), csrr(a2, kCsrMinstret), nop(), nop(),
       csrr(a3, kCsrMcycle), csrr(a4, kCsrMinstret)}));
  EXPECT_EQ(cpu->reg(a1), cpu->reg(a3));
  EXPECT_EQ(cpu->reg(a2), cpu->reg(a4));
  EXPECT_GT(stats[Stat::kCpuCycles], cpu->reg(a3));  // the stat still counts
}

TEST_F(CounterTest, UserShadowsMirrorMachineCounters) {
  ASSERT_TRUE(RunIn(kPrivM, 0, 0,
                    {csrr(a0, kCsrCycle), csrr(a1, kCsrMcycle),
                     csrr(a2, kCsrInstret), csrr(a3, kCsrMinstret)}));
  EXPECT_EQ(cpu->reg(a1) - cpu->reg(a0), 1u);
  EXPECT_EQ(cpu->reg(a3) - cpu->reg(a2), 1u);
}

TEST_F(CounterTest, TimeReadsPlatformMtime) {
  platform.time_bias = 0x500000000ull;
  ASSERT_TRUE(RunIn(kPrivM, 0, 0, {csrr(a0, kCsrTime), csrr(a1, kCsrTimeh)}));
  // FakePlatform: mtime = edge / 4 + bias; csrr time issues at edge 2.
  EXPECT_EQ(cpu->reg(a0), 0u);
  EXPECT_EQ(cpu->reg(a1), 5u);
}

TEST_F(CounterTest, UserCountersGatedByBothCounteren) {
  EXPECT_FALSE(RunIn(kPrivU, 0, 0, {csrr(a0, kCsrCycle)}));
  EXPECT_EQ(traps[0].cause, kCauseIllegal);
  EXPECT_FALSE(RunIn(kPrivU, kCounterCy, 0, {csrr(a0, kCsrCycle)}));
  EXPECT_FALSE(RunIn(kPrivU, 0, kCounterCy, {csrr(a0, kCsrCycle)}));
  EXPECT_TRUE(RunIn(kPrivU, kCounterCy, kCounterCy, {csrr(a0, kCsrCycle)}));
  EXPECT_TRUE(RunIn(kPrivU, kCounterTm, kCounterTm, {csrr(a0, kCsrTimeh)}));
  EXPECT_FALSE(RunIn(kPrivU, kCounterTm, kCounterTm, {csrr(a0, kCsrInstret)}));
}

TEST_F(CounterTest, SupervisorCountersGatedByMcounterenOnly) {
  EXPECT_FALSE(RunIn(kPrivS, 0, ~0u, {csrr(a0, kCsrInstret)}));
  EXPECT_EQ(traps[0].tval, csrr(a0, kCsrInstret));
  EXPECT_TRUE(RunIn(kPrivS, kCounterIr, 0, {csrr(a0, kCsrInstret)}));
  EXPECT_TRUE(RunIn(kPrivS, kCounterIr, 0, {csrr(a0, kCsrInstreth)}));
}

TEST_F(CounterTest, HpmCounterGatedByItsBit) {
  const uint32_t bit5 = 1u << 5;
  EXPECT_FALSE(RunIn(kPrivU, ~bit5, ~0u, {csrr(a0, kCsrHpmcounter3 + 2)}));
  EXPECT_TRUE(RunIn(kPrivU, bit5, bit5, {csrr(a0, kCsrHpmcounter3 + 2)}));
  EXPECT_TRUE(RunIn(kPrivU, bit5, bit5, {csrr(a0, kCsrHpmcounter3h + 2)}));
  EXPECT_FALSE(RunIn(kPrivU, bit5, bit5, {csrr(a0, kCsrHpmcounter3 + 3)}));
}

TEST_F(CounterTest, MachineCountersNotAccessibleBelowM) {
  EXPECT_FALSE(RunIn(kPrivS, ~0u, ~0u, {csrr(a0, kCsrMcycle)}));
  EXPECT_FALSE(RunIn(kPrivS, ~0u, ~0u, {csrr(a0, kCsrMhpmevent3)}));
}

TEST_F(CounterTest, HpmCounterFollowsSelectedEvent) {
  // mhpmevent3 = cpu.instret: counter 3 advances with retired instructions.
  ASSERT_TRUE(RunIn(kPrivM, 0, 0,
                    {addi(a0, zero, MMCOSIM_EVENT_CPU_INSTRET),
                     csrw(kCsrMhpmevent3, a0), csrw(kCsrMhpmcounter3, zero),
                     nop(), nop(), nop(), csrr(a1, kCsrMhpmcounter3)}));
  // After the write (which itself retires): 3 nops.
  EXPECT_EQ(cpu->reg(a1), 4u);
}

TEST_F(CounterTest, HpmCounterWriteSetsValue) {
  ASSERT_TRUE(RunIn(
      kPrivM, 0, 0,
      {addi(a0, zero, MMCOSIM_EVENT_CPU_CYCLES), csrw(kCsrMhpmevent3 + 4, a0),
       addi(a1, zero, 1000), csrw(kCsrMhpmcounter3 + 4, a1),
       csrr(a2, kCsrMhpmcounter3 + 4), csrr(a3, kCsrMhpmcounter3h + 4)}));
  EXPECT_EQ(cpu->reg(a2), 1001u);  // one edge later
  EXPECT_EQ(cpu->reg(a3), 0u);
}

TEST_F(CounterTest, HpmHighHalfFromPlatform) {
  platform.event_bias[MMCOSIM_EVENT_MEM_FETCH_REQS] = 0x300000000ull;
  ASSERT_TRUE(RunIn(kPrivM, 0, 0,
                    {addi(a0, zero, MMCOSIM_EVENT_MEM_FETCH_REQS),
                     csrw(kCsrMhpmevent31, a0), csrr(a1, kCsrMhpmcounter31h)}));
  EXPECT_EQ(cpu->reg(a1), 3u);
  EXPECT_EQ(Csr(kCsrHpmcounter31h), 3u);
}

TEST_F(CounterTest, HpmHighHalfWrite) {
  ASSERT_TRUE(RunIn(kPrivM, 0, 0,
                    {addi(a0, zero, 9), csrw(kCsrMhpmcounter3h, a0),
                     csrr(a1, kCsrMhpmcounter3h), csrr(a2, kCsrMhpmcounter3)}));
  EXPECT_EQ(cpu->reg(a1), 9u);
  EXPECT_EQ(cpu->reg(a2), 0u);  // event 0: the counter holds its value
}

TEST_F(CounterTest, HpmEventWarl) {
  ASSERT_TRUE(
      RunIn(kPrivM, 0, 0,
            {addi(a0, zero, 999), csrw(kCsrMhpmevent3, a0),
             csrr(a1, kCsrMhpmevent3), addi(a0, zero, MMCOSIM_EVENT_COUNT - 1),
             csrw(kCsrMhpmevent3, a0), csrr(a2, kCsrMhpmevent3)}));
  EXPECT_EQ(cpu->reg(a1), 0u);
  EXPECT_EQ(cpu->reg(a2), MMCOSIM_EVENT_COUNT - 1);
}

TEST_F(CounterTest, HpmEventChangeKeepsWriteOffset) {
  // One load, then counter 3 := 50 while it counts event 0, then select
  // cpu.loads: it reads loads (1) minus the offset of the write (-50).
  mem.write32(kData, 0);
  ASSERT_TRUE(RunIn(
      kPrivM, 0, 0,
      {lui(a3, kData), lw(a4, a3, 0), addi(a0, zero, 50),
       csrw(kCsrMhpmcounter3, a0), addi(a1, zero, MMCOSIM_EVENT_CPU_LOADS),
       csrw(kCsrMhpmevent3, a1), csrr(a2, kCsrMhpmcounter3)}));
  EXPECT_EQ(cpu->reg(a2), 51u);
}

TEST_F(CounterTest, NeverWrittenCounterReadsRawStatistic) {
  ASSERT_TRUE(
      RunIn(kPrivM, 0, 0,
            {nop(), nop(), addi(a1, zero, MMCOSIM_EVENT_CPU_INSTRET),
             csrw(kCsrMhpmevent3 + 1, a1), csrr(a2, kCsrMhpmcounter3 + 1)}));
  EXPECT_EQ(cpu->reg(a2), 4u);
}

TEST_F(CounterTest, HpmCountsLoads) {
  mem.write32(kData, 0);
  ASSERT_TRUE(RunIn(kPrivM, 0, 0,
                    {addi(a1, zero, MMCOSIM_EVENT_CPU_LOADS),
                     csrw(kCsrMhpmevent3, a1), lui(a3, kData), lw(a4, a3, 0),
                     lw(a4, a3, 0), csrr(a2, kCsrMhpmcounter3)}));
  EXPECT_EQ(cpu->reg(a2), 2u);
}

TEST_F(CounterTest, HpmInhibitFreezes) {
  ASSERT_TRUE(RunIn(
      kPrivM, 0, 0,
      {addi(a0, zero, MMCOSIM_EVENT_CPU_CYCLES), csrw(kCsrMhpmevent3, a0),
       addi(a0, zero, 1 << 3), csrw(kCsrMcountinhibit, a0),
       csrr(a1, kCsrMhpmcounter3), nop(), nop(), csrr(a2, kCsrMhpmcounter3),
       csrw(kCsrMcountinhibit, zero), nop(), csrr(a3, kCsrMhpmcounter3)}));
  EXPECT_EQ(cpu->reg(a1), cpu->reg(a2));
  EXPECT_EQ(cpu->reg(a3), cpu->reg(a2) + 2);  // resumes from the frozen value
}

TEST_F(CounterTest, AllHpmRegistersExist) {
  Boot();
  for (unsigned n = 3; n < 32; ++n) {
    uint32_t v;
    EXPECT_TRUE(
        cpu->csr_peek(static_cast<uint16_t>(kCsrMhpmcounter3 + n - 3), &v));
    EXPECT_TRUE(
        cpu->csr_peek(static_cast<uint16_t>(kCsrMhpmcounter3h + n - 3), &v));
    EXPECT_TRUE(
        cpu->csr_peek(static_cast<uint16_t>(kCsrMhpmevent3 + n - 3), &v));
    EXPECT_TRUE(
        cpu->csr_peek(static_cast<uint16_t>(kCsrHpmcounter3 + n - 3), &v));
    EXPECT_TRUE(
        cpu->csr_peek(static_cast<uint16_t>(kCsrHpmcounter3h + n - 3), &v));
  }
}

}  // namespace
}  // namespace test
}  // namespace mmcosim
