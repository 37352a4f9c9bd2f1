// CSR sideband updates (satp, privilege, MPRV/MPP, SUM, MXR, ADUE) and the
// SFENCE.VMA / FENCE.I requests.
#include "cpu_test_util.h"

namespace mmcosim {
namespace test {
namespace {

using namespace rvasm;
using namespace mmcosim::rv;

class SidebandTest : public CpuTest {};

TEST_F(SidebandTest, ResetSendsOnce) {
  Boot();
  ASSERT_EQ(sideband.updates.size(), 1u);
  const CsrSideband& sb = sideband.updates[0];
  EXPECT_EQ(sb.satp, 0u);
  EXPECT_EQ(sb.priv_fetch, kPrivM);
  EXPECT_EQ(sb.priv_data, kPrivM);
  EXPECT_FALSE(sb.sum);
  EXPECT_FALSE(sb.mxr);
  EXPECT_FALSE(sb.adue);
}

TEST_F(SidebandTest, ResetPrivilegeFromConfig) {
  cfg.cpu_reset_priv = kPrivS;
  Boot();
  EXPECT_EQ(cpu->priv(), kPrivS);
  EXPECT_EQ(sideband.updates.back().priv_fetch, kPrivS);
}

TEST_F(SidebandTest, SatpWriteUpdates) {
  prog.li(a0, (3u << kSatpAsidShift) | 0x123);
  prog.i(csrw(kCsrSatp, a0)).i(ebreak());
  Boot();
  RunProgram();
  ASSERT_GE(sideband.updates.size(), 2u);
  EXPECT_EQ(sideband.updates[1].satp, (3u << kSatpAsidShift) | 0x123);
}

TEST_F(SidebandTest, IgnoredSatpWriteDoesNotUpdate) {
  prog.li(a0, kSatpModeSv32 | 0x123);
  prog.i(csrw(kCsrSatp, a0)).i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(sideband.updates.size(), 1u);
}

TEST_F(SidebandTest, Sv32SatpWhenEnabled) {
  prog.li(a0, kSatpModeSv32 | 0x123);
  prog.i(csrw(kCsrSatp, a0)).i(ebreak());
  Boot();
  cpu->set_sv32_enabled(true);
  RunProgram();
  ASSERT_EQ(sideband.updates.size(), 2u);
  EXPECT_EQ(sideband.updates[1].satp, kSatpModeSv32 | 0x123);
}

TEST_F(SidebandTest, MprvAppliesMppToDataOnlyInM) {
  prog.li(a0, kMstatusMprv | (kPrivU << kMstatusMppShift));
  prog.i(csrw(kCsrMstatus, a0)).i(ebreak());
  Boot();
  RunProgram();
  // Update for MPRV, then the EBREAK trap rewrites MPP = M.
  ASSERT_GE(sideband.updates.size(), 2u);
  EXPECT_EQ(sideband.updates[1].priv_fetch, kPrivM);
  EXPECT_EQ(sideband.updates[1].priv_data, kPrivU);
  EXPECT_EQ(sideband.updates.back().priv_data, kPrivM);
}

TEST_F(SidebandTest, MppChangeWithMprvUpdates) {
  prog.li(a0, kMstatusMprv | (kPrivS << kMstatusMppShift));
  prog.i(csrw(kCsrMstatus, a0));
  prog.li(a0, kMstatusMprv | (kPrivU << kMstatusMppShift));
  prog.i(csrw(kCsrMstatus, a0)).i(ebreak());
  Boot();
  RunProgram();
  ASSERT_GE(sideband.updates.size(), 3u);
  EXPECT_EQ(sideband.updates[1].priv_data, kPrivS);
  EXPECT_EQ(sideband.updates[2].priv_data, kPrivU);
}

TEST_F(SidebandTest, SumMxrViaSstatus) {
  prog.li(a0, kMstatusSum);
  prog.i(csrs(kCsrSstatus, a0));
  prog.li(a0, kMstatusMxr);
  prog.i(csrs(kCsrSstatus, a0)).i(ebreak());
  Boot();
  RunProgram();
  ASSERT_EQ(sideband.updates.size(), 3u);
  EXPECT_TRUE(sideband.updates[1].sum);
  EXPECT_FALSE(sideband.updates[1].mxr);
  EXPECT_TRUE(sideband.updates[2].sum);
  EXPECT_TRUE(sideband.updates[2].mxr);
}

TEST_F(SidebandTest, AdueFromMenvcfgh) {
  prog.li(a0, kMenvcfghAdue);
  prog.i(csrw(kCsrMenvcfgh, a0)).i(ebreak());
  Boot();
  RunProgram();
  ASSERT_EQ(sideband.updates.size(), 2u);
  EXPECT_TRUE(sideband.updates[1].adue);
}

TEST_F(SidebandTest, UnrelatedCsrWritesDoNotUpdate) {
  prog.i(addi(a0, zero, -1)).i(csrw(kCsrMscratch, a0)).i(csrw(kCsrMie, a0));
  prog.i(csrrsi(zero, kCsrMstatus, kMstatusMie));  // MIE is not sideband
  prog.i(csrw(kCsrMtvec, a0)).i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(sideband.updates.size(), 1u);
}

TEST_F(SidebandTest, PrivilegeChangesOnMretAndTrap) {
  EmitEnterPriv(prog, kPrivU);
  prog.i(ecall());
  Boot();
  ASSERT_TRUE(RunUntilTrap());
  // reset, mstatus write (MPP = U changes nothing visible: MPRV=0), mret
  // to U, trap to M.
  ASSERT_EQ(sideband.updates.size(), 3u);
  EXPECT_EQ(sideband.updates[1].priv_fetch, kPrivU);
  EXPECT_EQ(sideband.updates[1].priv_data, kPrivU);
  EXPECT_EQ(sideband.updates[2].priv_fetch, kPrivM);
}

TEST_F(SidebandTest, NullSidebandIsAllowed) {
  prog.li(a0, 0x55);
  prog.i(csrw(kCsrSatp, a0)).i(ebreak());
  mem.load(prog.base(), prog.bytes());
  Cpu core(cfg, &mem.fetch, &mem.data, nullptr, &platform, &stats);
  core.reset(kBase);
  for (int k = 0; k < 50; ++k) core.tick();
  uint32_t v = 0;
  ASSERT_TRUE(core.csr_peek(kCsrSatp, &v));
  EXPECT_EQ(v, 0x55u);
}

// ---- SFENCE.VMA / FENCE.I ------------------------------------------------

TEST_F(SidebandTest, SfenceFlagsByRegisterIndex) {
  prog.i(sfence_vma(0, 0));    // all addresses, all ASIDs
  prog.i(sfence_vma(a0, 0));   // one address, all ASIDs
  prog.i(sfence_vma(0, a1));   // all addresses, ASID a1 (value 0!)
  prog.i(sfence_vma(a0, a2));  // one address, ASID masked to 9 bits
  prog.i(ebreak());
  Boot();
  cpu->set_reg(a0, 0x12345678);
  cpu->set_reg(a1, 0);
  cpu->set_reg(a2, 0xfff);
  RunProgram();
  ASSERT_EQ(mem.data.log.size(), 4u);
  for (const auto& e : mem.data.log) EXPECT_EQ(e.req.kind, AccessKind::kSfence);
  EXPECT_EQ(mem.data.log[0].req.wdata, sfence_flags(true, true, 0));
  EXPECT_EQ(mem.data.log[0].req.addr, 0u);
  EXPECT_EQ(mem.data.log[1].req.wdata, sfence_flags(false, true, 0));
  EXPECT_EQ(mem.data.log[1].req.addr, 0x12345678u);
  EXPECT_EQ(mem.data.log[2].req.wdata, sfence_flags(true, false, 0));
  EXPECT_EQ(mem.data.log[3].req.wdata, sfence_flags(false, false, 0x1ff));
  EXPECT_FALSE(mem.data.log[3].req.we);
  EXPECT_EQ(cpu->instret(), 4u);
}

TEST_F(SidebandTest, SfenceFlagEncoding) {
  EXPECT_EQ(sfence_flags(false, true, 0), 1u << MMCOSIM_PORT_SFENCE_RS2_X0_BIT);
  EXPECT_EQ(sfence_flags(true, false, 0), 1u << MMCOSIM_PORT_SFENCE_RS1_X0_BIT);
  EXPECT_EQ(sfence_flags(false, false, 5), 5u << MMCOSIM_PORT_SFENCE_ASID_LSB);
}

TEST_F(SidebandTest, SfenceDropsFetchBuffer) {
  prog.c(c_nop());
  prog.i(sfence_vma(0, 0));  // +2, straddles into word +4
  prog.c(c_nop());           // +6: would be a buffer hit
  prog.i(ebreak());
  Boot();
  RunProgram();
  unsigned fetches_of_word1 = 0;
  for (const auto& e : mem.fetch.log)
    fetches_of_word1 += e.req.addr == kBase + 4;
  EXPECT_EQ(fetches_of_word1, 2u);
}

TEST_F(SidebandTest, SatpWriteDropsFetchBuffer) {
  prog.c(c_nop());
  prog.i(csrw(kCsrSatp, zero));  // +2, straddles into word +4
  prog.c(c_nop());               // +6
  prog.i(ebreak());
  Boot();
  RunProgram();
  unsigned fetches_of_word1 = 0;
  for (const auto& e : mem.fetch.log)
    fetches_of_word1 += e.req.addr == kBase + 4;
  EXPECT_EQ(fetches_of_word1, 2u);
}

TEST_F(SidebandTest, OtherCsrWriteKeepsFetchBuffer) {
  prog.c(c_nop());
  prog.i(csrw(kCsrMscratch, zero));
  prog.c(c_nop());
  prog.i(ebreak());
  Boot();
  RunProgram();
  unsigned fetches_of_word1 = 0;
  for (const auto& e : mem.fetch.log)
    fetches_of_word1 += e.req.addr == kBase + 4;
  EXPECT_EQ(fetches_of_word1, 1u);
}

TEST_F(SidebandTest, FenceIRequestAndBufferDrop) {
  prog.c(c_nop());
  prog.i(fence_i());    // +2, straddles into word +4
  prog.c(c_li(a0, 3));  // +6
  prog.i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), 3u);
  unsigned fencei = 0, fetches_of_word1 = 0;
  for (const auto& e : mem.fetch.log) {
    fencei += e.req.kind == AccessKind::kFenceI;
    fetches_of_word1 +=
        e.req.kind == AccessKind::kFetch && e.req.addr == kBase + 4;
  }
  EXPECT_EQ(fencei, 1u);
  EXPECT_EQ(fetches_of_word1, 2u);
  EXPECT_TRUE(mem.data.log.empty());
}

TEST_F(SidebandTest, SelfModifyingCodeVisibleAfterFenceI) {
  // Overwrite the instruction after fence.i with "addi a0, zero, 7".
  prog.li(a1, addi(a0, zero, 7));
  prog.i(auipc(a2, 0));
  prog.i(sw(a1, a2, 12));  // target: auipc + 12
  prog.i(fence_i());
  prog.i(addi(a0, zero, 1));  // replaced
  prog.i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), 7u);
}

}  // namespace
}  // namespace test
}  // namespace mmcosim
