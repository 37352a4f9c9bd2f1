// A extension: LR/SC reservation rules and every AMO, their port requests,
// misaligned traps and faults.
#include "cpu_test_util.h"

namespace mmcosim {
namespace test {
namespace {

using namespace rvasm;

class AtomicTest : public CpuTest {
 protected:
  // Runs one AMO `f5` on the word at kData (initially `old`) with rs2 =
  // `src`; returns rd and leaves the memory word in *result.
  uint32_t RunAmo(unsigned f5, uint32_t old, uint32_t src, uint32_t* result) {
    mem.write32(kData, old);
    rvasm::Program p(kBase);
    p.i(amo(f5, a0, a1, a2)).i(ebreak());
    Boot(p);
    cpu->set_reg(a1, kData);
    cpu->set_reg(a2, src);
    RunProgram();
    *result = mem.read32(kData);
    return cpu->reg(a0);
  }
};

TEST_F(AtomicTest, AmoResults) {
  struct Case {
    unsigned f5;
    uint32_t old, src, expect;
  };
  const Case cases[] = {
      {rv::kAmoSwap, 5, 9, 9},
      {rv::kAmoAdd, 0xffffffffu, 2, 1},
      {rv::kAmoXor, 0xff00ff00u, 0x0ff00ff0u, 0xf0f0f0f0u},
      {rv::kAmoAnd, 0xff00ff00u, 0x0ff00ff0u, 0x0f000f00u},
      {rv::kAmoOr, 0xff00ff00u, 0x0ff00ff0u, 0xfff0fff0u},
      {rv::kAmoMin, 0xfffffffeu, 3, 0xfffffffeu},  // -2 < 3
      {rv::kAmoMax, 0xfffffffeu, 3, 3},
      {rv::kAmoMinu, 0xfffffffeu, 3, 3},
      {rv::kAmoMaxu, 0xfffffffeu, 3, 0xfffffffeu},
      {rv::kAmoMin, 0x80000000u, 0x7fffffffu, 0x80000000u},
      {rv::kAmoMaxu, 0x80000000u, 0x7fffffffu, 0x80000000u},
  };
  for (const Case& c : cases) {
    uint32_t result = 0;
    EXPECT_EQ(RunAmo(c.f5, c.old, c.src, &result), c.old) << c.f5;
    EXPECT_EQ(result, c.expect) << "funct5 " << c.f5;
  }
}

TEST_F(AtomicTest, AmoIssuesReadThenWrite) {
  uint32_t result;
  RunAmo(rv::kAmoAdd, 10, 5, &result);
  ASSERT_EQ(mem.data.log.size(), 2u);
  const MemReq& rd = mem.data.log[0].req;
  const MemReq& wr = mem.data.log[1].req;
  EXPECT_EQ(rd.kind, AccessKind::kAmo);
  EXPECT_FALSE(rd.we);
  EXPECT_EQ(rd.addr, kData);
  EXPECT_EQ(rd.size, MMCOSIM_PORT_SIZE_WORD);
  EXPECT_EQ(wr.kind, AccessKind::kAmo);
  EXPECT_TRUE(wr.we);
  EXPECT_EQ(wr.wdata, 15u);
  EXPECT_EQ(wr.addr, kData);
  EXPECT_EQ(stats[Stat::kCpuAmos], 1u);
  EXPECT_EQ(stats[Stat::kCpuLoads], 0u);
  EXPECT_EQ(stats[Stat::kCpuStores], 0u);
}

TEST_F(AtomicTest, AmoWithRdEqualRs2UsesOldRs2) {
  mem.write32(kData, 100);
  prog.i(amo(rv::kAmoAdd, a2, a1, a2)).i(ebreak());
  Boot();
  cpu->set_reg(a1, kData);
  cpu->set_reg(a2, 7);
  RunProgram();
  EXPECT_EQ(cpu->reg(a2), 100u);
  EXPECT_EQ(mem.read32(kData), 107u);
}

TEST_F(AtomicTest, AmoToX0StillWritesMemory) {
  mem.write32(kData, 1);
  prog.i(amo(rv::kAmoSwap, zero, a1, a2)).i(ebreak());
  Boot();
  cpu->set_reg(a1, kData);
  cpu->set_reg(a2, 55);
  RunProgram();
  EXPECT_EQ(mem.read32(kData), 55u);
  EXPECT_EQ(cpu->reg(0), 0u);
}

TEST_F(AtomicTest, MisalignedAmoTrapsAsStore) {
  prog.i(amo(rv::kAmoSwap, a0, a1, a2));
  Boot();
  cpu->set_reg(a1, kData + 2);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseMisalignedStore);
  EXPECT_EQ(traps[0].tval, kData + 2);
  EXPECT_TRUE(mem.data.log.empty());
}

TEST_F(AtomicTest, AmoReadFaultTrapsWithPortCause) {
  prog.i(amo(rv::kAmoOr, a0, a1, a2));
  Boot();
  cpu->set_reg(a1, kHole);
  cpu->set_reg(a0, 3);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseStoreAccess);
  EXPECT_EQ(traps[0].tval, kHole);
  EXPECT_EQ(mem.data.log.size(), 1u);  // no write half after a faulting read
  EXPECT_EQ(cpu->reg(a0), 3u);
}

TEST_F(AtomicTest, AmoPageFault) {
  mem.add_page_fault(kData);
  prog.i(amo(rv::kAmoAdd, a0, a1, a2));
  Boot();
  cpu->set_reg(a1, kData);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseStorePage);
}

TEST_F(AtomicTest, LrScSucceeds) {
  mem.write32(kData, 41);
  prog.i(lr_w(a0, a1)).i(addi(a0, a0, 1)).i(sc_w(a3, a1, a0)).i(ebreak());
  Boot();
  cpu->set_reg(a1, kData);
  cpu->set_reg(a3, 99);
  RunProgram();
  EXPECT_EQ(cpu->reg(a3), 0u);
  EXPECT_EQ(mem.read32(kData), 42u);
  ASSERT_EQ(mem.data.log.size(), 2u);
  EXPECT_EQ(mem.data.log[0].req.kind, AccessKind::kLr);
  EXPECT_FALSE(mem.data.log[0].req.we);
  EXPECT_EQ(mem.data.log[1].req.kind, AccessKind::kSc);
  EXPECT_TRUE(mem.data.log[1].req.we);
  EXPECT_EQ(mem.data.log[1].req.wdata, 42u);
  EXPECT_EQ(stats[Stat::kCpuLoads], 1u);
  EXPECT_EQ(stats[Stat::kCpuStores], 1u);
}

TEST_F(AtomicTest, ScWithoutReservationFailsAndSendsNothing) {
  mem.write32(kData, 5);
  prog.i(sc_w(a3, a1, a2)).i(ebreak());
  Boot();
  cpu->set_reg(a1, kData);
  cpu->set_reg(a2, 77);
  RunProgram();
  EXPECT_EQ(cpu->reg(a3), 1u);
  EXPECT_EQ(mem.read32(kData), 5u);
  EXPECT_TRUE(mem.data.log.empty());
  EXPECT_EQ(stats[Stat::kCpuStores], 0u);
  EXPECT_EQ(cpu->instret(), 1u);
}

TEST_F(AtomicTest, ScToOtherAddressFails) {
  prog.i(lr_w(a0, a1)).i(sc_w(a3, a2, a0)).i(ebreak());
  Boot();
  cpu->set_reg(a1, kData);
  cpu->set_reg(a2, kData + 4);
  RunProgram();
  EXPECT_EQ(cpu->reg(a3), 1u);
  EXPECT_EQ(mem.data.log.size(), 1u);
}

TEST_F(AtomicTest, SecondScFailsBecauseAnyScClearsReservation) {
  prog.i(lr_w(a0, a1)).i(sc_w(a3, a1, a2)).i(sc_w(a4, a1, a2)).i(ebreak());
  Boot();
  cpu->set_reg(a1, kData);
  cpu->set_reg(a2, 1);
  RunProgram();
  EXPECT_EQ(cpu->reg(a3), 0u);
  EXPECT_EQ(cpu->reg(a4), 1u);
}

TEST_F(AtomicTest, FailedScAlsoClearsReservation) {
  // sc to another address fails and must kill the reservation on kData.
  prog.i(lr_w(a0, a1)).i(sc_w(a3, a2, a0)).i(sc_w(a4, a1, a0)).i(ebreak());
  Boot();
  cpu->set_reg(a1, kData);
  cpu->set_reg(a2, kData + 8);
  RunProgram();
  EXPECT_EQ(cpu->reg(a3), 1u);
  EXPECT_EQ(cpu->reg(a4), 1u);
}

TEST_F(AtomicTest, TrapClearsReservation) {
  // lr; ecall -> handler returns (mepc += 4); sc must fail.
  prog.li(t0, kHandler);
  prog.i(csrw(rv::kCsrMtvec, t0));
  prog.i(lr_w(a0, a1)).i(ecall()).i(sc_w(a3, a1, a0)).i(ebreak());
  Boot();
  rvasm::Program h(kHandler);
  h.i(csrr(t1, rv::kCsrMepc)).i(addi(t1, t1, 4)).i(csrw(rv::kCsrMepc, t1));
  h.i(mret());
  mem.load(h.base(), h.bytes());
  cpu->set_reg(a1, kData);
  ASSERT_TRUE(RunToBreak());
  EXPECT_EQ(cpu->reg(a3), 1u);
}

TEST_F(AtomicTest, MretClearsReservation) {
  // lr, then mret to the next instruction (mepc set up), then sc.
  prog.i(lr_w(a0, a1));
  prog.i(auipc(t0, 0)).i(addi(t0, t0, 28)).i(csrw(rv::kCsrMepc, t0));
  prog.li(t1, rv::kPrivM << rv::kMstatusMppShift);
  prog.i(csrw(rv::kCsrMstatus, t1));  // MPP = M: stay in M
  prog.i(mret());
  prog.i(sc_w(a3, a1, a0)).i(ebreak());
  Boot();
  cpu->set_reg(a1, kData);
  RunProgram();
  EXPECT_EQ(cpu->priv(), rv::kPrivM);
  EXPECT_EQ(cpu->reg(a3), 1u);
}

TEST_F(AtomicTest, MisalignedLrTrapsAsLoadAndScAsStore) {
  for (bool lr : {true, false}) {
    rvasm::Program p(kBase);
    p.i(lr ? lr_w(a0, a1) : sc_w(a0, a1, a2));
    Boot(p);
    cpu->set_reg(a1, kData + 1);
    ASSERT_TRUE(RunUntilTrap());
    EXPECT_EQ(traps[0].cause,
              lr ? rv::kCauseMisalignedLoad : rv::kCauseMisalignedStore);
    EXPECT_EQ(traps[0].tval, kData + 1);
  }
}

TEST_F(AtomicTest, LrFaultIsLoadAccessFault) {
  prog.i(lr_w(a0, a1));
  Boot();
  cpu->set_reg(a1, kHole);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseLoadAccess);
}

TEST_F(AtomicTest, LrWithNonZeroRs2IsIllegal) {
  const uint32_t insn = amo(rv::kAmoLr, a0, a1, a2);
  prog.i(insn);
  Boot();
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseIllegal);
  EXPECT_EQ(traps[0].tval, insn);
}

TEST_F(AtomicTest, UnknownAmoFunctIsIllegal) {
  for (uint32_t insn : {amo(0x05, a0, a1, a2), amo(0x1f, a0, a1, a2),
                        amo(rv::kAmoAdd, a0, a1, a2) & ~(7u << 12)}) {
    rvasm::Program p(kBase);
    p.i(insn);
    Boot(p);
    cpu->set_reg(a1, kData);
    ASSERT_TRUE(RunUntilTrap());
    EXPECT_EQ(traps[0].cause, rv::kCauseIllegal) << std::hex << insn;
  }
}

TEST_F(AtomicTest, AqRlBitsAreAccepted) {
  mem.write32(kData, 3);
  prog.i(amo(rv::kAmoAdd, a0, a1, a2) | (3u << 25)).i(ebreak());
  Boot();
  cpu->set_reg(a1, kData);
  cpu->set_reg(a2, 4);
  RunProgram();
  EXPECT_EQ(mem.read32(kData), 7u);
}

}  // namespace
}  // namespace test
}  // namespace mmcosim
