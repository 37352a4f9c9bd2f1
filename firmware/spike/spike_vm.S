/*
 * spike_vm -- a riscv-tests "-v" style program (spike_vm_env.h): the
 * test body runs in U-mode with Sv32 on and no page mapped at first; the
 * S-mode kernel maps every page on demand.  The body reads and writes the
 * image's data (pages copied in), writes a word in each of NPAGES
 * zero-filled pages and reads them all back (other words still 0), calls
 * code on a page of its own, and asks the kernel how many faults it
 * served: exactly one per new page.  Passes with tohost = 1 (exit
 * status 0).  spike_vm_fail is the same program with a wrong expectation
 * in test case 7 (exit status 7).
 */
#include "spike_vm_env.h"

#ifndef SPIKE_VM_BROKEN_CASE
#define SPIKE_VM_BROKEN_CASE 0
#endif

#define NPAGES    200          /* zero-window pages touched */
#define HASH      0x9e3779b1   /* value of page i = i * HASH + 1 */
#define SPREAD    52           /* word offset in page i = (i * SPREAD) mod PGSIZE */
#define BROKEN_PAGE 37

/* t0 = address of page i's word (i in s0), t1 = its value; uses t2, t3. */
#define PAGE_WORD                 \
  li t0, ZERO_VA;                 \
  slli t2, s0, PGSHIFT;           \
  add t0, t0, t2;                 \
  li t2, SPREAD;                  \
  mul t2, s0, t2;                 \
  li t3, PGSIZE - 4;              \
  and t2, t2, t3;                 \
  add t0, t0, t2;                 \
  li t1, HASH;                    \
  mul t1, s0, t1;                 \
  addi t1, t1, 1

RVTEST_VM_CODE_BEGIN
  /* the body's code all sits on this first page; far_code on its own */

  /* 2: a word of .data, copied in by a load fault */
  TEST_CASE(2, a0, 0x5eed1234, la t0, seed_word; lw a0, 0(t0))

  /* 3: a store into the process's copy of .data */
  TEST_CASE(3, a0, 0x77, la t0, scratch_word; li t1, 0x77; sw t1, 0(t0); lw a0, 0(t0))

  /* 4: one word in each of NPAGES new pages: exactly NPAGES faults */
  li TESTNUM, 4
  SYSCALL_FAULTS
  mv s1, a0
  li s0, 0
1:
  PAGE_WORD
  sw t1, 0(t0)
  addi s0, s0, 1
  li t2, NPAGES
  bltu s0, t2, 1b
  SYSCALL_FAULTS
  sub a0, a0, s1
  li t2, NPAGES
  bne a0, t2, fail

  /* 5: read every word back; the word after it is still zero */
  li TESTNUM, 5
  SYSCALL_FAULTS
  mv s1, a0
  li s0, 0
2:
  PAGE_WORD
  lw t2, 0(t0)
  bne t2, t1, fail
  lw t2, 4(t0)
  bnez t2, fail
  addi s0, s0, 1
  li t2, NPAGES
  bltu s0, t2, 2b

  /* 6: and that pass faulted no more */
  li TESTNUM, 6
  SYSCALL_FAULTS
  bne a0, s1, fail

#if SPIKE_VM_BROKEN_CASE
  /* 7: a wrong expectation on purpose (spike_vm_fail) */
  li TESTNUM, 7
  li s0, BROKEN_PAGE
  PAGE_WORD
  lw t2, 0(t0)
  addi t1, t1, 1
  bne t2, t1, fail
#endif

  /* 8: code on a page of its own, faulted in by a fetch */
  li TESTNUM, 8
  SYSCALL_FAULTS
  mv s1, a0
  jal far_code
  li t2, 0x55
  bne a0, t2, fail
  SYSCALL_FAULTS
  sub a0, a0, s1
  li t2, 1
  bne a0, t2, fail

  RVTEST_VM_PASS
  RVTEST_VM_FAIL

  .balign PGSIZE
far_code:
  li a0, 0x55
  ret
RVTEST_VM_CODE_END

RVTEST_VM_DATA_BEGIN
seed_word:
  .word 0x5eed1234
scratch_word:
  .word 0
RVTEST_VM_DATA_END
