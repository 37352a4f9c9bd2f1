/*
 * trap_entry.S -- trap entry and exit for M-mode and S-mode.
 *
 * Every entry pushes a struct trap_frame (trap.h) on the interrupted
 * stack, saves x1..x31, epc, status, cause, tval, the vector number and
 * the handling mode,
 * reloads gp, and calls <m|s>_trap_dispatch(frame).  On return it writes
 * epc and status back from the frame, restores x1..x31 (sp last, from the
 * frame) and executes mret / sret.
 *
 *   sp on entry ─┐
 *                ▼  +TF_SIZE
 *   ┌───────────┬────────┬──────┬──────┬─────┬──────┬──────┬─────┐
 *   │ x0 … x31  │ epc    │status│cause │tval │vector│ mode │ pad │
 *   └───────────┴────────┴──────┴──────┴─────┴──────┴──────┴─────┘
 *   ▲ sp in the handler = a0 = struct trap_frame *
 */
#include "csr.h"
#include "trap.h"

#define W 4  /* bytes per saved register */

/* Saves x1, x3, x4, x6..x31 and the original sp; t0 (x5) holds the
 * vector number and was saved by the caller of this macro. */
.macro SAVE_REGS
  sw x1, 1*W(sp)
  sw x3, 3*W(sp)
  sw x4, 4*W(sp)
  .irp n, 6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  sw x\n, \n*W(sp)
  .endr
  sw t0, TF_VECTOR*W(sp)
  sw zero, 0(sp)
  addi t0, sp, TF_SIZE
  sw t0, 2*W(sp)
.endm

/* Restores x1 and x3..x31 from the frame, then sp from its slot. */
.macro RESTORE_REGS
  lw x1, 1*W(sp)
  .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  lw x\n, \n*W(sp)
  .endr
  lw sp, 2*W(sp)
.endm

/* The common body: save, call \dispatch, restore, return with \xret. */
.macro TRAP_COMMON mode, epc, status, cause, tval, dispatch, xret
  SAVE_REGS
  li t0, \mode
  sw t0, TF_MODE*W(sp)
  csrr t0, \epc
  sw t0, TF_EPC*W(sp)
  csrr t0, \status
  sw t0, TF_STATUS*W(sp)
  csrr t0, \cause
  sw t0, TF_CAUSE*W(sp)
  csrr t0, \tval
  sw t0, TF_TVAL*W(sp)
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  mv a0, sp
  call \dispatch
  lw t0, TF_EPC*W(sp)
  csrw \epc, t0
  lw t0, TF_STATUS*W(sp)
  csrw \status, t0
  RESTORE_REGS
  \xret
.endm

  .section .text.trap, "ax", @progbits

/* Direct-mode M-mode entry (mtvec = m_trap_entry). */
  .globl m_trap_entry
  .balign 4
m_trap_entry:
  addi sp, sp, -TF_SIZE
  sw t0, 5*W(sp)
  li t0, TF_VECTOR_DIRECT
m_trap_save:
  TRAP_COMMON PRV_M, mepc, mstatus, mcause, mtval, m_trap_dispatch, mret

/* S-mode entry (stvec = s_trap_entry), for traps delegated to S-mode. */
  .globl s_trap_entry
  .balign 4
s_trap_entry:
  addi sp, sp, -TF_SIZE
  sw t0, 5*W(sp)
  li t0, TF_VECTOR_DIRECT
  TRAP_COMMON PRV_S, sepc, sstatus, scause, stval, s_trap_dispatch, sret

/*
 * Vectored-mode table (mtvec = m_trap_vector | MTVEC_MODE_VECTORED):
 * exceptions enter at entry 0, interrupt n at entry n.  Each entry is one
 * 4-byte jump to a stub that records n in the frame's vector slot.
 */
  .section .text.trap_vector, "ax", @progbits
  .globl m_trap_vector
  .balign 64
m_trap_vector:
  .option push
  .option norvc
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
  j m_vec_stub_\n
  .endr
  .option pop

  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
m_vec_stub_\n:
  addi sp, sp, -TF_SIZE
  sw t0, 5*W(sp)
  li t0, \n
  j m_trap_save
  .endr
