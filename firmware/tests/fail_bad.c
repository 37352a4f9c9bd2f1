/*
 * fail_bad -- a test that must fail: proves that a failed CHECK is
 * reported ("CHECK failed tests/fail_bad.c:<line>: ...", then
 * "FAIL fail_bad: 1 of 2 checks failed") and ends the run with exit
 * status 1.
 */
#include "test.h"

int main(void) {
  test_begin("fail_bad");
  volatile uint32_t two = 2;
  CHECK_EQ(two, 2);
  CHECK_EQ(two + 1, 4); /* fails on purpose */
  return test_end();
}
