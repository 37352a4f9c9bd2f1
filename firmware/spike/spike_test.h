/*
 * spike_test.h -- a minimal riscv-tests-style environment ("p": physical
 * memory, M-mode, no runtime), for the spike_*.S programs.
 *
 *   RVTEST_CODE_BEGIN            _start: mtvec -> fail on any trap
 *   TEST_CASE(n, reg, want, code) run code, fail with n if reg != want
 *   RVTEST_PASS / RVTEST_FAIL    write 1 / (TESTNUM << 1) | 1 to tohost,
 *                                forever, as riscv-tests do
 *   RVTEST_DATA_BEGIN/END        tohost/fromhost and the data section
 *
 * TESTNUM (gp) holds the number of the test case running, as upstream.
 */
#ifndef SPIKE_TEST_H
#define SPIKE_TEST_H

#define TESTNUM gp

#define RVTEST_CODE_BEGIN        \
  .section .text.init;           \
  .globl _start;                 \
_start:                          \
  la t0, trap_vector;            \
  csrw mtvec, t0;                \
  li TESTNUM, 0;                 \
  j 1f;                          \
  .balign 4;                     \
trap_vector:                     \
  j fail;                        \
1:

#define TEST_CASE(n, reg, want, code...) \
test_##n:                                \
  li TESTNUM, n;                         \
  code;                                  \
  li t6, want;                           \
  bne reg, t6, fail;

/* Writes \value to tohost (low word, then high word = 0) forever. */
#define WRITE_TOHOST_FOREVER(value)  \
  li t5, value;                      \
  la t6, tohost;                     \
2:                                   \
  sw t5, 0(t6);                      \
  sw zero, 4(t6);                    \
  j 2b

#define RVTEST_PASS     \
  fence;                \
  WRITE_TOHOST_FOREVER(1)

#define RVTEST_FAIL          \
fail:                        \
  fence;                     \
  slli t5, TESTNUM, 1;       \
  ori t5, t5, 1;             \
  la t6, tohost;             \
3:                           \
  sw t5, 0(t6);              \
  sw zero, 4(t6);            \
  j 3b

#define RVTEST_CODE_END

#define RVTEST_DATA_BEGIN                          \
  .pushsection .tohost, "aw", @progbits;           \
  .balign 64; .globl tohost; tohost: .dword 0;     \
  .balign 64; .globl fromhost; fromhost: .dword 0; \
  .popsection;                                     \
  .data;                                           \
  .balign 16;                                      \
  .globl begin_signature;                          \
begin_signature:

#define RVTEST_DATA_END \
  .balign 16;           \
  .globl end_signature; \
end_signature:

#endif /* SPIKE_TEST_H */
