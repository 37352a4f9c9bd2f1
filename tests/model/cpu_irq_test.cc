// Interrupts: enables per privilege, delegation, priority, vectored mode,
// software-set bits, and WFI.
#include "cpu_test_util.h"

namespace mmcosim {
namespace test {
namespace {

using namespace rvasm;
using namespace mmcosim::rv;

class IrqTest : public CpuTest {
 protected:
  // Boots a program of NOPs that first drops to `priv`; CSRs are set up
  // with csr_poke before the first tick.  Returns the address of the first
  // instruction in `priv`.
  uint32_t BootNops(unsigned priv, uint32_t mstatus_bits) {
    rvasm::Program p(kBase);
    p.li(t6, (priv << kMstatusMppShift) | mstatus_bits);
    p.i(csrw(kCsrMstatus, t6)).i(auipc(t6, 0)).i(addi(t6, t6, 16));
    p.i(csrw(kCsrMepc, t6)).i(mret());
    const uint32_t at = p.here();
    for (int k = 0; k < 64; ++k) p.i(nop());
    Boot(p);
    cpu->csr_poke(kCsrMtvec, kHandler);
    cpu->csr_poke(kCsrStvec, kHandler + 0x200);
    return at;
  }
  // Instructions BootNops() retires before the first one in `priv`:
  // li (2), csrw, auipc, addi, csrw, mret.
  static constexpr uint64_t kPrologue = 7;
};

TEST_F(IrqTest, MachineTimerTakenWhenMieSet) {
  // In M with MIE=1 (via MPIE): the timer interrupt is taken at the next
  // boundary with epc = the interrupted instruction and tval 0.
  BootNops(kPrivM, kMstatusMpie);
  cpu->csr_poke(kCsrMie, kMipMtip);
  ASSERT_TRUE(RunUntilInstret(10));
  EXPECT_TRUE(traps.empty());
  platform.lines = kIrqMtip;
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseInterrupt | kIrqCauseMti);
  EXPECT_EQ(traps[0].tval, 0u);
  EXPECT_EQ(Csr(kCsrMepc), retired.back().pc + 4);
  EXPECT_EQ(Csr(kCsrMcause), kCauseInterrupt | kIrqCauseMti);
  EXPECT_EQ(cpu->pc(), kHandler);
  EXPECT_EQ(stats[Stat::kCpuInterrupts], 1u);
  EXPECT_EQ(stats[Stat::kCpuExceptions], 0u);
  EXPECT_FALSE(Csr(kCsrMstatus) & kMstatusMie);
  EXPECT_TRUE(Csr(kCsrMstatus) & kMstatusMpie);
}

TEST_F(IrqTest, MachineInterruptMaskedByMieInM) {
  BootNops(kPrivM, 0);
  cpu->csr_poke(kCsrMie, kMipAll);
  platform.lines = kIrqMtip | kIrqMeip | kIrqMsip;
  ASSERT_TRUE(RunUntilInstret(40));
  EXPECT_TRUE(traps.empty());
}

TEST_F(IrqTest, MachineInterruptMaskedByMieBit) {
  BootNops(kPrivM, kMstatusMpie);
  cpu->csr_poke(kCsrMie, kMipMsip);
  platform.lines = kIrqMtip;
  ASSERT_TRUE(RunUntilInstret(40));
  EXPECT_TRUE(traps.empty());
}

TEST_F(IrqTest, MachineInterruptTakenInLowerModesRegardlessOfMie) {
  for (unsigned priv : {kPrivU, kPrivS}) {
    BootNops(priv, 0);
    cpu->csr_poke(kCsrMie, kMipMeip);
    ASSERT_TRUE(RunUntilInstret(kPrologue + 3));
    platform.lines = kIrqMeip;
    ASSERT_TRUE(RunUntilTrap());
    EXPECT_EQ(traps[0].cause, kCauseInterrupt | kIrqCauseMei);
    EXPECT_EQ(traps[0].to_priv, kPrivM);
    EXPECT_EQ((Csr(kCsrMstatus) & kMstatusMpp) >> kMstatusMppShift, priv);
    platform.lines = 0;
  }
}

TEST_F(IrqTest, PriorityOrder) {
  // MEI > MSI > MTI > SEI > SSI > STI, all M-level (not delegated).
  const uint32_t order[] = {kIrqCauseMei, kIrqCauseMsi, kIrqCauseMti,
                            kIrqCauseSei, kIrqCauseSsi, kIrqCauseSti};
  for (size_t first = 0; first < 6; ++first) {
    uint32_t enabled = 0;
    for (size_t k = first; k < 6; ++k) enabled |= 1u << order[k];
    BootNops(kPrivU, 0);
    cpu->csr_poke(kCsrMie, enabled);
    platform.lines = kIrqMsip | kIrqMtip | kIrqMeip | kIrqSeip;
    cpu->csr_poke(kCsrMip, kMipSsip | kMipStip);
    ASSERT_TRUE(RunUntilTrap());
    EXPECT_EQ(traps[0].cause, kCauseInterrupt | order[first]) << first;
  }
}

TEST_F(IrqTest, DelegatedSupervisorInterruptGoesToS) {
  BootNops(kPrivS, kMstatusSie);
  cpu->csr_poke(kCsrMideleg, kMipStip);
  cpu->csr_poke(kCsrMie, kMipStip);
  ASSERT_TRUE(RunUntilInstret(kPrologue + 2));
  cpu->csr_poke(kCsrMip, kMipStip);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseInterrupt | kIrqCauseSti);
  EXPECT_EQ(traps[0].to_priv, kPrivS);
  EXPECT_EQ(cpu->pc(), kHandler + 0x200);
  EXPECT_EQ(Csr(kCsrScause), kCauseInterrupt | kIrqCauseSti);
  EXPECT_TRUE(Csr(kCsrMstatus) & kMstatusSpp);
  EXPECT_TRUE(Csr(kCsrMstatus) & kMstatusSpie);
  EXPECT_FALSE(Csr(kCsrMstatus) & kMstatusSie);
}

TEST_F(IrqTest, DelegatedInterruptMaskedBySieInS) {
  BootNops(kPrivS, 0);
  cpu->csr_poke(kCsrMideleg, kMipSsip);
  cpu->csr_poke(kCsrMie, kMipSsip);
  cpu->csr_poke(kCsrMip, kMipSsip);
  ASSERT_TRUE(RunUntilInstret(40));
  EXPECT_TRUE(traps.empty());
}

TEST_F(IrqTest, DelegatedInterruptTakenInUEvenWithSieClear) {
  BootNops(kPrivU, 0);
  cpu->csr_poke(kCsrMideleg, kMipSeip);
  cpu->csr_poke(kCsrMie, kMipSeip);
  platform.lines = kIrqSeip;
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseInterrupt | kIrqCauseSei);
  EXPECT_EQ(traps[0].to_priv, kPrivS);
  EXPECT_FALSE(Csr(kCsrMstatus) & kMstatusSpp);
}

TEST_F(IrqTest, DelegatedInterruptNeverTakenInM) {
  BootNops(kPrivM, kMstatusMpie | kMstatusSie);
  cpu->csr_poke(kCsrMideleg, kMipSsip);
  cpu->csr_poke(kCsrMie, kMipSsip);
  cpu->csr_poke(kCsrMip, kMipSsip);
  ASSERT_TRUE(RunUntilInstret(40));
  EXPECT_TRUE(traps.empty());
}

TEST_F(IrqTest, MachineLevelBeatsSupervisorLevel) {
  // In S with SIE: a delegated SSI and a non-delegated MTI; MTI first.
  BootNops(kPrivS, kMstatusSie);
  cpu->csr_poke(kCsrMideleg, kMipSsip);
  cpu->csr_poke(kCsrMie, kMipSsip | kMipMtip);
  cpu->csr_poke(kCsrMip, kMipSsip);
  platform.lines = kIrqMtip;
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseInterrupt | kIrqCauseMti);
  EXPECT_EQ(traps[0].to_priv, kPrivM);
}

TEST_F(IrqTest, NonDelegatedSupervisorInterruptGoesToM) {
  BootNops(kPrivS, 0);
  cpu->csr_poke(kCsrMie, kMipStip);
  cpu->csr_poke(kCsrMip, kMipStip);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseInterrupt | kIrqCauseSti);
  EXPECT_EQ(traps[0].to_priv, kPrivM);
}

TEST_F(IrqTest, VectoredMtvec) {
  BootNops(kPrivU, 0);
  cpu->csr_poke(kCsrMtvec, kHandler | kTvecVectored);
  cpu->csr_poke(kCsrMie, kMipMtip);
  platform.lines = kIrqMtip;
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(cpu->pc(), kHandler + 4 * kIrqCauseMti);
  EXPECT_EQ(Csr(kCsrMcause), kCauseInterrupt | kIrqCauseMti);
}

TEST_F(IrqTest, VectoredStvec) {
  BootNops(kPrivU, 0);
  cpu->csr_poke(kCsrStvec, (kHandler + 0x200) | kTvecVectored);
  cpu->csr_poke(kCsrMideleg, kMipSsip);
  cpu->csr_poke(kCsrMie, kMipSsip);
  cpu->csr_poke(kCsrMip, kMipSsip);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(cpu->pc(), kHandler + 0x200 + 4 * kIrqCauseSsi);
}

TEST_F(IrqTest, SoftwareSetSsipFromCsrInstruction) {
  // M: enable SSIE and MIE (via mstatus), then csrs mip.SSIP -> trap to M.
  prog.li(t0, kHandler);
  prog.i(csrw(kCsrMtvec, t0));
  prog.i(csrrsi(zero, kCsrMie, kMipSsip));
  prog.i(csrrsi(zero, kCsrMstatus, kMstatusMie));
  const uint32_t at = prog.here();
  prog.i(csrrsi(zero, kCsrMip, kMipSsip));
  prog.i(nop()).i(nop());
  Boot();
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseInterrupt | kIrqCauseSsi);
  EXPECT_EQ(traps[0].epc, at + 4);  // taken right after the csrs
}

TEST_F(IrqTest, InterruptEpcAfterCompressed) {
  prog.li(t0, kHandler);
  prog.i(csrw(kCsrMtvec, t0));
  prog.i(csrrsi(zero, kCsrMie, kMipSsip));
  prog.i(csrrsi(zero, kCsrMstatus, kMstatusMie));
  prog.c(c_nop());
  const uint32_t at = prog.here();
  prog.i(csrrsi(zero, kCsrMip, kMipSsip));  // at +2 of a word
  prog.c(c_nop()).c(c_nop());
  Boot();
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].epc, at + 4);
  EXPECT_EQ(traps[0].epc & 2, 2u);
}

TEST_F(IrqTest, MretReenablesAndTakesPendingInterrupt) {
  // Pending MTI while MIE=0; mret with MPIE=1 to U takes it right away.
  prog.li(t0, kHandler);
  prog.i(csrw(kCsrMtvec, t0));
  prog.li(t0, kMstatusMpie);  // MPP = U
  prog.i(csrw(kCsrMstatus, t0)).i(auipc(t1, 0)).i(addi(t1, t1, 16));
  prog.i(csrw(kCsrMepc, t1)).i(mret());
  const uint32_t target = prog.here();
  prog.i(nop());
  Boot();
  cpu->csr_poke(kCsrMie, kMipMtip);
  platform.lines = kIrqMtip;
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].epc, target);
  EXPECT_EQ((Csr(kCsrMstatus) & kMstatusMpp) >> kMstatusMppShift, kPrivU);
}

TEST_F(IrqTest, WfiStallsUntilInterruptPending) {
  prog.i(wfi()).i(addi(a0, zero, 1)).i(ebreak());
  Boot();
  cpu->csr_poke(kCsrMie, kMipMtip);  // enabled in mie, but MIE=0
  ASSERT_TRUE(RunUntilInstret(1));
  Tick(50);
  EXPECT_TRUE(cpu->in_wfi());
  EXPECT_EQ(cpu->reg(a0), 0u);
  const uint64_t wfi_cycles = stats[Stat::kCpuWfiCycles];
  EXPECT_GE(wfi_cycles, 50u);
  platform.lines = kIrqMtip;
  ASSERT_TRUE(RunToBreak());
  EXPECT_FALSE(cpu->in_wfi());
  EXPECT_EQ(cpu->reg(a0), 1u);  // resumed after WFI without a trap
  EXPECT_EQ(traps.size(), 1u);
}

TEST_F(IrqTest, WfiIgnoresInterruptsNotInMie) {
  prog.i(wfi()).i(ebreak());
  Boot();
  platform.lines = kIrqMtip | kIrqMeip;
  Tick(100);
  EXPECT_TRUE(cpu->in_wfi());
}

TEST_F(IrqTest, WfiWakesOnDelegatedInterruptInM) {
  // Global enables do not matter for waking: a delegated SSIP wakes an M
  // WFI, which then continues (S interrupts are never taken in M).
  prog.i(wfi()).i(addi(a0, zero, 2)).i(ebreak());
  Boot();
  cpu->csr_poke(kCsrMideleg, kMipSsip);
  cpu->csr_poke(kCsrMie, kMipSsip);
  Tick(30);
  EXPECT_TRUE(cpu->in_wfi());
  cpu->csr_poke(kCsrMip, kMipSsip);
  ASSERT_TRUE(RunToBreak());
  EXPECT_EQ(cpu->reg(a0), 2u);
}

TEST_F(IrqTest, WfiWithInterruptEnabledTakesTrapAfterWfi) {
  prog.li(t0, kHandler);
  prog.i(csrw(kCsrMtvec, t0));
  prog.i(csrrsi(zero, kCsrMstatus, kMstatusMie));
  const uint32_t at = prog.here();
  prog.i(wfi()).i(nop());
  Boot();
  cpu->csr_poke(kCsrMie, kMipMeip);
  ASSERT_TRUE(RunUntilInstret(5));
  Tick(10);
  EXPECT_TRUE(cpu->in_wfi());
  platform.lines = kIrqMeip;
  ASSERT_TRUE(RunUntilTrap(5));
  EXPECT_EQ(traps[0].cause, kCauseInterrupt | kIrqCauseMei);
  EXPECT_EQ(traps[0].epc, at + 4);
}

TEST_F(IrqTest, WfiWithPendingInterruptDoesNotStall) {
  prog.i(wfi()).i(ebreak());
  Boot();
  cpu->csr_poke(kCsrMie, kMipMsip);
  platform.lines = kIrqMsip;
  ASSERT_TRUE(RunToBreak(50));
  EXPECT_EQ(stats[Stat::kCpuWfiCycles], 0u);
}

TEST_F(IrqTest, WfiCyclesCountExactly) {
  SetLatencies(1);
  prog.i(wfi()).i(ebreak());
  Boot();
  cpu->csr_poke(kCsrMie, kMipMsip);
  // WFI retires at edge 2 (fetch driven at 1, answered at 2, L=1).
  Tick(2);
  EXPECT_TRUE(cpu->in_wfi());
  Tick(10);  // edges 3..12 idle
  EXPECT_EQ(stats[Stat::kCpuWfiCycles], 10u);
  platform.lines = kIrqMsip;
  Tick(1);  // edge 13: wakes, boundary, drives the next fetch
  EXPECT_FALSE(cpu->in_wfi());
  EXPECT_EQ(stats[Stat::kCpuWfiCycles], 10u);
}

}  // namespace
}  // namespace test
}  // namespace mmcosim
