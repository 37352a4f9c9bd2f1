// Synchronous exceptions: causes, tval, epc, mstatus stacking, delegation
// to S (never below the current privilege), MRET/SRET transitions and the
// privilege rules of the system instructions.
#include "cpu_test_util.h"

namespace mmcosim {
namespace test {
namespace {

using namespace rvasm;
using namespace mmcosim::rv;

class TrapTest : public CpuTest {
 protected:
  // Instructions BootIn() retires before the first one in `priv`.
  static constexpr uint64_t kPrologue = 13;
  // Boots `p` after emitting the switch to `priv`; the instruction at the
  // returned address is the first one executed in `priv`.
  uint32_t BootIn(unsigned priv, std::initializer_list<uint32_t> insns,
                  uint32_t mstatus_extra = 0, uint32_t medeleg = 0) {
    rvasm::Program p(kBase);
    if (medeleg) {
      p.li(t5, medeleg);
      p.i(csrw(kCsrMedeleg, t5));
    }
    p.li(t5, kHandler);
    p.i(csrw(kCsrMtvec, t5));
    p.li(t5, kHandler + 0x100);
    p.i(csrw(kCsrStvec, t5));
    p.li(t6, (priv << kMstatusMppShift) | mstatus_extra);
    p.i(csrw(kCsrMstatus, t6)).i(auipc(t6, 0)).i(addi(t6, t6, 16));
    p.i(csrw(kCsrMepc, t6)).i(mret());
    const uint32_t at = p.here();
    for (uint32_t i : insns) p.i(i);
    Boot(p);
    return at;
  }
};

TEST_F(TrapTest, EcallCausesPerPrivilege) {
  const uint32_t causes[] = {kCauseEcallU, kCauseEcallS, 0, kCauseEcallM};
  for (unsigned priv : {kPrivU, kPrivS, kPrivM}) {
    const uint32_t at = BootIn(priv, {ecall()});
    ASSERT_TRUE(RunUntilTrap());
    EXPECT_EQ(traps[0].cause, causes[priv]);
    EXPECT_EQ(traps[0].epc, at);
    EXPECT_EQ(traps[0].tval, 0u);
    EXPECT_EQ(traps[0].to_priv, kPrivM);
    EXPECT_EQ(cpu->priv(), kPrivM);
    EXPECT_EQ(cpu->pc(), kHandler);
    EXPECT_EQ((Csr(kCsrMstatus) & kMstatusMpp) >> kMstatusMppShift, priv);
  }
}

TEST_F(TrapTest, EbreakTvalIsPc) {
  const uint32_t at = BootIn(kPrivU, {nop(), ebreak()});
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseBreakpoint);
  EXPECT_EQ(traps[0].epc, at + 4);
  EXPECT_EQ(traps[0].tval, at + 4);
  EXPECT_EQ(Csr(kCsrMepc), at + 4);
  EXPECT_EQ(Csr(kCsrMtval), at + 4);
  EXPECT_EQ(Csr(kCsrMcause), kCauseBreakpoint);
}

TEST_F(TrapTest, TrapStacksMieIntoMpie) {
  BootIn(kPrivM, {ecall()}, kMstatusMpie);  // mret: MIE = MPIE = 1
  ASSERT_TRUE(RunUntilTrap());
  const uint32_t s = Csr(kCsrMstatus);
  EXPECT_FALSE(s & kMstatusMie);
  EXPECT_TRUE(s & kMstatusMpie);
  EXPECT_EQ(s & kMstatusMpp, kMstatusMpp);  // from M
}

TEST_F(TrapTest, TrapWithMieClearClearsMpie) {
  // mret with MPIE=0 leaves MIE=0; the ecall then stacks MPIE=0.
  BootIn(kPrivM, {ecall()});
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_FALSE(Csr(kCsrMstatus) & kMstatusMpie);
  EXPECT_FALSE(Csr(kCsrMstatus) & kMstatusMie);
}

TEST_F(TrapTest, DirectModeAndVectoredModeExceptionsGoToBase) {
  rvasm::Program p(kBase);
  p.li(t0, kHandler | kTvecVectored);
  p.i(csrw(kCsrMtvec, t0)).i(ecall());
  Boot(p);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(cpu->pc(), kHandler);  // exceptions ignore the vector
}

TEST_F(TrapTest, EcallFromUDelegatedToS) {
  const uint32_t at =
      BootIn(kPrivU, {ecall()}, kMstatusSie, 1u << kCauseEcallU);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].to_priv, kPrivS);
  EXPECT_EQ(cpu->priv(), kPrivS);
  EXPECT_EQ(cpu->pc(), kHandler + 0x100);
  EXPECT_EQ(Csr(kCsrScause), kCauseEcallU);
  EXPECT_EQ(Csr(kCsrSepc), at);
  EXPECT_EQ(Csr(kCsrStval), 0u);
  EXPECT_EQ(Csr(kCsrMcause), 0u);  // M trap CSRs untouched
  const uint32_t s = Csr(kCsrMstatus);
  EXPECT_FALSE(s & kMstatusSpp);  // from U
  EXPECT_TRUE(s & kMstatusSpie);  // SIE was 1
  EXPECT_FALSE(s & kMstatusSie);
}

TEST_F(TrapTest, IllegalFromSDelegatedToSSetsSpp) {
  const uint32_t bad = 0x0000000bu;
  const uint32_t at = BootIn(kPrivS, {bad}, 0, 1u << kCauseIllegal);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].to_priv, kPrivS);
  EXPECT_EQ(Csr(kCsrScause), kCauseIllegal);
  EXPECT_EQ(Csr(kCsrStval), bad);
  EXPECT_EQ(Csr(kCsrSepc), at);
  EXPECT_TRUE(Csr(kCsrMstatus) & kMstatusSpp);
  EXPECT_FALSE(Csr(kCsrMstatus) & kMstatusSpie);
}

TEST_F(TrapTest, DelegatedExceptionInMachineModeStaysInM) {
  const uint32_t bad = 0x0000000bu;
  BootIn(kPrivM, {bad}, 0, 1u << kCauseIllegal);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].to_priv, kPrivM);
  EXPECT_EQ(Csr(kCsrMcause), kCauseIllegal);
  EXPECT_EQ(Csr(kCsrScause), 0u);
}

TEST_F(TrapTest, EcallFromSNotDelegatedGoesToM) {
  BootIn(kPrivS, {ecall()}, 0, 1u << kCauseEcallU);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].to_priv, kPrivM);
  EXPECT_EQ(traps[0].cause, kCauseEcallS);
}

TEST_F(TrapTest, LoadFaultDelegatedCarriesAddressInStval) {
  const uint32_t at =
      BootIn(kPrivU, {lw(a0, a1, 8)}, 0, 1u << kCauseLoadAccess);
  cpu->set_reg(a1, kHole);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].to_priv, kPrivS);
  EXPECT_EQ(Csr(kCsrStval), kHole + 8);
  EXPECT_EQ(Csr(kCsrSepc), at);
}

TEST_F(TrapTest, MretRestoresState) {
  // In M: set MPP=S, MPIE=1, MPRV=1, then mret to the label.
  prog.li(t0, (kPrivS << kMstatusMppShift) | kMstatusMpie | kMstatusMprv);
  prog.i(csrw(kCsrMstatus, t0)).i(auipc(t1, 0)).i(addi(t1, t1, 16));
  prog.i(csrw(kCsrMepc, t1)).i(mret());
  prog.i(ebreak());
  Boot();
  ASSERT_TRUE(RunToBreak());
  EXPECT_EQ(traps.back().epc, kBase + 28);
  // State right after mret is visible in the trap's stacked fields:
  // priv was S, MIE was 1 (from MPIE) -> MPIE now 1, MPRV cleared.
  const uint32_t s = Csr(kCsrMstatus);
  EXPECT_EQ((s & kMstatusMpp) >> kMstatusMppShift, kPrivS);
  EXPECT_TRUE(s & kMstatusMpie);
  EXPECT_FALSE(s & kMstatusMprv);
}

TEST_F(TrapTest, MretFieldsImmediatelyAfter) {
  prog.li(t0, (kPrivU << kMstatusMppShift) | kMstatusMpie | kMstatusMprv);
  prog.i(csrw(kCsrMstatus, t0)).i(auipc(t1, 0)).i(addi(t1, t1, 16));
  prog.i(csrw(kCsrMepc, t1)).i(mret());
  prog.i(nop());
  Boot();
  ASSERT_TRUE(RunUntilInstret(7));  // li(2) csrw auipc addi csrw mret
  EXPECT_EQ(cpu->priv(), kPrivU);
  const uint32_t s = Csr(kCsrMstatus);
  EXPECT_TRUE(s & kMstatusMie);    // from MPIE
  EXPECT_TRUE(s & kMstatusMpie);   // set to 1
  EXPECT_EQ(s & kMstatusMpp, 0u);  // U
  EXPECT_FALSE(s & kMstatusMprv);  // left M
  EXPECT_EQ(cpu->pc(), kBase + 28);
}

TEST_F(TrapTest, MretToMachineKeepsMprv) {
  prog.li(t0, (kPrivM << kMstatusMppShift) | kMstatusMprv);
  prog.i(csrw(kCsrMstatus, t0)).i(auipc(t1, 0)).i(addi(t1, t1, 16));
  prog.i(csrw(kCsrMepc, t1)).i(mret());
  prog.i(nop());
  Boot();
  ASSERT_TRUE(RunUntilInstret(7));
  EXPECT_EQ(cpu->priv(), kPrivM);
  EXPECT_TRUE(Csr(kCsrMstatus) & kMstatusMprv);
  EXPECT_FALSE(Csr(kCsrMstatus) & kMstatusMie);  // MPIE was 0
}

TEST_F(TrapTest, SretRestoresState) {
  // M -> S, then in S: sret with SPP=U, SPIE=1.
  const uint32_t at = BootIn(kPrivS, {});
  rvasm::Program p(at);
  p.li(t0, kMstatusSpie);
  p.i(csrs(kCsrSstatus, t0));
  p.i(auipc(t1, 0)).i(addi(t1, t1, 12)).i(csrw(kCsrSepc, t1)).i(sret());
  p.i(nop());
  mem.load(p.base(), p.bytes());
  ASSERT_TRUE(RunUntilInstret(kPrologue + 7));
  EXPECT_EQ(cpu->priv(), kPrivU);
  const uint32_t s = Csr(kCsrMstatus);
  EXPECT_TRUE(s & kMstatusSie);
  EXPECT_TRUE(s & kMstatusSpie);
  EXPECT_FALSE(s & kMstatusSpp);
}

TEST_F(TrapTest, SretToSupervisor) {
  const uint32_t at = BootIn(kPrivS, {});
  rvasm::Program p(at);
  p.li(t0, kMstatusSpp);
  p.i(csrs(kCsrSstatus, t0));
  p.i(auipc(t1, 0)).i(addi(t1, t1, 12)).i(csrw(kCsrSepc, t1)).i(sret());
  p.i(nop());
  mem.load(p.base(), p.bytes());
  ASSERT_TRUE(RunUntilInstret(kPrologue + 7));
  EXPECT_EQ(cpu->priv(), kPrivS);
  EXPECT_FALSE(Csr(kCsrMstatus) & kMstatusSpp);
}

TEST_F(TrapTest, SretInMachineModeIsLegalAndClearsMprv) {
  prog.li(t0, kMstatusMprv | kMstatusSpp);
  prog.i(csrw(kCsrMstatus, t0));
  prog.li(t1, kBase + 28);
  prog.i(csrw(kCsrSepc, t1)).i(sret()).i(nop());
  Boot();
  ASSERT_TRUE(RunUntilInstret(7));
  EXPECT_TRUE(traps.empty());
  EXPECT_EQ(cpu->priv(), kPrivS);
  EXPECT_EQ(cpu->pc(), kBase + 28);
  EXPECT_FALSE(Csr(kCsrMstatus) & kMstatusMprv);
}

TEST_F(TrapTest, XretPrivilegeRules) {
  struct Case {
    unsigned priv;
    uint32_t insn;
    uint32_t extra;
    bool illegal;
  };
  const Case cases[] = {
      {kPrivU, sret(), 0, true},
      {kPrivS, sret(), kMstatusTsr, true},
      {kPrivU, mret(), 0, true},
      {kPrivS, mret(), 0, true},
      {kPrivU, wfi(), 0, true},
      {kPrivS, wfi(), kMstatusTw, true},
      {kPrivU, sfence_vma(0, 0), 0, true},
      {kPrivS, sfence_vma(a0, 0), kMstatusTvm, true},
      {kPrivS, sfence_vma(a0, a1), 0, false},
  };
  for (const Case& c : cases) {
    const uint32_t at = BootIn(c.priv, {c.insn, ebreak()}, c.extra);
    ASSERT_TRUE(RunUntilTrap());
    if (c.illegal) {
      EXPECT_EQ(traps[0].cause, kCauseIllegal)
          << std::hex << c.insn << " priv " << c.priv;
      EXPECT_EQ(traps[0].tval, c.insn);
      EXPECT_EQ(traps[0].epc, at);
    } else {
      EXPECT_EQ(traps[0].cause, kCauseBreakpoint) << std::hex << c.insn;
    }
  }
}

TEST_F(TrapTest, WfiInSupervisorWithoutTwIsLegal) {
  const uint32_t at = BootIn(kPrivS, {wfi(), ebreak()});
  ASSERT_TRUE(RunUntilInstret(kPrologue + 1));
  Tick(20);
  EXPECT_TRUE(cpu->in_wfi());
  EXPECT_TRUE(traps.empty());
  // An M interrupt wakes it and, as S < M, is taken after the WFI.
  cpu->csr_poke(kCsrMie, kMipMtip);
  platform.lines = kIrqMtip;
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseInterrupt | kIrqCauseMti);
  EXPECT_EQ(traps[0].epc, at + 4);
}

TEST_F(TrapTest, WfiInMachineWithTwIsLegal) {
  BootIn(kPrivM, {wfi(), ebreak()}, kMstatusTw);
  cpu->csr_poke(kCsrMie, kMipMsip);
  platform.lines = kIrqMsip;
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseBreakpoint);  // MIE=0: no interrupt
}

TEST_F(TrapTest, SystemEncodingsThatAreNotInstructionsAreIllegal) {
  const uint32_t bad[] = {
      ecall() | (1u << 7),             // ecall with rd != 0
      ebreak() | (1u << 15),           // ebreak with rs1 != 0
      mret() | (1u << 20),             // unknown funct12
      sfence_vma(a0, a1) | (1u << 7),  // sfence with rd != 0
      0x00004073u,                     // funct3 = 4
      0x12000073u | (1u << 7),
  };
  for (uint32_t insn : bad) {
    BootIn(kPrivM, {insn});
    ASSERT_TRUE(RunUntilTrap());
    EXPECT_EQ(traps[0].cause, kCauseIllegal) << std::hex << insn;
    EXPECT_EQ(traps[0].tval, insn);
  }
}

TEST_F(TrapTest, MiscMemReservedFunct3IsIllegal) {
  const uint32_t insn = 0x0000300fu;  // funct3 = 3 (2 is cbo.*: cpu_cbo_test.cc)
  BootIn(kPrivM, {insn});
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseIllegal);
}

TEST_F(TrapTest, HandlerReturnsWithMret) {
  // ecall -> handler adds 4 to mepc and returns; then a0 = 5.
  rvasm::Program p(kBase);
  p.li(t0, kHandler);
  p.i(csrw(kCsrMtvec, t0)).i(ecall()).i(addi(a0, zero, 5)).i(ebreak());
  rvasm::Program h(kHandler);
  h.i(csrr(t1, kCsrMepc)).i(addi(t1, t1, 4)).i(csrw(kCsrMepc, t1)).i(mret());
  mem.load(h.base(), h.bytes());
  Boot(p);
  ASSERT_TRUE(RunToBreak());
  EXPECT_EQ(cpu->reg(a0), 5u);
  EXPECT_EQ(traps.size(), 2u);
  EXPECT_EQ(stats[Stat::kCpuExceptions], 2u);
}

TEST_F(TrapTest, ExceptionDoesNotRetire) {
  const uint32_t at = BootIn(kPrivM, {0x0000000bu});
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(cpu->instret(), kPrologue);
  ASSERT_EQ(retired.size(), kPrologue);
  EXPECT_EQ(retired.back().pc, at - 4);  // the mret
  EXPECT_EQ(traps[0].epc, at);
}

}  // namespace
}  // namespace test
}  // namespace mmcosim
