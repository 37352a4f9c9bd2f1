// Zicsr and the privileged CSRs: instruction semantics, access rules
// (privilege, read-only, unimplemented, counteren, TVM) and WARL masks.
#include "cpu_test_util.h"

namespace mmcosim {
namespace test {
namespace {

using namespace rvasm;
using namespace mmcosim::rv;

class CsrTest : public CpuTest {
 protected:
  // Runs `insns` in privilege `priv` (entered from M), then EBREAK.
  void RunIn(unsigned priv, std::initializer_list<uint32_t> insns) {
    rvasm::Program p(kBase);
    if (priv != kPrivM) EmitEnterPriv(p, priv);
    for (uint32_t i : insns) p.i(i);
    p.i(ebreak());
    Boot(p);
    RunProgram();
  }
  // Expects `insn` executed in `priv` to raise an illegal instruction
  // with tval = its bits.
  void ExpectIllegal(unsigned priv, uint32_t insn) {
    rvasm::Program p(kBase);
    if (priv != kPrivM) EmitEnterPriv(p, priv);
    const uint32_t at = p.here();
    p.i(insn);
    Boot(p);
    ASSERT_TRUE(RunUntilTrap());
    EXPECT_EQ(traps[0].cause, kCauseIllegal) << std::hex << insn;
    EXPECT_EQ(traps[0].tval, insn);
    EXPECT_EQ(traps[0].epc, at);
  }
  void ExpectLegal(unsigned priv, uint32_t insn) {
    rvasm::Program p(kBase);
    if (priv != kPrivM) EmitEnterPriv(p, priv);
    p.i(insn).i(ebreak());
    Boot(p);
    ASSERT_TRUE(RunToBreak());
    EXPECT_EQ(traps.size(), 1u) << "insn 0x" << std::hex << insn
                                << " trapped, cause " << traps[0].cause;
  }
};

TEST_F(CsrTest, CsrrwSwapsAndCsrrsCsrrcModifyBits) {
  RunIn(kPrivM, {addi(a1, zero, 0x5a), csrrw(a0, kCsrMscratch, a1),
                 addi(a2, zero, 0x0f), csrrs(a3, kCsrMscratch, a2),
                 addi(a4, zero, 0x50), csrrc(a5, kCsrMscratch, a4),
                 csrr(a6, kCsrMscratch)});
  EXPECT_EQ(cpu->reg(a0), 0u);
  EXPECT_EQ(cpu->reg(a3), 0x5au);
  EXPECT_EQ(cpu->reg(a5), 0x5fu);
  EXPECT_EQ(cpu->reg(a6), 0x0fu);
}

TEST_F(CsrTest, ImmediateForms) {
  RunIn(kPrivM,
        {csrrwi(a0, kCsrSscratch, 31), csrrsi(a1, kCsrSscratch, 0x40 >> 2),
         csrrci(a2, kCsrSscratch, 1), csrr(a3, kCsrSscratch)});
  EXPECT_EQ(cpu->reg(a1), 31u);
  EXPECT_EQ(cpu->reg(a2), 31u);
  EXPECT_EQ(cpu->reg(a3), 30u);
}

TEST_F(CsrTest, CsrReadIntoRdEqualsRs1) {
  RunIn(kPrivM, {addi(a0, zero, 7), csrw(kCsrMscratch, a0), addi(a0, zero, 9),
                 csrrw(a0, kCsrMscratch, a0), csrr(a1, kCsrMscratch)});
  EXPECT_EQ(cpu->reg(a0), 7u);
  EXPECT_EQ(cpu->reg(a1), 9u);
}

TEST_F(CsrTest, MachineInfoRegisters) {
  cfg.cpu_hart_id = 5;
  RunIn(kPrivM,
        {csrr(a0, kCsrMvendorid), csrr(a1, kCsrMarchid), csrr(a2, kCsrMimpid),
         csrr(a3, kCsrMhartid), csrr(a4, kCsrMisa), csrr(a5, kCsrMconfigptr)});
  EXPECT_EQ(cpu->reg(a0), 0u);
  EXPECT_EQ(cpu->reg(a1), 0u);
  EXPECT_EQ(cpu->reg(a2), 0u);
  EXPECT_EQ(cpu->reg(a3), 5u);
  const uint32_t misa = cpu->reg(a4);
  EXPECT_EQ(misa >> 30, 1u);  // MXL = 32
  for (char ext : {'I', 'M', 'A', 'C', 'S', 'U'}) {
    EXPECT_TRUE(misa & (1u << (ext - 'A'))) << ext;
  }
  for (char ext : {'F', 'D', 'H', 'E', 'V'}) {
    EXPECT_FALSE(misa & (1u << (ext - 'A'))) << ext;
  }
  EXPECT_EQ(cpu->reg(a5), 0u);
}

TEST_F(CsrTest, MisaWritesAreIgnored) {
  RunIn(kPrivM, {csrw(kCsrMisa, zero), csrr(a0, kCsrMisa)});
  EXPECT_EQ(cpu->reg(a0), kMisaValue);
}

TEST_F(CsrTest, WriteToReadOnlyCsrIsIllegal) {
  ExpectIllegal(kPrivM, csrw(kCsrMhartid, a0));
  ExpectIllegal(kPrivM, csrrs(zero, kCsrMvendorid, a1));
  ExpectIllegal(kPrivM, csrrwi(zero, kCsrCycle, 0));
  ExpectIllegal(kPrivM, csrrci(a0, kCsrTime, 1));
}

TEST_F(CsrTest, ReadOnlyCsrReadWithZeroSourceIsLegal) {
  ExpectLegal(kPrivM, csrrs(a0, kCsrMhartid, zero));
  ExpectLegal(kPrivM, csrrci(a0, kCsrMimpid, 0));
  ExpectLegal(kPrivM, csrr(a0, kCsrCycle));
}

TEST_F(CsrTest, UnimplementedCsrIsIllegal) {
  ExpectIllegal(kPrivM, csrr(a0, 0x7c0));
  ExpectIllegal(kPrivM, csrr(a0, 0x7a6));  // between tcontrol and mcontext
  ExpectIllegal(kPrivM, csrr(a0, 0x003));  // fcsr: no F
  ExpectIllegal(kPrivM, csrr(a0, 0xb01));  // no mtime CSR
  ExpectIllegal(kPrivM, csrr(a0, 0x200));  // no hypervisor
  ExpectIllegal(kPrivM, csrw(0x5c0, a0));
}

TEST_F(CsrTest, TooLowPrivilegeIsIllegal) {
  ExpectIllegal(kPrivS, csrr(a0, kCsrMstatus));
  ExpectIllegal(kPrivS, csrr(a0, kCsrMscratch));
  ExpectIllegal(kPrivS, csrr(a0, kCsrMhartid));
  ExpectIllegal(kPrivU, csrr(a0, kCsrSstatus));
  ExpectIllegal(kPrivU, csrw(kCsrSscratch, a0));
  ExpectIllegal(kPrivU, csrr(a0, kCsrSatp));
  ExpectLegal(kPrivS, csrr(a0, kCsrSstatus));
  ExpectLegal(kPrivS, csrw(kCsrSscratch, a0));
}

TEST_F(CsrTest, MstatusWarl) {
  RunIn(kPrivM,
        {addi(a0, zero, -1), csrw(kCsrMstatus, a0), csrr(a1, kCsrMstatus)});
  EXPECT_EQ(cpu->reg(a1), kMstatusWritable);
}

TEST_F(CsrTest, MstatusMppReservedValueKeepsOldMpp) {
  RunIn(kPrivM,
        {lui(a0, 0x1000), csrw(kCsrMstatus, a0),  // MPP = 2 (0x1000)
         csrr(a1, kCsrMstatus), addi(a2, zero, 0x7ff),
         addi(a2, a2, 1),  // 0x800: MPP = 1
         csrw(kCsrMstatus, a2), lui(a0, 0x1000), addi(a0, a0, 8),  // MPP=2, MIE
         csrw(kCsrMstatus, a0), csrr(a3, kCsrMstatus)});
  EXPECT_EQ(cpu->reg(a1) & kMstatusMpp, 0u);  // reset MPP (U) kept
  EXPECT_EQ(cpu->reg(a3) & kMstatusMpp, 1u << kMstatusMppShift);
  EXPECT_TRUE(cpu->reg(a3) & kMstatusMie);
}

TEST_F(CsrTest, SstatusIsARestrictedView) {
  prog.li(a0, kMstatusMie | kMstatusMpie | kMstatusTvm);
  prog.i(csrw(kCsrMstatus, a0));
  prog.i(addi(a1, zero, -1));
  prog.i(csrw(kCsrSstatus, a1));  // set every S-visible bit
  prog.i(csrr(a2, kCsrSstatus)).i(csrr(a3, kCsrMstatus));
  prog.i(csrw(kCsrSstatus, zero)).i(csrr(a4, kCsrMstatus)).i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(a2), kSstatusMask);
  EXPECT_EQ(cpu->reg(a3),
            kSstatusMask | kMstatusMie | kMstatusMpie | kMstatusTvm);
  EXPECT_EQ(cpu->reg(a4), kMstatusMie | kMstatusMpie | kMstatusTvm);
}

TEST_F(CsrTest, MstatushReadsZero) {
  RunIn(kPrivM,
        {addi(a0, zero, -1), csrw(kCsrMstatush, a0), csrr(a1, kCsrMstatush)});
  EXPECT_EQ(cpu->reg(a1), 0u);
}

TEST_F(CsrTest, DelegationMasks) {
  RunIn(kPrivM,
        {addi(a0, zero, -1), csrw(kCsrMedeleg, a0), csrw(kCsrMideleg, a0),
         csrr(a1, kCsrMedeleg), csrr(a2, kCsrMideleg)});
  EXPECT_EQ(cpu->reg(a1), 0xb3ffu);
  EXPECT_FALSE(cpu->reg(a1) & (1u << kCauseEcallM));
  EXPECT_EQ(cpu->reg(a2), kMipSsip | kMipStip | kMipSeip);
}

TEST_F(CsrTest, MieAndMipMasks) {
  RunIn(kPrivM, {addi(a0, zero, -1), csrw(kCsrMie, a0), csrw(kCsrMip, a0),
                 csrr(a1, kCsrMie), csrr(a2, kCsrMip)});
  EXPECT_EQ(cpu->reg(a1), kMipAll);
  EXPECT_EQ(cpu->reg(a2), kMipSsip | kMipStip | kMipSeip);
}

TEST_F(CsrTest, PlatformLinesAreReadOnlyInMip) {
  platform.lines = kIrqMtip | kIrqMsip | kIrqMeip;
  RunIn(kPrivM, {csrr(a0, kCsrMip), addi(a1, zero, -1), csrc(kCsrMip, a1),
                 csrr(a2, kCsrMip)});
  EXPECT_EQ(cpu->reg(a0), kMipMtip | kMipMsip | kMipMeip);
  EXPECT_EQ(cpu->reg(a2), kMipMtip | kMipMsip | kMipMeip);
}

TEST_F(CsrTest, SeipIsWrittenBitOrPlatformLine) {
  platform.lines = kIrqSeip;
  // csrrs with 0 source still reads the line; clearing SEIP via csrrc does
  // not hide the line; setting the software bit keeps it after the line
  // drops (checked with csr_peek below).
  RunIn(kPrivM, {csrr(a0, kCsrMip), addi(a1, zero, kMipSsip), csrs(kCsrMip, a1),
                 csrr(a2, kCsrMip)});
  EXPECT_EQ(cpu->reg(a0), kMipSeip);
  EXPECT_EQ(cpu->reg(a2), kMipSeip | kMipSsip);
  // The csrs above used the software bits as base: SEIP was not latched.
  platform.lines = 0;
  EXPECT_EQ(Csr(kCsrMip), kMipSsip);
}

TEST_F(CsrTest, SoftwareSeipSurvivesLine) {
  RunIn(kPrivM, {addi(a1, zero, 0x200), csrs(kCsrMip, a1), csrr(a0, kCsrMip)});
  EXPECT_EQ(cpu->reg(a0), kMipSeip);
  platform.lines = kIrqSeip;
  EXPECT_EQ(Csr(kCsrMip), kMipSeip);
}

TEST_F(CsrTest, SieSipAreViewsThroughMideleg) {
  RunIn(kPrivM, {addi(a0, zero, kMipSsip | kMipStip), csrw(kCsrMideleg, a0),
                 addi(a1, zero, -1), csrw(kCsrSie, a1), csrr(a2, kCsrMie),
                 csrr(a3, kCsrSie), csrw(kCsrSip, a1), csrr(a4, kCsrMip),
                 csrr(a5, kCsrSip)});
  EXPECT_EQ(cpu->reg(a2), kMipSsip | kMipStip);  // only delegated bits
  EXPECT_EQ(cpu->reg(a3), kMipSsip | kMipStip);
  EXPECT_EQ(cpu->reg(a4), kMipSsip);  // sip: only SSIP writable
  EXPECT_EQ(cpu->reg(a5), kMipSsip);
}

TEST_F(CsrTest, SipWriteWithoutDelegationDoesNothing) {
  RunIn(kPrivM, {addi(a1, zero, -1), csrw(kCsrSip, a1), csrr(a4, kCsrMip),
                 csrw(kCsrSie, a1), csrr(a5, kCsrMie)});
  EXPECT_EQ(cpu->reg(a4), 0u);
  EXPECT_EQ(cpu->reg(a5), 0u);
}

TEST_F(CsrTest, EpcKeepsBit1ClearsBit0) {
  RunIn(kPrivM, {addi(a0, zero, 0x7ff), csrw(kCsrMepc, a0), csrw(kCsrSepc, a0),
                 csrr(a1, kCsrMepc), csrr(a2, kCsrSepc)});
  EXPECT_EQ(cpu->reg(a1), 0x7feu);
  EXPECT_EQ(cpu->reg(a2), 0x7feu);
}

TEST_F(CsrTest, TvecModeWarl) {
  RunIn(kPrivM,
        {addi(a0, zero, 0x103), csrw(kCsrMtvec, a0), csrr(a1, kCsrMtvec),
         addi(a0, zero, 0x102), csrw(kCsrStvec, a0), csrr(a2, kCsrStvec),
         addi(a0, zero, 0x101), csrw(kCsrStvec, a0), csrr(a3, kCsrStvec)});
  EXPECT_EQ(cpu->reg(a1), 0x101u);
  EXPECT_EQ(cpu->reg(a2), 0x100u);
  EXPECT_EQ(cpu->reg(a3), 0x101u);
}

TEST_F(CsrTest, CauseTvalScratchAreFull32Bit) {
  RunIn(kPrivM,
        {addi(a0, zero, -3), csrw(kCsrMcause, a0), csrw(kCsrScause, a0),
         csrw(kCsrMtval, a0), csrw(kCsrStval, a0), csrw(kCsrSscratch, a0),
         csrr(a1, kCsrMcause), csrr(a2, kCsrScause), csrr(a3, kCsrMtval),
         csrr(a4, kCsrStval), csrr(a5, kCsrSscratch)});
  for (unsigned r : {a1, a2, a3, a4, a5}) EXPECT_EQ(cpu->reg(r), 0xfffffffdu);
}

TEST_F(CsrTest, EnvcfgMasks) {
  RunIn(kPrivM,
        {addi(a0, zero, -1), csrw(kCsrMenvcfg, a0), csrw(kCsrMenvcfgh, a0),
         csrw(kCsrSenvcfg, a0), csrr(a1, kCsrMenvcfg), csrr(a2, kCsrMenvcfgh),
         csrr(a3, kCsrSenvcfg)});
  EXPECT_EQ(cpu->reg(a1), kEnvcfgFiom);
  EXPECT_EQ(cpu->reg(a2), kMenvcfghAdue);
  EXPECT_EQ(cpu->reg(a3), kEnvcfgFiom);
}

TEST_F(CsrTest, SatpSv32WriteIgnoredWhenDisabled) {
  prog.li(a0, kSatpModeSv32 | (5u << kSatpAsidShift) | 0x1234);
  prog.li(a1, (7u << kSatpAsidShift) | 0x42);
  prog.i(csrw(kCsrSatp, a1))
      .i(csrw(kCsrSatp, a0))
      .i(csrr(a2, kCsrSatp))
      .i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(a2), (7u << kSatpAsidShift) | 0x42);
}

TEST_F(CsrTest, SatpSv32AcceptedWhenEnabled) {
  const uint32_t v = kSatpModeSv32 | (0x1ffu << kSatpAsidShift) | 0x3fffff;
  prog.li(a0, v);
  prog.i(csrw(kCsrSatp, a0)).i(csrr(a2, kCsrSatp)).i(ebreak());
  Boot();
  cpu->set_sv32_enabled(true);
  EXPECT_TRUE(cpu->sv32_enabled());
  RunProgram();
  EXPECT_EQ(cpu->reg(a2), v);
}

TEST_F(CsrTest, SatpInSupervisorWithTvmIsIllegal) {
  // Enter S with TVM set: EmitEnterPriv overwrites mstatus, so set TVM in
  // the same value.
  rvasm::Program p(kBase);
  p.li(t6, (kPrivS << kMstatusMppShift) | kMstatusTvm);
  p.i(csrw(kCsrMstatus, t6)).i(auipc(t6, 0)).i(addi(t6, t6, 16));
  p.i(csrw(kCsrMepc, t6)).i(mret());
  const uint32_t at = p.here();
  p.i(csrr(a0, kCsrSatp));
  Boot(p);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, kCauseIllegal);
  EXPECT_EQ(traps[0].epc, at);
  ExpectLegal(kPrivS, csrr(a0, kCsrSatp));  // TVM clear
}

TEST_F(CsrTest, SatpInMachineWithTvmIsLegal) {
  RunIn(kPrivM, {lui(a0, kMstatusTvm), csrw(kCsrMstatus, a0),
                 csrw(kCsrSatp, zero), csrr(a1, kCsrMstatus)});
  EXPECT_TRUE(cpu->reg(a1) & kMstatusTvm);
}

TEST_F(CsrTest, PmpCsrsReadZeroAndIgnoreWrites) {
  RunIn(kPrivM, {addi(a0, zero, -1), csrw(kCsrPmpaddr0, a0),
                 csrw(kCsrPmpcfg0, a0), csrr(a1, kCsrPmpaddr0),
                 csrr(a2, kCsrPmpcfg0), csrr(a3, kCsrPmpaddr63)});
  EXPECT_EQ(cpu->reg(a1), 0u);
  EXPECT_EQ(cpu->reg(a2), 0u);
  EXPECT_EQ(cpu->reg(a3), 0u);
}

TEST_F(CsrTest, CounterenRegistersAreWritable) {
  RunIn(kPrivM,
        {addi(a0, zero, -1), csrw(kCsrMcounteren, a0), csrw(kCsrScounteren, a0),
         csrr(a1, kCsrMcounteren), csrr(a2, kCsrScounteren)});
  EXPECT_EQ(cpu->reg(a1), 0xffffffffu);
  EXPECT_EQ(cpu->reg(a2), 0xffffffffu);
}

TEST_F(CsrTest, McountinhibitTmIsReadOnlyZero) {
  RunIn(kPrivM, {addi(a0, zero, -1), csrw(kCsrMcountinhibit, a0),
                 csrr(a1, kCsrMcountinhibit)});
  EXPECT_EQ(cpu->reg(a1), ~kCounterTm);
}

TEST_F(CsrTest, CsrPeekAndPoke) {
  Boot();
  uint32_t v = 1;
  EXPECT_FALSE(cpu->csr_peek(0x7c0, &v));
  EXPECT_TRUE(cpu->csr_poke(kCsrMscratch, 0x1234));
  EXPECT_EQ(Csr(kCsrMscratch), 0x1234u);
  EXPECT_FALSE(cpu->csr_poke(kCsrMhartid, 1));
  EXPECT_TRUE(cpu->csr_poke(kCsrMedeleg, 0xffffffffu));
  EXPECT_EQ(Csr(kCsrMedeleg), 0xb3ffu);
}

}  // namespace
}  // namespace test
}  // namespace mmcosim
