// RV32I integer computation, branches and jumps.
#include "cpu_test_util.h"

namespace mmcosim {
namespace test {
namespace {

using namespace rvasm;

class AluTest : public CpuTest {};

TEST_F(AluTest, AddSubWrapAround) {
  EXPECT_EQ(RunOne(add(a0, a1, a2), 0xffffffffu, 2), 1u);
  EXPECT_EQ(RunOne(sub(a0, a1, a2), 1, 2), 0xffffffffu);
  EXPECT_EQ(RunOne(sub(a0, a1, a2), 0x80000000u, 1), 0x7fffffffu);
}

TEST_F(AluTest, Logic) {
  EXPECT_EQ(RunOne(xor_(a0, a1, a2), 0xff00ff00u, 0x0ff00ff0u), 0xf0f0f0f0u);
  EXPECT_EQ(RunOne(or_(a0, a1, a2), 0xff00ff00u, 0x0ff00ff0u), 0xfff0fff0u);
  EXPECT_EQ(RunOne(and_(a0, a1, a2), 0xff00ff00u, 0x0ff00ff0u), 0x0f000f00u);
}

TEST_F(AluTest, SetLessThanSignedAndUnsigned) {
  EXPECT_EQ(RunOne(slt(a0, a1, a2), 0xffffffffu, 1), 1u);   // -1 < 1
  EXPECT_EQ(RunOne(sltu(a0, a1, a2), 0xffffffffu, 1), 0u);  // big > 1
  EXPECT_EQ(RunOne(slt(a0, a1, a2), 5, 5), 0u);
  EXPECT_EQ(RunOne(sltu(a0, a1, a2), 4, 5), 1u);
}

TEST_F(AluTest, RegisterShiftsMaskShamtToFiveBits) {
  EXPECT_EQ(RunOne(sll(a0, a1, a2), 1, 33), 2u);
  EXPECT_EQ(RunOne(srl(a0, a1, a2), 0x80000000u, 0xffffffe1u), 0x40000000u);
  EXPECT_EQ(RunOne(sra(a0, a1, a2), 0x80000000u, 63), 0xffffffffu);
  EXPECT_EQ(RunOne(sra(a0, a1, a2), 0x40000000u, 30), 1u);
  EXPECT_EQ(RunOne(sll(a0, a1, a2), 0x12345678u, 32), 0x12345678u);
}

TEST_F(AluTest, ImmediateArithmetic) {
  EXPECT_EQ(RunOne(addi(a0, a1, -1), 0), 0xffffffffu);
  EXPECT_EQ(RunOne(addi(a0, a1, 2047), 1), 2048u);
  EXPECT_EQ(RunOne(addi(a0, a1, -2048), 0), 0xfffff800u);
  EXPECT_EQ(RunOne(slti(a0, a1, -1), 0xfffffffeu), 1u);
  EXPECT_EQ(RunOne(sltiu(a0, a1, -1), 5),
            1u);  // imm sign-extended, compared unsigned
  EXPECT_EQ(RunOne(sltiu(a0, a1, 1), 0), 1u);  // seqz
  EXPECT_EQ(RunOne(xori(a0, a1, -1), 0x0f0f0f0fu), 0xf0f0f0f0u);
  EXPECT_EQ(RunOne(ori(a0, a1, 0x0f0), 0x100), 0x1f0u);
  EXPECT_EQ(RunOne(andi(a0, a1, -16), 0xffffffffu), 0xfffffff0u);
}

TEST_F(AluTest, ImmediateShifts) {
  EXPECT_EQ(RunOne(slli(a0, a1, 31), 3), 0x80000000u);
  EXPECT_EQ(RunOne(srli(a0, a1, 4), 0xf0000000u), 0x0f000000u);
  EXPECT_EQ(RunOne(srai(a0, a1, 4), 0xf0000000u), 0xff000000u);
  EXPECT_EQ(RunOne(srai(a0, a1, 0), 0x80000001u), 0x80000001u);
}

TEST_F(AluTest, LuiAndAuipc) {
  EXPECT_EQ(RunOne(lui(a0, 0xfedcb000u), 0), 0xfedcb000u);
  EXPECT_EQ(RunOne(auipc(a0, 0x1000), 0), kBase + 0x1000);
  EXPECT_EQ(RunOne(auipc(a0, 0x80000000u), 0), kBase + 0x80000000u);
}

TEST_F(AluTest, WritesToX0AreIgnored) {
  prog.i(addi(zero, zero, 5)).i(lui(zero, 0x12345000)).i(add(a0, zero, zero));
  prog.i(jal(zero, 4)).i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(0), 0u);
  EXPECT_EQ(cpu->reg(a0), 0u);
  cpu->set_reg(0, 7);
  EXPECT_EQ(cpu->reg(0), 0u);
}

TEST_F(AluTest, ShiftImmediateWithBadFunct7IsIllegal) {
  const uint32_t bad_slli = slli(a0, a1, 1) | (1u << 30);
  const uint32_t bad_srli = srli(a0, a1, 1) | (1u << 26);
  for (uint32_t insn : {bad_slli, bad_srli}) {
    rvasm::Program p(kBase);
    p.i(insn);
    Boot(p);
    ASSERT_TRUE(RunUntilTrap());
    EXPECT_EQ(traps[0].cause, rv::kCauseIllegal);
    EXPECT_EQ(traps[0].tval, insn);
  }
}

TEST_F(AluTest, OpWithUnknownFunct7IsIllegal) {
  const uint32_t insn = r_type(0x40, a2, a1, 0, a0, rv::kOp);
  prog.i(insn);
  Boot();
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseIllegal);
  EXPECT_EQ(traps[0].tval, insn);
  EXPECT_EQ(traps[0].epc, kBase);
}

// ---- branches ---------------------------------------------------------------

struct BranchCase {
  uint32_t (*enc)(unsigned, unsigned, int32_t);
  uint32_t a, b;
  bool taken;
};

TEST_F(AluTest, AllBranchConditions) {
  const BranchCase cases[] = {
      {beq, 5, 5, true},
      {beq, 5, 6, false},
      {bne, 5, 6, true},
      {bne, 5, 5, false},
      {blt, 0xffffffffu, 0, true},
      {blt, 0, 0xffffffffu, false},
      {bge, 0, 0xffffffffu, true},
      {bge, 3, 3, true},
      {bge, 0xffffffffu, 0, false},
      {bltu, 0, 0xffffffffu, true},
      {bltu, 0xffffffffu, 0, false},
      {bgeu, 0xffffffffu, 0, true},
      {bgeu, 0, 1, false},
  };
  for (const auto& c : cases) {
    rvasm::Program p(kBase);
    p.i(c.enc(a1, a2, 12));  // +0
    p.i(addi(a0, zero, 1));  // +4 fall-through
    p.i(ebreak());           // +8
    p.i(addi(a0, zero, 2));  // +12 target
    p.i(ebreak());
    Boot(p);
    cpu->set_reg(a1, c.a);
    cpu->set_reg(a2, c.b);
    RunProgram();
    EXPECT_EQ(cpu->reg(a0), c.taken ? 2u : 1u) << c.a << " vs " << c.b;
  }
}

TEST_F(AluTest, BackwardBranchLoop) {
  prog.i(addi(a0, zero, 0)).i(addi(a1, zero, 10));
  prog.i(addi(a0, a0, 3));  // loop:
  prog.i(addi(a1, a1, -1));
  prog.i(bne(a1, zero, -8));
  prog.i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), 30u);
  EXPECT_EQ(stats[Stat::kCpuBranches], 10u);
  EXPECT_EQ(stats[Stat::kCpuBranchesTaken], 9u);
}

TEST_F(AluTest, BranchWithReservedFunct3IsIllegal) {
  const uint32_t insn = b_type(8, a2, a1, 2);
  prog.i(insn);
  Boot();
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseIllegal);
  EXPECT_EQ(stats[Stat::kCpuBranches], 0u);
}

// ---- jumps
// --------------------------------------------------------------------

TEST_F(AluTest, JalLinksAndJumps) {
  prog.i(jal(ra, 12));        // +0
  prog.i(addi(a0, zero, 1));  // +4 skipped
  prog.i(ebreak());           // +8
  prog.i(addi(a0, zero, 2));  // +12
  prog.i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(ra), kBase + 4);
  EXPECT_EQ(cpu->reg(a0), 2u);
}

TEST_F(AluTest, JalBackwards) {
  prog.i(jal(zero, 12));      // +0 -> +12
  prog.i(addi(a0, zero, 7));  // +4
  prog.i(ebreak());           // +8
  prog.i(jal(ra, -8));        // +12 -> +4
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), 7u);
  EXPECT_EQ(cpu->reg(ra), kBase + 16);
}

TEST_F(AluTest, JalrClearsBitZeroAndUsesOldRs1) {
  prog.i(jalr(a1, a1, 9));    // target = (a1 + 9) & ~1, rd == rs1
  prog.i(ebreak());           // +4
  prog.i(ebreak());           // +8
  prog.i(addi(a0, zero, 3));  // +12
  prog.i(ebreak());
  Boot();
  cpu->set_reg(a1, kBase + 4);  // +4 + 9 = +13 -> +12
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), 3u);
  EXPECT_EQ(cpu->reg(a1), kBase + 4);  // link = pc + 4
}

TEST_F(AluTest, JalrWithNonZeroFunct3IsIllegal) {
  const uint32_t insn = i_type(0, a1, 1, a0, rv::kOpJalr);
  prog.i(insn);
  Boot();
  ASSERT_TRUE(RunUntilTrap());
  EXPECT_EQ(traps[0].cause, rv::kCauseIllegal);
  EXPECT_EQ(traps[0].tval, insn);
}

TEST_F(AluTest, JumpToHalfwordAlignedTargetIsFine) {
  prog.i(jal(zero, 6));  // to +6 (upper half of word 1)
  prog.c(c_nop());       // +4
  prog.c(c_li(a0, 9));   // +6
  prog.c(c_ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), 9u);
}

TEST_F(AluTest, FenceIsANop) {
  prog.i(addi(a0, zero, 1)).i(fence()).i(addi(a0, a0, 1)).i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->reg(a0), 2u);
  EXPECT_EQ(cpu->instret(), 3u);
  EXPECT_TRUE(mem.data.log.empty());
}

TEST_F(AluTest, UnknownOpcodeIsIllegal) {
  for (uint32_t insn : {0x0000000bu, 0x0000007fu, 0x00000057u, 0xffffffffu}) {
    rvasm::Program p(kBase);
    p.i(insn);
    Boot(p);
    ASSERT_TRUE(RunUntilTrap());
    EXPECT_EQ(traps[0].cause, rv::kCauseIllegal);
    EXPECT_EQ(traps[0].tval, insn);
  }
}

TEST_F(AluTest, InstretCountsRetiredOnly) {
  prog.i(nop()).i(nop()).i(nop()).i(ebreak());
  Boot();
  RunProgram();
  EXPECT_EQ(cpu->instret(), 3u);
  EXPECT_EQ(stats[Stat::kCpuInstret], 3u);
  EXPECT_EQ(stats[Stat::kCpuExceptions], 1u);
  ASSERT_EQ(retired.size(), 3u);
  EXPECT_EQ(retired[2].pc, kBase + 8);
  EXPECT_EQ(retired[2].insn, nop());
}

}  // namespace
}  // namespace test
}  // namespace mmcosim
