/*
 * isa_branch -- RV32I conditional branches (taken and not taken, signed
 * and unsigned edges, backward) and jumps (jal/jalr link values, jalr
 * offset and bit-0 clearing).  Prints "PASS isa_branch".
 */
#include "isa.h"
#include "test.h"

#define MIN 0x80000000u
#define NEG1 0xffffffffu

static void test_branches(void) {
  CHECK_EQ(BR("beq", 7, 7), 1);
  CHECK_EQ(BR("beq", 7, 8), 0);
  CHECK_EQ(BR("bne", 7, 8), 1);
  CHECK_EQ(BR("bne", NEG1, NEG1), 0);
  CHECK_EQ(BR("blt", NEG1, 0), 1);
  CHECK_EQ(BR("blt", 0, NEG1), 0);
  CHECK_EQ(BR("blt", MIN, 0x7fffffff), 1);
  CHECK_EQ(BR("blt", 5, 5), 0);
  CHECK_EQ(BR("bge", 5, 5), 1);
  CHECK_EQ(BR("bge", 0, NEG1), 1);
  CHECK_EQ(BR("bge", MIN, 0), 0);
  CHECK_EQ(BR("bltu", 0, NEG1), 1);
  CHECK_EQ(BR("bltu", NEG1, 0), 0);
  CHECK_EQ(BR("bltu", 5, 5), 0);
  CHECK_EQ(BR("bgeu", NEG1, 0), 1);
  CHECK_EQ(BR("bgeu", 5, 5), 1);
  CHECK_EQ(BR("bgeu", 0, MIN), 0);
}

/* Counts down from n with a backward bne; returns the iterations. */
static uint32_t backward_loop(uint32_t n) {
  uint32_t iters;
  __asm__ volatile(
      "li %0, 0\n"
      "1: addi %0, %0, 1\n"
      "addi %1, %1, -1\n"
      "bne %1, zero, 1b"
      : "=&r"(iters), "+r"(n));
  return iters;
}

static void test_jal(void) {
  uint32_t link, after, skipped = 0;
  __asm__ volatile(
      ".option push\n.option norvc\n"
      "jal %0, 1f\n"
      "2: li %2, 1\n"       /* jumped over */
      "1: la %1, 2b\n"
      ".option pop"
      : "=&r"(link), "=&r"(after), "+r"(skipped));
  CHECK_EQ(link, after); /* rd = pc + 4 of the jal */
  CHECK_EQ(skipped, 0);

  skipped = 0;
  __asm__ volatile("jal zero, 1f\n li %0, 1\n1:" : "+r"(skipped));
  CHECK_EQ(skipped, 0);
}

static void test_jalr(void) {
  uint32_t link, ret_addr, reached;
  /* jalr adds the offset and clears bit 0 of the sum */
  __asm__ volatile(
      ".option push\n.option norvc\n"
      "la t0, 1f\n"
      "addi t0, t0, 3\n"
      "li %2, 0\n"
      "jalr %0, -2(t0)\n"   /* (label + 3 - 2) & ~1 = label */
      "3: li %2, 99\n"      /* skipped */
      "1: li %2, 1\n"
      "la %1, 3b\n"
      ".option pop"
      : "=&r"(link), "=&r"(ret_addr), "=&r"(reached) : : "t0");
  CHECK_EQ(reached, 1);
  CHECK_EQ(link, ret_addr);

  /* rd == rs1: the target uses the old rs1 value */
  uint32_t r = 0;
  __asm__ volatile(
      ".option push\n.option norvc\n"
      "la t1, 1f\n"
      "jalr t1, 0(t1)\n"
      "2: li %0, 99\n"
      "1: la t2, 2b\n"
      "sub %0, t1, t2\n"
      ".option pop"
      : "=&r"(r) : : "t1", "t2");
  CHECK_EQ(r, 0);
}

int main(void) {
  test_begin("isa_branch");
  test_branches();
  CHECK_EQ(backward_loop(10), 10);
  CHECK_EQ(backward_loop(1), 1);
  test_jal();
  test_jalr();
  return test_end();
}
