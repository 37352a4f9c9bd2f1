/*
 * bootmem.h -- boot memory of the simulated machine for mm_* programs
 * (bootmem.c, target only).
 */
#ifndef FW_MM_BOOTMEM_H
#define FW_MM_BOOTMEM_H

#include "page.h"

/* Kept for the stack below the top of DRAM (it grows down). */
#define BOOT_STACK_RESERVE (16 * PAGE_SIZE)

/*
 * memblock_init(), then all of DRAM added, the program image and the top
 * BOOT_STACK_RESERVE bytes reserved, and the identity linear map set.
 * Returns 0, or memblock's negative error code.  mm_core_init() follows.
 */
int setup_bootmem(void);

/*
 * The mm of an M-mode program with kernel virtual areas: setup_bootmem()
 * with only the first `managed` bytes of DRAM kept (mm_core_init's cost
 * grows with DRAM) and no CMA area, then find_low_pfn_range(), mm_core_init(),
 * kmem_cache_init(), vmalloc_init() and kmap_init(); the tables go to
 * swapper_pg_dir.  Returns 0, or memblock's negative error code.
 */
int setup_mm_virtual(phys_addr_t managed);

/*
 * The second half of setup_mm_virtual(), for a program that takes boot
 * memory of its own from memblock after setup_bootmem() (tlb_chase: 16 MiB
 * of physically contiguous frames, more than the buddy's largest block).
 * Memory it took must lie below `managed`.  Returns 0, or memblock's
 * negative error code.
 */
int mm_init_virtual(phys_addr_t managed);

#endif /* FW_MM_BOOTMEM_H */
