/*
 * head.S -- from the reset vector to start_kernel().
 *
 * 1. _start (M mode, physical pc = reset pc): the M-mode shim, in the
 *    spirit of OpenSBI: mtvec = sbi_trap_entry, every exception but the
 *    S/M ecalls and the S interrupts delegated to S mode, PMP opened,
 *    counters visible to S, then mret into _start_kernel in S mode.
 * 2. _start_kernel (S mode, satp Bare, still at the physical address):
 *    clears .bss, builds early_pg_dir with setup_vm() (C, position-
 *    independent: medany code at its physical address), turns Sv32 on and
 *    jumps from the identity-mapped physical pc to the virtual one, then
 *    reloads gp/sp at their virtual addresses and calls start_kernel().
 * 3. sbi_trap_entry (M mode): the SBI calls of sbi.h from S mode and the
 *    machine timer interrupt (forwarded to S mode as STIP); any other trap
 *    reaching M mode ends the run with status 4.
 *
 * Everything here is in .head.text, linked at the virtual address like
 * the rest of the image; only pc-relative addressing (la) is used before
 * the jump, so the code runs at its physical address.
 */
#include "csr.h"
#include "mmcosim_cfg.h"
#include "platform.h"
#include "sbi.h"
#include "thread_info.h"

/* Exceptions the shim hands to S mode: all but ecall from S and M. */
#define MEDELEG_KERNEL ((1 << CAUSE_MISALIGNED_FETCH) | (1 << CAUSE_FETCH_ACCESS) | \
                        (1 << CAUSE_ILLEGAL_INSN) | (1 << CAUSE_BREAKPOINT) | \
                        (1 << CAUSE_MISALIGNED_LOAD) | (1 << CAUSE_LOAD_ACCESS) | \
                        (1 << CAUSE_MISALIGNED_STORE) | (1 << CAUSE_STORE_ACCESS) | \
                        (1 << CAUSE_ECALL_U) | (1 << CAUSE_FETCH_PAGE) | \
                        (1 << CAUSE_LOAD_PAGE) | (1 << CAUSE_STORE_PAGE))
#define MIDELEG_KERNEL (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define SBI_STACK_SIZE 256

  .section .head.text, "ax", @progbits
  .globl _start
_start:
  la t0, sbi_trap_entry
  csrw mtvec, t0
  la t0, sbi_stack + SBI_STACK_SIZE
  csrw mscratch, t0
  li t0, MEDELEG_KERNEL
  csrw medeleg, t0
  li t0, MIDELEG_KERNEL
  csrw mideleg, t0
  li t0, -1
  csrw mcounteren, t0
  csrw pmpaddr0, t0                     /* PMP entry 0: all memory, RWX */
  li t0, PMPCFG_NAPOT | PMPCFG_R | PMPCFG_W | PMPCFG_X
  csrw pmpcfg0, t0
  li t0, ENVCFG_CBZE                    /* cbo.zero allowed in S mode (WARL: stays 0 without Zicboz) */
  csrs CSR_MENVCFG, t0
  li t0, MSTATUS_MPP
  csrc mstatus, t0
  li t0, PRV_S << MSTATUS_MPP_SHIFT
  csrs mstatus, t0
  la t0, _start_kernel
  csrw mepc, t0
  csrr a0, mhartid
  mret

/* S mode, paging off, physical pc. */
_start_kernel:
  csrw sie, zero
  csrw sscratch, zero                   /* 0: traps come from S mode (entry.S) */
  csrw satp, zero
  la t0, __bss_start
  la t1, __bss_stop
1:
  bgeu t0, t1, 2f
  sw zero, 0(t0)
  addi t0, t0, 4
  j 1b
2:
  .option push
  .option norelax
  la gp, __global_pointer$              /* physical until the jump */
  .option pop
  la sp, init_stack + THREAD_SIZE
  call setup_vm                         /* a0 = satp of early_pg_dir */
  sfence.vma
  csrw satp, a0
  sfence.vma
  lui t0, %hi(3f)                       /* absolute: the virtual address */
  addi t0, t0, %lo(3f)
  jr t0
3:
  .option push
  .option norelax
  la gp, __global_pointer$              /* pc is virtual now: so is la */
  .option pop
  la sp, init_stack + THREAD_SIZE
  la t0, handle_exception                 /* entry.S */
  csrw stvec, t0
  call start_kernel
4:
  wfi
  j 4b

/* M mode: SBI calls from S mode; sp swapped with mscratch (the shim's stack). */
  .balign 4
sbi_trap_entry:
  csrrw sp, mscratch, sp
  addi sp, sp, -8
  sw t0, 0(sp)
  sw t1, 4(sp)
  csrr t0, mcause
  li t1, MCAUSE_INTERRUPT | IRQ_M_TIMER
  beq t0, t1, sbi_timer_irq
  li t1, CAUSE_ECALL_S
  bne t0, t1, sbi_unexpected
  li t1, SBI_EXT_0_1_SET_TIMER
  beq a7, t1, sbi_set_timer
  li t1, SBI_EXT_0_1_CONSOLE_PUTCHAR
  beq a7, t1, sbi_putchar
  li t1, SBI_EXT_0_1_SHUTDOWN
  beq a7, t1, sbi_shutdown
  li a0, SBI_ERR_NOT_SUPPORTED
  j sbi_return
/* mtimecmp = a1:a0 without a spurious match in between (high word first to all ones). */
sbi_set_timer:
  li t0, CLINT_BASE + CLINT_MTIMECMP_OFFSET
  li t1, -1
  sw t1, 4(t0)
  sw a0, 0(t0)
  sw a1, 4(t0)
  li t0, MIP_STIP
  csrc mip, t0
  li t0, MIP_MTIP
  csrs mie, t0
  li a0, 0
  j sbi_return
/* MTIP: masked here, handed to S mode as STIP until the next SET_TIMER. */
sbi_timer_irq:
  li t0, MIP_MTIP
  csrc mie, t0
  li t0, MIP_STIP
  csrs mip, t0
  lw t0, 0(sp)
  lw t1, 4(sp)
  addi sp, sp, 8
  csrrw sp, mscratch, sp
  mret
sbi_putchar:
  li t0, UART_BASE
1:
  lbu t1, UART_LSR_OFFSET(t0)
  andi t1, t1, UART_LSR_THRE
  beqz t1, 1b
  sb a0, UART_THR_OFFSET(t0)
  li a0, 0
sbi_return:
  csrr t0, mepc
  addi t0, t0, 4                        /* past the ecall */
  csrw mepc, t0
  lw t0, 0(sp)
  lw t1, 4(sp)
  addi sp, sp, 8
  csrrw sp, mscratch, sp
  mret
sbi_unexpected:
  li a0, SBI_EXIT_UNEXPECTED_TRAP
sbi_shutdown:
  li t0, SIMCTL_BASE
  sw a0, MMCOSIM_SIMCTL_REG_EXIT(t0)
5:
  j 5b

  .section .bss, "aw", @nobits
  .balign 16
sbi_stack:
  .space SBI_STACK_SIZE
