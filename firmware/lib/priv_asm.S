/*
 * priv_asm.S -- the register-level half of priv_call() (priv.h).
 *
 * priv_enter(priv, fn, arg) saves the callee-saved registers, ra and sp,
 * mrets into priv_trampoline at privilege `priv`, and is "returned from"
 * by priv_resume, which the M-mode trap handler makes mret jump to with
 * a0 = fn's result.
 */
#include "csr.h"
#include "priv.h"

#define W 4
#define CTX_WORDS 14 /* ra, sp, s0..s11 */

  .section .text.priv, "ax", @progbits

  .globl priv_enter
priv_enter:
  la t0, priv_ctx
  sw ra, 0*W(t0)
  sw sp, 1*W(t0)
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  sw s\n, (2+\n)*W(t0)
  .endr
  li t0, MSTATUS_MPP          /* MPP = priv, MPIE = 0 */
  csrc mstatus, t0
  li t0, MSTATUS_MPIE
  csrc mstatus, t0
  slli t1, a0, MSTATUS_MPP_SHIFT
  csrs mstatus, t1
  la t0, priv_trampoline
  csrw mepc, t0
  mv a0, a2
  mret

/* Runs in S- or U-mode: a1 = fn, a0 = arg. */
priv_trampoline:
  jalr a1
  tail priv_return

  .globl priv_return
priv_return:
  li a7, PRIV_ECALL_RETURN
  ecall
1:
  j 1b                        /* never resumed */

/* Back in M-mode with a0 = result: restore priv_enter's caller. */
  .globl priv_resume
priv_resume:
  la t0, priv_ctx
  lw ra, 0*W(t0)
  lw sp, 1*W(t0)
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  lw s\n, (2+\n)*W(t0)
  .endr
  ret

  .section .bss.priv_ctx, "aw", @nobits
  .balign 4
priv_ctx:
  .space CTX_WORDS*W
