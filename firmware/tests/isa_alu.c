/*
 * isa_alu -- RV32I register and immediate arithmetic, logic, compares,
 * shifts, lui and auipc, on edge values.  Prints "PASS isa_alu".
 */
#include "isa.h"
#include "test.h"

#define MIN 0x80000000u /* INT32_MIN as a bit pattern */
#define NEG1 0xffffffffu

static void test_reg_reg(void) {
  CHECK_EQ(RR("add", 5, 7), 12);
  CHECK_EQ(RR("add", NEG1, 1), 0);
  CHECK_EQ(RR("add", 0x7fffffff, 1), MIN);
  CHECK_EQ(RR("sub", 5, 7), 0xfffffffe);
  CHECK_EQ(RR("sub", MIN, 1), 0x7fffffff);
  CHECK_EQ(RR("and", 0xff00ff00, 0x0ff00ff0), 0x0f000f00);
  CHECK_EQ(RR("or", 0xff00ff00, 0x0ff00ff0), 0xfff0fff0);
  CHECK_EQ(RR("xor", 0xff00ff00, 0x0ff00ff0), 0xf0f0f0f0);
  CHECK_EQ(RR("slt", NEG1, 0), 1);
  CHECK_EQ(RR("slt", 0, NEG1), 0);
  CHECK_EQ(RR("slt", MIN, 0x7fffffff), 1);
  CHECK_EQ(RR("slt", 3, 3), 0);
  CHECK_EQ(RR("sltu", NEG1, 0), 0);
  CHECK_EQ(RR("sltu", 0, NEG1), 1);
  CHECK_EQ(RR("sltu", 3, 3), 0);
}

static void test_shifts(void) {
  CHECK_EQ(RR("sll", 1, 31), MIN);
  CHECK_EQ(RR("sll", 1, 32), 1); /* only rs2[4:0] counts */
  CHECK_EQ(RR("sll", 0x12345678, 36), 0x23456780);
  CHECK_EQ(RR("srl", MIN, 31), 1);
  CHECK_EQ(RR("srl", 0xf0000000, 4), 0x0f000000);
  CHECK_EQ(RR("srl", 0xf0000000, 0x24), 0x0f000000);
  CHECK_EQ(RR("sra", 0xf0000000, 4), 0xff000000);
  CHECK_EQ(RR("sra", MIN, 31), NEG1);
  CHECK_EQ(RR("sra", 0x70000000, 4), 0x07000000);
  CHECK_EQ(RI("slli", 0x12345678, 4), 0x23456780);
  CHECK_EQ(RI("slli", 1, 31), MIN);
  CHECK_EQ(RI("srli", 0x80000001, 1), 0x40000000);
  CHECK_EQ(RI("srai", 0x80000001, 1), 0xc0000000);
  CHECK_EQ(RI("srai", 0x40000001, 30), 1);
  CHECK_EQ(RI("srli", NEG1, 0), NEG1);
}

static void test_immediates(void) {
  CHECK_EQ(RI("addi", 10, -1), 9);
  CHECK_EQ(RI("addi", 0, -2048), 0xfffff800);
  CHECK_EQ(RI("addi", 0, 2047), 0x7ff);
  CHECK_EQ(RI("addi", 0x7fffffff, 1), MIN);
  CHECK_EQ(RI("andi", 0xffffffff, -16), 0xfffffff0); /* sign-extended imm */
  CHECK_EQ(RI("andi", 0x12345678, 0xff), 0x78);
  CHECK_EQ(RI("ori", 0x12340000, -2048), 0xfffff800);
  CHECK_EQ(RI("ori", 0x12340000, 0x5a5), 0x123405a5);
  CHECK_EQ(RI("xori", 0x0000ffff, -1), 0xffff0000); /* xori -1 = not */
  CHECK_EQ(RI("slti", NEG1, 0), 1);
  CHECK_EQ(RI("slti", 0, -1), 0);
  CHECK_EQ(RI("sltiu", 0, -1), 1);    /* imm -1 compares as 0xffffffff */
  CHECK_EQ(RI("sltiu", NEG1, -1), 0);
  CHECK_EQ(RI("sltiu", 5, 6), 1);
}

static void test_upper(void) {
  CHECK_EQ(UI("lui", 0x12345), 0x12345000);
  CHECK_EQ(UI("lui", 0xfffff), 0xfffff000);
  uint32_t here, got;
  __asm__ volatile("1: auipc %0, 0x1\n\tla %1, 1b" : "=r"(got), "=r"(here));
  CHECK_EQ(got, here + 0x1000);
  __asm__ volatile("1: auipc %0, 0xfffff\n\tla %1, 1b" : "=r"(got), "=r"(here));
  CHECK_EQ(got, here - 0x1000);
  uint32_t zero;
  __asm__ volatile("li t0, 123\n\tadd x0, t0, t0\n\tmv %0, x0" : "=r"(zero) : : "t0");
  CHECK_EQ(zero, 0); /* writes to x0 are discarded */
}

int main(void) {
  test_begin("isa_alu");
  test_reg_reg();
  test_shifts();
  test_immediates();
  test_upper();
  return test_end();
}
