// Compressed instructions executed by the core: each form against its
// 32-bit equivalent (same registers and memory afterwards), control flow
// with the 2-byte link, illegal compressed encodings and the fetch buffer.
#include <array>

#include "cpu_test_util.h"
#include "rvc_asm.h"

namespace mmcosim {
namespace test {
namespace {

using namespace rvasm;

constexpr uint32_t kDataWords = 0x100;

class RvcTest : public CpuTest {
 protected:
  struct Result {
    std::array<uint32_t, 32> regs;
    std::vector<uint32_t> data;
  };
  // Runs `p` (ending in EBREAK) from a fixed register and memory state:
  // x8..x15 and sp point into the data area, the others hold patterns.
  Result RunFrom(const rvasm::Program& p) {
    for (uint32_t k = 0; k < kDataWords; ++k) {
      mem.write32(kData + 4 * k, 0x9e3779b9u * (k + 1));
    }
    Boot(p);
    for (unsigned r = 1; r < 32; ++r) {
      const bool pointer = r == sp || (r >= 8 && r <= 15);
      cpu->set_reg(
          r, pointer ? kData + 0x40 * (r & 7) : 0x01234567u * r + (r << 28));
    }
    RunProgram();
    Result res;
    for (unsigned r = 0; r < 32; ++r) res.regs[r] = cpu->reg(r);
    for (uint32_t k = 0; k < kDataWords; ++k) {
      res.data.push_back(mem.read32(kData + 4 * k));
    }
    return res;
  }
  // Compressed `c` then c.nop vs `full`, both followed by EBREAK.
  void ExpectEquivalent(uint16_t c, uint32_t full) {
    rvasm::Program pc(kBase), pf(kBase);
    pc.c(c).c(c_nop()).i(ebreak());
    pf.i(full).i(ebreak());
    const Result rc = RunFrom(pc);
    const Result rf = RunFrom(pf);
    for (unsigned r = 0; r < 32; ++r) {
      EXPECT_EQ(rc.regs[r], rf.regs[r])
          << "x" << r << " for c=0x" << std::hex << c;
    }
    EXPECT_EQ(rc.data, rf.data) << "memory differs for c=0x" << std::hex << c;
  }
};

TEST_F(RvcTest, Addi4spn) {
  ExpectEquivalent(c_addi4spn(a0, 1020), addi(a0, sp, 1020));
}
TEST_F(RvcTest, Lw) {
  ExpectEquivalent(c_lw(a0, a1, 124), lw(a0, a1, 124));
}
TEST_F(RvcTest, Sw) {
  ExpectEquivalent(c_sw(a2, s1, 64), sw(s1, a2, 64));
}
TEST_F(RvcTest, Nop) {
  ExpectEquivalent(c_nop(), nop());
}
TEST_F(RvcTest, Addi) {
  ExpectEquivalent(c_addi_(t1, -17), addi(t1, t1, -17));
}
TEST_F(RvcTest, Li) {
  ExpectEquivalent(c_li_(a7, -32), addi(a7, 0, -32));
}
TEST_F(RvcTest, Addi16sp) {
  ExpectEquivalent(c_addi16sp(-496), addi(sp, sp, -496));
}
TEST_F(RvcTest, Lui) {
  ExpectEquivalent(c_lui(t2, -3), lui(t2, 0xffffd000u));
}
TEST_F(RvcTest, Srli) {
  ExpectEquivalent(c_srli(s0, 7), srli(s0, s0, 7));
}
TEST_F(RvcTest, Srai) {
  ExpectEquivalent(c_srai(a5, 31), srai(a5, a5, 31));
}
TEST_F(RvcTest, Andi) {
  ExpectEquivalent(c_andi(a4, -8), andi(a4, a4, -8));
}
TEST_F(RvcTest, Sub) {
  ExpectEquivalent(c_sub(a0, a3), sub(a0, a0, a3));
}
TEST_F(RvcTest, Xor) {
  ExpectEquivalent(c_xor(s1, a0), xor_(s1, s1, a0));
}
TEST_F(RvcTest, Or) {
  ExpectEquivalent(c_or(a1, a2), or_(a1, a1, a2));
}
TEST_F(RvcTest, And) {
  ExpectEquivalent(c_and(a2, a5), and_(a2, a2, a5));
}
TEST_F(RvcTest, Slli) {
  ExpectEquivalent(c_slli(t4, 13), slli(t4, t4, 13));
}
TEST_F(RvcTest, Lwsp) {
  ExpectEquivalent(c_lwsp(t5, 252), lw(t5, sp, 252));
}
TEST_F(RvcTest, Mv) {
  ExpectEquivalent(c_mv_(s2, t3), add(s2, 0, t3));
}
TEST_F(RvcTest, Add) {
  ExpectEquivalent(c_add_(a6, gp), add(a6, a6, gp));
}
TEST_F(RvcTest, Swsp) {
  ExpectEquivalent(c_swsp(tp, 0xc8), sw(tp, sp, 0xc8));
}
TEST_F(RvcTest, HintsDoNothing) {
  ExpectEquivalent(c_mv_(0, a0), nop());
  ExpectEquivalent(c_li_(0, 3), nop());
}

TEST_F(RvcTest, CJalLinksPcPlus2) {
  prog.c(c_jal(6));      // +0 -> +6
  prog.c(c_li_(a0, 1));  // +2 skipped
  prog.c(c_li_(a0, 2));  // +4 skipped
  prog.c(c_li_(a1, 3));  // +6
  prog.c(c_ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(ra), kBase + 2);
  EXPECT_EQ(cpu->reg(a0), 0u);
  EXPECT_EQ(cpu->reg(a1), 3u);
}

TEST_F(RvcTest, CJBackwards) {
  prog.c(c_j(8));        // +0 -> +8
  prog.c(c_li_(a0, 5));  // +2
  prog.c(c_ebreak());    // +4
  prog.c(c_nop());       // +6
  prog.c(c_j(-6));       // +8 -> +2
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), 5u);
  EXPECT_EQ(cpu->reg(ra), 0u);
}

TEST_F(RvcTest, CBeqzCBnez) {
  for (uint32_t v : {0u, 1u}) {
    for (bool eqz : {true, false}) {
      rvasm::Program p(kBase);
      p.c(eqz ? c_beqz(a0, 6) : c_bnez(a0, 6));  // +0 -> +6
      p.c(c_li_(a1, 1));                         // +2 fall-through
      p.c(c_ebreak());                           // +4
      p.c(c_li_(a1, 2));                         // +6 taken
      p.c(c_ebreak());
      Boot(p);
      cpu->set_reg(a0, v);
      cpu->set_reg(a1, 0);
      RunProgram();
      const bool taken = eqz ? v == 0 : v != 0;
      EXPECT_EQ(cpu->reg(a1), taken ? 2u : 1u) << v << eqz;
    }
  }
}

TEST_F(RvcTest, CJrAndCJalr) {
  prog.c(c_jalr(t0));    // +0 -> +8, ra = +2
  prog.c(c_ebreak());    // +2
  prog.c(c_nop());       // +4
  prog.c(c_nop());       // +6
  prog.c(c_li_(a0, 4));  // +8
  prog.c(c_jr(t1));      // +10 -> +2 (EBREAK)
  Boot();
  cpu->set_reg(t0, kBase + 8);
  cpu->set_reg(t1, kBase + 2);
  RunProgram();
  EXPECT_EQ(cpu->reg(ra), kBase + 2);
  EXPECT_EQ(cpu->reg(a0), 4u);
  EXPECT_EQ(traps[0].epc, kBase + 2);
}

TEST_F(RvcTest, CJalrWithRdEqualRs1StyleUsesOldValue) {
  prog.c(c_jalr(ra));  // target = old ra; ra = +2
  prog.c(c_ebreak());
  prog.c(c_li_(a0, 9));  // +4
  prog.c(c_ebreak());
  Boot();
  cpu->set_reg(ra, kBase + 4);
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), 9u);
  EXPECT_EQ(cpu->reg(ra), kBase + 2);
}

TEST_F(RvcTest, CEbreakReportsPcAsTval) {
  prog.c(c_nop()).c(c_ebreak());
  Boot();
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseBreakpoint);
  EXPECT_EQ(traps[0].epc, kBase + 2);
  EXPECT_EQ(traps[0].tval, kBase + 2);
}

TEST_F(RvcTest, IllegalCompressedTrapsWithTheParcel) {
  const uint16_t bad[] = {
      0x0000,             // all zero
      c_addi4spn(a0, 0),  // nzuimm = 0 (same as 0 with rd' = 2)
      c_addi16sp(0),      // reserved
      c_lui(a0, 0),       // reserved
      c_lwsp(0, 4),       // rd = 0
      c_jr(0),            // rs1 = 0
      c_srli(a0, 32),     // RV32 shamt[5]
      c_slli(a0, 32),
      static_cast<uint16_t>(c_sub(a0, a1) | 0x1000),  // c.subw
      0x2000,                                         // c.fld
      0x6002,                                         // c.flwsp
  };
  for (uint16_t c : bad) {
    rvasm::Program p(kBase);
    p.c(c_nop()).c(c);
    Boot(p);
    ASSERT_TRUE(RunUntilTrap()) << std::hex << c;
    EXPECT_EQ(traps[0].cause, rv::kCauseIllegal) << std::hex << c;
    EXPECT_EQ(traps[0].tval, c) << std::hex << c;
    EXPECT_EQ(traps[0].epc, kBase + 2);
  }
}

TEST_F(RvcTest, TwoCompressedInOneWordFetchOnce) {
  prog.c(c_li_(a0, 1)).c(c_addi_(a0, 2));    // word 0
  prog.c(c_addi_(a0, 3)).c(c_addi_(a0, 4));  // word 1
  prog.i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), 10u);
  ASSERT_GE(mem.fetch.log.size(), 3u);
  EXPECT_EQ(mem.fetch.log[0].req.addr, kBase);
  EXPECT_EQ(mem.fetch.log[1].req.addr, kBase + 4);
  EXPECT_EQ(mem.fetch.log[2].req.addr, kBase + 8);
}

TEST_F(RvcTest, TakenJumpWithinWordDropsBuffer) {
  prog.c(c_j(2));        // +0 -> +2, same word, but a redirect
  prog.c(c_li_(a0, 6));  // +2
  prog.i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), 6u);
  ASSERT_GE(mem.fetch.log.size(), 2u);
  EXPECT_EQ(mem.fetch.log[0].req.addr, kBase);
  EXPECT_EQ(mem.fetch.log[1].req.addr, kBase);  // refetched
}

TEST_F(RvcTest, CompressedLoadStoreUseDataPort) {
  prog.c(c_sw(a0, a1, 8)).c(c_lw(a2, a0, 8)).i(ebreak());
  Boot();
  cpu->set_reg(a0, kData);
  cpu->set_reg(a1, 0x5555aaaau);
  RunProgram();
  EXPECT_EQ(cpu->reg(a2), 0x5555aaaau);
  ASSERT_EQ(mem.data.log.size(), 2u);
  EXPECT_EQ(mem.data.log[0].req.kind, AccessKind::kStore);
  EXPECT_EQ(mem.data.log[0].req.addr, kData + 8);
  EXPECT_EQ(mem.data.log[1].req.kind, AccessKind::kLoad);
}

TEST_F(RvcTest, CompressedMisalignedLoadTraps) {
  cfg.cpu_misaligned = 0;
  prog.c(c_lw(a0, a1, 0));
  Boot();
  cpu->set_reg(a1, kData + 2);
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseMisalignedLoad);
  EXPECT_EQ(traps[0].tval, kData + 2);
}

}  // namespace
}  // namespace test
}  // namespace mmcosim
