// rvc_expand(): every RV32C form against its 32-bit equivalent written
// with the test assembler, immediates at their extremes, and every
// reserved / unsupported encoding.
#include <gtest/gtest.h>

#include "rv_asm.h"
#include "rvc.h"
#include "rvc_asm.h"

namespace mmcosim {
namespace {

using namespace rvasm;

TEST(RvcExpand, AllZeroHalfwordIsIllegal) {
  EXPECT_EQ(rvc_expand(0), 0u);
}

TEST(RvcExpand, Addi4spn) {
  EXPECT_EQ(rvc_expand(c_addi4spn(a0, 4)), addi(a0, sp, 4));
  EXPECT_EQ(rvc_expand(c_addi4spn(s0, 1020)), addi(s0, sp, 1020));
  EXPECT_EQ(rvc_expand(c_addi4spn(a5, 0x2a8)), addi(a5, sp, 0x2a8));
  EXPECT_EQ(rvc_expand(c_addi4spn(a0, 0)), 0u);  // nzuimm = 0 reserved
}

TEST(RvcExpand, LwSw) {
  EXPECT_EQ(rvc_expand(c_lw(a0, a1, 0)), lw(a0, a1, 0));
  EXPECT_EQ(rvc_expand(c_lw(s1, a5, 124)), lw(s1, a5, 124));
  EXPECT_EQ(rvc_expand(c_lw(a2, s0, 68)), lw(a2, s0, 68));
  EXPECT_EQ(rvc_expand(c_sw(a1, a0, 124)), sw(a0, a1, 124));
  EXPECT_EQ(rvc_expand(c_sw(s0, a5, 4)), sw(a5, s0, 4));
}

TEST(RvcExpand, NopAddiLi) {
  EXPECT_EQ(rvc_expand(c_nop()), addi(0, 0, 0));
  EXPECT_EQ(rvc_expand(c_addi_(a0, -32)), addi(a0, a0, -32));
  EXPECT_EQ(rvc_expand(c_addi_(t6, 31)), addi(t6, t6, 31));
  EXPECT_EQ(rvc_expand(c_addi_(a0, 0)), addi(a0, a0, 0));  // HINT, legal
  EXPECT_EQ(rvc_expand(c_li_(a3, -1)), addi(a3, 0, -1));
  EXPECT_EQ(rvc_expand(c_li_(0, 5)), addi(0, 0, 5));  // HINT, legal
}

TEST(RvcExpand, JalAndJ) {
  EXPECT_EQ(rvc_expand(c_jal(2046)), jal(ra, 2046));
  EXPECT_EQ(rvc_expand(c_jal(-2048)), jal(ra, -2048));
  EXPECT_EQ(rvc_expand(c_jal(0x2aa)), jal(ra, 0x2aa));
  EXPECT_EQ(rvc_expand(c_j(-2)), jal(0, -2));
  EXPECT_EQ(rvc_expand(c_j(0x554)), jal(0, 0x554));
}

TEST(RvcExpand, Addi16spAndLui) {
  EXPECT_EQ(rvc_expand(c_addi16sp(496)), addi(sp, sp, 496));
  EXPECT_EQ(rvc_expand(c_addi16sp(-512)), addi(sp, sp, -512));
  EXPECT_EQ(rvc_expand(c_addi16sp(0x150)), addi(sp, sp, 0x150));
  EXPECT_EQ(rvc_expand(c_addi16sp(0)), 0u);  // reserved
  EXPECT_EQ(rvc_expand(c_lui(a0, 1)), lui(a0, 0x1000));
  EXPECT_EQ(rvc_expand(c_lui(a0, -1)), lui(a0, 0xfffff000u));
  EXPECT_EQ(rvc_expand(c_lui(t0, 31)), lui(t0, 0x1f000));
  EXPECT_EQ(rvc_expand(c_lui(a0, 0)), 0u);  // reserved
}

TEST(RvcExpand, ShiftsAndAndi) {
  EXPECT_EQ(rvc_expand(c_srli(a0, 31)), srli(a0, a0, 31));
  EXPECT_EQ(rvc_expand(c_srai(s1, 1)), srai(s1, s1, 1));
  EXPECT_EQ(rvc_expand(c_slli(t3, 17)), slli(t3, t3, 17));
  EXPECT_EQ(rvc_expand(c_andi(a4, -32)), andi(a4, a4, -32));
  EXPECT_EQ(rvc_expand(c_andi(a4, 15)), andi(a4, a4, 15));
  // shamt[5] = 1 is reserved on RV32
  EXPECT_EQ(rvc_expand(c_srli(a0, 32)), 0u);
  EXPECT_EQ(rvc_expand(c_srai(a0, 33)), 0u);
  EXPECT_EQ(rvc_expand(c_slli(a0, 63)), 0u);
}

TEST(RvcExpand, RegisterArithmetic) {
  EXPECT_EQ(rvc_expand(c_sub(s0, a5)), sub(s0, s0, a5));
  EXPECT_EQ(rvc_expand(c_xor(a1, a2)), xor_(a1, a1, a2));
  EXPECT_EQ(rvc_expand(c_or(a3, s1)), or_(a3, a3, s1));
  EXPECT_EQ(rvc_expand(c_and(a5, s0)), and_(a5, a5, s0));
  EXPECT_EQ(rvc_expand(c_mv_(t6, a0)), add(t6, 0, a0));
  EXPECT_EQ(rvc_expand(c_add_(sp, t0)), add(sp, sp, t0));
}

TEST(RvcExpand, RV64OnlyArithmeticIsIllegal) {
  // c.subw / c.addw and the two reserved slots: bit 12 set in 100_1_11.
  for (unsigned f2 = 0; f2 < 4; ++f2) {
    EXPECT_EQ(rvc_expand(static_cast<uint16_t>(c_arith(f2, a0, a1) | 0x1000)),
              0u);
  }
}

TEST(RvcExpand, Branches) {
  EXPECT_EQ(rvc_expand(c_beqz(a0, 254)), beq(a0, 0, 254));
  EXPECT_EQ(rvc_expand(c_beqz(s1, -256)), beq(s1, 0, -256));
  EXPECT_EQ(rvc_expand(c_bnez(a5, 0xaa)), bne(a5, 0, 0xaa));
  EXPECT_EQ(rvc_expand(c_bnez(s0, -2)), bne(s0, 0, -2));
}

TEST(RvcExpand, StackPointerLoadsStores) {
  EXPECT_EQ(rvc_expand(c_lwsp(ra, 252)), lw(ra, sp, 252));
  EXPECT_EQ(rvc_expand(c_lwsp(t6, 0xa4)), lw(t6, sp, 0xa4));
  EXPECT_EQ(rvc_expand(c_lwsp(0, 4)), 0u);  // rd = x0 reserved
  EXPECT_EQ(rvc_expand(c_swsp(ra, 252)), sw(ra, sp, 252));
  EXPECT_EQ(rvc_expand(c_swsp(0, 0x54)), sw(0, sp, 0x54));
}

TEST(RvcExpand, JumpRegisterForms) {
  EXPECT_EQ(rvc_expand(c_jr(ra)), jalr(0, ra, 0));
  EXPECT_EQ(rvc_expand(c_jalr(t0)), jalr(ra, t0, 0));
  EXPECT_EQ(rvc_expand(c_jr(0)), 0u);  // reserved
  EXPECT_EQ(rvc_expand(c_ebreak_()), ebreak());
  EXPECT_EQ(c_ebreak_(), c_ebreak());
}

TEST(RvcExpand, HintsAreLegal) {
  EXPECT_EQ(rvc_expand(c_mv_(0, a0)), add(0, 0, a0));
  EXPECT_EQ(rvc_expand(c_add_(0, a0)), add(0, 0, a0));
  EXPECT_EQ(rvc_expand(c_slli(0, 3)), slli(0, 0, 3));
  EXPECT_EQ(rvc_expand(c_lui(0, 1)), lui(0, 0x1000));
  EXPECT_EQ(rvc_expand(c_srli(a0, 0)), srli(a0, a0, 0));
}

TEST(RvcExpand, FloatingPointFormsAreIllegal) {
  // c.fld / c.flw / c.fsd / c.fsw (quadrant 0), c.fldsp / c.flwsp /
  // c.fsdsp / c.fswsp (quadrant 2), and the reserved quadrant-0 slot 100.
  for (unsigned f3 : {1u, 3u, 4u, 5u, 7u}) {
    EXPECT_EQ(rvc_expand(static_cast<uint16_t>((f3 << 13) | 0x0444)), 0u) << f3;
  }
  for (unsigned f3 : {1u, 3u, 5u, 7u}) {
    EXPECT_EQ(rvc_expand(static_cast<uint16_t>((f3 << 13) | 0x0446)), 0u) << f3;
  }
}

TEST(RvcExpand, Not32BitQuadrant) {
  EXPECT_EQ(rvc_expand(0x0003), 0u);
  EXPECT_EQ(rvc_expand(0xffff), 0u);
}

// Every halfword either expands to a 32-bit instruction (bits[1:0] = 11)
// or to 0; the expansion never produces a compressed-looking value.
TEST(RvcExpand, ExhaustiveShape) {
  unsigned legal = 0;
  for (uint32_t c = 0; c < 0x10000; ++c) {
    if ((c & 3) == 3) continue;
    const uint32_t x = rvc_expand(static_cast<uint16_t>(c));
    if (x == 0) continue;
    ++legal;
    EXPECT_EQ(x & 3, 3u) << std::hex << c;
  }
  // Legal RV32C (no F/D) halfwords, counted from the encoding tables:
  // Q0 2040+2048+2048, Q1 3*2048 + 2016 (addi16sp/lui) + 1280 (misc-alu)
  // + 3*2048, Q2 1024 (slli) + 1984 (lwsp) + 2047 (jr/mv/ebreak/jalr/add)
  // + 2048 (swsp).
  EXPECT_EQ(legal, 28823u);
}

}  // namespace
}  // namespace mmcosim
