/*
 * spike_vm_env.h -- a "virtual memory" test environment in the manner of
 * riscv-tests' "v" environment, written from the privileged spec for
 * mmcosim (no code taken from riscv-tests).  No runtime, no generated
 * configuration: like a standard test ELF, the program carries its own
 * architectural constants (the Sv32 format is fixed by the spec) and its
 * own addresses (spike/link.ld).
 *
 *   RVTEST_VM_CODE_BEGIN   M-mode boot, the S-mode kernel, then the U-mode
 *                          test body in .text (user_main)
 *   TEST_CASE(n, ...)      from spike_test.h; gp = test number
 *   RVTEST_VM_PASS / FAIL  ecall to the kernel, which writes
 *                          (code << 1) | 1 to tohost: 1 = pass
 *   RVTEST_VM_DATA_BEGIN   tohost/fromhost, user data
 *
 * Boot (M-mode): opens PMP, builds a root page table whose only entry is
 * an identity megapage over the first 4 MiB of DRAM for the kernel
 * (R W X, A D, G; U = 0), delegates page faults and U ecalls to S, sets
 * satp (Sv32) and mrets to the test body in U-mode at its virtual
 * address user_main - DRAM_BASE.  No user page is mapped.
 *
 *   virtual                          physical
 *   0x8000_0000 +-------------+ ---> identity (kernel only, one megapage)
 *               | kernel,     |
 *               | tables, pool|
 *               +-------------+
 *   0x0020_0000 | zero window | ---> fresh zeroed pool pages, on demand
 *   0x0000_2000 | user image  | ---> copies of the image pages at
 *               | (.text ..)  |      DRAM_BASE + va, on demand
 *   0           +-------------+      (anything else: kernel failure)
 *
 * Kernel (S-mode, s_trap): a page fault (12, 13, 15) in the user image
 * or the zero window takes a page from the pool, copies the image page
 * into it (or zeroes it), maps it U R W X with A and D set (creating the
 * level-0 table on first use), fences the address and returns to retry.
 * ecall from U: a7 = SYS_FAULTS returns the number of faults served;
 * a7 = SYS_EXIT ends the run with code a0.  Kernel failures end the run
 * with the codes KFAIL_* (>= 100, apart from test numbers).
 */
#ifndef SPIKE_VM_ENV_H
#define SPIKE_VM_ENV_H

#include "spike_test.h"

/* ---- Sv32 and the platform: the generated configuration (config/) ---- */
#include "mmcosim_cfg.h"
#define DRAM_BASE     MMCOSIM_MEMORY_MAP_DRAM_BASE
#define PGSHIFT       MMCOSIM_SV32_PAGE_SHIFT
#define PGSIZE        (1 << PGSHIFT)
#define VPN_BITS      MMCOSIM_SV32_VPN_BITS
#define MEGASHIFT     MMCOSIM_SV32_MEGAPAGE_SHIFT
#define PTE_PPN_SHIFT MMCOSIM_SV32_PTE_PPN_SHIFT
#define PTE_V (1 << MMCOSIM_SV32_PTE_V_BIT)
#define PTE_R (1 << MMCOSIM_SV32_PTE_R_BIT)
#define PTE_W (1 << MMCOSIM_SV32_PTE_W_BIT)
#define PTE_X (1 << MMCOSIM_SV32_PTE_X_BIT)
#define PTE_U (1 << MMCOSIM_SV32_PTE_U_BIT)
#define PTE_G (1 << MMCOSIM_SV32_PTE_G_BIT)
#define PTE_A (1 << MMCOSIM_SV32_PTE_A_BIT)
#define PTE_D (1 << MMCOSIM_SV32_PTE_D_BIT)
#define SATP_SV32     (1 << MMCOSIM_SV32_SATP_MODE_BIT)
#define CAUSE_FETCH_PAGE MMCOSIM_PORT_CAUSE_FETCH_PAGE
#define CAUSE_LOAD_PAGE  MMCOSIM_PORT_CAUSE_LOAD_PAGE
#define CAUSE_STORE_PAGE MMCOSIM_PORT_CAUSE_STORE_PAGE
/* privileged-spec encodings the configuration does not carry */
#define MSTATUS_MPP   0x1800
#define CAUSE_ECALL_U 8
#define PMP_NAPOT_RWX 0x1f

/* ---- the environment ---- */
#define ZERO_VA       0x00200000 /* zero-filled demand window */
#define ZERO_PAGES    256
#define POOL_PAGES    320
#define KSTACK_BYTES  1024
#define SYS_EXIT      0
#define SYS_FAULTS    1
#define KFAIL_M_TRAP    100 /* a trap reached M-mode */
#define KFAIL_S_TRAP    101 /* an unexpected trap in the kernel */
#define KFAIL_BAD_VA    102 /* a page fault outside the user windows */
#define KFAIL_MAPPED    103 /* a page fault on a page already mapped */
#define KFAIL_POOL      104 /* out of pages */

/* Writes (code << 1) | 1 to tohost forever (\reg holds code). */
#define KERNEL_EXIT(reg) \
  slli reg, reg, 1;      \
  ori reg, reg, 1;       \
  la t6, tohost;         \
9:                       \
  sw reg, 0(t6);         \
  sw zero, 4(t6);        \
  j 9b

#define RVTEST_VM_CODE_BEGIN                                                 \
  .section .text.init, "ax", @progbits;                                      \
  .globl _start;                                                             \
_start:                                                                      \
  /* PMP: all of memory to S and U (skipped if there is no PMP) */          \
  la t0, 1f;                                                                 \
  csrw mtvec, t0;                                                            \
  li t0, -1;                                                                 \
  csrw pmpaddr0, t0;                                                         \
  li t0, PMP_NAPOT_RWX;                                                      \
  csrw pmpcfg0, t0;                                                          \
  .balign 4;                                                                 \
1:                                                                           \
  la t0, m_trap;                                                             \
  csrw mtvec, t0;                                                            \
  /* the root table: empty but for the kernel's identity megapage */        \
  la a0, root_table;                                                         \
  li a1, PGSIZE;                                                             \
  add a1, a0, a1;                                                            \
2:                                                                           \
  sw zero, 0(a0);                                                            \
  addi a0, a0, 4;                                                            \
  bltu a0, a1, 2b;                                                           \
  la a0, root_table;                                                         \
  li t0, DRAM_BASE;                                                          \
  srli t1, t0, MEGASHIFT;                       /* VPN[1] */                 \
  slli t1, t1, 2;                                                            \
  add t1, a0, t1;                                                            \
  srli t2, t0, PGSHIFT;                                                      \
  slli t2, t2, PTE_PPN_SHIFT;                                                \
  ori t2, t2, PTE_V | PTE_R | PTE_W | PTE_X | PTE_G | PTE_A | PTE_D;         \
  sw t2, 0(t1);                                                              \
  /* traps: page faults and U ecalls to the S kernel, the rest to M */      \
  li t0, (1 << CAUSE_ECALL_U) | (1 << CAUSE_FETCH_PAGE) |                    \
         (1 << CAUSE_LOAD_PAGE) | (1 << CAUSE_STORE_PAGE);                   \
  csrw medeleg, t0;                                                          \
  csrw mideleg, zero;                                                        \
  csrw mie, zero;                                                            \
  la t0, s_trap;                                                             \
  csrw stvec, t0;                                                            \
  la t0, kstack_top;                                                         \
  csrw sscratch, t0;                                                         \
  /* translation on; into the test body in U-mode */                        \
  srli t0, a0, PGSHIFT;                                                      \
  li t1, SATP_SV32;                                                          \
  or t0, t0, t1;                                                             \
  csrw satp, t0;                                                             \
  sfence.vma;                                                                \
  li t0, MSTATUS_MPP;                                                        \
  csrc mstatus, t0;                                                          \
  la t0, user_main;                                                          \
  li t1, DRAM_BASE;                                                          \
  sub t0, t0, t1;                                                            \
  csrw mepc, t0;                                                             \
  li TESTNUM, 0;                                                             \
  mret;                                                                      \
                                                                             \
  .balign 4;                                                                 \
m_trap:                                                                      \
  li a0, KFAIL_M_TRAP;                                                       \
  KERNEL_EXIT(a0);                                                           \
                                                                             \
/* S-mode kernel: demand paging and two system calls */                     \
  .balign 4;                                                                 \
s_trap:                                                                      \
  csrrw sp, sscratch, sp;                                                    \
  addi sp, sp, -64;                                                          \
  sw ra, 0(sp);  sw t0, 4(sp);  sw t1, 8(sp);  sw t2, 12(sp);                \
  sw t3, 16(sp); sw t4, 20(sp); sw t5, 24(sp); sw t6, 28(sp);                \
  sw a0, 32(sp); sw a1, 36(sp); sw a2, 40(sp); sw a3, 44(sp);                \
  csrr t0, scause;                                                           \
  li t1, CAUSE_ECALL_U;                                                      \
  beq t0, t1, k_ecall;                                                       \
  li t1, CAUSE_FETCH_PAGE;                                                   \
  beq t0, t1, k_fault;                                                       \
  li t1, CAUSE_LOAD_PAGE;                                                    \
  beq t0, t1, k_fault;                                                       \
  li t1, CAUSE_STORE_PAGE;                                                   \
  beq t0, t1, k_fault;                                                       \
  li a0, KFAIL_S_TRAP;                                                       \
  KERNEL_EXIT(a0);                                                           \
                                                                             \
k_fault:                                                                     \
  csrr a0, stval;                                                            \
  srli a0, a0, PGSHIFT;                                                      \
  slli a0, a0, PGSHIFT;                         /* a0 = faulting page */    \
  li t3, DRAM_BASE;                                                          \
  la t1, user_image_start;                                                   \
  sub t1, t1, t3;                                                            \
  la t2, _end;                                                               \
  sub t2, t2, t3;                                                            \
  bltu a0, t1, 1f;                                                           \
  bgeu a0, t2, 1f;                                                           \
  add a1, a0, t3;                               /* a1 = image page */       \
  j 2f;                                                                      \
1:                                                                           \
  li t1, ZERO_VA;                                                            \
  li t2, ZERO_VA + ZERO_PAGES * PGSIZE;                                      \
  li a1, 0;                                     /* a1 = 0: zero it */       \
  bltu a0, t1, k_bad_va;                                                     \
  bgeu a0, t2, k_bad_va;                                                     \
2:                                                                           \
  /* root entry; a level-0 table on first use */                            \
  la t0, root_table;                                                         \
  srli t1, a0, MEGASHIFT;                                                    \
  slli t1, t1, 2;                                                            \
  add t1, t0, t1;                                                            \
  lw t2, 0(t1);                                                              \
  andi t3, t2, PTE_V;                                                        \
  bnez t3, 3f;                                                               \
  jal k_alloc;                                  /* a2 = zeroed page */      \
  srli t2, a2, PGSHIFT;                                                      \
  slli t2, t2, PTE_PPN_SHIFT;                                                \
  ori t2, t2, PTE_V;                                                         \
  sw t2, 0(t1);                                                              \
3:                                                                           \
  srli t2, t2, PTE_PPN_SHIFT;                                                \
  slli t2, t2, PGSHIFT;                         /* level-0 table */         \
  srli t3, a0, PGSHIFT;                                                      \
  andi t3, t3, (1 << VPN_BITS) - 1;                                          \
  slli t3, t3, 2;                                                            \
  add a3, t2, t3;                               /* a3 = &pte */             \
  lw t4, 0(a3);                                                              \
  andi t4, t4, PTE_V;                                                        \
  bnez t4, k_mapped;                                                         \
  jal k_alloc;                                                               \
  beqz a1, 5f;                                                               \
  mv t0, a2;                                    /* copy the image page */   \
  li t1, PGSIZE;                                                             \
  add t1, a1, t1;                                                            \
4:                                                                           \
  lw t2, 0(a1);                                                              \
  sw t2, 0(t0);                                                              \
  addi a1, a1, 4;                                                            \
  addi t0, t0, 4;                                                            \
  bltu a1, t1, 4b;                                                           \
  fence.i;                                                                   \
5:                                                                           \
  srli t2, a2, PGSHIFT;                                                      \
  slli t2, t2, PTE_PPN_SHIFT;                                                \
  ori t2, t2, PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;         \
  sw t2, 0(a3);                                                              \
  sfence.vma a0, zero;                                                       \
  la t0, fault_count;                                                        \
  lw t1, 0(t0);                                                              \
  addi t1, t1, 1;                                                            \
  sw t1, 0(t0);                                                              \
k_return:                                                                    \
  lw ra, 0(sp);  lw t0, 4(sp);  lw t1, 8(sp);  lw t2, 12(sp);                \
  lw t3, 16(sp); lw t4, 20(sp); lw t5, 24(sp); lw t6, 28(sp);                \
  lw a0, 32(sp); lw a1, 36(sp); lw a2, 40(sp); lw a3, 44(sp);                \
  addi sp, sp, 64;                                                           \
  csrrw sp, sscratch, sp;                                                    \
  sret;                                                                      \
                                                                             \
k_bad_va:                                                                    \
  li a0, KFAIL_BAD_VA;                                                       \
  KERNEL_EXIT(a0);                                                           \
k_mapped:                                                                    \
  li a0, KFAIL_MAPPED;                                                       \
  KERNEL_EXIT(a0);                                                           \
                                                                             \
/* a2 = a zeroed page from the pool (uses t4, t5, t6) */                    \
k_alloc:                                                                     \
  la t4, pool_next;                                                          \
  lw a2, 0(t4);                                                              \
  la t5, pool_end;                                                           \
  bgeu a2, t5, k_pool_empty;                                                 \
  li t5, PGSIZE;                                                             \
  add t5, a2, t5;                                                            \
  sw t5, 0(t4);                                                              \
  mv t6, a2;                                                                 \
6:                                                                           \
  sw zero, 0(t6);                                                            \
  addi t6, t6, 4;                                                            \
  bltu t6, t5, 6b;                                                           \
  ret;                                                                       \
k_pool_empty:                                                                \
  li a0, KFAIL_POOL;                                                         \
  KERNEL_EXIT(a0);                                                           \
                                                                             \
k_ecall:                                                                     \
  csrr t0, sepc;                                                             \
  addi t0, t0, 4;                                                            \
  csrw sepc, t0;                                                             \
  li t1, SYS_FAULTS;                                                         \
  bne a7, t1, 7f;                                                            \
  la t0, fault_count;                                                        \
  lw t1, 0(t0);                                                              \
  sw t1, 32(sp);                                /* the user's a0 */         \
  j k_return;                                                                \
7:                                                                           \
  KERNEL_EXIT(a0);                                                           \
                                                                             \
  .text;                                                                     \
  .balign PGSIZE;                                                            \
  .globl user_image_start;                                                   \
user_image_start:                                                            \
user_main:

/* From U-mode: the number of page faults the kernel has served, in a0. */
#define SYSCALL_FAULTS \
  li a7, SYS_FAULTS;   \
  ecall

#define RVTEST_VM_PASS \
  li a0, 0;            \
  li a7, SYS_EXIT;     \
  ecall

#define RVTEST_VM_FAIL \
fail:                  \
  mv a0, TESTNUM;      \
  li a7, SYS_EXIT;     \
  ecall

#define RVTEST_VM_CODE_END

/* tohost/fromhost, the kernel's variables and the user's data. */
#define RVTEST_VM_DATA_BEGIN                       \
  .pushsection .tohost, "aw", @progbits;           \
  .balign 64; .globl tohost; tohost: .dword 0;     \
  .size tohost, 8;                                 \
  .balign 64; .globl fromhost; fromhost: .dword 0; \
  .size fromhost, 8;                               \
  .popsection;                                     \
  .pushsection .bss, "aw", @nobits;                \
  .balign PGSIZE;                                  \
root_table: .space PGSIZE;                         \
pool_start: .space POOL_PAGES * PGSIZE;            \
pool_end:                                          \
  .balign 16;                                      \
  .space KSTACK_BYTES;                             \
kstack_top:                                        \
  .popsection;                                     \
  .pushsection .data, "aw", @progbits;             \
  .balign 4;                                       \
pool_next: .word pool_start;                       \
fault_count: .word 0;                              \
  .popsection;                                     \
  .data;                                           \
  .balign 16

#define RVTEST_VM_DATA_END

#endif /* SPIKE_VM_ENV_H */
