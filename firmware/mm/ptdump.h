/*
 * ptdump.h -- the kernel page tables as text, in the format of Linux
 * RISC-V's /sys/kernel/debug/kernel_page_tables (arch/riscv/mm/ptdump.c).
 */
#ifndef MM_PTDUMP_H
#define MM_PTDUMP_H

#include "pgtable.h"

/*
 * Prints every mapping of the kernel half of `pgd` (PAGE_OFFSET up),
 * runs of entries at one level with the same flags and contiguous
 * physical addresses on one line, with a "---[ area ]---" marker where
 * each area of memlayout.h begins:
 *   0xc0400000-0xc4000000    0x80400000        60M PGD   .. D A G . . W R V
 * Returns the number of lines printed for mappings.
 */
unsigned long ptdump_walk_pgd(const pgd_t *pgd);

#endif /* MM_PTDUMP_H */
