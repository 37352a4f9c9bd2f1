/*
 * fencei_smc -- self-modifying code: the program writes a small function
 * (addi a0, x0, k; ret) into a data buffer with ordinary stores, executes
 * FENCE.I and calls it, for many k, so that every call after the first
 * finds the old code in the instruction cache (when the machine has one)
 * and the new code only in the data cache.  FENCE.I must make the stores
 * visible to instruction fetch (RISC-V unprivileged spec, Zifencei).
 * A second buffer spanning two cache lines checks a longer function.
 * Prints "PASS fencei_smc".
 */
#include <stdint.h>

#include "test.h"

#define OP_ADDI_A0_X0 0x00000513u /* addi a0, x0, imm */
#define OP_ADDI_A0_A0 0x00050513u /* addi a0, a0, imm */
#define OP_RET 0x00008067u        /* jalr x0, 0(ra) */
#define I_IMM(v) ((uint32_t)(v) << 20)

/* Code buffers: in .data, which the machine's M mode may execute. */
static volatile uint32_t code[2] __attribute__((aligned(64)));
static volatile uint32_t chain[24] __attribute__((aligned(64)));

static inline void fence_i(void) { __asm__ volatile("fence.i" ::: "memory"); }

static int call(volatile uint32_t *fn) { return ((int (*)(void))(uintptr_t)fn)(); }

/* code: return k, rewritten and called for k = 1 .. 200. */
static void test_rewrite(void) {
  code[1] = OP_RET;
  for (int k = 1; k <= 200; ++k) {
    code[0] = OP_ADDI_A0_X0 | I_IMM(k);
    fence_i();
    CHECK_EQ(call(code), k);
  }
}

/* chain: a0 = 0, then n increments of 1 .. n, then ret; 23 words cross
 * two 32-byte lines.  Rewrite only the middle and the end. */
static void test_chain(void) {
  int want = 0;
  chain[0] = OP_ADDI_A0_X0;
  for (int i = 1; i < 23; ++i) {
    chain[i] = OP_ADDI_A0_A0 | I_IMM(i);
    want += i;
  }
  chain[23] = OP_RET;
  fence_i();
  CHECK_EQ(call(chain), want);
  chain[12] = OP_ADDI_A0_A0 | I_IMM(100); /* was +12 */
  chain[22] = OP_RET;                     /* drop the +22 */
  fence_i();
  CHECK_EQ(call(chain), want - 12 + 100 - 22);
}

int main(void) {
  test_begin("fencei_smc");
  test_rewrite();
  test_chain();
  return test_end();
}
