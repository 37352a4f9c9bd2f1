/*
 * entry.S -- the kernel's S-mode trap entry and exit, and the context
 * switch (RISC-V Linux arch/riscv/kernel/entry.S in spirit).
 *
 * sscratch tells where a trap came from, as in RISC-V Linux:
 *   in U mode  sscratch = top of the current task's kernel stack
 *   in S mode  sscratch = 0
 * handle_exception swaps sp with sscratch; a nonzero result means the
 * trap came from U mode and sp is now the kernel stack.  Otherwise it
 * swaps back and pushes the frame on the interrupted kernel stack.
 *
 *   kernel stack of a task (THREAD_SIZE)
 *   +--------------------------+ <- top = sscratch while in U mode
 *   | struct trap_frame (user) |    task_pt_regs(task)
 *   +--------------------------+
 *   | kernel frames ...        |
 *   +--------------------------+ <- stack base (task->stack)
 *
 * The C side is do_trap(struct trap_frame *) (traps.c).  On the way out,
 * a return to U mode (sstatus.SPP = 0) sets sscratch to the kernel stack
 * top again.  The kernel runs with sstatus.SIE = 0: it is not
 * preemptible; timer interrupts are taken in U mode only.
 */
#include "csr.h"
#include "trap.h"
#include "sched.h"

#define W 4

  .section .text.entry, "ax", @progbits
  .globl handle_exception
  .balign 4
handle_exception:
  csrrw sp, sscratch, sp
  bnez sp, 1f
  csrrw sp, sscratch, sp                /* from S mode: back to the kernel sp */
1:
  addi sp, sp, -TF_SIZE
  sw x1, 1*W(sp)
  .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  sw x\n, \n*W(sp)
  .endr
  sw zero, 0(sp)
  csrrw t0, sscratch, zero              /* t0 = user sp, or 0 from S mode */
  bnez t0, 2f
  addi t0, sp, TF_SIZE                  /* the interrupted kernel sp */
2:
  sw t0, 2*W(sp)
  li t0, TF_VECTOR_DIRECT
  sw t0, TF_VECTOR*W(sp)
  li t0, PRV_S
  sw t0, TF_MODE*W(sp)
  csrr t0, sepc
  sw t0, TF_EPC*W(sp)
  csrr t0, sstatus
  sw t0, TF_STATUS*W(sp)
  csrr t0, scause
  sw t0, TF_CAUSE*W(sp)
  csrr t0, stval
  sw t0, TF_TVAL*W(sp)
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  mv a0, sp
  call do_trap

/* Restores the frame at sp and returns with sret (also a new task's way out). */
  .globl ret_from_exception
ret_from_exception:
  lw t0, TF_EPC*W(sp)
  csrw sepc, t0
  lw t0, TF_STATUS*W(sp)
  csrw sstatus, t0
  andi t0, t0, MSTATUS_SPP
  bnez t0, 3f
  addi t0, sp, TF_SIZE                  /* back to U mode: the kernel stack top */
  csrw sscratch, t0
3:
  lw x1, 1*W(sp)
  .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  lw x\n, \n*W(sp)
  .endr
  lw sp, 2*W(sp)
  sret

/*
 * __switch_to(prev, next): saves ra, sp, s0..s11 of the running kernel
 * thread into prev->thread and loads next's (struct thread_struct,
 * sched.h: 14 words at offset TASK_THREAD).  Returns prev in a0, in the
 * next task's context.
 */
  .globl __switch_to
__switch_to:
  addi t0, a0, TASK_THREAD
  addi t1, a1, TASK_THREAD
  sw ra, 0*W(t0)
  sw sp, 1*W(t0)
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  sw s\n, (2+\n)*W(t0)
  .endr
  lw ra, 0*W(t1)
  lw sp, 1*W(t1)
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11
  lw s\n, (2+\n)*W(t1)
  .endr
  ret

/* A new task's first return: schedule_tail(prev), then out through its frame. */
  .globl ret_from_fork
ret_from_fork:
  call schedule_tail
  j ret_from_exception

/* ret_to_user(regs): leaves the kernel through the frame at regs (pid 1's first exec). */
  .globl ret_to_user
ret_to_user:
  mv sp, a0
  j ret_from_exception
