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

#endif /* FW_MM_BOOTMEM_H */
