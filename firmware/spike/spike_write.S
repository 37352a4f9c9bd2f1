/*
 * spike_write -- HTIF syscall proxy from bare assembly: passes a
 * magic_mem block {SYS_write = 64, fd 1, buf, len} to the host through
 * tohost, waits for fromhost, checks that magic_mem[0] (the return value)
 * is len, then passes.  Prints "spike_write: hello via SYS_write" and
 * exits with status 0; a short write fails test 2 (exit status 2).
 */
#include "spike_test.h"

#define SYS_WRITE 64
#define STDOUT 1

RVTEST_CODE_BEGIN
  li TESTNUM, 2
  la t0, magic_mem
  la t1, tohost
  sw t0, 0(t1)              /* tohost = &magic_mem (high word 0) */
  sw zero, 4(t1)
  la t2, fromhost
1:
  lw t3, 0(t2)              /* wait for the host's answer */
  beqz t3, 1b
  sw zero, 0(t2)
  sw zero, 4(t2)
  lw a0, 0(t0)              /* magic_mem[0] = bytes written */
  la t4, msg_end
  la t5, msg
  sub t4, t4, t5            /* msg_len */
  bne a0, t4, fail

  RVTEST_PASS
  RVTEST_FAIL
RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END

  .data
  .balign 64
magic_mem:                  /* uint64_t magic_mem[8] */
  .word SYS_WRITE, 0
  .word STDOUT, 0
  .word msg, 0
  .word msg_len, 0
  .word 0, 0, 0, 0, 0, 0, 0, 0
msg:
  .ascii "spike_write: hello via SYS_write\n"
msg_end:
  .equ msg_len, msg_end - msg
