/*
 * spike_pass -- a riscv-tests-style test with a signature: five passing
 * test cases, three of which also store their result into the signature
 * region, then RVTEST_PASS (tohost = 1, exit status 0).
 *
 * Signature (begin_signature .. end_signature, 8 words), as --signature
 * must dump it:
 *   deadbeef 01234567 89abcdef 00000000  (static data)
 *   0000000c fffffffe 00000078 cafef00d  (written by test cases 2..4, 5)
 */
#include "spike_test.h"

RVTEST_CODE_BEGIN
  la s0, results

  TEST_CASE(2, a0, 12, li a1, 5; li a2, 7; add a0, a1, a2; sw a0, 0(s0))
  TEST_CASE(3, a0, -2, li a1, 5; li a2, 7; sub a0, a1, a2; sw a0, 4(s0))
  TEST_CASE(4, a0, 0x78, li a1, 0x12345678; andi a0, a1, 0xff; sw a0, 8(s0))
  TEST_CASE(5, a0, 0xcafef00d, li a0, 0xcafef00d; sw a0, 12(s0); lw a0, 12(s0))
  TEST_CASE(6, a0, 0xffffff80, la a1, byte; lb a0, 0(a1))

  RVTEST_PASS
  RVTEST_FAIL
RVTEST_CODE_END

RVTEST_DATA_BEGIN
  .word 0xdeadbeef, 0x01234567, 0x89abcdef, 0x00000000
results:
  .word 0, 0, 0, 0
RVTEST_DATA_END

  .data
byte:
  .byte 0x80
