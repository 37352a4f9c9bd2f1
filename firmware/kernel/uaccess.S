/*
 * uaccess.S -- copies between kernel and user memory (RISC-V Linux
 * arch/riscv/lib/uaccess.S in spirit).  sstatus.SUM is set only around
 * the copy.  Every user load and store has an __ex_table entry: when it
 * faults and handle_mm_fault cannot make the page present, do_page_fault
 * resumes at the fixup, which clears SUM and returns what was left.
 *
 *   unsigned long __asm_copy_user(void *dst, const void *src, unsigned long n)
 *     returns the number of bytes NOT copied (0 = all)
 *   long __asm_strncpy_user(char *dst, const char *src, long n)
 *     copies up to n bytes and the NUL; returns the length without the
 *     NUL, n when no NUL came within n bytes, -1 on a fault
 */
#include "csr.h"

/* One user access at label \l with its exception-table entry. */
.macro EX insn, reg, mem, fixup
99:
  \insn \reg, \mem
  .pushsection __ex_table, "a"
  .balign 4
  .word 99b, \fixup
  .popsection
.endm

  .section .text.uaccess, "ax", @progbits
  .globl __asm_copy_user
__asm_copy_user:
  li t1, MSTATUS_SUM
  csrs sstatus, t1
  or t2, a0, a1
  andi t2, t2, 3
  bnez t2, 2f                           /* unaligned: bytes only */
1:
  li t2, 4
  bltu a2, t2, 2f
  EX lw, t0, 0(a1), 3f
  EX sw, t0, 0(a0), 3f
  addi a0, a0, 4
  addi a1, a1, 4
  addi a2, a2, -4
  j 1b
2:
  beqz a2, 3f
  EX lbu, t0, 0(a1), 3f
  EX sb, t0, 0(a0), 3f
  addi a0, a0, 1
  addi a1, a1, 1
  addi a2, a2, -1
  j 2b
3:                                      /* done, or the fixup of a fault */
  csrc sstatus, t1
  mv a0, a2
  ret

  .globl __asm_strncpy_user
__asm_strncpy_user:
  li t1, MSTATUS_SUM
  csrs sstatus, t1
  mv t2, a2
1:
  beqz t2, 2f
  EX lbu, t0, 0(a1), 3f
  sb t0, 0(a0)
  beqz t0, 2f
  addi a0, a0, 1
  addi a1, a1, 1
  addi t2, t2, -1
  j 1b
2:
  csrc sstatus, t1
  sub a0, a2, t2                        /* bytes before the NUL (n if none) */
  ret
3:
  csrc sstatus, t1
  li a0, -1
  ret
