/*
 * bootmem.c -- the machine's boot memory for programs that run the mm on
 * it (target only; the host tests build memblock from their own buffer):
 * all of DRAM to memblock, the program image and the stack reserved, and
 * the identity linear map of Bare/M-mode addressing.
 *
 *   DRAM_BASE  +------------------+
 *              | program image    |  reserved: DRAM_BASE .. __bss_end (page-aligned)
 *              +------------------+
 *              | free: the buddy  |
 *              +------------------+  __stack_top - BOOT_STACK_RESERVE
 *              | stack (grows v)  |  reserved
 *   end of DRAM+------------------+  __stack_top
 */
#include "bootmem.h"

#include "cma.h"

#include "highmem.h"

#include "memblock.h"
#include "page.h"
#include "page_alloc.h"
#include "platform.h"
#include "slab.h"
#include "vmalloc.h"

extern char __bss_end[];   /* end of the program image (lib/link.ld) */
extern char __stack_top[]; /* top of the stack = end of DRAM (lib/link.ld) */

int setup_bootmem(void) {
  phys_addr_t image_end = ALIGN((phys_addr_t)(uintptr_t)__bss_end, PAGE_SIZE);
  phys_addr_t stack_top = (phys_addr_t)(uintptr_t)__stack_top;
  int err;
  memblock_init();
  if ((err = memblock_add(DRAM_BASE, DRAM_SIZE)) != 0) return err;
  if ((err = memblock_reserve(DRAM_BASE, image_end - DRAM_BASE)) != 0) return err;
  if ((err = memblock_reserve(stack_top - BOOT_STACK_RESERVE, BOOT_STACK_RESERVE)) != 0)
    return err;
  set_linear_map(DRAM_BASE, (void *)(uintptr_t)DRAM_BASE); /* Bare: identity */
  return 0;
}

int setup_mm_virtual(phys_addr_t managed) {
  int err = setup_bootmem();
  return err ? err : mm_init_virtual(managed);
}

int mm_init_virtual(phys_addr_t managed) {
  cma_reserve_bytes = 0; /* a few MiB managed: no CMA area (its 4 MiB would be most of it) */
  int err = 0;
  if (managed < DRAM_SIZE) err = memblock_remove(DRAM_BASE + managed, DRAM_SIZE - managed);
  if (err) return err;
  find_low_pfn_range();
  mm_core_init();
  kmem_cache_init();
  vmalloc_init();
  kmap_init();
  return 0;
}
