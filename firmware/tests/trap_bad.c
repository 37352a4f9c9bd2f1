/*
 * trap_bad -- a program that must fail: an unexpected trap (ebreak with
 * no catcher armed) is reported as "unexpected trap in M-mode:
 * cause=0x00000003 ..." and ends the run with exit status 4.
 */
#include "test.h"

int main(void) {
  test_begin("trap_bad");
  __asm__ volatile("ebreak");
  return test_end(); /* not reached */
}
