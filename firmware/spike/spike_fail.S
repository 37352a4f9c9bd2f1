/*
 * spike_fail -- a riscv-tests-style test whose case 5 fails on purpose:
 * tohost = (5 << 1) | 1, so the run must end with exit status 5 (not 3,
 * which the simulator uses for "cycle limit reached").
 */
#include "spike_test.h"

RVTEST_CODE_BEGIN
  TEST_CASE(2, a0, 4, li a0, 2; slli a0, a0, 1)
  TEST_CASE(5, a0, 5, li a0, 2; slli a0, a0, 1)   /* 4 != 5: fails */
  TEST_CASE(6, a0, 0, li a0, 0)

  RVTEST_PASS
  RVTEST_FAIL
RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
